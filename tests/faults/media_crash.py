#!/usr/bin/env python3
"""media_crash.py: a crash between a media file and its row (issue 15).
`waypoint serve` takes uploads (POST /admin/media: a small PNG, or now and
then a PDF, each unique) from two signed-in editors at once, and is killed
with SIGKILL, its whole process group (the libvips workers too), at a
random moment while uploads are in flight, KILLS times. After each kill,
with the server down:

- every file every row of media and media_variants refers to is in the
  media folder (a row never exists without its files), and every upload
  answered with the 303 to its item has its row;
- `waypoint db check` passes (exit 0): orphans and temporaries, if the
  kill left any, are a warning;
- every file is made older than media gc's hour of grace (the server is
  down: no upload is in progress), `waypoint media gc` removes the orphans
  and temporaries and keeps every file a row refers to, and `db check`
  then reports none;

then the server is started again on the same database and folder.

Usage: media_crash.py WAYPOINT CONF PORT DB
  CONF's [paths] media is media/ beside DB; the run script made the
  account editor1 (password editor-password-1) and editor2.
Prints ok/FAIL lines and ends with "media_crash: N passed, N failed";
exits 1 on a failure.
"""

import os
import random
import re
import secrets
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "load"))

from editors import Checks, Editor, db_connect, request, wait_tcp  # noqa

KILLS = 10
THREADS = 2
BOUNDARY = "----waypoint-media-crash-" + secrets.token_hex(4)
# Uploads acknowledged since the last start before the next kill is
# armed: the kill then lands among uploads, not before the first.
ARMED_AFTER = 2
EXT = {"jpeg": "jpg", "png": "png", "webp": "webp", "heic": "heic",
       "pdf": "pdf"}

t = Checks("media_crash")
WAYPOINT = CONF = DB = MEDIA = ""
PORT = 0
server = None
lock = threading.Lock()
acked = []              # ids answered with the 303 to their page
since_start = [0]       # acknowledged since the server last started
stop = threading.Event()
left_behind = [0, 0]    # orphans and temporaries the kills left


def png(seed):
    """A 48 x 48 PNG of random pixels: a new hash each time."""
    rnd = random.Random(seed)
    raw = b"".join(b"\0" + bytes(rnd.getrandbits(8) for _ in range(48 * 3))
                   for _ in range(48))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", 48, 48, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf(seed):
    return (b"%%PDF-1.4\n%% upload %d\n1 0 obj << /Type /Catalog >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%%%EOF\n" % seed)


def multipart(token, name, ctype, data, fields):
    out = [("--%s\r\nContent-Disposition: form-data; name=\"csrf_token\""
            "\r\n\r\n%s\r\n" % (BOUNDARY, token)).encode()]
    for k, v in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                    "\r\n\r\n%s\r\n" % (BOUNDARY, k, v)).encode())
    out.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; "
                "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n" %
                (BOUNDARY, name, ctype)).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % BOUNDARY).encode())
    return b"".join(out)


def upload(ed, seed):
    """One upload; the item's id when answered with the 303 to it."""
    if seed % 5 == 0:
        name, ctype, data, fields = ("report-%d.pdf" % seed,
                                     "application/pdf", pdf(seed), [])
    else:
        name, ctype, data = "photo-%d.png" % seed, "image/png", png(seed)
        fields = [("alt", "Test photo %d" % seed)]
    body = multipart(ed.csrf, name, ctype, data, fields)
    rs = request("127.0.0.1", PORT, "POST", "/admin/media", [
        ("Cookie", "; ".join("%s=%s" % kv for kv in ed.jar.items())),
        ("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)],
        body, timeout=30)
    m = re.fullmatch(r"/admin/media/(\d+)", rs.header("location") or "")
    return int(m.group(1)) if rs.status == 303 and m else None


def uploader(ed, first):
    seed = first
    while not stop.is_set():
        mid = upload(ed, seed)
        seed += THREADS
        if mid is not None:
            with lock:
                acked.append(mid)
                since_start[0] += 1
        else:
            # The server is down, or just restarting: try again soon.
            time.sleep(0.05)


def start_server():
    global server
    since_start[0] = 0
    err = open(os.path.join(os.path.dirname(DB), "serve.err"), "ab")
    server = subprocess.Popen([WAYPOINT, "--config", CONF, "serve"],
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=err,
                              start_new_session=True)
    err.close()
    return wait_tcp(PORT, 20)


def kill_server():
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def waypoint(*args):
    p = subprocess.run([WAYPOINT, "--config", CONF] + list(args),
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def row_files():
    """{file name: item id} of every file the rows refer to."""
    con = db_connect(DB)
    try:
        rows = con.execute(
            "SELECT id, hash, type, NULL, 0 FROM media UNION ALL "
            "SELECT m.id, m.hash, m.type, v.format, v.width "
            "FROM media_variants v JOIN media m ON m.id = v.media_id"
        ).fetchall()
        ids = {r[0] for r in con.execute("SELECT id FROM media")}
    finally:
        con.close()
    files = {}
    for mid, h, typ, fmt, width in rows:
        if fmt is None:
            files["%s.%s" % (h, EXT[typ])] = mid
        else:
            files["%s-%d.%s" % (h, width, EXT[fmt])] = mid
    return files, ids


def after_kill(n):
    files, ids = row_files()
    missing = sorted(f for f in files if not
                     os.path.isfile(os.path.join(MEDIA, f)))
    t.check("kill %d: every row's files are there (%d rows, %d files)"
            % (n, len(ids), len(files)), not missing,
            "missing: %s" % missing[:5])
    with lock:
        lost = sorted(set(acked) - ids)
    t.check("kill %d: every upload acknowledged has its row (%d)"
            % (n, len(acked)), not lost, "no row: %s" % lost[:10])
    rc, out = waypoint("db", "check")
    m = re.search(r"warning: (\d+) orphan files .* and (\d+) temporary",
                  out)
    left = "none left"
    if m:
        left = "%s orphans, %s temporaries" % (m.group(1), m.group(2))
        left_behind[0] += int(m.group(1))
        left_behind[1] += int(m.group(2))
    t.check("kill %d: db check passes (%s)" % (n, left), rc == 0, out)
    # The server is down: no upload is between its rename and its
    # commit, so every file may count as older than gc's hour of grace.
    old = time.time() - 7200
    for name in os.listdir(MEDIA):
        os.utime(os.path.join(MEDIA, name), (old, old),
                 follow_symlinks=False)
    rc, out = waypoint("media", "gc")
    removed = out.count("removed (")
    t.check("kill %d: media gc (removed %d)" % (n, removed), rc == 0, out)
    missing = sorted(f for f in files if not
                     os.path.isfile(os.path.join(MEDIA, f)))
    t.check("kill %d: media gc kept every file a row refers to" % n,
            not missing, "removed: %s" % missing[:5])
    rc, out = waypoint("db", "check")
    t.check("kill %d: db check then reports no orphan" % n,
            rc == 0 and "orphan" not in out and
            "temporary" not in out, out)


def main():
    global WAYPOINT, CONF, PORT, DB, MEDIA
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    WAYPOINT, CONF, PORT, DB = (sys.argv[1], sys.argv[2], int(sys.argv[3]),
                                sys.argv[4])
    MEDIA = os.path.join(os.path.dirname(DB), "media")
    if not t.setup("waypoint serve listens on %d" % PORT, start_server()):
        return t.finish()
    eds = []
    for i in range(THREADS):
        ed = Editor("127.0.0.1", PORT, "editor%d" % (i + 1),
                    "editor-password-%d" % (i + 1))
        why = ed.sign_in()
        if not t.setup("editor%d signed in" % (i + 1), why is None, why):
            kill_server()
            return t.finish()
        eds.append(ed)
    threads = [threading.Thread(target=uploader, args=(ed, i + 1))
               for i, ed in enumerate(eds)]
    for th in threads:
        th.start()
    rnd = random.Random()
    try:
        for n in range(1, KILLS + 1):
            end = time.monotonic() + 120
            while since_start[0] < ARMED_AFTER and time.monotonic() < end:
                time.sleep(0.02)
            if not t.check("kill %d: uploads acknowledged before it" % n,
                           since_start[0] >= ARMED_AFTER,
                           "%d in 120 s" % since_start[0]):
                break
            # A random moment among the uploads in flight.
            time.sleep(rnd.uniform(0, 0.8))
            kill_server()
            after_kill(n)
            if not t.check("kill %d: serve starts again" % n,
                           start_server()):
                break
    finally:
        stop.set()
        for th in threads:
            th.join(60)
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                kill_server()
    t.check("uploads acknowledged in all: %d (the kills left %d orphans "
            "and %d temporaries)" % (len(acked), left_behind[0],
                                     left_behind[1]), len(acked) > 0)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

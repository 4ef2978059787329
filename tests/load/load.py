#!/usr/bin/env python3
"""load.py: one load run, driven by tests/load/run.sh. Starts the server
(`waypoint serve`, or nginx in front of `waypoint fcgi --socket`), runs wrk
at 64 connections for SECONDS on a rotation of public URLs (rotate.lua;
every other round of a path conditional, with the ETag it had at the
start), while 10 editors each save an edit of their own release every
200 ms. Then checks: no non-2xx/3xx answer and no socket error in wrk's
report, every save answered with the 303 back to its edit page is in the
revisions table, the server's resident memory at the end is at most 64 MiB
over the start, the WAL file is at most 64 MiB, `waypoint db check` is
clean, and the server stops on SIGTERM with status 0.

With SCALE set in the environment (`make load SCALE=N`: the serve run's
database holds tests/bench/scale.py's generated content), that run's
rotation adds news pages down to the last, in both languages, and
releases and pages from all over the archive; the memory of the server's
process group (the server and its render worker) is sampled every second
as RSS, anonymous memory and PSS (tests/load/memory.py says why each),
and the run fails when its RSS or its PSS goes over 32 MiB or still grows
over the last 30 s.

Usage: load.py serve WAYPOINT CONF PORT DB SECONDS
       load.py fcgi WAYPOINT CONF PORT DB SECONDS SOCKET NGINX NGINX_DIR
Prints ok/FAIL lines, figures as "# ..." lines, and ends with
"load.py: N passed, N failed"; exits 1 on a failure.
"""

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from editors import (Checks, Editor, db_connect, group_members,  # noqa
                     request, rss_kib, wait_tcp, wait_unix)
from memory import describe, group_memory, maps_file  # noqa: E402

CONNECTIONS = 64
EDITORS = 10
SAVE_EVERY = 0.2
RSS_SLACK_KIB = 64 * 1024
ASAN_QUARANTINE_KIB = 256 * 1024    # ASan's default quarantine_size_mb
WAL_MAX = 64 << 20
STATEMENT = ("/news/international-migrants-day-statement-iom-director-"
             "general-antonio-vitorino-harnessing-potential-human-"
             "mobility")
PATHS = ("/", "/news", "/news?page=1", STATEMENT, "/about",
         "/static/css/site.css")
SCALE = os.environ.get("SCALE", "")
SCALE_MEMORY_KIB = 32 * 1024
SCALE_WINDOW = 30           # seconds at the end that must be flat
SCALE_GROWTH_KIB = 1024     # growth within the window still called flat
# Releases and pages of the rotation, and news pages a language: more
# than the page cache holds (some 200 pages at its default 3 MiB), so that
# the run measures the server with its cache full, as readers browsing the
# archive leave it.
SCALE_ITEMS = 2000
SCALE_LIST_PAGES = 100
SETUP_WAIT = 300            # s for the editors to sign in and publish

t = Checks("load.py")
RUN = secrets.token_hex(3)


class Server:
    """The processes under test: procs[0] is the one whose process group
    (its own session) is measured and stopped."""

    def __init__(self, mode, argv):
        self.mode = mode
        (self.waypoint, self.conf, port, self.db, secs) = argv[:5]
        self.port, self.seconds = int(port), int(secs)
        if mode == "fcgi":
            self.sock, self.nginx_bin, self.ndir = argv[5:8]
        self.err = os.path.join(os.path.dirname(self.db),
                                "%s.err" % mode)
        self.proc = None
        self.nginx = None

    def start(self):
        err = open(self.err, "ab")
        if self.mode == "serve":
            cmd = [self.waypoint, "--config", self.conf, "serve"]
        else:
            cmd = [self.waypoint, "--config", self.conf, "fcgi",
                   "--socket", self.sock]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=err,
                                     start_new_session=True)
        err.close()
        if self.mode == "serve":
            return wait_tcp(self.port, 15)
        if not wait_unix(self.sock, 15):
            return False
        out = open(os.path.join(self.ndir, "nginx.out"), "ab")
        self.nginx = subprocess.Popen(
            [self.nginx_bin, "-p", self.ndir + "/", "-c",
             os.path.join(self.ndir, "nginx.conf"), "-e",
             os.path.join(self.ndir, "error.log")],
            stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        out.close()
        return wait_tcp(self.port, 10)

    def pids(self):
        """The server's processes: its process group."""
        return group_members(self.proc.pid)

    def rss(self):
        """Resident memory of all the server's processes, KiB."""
        return sum(rss_kib(p) or 0 for p in self.pids())

    def stop(self):
        """SIGTERM (SIGKILL to the group after 10 s); the exit status."""
        rc = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                rc = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(timeout=5)
        return rc


class Saves:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked = []         # markers of saves answered with the 303
        self.refused = {}       # other answers: status -> count
        self.errors = []        # editors that could not start


def editor(n, srv, saves, start, stop):
    ed = Editor("127.0.0.1", srv.port, "editor%d" % n,
                "editor-password-%d" % n)
    why = ed.sign_in()
    nid = form = None
    if why is None:
        rs, nid = ed.publish("Load %s editor %d" % (RUN, n), "Start.")
        form = ed.edit_form(nid) if nid else None
        if form is None:
            why = "cannot create its release: %s" % rs
    if why is not None:
        with saves.lock:
            saves.errors.append("editor%d: %s" % (n, why))
    try:
        start.wait(timeout=SETUP_WAIT)
    except threading.BrokenBarrierError:
        return
    if why is not None:
        return
    version, slug = form
    k = 0
    next_at = time.monotonic()
    while not stop.is_set():
        k += 1
        marker = "load-%s-%d-%d" % (RUN, n, k)
        rs, ok = ed.save(nid, version, slug, "Load %s editor %d" % (RUN, n),
                         "Saved %s.\n\nSecond paragraph." % marker)
        with saves.lock:
            if ok:
                saves.acked.append(marker)
            else:
                saves.refused[rs.status] = saves.refused.get(rs.status,
                                                             0) + 1
        if ok:
            version = str(int(version) + 1)
        else:
            form = ed.edit_form(nid)
            if form is not None:
                version, slug = form
        next_at += SAVE_EVERY
        pause = next_at - time.monotonic()
        if pause > 0:
            stop.wait(pause)
        else:
            next_at = time.monotonic()


def at_scale(srv):
    """Whether this run is make load SCALE=N's, over the big database."""
    return SCALE != "" and srv.mode == "serve"


def scale_paths(srv):
    """What the rotation adds at scale: news pages from the first to the
    last in both languages, and SCALE_ITEMS releases and pages spread
    over the archive."""
    con = db_connect(srv.db)
    try:
        (groups,) = con.execute(
            "SELECT count(DISTINCT group_id) FROM news WHERE status ="
            " 'published' AND published_at <= unixepoch()").fetchone()
        (n,) = con.execute("SELECT count(*) FROM news").fetchone()
        step = max(1, n // SCALE_ITEMS)
        items = con.execute(
            "SELECT '/news/', lang, slug FROM news WHERE status ="
            " 'published' AND id % ? = 0 UNION ALL SELECT '/', lang, slug"
            " FROM pages WHERE status = 'published' AND id % ? = 0",
            (step, step * 10)).fetchall()
    finally:
        con.close()
    last = max(0, (groups + 9) // 10 - 1)
    out = []
    for k in range(0, SCALE_LIST_PAGES + 1):
        for lang in ("", "/hu"):
            out.append("%s/news?page=%d" % (lang,
                                            last * k // SCALE_LIST_PAGES))
    for where, lang, slug in items:
        out.append("%s%s%s" % ("" if lang == "en" else "/" + lang, where,
                               slug))
    return out


def wrk_args(srv):
    """rotate.lua's arguments: each of PATHS with the ETag it has now,
    then at scale the archive's paths, sent unconditionally."""
    out = []
    for p in PATHS:
        rs = request("127.0.0.1", srv.port, "GET", p)
        etag = rs.header("etag")
        out.append("%s|%s" % (p, etag) if etag and "|" not in etag else p)
    return out + (scale_paths(srv) if at_scale(srv) else [])


def sample_memory(srv, samples, stop):
    """Appends the memory of the server's process group (memory.py's
    sums, KiB) to samples once a second until stop is set."""
    while not stop.wait(1.0):
        samples.append(group_memory(srv.pids())[0])


def process_name(pid):
    """The render worker by its argv[0], anything else as the server."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            argv0 = f.read().split(b"\0")[0]
    except OSError:
        return "gone"
    return "render worker" if argv0.endswith(b"render-worker") else \
        "server"


def scale_memory(name, srv, samples, asan_kib):
    """The checks of `make load SCALE=N` on the samples of one run, on
    their RSS (every resident page of each process) and their PSS
    (memory.py: the group's pages, shared ones counted once): each under
    SCALE_MEMORY_KIB (plus asan_kib, ASan's quarantine, when the binary
    has it) at every sample, and the last SCALE_WINDOW seconds' highest no
    more than SCALE_GROWTH_KIB over the highest of their first third.
    Prints anonymous memory beside them."""
    if not t.check("%s: memory sampled every second" % name,
                   len(samples) >= 3, "%d samples" % len(samples)):
        return
    windows = {}
    for key in ("rss", "pss"):
        windows[key] = [m[key] for m in samples[-SCALE_WINDOW:]]
    top = max(samples, key=lambda m: m["pss"])
    print("# %s at SCALE=%s, server and render worker together: PSS at "
          "most %d KiB, over the last %d s min %d KiB, max %d KiB; RSS at "
          "most %d KiB, over the last %d s min %d KiB, max %d KiB; "
          "anonymous at most %d KiB" % (
              name, SCALE, top["pss"], len(windows["pss"]),
              min(windows["pss"]), max(windows["pss"]),
              max(m["rss"] for m in samples), len(windows["rss"]),
              min(windows["rss"]), max(windows["rss"]),
              max(m["anon"] for m in samples)))
    print("# %s at its highest PSS: %s" % (name, describe(top)))
    for key in ("rss", "pss"):
        print("# %s: %s each second, KiB: %s" % (
            name, key.upper(), " ".join(str(m[key]) for m in samples)))
    for pid, m in sorted(group_memory(srv.pids())[1].items()):
        print("# %s at the end, %s (pid %d): %s" % (
            name, process_name(pid), pid, describe(m)))
    # libvips is the media worker's alone (src/media/vips_load.h).
    vips = [p for p in srv.pids() if maps_file(p, "libvips")]
    t.check("%s: no process of the group maps libvips" % name, not vips,
            "pids %s" % vips)
    limit = SCALE_MEMORY_KIB + asan_kib
    for key in ("rss", "pss"):
        most = max(m[key] for m in samples)
        window = windows[key]
        first = max(window[:max(1, len(window) // 3)])
        t.check("%s: memory (%s) at most %d KiB at every sample" % (
            name, key.upper(), limit), most <= limit, "%d KiB" % most)
        t.check("%s: memory (%s) flat over the last %d s (max %d KiB <= "
                "%d KiB + %d KiB)" % (name, key.upper(), len(window),
                                     max(window), first, SCALE_GROWTH_KIB),
                max(window) <= first + SCALE_GROWTH_KIB,
                "grew by %d KiB" % (max(window) - first))


def run(srv):
    name = "waypoint serve" if srv.mode == "serve" else \
        "nginx + waypoint fcgi"
    if not t.setup("%s starts on 127.0.0.1:%d" % (name, srv.port),
                   srv.start(), "not listening within 15 s"):
        return
    saves = Saves()
    start = threading.Barrier(EDITORS + 1)
    stop = threading.Event()
    eds = [threading.Thread(target=editor, args=(n + 1, srv, saves, start,
                                                 stop))
           for n in range(EDITORS)]
    for th in eds:
        th.start()
    ready = True
    try:
        start.wait(timeout=SETUP_WAIT)
    except threading.BrokenBarrierError:
        ready = False
    # Late editors would still be signing in (a 64 MiB password hash
    # each) while the load runs and its memory is measured.
    t.setup("%s: %d editors signed in, each with a release" % (name,
                                                                EDITORS),
            ready and not saves.errors, "; ".join(saves.errors[:3]) or
            "not all ready within %d s" % SETUP_WAIT)
    args = wrk_args(srv)
    # The editors save already: one may change / between the two
    # requests, so a few tries, until the ETag just read still holds.
    for _ in range(10):
        etag = request("127.0.0.1", srv.port, "GET", "/").header("etag")
        rs = request("127.0.0.1", srv.port, "GET", "/",
                     [("If-None-Match", etag or '"none"')])
        if rs.status != 200:
            break
    # RFC 9110 allows the page's Content-Length on a 304, but
    # http_parser-based clients (wrk 4.1) then wait for a body that never
    # comes: none, or 0 (libmicrohttpd 0.9.75 always sends one).
    t.check("%s: a conditional GET / is answered 304 with no body length" %
            name, rs.status == 304 and
            rs.header("content-length") in (None, "0"),
            "%s, Content-Length %s" % (rs, rs.header("content-length")))
    rss0 = srv.rss()
    samples = []
    sampler = threading.Thread(target=sample_memory, args=(srv, samples,
                                                            stop))
    sampler.start()
    cmd = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d",
           "%ds" % srv.seconds, "--timeout", "5s", "--latency", "-s",
           os.path.join(HERE, "rotate.lua"),
           "http://127.0.0.1:%d" % srv.port, "--"] + args
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=srv.seconds + 60)
        report, rc = p.stdout + p.stderr, p.returncode
    except (OSError, subprocess.TimeoutExpired) as e:
        report, rc = str(e), -1
    stop.set()
    for th in eds:
        th.join(timeout=30)
    sampler.join(timeout=30)
    rss1 = srv.rss()
    try:
        wal = os.path.getsize(srv.db + "-wal")
    except OSError:
        wal = 0
    print("# %s: wrk -t2 -c%d -d%ds over %s" % (name, CONNECTIONS,
                                               srv.seconds, " ".join(args)))
    for line in report.splitlines():
        print("#   " + line)
    rate = re.search(r"Requests/sec:\s*([\d.]+)", report)
    total = re.search(r"(\d+) requests in", report)
    t.check("%s: wrk ran (%s requests, %s/s)" % (
        name, total.group(1) if total else "?",
        rate.group(1) if rate else "?"), rc == 0 and rate and total,
        "exit status %s: %s" % (rc, report[-300:]))
    t.check("%s: no non-2xx/3xx answer" % name,
            "Non-2xx or 3xx" not in report,
            re.search(r".*Non-2xx.*", report).group(0)
            if "Non-2xx" in report else "")
    t.check("%s: no socket error" % name, "Socket errors" not in report,
            re.search(r".*Socket errors.*", report).group(0)
            if "Socket errors" in report else "")
    m = re.search(r"conditional requests: (\d+), 304 answers: (\d+)",
                  report)
    t.check("%s: conditional requests answered 304" % name,
            m and int(m.group(2)) > 0, m.group(0) if m else
            "no count from rotate.lua")

    with saves.lock:
        acked = list(saves.acked)
        refused = dict(saves.refused)
    print("# %s: %d saves acknowledged (%.1f/s), refused: %s" % (
        name, len(acked), len(acked) / max(srv.seconds, 1),
        refused or "none"))
    t.check("%s: no save answered 500 or left unanswered" % name,
            not any(s == 0 or s >= 500 and s != 503 for s in refused),
            "answers: %s" % refused)
    t.check("%s: saves acknowledged" % name, len(acked) > 0, "none")
    con = db_connect(srv.db)
    try:
        found = set()
        for (data,) in con.execute(
                "SELECT data FROM revisions WHERE kind = 'news' AND "
                "data LIKE ?", ("%%load-%s-%%" % RUN,)):
            found.update(re.findall(r"load-%s-\d+-\d+" % RUN, data))
    finally:
        con.close()
    missing = [m for m in acked if m not in found]
    t.check("%s: every acknowledged save is in the database (%d)"
            % (name, len(acked)), not missing,
            "%d missing, e.g. %s" % (len(missing), missing[:3]))
    print("# %s: resident memory %d KiB at the start, %d KiB at the end "
          "(%+d KiB); WAL %d bytes" % (name, rss0, rss1, rss1 - rss0, wal))
    slack, why = RSS_SLACK_KIB, "64 MiB"
    with open(srv.waypoint, "rb") as f:
        if b"__asan_init" in f.read():
            # ASan keeps freed memory in a quarantine of up to 256 MiB per
            # process before reusing it: that much growth is expected.
            n = len(srv.pids())
            slack += n * ASAN_QUARANTINE_KIB
            why = "64 MiB + ASan's quarantine, 256 MiB x %d processes" % n
    t.check("%s: resident memory flat (end %d KiB <= start %d KiB + %s)"
            % (name, rss1, rss0, why),
            rss0 > 0 and rss1 <= rss0 + slack,
            "grew by %d KiB" % (rss1 - rss0))
    if at_scale(srv):
        scale_memory(name, srv, samples, slack - RSS_SLACK_KIB)
    t.check("%s: WAL file bounded (%d bytes <= 64 MiB)" % (name, wal),
            wal <= WAL_MAX, "%d bytes" % wal)
    rc = srv.stop()
    t.check("%s: stops on SIGTERM with status 0" % name, rc == 0,
            "exit status %s" % rc)
    try:
        p = subprocess.run([srv.waypoint, "--config", srv.conf, "db",
                            "check"], capture_output=True, text=True,
                           timeout=120)
        t.check("%s: waypoint db check clean" % name, p.returncode == 0,
                (p.stdout + p.stderr).strip())
    except (OSError, subprocess.TimeoutExpired) as e:
        t.check("%s: waypoint db check clean" % name, False, e)


def main():
    if len(sys.argv) not in (7, 10) or sys.argv[1] not in ("serve", "fcgi") \
            or (sys.argv[1] == "fcgi") != (len(sys.argv) == 10):
        sys.stderr.write(__doc__)
        return 2
    srv = Server(sys.argv[1], sys.argv[2:])
    try:
        run(srv)
    except Exception as e:      # noqa: BLE001 - one failure, then stop
        t.check("load run", False, "raised %s: %s" % (type(e).__name__, e))
    finally:
        if srv.proc is not None and srv.proc.poll() is None:
            os.killpg(srv.proc.pid, signal.SIGKILL)
            srv.proc.wait()
        if srv.nginx is not None and srv.nginx.poll() is None:
            srv.nginx.kill()
            srv.nginx.wait()
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

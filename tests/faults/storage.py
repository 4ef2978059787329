#!/usr/bin/env python3
"""storage.py: storage faults and backups against `waypoint serve` (issue 5):
a backup taken while an editor saves, and that backup restored and served; an
outside process holding the write lock for 2 s and for 8 s; a read-only
database; a full one; 10 editors saving at once.

Usage: storage.py WAYPOINT TMPDIR
  WAYPOINT  the binary under test
  TMPDIR    a fresh folder (mode 0755, so that the server run as nobody can
            read it) holding waypoint.db, made by `waypoint db init`, with
            the editor accounts editor1 .. editor10, password
            "storage-password-N", and site/, copies of the checkout's www/
            and po/ that nobody can read (a checkout under /root, 0700, is
            out of its reach); every server reads those

Starts and stops its own servers on free loopback ports, each stopped by
pid, and records every pid in TMPDIR/pids so that the run script can stop
what is left. Prints "ok - name" or "FAIL - name: detail" per check, then
"N passed, N failed"; exits 1 when a check failed. Python 3 standard
library only.
"""

import os
import re
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "http"))

import admin                        # noqa: E402
import lib                          # noqa: E402
from lib import Conn, describe, text_of  # noqa: E402

EDITORS = 10
SAVES_EACH = 50
BUSY_MS = 5000          # the server's busy timeout (src/store/db.c)
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:")
# A save may wait out the busy timeout twice (its session's touch, then the
# save): the client waits longer than that.
lib.RESPONSE_DEADLINE = 30.0
CLIENT_TIMEOUT = 30.0

t = admin.t
WAYPOINT = ""
TMP = ""
DB = ""
PIDS = ""
CONF = ""
EDITOR = [None]                 # editor1's session, kept across restarts
RUN = "%x" % (int(time.time() * 1000) & 0xffffff)
_serial = [0]
_serial_lock = threading.Lock()


def unique(prefix):
    with _serial_lock:
        _serial[0] += 1
        # Zero-padded: no title is the start of another.
        return "%s %s-%05d" % (prefix, RUN, _serial[0])


# ---------------------------------------------------------------- servers

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_conf(name, port, database, max_pages=0):
    path = os.path.join(TMP, name + ".conf")
    with open(path, "w") as f:
        f.write("[site]\nbase_url = http://127.0.0.1:%d\n"
                "[paths]\ndatabase = %s\ntemplates = %s\nstatic = %s\n"
                "[serve]\nlisten = 127.0.0.1:%d\nthreads = %d\n"
                % (port, database,
                   os.path.join(TMP, "site", "www", "templates"),
                   os.path.join(TMP, "site", "www", "static"), port,
                   EDITORS))
        if max_pages:
            f.write("[test]\nmax_page_count = %d\n" % max_pages)
    os.chmod(path, 0o644)
    return path


class Server:
    """One `waypoint serve`, as root or as nobody."""

    def __init__(self, name, conf, port, as_nobody=False):
        self.name, self.port = name, port
        self.err = os.path.join(TMP, "%s-%d.err" % (name, time.time_ns()))
        cmd = [WAYPOINT, "--config", conf, "serve"]
        if as_nobody:
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup",
                   "--clear-groups"] + cmd
        with open(self.err, "w") as err:
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                         stderr=err, stdin=subprocess.DEVNULL,
                                         cwd=TMP)
        with open(PIDS, "a") as f:
            f.write("%d\n" % self.proc.pid)

    def ready(self):
        end = time.monotonic() + 15
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         timeout=1).close()
                return True
            except OSError:
                time.sleep(0.1)
        return False

    def stderr(self):
        try:
            with open(self.err, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        """SIGTERM, up to 10 s, then SIGKILL; checks the exit and that no
        sanitizer spoke."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        t.check("%s: stops on SIGTERM" % self.name, rc == 0,
                "exit status %s" % rc)
        err = self.stderr()
        t.check("%s: no sanitizer report" % self.name,
                not SANITIZER.search(err), err[-3000:])


def start(name, conf, port, as_nobody=False):
    srv = Server(name, conf, port, as_nobody)
    if not t.setup("%s starts on 127.0.0.1:%d" % (name, port), srv.ready(),
                   srv.stderr()[-2000:]):
        srv.stop()
        return None
    return srv


def waypoint(*args):
    try:
        p = subprocess.run([WAYPOINT] + list(args), capture_output=True,
                           text=True, timeout=120, cwd=TMP)
        return p.returncode, p.stdout + p.stderr
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, str(e)


# ---------------------------------------------------------------- editors

class Editor(admin.Agent):
    """An editor's browser whose requests may wait out the busy timeout."""

    def connect(self, bind=None):
        return Conn(self.host, self.port, bind=bind or self.bind,
                    timeout=CLIENT_TIMEOUT)


def sign_in(n):
    """Editor n signed in, with its CSRF token; None when that fails."""
    ag = Editor()
    page = ag.get("/admin/login", record=False)
    form = admin.find_form(page, "/admin/login")
    fields = form.values() if form else {}
    fields["username"] = "editor%d" % n
    fields["password"] = "storage-password-%d" % n
    rs = ag.post("/admin/login", list(fields.items()), record=False)
    if rs.status != 303:
        t.setup("editor%d signs in" % n, False, describe(rs))
        return None
    ag.csrf = admin.hidden_csrf(ag.get("/admin", record=False))
    if not t.setup("editor%d signs in" % n, ag.csrf, "no csrf_token"):
        return None
    return ag


def point_at(base):
    admin.BASE = base
    admin.NETLOC = base.split("//", 1)[1]


def publish(ag, title, body=None, follow=True):
    """Posts a new published release. Returns (response, the fields typed,
    seconds taken). A 303 is followed as a browser does (unless follow is
    false), which also clears the session's flash, so that the next request
    does not write it."""
    kw = {} if body is None else {"body": body}
    fields = admin.news_fields(ag, title, **kw)
    t0 = time.monotonic()
    rs = ag.post("/admin/news", fields, record=False)
    took = time.monotonic() - t0
    if follow and rs.status == 303 and admin.location(rs):
        ag.get(admin.location(rs), record=False)
    return rs, dict(fields), took


def kept_problem(rs, typed):
    """None when the answer is the release form holding everything typed
    and saying to try again; else what is wrong."""
    form = admin.find_form(rs, "/admin/news")
    if form is None:
        return "no form posting to /admin/news in the page"
    vals = form.values()
    for k in ("title", "slug", "dateline", "date", "time", "summary",
              "body"):
        got = vals.get(k, "").replace("\r\n", "\n")
        if got != typed.get(k, ""):
            return "field %s not kept: %r" % (k, got[:80])
    text = text_of(rs.text)
    if "try again" not in text or "kept" not in text:
        return "no \"kept ... try again\" message in %r" % text[:300]
    return None


def check_kept(name, rs, typed):
    """A refused save: 503, the form kept, and nothing of it stored."""
    t.status(name + ": 503", rs, 503)
    p = kept_problem(rs, typed)
    t.check(name + ": the form comes back with the text and a clear "
            "message", p is None, p)
    t.check(name + ": nothing of it in the database",
            db_titles(DB, [typed.get("title")]) == [])


def db_titles(path, titles):
    """Which of titles are in the news table of path."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=30)
    try:
        have = set(r[0] for r in con.execute("SELECT title FROM news"))
    finally:
        con.close()
    return [x for x in titles if x in have]


def public_ok(name):
    ag = Editor()
    for path in ("/", "/news", "/about"):
        t.status("%s: public GET %s" % (name, path),
                 ag.get(path, record=False), 200)


# ---------------------------------------------------------------- sections

def backup_and_restore(ed):
    """A backup taken while an editor publishes every 100 ms."""
    acked = []                  # (title, time the 303 arrived)
    posted = []                 # (title, time the save was sent)
    bad = []
    stop = threading.Event()

    def saver():
        end = time.monotonic() + 3.0
        while time.monotonic() < end and not stop.is_set():
            title = unique("Backup release")
            posted.append((title, time.monotonic()))
            rs, _, _ = publish(ed, title)
            if rs.status == 303:
                acked.append((title, time.monotonic()))
            else:
                bad.append(describe(rs))
            time.sleep(0.1)

    th = threading.Thread(target=saver)
    th.start()
    time.sleep(1.5)
    out = os.path.join(TMP, "backup.db")
    began = time.monotonic()
    rc, msg = waypoint("--config", CONF, "db", "backup", out)
    ended = time.monotonic()
    took = ended - began
    th.join(10)
    stop.set()
    t.check("db backup during saves: exit 0", rc == 0, msg)
    t.check("db backup: took under 10 s (%.2f s)" % took, took < 10)
    t.check("saves during the backup: all acknowledged (%d)" % len(acked),
            not bad and len(acked) >= 10, "%d acknowledged, others: %s"
            % (len(acked), bad[:5]))
    before = [x for x, when in acked if when < began]
    after = [x for x, when in acked if when >= began]
    later = [x for x, when in posted if when > ended]
    t.check("saves acknowledged before and after the backup began "
            "(%d, %d)" % (len(before), len(after)), before and after)
    if not t.check("the backup file exists", os.path.isfile(out)):
        return
    t.check("no backup.db.tmp left", not os.path.exists(out + ".tmp"))
    mode = stat.S_IMODE(os.stat(out).st_mode)
    t.check("the backup is mode 0600 (%o)" % mode, mode == 0o600)
    with open(out, "rb") as f:
        head = f.read(20)
    t.check("the backup is one file in rollback-journal mode (header "
            "bytes 18-19 are 1)", head[18:20] == b"\x01\x01", head[18:20])
    rc, msg = waypoint("--config", CONF, "db", "check", out)
    t.check("db check BACKUP: ok", rc == 0 and ": ok" in msg, msg)
    t.check("db check BACKUP leaves no -wal beside it",
            not os.path.exists(out + "-wal"))
    have = db_titles(out, before)
    t.check("the backup holds every release acknowledged before it began "
            "(%d/%d)" % (len(have), len(before)), len(have) == len(before),
            "missing: %s" % sorted(set(before) - set(have))[:5])

    rc, msg = waypoint("--config", CONF, "db", "backup", out)
    t.check("db backup onto an existing file: exit 1 with a message",
            rc == 1 and "already exists" in msg, "%d %s" % (rc, msg))
    rc, msg = waypoint("--config", CONF, "db", "backup", DB)
    t.check("db backup onto the database itself: exit 1 with a message",
            rc == 1 and "database itself" in msg, "%d %s" % (rc, msg))
    rc, msg = waypoint("--config", CONF, "db", "backup",
                       os.path.join(TMP, "no-such-folder", "b.db"))
    t.check("db backup into a missing folder: exit 1", rc == 1, msg)

    # Restored as the README says: the copy put in place of the database.
    restored = os.path.join(TMP, "restored")
    os.mkdir(restored, 0o755)
    rdb = os.path.join(restored, "waypoint.db")
    with open(out, "rb") as src, open(rdb, "wb") as dst:
        dst.write(src.read())
    port = free_port()
    srv = start("restored server", write_conf("restored", port, rdb), port)
    if srv is None:
        return
    try:
        ag = lib.Client("http://127.0.0.1:%d" % port)
        rs = ag.get("/news", record=False)
        t.status("restored server: GET /news", rs, 200)
        text = text_of(rs.text)
        t.check("restored server: /news lists a release saved before the "
                "backup", any(x in text for x in before[-5:]),
                "none of %s" % before[-5:])
        t.check("restored server: /news lists no release sent after the "
                "backup ended", not any(x in text for x in later),
                "found one of %s" % later)
    finally:
        srv.stop()


def hold_lock(seconds, ready, done):
    """An outside writer: BEGIN IMMEDIATE on the database, held for
    seconds."""
    con = sqlite3.connect(DB, timeout=30, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        con.execute("COMMIT")
    finally:
        con.close()
        ready.set()
        done.set()


def outside_lock(ed):
    for seconds in (2, 8):
        # A fresh session: its request writes nothing before the save
        # (last_seen is new, no flash), so the 8 s case waits out the busy
        # timeout once and must be refused.
        ed = sign_in(1) or ed
        ready, done = threading.Event(), threading.Event()
        th = threading.Thread(target=hold_lock, args=(seconds, ready, done))
        th.start()
        ready.wait(10)
        title = unique("Locked %ds" % seconds)
        rs, typed, took = publish(ed, title)
        name = "write lock held %d s by another process: a save" % seconds
        if seconds * 1000 < BUSY_MS:
            t.status(name + " lands", rs, 303)
            t.check(name + " waited for the lock (%.1f s)" % took,
                    took >= seconds - 0.5)
            t.check(name + ": in the database",
                    db_titles(DB, [title]) == [title])
        else:
            t.check(name + " is answered before the lock goes (%.1f s)"
                    % took, not done.is_set(), "the lock was gone first")
            check_kept(name, rs, typed)
        th.join(15)
        rs, _, _ = publish(ed, unique("After lock %ds" % seconds))
        t.status("after the %d s lock: a save lands" % seconds, rs, 303)


def read_only(srv, port):
    """The server run as nobody over a database nobody cannot write."""
    srv.stop()
    # The database and its folder belong to root, 0644/0755: nobody reads
    # but cannot write. A WAL database needs its -shm writable even to be
    # read, and the server's WAL pragma needs the -wal there: both are made
    # beforehand, world-writable (SQLite then opens the database itself
    # read-only, and every write fails with SQLITE_READONLY).
    os.chmod(DB, 0o644)
    os.chmod(TMP, 0o755)
    for suffix in ("-wal", "-shm"):
        with open(DB + suffix, "ab"):
            pass
        os.chmod(DB + suffix, 0o666)
    ro = start("server as nobody (read-only database)", CONF, port,
               as_nobody=True)
    if ro is not None:
        try:
            ed = EDITOR[0]
            public_ok("read-only database")
            rs, typed, _ = publish(ed, unique("Read-only"),
                                   body="Typed while the database was "
                                   "read-only.\n\nSecond paragraph.")
            check_kept("read-only database: a save", rs, typed)
            public_ok("read-only database, after the refused save")
        finally:
            ro.stop()
    srv = start("server as root again", CONF, port)
    if srv is not None:
        rs, _, _ = publish(EDITOR[0], unique("Writable again"))
        t.status("database writable again: a save lands", rs, 303)
    return srv


def full(srv, port):
    """[test] max_page_count just above the database's size."""
    srv.stop()
    con = sqlite3.connect(DB, timeout=30)
    try:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    finally:
        con.close()
    conf = write_conf("full", port, DB, max_pages=pages + 8)
    body = "\n\n".join("Paragraph %d of a long release, which the full "
                       "database cannot take. %s" % (i, "words " * 40)
                       for i in range(1500))
    srv = start("server with max_page_count %d" % (pages + 8), conf, port)
    if srv is not None:
        try:
            rs, typed, _ = publish(EDITOR[0], unique("Too big"), body=body)
            check_kept("full database: a %d KB save" % (len(body) // 1024),
                       rs, typed)
            public_ok("full database")
        finally:
            srv.stop()
    conf = write_conf("roomy", port, DB, max_pages=pages + 100000)
    srv = start("server with max_page_count %d" % (pages + 100000), conf,
                port)
    if srv is not None:
        title = unique("Big enough")
        rs, _, _ = publish(EDITOR[0], title, body=body)
        t.status("limit raised: the same save lands", rs, 303)
        t.check("limit raised: the release is in the database",
                db_titles(DB, [title]) == [title])
    return srv


def many_editors():
    # Signed in two at a time, as the server hashes at most two at once.
    eds = [None] * EDITORS

    def one(k):
        eds[k] = sign_in(k + 1)

    for n in range(0, EDITORS, 2):
        ths = [threading.Thread(target=one, args=(k,))
               for k in range(n, min(n + 2, EDITORS))]
        for th in ths:
            th.start()
        for th in ths:
            th.join(60)
    if not all(eds):
        return
    acked = [[] for _ in eds]
    refused = [0] * len(eds)
    wrong = []
    lock = threading.Lock()
    go = threading.Barrier(len(eds))

    def run(i):
        try:
            go.wait(30)
        except threading.BrokenBarrierError:
            pass
        end = time.monotonic() + 100
        for k in range(SAVES_EACH):
            if time.monotonic() > end:
                break
            title = unique("Editor %d save %d" % (i + 1, k))
            # Not followed, to keep the run short: each save then also
            # clears the last one's flash, one more write in the crowd.
            rs, typed, _ = publish(eds[i], title, follow=False)
            if rs.status == 303:
                acked[i].append(title)
                continue
            p = "status %s" % describe(rs) if rs.status != 503 else \
                kept_problem(rs, typed)
            if p is None:
                refused[i] += 1
            else:
                with lock:
                    wrong.append("editor%d save %d: %s" % (i + 1, k, p))

    began = time.monotonic()
    ths = [threading.Thread(target=run, args=(i,)) for i in range(len(eds))]
    for th in ths:
        th.start()
    for th in ths:
        th.join(120)
    took = time.monotonic() - began
    titles = [x for a in acked for x in a]
    answered = len(titles) + sum(refused) + len(wrong)
    t.check("%d editors x %d saves: every save answered (%d in %.1f s)"
            % (len(eds), SAVES_EACH, answered, took),
            answered == len(eds) * SAVES_EACH)
    t.check("%d editors at once: each save a 303, or a 503 with the form "
            "kept (%d saved, %d refused)" % (len(eds), len(titles),
                                            sum(refused)),
            not wrong, "%d wrong, first: %s" % (len(wrong), wrong[:3]))
    have = db_titles(DB, titles)
    t.check("every acknowledged save is in the database (%d/%d)"
            % (len(have), len(titles)), len(have) == len(titles),
            "missing: %s" % sorted(set(titles) - set(have))[:5])
    rs, _, _ = publish(eds[0], unique("After the crowd"))
    t.status("after the %d editors: a save lands" % len(eds), rs, 303)


def main():
    global WAYPOINT, TMP, DB, PIDS, CONF
    if len(sys.argv) != 3:
        sys.stderr.write("usage: storage.py WAYPOINT TMPDIR\n")
        return 2
    WAYPOINT, TMP = (os.path.abspath(a) for a in sys.argv[1:])
    DB = os.path.join(TMP, "waypoint.db")
    PIDS = os.path.join(TMP, "pids")
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    point_at(base)
    CONF = write_conf("serve", port, DB)
    srv = start("server", CONF, port)
    if srv is None:
        return t.finish()
    try:
        EDITOR[0] = sign_in(1)
        if EDITOR[0] is None:
            return t.finish()
        for fn in (backup_and_restore, outside_lock):
            try:
                fn(EDITOR[0])
            except Exception as e:  # noqa: BLE001 - report and go on
                t.crashed(fn.__name__, e)
        # Each stops the server and returns a new one on the same port.
        for fn in (read_only, full):
            try:
                srv = fn(srv, port)
            except Exception as e:  # noqa: BLE001
                t.crashed(fn.__name__, e)
            if srv is None or srv.proc.poll() is not None:
                srv = start("server (again)", CONF, port)
                if srv is None:
                    return t.finish()
        try:
            many_editors()
        except Exception as e:      # noqa: BLE001
            t.crashed("many_editors", e)
    finally:
        if srv is not None and srv.proc.poll() is None:
            srv.stop()
    rc, msg = waypoint("--config", CONF, "db", "check")
    t.check("db check after everything: ok", rc == 0 and ": ok" in msg, msg)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

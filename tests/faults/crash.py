#!/usr/bin/env python3
"""crash.py: faults of the FastCGI path, through nginx (conf/nginx.conf) in
front of `waypoint fcgi --socket` (2 processes), over a fresh database that
run_crash.sh made with accounts editor1..editor10.

1. 200 publishes, 10 at once (one signed-in editor per thread), while the
   whole `waypoint fcgi` process group is killed with SIGKILL five times and
   restarted (same socket, same configuration). A publish refused because
   the responder is down (502, 503, 504, a connection error) is tried again
   under a new title, up to a bound; every publish answered with the 303 to
   its edit page is recorded. Afterwards `waypoint db check` is clean and
   every acknowledged release is in the news table, published, and served
   at /news/<slug>.
2. nginx reloaded (`nginx -s reload`) and then restarted (stopped by pid,
   started again) while 8 threads keep requesting public pages: the
   responder's supervisor keeps its pid, and every request sent after the
   restart completed succeeds.
3. A peer that connects to the socket and stops half-way through a PARAMS
   record does not delay others: 20 requests through nginx meanwhile each
   answer within 100 ms (200 ms for a sanitizer build).

Usage: crash.py WAYPOINT CONF SOCKET PORT DB NGINX NGINX_DIR
  NGINX_DIR holds nginx.conf, error.log and nginx.pid (nginx's prefix).
Starts and stops nginx and the responder itself, by pid. Prints ok/FAIL
lines and ends with "crash: N passed, N failed"; exits 1 on a failure.
"""

import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "load"))
sys.path.insert(0, os.path.join(HERE, "..", "fcgi"))

import fcgiclient  # noqa: E402
from editors import Checks, Editor, db_connect, request, wait_tcp  # noqa
from editors import children, group_members, wait_unix  # noqa: E402

PUBLISHES = 200
THREADS = 10
KILLS = (20, 55, 90, 125, 160)  # completed publishes before each kill
TRIES = 40                      # attempts of one publish, 0.1 s apart
RETRY = (0, 502, 503, 504)      # "the responder is down"
PUBLIC = ("/", "/news", "/news?page=1", "/about",
          "/static/css/site.css")

t = Checks("crash.py")
WAYPOINT = CONF = SOCK = DB = NGINX = NDIR = ""
PORT = 0
RUN = secrets.token_hex(3)
fcgi = None                     # the responder's Popen (own session)
nginx = None


def start_fcgi():
    """Starts the responder in a session of its own (so that its process
    group is exactly the supervisor and its workers); True once it
    listens and its 2 workers are running (the supervisor listens before
    it forks them, so a kill at once could find it alone)."""
    global fcgi
    err = open(os.path.join(NDIR, "fcgi.err"), "ab")
    fcgi = subprocess.Popen([WAYPOINT, "--config", CONF, "fcgi", "--socket",
                             SOCK], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=err,
                            start_new_session=True)
    err.close()
    if not wait_unix(SOCK, 15):
        return False
    end = time.monotonic() + 15
    while len(children(fcgi.pid)) < 2:
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


def kill_fcgi():
    """SIGKILL to the responder's whole process group; waits (up to 5 s)
    until none of it is left. Returns the pids that were killed."""
    pgid = fcgi.pid
    members = group_members(pgid)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
    fcgi.wait(timeout=5)
    end = time.monotonic() + 5
    while group_members(pgid) and time.monotonic() < end:
        time.sleep(0.02)
    return members


def stop_fcgi():
    """SIGTERM, then SIGKILL after 10 s. Returns the exit status."""
    if fcgi is None or fcgi.poll() is not None:
        return None
    fcgi.terminate()
    try:
        return fcgi.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(fcgi.pid, signal.SIGKILL)
        return fcgi.wait(timeout=5)


def nginx_args():
    return ["-p", NDIR + "/", "-c", os.path.join(NDIR, "nginx.conf"),
            "-e", os.path.join(NDIR, "error.log")]


def start_nginx():
    global nginx
    out = open(os.path.join(NDIR, "nginx.out"), "ab")
    nginx = subprocess.Popen([NGINX] + nginx_args(), stdin=subprocess.DEVNULL,
                             stdout=out, stderr=out)
    out.close()
    return wait_tcp(PORT, 10)


def stop_nginx():
    """SIGTERM to nginx's master by pid (SIGKILL after 10 s)."""
    if nginx is None or nginx.poll() is not None:
        return
    nginx.terminate()
    try:
        nginx.wait(timeout=10)
    except subprocess.TimeoutExpired:
        nginx.kill()
        nginx.wait(timeout=5)


def db_check(name):
    try:
        p = subprocess.run([WAYPOINT, "--config", CONF, "db", "check"],
                           capture_output=True, text=True, timeout=120)
        t.check(name, p.returncode == 0, "exit status %d: %s"
                % (p.returncode, (p.stdout + p.stderr).strip()))
    except (OSError, subprocess.TimeoutExpired) as e:
        t.check(name, False, e)


# ------------------------------------------------------- 1. kill -9 x 5

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.done = 0           # publishes finished (acknowledged or not)
        self.acked = []         # (id, title)
        self.given_up = 0
        self.down = 0           # answers meaning "responder down"
        self.unexpected = []    # other answers
        self.resigned = 0       # sign-ins again (session lost)


def publisher(n, tally, next_index, ready):
    # Every editor signs in before the first kill: a sign-in killed
    # half-way stays counted as a failed attempt from 127.0.0.1 (by
    # design), and five of those would throttle the address.
    ed = Editor("127.0.0.1", PORT, "editor%d" % n, "editor-password-%d" % n)
    why = ed.sign_in()
    if why is not None:
        with tally.lock:
            tally.unexpected.append("editor%d cannot sign in: %s"
                                    % (n, why))
    try:
        ready.wait(timeout=120)
    except threading.BrokenBarrierError:
        return
    if why is not None:
        return
    while True:
        with tally.lock:
            if next_index[0] >= PUBLISHES:
                return
            i = next_index[0]
            next_index[0] += 1
        acked = False
        for a in range(TRIES):
            title = "Crash %s %d attempt %d" % (RUN, i, a)
            rs, nid = ed.publish(title, "Release %d of run %s.\n\nDone."
                                 % (i, RUN))
            if nid is not None:
                with tally.lock:
                    tally.acked.append((nid, title))
                acked = True
                break
            loc = rs.header("location") or ""
            if rs.status == 303 and "/admin/login" in loc:
                with tally.lock:
                    tally.resigned += 1
                ed.sign_in()
                continue
            if rs.status in RETRY:
                with tally.lock:
                    tally.down += 1
                time.sleep(0.1)
                continue
            with tally.lock:
                tally.unexpected.append("publish %d: %s %s" % (
                    i, rs, rs.text[:120]))
            break
        with tally.lock:
            tally.done += 1
            if not acked:
                tally.given_up += 1


def crash_publishes():
    tally = Tally()
    next_index = [0]
    ready = threading.Barrier(THREADS)
    threads = [threading.Thread(target=publisher, args=(n + 1, tally,
                                                        next_index, ready))
               for n in range(THREADS)]
    t0 = time.monotonic()
    for th in threads:
        th.start()
    kills = []
    restarted = 0
    deadline = t0 + 600
    for k in KILLS:
        while time.monotonic() < deadline:
            with tally.lock:
                if tally.done >= k:
                    break
            time.sleep(0.005)
        # A random pause of up to 50 ms, so that kills land at different
        # points of a request.
        time.sleep(random.random() * 0.05)
        killed = kill_fcgi()
        k0 = time.monotonic()
        up = start_fcgi()
        kills.append((len(killed), time.monotonic() - k0))
        restarted += up
        if not up:
            break
    for th in threads:
        th.join(timeout=max(1, deadline - time.monotonic()))
    took = time.monotonic() - t0
    alive = [th for th in threads if th.is_alive()]
    t.check("publishes: every thread finished within 600 s", not alive,
            "%d still running" % len(alive))
    t.check("kill -9 of the responder's process group 5 times, each "
            "restarted and listening", len(kills) == 5 and restarted == 5,
            "%d kills, %d restarts" % (len(kills), restarted))
    t.check("each kill took the supervisor and its 2 workers",
            all(n >= 3 for n, _ in kills),
            "processes killed: %s" % [n for n, _ in kills])
    print("# %d publishes in %.1f s: %d acknowledged, %d given up, %d "
          "answers 'down' (retried), %d sign-ins again; restarts took %s s"
          % (tally.done, took, len(tally.acked), tally.given_up, tally.down,
             tally.resigned, ", ".join("%.2f" % s for _, s in kills)))
    t.check("no answer but 303 or 'responder down' (502/503/504/refused)",
            not tally.unexpected, "; ".join(tally.unexpected[:3]))
    t.check("%d publishes acknowledged (with retries)" % PUBLISHES,
            len(tally.acked) == PUBLISHES and tally.done == PUBLISHES,
            "%d of %d acknowledged" % (len(tally.acked), PUBLISHES))
    t.check("some publishes met a dead responder", tally.down > 0,
            "no 502 seen: the kills missed every request")
    db_check("waypoint db check after 5 kills: clean")

    con = db_connect(DB)
    try:
        rows = {r[0]: r[1:] for r in con.execute(
            "SELECT id, title, status, slug FROM news WHERE title LIKE ?",
            ("Crash %s %%" % RUN,))}
    finally:
        con.close()
    missing = [(i, tt) for i, tt in tally.acked
               if i not in rows or rows[i][0] != tt or
               rows[i][1] != "published"]
    t.check("every acknowledged release is in the news table, published",
            not missing, "%d missing or changed, e.g. %s" % (len(missing),
                                                              missing[:3]))
    bad = []
    for i, tt in tally.acked:
        if i not in rows:
            continue
        rs = request("127.0.0.1", PORT, "GET", "/news/" + rows[i][2])
        if rs.status != 200 or tt not in rs.text:
            bad.append("%s: %s" % (rows[i][2], rs))
    t.check("every acknowledged release is served at /news/<slug>",
            not bad, "%d not: %s" % (len(bad), bad[:3]))


# ------------------------------------------- 2. nginx reload and restart

def reader(stop, log, lock):
    i = 0
    while not stop.is_set():
        path = PUBLIC[i % len(PUBLIC)]
        i += 1
        sent = time.monotonic()
        rs = request("127.0.0.1", PORT, "GET", path, timeout=5)
        with lock:
            log.append((sent, rs.status, path, rs.error))
        if rs.status == 0:
            time.sleep(0.01)    # nginx down: do not spin


def nginx_restart():
    pid = fcgi.pid
    workers = sorted(group_members(pid))
    stop = threading.Event()
    lock = threading.Lock()
    log = []
    threads = [threading.Thread(target=reader, args=(stop, log, lock))
               for _ in range(8)]
    for th in threads:
        th.start()
    try:
        time.sleep(1)
        p = subprocess.run([NGINX, "-s", "reload"] + nginx_args(),
                           capture_output=True, text=True, timeout=30)
        t.check("nginx -s reload under load", p.returncode == 0,
                p.stdout + p.stderr)
        reload_at = time.monotonic()
        time.sleep(1.5)
        stop_at = time.monotonic()
        stop_nginx()
        up = start_nginx()
        restarted = time.monotonic()
        t.check("nginx stopped by pid and started again under load", up,
                "not listening within 10 s")
        time.sleep(2)
    finally:
        stop.set()
        for th in threads:
            th.join(timeout=10)
    with lock:
        entries = list(log)
    after = [e for e in entries if e[0] >= restarted]
    failed = [e for e in after if e[1] not in (200, 304)]
    t.check("every request sent after the restart succeeds (%d)"
            % len(after), after and not failed,
            "%d failed, e.g. %s" % (len(failed), failed[:3]))
    around = [e for e in entries if reload_at - 1 <= e[0] < stop_at]
    bad = [e for e in around if e[1] not in (200, 304)]
    # nginx's old worker may reset a connection it accepted but had not
    # read yet when the reload reached it: nginx's affair, so only shown.
    print("# %d requests in all; around the reload %d, %d failed %s; %d "
          "while nginx was down" % (len(entries), len(around), len(bad),
                                    bad[:2], len([e for e in entries
                                                  if stop_at <= e[0] <
                                                  restarted])))
    t.check("waypoint fcgi kept running through nginx's reload and restart "
            "(supervisor pid %d, same workers)" % pid,
            fcgi.poll() is None and sorted(group_members(pid)) == workers,
            "status %s, processes %s then %s" % (fcgi.poll(), workers,
                                                 group_members(pid)))


# -------------------------------------------------- 3. a stalled peer

def stalled_peer():
    san = False
    with open(WAYPOINT, "rb") as f:
        san = b"__asan_init" in f.read()
    budget = 0.2 if san else 0.1
    for _ in range(4):          # warm every worker up
        request("127.0.0.1", PORT, "GET", "/")
    params = b"".join(fcgiclient.pair(k, v) for k, v in
                      fcgiclient.base_params("GET", "/").items())
    whole = fcgiclient.record(fcgiclient.PARAMS, params)
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    try:
        s.connect(SOCK)
        s.sendall(fcgiclient.begin() + whole[:len(whole) // 2])
        time.sleep(0.2)
        slow = []
        for i in range(20):
            t0 = time.monotonic()
            rs = request("127.0.0.1", PORT, "GET", "/", timeout=5)
            took = time.monotonic() - t0
            if rs.status != 200 or took > budget:
                slow.append("#%d %s in %.0f ms" % (i, rs, took * 1000))
        t.check("a peer stalled half-way through PARAMS: 20 requests "
                "through nginx each answer 200 within %d ms"
                % (budget * 1000), not slow, "; ".join(slow[:5]))
    except OSError as e:
        t.check("a stalled peer on the socket", False, e)
    finally:
        s.close()


def main():
    global WAYPOINT, CONF, SOCK, PORT, DB, NGINX, NDIR
    if len(sys.argv) != 8:
        sys.stderr.write(__doc__)
        return 2
    WAYPOINT, CONF, SOCK, port, DB, NGINX, NDIR = sys.argv[1:]
    PORT = int(port)
    try:
        if not t.setup("nginx starts on 127.0.0.1:%d" % PORT, start_nginx(),
                       "not listening within 10 s"):
            return t.finish()
        if not t.setup("waypoint fcgi --socket listens", start_fcgi(),
                       "not listening within 15 s"):
            return t.finish()
        for fn in (crash_publishes, nginx_restart, stalled_peer):
            try:
                fn()
            except Exception as e:  # noqa: BLE001 - one failure, go on
                t.check(fn.__name__, False, "raised %s: %s"
                        % (type(e).__name__, e))
        rc = stop_fcgi()
        t.check("waypoint fcgi stops on SIGTERM with status 0", rc == 0,
                "exit status %s" % rc)
        db_check("waypoint db check at the end: clean")
    finally:
        if fcgi is not None and fcgi.poll() is None:
            os.killpg(fcgi.pid, signal.SIGKILL)
            fcgi.wait()
        stop_nginx()
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""slow.py: `waypoint serve` closes a connection whose header or body has
not all arrived within the deadline however steadily it trickles, and
serves another client promptly while 1,000 such connections are open,
while an upload at twice the slowest rate kept is answered however long it
takes (nginx buffers whole headers itself in the FastCGI deployment, so
only the embedded server is tested).

Usage: slow.py HOST PORT TIMEOUT
The server must run with timeout = TIMEOUT, per_ip_limit of at least 63
and connection_limit above 1,000, on 127.0.0.1; the slow clients bind
127.0.0.2 ... 127.0.0.17, the measured one connects from HOST. Prints
"ok - name" / "FAIL - name: detail", then "N passed, N failed"; exits 1
when a check failed.
"""

import os
import resource
import selectors
import socket
import sys
import threading
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import Checks, Conn, Response, build_request, describe  # noqa: E402

SLOW = 1000
ADDRS = ["127.0.0.%d" % i for i in range(2, 18)]
# One in four sends its whole header, then trickles a body.
BODY_EVERY = 4
# Each slow client sends a byte a second: never idle for the timeout.
PACE = 1.0
# The server may take this long past the deadline to notice and close.
GRACE = 3.0
TRIES = 5
FAST_MS = 100.0
# A steady upload twice the slowest rate the server keeps (16 KiB/s), in
# pieces of a quarter second, for longer than the timeout: never cut.
STEADY_RATE = 32 * 1024
STEADY_PIECE = STEADY_RATE // 4

t = Checks()


class Slow:
    """One slow client: its socket, kind, start and close times."""

    def __init__(self, sock, body):
        self.sock = sock
        self.body = body
        self.start = time.monotonic()
        self.closed = None


def open_slow(host, port, i):
    """Connects slow client i from its address and sends its first bytes:
    an unfinished header, or a whole header announcing a body."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((ADDRS[i % len(ADDRS)], 0))
        s.settimeout(5)
        s.connect((host, port))
    except OSError:
        s.close()
        raise
    body = i % BODY_EVERY == 0
    head = "%s:%d" % (host, port)
    if body:
        first = ("POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: "
                 "application/x-www-form-urlencoded\r\nContent-Length: "
                 "100000\r\n\r\n" % head)
    else:
        first = "GET / HTTP/1.1\r\nHost: %s\r\nX-Slow: " % head
    s.sendall(first.encode())
    s.setblocking(False)
    return Slow(s, body)


def served_ms(host, port):
    """One whole GET /about with Connection: close from host, in ms, and
    its response: status 0 and the error when the connection was refused
    or cut, a failed try rather than the end of the run."""
    start = time.monotonic()
    try:
        c = Conn(host, port, timeout=5)
    except OSError as e:
        rs = Response("GET", "/about")
        rs.error = "connect: %s" % e
        return (time.monotonic() - start) * 1000.0, rs
    try:
        c.send(build_request("GET", "/about", "%s:%d" % (host, port),
                             [("Connection", "close")]))
        rs = c.read_response("GET", "/about")
    except OSError as e:
        rs = Response("GET", "/about")
        rs.error = "send: %s" % e
    finally:
        c.close()
    return (time.monotonic() - start) * 1000.0, rs


def closed_now(cl):
    """Whether the server closed cl's connection (EOF or reset)."""
    try:
        return cl.sock.recv(4096) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def trickle(cl):
    """One more byte; a refused send means the server closed it."""
    try:
        cl.sock.send(b"a")
    except BlockingIOError:
        pass
    except OSError:
        return False
    return True


def steady(host, port, timeout, out):
    """POSTs a body at STEADY_RATE for TIMEOUT + 2 s and stores in out
    the response (a 405 or any answer is fine; a close is the failure)."""
    size = STEADY_RATE * (timeout + 2)
    c = Conn(host, port, timeout=timeout + 10)
    try:
        c.send(("POST / HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: "
                "application/x-www-form-urlencoded\r\nContent-Length: %d"
                "\r\nConnection: close\r\n\r\n" % (host, port, size))
               .encode())
        start, sent = time.monotonic(), 0
        while sent < size:
            c.send(b"a" * STEADY_PIECE)
            sent += STEADY_PIECE
            # Paced by the clock, so that a late piece does not slow the
            # rate down.
            time.sleep(max(0.0, start + sent / STEADY_RATE -
                           time.monotonic()))
        out.append(c.read_response("POST", "/"))
    except OSError as e:
        out.append(e)
    finally:
        c.close()


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: slow.py HOST PORT TIMEOUT\n")
        return 2
    host, port, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < SLOW + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    if not t.setup("%d descriptors for the slow clients" % (SLOW + 64),
                   soft == resource.RLIM_INFINITY or soft >= SLOW + 64,
                   "RLIMIT_NOFILE is %d" % soft):
        return t.finish()

    slow = []
    sel = selectors.DefaultSelector()
    try:
        try:
            for i in range(SLOW):
                cl = open_slow(host, port, i)
                slow.append(cl)
                sel.register(cl.sock, selectors.EVENT_READ, cl)
        except OSError as e:
            t.setup("%d slow connections from %d addresses"
                    % (SLOW, len(ADDRS)), False,
                    "connection %d: %s" % (len(slow) + 1, e))
            return t.finish()
        t.setup("%d slow connections from %d addresses opened in %.2f s"
                % (SLOW, len(ADDRS), time.monotonic() - slow[0].start),
                True)
        got = []
        upload = threading.Thread(target=steady,
                                  args=(host, port, timeout, got))
        upload.start()
        run(sel, slow, host, port, timeout)
        upload.join(timeout + 10)
        rs = got[0] if got else None
        t.check("an upload at %d KiB/s for %d s is answered, not cut"
                % (STEADY_RATE // 1024, timeout + 2),
                rs is not None and not isinstance(rs, OSError) and
                rs.status >= 200,
                "no answer yet" if rs is None else
                "send: %s" % rs if isinstance(rs, OSError) else describe(rs))
    finally:
        for cl in slow:
            cl.sock.close()
        sel.close()
    return t.finish()


def run(sel, slow, host, port, timeout):
    """Trickles a byte a second on each slow connection until the server
    closes it or TIMEOUT + GRACE passed; measures the fast client once they
    are all open; then checks when each was closed."""
    best, worst_rs, measured = None, None, False
    end = slow[-1].start + timeout + GRACE
    next_byte = time.monotonic() + PACE
    left = len(slow)
    while left > 0 and time.monotonic() < end:
        now = time.monotonic()
        if not measured and now >= slow[-1].start + min(1.0, timeout / 4):
            measured = True
            for _ in range(TRIES):
                ms, rs = served_ms(host, port)
                if rs.status != 200:
                    worst_rs = rs
                elif best is None or ms < best:
                    best = ms
        if now >= next_byte:
            next_byte = now + PACE
            for cl in slow:
                if cl.closed is None and not trickle(cl):
                    cl.closed = time.monotonic()
                    sel.unregister(cl.sock)
                    left -= 1
            continue
        for key, _ in sel.select(max(0.0, min(next_byte, end) -
                                     time.monotonic())):
            cl = key.data
            if cl.closed is None and closed_now(cl):
                cl.closed = time.monotonic()
                sel.unregister(cl.sock)
                left -= 1

    print("# the client from %s: best of %d tries %s" % (
        host, TRIES, "%.1f ms" % best if best is not None else "none"))
    t.check("a client from %s served 200 within %d ms (best of %d) while "
            "%d slow connections are open" % (host, FAST_MS, TRIES, SLOW),
            measured and best is not None and best < FAST_MS and
            worst_rs is None,
            "never measured" if not measured else
            "answered %s" % describe(worst_rs) if worst_rs is not None else
            "best %s ms" % ("%.1f" % best if best is not None else "-"))
    for body, what in ((False, "slow header"), (True, "trickling body")):
        group = [cl for cl in slow if cl.body == body]
        early = [cl.closed - cl.start for cl in group
                 if cl.closed is not None and cl.closed - cl.start <
                 timeout - 0.5]
        late = [cl for cl in group if cl.closed is None]
        took = [cl.closed - cl.start for cl in group
                if cl.closed is not None]
        t.check("no %s connection closed before the %d s deadline"
                % (what, timeout), not early,
                "%d closed early, the first after %.2f s"
                % (len(early), min(early) if early else 0))
        t.check("every %s connection (%d, a byte a second) closed within "
                "%d s + %.0f s" % (what, len(group), timeout, GRACE),
                not late, "%d still open after %.1f s"
                % (len(late), timeout + GRACE))
        if took:
            print("# %s: closed after %.2f to %.2f s" % (what, min(took),
                                                         max(took)))


if __name__ == "__main__":
    sys.exit(main())

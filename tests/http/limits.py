#!/usr/bin/env python3
"""limits.py: connection and size limits of the embedded server (waypoint
serve), which nginx takes care of in the FastCGI deployment.

Usage: limits.py HOST PORT [TIMEOUT]
The server must run with per_ip_limit = 8 and timeout = TIMEOUT (default 2)
and listen on 127.0.0.1: the per-address test connects a second client from
127.0.0.2. Prints "ok - name" / "FAIL - name: detail", then "N passed,
N failed"; exits 1 when a check failed.
"""

import os
import socket
import sys
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (Checks, Conn, ProtocolError, build_request,  # noqa: E402
                 describe, security_header_problems)

PER_IP = 8
OTHER_ADDR = "127.0.0.2"

t = Checks()
HOST, PORT, TIMEOUT = "127.0.0.1", 0, 2


def answered_or_closed(conn, wait):
    """Waits up to wait seconds on conn. Returns ("answer", first bytes),
    ("closed", why) or ("open", "")."""
    end = time.monotonic() + wait
    try:
        while time.monotonic() < end:
            if not conn._recv(timeout=max(0.01, end - time.monotonic())):
                return ("closed", "EOF") if not conn.buf else \
                    ("answer", conn.buf)
            if conn.buf:
                return "answer", conn.buf
    except socket.timeout:
        pass
    except OSError as e:
        return ("answer", conn.buf) if conn.buf else ("closed", str(e))
    return ("answer", conn.buf) if conn.buf else ("open", "")


def get(bind=None, target="/"):
    """One GET with Connection: close; a Response (status 0 on error)."""
    c = Conn(HOST, PORT, bind=bind)
    try:
        c.send(build_request("GET", target, "%s:%d" % (HOST, PORT),
                             [("Connection", "close")]))
        return c.read_response("GET", target)
    finally:
        c.close()


def per_ip_limit():
    idle = []
    try:
        for _ in range(PER_IP):
            idle.append(Conn(HOST, PORT))
        # Let the server accept all 8 before the 9th arrives, well inside
        # the idle timeout that will close them.
        time.sleep(0.3)
        try:
            ninth = Conn(HOST, PORT)
        except OSError:
            t.check("9th connection from %s refused" % HOST, True)
            ninth = None
        if ninth is not None:
            try:
                try:
                    ninth.send(build_request("GET", "/", "%s:%d"
                                             % (HOST, PORT)))
                except OSError:
                    pass
                what, why = answered_or_closed(ninth, 1.0)
            finally:
                ninth.close()
            t.check("9th connection from %s refused or closed unanswered"
                    % HOST, what == "closed",
                    "got an answer: %r" % why[:60] if what == "answer"
                    else "still open after 1 s, no answer")
        start = time.monotonic()
        try:
            rs = get(bind=OTHER_ADDR)
        except OSError as e:
            t.check("%s answered while %s is at its limit"
                    % (OTHER_ADDR, HOST), False, "connect: %s" % e)
        else:
            took = time.monotonic() - start
            t.check("%s answered 200 within 1 s while %s is at its limit"
                    % (OTHER_ADDR, HOST), rs.status == 200 and took < 1.0,
                    "%s after %.2f s" % (describe(rs), took))
    finally:
        for c in idle:
            c.close()
    # Once they are gone, 127.0.0.1 is served again.
    end = time.monotonic() + 3
    rs = None
    while time.monotonic() < end:
        try:
            rs = get()
        except OSError:
            rs = None
        if rs is not None and rs.status == 200:
            break
        time.sleep(0.2)
    t.check("%s served again after its connections closed" % HOST,
            rs is not None and rs.status == 200,
            describe(rs) if rs is not None else "no connection")


def closed_within(name, first_bytes):
    """Opens a connection, sends first_bytes (maybe none) and checks that
    the server closes it within TIMEOUT + 2 s."""
    limit = TIMEOUT + 2
    c = Conn(HOST, PORT, timeout=limit + 0.5)
    start = time.monotonic()
    try:
        if first_bytes:
            c.send(first_bytes)
        what, why = answered_or_closed(c, limit + 0.5)
        if what == "answer":
            # A 408 before closing is fine; wait for the close itself.
            first = why
            what, why = answered_or_closed(c, max(0.0, limit + 0.5 -
                                                  (time.monotonic() - start)))
            if what == "closed" and not first.startswith(b"HTTP/1.1 408") \
                    and not first.startswith(b"HTTP/1.0 408"):
                what, why = "answer", first
        took = time.monotonic() - start
    finally:
        c.close()
    t.check("%s closed within %d s" % (name, limit),
            what == "closed" and took <= limit,
            "answered %r" % why[:60] if what == "answer"
            else "%s after %.2f s" % (what, took))


def refused(name, raw, want):
    """Sends raw (maybe refused half-way) and checks the status."""
    c = Conn(HOST, PORT)
    try:
        try:
            c.send(raw)
        except OSError:
            pass
        rs = c.read_response(raw.split(b" ", 1)[0].decode(), name, linger=0)
    finally:
        c.close()
    if t.status(name, rs, want):
        bad = security_header_problems(rs)
        t.check(name + ": security headers", not bad, "; ".join(bad))


def sizes():
    host = "%s:%d" % (HOST, PORT)
    raw = ("POST / HTTP/1.1\r\nHost: %s\r\nContent-Length: 3000000\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\n\r\n" % host)
    refused("Content-Length 3000000 -> 413 before the body", raw.encode(), 413)
    fill = "".join("X-Fill-%02d: %s\r\n" % (i, "v" * 1000) for i in range(40))
    raw = "GET / HTTP/1.1\r\nHost: %s\r\n%s\r\n" % (host, fill)
    refused("headers of 40 KB -> 431", raw.encode(), 431)
    raw = "GET /%s HTTP/1.1\r\nHost: %s\r\n\r\n" % ("a" * 40000, host)
    refused("URI of 40 KB -> 414", raw.encode(), 414)


def main():
    global HOST, PORT, TIMEOUT
    if len(sys.argv) not in (3, 4):
        sys.stderr.write("usage: limits.py HOST PORT [TIMEOUT]\n")
        return 2
    HOST, PORT = sys.argv[1], int(sys.argv[2])
    if len(sys.argv) == 4:
        TIMEOUT = int(sys.argv[3])
    for name, fn in (("per-address limit", per_ip_limit),
                     ("idle connection",
                      lambda: closed_within("idle connection", b"")),
                     ("slow header",
                      lambda: closed_within("slow header",
                                            b"GET / HTTP/1.1\r\n")),
                     ("sizes", sizes)):
        try:
            fn()
        except (OSError, ProtocolError) as e:
            t.crashed(name, e)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""halfopen.py: 500 idle half-open connections from 127.0.0.1 against
`waypoint serve` (started by run.sh with per_ip_limit 64 and timeout 10, so
most are refused at once: that is the point), a third each of:
  slow header  "GET / HTTP/1.1\\r\\nHost: x\\r\\n" and then nothing;
  slow body    a POST with Content-Length 1000 and 10 bytes of it;
  slow read    requests whose answers are never read (SO_RCVBUF 1 KiB).
Meanwhile a client bound to 127.0.0.2 must be served within 1 s, measured
every 100 connections and then each second while they are held. After the
server's timeout + 3 s, every held socket must read EOF or an error, and
127.0.0.1 must be served again.

Usage: halfopen.py HOST PORT [TIMEOUT]   (TIMEOUT: the server's, 10)
Prints ok/FAIL lines and ends with "halfopen.py: N passed, N failed".
"""

import os
import resource
import socket
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from editors import Checks, request  # noqa: E402

COUNT = 500
BUDGET = 1.0            # seconds for the client on 127.0.0.2
t = Checks("halfopen.py")


def raise_nofile(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        want = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def open_one(host, port, kind):
    """One half-open connection of kind 0 (slow header), 1 (slow body) or
    2 (slow read); None when it could not even connect."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        if kind == 2:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        s.bind(("127.0.0.1", 0))
        s.connect((host, port))
        if kind == 0:
            s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
        elif kind == 1:
            s.send(b"POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type:"
                   b" application/x-www-form-urlencoded\r\nContent-Length:"
                   b" 1000\r\n\r\nusername=a")
        else:
            s.send(b"GET /news HTTP/1.1\r\nHost: x\r\n\r\n" * 20)
    except OSError:
        pass    # refused or reset: still held, checked at the end
    return s


class Probe:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.times = []
        self.bad = []

    def __call__(self, label):
        t0 = time.monotonic()
        rs = request(self.host, self.port, "GET", "/", timeout=5,
                     bind="127.0.0.2")
        took = time.monotonic() - t0
        self.times.append(took)
        if rs.status != 200 or took > BUDGET:
            self.bad.append("%s: %s in %.0f ms" % (label, rs, took * 1000))


def peek_state(s):
    """'eof', 'error' or 'open', without reading anything."""
    s.setblocking(False)
    try:
        data = s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        return "open" if data else "eof"
    except BlockingIOError:
        return "open"
    except OSError:
        return "error"


def closed_now(s):
    """'eof', 'error' or 'open' (no EOF yet): reads what is there first."""
    s.setblocking(False)
    try:
        for _ in range(4096):       # at most 4096 reads of 64 KiB
            data = s.recv(65536)
            if not data:
                return "eof"
    except BlockingIOError:
        return "open"
    except OSError:
        return "error"
    return "open"


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    host, port = sys.argv[1], int(sys.argv[2])
    timeout = int(sys.argv[3]) if len(sys.argv) == 4 else 10
    limit = raise_nofile(COUNT + 100)
    t.setup("open files limit %d >= %d" % (limit, COUNT + 100),
            limit >= COUNT + 100)
    probe = Probe(host, port)
    probe("before")
    socks = []
    try:
        t0 = time.monotonic()
        for i in range(COUNT):
            socks.append(open_one(host, port, i % 3))
            if (i + 1) % 100 == 0:
                probe("after %d connections" % (i + 1))
        opened = time.monotonic()
        print("# %d connections opened in %.1f s" % (len(socks),
                                                     opened - t0))
        time.sleep(1)
        kinds = [0, 0, 0]
        for i, s in enumerate(socks):
            kinds[i % 3] += peek_state(s) == "open"
        held = sum(kinds)
        print("# %d still open 1 s later (slow header %d, slow body %d, "
              "slow read %d); the rest refused by the per-IP limit"
              % (held, kinds[0], kinds[1], kinds[2]))
        t.check("the server holds some and refuses the rest",
                0 < held < COUNT, "%d of %d open" % (held, COUNT))
        # Until the server's timeout + 3 s after the last one opened.
        end = opened + timeout + 3
        n = 0
        while time.monotonic() < end:
            n += 1
            probe("held, %.0f s" % (time.monotonic() - opened))
            time.sleep(max(0, min(1, end - time.monotonic())))
        t.check("a client on 127.0.0.2 served 200 within %d ms, %d times "
                "(slowest %.0f ms)" % (BUDGET * 1000, len(probe.times),
                                       max(probe.times) * 1000),
                not probe.bad, "; ".join(probe.bad[:4]))
        states = {}
        still = []
        for i, s in enumerate(socks):
            st = closed_now(s)
            states[st] = states.get(st, 0) + 1
            if st == "open":
                still.append(("slow header", "slow body", "slow read")[i % 3])
        print("# after timeout + 3 s: %s" % states)
        t.check("every held connection closed by the server's timeout "
                "(%d s + 3 s)" % timeout, not still,
                "%d still open: %s" % (len(still), sorted(set(still))))
    finally:
        for s in socks:
            s.close()
    time.sleep(0.5)
    rs = request(host, port, "GET", "/", timeout=5, bind="127.0.0.1")
    t.check("127.0.0.1 served again once they are gone", rs.status == 200,
            str(rs))
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""inflight.py: SIGTERM while a request is in flight. The request (its body
half sent) must still be answered once the rest arrives, while no new
request is taken any more.

Usage: inflight.py SOCKET SUPERVISOR_PID
Sends SIGTERM to SUPERVISOR_PID itself. Prints "ok - name" / "FAIL - name:
detail", then "N passed, N failed"; exits 1 when a check failed.
"""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fcgiclient as f  # noqa: E402

passed = 0
failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok - %s" % name)
    else:
        failed += 1
        print("FAIL - %s: %s" % (name, detail or "check failed"))
    sys.stdout.flush()


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: inflight.py SOCKET SUPERVISOR_PID\n")
        return 2
    sock, pid = sys.argv[1], int(sys.argv[2])
    body = b"a=1&b=2&c"
    params = f.base_params(method="POST", CONTENT_LENGTH=str(len(body)),
                           CONTENT_TYPE="application/x-www-form-urlencoded")
    raw = f.request_bytes(params, body)
    cut = len(raw) - 8 - 4   # the last 4 body bytes and the end: held back
    c = f.Conn(sock, timeout=10)
    c.send(raw[:cut])
    time.sleep(0.3)
    os.kill(pid, signal.SIGTERM)
    time.sleep(0.5)

    answer = None
    try:
        late = f.Conn(sock, timeout=2)
        late.send(f.request_bytes(f.base_params()))
        answer = late.read_response(0.7)
        late.close()
    except OSError:
        pass
    check("after SIGTERM: no new request answered",
          answer is None or answer.status == 0,
          answer.describe() if answer else "")

    c.send(raw[cut:])
    rs = c.read_response(5)
    c.close()
    check("after SIGTERM: the request in flight is answered (POST / -> "
          "405)", rs.status == 405 and rs.ended, rs.describe())
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

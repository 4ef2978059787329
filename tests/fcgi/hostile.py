#!/usr/bin/env python3
"""hostile.py: bad FastCGI input sent straight to the socket of
`waypoint fcgi`, each followed by a normal request through nginx, which must
get its page within 100 ms: the service as a whole never stops answering,
even while a worker that libfcgi made abort is being replaced.

Usage: hostile.py SOCKET NGINX_URL
SOCKET is the unix socket of `waypoint fcgi`, NGINX_URL nginx in front of it
(http://127.0.0.1:PORT). HEALTH_BUDGET_MS in the environment changes the
100 ms (for a sanitizer build, several times slower). Prints "ok - name" / "FAIL - name: detail", then
"N passed, N failed"; exits 1 when a check failed. Python 3 standard library
only.
"""

import os
import socket
import sys
import time
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fcgiclient as f  # noqa: E402

# Seconds for the page after each hostile input.
HEALTH_BUDGET = int(os.environ.get("HEALTH_BUDGET_MS", "100")) / 1000.0
CLOSE_WAIT = 3.0       # seconds for the worker to close a bad connection

passed = 0
failed = 0
timings = []


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok - %s" % name)
    else:
        failed += 1
        print("FAIL - %s: %s" % (name, detail or "check failed"))
    sys.stdout.flush()
    return bool(cond)


def complete(data):
    """Whether data holds a whole response framed by Content-Length (nginx
    may keep the connection open a while after an error, to read what the
    client still sends)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length" and v.strip().isdigit():
            return len(body) >= int(v)
    return False


def http_get(url, path="/", method="GET", headers=(), body=b"", timeout=5.0):
    """(status, seconds) of one HTTP/1.1 request with Connection: close;
    status 0 when there was no answer."""
    u = urlsplit(url)
    t0 = time.monotonic()
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s" % u.netloc,
             "Connection: close"] + ["%s: %s" % kv for kv in headers]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    data = b""
    try:
        with socket.create_connection((u.hostname, u.port or 80),
                                      timeout=timeout) as s:
            try:
                s.sendall(raw)
            except OSError:
                pass    # nginx may answer (413) and close before the end
            while not complete(data):
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                data += chunk
    except OSError:
        return 0, time.monotonic() - t0
    elapsed = time.monotonic() - t0
    parts = data.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
        return 0, elapsed
    try:
        return int(parts[1]), elapsed
    except ValueError:
        return 0, elapsed


def still_answers(after):
    """The best of three tries counts: one slow answer on a machine busy
    with other work is not a service that stopped answering."""
    status, took = 0, 0.0
    for _ in range(3):
        status, took = http_get(NGINX_URL)
        if status != 200 or took <= HEALTH_BUDGET:
            break
    timings.append((after, took))
    check("after %s: GET / through nginx -> 200 in %.0f ms" %
          (after, took * 1000),
          status == 200 and took <= HEALTH_BUDGET,
          "status %s after %.1f ms (budget %.0f ms)" %
          (status, took * 1000, HEALTH_BUDGET * 1000))


def refused(name, data, shut=True):
    """Sends data; the worker must close the connection or answer with an
    error, within CLOSE_WAIT seconds."""
    try:
        c = f.Conn(SOCKET)
    except OSError as e:
        check(name, False, "connect: %s" % e)
        return
    try:
        try:
            c.send(data)
        except OSError:
            pass    # closed while we were still sending: fine
        if shut:
            c.shut_write()
        rs = c.read_response(CLOSE_WAIT)
        check(name + ": error answer or closed",
              rs.closed or rs.status >= 400,
              rs.describe())
    finally:
        c.close()
    still_answers(name)


def answered(name, params, body=b"", want=None):
    """Sends a whole request; it must be answered with status want."""
    try:
        rs = f.fetch(SOCKET, params, body)
    except OSError as e:
        check(name, False, "connect: %s" % e)
        return None
    check("%s -> %s" % (name, want), rs.status == want and rs.ended,
          rs.describe())
    return rs


def main():
    global SOCKET, NGINX_URL
    if len(sys.argv) != 3:
        sys.stderr.write("usage: hostile.py SOCKET NGINX_URL\n")
        return 2
    SOCKET, NGINX_URL = sys.argv[1], sys.argv[2].rstrip("/")

    answered("plain GET / straight to the socket", f.base_params(), want=200)
    still_answers("a plain request")

    # A peer that sends half a PARAMS record and stops holds one thread
    # (libfcgi reads the parameters with no timeout); it stays open while
    # every other check runs, and the other threads answer.
    stalled = f.Conn(SOCKET, timeout=30)
    stalled.send(f.begin() + f.record(f.PARAMS, b"\0" * 100)[:8] +
                 f.pair("REQUEST_METHOD", "GET")[:10])
    still_answers("half a PARAMS record, kept open")

    refused("truncated record header", f.begin()[:5])
    refused("truncated BEGIN_REQUEST body", f.begin()[:11])
    p = f.pair("REQUEST_METHOD", "GET") * 4
    refused("truncated PARAMS record",
            f.begin() + f.record(f.PARAMS, p)[:8 + len(p) // 2])
    refused("no PARAMS at all", f.begin())
    refused("wrong version byte",
            f.record(f.BEGIN_REQUEST, f.begin()[8:], version=2) +
            f.request_bytes(f.base_params())[16:])
    refused("STDIN before PARAMS end",
            f.begin() + f.record(f.STDIN, b"x" * 10))
    refused("parameter length 2^31 - 1",
            f.begin() + f.record(f.PARAMS, f.length(0x7fffffff) +
                                 f.length(1) + b"ABC"))
    refused("value length 2^31 - 1",
            f.begin() + f.record(f.PARAMS, f.length(4) +
                                 f.length(0x7fffffff) + b"NAME"))

    many = [("X%05d" % i, "y") for i in range(10000)]
    answered("10,000 parameters", list(f.base_params().items()) + many,
             want=431)
    still_answers("10,000 parameters")
    headers = [("HTTP_X_H%03d" % i, "v") for i in range(70)]
    answered("70 HTTP_* headers", list(f.base_params().items()) + headers,
             want=431)
    answered("a 20 KB header",
             f.base_params(HTTP_X_BIG="v" * 20000), want=431)
    answered("a 10 KB REQUEST_URI",
             f.base_params(uri="/" + "a" * 10000), want=414)
    answered("no REQUEST_METHOD",
             {k: v for k, v in f.base_params().items()
              if k != "REQUEST_METHOD"}, want=400)
    answered("REQUEST_METHOD with a space",
             f.base_params(REQUEST_METHOD="G T"), want=400)
    answered("CR in a header value",
             f.base_params(HTTP_X_EVIL="a\r\nSet-Cookie: x=1"), want=400)
    still_answers("bad parameters")

    answered("body longer than CONTENT_LENGTH",
             f.base_params(method="POST", CONTENT_LENGTH="5",
                           CONTENT_TYPE="application/x-www-form-urlencoded"),
             body=b"a=1&b" + b"x" * 100000, want=405)
    answered("body shorter than CONTENT_LENGTH",
             f.base_params(method="POST", CONTENT_LENGTH="100"),
             body=b"a=1", want=400)
    answered("CONTENT_LENGTH not a number",
             f.base_params(method="POST", CONTENT_LENGTH="-1"), want=400)
    answered("CONTENT_LENGTH 3000000 (Waypoint's own limit)",
             f.base_params(method="POST", CONTENT_LENGTH="3000000"),
             want=413)
    still_answers("bad bodies")

    # Clients that go away before the answer is written: the worker sees
    # EPIPE (SIGPIPE is ignored) and goes on.
    for i in range(20):
        c = f.Conn(SOCKET)
        c.send(f.request_bytes(f.base_params(uri="/news")))
        c.close(reset=True)
    for i in range(10):
        c = f.Conn(SOCKET)
        c.send(f.request_bytes(f.base_params(uri="/news")))
        try:
            c.read_record(time.monotonic() + 2)
        except (OSError, EOFError, ValueError):
            pass
        c.close(reset=True)
    time.sleep(0.2)
    still_answers("30 clients gone mid-response")

    # The records that make Debian's libfcgi abort (CVE-2025-23016, half
    # fixed): the worker dies, the supervisor starts another.
    refused("name and value lengths 0x7ffffffe (libfcgi aborts)",
            f.begin() + f.record(f.PARAMS, f.length(0x7ffffffe) +
                                 f.length(0x7ffffffe) + b"AB"))
    refused("name and value lengths 0x40000000 (libfcgi aborts)",
            f.begin() + f.record(f.PARAMS, f.length(0x40000000) +
                                 f.length(0x40000000) + b"AB"))

    # What Waypoint reads from the parameters.
    rs = answered("HEAD /", f.base_params(method="HEAD"), want=200)
    if rs is not None and rs.status == 200:
        check("HEAD /: no body, a Content-Length",
              rs.body == b"" and (rs.header("content-length") or "0") != "0",
              "%d body bytes, Content-Length %r" %
              (len(rs.body), rs.header("content-length")))
    rs = answered("HTTPS=on", f.base_params(HTTPS="on"), want=200)
    if rs is not None:
        check("HTTPS=on: Strict-Transport-Security",
              rs.header("strict-transport-security"),
              "headers %r" % rs.headers)
    rs = answered("no HTTPS", f.base_params(), want=200)
    if rs is not None:
        check("no HTTPS: no Strict-Transport-Security",
              rs.header("strict-transport-security") is None,
              "got %r" % rs.header("strict-transport-security"))
    p = f.base_params(uri="/news?page=1")
    del p["REQUEST_URI"]
    answered("no REQUEST_URI: DOCUMENT_URI /news + QUERY_STRING page=1", p,
             want=200)
    p = f.base_params(DOCUMENT_URI="/no such%page")
    del p["REQUEST_URI"]
    answered("no REQUEST_URI: decoded DOCUMENT_URI with a space and a %",
             p, want=404)
    answered("REQUEST_URI decoded once: /%2561bout (not /about)",
             f.base_params(uri="/%2561bout"), want=404)

    stalled.close()
    still_answers("the half-sent peer closing")

    # nginx answers from the headers alone: no body is sent, so its close
    # cannot cut the answer short.
    status, _ = http_get(NGINX_URL, "/", "POST",
                         [("Content-Length", "3000000"),
                          ("Content-Type", "application/octet-stream")])
    check("POST 3,000,000 bytes through nginx -> 413", status == 413,
          "got %s" % status)

    worst = max(timings, key=lambda x: x[1])
    print("# health checks: %d, slowest %.1f ms (after %s), budget %.0f ms"
          % (len(timings), worst[1] * 1000, worst[0], HEALTH_BUDGET * 1000))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

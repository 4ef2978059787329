#!/usr/bin/env python3
"""smuggling.py: request-smuggling shapes and malformed HTTP/1.1 sent over
raw sockets to a running server, each expecting the transport's refusal.

usage: smuggling.py HOST PORT

Each case sends its bytes on a fresh connection (most with a second,
smuggled request behind them), reads until the server closes (at most a few
seconds), and checks the status of the first answer, that the connection
was closed when it must be, and that nothing was answered as a second
request. Only transport-level statuses are asserted; where the app answers,
any status the app may give is accepted. Prints one line per case, then
"N passed, N failed"; exits 1 on any failure. Python 3 standard library
only.
"""

import socket
import sys
import time

BODY_MAX = 2 * 1024 * 1024      # REQUEST_BODY_MAX in src/request.h
SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
CLOSE_WAIT = 5.0                # seconds to wait for the server to close


def post(headers, body=b"", version=b"HTTP/1.1"):
    """A POST / with the given header lines (bytes, without CRLF)."""
    head = b"POST / " + version + b"\r\nHost: x\r\n"
    for h in headers:
        head += h + b"\r\n"
    return head + b"\r\n" + body


def get(target=b"/", headers=(), method=b"GET", host=b"x"):
    head = method + b" " + target + b" HTTP/1.1\r\n"
    if host is not None:
        head += b"Host: " + host + b"\r\n"
    for h in headers:
        head += h + b"\r\n"
    return head + b"\r\n"


def chunked(total, piece=64 * 1024):
    """Chunks carrying total bytes, then the last chunk."""
    out = []
    left = total
    while left > 0:
        n = min(piece, left)
        out.append(b"%x\r\n" % n + b"a" * n + b"\r\n")
        left -= n
    out.append(b"0\r\n\r\n")
    return b"".join(out)


class Case:
    def __init__(self, name, data, expect, close=True, answers=1,
                 not_expect=()):
        self.name = name
        self.data = data            # bytes
        self.expect = expect        # set of statuses; None: no answer
        self.close = close          # the server must close afterwards
        self.answers = answers      # how many answers must come back
        self.not_expect = not_expect


def cases():
    c = []
    add = c.append

    # Keep-alive must still work for ordinary requests.
    add(Case("keep-alive: two GETs on one connection",
             get(b"/") + get(b"/", [b"Connection: close"]),
             None, close=True, answers=2,
             not_expect=(400, 413, 414, 431)))
    add(Case("keep-alive: POST with a body, then a GET",
             post([b"Content-Length: 5"], b"a=b&c") +
             get(b"/", [b"Connection: close"]),
             None, close=True, answers=2,
             not_expect=(400, 413, 414, 431)))

    # Content-Length.
    add(Case("two different Content-Length",
             post([b"Content-Length: 3", b"Content-Length: 5"],
                  b"abcde" + SMUGGLED), {400}))
    add(Case("duplicated equal Content-Length",
             post([b"Content-Length: 5", b"Content-Length: 5"],
                  b"abcde" + SMUGGLED), {400}))
    add(Case("Content-Length : 5 (space before the colon)",
             post([b"Content-Length : 5"], b"abcde" + SMUGGLED), {400}))
    add(Case("Content-Length<TAB>: 5",
             post([b"Content-Length\t: 5"], b"abcde" + SMUGGLED), {400}))
    add(Case("Content-Length: +5",
             post([b"Content-Length: +5"], b"abcde" + SMUGGLED), {400}))
    add(Case("Content-Length: 5, 5",
             post([b"Content-Length: 5, 5"], b"abcde" + SMUGGLED), {400}))
    add(Case("Content-Length: 0x5",
             post([b"Content-Length: 0x5"], b"abcde" + SMUGGLED), {400}))
    add(Case("Content-Length: -1",
             post([b"Content-Length: -1"], b"abcde" + SMUGGLED), {400}))
    add(Case("Content-Length with Transfer-Encoding",
             post([b"Content-Length: 5", b"Transfer-Encoding: chunked"],
                  b"5\r\nabcde\r\n0\r\n\r\n" + SMUGGLED), {400}))

    # Transfer-Encoding.
    add(Case("Transfer-Encoding: gzip, chunked",
             post([b"Transfer-Encoding: gzip, chunked"],
                  b"5\r\nabcde\r\n0\r\n\r\n" + SMUGGLED), {400}))
    add(Case("Transfer-Encoding: gzip (unknown coding)",
             post([b"Transfer-Encoding: gzip"], b"abcde" + SMUGGLED),
             {400}))
    add(Case("Transfer-Encoding: chunked, chunked",
             post([b"Transfer-Encoding: chunked, chunked"],
                  b"5\r\nabcde\r\n0\r\n\r\n" + SMUGGLED), {400}))
    add(Case("two Transfer-Encoding headers",
             post([b"Transfer-Encoding: chunked",
                   b"Transfer-Encoding: chunked"],
                  b"5\r\nabcde\r\n0\r\n\r\n" + SMUGGLED), {400}))
    add(Case("Transfer-Encoding in HTTP/1.0",
             post([b"Transfer-Encoding: chunked"],
                  b"5\r\nabcde\r\n0\r\n\r\n" + SMUGGLED,
                  version=b"HTTP/1.0"), {400}))
    add(Case("bad chunk size",
             post([b"Transfer-Encoding: chunked"],
                  b"zz\r\nabcde\r\n0\r\n\r\n" + SMUGGLED), {400}))

    # What libmicrohttpd 0.9.75 hides: NULs and folded lines.
    add(Case("NUL in a header value",
             get(b"/", [b"X-A: b\x00c", b"X-B: d"]) + SMUGGLED, {400}))
    add(Case("NUL in the last header value",
             get(b"/", [b"X-A: b\x00c"]) + SMUGGLED, {400}))
    add(Case("NUL in Content-Length",
             post([b"Content-Length: 1\x005"], b"abcde" + SMUGGLED), {400}))
    add(Case("NUL in a header name",
             get(b"/", [b"X-\x00A: b"]) + SMUGGLED, {400}))
    add(Case("NUL in the target",
             b"GET /a\x00b HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED, {400}))
    add(Case("NUL in the method",
             b"GE\x00T / HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED, {400}))
    add(Case("folded header line",
             get(b"/", [b"X-A: b", b" c", b"X-B: d"]) + SMUGGLED, {400}))
    add(Case("folded last header line (tab)",
             get(b"/", [b"X-A: b", b"\tc"]) + SMUGGLED, {400}))
    add(Case("folded Content-Length",
             post([b"Content-Length: 5", b" 0"], b"abcde" + SMUGGLED),
             {400}))
    add(Case("first header line folded",
             b"GET / HTTP/1.1\r\n Host: x\r\n\r\n" + SMUGGLED, {400}))
    add(Case("bare CR in a header value",
             get(b"/", [b"X-A: b\rX-B: c"]) + SMUGGLED, {400}))
    add(Case("control byte in a header value",
             get(b"/", [b"X-A: b\x01c"]) + SMUGGLED, {400}))
    add(Case("header line without a colon",
             get(b"/", [b"X-A b"]) + SMUGGLED, {400}))
    add(Case("space in a header name",
             get(b"/", [b"X A: b"]) + SMUGGLED, {400}))
    add(Case("two Host headers",
             get(b"/", [b"Host: y"]) + SMUGGLED, {400}))
    add(Case("HTTP/1.1 without Host",
             get(b"/", host=None) + SMUGGLED, {400}))

    # Sizes.
    add(Case("40 KB header",
             get(b"/", [b"X-Big: " + b"a" * 40000]) + SMUGGLED, {431}))
    add(Case("65 headers",
             get(b"/", [b"X-H%d: v" % i for i in range(65)]) + SMUGGLED,
             {431}))
    add(Case("100 KB header (past libmicrohttpd's own limit)",
             get(b"/", [b"X-Big: " + b"a" * 100000]), {431}))
    add(Case("40 KB URI",
             get(b"/" + b"a" * 40000) + SMUGGLED, {414}))
    add(Case("100 KB URI (past libmicrohttpd's own limit)",
             get(b"/" + b"a" * 100000), {414}))
    add(Case("Content-Length over the limit (body never sent)",
             post([b"Content-Length: %d" % (BODY_MAX + 1)]), {413}))
    add(Case("Content-Length over the limit, Expect: 100-continue",
             post([b"Content-Length: %d" % (BODY_MAX * 10),
                   b"Expect: 100-continue"]), {413}))
    add(Case("Content-Length of 30 digits",
             post([b"Content-Length: " + b"9" * 30]), {413}))
    add(Case("chunked body past the limit",
             post([b"Transfer-Encoding: chunked"],
                  chunked(BODY_MAX + 64 * 1024) + SMUGGLED), {413}))
    add(Case("chunked body far past the limit (dropped or 413)",
             post([b"Transfer-Encoding: chunked"],
                  chunked(3 * BODY_MAX)), {413, None}))

    # Request line and target.
    # RFC 9112 3.2.2: the absolute form is a request like any other, its
    # authority the Host; the one after it on the connection is answered
    # in turn.
    add(Case("absolute-form target, Host evil.example: served, then the "
             "next request",
             get(b"http://evil.example/", host=b"evil.example") +
             get(b"/", [b"Connection: close"]),
             None, close=True, answers=2,
             not_expect=(400, 413, 414, 431)))
    add(Case("authority-form target (CONNECT)",
             get(b"evil.example:443", method=b"CONNECT") + SMUGGLED, {400}))
    add(Case("asterisk-form target (OPTIONS *)",
             get(b"*", method=b"OPTIONS") + SMUGGLED, {400}))
    add(Case("HTTP/0.9 request line", b"GET /\r\n" + SMUGGLED, {400}))
    add(Case("HTTP/2 preface",
             b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + SMUGGLED, {400, 505}))
    add(Case("lower-case method (an unknown method: the app's 405/501)",
             get(b"/", [b"Connection: close"], method=b"get"), {405, 501}))
    add(Case("method that is not a token",
             get(b"/", method=b"G(T") + SMUGGLED, {400}))
    add(Case("space in the target",
             get(b"/a b") + SMUGGLED, {400}))
    add(Case("control byte in the target",
             get(b"/a\x01b") + SMUGGLED, {400}))
    add(Case("raw non-ASCII byte in the target",
             get(b"/caf\xe9") + SMUGGLED, {400}))
    add(Case("%00 in the target", get(b"/a%00b") + SMUGGLED, {400}))
    add(Case("bad escape in the target", get(b"/a%zzb") + SMUGGLED, {400}))
    add(Case("truncated escape in the query",
             get(b"/a?q=%4") + SMUGGLED, {400}))
    add(Case("encoded CR LF in the path",
             get(b"/a%0d%0aSet-Cookie:%20x=y") + SMUGGLED, {400}))
    return c


def parse(data):
    """Complete answers in data: a list of (status, headers)."""
    out = []
    while data:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            break
        head = data[:end].decode("latin-1").split("\r\n")
        data = data[end + 4:]
        parts = head[0].split(" ")
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            out.append((-1, {}))
            break
        try:
            status = int(parts[1])
        except ValueError:
            out.append((-1, {}))
            break
        headers = {}
        for line in head[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        if status == 100:
            out.append((100, headers))
            continue
        try:
            n = int(headers.get("content-length", "0"))
        except ValueError:
            n = 0
        data = data[n:]
        out.append((status, headers))
    return out


def run(host, port, case):
    """Sends case.data; returns (answers, closed, note)."""
    note = ""
    s = socket.create_connection((host, port), timeout=CLOSE_WAIT)
    try:
        try:
            s.sendall(case.data)
        except (BrokenPipeError, ConnectionResetError):
            note = " (server stopped reading)"
        data = b""
        closed = False
        deadline = time.monotonic() + CLOSE_WAIT
        while time.monotonic() < deadline:
            s.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            data += chunk
    finally:
        s.close()
    return parse(data), closed, note


def check(case, answers, closed):
    """An empty string when the outcome is right, else what is wrong."""
    got = [a[0] for a in answers]
    if 100 in got:
        return "answered 100 Continue"
    if case.answers > 1:
        if len(got) != case.answers:
            return "expected %d answers, got %s" % (case.answers, got)
        for a in answers[:-1]:
            if a[1].get("connection", "").lower() == "close":
                return "keep-alive lost: Connection: close on %s" % got
    elif not got:
        if case.expect is None or None not in case.expect:
            return "no answer"
    elif len(got) > 1:
        return "answered a second request: %s" % got
    if case.expect is not None and got and got[0] not in case.expect:
        return "expected %s, got %d" % (
            "/".join(str(x) for x in sorted(case.expect, key=str)), got[0])
    for g in got:
        if g in case.not_expect:
            return "refused with %d" % g
    if case.close and not closed:
        return "connection left open"
    return ""


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: smuggling.py HOST PORT\n")
        return 2
    host, port = sys.argv[1], int(sys.argv[2])
    passed = failed = 0
    for case in cases():
        try:
            answers, closed, note = run(host, port, case)
            wrong = check(case, answers, closed)
        except OSError as e:
            wrong, answers, note = "socket error: %s" % e, [], ""
        got = ",".join(str(a[0]) for a in answers) or "none"
        if wrong:
            failed += 1
            print("FAIL %s: %s%s" % (case.name, wrong, note))
        else:
            passed += 1
            print("ok   %s: %s%s" % (case.name, got, note))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

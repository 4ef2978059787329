#!/usr/bin/env python3
"""corpus.py: a corpus of malformed HTTP/1.x requests, each sent as exact
bytes over a raw socket to `waypoint serve`, or to nginx in front of
`waypoint fcgi` (--via-nginx), each with the exact answer it must get.

usage: corpus.py HOST PORT [--via-nginx]

Most cases send a valid request behind the bad one on the same connection
(the probe: GET / with Connection: close). Where the bad request's end is
unknown, the server must answer once and close: neither the probe nor a
request hidden in a body is ever answered. Where the end is known, the
server keeps the connection and must answer the probe with 200. Every
answer made by Waypoint or nginx must carry the headers of
shared/SECURITY.md, and nothing sent as Host or in the target
(evil.example) may come back.

The pinned answers were learnt from Waypoint and Debian 12's nginx 1.22.1
(conf/nginx.conf) and checked one by one against RFC 9110/9112; a 500 or a
502 is never pinned. Four kinds of answer are not Waypoint's own and are
pinned as what they are, each a known limit of a Debian 12 library:
  MHD   libmicrohttpd 0.9.75 answers by itself before Waypoint sees the
        request, with no security headers and no Content-Type;
  MHD2  the same, and it writes its response head twice (its body then
        starts with a copy of the head): a 0.9.75 defect on a
        Content-Length it cannot parse;
  DROP  libmicrohttpd closes without a byte (a request line it cannot
        split at all);
  H09   nginx answers an HTTP/0.9 request line with the bare body, no
        status line, and closes.
Prints "ok - ..." / "FAIL - ...: ..." lines, then "N passed, N failed";
exits 1 on any failure. Python 3 standard library only.
"""

import os
import random
import re
import socket
import sys
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from lib import Checks, Conn, security_header_problems  # noqa: E402

BODY_MAX = 2 * 1024 * 1024      # REQUEST_BODY_MAX in src/request.h
# Seconds to wait for the server to close. nginx's lingering close keeps a
# connection up to lingering_timeout (5 s) after a 413 it sent before the
# body came.
CLOSE_WAIT = 7.0
EVIL = b"evil.example"
SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
FIELDS = 10000                  # form fields in the large form bodies
# The forged sign-in counts as a failure for its client address and its
# user name: both are its own, apart from admin.py's (127.0.0.2 to .9),
# headers.py's (.30 to .39) and signin.py's (.100 to .195), which count
# their own failures exactly on the same server; new on each run.
LOGIN_BIND = "127.0.0.%d" % random.randint(200, 249)
LOGIN_USER = b"corpus-%d" % random.randint(0, 10 ** 9)

CLOSE, KEEP = True, False
APP, MHD, MHD2, DROP, H09 = "app", "mhd", "mhd2", "drop", "h09"


class Want:
    """The answer a case must get from one transport: status (None for
    DROP and H09), close (CLOSE: answered once, then closed, the probe
    never answered; KEEP: the probe is answered with 200), and who
    answers (APP: Waypoint, or nginx itself; or one of the known limits
    above)."""

    def __init__(self, status, close, who=APP):
        self.status = status
        self.close = close
        self.who = who

    def __str__(self):
        s = {DROP: "dropped", H09: "HTTP/0.9 body"}.get(self.who,
                                                        str(self.status))
        s += ", closed" if self.close else ", kept"
        if self.who in (MHD, MHD2):
            s += " (libmicrohttpd's own)"
        return s


class Case:
    """One malformed request: data (bytes, or a function of the Host value
    that returns them), what serve and nginx must answer, and whether the
    probe follows it."""

    def __init__(self, name, data, serve, nginx, probe=True, bind=None):
        self.name = name
        self.data = data
        self.serve = serve
        self.nginx = nginx
        self.probe = probe
        self.bind = bind


def req(line, headers=(), body=b"", host=True):
    """A request: line (bytes, no CRLF), Host (filled in when sent) unless
    host is False, the header lines given, and body."""
    def build(h):
        out = line + b"\r\n"
        if host:
            out += b"Host: " + h + b"\r\n"
        for x in headers:
            out += x + b"\r\n"
        return out + b"\r\n" + body
    return build


def post(target, headers, body):
    return req(b"POST " + target + b" HTTP/1.1", headers, body)


def raw(data):
    return lambda h: data


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


def form(n):
    return b"&".join(b"f%d=v" % i for i in range(n))


def cases():
    big = form(FIELDS)
    ftype = b"Content-Type: application/x-www-form-urlencoded"
    flen = b"Content-Length: %d" % len(big)
    # A pre-session token of the client's own choosing, in the cookie and
    # the field alike: the form is parsed and the sign-in refused.
    forged = b"A" * 43
    login_big = (b"csrf_token=" + forged + b"&username=" + LOGIN_USER +
                 b"&password=wrong&" + big)
    c = []
    add = c.append

    # ------------------------------------------------ request lines
    add(Case("request line without a version",
             req(b"GET /"), Want(400, CLOSE, MHD), Want(None, CLOSE, H09)))
    add(Case("request line with an empty version",
             req(b"GET / "), Want(400, CLOSE, MHD), Want(None, CLOSE, H09)))
    add(Case("HTTP/0.9 request (GET / CRLF)",
             raw(b"GET /\r\n"), Want(400, CLOSE, MHD),
             Want(None, CLOSE, H09)))
    # RFC 9112 3: a recipient may split the line on any run of spaces.
    add(Case("two spaces between target and version",
             req(b"GET /  HTTP/1.1"), Want(400, CLOSE), Want(200, KEEP)))
    add(Case("tabs as separators in the request line",
             req(b"GET\t/\tHTTP/1.1"), Want(None, CLOSE, DROP),
             Want(400, CLOSE)))
    add(Case("garbage after the version",
             req(b"GET / HTTP/1.1 x"), Want(400, CLOSE, MHD),
             Want(400, CLOSE)))
    add(Case("garbage bytes (a TLS ClientHello)",
             raw(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" +
                 b"\x00" * 32 + b"\r\n\r\n"),
             Want(None, CLOSE, DROP), Want(400, CLOSE)))
    add(Case("binary garbage with a CRLF",
             raw(b"\xff\xfe\xfd\x80\x00\x01 \x7f\r\n\r\n"),
             Want(400, CLOSE, MHD), Want(400, CLOSE)))
    add(Case("overlong method (10,000 letters)",
             req(b"A" * 10000 + b" / HTTP/1.1"), Want(400, CLOSE),
             Want(414, CLOSE)))
    add(Case("method that is not a token",
             req(b"G(T / HTTP/1.1"), Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("HTTP/2 preface",
             raw(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
             Want(505, CLOSE, MHD), Want(400, CLOSE)))
    add(Case("version HTTP/2.0 on a GET",
             req(b"GET / HTTP/2.0"), Want(505, CLOSE, MHD),
             Want(505, CLOSE)))
    # RFC 9112 2.3: a higher minor version is read as HTTP/1.1.
    add(Case("version HTTP/1.2 (served as HTTP/1.1)",
             req(b"GET / HTTP/1.2"), Want(200, KEEP), Want(200, KEEP)))
    add(Case("lower-case version http/1.1",
             req(b"GET / http/1.1"), Want(400, CLOSE, MHD),
             Want(400, CLOSE)))
    add(Case("lower-case method (get / HTTP/1.1)",
             req(b"get / HTTP/1.1"), Want(405, KEEP), Want(400, CLOSE)))
    add(Case("unknown method (FOO / HTTP/1.1)",
             req(b"FOO / HTTP/1.1"), Want(405, KEEP), Want(405, KEEP)))
    add(Case("CONNECT with an authority-form target",
             req(b"CONNECT evil.example:443 HTTP/1.1"), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("OPTIONS * (asterisk-form)",
             req(b"OPTIONS * HTTP/1.1"), Want(400, CLOSE),
             Want(400, CLOSE)))

    # ------------------------------------------------ targets and Host
    # RFC 9112 3.2.2: a server takes the absolute form a client sends a
    # proxy, its authority standing for Host; both transports answer it
    # as the origin form (the one site answers any host).
    add(Case("absolute-form target with Host: evil.example",
             raw(b"GET http://evil.example/ HTTP/1.1\r\n"
                 b"Host: evil.example\r\n\r\n"),
             Want(200, KEEP), Want(200, KEEP)))
    add(Case("absolute-form target naming this site",
             lambda h: b"GET http://" + h + b"/about/ HTTP/1.1\r\nHost: " +
             h + b"\r\n\r\n", Want(301, KEEP), Want(301, KEEP)))
    add(Case("absolute-form target, upper-case https scheme, no path",
             lambda h: b"GET HTTPS://" + h + b" HTTP/1.1\r\nHost: " +
             h + b"\r\n\r\n", Want(200, KEEP), Want(200, KEEP)))
    add(Case("absolute-form target, its host not the Host header's",
             lambda h: b"GET http://" + h + b"/news/?page=0 HTTP/1.1\r\n"
             b"Host: evil.example\r\n\r\n", Want(301, KEEP),
             Want(301, KEEP)))
    add(Case("absolute-form target with userinfo",
             lambda h: b"GET http://user@" + h + b"/ HTTP/1.1\r\nHost: " +
             h + b"\r\n\r\n", Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("absolute-form target with an empty authority",
             lambda h: b"GET http:/// HTTP/1.1\r\nHost: " + h +
             b"\r\n\r\n", Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("absolute-form target, a port that is not digits",
             lambda h: b"GET http://a.test:x/ HTTP/1.1\r\nHost: " + h +
             b"\r\n\r\n", Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("Host: evil.example on /news/ (a redirect)",
             raw(b"GET /news/ HTTP/1.1\r\nHost: evil.example\r\n\r\n"),
             Want(301, KEEP), Want(301, KEEP)))
    add(Case("Host: evil.example:8080 on /",
             raw(b"GET / HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n"),
             Want(200, KEEP), Want(200, KEEP)))
    add(Case("space in the target",
             req(b"GET /a b HTTP/1.1"), Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("raw non-ASCII bytes in the target",
             req(b"GET /caf\xc3\xa9 HTTP/1.1"), Want(400, CLOSE),
             Want(400, KEEP)))
    add(Case("control byte in the target",
             req(b"GET /a\x01b HTTP/1.1"), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("%00 in the path",
             req(b"GET /a%00b HTTP/1.1"), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("%2e%2e segments in the path",
             req(b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1"),
             Want(404, KEEP), Want(400, CLOSE)))
    add(Case("%2e%2e out of /static/",
             req(b"GET /static/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1"),
             Want(404, KEEP), Want(400, CLOSE)))
    add(Case("..%2f out of /static/",
             req(b"GET /static/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1"),
             Want(404, KEEP), Want(400, CLOSE)))
    add(Case("bad escape in the target",
             req(b"GET /a%zz HTTP/1.1"), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("encoded CR LF in the path",
             req(b"GET /a%0d%0aSet-Cookie:%20x=y HTTP/1.1"),
             Want(400, CLOSE), Want(400, KEEP)))
    add(Case("40 KB URI",
             req(b"GET /" + b"a" * 40000 + b" HTTP/1.1"), Want(414, CLOSE),
             Want(414, CLOSE)))

    # ------------------------------------------------ headers
    add(Case("HTTP/1.1 without Host",
             req(b"GET / HTTP/1.1", host=False), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("two Host headers",
             req(b"GET / HTTP/1.1", [b"Host: evil.example"]),
             Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("folded header line",
             req(b"GET / HTTP/1.1", [b"X-A: b", b" c"]), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("folded Content-Length",
             post(b"/", [b"Content-Length: 5", b" 0"], b"abcde" + SMUGGLED),
             Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("header line without a colon",
             req(b"GET / HTTP/1.1", [b"X-A b"]), Want(400, CLOSE, MHD),
             Want(400, CLOSE)))
    add(Case("space in a header name",
             req(b"GET / HTTP/1.1", [b"X A: b"]), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("NUL in a header value",
             req(b"GET / HTTP/1.1", [b"X-A: b\x00c"]), Want(400, CLOSE),
             Want(400, CLOSE)))
    add(Case("bare CR in a header value",
             req(b"GET / HTTP/1.1", [b"X-A: b\rc"]), Want(400, CLOSE),
             Want(400, CLOSE)))
    # nginx ends the line at the LF (RFC 9112 2.2 allows it) and drops
    # the invalid line "c"; what it passes on is well formed.
    add(Case("bare LF in a header value",
             req(b"GET / HTTP/1.1", [b"X-A: b\nc"]), Want(400, CLOSE, MHD),
             Want(200, KEEP)))
    # nginx's 494 (Request Header Or Cookie Too Large) goes out as 400.
    add(Case("40 KB header",
             req(b"GET / HTTP/1.1", [b"X-Big: " + b"a" * 40000]),
             Want(431, CLOSE), Want(400, CLOSE)))
    add(Case("200 headers",
             req(b"GET / HTTP/1.1", [b"X-H%d: v" % i for i in range(200)]),
             Want(431, CLOSE), Want(431, KEEP)))

    # ------------------------------------------------ framing
    add(Case("Content-Length with Transfer-Encoding",
             post(b"/", [b"Content-Length: 5",
                         b"Transfer-Encoding: chunked"],
                  b"5\r\nabcde\r\n0\r\n\r\n" + SMUGGLED),
             Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("two different Content-Length",
             post(b"/", [b"Content-Length: 3", b"Content-Length: 5"],
                  b"abcde" + SMUGGLED), Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("Content-Length : 5 (space before the colon)",
             post(b"/", [b"Content-Length : 5"], b"abcde" + SMUGGLED),
             Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("Content-Length: -1",
             post(b"/", [b"Content-Length: -1"], b"abcde" + SMUGGLED),
             Want(400, CLOSE, MHD2), Want(400, CLOSE)))
    add(Case("Content-Length: 5, 5",
             post(b"/", [b"Content-Length: 5, 5"], b"abcde" + SMUGGLED),
             Want(400, CLOSE, MHD2), Want(400, CLOSE)))
    add(Case("Transfer-Encoding: gzip, chunked",
             post(b"/", [b"Transfer-Encoding: gzip, chunked"],
                  b"5\r\nabcde\r\n0\r\n\r\n" + SMUGGLED),
             Want(400, CLOSE), Want(501, CLOSE)))
    add(Case("Transfer-Encoding: identity",
             post(b"/", [b"Transfer-Encoding: identity"],
                  b"abcde" + SMUGGLED), Want(400, CLOSE), Want(501, CLOSE)))
    add(Case("Transfer-Encoding in HTTP/1.0",
             lambda h: b"POST / HTTP/1.0\r\nHost: " + h + b"\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n" +
             SMUGGLED, Want(400, CLOSE), Want(400, CLOSE)))
    add(Case("bad chunk size",
             post(b"/", [b"Transfer-Encoding: chunked"],
                  b"zz\r\nabcde\r\n0\r\n\r\n" + SMUGGLED),
             Want(400, CLOSE, MHD), Want(400, CLOSE)))
    add(Case("chunk size past 64 bits",
             post(b"/", [b"Transfer-Encoding: chunked"],
                  b"1" + b"0" * 17 + b"\r\nabcde\r\n0\r\n\r\n" + SMUGGLED),
             Want(413, CLOSE, MHD), Want(400, CLOSE)))
    add(Case("chunked body past the 2 MiB limit",
             post(b"/", [b"Transfer-Encoding: chunked"],
                  chunked(BODY_MAX + 64 * 1024) + SMUGGLED),
             Want(413, CLOSE), Want(413, CLOSE)))
    add(Case("Content-Length past the limit, body not sent",
             post(b"/", [b"Content-Length: %d" % (BODY_MAX + 1)], b""),
             Want(413, CLOSE), Want(413, CLOSE), probe=False))
    add(Case("Expect: 100-continue with a huge Content-Length",
             post(b"/admin/login", [b"Content-Length: 999999999999",
                                    b"Expect: 100-continue"], b""),
             Want(413, CLOSE), Want(413, CLOSE), probe=False))

    # ------------------------------------------------ large forms
    add(Case("10,000 form fields to / (405)",
             post(b"/", [ftype, flen], big), Want(405, KEEP),
             Want(405, KEEP)))
    add(Case("10,000 form fields to /news (405)",
             post(b"/news", [ftype, flen], big), Want(405, KEEP),
             Want(405, KEEP)))
    add(Case("10,000 form fields to /admin/login, no pre-session cookie",
             post(b"/admin/login", [ftype, flen], big), Want(403, KEEP),
             Want(403, KEEP)))
    add(Case("10,000 form fields to /admin/login, forged pre-session",
             post(b"/admin/login", [ftype, b"Cookie: wp_prelogin=" + forged,
                                    b"Content-Length: %d" % len(login_big)],
                  login_big), Want(401, KEEP), Want(401, KEEP),
             bind=LOGIN_BIND))
    return c


def probe(host):
    return (b"GET / HTTP/1.1\r\nHost: " + host +
            b"\r\nConnection: close\r\n\r\n")


class Replay(Conn):
    """Parses responses out of bytes already received, remembering every
    status line, 1xx included."""

    def __init__(self, data):   # noqa: no socket, so no Conn.__init__
        self.buf = data
        self.eof = True
        self.timeout = 0.1
        self.heads = []

    def read_head(self, deadline=None):
        h = super().read_head(deadline)
        self.heads.append(h[1])
        return h


def exchange(host, port, data, bind):
    """Sends data and reads until the server closes or CLOSE_WAIT passes.
    Returns (bytes received, closed, note)."""
    c = Conn(host, port, bind=bind, timeout=CLOSE_WAIT)
    note = ""
    got = b""
    closed = False
    try:
        try:
            c.send(data)
        except OSError as e:
            note = " (send stopped: %s)" % type(e).__name__
        end = time.monotonic() + CLOSE_WAIT
        while time.monotonic() < end:
            try:
                if not c._recv(timeout=max(0.01, end - time.monotonic())):
                    closed = True
                    break
            except socket.timeout:
                break
            except OSError:         # a reset: closed
                closed = True
                break
            if len(c.buf) > 16 << 20:
                break
        got = c.buf
    finally:
        c.close()
    return got, closed, note


def judge(case, want, got, closed):
    """What is wrong with the bytes got, as a list of strings."""
    bad = []
    lines = re.findall(rb"HTTP/1\.[01] (\d{3}) ", got)
    statuses = [int(x) for x in lines]
    if 500 in statuses or 502 in statuses:
        bad.append("a 500/502 is a server bug")
    if EVIL in got.lower():
        bad.append("evil.example echoed")
    if b"/smuggled" in got:
        bad.append("hidden request answered")
    if want.close and not closed:
        bad.append("connection left open")

    if want.who == DROP:
        if got:
            bad.append("answered %r" % got[:80])
        return bad
    if want.who == H09:
        if not got or got.startswith(b"HTTP/"):
            bad.append("want a bare HTTP/0.9 body, got %r" % got[:80])
        elif statuses:
            bad.append("status lines after the body: %s" % statuses)
        return bad

    rp = Replay(got)
    answers = []
    while rp.buf and len(answers) < 3:
        rs = rp.read_response("GET", "")
        answers.append(rs)
        rp.buf = rs.extra       # read_response hands what follows there
        if not rs.status:
            break
    informational = [s for s in rp.heads if 100 <= s < 200]
    if informational:
        bad.append("sent %s first" % informational)
    if not answers or not answers[0].status:
        bad.append("no answer%s" % (" (%s)" % answers[0].error
                                    if answers else ""))
        return bad
    first = answers[0]
    if first.status != want.status:
        bad.append("status %d, want %d" % (first.status, want.status))
    if want.close:
        # MHD2 repeats its own status line; nothing else may follow.
        allowed = 2 if want.who == MHD2 else 1
        if len(statuses) > allowed or set(statuses) != {want.status}:
            bad.append("status lines %s" % statuses)
    elif case.probe:
        if len(answers) < 2 or answers[1].status != 200 or \
                len(statuses) != 2:
            bad.append("probe not answered with 200 after it: %s" % (
                [a.status or a.error for a in answers]))
    for i, rs in enumerate(answers):
        if not rs.status:
            continue
        if i == 0 and want.who in (MHD, MHD2):
            if rs.header("x-content-type-options") == "nosniff":
                bad.append("libmicrohttpd's answer now has the security "
                           "headers: pin it as Waypoint's")
            continue
        probs = security_header_problems(rs)
        # The sign-in form sets its pre-session cookie.
        probs = [p for p in probs
                 if not p.startswith("sets a cookie: ['wp_prelogin=")]
        if probs:
            bad.append("answer %d: %s" % (i + 1, "; ".join(probs)))
    return bad


def main():
    args = sys.argv[1:]
    via_nginx = "--via-nginx" in args
    args = [a for a in args if a != "--via-nginx"]
    if len(args) != 2 or not args[1].isdigit():
        sys.stderr.write("usage: corpus.py HOST PORT [--via-nginx]\n")
        return 2
    host, port = args[0], int(args[1])
    netloc = ("%s:%d" % (host, port)).encode("ascii")
    t = Checks()
    all_cases = cases()
    t.check("corpus holds at least 40 cases (%d)" % len(all_cases),
            len(all_cases) >= 40)
    for case in all_cases:
        want = case.nginx if via_nginx else case.serve
        name = "%s -> %s" % (case.name, want)
        data = case.data(netloc)
        if case.probe:
            data += probe(netloc)
        try:
            got, closed, note = exchange(host, port, data, case.bind)
        except OSError as e:
            t.check(name, False, "socket error: %s" % e)
            continue
        bad = judge(case, want, got, closed)
        t.check(name, not bad, "; ".join(bad) + note)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

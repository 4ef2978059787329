"""lib.py: raw-socket HTTP/1.1 client and check bookkeeping shared by the
HTTP test scripts (suite.py, limits.py). Python 3 standard library only.

Requests go over plain sockets so that what is sent is exactly what the test
wrote (no client library normalises "..", escapes or HEAD handling), and every
socket operation has a timeout so that no script can hang.
"""

import html
import os
import re
import socket
import sys
import time
from urllib.parse import urlsplit

TIMEOUT = 5.0          # each socket operation
RESPONSE_DEADLINE = 15.0   # one whole response, however it trickles in
HEAD_MAX = 1 << 20     # a response head larger than this is an error
BODY_MAX = 16 << 20    # so is a body larger than this

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy":
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


class ProtocolError(Exception):
    """The peer sent something that is not an HTTP/1.x response."""


class Response:
    """One parsed response. status is 0 when none could be read (error then
    says why). headers keeps order and duplicates as (name, value) pairs."""

    def __init__(self, method="", target=""):
        self.method = method
        self.target = target
        self.status = 0
        self.reason = ""
        self.version = ""
        self.headers = []
        self.body = b""
        self.extra = b""       # bytes that came after the framed message
        self.closed = None     # True: peer closed after it; None: unknown
        self.asked_close = False   # the request said Connection: close
        self.error = None

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def is_html(self):
        ct = self.header("content-type") or ""
        return ct.lower().startswith("text/html")

    def label(self):
        t = self.target if len(self.target) <= 60 else self.target[:57] + "..."
        return "%s %s -> %s" % (self.method, t, self.status or self.error)


class Conn:
    """One TCP connection with a read buffer; bind picks the local address."""

    def __init__(self, host, port, bind=None, timeout=TIMEOUT):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.timeout = timeout
        try:
            if bind:
                self.sock.bind((bind, 0))
            self.sock.connect((host, port))
        except OSError:
            self.sock.close()
            raise
        self.buf = b""
        self.eof = False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("latin-1")
        self.sock.sendall(data)

    def _recv(self, timeout=None):
        """Reads once into buf. Returns False at EOF; socket.timeout and
        OSError (reset) go to the caller."""
        if self.eof:
            return False
        self.sock.settimeout(self.timeout if timeout is None else timeout)
        try:
            data = self.sock.recv(65536)
        finally:
            self.sock.settimeout(self.timeout)
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def _need(self, n, deadline):
        while len(self.buf) < n:
            if time.monotonic() > deadline:
                raise ProtocolError("response too slow")
            if not self._recv():
                raise ProtocolError("connection closed after %d of %d bytes"
                                    % (len(self.buf), n))

    def _line(self, deadline):
        while b"\r\n" not in self.buf:
            if len(self.buf) > HEAD_MAX:
                raise ProtocolError("line too long")
            if time.monotonic() > deadline:
                raise ProtocolError("response too slow")
            if not self._recv():
                raise ProtocolError("connection closed inside a line")
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def read_head(self, deadline=None):
        """Reads one response head; returns (version, status, reason,
        headers). Raises ProtocolError, socket.timeout or OSError."""
        if deadline is None:
            deadline = time.monotonic() + RESPONSE_DEADLINE
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > HEAD_MAX:
                raise ProtocolError("response head too large")
            if time.monotonic() > deadline:
                raise ProtocolError("response head too slow")
            if not self._recv():
                if not self.buf:
                    raise ProtocolError("connection closed without a response")
                raise ProtocolError("connection closed inside the head: %r"
                                    % self.buf[:200])
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        m = re.match(r"^(HTTP/1\.[01]) (\d{3})(?: (.*))?$", lines[0])
        if not m:
            raise ProtocolError("bad status line %r" % lines[0][:200])
        headers = []
        for ln in lines[1:]:
            if ":" not in ln:
                raise ProtocolError("bad header line %r" % ln[:200])
            k, v = ln.split(":", 1)
            headers.append((k, v.strip(" \t")))
        return m.group(1), int(m.group(2)), m.group(3) or "", headers

    def read_response(self, method="GET", target="", linger=0.0,
                      seconds=RESPONSE_DEADLINE):
        """Reads one whole response to a request of method, for at most
        seconds. Then waits up to linger seconds for anything more (stored
        in extra) or for the peer to close (closed). Never raises: problems
        end up in error."""
        rs = Response(method, target)
        deadline = time.monotonic() + seconds
        try:
            while True:
                rs.version, rs.status, rs.reason, rs.headers = \
                    self.read_head(deadline)
                if 100 <= rs.status < 200 and rs.status != 101:
                    continue
                break
            rs.body = self._read_body(rs, method, deadline)
        except (ProtocolError, OSError) as e:
            rs.error = "%s: %s" % (type(e).__name__, e)
            return rs
        if linger > 0:
            end = time.monotonic() + linger
            try:
                while True:
                    left = end - time.monotonic()
                    if left <= 0:
                        break
                    if not self._recv(timeout=left):
                        rs.closed = True
                        break
                    if len(self.buf) > BODY_MAX:
                        break
            except socket.timeout:
                rs.closed = False
            except OSError:
                rs.closed = True
        rs.extra, self.buf = self.buf, b""
        return rs

    def _read_body(self, rs, method, deadline):
        if method == "HEAD" or rs.status in (204, 304):
            return b""
        te = (rs.header("transfer-encoding") or "").lower()
        if te:
            if te != "chunked":
                raise ProtocolError("unexpected Transfer-Encoding %r" % te)
            return self._read_chunked(deadline)
        cl = rs.header_all("content-length")
        if cl:
            if len(set(cl)) != 1 or not re.fullmatch(r"\d{1,12}", cl[0]):
                raise ProtocolError("bad Content-Length %r" % cl)
            n = int(cl[0])
            if n > BODY_MAX:
                raise ProtocolError("body too large (%d)" % n)
            self._need(n, deadline)
            body, self.buf = self.buf[:n], self.buf[n:]
            return body
        while self._recv():
            if len(self.buf) > BODY_MAX:
                raise ProtocolError("body too large")
            if time.monotonic() > deadline:
                raise ProtocolError("body too slow")
        body, self.buf = self.buf, b""
        return body

    def _read_chunked(self, deadline):
        body = b""
        while True:
            line = self._line(deadline).split(b";", 1)[0].strip()
            if not re.fullmatch(rb"[0-9a-fA-F]{1,8}", line):
                raise ProtocolError("bad chunk size %r" % line[:40])
            n = int(line, 16)
            if n == 0:
                while self._line(deadline):
                    pass
                return body
            if len(body) + n > BODY_MAX:
                raise ProtocolError("body too large")
            self._need(n + 2, deadline)
            if self.buf[n:n + 2] != b"\r\n":
                raise ProtocolError("chunk not followed by CRLF")
            body += self.buf[:n]
            self.buf = self.buf[n + 2:]


def build_request(method, target, host, headers=(), body=b""):
    """The bytes of one request. headers is a sequence of (name, value);
    Content-Length is added for a body or for POST/PUT/PATCH."""
    lines = ["%s %s HTTP/1.1" % (method, target), "Host: %s" % host]
    for k, v in headers:
        lines.append("%s: %s" % (k, v))
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append("Content-Length: %d" % len(body))
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return raw + body


class Client:
    """Talks to one base URL ("http://host:port"), one connection per
    request unless told otherwise, and remembers every response it got."""

    def __init__(self, base_url):
        u = urlsplit(base_url)
        if u.scheme != "http" or not u.hostname or u.path not in ("", "/"):
            raise SystemExit("base URL must be http://HOST[:PORT], got %r"
                             % base_url)
        self.host = u.hostname
        self.port = u.port or 80
        self.netloc = u.netloc
        self.responses = []

    def connect(self, bind=None):
        return Conn(self.host, self.port, bind=bind)

    def request(self, method, target, headers=(), body=b"", host=None,
                record=True):
        """Sends one request with Connection: close and reads the answer to
        the end (up to 1 s after it for stray bytes and the close). Never
        raises."""
        hdrs = list(headers) + [("Connection", "close")]
        raw = build_request(method, target, host or self.netloc, hdrs, body)
        try:
            c = self.connect()
        except OSError as e:
            rs = Response(method, target)
            rs.error = "connect: %s" % e
            return self._keep(rs, record)
        try:
            try:
                c.send(raw)
            except OSError:
                pass    # the server may answer and close early; read it
            rs = c.read_response(method, target, linger=1.0)
        finally:
            c.close()
        rs.asked_close = True
        return self._keep(rs, record)

    def _keep(self, rs, record):
        if record:
            self.responses.append(rs)
        return rs

    def get(self, target, headers=(), **kw):
        return self.request("GET", target, headers, **kw)


class Checks:
    """Prints "ok - name" or "FAIL - name: detail" per check and the final
    "N passed, N failed" line ("PREFIX: N passed, N failed" when given a
    prefix). A set-up step (a server started, an account added, an editor
    signed in before the test proper) is no check: setup() logs it as a
    plain "# name" line, uncounted, and counts it only when it fails."""

    def __init__(self, prefix=None):
        self.prefix = prefix
        self.passed = 0
        self.failed = 0

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print("ok - %s" % name)
        else:
            self._fail(name, detail)
        sys.stdout.flush()
        return bool(cond)

    def setup(self, name, cond, detail=""):
        """A set-up step: "# name" when cond holds, not counted; a FAIL
        line, counted as a failure, when it does not. Returns cond."""
        if cond:
            print("# %s" % name)
        else:
            self._fail(name, detail)
        sys.stdout.flush()
        return bool(cond)

    def _fail(self, name, detail):
        self.failed += 1
        detail = one_line(detail) if detail else "check failed"
        print("FAIL - %s: %s" % (name, detail))

    def status(self, name, rs, want):
        """Checks that rs has status want (an int or a tuple of ints)."""
        wants = want if isinstance(want, tuple) else (want,)
        return self.check(name, rs.status in wants, "want %s, got %s"
                          % ("/".join(map(str, wants)), describe(rs)))

    def crashed(self, name, exc):
        self.check(name, False, "test raised %s: %s" % (type(exc).__name__,
                                                        exc))

    def finish(self):
        print("%s%d passed, %d failed" % (self.prefix + ": " if self.prefix
                                          else "", self.passed, self.failed))
        sys.stdout.flush()
        return 1 if self.failed else 0


def one_line(s, limit=300):
    s = re.sub(r"\s+", " ", str(s)).strip()
    return s if len(s) <= limit else s[:limit - 3] + "..."


def describe(rs):
    if rs.status == 0:
        return "no response (%s)" % rs.error
    s = "%d" % rs.status
    if rs.error:
        s += " (%s)" % rs.error
    loc = rs.header("location")
    if loc is not None:
        s += " Location: %s" % loc
    return s


def text_of(fragment):
    """Visible text of an HTML fragment: tags dropped (with what a script
    element holds, such as a page's JSON-LD), entities decoded, white space
    collapsed."""
    if isinstance(fragment, bytes):
        fragment = fragment.decode("utf-8", "replace")
    fragment = re.sub(r"<script\b[^>]*>.*?</script\s*>", " ", fragment,
                      flags=re.S | re.I)
    fragment = re.sub(r"<!--.*?-->", " ", fragment, flags=re.S)
    fragment = re.sub(r"<[^>]*>", " ", fragment)
    return re.sub(r"\s+", " ", html.unescape(fragment)).strip()


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def security_header_problems(rs):
    """What is wrong with the headers every response must (or must not)
    carry, per shared/SECURITY.md, over plain HTTP. [] when all is well."""
    bad = []
    for name, want in COMMON_HEADERS.items():
        got = rs.header_all(name)
        if got != [want]:
            bad.append("%s is %r, want %r" % (name, got, want))
    if rs.status != 304 and not rs.header("content-type"):
        bad.append("no Content-Type")
    if rs.header_all("x-powered-by"):
        bad.append("X-Powered-By present")
    for v in rs.header_all("server"):
        if re.search(r"\d", v):
            bad.append("Server header shows a version: %r" % v)
    if rs.header_all("strict-transport-security"):
        bad.append("Strict-Transport-Security over plain HTTP")
    if rs.header_all("set-cookie"):
        bad.append("sets a cookie: %r" % rs.header_all("set-cookie"))
    if rs.is_html():
        if rs.header_all("content-security-policy") != [CSP]:
            bad.append("Content-Security-Policy is %r"
                       % rs.header_all("content-security-policy"))
        if rs.header_all("x-frame-options") != ["DENY"]:
            bad.append("X-Frame-Options is %r"
                       % rs.header_all("x-frame-options"))
    return bad


def children(pid):
    """The pids of pid's child processes."""
    kids = []
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return kids

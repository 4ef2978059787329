"""fcgiclient.py: a small FastCGI client (FastCGI 1.0, responder role) for
the tests, Python 3 standard library only. It can send well-formed requests
and, byte by byte, anything else.

Every socket operation has a timeout, so no test can hang.
"""

import socket
import struct
import time

VERSION = 1
BEGIN_REQUEST = 1
ABORT_REQUEST = 2
END_REQUEST = 3
PARAMS = 4
STDIN = 5
STDOUT = 6
STDERR = 7
GET_VALUES = 9
GET_VALUES_RESULT = 10
UNKNOWN_TYPE = 11
RESPONDER = 1
RECORD_MAX = 65535
TIMEOUT = 5.0


def record(rtype, content=b"", request_id=1, version=VERSION, padding=0):
    """One record: the 8-byte header, content and padding."""
    return struct.pack("!BBHHBx", version, rtype, request_id, len(content),
                       padding) + content + b"\0" * padding


def length(n):
    """A name or value length: one byte below 128, else four with the high
    bit set (n up to 2**31 - 1)."""
    if n < 128:
        return bytes([n])
    return struct.pack("!I", n | 0x80000000)


def pair(name, value):
    if isinstance(name, str):
        name = name.encode("latin-1")
    if isinstance(value, str):
        value = value.encode("latin-1")
    return length(len(name)) + length(len(value)) + name + value


def stream(rtype, data, request_id=1):
    """data as records of type rtype, ended by an empty one."""
    out = b""
    for i in range(0, len(data), RECORD_MAX):
        out += record(rtype, data[i:i + RECORD_MAX], request_id)
    return out + record(rtype, b"", request_id)


def begin(request_id=1, keep_conn=False):
    body = struct.pack("!HB5x", RESPONDER, 1 if keep_conn else 0)
    return record(BEGIN_REQUEST, body, request_id)


def request_bytes(params, body=b"", request_id=1):
    """The bytes of a whole request: params is a sequence of (name, value)
    pairs or a dict."""
    if isinstance(params, dict):
        params = list(params.items())
    p = b"".join(pair(k, v) for k, v in params)
    return (begin(request_id) + stream(PARAMS, p, request_id) +
            stream(STDIN, body, request_id))


def base_params(method="GET", uri="/", **extra):
    """What nginx's fastcgi_params sends for a plain request."""
    path, _, query = uri.partition("?")
    p = {
        "QUERY_STRING": query,
        "REQUEST_METHOD": method,
        "CONTENT_TYPE": "",
        "CONTENT_LENGTH": "",
        "SCRIPT_NAME": path,
        "REQUEST_URI": uri,
        "DOCUMENT_URI": path,
        "DOCUMENT_ROOT": "/nonexistent",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REQUEST_SCHEME": "http",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_SOFTWARE": "nginx",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "40000",
        "SERVER_ADDR": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_NAME": "_",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": "fcgiclient",
    }
    p.update(extra)
    return p


class Response:
    """What came back: status (0 when none), headers as (name, value)
    pairs, body, and whether END_REQUEST arrived."""

    def __init__(self):
        self.status = 0
        self.headers = []
        self.body = b""
        self.stdout = b""
        self.stderr = b""
        self.ended = False
        self.closed = False
        self.error = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def describe(self):
        if self.status:
            return "status %d, %d body bytes%s" % (
                self.status, len(self.body),
                "" if self.ended else ", no END_REQUEST")
        if self.error:
            return "no answer (%s)" % self.error
        return "no answer (connection closed)" if self.closed else \
            "no answer"


class Conn:
    """One connection to a FastCGI socket: a unix path or (host, port)."""

    def __init__(self, address, timeout=TIMEOUT):
        if isinstance(address, str):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        else:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(address)
        except OSError:
            self.sock.close()
            raise
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def shut_write(self):
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self, reset=False):
        try:
            if reset:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                     struct.pack("ii", 1, 0))
            self.sock.close()
        except OSError:
            pass

    def _need(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("too slow")
            self.sock.settimeout(left)
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("closed after %d bytes" % len(self.buf))
            self.buf += data

    def read_record(self, deadline):
        """(type, request id, content); raises EOFError, socket.timeout or
        OSError."""
        self._need(8, deadline)
        version, rtype, rid, clen, plen = struct.unpack("!BBHHBx",
                                                        self.buf[:8])
        if version != VERSION:
            raise ValueError("record version %d" % version)
        self._need(8 + clen + plen, deadline)
        content = self.buf[8:8 + clen]
        self.buf = self.buf[8 + clen + plen:]
        return rtype, rid, content

    def read_response(self, timeout=TIMEOUT):
        """Reads records up to END_REQUEST (or a close); never raises."""
        rs = Response()
        deadline = time.monotonic() + timeout
        try:
            while True:
                rtype, _, content = self.read_record(deadline)
                if rtype == STDOUT:
                    rs.stdout += content
                elif rtype == STDERR:
                    rs.stderr += content
                elif rtype == END_REQUEST:
                    rs.ended = True
                    break
        except EOFError:
            rs.closed = True
        except (OSError, ValueError) as e:
            rs.error = "%s: %s" % (type(e).__name__, e)
            if isinstance(e, (ConnectionResetError, BrokenPipeError)):
                rs.closed = True
        parse_stdout(rs)
        return rs

    def wait_closed(self, timeout):
        """True when the peer closes (or resets) within timeout seconds,
        whatever it sent first."""
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.sock.settimeout(left)
                if not self.sock.recv(65536):
                    return True
        except socket.timeout:
            return False
        except OSError:
            return True


def parse_stdout(rs):
    head, sep, body = rs.stdout.partition(b"\r\n\r\n")
    if not sep:
        return
    for line in head.decode("latin-1").split("\r\n"):
        k, _, v = line.partition(":")
        rs.headers.append((k.strip(), v.strip()))
    status = rs.header("status")
    if status and status[:3].isdigit():
        rs.status = int(status[:3])
    rs.body = body


def fetch(address, params, body=b"", timeout=TIMEOUT):
    """Sends one whole request on a new connection and reads the answer."""
    c = Conn(address, timeout)
    try:
        c.send(request_bytes(params, body))
        return c.read_response(timeout)
    finally:
        c.close()

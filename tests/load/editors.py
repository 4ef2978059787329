"""editors.py: an editor's browser for the fault and load tests (sign in,
publish a release, save an edit), and the checks they share (lib.Checks,
from tests/http). Python 3 standard library only; every socket operation
has a timeout.

Used by tests/faults/crash.py and tests/load/*.py.
"""

import http.client
import os
import re
import socket
import sqlite3
import sys
import time
from urllib.parse import quote_plus

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "http"))
from lib import Checks, children  # noqa: E402,F401 - shared with the suites

TIMEOUT = 10.0
FORM_TYPE = "application/x-www-form-urlencoded"


class Answer:
    """status is 0 when the request failed (error says why)."""

    def __init__(self, status=0, headers=(), body=b"", error=None):
        self.status = status
        self.headers = headers
        self.body = body
        self.error = error

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __str__(self):
        return "%s" % (self.status or self.error)


def request(host, port, method, target, headers=(), body=None,
            timeout=TIMEOUT, bind=None):
    """One request on a connection of its own. Never raises."""
    c = http.client.HTTPConnection(host, port, timeout=timeout,
                                   source_address=(bind, 0) if bind
                                   else None)
    try:
        h = dict(headers)
        h["Connection"] = "close"
        c.request(method, target, body=body, headers=h)
        r = c.getresponse()
        return Answer(r.status, r.getheaders(), r.read())
    except (OSError, http.client.HTTPException) as e:
        return Answer(error="%s: %s" % (type(e).__name__, e))
    finally:
        c.close()


def encode(fields):
    return "&".join("%s=%s" % (quote_plus(k), quote_plus(v))
                    for k, v in fields).encode("ascii")


def csrf_of(text):
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', text)
    return m.group(1) if m else None


def input_value(text, name):
    m = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % name, text)
    return m.group(1) if m else None


class Editor:
    """One signed-in browser: cookies and the session's CSRF token."""

    def __init__(self, host, port, user, password):
        self.host, self.port = host, port
        self.user, self.password = user, password
        self.jar = {}
        self.csrf = None

    def go(self, method, target, fields=None, timeout=TIMEOUT):
        hdrs = []
        if self.jar:
            hdrs.append(("Cookie", "; ".join("%s=%s" % kv
                                             for kv in self.jar.items())))
        body = None
        if fields is not None:
            body = encode(fields)
            hdrs.append(("Content-Type", FORM_TYPE))
        rs = request(self.host, self.port, method, target, hdrs, body,
                     timeout)
        for k, v in rs.headers:
            if k.lower() != "set-cookie":
                continue
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if re.search(r"(?i)max-age=0\b", v) or value == "":
                self.jar.pop(name.strip(), None)
            else:
                self.jar[name.strip()] = value
        return rs

    def sign_in_once(self):
        """Signs in through the form. Returns None when it worked, else
        what went wrong."""
        self.jar = {}
        self.csrf = None
        page = self.go("GET", "/admin/login")
        token = csrf_of(page.text)
        if page.status != 200 or not token:
            return "GET /admin/login: %s" % page
        rs = self.go("POST", "/admin/login", [
            ("csrf_token", token), ("username", self.user),
            ("password", self.password), ("next", "/admin")])
        if rs.status != 303 or "wp_session" not in self.jar:
            return "POST /admin/login: %s" % rs
        home = self.go("GET", "/admin")
        self.csrf = csrf_of(home.text)
        if home.status != 200 or self.csrf is None:
            return "GET /admin: %s" % home
        return None

    def sign_in(self, tries=30):
        """Signs in, trying again (0.2 s apart) while the server is busy
        (it hashes at most 2 passwords at once) or down. Returns None when
        it worked, else what went wrong the last time."""
        why = None
        for _ in range(tries):
            why = self.sign_in_once()
            if why is None:
                return None
            time.sleep(0.2)
        return why

    def news_fields(self, title, body, version="", slug=""):
        return [("csrf_token", self.csrf), ("version", version),
                ("title", title), ("slug", slug), ("dateline", "Budapest"),
                ("date", time.strftime("%Y-%m-%d")), ("time", ""),
                ("summary", "Summary of %s." % title), ("body", body),
                ("status", "published"), ("action", "save")]

    def publish(self, title, body, timeout=TIMEOUT):
        """Creates a published release. Returns (answer, id or None): the
        id when the answer was the 303 to its edit page."""
        rs = self.go("POST", "/admin/news", self.news_fields(title, body),
                     timeout)
        m = re.search(r"/admin/news/(\d+)/edit$", rs.header("location")
                      or "")
        if rs.status == 303 and m:
            return rs, int(m.group(1))
        return rs, None

    def edit_form(self, nid):
        """(version, slug) of release nid from its edit form, or None."""
        rs = self.go("GET", "/admin/news/%d/edit" % nid)
        v, s = input_value(rs.text, "version"), input_value(rs.text, "slug")
        if rs.status != 200 or v is None or s is None:
            return None
        return v, s

    def save(self, nid, version, slug, title, body, timeout=TIMEOUT):
        """Saves an edit of release nid; True when answered with the 303
        back to its edit page."""
        rs = self.go("POST", "/admin/news/%d" % nid,
                     self.news_fields(title, body, version, slug), timeout)
        ok = (rs.status == 303 and re.search(
            r"/admin/news/%d/edit$" % nid, rs.header("location") or ""))
        return rs, bool(ok)


def db_connect(path):
    con = sqlite3.connect(path, timeout=10, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 10000")
    return con


def group_members(pgid):
    """The live (not zombie) processes of process group pgid."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                out.append(int(d))
        except (OSError, IndexError, ValueError):
            pass
    return out


def rss_kib(pid):
    """Resident set size of process pid in KiB (VmRSS), or None."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def wait_unix(path, timeout=10.0):
    """True once the unix socket path accepts a connection."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(1)
        try:
            s.connect(path)
            return True
        except OSError:
            time.sleep(0.02)
        finally:
            s.close()
    return False


def wait_tcp(port, timeout=10.0, host="127.0.0.1"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.02)
    return False

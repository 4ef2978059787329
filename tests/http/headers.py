#!/usr/bin/env python3
"""headers.py: the response headers of shared/SECURITY.md on every status
Waypoint can produce (200, 301, 302, 303, 304, 400, 401, 403, 404, 405,
413, 429, 503), on public pages, admin pages, static files and error pages;
and that a hostile Host or an absolute-form target never comes back in a
body, a header or a Location.

usage: headers.py BASE_URL WAYPOINT CONF DB [FCGI_SOCKET]
  BASE_URL     the site: `waypoint serve`, or nginx in front of `waypoint
               fcgi`
  WAYPOINT     the binary, and CONF its configuration: accounts of this
               test's own are made with `waypoint user add`
  DB           the server's SQLite file: a 503 is made by holding its
               write lock (BEGIN IMMEDIATE) past the busy timeout (5 s)
  FCGI_SOCKET  the responder's socket: requests with HTTPS=on are sent
               there straight (nginx here has no TLS) to check
               Strict-Transport-Security and the __Host- Secure cookie

Accounts and client addresses are this script's own (127.0.0.30, and
127.31.x.y and 127.32.x.y picked at random), so that its sign-ins and its
throttled account never meet admin.py's.
Prints "ok - ..." / "FAIL - ...: ..." lines, then "N passed, N failed";
exits 1 on any failure. Python 3 standard library only.
"""

import os
import re
import secrets
import sqlite3
import subprocess
import sys
import threading
import time
from urllib.parse import quote_plus, urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fcgi"))

import fcgiclient  # noqa: E402
from lib import (COMMON_HEADERS, CSP, Checks, Client, Conn,  # noqa: E402
                 describe, security_header_problems)

HSTS = "max-age=63072000; includeSubDomains"
EVIL = "evil.example"
BODY_MAX = 2 * 1024 * 1024      # REQUEST_BODY_MAX in src/request.h
LOCK_SECONDS = 7                # past the server's 5 s busy timeout
SLOW_TIMEOUT = 20               # a socket operation while the lock is held
RUN = secrets.token_hex(3)
EDITOR = ("hdr-editor-" + RUN, "hdr-password-123")
LOCKED = ("hdr-locked-" + RUN, "hdr-locked-password-1")
# Client addresses of this script's own, apart from admin.py's (127.0.0.2
# to .9) and corpus.py's: good sign-ins, failures for the LOCKED account,
# and that account from another address. The throttle's two are new on
# each run, so that a second run against the same server starts clean.
ADDR_SIGNIN = "127.0.0.30"
ADDR_THROTTLE = "127.31.%d.%d" % (secrets.randbelow(250) + 1,
                                  secrets.randbelow(250) + 1)
ADDR_OTHER = "127.32.%d.%d" % (secrets.randbelow(250) + 1,
                               secrets.randbelow(250) + 1)
FORM = ("Content-Type", "application/x-www-form-urlencoded")

t = Checks()
ARGS = {}


class Agent(Client):
    """A client with a cookie jar, a local address of its own and a longer
    socket timeout when asked."""

    def __init__(self, base, bind=None, timeout=None):
        super().__init__(base)
        self.bind = bind
        self.timeout = timeout
        self.jar = {}

    def connect(self, bind=None):
        c = Conn(self.host, self.port, bind=bind or self.bind,
                 timeout=self.timeout or 5.0)
        return c

    def go(self, method, target, headers=(), body=b"", host=None):
        hdrs = list(headers)
        if self.jar:
            hdrs.append(("Cookie", "; ".join("%s=%s" % kv
                                             for kv in self.jar.items())))
        rs = self.request(method, target, hdrs, body, host=host)
        for h in rs.header_all("set-cookie"):
            name, _, rest = h.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in h.lower():
                self.jar[name.strip()] = value
            else:
                self.jar.pop(name.strip(), None)
        return rs


def too_large(client, target):
    """A POST whose Content-Length is past the limit, its body not sent:
    the answer must come before the body."""
    raw = ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\n"
           "Content-Length: %d\r\n\r\n" % (target, client.netloc, FORM[1],
                                            BODY_MAX + 1))
    c = client.connect()
    try:
        c.send(raw)
        return c.read_response("POST", target)
    finally:
        c.close()


def form_body(fields):
    return "&".join("%s=%s" % (quote_plus(k), quote_plus(v))
                    for k, v in fields).encode("ascii")


def csrf_of(rs):
    m = re.search(r'name="csrf_token"\s+value="([^"]*)"', rs.text)
    return m.group(1) if m else None


def signin(base, user, password, bind, host=None):
    """GETs the sign-in form and posts it. Returns (agent, form, answer)."""
    ag = Agent(base, bind)
    page = ag.go("GET", "/admin/login", host=host)
    token = csrf_of(page) or ""
    rs = ag.go("POST", "/admin/login", [FORM], form_body(
        [("csrf_token", token), ("next", ""), ("username", user),
         ("password", password)]), host=host)
    return ag, page, rs


def waypoint(*args, stdin=""):
    try:
        p = subprocess.run([ARGS["waypoint"], "--config", ARGS["conf"]] +
                           list(args), input=stdin, capture_output=True,
                           text=True, timeout=60)
        return p.returncode, p.stdout + p.stderr
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, str(e)


# ---------------------------------------------------------------- checks

def problems(rs, kind):
    """What is wrong with rs's headers; kind is "public", "admin" or
    "static"."""
    bad = security_header_problems(rs)
    if kind == "admin":
        # The sign-in form sets its pre-session cookie, a sign-in the
        # session's; both are HttpOnly and SameSite=Strict.
        bad = [b for b in bad if not b.startswith("sets a cookie")]
        for h in rs.header_all("set-cookie"):
            name = h.split("=", 1)[0].strip()
            low = h.lower()
            if name not in ("wp_session", "wp_prelogin", "wp_device"):
                bad.append("sets cookie %s" % name)
            if "httponly" not in low or "samesite=strict" not in low:
                bad.append("cookie %r not HttpOnly, SameSite=Strict" % h)
            if "domain=" in low:
                bad.append("cookie %r has a Domain" % h)
        cc = ",".join(rs.header_all("cache-control")).lower()
        if "no-store" not in cc:
            bad.append("Cache-Control %r, want no-store" % cc)
        if rs.header_all("x-robots-tag") != ["noindex, nofollow"]:
            bad.append("X-Robots-Tag %r" % rs.header_all("x-robots-tag"))
    elif kind == "public" and rs.status in (200, 304):
        # Browsers revalidate every time; shared caches keep it
        # ([cache] s_maxage and the stale-* extensions).
        cc = rs.header_all("cache-control")
        if len(cc) != 1 or not re.match(
                r"public, max-age=0, s-maxage=\d+, "
                r"stale-while-revalidate=\d+, stale-if-error=\d+$", cc[0]):
            bad.append("Cache-Control %r, want public, max-age=0, "
                       "s-maxage=..." % cc)
        if not rs.header("etag") or not rs.header("last-modified"):
            bad.append("no ETag or Last-Modified")
    elif kind == "public":
        # A redirect or an error (a 503 above all) is kept by no shared
        # cache.
        cc = ",".join(rs.header_all("cache-control")).lower()
        if "public" in cc or "s-maxage" in cc:
            bad.append("Cache-Control %r on a %d" % (cc, rs.status))
    # nginx's own 404 for its error page's path says text/html alone.
    if rs.is_html() and b"<center>nginx</center>" not in rs.body and \
            (rs.header("content-type") or "").lower() != \
            "text/html; charset=utf-8":
        bad.append("Content-Type %r" % rs.header("content-type"))
    if rs.status == 304 and rs.body:
        bad.append("a body on a 304")
    return bad


def check(name, rs, status, kind):
    """One response: its status, then its headers."""
    if t.status("%s -> %d" % (name, status), rs, status):
        bad = problems(rs, kind)
        t.check("%s: headers (%s)" % (name, kind), not bad, "; ".join(bad))


# ---------------------------------------------------------------- statuses

def plain_statuses(base):
    c = Agent(base)
    rs = c.go("GET", "/")
    check("GET /", rs, 200, "public")
    etag = rs.header("etag")
    if etag:
        check("GET / with If-None-Match", c.go(
            "GET", "/", [("If-None-Match", etag)]), 304, "public")
    rs = c.go("GET", "/news")
    check("GET /news", rs, 200, "public")
    check("GET /about/", c.go("GET", "/about/"), 301, "public")
    check("GET /no-such-page", c.go("GET", "/no-such-page-" + RUN), 404,
          "public")
    check("GET /news/no-such-release", c.go(
        "GET", "/news/no-such-release-" + RUN), 404, "public")
    check("POST /", c.go("POST", "/", [FORM], b"a=b"), 405, "public")
    check("DELETE /news", c.go("DELETE", "/news"), 405, "public")
    # Waypoint's 400 (nginx passes a raw UTF-8 byte on), and one nginx
    # may answer itself.
    check("GET /caf\\xc3\\xa9", c.go("GET", "/caf\xc3\xa9"), 400, "public")
    check("GET /a%00b", c.go("GET", "/a%00b"), 400, "public")
    check("POST / past the body limit", too_large(c, "/"), 413, "public")

    css = c.go("GET", "/static/css/site.css")
    check("GET /static/css/site.css", css, 200, "static")
    etag = css.header("etag")
    if etag:
        check("GET /static/css/site.css with If-None-Match", c.go(
            "GET", "/static/css/site.css", [("If-None-Match", etag)]), 304,
            "static")
    else:
        t.check("GET /static/css/site.css: an ETag", False, describe(css))
    check("GET /static/no-such.css", c.go(
        "GET", "/static/no-such-%s.css" % RUN), 404, "static")

    check("GET /admin without a session", c.go("GET", "/admin"), 302,
          "admin")
    check("GET /admin/news without a session", c.go("GET", "/admin/news"),
          302, "admin")
    check("GET /admin/login", c.go("GET", "/admin/login"), 200, "admin")
    check("GET /admin/no-such", c.go("GET", "/admin/no-such-" + RUN), 404,
          "admin")
    check("PUT /admin/login", c.go("PUT", "/admin/login"), 405, "admin")
    check("POST /admin/login without the pre-session cookie", c.go(
        "POST", "/admin/login", [FORM], b"username=a&password=b"), 403,
        "admin")
    check("POST /admin/login past the body limit",
          too_large(c, "/admin/login"), 413, "admin")


def session_statuses(base):
    ag, page, rs = signin(base, *EDITOR, bind=ADDR_SIGNIN)
    check("sign-in form", page, 200, "admin")
    check("sign-in", rs, 303, "admin")
    home = ag.go("GET", "/admin")
    check("GET /admin signed in", home, 200, "admin")
    check("GET /admin/news/new", ag.go("GET", "/admin/news/new"), 200,
          "admin")
    check("POST /admin/news without the CSRF token", ag.go(
        "POST", "/admin/news", [FORM], b"title=x"), 403, "admin")
    return ag, csrf_of(home)


def throttled(base):
    for i in range(5):
        _, _, rs = signin(base, LOCKED[0], "wrong-%d" % i, ADDR_THROTTLE)
    check("5th wrong password", rs, 401, "admin")
    _, _, rs = signin(base, *LOCKED, bind=ADDR_OTHER)
    check("sign-in of a throttled account", rs, 429, "admin")


def busy(base, ag, token, db):
    """A save while another process holds the write lock for
    LOCK_SECONDS: the save answers 503 with the form."""
    if not token:
        t.check("503: a CSRF token to save with", False, "none on /admin")
        return
    held = threading.Event()
    done = threading.Event()
    err = []

    def hold():
        try:
            con = sqlite3.connect(db, timeout=10, isolation_level=None)
            con.execute("BEGIN IMMEDIATE")
            held.set()
            done.wait(LOCK_SECONDS)
            con.execute("ROLLBACK")
            con.close()
        except sqlite3.Error as e:
            err.append(str(e))
            held.set()

    th = threading.Thread(target=hold)
    th.start()
    try:
        held.wait(10)
        if err:
            t.check("503: hold the write lock", False, err[0])
            return
        slow = Agent(base, ADDR_SIGNIN, timeout=SLOW_TIMEOUT)
        slow.jar = dict(ag.jar)
        title = "Headers test " + RUN
        rs = slow.go("POST", "/admin/news", [FORM], form_body([
            ("csrf_token", token), ("version", ""), ("title", title),
            ("slug", ""), ("dateline", "Budapest"),
            ("date", time.strftime("%Y-%m-%d")), ("time", ""),
            ("summary", "Summary."), ("body", "Body."),
            ("status", "draft"), ("action", "save")]))
        check("save while the database is locked", rs, 503, "admin")
        t.check("503: the form keeps what was typed", title in rs.text,
                describe(rs))
    finally:
        done.set()
        th.join(LOCK_SECONDS + 5)


# ---------------------------------------------------------------- Host

def no_evil(name, rs):
    """Nothing of evil.example in the status line, headers or body."""
    where = []
    for k, v in rs.headers:
        if EVIL in v.lower() or EVIL in k.lower():
            where.append("%s: %s" % (k, v))
    if EVIL in rs.text.lower():
        i = rs.text.lower().index(EVIL)
        where.append("body: ...%s..." % rs.text[max(0, i - 60):i + 20])
    loc = rs.header("location")
    if loc is not None and not (loc.startswith("/") and
                                not loc.startswith("//")) and \
            not loc.startswith(ARGS["base"] + "/"):
        where.append("Location %r is not this site's" % loc)
    t.check("%s: nothing of evil.example (%s)" % (name, describe(rs)),
            rs.status and not where, "; ".join(where) or describe(rs))


def hostile_host(base):
    """Host: evil.example, then absolute-form targets naming evil.example:
    / (200), /news/ and /about/ (301), /admin (302), the sign-in POST
    (303)."""
    c = Agent(base)
    for target in ("/", "/news/", "/about/", "/admin", "/news"):
        no_evil("GET %s, Host: evil.example" % target,
                c.go("GET", target, host=EVIL))
        no_evil("GET http://evil.example%s" % target,
                c.go("GET", "http://" + EVIL + target, host=EVIL))
        no_evil("GET http://evil.example%s, Host: this site" % target,
                c.go("GET", "http://" + EVIL + target))
    _, page, rs = signin(base, *EDITOR, bind=ADDR_SIGNIN, host=EVIL)
    no_evil("GET /admin/login, Host: evil.example", page)
    no_evil("POST /admin/login, Host: evil.example", rs)
    t.status("POST /admin/login, Host: evil.example: signed in", rs, 303)

    ag = Agent(base, ADDR_SIGNIN)
    page = ag.go("GET", "http://%s/admin/login" % EVIL, host=EVIL)
    no_evil("GET http://evil.example/admin/login", page)
    if page.status == 200:
        rs = ag.go("POST", "http://%s/admin/login" % EVIL,
                   [FORM], form_body([("csrf_token", csrf_of(page) or ""),
                                      ("next", ""),
                                      ("username", EDITOR[0]),
                                      ("password", EDITOR[1])]), host=EVIL)
        no_evil("POST http://evil.example/admin/login", rs)
        t.status("POST http://evil.example/admin/login: signed in", rs,
                 303)


# ---------------------------------------------------------------- FastCGI

def fcgi_get(sock, uri, method="GET", body=b"", https=True, **extra):
    p = fcgiclient.base_params(method, uri, **extra)
    p["HTTP_HOST"] = urlsplit(ARGS["base"]).netloc
    if https:
        p["HTTPS"] = "on"
        p["REQUEST_SCHEME"] = "https"
        p["SERVER_PORT"] = "443"
    if body:
        p["CONTENT_LENGTH"] = str(len(body))
        p["CONTENT_TYPE"] = FORM[1]
    return fcgiclient.fetch(sock, p, body)


def fcgi_problems(rs, https):
    bad = []
    for name, want in COMMON_HEADERS.items():
        got = [v for k, v in rs.headers if k.lower() == name]
        if got != [want]:
            bad.append("%s is %r" % (name, got))
    hsts = [v for k, v in rs.headers
            if k.lower() == "strict-transport-security"]
    if https and hsts != [HSTS]:
        bad.append("Strict-Transport-Security is %r" % hsts)
    if not https and hsts:
        bad.append("Strict-Transport-Security without HTTPS")
    ct = rs.header("content-type") or ""
    if rs.status != 304 and not ct:
        bad.append("no Content-Type")
    if ct.startswith("text/html") and rs.header(
            "content-security-policy") != CSP:
        bad.append("CSP %r" % rs.header("content-security-policy"))
    return bad


def cookies_of(rs):
    return [v for k, v in rs.headers if k.lower() == "set-cookie"]


def over_https(sock):
    for uri, method, status in (("/", "GET", 200), ("/about/", "GET", 301),
                                ("/no-such-" + RUN, "GET", 404),
                                ("/", "POST", 405),
                                ("/admin", "GET", 302),
                                ("/admin/login", "GET", 200),
                                ("/static/css/site.css", "GET", 200)):
        rs = fcgi_get(sock, uri, method)
        name = "FastCGI HTTPS=on: %s %s" % (method, uri)
        if t.check("%s -> %d" % (name, status), rs.status == status,
                   rs.describe()):
            bad = fcgi_problems(rs, True)
            t.check(name + ": headers and HSTS", not bad, "; ".join(bad))
    rs = fcgi_get(sock, "/", https=False)
    t.check("FastCGI without HTTPS: no HSTS", not fcgi_problems(rs, False),
            "; ".join(fcgi_problems(rs, False)))

    # Sign-in over HTTPS: every cookie Secure, the session's __Host-.
    page = fcgi_get(sock, "/admin/login")
    pre = cookies_of(page)
    t.check("FastCGI HTTPS=on: the pre-session cookie is Secure",
            pre and all("; secure" in c.lower() for c in pre), pre)
    m = re.search(r'name="csrf_token"\s+value="([^"]*)"',
                  page.body.decode("utf-8", "replace"))
    token = m.group(1) if m else ""
    jar = "; ".join(c.split(";", 1)[0] for c in pre)
    body = form_body([("csrf_token", token), ("next", ""),
                      ("username", EDITOR[0]), ("password", EDITOR[1])])
    rs = fcgi_get(sock, "/admin/login", "POST", body,
                  HTTP_COOKIE=jar, REMOTE_ADDR=ADDR_SIGNIN)
    t.check("FastCGI HTTPS=on: sign-in -> 303", rs.status == 303,
            rs.describe())
    sess = [c for c in cookies_of(rs) if "wp_session=" in c]
    ok = len(sess) == 1 and re.fullmatch(
        r"__Host-wp_session=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; "
        r"SameSite=Strict(; Max-Age=\d+)?", sess[0]) is not None
    t.check("FastCGI HTTPS=on: session cookie __Host-wp_session; Path=/; "
            "Secure; HttpOnly; SameSite=Strict", ok, sess)
    t.check("FastCGI HTTPS=on: sign-in answer has HSTS",
            not fcgi_problems(rs, True), "; ".join(fcgi_problems(rs, True)))
    if sess:
        cookie = sess[0].split(";", 1)[0]
        rs = fcgi_get(sock, "/admin", HTTP_COOKIE=cookie,
                      REMOTE_ADDR=ADDR_SIGNIN)
        t.check("FastCGI HTTPS=on: the __Host- cookie is a session -> 200",
                rs.status == 200, rs.describe())


def main():
    if len(sys.argv) not in (5, 6):
        sys.stderr.write("usage: headers.py BASE_URL WAYPOINT CONF DB "
                         "[FCGI_SOCKET]\n")
        return 2
    base = sys.argv[1].rstrip("/")
    ARGS.update(base=base, waypoint=sys.argv[2], conf=sys.argv[3],
                db=sys.argv[4])
    sock = sys.argv[5] if len(sys.argv) == 6 else None
    Client(base)                # checks the URL's form
    for user, pw in (EDITOR, LOCKED):
        rc, out = waypoint("user", "add", user, "--role", "editor",
                           stdin=pw + "\n")
        t.setup("waypoint user add %s" % user, rc == 0, out)
    for fn, args in ((plain_statuses, (base,)), (throttled, (base,)),
                     (hostile_host, (base,))):
        try:
            fn(*args)
        except Exception as e:      # noqa: BLE001 - report, go on
            t.crashed(fn.__name__, e)
    try:
        ag, token = session_statuses(base)
        busy(base, ag, token, ARGS["db"])
    except Exception as e:          # noqa: BLE001
        t.crashed("session and 503", e)
    if sock:
        try:
            over_https(sock)
        except Exception as e:      # noqa: BLE001
            t.crashed("over_https", e)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

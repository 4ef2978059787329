#!/usr/bin/env python3
"""admin.py: the HTTP tests of the editors' admin (issue 4), run against any
base URL (waypoint serve, or nginx -> waypoint fcgi) over a database freshly
made by `waypoint db init`, in which the run script has created the accounts
editor1 (editor), admin1 (admin) and throttled1 (editor).

Usage: admin.py BASE_URL DB_PATH WAYPOINT CONF
  DB_PATH   the server's SQLite file: sessions are aged and a release's
            publication time moved there directly (sqlite3 module)
  WAYPOINT  the binary, and CONF its configuration, for `waypoint user ...`

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed. Python 3 standard library only.

The sign-in throttle counts failures per client address too, so every
request meant to fail a sign-in comes from an address of its own in
127.0.0.0/8 (127.0.0.2 and up); the accounts the other sections use never
see a failure.
"""

import datetime
import email.utils
import html
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from html.parser import HTMLParser
from urllib.parse import quote, quote_plus, unquote, urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (Checks, Client, Conn, describe,  # noqa: E402
                 security_header_problems, text_of)

try:
    from zoneinfo import ZoneInfo
    SITE_TZ = ZoneInfo("Europe/Budapest")   # the default [site] timezone
except Exception:                           # noqa: BLE001 - no tzdata
    SITE_TZ = None                          # then the machine's own

EDITOR = ("editor1", "editor-password-123")
ADMIN = ("admin1", "admin-password-123")
THROTTLED = ("throttled1", "throttle-password-1")
LOGIN_FAILED = "Unknown user name or wrong password."
FORM_TYPE = ("Content-Type", "application/x-www-form-urlencoded")
SEED_STATEMENT = ("/news/international-migrants-day-statement-iom-director-"
                  "general-antonio-vitorino-harnessing-potential-human-"
                  "mobility")
COOKIE_NAMES = ("wp_session", "wp_prelogin", "wp_device")
BIG = 2000000           # "a 2 MB string": under the 2 MiB request limit
OVER_LIMIT = 2200000    # a request body past REQUEST_BODY_MAX (2 MiB)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(1)"
SQL = "'; DROP TABLE news;--"

t = Checks()
BASE = ""
NETLOC = ""
DB_PATH = ""
WAYPOINT = ""
CONF = ""
RUN = secrets.token_hex(3)      # tells this run's titles from others
ALL = []                        # every recorded response, for the end checks
_serial = [0]


def rnd():
    _serial[0] += 1
    return "%s%d" % (RUN, _serial[0])


class Raw(str):
    """A form value sent exactly as written, already percent-encoded (to
    send %00 or bytes that are not UTF-8)."""


# ---------------------------------------------------------------- HTML forms

class Form:
    def __init__(self, attrs):
        self.action = attrs.get("action", "")
        self.method = attrs.get("method", "get").lower()
        self.inputs = []        # attribute dicts
        self.textareas = {}     # name -> text
        self.selects = {}       # name -> [(value, selected)]
        self.buttons = []       # attribute dicts

    def names(self):
        n = [a.get("name") for a in self.inputs + self.buttons]
        return set(x for x in n + list(self.textareas) + list(self.selects)
                   if x)

    def values(self):
        """What the browser would send, submit buttons left out."""
        out = {}
        for a in self.inputs:
            name, typ = a.get("name"), a.get("type", "text").lower()
            if not name or typ in ("submit", "button", "image", "reset",
                                   "file"):
                continue
            if typ in ("checkbox", "radio") and "checked" not in a:
                continue
            out[name] = a.get("value", "on" if typ in ("checkbox", "radio")
                              else "")
        out.update(self.textareas)
        for name, opts in self.selects.items():
            chosen = [v for v, sel in opts if sel] or [v for v, _ in opts[:1]]
            if chosen:
                out[name] = chosen[0]
        return out

    def value(self, name):
        return self.values().get(name)


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.textarea = None    # [name, [text]]
        self.select = None
        self.option = None      # [value or None, selected, [text]]

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(a)
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            self.form.inputs.append(a)
        elif tag == "button":
            self.form.buttons.append(a)
        elif tag == "textarea":
            self.textarea = [a.get("name", ""), []]
        elif tag == "select":
            self.select = a.get("name", "")
            self.form.selects.setdefault(self.select, [])
        elif tag == "option" and self.select is not None:
            self._end_option()
            self.option = [a.get("value"), "selected" in a, []]

    def _end_option(self):
        if self.option is not None and self.select is not None:
            v, sel, txt = self.option
            self.form.selects[self.select].append(
                (v if v is not None else "".join(txt).strip(), sel))
        self.option = None

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None and self.form:
            text = "".join(self.textarea[1])
            # A newline right after <textarea> is not part of the value.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            if self.textarea[0]:
                self.form.textareas[self.textarea[0]] = text
            self.textarea = None
        elif tag == "option":
            self._end_option()
        elif tag == "select":
            self._end_option()
            self.select = None
        elif tag == "form":
            self.form = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        elif self.option is not None:
            self.option[2].append(data)


def forms_of(rs):
    p = FormParser()
    try:
        p.feed(rs.text)
        p.close()
    except Exception:           # noqa: BLE001 - broken HTML: no forms
        pass
    return p.forms


def find_form(rs, action):
    """The first POST form whose action is action (a path) or matches it
    (a compiled pattern); None when there is none."""
    for f in forms_of(rs):
        act = f.action.split("?", 1)[0]
        if urlsplit(act).netloc == NETLOC:
            act = urlsplit(act).path
        if isinstance(action, str) and act == action:
            return f
        if not isinstance(action, str) and action.fullmatch(act):
            return f
    return None


def hidden_csrf(rs):
    for f in forms_of(rs):
        v = f.value("csrf_token")
        if v:
            return v
    return None


# ---------------------------------------------------------------- the agent

def encode_form(fields):
    parts = []
    for k, v in fields:
        if v is None:
            continue
        if isinstance(v, Raw):
            parts.append("%s=%s" % (quote_plus(k), v))
        else:
            parts.append("%s=%s" % (quote_plus(k),
                                    quote_plus(v.encode("utf-8"))))
    return "&".join(parts).encode("ascii")


class Cookie:
    def __init__(self, header):
        parts = [p.strip() for p in header.split(";")]
        name, _, value = parts[0].partition("=")
        self.name, self.value = name.strip(), value.strip()
        self.attrs = {}
        for p in parts[1:]:
            k, _, v = p.partition("=")
            self.attrs[k.strip().lower()] = v.strip()
        self.header = header

    def expired(self):
        ma = self.attrs.get("max-age")
        if ma is not None and re.fullmatch(r"-?\d+", ma) and int(ma) <= 0:
            return True
        exp = self.attrs.get("expires")
        if exp:
            try:
                when = email.utils.parsedate_to_datetime(exp)
                if when.timestamp() <= time.time():
                    return True
            except (TypeError, ValueError):
                pass
        return self.value == ""


class Agent(Client):
    """One browser: a cookie jar, the session's CSRF token, and a local
    address of its own when bind is given."""

    def __init__(self, bind=None):
        super().__init__(BASE)
        self.bind = bind
        self.jar = {}
        self.csrf = None
        self.name = None

    def connect(self, bind=None):
        return Conn(self.host, self.port, bind=bind or self.bind)

    def _keep(self, rs, record):
        if record:
            ALL.append(rs)
        return rs

    def go(self, method, target, fields=None, headers=(), body=None,
           record=True, cookies=None):
        hdrs = list(headers)
        jar = self.jar if cookies is None else cookies
        if jar:
            hdrs.append(("Cookie", "; ".join("%s=%s" % kv
                                             for kv in jar.items())))
        if fields is not None:
            body = encode_form(fields)
            hdrs.append(FORM_TYPE)
        rs = self.request(method, target, hdrs, body or b"", record=record)
        for h in rs.header_all("set-cookie"):
            c = Cookie(h)
            if c.expired():
                self.jar.pop(c.name, None)
            else:
                self.jar[c.name] = c.value
        return rs

    def get(self, target, headers=(), **kw):
        return self.go("GET", target, headers=headers, **kw)

    def post(self, target, fields, headers=(), **kw):
        return self.go("POST", target, fields=fields, headers=headers, **kw)

    def with_csrf(self, fields):
        return [("csrf_token", self.csrf)] + [kv for kv in fields
                                              if kv[0] != "csrf_token"]


def location(rs):
    """The Location header as a path on this site (an absolute URL to this
    site made relative), or as sent."""
    loc = rs.header("location")
    if loc is None:
        return None
    u = urlsplit(loc)
    if u.scheme in ("http", "https") and u.netloc == NETLOC:
        return u.path + ("?" + u.query if u.query else "")
    return loc


def cookie_named(rs, name):
    for h in rs.header_all("set-cookie"):
        c = Cookie(h)
        if c.name == name:
            return c
    return None


def login(user, password, bind=None, next_=None, record=True):
    """Signs in through the form as a browser does: GET the form (the
    pre-session cookie and its token), POST it. Returns (agent, form page,
    answer)."""
    ag = Agent(bind)
    target = "/admin/login"
    if next_ is not None:
        target += "?next=" + quote(next_, safe="")
    page = ag.get(target)
    form = find_form(page, "/admin/login")
    fields = form.values() if form else {}
    fields["username"] = user
    fields["password"] = password
    if next_ is not None and "next" not in fields:
        fields["next"] = next_
    rs = ag.post("/admin/login", list(fields.items()), record=record)
    if rs.status == 303:
        ag.name = user
    return ag, page, rs


def signed_in(user, password, label):
    """An agent signed in as user, with its CSRF token; checks it."""
    ag, _, rs = login(user, password)
    t.status("%s signs in" % label, rs, 303)
    home = ag.get("/admin")
    ag.csrf = hidden_csrf(home)
    t.check("%s: /admin shows a csrf_token" % label,
            home.status == 200 and ag.csrf, describe(home))
    return ag


def db():
    con = sqlite3.connect(DB_PATH, timeout=10, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 10000")
    return con


def db_one(sql, args=()):
    con = db()
    try:
        row = con.execute(sql, args).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def db_all(sql, args=()):
    con = db()
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def db_exec(sql, args=()):
    con = db()
    try:
        return con.execute(sql, args).rowcount
    finally:
        con.close()


def waypoint(*args, stdin=""):
    try:
        p = subprocess.run([WAYPOINT, "--config", CONF] + list(args),
                           input=stdin, capture_output=True, text=True,
                           timeout=60)
        return p.returncode, p.stdout + p.stderr
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, str(e)


def start(script):
    """Sets BASE, NETLOC, DB_PATH, WAYPOINT and CONF from the arguments of
    script, a test run as admin.py is (BASE_URL DB_PATH WAYPOINT CONF);
    False, the usage or the reason written to stderr, when they do not
    do."""
    global BASE, NETLOC, DB_PATH, WAYPOINT, CONF
    if len(sys.argv) != 5:
        sys.stderr.write("usage: %s BASE_URL DB_PATH WAYPOINT CONF\n" %
                         script)
        return False
    BASE, DB_PATH, WAYPOINT, CONF = sys.argv[1:]
    BASE = BASE.rstrip("/")
    NETLOC = urlsplit(BASE).netloc
    if not os.path.isfile(DB_PATH):
        sys.stderr.write("%s: no database at %s\n" % (script, DB_PATH))
        return False
    return True


def site_languages():
    """The languages CONF gives [site] languages, in order."""
    with open(CONF) as f:
        m = re.search(r"^languages\s*=\s*(.+)$", f.read(), re.M)
    return m.group(1).split() if m else ["en"]


def site_now():
    return datetime.datetime.now(SITE_TZ)


def today():
    return site_now().strftime("%Y-%m-%d")


# ---------------------------------------------------------------- news forms

FIELD_ORDER = ("version", "title", "slug", "dateline", "date", "time",
               "summary", "body", "status")


def news_fields(ag, title, action="save", **kw):
    vals = {"version": "", "title": title, "slug": "",
            "dateline": "Budapest", "date": today(), "time": "",
            "summary": "Summary of %s." % title[:60],
            "body": "First paragraph.\n\nSecond paragraph.",
            "status": "published"}
    vals.update(kw)
    return ag.with_csrf([(k, vals[k]) for k in FIELD_ORDER] +
                        [("action", action)])


def news_id(rs):
    m = re.fullmatch(r"/admin/news/(\d+)/edit", location(rs) or "")
    return m.group(1) if m else None


def create_news(ag, title, name, want=303, **kw):
    rs = ag.post("/admin/news", news_fields(ag, title, **kw))
    ok = t.status(name, rs, want)
    if ok and want == 303:
        nid = news_id(rs)
        t.check(name + ": Location /admin/news/<id>/edit", nid,
                describe(rs))
        return rs, nid
    return rs, None


def edit_form(ag, kind, nid):
    rs = ag.get("/admin/%s/%s/edit" % (kind, nid))
    return rs, find_form(rs, "/admin/%s/%s" % (kind, nid))


def news_slug(ag, nid):
    _, form = edit_form(ag, "news", nid)
    return form.value("slug") if form else None


def save_form(ag, kind, nid, form, action="save", **changes):
    vals = form.values() if form else {}
    vals.update(changes)
    vals["action"] = action
    fields = ag.with_csrf(list(vals.items()))
    return ag.post("/admin/%s/%s" % (kind, nid), fields)


def public_releases(rs):
    return re.findall(r'href="(/news/[^"?#]+)"', rs.text)


def in_news(ag, slug):
    return "/news/" + slug in public_releases(ag.get("/news"))


def on_home(ag, slug):
    return "/news/" + slug in public_releases(ag.get("/"))


def h1s(rs):
    return [text_of(x) for x in re.findall(r"<h1\b[^>]*>(.*?)</h1\s*>",
                                           rs.text, re.I | re.S)]


def confirm_and_post(ag, nid, action, name):
    """Runs the confirmation step as a browser would: the confirm page,
    then its form. Returns the answer to the form."""
    page = ag.get("/admin/news/%s/confirm?action=%s" % (nid, action))
    t.status(name + ": confirm page", page, 200)
    form = find_form(page, "/admin/news/%s/%s" % (nid, action))
    if not t.check(name + ": confirm page has the form POSTing to "
                   "/admin/news/<id>/%s" % action, form,
                   "forms: %s" % [f.action for f in forms_of(page)]):
        form = Form({})
    vals = form.values()
    vals["csrf_token"] = vals.get("csrf_token") or ag.csrf
    rs = ag.post("/admin/news/%s/%s" % (nid, action), list(vals.items()))
    if t.status(name, rs, 303):
        t.check(name + ": Location /admin/news",
                location(rs) == "/admin/news", describe(rs))
    return rs


def section(fn):
    """Runs one group of checks; an exception in it is one failure and the
    rest still runs."""
    try:
        fn()
    except Exception as e:      # noqa: BLE001 - report and go on
        t.crashed(fn.__name__, e)


# ---------------------------------------------------------------- sections

GET_ROUTES = (
    "/admin", "/admin/news", "/admin/news/new", "/admin/news/1/edit",
    "/admin/news/1/confirm?action=delete", "/admin/news/1/history",
    "/admin/news/1/revisions/1", "/admin/pages", "/admin/pages/new",
    "/admin/pages/1/edit", "/admin/pages/1/confirm?action=publish",
    "/admin/pages/1/history", "/admin/pages/1/revisions/1", "/admin/menu",
    "/admin/menu/new", "/admin/menu/1/edit", "/admin/menu/1/delete",
    "/admin/users", "/admin/users/new", "/admin/users/1/edit",
    "/admin/audit", "/admin/account", "/admin?missing=hu",
    "/admin/news/new?source=1&lang=hu",
)
POST_ROUTES = (
    "/admin/logout", "/admin/news", "/admin/news/1", "/admin/news/1/publish",
    "/admin/news/1/unpublish", "/admin/news/1/delete",
    "/admin/news/1/revisions/1/restore", "/admin/pages", "/admin/pages/1",
    "/admin/pages/1/publish", "/admin/pages/1/unpublish",
    "/admin/pages/1/delete", "/admin/pages/1/revisions/1/restore",
    "/admin/menu", "/admin/menu/1", "/admin/menu/1/delete",
    "/admin/menu/1/move", "/admin/users", "/admin/users/1",
    "/admin/news/1/current", "/admin/pages/1/current", "/admin/account",
)


def no_session():
    ag = Agent()
    for path in GET_ROUTES:
        rs = ag.get(path)
        name = "no session: GET %s" % path
        if t.status(name + " -> 302", rs, 302):
            loc = location(rs) or ""
            m = re.fullmatch(r"/admin/login\?next=([^&#]*)", loc)
            t.check(name + ": to /admin/login?next=<that path>",
                    m and unquote(m.group(1)) == path, "Location %r" % loc)
    for path in POST_ROUTES:
        rs = ag.post(path, [("csrf_token", "x" * 43), ("title", "nobody")])
        t.status("no session: POST %s -> 403" % path, rs, 403)
    rs = ag.get("/admin", cookies={"wp_session": "A" * 43})
    t.status("made-up wp_session cookie: GET /admin -> 302", rs, 302)
    rs = ag.post("/admin/news/1/delete", [("csrf_token", "x")],
                 cookies={"wp_session": "A" * 43})
    t.status("made-up wp_session cookie: POST -> 403", rs, 403)
    t.status("after the refused POSTs the statement is still there",
             ag.get(SEED_STATEMENT), 200)


def login_form():
    ag = Agent()
    rs = ag.get("/admin/login")
    if not t.status("GET /admin/login", rs, 200):
        return
    c = cookie_named(rs, "wp_prelogin")
    t.check("GET /admin/login: sets the pre-session cookie wp_prelogin",
            c and c.value, "Set-Cookie %r" % rs.header_all("set-cookie"))
    if c:
        t.check("wp_prelogin: HttpOnly", "httponly" in c.attrs, c.header)
    form = find_form(rs, "/admin/login")
    if not t.check("GET /admin/login: a form POSTing to /admin/login",
                   form and form.method == "post"):
        return
    t.check("login form: username and password fields",
            {"username", "password"} <= form.names(), sorted(form.names()))
    token = form.value("csrf_token")
    t.check("login form: hidden csrf_token", token,
            "inputs %s" % form.inputs)
    rs = ag.get("/admin/login?next=%2Fadmin%2Fnews")
    f2 = find_form(rs, "/admin/login")
    t.check("GET /admin/login?next=/admin/news: hidden next=/admin/news",
            f2 and f2.value("next") == "/admin/news",
            f2 and f2.values())
    ag.get("/admin/login?next=" + quote(IMG + SCRIPT, safe=""))

    # Refused before any password check: from an address of their own.
    bad = Agent("127.0.0.2")
    page = bad.get("/admin/login")
    form = find_form(page, "/admin/login") or Form({})
    vals = form.values()
    base = [("username", EDITOR[0]), ("password", EDITOR[1]),
            ("next", "")]
    rs = bad.post("/admin/login", base)
    t.status("POST /admin/login without csrf_token -> 403", rs, 403)
    rs = bad.post("/admin/login", base + [("csrf_token", "A" * 43)])
    t.status("POST /admin/login with a wrong csrf_token -> 403", rs, 403)
    rs = bad.post("/admin/login", base + [("csrf_token",
                                          vals.get("csrf_token", ""))],
                  cookies={})
    t.status("POST /admin/login without the pre-session cookie -> 403",
             rs, 403)
    t.check("refused sign-ins set no session cookie",
            not any(cookie_named(r, "wp_session")
                    for r in ALL[-3:]))


def login_failures():
    """Wrong password and unknown user: the same 401 and message, in about
    the same time (a dummy hash is verified for an unknown user)."""
    name = "timing" + rnd()
    rc, out = waypoint("user", "add", name, "--role", "editor",
                       stdin="timing-password-1\n")
    t.setup("waypoint user add %s (stdin password)" % name, rc == 0,
            "exit %s: %s" % (rc, out))
    wrong_t, unknown_t = [], []
    bodies = {}
    for i in range(3):
        bind = "127.0.0.%d" % (6 + i)
        for kind, user, pw in (("wrong", name, "not-the-password-%d" % i),
                               ("unknown", "nobody" + rnd(),
                                "timing-password-1")):
            ag = Agent(bind)
            page = ag.get("/admin/login")
            form = find_form(page, "/admin/login") or Form({})
            vals = form.values()
            vals.update(username=user, password=pw)
            start = time.monotonic()
            rs = ag.post("/admin/login", list(vals.items()))
            (wrong_t if kind == "wrong" else unknown_t).append(
                time.monotonic() - start)
            if i == 0:
                bodies[kind] = rs
                label = "sign-in, %s %s -> 401" % (
                    kind, "password" if kind == "wrong" else "user")
                if t.status(label, rs, 401):
                    t.check(label + ': message "%s"' % LOGIN_FAILED,
                            LOGIN_FAILED in text_of(rs.text))
                    t.check(label + ": the password is not echoed",
                            pw not in rs.text)
                    t.check(label + ": form again",
                            find_form(rs, "/admin/login"))
                    t.check(label + ": no session cookie",
                            not cookie_named(rs, "wp_session"))
    w = sorted(wrong_t)[1]
    u = sorted(unknown_t)[1]
    t.check("unknown user takes about as long as a wrong password "
            "(%.0f ms, %.0f ms)" % (u * 1000, w * 1000),
            u >= 0.5 * w, "a dummy hash should be verified")


def login_success():
    ag, page, rs = login(*EDITOR)
    if not t.status("sign-in with the right password -> 303", rs, 303):
        return
    t.check("sign-in: Location /admin", location(rs) == "/admin",
            describe(rs))
    c = cookie_named(rs, "wp_session")
    if t.check("sign-in: sets wp_session", c and c.value,
               rs.header_all("set-cookie")):
        a = c.attrs
        t.check("wp_session: HttpOnly", "httponly" in a, c.header)
        t.check("wp_session: SameSite=Strict",
                a.get("samesite", "").lower() == "strict", c.header)
        t.check("wp_session: Path=/", a.get("path") == "/", c.header)
        t.check("wp_session: no Secure over plain HTTP",
                "secure" not in a, c.header)
        t.check("wp_session: no Domain", "domain" not in a, c.header)
        t.check("wp_session: 32 random bytes, base64url (43 characters)",
                re.fullmatch(r"[A-Za-z0-9_-]{43}=?", c.value), c.value)
        pre = cookie_named(page, "wp_prelogin")
        t.check("wp_session differs from the pre-session cookie",
                not pre or pre.value != c.value)
    home = ag.get("/admin")
    if t.status("signed in: GET /admin", home, 200):
        t.check("GET /admin: shows the user name", EDITOR[0] in home.text)
    ag2, _, rs2 = login(*EDITOR)
    c2 = cookie_named(rs2, "wp_session")
    t.check("a second sign-in gets a new session token",
            c and c2 and c.value != c2.value)

    for nxt, want in (("/admin/news", "/admin/news"),
                      ("/admin/news?page=1", "/admin/news?page=1"),
                      ("//evil.example", "/admin"),
                      ("https://evil.example", "/admin"),
                      ("/\\evil.example", "/admin"),
                      ("\\\\evil.example", "/admin"),
                      ("/admin\r\nSet-Cookie: x=1", "/admin"),
                      ("javascript:alert(1)", "/admin")):
        _, _, rs = login(*EDITOR, next_=nxt)
        if t.status("sign-in with next=%r -> 303" % nxt, rs, 303):
            t.check("sign-in with next=%r: Location %s" % (nxt, want),
                    location(rs) == want, describe(rs))
        # The form drops a bad next; a POST that carries it anyway still
        # signs in, to the dashboard.
        ag = Agent()
        form = find_form(ag.get("/admin/login"), "/admin/login")
        fields = form.values() if form else {}
        fields.update(username=EDITOR[0], password=EDITOR[1], next=nxt)
        rs = ag.post("/admin/login", list(fields.items()))
        t.check("sign-in POSTing next=%r -> 303 %s" % (nxt, want),
                rs.status == 303 and location(rs) == want, describe(rs))

    # The whole round trip: a page asked for without a session.
    anon = Agent()
    rs = anon.get("/admin/news/new")
    loc = location(rs) or ""
    page = anon.get(loc) if loc.startswith("/admin/login") else rs
    form = find_form(page, "/admin/login") or Form({})
    vals = form.values()
    vals.update(username=EDITOR[0], password=EDITOR[1])
    rs = anon.post("/admin/login", list(vals.items()))
    t.check("GET /admin/news/new without a session, sign in: back at "
            "/admin/news/new", rs.status == 303 and
            location(rs) == "/admin/news/new", describe(rs))


def throttle():
    ag = Agent("127.0.0.3")
    statuses = []
    for i in range(5):
        page = ag.get("/admin/login")
        form = find_form(page, "/admin/login") or Form({})
        vals = form.values()
        vals.update(username=THROTTLED[0], password="wrong-password-%d" % i)
        statuses.append(ag.post("/admin/login", list(vals.items())).status)
    t.check("throttle: 5 wrong passwords for throttled1 -> 401 each",
            statuses == [401] * 5, "got %s" % statuses)
    _, _, rs = login(*THROTTLED, bind="127.0.0.3")
    t.status("throttle: then the right password -> 429", rs, 429)
    t.check("throttle: no session cookie with the 429",
            not cookie_named(rs, "wp_session"))
    _, _, rs = login(*THROTTLED, bind="127.0.0.4")
    t.status("throttle: the account is refused from another address too "
             "-> 429", rs, 429)
    # Per client address: five failures for five names from one address.
    ag = Agent("127.0.0.5")
    statuses = []
    for i in range(5):
        page = ag.get("/admin/login")
        form = find_form(page, "/admin/login") or Form({})
        vals = form.values()
        vals.update(username="nobody" + rnd(), password="wrong-password-1")
        statuses.append(ag.post("/admin/login", list(vals.items())).status)
    t.check("throttle: 5 unknown users from 127.0.0.5 -> 401 each",
            statuses == [401] * 5, "got %s" % statuses)
    _, _, rs = login(*ADMIN, bind="127.0.0.5")
    t.status("throttle: admin1 from that address -> 429", rs, 429)
    _, _, rs = login(*ADMIN)
    t.status("throttle: admin1 from 127.0.0.1 still signs in -> 303",
             rs, 303)


def new_session(user, password):
    """Signs in; returns (agent, rowid of its sessions row or None)."""
    before = db_one("SELECT coalesce(max(rowid), 0) FROM sessions")
    ag, _, rs = login(user, password)
    con = db()
    try:
        rows = [r[0] for r in con.execute(
            "SELECT rowid FROM sessions WHERE rowid > ?", (before,))]
    finally:
        con.close()
    ok = t.check("expiry: sign-in made one sessions row",
                 rs.status == 303 and len(rows) == 1,
                 "%s, new rows %s" % (describe(rs), rows))
    return ag, (rows[0] if ok else None)


def expiry():
    ag, row = new_session(*EDITOR)
    if row is None:
        return
    t.status("expiry: fresh session: GET /admin", ag.get("/admin"), 200)
    db_exec("UPDATE sessions SET last_seen = last_seen - 600, "
            "created_at = created_at - 600 WHERE rowid = ?", (row,))
    t.status("expiry: idle 10 minutes: still signed in",
             ag.get("/admin"), 200)
    db_exec("UPDATE sessions SET last_seen = last_seen - 3600, "
            "created_at = created_at - 3600 WHERE rowid = ?", (row,))
    rs = ag.get("/admin")
    t.check("expiry: idle over 30 minutes: GET /admin -> 302 to the login",
            rs.status == 302 and (location(rs) or "").startswith(
                "/admin/login?next="), describe(rs))
    t.status("expiry: and stays expired", ag.get("/admin/news"), 302)

    ag, row = new_session(*EDITOR)
    if row is None:
        return
    now = int(time.time())
    db_exec("UPDATE sessions SET created_at = ?, last_seen = ? "
            "WHERE rowid = ?", (now - 11 * 3600, now, row))
    t.status("expiry: 11 hours old, active: still signed in",
             ag.get("/admin"), 200)
    db_exec("UPDATE sessions SET created_at = ?, last_seen = ? "
            "WHERE rowid = ?", (now - 13 * 3600, now, row))
    rs = ag.get("/admin")
    t.check("expiry: 13 hours old though active: GET /admin -> 302",
            rs.status == 302 and (location(rs) or "").startswith(
                "/admin/login"), describe(rs))


def roles():
    ed, ad = S["editor"], S["admin"]
    for path in ("/admin/menu", "/admin/menu/new", "/admin/menu/1/edit",
                 "/admin/users", "/admin/users/new", "/admin/audit"):
        t.status("editor: GET %s -> 403" % path, ed.get(path), 403)
    for path in ("/admin/menu", "/admin/menu/new", "/admin/users",
                 "/admin/users/new", "/admin/audit"):
        t.status("admin: GET %s -> 200" % path, ad.get(path), 200)
    for path in ("/admin", "/admin/news", "/admin/pages", "/admin/news/new",
                 "/admin/pages/new"):
        t.status("editor: GET %s -> 200" % path, ed.get(path), 200)
    menu = db_one("SELECT count(*) FROM menu_items")
    users = db_one("SELECT count(*) FROM users")
    rs = ed.post("/admin/menu", ed.with_csrf([
        ("label", "Editor item"), ("description", ""), ("target", "url"),
        ("url", "https://example.org/"), ("parent_id", ""),
        ("page_id", "")]))
    t.status("editor: POST /admin/menu -> 403", rs, 403)
    rs = ed.post("/admin/users", ed.with_csrf([
        ("name", "sneaky" + rnd()), ("role", "admin"),
        ("password", "sneaky-password-1")]))
    t.status("editor: POST /admin/users -> 403", rs, 403)
    t.check("editor's POSTs changed nothing",
            db_one("SELECT count(*) FROM menu_items") == menu and
            db_one("SELECT count(*) FROM users") == users)


def csrf():
    ed, ad = S["editor"], S["admin"]
    news = db_one("SELECT count(*) FROM news")
    listed = re.findall(r"/admin/news/\d+/edit", ed.get("/admin/news").text)
    public = public_releases(ed.get("/news"))
    title = "CSRF probe " + rnd()
    good = news_fields(ed, title, status="draft")
    without = [kv for kv in good if kv[0] != "csrf_token"]
    wrong = [("csrf_token", secrets.token_urlsafe(32))] + without
    theirs = [("csrf_token", ad.csrf)] + without
    for name, fields, hdrs in (
            ("without csrf_token", without, ()),
            ("with an empty csrf_token", [("csrf_token", "")] + without, ()),
            ("with a wrong csrf_token", wrong, ()),
            ("with another session's csrf_token", theirs, ()),
            ("with Origin: http://evil.example", good,
             [("Origin", "http://evil.example")]),
            ("with Origin: null", good, [("Origin", "null")]),
            ("with Sec-Fetch-Site: cross-site", good,
             [("Sec-Fetch-Site", "cross-site")])):
        t.status("POST /admin/news %s -> 403" % name,
                 ed.post("/admin/news", fields, hdrs), 403)
    t.check("refused POSTs: no release created",
            db_one("SELECT count(*) FROM news") == news)
    t.check("refused POSTs: /admin/news unchanged",
            re.findall(r"/admin/news/\d+/edit",
                       ed.get("/admin/news").text) == listed)
    t.check("refused POSTs: /news unchanged",
            public_releases(ed.get("/news")) == public)
    t.check("refused POSTs: the title is nowhere",
            title not in ed.get("/admin/news").text)
    rs = ed.post("/admin/news", good, [("Origin", BASE),
                                       ("Sec-Fetch-Site", "same-origin")])
    t.status("POST /admin/news with the token and Origin: %s -> 303" % BASE,
             rs, 303)


def publishing():
    ed = S["editor"]
    rs = ed.get("/admin/news/new")
    if t.status("GET /admin/news/new", rs, 200):
        form = find_form(rs, "/admin/news")
        if t.check("new statement: a form POSTing to /admin/news", form):
            want = {"title", "slug", "dateline", "date", "time", "summary",
                    "body", "status", "version", "csrf_token", "action"}
            t.check("new statement: every field", want <= form.names(),
                    "missing %s" % sorted(want - form.names()))
            t.check("new statement: date is today (%s)" % today(),
                    form.value("date") == today(), form.value("date"))
            acts = [b.get("value") for b in form.buttons + form.inputs
                    if b.get("name") == "action"]
            t.check("new statement: buttons action=save and action=preview",
                    {"save", "preview"} <= set(acts), acts)

    # Published at once.
    title = "Test release " + rnd()
    rs, nid = create_news(ed, title, "create a published release -> 303",
                          body="Published body %s." % RUN)
    if nid:
        page = ed.get(location(rs))
        t.check("after saving: flash Saved.", "Saved." in text_of(page.text))
        form = find_form(page, "/admin/news/%s" % nid)
        slug = form.value("slug") if form else None
        t.check("after saving: the form shows the title and a slug",
                form and form.value("title") == title and slug,
                form and form.values())
        if slug:
            S["published"] = (nid, slug, title)
            lst = ed.get("/news")
            t.check("published: listed on /news",
                    "/news/" + slug in public_releases(lst))
            t.check("published: its title on /news", title in lst.text)
            one = ed.get("/news/" + slug)
            if t.status("published: GET /news/<slug>", one, 200):
                t.check("published: title in the h1", title in h1s(one))
                t.check("published: body shown",
                        "Published body %s." % RUN in text_of(one.text))
            t.check("published: among the latest on /", on_home(ed, slug))

    # A draft: nowhere public, until published through the confirmation.
    title = "Draft release " + rnd()
    rs, did = create_news(ed, title, "create a draft -> 303",
                          status="draft")
    if did:
        slug = news_slug(ed, did)
        if slug:
            t.status("draft: GET /news/<slug> -> 404",
                     ed.get("/news/" + slug), 404)
            t.check("draft: not on /news", not in_news(ed, slug))
            t.check("draft: not on /", not on_home(ed, slug))
            t.check("draft: title nowhere public",
                    title not in ed.get("/news").text + ed.get("/").text)
            confirm_and_post(ed, did, "publish", "publish the draft")
            t.status("published draft: GET /news/<slug>",
                     ed.get("/news/" + slug), 200)
            t.check("published draft: on /news", in_news(ed, slug))
            confirm_and_post(ed, did, "delete", "delete it")
            t.status("deleted: GET /news/<slug> -> 404",
                     ed.get("/news/" + slug), 404)
            t.check("deleted: not on /news", not in_news(ed, slug))
            t.status("deleted: GET /admin/news/<id>/edit -> 404",
                     ed.get("/admin/news/%s/edit" % did), 404)

    # Unpublish.
    if "published" in S:
        nid, slug, title = S["published"]
        confirm_and_post(ed, nid, "unpublish", "unpublish")
        t.status("unpublished: GET /news/<slug> -> 404",
                 ed.get("/news/" + slug), 404)
        t.check("unpublished: not on /news", not in_news(ed, slug))
        t.check("unpublished: not on /", not on_home(ed, slug))
        _, form = edit_form(ed, "news", nid)
        t.check("unpublished: still in the admin, as a draft",
                form and form.value("status") == "draft",
                form and form.value("status"))

    # Scheduled a minute or two ahead.
    when = site_now() + datetime.timedelta(minutes=2)
    title = "Scheduled release " + rnd()
    rs, sid = create_news(ed, title, "create a scheduled release -> 303",
                          date=when.strftime("%Y-%m-%d"),
                          time=when.strftime("%H:%M"))
    if not sid:
        return
    slug = news_slug(ed, sid)
    if not slug:
        return
    t.status("scheduled: GET /news/<slug> -> 404",
             ed.get("/news/" + slug), 404)
    t.check("scheduled: not on /news", not in_news(ed, slug))
    t.check("scheduled: not on /", not on_home(ed, slug))
    # Due in 4 seconds: the cached lists must not outlive that moment.
    due = int(time.time()) + 4
    db_exec("UPDATE news SET published_at = ? WHERE id = ?", (due, sid))
    t.check("scheduled, due in 4 s: not on /news yet",
            not in_news(ed, slug))
    t.check("scheduled, due in 4 s: not on / yet", not on_home(ed, slug))
    t.status("scheduled, due in 4 s: /news/<slug> -> 404 yet",
             ed.get("/news/" + slug), 404)
    time.sleep(max(0.0, due + 1.2 - time.time()))
    t.check("scheduled, now due: on /news", in_news(ed, slug))
    t.check("scheduled, now due: on /", on_home(ed, slug))
    t.status("scheduled, now due: GET /news/<slug>",
             ed.get("/news/" + slug), 200)


def slug_change():
    ed = S["editor"]
    title = "Renamed release " + rnd()
    rs, nid = create_news(ed, title, "slug change: create -> 303")
    if not nid:
        return
    _, form = edit_form(ed, "news", nid)
    old = form.value("slug") if form else None
    if not t.check("slug change: edit form has the slug and version",
                   old and form.value("version"), form and form.values()):
        return
    new = "renamed-" + rnd()
    rs = save_form(ed, "news", nid, form, slug=new)
    if not t.status("slug change: save with slug %s -> 303" % new, rs, 303):
        return
    rs = ed.get("/news/" + old)
    if t.status("slug change: GET /news/<old> -> 301", rs, 301):
        t.check("slug change: Location /news/" + new,
                location(rs) == "/news/" + new, describe(rs))
    t.status("slug change: GET /news/<new>", ed.get("/news/" + new), 200)
    _, form = edit_form(ed, "news", nid)
    newer = "renamed-again-" + rnd()
    rs = save_form(ed, "news", nid, form, slug=newer)
    t.status("slug change: rename again -> 303", rs, 303)
    for s in (old, new):
        rs = ed.get("/news/" + s)
        t.check("slug change: /news/<%s> -> 301 to the newest" % s,
                rs.status == 301 and location(rs) == "/news/" + newer,
                describe(rs))


def number_slug():
    """A new release whose title makes no slug (only punctuation) is
    called by its group's number, never refused for want of a slug."""
    ed = S["editor"]
    rs, nid = create_news(ed, "¿!? — …", "number slug: create "
                          "-> 303", slug="")
    if not nid:
        return
    t.check("number slug: the slug is the group's number",
            news_slug(ed, nid) == nid, news_slug(ed, nid))
    t.status("number slug: GET /news/<number>", ed.get("/news/" + nid), 200)


def conflict():
    ed = S["editor"]
    rs, nid = create_news(ed, "Conflict release " + rnd(),
                          "conflict: create -> 303")
    if not nid:
        return
    _, f1 = edit_form(ed, "news", nid)
    _, f2 = edit_form(ed, "news", nid)
    if not (f1 and f2):
        t.check("conflict: edit form opened twice", False)
        return
    t.check("conflict: both forms at the same version",
            f1.value("version") and f1.value("version") == f2.value("version"),
            "%r %r" % (f1.value("version"), f2.value("version")))
    first = "Conflict first " + rnd()
    t.status("conflict: first save -> 303",
             save_form(ed, "news", nid, f1, title=first), 303)
    second = "Conflict second typed " + rnd()
    body = "Typed in the second window " + rnd()
    rs = save_form(ed, "news", nid, f2, title=second, body=body)
    if t.status("conflict: second save with the old version -> 409", rs,
                409):
        form = find_form(rs, "/admin/news/%s" % nid)
        t.check("conflict: the typed title kept in the form",
                form and form.value("title") == second,
                form and form.value("title"))
        t.check("conflict: the typed body kept in the form",
                form and form.value("body") == body)
        t.check("conflict: the saved version shown too",
                first in text_of(rs.text))
    _, f3 = edit_form(ed, "news", nid)
    t.check("conflict: the first save stands",
            f3 and f3.value("title") == first, f3 and f3.value("title"))


def revisions():
    ed = S["editor"]
    one = "Revision one " + rnd()
    rs, nid = create_news(ed, one, "revisions: create -> 303",
                          body="Body of revision one.")
    if not nid:
        return
    slug = news_slug(ed, nid)
    _, form = edit_form(ed, "news", nid)
    two = "Revision two " + rnd()
    t.status("revisions: second save -> 303",
             save_form(ed, "news", nid, form, title=two,
                       body="Body of revision two."), 303)
    h1 = ed.get("/news/%s" % slug)
    t.check("revisions: public page shows the new title", two in h1s(h1),
            h1s(h1))
    hist = ed.get("/admin/news/%s/history" % nid)
    if not t.status("revisions: GET /admin/news/<id>/history", hist, 200):
        return
    revs = []
    for r in re.findall(r'href="/admin/news/%s/revisions/(\d+)"' % nid,
                        hist.text):
        if r not in revs:
            revs.append(r)
    if not t.check("revisions: history lists >= 2 revisions",
                   len(revs) >= 2, "found %s" % revs):
        return
    old = None
    for r in revs:
        page = ed.get("/admin/news/%s/revisions/%s" % (nid, r))
        if page.status == 200 and one in text_of(page.text) + " ".join(
                f.value("title") or "" for f in forms_of(page)):
            old = (r, page)
    if not t.check("revisions: one revision shows the first title", old):
        return
    rev, page = old
    t.check("revisions: newest first (the first title's revision last)",
            revs[-1] == rev, "order %s, first title in %s" % (revs, rev))
    action = "/admin/news/%s/revisions/%s/restore" % (nid, rev)
    form = find_form(page, action) or find_form(hist, action)
    t.check("revisions: a restore form for it", form)
    vals = form.values() if form else {}
    vals["csrf_token"] = vals.get("csrf_token") or ed.csrf
    rs = ed.post(action, list(vals.items()))
    if t.status("revisions: restore -> 303", rs, 303):
        t.check("revisions: restore goes to the edit page",
                location(rs) == "/admin/news/%s/edit" % nid, describe(rs))
    h1 = ed.get("/news/%s" % slug)
    t.check("revisions: public page shows the first title again",
            one in h1s(h1), h1s(h1))
    t.check("revisions: and the first body",
            "Body of revision one." in text_of(h1.text))
    hist = ed.get("/admin/news/%s/history" % nid)
    n = len(set(re.findall(r'href="/admin/news/%s/revisions/(\d+)"' % nid,
                           hist.text)))
    t.check("revisions: restoring made a new revision (>= 3)", n >= 3,
            "found %d" % n)


def preview():
    ed = S["editor"]
    news = db_one("SELECT count(*) FROM news")
    title = "Preview release " + rnd()
    fields = news_fields(ed, title, action="preview", dateline="Geneva",
                         body="Preview body with **bold %s**." % RUN)
    rs = ed.post("/admin/news", fields)
    if t.status("preview of a new release -> 200", rs, 200):
        t.check("preview: shows the title", title in text_of(rs.text))
        t.check("preview: the body rendered",
                "<strong>bold %s</strong>" % RUN in rs.text)
        t.check("preview: the dateline", "Geneva" in text_of(rs.text))
    t.check("preview: nothing saved",
            db_one("SELECT count(*) FROM news") == news)
    t.check("preview: not on /admin/news",
            title not in ed.get("/admin/news").text)
    if "published" not in S:
        return
    nid = S["published"][0]
    version = db_one("SELECT version FROM news WHERE id = ?", (nid,))
    _, form = edit_form(ed, "news", nid)
    other = "Previewed change " + rnd()
    rs = save_form(ed, "news", nid, form, action="preview", title=other)
    if t.status("preview of an existing release -> 200", rs, 200):
        t.check("preview: shows the changed title",
                other in text_of(rs.text))
    t.check("preview: the release unchanged",
            db_one("SELECT version FROM news WHERE id = ?", (nid,)) ==
            version and other not in edit_form(ed, "news", nid)[0].text)


def validation():
    ed = S["editor"]
    news = db_one("SELECT count(*) FROM news")
    k = rnd()
    kept = {"dateline": "Kept dateline " + k, "summary": "Kept summary " + k,
            "body": "Kept body " + k + "\n\nwith two paragraphs."}
    rs = ed.post("/admin/news", news_fields(ed, "", **kept))
    if t.status("empty title -> 422", rs, 422):
        form = find_form(rs, "/admin/news")
        for f, v in kept.items():
            t.check("empty title: %s kept" % f, form and form.value(f) == v,
                    form and repr(form.value(f))[:80])
    for name, kw in (
            ("title of 301 characters", {"title": "a" * 301}),
            ("title of 301 two-byte characters", {"title": "\u00e9" * 301}),
            ("date 2023-02-30", {"date": "2023-02-30"}),
            ("date 17/12/2021", {"date": "17/12/2021"}),
            ("date 2021-13-01", {"date": "2021-13-01"}),
            ("time 25:00", {"time": "25:00"}),
            ("time 12:60", {"time": "12:60"}),
            ("status bogus", {"status": "bogus"}),
            ("slug with spaces", {"slug": "Bad Slug"}),
            ("slug with --", {"slug": "bad--slug"}),
            ("slug of 129 characters", {"slug": "a" * 129}),
            ("slug taken", {"slug": SEED_STATEMENT[6:]}),
            ("summary of 1001 characters", {"summary": "s" * 1001}),
            ("body of 1 MiB + 1", {"body": "b" * (1024 * 1024 + 1)}),
            ("body of 2 MB", {"body": "b" * BIG})):
        title = kw.pop("title", "Invalid " + rnd())
        want = (413, 422) if "MB" in name else 422
        rs = ed.post("/admin/news", news_fields(ed, title, **kw))
        t.status("%s -> %s" % (name, "413/422" if want != 422 else 422), rs,
                 want)
    t.check("invalid submissions: nothing saved",
            db_one("SELECT count(*) FROM news") == news)
    # A refused form stays a form of date and time fields, its summary
    # taking focus (issue 11).
    rs = ed.post("/admin/news", news_fields(ed, "", date="2023-02-30"))
    if t.status("empty title and date 2023-02-30 -> 422", rs, 422):
        t.check("re-shown form: the date field is type=\"date\"",
                re.search(r'<input type="date" id="f-date" name="date"',
                          rs.text))
        t.check("re-shown form: the time field is type=\"time\"",
                re.search(r'<input type="time" id="f-time" name="time"',
                          rs.text))
        t.check("re-shown form: the error summary takes focus",
                re.search(r'<div class="form-errors" role="alert" '
                          r'id="form-errors" tabindex="-1" autofocus>',
                          rs.text))
    rs = ed.post("/admin/news", news_fields(ed, "x", body="b" * OVER_LIMIT),
                 record=False)
    t.status("request body over 2 MiB -> 413", rs, 413)
    t.check("over 2 MiB: nothing saved",
            db_one("SELECT count(*) FROM news") == news)
    # 300 characters in 540 bytes, not ending in a space (trimmed).
    title = ("\u00e1rv\u00edzt\u0171r\u0151 " * 30)[:299] + "\u00e9"
    rs, nid = create_news(ed, title, "title of 300 characters (%d bytes) "
                          "-> 303" % len(title.encode("utf-8")))
    if nid:
        _, form = edit_form(ed, "news", nid)
        t.check("title of 300 characters kept whole",
                form and form.value("title") == title)


def audit():
    ad = S["admin"]
    rs = ad.get("/admin/audit")
    if not t.status("GET /admin/audit (admin)", rs, 200):
        return
    text = text_of(rs.text)
    seen = {rs.target}
    for _ in range(5):
        more = [u.replace("&amp;", "&") for u in re.findall(
            r'href="(/admin/audit\?[^"]*page=\d+[^"]*)"', rs.text)]
        more = [u for u in more if u not in seen]
        if not more:
            break
        seen.add(more[0])
        rs = ad.get(more[0])
        text += " " + text_of(rs.text)
    low = text.lower()
    for what in ("sign-in", "create", "publish", "unpublish", "delete"):
        t.check("audit: shows %s" % what, what in low)
    t.check("audit: shows a failed sign-in",
            re.search(r"sign-in failed|failed sign-in|sign-in.{0,40}fail",
                      low))
    t.check("audit: names editor1 and throttled1",
            "editor1" in text and "throttled1" in text)


def accounts():
    ad = S["admin"]
    name = "web" + rnd()
    rs = ad.post("/admin/users", ad.with_csrf([
        ("name", name), ("role", "editor"), ("password", "short-pw")]))
    t.status("new account with an 8-character password -> 422", rs, 422)
    rs = ad.post("/admin/users", ad.with_csrf([
        ("name", name), ("role", "superuser"),
        ("password", "web-password-123")]))
    t.status("new account with role superuser -> 422", rs, 422)
    # The role's first option is an empty placeholder (the Nu checker's
    # rule for a required <select>); an empty role is still refused, the
    # form kept (issue 11).
    rs = ad.get("/admin/users/new")
    t.check("new account form: the role's first option is empty",
            re.search(r'<select id="role" name="role" required[^>]*>\s*'
                      r'<option value="">[^<]+</option>', rs.text),
            rs.text[:200])
    rs = ad.post("/admin/users", ad.with_csrf([
        ("name", name), ("role", ""), ("password", "web-password-123")]))
    if t.status("new account with an empty role -> 422", rs, 422):
        t.check("empty role: the name is kept",
                re.search(r'name="name"[^>]* value="%s"' % name, rs.text))
    rs = ad.post("/admin/users", ad.with_csrf([
        ("name", name), ("role", "editor"),
        ("password", "web-password-123")]))
    t.status("admin creates an editor account -> 303", rs, 303)
    ag, _, rs = login(name, "web-password-123")
    t.status("the new account signs in", rs, 303)
    lst = ad.get("/admin/users")
    m = None
    for href, inner in re.findall(r'href="/admin/users/(\d+)/edit"[^>]*>'
                                  r'(.*?)</a', lst.text, re.S):
        if name in text_of(inner):
            m = href
    if not m:
        row = db_one("SELECT id FROM users WHERE name = ?", (name,))
        m = str(row) if row else None
    if not t.check("the new account is on /admin/users", m and
                   name in lst.text):
        return
    _, form = edit_form(ad, "users", m)
    vals = form.values() if form else {"role": "editor"}
    vals.update(disabled="1", password="")
    rs = ad.post("/admin/users/%s" % m, ad.with_csrf(list(vals.items())))
    t.status("admin disables it -> 303", rs, 303)
    t.status("disabled: its session ends (GET /admin -> 302)",
             ag.get("/admin"), 302)
    _, _, rs = login(name, "web-password-123", bind="127.0.0.9")
    t.status("disabled: cannot sign in -> 401", rs, 401)

    cli = "cli" + rnd()
    rc, out = waypoint("user", "add", cli, "--role", "editor",
                       stdin="cli-password-123\n")
    t.check("waypoint user add %s" % cli, rc == 0, out)
    rc, out = waypoint("user", "list")
    t.check("waypoint user list shows editor1, admin1 and %s" % cli,
            rc == 0 and all(u in out for u in ("editor1", "admin1", cli)),
            out)
    ag = signed_in(cli, "cli-password-123", cli)
    rc, out = waypoint("user", "disable", cli)
    t.check("waypoint user disable %s" % cli, rc == 0, out)
    t.status("disabled by the CLI: session ends", ag.get("/admin"), 302)


def pages():
    ed = S["editor"]
    title = "Test page " + rnd()
    fields = ed.with_csrf([
        ("version", ""), ("title", title), ("slug", ""), ("date", today()),
        ("time", ""), ("summary", "A page."),
        ("body", "Page body %s." % RUN), ("status", "published"),
        ("action", "save")])
    rs = ed.post("/admin/pages", fields)
    if not t.status("create a published page -> 303", rs, 303):
        return
    m = re.fullmatch(r"/admin/pages/(\d+)/edit", location(rs) or "")
    if not t.check("page: Location /admin/pages/<id>/edit", m,
                   describe(rs)):
        return
    _, form = edit_form(ed, "pages", m.group(1))
    slug = form.value("slug") if form else None
    if t.check("page: the form has its slug", slug):
        one = ed.get("/" + slug)
        if t.status("page: GET /<slug>", one, 200):
            t.check("page: title in the h1", title in h1s(one))
        rs = save_form(ed, "pages", m.group(1), form, status="draft")
        t.status("page: save as draft -> 303", rs, 303)
        t.status("page: draft: GET /<slug> -> 404", ed.get("/" + slug), 404)


# ---------------------------------------------------------- translations
# The site runs with `languages = en hu` (run_serve.sh, run_nginx.sh).

def selected(form, name):
    """The value of select name that is marked selected, or None."""
    opts = form.selects.get(name, []) if form else []
    chosen = [v for v, sel in opts if sel]
    return chosen[0] if chosen else None


def translate_link(rs, kind, nid, lang):
    return ("/admin/%s/new?source=%s&amp;lang=%s" % (kind, nid, lang)
            in rs.text)


def outdated_shown(ag, kind, nid):
    return 'id="item-outdated"' in ag.get("/admin/%s/%s/edit"
                                          % (kind, nid)).text


def listed(rs, kind, nid):
    return 'href="/admin/%s/%s/edit"' % (kind, nid) in rs.text


def outdated_row(rs, kind, nid):
    """Whether the list rs flags item nid of kind outdated."""
    m = re.search(r'href="/admin/%s/%s/edit">[^<]*</a>(.*?)</th>'
                  % (kind, nid), rs.text, re.S)
    return bool(m) and "status-outdated" in m.group(1)


def translate(ag, kind, nid, lang, name, **changes):
    """Opens "Translate into" lang of item nid and saves the form with
    changes; returns (form page, answer, new id or None)."""
    page = ag.get("/admin/%s/new?source=%s&lang=%s" % (kind, nid, lang))
    t.status(name + ": the translation form -> 200", page, 200)
    form = find_form(page, "/admin/%s" % kind)
    vals = form.values() if form else {}
    vals.update(changes)
    vals["action"] = "save"
    rs = ag.post("/admin/%s" % kind, ag.with_csrf(list(vals.items())))
    m = re.fullmatch(r"/admin/%s/(\d+)/edit" % kind, location(rs) or "")
    return form, rs, (m.group(1) if m else None)


def translations():
    ed = S["editor"]
    title = "Translated release " + rnd()
    _, nid = create_news(ed, title, "translations: an English release")
    if not nid:
        return
    rs, form = edit_form(ed, "news", nid)
    opts = [v for v, _ in form.selects.get("lang", [])] if form else []
    t.check("edit form: a lang select of the configured languages",
            opts == site_languages(), "options %s" % opts)
    t.check("edit form: the languages named in the editor's language",
            re.search(r'<option value="hu"[^>]*>Hungarian</option>',
                      rs.text), describe(rs))
    t.check("edit form: its language is selected",
            selected(form, "lang") == "en", "selected %s"
            % selected(form, "lang"))
    t.check("edit form: Translate into hu links the new-item form",
            translate_link(rs, "news", nid, "hu"), describe(rs))
    t.check("edit form: no Translate into its own language",
            not translate_link(rs, "news", nid, "en"))

    base = "/admin/news/new?source=%s&lang=" % nid
    t.status("translate into an unknown language -> 400",
             ed.get(base + "xx"), 400)
    rs = ed.get(base + "en")
    t.check("translate into the language it has -> 303 to that version's "
            "form", rs.status == 303 and (rs.header("location") or "")
            .endswith("/admin/news/%s/edit" % nid), describe(rs))
    t.status("translate a source that is not there -> 404",
             ed.get("/admin/news/new?source=99999999&lang=hu"), 404)
    t.status("translate a malformed source id -> 400",
             ed.get("/admin/news/new?source=1x&lang=hu"), 400)
    t.status("translate a page id as a release's -> 404",
             ed.get("/admin/pages/new?source=%s&lang=hu" % 99999998), 404)

    page = ed.get(base + "hu")
    tf = find_form(page, "/admin/news")
    vals = tf.values() if tf else {}
    t.check("translation form: prefilled from the source",
            vals.get("title") == title and vals.get("dateline") ==
            "Budapest" and vals.get("date") == today() and
            vals.get("body") == "First paragraph.\n\nSecond paragraph."
            and vals.get("summary", "").startswith("Summary of"),
            "values %s" % vals)
    t.check("translation form: a draft in hu, linked to its source",
            vals.get("status") == "draft" and selected(tf, "lang") == "hu"
            and vals.get("source") == nid and vals.get("slug") == "",
            "values %s" % vals)
    hu_title = "Magyar kiadás " + RUN
    _, rs, hid = translate(ed, "news", nid, "hu", "translate into hu",
                           title=hu_title)
    if not t.status("translation saved -> 303", rs, 303) or not hid:
        return
    row = db_all("SELECT lang, group_id, source_id, source_rev, slug,"
                 " status FROM news WHERE id = ?", (hid,))
    src = db_all("SELECT group_id, text_rev FROM news WHERE id = ?", (nid,))
    t.check("translation row: hu, the source's group, source and rev, a "
            "draft with a slug from its title",
            row and src and row[0][:4] == ("hu", src[0][0], int(nid),
                                           src[0][1]) and
            row[0][4].startswith("magyar-kiadas") and row[0][5] == "draft",
            "row %s source %s" % (row, src))
    rs = ed.get("/admin/news/%s/edit" % nid)
    t.check("source's edit page lists the translation, no Translate into "
            "hu any more", listed(rs, "news", hid) and
            not translate_link(rs, "news", nid, "hu"), describe(rs))

    # A second Hungarian version of the group is refused, the form kept.
    rs = ed.get("/admin/news/new?source=%s&lang=en" % hid)
    t.check("translate the translation into en, which the group has "
            "-> 303 to the English version's form", rs.status == 303 and
            (rs.header("location") or "").endswith(
                "/admin/news/%s/edit" % nid), describe(rs))
    fields = news_fields(ed, "Second Hungarian " + RUN)
    fields += [("lang", "hu"), ("source", nid)]
    rs = ed.post("/admin/news", fields)
    t.status("a second hu version of the group -> 422", rs, 422)
    t.check("refused: the message at the language field, the title kept",
            'id="f-lang-error"' in rs.text and
            "Second Hungarian " + RUN in rs.text, describe(rs))
    rs = ed.post("/admin/news", news_fields(ed, "Bad lang " + RUN) +
                 [("lang", "xx")])
    t.status("a language the site lacks -> 422", rs, 422)
    t.check("refused lang: the message at the field, the title kept",
            'id="f-lang-error"' in rs.text and "Bad lang " + RUN in rs.text,
            describe(rs))
    rs, hform = edit_form(ed, "news", hid)
    if hform:
        rs = save_form(ed, "news", hid, hform, lang="en")
        t.status("moving the translation to en, which the group has "
                 "-> 422", rs, 422)

    # Outdated: not after a status, slug or date change of the source.
    _, form = edit_form(ed, "news", nid)
    rs = save_form(ed, "news", nid, form, status="draft",
                   slug="moved-" + RUN, time="09:30")
    t.status("source: status, slug and time changed -> 303", rs, 303)
    t.check("translation not outdated after a status-only change",
            not outdated_shown(ed, "news", hid))
    t.check("not under /admin?outdated=hu",
            not listed(ed.get("/admin?outdated=hu"), "news", hid))
    _, form = edit_form(ed, "news", nid)
    rs = save_form(ed, "news", nid, form, body="A changed body " + RUN)
    t.status("source: body changed -> 303", rs, 303)
    t.check("translation outdated after the source's body changed",
            outdated_shown(ed, "news", hid))
    rs = ed.get("/admin?outdated=hu")
    t.status("/admin?outdated=hu -> 200", rs, 200)
    t.check("/admin?outdated=hu lists it, flagged",
            listed(rs, "news", hid) and outdated_row(rs, "news", hid),
            describe(rs))
    t.check("/admin/news flags it outdated, not its source",
            outdated_row(ed.get("/admin/news"), "news", hid) and
            not outdated_row(ed.get("/admin/news"), "news", nid))
    page = ed.get("/admin/news/%s/edit" % hid)
    t.check("its edit page links the source",
            'href="/admin/news/%s/edit"' % nid in page.text)
    cur = find_form(page, "/admin/news/%s/current" % hid)
    t.check("its edit page has the Still current form", cur)
    rs = ed.post("/admin/news/%s/current" % hid, [("csrf_token", "x")])
    t.status("Still current without the CSRF token -> 403", rs, 403)
    before = db_one("SELECT count(*) FROM audit_log WHERE action ="
                    " 'current'")
    rs = ed.post("/admin/news/%s/current" % hid,
                 ed.with_csrf(list(cur.values().items()) if cur else []))
    t.status("Still current -> 303", rs, 303)
    t.check("Still current: back to the edit page",
            location(rs) == "/admin/news/%s/edit" % hid, describe(rs))
    t.check("Still current: no longer outdated",
            not outdated_shown(ed, "news", hid))
    t.check("Still current: audited", db_one(
        "SELECT count(*) FROM audit_log WHERE action = 'current'") ==
        (before or 0) + 1)
    t.check("Still current: the text and version are unchanged", db_one(
        "SELECT title || version FROM news WHERE id = ?", (hid,)) ==
        hu_title + "1")
    t.status("Still current of a missing item -> 404", ed.post(
        "/admin/news/99999999/current", ed.with_csrf([])), 404)
    _, form = edit_form(ed, "news", nid)
    save_form(ed, "news", nid, form, title=title + " (new title)")
    t.check("outdated again after the source's title changed",
            outdated_shown(ed, "news", hid))
    _, hform = edit_form(ed, "news", hid)
    rs = save_form(ed, "news", hid, hform, body="Frissítve " + RUN)
    t.status("the translator saves it -> 303", rs, 303)
    t.check("saved by the translator: no longer outdated",
            not outdated_shown(ed, "news", hid))

    # A source deleted while its translation is typed: the text comes
    # back no longer naming it, so that saving again keeps it as a
    # release of its own instead of being refused the same way forever.
    _, gone = create_news(ed, "Gone source " + rnd(),
                          "translations: a source to delete")
    if gone:
        page = ed.get("/admin/news/new?source=%s&lang=hu" % gone)
        form = find_form(page, "/admin/news")
        vals = form.values() if form else {}
        vals.update(title="Árva " + RUN, action="save")
        db_exec("DELETE FROM news WHERE id = ?", (gone,))
        rs = ed.post("/admin/news", ed.with_csrf(list(vals.items())))
        t.status("translation of a deleted source -> 422", rs, 422)
        again = find_form(rs, "/admin/news")
        t.check("source deleted: the text kept, the source no longer "
                "named", again is not None and "Árva " + RUN in rs.text
                and "source" not in again.values(), describe(rs))
        vals = again.values() if again else {}
        vals["action"] = "save"
        rs = ed.post("/admin/news", ed.with_csrf(list(vals.items())))
        m = re.fullmatch(r"/admin/news/(\d+)/edit", location(rs) or "")
        t.status("saved again: a release of its own -> 303", rs, 303)
        t.check("saved again: in hu, translating nothing", m and db_one(
            "SELECT lang || ':' || coalesce(source_id, 0) FROM news"
            " WHERE id = ?", (m.group(1),)) == "hu:0")

    # A title with nothing to make a slug of: the group's number.
    ptitle = "Translated page " + rnd()
    rs = ed.post("/admin/pages", ed.with_csrf([
        ("version", ""), ("title", ptitle), ("slug", ""), ("date", today()),
        ("time", ""), ("summary", ""), ("body", "Body."),
        ("status", "draft"), ("action", "save")]))
    m = re.fullmatch(r"/admin/pages/(\d+)/edit", location(rs) or "")
    if t.status("an English page -> 303", rs, 303) and m:
        pid = m.group(1)
        _, rs, tid = translate(ed, "pages", pid, "hu", "page into hu",
                               title="?!")
        t.status("a page translation titled \"?!\" -> 303", rs, 303)
        group = db_one("SELECT group_id FROM pages WHERE id = ?", (pid,))
        t.check("its slug is the group's number",
                tid and db_one("SELECT slug FROM pages WHERE id = ?",
                               (tid,)) == str(group))


def filters():
    ed = S["editor"]
    title = "English only " + rnd()
    _, nid = create_news(ed, title, "filters: an English-only release")
    rs = ed.get("/admin?missing=hu")
    t.status("/admin?missing=hu -> 200", rs, 200)
    t.check("missing in hu: lists the English-only release",
            nid and listed(rs, "news", nid), describe(rs))
    t.check("missing in hu: the filter link is the current one",
            'href="/admin?missing=hu" class="filter-missing" '
            'aria-current="page"' in rs.text)
    t.check("the filters' bar: once, not once a language",
            rs.text.count('class="admin-filters"') == 1,
            "%d bars" % rs.text.count('class="admin-filters"'))
    rs = ed.get("/admin/news?missing=hu")
    t.check("/admin/news?missing=hu lists it too",
            rs.status == 200 and listed(rs, "news", nid), describe(rs))
    t.check("/admin/pages?missing=hu lists no release",
            not listed(ed.get("/admin/pages?missing=hu"), "news", nid))
    t.check("missing in en: not the English release",
            not listed(ed.get("/admin?missing=en"), "news", nid))
    # No release is outdated in English unless a test made one: the list
    # is then empty, and says so of the filter.
    rs = ed.get("/admin/news?outdated=en")
    empty = re.search(r'href="/admin/news/\d+/edit"', rs.text) is None
    t.check("an empty filter says none matches, not that there are no "
            "releases", rs.status == 200 and "There are no releases yet."
            not in rs.text and (not empty or "None matches this filter."
                                in rs.text), describe(rs))
    translate(ed, "news", nid, "hu", "filters: translate it",
              title="Csak angol " + RUN)
    t.check("missing in hu: no longer once translated",
            not listed(ed.get("/admin?missing=hu"), "news", nid))
    # The title search: words anywhere in a title, LIKE's own characters
    # as they are, the words kept in the box and in the pages' links.
    word = "Zq" + RUN
    _, sid = create_news(ed, "Find %s 50%% off_x" % word,
                         "filters: a release the title search finds")
    rs = ed.get("/admin?q=" + word.lower())
    t.check("?q=: lists a release whose title holds the words, in any "
            "case", rs.status == 200 and sid and listed(rs, "news", sid)
            and not listed(rs, "news", nid), describe(rs))
    t.check("... the words kept in the search box",
            'name="q" value="%s"' % word.lower() in rs.text, describe(rs))
    t.check("... the filter said, with a way back to all",
            "Only the items whose title contains" in rs.text)
    t.check("?q= with %% and _ finds them as written, not as wildcards",
            listed(ed.get("/admin/news?q=" + quote("50% off_x")), "news",
                   sid) and not listed(ed.get(
                       "/admin/news?q=" + quote("5_% off%x")), "news",
                       sid))
    t.check("?q= on the pages' list: no release",
            not listed(ed.get("/admin/pages?q=" + word), "news", sid))
    rs = ed.get("/admin?q=%20%20")
    t.check("?q= of spaces alone: the whole list",
            rs.status == 200 and "Only the items whose title" not in rs.text,
            describe(rs))
    for q, want in (("missing=xx", 400), ("outdated=EN", 400),
                    ("missing=hu&outdated=hu", 400), ("missing=", 400),
                    ("missing=hu&page=99999", 404),
                    ("q=" + "x" * 201, 400), ("q=a%01b", 400),
                    ("q=%FF", 400), ("q=a&missing=hu", 400)):
        t.status("/admin?%s -> %d" % (q, want), ed.get("/admin?" + q), want)
    n = int(db_one("SELECT count(*) FROM news n WHERE n.id = (SELECT"
                   " min(id) FROM news g WHERE g.group_id = n.group_id)"
                   " AND NOT EXISTS (SELECT 1 FROM news g WHERE"
                   " g.group_id = n.group_id AND g.lang = 'hu')"))
    rs = ed.get("/admin/news?missing=hu")
    t.check("/admin/news?missing=hu counts the groups missing hu",
            "%d in all" % n in rs.text, "want %d: %s" % (n, describe(rs)))
    if n > 20:
        t.check("its next page keeps the filter",
                'href="/admin/news?missing=hu&amp;page=1"' in rs.text)
        rs = ed.get("/admin/news?missing=hu&page=1")
        t.status("/admin/news?missing=hu&page=1 -> 200", rs, 200)


def account_lang():
    name = "lang" + rnd()
    rc, out = waypoint("user", "add", name, "--role", "editor",
                       stdin="lang-password-123\n")
    t.check("waypoint user add %s" % name, rc == 0, out)
    ag = signed_in(name, "lang-password-123", name)
    rs = ag.get("/admin/account")
    t.status("GET /admin/account -> 200", rs, 200)
    form = find_form(rs, "/admin/account")
    opts = [v for v, _ in form.selects.get("lang", [])] if form else []
    t.check("my account: the site default and each language",
            opts == [""] + site_languages(), "options %s" % opts)
    t.check("the admin screens are in English at first",
            '<html lang="en">' in ag.get("/admin").text)
    rs = ag.post("/admin/account", ag.with_csrf([("lang", "xx")]))
    t.status("my account: a language the site lacks -> 422", rs, 422)
    t.check("my account: the message at the field",
            'id="lang-error"' in rs.text)
    rs = ag.post("/admin/account", ag.with_csrf([("lang", "hu")]))
    t.status("my account: hu -> 303", rs, 303)
    t.check("my account: saved as hu", db_one(
        "SELECT lang FROM users WHERE name = ?", (name,)) == "hu")
    home = ag.get("/admin")
    t.check("the admin screens are now in Hungarian (<html lang>)",
            '<html lang="hu">' in home.text, describe(home))
    t.check("the admin screens are now in Hungarian (Vezérlőpult, "
            "Kijelentkezés, Saját fiók)", all(w in home.text for w in (
                "Vezérlőpult", "Kijelentkezés", "Saját fiók")),
            describe(home))
    t.check("Content-Language: hu", home.header("content-language") ==
            "hu", describe(home))
    rs = ag.post("/admin/news", news_fields(ag, "") + [("lang", "hu")])
    t.check("a refused form's messages are in Hungarian too",
            rs.status == 422 and "Vezérlőpult" in rs.text and
            "Title is required" not in rs.text, describe(rs))
    t.check("audited", db_one(
        "SELECT count(*) FROM audit_log WHERE action = 'account' AND"
        " detail LIKE ?", ("%s: language set to hu" % name,)) == 1)
    rs = ag.get("/admin/news/new")
    form = find_form(rs, "/admin/news")
    t.check("a new release defaults to the editor's language",
            selected(form, "lang") == "hu")
    t.check("the languages are named in Hungarian (angol, magyar)",
            re.search(r'<option value="en"[^>]*>angol</option>', rs.text)
            and re.search(r'<option value="hu"[^>]*>magyar</option>',
                          rs.text), describe(rs))
    t.check("the sign-in page stays in the site's default",
            '<html lang="en">' in Agent().get("/admin/login").text)

    ad = S["admin"]
    uid = db_one("SELECT id FROM users WHERE name = ?", (name,))
    rs, form = edit_form(ad, "users", uid)
    t.check("the admin's account form shows its language",
            selected(form, "lang") == "hu")
    vals = form.values() if form else {}
    vals.update(lang="", password="")
    rs = ad.post("/admin/users/%s" % uid, ad.with_csrf(list(vals.items())))
    t.status("admin sets it back to the site's default -> 303", rs, 303)
    t.check("stored as NULL", db_one(
        "SELECT lang IS NULL FROM users WHERE name = ?", (name,)) == 1)
    home = ag.get("/admin")
    t.check("its screens are in the default language again",
            '<html lang="en">' in home.text and "Dashboard" in home.text,
            describe(home))
    vals.update(lang="zz")
    rs = ad.post("/admin/users/%s" % uid, ad.with_csrf(list(vals.items())))
    t.status("admin sets a language the site lacks -> 422", rs, 422)


HOSTILE = (
    ("script", SCRIPT),
    ("img onerror", IMG),
    ("javascript:", JS),
    ("SQL", SQL),
    ("NUL", Raw("a%00b")),
    ("invalid UTF-8", Raw("a%FF%FEb")),
    ("2 MB", "H" * BIG),
)


def hostile_news():
    ed = S["editor"]
    for field in ("title", "slug", "dateline", "summary", "body"):
        for pname, payload in HOSTILE:
            value = payload
            if field == "body" and pname == "javascript:":
                value = "[click me](%s) and <%s>" % (JS, JS)
            title = "Hostile %s %s" % (field, rnd())
            kw = {field: value} if field != "title" else {}
            rs = ed.post("/admin/news", news_fields(
                ed, value if field == "title" else title, **kw))
            name = "hostile %s in %s" % (pname, field)
            t.status(name + " -> 303/422/413", rs, (303, 422, 413))
            if rs.status == 422 and isinstance(value, str) \
                    and not isinstance(value, Raw):
                form = find_form(rs, "/admin/news")
                t.check(name + ": typed value given back",
                        form and form.value(field) == value)
            if rs.status != 303:
                continue
            nid = news_id(rs)
            page, form = edit_form(ed, "news", nid)
            if not isinstance(value, Raw):
                t.check(name + ": stored literally",
                        form and form.value(field) == value,
                        form and repr(form.value(field))[:80])
            slug = form.value("slug") if form else None
            if slug:
                one = ed.get("/news/" + slug)
                t.status(name + ": public page", one, 200)
                if field == "title" and not isinstance(value, Raw):
                    t.check(name + ": the title as text on the public page",
                            value in h1s(one), h1s(one))
    ed.get("/news")
    ed.get("/")
    ed.get("/admin")
    ed.get("/admin/news")
    for field, value in (("date", SCRIPT), ("time", IMG), ("status", SQL),
                         ("version", IMG), ("action", SCRIPT)):
        rs = ed.post("/admin/news", news_fields(
            ed, "Hostile %s %s" % (field, rnd()), **{field: value}))
        t.status("hostile %r in %s -> 303/400/422" % (value, field), rs,
                 (303, 400, 422))
    # The preview renders Markdown: raw HTML and javascript: links go.
    rs = ed.post("/admin/news", news_fields(
        ed, "Hostile preview " + rnd(), action="preview",
        body="%s\n\n%s\n\n[x](%s)\n\n<a href=\"%s\">y</a>" % (
            SCRIPT, IMG, JS, JS)))
    t.status("hostile preview -> 200", rs, 200)


def hostile_menu():
    ad = S["admin"]
    before = db_one("SELECT coalesce(max(id), 0) FROM menu_items")
    for field in ("label", "description", "url"):
        for pname, payload in HOSTILE:
            vals = {"label": "Hostile " + rnd(), "description": "",
                    "target": "url", "page_id": "", "parent_id": "",
                    "url": "https://example.org/" + RUN}
            vals[field] = payload
            rs = ad.post("/admin/menu", ad.with_csrf(list(vals.items())))
            name = "menu: hostile %s in %s" % (pname, field)
            if field == "url":
                t.status(name + " -> 422/413", rs, (422, 413))
            else:
                t.status(name + " -> 303/422/413", rs, (303, 422, 413))
    for url in ("JaVaScRiPt:alert(1)", " javascript:alert(1)",
                "java\tscript:alert(1)", "data:text/html,<script>x</script>",
                "//evil.example/", "ftp://example.org/"):
        vals = {"label": "Bad URL " + rnd(), "description": "",
                "target": "url", "page_id": "", "parent_id": "", "url": url}
        rs = ad.post("/admin/menu", ad.with_csrf(list(vals.items())))
        t.status("menu: url %r -> 422" % url, rs, 422)
    ids = [r[0] for r in db_all(
        "SELECT id FROM menu_items WHERE id > ?", (before,))]
    for i in ids:
        ad.get("/admin/menu/%d/edit" % i)
    ad.get("/admin/menu")
    home = ad.get("/")
    navs = text_of(" ".join(re.findall(r"<nav\b.*?</nav\s*>", home.text,
                                       re.I | re.S)))
    labels = [r[0] for r in db_all(
        "SELECT label FROM menu_items WHERE id > ?", (before,))]
    for pname, payload in HOSTILE[:4]:
        if payload in labels:
            t.check("menu: hostile %s label shown as text in the public "
                    "menu" % pname, payload in navs)
    for pname, payload in HOSTILE[:4]:
        rs = ad.post("/admin/users", ad.with_csrf([
            ("name", payload), ("role", "editor"),
            ("password", "hostile-password-1")]))
        t.status("users: hostile %s as a name -> 303/422" % pname, rs,
                 (303, 422))
    ad.get("/admin/users")
    ad.get("/admin/audit")


# ------------------------------------------------- audit failures roll back

NO_AUDIT = ("CREATE TRIGGER test_no_audit BEFORE INSERT ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit refused by the test'); END")


def menu_fields(label, target="news", description="", parent=""):
    return [("label", label), ("description", description),
            ("target", target), ("page_id", ""), ("url", ""),
            ("parent_id", parent)]


def refused(name, rs, action, typed):
    """rs answers a change whose audit line could not be written: 5xx,
    the form again at action with each of typed (field, value) as sent,
    and a message naming the audit log."""
    form = find_form(rs, action)
    kept = form is not None and all(form.value(k) == v for k, v in typed)
    t.check("audit refused: %s -> 500/503, form as typed, message" % name,
            rs.status in (500, 503) and kept and
            "audit log" in text_of(rs.text),
            "%s; form %s" % (describe(rs), form and form.values()))


def snapshot():
    return (db_all("SELECT * FROM menu_items ORDER BY id"),
            db_all("SELECT id, name, role, disabled, password_hash "
                   "FROM users ORDER BY id"),
            db_one("SELECT count(*) FROM audit_log"),
            db_all("SELECT * FROM news ORDER BY id"),
            db_all("SELECT count(*) FROM revisions"))


def audit_refused():
    """With an audit log that refuses every line (a trigger added to the
    test database), no change of the menu or the accounts is kept, and no
    sign-in either; each form comes back as typed."""
    ad = S["admin"]
    label = "Audited " + rnd()
    rs = ad.post("/admin/menu", ad.with_csrf(menu_fields(label)))
    t.setup("audit refused: set-up menu item", rs.status == 303,
            describe(rs))
    mid = db_one("SELECT id FROM menu_items WHERE label = ?", (label,))
    name = "aud" + rnd()
    rs = ad.post("/admin/users", ad.with_csrf([
        ("name", name), ("role", "editor"),
        ("password", "audit-password-12")]))
    t.setup("audit refused: set-up account", rs.status == 303, describe(rs))
    uid = db_one("SELECT id FROM users WHERE name = ?", (name,))
    rs = ad.post("/admin/news", news_fields(ad, "Audited release " + rnd()))
    nid = news_id(rs)
    t.setup("audit refused: set-up release", nid, describe(rs))
    ad.get("/admin/menu")       # shows, and so clears, the flash
    before = snapshot()
    db_exec(NO_AUDIT)
    try:
        typed = "Typed <b> " + rnd()
        rs = ad.post("/admin/menu", ad.with_csrf(menu_fields(
            typed, description="kept\nas typed")), record=False)
        refused("menu create", rs, "/admin/menu",
                [("label", typed), ("description", "kept\nas typed")])
        rs = ad.post("/admin/menu/%d" % mid, ad.with_csrf(menu_fields(
            typed)), record=False)
        refused("menu edit", rs, "/admin/menu/%d" % mid, [("label", typed)])
        rs = ad.post("/admin/menu/%d/delete" % mid, ad.with_csrf([]),
                     record=False)
        t.check("audit refused: menu delete -> 500/503 with a message",
                rs.status in (500, 503) and "audit log" in text_of(rs.text),
                describe(rs))
        rs = ad.post("/admin/menu/%d/move" % mid, ad.with_csrf([
            ("direction", "up")]), record=False)
        t.check("audit refused: menu move -> 500/503 with a message",
                rs.status in (500, 503) and "audit log" in text_of(rs.text),
                describe(rs))
        other = "aud" + rnd()
        rs = ad.post("/admin/users", ad.with_csrf([
            ("name", other), ("role", "admin"),
            ("password", "audit-password-12")]), record=False)
        refused("account create", rs, "/admin/users",
                [("name", other), ("role", "admin")])
        rs = ad.post("/admin/users/%d" % uid, ad.with_csrf([
            ("role", "admin"), ("disabled", "1"), ("password", "")]),
            record=False)
        refused("account edit", rs, "/admin/users/%d" % uid,
                [("role", "admin"), ("disabled", "1")])
        title = "Refused release <i> " + rnd()
        rs = ad.post("/admin/news", news_fields(ad, title, body="As typed"),
                     record=False)
        refused("release create", rs, "/admin/news",
                [("title", title), ("body", "As typed")])
        version = db_one("SELECT version FROM news WHERE id = ?", (nid,))
        rs = ad.post("/admin/news/%s" % nid, news_fields(
            ad, title, version=str(version)), record=False)
        refused("release edit", rs, "/admin/news/%s" % nid,
                [("title", title)])
        for change in ("unpublish", "delete"):
            rs = ad.post("/admin/news/%s/%s" % (nid, change),
                         ad.with_csrf([]), record=False)
            refused("release " + change, rs,
                    "/admin/news/%s/%s" % (nid, change), [])
        _, _, rs = login(name, "audit-password-12", record=False)
        t.check("audit refused: sign-in -> 503, no session cookie",
                rs.status == 503 and cookie_named(rs, "wp_session") is None,
                describe(rs))
        t.check("audit refused: nothing changed (menu, accounts, log)",
                snapshot() == before)
        menu = ad.get("/admin/menu", record=False)
        t.check("audit refused: no flash message was left",
                "Menu saved." not in menu.text and
                "Account %s" % other not in menu.text and
                "Account %s saved" % name not in menu.text,
                describe(menu))
    finally:
        db_exec("DROP TRIGGER IF EXISTS test_no_audit")
    rs = ad.post("/admin/menu/%d/delete" % mid, ad.with_csrf([]))
    t.status("audit back: menu delete -> 303", rs, 303)
    rs = ad.post("/admin/news/%s/delete" % nid, ad.with_csrf([]))
    t.status("audit back: release delete -> 303", rs, 303)
    _, _, rs = login(name, "audit-password-12")
    t.status("audit back: sign-in -> 303", rs, 303)


def logout():
    ed = S["editor"]
    old = ed.jar.get("wp_session")
    rs = ed.post("/admin/logout", [("csrf_token", "A" * 43)])
    t.status("POST /admin/logout with a wrong token -> 403", rs, 403)
    t.status("still signed in after it", ed.get("/admin"), 200)
    rs = ed.post("/admin/logout", [("csrf_token", ed.csrf)])
    if t.status("POST /admin/logout -> 303", rs, 303):
        t.check("logout: Location /admin/login (with its device ticket)",
                urlsplit(location(rs) or "").path == "/admin/login",
                describe(rs))
        c = cookie_named(rs, "wp_session")
        t.check("logout: Set-Cookie expires wp_session",
                c and c.expired(), rs.header_all("set-cookie"))
        cs = (rs.header("clear-site-data") or "").replace(" ", "")
        t.check('logout: Clear-Site-Data: "cache", "cookies"',
                '"cache"' in cs and '"cookies"' in cs,
                "got %r" % rs.header("clear-site-data"))
    rs = ed.get("/admin", cookies={"wp_session": old})
    t.status("logout: the old cookie no longer works (GET /admin -> 302)",
             rs, 302)
    rs = ed.post("/admin/news", news_fields(ed, "After logout " + rnd()),
                 cookies={"wp_session": old})
    t.status("logout: the old cookie cannot POST -> 403", rs, 403)


# ---------------------------------------------------------------- end checks

def shape(rs):
    """A response's key for the header checks: ids become N."""
    path = rs.target.split("?", 1)[0]
    return (rs.method, re.sub(r"/\d+", "/N", path), rs.status)


def headers():
    seen = set()
    for rs in ALL:
        if rs.status == 0:
            continue
        key = shape(rs)
        if key in seen:
            continue
        seen.add(key)
        admin = re.match(r"/admin(/|$|\?)", rs.target)
        bad = security_header_problems(rs)
        if admin:
            bad = [b for b in bad if not b.startswith("sets a cookie")]
            for h in rs.header_all("set-cookie"):
                c = Cookie(h)
                if c.name not in COOKIE_NAMES:
                    bad.append("sets cookie %s" % c.name)
                elif "httponly" not in c.attrs:
                    bad.append("cookie %s not HttpOnly" % c.name)
            cc = ",".join(rs.header_all("cache-control")).lower()
            if "no-store" not in cc:
                bad.append("Cache-Control %r" % cc)
            if "noindex" not in (rs.header("x-robots-tag") or ""):
                bad.append("X-Robots-Tag %r" % rs.header("x-robots-tag"))
            if rs.is_html() and "frame-ancestors 'none'" not in (
                    rs.header("content-security-policy") or ""):
                bad.append("no CSP frame-ancestors 'none'")
            if rs.is_html():
                tags = re.findall(r"<[a-zA-Z][^>]*>", rs.text)
                bad += ["inline %s" % x[:60] for x in tags
                        if (re.match(r"<script\b", x, re.I) and
                            not re.search(r"\ssrc\s*=", x, re.I)) or
                        re.match(r"<style\b", x, re.I) or
                        re.search(r"\s(style|on[a-z]+)\s*=", x, re.I)][:3]
        t.check("headers: %s" % rs.label(), not bad, "; ".join(bad))


def escaping():
    raw = [(SCRIPT, "raw <script>alert(1)</script>"),
           ("<img src=x onerror", "raw <img src=x onerror")]
    for needle, name in raw:
        hits = [rs.label() for rs in ALL
                if needle.lower() in rs.body.decode("utf-8",
                                                    "replace").lower()]
        t.check("escaping: %s in no response" % name, not hits,
                "in %s" % hits[:5])
    hits = []
    # The layout's own icon is the one data: URL a page links: an SVG.
    icon = re.compile(r'<link rel="icon" href="data:image/svg\+xml,[^"]*"'
                      r' type="image/svg\+xml">')
    for rs in ALL:
        for attr, v in re.findall(
                r"""\b(href|src|action|formaction)\s*=\s*"""
                r"""("[^"]*"|'[^']*'|[^\s>]+)""", icon.sub("", rs.text),
                re.I):
            v = html.unescape(v.strip("\"'"))
            v = re.sub(r"[\x00-\x20]", "", v).lower()
            bad = ("javascript:", "vbscript:")
            if attr.lower() != "src":
                bad += ("data:",)
            if v.startswith(bad):
                hits.append(rs.label())
    t.check("escaping: no javascript: (or data:) URL in an href",
            not hits, "in %s" % hits[:5])
    five = [rs.label() for rs in ALL if rs.status >= 500]
    t.check("no response was a 5xx", not five, five[:5])
    t.check("the news table is still there",
            db_one("SELECT count(*) FROM news") > 0)


S = {}


# ---------------------------------------------------------------- drafts

def visitor_home():
    """/ as a visitor sees it: (status, ETag, Last-Modified, body)."""
    rs = Agent().get("/")
    return (rs.status, rs.header("etag"), rs.header("last-modified"),
            rs.body)


def home_changes(ag, name, before, post):
    """Runs post(); / must answer 200 and differ from before in its ETag and
    its body. Returns / after."""
    post()
    after = visitor_home()
    t.check(name + ": / changes (ETag and body)", after[0] == 200 and
            after[1] != before[1] and after[3] != before[3],
            "before %s, after %s" % (before[:3], after[:3]))
    return after


def draft_saves():
    """A draft's save changes nothing public: / keeps its ETag,
    Last-Modified and body, byte for byte. Publishing, unpublishing and
    deleting published content still change it."""
    ed = S["editor"]
    before = visitor_home()
    t.check("drafts: / answers 200 with ETag and Last-Modified",
            before[0] == 200 and before[1] and before[2], before[:3])
    # Last-Modified counts whole seconds: wait for the clock to pass the
    # second / was last changed in, so that a change would show.
    changed = email.utils.parsedate_to_datetime(before[2]).timestamp() \
        if before[2] else 0
    while time.time() < changed + 1.05:
        time.sleep(0.05)
    generation = db_one("SELECT generation FROM site_state")
    title = "Draft only " + rnd()
    _, nid = create_news(ed, title, "drafts: save a new draft -> 303",
                         status="draft", body="Draft body %s." % RUN)
    after = visitor_home()
    t.check("drafts: a new draft leaves / identical", after == before,
            "before %s, after %s" % (before[:3], after[:3]))
    if not nid:
        return
    _, form = edit_form(ed, "news", nid)
    rs = save_form(ed, "news", nid, form, title=title + " edited",
                   summary="Edited summary.")
    t.status("drafts: save an edit of the draft -> 303", rs, 303)
    after = visitor_home()
    t.check("drafts: an edit of a draft leaves / identical",
            after == before,
            "before %s, after %s" % (before[:3], after[:3]))
    t.check("drafts: the public generation is unchanged",
            db_one("SELECT generation FROM site_state") == generation,
            "was %s" % generation)
    now = home_changes(ed, "drafts: publish", before, lambda:
                       confirm_and_post(ed, nid, "publish",
                                        "drafts: publish the draft"))
    now = home_changes(ed, "drafts: unpublish", now, lambda:
                       confirm_and_post(ed, nid, "unpublish",
                                        "drafts: unpublish it"))
    t.check("drafts: unpublished, / has the body it had",
            now[3] == before[3], "bodies differ")
    confirm_and_post(ed, nid, "publish", "drafts: publish it again")
    now = visitor_home()
    home_changes(ed, "drafts: delete", now, lambda:
                 confirm_and_post(ed, nid, "delete",
                                  "drafts: delete the published release"))


def main():
    global BASE, NETLOC, DB_PATH, WAYPOINT, CONF
    if len(sys.argv) != 5:
        sys.stderr.write("usage: admin.py BASE_URL DB_PATH WAYPOINT CONF\n")
        return 2
    BASE, DB_PATH, WAYPOINT, CONF = sys.argv[1:]
    BASE = BASE.rstrip("/")
    NETLOC = urlsplit(BASE).netloc
    Client(BASE)                # checks the URL's form
    if not os.path.isfile(DB_PATH):
        sys.stderr.write("admin.py: no database at %s\n" % DB_PATH)
        return 2
    for fn in (no_session, login_form, login_failures, login_success,
               throttle, expiry):
        section(fn)
    try:
        S["editor"] = signed_in(*EDITOR, label="editor1")
        S["admin"] = signed_in(*ADMIN, label="admin1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
    if S.get("editor") and S["editor"].csrf and S.get("admin") and \
            S["admin"].csrf:
        for fn in (roles, csrf, publishing, slug_change, number_slug,
                   conflict, revisions, preview, validation, pages, audit,
                   accounts, translations, filters, account_lang, hostile_news,
                   hostile_menu, draft_saves, audit_refused, logout):
            section(fn)
    else:
        t.check("editor1 and admin1 signed in for the editing sections",
                False, "not signed in: roles, CSRF, publishing, slugs, "
                "conflicts, revisions, preview, validation, pages, audit, "
                "accounts, hostile input and logout were not run")
    for fn in (headers, escaping):
        section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

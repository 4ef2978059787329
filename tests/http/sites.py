#!/usr/bin/env python3
"""sites.py: one `waypoint serve` answering three sites (tests/http/sites.sh
sets them up: a, b and c, each with its own name, statement and editor).

Checks: each site's own name and statement by Host, with or without a
port and in any case, or by an absolute-form target's host; an unknown Host is a 421 with the security headers
and no office's content; search on one site never finds another's text; an
editor of a signs in on a and not on b; a request refused before routing
is answered as its Host's site; a write to a's database leaves b's
cached home page cached (the access log says hit) while a's shows it.
With --default NAME, an unknown Host gets that site instead.

Usage: sites.py BASE_URL ACCESS_LOG WAYPOINT CONF [--default NAME]
The last line is "N passed, N failed".
"""
import http.client
import os
import re
import subprocess
import sys
import time
from urllib.parse import quote_plus

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Checks, Client, describe, security_header_problems  # noqa

SITES = ("a", "b", "c")
PASSWORD = "site-password-123"
FORM = ("Content-Type", "application/x-www-form-urlencoded")
t = Checks()


def name_of(site):
    return "Office %s" % site


def statement_of(site):
    return "Statement of office %s" % site


def others_in(text, site):
    """The other sites whose name or statement text holds."""
    return [o for o in SITES if o != site and
            (name_of(o) in text or statement_of(o) in text)]


def own_site(client, host, site, label):
    rs = client.get("/", host=host)
    t.check("%s: %s's name and statement" % (label, site),
            rs.status == 200 and name_of(site) in rs.text and
            statement_of(site) in rs.text, describe(rs))
    t.check("%s: no other office's" % label, not others_in(rs.text, site),
            "shows %s" % others_in(rs.text, site))
    return rs


def by_host(client, port):
    for s in SITES:
        own_site(client, "%s.test" % s, s, "Host %s.test" % s)
    own_site(client, "b.test:%d" % port, "b", "Host with the port")
    own_site(client, "C.TEST", "c", "Host in capitals")
    # The same DNS name: nginx's $host drops the dot too.
    own_site(client, "a.test.", "a", "Host with a trailing dot")
    own_site(client, "b.test.:%d" % port, "b",
             "Host with a trailing dot and the port")
    absolute_form(client.port)
    for s in SITES:
        rs = client.get("/news/statement-%s" % s, host="a.test")
        want = 200 if s == "a" else 404
        t.status("a.test/news/statement-%s: %d" % (s, want), rs, want)


def absolute_form(port):
    """RFC 9112 3.2.2: an absolute-form target's host names the site, not
    the Host header's."""
    for target, site in (("http://b.test/", "b"),
                         ("HTTP://C.test:%d" % port, "c")):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            c.request("GET", target, headers={"Host": "a.test"})
            r = c.getresponse()
            text = r.read().decode("utf-8", "replace")
        finally:
            c.close()
        t.check("GET %s with Host: a.test: %s's" % (target, site),
                r.status == 200 and name_of(site) in text and
                not others_in(text, site), "%d %s" % (r.status, text[:200]))


def misdirected(client):
    for host in ("unknown.test", "a.test.evil", "127.0.0.1"):
        rs = client.get("/", host=host)
        t.status("Host %s: 421" % host, rs, 421)
        t.check("Host %s: plain text" % host, (rs.header("content-type")
                or "").startswith("text/plain"), describe(rs))
        bad = security_header_problems(rs)
        t.check("Host %s: the security headers" % host, not bad,
                "; ".join(bad))
        t.check("Host %s: no office's content" % host,
                not any(name_of(s) in rs.text for s in SITES), rs.text)
    rs = client.get("/admin/login", host="unknown.test")
    t.status("an unknown Host's sign-in form: 421", rs, 421)
    # A port that is no number names no site: a 400 (RFC 9112), not a.
    for host in ("a.test:abc", "a.test:80x", "[::1]x"):
        rs = client.get("/", host=host)
        t.status("Host %s: 400" % host, rs, 400)


def refused(client):
    """A request refused before routing (two Content-Length) is answered
    as its Host's site: its page's canonical address is that site's."""
    rs = client.get("/news", headers=[("Content-Length", "0"),
                                      ("Content-Length", "0")],
                    host="b.test")
    t.status("a refused request on b.test: 400", rs, 400)
    t.check("a refused request on b.test: b's address in its page",
            '<link rel="canonical" href="http://b.test/news">' in rs.text,
            rs.text[:600])


def default_site(client, name):
    rs = own_site(client, "unknown.test", name, "unknown Host, default_site")
    rs = client.get("/", host="a.test")
    t.check("a.test is still a's", name_of("a") in rs.text, describe(rs))


def search(client):
    for s in SITES:
        for word in SITES:
            rs = client.get("/search?q=uniqueword%s" % word,
                            host="%s.test" % s)
            found = statement_of(word) in rs.text
            if word == s:
                t.check("search on %s finds its own text" % s,
                        rs.status == 200 and found, describe(rs))
            else:
                t.check("search on %s never finds %s's" % (s, word),
                        rs.status == 200 and not found and
                        not others_in(rs.text, s), describe(rs))


class Agent:
    """Cookies for one Host."""

    def __init__(self, client, host):
        self.client = client
        self.host = host
        self.jar = {}

    def go(self, method, target, headers=(), body=b""):
        hdrs = list(headers)
        if self.jar:
            hdrs.append(("Cookie", "; ".join("%s=%s" % kv for kv in
                                             self.jar.items())))
        rs = self.client.request(method, target, hdrs, body, host=self.host)
        for h in rs.header_all("set-cookie"):
            name, _, rest = h.partition("=")
            self.jar[name.strip()] = rest.split(";", 1)[0]
        return rs


def sign_in(client, host, user):
    ag = Agent(client, host)
    page = ag.go("GET", "/admin/login")
    m = re.search(r'name="csrf_token"\s+value="([^"]*)"', page.text)
    body = "&".join("%s=%s" % (k, quote_plus(v)) for k, v in (
        ("csrf_token", m.group(1) if m else ""), ("next", ""),
        ("username", user), ("password", PASSWORD))).encode("ascii")
    return ag, ag.go("POST", "/admin/login", [FORM], body)


def accounts(client):
    ag, rs = sign_in(client, "a.test", "editor-a")
    t.status("editor-a signs in on a", rs, 303)
    dash = ag.go("GET", "/admin")
    t.check("editor-a's dashboard is a's", dash.status == 200 and
            name_of("a") in dash.text and not others_in(dash.text, "a"),
            describe(dash))
    _, rs = sign_in(client, "b.test", "editor-a")
    t.check("editor-a cannot sign in on b", rs.status != 303 and
            "wp_session" not in ",".join(rs.header_all("set-cookie")),
            describe(rs))
    # a's session cookie means nothing to b.
    ag.host = "b.test"
    rs = ag.go("GET", "/admin")
    t.check("a's session is not b's", rs.status == 302, describe(rs))


def access_line(log, after, what):
    """The first access line of log past byte after that holds what,
    waiting for it: each thread writes its lines some at a time, so
    another request's may come later than one made after it."""
    end = time.monotonic() + 10
    while time.monotonic() < end:
        with open(log, "rb") as f:
            f.seek(after)
            lines = [ln for ln in f.read().decode("utf-8", "replace")
                     .splitlines() if " access " in ln and what in ln]
        if lines:
            return lines[0]
        time.sleep(0.05)
    return None


def cached_apart(client, log, waypoint, conf):
    client.get("/", host="b.test")
    rs1 = client.get("/", host="b.test")
    own_site(client, "a.test", "a", "a before the write")
    line = ("{\"waypoint\":\"export\",\"version\":1}\n"
            "{\"type\":\"news\",\"lang\":\"en\",\"slug\":\"late-news\","
            "\"title\":\"Late news of office a\",\"dateline\":\"X\","
            "\"pub_date\":\"2025-01-01\",\"summary\":\"\",\"body_md\":"
            "\"Late.\",\"status\":\"published\"}\n")
    p = subprocess.run([waypoint, "--config", conf, "--site", "a", "import",
                        "-"], input=line, capture_output=True, text=True,
                       timeout=60)
    t.setup("a write to a's database (import)", p.returncode == 0,
            p.stdout + p.stderr)
    end = time.monotonic() + 10
    while time.monotonic() < end:
        rs = client.get("/", host="a.test")
        if "Late news of office a" in rs.text:
            break
        time.sleep(0.1)
    t.check("a's home page shows the write", "Late news of office a" in
            rs.text, describe(rs))
    # A HEAD, the only one of the run: its access line is told apart.
    size = os.path.getsize(log)
    head = client.request("HEAD", "/", host="b.test")
    line = access_line(log, size, "method=HEAD path=/ ")
    t.check("b's home page is still cached", line and "cache=hit" in line,
            line or "no access line")
    t.check("b's home page keeps its ETag", head.status == 200 and
            head.header("etag") == rs1.header("etag"), describe(head))
    rs2 = client.get("/", host="b.test")
    t.check("b's home page is unchanged", rs2.status == 200 and
            rs2.body == rs1.body, describe(rs2))


def main():
    args = sys.argv[1:]
    default = None
    if "--default" in args:
        i = args.index("--default")
        default = args[i + 1]
        del args[i:i + 2]
    if len(args) != 4:
        raise SystemExit(__doc__)
    base, log, waypoint, conf = args
    client = Client(base)
    try:
        if default:
            default_site(client, default)
        else:
            by_host(client, client.port)
            misdirected(client)
            refused(client)
            search(client)
            accounts(client)
            cached_apart(client, log, waypoint, conf)
    except Exception as e:  # noqa: BLE001 - reported as a failure
        t.crashed("sites", e)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""signin.py: the HTTP tests of sign-in that holds (issue 12): the red
team's cases reproduced (the per-account lock reset by flooding other
accounts from many addresses, a named editor locked out), device cookies
and their revocation, over-long passwords counted, and the audit lines of
each kind of refusal, with the refusal pages saying which check failed.
Run against any base URL (waypoint serve, or nginx -> waypoint fcgi) over
a database made by `waypoint db init`, in which the run script has created
admin.py's accounts (editor1, admin1); it adds accounts of its own.

Usage: signin.py BASE_URL DB_PATH WAYPOINT CONF
  as admin.py, whose agent, forms and database helpers it uses.

Every failed sign-in comes from an address of its own in 127.0.0.100 and
up, so that the per-address lock of one check never decides another's.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import os
import re
import sys
import time
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import describe, text_of  # noqa: E402

t = A.t
PASSWORD = "signin-password-12"
LONG = "x" * 1100           # past the 1,024 bytes a password may have
YEAR = 365 * 24 * 3600


def addr(n):
    return "127.0.0.%d" % n


def account(prefix):
    """A new editor account of this run; its name."""
    name = prefix + A.rnd()
    rc, out = A.waypoint("user", "add", name, "--role", "editor",
                         stdin=PASSWORD + "\n")
    t.setup("waypoint user add %s" % name, rc == 0,
            "exit %s: %s" % (rc, out))
    return name


def fails(name, binds, password="a-wrong-password-1"):
    """A failed sign-in as name from each address; their statuses."""
    return [A.login(name, password, bind=addr(b))[2].status for b in binds]


def base_url():
    """[site] base_url of CONF."""
    with open(A.CONF) as f:
        m = re.search(r"^base_url\s*=\s*(\S+)", f.read(), re.M)
    return m.group(1) if m else ""


def audit_lines(action, client=None, username=None):
    sql = "SELECT username, detail, client FROM audit_log WHERE action = ?"
    args = [action]
    if client is not None:
        sql += " AND client = ?"
        args.append(client)
    if username is not None:
        sql += " AND username = ?"
        args.append(username)
    return A.db_all(sql + " ORDER BY id", tuple(args))


def fresh_minute():
    """Forgets this minute's count of lines of requests without a
    session, so that what a check asks for is written out, not summed
    up in a summary line (other suites' failures used the budget)."""
    A.db_exec("DELETE FROM audit_minutes")


def audited():
    """Every kind of refusal leaves a line: the account when known and
    the address."""
    fresh_minute()
    name = "auditme" + A.rnd()
    fails(name, [100])
    rows = audit_lines("sign-in failed", client=addr(100))
    t.check("audit: a failed sign-in: its name and address",
            any(r[0] == name for r in rows), rows)

    # The sign-in form without its token: the page says which check
    # failed and what to do.
    ag = A.Agent(addr(101))
    form = A.find_form(ag.get("/admin/login"), "/admin/login") or A.Form({})
    vals = form.values()
    vals.update(username="tokenless", password="whatever-pass-1")
    vals.pop("csrf_token", None)
    rs = ag.post("/admin/login", list(vals.items()))
    t.status("sign-in without its token -> 403", rs, 403)
    t.check("sign-in without its token: the page says the token is "
            "missing and to allow cookies and reload",
            "without its security token" in text_of(rs.text) and
            "reload the page" in text_of(rs.text), describe(rs))
    rows = audit_lines("csrf refused", client=addr(101))
    t.check("audit: sign-in without its token: 'token missing', with the "
            "name typed", any(r[0] == "tokenless" and "token missing" in
                              r[1] for r in rows), rows)

    # From another origin (a base_url left at another port).
    vals = form.values()
    vals.update(username="elsewhere", password="whatever-pass-1")
    rs = ag.post("/admin/login", list(vals.items()),
                 headers=[("Origin", "http://127.0.0.1:1")])
    page = text_of(rs.text)
    t.status("sign-in from another Origin -> 403", rs, 403)
    t.check("sign-in from another Origin: the page names the Origin, "
            "base_url and its value", "http://127.0.0.1:1" in page and
            base_url() in page and "base_url" in page, page[:600])
    rows = audit_lines("csrf refused", client=addr(101))
    t.check("audit: sign-in from another Origin: both addresses",
            any(r[0] == "elsewhere" and 'Origin "http://127.0.0.1:1"' in
                r[1] and base_url() in r[1] for r in rows), rows)

    # A signed-in editor's POSTs.
    ed = A.signed_in(*A.EDITOR, label="editor1")
    for label, fields, headers, want in (
            ("without the token", [("title", "x")], [], "token missing"),
            ("with another token", [("csrf_token", "A" * 43),
                                    ("title", "x")], [], "token wrong"),
            ("from another Origin", ed.with_csrf([("title", "x")]),
             [("Origin", "http://evil.example")],
             'Origin "http://evil.example"')):
        before = len(audit_lines("csrf refused", username=A.EDITOR[0]))
        rs = ed.post("/admin/news", fields, headers=headers)
        t.status("editor's POST /admin/news %s -> 403" % label, rs, 403)
        rows = audit_lines("csrf refused", username=A.EDITOR[0])
        t.check("audit: editor's POST %s: '%s'" % (label, want),
                len(rows) == before + 1 and want in rows[-1][1] and
                "/admin/news" in rows[-1][1] and rows[-1][2], rows[-1:])
    page = text_of(rs.text)
    t.check("editor's POST from another Origin: the page names both",
            "http://evil.example" in page and base_url() in page, page[:600])

    rs = ed.get("/admin/users")
    t.status("editor: GET /admin/users -> 403", rs, 403)
    rows = audit_lines("role refused", username=A.EDITOR[0])
    t.check("audit: the role refusal, with the account and address",
            rows and "GET /admin/users" in rows[-1][1] and rows[-1][2],
            rows[-1:])


def audit_budget():
    """A flood of requests without a session adds at most 10 lines a
    minute and one summary line, whatever it sends."""
    fresh_minute()
    before = A.db_one("SELECT max(id) FROM audit_log")
    ag = A.Agent(addr(102))
    for _ in range(25):
        ag.post("/admin/login", [("username", "flood"),
                                 ("password", "whatever-pass-1")])
    lines = A.db_one("SELECT count(*) FROM audit_log WHERE id > ? AND "
                     "client = ? AND action = 'csrf refused'",
                     (before, addr(102)))
    summary = A.db_all("SELECT detail FROM audit_log WHERE id > ? AND "
                       "action = 'audit summary'", (before,))
    t.check("audit: 25 refused sign-in forms: at most 20 lines, and a "
            "summary line counting the rest", lines <= 20 and summary and
            "more lines of requests without a session" in summary[-1][0],
            "%s lines, summary %s" % (lines, summary))


def flood_reset():
    """The red team's reset: the account locked, then failures for other
    accounts from many addresses. The lock holds."""
    victim = account("victim")
    t.check("flood: 5 wrong passwords for the victim -> 401 each",
            fails(victim, [110, 110, 110, 110, 110]) == [401] * 5)
    _, _, rs = A.login(victim, PASSWORD, bind=addr(111))
    t.status("flood: the victim's right password, elsewhere -> 429", rs,
             429)
    statuses = [fails("other%d" % b + A.rnd(), [b])[0]
                for b in range(120, 150)]
    t.check("flood: 30 failures for other accounts from 30 addresses",
            all(s == 401 for s in statuses), statuses)
    # More failures than the table used to keep (10,000), written
    # straight in: over HTTP each costs a hash.
    now = int(time.time())
    con = A.db()
    try:
        con.execute("BEGIN IMMEDIATE")
        con.executemany("INSERT INTO login_failures (username, client, at) "
                        "VALUES (?, ?, ?)",
                        (("flood%d" % i, "10.%d.%d.%d" % (
                            i >> 16, (i >> 8) & 255, i & 255), now)
                         for i in range(12000)))
        con.execute("COMMIT")
    finally:
        con.close()
    # The next failure is the write that used to trim the table.
    fails("other" + A.rnd(), [150])
    _, _, rs = A.login(victim, PASSWORD, bind=addr(151))
    t.status("flood: after 12,000 failures for others, the victim is "
             "still locked -> 429", rs, 429)
    A.db_exec("DELETE FROM login_failures WHERE username LIKE 'flood%'")


def named_lockout():
    """Five failures with an editor's name lock the anonymous attempts
    only: the editor's own browser, with its device cookie, signs in."""
    name = account("devicer")
    ed, _, rs = A.login(name, PASSWORD)
    t.status("device: the editor signs in -> 303", rs, 303)
    c = A.cookie_named(rs, "wp_device")
    if t.check("device: the sign-in sets wp_device", c and c.value,
               rs.header_all("set-cookie")):
        a = c.attrs
        t.check("wp_device: HttpOnly, SameSite=Strict, Path=/admin",
                "httponly" in a and a.get("samesite", "").lower() ==
                "strict" and a.get("path") == "/admin", c.header)
        t.check("wp_device: about a year (Max-Age)",
                int(a.get("max-age", "0")) >= YEAR - 86400, c.header)
        t.check("wp_device: no Secure over plain HTTP", "secure" not in a,
                c.header)
        t.check("wp_device: names the account, then nonce and MAC",
                re.fullmatch(re.escape(name) + r"\.[A-Za-z0-9_-]{43}\."
                             r"[A-Za-z0-9_-]{43}", c.value), c.value)
        t.check("wp_device: only a hash of it is stored",
                A.db_one("SELECT count(*) FROM devices d JOIN users u ON "
                         "u.id = d.user_id WHERE u.name = ?", (name,)) == 1
                and A.db_one("SELECT count(*) FROM devices WHERE "
                             "instr(nonce_hash, ?) > 0",
                             (c.value.split(".")[1].encode(),)) == 0)
    t.check("lockout: an attacker fails 5 times with the editor's name "
            "-> 401 each", fails(name, range(160, 165)) == [401] * 5)
    _, _, rs = A.login(name, PASSWORD, bind=addr(165))
    t.status("lockout: anonymous, the right password -> 429", rs, 429)
    # The editor's session ends (idle); her browser keeps its device
    # cookie, as a browser does.
    ed.jar.pop("wp_session", None)
    form = A.find_form(ed.get("/admin/login"), "/admin/login") or A.Form({})
    vals = form.values()
    vals.update(username=name, password=PASSWORD)
    rs = ed.post("/admin/login", list(vals.items()))
    t.status("lockout: the editor, with her device cookie, signs in "
             "-> 303", rs, 303)
    _, _, rs = A.login(name, PASSWORD, bind=addr(166))
    t.status("lockout: anonymous attempts are still locked -> 429", rs, 429)
    rows = audit_lines("sign-in", username=name)
    t.check("audit: the sign-ins say new device, then known device",
            [r[1] for r in rows] == ["from a new device",
                                     "from a known device"], rows)


def signout_device():
    """Signing out clears the browser's cookies (Clear-Site-Data), the
    device cookie too: the redirect's ticket gives the device a new
    cookie, so the editor stays apart from an attacker's failures."""
    name = account("signout")
    ed = A.signed_in(name, PASSWORD, label="sign-out device: " + name)
    old = ed.jar.get("wp_device")
    rs = ed.post("/admin/logout", [("csrf_token", ed.csrf)])
    loc = A.location(rs) or ""
    t.check("sign-out device: 303 to /admin/login?device=TICKET",
            rs.status == 303 and re.fullmatch(
                r"/admin/login\?device=\d+\.\d+\.[A-Za-z0-9_-]{43}", loc),
            describe(rs))
    # What Clear-Site-Data does in a browser: no cookie is left.
    ed.jar.clear()
    forged = re.sub(r".$", lambda m: "A" if m.group(0) != "A" else "B", loc)
    rs = ed.get(forged)
    t.check("sign-out device: a forged ticket -> 303, no cookie",
            rs.status == 303 and A.cookie_named(rs, "wp_device") is None,
            describe(rs))
    rs = ed.get(loc)
    c = A.cookie_named(rs, "wp_device")
    t.check("sign-out device: the ticket gives a new device cookie, "
            "then the plain form",
            rs.status == 303 and A.location(rs) == "/admin/login" and
            c is not None and c.value != old and c.value.startswith(name),
            describe(rs))
    t.check("sign-out device: still one device row",
            A.db_one("SELECT count(*) FROM devices d JOIN users u ON "
                     "u.id = d.user_id WHERE u.name = ?", (name,)) == 1)
    fails(name, range(190, 195))
    _, _, rs = A.login(name, PASSWORD, bind=addr(195))
    t.status("sign-out device: anonymous, locked -> 429", rs, 429)
    given = ed.jar.get("wp_device")
    ed.jar["wp_device"] = old
    t.status("sign-out device: the old cookie no longer counts apart "
             "-> 429", form_login(ed, name), 429)
    ed.jar["wp_device"] = given
    t.status("sign-out device: the editor, with the cookie given back, "
             "signs in -> 303", form_login(ed, name), 303)


def form_login(ag, name):
    """Signs in as name through the form with ag's cookies; the answer."""
    form = A.find_form(ag.get("/admin/login"), "/admin/login") or A.Form({})
    vals = form.values()
    vals.update(username=name, password=PASSWORD)
    return ag.post("/admin/login", list(vals.items()))


def overlong():
    """A password past the limit is refused by the form, and the attempt
    counted all the same: per account and per address."""
    name = account("overlong")
    t.check("over-long: 5 over-long passwords for an account -> 401 each",
            fails(name, range(170, 175), LONG) == [401] * 5)
    _, _, rs = A.login(name, PASSWORD, bind=addr(175))
    t.status("over-long: then the right password -> 429", rs, 429)
    statuses = [A.login("nobody" + A.rnd(), LONG, bind=addr(176))[2].status
                for _ in range(5)]
    t.check("over-long: 5 from one address -> 401 each",
            statuses == [401] * 5, statuses)
    _, _, rs = A.login(*A.ADMIN, bind=addr(176))
    t.status("over-long: then admin1 from that address -> 429", rs, 429)


def devices():
    """The account page lists the account's devices; forgetting one (POST,
    CSRF) revokes it."""
    name = account("revoke")
    ag = A.signed_in(name, PASSWORD, label=name)
    uid = A.db_one("SELECT id FROM users WHERE name = ?", (name,))
    dev = A.db_one("SELECT id FROM devices WHERE user_id = ?", (uid,))
    page = ag.get("/admin/account")
    action = "/admin/account/devices/%s/forget" % dev
    form = A.find_form(page, action)
    t.check("account page: the device, with a forget button",
            page.status == 200 and form is not None and
            form.value("csrf_token") == ag.csrf, describe(page))
    rs = ag.post(action, [("x", "1")])
    t.status("forget without the token -> 403", rs, 403)
    other = A.db_one("SELECT id FROM devices WHERE user_id != ? LIMIT 1",
                     (uid,))
    rs = ag.post("/admin/account/devices/%s/forget" % other,
                 ag.with_csrf([]))
    t.status("forget another account's device -> 404", rs, 404)
    t.check("another account's device is kept",
            A.db_one("SELECT count(*) FROM devices WHERE id = ?",
                     (other,)) == 1)
    rs = ag.post(action, ag.with_csrf([]))
    t.check("forget: 303 to the account page",
            rs.status == 303 and A.location(rs) == "/admin/account",
            describe(rs))
    t.check("forget: the device row is gone",
            A.db_one("SELECT count(*) FROM devices WHERE id = ?",
                     (dev,)) == 0)
    rows = audit_lines("device forgotten", username=name)
    t.check("audit: the device forgotten", len(rows) == 1, rows)
    # Revoked: the cookie no longer passes the anonymous lock.
    fails(name, range(180, 185))
    ag.jar.pop("wp_session", None)
    form = A.find_form(ag.get("/admin/login"), "/admin/login") or A.Form({})
    vals = form.values()
    vals.update(username=name, password=PASSWORD)
    rs = ag.post("/admin/login", list(vals.items()))
    t.status("a forgotten device is locked out with the anonymous -> 429",
             rs, 429)


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: signin.py BASE_URL DB_PATH WAYPOINT CONF\n")
        return 2
    A.BASE, A.DB_PATH, A.WAYPOINT, A.CONF = sys.argv[1:]
    A.BASE = A.BASE.rstrip("/")
    A.NETLOC = urlsplit(A.BASE).netloc
    if not os.path.isfile(A.DB_PATH):
        sys.stderr.write("signin.py: no database at %s\n" % A.DB_PATH)
        return 2
    # The audit checks first: the others use up this minute's budget of
    # lines for requests without a session.
    for fn in (audited, audit_budget, flood_reset, named_lockout,
               signout_device, overlong, devices):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""totp.py: the HTTP tests of the second factor and of changing one's own
password (issue 12), run against any base URL (waypoint serve, or nginx ->
waypoint fcgi) over the database the run script made. It adds accounts of
its own (names with this run's tag) with `waypoint user add`.

Usage: totp.py BASE_URL DB_PATH WAYPOINT CONF
  DB_PATH   the server's SQLite file, read to check what is stored
  WAYPOINT  the binary, and CONF its configuration: `waypoint user ...`,
            and a second `waypoint serve` with [auth] require_totp = admins

TOTP codes are computed here with hmac and hashlib (RFC 6238, SHA-1, 30 s,
6 digits). Every failed attempt comes from an address of its own in
127.0.9.0/24, since the throttle counts failures per address too.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed. Python 3 standard library only.
"""

import base64
import hashlib
import hmac
import os
import re
import socket
import struct
import subprocess
import sys
import time
from urllib.parse import unquote

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin  # noqa: E402  (its browser: Agent, login, forms)
from admin import Agent, find_form, hidden_csrf, location  # noqa: E402
from lib import Checks, describe  # noqa: E402

t = Checks()
TAG = admin.RUN
PASSWORD = "totp-password-%s" % TAG
_addr = [0]


def address():
    """A loopback address no other check of this run fails from."""
    _addr[0] += 1
    return "127.0.9.%d" % _addr[0]


def failing_post(ag, path, fields):
    """ag's POST meant to fail, from an address of its own."""
    saved, ag.bind = ag.bind, address()
    try:
        return ag.post(path, ag.with_csrf(fields))
    finally:
        ag.bind = saved


def totp(secret, at=None):
    """RFC 6238: HMAC-SHA-1 of the 30-second step, dynamic truncation."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 15
    n = struct.unpack(">I", mac[off:off + 4])[0] & 0x7fffffff
    return "%06d" % (n % 1000000)


def wrong_code(secret):
    """Six digits that are no code of the window around now."""
    near = {totp(secret, time.time() + d) for d in (-60, -30, 0, 30, 60)}
    return next("%06d" % i for i in range(1000000) if "%06d" % i not in near)


def add_account(name, role="editor", password=PASSWORD):
    rc, out = admin.waypoint("user", "add", name, "--role", role,
                             stdin=password + "\n")
    t.setup("user add %s --role %s" % (name, role), rc == 0, out)


def user_row(name, col):
    return admin.db_one("SELECT %s FROM users WHERE name = ?" % col, (name,))


def user_id(name):
    return user_row(name, "id")


def sessions_of(name):
    return admin.db_one("SELECT count(*) FROM sessions WHERE user_id = ?",
                        (user_id(name),))


def signed_in_as(ag):
    """Whether ag's cookies hold a session: /admin answers 200."""
    return ag.get("/admin", record=False).status == 200


def enrol(ag, name, wrong_first=True):
    """Enrols ag's account from its account page (first with a wrong code,
    unless wrong_first is false); returns (secret, recovery codes), or
    None, after checking what the pages show."""
    page = ag.get("/admin/account")
    form = find_form(page, "/admin/account/totp")
    if not t.check("%s: the account page offers to set up two-step sign-in"
                   % name, page.status == 200 and form is not None,
                   describe(page)):
        return None
    ag.csrf = form.value("csrf_token")
    rs = ag.post("/admin/account/totp", ag.with_csrf([]))
    m = re.search(r"otpauth://totp/[^\"<\s]*secret=([A-Z2-7]+)", rs.text)
    qr = re.search(r'<img class="totp-qr" src="data:image/svg\+xml;base64,'
                   r'([A-Za-z0-9+/=]+)"', rs.text)
    t.check("%s: enrolment shows a QR code drawn here (an SVG data: URL)"
            % name, rs.status == 200 and qr is not None and
            base64.b64decode(qr.group(1)).startswith(b"<svg"), describe(rs))
    if not t.check("%s: enrolment shows the otpauth:// URI" % name,
                   m is not None, describe(rs)):
        return None
    secret = m.group(1)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    t.check("%s: and the key by hand, in groups of four" % name,
            grouped in rs.text, grouped)
    t.check("%s: no outside service: every image is a data: or / URL" % name,
            not re.search(r'src="(?!data:|/)', rs.text), "")
    t.check("%s: the key is not in effect before a code confirms it" % name,
            user_row(name, "totp_enabled") == 0, "")
    if wrong_first:
        rs = failing_post(ag, "/admin/account/totp/confirm",
                          [("code", wrong_code(secret))])
        t.status("%s: a wrong confirming code -> 422" % name, rs, 422)
        t.check("%s: and TOTP stays off" % name,
                user_row(name, "totp_enabled") == 0, "")
    rs = ag.post("/admin/account/totp/confirm",
                 ag.with_csrf([("code", totp(secret))]))
    codes = re.findall(r"<code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-"
                       r"[A-Z2-7]{4})</code>", rs.text)
    t.check("%s: the right code -> 200 with ten recovery codes" % name,
            rs.status == 200 and len(set(codes)) == 10, describe(rs))
    t.check("%s: TOTP is on" % name, user_row(name, "totp_enabled") == 1, "")
    stored = admin.db_all("SELECT code_hash FROM totp_recovery WHERE "
                          "user_id = ?", (user_id(name),))
    t.check("%s: ten recovery codes stored, hashed" % name,
            len(stored) == 10 and not any(
                c.encode() in bytes(r[0]) or
                c.replace("-", "").encode() in bytes(r[0])
                for r in stored for c in codes), "%d rows" % len(stored))
    return secret, codes


def password_step(name, bind=None, password=PASSWORD):
    """Signs in with the password only; returns (agent, answer)."""
    ag, _, rs = admin.login(name, password, bind=bind)
    return ag, rs


def sent_to_code_step(rs):
    return rs.status == 303 and \
        (location(rs) or "").startswith("/admin/login/code")


def code_step(ag, code):
    page = ag.get("/admin/login/code")
    form = find_form(page, "/admin/login/code")
    fields = form.values() if form else {}
    fields["code"] = code
    return ag.post("/admin/login/code", list(fields.items()))


def sign_in_with_code():
    name = "totp-%s" % TAG
    add_account(name)
    ag, rs = password_step(name)
    t.status("%s: signs in with the password alone before enrolling" % name,
             rs, 303)
    # Four failures below, each counted against the account: one short
    # of its lock.
    got = enrol(ag, name, wrong_first=False)
    if got is None:
        return
    secret, codes = got
    ag, rs = password_step(name)
    t.check("after the password: 303 to the code step",
            sent_to_code_step(rs), describe(rs))
    t.check("after the password: no session cookie yet",
            not any(h.startswith("wp_session=") and not
                    h.startswith("wp_session=;")
                    for h in rs.header_all("set-cookie")),
            str(rs.header_all("set-cookie")))
    t.check("after the password: /admin is still refused",
            not signed_in_as(ag), "")
    other = Agent()
    other.jar = {k: v for k, v in ag.jar.items() if k != "wp_prelogin"}
    t.check("the code step is bound to the browser: another gets the "
            "sign-in form", other.get("/admin/login/code").status == 303, "")
    page = ag.get("/admin/login/code")
    t.check("the code form asks for a code",
            page.status == 200 and find_form(page, "/admin/login/code"),
            describe(page))
    started = time.time()
    form = find_form(page, "/admin/login/code")
    fields = form.values() if form else {}
    fields["code"] = "000000"
    rs = ag.post("/admin/login/code", list(fields.items()),
                 headers=[("Origin", "http://127.0.0.1:1")])
    t.status("the code form from another Origin -> 403", rs, 403)
    t.check("the code form from another Origin: the page names it and "
            "base_url", "http://127.0.0.1:1" in rs.text and "base_url" in
            rs.text, describe(rs))
    # A line of its own, or the minute's summary (see the wrong codes).
    lines = admin.db_one("SELECT count(*) FROM audit_log WHERE username = ? "
                         "AND action = 'csrf refused'", (name,))
    summed = admin.db_one("SELECT count(*) FROM audit_log WHERE action = "
                          "'audit summary' AND at >= ?", (started - 60,))
    t.check("the code form from another Origin is audited",
            lines >= 1 or summed > 0,
            "%d lines, %d summaries" % (lines, summed))
    code = totp(secret, time.time() + 30)
    rs = code_step(ag, code)
    t.check("the right code -> 303 to /admin, signed in",
            rs.status == 303 and location(rs) == "/admin" and
            signed_in_as(ag), describe(rs))
    ag2, _ = password_step(name, bind=address())
    rs = code_step(ag2, code)
    t.status("the same code again (a replay) -> 401", rs, 401)
    t.check("and no session from it", not signed_in_as(ag2), "")
    rs = code_step(ag2, totp(secret, time.time() - 30))
    t.status("an older step's code after a newer one -> 401", rs, 401)
    rs = code_step(ag2, codes[0].lower().replace("-", ""))
    t.check("a recovery code instead of a code -> 303, signed in",
            rs.status == 303 and signed_in_as(ag2), describe(rs))
    ag3, _ = password_step(name, bind=address())
    rs = code_step(ag3, codes[0])
    t.status("the same recovery code again -> 401", rs, 401)
    t.check("nine recovery codes left",
            admin.db_one("SELECT count(*) FROM totp_recovery WHERE "
                         "user_id = ?", (user_id(name),)) == 9, "")
    t.check("the account page says TOTP is on, 9 recovery codes left",
            "9" in ag.get("/admin/account").text and
            find_form(ag.get("/admin/account"),
                      "/admin/account/totp") is None, "")
    admin.db_exec("UPDATE signin_pending SET created_at = created_at - 301")
    rs = code_step(ag3, totp(secret, time.time() + 30))
    t.check("a waiting sign-in expires after 5 minutes: back to the "
            "password", rs.status == 303 and location(rs) == "/admin/login",
            describe(rs))

    # The second factor off, from the account page.
    page = ag.get("/admin/account/totp/disable")
    ag.csrf = hidden_csrf(page)
    rs = failing_post(ag, "/admin/account/totp/disable",
                      [("proof", "not-my-password")])
    t.status("turning TOTP off with a wrong password -> 422", rs, 422)
    rs = ag.post("/admin/account/totp/disable",
                 ag.with_csrf([("proof", PASSWORD)]))
    t.check("turning TOTP off with the password -> 303, off",
            rs.status == 303 and user_row(name, "totp_enabled") == 0,
            describe(rs))
    ag4, rs = password_step(name)
    t.check("then the password alone signs in again",
            rs.status == 303 and location(rs) == "/admin", describe(rs))


def throttled_codes():
    name = "totp-th-%s" % TAG
    started = int(time.time())
    add_account(name)
    ag, _ = password_step(name)
    got = enrol(ag, name, wrong_first=False)
    if got is None:
        return
    secret, _ = got
    early, _ = password_step(name, bind=address())
    for i in range(5):
        ag, rs = password_step(name, bind=address())
        rs = code_step(ag, wrong_code(secret))
        t.status("wrong code %d of 5 -> 401" % (i + 1), rs, 401)
    rs = code_step(early, totp(secret))
    t.check("after 5 wrong codes even the right code -> 429, no session",
            rs.status == 429 and not signed_in_as(early), describe(rs))
    ag, rs = password_step(name, bind=address())
    t.status("after 5 wrong codes the account is locked: the password step "
             "-> 429", rs, 429)
    # Each is a line of its own, unless an earlier suite spent this
    # minute's budget of lines for requests without a session: then the
    # minute's summary line counts them.
    lines = admin.db_one("SELECT count(*) FROM audit_log WHERE username = ? "
                         "AND action = 'sign-in failed'", (name,))
    summed = admin.db_one("SELECT count(*) FROM audit_log WHERE action = "
                          "'audit summary' AND at >= ?", (started - 60,))
    t.check("the wrong codes are audited", lines >= 5 or summed > 0,
            "%d lines, %d summaries" % (lines, summed))


def cli_reset():
    name = "totp-cli-%s" % TAG
    add_account(name)
    ag, _ = password_step(name)
    if enrol(ag, name) is None:
        return
    t.check("%s has a session" % name, sessions_of(name) >= 1, "")
    rc, out = admin.waypoint("user", "totp-reset", name)
    t.check("waypoint user totp-reset NAME -> 0", rc == 0, out)
    t.check("totp-reset: TOTP off, key and recovery codes gone",
            user_row(name, "totp_enabled") == 0 and
            user_row(name, "totp_secret") is None and
            admin.db_one("SELECT count(*) FROM totp_recovery WHERE "
                         "user_id = ?", (user_id(name),)) == 0, "")
    t.check("totp-reset ends the account's sessions",
            sessions_of(name) == 0 and not signed_in_as(ag), "")
    t.check("totp-reset is audited",
            admin.db_one("SELECT count(*) FROM audit_log WHERE detail LIKE ? "
                         "AND action = 'account'",
                         ("%s: two-step sign-in reset%%" % name,)) == 1, "")
    _, rs = password_step(name)
    t.check("after totp-reset the password alone signs in",
            rs.status == 303 and location(rs) == "/admin", describe(rs))
    rc, out = admin.waypoint("user", "totp-reset", "nobody-%s" % TAG)
    t.check("totp-reset of an unknown account -> 1, names it",
            rc == 1 and "nobody-%s" % TAG in out, out)


def change_password():
    name = "pw-%s" % TAG
    add_account(name)
    ag, _ = password_step(name)
    other, _ = password_step(name)
    page = ag.get("/admin/account")
    t.check("the account page links to the password change",
            'href="/admin/account/password"' in page.text, describe(page))
    page = ag.get("/admin/account/password")
    form = find_form(page, "/admin/account/password")
    if not t.check("GET /admin/account/password -> 200 with the form",
                   page.status == 200 and form is not None, describe(page)):
        return
    ag.csrf = form.value("csrf_token")
    new = "a new password %s" % TAG
    rs = failing_post(ag, "/admin/account/password",
                      [("current_password", "wrong-password-1"),
                       ("new_password", new)])
    t.check("a wrong current password -> 422, said at the field",
            rs.status == 422 and 'id="current_password-error"' in rs.text,
            describe(rs))
    for label, pw in (("a common password", "Qwerty123456"),
                      ("a password of spaces only", " " * 14)):
        rs = ag.post("/admin/account/password", ag.with_csrf(
            [("current_password", PASSWORD), ("new_password", pw)]))
        kept = find_form(rs, "/admin/account/password")
        t.check("%s -> 422, said at the field, the text kept" % label,
                rs.status == 422 and 'id="new_password-error"' in rs.text and
                kept is not None and kept.value("new_password") == pw,
                describe(rs))
    t.check("the current password is never shown back",
            PASSWORD not in rs.text, "")
    rs = ag.post("/admin/account/password", ag.with_csrf(
        [("current_password", PASSWORD), ("new_password", new)]))
    t.check("the right current password -> 303 to the account page",
            rs.status == 303 and location(rs) == "/admin/account",
            describe(rs))
    t.check("this browser stays signed in (a renewed session)",
            signed_in_as(ag), "")
    t.check("the account's other session has ended",
            not signed_in_as(other), "")
    t.check("one session left", sessions_of(name) == 1, "")
    _, rs = password_step(name, bind=address())
    t.status("the old password no longer signs in", rs, 401)
    _, rs = password_step(name, password=new)
    t.status("the new one does", rs, 303)
    t.check("the change is audited",
            admin.db_one("SELECT count(*) FROM audit_log WHERE detail = ?",
                         ("%s: password changed" % name,)) == 1, "")


def admin_reset():
    name = "pw-reset-%s" % TAG
    add_account(name)
    boss = "boss-%s" % TAG
    add_account(boss, role="admin")
    ag, _ = password_step(boss)
    victim, _ = password_step(name)
    uid = user_id(name)
    page = ag.get("/admin/users/%d/edit" % uid)
    ag.csrf = hidden_csrf(page)
    rs = ag.post("/admin/users/%d" % uid, ag.with_csrf(
        [("password", "reset by an admin %s" % TAG)]))
    t.status("an admin resets another's password without theirs -> 303", rs,
             303)
    t.check("and that account's sessions end", not signed_in_as(victim), "")
    rs = ag.post("/admin/users/%d" % uid, ag.with_csrf(
        [("password", "123456654321")]))
    t.status("an admin's reset to a common password -> 422", rs, 422)
    bid = user_id(boss)
    rs = ag.post("/admin/users/%d" % bid, ag.with_csrf(
        [("password", "my own new password %s" % TAG)]))
    t.status("an admin's own password from the accounts form (without the "
             "current one) -> 422", rs, 422)
    for cmd in (["user", "add", "common-%s" % TAG, "--role", "editor"],
                ["user", "passwd", name]):
        for pw in ("1qaz2wsx3edc", "             "):
            rc, out = admin.waypoint(*cmd, stdin=pw + "\n")
            t.check("waypoint %s refuses %r" % (" ".join(cmd[:2]), pw),
                    rc == 1, out)


def wait_listening(port, proc):
    deadline = time.time() + 10
    while time.time() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def required():
    """[auth] require_totp = admins, on a second `waypoint serve` over the
    same database."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]      # free now; serve takes it next
    conf = os.path.join(os.path.dirname(admin.DB_PATH), "totp-required.conf")
    with open(admin.CONF) as f:
        text = f.read()
    text = re.sub(r"(?m)^base_url = .*$", "base_url = http://127.0.0.1:%d"
                  % port, text)
    with open(conf, "w") as f:
        f.write(text + "\n[auth]\nrequire_totp = admins\n")
    err = open(conf + ".err", "w")
    proc = subprocess.Popen([admin.WAYPOINT, "--config", conf, "serve",
                             "--listen", "127.0.0.1:%d" % port],
                            stdout=subprocess.DEVNULL, stderr=err)
    saved = admin.BASE, admin.NETLOC
    try:
        if not t.setup("serve with require_totp = admins listens",
                       wait_listening(port, proc), ""):
            return
        admin.BASE = "http://127.0.0.1:%d" % port
        admin.NETLOC = "127.0.0.1:%d" % port
        boss = "req-admin-%s" % TAG
        add_account(boss, role="admin")
        ed = "req-ed-%s" % TAG
        add_account(ed)
        _, rs = password_step(ed)
        t.check("require_totp = admins: an editor signs in with the "
                "password", rs.status == 303 and location(rs) == "/admin",
                describe(rs))
        ag, rs = password_step(boss)
        t.check("an admin without TOTP is sent on to the code step",
                sent_to_code_step(rs), describe(rs))
        t.check("with no session: no other admin page",
                not signed_in_as(ag) and
                ag.get("/admin/users").status != 200, "")
        page = ag.get("/admin/login/code")
        m = re.search(r"secret=([A-Z2-7]+)", page.text)
        t.check("the code step is the enrolment (QR code, key)",
                page.status == 200 and m is not None and
                "data:image/svg+xml;base64," in page.text, describe(page))
        if m is None:
            return
        rs = code_step(ag, wrong_code(m.group(1)))
        t.check("a wrong first code -> 401, still no session",
                rs.status == 401 and not signed_in_as(ag), describe(rs))
        rs = code_step(ag, totp(m.group(1)))
        t.check("the right code -> 200, the ten recovery codes",
                rs.status == 200 and len(re.findall(
                    r"<code>[A-Z2-7-]{19}</code>", rs.text)) == 10,
                describe(rs))
        t.check("and then signed in, TOTP on",
                signed_in_as(ag) and user_row(boss, "totp_enabled") == 1, "")
    finally:
        admin.BASE, admin.NETLOC = saved
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        err.close()
        with open(conf + ".err") as f:
            report = f.read()
        t.check("the second server's stderr has no sanitizer report",
                "Sanitizer" not in report and "runtime error" not in report,
                report[-300:])


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: totp.py BASE_URL DB_PATH WAYPOINT CONF\n")
        return 2
    base, admin.DB_PATH, admin.WAYPOINT, admin.CONF = sys.argv[1:]
    admin.BASE = base.rstrip("/")
    admin.NETLOC = unquote(admin.BASE.split("://", 1)[1])
    for fn in (sign_in_with_code, throttled_codes, cli_reset,
               change_password, admin_reset, required):
        try:
            fn()
        except Exception as e:      # noqa: BLE001 - report and go on
            t.crashed(fn.__name__, e)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

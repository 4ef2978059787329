#!/usr/bin/env python3
"""preview.py: the HTTP tests of preview links (issue 14): an editor shares
a draft through /preview/<token>, which anyone holding it opens without an
account, for 1 hour to 14 days; it shows the draft as its public page will
look, marked and noindex, never cached; it answers 410 once revoked,
expired or published, 404 once its item is deleted, and 404 for a token
that is none or unknown, with the same headers on every answer under
/preview/. Run against any base URL (waypoint serve, or nginx -> waypoint
fcgi) over a database made by `waypoint db init` in which the run script
has created admin.py's accounts (editor1, admin1).

Usage: preview.py BASE_URL DB_PATH WAYPOINT CONF [LOG]
  as admin.py, whose agent, forms and database helpers it uses; LOG, when
  given, is the file Waypoint writes its access log to, which must never
  hold a token.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import base64
import hashlib
import html
import json
import os
import re
import secrets
import sys
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import Client, describe  # noqa: E402

t = A.t
S = {}
TOKENS = []                     # every token made, for the log check
CREATED = []                    # (section, id) of every item made here
BANNER = "Draft — not published"
PREVIEWS = "/admin/previews"
LIFETIMES = ("1", "24", "72", "168", "336")


def hours_ago(h):
    return int(time.time()) - h * 3600


def token_hash(token):
    """The hash the store keeps of token: BLAKE2b-256 (libsodium's
    crypto_generichash) of its 32 bytes."""
    raw = base64.urlsafe_b64decode(token + "=")
    return hashlib.blake2b(raw, digest_size=32).digest()


def anon():
    """A client with no cookie at all: whoever was sent the link."""
    return Client(A.BASE)


def headers_problems(rs):
    """What is wrong with the headers every answer under /preview/ must
    carry (and not carry). [] when all is well."""
    bad = []
    cc = [v.strip() for v in (rs.header("cache-control") or "").split(",")]
    if "no-store" not in cc or "private" not in cc:
        bad.append("Cache-Control %r" % rs.header("cache-control"))
    if rs.header_all("x-robots-tag") != ["noindex"]:
        bad.append("X-Robots-Tag %r" % rs.header_all("x-robots-tag"))
    if rs.header_all("referrer-policy") != ["no-referrer"]:
        bad.append("Referrer-Policy %r" % rs.header_all("referrer-policy"))
    for name in ("set-cookie", "etag", "last-modified"):
        if rs.header_all(name):
            bad.append("%s: %r" % (name, rs.header_all(name)))
    return bad


def check_headers(name, rs):
    bad = headers_problems(rs)
    t.check(name + ": no-store, private, noindex, no referrer, no cookie "
            "or validator", not bad, "; ".join(bad) + "; " + describe(rs))


def share(ag, kind, item_id, lifetime="24", csrf=True):
    fields = [("kind", kind), ("id", str(item_id)), ("lifetime", lifetime)]
    return ag.post(PREVIEWS, ag.with_csrf(fields) if csrf else fields)


def link_of(rs):
    """The preview link a share answer shows, as a path, or None."""
    m = re.search(r'<input[^>]*id="preview-url"[^>]*value="([^"]*)"',
                  rs.text)
    if not m:
        return None
    url = html.unescape(m.group(1))
    if not url.startswith(A.BASE + "/preview/"):
        return None
    return url[len(A.BASE):]


def new_link(ag, kind, item_id, name, lifetime="24"):
    rs = share(ag, kind, item_id, lifetime)
    t.status(name + ": POST /admin/previews -> 200", rs, 200)
    path = link_of(rs)
    if not t.check(name + ": the answer shows the link in a read-only "
                   "field", path and re.search(r'id="preview-url"[^>]*'
                                               r'readonly', rs.text),
                   describe(rs)):
        return None
    TOKENS.append(path.rsplit("/", 1)[1])
    return path


def create(ag, kind, title, body, status="draft", date=None):
    """A new release or page; its id, or None."""
    section = "news" if kind == "news" else "pages"
    fields = [("version", ""), ("title", title), ("slug", "")]
    if kind == "news":
        fields.append(("dateline", "Budapest"))
    fields += [("date", date or A.today()), ("time", ""),
               ("summary", "Summary of %s." % title), ("body", body),
               ("status", status), ("action", "save")]
    rs = ag.post("/admin/" + section, ag.with_csrf(fields))
    m = re.fullmatch(r"/admin/%s/(\d+)/edit" % section,
                     A.location(rs) or "")
    t.check("create a %s %s -> 303 to its edit page" % (status, kind),
            rs.status == 303 and m, describe(rs))
    if m:
        CREATED.append((section, m.group(1)))
    return m.group(1) if m else None


def section_of(kind):
    return "news" if kind == "news" else "pages"


def draft_shared(kind):
    """A draft of kind shared, opened signed out, edited, listed, then
    revoked."""
    ed = S["editor"]
    title = "Preview %s %s" % (kind, A.rnd())
    body = "Draft text %s." % secrets.token_hex(4)
    iid = create(ed, kind, title, body)
    if iid is None:
        return
    edit = ed.get("/admin/%s/%s/edit" % (section_of(kind), iid))
    form = A.find_form(edit, PREVIEWS)
    t.check(kind + ": the edit page of a draft offers to share a preview",
            form and form.value("kind") == kind and
            form.value("id") == iid and
            set(re.findall(r'<option value="(\d+)"',
                           edit.text)) >= set(LIFETIMES),
            describe(edit))
    audits = A.db_one("SELECT count(*) FROM audit_log WHERE action = "
                      "'preview link'")
    path = new_link(ed, kind, iid, kind)
    if path is None:
        return
    token = path.rsplit("/", 1)[1]
    t.check(kind + ": the token is 43 characters of base64url",
            re.fullmatch(r"[A-Za-z0-9_-]{43}", token), token)
    row = A.db_all("SELECT token_hash, kind, item_id, expires_at - "
                   "created_at, revoked_at, username FROM preview_links "
                   "WHERE item_id = ? AND kind = ?", (iid, kind))
    t.check(kind + ": only the token's hash is stored, with the item, "
            "lifetime and maker", len(row) == 1 and
            row[0][0] == token_hash(token) and row[0][3] == 24 * 3600 and
            row[0][4] is None and row[0][5] == "editor1", str(row))
    t.check(kind + ": no column holds the token itself",
            A.db_one("SELECT count(*) FROM preview_links WHERE "
                     "CAST(token_hash AS TEXT) = ?", (token,)) == 0)
    t.check(kind + ": an audit line for the link",
            A.db_one("SELECT count(*) FROM audit_log WHERE action = "
                     "'preview link'") == audits + 1)
    again = ed.get("/admin/%s/%s/edit" % (section_of(kind), iid))
    t.check(kind + ": the edit page never shows the token again",
            token not in again.text and "Alive" in again.text and
            re.search(r'action="/admin/previews/\d+/revoke"', again.text),
            describe(again))

    rs = anon().get(path)
    t.status(kind + ": GET the link signed out -> 200", rs, 200)
    t.check(kind + ": the draft's title and text, marked as a draft",
            title in rs.text and body in rs.text and BANNER in rs.text,
            describe(rs))
    t.check(kind + ": <meta name=robots content=noindex>",
            '<meta name="robots" content="noindex">' in rs.text)
    check_headers(kind + ": 200", rs)
    head = anon().request("HEAD", path)
    t.status(kind + ": HEAD the link -> 200", head, 200)
    check_headers(kind + ": HEAD", head)
    if kind == "page":
        t.check("page: the draft is not public at its own address",
                anon().get("/" + A.db_one("SELECT slug FROM pages WHERE "
                                          "id = ?", (iid,))).status == 404)

    _, form = A.edit_form(ed, section_of(kind), iid)
    newer = "Edited text %s." % secrets.token_hex(4)
    rs = A.save_form(ed, section_of(kind), iid, form, body=newer)
    t.status(kind + ": the draft edited -> 303", rs, 303)
    rs = anon().get(path)
    t.check(kind + ": the link shows the edit at once",
            rs.status == 200 and newer in rs.text and body not in rs.text,
            describe(rs))

    lid = A.db_one("SELECT id FROM preview_links WHERE item_id = ? AND "
                   "kind = ?", (iid, kind))
    revokes = A.db_one("SELECT count(*) FROM audit_log WHERE action = "
                       "'preview revoked'")
    rs = ed.post("/admin/previews/%d/revoke" % lid, ed.with_csrf([]))
    t.check(kind + ": revoke -> 303 to the edit page", rs.status == 303 and
            A.location(rs) == "/admin/%s/%s/edit" % (section_of(kind), iid),
            describe(rs))
    t.check(kind + ": revoked, with its audit line",
            A.db_one("SELECT revoked_at FROM preview_links WHERE id = ?",
                     (lid,)) is not None and
            A.db_one("SELECT count(*) FROM audit_log WHERE action = "
                     "'preview revoked'") == revokes + 1)
    rs = anon().get(path)
    t.status(kind + ": the revoked link -> 410", rs, 410)
    t.check(kind + ": 410 Gone, as RFC 9110 names it",
            rs.reason == "Gone", rs.reason)
    check_headers(kind + ": 410", rs)
    t.check(kind + ": the 410 page says nothing of the item",
            title not in rs.text and newer not in rs.text and
            BANNER not in rs.text, describe(rs))
    S.setdefault("gone", []).append(rs.text)
    page = ed.get("/admin/%s/%s/edit" % (section_of(kind), iid))
    t.check(kind + ": the edit page lists the link as revoked",
            "Revoked" in page.text and
            'action="/admin/previews/%d/revoke"' % lid not in page.text)
    rs = ed.post("/admin/previews/%d/revoke" % lid, ed.with_csrf([]))
    t.status(kind + ": revoking it again -> 303 (it is so)", rs, 303)


# A draft of each entry kind (docs/content-kinds.md), as the store keeps
# it, with what only its own page shows.
ENTRIES = (
    ("project", "projects", {
        "code": "PV-2026", "coverage": "Hungary", "start_date": "2026-01-01",
        "end_date": "", "state": "", "budget": "100000", "currency": "EUR",
        "donors": ["Preview Donor Fund"], "cofunding": "", "contact": ""},
     "2026-01-01", "", "", "Preview Donor Fund"),
    ("event", "events", {
        "start_date": "2026-06-30", "start_time": "10:00", "end_date": "",
        "end_time": "", "place": "Previewville"},
     "2026-06-30 10:00", "", "", "Previewville"),
    ("publication", "publications", {
        "type": "report", "documents": [{
            "title": "Preview Annex Document",
            "url": "https://example.org/annex.pdf", "lang": "en"}]},
     "", "", "report", "Preview Annex Document"),
)


SECTIONS = {kind: section for kind, section, *_ in ENTRIES}


def entry_draft(kind, fields, starts, ends, category, title, body):
    """A draft of an entry kind, written as the store writes one; its
    id."""
    con = A.db()
    try:
        cur = con.execute(
            "INSERT INTO entries (kind, lang, slug, title, summary, body_md, "
            "body_html, status, pub_date, pub_time, published_at, fields, "
            "starts, ends, category) VALUES (?, 'en', ?, ?, 'A summary.', "
            "?, ?, 'draft', ?, '00:00', ?, ?, ?, ?, ?)",
            (kind, "preview-" + kind + "-" + A.rnd().lower(), title, body,
             "<p>%s</p>" % body, A.today(), int(time.time()),
             json.dumps(fields), starts, ends, category))
        CREATED.append((SECTIONS[kind], str(cur.lastrowid)))
        return str(cur.lastrowid)
    finally:
        con.close()


def entries_shared():
    """A draft of each entry kind shared, shown through its own page, then
    published by the publish action."""
    ed = S["editor"]
    for kind, section, fields, starts, ends, category, mark in ENTRIES:
        title = "Preview %s %s" % (kind, A.rnd())
        body = "Entry draft %s." % secrets.token_hex(4)
        iid = entry_draft(kind, fields, starts, ends, category, title, body)
        edit = ed.get("/admin/%s/%s/edit" % (section, iid))
        form = A.find_form(edit, PREVIEWS)
        t.check(kind + ": the edit page of a draft offers to share it",
                form and form.value("kind") == kind and
                form.value("id") == iid, describe(edit))
        path = new_link(ed, kind, iid, kind)
        if path is None:
            continue
        rs = anon().get(path)
        t.check(kind + ": signed out, the draft as its own page shows it, "
                "marked", rs.status == 200 and title in rs.text and
                body in rs.text and mark in rs.text and BANNER in rs.text,
                describe(rs))
        check_headers(kind + ": 200", rs)
        rs = ed.post("/admin/%s/%s/publish" % (section, iid),
                     ed.with_csrf([]))
        t.status(kind + ": published -> 303", rs, 303)
        rs = anon().get(path)
        t.status(kind + ": published, the link -> 410", rs, 410)


def expired():
    ed = S["editor"]
    iid = create(ed, "news", "Preview expiry " + A.rnd(), "Expiring.")
    path = iid and new_link(ed, "news", iid, "expiry")
    if not path:
        return
    A.db_exec("UPDATE preview_links SET created_at = ?, expires_at = ? "
              "WHERE item_id = ? AND kind = 'news'",
              (hours_ago(2), hours_ago(1), iid))
    rs = anon().get(path)
    t.status("an expired link -> 410", rs, 410)
    check_headers("expired 410", rs)
    S.setdefault("gone", []).append(rs.text)
    page = ed.get("/admin/news/%s/edit" % iid)
    t.check("the edit page lists the link as expired, with no revoke "
            "button", "Expired" in page.text and
            "/revoke" not in page.text, describe(page))
    gone = S.get("gone", [])
    t.check("every 410 page is the same, whatever the item or why",
            len(gone) >= 2 and len(set(gone)) == 1, "%d pages, %d bodies" %
            (len(gone), len(set(gone))))


def published():
    ed = S["editor"]
    # The publish action.
    iid = create(ed, "news", "Preview publish " + A.rnd(), "To publish.")
    path = iid and new_link(ed, "news", iid, "publish")
    if path:
        A.confirm_and_post(ed, iid, "publish", "publish the shared draft")
        rs = anon().get(path)
        t.status("published by the publish action: the link -> 410", rs,
                 410)
        check_headers("published 410", rs)
        t.check("published: the link is revoked in the store",
                A.db_one("SELECT count(*) FROM preview_links WHERE "
                         "item_id = ? AND kind = 'news' AND revoked_at IS "
                         "NULL", (iid,)) == 0)
        edit = ed.get("/admin/news/%s/edit" % iid)
        t.check("a published item offers no new preview link",
                A.find_form(edit, PREVIEWS) is None, describe(edit))
        rs = share(ed, "news", iid)
        t.status("sharing a published item -> 409", rs, 409)
        t.check("409: no link made", link_of(rs) is None)
    # A save with the status published.
    pid = create(ed, "page", "Preview save " + A.rnd(), "Saved public.")
    path = pid and new_link(ed, "page", pid, "save published")
    if path:
        _, form = A.edit_form(ed, "pages", pid)
        rs = A.save_form(ed, "pages", pid, form, status="published")
        t.status("the draft saved as published -> 303", rs, 303)
        rs = anon().get(path)
        t.status("published by a save: the link -> 410", rs, 410)
    # A scheduled item (published, its time to come) is no draft.
    future = time.strftime("%Y-%m-%d", time.gmtime(time.time() +
                                                    40 * 86400))
    sid = create(ed, "news", "Preview scheduled " + A.rnd(), "Later.",
                 status="published", date=future)
    if sid:
        rs = share(ed, "news", sid)
        t.status("sharing a scheduled item -> 409", rs, 409)


def deleted():
    ed = S["editor"]
    iid = create(ed, "news", "Preview delete " + A.rnd(), "To delete.")
    path = iid and new_link(ed, "news", iid, "delete")
    if not path:
        return
    page = ed.get("/admin/news/%s/confirm?action=delete" % iid)
    form = A.find_form(page, "/admin/news/%s/delete" % iid)
    vals = form.values() if form else {"csrf_token": ed.csrf}
    rs = ed.post("/admin/news/%s/delete" % iid, list(vals.items()))
    t.status("the shared draft deleted -> 303", rs, 303)
    rs = anon().get(path)
    t.status("deleted: the link -> 404", rs, 404)
    check_headers("deleted 404", rs)
    t.check("deleted: its links are gone from the store",
            A.db_one("SELECT count(*) FROM preview_links WHERE item_id = ? "
                     "AND kind = 'news'", (iid,)) == 0)


def bad_tokens():
    good = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    good = good.rstrip("=")
    cases = (
        ("too short", "abc"),
        ("42 characters", good[:42]),
        ("44 characters", good + "A"),
        ("a character out of the alphabet", good[:42] + "+"),
        ("a dot", good[:42] + "."),
        ("an escaped slash", good[:40] + "%2F" + good[41:43]),
        ("two segments", good[:20] + "/" + good[20:]),
        ("unknown", good),
    )
    bodies = set()
    for name, token in cases:
        rs = anon().get("/preview/" + token)
        t.status("/preview/<%s> -> 404" % name, rs, 404)
        check_headers("404 for %s" % name, rs)
        bodies.add(rs.text)
    t.check("every 404 page is the same, whatever the token",
            len(bodies) == 1, "%d bodies" % len(bodies))
    rs = anon().get("/hu/preview/" + good)
    t.status("/hu/preview/<unknown> -> 404", rs, 404)
    check_headers("404 under /hu/", rs)
    rs = anon().get("/preview/%00")
    t.status("/preview/%00 -> 400", rs, 400)
    check_headers("400", rs)
    rs = anon().request("POST", "/preview/" + good,
                        [("Content-Type", "application/x-www-form-"
                          "urlencoded")], b"a=1")
    t.status("POST /preview/<token> -> 405", rs, 405)
    check_headers("405", rs)
    rs = anon().get("/preview/")
    t.check("/preview/ -> 301 or 404", rs.status in (301, 404),
            describe(rs))
    check_headers("/preview/", rs)


def refused():
    ed = S["editor"]
    iid = create(ed, "news", "Preview refusals " + A.rnd(), "Refused.")
    if iid is None:
        return
    before = A.db_one("SELECT count(*) FROM preview_links")
    for lifetime, name in (("0", "0 hours"), ("360", "15 days"),
                           ("", "none"), ("abc", "letters"),
                           ("-1", "negative")):
        rs = share(ed, "news", iid, lifetime)
        t.status("lifetime %s -> 422" % name, rs, 422)
        t.check("lifetime %s: a message, no link" % name,
                "from 1 hour to 14 days" in rs.text and
                link_of(rs) is None, describe(rs))
    rs = share(ed, "news", iid, csrf=False)
    t.status("no CSRF token -> 403", rs, 403)
    rs = A.Agent().post(PREVIEWS, [("kind", "news"), ("id", iid),
                                   ("lifetime", "24")])
    t.status("signed out -> 403", rs, 403)
    rs = share(ed, "news", 987654321)
    t.status("an item that is not there -> 404", rs, 404)
    rs = share(ed, "nothing", iid)
    t.status("a kind that is none -> 400", rs, 400)
    rs = ed.post("/admin/previews/987654321/revoke", ed.with_csrf([]))
    t.status("revoking a link that is not there -> 404", rs, 404)
    t.check("no link made by any refused request",
            A.db_one("SELECT count(*) FROM preview_links") == before)
    for lifetime in LIFETIMES:
        rs = share(ed, "news", iid, lifetime)
        t.check("lifetime %s hours -> 200" % lifetime, rs.status == 200 and
                link_of(rs), describe(rs))
    longest = A.db_one("SELECT max(expires_at - created_at) FROM "
                       "preview_links WHERE item_id = ? AND kind = 'news'",
                       (iid,))
    t.check("the longest link lasts 14 days", longest == 14 * 86400,
            str(longest))


def cleanup():
    """Deletes what this test made, so that the tests after it find the
    demo content as they expect it (the events' list, above all)."""
    ed = S["editor"]
    for section, iid in CREATED:
        rs = ed.post("/admin/%s/%s/delete" % (section, iid), ed.with_csrf([]))
        t.check("clean-up: %s %s deleted" % (section, iid),
                rs.status in (303, 404), describe(rs))


def log_clean(log):
    """No token in Waypoint's access log: /preview/(token) instead. The
    lines may wait a moment in their thread's buffer (`waypoint serve`
    writes them some at a time): up to 5 s for the preview lines."""
    end = time.monotonic() + 5
    while True:
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as e:
            t.check("the access log can be read", False, str(e))
            return
        if "path=/preview/(token)" in text or time.monotonic() > end:
            break
        time.sleep(0.05)
    leaked = [tok for tok in TOKENS if tok in text]
    t.check("the access log holds no token", TOKENS and not leaked,
            "%d of %d leaked" % (len(leaked), len(TOKENS)))
    t.check("the access log names preview requests /preview/(token)",
            "path=/preview/(token)" in text)


def main():
    args = sys.argv[:]
    log = args.pop() if len(args) == 6 else None
    sys.argv = args
    if not A.start("preview.py"):
        return 2
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    for fn in (lambda: draft_shared("news"), lambda: draft_shared("page"),
               entries_shared, expired, published, deleted, bad_tokens,
               refused, cleanup):
        A.section(fn)
    if log:
        A.section(lambda: log_clean(log))
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

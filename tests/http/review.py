#!/usr/bin/env python3
"""review.py: the HTTP tests of the review step before publishing (issue
14): [workflow] review = on makes an editor's Publish a submission that a
reviewer (an admin, or an editor given the role) publishes or sends back
with a comment, reading a word diff against the published version. Run
against any base URL (waypoint serve, or nginx -> waypoint fcgi) over a
database made by `waypoint db init` with admin.py's accounts (editor1,
admin1).

Usage: review.py BASE_URL DB_PATH WAYPOINT CONF --on|--off
  --on   the server runs with [workflow] review = on: the whole step
  --off  it runs without it: nothing of the step shows, /admin/review is
         a 404 and an editor publishes as before

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import os
import re
import sys
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import describe  # noqa: E402

t = A.t
S = {}
REVIEWER = ("reviewer1", "reviewer-password-1")


def draft(ag, title, body="First paragraph.\n\nSecond paragraph."):
    """A new release saved as a draft by ag; its id."""
    rs = ag.post("/admin/news", A.news_fields(ag, title, status="draft",
                                             body=body))
    return A.news_id(rs) if rs.status == 303 else None


def public(slug):
    return A.Agent().get("/news/" + slug)


def open_submission(nid):
    """The id and state of release nid's latest submission."""
    row = A.db_all("SELECT id, state, held FROM submissions WHERE kind = "
                   "'news' AND item_id = ? ORDER BY id DESC LIMIT 1",
                   (int(nid),))
    return row[0] if row else (None, None, None)


def submit_draft(ag, nid):
    rs, form = A.edit_form(ag, "news", nid)
    sub = A.find_form(rs, "/admin/review")
    vals = sub.values() if sub else {}
    return ag.post("/admin/review", ag.with_csrf(list(vals.items()))), sub


def last_audit():
    return A.db_one("SELECT action || ': ' || detail FROM audit_log "
                    "ORDER BY id DESC LIMIT 1") or ""


def off():
    ed, ad = S["editor"], S["admin"]
    t.status("review off: GET /admin/review -> 404", ad.get("/admin/review"),
             404)
    nav = ad.get("/admin").text
    t.check("review off: no queue in the admin navigation",
            'href="/admin/review"' not in nav)
    nid = draft(ed, "Off draft " + A.RUN)
    rs, form = A.edit_form(ed, "news", nid)
    t.check("review off: the editor's draft offers Publish…, not Submit",
            "/admin/news/%s/confirm?action=publish" % nid in rs.text and
            "Submit for review" not in rs.text, describe(rs))
    t.check("review off: the status select offers Published",
            '<option value="published"' in rs.text)
    rs = ed.post("/admin/news/%s/publish" % nid, ed.with_csrf([]))
    t.status("review off: the editor publishes -> 303", rs, 303)
    slug = A.news_slug(ed, nid)
    t.status("review off: the release is public", public(slug), 200)
    t.status("review off: POST /admin/review -> 404",
             ed.post("/admin/review", ed.with_csrf([
                 ("kind", "news"), ("id", nid), ("version", "1")])), 404)


def accounts():
    ad = S["admin"]
    rc, out = A.waypoint("user", "add", REVIEWER[0], "--role", "editor",
                         stdin=REVIEWER[1] + "\n")
    t.setup("user add reviewer1", rc == 0, out)
    uid = A.db_one("SELECT id FROM users WHERE name = ?", (REVIEWER[0],))
    rs = ad.get("/admin/users/%s/edit" % uid)
    form = A.find_form(rs, "/admin/users/%s" % uid)
    t.check("an editor's account form has the Reviewer box",
            form is not None and 'type="checkbox" id="reviewer" '
            'name="reviewer"' in rs.text, describe(rs))
    rs = ad.get("/admin/users/%s/edit" % A.db_one(
        "SELECT id FROM users WHERE name = 'admin1'"))
    t.check("an admin's account form has none (admins review anyway)",
            'name="reviewer"' not in rs.text)
    vals = form.values() if form else {}
    vals.pop("reviewer", None)
    vals["reviewer"] = "2"
    rs = ad.post("/admin/users/%s" % uid, ad.with_csrf(list(vals.items())))
    t.status("Reviewer = 2 -> 422", rs, 422)
    vals["reviewer"] = "1"
    rs = ad.post("/admin/users/%s" % uid, ad.with_csrf(list(vals.items())))
    t.status("the admin ticks Reviewer -> 303", rs, 303)
    t.check("reviewer1 has the reviewer role",
            A.db_one("SELECT reviewer FROM users WHERE id = ?", (uid,)) == 1)
    t.check("the audit line says so", "reviewer role given" in last_audit(),
            last_audit())
    # A form without the box's marker (an older client) keeps the role.
    rs = ad.post("/admin/users/%s" % uid, ad.with_csrf([("role", "editor")]))
    t.check("a form without the box keeps the role",
            A.db_one("SELECT reviewer FROM users WHERE id = ?", (uid,)) == 1,
            describe(rs))
    S["reviewer"] = A.signed_in(*REVIEWER, label="reviewer1")
    nav = S["reviewer"].get("/admin").text
    t.check("the reviewer's navigation has the queue",
            'href="/admin/review"' in nav)
    nav = S["editor"].get("/admin").text
    t.check("the editor's navigation has no queue",
            'href="/admin/review"' not in nav)


def submit():
    ed = S["editor"]
    title = "Reviewed statement " + A.RUN
    rs = ed.post("/admin/news", A.news_fields(ed, title,
                                             status="published"))
    t.status("editor: a new release sent as published -> 422", rs, 422)
    t.check("422: the message is at the status and the text is kept",
            "needs a reviewer" in rs.text and title in rs.text,
            describe(rs))
    nid = draft(ed, title, body="Migrants arrived in Záhony today.")
    t.check("editor saves a draft", nid)
    S["nid"] = nid
    rs, form = A.edit_form(ed, "news", nid)
    t.check("the editor's form offers no Published status",
            form is not None and '<option value="published"' not in
            rs.text and form.value("status") == "draft", describe(rs))
    t.check("the editor's form offers Submit for review, not Publish…",
            "Submit for review" in rs.text and
            "/admin/news/%s/confirm?action=publish" % nid not in rs.text)
    rs = ed.post("/admin/news/%s/publish" % nid, ed.with_csrf([]))
    t.status("editor: POST …/publish -> 403", rs, 403)
    rs = ed.get("/admin/news/%s/confirm?action=publish" % nid)
    t.status("editor: the publish confirmation -> 403", rs, 403)
    rs, sub = submit_draft(ed, nid)
    t.check("the Submit for review form names the item",
            sub is not None and sub.value("kind") == "news" and
            sub.value("id") == nid)
    t.status("editor submits the draft -> 303", rs, 303)
    sid, state, held = open_submission(nid)
    S["sid"] = sid
    t.check("a pending submission, not held", state == "pending" and
            held == 0, str((sid, state, held)))
    t.check("the item stays a draft", A.db_one(
        "SELECT status FROM news WHERE id = ?", (int(nid),)) == "draft")
    slug = A.news_slug(ed, nid)
    S["slug"] = slug
    t.status("the submitted draft is not public", public(slug), 404)
    t.check("audit line: submit", last_audit().startswith("submit: news "),
            last_audit())
    rs, _ = A.edit_form(ed, "news", nid)
    t.check("the form says it waits for review",
            "Waiting for review" in rs.text and
            "Submit for review" not in rs.text)
    for path in ("/admin/review", "/admin/review/%s" % sid):
        t.status("editor: GET %s -> 403" % path, ed.get(path), 403)
    for action in ("publish", "return"):
        rs = ed.post("/admin/review/%s/%s" % (sid, action),
                     ed.with_csrf([("comment", "No")]))
        t.status("editor: POST /admin/review/<id>/%s -> 403" % action, rs,
                 403)
    t.check("the editor's posts changed nothing",
            open_submission(nid)[1] == "pending")


def queue_and_publish():
    rv, nid, sid = S["reviewer"], S["nid"], S["sid"]
    rs = rv.get("/admin/review")
    t.status("reviewer: GET /admin/review", rs, 200)
    t.check("the queue lists the submission with its submitter",
            'href="/admin/review/%s"' % sid in rs.text and
            "Reviewed statement " + A.RUN in rs.text and
            "editor1" in rs.text, describe(rs))
    t.check("the navigation counts it", re.search(
        r'href="/admin/review"[^>]*>[^<]*\(\d+\)', rs.text), describe(rs))
    rs = rv.get("/admin/review/%s" % sid)
    t.status("reviewer: the submission's page", rs, 200)
    t.check("never published: its words are all inserted", re.search(
        r"<ins><span class=\"visually-hidden\">\[inserted: </span>"
        r"Migrants arrived in Záhony today\.", rs.text), rs.text[-1500:])
    rs = rv.post("/admin/review/%s/publish" % sid, rv.with_csrf([]))
    t.status("reviewer publishes -> 303", rs, 303)
    t.status("now it is public", public(S["slug"]), 200)
    t.check("the submission is published",
            open_submission(nid)[1] == "published")
    t.check("audit line: review publish",
            last_audit().startswith("review publish: news %s" % nid),
            last_audit())
    rs = rv.post("/admin/review/%s/publish" % sid, rv.with_csrf([]))
    t.status("publishing it again -> 409", rs, 409)


def held_change():
    ed, rv, nid = S["editor"], S["reviewer"], S["nid"]
    rs, form = A.edit_form(ed, "news", nid)
    t.check("a published item's form submits changes for review",
            "Submit changes for review" in rs.text and
            form.value("status") == "published", describe(rs))
    rs = A.save_form(ed, "news", nid, form,
                     body="Migrants arrived in Záhony and Budapest today.")
    t.status("editor saves a change to the published release -> 303", rs,
             303)
    page = public(S["slug"])
    t.check("the public page is unchanged", "Záhony today" in page.text and
            "Záhony and Budapest" not in page.text, describe(page))
    sid, state, held = open_submission(nid)
    t.check("a pending held submission", state == "pending" and held == 1,
            str((sid, state, held)))
    history = ed.get("/admin/news/%s/history" % nid).text
    rows = re.findall(r'<th scope="row">(.*?)</th>', history)
    t.check("history: the held change (newest) is marked submitted, not "
            "current; the live version is the one current",
            len(rows) > 1 and "(submitted for review)" in rows[0] and
            "(current)" not in rows[0] and "(current)" in rows[1] and
            history.count("(current)") == 1, history[-1500:])
    rev = A.db_one("SELECT id FROM revisions WHERE kind = 'news' AND "
                   "item_id = ? ORDER BY id DESC LIMIT 1", (int(nid),))
    page = ed.get("/admin/news/%s/revisions/%s" % (nid, rev)).text
    t.check("its page says Submitted for review, not the current version",
            "Submitted for review" in page and
            "This is the current version." not in page, page[-1500:])
    rs, _ = A.edit_form(ed, "news", nid)
    t.check("the form says the site keeps the published version and "
            "offers the submitted text", "Waiting for review" in rs.text and
            "Záhony and Budapest" in rs.text)
    rs = rv.get("/admin/review/%s" % sid)
    t.check("the diff shows the words deleted and inserted",
            re.search(r"<del><span class=\"visually-hidden\">\[deleted: "
                      r"</span>today\.", rs.text) is None and
            re.search(r"<ins><span class=\"visually-hidden\">\[inserted: "
                      r"</span>and Budapest", rs.text) and
            "Migrants arrived in Záhony " in rs.text, rs.text[-1500:])
    rs = rv.post("/admin/review/%s/publish" % sid, rv.with_csrf([]))
    t.status("reviewer publishes the change -> 303", rs, 303)
    page = public(S["slug"])
    t.check("the change is public now", "Záhony and Budapest" in page.text,
            describe(page))
    # A change the item outran: an admin saves it directly meanwhile.
    rs, form = A.edit_form(ed, "news", nid)
    A.save_form(ed, "news", nid, form, title="Replaced title " + A.RUN)
    sid = open_submission(nid)[0]
    rs, form = A.edit_form(S["admin"], "news", nid)
    A.save_form(S["admin"], "news", nid, form, summary="Admin's summary.")
    rs = rv.get("/admin/review/%s" % sid)
    t.check("the title diff deletes the old title and inserts the new",
            re.search(r"<del><span class=\"visually-hidden\">\[deleted: "
                      r"</span>Reviewed statement", rs.text) and
            re.search(r"<ins><span class=\"visually-hidden\">\[inserted: "
                      r"</span>Replaced title", rs.text), rs.text[-2000:])
    rs = rv.post("/admin/review/%s/publish" % sid, rv.with_csrf([]))
    t.status("publishing a change the item outran -> 409", rs, 409)
    t.check("409: says why", "saved again after this was submitted" in
            rs.text)
    t.check("the public title is unchanged", "Replaced title" not in
            public(S["slug"]).text)


def send_back():
    ed, rv, nid = S["editor"], S["reviewer"], S["nid"]
    sid = open_submission(nid)[0]
    audits = A.db_one("SELECT count(*) FROM audit_log")
    rs = rv.post("/admin/review/%s/return" % sid,
                 rv.with_csrf([("comment", "   ")]))
    t.status("send back with an empty comment -> 422", rs, 422)
    t.check("422: the message is at the comment field",
            'id="f-comment-error"' in rs.text and 'aria-invalid="true"' in
            rs.text, describe(rs))
    long = "ő" * 2001
    rs = rv.post("/admin/review/%s/return" % sid,
                 rv.with_csrf([("comment", long)]))
    t.status("send back with 2,001 characters -> 422", rs, 422)
    t.check("422: the comment is kept as typed", long in rs.text)
    t.check("nothing was recorded", A.db_one(
        "SELECT count(*) FROM audit_log") == audits and
        open_submission(nid)[1] == "pending")
    comment = "Please name the source of the figure " + A.RUN
    rs = rv.post("/admin/review/%s/return" % sid,
                 rv.with_csrf([("comment", comment)]))
    t.status("send back with a comment -> 303", rs, 303)
    t.check("the submission is returned with the comment",
            A.db_one("SELECT state || '|' || comment FROM submissions "
                     "WHERE id = ?", (sid,)) == "returned|" + comment)
    line = last_audit()
    t.check("audit line: review return, the comment's length, not its text",
            line.startswith("review return: news %s" % nid) and
            "comment of %d characters" % len(comment) in line and
            comment not in line, line)
    rs, _ = A.edit_form(ed, "news", nid)
    t.check("the editor's form shows the comment",
            "Sent back by the reviewer" in rs.text and comment in rs.text)
    rs = ed.get("/admin")
    t.check("the editor's dashboard shows the comment",
            "Sent back to you" in rs.text and comment in rs.text)
    t.check("the public page is unchanged", "Replaced title" not in
            public(S["slug"]).text)


def stale_hold():
    """A change to a published item from a form someone else's save
    outran is refused as a normal save is, not held for review."""
    ed, ad, nid = S["editor"], S["admin"], S["nid"]
    before = open_submission(nid)[0]
    _, stale = A.edit_form(ed, "news", nid)
    _, form = A.edit_form(ad, "news", nid)
    rs = A.save_form(ad, "news", nid, form, summary="Admin again " + A.RUN)
    t.status("an admin saves the published release -> 303", rs, 303)
    words = "Stale words " + A.RUN
    rs = A.save_form(ed, "news", nid, stale, body=words)
    t.status("editor: a change from the older form -> 409", rs, 409)
    t.check("409: the conflict page, the editor's text kept",
            "after you opened it" in rs.text and words in rs.text,
            describe(rs))
    t.check("no submission was made of it",
            open_submission(nid)[0] == before)


def held_twice():
    """Two editors open a published item's form; the first one's change
    is held. The second's, from a form shown before it, replaces nothing:
    409 with its text kept and the held change shown; sent again from
    that page, knowing, it replaces the first."""
    ad = S["admin"]
    nid = draft(ad, "Held twice " + A.RUN)
    rs = ad.post("/admin/news/%s/publish" % nid, ad.with_csrf([]))
    t.status("held twice: an admin publishes a release -> 303", rs, 303)
    one = A.signed_in(*A.EDITOR, label="editor1, a second browser")
    _, first = A.edit_form(S["editor"], "news", nid)
    _, second = A.edit_form(one, "news", nid)
    rs = A.save_form(S["editor"], "news", nid, first,
                     body="Words of the first editor " + A.RUN)
    t.status("held twice: the first change is held -> 303", rs, 303)
    held = open_submission(nid)[0]
    words = "Words of the second editor " + A.RUN
    rs = A.save_form(one, "news", nid, second, body=words)
    t.status("held twice: the second, from the older form -> 409", rs, 409)
    t.check("held twice: the editor's text kept, the held change shown",
            "were submitted for review after you opened it" in rs.text and
            words in rs.text and "Words of the first editor" in rs.text,
            describe(rs))
    t.check("held twice: the first change is still the one held",
            open_submission(nid)[0] == held)
    again = A.find_form(rs, "/admin/news/%s" % nid)
    rs = A.save_form(one, "news", nid, again)
    t.status("held twice: sent again from that page -> 303", rs, 303)
    sid = open_submission(nid)[0]
    text = A.db_one("SELECT data FROM revisions r JOIN submissions s ON"
                    " s.revision_id = r.id WHERE s.id = ?", (sid,)) or ""
    t.check("held twice: it replaces the first", sid != held and
            words in text, "%s %s" % (sid, text[:200]))
    # A submission keeps the text, not the language: a change of it is
    # refused, not lost.
    _, form = A.edit_form(S["editor"], "news", nid)
    rs = A.save_form(S["editor"], "news", nid, form, lang="hu")
    t.check("a held change of language -> 422 at the language field",
            rs.status == 422 and "is changed by a reviewer only" in rs.text,
            describe(rs))
    t.check("no submission was made of it", open_submission(nid)[0] == sid)
    # A restore, from a page shown before the change now held, does not
    # replace it either.
    rid = A.db_one("SELECT min(id) FROM revisions WHERE kind = 'news' AND"
                   " item_id = ?", (int(nid),))
    url = "/admin/news/%s/revisions/%s" % (nid, rid)
    old = A.find_form(one.get(url), url + "/restore")
    _, form = A.edit_form(S["editor"], "news", nid)
    rs = A.save_form(S["editor"], "news", nid, form,
                     body="Words held before a restore " + A.RUN)
    t.status("held twice: another change is held -> 303", rs, 303)
    sid = open_submission(nid)[0]
    rs = one.post(url + "/restore", one.with_csrf(
        [(k, v) for k, v in (old.values() if old else {}).items()
         if k != "csrf_token"]))
    t.check("a restore from a page shown before it -> 409, nothing held",
            rs.status == 409 and open_submission(nid)[0] == sid,
            describe(rs))
    new = A.find_form(one.get(url), url + "/restore")
    rs = one.post(url + "/restore", one.with_csrf(
        [(k, v) for k, v in (new.values() if new else {}).items()
         if k != "csrf_token"]))
    t.check("from the page shown now -> 303, held in its place",
            rs.status == 303 and open_submission(nid)[0] != sid,
            describe(rs))


def published_meanwhile():
    """An editor's form shown with their own change held; a reviewer
    publishes it; the editor's save gets the version conflict, and sent
    again from there it is held (nothing is open that it could replace
    unseen)."""
    ad, rv = S["admin"], S["reviewer"]
    nid = draft(ad, "Published meanwhile " + A.RUN)
    rs = ad.post("/admin/news/%s/publish" % nid, ad.with_csrf([]))
    t.status("meanwhile: an admin publishes a release -> 303", rs, 303)
    _, form = A.edit_form(S["editor"], "news", nid)
    rs = A.save_form(S["editor"], "news", nid, form,
                     body="First held words " + A.RUN)
    t.status("meanwhile: the editor's change is held -> 303", rs, 303)
    _, form = A.edit_form(S["editor"], "news", nid)
    sid = open_submission(nid)[0]
    rs = rv.post("/admin/review/%s/publish" % sid, rv.with_csrf([]))
    t.status("meanwhile: the reviewer publishes it -> 303", rs, 303)
    rs = A.save_form(S["editor"], "news", nid, form,
                     body="Second held words " + A.RUN)
    t.status("meanwhile: the editor's older form -> 409", rs, 409)
    again = A.find_form(rs, "/admin/news/%s" % nid)
    rs = A.save_form(S["editor"], "news", nid, again)
    t.check("meanwhile: sent again from the conflict page -> 303, held",
            rs.status == 303 and open_submission(nid)[1] == "pending",
            describe(rs))


def reserved_slug():
    """A held change to a reserved slug is refused when the reviewer
    publishes it, as the editor's own save would refuse it."""
    ed, ad, rv = S["editor"], S["admin"], S["reviewer"]
    nid = draft(ad, "Reserved slug " + A.RUN)
    rs = ad.post("/admin/news/%s/publish" % nid, ad.with_csrf([]))
    t.status("reserved: an admin publishes a release -> 303", rs, 303)
    slug = A.news_slug(ad, nid)
    _, form = A.edit_form(ed, "news", nid)
    # The form refuses "feed" typed; one made from the title is held
    # unchecked, as no save runs.
    rs = A.save_form(ed, "news", nid, form, slug="", title="Feed")
    t.status("reserved: a change whose slug the title makes feed is held "
             "-> 303", rs, 303)
    sid = open_submission(nid)[0]
    rs = rv.post("/admin/review/%s/publish" % sid, rv.with_csrf([]))
    t.status("reserved: publishing slug feed -> 409", rs, 409)
    t.check("reserved: the release keeps its slug",
            A.news_slug(ad, nid) == slug and
            open_submission(nid)[1] == "pending")


def admin_publishes():
    ad = S["admin"]
    nid = draft(ad, "Admin's own " + A.RUN)
    rs, _ = A.edit_form(ad, "news", nid)
    t.check("an admin keeps Publish…",
            "/admin/news/%s/confirm?action=publish" % nid in rs.text and
            "Submit for review" not in rs.text)
    rs = ad.post("/admin/news/%s/publish" % nid, ad.with_csrf([]))
    t.status("an admin publishes directly -> 303", rs, 303)
    t.status("it is public", public(A.news_slug(ad, nid)), 200)


def main():
    flag = sys.argv.pop() if len(sys.argv) == 6 else ""
    if flag not in ("--on", "--off") or not A.start("review.py"):
        sys.stderr.write("usage: review.py BASE_URL DB_PATH WAYPOINT CONF "
                         "--on|--off\n")
        return 2
    A.NETLOC = urlsplit(A.BASE).netloc
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
        S["admin"] = A.signed_in(*A.ADMIN, label="admin1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    if flag == "--off":
        A.section(off)
        return t.finish()
    for fn in (accounts, submit, queue_and_publish, held_change, send_back,
               stale_hold, held_twice, published_meanwhile, reserved_slug,
               admin_publishes):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

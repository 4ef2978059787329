#!/usr/bin/env python3
"""kinds_admin.py: the HTTP tests of the editor of projects, events and
publications (issue 14): their sections and lists, their own fields in the
form and in the database's JSON (docs/content-kinds.md), their bad input
(each a message at its field, the form kept as typed, never a 500), and
what every kind has through the same editor: audit lines, history,
revisions and restore, the refusal of a stale save, old slugs, reserved
slugs and translations. Run against any base URL (waypoint serve, or
nginx -> waypoint fcgi) over a database made by `waypoint db init`, in
which the run script has created admin.py's accounts (editor1, admin1).

Usage: kinds_admin.py BASE_URL DB_PATH WAYPOINT CONF
  as admin.py, whose agent, forms and database helpers it uses.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import datetime
import json
import os
import re
import sys

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import Client, describe  # noqa: E402

t = A.t
S = {}
SECTIONS = {"project": "projects", "event": "events",
            "publication": "publications"}


def location(rs):
    return A.location(rs) or ""


def item_id(section, rs):
    m = re.fullmatch(r"/admin/%s/(\d+)/edit" % section, location(rs))
    return int(m.group(1)) if m else None


def new_values(ag, section):
    """The fields of the empty form of section, as a browser sends them."""
    rs = ag.get("/admin/%s/new" % section)
    form = A.find_form(rs, "/admin/" + section)
    t.check("GET /admin/%s/new has its form" % section,
            rs.status == 200 and form is not None, describe(rs))
    return form.values() if form else {}


def post_new(ag, section, values, **changes):
    vals = dict(values)
    vals.update(changes)
    vals["action"] = "save"
    return ag.post("/admin/" + section, ag.with_csrf(list(vals.items())))


def fields_of(nid):
    text = A.db_one("SELECT fields FROM entries WHERE id = ?", (nid,))
    return text, (json.loads(text) if text else None)


def audit_lines(action, nid, title=""):
    """How many audit lines of action name project nid (and title)."""
    return A.db_one("SELECT count(*) FROM audit_log WHERE action = ?"
                    " AND detail LIKE ?",
                    (action, "project %s: %s%%" % (nid, title)))


def project_values(ag, title):
    vals = new_values(ag, "projects")
    vals.update(title=title, code="HU-2024-07", coverage="Hungary",
                start_date="2024-01-15", end_date="2025-06-30",
                budget="77,000", currency="EUR",
                donors="SlovakAid\nEuropean Union",
                cofunding="Co-funded by the European Union.",
                contact="IOM Budapest", summary="A project.",
                body="The project's **text**.")
    return vals


def event_values(ag, title):
    vals = new_values(ag, "events")
    vals.update(title=title, start_date="2031-06-30", start_time="10:00",
                end_date="", end_time="16:00", place="Záhony",
                body="An event.")
    return vals


def publication_values(ag, title):
    vals = new_values(ag, "publications")
    vals.update(title=title, type="factsheet", doc1_title="Factsheet",
                doc1_url="https://www.iom.int/factsheet.pdf",
                doc1_lang="en", doc2_title="Összefoglaló",
                doc2_url="https://www.iom.int/osszefoglalo.pdf",
                doc2_lang="hu", body="A publication.")
    return vals


# ---------------------------------------------------------------- sections

def sections():
    ed = S["editor"]
    home = ed.get("/admin")
    for kind, sec in SECTIONS.items():
        t.check("the admin navigation links to /admin/%s" % sec,
                'href="/admin/%s"' % sec in home.text)
        rs = ed.get("/admin/" + sec)
        # The first page: the last edited 20 (other scripts add some).
        titles = [r[0] for r in A.db_all(
            "SELECT title FROM entries WHERE kind = ?"
            " ORDER BY updated_at DESC, id DESC LIMIT 20", (kind,))]
        t.check("GET /admin/%s lists the last edited %ss (%d)" %
                (sec, kind, len(titles)),
                rs.status == 200 and titles and
                all(x in A.text_of(rs.text) for x in titles),
                describe(rs))
        t.check("/admin/%s offers a new one" % sec,
                'href="/admin/%s/new"' % sec in rs.text)
        t.status("GET /admin/%s?missing=hu -> 200" % sec,
                 ed.get("/admin/%s?missing=hu" % sec), 200)
        t.status("GET /admin/%s?missing=xx -> 400" % sec,
                 ed.get("/admin/%s?missing=xx" % sec), 400)
        t.status("GET /admin/%s?page=7 -> 404" % sec,
                 ed.get("/admin/%s?page=7" % sec), 404)
        t.status("GET /admin/%s/999999/edit -> 404" % sec,
                 ed.get("/admin/%s/999999/edit" % sec), 404)
    # The demo's untranslated publications are missing in Hungarian.
    rs = ed.get("/admin/publications?missing=hu")
    t.check("/admin/publications?missing=hu lists IOM Hungary Factsheet",
            "IOM Hungary Factsheet 2023" in rs.text, describe(rs))
    total = A.db_one("SELECT (SELECT count(*) FROM news)"
                     " + (SELECT count(*) FROM pages)"
                     " + (SELECT count(*) FROM entries)")
    t.check("the dashboard counts every kind (%s items)" % total,
            ("%s" % total) in A.text_of(home.text), "")
    # Edited last of all (the other scripts have edited many releases).
    project = A.db_one("SELECT min(id) FROM entries WHERE kind = 'project'")
    A.db_exec("UPDATE entries SET updated_at = unixepoch() + 60"
              " WHERE id = ?", (project,))
    rs = ed.get("/admin")
    t.check("the dashboard lists a project first, as a project",
            re.search(r'href="/admin/projects/%s/edit"' % project, rs.text)
            and A.text_of(rs.text).find("Project") >= 0, describe(rs))


def guarded():
    """The three sections are editors' pages like the others: a session
    to read them, its token to write."""
    ed = S["editor"]
    anon = A.Agent()
    for sec in SECTIONS.values():
        for path in ("/admin/%s" % sec, "/admin/%s/new" % sec,
                     "/admin/%s/1/history" % sec):
            t.status("no session: GET %s -> 302" % path, anon.get(path),
                     302)
        t.status("no session: POST /admin/%s -> 403" % sec,
                 anon.post("/admin/" + sec, [("title", "x")]), 403)
        t.status("no CSRF token: POST /admin/%s -> 403" % sec,
                 ed.post("/admin/" + sec, [("title", "x")]), 403)
        t.status("GET /admin/%s/1/publish -> 405" % sec,
                 ed.get("/admin/%s/1/publish" % sec), 405)


def demo_forms():
    """The demo's fields come back in their forms as an editor types them,
    and saving a form unchanged keeps its JSON byte for byte."""
    ed = S["editor"]
    # The demo's seven in English, the first rows db init made (other
    # scripts add entries of their own, written otherwise).
    for nid, kind in A.db_all("SELECT id, kind FROM entries"
                              " WHERE lang = 'en' ORDER BY id LIMIT 7"):
        sec = SECTIONS[kind]
        rs, form = A.edit_form(ed, sec, nid)
        if not t.check("GET /admin/%s/%s/edit -> 200 with its form" %
                       (sec, nid), rs.status == 200 and form, describe(rs)):
            continue
        before, obj = fields_of(nid)
        if kind == "project":
            t.check("project %s: budget shown in major units" % nid,
                    form.value("budget") == str(int(obj["budget"]) // 100),
                    form.value("budget"))
            t.check("project %s: donors one a line" % nid,
                    form.value("donors") == "\n".join(obj["donors"]),
                    repr(form.value("donors")))
            t.check("project %s: currency selected" % nid,
                    form.value("currency") == obj["currency"])
        elif kind == "publication":
            t.check("publication %s: its documents in their rows" % nid,
                    [form.value("doc%d_url" % (i + 1))
                     for i in range(len(obj["documents"]))] ==
                    [d["url"] for d in obj["documents"]])
        rs = A.save_form(ed, sec, nid, form)
        t.status("%s %s: the form saved unchanged -> 303" % (kind, nid),
                 rs, 303)
        t.check("%s %s: its fields' JSON unchanged" % (kind, nid),
                fields_of(nid)[0] == before,
                "%s -> %s" % (before, fields_of(nid)[0]))


def project_lifecycle():
    ed = S["editor"]
    title = "Project " + A.rnd()
    vals = project_values(ed, title)
    form = A.find_form(ed.get("/admin/projects/new"), "/admin/projects")
    t.check("the project form offers the donors already used",
            form is not None and "SlovakAid" in
            ed.get("/admin/projects/new").text)
    t.check("the project form has its fields",
            form is not None and {"code", "coverage", "start_date",
                                  "end_date", "state", "budget", "currency",
                                  "donors", "cofunding", "contact"} <=
            form.names())
    rs = post_new(ed, "projects", vals)
    nid = item_id("projects", rs)
    if not t.check("POST /admin/projects -> 303 to its edit page",
                   rs.status == 303 and nid, describe(rs)):
        return
    text, obj = fields_of(nid)
    t.check("the project's fields as docs/content-kinds.md has them",
            text == json.dumps({
                "code": "HU-2024-07", "coverage": "Hungary",
                "start_date": "2024-01-15", "end_date": "2025-06-30",
                "state": "", "budget": "7700000", "currency": "EUR",
                "donors": ["SlovakAid", "European Union"],
                "cofunding": "Co-funded by the European Union.",
                "contact": "IOM Budapest"}, ensure_ascii=False,
                separators=(",", ":")), text)
    t.check("the list columns copied: starts and ends",
            A.db_all("SELECT starts, ends FROM entries WHERE id = ?",
                     (nid,)) == [("2024-01-15", "2025-06-30")])
    t.check("the donors are in the donors table",
            A.db_one("SELECT count(*) FROM entry_donors e JOIN donors d"
                     " ON d.id = e.donor_id WHERE e.entry_id = ?",
                     (nid,)) == 2)
    t.check("an audit line for the new project",
            audit_lines("create", nid, title) == 1)
    rs, form = A.edit_form(ed, "projects", nid)
    slug = form.value("slug") if form else ""
    rs = A.save_form(ed, "projects", nid, form, budget="80 000,50",
                     state="closed", slug=slug + "-renamed")
    t.status("edit: budget 80 000,50 and status closed -> 303", rs, 303)
    obj = fields_of(nid)[1]
    t.check("edit: budget 8000050 minor units, state closed",
            obj and obj["budget"] == "8000050" and obj["state"] == "closed",
            str(obj))
    t.check("edit: category copied from the hand-set state",
            A.db_one("SELECT category FROM entries WHERE id = ?",
                     (nid,)) == "closed")
    t.check("edit: the old slug redirects to the project",
            A.db_one("SELECT target_id FROM redirects WHERE kind ="
                     " 'project' AND old_slug = ?", (slug,)) == nid)
    t.check("edit: an audit line", audit_lines("edit", nid) >= 1)
    # The stale form: version 1 after the save made version 2.
    rs = A.save_form(ed, "projects", nid, form, budget="1")
    if t.status("a stale save -> 409", rs, 409):
        stale = A.find_form(rs, "/admin/projects/%s" % nid)
        t.check("the stale save keeps the typed budget",
                stale and stale.value("budget") == "1")
        t.check("the conflict shows the saved version's own fields",
                "80000.50" in rs.text and "Closed" in rs.text)
    t.check("the stale save changed nothing",
            fields_of(nid)[1]["budget"] == "8000050")
    rs = ed.get("/admin/projects/%s/history" % nid)
    revs = sorted(set(int(x) for x in re.findall(
        r"/admin/projects/%s/revisions/(\d+)" % nid, rs.text)))
    if not t.check("history lists two revisions", len(revs) == 2,
                   str(revs)):
        return
    rs = ed.get("/admin/projects/%s/revisions/%s" % (nid, revs[0]))
    t.check("the first revision shows its own fields",
            rs.status == 200 and "77000" in rs.text and
            "HU-2024-07" in rs.text and "SlovakAid" in rs.text and
            "From the dates" in rs.text, describe(rs))
    t.check("the revision says its own fields are restored too",
            "Its own fields listed above come back with them." in rs.text)
    rs = ed.post("/admin/projects/%s/revisions/%s/restore" % (nid, revs[0]),
                 ed.with_csrf([]))
    t.status("restore the first revision -> 303", rs, 303)
    obj = fields_of(nid)[1]
    t.check("restore: the fields of the first revision are back",
            obj and obj["budget"] == "7700000" and obj["state"] == "",
            str(obj))
    t.check("restore: an audit line", audit_lines("restore", nid) == 1)
    S["project"] = nid


def translation():
    ed = S["editor"]
    nid = S.get("project")
    if not nid:
        t.check("translation: a project to translate", False)
        return
    rs = ed.get("/admin/projects/new?source=%s&lang=hu" % nid)
    form = A.find_form(rs, "/admin/projects")
    if not t.check("GET /admin/projects/new?source=ID&lang=hu -> 200",
                   rs.status == 200 and form, describe(rs)):
        return
    t.check("the translation's form carries the source's own fields",
            form.value("budget") == "77000" and
            form.value("donors") == "SlovakAid\nEuropean Union" and
            form.value("lang") == "hu", str(form.values()))
    vals = form.values()
    vals.update(title="Projekt " + A.rnd(), coverage="Magyarország")
    rs = post_new(ed, "projects", vals)
    hid = item_id("projects", rs)
    if not t.check("the translation saved -> 303", rs.status == 303 and
                   hid, describe(rs)):
        return
    t.check("the translation is in the source's group, in Hungarian",
            A.db_all("SELECT lang, group_id = (SELECT group_id FROM"
                     " entries WHERE id = ?), source_id FROM entries"
                     " WHERE id = ?", (nid, hid)) == [("hu", 1, nid)])
    t.check("the translation's own coverage, the source's budget",
            fields_of(hid)[1]["coverage"] == "Magyarország" and
            fields_of(hid)[1]["budget"] == "7700000")
    rs = ed.get("/admin/projects/new?source=%s&lang=hu" % nid)
    t.check("a second Hungarian translation -> 303 to the Hungarian one",
            rs.status == 303 and (rs.header("location") or "").endswith(
                "/admin/projects/%s/edit" % hid),
            "%s %s" % (rs.status, rs.header("location")))


def events_and_publications():
    ed = S["editor"]
    rs = post_new(ed, "events", event_values(ed, "Event " + A.rnd()))
    nid = item_id("events", rs)
    if t.check("POST /admin/events -> 303", rs.status == 303 and nid,
               describe(rs)):
        t.check("the event's fields as docs/content-kinds.md has them",
                fields_of(nid)[0] == '{"start_date":"2031-06-30",'
                '"start_time":"10:00","end_date":"","end_time":"16:00",'
                '"place":"Záhony"}', fields_of(nid)[0])
        t.check("the event's starts and ends",
                A.db_all("SELECT starts, ends FROM entries WHERE id = ?",
                         (nid,)) == [("2031-06-30 10:00",
                                      "2031-06-30 16:00")])
        rs, form = A.edit_form(ed, "events", nid)
        rs = A.save_form(ed, "events", nid, form, start_time="",
                         end_time="", end_date="2031-07-02")
        t.status("an event over whole days -> 303", rs, 303)
        t.check("whole days: no times kept",
                fields_of(nid)[1]["start_time"] == "" and
                fields_of(nid)[1]["end_date"] == "2031-07-02")
        rs = ed.get("/admin/events/%s/confirm?action=publish" % nid)
        t.check("the event's publish confirmation -> 200",
                rs.status == 200 and
                A.find_form(rs, "/admin/events/%s/publish" % nid),
                describe(rs))
        t.status("publish the event -> 303",
                 ed.post("/admin/events/%s/publish" % nid,
                         ed.with_csrf([])), 303)
        t.check("the event is published, its fields kept",
                A.db_one("SELECT status FROM entries WHERE id = ?",
                         (nid,)) == "published" and
                fields_of(nid)[1]["place"] == "Záhony")
        slug = A.db_one("SELECT slug FROM entries WHERE id = ?", (nid,))
        t.check("the published event's editor links to /events/<slug>",
                'href="/events/%s"' % slug in
                ed.get("/admin/events/%s/edit" % nid).text)
    rs = post_new(ed, "publications",
                  publication_values(ed, "Publication " + A.rnd()),
                  doc2_lang="HU")
    nid = item_id("publications", rs)
    if t.check("POST /admin/publications -> 303", rs.status == 303 and nid,
               describe(rs)):
        obj = fields_of(nid)[1]
        t.check("the publication's type and two documents, in order",
                obj["type"] == "factsheet" and obj["documents"] == [
                    {"title": "Factsheet",
                     "url": "https://www.iom.int/factsheet.pdf",
                     "lang": "en"},
                    {"title": "Összefoglaló",
                     "url": "https://www.iom.int/osszefoglalo.pdf",
                     "lang": "hu"}], str(obj))
        t.check("the publication's category is its type",
                A.db_one("SELECT category FROM entries WHERE id = ?",
                         (nid,)) == "factsheet")
        rs, form = A.edit_form(ed, "publications", nid)
        rs = A.save_form(ed, "publications", nid, form, doc1_title="",
                         doc1_url="", doc1_lang="")
        t.status("a document row emptied -> 303", rs, 303)
        t.check("the emptied row is left out",
                [d["lang"] for d in fields_of(nid)[1]["documents"]] ==
                ["hu"])
        t.check("the publication's slug is shown under /resources/",
                "/resources/<var>" in
                ed.get("/admin/publications/%s/edit" % nid).text)
        t.status("publish the publication -> 303",
                 ed.post("/admin/publications/%s/publish" % nid,
                         ed.with_csrf([])), 303)
        slug = A.db_one("SELECT slug FROM entries WHERE id = ?", (nid,))
        t.check("the published publication's editor links to"
                " /resources/<slug>", 'href="/resources/%s"' % slug in
                ed.get("/admin/publications/%s/edit" % nid).text)
        t.status("delete the publication -> 303",
                 ed.post("/admin/publications/%s/delete" % nid,
                         ed.with_csrf([])), 303)
        t.check("the publication is gone, with an audit line",
                A.db_one("SELECT count(*) FROM entries WHERE id = ?",
                         (nid,)) == 0 and
                A.db_one("SELECT count(*) FROM audit_log WHERE action ="
                         " 'delete' AND detail LIKE ?",
                         ("publication %s:%%" % nid,)) == 1)


def last_sunday_of_march(year):
    d = datetime.date(year, 3, 31)
    return d - datetime.timedelta(days=(d.weekday() + 1) % 7)


def refused(ag, section, base, field, name, status=422, **changes):
    """Posts base with changes; checks the status, the message at field
    and in the list above the form, every changed value kept as typed and
    nothing saved."""
    title = "Refused %s %s" % (section, A.rnd())
    rs = post_new(ag, section, base, title=title, **changes)
    t.check("%s: not a 500" % name, rs.status < 500, describe(rs))
    if not t.status(name + " -> %d" % status, rs, status):
        return
    t.check("%s: a message at the field" % name,
            'id="f-%s-error"' % field in rs.text and
            'aria-invalid="true"' in rs.text)
    t.check("%s: listed above the form" % name,
            'href="#f-%s"' % field in rs.text)
    form = A.find_form(rs, "/admin/" + section)
    for k, v in changes.items():
        got = form.value(k) if form else None
        t.check("%s: %s kept as typed" % (name, k), got == v,
                "%r != %r" % ((got or "")[:80], v[:80]))
    t.check("%s: nothing saved" % name,
            A.db_one("SELECT count(*) FROM entries WHERE title = ?",
                     (title,)) == 0)


def bad_input():
    ed = S["editor"]
    p = project_values(ed, "")
    for typed, why in (("77k", "letters"), ("-5", "negative"),
                       ("10,000,000,000,000.01", "over 10^15"),
                       ("77000.505", "three decimals"),
                       ("77,00,000", "grouped wrongly"),
                       ("1e9", "an exponent")):
        refused(ed, "projects", p, "budget", "budget %s (%s)" % (typed, why),
                budget=typed)
    refused(ed, "projects", p, "currency", "currency GBP", currency="GBP")
    refused(ed, "projects", p, "currency", "a budget without currency",
            budget="5000", currency="")
    refused(ed, "projects", p, "budget", "a currency without budget",
            budget="", currency="HUF")
    refused(ed, "projects", p, "end_date", "a project ending before it "
            "starts", start_date="2024-05-01", end_date="2024-04-30")
    refused(ed, "projects", p, "state", "an unknown project status",
            state="paused")
    refused(ed, "projects", p, "start_date", "a project without a start",
            start_date="")
    refused(ed, "projects", p, "donors", "a donor of 10,000 characters",
            donors="SlovakAid\n" + "D" * 10000)
    refused(ed, "projects", p, "donors", "21 donors",
            donors="\n".join("Donor %d" % i for i in range(21)))
    refused(ed, "projects", p, "code", "a code of 101 characters",
            code="C" * 101)
    for slug in ("events", "admin", "resources", "hu"):
        refused(ed, "projects", p, "slug", "a project at /%s" % slug,
                slug=slug)
    e = event_values(ed, "")
    spring = last_sunday_of_march(datetime.date.today().year + 1)
    refused(ed, "events", e, "start_time", "an event at 02:30 on %s" %
            spring, start_date=spring.isoformat(), start_time="02:30",
            end_time="")
    refused(ed, "events", e, "end_time", "an event ending at 02:15 on %s" %
            spring, start_date=(spring - datetime.timedelta(days=1))
            .isoformat(), start_time="20:00",
            end_date=spring.isoformat(), end_time="02:15")
    refused(ed, "events", e, "end_date", "an event ending the day before",
            start_date="2031-06-30", end_date="2031-06-29")
    refused(ed, "events", e, "end_time", "an event ending before it starts",
            start_time="10:00", end_time="09:59")
    refused(ed, "events", e, "end_time", "an end time without a start "
            "time", start_time="", end_time="16:00")
    refused(ed, "events", e, "start_time", "a start time 25:00",
            start_time="25:00")
    refused(ed, "events", e, "place", "a place of 201 characters",
            place="Z" * 201)
    d = publication_values(ed, "")
    refused(ed, "publications", d, "doc1_url", "a document at javascript:",
            doc1_url="javascript:alert(1)")
    refused(ed, "publications", d, "doc2_url", "a document at ftp://",
            doc2_url="ftp://example.org/report.pdf")
    refused(ed, "publications", d, "doc1_lang", "a document language "
            "'english'", doc1_lang="english")
    refused(ed, "publications", d, "doc3_url", "a row with a title only",
            doc3_title="A title alone")
    refused(ed, "publications", d, "doc1_title", "no document at all",
            doc1_title="", doc1_url="", doc1_lang="", doc2_title="",
            doc2_url="", doc2_lang="")
    refused(ed, "publications", d, "type", "an unknown type",
            type="brochure")
    refused(ed, "publications", d, "doc1_title",
            "a document title of 301 characters", doc1_title="T" * 301)
    # Other kinds' forms ignore fields that are not theirs.
    rs = post_new(ed, "events", e, title="Event " + A.rnd(),
                  budget="not a budget", doc1_url="javascript:alert(1)")
    t.status("an event with a project's and a publication's fields -> 303",
             rs, 303)


def main():
    if not A.start("kinds_admin.py"):
        return 2
    Client(A.BASE)
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
    if S.get("editor") and S["editor"].csrf:
        for fn in (sections, guarded, demo_forms, project_lifecycle, translation,
                   events_and_publications, bad_input):
            A.section(fn)
    else:
        t.check("editor1 signed in", False, "no section was run")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

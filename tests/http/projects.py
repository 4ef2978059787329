#!/usr/bin/env python3
"""projects.py: the HTTP tests of the public side of projects (issue 14):
a project at /<slug> in each language, /projects with its filters and
pages, and their JSON API, run against any base URL (waypoint serve, or
nginx -> waypoint fcgi) over the demo database of `waypoint db init` for a
site whose [site] languages hold en and hu.

Usage: projects.py BASE_URL DB_PATH WAYPOINT CONF
  as admin.py, whose agent and database helpers it uses.

Projects are added, changed and removed in the database directly, as an
import would (setting starts, ends and category as a save does), then
`waypoint db migrate`; every check of a change waits for the page to show
it (a server reads the database again within a second). What it adds it
removes at the end, and the demo projects are left as they were. Prints
"ok - name" or "FAIL - name: detail" per check, then "N passed, N
failed"; exits 1 when a check failed.
"""

import datetime
import json
import os
import re
import sys
import time
from urllib.parse import quote

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import describe  # noqa: E402

t = A.t
S = {}
NB = "\u00a0"
SK = "migrant-crisis-europe-support-stranded-migrants-hungary"
AMIF = "assisted-voluntary-return-and-reintegration-hungary"
AMIF_HU = "tamogatott-onkentes-hazateres-es-reintegracio-magyarorszagrol"
# The rows this test adds, by slug; removed at the end.
DRAFT = "projects-test-draft-project"
LATER = "projects-test-scheduled-project"
OPEN = "projects-test-open-ended-project"
ENDS_TODAY = "projects-test-ends-today"
ENDED = "projects-test-ended-yesterday"
OLD_SLUG = "projects-test-old-slug"
# An English project and a Hungarian page sharing one slug.
SHARED = "projects-test-shared-slug"
# 10: the list's page.
PER_PAGE = 10


def get(path):
    return S["visitor"].get(path)


def wait_for(what, fn, timeout=10.0):
    """Polls fn (a GET and a test of it) until it holds or timeout
    seconds pass; returns its last value."""
    end = time.monotonic() + timeout
    while True:
        ok = fn()
        if ok or time.monotonic() > end:
            return ok
        time.sleep(0.1)


def facts(rs):
    """The project page's definition list as {term: value}."""
    m = re.search(r'<dl class="project-facts"[^>]*>(.*?)</dl>', rs.text,
                  re.S)
    if not m:
        return {}
    out = {}
    for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", m.group(1),
                             re.S):
        out[A.html.unescape(dt.strip())] = A.html.unescape(
            re.sub(r"<[^>]+>", "|", dd).strip("|").replace("||", "|"))
    return out


def list_slugs(rs):
    """The slugs of the projects a list page links, in order."""
    return [A.unquote(h).rsplit("/", 1)[-1] for h in re.findall(
        r'<h2 class="news-item-title"><a href="([^"]+)"', rs.text)]


def api(path):
    rs = get(path)
    try:
        return rs, json.loads(rs.body)
    except ValueError:
        return rs, None


def insert(slug, start, end, status="published", published_at=None,
           state="", donors=("Projects Test Donor",), lang="en"):
    """A project row as a save writes it: fields, and the columns copied
    from them."""
    fields = {"code": "PT-1", "coverage": "Testland", "start_date": start,
              "end_date": end, "state": state, "budget": "12345",
              "currency": "USD", "donors": list(donors), "cofunding": "",
              "contact": "Test Contact"}
    if published_at is None:
        published_at = int(time.time()) - 3600
    A.db_exec("INSERT INTO entries (kind, lang, slug, title, summary,"
              " body_md, body_html, status, pub_date, published_at, fields,"
              " starts, ends, category) VALUES ('project', ?, ?, ?, 'Sum.',"
              " 'Body.', '<p>Body.</p>', ?, ?, ?, ?, ?, ?, ?)",
              (lang, slug, "Test project " + slug, status, start,
               published_at, json.dumps(fields), start, end, state))
    return A.db_one("SELECT id FROM entries WHERE kind = 'project' AND"
                    " slug = ?", (slug,))


def migrate(name):
    rc, out = A.waypoint("db", "migrate")
    t.setup(name + ": waypoint db migrate", rc == 0, out)


# ---------------------------------------------------------------- sections

def pages():
    rs = get("/" + SK)
    t.status("en: GET /" + SK, rs, 200)
    f = facts(rs)
    t.check("en: budget EUR 77,000 (U+00A0 after the code)",
            f.get("Budget") == "EUR" + NB + "77,000", f)
    t.check("en: duration March 2016 – February 2017",
            f.get("Duration") == "March 2016 \u2013 February 2017", f)
    t.check("en: donor SlovakAid", f.get("Donors") == "SlovakAid", f)
    t.check("en: derived status Completed",
            f.get("Status") == "Completed", f)
    t.check("en: project code and coverage",
            f.get("Project code") == "SK-2016-01" and
            f.get("Geographical coverage") == "Hungary", f)
    t.check("en: contact", f.get("Contact") ==
            "IOM Budapest, iombudapest@iom.int", f)
    t.check("en: title, summary and body", "<h1>SK-2016-01 Migrant Crisis"
            in rs.text and "Humanitarian help and assisted return" in
            rs.text and "<p>In 2015 and 2016 thousands" in rs.text,
            describe(rs))

    rs = get("/" + AMIF)
    f = facts(rs)
    year = int(A.today()[:4]) + 2
    t.status("en: GET /" + AMIF, rs, 200)
    t.check("en: budget in HUF", f.get("Budget") ==
            "HUF" + NB + "250,000,000", f)
    t.check("en: ongoing, two donors", f.get("Status") == "Ongoing" and
            f.get("Donors") == "Asylum, Migration and Integration Fund "
            "(AMIF)|Ministry of Interior of Hungary", f)
    t.check("en: the co-funding notice", "Co-funded by the European "
            "Union&#39;s Asylum" in rs.text or "Co-funded by the European "
            "Union's Asylum" in rs.text, describe(rs))
    t.check("en: duration to December %d" % year, f.get("Duration") ==
            "January 2023 \u2013 December %d" % year, f)

    rs = get("/hu/" + AMIF_HU)
    f = facts(rs)
    t.status("hu: GET /hu/" + AMIF_HU, rs, 200)
    t.check("hu: budget 250 000 000 HUF (U+00A0)", f.get("Költségvetés") ==
            "250" + NB + "000" + NB + "000" + NB + "HUF", f)
    t.check("hu: status Folyamatban", f.get("Állapot") == "Folyamatban", f)
    t.check("hu: duration in Hungarian", f.get("Időtartam") ==
            "2023. január \u2013 %d. december" % year, f)
    t.check("hu: its own coverage", f.get("Földrajzi lefedettség") ==
            "Magyarország, származási országok", f)
    t.check("hu: hreflang alternates of both versions",
            'hreflang="en" href="' in rs.text and A.BASE.split("//")[1] in
            rs.text and "/" + AMIF + '"' in rs.text and
            "/hu/" + AMIF_HU + '"' in rs.text, describe(rs))

    rs = get("/hu/" + AMIF)
    t.status("hu: the English slug goes to the Hungarian version", rs, 301)
    t.check("hu: Location /hu/" + AMIF_HU, (A.location(rs) or "")
            .endswith("/hu/" + AMIF_HU), describe(rs))

    rs = get("/hu/" + SK)
    f = facts(rs)
    t.status("hu: GET /hu/" + SK + " (English only)", rs, 200)
    t.check("hu: budget 77 000 EUR (U+00A0)", f.get("Költségvetés") ==
            "77" + NB + "000" + NB + "EUR", f)
    t.check("hu: duration 2016. március – 2017. február",
            f.get("Időtartam") == "2016. március \u2013 2017. február", f)
    t.check("hu: status Befejezett", f.get("Állapot") == "Befejezett", f)
    t.check("hu: marked as English", 'lang="en"' in rs.text and
            "lang-notice" in rs.text, describe(rs))

    t.status("a page still answers at /<slug>", get("/about"), 200)
    t.status("no page nor project: 404", get("/no-such-project-here"), 404)


def listing():
    rs = get("/projects")
    t.status("GET /projects", rs, 200)
    slugs = list_slugs(rs)
    t.check("ongoing first, then completed", slugs[:2] == [AMIF, SK],
            slugs)
    t.check("a filter form of GET selects, no script",
            '<form class="search-form project-filter" action="/projects" '
            'method="get">' in rs.text and '<select id="project-status" '
            'name="status">' in rs.text and '<select id="project-donor" '
            'name="donor">' in rs.text and '<option value="SlovakAid">'
            in rs.text and "<script" not in rs.text.split("<main")[1]
            .split("</main>")[0], describe(rs))
    rs = get("/hu/projects")
    t.check("hu: the Hungarian version listed", list_slugs(rs)[:2] ==
            [AMIF_HU, SK], list_slugs(rs))

    for query, want in (
            ("status=ongoing", [AMIF]),
            ("status=completed", [SK]),
            ("status=closed", []),
            ("donor=SlovakAid", [SK]),
            ("donor=slovakaid", [SK]),
            ("donor=" + quote("Ministry of Interior of Hungary"), [AMIF]),
            ("status=ongoing&donor=SlovakAid", []),
            ("status=completed&donor=SlovakAid", [SK]),
            ("donor=Nobody", []),
            ("status=&donor=", [AMIF, SK])):
        rs = get("/projects?" + query)
        got = list_slugs(rs)
        t.check("?%s lists %s" % (query, want), rs.status == 200 and
                got == want, "%s %s" % (describe(rs), got))
    rs = get("/projects?status=ongoing&donor=SlovakAid")
    t.check("none matching: said so, with a way back",
            "No project matches these filters." in rs.text and
            '<a href="/projects">Show all projects</a>' in rs.text,
            describe(rs))
    t.check("the filter kept selected", '<option value="ongoing" selected>'
            in rs.text and '<option value="SlovakAid" selected>' in rs.text,
            describe(rs))

    rs = get("/projects?status=finished")
    t.status("?status=finished: 400", rs, 400)
    t.check("400: says why, at the field", "Please choose a status from "
            "the list." in rs.text and 'aria-invalid="true"' in rs.text,
            describe(rs))
    rs = get("/hu/projects?status=finished")
    t.check("hu 400: in Hungarian", rs.status == 400 and "Kérjük, válasszon"
            " állapotot a listából." in rs.text, describe(rs))
    rs = get("/projects?donor=" + "x" * 10000)
    t.check("a donor name of 10,000 characters: 400 or 414, never 500",
            rs.status in (400, 414), describe(rs))
    for donor, what in (("x" * 201, "past 200 characters"),
                        ("\u00e9" * 201, "past 200 characters (UTF-8)"),
                        ("SlovakAid\npage=1", "a line feed"),
                        ("\u00ff".encode("latin-1"), "not UTF-8")):
        rs = get("/projects?donor=" + quote(donor))
        t.check("a donor %s: 400 with why" % what, rs.status == 400 and
                "Please choose a donor from the list." in rs.text,
                describe(rs))
    rs = get("/projects?donor=" + quote("\u00e9" * 200))
    t.check("a donor of 200 characters: a search like any", rs.status ==
            200 and "No project matches these filters." in rs.text,
            describe(rs))

    for query, want in (("page=-1", 400), ("page=abc", 400),
                        ("page=1", 404), ("page=0", 200),
                        ("status=closed&page=1", 404)):
        t.status("?%s: %d" % (query, want), get("/projects?" + query), want)


def derived():
    """The status from the end date: ongoing through its last day,
    completed from the next; open-ended: since its start."""
    today = A.today()
    yesterday = (datetime.date.fromisoformat(today) -
                 datetime.timedelta(days=1)).isoformat()
    insert(ENDS_TODAY, "2020-01-01", today)
    insert(ENDED, "2020-01-01", yesterday)
    insert(OPEN, "2023-01-15", "", lang="en")
    migrate("derived")

    def status_of(slug, want):
        return lambda: facts(get("/" + slug)).get("Status") == want
    t.check("ends today: Ongoing", wait_for("today", status_of(
        ENDS_TODAY, "Ongoing")), facts(get("/" + ENDS_TODAY)))
    t.check("ended yesterday: Completed", wait_for("yesterday", status_of(
        ENDED, "Completed")), facts(get("/" + ENDED)))
    t.check("open-ended: since January 2023, Ongoing", wait_for(
        "open", lambda: facts(get("/" + OPEN)) == dict(facts(get(
            "/" + OPEN)), Duration="since January 2023", Status="Ongoing")),
        facts(get("/" + OPEN)))
    f = facts(get("/hu/" + OPEN))
    t.check("hu open-ended: 2023. január óta",
            f.get("Időtartam") == "2023. január óta", f)
    f = facts(get("/" + ENDED))
    t.check("a budget with cents: USD 123.45",
            f.get("Budget") == "USD" + NB + "123.45", f)
    path = "/projects?donor=" + quote("projects test donor")
    t.check("donor filter over the added ones, ongoing first", wait_for(
        "donor", lambda: list_slugs(get(path)) == [OPEN, ENDS_TODAY, ENDED]),
        list_slugs(get(path)))


def closed():
    """A status set by hand wins over the dates."""
    sk = A.db_one("SELECT id FROM entries WHERE slug = ?", (SK,))
    A.db_exec("UPDATE entries SET category = 'closed', fields ="
              " json_set(fields, '$.state', 'closed') WHERE id = ?", (sk,))
    migrate("closed")
    ok = wait_for("closed", lambda: facts(get("/" + SK)).get("Status") ==
                  "Closed")
    t.check("set by hand: Closed", ok, facts(get("/" + SK)))
    # Each of a server's threads reads the change within its second.
    t.check("?status=closed lists it", wait_for("listed", lambda: list_slugs(
        get("/projects?status=closed")) == [SK]), "")
    t.check("?status=completed no longer does", wait_for(
        "unlisted", lambda: SK not in list_slugs(get(
            "/projects?status=completed"))), "")
    t.check("hu: Lezárt", wait_for("hu", lambda: facts(get(
        "/hu/" + SK)).get("Állapot") == "Lezárt"), facts(get("/hu/" + SK)))
    A.db_exec("UPDATE entries SET category = '', fields ="
              " json_set(fields, '$.state', '') WHERE id = ?", (sk,))
    migrate("closed undone")
    t.check("derived again once the hand's status is cleared", wait_for(
        "completed", lambda: facts(get("/" + SK)).get("Status") ==
        "Completed"), facts(get("/" + SK)))


def hidden():
    insert(DRAFT, "2021-01-01", "2021-12-31", status="draft")
    insert(LATER, "2021-01-01", "2021-12-31",
           published_at=int(time.time()) + 3600)
    migrate("hidden")
    for slug, what in ((DRAFT, "a draft"), (LATER, "a scheduled one")):
        t.status("%s: 404 at /%s" % (what, slug), get("/" + slug), 404)
        t.status("%s: 404 in the API" % what,
                 get("/api/v1/projects/" + slug), 404)
        t.check("%s: not listed" % what, slug not in list_slugs(get(
            "/projects?status=completed")), "")
    # Due now: public within the second, the cached list included.
    A.db_exec("UPDATE entries SET published_at = ? WHERE slug = ?",
              (int(time.time()) - 1, LATER))
    t.check("the scheduled one answers once due", wait_for(
        "due", lambda: get("/" + LATER).status == 200), "")
    t.check("and is listed", wait_for("listed", lambda: LATER in list_slugs(
        get("/projects?status=completed"))), "")


def redirect():
    sk = A.db_one("SELECT id FROM entries WHERE slug = ?", (SK,))
    A.db_exec("INSERT INTO redirects (lang, kind, old_slug, target_id)"
              " VALUES ('en', 'project', ?, ?)", (OLD_SLUG, sk))
    ok = wait_for("redirect", lambda: get("/" + OLD_SLUG).status == 301)
    rs = get("/" + OLD_SLUG)
    t.check("an old slug: 301 to the project", ok and (A.location(rs) or "")
            .endswith("/" + SK), describe(rs))
    rs = get("/api/v1/projects/" + OLD_SLUG)
    t.check("and its answer to the answer", rs.status == 301 and
            (A.location(rs) or "").endswith("/api/v1/projects/" + SK),
            describe(rs))
    A.db_exec("DELETE FROM redirects WHERE old_slug = ?", (OLD_SLUG,))


def shared_slug():
    """Slugs are unique within one language only: an English project
    and a Hungarian page may share one, and each language shows its
    own."""
    insert(SHARED, "2021-01-01", "2021-12-31")
    A.db_exec("INSERT INTO pages (lang, slug, title, summary, body_md,"
              " body_html, status, published_at) VALUES ('hu', ?,"
              " 'Projects Test Oldal', '', 'Oldal.', '<p>Oldal.</p>',"
              " 'published', ?)", (SHARED, int(time.time()) - 3600))
    migrate("shared slug")
    rs = get("/hu/" + SHARED)
    ok = wait_for("hu page", lambda: "Projects Test Oldal" in
                  get("/hu/" + SHARED).text)
    rs = get("/hu/" + SHARED)
    t.check("hu: /hu/<slug> shows the Hungarian page, not the English"
            " project", ok and rs.status == 200 and
            "Test project " + SHARED not in rs.text, describe(rs))
    rs = get("/" + SHARED)
    t.check("en: /<slug> shows the English project", rs.status == 200 and
            "Test project " + SHARED in rs.text and
            "Projects Test Oldal" not in rs.text, describe(rs))
    A.db_exec("DELETE FROM pages WHERE lang = 'hu' AND slug = ?", (SHARED,))


def api_answers():
    rs, o = api("/api/v1/projects")
    t.status("GET /api/v1/projects", rs, 200)
    if not t.check("a JSON object", isinstance(o, dict), describe(rs)):
        return
    slugs = [i.get("slug") for i in o.get("items", [])]
    t.check("the list's projects, in its order", slugs[:2] == [AMIF, SK],
            slugs)
    t.check("paged as the HTML", o.get("page") == 0 and
            o.get("per_page") == PER_PAGE and o.get("total") == 2, o)
    rs, o = api("/api/v1/projects?status=completed&donor=SlovakAid")
    t.check("filtered as the HTML", rs.status == 200 and
            [i["slug"] for i in o["items"]] == [SK] and
            o["status"] == "completed" and o["donor"] == "SlovakAid" and
            o["links"]["self"].endswith(
                "/api/v1/projects?status=completed&donor=SlovakAid"), o)
    rs, o = api("/api/v1/projects?status=finished")
    t.check("a status not in the list: 400 with why", rs.status == 400 and
            o and o["error"]["message"] ==
            "Please choose a status from the list.", describe(rs))
    t.status("past the last page: 404", get("/api/v1/projects?page=1"), 404)

    rs, o = api("/api/v1/projects/" + SK)
    t.status("GET /api/v1/projects/" + SK, rs, 200)
    if o:
        t.check("its fields", o.get("budget") == 7700000 and
                o.get("currency") == "EUR" and o.get("budget_text") ==
                "EUR" + NB + "77,000" and o.get("donors") == ["SlovakAid"]
                and o.get("status") == "completed" and
                o.get("start") == "2016-03-01" and
                o.get("end") == "2017-02-28" and
                "<p>In 2015" in o.get("body_html", ""), o)
    rs, o = api("/hu/api/v1/projects/" + AMIF_HU)
    t.check("hu: in Hungarian, both versions listed", rs.status == 200 and
            o["lang"] == "hu" and o["budget_text"] == "250" + NB + "000" +
            NB + "000" + NB + "HUF" and o["status_text"] == "Folyamatban"
            and [v["lang"] for v in o["translations"]] == ["en", "hu"], o)
    t.status("a page is no project", get("/api/v1/projects/about"), 404)


def cleanup():
    for slug in (DRAFT, LATER, OPEN, ENDS_TODAY, ENDED, SHARED):
        A.db_exec("DELETE FROM entries WHERE kind = 'project' AND slug = ?",
                  (slug,))
    A.db_exec("DELETE FROM donors WHERE name = 'Projects Test Donor'")
    migrate("cleanup")
    # Every list this test read, as each thread of the server sees it.
    for query, want in (("", [AMIF, SK]), ("?status=completed", [SK]),
                        ("?status=closed", []), ("?status=ongoing", [AMIF])):
        t.check("cleaned up: /projects%s lists %s again" % (query, want),
                wait_for("cleanup", lambda: all(list_slugs(get(
                    "/projects" + query)) == want for _ in range(8))),
                list_slugs(get("/projects" + query)))


def main():
    if not A.start("projects.py"):
        return 2
    S["visitor"] = A.Agent()
    for fn in (pages, listing, api_answers, derived, closed, hidden,
               redirect, shared_slug, cleanup):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""publications.py: the HTTP tests of issue 14's publications part, run
against any base URL (waypoint serve, or nginx -> waypoint fcgi) over a
database made by `waypoint db init` for a site with [site] languages
holding en and hu, in which the run script has created admin.py's
accounts (editor1, admin1):

- /resources ("Data and Resources"): the three demo publications newest
  first, each with its type, date, summary and documents; the type and
  year filters (each, both, none matching, bad values -> 400 with the
  form), the page bounds, the Hungarian list;
- /resources/<slug>: the documents as links out (hreflang, the language
  named, rel external), a draft and a scheduled one -> 404, an old slug
  -> 301;
- /api/v1/publications and /api/v1/publications/<slug>: the same;
- the menu editor's targets /projects, /events and /resources, and the
  demo menu's Data and Resources;
- search: hits of each new kind at its own URL with its label, the type
  filter offering them;
- /sitemap.xml: /projects, /events, /resources and every project, event
  and publication with its group's alternates.

Publications are made and changed in the database directly, as the
editor of these kinds is another part's. Usage: publications.py BASE_URL
DB_PATH WAYPOINT CONF (as admin.py, whose agent, forms and database
helpers it uses). Prints "ok - name" or "FAIL - name: detail" per check,
then "N passed, N failed"; exits 1 when a check failed.
"""

import json
import os
import re
import sys
from urllib.parse import quote

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from api import body_json, wait_for  # noqa: E402
from lib import describe  # noqa: E402
import sitemap as SMAP  # noqa: E402

t = A.t
S = {}
REPORT = "needs-intentions-refugees-ukraine-hungary"
FACTSHEET = "iom-hungary-factsheet-2023"
SITREP = "ukraine-response-hungary-situation-report"
SEEDED = [FACTSHEET, REPORT, SITREP]    # newest first


def get(path):
    return S["visitor"].get(path, record=False)


def listed(rs):
    """The slugs of the publications a list page shows, in order."""
    return re.findall(r'<h2 class="news-item-title"><a href="(?:/hu)?'
                      r'/resources/([^"]+)"', rs.text)


def items(rs):
    """Each publication of a list page as the HTML of its article."""
    return re.findall(r'<article class="news-item publication-item">.*?'
                      r'</article>', rs.text, re.S)


def doc_links(html):
    """The documents' links in html's lists of documents: [(href,
    attributes text, text after the link up to the end of its line)]."""
    lists = re.findall(r'<ul class="publication-documents">.*?</ul>', html,
                       re.S)
    return re.findall(r'<li><a href="([^"]+)"([^>]*)>[^<]*</a>([^\n]*)',
                      " ".join(lists))


# ---------------------------------------------------------------- the list

def index():
    rs = get("/resources")
    t.status("GET /resources", rs, 200)
    t.check("/resources: the three demo publications, newest first",
            listed(rs) == SEEDED, listed(rs))
    t.check("/resources: heading Data and Resources",
            "<h1>Data and Resources</h1>" in rs.text)
    arts = items(rs)
    want = [("Factsheet", "2023-09-01", "1 September 2023"),
            ("Report", "2023-03-15", "15 March 2023"),
            ("Situation report", "2022-04-30", "30 April 2022")]
    for art, (label, iso, text) in zip(arts, want):
        t.check("/resources: %s shows its type, date and summary" % label,
                '<span class="publication-type">%s</span>' % label in art
                and '<time datetime="%s">%s</time>' % (iso, text) in art
                and 'class="news-summary"' in art, art[:300])
    if len(arts) > 1:
        docs = doc_links(arts[1])
        t.check("/resources: the report's two documents, each with its "
                "language named", len(docs) == 2 and
                '(English)' in docs[0][2] and '(Hungarian)' in docs[1][2],
                docs)
        t.check("/resources: documents link out with hreflang and rel",
                all('rel="external"' in d[1] for d in docs) and
                'hreflang="en"' in docs[0][1] and
                'hreflang="hu"' in docs[1][1], docs)
    form = A.find_form(rs, "/resources")
    t.check("/resources: a GET form of type and year, no script needed",
            form is not None and {"type", "year"} <= set(form.names()) and
            'method="get"' in rs.text and "<script" not in
            rs.text.split("<main", 1)[-1], form and form.names())
    opts = re.findall(r'<option value="([^"]*)"', rs.text)
    t.check("/resources: the type filter offers the four types",
            {"", "report", "factsheet", "situation-report", "map"} <=
            set(opts), opts)
    t.check("/resources: the year filter offers 2023 and 2022",
            {"2023", "2022"} <= set(opts), opts)
    hu = get("/hu/resources")
    t.status("GET /hu/resources", hu, 200)
    t.check("/hu/resources: the same publications in Hungarian's list",
            listed(hu) == SEEDED, listed(hu))
    t.check("/hu/resources: types named in Hungarian",
            ">Jelentés</span>" in hu.text and
            ">Helyzetjelentés</span>" in hu.text, describe(hu))
    t.check("/hu/resources: links under /hu/",
            'href="/hu/resources/%s"' % FACTSHEET in hu.text)
    t.check("/resources: the switcher and alternates name /hu/resources",
            'hreflang="hu"' in rs.text and '/hu/resources"' in rs.text)


def filters():
    cases = [("?type=report", [REPORT]), ("?year=2022", [SITREP]),
             ("?type=factsheet&year=2023", [FACTSHEET]),
             ("?year=2023", [FACTSHEET, REPORT]), ("?type=&year=", SEEDED),
             ("?type=map", []), ("?type=report&year=2022", []),
             ("?year=1999", [])]
    for q, want in cases:
        rs = get("/resources" + q)
        if t.status("GET /resources%s" % q, rs, 200):
            t.check("/resources%s: %s" % (q, want or "none"),
                    listed(rs) == want, listed(rs))
    rs = get("/resources?type=map")
    t.check("/resources?type=map: says none matches, form kept",
            "No publication matches these filters." in rs.text and
            re.search(r'<option value="map" selected>', rs.text),
            describe(rs))
    rs = get("/resources?type=report&year=2023")
    t.check("/resources?type=report&year=2023: both chosen in the form",
            '<option value="report" selected>' in rs.text and
            '<option value="2023" selected>' in rs.text)
    for q, field in (("?type=bogus", "publication-type"),
                     ("?type=REPORT", "publication-type"),
                     ("?year=20x", "publication-year"),
                     ("?year=1800", "publication-year"),
                     ("?year=2023&type=%3Cscript%3E", "publication-type")):
        rs = get("/resources" + q)
        t.status("GET /resources%s -> 400" % q, rs, 400)
        t.check("/resources%s: the page says why, at the field" % q,
                'id="publication-error"' in rs.text and
                re.search(r'id="%s"[^>]*aria-invalid="true"' % field,
                          rs.text) and not listed(rs) and
                "<script>" not in rs.text, describe(rs))
    rs = get("/hu/resources?type=bogus")
    t.check("/hu/resources?type=bogus: 400, the reason in Hungarian",
            rs.status == 400 and "válasszon" in rs.text.lower(),
            describe(rs))


def bounds():
    t.status("GET /resources?page=0", get("/resources?page=0"), 200)
    t.status("GET /resources?page=1 (past the end) -> 404",
             get("/resources?page=1"), 404)
    t.status("GET /resources?type=map&page=0 (empty) -> 200",
             get("/resources?type=map&page=0"), 200)
    t.status("GET /resources?type=map&page=1 -> 404",
             get("/resources?type=map&page=1"), 404)
    t.status("GET /resources?page=x -> 400", get("/resources?page=x"), 400)
    t.status("GET /resources?page=-1 -> 400", get("/resources?page=-1"),
             400)
    # Eleven more publications of 2019 make two pages of that year.
    A.db_exec("WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT"
              " value + 1 FROM n WHERE value < 11) INSERT INTO entries"
              " (kind, lang, slug, title, summary, status, pub_date,"
              " published_at, fields, category) SELECT 'publication', 'en',"
              " 'paged-map-' || value, 'Paged map ' || value, '',"
              " 'published', '2019-05-' || printf('%02d', value),"
              " 1557000000 + value, json_object('type', 'map', 'documents',"
              " json_array()), 'map' FROM n")
    rs = wait_for(lambda: (lambda r: r if len(listed(r)) == 10 else None)(
        get("/resources?year=2019")))
    t.check("/resources?year=2019: 10 on the first page", rs is not None)
    if rs is not None:
        t.check("/resources?year=2019: a next link keeping the filter",
                'href="/resources?year=2019&amp;page=1"' in rs.text,
                describe(rs))
    rs = get("/resources?year=2019&page=1")
    t.check("/resources?year=2019&page=1: the eleventh, the oldest",
            listed(rs) == ["paged-map-1"], listed(rs))
    t.status("GET /resources?year=2019&page=2 -> 404",
             get("/resources?year=2019&page=2"), 404)
    rs = wait_for(lambda: (lambda r: r if len(listed(r)) == 10 else None)(
        get("/resources?type=map")))
    t.check("/resources?type=map: the maps' first page", rs is not None)
    A.db_exec("DELETE FROM entries WHERE slug LIKE 'paged-map-%'")
    wait_for(lambda: get("/resources?year=2019&page=1").status == 404)


# ---------------------------------------------------------------- one

def show():
    rs = get("/resources/" + REPORT)
    t.status("GET /resources/%s" % REPORT, rs, 200)
    t.check("the report's page: title, type, date, body",
            "Needs and Intentions of Refugees from Ukraine in Hungary</h1>"
            in rs.text and ">Report</span>" in rs.text and
            '<time datetime="2023-03-15">' in rs.text and
            "Based on interviews" in rs.text, describe(rs))
    docs = doc_links(rs.text)
    t.check("the report's page: its two documents as links out",
            [d[0] for d in docs] == ["https://publications.iom.int/"] * 2,
            docs)
    t.check("the report's page: hreflang en and hu, rel external",
            len(docs) == 2 and 'hreflang="en"' in docs[0][1] and
            'hreflang="hu"' in docs[1][1] and
            all('rel="external"' in d[1] for d in docs), docs)
    t.check("the report's page: each document's language named",
            len(docs) == 2 and "(English)" in docs[0][2] and
            "(Hungarian)" in docs[1][2], docs)
    t.check("the report's page: a link back to /resources",
            'href="/resources"' in rs.text)
    t.check("the report's page: its alternate in English and x-default",
            re.search(r'<link rel="alternate" hreflang="en" href="[^"]*'
                      r'/resources/%s"' % REPORT, rs.text) is not None,
            describe(rs))
    hu = get("/hu/resources/" + REPORT)
    t.status("GET /hu/resources/%s (English only: shown, marked)" % REPORT,
             hu, 200)
    t.check("/hu/: the English text marked, documents named in Hungarian",
            'lang="en"' in hu.text and "(angol)" in hu.text and
            "(magyar)" in hu.text, describe(hu))
    for slug in ("no-such-publication", "..", "a" * 300,
                 "migrant-crisis-europe-support-stranded-migrants-hungary"):
        t.status("GET /resources/%s -> 404" % slug[:40],
                 get("/resources/" + quote(slug)), 404)


def hidden():
    A.db_exec("INSERT INTO entries (kind, lang, slug, title, status,"
              " pub_date, published_at, fields, category) VALUES"
              " ('publication', 'en', 'draft-report-' || ?1, 'Draft', 'draft',"
              " '2023-05-01', 1682892000, '{\"type\":\"report\","
              "\"documents\":[]}', 'report'), ('publication', 'en',"
              " 'later-report-' || ?1, 'Later', 'published', '2099-01-01',"
              " 4070905200, '{\"type\":\"report\",\"documents\":[]}',"
              " 'report')", (A.RUN,))
    for kind in ("draft", "later"):
        slug = "%s-report-%s" % (kind, A.RUN)
        t.status("GET /resources/%s (%s) -> 404" % (slug, kind),
                 get("/resources/" + slug), 404)
        t.status("GET /api/v1/publications/%s (%s) -> 404" % (slug, kind),
                 get("/api/v1/publications/" + slug), 404)
    rs = get("/resources?type=report")
    t.check("/resources?type=report: no draft or scheduled one",
            listed(rs) == [REPORT], listed(rs))
    A.db_exec("DELETE FROM entries WHERE slug IN ('draft-report-' || ?1,"
              " 'later-report-' || ?1)", (A.RUN,))


def hostile():
    """Fields as the editor would never save them (an import, the
    shell): only http(s) documents are linked, a language that is no
    tag gets no hreflang, an unknown type no label, markup stays text,
    and fields that do not parse show the publication without any."""
    docs = json.dumps({"type": "<b>poster</b>", "documents": [
        {"title": "<script>alert(1)</script>", "url": "javascript:alert(1)",
         "lang": "en"},
        {"title": "Data", "url": "https://example.org/a\"b<c", "lang":
         "en\" onmouseover=\"x"},
        {"title": "Nothing", "url": 42, "lang": None}, "not an object"]})
    A.db_exec("INSERT INTO entries (kind, lang, slug, title, status,"
              " pub_date, published_at, fields, category) VALUES"
              " ('publication', 'en', 'odd-fields-' || ?1, 'Odd', 'published',"
              " '2021-01-01', 1609455600, ?2, 'poster'), ('publication', 'en',"
              " 'broken-fields-' || ?1, 'Broken', 'published', '2021-01-02',"
              " 1609542000, '{not json', '')", (A.RUN, docs))
    rs = wait_for(lambda: (lambda r: r if r.status == 200 else None)(
        get("/resources/odd-fields-" + A.RUN)))
    t.check("odd fields: 200", rs is not None)
    if rs is not None:
        docs = doc_links(rs.text)
        t.check("odd fields: only the https document, its address escaped,"
                " no hreflang", [d[0] for d in docs] ==
                ["https://example.org/a&quot;b&lt;c"] and
                "hreflang" not in docs[0][1], docs)
        # The page's own part: earlier suites leave such labels in the
        # menu, as text.
        main = rs.text.split("<main", 1)[-1].split("</main>", 1)[0]
        t.check("odd fields: no javascript: link, no raw markup",
                "javascript:" not in main and "<b>poster" not in main and
                "<script>alert" not in main and "poster" not in main,
                main[:300])
    rs = get("/resources/broken-fields-" + A.RUN)
    t.check("fields that do not parse: 200, no documents",
            rs.status == 200 and not doc_links(rs.text), describe(rs))
    rs = get("/api/v1/publications/broken-fields-" + A.RUN)
    v = body_json(rs) or {}
    t.check("fields that do not parse: the API's type \"\", documents []",
            rs.status == 200 and v.get("type") == "" and
            v.get("documents") == [], describe(rs))
    A.db_exec("DELETE FROM entries WHERE slug IN ('odd-fields-' || ?1,"
              " 'broken-fields-' || ?1)", (A.RUN,))
    wait_for(lambda: get("/resources/odd-fields-" + A.RUN).status == 404)


def moved():
    pid = A.db_one("SELECT id FROM entries WHERE slug = ?", (FACTSHEET,))
    old = "old-factsheet-" + A.RUN
    A.db_exec("INSERT INTO redirects (lang, kind, old_slug, target_id)"
              " VALUES ('en', 'publication', ?, ?)", (old, pid))
    rs = wait_for(lambda: (lambda r: r if r.status == 301 else None)(
        get("/resources/" + old)))
    t.check("GET /resources/<old slug> -> 301 to the current one",
            rs is not None and A.location(rs).endswith(
                "/resources/" + FACTSHEET), rs and describe(rs))
    rs = get("/api/v1/publications/" + old)
    t.check("GET /api/v1/publications/<old slug> -> 301 to its answer",
            rs.status == 301 and A.location(rs).endswith(
                "/api/v1/publications/" + FACTSHEET), describe(rs))
    rs = get("/hu/resources/" + old)
    t.check("GET /hu/resources/<old slug> -> 301 under /hu/",
            rs.status == 301 and "/hu/resources/" + FACTSHEET in
            A.location(rs), describe(rs))
    A.db_exec("DELETE FROM redirects WHERE old_slug = ?", (old,))


# ---------------------------------------------------------------- the API

def api():
    rs = get("/api/v1/publications")
    v = body_json(rs)
    t.check("GET /api/v1/publications: 200 JSON",
            rs.status == 200 and v is not None and
            rs.header("content-type") == "application/json", describe(rs))
    if v is None:
        return
    t.check("/api/v1/publications: the three, newest first, total 3",
            [i["slug"] for i in v["items"]] == SEEDED and v["total"] == 3,
            [i.get("slug") for i in v["items"]])
    rep = next((i for i in v["items"] if i["slug"] == REPORT), {})
    t.check("/api/v1/publications: the report's type and documents",
            rep.get("type") == "report" and rep.get("type_text") ==
            "Report" and [d["lang"] for d in rep.get("documents", [])] ==
            ["en", "hu"], rep)
    t.check("/api/v1/publications: item api_url is the item's answer",
            rep.get("api_url", "").endswith("/api/v1/publications/" +
                                            REPORT), rep.get("api_url"))
    v = body_json(get("/api/v1/publications?type=factsheet&year=2023"))
    t.check("/api/v1/publications?type=factsheet&year=2023: one, filters "
            "echoed", v is not None and [i["slug"] for i in v["items"]] ==
            [FACTSHEET] and v["type"] == "factsheet" and v["year"] == "2023"
            and v["links"]["self"].endswith(
                "/api/v1/publications?type=factsheet&year=2023"), v)
    for q in ("?type=bogus", "?year=x", "?page=x"):
        rs = get("/api/v1/publications" + q)
        e = body_json(rs)
        t.check("GET /api/v1/publications%s -> 400 JSON" % q,
                rs.status == 400 and e is not None and
                e["error"]["status"] == 400, describe(rs))
    rs = get("/api/v1/publications?type=bogus")
    e = body_json(rs) or {}
    t.check("/api/v1/publications?type=bogus: the page's reason",
            "type" in e.get("error", {}).get("message", ""), e)
    t.status("GET /api/v1/publications?page=1 -> 404",
             get("/api/v1/publications?page=1"), 404)
    rs = get("/api/v1/publications/" + REPORT)
    v = body_json(rs)
    t.check("GET /api/v1/publications/<slug>: body, documents, versions",
            rs.status == 200 and v is not None and
            "Based on interviews" in v["body_html"] and
            len(v["documents"]) == 2 and
            v["documents"][1]["lang_name"] == "Hungarian" and
            [x["lang"] for x in v["translations"]] == ["en"], describe(rs))
    v = body_json(get("/hu/api/v1/publications/" + REPORT)) or {}
    t.check("/hu/api/v1/publications/<slug>: names in Hungarian",
            v.get("type_text") == "Jelentés" and
            [d.get("lang_name") for d in v.get("documents", [])] ==
            ["angol", "magyar"], v)


# ---------------------------------------------------------------- menu

def menu():
    rs = get("/")
    t.check("the demo menu's Data and Resources links to /resources",
            re.search(r'<a class="menu-label" href="/resources">Data and '
                      r'Resources</a>', rs.text) is not None, describe(rs))
    hu = get("/hu")
    t.check("/hu: the menu's Data and Resources links to /hu/resources",
            'href="/hu/resources"' in hu.text, describe(hu))
    ad = S["admin"]
    form = ad.get("/admin/menu/new")
    for target in ("projects", "events", "resources"):
        t.check("menu editor: offers the %s list" % target,
                'name="target" value="%s"' % target in form.text)
    made = []
    for target, path in (("projects", "/projects"), ("events", "/events"),
                         ("resources", "/resources")):
        label = "List %s %s" % (target, A.rnd())
        rs = ad.post("/admin/menu", ad.with_csrf(
            A.menu_fields(label, target=target)))
        t.status("menu editor: an item to the %s list -> 303" % target, rs,
                 303)
        mid = A.db_one("SELECT id FROM menu_items WHERE label = ?", (label,))
        t.check("menu editor: stored with target %r, no page or URL" %
                target, A.db_all("SELECT target, page_id, url FROM "
                                 "menu_items WHERE id = ?", (mid,)) ==
                [(target, None, None)])
        if mid is None:
            continue
        made.append(mid)
        edit = ad.get("/admin/menu/%d/edit" % mid)
        t.check("menu editor: the %s item's form has it chosen" % target,
                re.search(r'value="%s" checked' % target, edit.text)
                is not None, describe(edit))
        lst = ad.get("/admin/menu")
        t.check("menu editor: the list names the %s target" % target,
                label in lst.text, describe(lst))
        for prefix in ("", "/hu"):
            page = wait_for(lambda: (lambda r: r if label in r.text
                                     else None)(get(prefix or "/")))
            t.check("public menu%s: %s links to %s%s" % (
                prefix or " (en)", target, prefix, path),
                page is not None and re.search(
                r'<a class="menu-label" href="%s%s"[^>]*>%s</a>' % (
                    prefix, path, label), page.text) is not None)
    rs = ad.post("/admin/menu", ad.with_csrf(
        A.menu_fields("Bad target " + A.rnd(), target="publications")))
    t.status("menu editor: an unknown target -> 422", rs, 422)
    t.check("menu editor: the unknown target's message at the field",
            'id="target-error"' in rs.text, describe(rs))
    for mid in made:
        rs = ad.post("/admin/menu/%d/delete" % mid, ad.with_csrf([]))
        t.setup("menu item %d deleted" % mid, rs.status == 303,
                describe(rs))


# ---------------------------------------------------------------- search

def search():
    cases = [("Záhony", "event", "/events/information-day-people-ukraine-"
              "zahony", "Event"),
             ("reintegration", "project", "/assisted-voluntary-return-and-"
              "reintegration-hungary", "Project"),
             ("factsheet", "publication", "/resources/" + FACTSHEET,
              "Publication")]
    for q, kind, url, label in cases:
        path = "/search?q=%s&type=%s" % (quote(q), kind)
        rs = get(path)
        t.status("GET %s" % path, rs, 200)
        hits = re.findall(r'<h2><a href="([^"]+)"', rs.text)
        t.check("search %s, type %s: the %s at %s" % (q, kind, kind, url),
                url in hits, hits)
        t.check("search %s, type %s: labelled %s" % (q, kind, label),
                '<p class="news-meta">%s' % label in rs.text, describe(rs))
        t.status("search %s: the %s's URL answers" % (q, kind), get(url), 200)
        v = body_json(get("/api/v1/search?q=%s&type=%s" % (quote(q), kind)))
        got = [(i["kind"], i["url"]) for i in (v or {}).get("items", [])]
        t.check("/api/v1/search %s, type %s: kind and absolute URL" % (
            q, kind), any(k == kind and u.endswith(url) for k, u in got),
            got)
    rs = get("/search?q=Budapest%20IOM%20office&type=event")
    t.check("search: an event found by its place",
            "employers-roundtable-fair-recruitment-budapest" in rs.text,
            describe(rs))
    hu = get("/hu/search?q=toborz%C3%A1s&type=event")
    t.check("/hu/search: the Hungarian event at /hu/events/, Esemény",
            '/hu/events/kerekasztal-munkaltatoknak-tisztesseges-'
            'toborzasrol"' in hu.text and ">Esemény" in hu.text,
            describe(hu))
    rs = get("/search")
    opts = re.findall(r'<option value="([^"]*)"', rs.text)
    t.check("search: the type filter offers projects, events and "
            "publications", {"project", "event", "publication"} <=
            set(opts), opts)
    v = body_json(get("/api/v1/search?q=factsheet&type=publication")) or {}
    t.check("/api/v1/search: a publication's api_url is its answer",
            any(i["api_url"].endswith("/api/v1/publications/" + FACTSHEET)
                for i in v.get("items", [])), v.get("items"))
    t.status("GET /search?type=projects -> 400", get("/search?type=projects"),
             400)


# ---------------------------------------------------------------- sitemap

def sitemap():
    rs, root, files = SMAP.read(get)
    t.status("GET /sitemap.xml", rs, 200)
    entries = SMAP.url_entries(files) if root is not None else None
    if entries is None:
        t.check("sitemap: well-formed", False, describe(rs))
        return
    urls = {loc: v["alts"] for loc, v in entries.items()}
    base = next(iter(urls), "").split("/", 3)
    base = "/".join(base[:3])
    langs = set(A.site_languages()) | {"x-default"}
    for path in ("/resources", "/hu/resources", "/projects",
                 "/hu/projects", "/events", "/hu/events"):
        t.check("sitemap: lists %s with every language and x-default" %
                path, base + path in urls and
                set(urls[base + path]) == langs, urls.get(base + path))
    for slug in SEEDED:
        loc = base + "/resources/" + slug
        t.check("sitemap: lists %s, its alternates en and x-default" %
                slug, loc in urls and urls[loc] == {"en": loc,
                                                    "x-default": loc},
                urls.get(loc))
    t.check("sitemap: no publication stand-in under /hu/resources/",
            not any("/hu/resources/" in u for u in urls))
    # Projects (at /<slug>) and events, a translation with its group.
    for en, hu in (("/assisted-voluntary-return-and-reintegration-hungary",
                    "/hu/tamogatott-onkentes-hazateres-es-reintegracio-"
                    "magyarorszagrol"),
                   ("/events/employers-roundtable-fair-recruitment-budapest",
                    "/hu/events/kerekasztal-munkaltatoknak-tisztesseges-"
                    "toborzasrol")):
        want = {"en": base + en, "hu": base + hu, "x-default": base + en}
        for loc in (base + en, base + hu):
            t.check("sitemap: lists %s with its group's alternates" % loc,
                    urls.get(loc) == want, urls.get(loc))
    for path in ("/migrant-crisis-europe-support-stranded-migrants-hungary",
                 "/events/information-day-people-ukraine-zahony"):
        t.check("sitemap: lists %s" % path, base + path in urls)


def main():
    if not A.start("publications.py"):
        return 2
    S["visitor"] = A.Agent()
    for fn in (index, filters, bounds, show, hidden, hostile, moved, api,
               search, sitemap):
        A.section(fn)
    try:
        S["admin"] = A.signed_in(*A.ADMIN, label="admin1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    A.section(menu)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""search.py: the visitor's side of search (issue 13): /search and
/hu/search, run against any base URL (waypoint serve, or nginx -> waypoint
fcgi) over a database made by `waypoint db init` with the accounts of the
run scripts (editor1), serving at least "en hu".

Usage: search.py BASE_URL DB_PATH WAYPOINT CONF [--one-process]
  DB_PATH   the server's SQLite file (a release's publication time is
            moved there, as admin.py does; the releases' table is renamed
            for a moment by the cache check)
  WAYPOINT  the binary, and CONF its configuration
  --one-process  the server is one process (waypoint serve), whose cache
            the cache check can observe

The seed's statement is found by words of its body, the Hungarian pages by
words typed without accents; the editor's releases (each holding a word
made for this run) show publishing, unpublishing, scheduling, paging and
escaping. Every query a visitor may get wrong, FTS5's syntax above all, is
a 400 that says why or an empty result page: never a 500, never an FTS5
error. Prints "ok - name" or "FAIL - name: detail" per check, then "N
passed, N failed"; exits 1 when a check failed.
"""

import datetime
import html
import json
import os
import re
import sys
import time
from urllib.parse import quote_plus, urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402  (its browser, forms and releases)
from lib import Client, describe, security_header_problems, text_of  # noqa

t = A.t
S = {}
STATEMENT = A.SEED_STATEMENT
# Words only the statement's body has (not its title or summary).
BODY_WORD = "unscrupulous"
PER_PAGE = 10
NOINDEX = '<meta name="robots" content="noindex">'
# What SQLite says when an FTS5 query does not parse or names a column.
FTS_ERROR = re.compile(r"fts5|syntax error|no such column|malformed MATCH|"
                       r"unterminated string|unknown special query", re.I)
RESULTS = re.compile(r'<ol class="search-results"[^>]*>(.*?)</ol>', re.S)
RESULT_LINK = re.compile(r'<h2><a href="([^"]+)"')
COUNT = re.compile(r"(\d+) results? for")


def client():
    return Client(A.BASE)


def get(target):
    """A visitor's GET (no cookies), recorded for the checks at the end."""
    rs = client().get(target)
    S.setdefault("all", []).append(rs)
    return rs


def search(q=None, prefix="", **fields):
    """GET /search with q (a str, percent-encoded here) and fields."""
    parts = []
    if q is not None:
        parts.append("q=" + quote_plus(q.encode("utf-8")))
    parts += ["%s=%s" % (k, quote_plus(str(v))) for k, v in fields.items()]
    return get(prefix + "/search" + ("?" + "&".join(parts) if parts else ""))


def hits(rs):
    """The result links of a search page, in order."""
    m = RESULTS.search(rs.text)
    return RESULT_LINK.findall(m.group(1)) if m else []


def count(rs):
    m = COUNT.search(text_of(rs.text))
    return int(m.group(1)) if m else None


def box_value(rs, field_id="search-q"):
    """The value the page's search field (by id) shows, decoded."""
    m = re.search(r'<input[^>]*\bid="%s"[^>]*>' % field_id, rs.text)
    if not m:
        return None
    v = re.search(r'\bvalue="([^"]*)"', m.group(0))
    return html.unescape(v.group(1)) if v else ""


def no_fts_error(name, rs):
    t.check(name + ": no FTS5 error in the answer",
            not FTS_ERROR.search(rs.text), FTS_ERROR.search(rs.text) and
            FTS_ERROR.search(rs.text).group(0))


# ---------------------------------------------------------------- sections

def box_everywhere():
    """A GET form to the search page in the header of every public page,
    in the page's language, with a labelled search field named q."""
    pages = ("/", "/news", STATEMENT, "/about", "/no-such-page-search",
             "/search", "/search?q=migration", "/hu", "/hu/news",
             "/hu/rolunk", "/hu/search?q=migr%C3%A1ci%C3%B3")
    for path in pages:
        rs = get(path)
        want = "/hu/search" if path.startswith("/hu") else "/search"
        form = re.search(r'<form class="site-search" action="([^"]*)" '
                         r'method="get" role="search">(.*?)</form>',
                         rs.text, re.S)
        ok = form is not None and form.group(1) == want
        inner = form.group(2) if form else ""
        field = re.search(r'<input[^>]*\bid="([^"]+)"[^>]*>', inner)
        ok = ok and field is not None and \
            'type="search"' in field.group(0) and \
            'name="q"' in field.group(0) and \
            ('<label class="visually-hidden" for="%s">' % field.group(1)
             in inner)
        t.check("GET %s: the header has a labelled GET search box to %s"
                % (path, want), rs.status in (200, 404) and ok,
                describe(rs) + " " + (form.group(0)[:200] if form else
                                      "no form"))
    rs = get("/search?q=migration")
    t.check("the search page's header box shows the query",
            box_value(rs, "site-search-q") == "migration",
            box_value(rs, "site-search-q"))


def seed_found():
    rs = search(BODY_WORD)
    if not t.status("GET /search?q=%s" % BODY_WORD, rs, 200):
        return
    t.check("a word of its body finds the seed statement",
            STATEMENT in hits(rs), hits(rs))
    t.check("text/html; charset=utf-8",
            rs.header("content-type") == "text/html; charset=utf-8",
            rs.header("content-type"))
    t.check("the result shows the title",
            "International Migrants Day Statement" in text_of(rs.text))
    t.check("the result shows its type in words",
            "News release" in text_of(rs.text))
    t.check("the result shows its date in the page's language",
            '<time datetime="2021-12-17">17 December 2021</time>' in
            rs.text, re.findall(r"<time[^>]*>[^<]*</time>", rs.text))
    t.check("the snippet marks the word: <mark>unscrupulous</mark>",
            "<mark>%s</mark>" % BODY_WORD in rs.text.lower())
    t.check("the count is said in words: 1 result",
            count(rs) == 1, text_of(rs.text)[:300])
    t.check("the results are a list of headed items",
            re.search(r'<ol class="search-results"[^>]*>\s*<li', rs.text)
            is not None)
    t.check("the page is noindex", NOINDEX in rs.text)
    t.check("the title names the query",
            re.search(r"<title>[^<]*%s[^<]*</title>" % BODY_WORD, rs.text)
            is not None, re.findall(r"<title>.*?</title>", rs.text))
    t.check("one meta description, naming the query",
            len(re.findall(r'<meta name="description"', rs.text)) == 1 and
            re.search(r'<meta name="description" content="[^"]*%s'
                      % BODY_WORD, rs.text) is not None)
    t.check("the form keeps the query in the box",
            box_value(rs) == BODY_WORD, box_value(rs))
    t.check("the search field has a label",
            '<label for="search-q">' in rs.text)
    rs = search(BODY_WORD.upper())
    t.check("case does not matter: %s finds it" % BODY_WORD.upper(),
            STATEMENT in hits(rs), describe(rs))
    rs = client().request("HEAD", "/search?q=" + BODY_WORD)
    t.check("HEAD /search?q=...: 200, no body",
            rs.status == 200 and rs.body == b"", describe(rs))
    # Under /hu: the statement, or its Hungarian version when another
    # suite has added one (publishing() checks a release only in English).
    rs = search(BODY_WORD, prefix="/hu")
    if t.status("GET /hu/search?q=%s" % BODY_WORD, rs, 200):
        t.check("/hu/search: the statement, linked under /hu/news/",
                len(hits(rs)) == 1 and hits(rs)[0].startswith("/hu/news/"),
                hits(rs))
        t.check("/hu/search: the page speaks Hungarian",
                '<html lang="hu"' in rs.text and "találat" in rs.text)


def hungarian():
    rs = search("migransok", prefix="/hu")
    if t.status("GET /hu/search?q=migransok", rs, 200):
        found = [h for h in hits(rs) if h.startswith("/hu/")]
        t.check("migransok (no accent) finds Hungarian texts with "
                "migránsok", found, hits(rs))
        t.check("the snippet marks the accented word",
                "<mark>migránsok</mark>" in rs.text.lower())
    rs = search("MIGRÁCIÓS", prefix="/hu")
    t.check("MIGRÁCIÓS (upper case) finds Hungarian texts",
            rs.status == 200 and any(h.startswith("/hu/") for h in hits(rs)),
            describe(rs))
    rs = search("antonio")
    t.check("antonio finds António Vitorino's statement",
            STATEMENT in hits(rs), describe(rs))


def stemming():
    for word in ("smuggler", "migrant"):
        rs = search(word)
        t.check("%s (the text has %ss) finds the statement" % (word, word),
                rs.status == 200 and STATEMENT in all_hits(word),
                describe(rs))


def all_hits(q, **fields):
    """Every result link of a search, through all its pages."""
    out, page = [], 0
    while page < 20:
        rs = search(q, page=page, **fields) if page else search(q, **fields)
        if rs.status != 200:
            break
        got = hits(rs)
        out += got
        if len(got) < PER_PAGE:
            break
        page += 1
    return out


def phrases():
    rs = search('"potential of human mobility"')
    t.check('"potential of human mobility" (a phrase) finds the statement',
            STATEMENT in hits(rs), describe(rs))
    rs = search('"mobility human potential"')
    t.check("the same words in another order, as a phrase, do not",
            rs.status == 200 and STATEMENT not in hits(rs), describe(rs))
    rs = search("%s -smugglers" % BODY_WORD)
    t.check("-smugglers leaves the statement out",
            rs.status == 200 and STATEMENT not in hits(rs), describe(rs))
    rs = search('%s -"people smugglers"' % BODY_WORD)
    t.check('-"people smugglers" leaves it out',
            rs.status == 200 and STATEMENT not in hits(rs), describe(rs))
    rs = search('%s -"smugglers people"' % BODY_WORD)
    t.check('-"smugglers people" (not in it) keeps it',
            STATEMENT in hits(rs), describe(rs))
    rs = search("-%s" % BODY_WORD)
    t.check("only a word left out: 200, says to add a word",
            rs.status == 200 and hits(rs) == [] and
            "Add a word" in text_of(rs.text), describe(rs))


def filters():
    rs = search(BODY_WORD, type="news")
    t.check("type=news keeps the statement", STATEMENT in hits(rs),
            describe(rs))
    rs = search(BODY_WORD, type="page")
    t.check("type=page leaves it out", rs.status == 200 and
            STATEMENT not in hits(rs), describe(rs))
    t.check("type=page is selected in the form",
            '<option value="page" selected>' in rs.text)
    links = all_hits("migration", type="page")
    t.check("type=page: only pages", links and not any(
        h.startswith("/news/") for h in links), links)
    links = all_hits("migration", type="news")
    t.check("type=news: only releases", links and all(
        h.startswith("/news/") for h in links), links)
    rs = search(BODY_WORD, year=2021)
    t.check("year=2021 keeps the statement (17 December 2021)",
            STATEMENT in hits(rs), describe(rs))
    t.check("year=2021 stays in the form",
            re.search(r'<input[^>]*id="search-year"[^>]*value="2021"',
                      rs.text) is not None)
    rs = search(BODY_WORD, year=2022)
    t.check("year=2022 leaves it out", rs.status == 200 and
            STATEMENT not in hits(rs), describe(rs))
    rs = search(BODY_WORD, type="", year="")
    t.check("empty type and year (the form's defaults): every kind, any "
            "year", STATEMENT in hits(rs), describe(rs))
    for field, value in (("type", "bogus"), ("type", "pages"),
                         ("year", "1899"), ("year", "21"), ("year", "x")):
        rs = search(BODY_WORD, **{field: value})
        name = "%s=%s" % (field, value)
        if t.status(name + ": 400", rs, 400):
            t.check(name + ": the page says why and keeps the query",
                    'class="search-error"' in rs.text and
                    box_value(rs) == BODY_WORD, box_value(rs))


def publishing():
    ed = S["editor"]
    word = "pubw" + A.RUN
    t.check("before: %s finds nothing" % word,
            search(word).status == 200 and hits(search(word)) == [])
    title = "Search draft " + A.rnd()
    rs, nid = A.create_news(ed, title, "a draft holding the word -> 303",
                            status="draft", body="Body with %s." % word)
    if not nid:
        return
    slug = A.news_slug(ed, nid)
    rs = search(word)
    t.check("a draft is never found", rs.status == 200 and
            hits(rs) == [] and title not in rs.text, describe(rs))
    t.check("a draft: no snippet, mark or count gives it away",
            count(rs) is None and "<mark>" not in rs.text and
            "No results" in text_of(rs.text), text_of(rs.text)[:300])
    A.confirm_and_post(ed, nid, "publish", "publish it")
    rs = search(word)
    t.check("published: found at once (no cached old answer)",
            "/news/" + slug in hits(rs), hits(rs))
    rs = search(word, prefix="/hu")
    t.check("/hu/search: the English-only release, linked under /hu",
            hits(rs) == ["/hu/news/" + slug], hits(rs))
    t.check("/hu/search: marked lang=\"en\", with the note in Hungarian",
            '<h2><a href="/hu/news/%s" lang="en">' % slug in rs.text and
            "Csak ezen a nyelven: angol" in text_of(rs.text),
            text_of(rs.text)[:400])
    A.confirm_and_post(ed, nid, "unpublish", "unpublish it")
    rs = search(word)
    t.check("unpublished: gone at once", rs.status == 200 and
            hits(rs) == [], hits(rs))

    # Scheduled for tomorrow: not found; then due in 3 s: found once due,
    # from a page cached before.
    word = "schw" + A.RUN
    when = A.site_now() + datetime.timedelta(days=1)
    rs, sid = A.create_news(ed, "Search scheduled " + A.rnd(),
                            "a scheduled release -> 303",
                            date=when.strftime("%Y-%m-%d"),
                            time=when.strftime("%H:%M"),
                            body="Body with %s." % word)
    if not sid:
        return
    slug = A.news_slug(ed, sid)
    rs = search(word)
    t.check("a scheduled release is not found", rs.status == 200 and
            hits(rs) == [], describe(rs))
    due = int(time.time()) + 3
    A.db_exec("UPDATE news SET published_at = ?, pub_date = ? WHERE id = ?",
              (due, A.today(), sid))
    # The index places an item by its date (search.h, search_rowid): a
    # date changed by hand is taken in by a rebuild, as an operator's is.
    A.db_exec("UPDATE search_state SET tokenizer = 0")
    rc, out = A.waypoint("db", "migrate")
    t.check("db migrate rebuilds the index", rc == 0, out)
    t.check("due in 3 s: not found yet", hits(search(word)) == [])
    deadline = time.monotonic() + 15
    found = False
    while not found and time.monotonic() < deadline:
        found = "/news/" + slug in hits(search(word))
        if not found:
            time.sleep(0.25)
    t.check("once due: found (the cached empty answer expired)", found)


def escaping():
    ed = S["editor"]
    word = "escw" + A.RUN
    title = "Escape %s <script>alert(1)</script>" % word
    body = "Before %s <script>alert(2)</script> & <b>after</b>." % word
    rs, nid = A.create_news(ed, title, "a release with <script> -> 303",
                            body=body)
    if not nid:
        return
    rs = search(word)
    if not t.status("GET /search?q=" + word, rs, 200):
        return
    t.check("its title is shown escaped",
            "&lt;script&gt;alert(1)&lt;/script&gt;" in rs.text)
    t.check("no <script> of the content reaches the page",
            "<script>alert" not in rs.text)
    t.check("the snippet marks the word in <mark>",
            "<mark>%s</mark>" % word in rs.text)
    t.check("the only <mark> elements are the matched words",
            set(re.findall(r"<mark>(.*?)</mark>", rs.text)) <= {word},
            re.findall(r"<mark>(.*?)</mark>", rs.text))
    q = '<script>alert(3)</script> "><img src=x onerror=alert(4)> ' + word
    rs = search(q)
    t.check("a query with markup is echoed escaped",
            rs.status == 200 and "<script>alert(3)" not in rs.text and
            "<img src=x" not in rs.text and box_value(rs) == q,
            box_value(rs))


def paging():
    ed = S["editor"]
    word = "pagw" + A.RUN
    made = 0
    for i in range(12):
        _, nid = A.create_news(ed, "Search page %d %s" % (i, A.rnd()),
                               "release %d of 12 for paging -> 303" % (i + 1),
                               body="Paged %s number %d." % (word, i))
        made += nid is not None
    if made != 12:
        return
    rs = search(word)
    t.check("12 results: 10 on the first page, the count says 12",
            len(hits(rs)) == 10 and count(rs) == 12,
            "%d hits, count %s" % (len(hits(rs)), count(rs)))
    nxt = re.search(r'<a class="pagination-next" href="([^"]+)"', rs.text)
    t.check("a link to the next page, with the query",
            nxt is not None and html.unescape(nxt.group(1)) ==
            "/search?q=%s&page=1" % word, nxt and nxt.group(1))
    rs = search(word, page=1)
    t.check("page=1: the last 2, numbered from 11",
            len(hits(rs)) == 2 and '<ol class="search-results" start="11">'
            in rs.text, describe(rs))
    prev = re.search(r'<a class="pagination-prev" href="([^"]+)"', rs.text)
    t.check("page=1 links back to the first page",
            prev is not None and html.unescape(prev.group(1)) ==
            "/search?q=%s" % word, prev and prev.group(1))
    first = set(hits(search(word))) | set(hits(rs))
    t.check("the two pages hold the 12 releases, none twice",
            len(first) == 12, len(first))
    rs = search(word, page=0)
    t.check("page=0 is the first page", len(hits(rs)) == 10)
    for page in (2, 999999):
        rs = search(word, page=page)
        t.check("page=%d, past the end: an empty result page that says "
                "so and links to the first" % page, rs.status == 200 and
                hits(rs) == [] and count(rs) == 12 and
                'href="/search?q=%s"' % word in rs.text, describe(rs))
    rs = search(word, page="1000000")
    t.status("page=1000000 (not a page number): 400", rs, 400)
    rs = search(word, type="news", year=int(A.today()[:4]), page=1)
    nav = re.search(r'<a class="pagination-prev" href="([^"]+)"', rs.text)
    t.check("the page links carry the type and year",
            nav is not None and html.unescape(nav.group(1)) ==
            "/search?q=%s&type=news&year=%s" % (word, A.today()[:4]),
            nav and nav.group(1))
    # Past 40 matches (STORE_SEARCH_TOTAL_MAX) the newest 40 are ranked
    # and paged: 4 pages, the last of them whole, and none after.
    for i in range(12, 41):
        _, nid = A.create_news(ed, "Search page %d %s" % (i, A.rnd()),
                               "release %d of 41 for paging -> 303" % (i + 1),
                               body="Paged %s number %d." % (word, i))
        made += nid is not None
    if made != 41:
        return
    rs = search(word)
    t.check("41 matches: more than 40, 4 pages",
            "More than 40 results" in rs.text and
            "the best of the newest" in rs.text and
            "Page 1 of 4" in text_of(rs.text), describe(rs))
    rs = search(word, page=3)
    t.check("page=3, the fourth: 10 results, no next page",
            len(hits(rs)) == 10 and "pagination-next" not in rs.text,
            describe(rs))
    rs = search(word, page=4)
    t.check("page=4: past the end, an empty page that links to the first",
            rs.status == 200 and hits(rs) == [] and
            'href="/search?q=%s"' % word in rs.text, describe(rs))
    rs = get("/api/v1/search?q=%s" % word)
    try:
        body = json.loads(rs.body)
    except ValueError:
        body = {}
    t.check("the API: total 41, page_count 4",
            body.get("total") == 41 and body.get("page_count") == 4,
            "%s %s" % (body.get("total"), body.get("page_count")))


def limits():
    rs = search("a" * 201)
    if t.status("201 characters: 400", rs, 400):
        t.check("201 characters: the page says why",
                "at most 200 characters" in text_of(rs.text))
        t.check("201 characters: the query stays in the box",
                box_value(rs) == "a" * 201)
        t.check("201 characters: noindex, in the search page",
                NOINDEX in rs.text and 'class="search-form"' in rs.text)
    rs = search("é" * 200)
    t.check("200 characters of two bytes each: 200", rs.status == 200,
            describe(rs))
    rs = search(" " * 100 + "b" * 100 + " \t\n " * 30 + "c" * 99 +
                " " * 100)
    t.check("white space around words, and runs of it, do not count "
            "(200 characters once normalised)", rs.status == 200,
            describe(rs))
    words = " ".join("w%d" % i for i in range(17))
    rs = search(words)
    if t.status("17 terms: 400", rs, 400):
        t.check("17 terms: the page says why",
                "at most 16 words or phrases" in text_of(rs.text))
        t.check("17 terms: the query stays in the box",
                box_value(rs) == words)
    rs = search(" ".join("w%d" % i for i in range(16)))
    t.status("16 terms: 200", rs, 200)
    rs = search('"a b c d e f g h i j k l m n o p q r s t"')
    t.status("one phrase of 20 words is one term: 200", rs, 200)
    for raw, name in (("%00", "NUL"), ("a%00b", "NUL inside"),
                      ("%FF", "invalid UTF-8"), ("%C3", "cut UTF-8"),
                      ("%ED%A0%80", "a surrogate"), ("%C0%AF", "overlong")):
        rs = get("/search?q=" + raw)
        t.status("q=%s (%s): 400" % (raw, name), rs, 400)
        no_fts_error("q=%s" % raw, rs)


# Queries a visitor may type that FTS5 would read as syntax, or that are
# not queries at all: each a 400 or an empty (or ordinary) result page.
HOSTILE = (
    ("only punctuation", "!!! ... ,,, ??? ---"),
    ("unbalanced quotes", '"migration human'),
    ("a quote alone", '"'),
    ("NEAR(", "NEAR("),
    ("NEAR(a b, 2)", "NEAR(migration mobility, 2)"),
    ("*", "*"),
    ("a prefix star", "migra*"),
    ("title:", "title:"),
    ("a column filter", "title:migration"),
    ("{title body}:", "{title body}: migration"),
    ("^", "^migration"),
    ("AND alone", "AND"),
    ("OR NOT", "migration OR NOT"),
    ("parentheses", "((migration)"),
    ("+", "migration + + mobility"),
    ("a minus alone", "-"),
    ("a leading minus alone", "- migration"),
    ("backslashes", "\\\\ \\\" \\"),
    ("SQL", "'; DROP TABLE news;--"),
    ("control characters", "\x01\x02migration\x03\x7f"),
)


def hostile():
    for name, q in HOSTILE:
        rs = search(q)
        t.check("%s (%r): a 400 or a result page, never a 500" % (name, q),
                rs.status in (200, 400) and rs.is_html(), describe(rs))
        no_fts_error(name, rs)
    # A page past any end; and 10,000 characters, which the request-line
    # limit (8 KiB, in Waypoint and in nginx alike) refuses first, with
    # 414: the 4xx that says the address is too long.
    rs = search("migration", page=999999)
    t.check("page past the end: 200 or 400",
            rs.status in (200, 400), describe(rs))
    no_fts_error("page past the end", rs)
    rs = search("x" * 10000)
    t.check("10,000 characters: refused (400 or 414), never a 500",
            rs.status in (400, 414), describe(rs))
    no_fts_error("10,000 characters", rs)
    rs = search(" ".join(["mi"] * 2000))
    t.check("2,000 words (under the request-line limit): 400",
            rs.status == 400, describe(rs))
    rs = search("")
    t.check("an empty query: the empty search page",
            rs.status == 200 and hits(rs) == [] and
            'class="search-form"' in rs.text, describe(rs))
    t.check("the empty search page has no count and no error",
            count(rs) is None and 'class="search-error"' not in rs.text)


def cache():
    """The same normalised query is one cache entry: asked again (spelt
    otherwise) while the releases cannot be read, it still answers from
    the cache, where a query not asked before fails. Renaming a table
    bumps no generation, so nothing cached goes stale meanwhile."""
    first = get("/search?q=human%20%20%20mobility&utm_source=mail")
    if not t.status("GET /search?q=human%20%20%20mobility&utm_source=mail",
                    first, 200):
        return
    con = A.db()
    try:
        con.execute("ALTER TABLE news RENAME TO news_search_py")
        try:
            cold = client().get("/search?q=cold" + A.RUN)
            again = get("/search?q=+human+mobility+")
        finally:
            con.execute("ALTER TABLE news_search_py RENAME TO news")
    finally:
        con.close()
    t.check("the releases unreadable: a new query fails (503)",
            cold.status == 503, describe(cold))
    t.check("?q=+human+mobility+ is the same entry: answered from the "
            "cache, the same page", again.status == 200 and
            again.body == first.body, describe(again))
    rs = get("/search?q=human+mobility")
    t.check("the releases back: the query answers as before",
            rs.status == 200 and rs.body == first.body, describe(rs))


def at_the_end():
    bad = [(r.target, r.status) for r in S.get("all", [])
           if r.status >= 500 or r.status == 0]
    t.check("no response was a 5xx (or none)", not bad, bad[:5])
    # nginx answers a request line past its buffers (414) itself.
    bad = [(r.target[:60], security_header_problems(r))
           for r in S.get("all", []) if r.status not in (0, 414) and
           security_header_problems(r)]
    t.check("every answer carries the security headers", not bad, bad[:3])


def main():
    args = [a for a in sys.argv[1:] if a != "--one-process"]
    if len(args) != 4:
        sys.stderr.write("usage: search.py BASE_URL DB_PATH WAYPOINT "
                         "CONF [--one-process]\n")
        return 2
    A.BASE, A.DB_PATH, A.WAYPOINT, A.CONF = args
    A.BASE = A.BASE.rstrip("/")
    A.NETLOC = urlsplit(A.BASE).netloc
    if not os.path.isfile(A.DB_PATH):
        sys.stderr.write("search.py: no database at %s\n" % A.DB_PATH)
        return 2
    for fn in (box_everywhere, seed_found, hungarian, stemming, phrases,
               filters, limits, hostile):
        A.section(fn)
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
    if S.get("editor") and S["editor"].csrf:
        for fn in (publishing, escaping, paging):
            A.section(fn)
    # Each process has its own cache: only one process is sure to have
    # the page asked before.
    if "--one-process" in sys.argv:
        A.section(cache)
    else:
        print("# the cache check needs a single process (waypoint serve)")
    A.section(at_the_end)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""suite.py: the HTTP test suite of Waypoint's public site, run against any
base URL (waypoint serve, or nginx -> waypoint fcgi) holding the demo content
of sql/seed.sql.

Usage: suite.py http://HOST:PORT
Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import email.utils
import os
import re
import sys

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (Checks, Client, describe, norm,  # noqa: E402
                 security_header_problems, text_of)

SITE_NAME = "IOM Hungary"
STATEMENT = ("international-migrants-day-statement-iom-director-general-"
             "antonio-vitorino-harnessing-potential-human-mobility")
STATEMENT_TITLE = ("International Migrants Day Statement, IOM Director "
                   "General Ant\u00f3nio Vitorino: \u201cHarnessing the "
                   "Potential of Human Mobility\u201d")
STATEMENT_CLOSE = ("Together we can realize the full potential of human "
                   "mobility.")
RELEASES_TOTAL = 14
PER_PAGE = 10
LATEST = 5
HIDDEN_RELEASES = ("draft-upcoming-statement", "scheduled-release-future")

PAGES = {
    "who-we-are": "Who We Are",
    "about": "About",
    "our-work": "Our Work",
    "what-we-do": "What we do",
    "cross-cutting-global": "Cross-cutting (Global)",
    "data-and-resources": "Data and Resources",
    "take-action": "Take Action",
    "2030-agenda": "2030 Agenda",
}
MENU_LABELS = ("Who We Are", "About", "IOM Global", "Our Work", "What we do",
               "Cross-cutting (Global)", "Data and Resources", "Take Action",
               "2030 Agenda")
DESCRIPTIONS = (
    "The International Organization for Migration (IOM) is part of the "
    "United Nations System",
    "As the leading inter-governmental organization promoting humane and "
    "orderly migration",
)
# A copy of the seed the demo content is true to (shared/seed/000_*.txt).
SEED_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "seed.txt")
STATEMENT_LEAD = "Geneva \u2013 International Migrants Day this year falls"

HTML_TYPE = "text/html; charset=utf-8"
IMF_DATE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
                      r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                      r"\d{4} \d{2}:\d{2}:\d{2} GMT$")
ETAG = re.compile(r'^(W/)?"[\x21\x23-\x7e\x80-\xff]*"$')
TIME_RE = re.compile(r'<time\b[^>]*\bdatetime="(\d{4}-\d{2}-\d{2})"', re.I)
RELEASE_LINK = re.compile(
    r'<a\b[^>]*\bhref="(/news/[^"?#]+)"[^>]*>(.*?)</a\s*>', re.I | re.S)
H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)

t = Checks()
c = None            # the Client, made in main()
ctx = {}            # what one section learns and a later one uses


# ---------------------------------------------------------------- helpers

def releases_in(rs):
    """Release links of a list page, in document order, without repeats:
    [(url, title)]; the title is the longest text of a link to that url."""
    order, titles = [], {}
    for href, inner in RELEASE_LINK.findall(rs.text):
        if href not in titles:
            order.append(href)
            titles[href] = ""
        txt = text_of(inner)
        if len(txt) > len(titles[href]):
            titles[href] = txt
    return [(u, titles[u]) for u in order]


def news_hrefs(rs):
    """A few hrefs that mention news, to explain a failed link search."""
    seen = re.findall(r'\bhref="([^"]*news[^"]*)"', rs.text)
    return "news hrefs seen: %s" % (sorted(set(seen))[:4],)


def dates_in(rs):
    return TIME_RE.findall(rs.text)


def h1s(rs):
    return [text_of(x) for x in H1_RE.findall(rs.text)]


def count_href(rs, url):
    return len(re.findall(r'\bhref="%s"' % re.escape(url), rs.text))


def descending(xs):
    return all(a >= b for a, b in zip(xs, xs[1:]))


def check_html_type(name, rs):
    ct = rs.header("content-type")
    t.check(name + ": Content-Type", (ct or "").lower() == HTML_TYPE,
            "got %r" % ct)


def read_seed():
    """The seed file: (menu, title, paragraphs). menu is [(label,
    description, [child labels])] in order: a section opens with a line
    "-", then its label, then the label again (in any case) run into its
    description, then each child as two equal lines; "- Label" is a
    top-level item of its own. The first line after the menu is the
    statement's title, each further line one paragraph of its body."""
    with open(SEED_FILE, encoding="utf-8") as f:
        lines = [ln.strip() for ln in f.read().split("\n")]
    menu, i = [], 0
    while i < len(lines):
        if lines[i] == "-":
            label, run = lines[i + 1], lines[i + 2]
            menu.append((label, run[len(label):], []))
            i += 3
            while i + 1 < len(lines) and lines[i] == lines[i + 1] and \
                    not lines[i].startswith("-"):
                menu[-1][2].append(lines[i])
                i += 2
        elif lines[i].startswith("- "):
            menu.append((lines[i][2:], "", []))
            i += 1
        else:
            break
    rest = [ln for ln in lines[i:] if ln]
    return menu, rest[0], rest[1:]


def top_menu(rs):
    """The main menu's top level: [(label, description, [child labels])],
    from the markup of layout.mustache."""
    nav = re.search(r'<nav\b[^>]*\bid="menu".*?</nav\s*>', rs.text, re.S)
    out = []
    if not nav:
        return out
    for sec in re.findall(r'<li class="menu-section">(.*?)</li>\s*'
                          r'(?=<li class="menu-section">|</ul>\s*<a)',
                          nav.group(0), re.S):
        label = re.search(r'class="menu-label"[^>]*>(.*?)</a>', sec, re.S)
        desc = re.search(r'<p class="menu-description">(.*?)</p>', sec,
                         re.S)
        kids = re.findall(r'<li class="menu-item">\s*<a\b[^>]*>(.*?)</a>',
                          sec, re.S)
        out.append((visible(label.group(1)) if label else "",
                    text_of(desc.group(1)) if desc else "",
                    [visible(k) for k in kids]))
    return out


def visible(fragment):
    """Text of a link as the eye reads it: without the "(external)" said
    to screen readers only."""
    return text_of(re.sub(r'<span class="visually-hidden">.*?</span>', "",
                          fragment, flags=re.S))


def article_parts(rs):
    """A release page's (text of the line under the title, [body paragraph
    texts], full article text)."""
    art = re.search(r"<article\b.*?</article\s*>", rs.text, re.S)
    if not art:
        return "", [], ""
    head = re.search(r'<p class="news-meta">.*?</p\s*>', art.group(0), re.S)
    prose = re.search(r'<div class="prose">(.*?)</div>', art.group(0), re.S)
    paras = re.findall(r"<p\b[^>]*>(.*?)</p\s*>", prose.group(1),
                       re.S) if prose else []
    return (text_of(head.group(0)) if head else "",
            [text_of(x) for x in paras], text_of(art.group(0)))


def section(fn):
    """Runs one group of checks; an exception in it is one failure and the
    rest of the suite still runs."""
    try:
        fn()
    except Exception as e:      # noqa: BLE001 - report and go on
        t.crashed(fn.__name__, e)


# ---------------------------------------------------------------- sections

def home():
    rs = c.get("/")
    ctx["home"] = rs
    if not t.status("GET /", rs, 200):
        return
    check_html_type("GET /", rs)
    body = rs.text
    t.check('GET /: <html lang="en">', '<html lang="en">' in body)
    t.check("GET /: <nav aria-label=",
            re.search(r"<nav\b[^>]*\saria-label=", body, re.I))
    txt = text_of(body)
    # The menu's text only: the intro repeats the first description.
    navs = re.findall(r"<nav\b.*?</nav\s*>", body, re.I | re.S)
    menu = text_of(" ".join(navs))
    for label in MENU_LABELS:
        t.check("GET /: menu label %r" % label, label in menu)
    for d in DESCRIPTIONS:
        t.check("GET /: menu description %r..." % d[:40], d in menu)
    t.check("GET /: IOM Global links to https://www.iom.int/",
            'href="https://www.iom.int/"' in " ".join(navs))
    seed_menu, _, _ = read_seed()
    got = top_menu(rs)
    t.check("GET /: the menu is the seed's (labels, descriptions, children)",
            got == seed_menu, "got %r" % (got,))
    tops = [label for label, _, _ in got]
    for label in ("Data and Resources", "Take Action", "2030 Agenda"):
        t.check("GET /: %r is a top-level menu item" % label,
                label in tops, "top level %s" % tops)
    head = re.search(r'<div class="site-header-inner">.*?</div>', body,
                     re.S)
    t.check("GET /: the header links to /news outside the menu",
            head is not None and 'href="/news"' in head.group(0))
    t.check("GET /: site name %r" % SITE_NAME, SITE_NAME in txt)
    t.check("GET /: links to /news", count_href(rs, "/news") >= 1)
    latest = releases_in(rs)
    t.check("GET /: %d latest releases" % LATEST, len(latest) == LATEST,
            "found %d: %s; %s" % (len(latest), [u for u, _ in latest],
                                  news_hrefs(rs)))
    dates = dates_in(rs)
    ctx["home_latest"] = [u for u, _ in latest]
    ctx["home_dates"] = dates
    t.check("GET /: one <time datetime> per latest release",
            len(dates) == len(latest), "dates %s" % dates)
    t.check("GET /: latest releases newest first", descending(dates),
            "dates %s" % dates)
    for slug in HIDDEN_RELEASES:
        t.check("GET /: %s not shown" % slug, slug not in body)


def news_pages():
    p0 = c.get("/news")
    p1 = c.get("/news?page=1")
    ctx["news0"], ctx["news1"] = p0, p1
    ok0 = t.status("GET /news", p0, 200)
    ok1 = t.status("GET /news?page=1", p1, 200)
    l0 = releases_in(p0) if ok0 else []
    l1 = releases_in(p1) if ok1 else []
    ctx["releases"] = l0 + l1
    if ok0:
        check_html_type("GET /news", p0)
        d0 = dates_in(p0)
        t.check("GET /news: %d releases" % PER_PAGE, len(l0) == PER_PAGE,
                "found %d; %s" % (len(l0), news_hrefs(p0)))
        t.check("GET /news: one <time datetime> per release",
                len(d0) == len(l0), "dates %s" % d0)
        t.check("GET /news: newest first", descending(d0), "dates %s" % d0)
        t.check('GET /news: next link href="/news?page=1"',
                count_href(p0, "/news?page=1") >= 1, news_hrefs(p0))
        t.check("GET /news: no previous link",
                'rel="prev"' not in p0.text
                and not re.search(r'href="/news\?page=(0|-)', p0.text))
    if ok1:
        check_html_type("GET /news?page=1", p1)
        d1 = dates_in(p1)
        want = RELEASES_TOTAL - PER_PAGE
        t.check("GET /news?page=1: %d releases" % want, len(l1) == want,
                "found %d" % len(l1))
        t.check("GET /news?page=1: newest first", descending(d1),
                "dates %s" % d1)
        t.check("GET /news?page=1: no next link",
                'rel="next"' not in p1.text
                and not re.search(r'href="/news\?page=([2-9]|1\d)', p1.text))
        if ok0:
            t.check("GET /news?page=1: older than page 0",
                    not d0 or not d1 or min(d0) >= max(d1),
                    "page 0 %s, page 1 %s" % (d0, d1))
    if ok0 and ok1:
        n0, n1 = count_href(p0, "/news"), count_href(p1, "/news")
        t.check('GET /news?page=1: previous link href="/news" '
                '(one more than on page 0)', n1 == n0 + 1,
                'href="/news" %d times on page 0, %d on page 1' % (n0, n1))
        both = set(u for u, _ in l0) & set(u for u, _ in l1)
        t.check("news: no release on both pages", not both, sorted(both))
        t.check("news: %d releases in all" % RELEASES_TOTAL,
                len(set(u for u, _ in l0 + l1)) == RELEASES_TOTAL,
                "found %d" % len(set(u for u, _ in l0 + l1)))
        t.check("news: statement listed",
                "/news/" + STATEMENT in [u for u, _ in l0 + l1])
    for rs, name in ((p0, "GET /news"), (p1, "GET /news?page=1")):
        for slug in HIDDEN_RELEASES:
            t.check("%s: %s not shown" % (name, slug), slug not in rs.text)
    home_latest = ctx.get("home_latest")
    if ok0 and home_latest is not None:
        t.check("GET /: latest are the %d newest of /news" % LATEST,
                home_latest == [u for u, _ in l0[:LATEST]],
                "home %s, /news %s" % (home_latest,
                                        [u for u, _ in l0[:LATEST]]))
        t.check("GET /: latest dates match /news",
                ctx["home_dates"] == dates_in(p0)[:LATEST],
                "home %s, /news %s" % (ctx["home_dates"],
                                        dates_in(p0)[:LATEST]))


def page_param():
    for q in ("abc", "-1", "", "1.5", "0x1"):
        t.status("GET /news?page=%s -> 400" % q, c.get("/news?page=" + q),
                 400)
    for q in ("2", "99999"):
        t.status("GET /news?page=%s -> 404" % q, c.get("/news?page=" + q),
                 404)
    rs = c.get("/news?page=0")
    if t.status("GET /news?page=0", rs, 200) and "news0" in ctx:
        t.check("GET /news?page=0: same releases as /news",
                releases_in(rs) == releases_in(ctx["news0"]))


def statement():
    rs = c.get("/news/" + STATEMENT)
    ctx["statement"] = rs
    if not t.status("GET /news/<statement>", rs, 200):
        return
    check_html_type("GET /news/<statement>", rs)
    txt = text_of(rs.text)
    t.check("statement: title", STATEMENT_TITLE in txt)
    t.check("statement: title in h1", STATEMENT_TITLE in h1s(rs),
            "h1 %s" % h1s(rs))
    t.check('statement: <time datetime="2021-12-17">',
            re.search(r'<time\b[^>]*\bdatetime="2021-12-17"', rs.text))
    t.check("statement: dateline Geneva", "Geneva" in txt)
    _, seed_title, seed_paras = read_seed()
    head, paras, whole = article_parts(rs)
    t.check("statement: the title is the seed's", seed_title in h1s(rs),
            "h1 %s" % h1s(rs))
    t.check("statement: first paragraph starts %r" % STATEMENT_LEAD,
            paras[:1] and paras[0].startswith(STATEMENT_LEAD),
            "first %r" % paras[:1])
    t.check("statement: the body is the seed's, paragraph by paragraph",
            paras == seed_paras,
            "first difference %r" % (next(
                ((a, b) for a, b in zip(paras, seed_paras) if a != b),
                (len(paras), len(seed_paras))),))
    t.check("statement: Geneva once, in the first paragraph",
            whole.count("Geneva") == 1 and "Geneva" not in head,
            "line under the title %r" % head)
    t.check("statement: no summary paragraph on the page",
            "calls on governments to move from words" not in txt
            and 'class="lead"' not in rs.text)
    t.check("statement: the summary is the meta description",
            re.search(r'<meta name="description" content="On International '
                      r'Migrants Day', rs.text))
    t.check("statement: no text the seed does not have",
            whole == norm(" ".join(["News", seed_title, "17 December 2021"]
                                   + seed_paras + ["\u2190 All news"])),
            "article %r" % whole[:300])
    t.check("statement: closing sentence", STATEMENT_CLOSE in txt)
    t.check("statement: 17 December 2021", "17 December 2021" in txt)
    t.check("statement: site name in the page", SITE_NAME in txt)


def every_release():
    rels = ctx.get("releases") or []
    t.check("releases to visit", len(rels) > 0, "no release links found")
    for url, title in rels:
        rs = c.get(url)
        name = "GET %s" % url
        if t.status(name, rs, 200):
            t.check(name + ": its title in the h1",
                    title and norm(title) in h1s(rs),
                    "list says %r, h1 %s" % (title, h1s(rs)))
            head, paras, _ = article_parts(rs)
            lead = re.match(r"(\w+) \u2013 ", paras[0] if paras else "")
            t.check(name + ": the dateline leads the first paragraph",
                    lead, "first %r" % paras[:1])
            t.check(name + ": the dateline not printed twice",
                    lead and lead.group(1) not in head
                    and 'class="dateline"' not in rs.text,
                    "line under the title %r" % head)


def pages():
    for slug, title in PAGES.items():
        rs = c.get("/" + slug)
        name = "GET /%s" % slug
        if slug == "about":
            ctx["about"] = rs
        if t.status(name, rs, 200):
            heads = [h.casefold() for h in h1s(rs)]
            t.check(name + ": h1 %r" % title, title.casefold() in heads,
                    "h1 %s" % h1s(rs))
    t.status("GET /internal-draft-page -> 404",
             c.get("/internal-draft-page"), 404)
    for slug in HIDDEN_RELEASES:
        t.status("GET /news/%s -> 404" % slug, c.get("/news/" + slug), 404)


def not_found():
    for url in ("/no-such-page", "/news/no-such-release"):
        rs = c.get(url)
        name = "GET %s" % url
        if t.status(name + " -> 404", rs, 404):
            check_html_type(name, rs)
            navs = re.findall(r"<nav\b.*?</nav\s*>", rs.text, re.I | re.S)
            t.check(name + ": site layout (nav with Who We Are)",
                    "Who We Are" in text_of(" ".join(navs)))


def interface_language():
    """Interface text comes from po/<lang>.po: the servers run with
    languages = en hu."""
    rs = c.get("/")
    if t.status("GET / (interface text)", rs, 200):
        t.check("GET /: English skip link",
                ">Skip to main content</a>" in rs.text)
    rs = c.get("/hu")
    if t.status("GET /hu", rs, 200):
        t.check("GET /hu: Hungarian skip link",
                ">Ugrás a tartalomra</a>" in rs.text)
        t.check("GET /hu: Hungarian menu button", ">Menü</a>" in rs.text)
        t.check("GET /hu: no English skip link",
                "Skip to main content" not in rs.text)
    rs = c.get("/hu/no-such-page")
    if t.status("GET /hu/no-such-page -> 404", rs, 404):
        t.check("GET /hu/no-such-page: Hungarian heading",
                "Az oldal nem található" in rs.text)


def hostile_targets():
    rs = c.get("/" + "a" * 500)
    t.status("GET /<500 chars> -> 404", rs, (404, 400))
    rs = c.get("/news/" + "a" * 500)
    t.status("GET /news/<500 chars> -> 404", rs, (404, 400))
    for url in ("/news/%00x", "/about%00", "/news/%zz", "/news/%0", "/%"):
        t.status("GET %s -> 400" % url, c.get(url), 400)
    t.status("GET /news/a%2Fb -> 404", c.get("/news/a%2Fb"), 404)


def trailing_slash():
    for url, want in (("/news/", "/news"), ("/about/", "/about")):
        rs = c.get(url)
        name = "GET %s" % url
        if t.status(name + " -> 301", rs, 301):
            t.check(name + ": Location %s" % want,
                    rs.header("location") == want,
                    "got %r" % rs.header("location"))


def methods():
    for m, url in (("POST", "/"), ("POST", "/news"), ("PUT", "/about"),
                   ("DELETE", "/news/" + STATEMENT)):
        rs = c.request(m, url)
        name = "%s %s" % (m, url if len(url) < 30 else "/news/<statement>")
        if not t.status(name + " -> 405", rs, 405):
            continue
        allow = [x.strip().upper()
                 for x in (rs.header("allow") or "").split(",")]
        t.check(name + ": Allow lists GET and HEAD",
                "GET" in allow and "HEAD" in allow,
                "Allow %r" % rs.header("allow"))
        t.check(name + ": HTML body", rs.is_html() and b"<html" in rs.body,
                "Content-Type %r, %d bytes" % (rs.header("content-type"),
                                               len(rs.body)))
    t.status("BREW / -> 405 or 501", c.request("BREW", "/"), (405, 501))


def head():
    for url in ("/", "/news/" + STATEMENT):
        name = "HEAD %s" % (url if len(url) < 30 else "/news/<statement>")
        get = c.get(url)
        try:
            conn = c.connect()
        except OSError as e:
            t.check(name, False, "connect: %s" % e)
            continue
        try:
            conn.send("HEAD %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (url, c.netloc))
            rs = conn.read_response("HEAD", url, linger=0.3)
            c.responses.append(rs)
            if not t.status(name, rs, 200):
                continue
            t.check(name + ": no body bytes", rs.extra == b"",
                    "%d bytes after the head: %r" % (len(rs.extra),
                                                     rs.extra[:80]))
            for h in ("content-type", "etag"):
                t.check(name + ": %s as for GET" % h,
                        rs.header(h) == get.header(h) and rs.header(h),
                        "HEAD %r, GET %r" % (rs.header(h), get.header(h)))
            t.check(name + ": Content-Length is the GET body length",
                    rs.header("content-length") == str(len(get.body)),
                    "HEAD %r, GET body %d bytes"
                    % (rs.header("content-length"), len(get.body)))
            if rs.closed:
                t.check(name + ": connection kept alive", False,
                        "server closed it after HEAD")
                continue
            conn.send("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close"
                      "\r\n\r\n" % (url, c.netloc))
            rs2 = conn.read_response("GET", url, linger=2.0)
            c.responses.append(rs2)
            t.check(name + ": next request on the connection answered",
                    rs2.status == 200 and rs2.body == get.body,
                    "%s, %d bytes (GET alone: %d)"
                    % (describe(rs2), len(rs2.body), len(get.body)))
        finally:
            conn.close()


def conditional():
    etags = {}
    for url in ("/", "/news", "/news?page=1", "/news/" + STATEMENT, "/about"):
        name = "GET %s" % (url if len(url) < 30 else "/news/<statement>")
        rs = c.get(url)
        if not t.status(name + " (conditional)", rs, 200):
            continue
        et, lm = rs.header("etag"), rs.header("last-modified")
        etags[url] = et
        t.check(name + ": ETag quoted", et and ETAG.match(et), "got %r" % et)
        t.check(name + ": Last-Modified is an HTTP date",
                lm and IMF_DATE.match(lm) and email.utils.parsedate_tz(lm),
                "got %r" % lm)
        cc = [x.strip().lower()
              for x in ",".join(rs.header_all("cache-control")).split(",")]
        t.check(name + ": Cache-Control: public, max-age=0",
                cc[:2] == ["public", "max-age=0"] and
                any(x.startswith("s-maxage=") for x in cc),
                "got %r" % rs.header_all("cache-control"))
        if et:
            r = c.get(url, [("If-None-Match", et)])
            if t.status(name + ": If-None-Match ETag -> 304", r, 304):
                t.check(name + ": 304 has the same ETag",
                        r.header("etag") == et, "got %r" % r.header("etag"))
                t.check(name + ": 304 has no body",
                        r.body == b"" and r.extra == b"",
                        "%d stray bytes" % len(r.extra))
        t.status(name + ": If-None-Match * -> 304",
                 c.get(url, [("If-None-Match", "*")]), 304)
        t.status(name + ": wrong If-None-Match -> 200",
                 c.get(url, [("If-None-Match", '"no-such-etag"')]), 200)
        if lm:
            t.status(name + ": If-Modified-Since Last-Modified -> 304",
                     c.get(url, [("If-Modified-Since", lm)]), 304)
        t.status(name + ": If-Modified-Since 2000 -> 200",
                 c.get(url, [("If-Modified-Since",
                              "Sat, 01 Jan 2000 00:00:00 GMT")]), 200)
    if etags.get("/") and etags.get("/news"):
        t.check("ETag of / differs from that of /news",
                etags["/"] != etags["/news"], "both %r" % etags["/"])


def link_hrefs(body, rel):
    """href of every <link> whose rel holds rel, entities decoded."""
    out = []
    for tag in re.findall(r"<link\b[^>]*>", body, re.I):
        r = re.search(r'\brel="([^"]*)"', tag, re.I)
        h = re.search(r'\bhref="([^"]*)"', tag, re.I)
        if r and h and rel in r.group(1).lower().split():
            out.append(h.group(1).replace("&amp;", "&"))
    return out


def static():
    rs = c.get("/static/css/site.css")
    if t.status("GET /static/css/site.css", rs, 200):
        t.check("site.css: Content-Type text/css; charset=utf-8",
                (rs.header("content-type") or "").lower()
                == "text/css; charset=utf-8",
                "got %r" % rs.header("content-type"))
        cc = ",".join(rs.header_all("cache-control")).lower()
        m = re.search(r"max-age=(\d+)", cc)
        t.check("site.css: max-age >= 31536000",
                m and int(m.group(1)) >= 31536000, "got %r" % cc)
        t.check("site.css: immutable", "immutable" in cc, "got %r" % cc)
        t.check("site.css: ETag", rs.header("etag"), "none")
    rs = c.get("/static/img/favicon.svg")
    if t.status("GET /static/img/favicon.svg", rs, 200):
        t.check("favicon.svg: image/svg+xml",
                (rs.header("content-type") or "").lower()
                .startswith("image/svg+xml"),
                "got %r" % rs.header("content-type"))
    home_rs = ctx.get("home")
    if home_rs is not None and home_rs.status == 200:
        css = link_hrefs(home_rs.text, "stylesheet")
        if t.check("GET /: has a stylesheet link", css):
            for href in css:
                r = c.get(href)
                if t.status("stylesheet %s" % href, r, 200):
                    t.check("stylesheet %s: text/css" % href,
                            (r.header("content-type") or "").lower()
                            .startswith("text/css"),
                            "got %r" % r.header("content-type"))
        # The icon is the logo, in the page: no request of its own.
        icons = link_hrefs(home_rs.text, "icon")
        t.check("GET /: one icon, an SVG in the page",
                len(icons) == 1 and
                icons[0].startswith("data:image/svg+xml,"), icons)
        # Weight (issue 11): the logo costs no request, and a public page
        # loads one stylesheet, never the admin's.
        logo = re.search(r'<img class="site-mark" src="([^"]*)"',
                         home_rs.text)
        t.check("GET /: the logo is a data: URL in the page",
                logo and logo.group(1).startswith("data:image/svg+xml,"),
                logo and logo.group(1)[:60])
        t.check("GET /: one stylesheet, not the admin's",
                len(css) == 1 and "admin" not in css[0], css)
    t.status("GET /static/nope.css -> 404", c.get("/static/nope.css"), 404)
    for url in ("/static/../sql/seed.sql",
                "/static/%2e%2e/sql/seed.sql",
                "/static/%2e%2e%2fsql%2fseed.sql",
                "/static/%252e%252e/sql/seed.sql",
                "/static/..%2f..%2fMakefile",
                "/static/css/../../../sql/schema.sql",
                "/static/.hidden",
                "/static/",
                "/static"):
        r = c.get(url)
        t.status("GET %s -> 400/404" % url, r, (400, 404))
        t.check("GET %s: no SQL in the body" % url,
                b"CREATE TABLE" not in r.body and b"INSERT INTO" not in r.body)


def html_sanity():
    for key, name in (("home", "/"), ("news0", "/news"),
                      ("statement", "/news/<statement>"), ("about", "/about")):
        rs = ctx.get(key)
        if rs is None or rs.status != 200:
            t.check("HTML sanity of %s" % name, False, "page not fetched")
            continue
        body = rs.text
        n = len(re.findall(r"<h1[\s>]", body, re.I))
        t.check("%s: exactly one <h1" % name, n == 1, "found %d" % n)
        n = len(re.findall(r"<main[\s>]", body, re.I))
        t.check("%s: exactly one <main" % name, n == 1, "found %d" % n)
        for el in ("header", "footer"):
            t.check("%s: has <%s" % (name, el),
                    re.search(r"<%s[\s>]" % el, body, re.I))
        tags = re.findall(r"<[a-zA-Z][^>]*>", body)
        # A release's JSON-LD is data the browser never runs, not script.
        inline = [x for x in tags if re.match(r"<script\b", x, re.I)
                  and not re.search(r"\ssrc\s*=", x, re.I)
                  and x != '<script type="application/ld+json">']
        t.check("%s: no inline <script" % name, not inline, inline[:3])
        styled = [x for x in tags if re.search(r"\sstyle\s*=", x, re.I)
                  or re.match(r"<style\b", x, re.I)]
        t.check("%s: no style attribute or element" % name, not styled,
                styled[:3])
        onx = [x for x in tags if re.search(r"\son[a-z]+\s*=", x, re.I)]
        t.check("%s: no on...= event attribute" % name, not onx, onx[:3])


def host_header():
    rs = c.get("/", host="evil.example")
    if t.status("GET / with Host: evil.example", rs, 200):
        heads = "\n".join("%s: %s" % kv for kv in rs.headers)
        t.check("Host: evil.example never echoed",
                b"evil.example" not in rs.body.lower()
                and "evil.example" not in heads.lower())


def every_response():
    seen = set()
    for rs in c.responses:
        if rs.status == 0:
            continue
        key = (rs.method, rs.target, rs.status)
        if key in seen:
            continue
        seen.add(key)
        bad = security_header_problems(rs)
        if rs.extra:
            bad.append("%d stray bytes after the response" % len(rs.extra))
        if rs.asked_close and rs.closed is False and not rs.error:
            bad.append("connection still open 1 s after a response to "
                       "Connection: close")
        t.check("headers: %s" % rs.label(), not bad, "; ".join(bad))


def main():
    global c
    if len(sys.argv) != 2:
        sys.stderr.write("usage: suite.py BASE_URL\n")
        return 2
    c = Client(sys.argv[1])
    for fn in (home, news_pages, page_param, statement, every_release, pages,
               not_found, interface_language, hostile_targets,
               trailing_slash, methods, head, conditional, static,
               html_sanity, host_header, every_response):
        section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""seo.py: what search engines and social sites read of the public site
(issue 13), over whichever transport BASE_URL is, on a database freshly
made by `waypoint db init` with admin.py's accounts.

/robots.txt keeps the editors' pages out and names the sitemap;
/sitemap.xml (sitemaps.org 0.9, an index: sitemap.py) and its files list
every public URL in every language,
absolute under [site] base_url, each a real version (never a stand-in for
a missing one) with its W3C lastmod and the hreflang alternates of its
group, reciprocal; drafts and scheduled releases are left out until the
second they are public (published through the editors' forms), and a
store failure is a 503, never part of a sitemap. Every public page, the
404 and the search page included, has a description, an absolute
canonical link, Open Graph and Twitter card tags; a release has its
schema.org NewsArticle as JSON-LD, which a headline made to end its
element cannot break out of.

Usage: seo.py BASE_URL DB_PATH WAYPOINT CONF (as admin.py, whose agent,
forms and database helpers it uses; [site] languages and base_url are
read from CONF).
Prints "ok - ..." / "FAIL - ...: ..." lines, then "N passed, N failed";
exits 1 on any failure. Python 3 standard library only.
"""

import datetime
import json
import os
import re
import sys
import time
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
import store_faults as F  # noqa: E402
from feed import conf_base_url  # noqa: E402
from languages import (COVID_EN, COVID_HU, STATEMENT,  # noqa: E402
                       alternates, attr, canonical, tag)
from lib import Client, describe  # noqa: E402
import sitemap as SMAP  # noqa: E402

t = A.t
S = {}
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HIDDEN = ("draft-upcoming-statement", "scheduled-release-future")
# A W3C datetime with seconds and an offset, as the sitemap and the
# JSON-LD write them.
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"
                 r"(Z|[+-]\d{2}:\d{2})$")
# CLDR's likely territory of each language the test servers have.
OG_LOCALE = {"en": "en_US", "hu": "hu_HU", "uk": "uk_UA", "ar": "ar_EG"}
XSS_TITLE = "</script><script>alert(1)</script><!-- & \u2028"
LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>',
                   re.S)
WAIT = 10           # s: the longest a publication may take to show


def prefix(lang):
    return "" if lang == S["langs"][0] else "/" + lang


def absolute(path):
    return S["base"] + path


def sitemap():
    """The sitemap index's answer, {loc: {"lastmod", "alts": {hreflang:
    href}}} of the union of its files (sitemap.py reads them), and the
    files' roots; None for a sitemap that does not parse."""
    rs, root, files = SMAP.read(
        lambda path: A.Agent().get(path, record=False))
    if root is None:
        return rs, None, "the index does not parse"
    urls = SMAP.url_entries(files)
    if urls is None:
        return rs, None, "a file does not parse"
    return rs, urls, [r for _, _, r in files]


def wait_listed(loc, want):
    """Polls the sitemap until loc is listed (want) or not; whether it
    came to be so within WAIT seconds."""
    deadline = time.time() + WAIT
    while True:
        _, urls, _ = sitemap()
        if urls is not None and (loc in urls) == want:
            return True
        if time.time() > deadline:
            return False
        time.sleep(0.2)


# ---------------------------------------------------------------- sections

def robots():
    c = Client(A.BASE)
    rs = c.get("/robots.txt")
    if not t.status("GET /robots.txt", rs, 200):
        return
    t.check("robots.txt: text/plain; charset=utf-8",
            rs.header("content-type") == "text/plain; charset=utf-8",
            rs.header("content-type"))
    lines = [ln.strip() for ln in rs.text.splitlines()]
    t.check("robots.txt: User-agent: *", "User-agent: *" in lines, lines)
    for lang in S["langs"]:
        want = "Disallow: %s/admin" % prefix(lang)
        t.check("robots.txt: %s" % want, want in lines, lines)
    t.check("robots.txt: nothing else is disallowed",
            len([ln for ln in lines if ln.startswith("Disallow:")]) ==
            len(S["langs"]), lines)
    t.check("robots.txt: Sitemap: %s" % absolute("/sitemap.xml"),
            "Sitemap: " + absolute("/sitemap.xml") in lines, lines)
    etag = rs.header("etag")
    t.status("robots.txt: If-None-Match -> 304",
             c.get("/robots.txt", [("If-None-Match", etag or "")]), 304)
    if len(S["langs"]) > 1:
        other = prefix(S["langs"][1])
        t.status("%s/robots.txt -> 404 (at the root only)" % other,
                 c.get(other + "/robots.txt"), 404)
        t.status("%s/sitemap.xml -> 404 (at the root only)" % other,
                 c.get(other + "/sitemap.xml"), 404)


def sitemap_shape():
    rs, urls, root = sitemap()
    if not t.status("GET /sitemap.xml", rs, 200):
        return
    t.check("sitemap: application/xml; charset=utf-8",
            rs.header("content-type") == "application/xml; charset=utf-8",
            rs.header("content-type"))
    t.check("sitemap: starts with the XML declaration",
            rs.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'),
            rs.body[:60])
    if not t.check("sitemap: well-formed XML", urls is not None, root):
        return
    t.check("sitemap: <urlset> in the sitemaps.org 0.9 namespace",
            all(r.tag == SM + "urlset" for r in root),
            [r.tag for r in root])
    t.check("sitemap: every <url> has a <loc>", None not in urls,
            sorted(u for u in urls if u is None))
    t.check("sitemap: every loc absolute under base_url",
            all(u.startswith(S["base"] + "/") for u in urls),
            [u for u in urls if not u.startswith(S["base"] + "/")][:3])
    bad = [(u, v["lastmod"]) for u, v in urls.items()
           if not W3C.match(v["lastmod"] or "")]
    t.check("sitemap: every url has a W3C datetime lastmod", not bad,
            bad[:3])
    hrefs = [h for v in urls.values() for h in v["alts"].values()]
    t.check("sitemap: every alternate absolute under base_url",
            all(h.startswith(S["base"] + "/") for h in hrefs),
            [h for h in hrefs if not h.startswith(S["base"] + "/")][:3])
    for lang in S["langs"]:
        for path in ("/", "/news"):
            p = prefix(lang) + path if path != "/" else \
                (prefix(lang) or "/")
            t.check("sitemap: lists %s" % p, absolute(p) in urls)
    stmt = absolute(STATEMENT)
    t.check("sitemap: lists the statement (en)", stmt in urls)
    t.check("sitemap: not the statement's /hu/ stand-in",
            absolute("/hu" + STATEMENT) not in urls)
    # The seed has it in English only; an earlier test may have
    # translated it since.
    hu = A.db_one("SELECT v.slug FROM news v JOIN news s ON s.group_id ="
                  " v.group_id WHERE s.slug = ? AND s.lang = 'en' AND"
                  " v.lang = 'hu' AND v.status = 'published' AND"
                  " v.published_at <= unixepoch()",
                  (STATEMENT.rsplit("/", 1)[1],))
    want = {"en": stmt, "x-default": stmt}
    if hu is not None and "hu" in S["langs"]:
        want["hu"] = absolute("/hu/news/" + hu)
    if stmt in urls:
        t.check("sitemap: the statement's alternates: %s" % sorted(want),
                urls[stmt]["alts"] == want, urls[stmt]["alts"])
    en, hu = absolute(COVID_EN), absolute(COVID_HU)
    want = {"en": en, "hu": hu, "x-default": en}
    for loc in (en, hu):
        if t.check("sitemap: lists %s" % loc, loc in urls):
            t.check("sitemap: %s: alternates en, hu and x-default, "
                    "reciprocal" % loc, urls[loc]["alts"] == want,
                    urls[loc]["alts"])
    for slug in HIDDEN:
        t.check("sitemap: no draft or scheduled %s" % slug,
                not any(slug in u for u in urls))
    # Reciprocal everywhere: each alternate is listed with the same set.
    odd = [u for u, v in urls.items() for h in v["alts"].values()
           if h not in urls or urls[h]["alts"] != v["alts"]]
    t.check("sitemap: every alternate listed, with the same alternates",
            not odd, odd[:3])
    t.status("sitemap: If-None-Match -> 304", Client(A.BASE).get(
        "/sitemap.xml", [("If-None-Match", rs.header("etag") or "")]), 304)
    # Each URL is a version in its language: its page's own hreflang link
    # is itself (a stand-in has none), and it is its canonical.
    c = Client(A.BASE)
    wrong = []
    for loc in urls:
        page = c.get(urlsplit(loc).path, record=False)
        lang = next((lg for lg in S["langs"][1:]
                     if urlsplit(loc).path == "/" + lg or
                     urlsplit(loc).path.startswith("/%s/" % lg)),
                    S["langs"][0])
        if page.status != 200 or alternates(page.text).get(lang) != loc \
                or canonical(page.text) != [loc]:
            wrong.append("%s: %s" % (loc, describe(page)))
    t.check("sitemap: each of the %d URLs answers 200 as its language's "
            "own version and canonical" % len(urls), not wrong, wrong[:3])


def store_failure():
    """The pages table unreadable: the sitemap, which has rendered the
    releases by then, answers 503 with Retry-After and the error page, no
    part of the XML; back to the same sitemap once it is readable."""
    c = Client(A.BASE)
    before = F.answer(c.get("/sitemap.xml"))
    F.rename(A.DB_PATH, "pages", "pages_fault", True)
    try:
        rs = F.wait_for(c, "/sitemap.xml", 503)
        t.status("sitemap, pages unreadable -> 503", rs, 503)
        t.check("sitemap, pages unreadable: Retry-After",
                (rs.header("retry-after") or "").isdigit(),
                rs.header("retry-after"))
        t.check("sitemap, pages unreadable: the error page, no XML",
                b"<urlset" not in rs.body and
                (rs.header("content-type") or "").startswith("text/html"),
                describe(rs))
    finally:
        F.rename(A.DB_PATH, "pages_fault", "pages", False)
    rs = F.wait_for(c, "/sitemap.xml", 200)
    t.check("sitemap, pages readable again: as before, nothing cached "
            "from the fault", F.answer(rs) == before, describe(rs))


def publishing():
    ed = S["editor"]
    title = "SEO draft " + A.rnd()
    rs, nid = A.create_news(ed, title, "seo: create a draft -> 303",
                            status="draft")
    slug = A.news_slug(ed, nid) if nid else None
    if not slug:
        return
    loc = absolute("/news/" + slug)
    _, urls, _ = sitemap()
    t.check("sitemap: a draft is not listed", urls is not None and
            loc not in urls)
    A.confirm_and_post(ed, nid, "publish", "seo: publish the draft")
    _, urls, _ = sitemap()
    t.check("sitemap: the published draft is listed at once",
            urls is not None and loc in urls)
    if urls is not None and loc in urls:
        t.check("sitemap: its lastmod is today's",
                W3C.match(urls[loc]["lastmod"] or "") and
                urls[loc]["lastmod"][:10] == A.today(), urls[loc])
    A.confirm_and_post(ed, nid, "unpublish", "seo: unpublish it")
    _, urls, _ = sitemap()
    t.check("sitemap: unpublished, it is gone at once",
            urls is not None and loc not in urls)

    # Scheduled a few seconds ahead: listed the second it is due.
    when = A.site_now() + datetime.timedelta(minutes=2)
    title = "SEO scheduled " + A.rnd()
    rs, sid = A.create_news(ed, title, "seo: create a scheduled release",
                            date=when.strftime("%Y-%m-%d"),
                            time=when.strftime("%H:%M"))
    slug = A.news_slug(ed, sid) if sid else None
    if not slug:
        return
    loc = absolute("/news/" + slug)
    due = int(time.time()) + 3
    A.db_exec("UPDATE news SET published_at = ? WHERE id = ?", (due, sid))
    _, urls, _ = sitemap()
    t.check("sitemap: scheduled, not listed before it is due",
            urls is not None and loc not in urls)
    t.check("sitemap: scheduled, listed once due (within %d s)" % WAIT,
            wait_listed(loc, True))
    t.check("sitemap: ... and not before its second",
            time.time() >= due, "listed at %.1f, due %d" % (time.time(),
                                                             due))


def head_meta(page):
    """{property or name: [content]} of the page's <meta> tags."""
    out = {}
    for m in re.finditer(r"<meta\b[^>]*>", page):
        key = attr(m.group(0), "property") or attr(m.group(0), "name")
        if key:
            out.setdefault(key, []).append(attr(m.group(0), "content"))
    return out


def one(meta, key):
    v = meta.get(key, [])
    return v[0] if len(v) == 1 else None


def metadata():
    c = Client(A.BASE)
    pages = [("/", 200, "website"), ("/news", 200, "website"),
             ("/about", 200, "website"), (STATEMENT, 200, "article"),
             ("/nope", 404, "website"),
             ("/search?q=migration", 200, "website")]
    if "hu" in S["langs"]:
        pages += [("/hu/news", 200, "website"), ("/hu", 200, "website"),
                  ("/hu/nope", 404, "website"),
                  ("/hu/search?q=migration", 200, "website")]
    descs = {}
    for path, status, og_type in pages:
        rs = c.get(path)
        if not t.status("meta: GET %s" % path, rs, status):
            continue
        lang = "hu" if path == "/hu" or path.startswith("/hu/") else \
            S["langs"][0]
        m = head_meta(rs.text)
        desc = one(m, "description")
        descs[path] = desc
        t.check("%s: one non-empty meta description" % path,
                desc and desc.strip(), m.get("description"))
        canon = canonical(rs.text)
        want = absolute(path)
        t.check("%s: canonical %s" % (path, want), canon == [want], canon)
        title = one(m, "og:title")
        t.check("%s: og:title" % path, title, m.get("og:title"))
        t.check("%s: og:description is the description" % path,
                one(m, "og:description") == desc, m.get("og:description"))
        t.check("%s: og:url is the canonical" % path,
                one(m, "og:url") == want, m.get("og:url"))
        t.check("%s: og:site_name" % path, one(m, "og:site_name"),
                m.get("og:site_name"))
        t.check("%s: og:type %s" % (path, og_type),
                one(m, "og:type") == og_type, m.get("og:type"))
        t.check("%s: og:locale %s" % (path, OG_LOCALE[lang]),
                one(m, "og:locale") == OG_LOCALE[lang], m.get("og:locale"))
        others = sorted(OG_LOCALE[lg] for lg in S["langs"] if lg != lang)
        t.check("%s: og:locale:alternate %s" % (path, others),
                sorted(m.get("og:locale:alternate", [])) == others,
                m.get("og:locale:alternate"))
        t.check("%s: twitter:card summary" % path,
                one(m, "twitter:card") == "summary", m.get("twitter:card"))
        t.check("%s: twitter:title is og:title" % path,
                one(m, "twitter:title") == title, m.get("twitter:title"))
        t.check("%s: twitter:description is the description" % path,
                one(m, "twitter:description") == desc,
                m.get("twitter:description"))
        t.check("%s: JSON-LD on a release only" % path,
                bool(LD_RE.search(rs.text)) == (og_type == "article"))
    if "/hu/news" in descs:
        t.check("/hu/news describes itself in Hungarian, not as /news",
                descs["/hu/news"] and descs["/hu/news"] != descs["/news"],
                (descs["/news"], descs["/hu/news"]))


def ld_of(rs):
    """The JSON-LD of a page, parsed; None when there is not exactly one
    or it does not parse."""
    found = LD_RE.findall(rs.text)
    if len(found) != 1:
        return None
    try:
        return json.loads(found[0])
    except ValueError:
        return None


def jsonld():
    c = Client(A.BASE)
    rs = c.get(STATEMENT)
    if not t.status("JSON-LD: GET the statement", rs, 200):
        return
    ld = ld_of(rs)
    if not t.check("JSON-LD: one script that parses as JSON", ld,
                   LD_RE.findall(rs.text)):
        return
    m = head_meta(rs.text)
    t.check("JSON-LD: @context schema.org, @type NewsArticle",
            ld.get("@context") == "https://schema.org" and
            ld.get("@type") == "NewsArticle", ld)
    t.check("JSON-LD: headline is the title",
            ld.get("headline") == one(m, "og:title"), ld.get("headline"))
    t.check("JSON-LD: description is the summary",
            ld.get("description") == one(m, "description"),
            ld.get("description"))
    for k in ("datePublished", "dateModified"):
        t.check("JSON-LD: %s, ISO 8601 with offset" % k,
                W3C.match(ld.get(k) or ""), ld.get(k))
    t.check("JSON-LD: datePublished is the release's date, 2021-12-17",
            (ld.get("datePublished") or "").startswith("2021-12-17"),
            ld.get("datePublished"))
    t.check("JSON-LD: locationCreated is the Place Geneva",
            ld.get("locationCreated") == {"@type": "Place",
                                          "name": "Geneva"},
            ld.get("locationCreated"))
    t.check("JSON-LD: inLanguage en", ld.get("inLanguage") == "en")
    want = absolute(STATEMENT)
    t.check("JSON-LD: url and mainEntityOfPage are the canonical",
            ld.get("url") == want and ld.get("mainEntityOfPage") == want,
            (ld.get("url"), ld.get("mainEntityOfPage")))
    pub = ld.get("publisher") or {}
    t.check("JSON-LD: publisher, the Organization named as the site",
            pub.get("@type") == "Organization" and
            pub.get("name") == one(m, "og:site_name"), pub)
    t.check("JSON-LD: publisher logo, absolute under base_url",
            (pub.get("logo") or "").startswith(S["base"] + "/static/"),
            pub.get("logo"))
    t.status("JSON-LD: the logo answers 200",
             c.get(urlsplit(pub.get("logo") or "/").path + "?" +
                   urlsplit(pub.get("logo") or "/").query), 200)
    csp = rs.header("content-security-policy") or ""
    t.check("JSON-LD: the CSP is unchanged: script-src 'self', no "
            "'unsafe-inline'", "script-src 'self'" in csp and
            "unsafe-inline" not in csp, csp)

    # A headline and dateline made to end the element cannot.
    ed = S["editor"]
    rs, nid = A.create_news(ed, XSS_TITLE, "JSON-LD: a release titled "
                            "</script><script>...", dateline="</script>",
                            summary="<!-- <script>")
    slug = A.news_slug(ed, nid) if nid else None
    if not slug:
        return
    page = c.get("/news/" + slug)
    if not t.status("JSON-LD: GET the hostile release", page, 200):
        return
    t.check("JSON-LD: the page has no <script>alert(1)",
            "<script>alert(1)" not in page.text)
    t.check("JSON-LD: exactly one script element with no src",
            len(tag(page.text, "script", "type",
                    "application/ld+json")) == 1 and
            len(re.findall(r"<script\b(?![^>]*\bsrc=)", page.text)) == 1,
            re.findall(r"<script\b[^>]*>", page.text))
    ld = ld_of(page)
    # The form trims the title: compare with the one the page shows.
    title = one(head_meta(page.text), "og:title") or ""
    t.check("JSON-LD: it parses, with the headline, dateline and "
            "description as saved", ld and ld.get("headline") == title
            and XSS_TITLE.startswith(title)
            and "</script><script>" in title
            and ld.get("locationCreated", {}).get("name") == "</script>"
            and ld.get("description") == "<!-- <script>", (title, ld))
    body = LD_RE.search(page.text)
    t.check("JSON-LD: its text holds no <, > or & nor U+2028",
            body and not re.search("[<>&\u2028]", body.group(1)),
            body and body.group(1)[:200])
    A.confirm_and_post(ed, nid, "delete", "JSON-LD: delete the release")


def main():
    if not A.start("seo.py"):
        return 2
    S["langs"] = A.site_languages()
    S["base"] = conf_base_url(A.CONF, A.BASE)
    for fn in (robots, sitemap_shape, metadata, store_failure):
        A.section(fn)
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    for fn in (publishing, jsonld):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

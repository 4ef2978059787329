#!/usr/bin/env python3
"""feed.py: the HTTP tests of the Atom feeds of releases (issue 13):
/news/feed and /<lang>/news/feed, run against any base URL (waypoint
serve, or nginx -> waypoint fcgi) over a database made by `waypoint db
init` for a site with [site] languages holding en and hu, in which the run
script has created admin.py's accounts (editor1, admin1).

Usage: feed.py BASE_URL DB_PATH WAYPOINT CONF
  as admin.py, whose agent, forms and database helpers it uses; CONF's
  [site] base_url (else BASE_URL) is where absolute URLs must start.

Each feed is parsed with xml.etree (well-formedness) and held to RFC 4287's
required elements. Releases are made, renamed, translated and published
through the admin; a control character is put in a release's stored body
directly, as an import would. Prints "ok - name" or "FAIL - name: detail"
per check, then "N passed, N failed"; exits 1 when a check failed.
"""

import datetime
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import describe  # noqa: E402

t = A.t
S = {}
NS = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# RFC 4151: tag:<authority>,<YYYY-MM-DD>:news/<row id>.
TAG = re.compile(r"^tag:([a-z0-9.-]+),(\d{4}-\d{2}-\d{2}):news/(\d+)$")
FEED_LINK = re.compile(r'<link\b[^>]*\brel="alternate"[^>]*'
                       r'\btype="application/atom\+xml"[^>]*>', re.I)
MAX_ENTRIES = 20
BASE_URL = ""


class Feed:
    """A feed as parsed: its root and entries, or why it is none."""

    def __init__(self, rs):
        self.rs = rs
        self.root = None
        self.error = None
        try:
            self.root = ET.fromstring(rs.body)
        except ET.ParseError as e:
            self.error = "not well-formed XML: %s" % e
        self.entries = (self.root.findall(NS + "entry")
                        if self.root is not None else [])

    def text(self, name, node=None):
        el = (self.root if node is None else node).find(NS + name)
        return el.text if el is not None else None

    def link(self, rel, node=None):
        for el in (self.root if node is None else node).findall(NS + "link"):
            if el.get("rel", "alternate") == rel:
                return el.get("href")
        return None

    def by_title(self, title):
        return [e for e in self.entries if self.text("title", e) == title]


def get_feed(path, name):
    rs = S["visitor"].get(path)
    t.status("%s: GET %s" % (name, path), rs, 200)
    f = Feed(rs)
    t.check("%s: well-formed XML" % name, f.root is not None, f.error)
    return f


def wait_feed(path, cond, seconds=5.0):
    """The feed at path once cond(feed) holds, or the last one after
    seconds: a change made to the file by another program is seen within a
    second."""
    end = time.monotonic() + seconds
    while True:
        f = Feed(S["visitor"].get(path))
        if f.root is not None and cond(f) or time.monotonic() > end:
            return f
        time.sleep(0.1)


def feed_shape(f, path, lang, name):
    """RFC 4287's required elements and this site's rules, on feed f."""
    if f.root is None:
        return
    t.check("%s: Content-Type %s" % (name, ATOM_TYPE),
            f.rs.header("content-type") == ATOM_TYPE,
            f.rs.header("content-type"))
    t.check("%s: the root is an Atom feed" % name, f.root.tag == NS + "feed",
            f.root.tag)
    t.check("%s: xml:lang=%s" % (name, lang), f.root.get(XML_LANG) == lang,
            f.root.get(XML_LANG))
    for el in ("id", "title", "updated"):
        t.check("%s: feed has <%s>" % (name, el), f.text(el), el)
    t.check("%s: feed <updated> is RFC 3339 UTC" % name,
            RFC3339.match(f.text("updated") or ""), f.text("updated"))
    author = f.root.find(NS + "author")
    t.check("%s: feed <author><name>" % name, author is not None and
            (author.findtext(NS + "name") or "").strip())
    self_url = BASE_URL + path
    t.check("%s: rel=self is %s" % (name, self_url),
            f.link("self") == self_url, f.link("self"))
    news = BASE_URL + ("/%s/news" % lang if path.startswith("/" + lang + "/")
                       else "/news")
    t.check("%s: rel=alternate is %s" % (name, news),
            f.link("alternate") == news, f.link("alternate"))
    t.check("%s: at most %d entries" % (name, MAX_ENTRIES),
            0 < len(f.entries) <= MAX_ENTRIES, len(f.entries))
    bad, newest, published = [], "", []
    for e in f.entries:
        eid, title = f.text("id", e) or "", f.text("title", e)
        upd, pub = f.text("updated", e) or "", f.text("published", e) or ""
        href = f.link("alternate", e) or ""
        content = e.find(NS + "content")
        if not TAG.match(eid):
            bad.append("id %r" % eid)
        if not title:
            bad.append("%s: no title" % eid)
        if not RFC3339.match(upd) or not RFC3339.match(pub) or upd < pub:
            bad.append("%s: updated %r published %r" % (eid, upd, pub))
        if not href.startswith(BASE_URL + "/"):
            bad.append("%s: link %r" % (eid, href))
        if content is None or content.get("type") != "html":
            bad.append("%s: content" % eid)
        newest = max(newest, upd)
        published.append(pub)
    t.check("%s: every entry has a tag: id, title, RFC 3339 published and "
            "updated (not before), an absolute link, content type=html"
            % name,
            not bad, bad[:3])
    t.check("%s: feed <updated> is its newest entry's" % name,
            f.text("updated") == newest, (f.text("updated"), newest))
    t.check("%s: entries newest first" % name,
            published == sorted(published, reverse=True), published[:5])
    hosts = re.findall(rb'(?:href|uri)="([^"]*)"|<(?:id|uri)>([^<]*)<',
                       f.rs.body)
    urls = [(a or b).decode() for a, b in hosts]
    urls = [u for u in urls if not u.startswith("tag:")]
    t.check("%s: every URL is absolute, from base_url" % name,
            urls and all(u.startswith(BASE_URL + "/") for u in urls),
            [u for u in urls if not u.startswith(BASE_URL + "/")][:3])


def basics():
    f = get_feed("/news/feed", "en feed")
    feed_shape(f, "/news/feed", "en", "en feed")
    S["en"] = f
    hu = get_feed("/hu/news/feed", "hu feed")
    feed_shape(hu, "/hu/news/feed", "hu", "hu feed")
    S["hu"] = hu
    for f, lang, news in ((S["en"], "en", "News"), (hu, "hu", "H\u00edrek")):
        name = A.db_one("SELECT value FROM settings WHERE key = 'site_name'"
                        " AND lang IN (?, 'en') ORDER BY lang = 'en'", (lang,))
        t.check("%s feed: title is the site name and %s" % (lang, news),
                f.text("title") == "%s: %s" % (name, news), f.text("title"))
        tagline = A.db_one("SELECT value FROM settings WHERE key = 'tagline'"
                           " AND lang = ?", (lang,))
        t.check("%s feed: subtitle is the %s tagline" % (lang, lang),
                f.text("subtitle") == tagline, f.text("subtitle"))
    for lang in A.site_languages():
        if lang in ("en", "hu") or A.db_one(
                "SELECT 1 FROM settings WHERE key = 'tagline' AND lang = ?",
                (lang,)):
            continue
        f = get_feed("/%s/news/feed" % lang, "%s feed" % lang)
        t.check("%s feed: no tagline in %s, no subtitle (not another "
                "language's)" % (lang, lang), f.root is not None and
                f.text("subtitle") is None and
                f.root.get(XML_LANG) == lang, f.text("subtitle"))
    rs = S["visitor"].request("HEAD", "/news/feed")
    t.check("HEAD /news/feed: 200, the type, no body",
            rs.status == 200 and rs.header("content-type") == ATOM_TYPE and
            not rs.body, describe(rs))
    t.status("/news/feed/: redirects to /news/feed",
             S["visitor"].get("/news/feed/"), 301)
    t.status("POST /news/feed -> 405",
             S["visitor"].request("POST", "/news/feed"), 405)


def conditional():
    v = S["visitor"]
    rs = v.get("/news/feed")
    etag = rs.header("etag")
    if not t.check("feed: has an ETag and Last-Modified",
                   etag and rs.header("last-modified"), describe(rs)):
        return
    again = v.get("/news/feed", headers=[("If-None-Match", etag)])
    t.check("feed: If-None-Match with its ETag -> 304, no body",
            again.status == 304 and not again.body, describe(again))
    gz = v.get("/news/feed", headers=[("Accept-Encoding", "gzip")])
    t.check("feed: gzip copy with the same type",
            gz.status == 200 and gz.header("content-encoding") == "gzip" and
            gz.header("content-type") == ATOM_TYPE, describe(gz))
    S["etag"] = etag


def links():
    """Every public page links the feed of its language in its head."""
    v = S["visitor"]
    first = {}
    for lang in ("en", "hu"):
        f = S.get(lang)
        if f is not None and f.entries:
            first[lang] = urlsplit(f.link("alternate", f.entries[0])).path
    for path, want in (("/", "/news/feed"), ("/news", "/news/feed"),
                       ("/about", "/news/feed"),
                       (first.get("en", "/news/"), "/news/feed"),
                       ("/hu", "/hu/news/feed"), ("/hu/news", "/hu/news/feed"),
                       (first.get("hu", "/hu/news/"), "/hu/news/feed")):
        rs = v.get(path)
        head = rs.text.split("</head>")[0]
        tags = FEED_LINK.findall(head)
        href = re.search(r'\bhref="([^"]*)"', tags[0]) if tags else None
        t.check("%s: <link rel=alternate type=application/atom+xml "
                "href=%s title=…> in the head" % (path, want),
                rs.status == 200 and len(tags) == 1 and href and
                href.group(1) == want and 'title="' in tags[0],
                tags or describe(rs))


def entry_of(f, title):
    found = f.by_title(title)
    return found[0] if found else None


def publishing():
    ed = S["editor"]
    before = S["visitor"].get("/news/feed")
    title = "Feed release " + A.rnd()
    _, nid = A.create_news(ed, title, "feed: create a published release",
                           summary="Feed summary.")
    if not nid:
        return
    S["release"] = (nid, title)
    f = get_feed("/news/feed", "feed after a publish")
    e = entry_of(f, title)
    t.check("feed: a publish is in the feed at once",
            e is not None,
            [f.text("title", x) for x in f.entries[:3]])
    t.check("feed: a publish changes the ETag",
            f.rs.header("etag") != before.header("etag"),
            f.rs.header("etag"))
    if e is None:
        return
    m = TAG.match(f.text("id", e) or "")
    t.check("feed: the entry's id is tag:<base_url host>,<date>:news/<id>",
            m and m.group(1) == urlsplit(BASE_URL).hostname and
            m.group(3) == nid, f.text("id", e))
    t.check("feed: the entry has its summary",
            f.text("summary", e) == "Feed summary.", f.text("summary", e))
    slug = A.news_slug(ed, nid)
    t.check("feed: the entry links the release",
            f.link("alternate", e) == BASE_URL + "/news/" + slug,
            f.link("alternate", e))
    t.check("feed: an entry in the feed's language has no xml:lang",
            e.get(XML_LANG) is None, e.get(XML_LANG))

    # A slug change keeps the id and moves the link.
    _, form = A.edit_form(ed, "news", nid)
    new = "feed-renamed-" + A.rnd()
    rs = A.save_form(ed, "news", nid, form, slug=new)
    t.status("feed: rename the release -> 303", rs, 303)
    g = get_feed("/news/feed", "feed after a slug change")
    e2 = entry_of(g, title)
    t.check("feed: a slug change keeps the entry's id",
            e2 is not None and g.text("id", e2) == f.text("id", e),
            e2 is not None and g.text("id", e2))
    t.check("feed: a slug change moves the entry's link",
            e2 is not None and
            g.link("alternate", e2) == BASE_URL + "/news/" + new,
            e2 is not None and g.link("alternate", e2))


def hidden():
    """A draft and a scheduled release are never in the feed."""
    ed = S["editor"]
    draft = "Feed draft " + A.rnd()
    A.create_news(ed, draft, "feed: create a draft", status="draft")
    later = "Feed scheduled " + A.rnd()
    tomorrow = (A.site_now() + datetime.timedelta(days=2)).strftime(
        "%Y-%m-%d")
    _, sid = A.create_news(ed, later, "feed: create a scheduled release",
                           date=tomorrow)
    for path in ("/news/feed", "/hu/news/feed"):
        f = get_feed(path, "feed with a draft and a scheduled release")
        titles = [f.text("title", e) for e in f.entries]
        t.check("%s: no draft" % path, draft not in titles)
        t.check("%s: no scheduled release" % path, later not in titles)
        t.check("%s: no draft or scheduled text anywhere" % path,
                draft.encode() not in f.rs.body and
                later.encode() not in f.rs.body)
    if not sid:
        return
    # Due now: in the feed, with updated = its publication.
    A.db_exec("UPDATE news SET published_at = unixepoch() - 1, updated_at"
              " = unixepoch() - 3600 WHERE id = ?", (int(sid),))
    f = wait_feed("/news/feed", lambda f: f.by_title(later))
    e = entry_of(f, later)
    t.check("feed: a scheduled release that falls due appears",
            e is not None, [f.text("title", x) for x in f.entries[:3]])
    if e is not None:
        t.check("feed: its updated is its publication, the later change",
                f.text("updated", e) == f.text("published", e),
                (f.text("updated", e), f.text("published", e)))


def languages():
    """The hu feed lists hu versions and the default's in their place,
    marked with xml:lang."""
    ed = S["editor"]
    if "release" not in S:
        return
    nid, title = S["release"]
    hu_title = "Hírcsatorna-közlemény " + A.rnd()
    _, rs, hid = A.translate(ed, "news", nid, "hu", "feed: translate into hu",
                             title=hu_title, slug="", status="published")
    if not t.check("feed: the hu translation saved", hid, describe(rs)):
        return
    hu = get_feed("/hu/news/feed", "hu feed with a translation")
    e = entry_of(hu, hu_title)
    t.check("hu feed: lists the hu version, no xml:lang on it",
            e is not None and e.get(XML_LANG) is None,
            [hu.text("title", x) for x in hu.entries[:3]])
    t.check("hu feed: not the en version of the same release",
            not hu.by_title(title))
    if e is not None:
        m = TAG.match(hu.text("id", e) or "")
        t.check("hu feed: the hu version's own id (its row)",
                m and m.group(3) == hid, hu.text("id", e))
        t.check("hu feed: the entry links /hu/news/<its slug>",
                (hu.link("alternate", e) or "").startswith(
                    BASE_URL + "/hu/news/"), hu.link("alternate", e))
    others = [x for x in hu.entries if x.get(XML_LANG) is not None]
    t.check("hu feed: releases without a hu version stand in, "
            "xml:lang=\"en\"", others and
            all(x.get(XML_LANG) == "en" for x in others),
            [x.get(XML_LANG) for x in hu.entries[:5]])
    en = get_feed("/news/feed", "en feed with a translation")
    t.check("en feed: the en version, not the hu one",
            en.by_title(title) and not en.by_title(hu_title))


def limit():
    """20 entries at most: the 20 newest, as the news list shows them."""
    ed = S["editor"]
    have = A.db_one("SELECT count(DISTINCT group_id) FROM news WHERE status"
                    " = 'published' AND published_at <= unixepoch()") or 0
    for i in range(max(0, MAX_ENTRIES + 1 - have)):
        A.create_news(ed, "Feed filler %d %s" % (i, A.rnd()),
                      "feed: create release %d of %d" % (i + 1,
                                                          MAX_ENTRIES + 1))
    f = get_feed("/news/feed", "feed of more than 20")
    t.check("feed: exactly %d entries of more" % MAX_ENTRIES,
            len(f.entries) == MAX_ENTRIES, len(f.entries))
    listed = []
    for page in (0, 1):
        rs = S["visitor"].get("/news?page=%d" % page)
        listed += re.findall(r'<a\b[^>]*\bhref="(/news/[^"?#]+)"', rs.text)
    order = []
    for p in listed:
        if p not in order and p != "/news/feed":
            order.append(p)
    links = [urlsplit(f.link("alternate", e)).path for e in f.entries]
    t.check("feed: the %d newest, in the news list's order" % MAX_ENTRIES,
            links == order[:MAX_ENTRIES], (links[:3], order[:3]))


def hostile():
    """<script>, & and control characters from content stay text in a
    well-formed feed."""
    ed = S["editor"]
    title = "Feed <script>alert(1)</script> & \"q\" " + A.rnd()
    _, nid = A.create_news(ed, title, "feed: create a release with markup",
                           body="Text & more <script>alert(1)</script>")
    if not nid:
        return
    f = get_feed("/news/feed", "feed with markup in a release")
    e = entry_of(f, title)
    t.check("feed: the title is text, <script> and & as typed",
            e is not None, [f.text("title", x) for x in f.entries[:2]])
    if e is not None:
        content = e.find(NS + "content").text or ""
        t.check("feed: raw HTML in Markdown is not passed through: the "
                "content holds no <script> element",
                "<script>" not in content and "&amp;" in content,
                content[:200])
    t.check("feed: no <script element in the XML",
            b"<script" not in f.rs.body)
    # A control character, as an import could store it.
    mark = A.rnd()
    A.db_exec("UPDATE news SET title = ?, body_html = ?, summary = ? "
              "WHERE id = ?", ("Ctl\x01title " + mark, "<p>a\x02b\x1bc</p>",
                               "sum\x0bmary", int(nid)))
    f = wait_feed("/news/feed", lambda f: any(
        mark in (f.text("title", x) or "") for x in f.entries))
    t.check("feed: control characters in content: still well-formed",
            f.root is not None, f.error)
    t.check("feed: the control characters are gone (U+FFFD)",
            f.root is not None and
            any(f.text("title", x) == "Ctl\ufffdtitle " + mark
                for x in f.entries) and
            not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", f.rs.body),
            f.error or [f.text("title", x) for x in f.entries[:2]])


def reserved():
    """A release may not take the slug "feed"; a title "Feed" makes
    another slug."""
    ed = S["editor"]
    rs = ed.post("/admin/news", A.news_fields(ed, "Slug feed " + A.rnd(),
                                              slug="feed"))
    t.check("release slug feed: refused, the form again with a message at "
            "the slug", rs.status in (200, 400, 422) and
            "site itself uses" in rs.text, describe(rs))
    _, nid = A.create_news(ed, "Feed", "release titled Feed -> 303")
    if nid:
        slug = A.news_slug(ed, nid)
        t.check("release titled Feed: a slug other than feed",
                slug and slug != "feed", slug)
    f = get_feed("/news/feed", "feed after a release titled Feed")
    t.check("/news/feed is still the feed", f.root is not None and
            f.root.tag == NS + "feed")


def taken_slug():
    """A release saved as "feed" before the feed existed: /news/feed stays
    the feed, and `waypoint db check` names the release."""
    nid = A.db_one("SELECT id FROM news WHERE slug = 'feed'")
    if not t.setup("no release has the slug feed yet", nid is None, nid):
        return
    con = A.db()
    try:
        nid = con.execute(
            "INSERT INTO news (lang, slug, title, pub_date, body_html, "
            "status, published_at) VALUES ('en', 'feed', 'Old feed "
            "release', date(), '<p>old</p>', 'published', "
            "unixepoch())").lastrowid
    finally:
        con.close()
    try:
        f = wait_feed("/news/feed", lambda f: f.by_title("Old feed release"))
        t.check("a release with the slug feed: /news/feed is the feed, "
                "listing it", f.root is not None and
                f.root.tag == NS + "feed" and f.by_title("Old feed release"),
                f.error or describe(f.rs))
        # The suites edit releases with sqlite3, which cannot reach the
        # search index: db migrate brings it in step (README), so that
        # db check has only the slug to report.
        rc, out = A.waypoint("db", "migrate")
        t.setup("db migrate before db check", rc == 0, out)
        rc, out = A.waypoint("db", "check")
        t.check("a release with the slug feed: db check exits 1 naming it",
                rc == 1 and ('release %d (en) has the slug "feed"' % nid)
                in out, "exit %s: %s" % (rc, out))
    finally:
        A.db_exec("DELETE FROM news WHERE id = ?", (nid,))
    rc, out = A.waypoint("db", "migrate")
    t.setup("db migrate before db check", rc == 0, out)
    rc, out = A.waypoint("db", "check")
    t.check("without it: db check exits 0", rc == 0, "exit %s: %s"
            % (rc, out))


def empty():
    """With no release public, the feed is still a valid one: no entry,
    updated at the epoch. Put back as it was."""
    ids = [r[0] for r in A.db_all("SELECT id FROM news WHERE status = "
                                  "'published'")]
    if not t.setup("releases to hide for an empty feed", ids):
        return
    marks = ",".join("?" * len(ids))
    try:
        A.db_exec("UPDATE news SET status = 'draft' WHERE id IN (%s)" % marks,
                  ids)
        f = wait_feed("/news/feed", lambda f: not f.entries)
        t.check("empty feed: well-formed, no entry",
                f.root is not None and not f.entries,
                f.error or len(f.entries))
        if f.root is not None:
            t.check("empty feed: updated 1970-01-01T00:00:00Z",
                    f.text("updated") == "1970-01-01T00:00:00Z",
                    f.text("updated"))
            t.check("empty feed: id, title, author and links still there",
                    f.text("id") and f.text("title") and
                    f.root.find(NS + "author") is not None and
                    f.link("self") == BASE_URL + "/news/feed" and
                    f.link("alternate") == BASE_URL + "/news")
    finally:
        A.db_exec("UPDATE news SET status = 'published' WHERE id IN (%s)"
                  % marks, ids)
    f = wait_feed("/news/feed", lambda f: len(f.entries) == MAX_ENTRIES)
    t.check("feed: its entries back once the releases are",
            len(f.entries) == MAX_ENTRIES, len(f.entries))


def conf_base_url(conf, fallback):
    with open(conf) as f:
        m = re.search(r"^base_url\s*=\s*(\S+)\s*$", f.read(), re.M)
    return (m.group(1) if m else fallback).rstrip("/")


def main():
    global BASE_URL
    if len(sys.argv) != 5:
        sys.stderr.write("usage: feed.py BASE_URL DB_PATH WAYPOINT CONF\n")
        return 2
    A.BASE, A.DB_PATH, A.WAYPOINT, A.CONF = sys.argv[1:]
    A.BASE = A.BASE.rstrip("/")
    A.NETLOC = urlsplit(A.BASE).netloc
    if not os.path.isfile(A.DB_PATH):
        sys.stderr.write("feed.py: no database at %s\n" % A.DB_PATH)
        return 2
    BASE_URL = conf_base_url(A.CONF, A.BASE)
    S["visitor"] = A.Agent()
    for fn in (basics, conditional, links):
        A.section(fn)
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    for fn in (publishing, hidden, languages, limit, hostile, reserved,
               taken_slug, empty):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

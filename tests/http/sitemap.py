#!/usr/bin/env python3
"""sitemap.py: the sitemap split into an index and files (issue 16), over
whichever transport BASE_URL is, on a database made by `waypoint db init`.

/sitemap.xml is a sitemaps.org index listing files
/sitemap-<part>-<n>.xml of at most [test] sitemap_urls URLs each (the test
servers set it low, so that the demo content fills several); each file is
200 with the sitemap's type and validators, no URL is in two files, and
their union is exactly what the one sitemap listed before: the home page
and each list in every language, and every visible version of every
release, page, project, event and publication in a language of the site.
The newest release is in the last file of releases (ranges of ids: a new
one lands there), and no file is listed that would be empty. A file past either end, a part there is none of, a
number with a leading zero or none, and the files under a language's
prefix are 404s.

read() and url_entries() are also how seo.py and publications.py read
the sitemap.

Usage: sitemap.py BASE_URL DB_PATH WAYPOINT CONF (as admin.py).
Prints "ok - ..." / "FAIL - ...: ..." lines, then "N passed, N failed";
exits 1 on any failure. Python 3 standard library only.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from feed import conf_base_url  # noqa: E402

t = A.t
S = {}
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_TYPE = "application/xml; charset=utf-8"
FILE_RE = re.compile(r"^/sitemap-(site|news|page|project|event|"
                     r"publication)-(0|[1-9][0-9]*)\.xml$")
# Each kind's items: its table, the kind column's value, and the path of
# an item under a language's prefix.
KINDS = (("news", "news", None, "/news/"),
         ("page", "pages", None, "/"),
         ("project", "entries", "project", "/"),
         ("event", "entries", "event", "/events/"),
         ("publication", "entries", "publication", "/resources/"))
FIXED = ("/", "/news", "/projects", "/events", "/resources")


def read(get):
    """The index's answer, its root (None when it does not parse) and
    [(path, answer, root)] for each file it lists, in its order (root
    None for a file that does not parse); get(path) fetches."""
    rs = get("/sitemap.xml")
    try:
        root = ET.fromstring(rs.body)
    except ET.ParseError:
        return rs, None, []
    files = []
    for loc in root.iter(SM + "loc"):
        path = urlsplit(loc.text or "").path
        f = get(path)
        try:
            froot = ET.fromstring(f.body)
        except ET.ParseError:
            froot = None
        files.append((path, f, froot))
    return rs, root, files


def url_entries(files):
    """{loc: {"lastmod", "alts": {hreflang: href}}} of every <url> of the
    files read() gave; None when one does not parse."""
    urls = {}
    for _, _, root in files:
        if root is None:
            return None
        for u in root.findall(SM + "url"):
            urls[u.findtext(SM + "loc")] = {
                "lastmod": u.findtext(SM + "lastmod"),
                "alts": {a.get("hreflang"): a.get("href")
                         for a in u.findall(XHTML + "link")
                         if a.get("rel") == "alternate"},
            }
    return urls


def get(path, headers=()):
    return A.Agent().get(path, headers, record=False)


def limit():
    """[test] sitemap_urls of CONF, else its default."""
    with open(A.CONF) as f:
        m = re.search(r"^sitemap_urls\s*=\s*(\d+)", f.read(), re.M)
    return int(m.group(1)) if m else 50000


def prefix(lang):
    return "" if lang == S["langs"][0] else "/" + lang


def expected():
    """Every URL the one sitemap listed, from the database as it is."""
    want = set()
    for lang in S["langs"]:
        for path in FIXED:
            p = prefix(lang) + path if path != "/" else \
                (prefix(lang) or "/")
            want.add(S["base"] + p)
    marks = ",".join("?" * len(S["langs"]))
    for _, table, kind, path in KINDS:
        sql = ("SELECT lang, slug FROM %s WHERE status = 'published'"
               " AND coalesce(published_at, 0) <= unixepoch()"
               " AND lang IN (%s)" % (table, marks))
        args = list(S["langs"])
        if kind is not None:
            sql += " AND kind = ?"
            args.append(kind)
        for lang, slug in A.db_all(sql, args):
            want.add(S["base"] + prefix(lang) + path + slug)
    return want


# ---------------------------------------------------------------- sections

def index():
    rs, root, files = read(get)
    if not t.status("GET /sitemap.xml", rs, 200):
        return
    t.check("index: %s" % XML_TYPE, rs.header("content-type") == XML_TYPE,
            rs.header("content-type"))
    t.check("index: starts with the XML declaration",
            rs.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'),
            rs.body[:60])
    if not t.check("index: well-formed XML", root is not None, rs.body[:200]):
        return
    t.check("index: <sitemapindex> in the sitemaps.org 0.9 namespace",
            root.tag == SM + "sitemapindex", root.tag)
    locs = [s.findtext(SM + "loc") for s in root.findall(SM + "sitemap")]
    t.check("index: every <sitemap> has a <loc>", locs and None not in locs,
            locs)
    t.check("index: each file absolute under base_url, at the root",
            all((u or "").startswith(S["base"] + "/sitemap-") for u in locs),
            locs)
    paths = [f[0] for f in files]
    t.check("index: each file named /sitemap-<part>-<n>.xml",
            all(FILE_RE.match(p) for p in paths), paths)
    t.check("index: no file listed twice", len(set(paths)) == len(paths),
            paths)
    t.check("index: has validators", rs.header("etag") is not None and
            rs.header("last-modified") is not None, rs.headers)
    t.status("index: If-None-Match -> 304", get(
        "/sitemap.xml", [("If-None-Match", rs.header("etag") or "")]), 304)
    if limit() < 50000:
        t.check("index: the content split into several files of releases",
                len([p for p in paths if "-news-" in p]) > 1, paths)
    S["files"] = files


def files():
    seen = {}
    for path, rs, root in S.get("files", []):
        if not t.status("GET %s" % path, rs, 200):
            continue
        ok = rs.header("content-type") == XML_TYPE and \
            rs.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        t.check("%s: %s, the XML declaration first" % (path, XML_TYPE), ok,
                (rs.header("content-type"), rs.body[:60]))
        if not t.check("%s: a well-formed <urlset>" % path,
                       root is not None and root.tag == SM + "urlset",
                       rs.body[:200]):
            continue
        locs = [u.findtext(SM + "loc") for u in root.findall(SM + "url")]
        t.check("%s: at most %d URLs (has %d)" % (path, limit(), len(locs)),
                0 < len(locs) <= limit(), len(locs))
        for loc in locs:
            seen.setdefault(loc, []).append(path)
        t.check("%s: has validators" % path, rs.header("etag") is not None
                and rs.header("last-modified") is not None, rs.headers)
        t.status("%s: If-None-Match -> 304" % path, get(path, [
            ("If-None-Match", rs.header("etag") or "")]), 304)
        t.status("HEAD %s" % path, A.Agent().request("HEAD", path,
                                                     record=False), 200)
    twice = {u: p for u, p in seen.items() if len(p) > 1}
    t.check("files: no URL in two files", not twice, list(twice.items())[:3])


def union():
    urls = url_entries(S.get("files", []))
    if not t.check("union: every file parses", urls is not None):
        return
    want = expected()
    t.check("union: exactly the old sitemap's URLs (%d)" % len(want),
            set(urls) == want, (sorted(want - set(urls))[:5],
                                sorted(set(urls) - want)[:5]))
    # A new release has the greatest id: the last file of releases.
    rows = A.db_all("SELECT lang, slug FROM news WHERE status = 'published'"
                    " AND published_at <= unixepoch() AND lang IN (%s)"
                    " ORDER BY group_id DESC, id LIMIT 1" %
                    ",".join("?" * len(S["langs"])), S["langs"])
    row = rows[0] if rows else None
    news = [f for f in S.get("files", []) if "-news-" in f[0]]
    if t.check("union: a release is public", row is not None and news):
        loc = S["base"] + prefix(row[0]) + "/news/" + row[1]
        last = url_entries(news[-1:]) or {}
        t.check("union: the newest release is in the last file of "
                "releases, %s" % news[-1][0], loc in last, loc)


def errors():
    paths = [f[0] for f in S.get("files", [])]
    news = sorted(int(FILE_RE.match(p).group(2)) for p in paths
                  if "-news-" in p)
    bad = ["/sitemap-news-%d.xml" % (news[-1] + 1 if news else 0),
           "/sitemap-site-99.xml",
           "/sitemap-news-99999999999999999999999.xml",
           "/sitemap-news-01.xml", "/sitemap-news-.xml",
           "/sitemap-news--1.xml", "/sitemap-news-+1.xml",
           "/sitemap--0.xml", "/sitemap-.xml", "/sitemap-bogus-0.xml",
           "/sitemap-news-0.XML", "/sitemap-news-0.xml.gz",
           "/sitemap-news-1e3.xml", "/sitemap-news-0x1.xml",
           "/sitemap-site-0.xml;x", "/sitemap-news%200.xml"]
    if news and news[0] > 0:
        bad.append("/sitemap-news-%d.xml" % (news[0] - 1))
    if len(S["langs"]) > 1 and paths:
        bad.append(prefix(S["langs"][1]) + paths[0])
    for path in bad:
        rs = get(path)
        t.check("GET %s -> 404 or 400" % path, rs.status in (400, 404),
                rs.status)


def main():
    if not A.start("sitemap.py"):
        return 2
    S["langs"] = A.site_languages()
    S["base"] = conf_base_url(A.CONF, A.BASE)
    for fn in (index, files, union, errors):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

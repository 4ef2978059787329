#!/usr/bin/env python3
"""store_faults.py: a store that fails on a public route answers 503 with
Retry-After, never a 404, an empty menu or a page that then gets cached
(issue 9, section 3).

usage: store_faults.py BASE_URL DB
  BASE_URL  the site: `waypoint serve`, or nginx in front of `waypoint
            fcgi`, configured with the languages "en hu"
  DB        the server's SQLite file

For each table a public page reads (menu_items, news, pages, settings) the
table is renamed, so that every query on it fails, and the content
generation and every cache scope's (013.sql) are bumped in the same
transaction, so that no cached page is current; last site_state itself, the generation, is renamed. Every public route (/, /news, /news?page=1, /news/<slug>,
/<page slug>, a 404 under /hu/) that reads the table must then answer 503
with Retry-After (a missing page reads no release). Once
the table has its name back, with no further bump, each URL must answer
exactly what it answered before the fault: had a failed answer been
cached, it would come back instead. Run last on a server: it changes the
schema for a while. Prints "ok - ..." / "FAIL - ...: ..." lines, then
"N passed, N failed"; exits 1 on any failure. Python 3 standard library
only.
"""

import os
import sqlite3
import sys
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import Checks, Client, describe  # noqa: E402

# site_state last: the generation itself, read before a cached page is
# served and again after a page is drawn (when it is not bumped).
TABLES = ("menu_items", "news", "pages", "settings", "site_state")
# The server reads the generation again at least once a second; a worker
# busy with a request may take longer. 15 s is far past either.
DEADLINE = 15.0

t = Checks()


def db(path):
    con = sqlite3.connect(path, timeout=10, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 10000")
    return con


def one(path, sql):
    con = db(path)
    try:
        row = con.execute(sql).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def rename(path, old, new, bump):
    """Renames table old to new, bumping the generations when bump, in one
    transaction."""
    con = db(path)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute('ALTER TABLE "%s" RENAME TO "%s"' % (old, new))
        if bump:
            con.execute("UPDATE site_state SET generation = generation + 1")
            con.execute("UPDATE cache_scopes SET generation ="
                        " generation + 1")
        con.execute("COMMIT")
    finally:
        con.close()


def answer(rs):
    """What must come back once the fault is cleared."""
    return (rs.status, rs.body, rs.header("content-type"))


def wait_for(client, url, want):
    """GETs url until it answers with status want, or DEADLINE passes.
    Returns the last answer."""
    end = time.monotonic() + DEADLINE
    while True:
        rs = client.get(url)
        if rs.status == want or time.monotonic() > end:
            return rs
        time.sleep(0.05)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: store_faults.py BASE_URL DB\n")
        return 2
    base, path = sys.argv[1:]
    c = Client(base)
    news = one(path, "SELECT slug FROM news WHERE lang = 'en' AND "
               "status = 'published' AND published_at <= unixepoch() "
               "ORDER BY id LIMIT 1")
    page = one(path, "SELECT slug FROM pages WHERE lang = 'en' AND "
               "status = 'published' AND coalesce(published_at, 0) <= "
               "unixepoch() ORDER BY id LIMIT 1")
    if not t.check("a published release and page to read", news and page,
                   "release %r, page %r" % (news, page)):
        return t.finish()
    urls = ("/", "/news", "/news?page=1", "/news/" + news, "/" + page,
            "/hu/no-such-page-9")
    before = {}
    for url in urls:
        rs = c.get(url)
        before[url] = answer(rs)
        t.check("before: GET %s answers" % url, rs.status in (200, 404),
                describe(rs))
    t.check("before: /hu/no-such-page-9 is a 404 (hu is a language)",
            before["/hu/no-such-page-9"][0] == 404,
            before["/hu/no-such-page-9"][0])
    for table in TABLES:
        hidden = table + "_fault"
        rename(path, table, hidden, table != "site_state")
        try:
            for url in urls:
                name = "%s unreadable: GET %s" % (table, url)
                if table == "news" and url.startswith("/hu/"):
                    # A missing page reads no release: nothing failed.
                    rs = wait_for(c, url, before[url][0])
                    t.check(name + " reads no release: as before",
                            answer(rs) == before[url], describe(rs))
                    continue
                rs = wait_for(c, url, 503)
                t.status(name + " -> 503", rs, 503)
                # The error page, never the page drawn before the
                # failure showed.
                # Its heading is in the URL's language (po/hu.po).
                heading = ("A szolgáltatás nem érhető el" if
                           url.startswith("/hu/") else "Service unavailable")
                t.check(name + ": the error page, not the page",
                        heading.encode() in rs.body and
                        rs.body != before[url][1], describe(rs))
                ra = rs.header("retry-after") or ""
                t.check(name + ": Retry-After in seconds", ra.isdigit() and
                        int(ra) > 0, "Retry-After %r" % ra)
        finally:
            rename(path, hidden, table, False)
        for url in urls:
            rs = wait_for(c, url, before[url][0])
            t.check("%s back: GET %s answers as before, nothing cached "
                    "from the fault" % (table, url),
                    answer(rs) == before[url], describe(rs))
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

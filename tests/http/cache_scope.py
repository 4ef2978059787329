#!/usr/bin/env python3
"""cache_scope.py: the HTTP tests of the page cache's scopes (issue 16):
a publish drops only the cached pages it can change, a change to what
every page shows (settings, the menu) drops them all. Run against any base
URL (waypoint serve, or nginx -> waypoint fcgi with its worker processes)
over a database made by `waypoint db init`, in which the run script has
created admin.py's accounts (editor1, admin1).

Usage: cache_scope.py BASE_URL DB_PATH WAYPOINT CONF LOG
  as admin.py, whose agent, forms and database helpers it uses; LOG is the
  file Waypoint writes its access log to, whose cache=hit|miss|off field
  tells a page served from the cache from one rendered again.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed, N
failed"; exits 1 when a check failed.
"""

import html
import os
import re
import sys
import time
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import describe  # noqa: E402

t = A.t
S = {}
LOG = ""
WAIT = 5.0      # seconds a log line or a shell's change may take to show
STREAK = 8      # answers in a row that tell a page cached in every process
# The lists and files a release is on; /about is a page, which no release
# changes.
LISTS = ("/", "/news", "/news/feed", "/sitemap.xml")
SETTINGS = "/admin/settings"


def access_lines():
    try:
        with open(LOG, encoding="utf-8", errors="replace") as f:
            return [ln for ln in f if " info access " in ln]
    except OSError:
        return []


def answer(path):
    """GETs path as a visitor; its response and the cache= field of its
    access-log line (None when the line did not come)."""
    logged = path.split("?")[0]
    pat = re.compile(r" path=%s status=\d+ .*\bcache=(\w+)" %
                     re.escape(logged))
    before = sum(1 for ln in access_lines() if pat.search(ln))
    rs = S["visitor"].get(path)
    deadline = time.monotonic() + WAIT
    while True:
        found = [m.group(1) for m in map(pat.search, access_lines()) if m]
        if len(found) > before:
            return rs, found[-1]
        if time.monotonic() > deadline:
            return rs, None
        time.sleep(0.05)


def news_file(index):
    """The sitemap file a new release goes to, from the text of
    /sitemap.xml (an index): the last news file it names, as they hold
    the releases in the order they were made; () when none."""
    files = re.findall(r"<loc>([^<]*/sitemap-news-\d+\.xml)</loc>", index)
    return tuple(urlsplit(f).path for f in files[-1:])


def warm(path):
    """Asks for path until the cache holds it: True when STREAK answers in
    a row are hits within WAIT. A change an earlier test made in the shell
    reaches each thread within the second it rechecks; and behind nginx
    each worker process has a cache of its own, which a run of hits
    shows warm (the kernel hands the requests to both)."""
    deadline = time.monotonic() + WAIT
    run = 0
    while True:
        rs, cache = answer(path)
        run = run + 1 if rs.status == 200 and cache == "hit" else 0
        if run >= STREAK:
            return True, cache
        if time.monotonic() > deadline:
            return False, (rs.status, cache)


def still_cached(path):
    """Whether STREAK answers for path in a row are all hits: what warm()
    made, a change left."""
    got = [answer(path) for _ in range(STREAK)]
    return (all(rs.status == 200 and c == "hit" for rs, c in got),
            [c for _, c in got])


def bucket(slug):
    """013.sql's bucket of a slug, as src/generation.c computes it."""
    b = slug.encode()
    h = len(b)
    for i, w in ((1, 1), (2, 3), (3, 9)):
        if len(b) >= i:
            h += w * b[-i]
    return h % 64


def other_release(avoid):
    """A published English release whose slug is not in avoid's bucket."""
    for (slug,) in A.db_all("SELECT slug FROM news WHERE lang = 'en' AND "
                            "status = 'published' ORDER BY id LIMIT 20"):
        if bucket(slug) != avoid and not slug.startswith("cache-"):
            return "/news/" + slug
    return None


def wait_text(path, text, present=True):
    """Polls path until text is in it (or not): the response then."""
    deadline = time.monotonic() + WAIT
    while True:
        rs = S["visitor"].get(path)
        if (text in rs.text) == present or time.monotonic() > deadline:
            return rs
        time.sleep(0.05)


# ---------------------------------------------------------------- sections
def cached():
    """Every public page of the test is kept: asked again, it is a hit;
    a static file is no cached page."""
    for path in LISTS + ("/about", "/hu/rolunk", A.SEED_STATEMENT):
        ok, got = warm(path)
        t.check("cache: %s asked again -> from the cache" % path, ok,
                got)
    _, cache = answer("/static/css/site.css")
    t.check("cache: a static file is no cached page (cache=off)",
            cache in ("off", None), cache)


def publish():
    """A release's publish drops its page, the lists, the feed and the
    sitemap, and nothing else: /about and a release in another bucket
    stay cached."""
    ed = S["editor"]
    title = "Cache scope " + A.rnd()
    slug = "cache-" + A.rnd().lower()
    other = other_release(bucket(slug))
    news = news_file(S["visitor"].get("/sitemap.xml").text)
    for path in LISTS + news + ("/about",) + ((other,) if other else ()):
        warm(path)
    _, nid = A.create_news(ed, title, "cache: publish a release",
                           slug=slug)
    if not nid:
        return
    if A.news_slug(ed, nid) != slug:
        t.check("cache: the release took the slug asked for", False,
                A.news_slug(ed, nid))
        return
    rs, cache = answer("/news/" + slug)
    t.check("cache: the new release is served at once",
            rs.status == 200 and title in rs.text, describe(rs))
    paths = list(LISTS)
    for path in paths:
        rs, cache = answer(path)
        shown = slug in rs.text or title in rs.text
        if path == "/sitemap.xml":
            # An index: it names the file that lists the release.
            paths += news_file(rs.text)
            shown = bool(paths[len(LISTS):])
        t.check("cache: %s shows the release at once, rendered again" %
                path, rs.status == 200 and shown and cache == "miss",
                "%s, cache=%s" % (describe(rs), cache))
    ok, got = still_cached("/about")
    t.check("cache: /about is still served from the cache", ok, got)
    if other:
        ok, got = still_cached(other)
        t.check("cache: a release in another bucket is still cached", ok,
                "%s %s" % (other, got))

    # A change to it: its page at once, /about still cached.
    warm("/news/" + slug)
    _, form = A.edit_form(ed, "news", nid)
    retitled = "Cache rescoped " + A.rnd()
    rs = A.save_form(ed, "news", nid, form, title=retitled)
    t.status("cache: retitle the release -> 303", rs, 303)
    rs, cache = answer("/news/" + slug)
    t.check("cache: the release's page shows its new title at once",
            retitled in rs.text and cache == "miss", cache)
    ok, got = still_cached("/about")
    t.check("cache: /about is still cached after the edit", ok, got)

    # Unpublished: gone from its URL and the lists at once.
    A.confirm_and_post(ed, nid, "unpublish", "cache: unpublish it")
    rs, _ = answer("/news/" + slug)
    t.check("cache: the unpublished release is gone at once",
            rs.status in (404, 410), describe(rs))
    rs, _ = answer("/news")
    t.check("cache: /news drops it at once",
            retitled not in rs.text, describe(rs))


def project():
    """A project's page is at /<slug>, the pages' route: a change to the
    project (made in the shell) shows there, and a release's publish
    leaves it cached."""
    row = A.db_one("SELECT slug || ' ' || title FROM entries WHERE kind ="
                   " 'project' AND lang = 'en' AND status = 'published'"
                   " ORDER BY id LIMIT 1")
    if not t.setup("cache: the demo has a published project", row, row):
        return
    slug, title = row.split(" ", 1)
    ok, got = warm("/" + slug)
    t.check("cache: /<project> asked again -> from the cache", ok, got)
    _, nid = A.create_news(S["editor"], "Cache project " + A.rnd(),
                           "cache: publish a release beside a project")
    ok, got = still_cached("/" + slug)
    t.check("cache: a release's publish leaves /<project> cached", ok,
            got)
    new = "Cache project " + A.rnd()
    A.db_exec("UPDATE entries SET title = ? WHERE kind = 'project' AND"
              " slug = ? AND lang = 'en'", (new, slug))
    rs = wait_text("/" + slug, new)
    t.check("cache: a project's change shows on its page",
            new in rs.text, describe(rs))
    A.db_exec("UPDATE entries SET title = ? WHERE kind = 'project' AND"
              " slug = ? AND lang = 'en'", (title, slug))
    rs = wait_text("/" + slug, new, present=False)
    t.check("cache: and its title put back",
            title in html.unescape(rs.text), describe(rs))


def site_wide():
    """Settings (through the admin: at once) and the menu (through the
    sqlite3 shell: within the second the server rechecks) refresh every
    page."""
    ad = S["admin"]
    for path in ("/about", A.SEED_STATEMENT, "/"):
        warm(path)
    rs = ad.get(SETTINGS)
    form = A.find_form(rs, SETTINGS)
    values = form.values() if form else {}
    original = values.get("site_name", "")
    name = "IOM Cache " + A.rnd()
    fields = dict(values)
    fields["site_name"] = name
    rs = ad.post(SETTINGS, ad.with_csrf(list(fields.items())))
    t.status("cache: change the site name -> 303", rs, 303)
    for path in ("/about", A.SEED_STATEMENT, "/"):
        rs, cache = answer(path)
        t.check("cache: %s shows the new site name at once" % path,
                name in rs.text and cache == "miss", cache)
    fields["site_name"] = original
    rs = ad.post(SETTINGS, ad.with_csrf(list(fields.items())))
    t.status("cache: put the site name back -> 303", rs, 303)
    rs, _ = answer("/about")
    t.check("cache: /about shows the site name put back",
            original in rs.text and name not in rs.text, describe(rs))

    warm("/about")
    label = A.db_one("SELECT label FROM menu_items WHERE id = 1")
    new = "Menu " + A.rnd()
    A.db_exec("UPDATE menu_items SET label = ? WHERE id = 1", (new,))
    rs = wait_text("/about", new)
    t.check("cache: a menu change made in the shell shows on /about",
            new in rs.text, describe(rs))
    A.db_exec("UPDATE menu_items SET label = ? WHERE id = 1", (label,))
    rs = wait_text(A.SEED_STATEMENT, new, present=False)
    t.check("cache: and the label put back shows on a release",
            new not in rs.text and label in rs.text, describe(rs))


def main():
    global LOG
    if len(sys.argv) != 6:
        sys.stderr.write("usage: cache_scope.py BASE_URL DB_PATH WAYPOINT "
                         "CONF LOG\n")
        return 2
    A.BASE, A.DB_PATH, A.WAYPOINT, A.CONF, LOG = sys.argv[1:]
    A.BASE = A.BASE.rstrip("/")
    A.NETLOC = urlsplit(A.BASE).netloc
    if not os.path.isfile(A.DB_PATH):
        sys.stderr.write("cache_scope.py: no database at %s\n" % A.DB_PATH)
        return 2
    S["visitor"] = A.Agent()
    A.section(cached)
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
        S["admin"] = A.signed_in(*A.ADMIN, label="admin1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    for fn in (publish, project, site_wide):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""cache_tier.py: the cache tier of issue 17, through nginx with
conf/nginx-cache.conf (tests/http/cache_tier.sh sets it up). Starts and
stops `waypoint fcgi` itself, by pid, under the configurations DIR holds:
short.conf (s-maxage 1, stale-if-error 8), long.conf (s-maxage 300, purges
on, the deep list pages a change purges by itself bounded to 4 URLs) and
dead.conf (s-maxage 2, the purge location down).

Usage: cache_tier.py BASE_URL DB_PATH WAYPOINT CONF SOCKET LOG DIR
  LOG is Waypoint's log (access lines: what reached the backend); the
  responder's stderr goes to DIR/fcgi.err.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed, N
failed"; exits 1 when a check failed.
"""

import gzip
import json
import os
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import Client, describe, security_header_problems  # noqa: E402

t = A.t
BOUND = 10.0    # seconds a change may take before it counts as missing
GZ = [("Accept-Encoding", "gzip")]
ID = []
PUBLIC = ("/", "/news", "/about", "/hu", "/news/feed", A.SEED_STATEMENT)
RE_CC = re.compile(r"public, max-age=0, s-maxage=(\d+), "
                   r"stale-while-revalidate=(\d+), stale-if-error=(\d+)$")
FCGI = {"p": None}


def fcgi_start(name):
    """Starts `waypoint fcgi` with DIR/name.conf on the socket; True once
    it listens."""
    fcgi_stop()
    if os.path.exists(SOCK):
        os.unlink(SOCK)
    err = open(os.path.join(DIR, "fcgi.err"), "a")
    FCGI["p"] = subprocess.Popen(
        [A.WAYPOINT, "--config", os.path.join(DIR, name + ".conf"), "fcgi",
         "--socket", SOCK], stdout=subprocess.DEVNULL, stderr=err)
    err.close()
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        if FCGI["p"].poll() is not None:
            return False
        if os.path.exists(SOCK):
            return True
        time.sleep(0.05)
    return False


def fcgi_stop():
    p = FCGI["p"]
    if p is None:
        return
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    FCGI["p"] = None


def get(path, hdrs=ID):
    return Client(A.BASE).get(path, hdrs)


def body(rs):
    """The body as the client reads it (a gzip one unpacked)."""
    if (rs.header("content-encoding") or "").lower() == "gzip":
        return gzip.decompress(rs.body)
    return rs.body


def backend_hits(path):
    """How many requests for path reached Waypoint (its access lines)."""
    pat = " path=%s status=" % path
    try:
        with open(LOG, encoding="utf-8", errors="replace") as f:
            return sum(1 for ln in f if " info access " in ln and pat in ln)
    except OSError:
        return 0


def until(fn, bound=BOUND):
    """Polls fn() until it is true or bound seconds passed: (value,
    seconds taken)."""
    start = time.monotonic()
    while True:
        v = fn()
        if v or time.monotonic() - start > bound:
            return v, time.monotonic() - start
        time.sleep(0.02)


def purged():
    """How many batches of purges Waypoint has logged as done."""
    try:
        with open(LOG, encoding="utf-8", errors="replace") as f:
            return sum(1 for ln in f if re.search(r" purge: .* pages "
                                                  r"purged", ln))
    except OSError:
        return 0


def publish(ed, label, wait=False):
    """Publishes a new release; with wait, returns once its purges are
    done (a page read before they land is purged again)."""
    title = "Cache tier %s %s" % (label, A.rnd())
    slug = "cache-tier-%s-%s" % (label, A.rnd().lower())
    before = purged()
    _, nid = A.create_news(ed, title, "publish a release (%s)" % label,
                           slug=slug)
    if wait:
        ok, _ = until(lambda: purged() > before)
        t.check("publish (%s): its purges are done" % label, ok,
                "no 'pages purged' line in the log")
    return title, slug, nid


# ---------------------------------------------------------------- sections
def headers():
    """(a) Public answers may be kept by shared caches; editors' and
    preview answers, errors and redirects may not."""
    for path in PUBLIC:
        rs = get(path)
        cc = rs.header_all("cache-control")
        m = RE_CC.match(cc[0]) if len(cc) == 1 else None
        t.check("headers: %s says public, s-maxage, stale-*" % path,
                rs.status == 200 and m and m.groups() == ("1", "0", "8"),
                "%s %r" % (describe(rs), cc))
        t.check("headers: %s has ETag and Last-Modified" % path,
                rs.header("etag") and rs.header("last-modified"),
                describe(rs))
        t.check("headers: %s sets no cookie" % path,
                not rs.header_all("set-cookie"), describe(rs))
        # Again at once, from nginx's copy: nginx adds no second copy
        # of a header Waypoint sent.
        for hdrs in (ID, GZ):
            rs = get(path, hdrs)
            bad = security_header_problems(rs)
            if len(rs.header_all("cache-control")) != 1:
                bad.append("Cache-Control %r" %
                           rs.header_all("cache-control"))
            t.check("headers: %s%s again: each security header once" %
                    (path[:40], " (gzip)" if hdrs else ""), not bad, bad)
    # HEAD is answered without a body, and so never stored: a GET of
    # the same URL after it still gets the page.
    path = "/about?head=" + A.rnd()
    rs = Client(A.BASE).request("HEAD", path)
    rs2 = get(path)
    t.check("headers: a GET after a HEAD of a new URL gets the page",
            rs.status == 200 and rs2.status == 200 and
            len(body(rs2)) > 1000, "%s; %s, %d bytes" % (
                describe(rs), describe(rs2), len(rs2.body)))
    for path, want in (("/no-such-page-here", 404), ("/news/", 301)):
        rs = get(path)
        cc = ",".join(rs.header_all("cache-control"))
        t.check("headers: a %d is kept by no shared cache" % want,
                rs.status == want and "public" not in cc and
                "s-maxage" not in cc, "%s %r" % (describe(rs), cc))
    rs = get("/admin/login")
    cc = ",".join(rs.header_all("cache-control"))
    t.check("headers: /admin/login is no-store", "no-store" in cc and
            "public" not in cc, cc)
    rs = get("/preview/" + "a" * 43)
    cc = ",".join(rs.header_all("cache-control"))
    t.check("headers: a preview link is private, no-store",
            cc == "private, no-store", "%s %r" % (describe(rs), cc))
    # An editor's session never reads a copy: its request bypasses.
    before = backend_hits("/about")
    get("/about", [("Cookie", "wp_session=x")])
    get("/about", [("Cookie", "wp_session=x")])
    ok, _ = until(lambda: backend_hits("/about") >= before + 2)
    t.check("headers: a request with a session cookie reaches Waypoint",
            ok, "%d -> %d" % (before, backend_hits("/about")))


def outlives(ed):
    """(b), (c) A publish made before the stop shows, and every page read
    before is served, 200 and the same body, for stale-if-error seconds
    after Waypoint stopped."""
    title, slug, nid = publish(ed, "before", wait=True)
    seen = {}
    for path in PUBLIC + ("/news/" + slug,):
        for hdrs in (GZ, ID):
            rs = get(path, hdrs)
            seen[(path, bool(hdrs))] = (rs.status, body(rs))
    t.check("outlives: the publish shows on /news before the stop",
            title.encode() in seen[("/news", False)][1],
            seen[("/news", False)][0])
    fcgi_stop()
    t.check("outlives: waypoint fcgi stopped", not os.path.exists(SOCK) or
            get("/news?stopped=1").status >= 500, "socket still answers")
    start = time.monotonic()
    bad = []
    rounds = 0
    # Past stale-if-error (8 s), plus one pass after.
    while time.monotonic() - start < 9:
        rounds += 1
        for (path, gz), (status, data) in seen.items():
            rs = get(path, GZ if gz else ID)
            if rs.status != status or body(rs) != data:
                bad.append("%s%s after %.1f s: %s" % (
                    path, " (gzip)" if gz else "",
                    time.monotonic() - start, describe(rs)))
        if bad:
            break
    t.check("outlives: %d pages served 200 with their body for 9 s "
            "without the backend (%d rounds)" % (len(seen), rounds),
            not bad and all(s == 200 for s, _ in seen.values()), bad[:3])
    t.check("outlives: the release published before the stop is served",
            title.encode() in body(get("/news")), "")


def purges(ed):
    """(d) With s-maxage 300, a publish and an unpublish reach readers
    through the cache at once, by purges; both encodings."""
    for path in ("/news", "/", "/hu/news"):
        for hdrs in (GZ, ID):
            get(path, hdrs)
    before = backend_hits("/news")
    get("/news")
    t.check("purge: /news comes from the cache when warm",
            backend_hits("/news") == before, "")
    title, slug, nid = publish(ed, "live")
    for path in ("/news", "/", "/hu/news"):
        for hdrs, name in ((GZ, "gzip"), (ID, "identity")):
            ok, took = until(lambda: title.encode() in body(get(path,
                                                                hdrs)))
            t.check("purge: %s (%s) shows the publish through the cache "
                    "(%.2f s)" % (path, name, took), ok and took < BOUND,
                    "not within %.0f s" % BOUND)
    page = "/news/" + slug
    for hdrs in (GZ, ID):
        get(page, hdrs)
    A.confirm_and_post(ed, nid, "unpublish", "purge: unpublish it")
    for hdrs, name in ((GZ, "gzip"), (ID, "identity")):
        ok, took = until(lambda: get(page, hdrs).status in (404, 410))
        t.check("purge: the unpublished release is gone through the "
                "cache (%s, %.2f s)" % (name, took), ok, "still served")
        ok, took = until(lambda: title.encode() not in body(get("/news",
                                                                 hdrs)))
        t.check("purge: /news drops it (%s, %.2f s)" % (name, took), ok,
                "still listed")


def purges_queries(ed):
    """(d) A page with a query that no list names, a search here, is
    purged too once Waypoint has answered it: with s-maxage 300 a
    publish shows at once in a search read through the cache before."""
    token = A.rnd()
    path = "/search?q=" + token
    base = backend_hits("/search")
    for hdrs in (GZ, ID):
        get(path, hdrs)
    until(lambda: backend_hits("/search") >= base + 2)
    for hdrs in (GZ, ID):
        get(path, hdrs)
    # A search no one asked before reaches Waypoint: once its line is
    # in the log, a line of the two above would be too.
    get("/search?q=" + A.rnd())
    until(lambda: backend_hits("/search") >= base + 3)
    t.check("purge: a search comes from the cache when warm",
            backend_hits("/search") == base + 3,
            "%d searches reached Waypoint, not 3"
            % (backend_hits("/search") - base))
    _, slug, _ = publish(ed, token)
    link = ('href="/news/%s"' % slug).encode()
    for hdrs, name in ((GZ, "gzip"), (ID, "identity")):
        ok, took = until(lambda: link in body(get(path, hdrs)))
        t.check("purge: a search read before the publish finds it through "
                "the cache (%s, %.2f s)" % (name, took),
                ok and took < BOUND, "not within %.0f s" % BOUND)


def old_releases(n):
    """Imports n releases dated 2001 (`waypoint import`), below every
    other on /news: its deep pages exist."""
    path = os.path.join(DIR, "old.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"waypoint": "export", "version": 1}) + "\n")
        for k in range(n):
            f.write(json.dumps({
                "type": "news", "lang": "en", "slug": "old-%03d" % k,
                "title": "Old release %d" % k,
                "pub_date": "2001-%02d-%02d" % (k // 28 + 1, k % 28 + 1),
                "summary": "", "body_md": "Text.",
                "status": "published"}) + "\n")
    return subprocess.run([A.WAYPOINT, "--config", A.CONF, "import", path],
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE).returncode == 0


RE_OLD = re.compile(rb'href="/news/(old-[0-9]+)"')


def purges_deep(ed):
    """(d) A list's deep page past those a change purges by itself
    ([test] purge_deep = 4 in long.conf: page 10 of /news and of the API,
    in both languages) is purged too once Waypoint has answered it: after
    110 old releases, /news?page=11 (all old ones) read through the cache
    shows a publish's shift at once, its first release second."""
    t.setup("import 110 old releases", old_releases(110))
    path = "/news?page=11"
    first = {}
    for hdrs, name in ((GZ, "gzip"), (ID, "identity")):
        ok, _ = until(lambda: len(RE_OLD.findall(body(get(path,
                                                              hdrs)))) > 1)
        first[name] = (RE_OLD.findall(body(get(path, hdrs))) or
                       [None])[0]
        t.check("purge: %s (%s) lists the old releases" % (path, name), ok,
                "fewer than 2 releases")
    publish(ed, "deep")
    for hdrs, name in ((GZ, "gzip"), (ID, "identity")):
        ok, took = until(lambda: RE_OLD.findall(body(get(path, hdrs)))
                         [1:2] == [first[name]])
        t.check("purge: %s (%s) moves by one through the cache (%.2f s)"
                % (path, name, took), ok and took < BOUND,
                "not within %.0f s" % BOUND)


def site_wide(ad):
    """(d) A settings change purges every page of the site: the site's
    name shows at once on a page, a release and the Hungarian home."""
    paths = ("/about", A.SEED_STATEMENT, "/events")
    for path in paths:
        get(path, GZ)
        get(path, ID)
    rs = ad.get("/admin/settings")
    form = A.find_form(rs, "/admin/settings")
    fields = dict(form.values() if form else {})
    name = "IOM Tier " + A.rnd()
    fields["site_name"] = name
    rs = ad.post("/admin/settings", ad.with_csrf(list(fields.items())))
    t.status("site-wide: change the site's name -> 303", rs, 303)
    for path in paths:
        for hdrs, enc in ((GZ, "gzip"), (ID, "identity")):
            ok, took = until(lambda: name.encode() in body(get(path, hdrs)))
            t.check("site-wide: %s (%s) shows the new name through the "
                    "cache (%.2f s)" % (path[:40], enc, took), ok,
                    "not within %.0f s" % BOUND)


def load():
    """(e) 64 connections on the statement: the backend sees it at most
    once per s-maxage (300 s here)."""
    path = A.SEED_STATEMENT
    get(path, GZ)
    get(path, ID)
    before = backend_hits(path)
    counts = []
    errors = []

    def worker(hdrs):
        c = Client(A.BASE)
        n = 0
        end = time.monotonic() + 3
        while time.monotonic() < end:
            try:
                rs = c.get(path, hdrs)
            except Exception as e:      # noqa: BLE001 - counted
                errors.append(str(e))
                return
            if rs.status != 200:
                errors.append(describe(rs))
                return
            n += 1
        counts.append(n)

    threads = [threading.Thread(target=worker, args=(GZ if i % 2 else ID,))
               for i in range(64)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    after = backend_hits(path)
    t.check("load: %d answers over 64 connections, all 200" %
            sum(counts), not errors and len(counts) == 64, errors[:3])
    t.check("load: the backend saw the statement at most once per "
            "s-maxage per encoding (%d times)" % (after - before),
            after - before <= 2, "%d requests reached it" %
            (after - before))


def purge_down(ed):
    """(f) The purge location down: each failure is logged and retried,
    and s-maxage (2 s) still bounds how long the old page shows."""
    path = "/?down=" + A.rnd()
    get(path)
    title, slug, nid = publish(ed, "down")
    ok, _ = until(lambda: re.search(
        r"purge: 127\.0\.0\.1:\d+: .*; try 2 of \d+",
        open(LOG, errors="replace").read()))
    t.check("purge down: the failure is logged with its retry", ok,
            "no 'purge: ... try 2' line in the log")
    ok, _ = until(lambda: re.search(r"purge: .*; try 3 of \d+",
                                    open(LOG, errors="replace").read()))
    t.check("purge down: and retried again", ok, "no 'try 3' line")
    ok, took = until(lambda: title.encode() in body(get(path)),
                     bound=2 + 1 + BOUND)
    t.check("purge down: the publish shows once s-maxage passed "
            "(%.2f s)" % took, ok, "not within s-maxage + %.0f s" % BOUND)


def section(name, fn):
    """Runs one section under a "# name at HH:MM:SS" line (to match
    nginx's error log)."""
    print("# %s at %s" % (name, time.strftime("%H:%M:%S")))
    A.section(fn)


def main():
    global SOCK, LOG, DIR
    if len(sys.argv) != 8:
        sys.stderr.write("usage: cache_tier.py BASE_URL DB_PATH WAYPOINT "
                         "CONF SOCKET LOG DIR\n")
        return 2
    A.BASE, A.DB_PATH, A.WAYPOINT, A.CONF, SOCK, LOG, DIR = sys.argv[1:]
    A.BASE = A.BASE.rstrip("/")
    A.NETLOC = urlsplit(A.BASE).netloc
    try:
        t.setup("waypoint fcgi starts (short s-maxage)",
                fcgi_start("short"))
        section("headers", headers)
        ed = A.signed_in(*A.EDITOR, "editor")
        section("outlives", lambda: outlives(ed))
        t.setup("waypoint fcgi starts (long s-maxage, purges)",
                fcgi_start("long"))
        section("purges", lambda: purges(ed))
        section("purges of queries", lambda: purges_queries(ed))
        section("purges of deep pages", lambda: purges_deep(ed))
        ad = A.signed_in(*A.ADMIN, "admin")
        section("site-wide", lambda: site_wide(ad))
        section("load", load)
        t.setup("waypoint fcgi starts (purge location down)",
                fcgi_start("dead"))
        section("purge down", lambda: purge_down(ed))
    finally:
        fcgi_stop()
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

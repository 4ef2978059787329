#!/usr/bin/env python3
"""scale.py WAYPOINT SCALE: `make bench SCALE=N`. Generates SCALE published
releases (en and hu, some translation groups with both) and SCALE/10 pages
as the JSON Lines of `waypoint import` (docs/import-export.md), seeded so
that every run makes the same file, imports them into a copy of the demo
database and times the import. Then, against `waypoint serve` on the demo
database and on the big one side by side, each public URL cold (a settings
save first, so that the page cache and SQLite's caches are empty, as after
any publish) and warm (a cache hit), medians of the access log's usec and
its steps=N and reads=N (SQLite's work and the pages it read past its
cache, when the log gives them) and the ratio of the bodies' lengths (a
longer answer costs more to make, whatever the archive); a save, a publish and an unpublish of a release through the
admin's forms; a table with the ratios, and last "max ratio: X.XX (URL)"
over the cold and write ratios.
Demo and big measurements alternate, so that machine noise hits both.
Each URL is also asked through nginx in front of `waypoint fcgi` over the
same database (conf/nginx.conf, its placeholders filled as run.py fills
them), cold and warm, timed by the responder's own access line: a second
table beside serve's. All of serve's cold rounds come first, then all of
nginx's, each transport alone as it is deployed.

scale.py WAYPOINT SCALE --fill CONF: only generates and imports the
content into the (initialised) database of CONF; `make load SCALE=N` runs
its load over that. Only 127.0.0.1 is contacted."""

import html
import http.client
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "load"))
from run import (EVENT, REPO, STATEMENT, free_port,  # noqa: E402
                 site_conf, stop, wait_answer, wait_port, write_nginx_conf)
from search import COMMON, vocabulary  # noqa: E402
from editors import Editor, csrf_of  # noqa: E402

SEED = 16
ROUNDS = int(os.environ.get("SCALE_ROUNDS", "15"))
WARM = int(os.environ.get("SCALE_WARM", "20"))
EDITOR = ("bench-editor", "bench-editor-password")
ADMIN = ("bench-admin", "bench-admin-password")
# Words of the Hungarian versions, which a Hungarian search finds.
HU_WORDS = """migráció migránsok menekültek támogatás nemzetközi iroda
ország kormány közösség egészség visszatérés program projekt határ védelem
segítség partnerek gyermekek családok nők munkavállalók integráció adatok
jelentés válaszadás humanitárius fejlesztés együttműködés jogok oktatás
lakhatás foglalkoztatás fiatalok régió helyi finanszírozás""".split()
CITIES = ["Budapest", "Geneva", "Vienna", "Debrecen", "Szeged", "Pécs",
          "Záhony", "Brussels", "Győr", "Miskolc"]
DAY = 86400
# Twenty years before the demo's first release (2021-09-14): an office's
# archive is older than its latest news, and so the newest items (home,
# the first page of /news, the feeds) are the demo's in both databases,
# and their ratio is what the archive adds, not the length of generated
# bodies (a feed carries 20 whole ones).
FIRST_DAY = 11579           # 2001-09-14, days since 1970
DAYS = 7305                 # to 2021-09-13
TRANSLATED = 0.15           # share of groups with both languages
HU_ONLY = 0.10              # share of the rest in Hungarian alone


def paragraph(rng, words, middling):
    n = rng.randint(30, 90)
    ws = [rng.choice(words) if rng.random() < 0.33 else rng.choice(middling)
          for _ in range(n)]
    return " ".join(ws).capitalize() + "."


def item(rng, kind, n, lang, middling, ident=None):
    """One content line of contract 4's minimal form (an id and group
    when ident is (id, group)), as a dict in the file's key order."""
    words = COMMON if lang == "en" else HU_WORDS
    day = time.strftime("%Y-%m-%d", time.gmtime(
        (FIRST_DAY + rng.randrange(DAYS)) * DAY))
    title = " ".join(rng.choice(words + middling)
                     for _ in range(rng.randint(4, 12))).capitalize()
    body = "\n\n".join(paragraph(rng, words, middling)
                       for _ in range(rng.randint(2, 5)))
    o = {"type": kind}
    if ident is not None:
        o["id"], o["group"] = ident
    o["lang"] = lang
    o["slug"] = ("r-%06d" if kind == "news" else "p-%05d") % n
    o["title"] = title
    if kind == "news":
        o["dateline"] = rng.choice(CITIES)
        o["pub_date"] = day
        # Office hours: never in the hour a change to summer time skips.
        if rng.random() < 0.5:
            o["pub_time"] = "%02d:%02d" % (rng.randrange(8, 20),
                                           rng.randrange(60))
    o["summary"] = paragraph(rng, words, middling)[:300]
    o["body_md"] = body
    o["status"] = "published"
    if kind == "page":
        o["pub_date"] = day
    return o


def lines_of(rng, kind, count, middling, next_id):
    """count lines of kind: groups of one version (English, some
    Hungarian) and some of both, the Hungarian naming the English line's
    id as its group. Yields (dict, next free id)."""
    n = 0
    while n < count:
        n += 1
        r = rng.random()
        if r < TRANSLATED and n < count:
            ident = (next_id, next_id)
            en = item(rng, kind, n, "en", middling, ident)
            yield en
            n += 1
            # A translation carries its original's date and time.
            hu = item(rng, kind, n, "hu", middling, (next_id + 1, next_id))
            for k in ("pub_date", "pub_time"):
                if k in en:
                    hu[k] = en[k]
                else:
                    hu.pop(k, None)
            yield hu
            next_id += 2
        else:
            lang = "hu" if r < TRANSLATED + HU_ONLY else "en"
            yield item(rng, kind, n, lang, middling)


def generate(path, releases):
    """Writes the import file: the header, releases news lines and
    releases/10 page lines. Returns the number of content lines."""
    rng = random.Random(SEED)
    middling = vocabulary(rng)
    done = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"waypoint": "export", "version": 1},
                           separators=(",", ":")) + "\n")
        # Ids far above the demo's; the importer maps them anyway.
        for kind, count, first in (("news", releases, 10 ** 7),
                                   ("page", releases // 10, 2 * 10 ** 7)):
            for o in lines_of(rng, kind, count, middling, first):
                f.write(json.dumps(o, ensure_ascii=False,
                                   separators=(",", ":")) + "\n")
                done += 1
    return done


def fill(waypoint, conf, releases, tmp):
    """Generates and imports the content into conf's database. Returns
    (lines, seconds the import took)."""
    jsonl = os.path.join(tmp, "scale.jsonl")
    lines = generate(jsonl, releases)
    t = time.monotonic()
    p = subprocess.run([waypoint, "--config", conf, "import", jsonl],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    took = time.monotonic() - t
    if p.returncode != 0:
        sys.exit("bench: waypoint import failed (status %d):\n%s" %
                 (p.returncode, p.stdout[-2000:]))
    os.unlink(jsonl)
    return lines, took


# The ways a URL is asked: straight from `waypoint serve`, and through
# nginx in front of `waypoint fcgi`.
TRANSPORTS = ("serve", "nginx")


def nginx_conf(ngx, listen, sock):
    """Writes ngx/nginx.conf: nginx with its own prefix in ngx, serving
    conf/nginx.conf's server block on listen in front of sock."""
    with open(os.path.join(REPO, "conf", "nginx.conf")) as f:
        server = (f.read().replace("@ROOT@", REPO)
                  .replace("@MEDIA@", os.path.join(ngx, "media"))
                  .replace("@LISTEN@", listen).replace("@SOCKET@", sock))
    with open(os.path.join(ngx, "waypoint.conf"), "w") as f:
        f.write(server)
    write_nginx_conf(ngx, "include waypoint.conf;\n", workers=1,
                     connections=256)


class Site:
    """One database served by `waypoint serve` and by `waypoint fcgi`
    behind nginx, with an editor and an admin signed in, and the access
    log lines of the requests made to it (both responders write the same
    log; the bench asks one request at a time)."""

    def __init__(self, name, waypoint, tmp):
        self.name, self.waypoint, self.tmp = name, waypoint, tmp
        os.makedirs(tmp)
        # nginx's workers reach the socket through it.
        os.chmod(tmp, 0o755)
        self.port = free_port()
        self.conf = site_conf(waypoint, tmp, self.port,
                              site="languages = en hu\n",
                              extra="[fcgi]\nsocket_mode = 0666\n")
        self.sock = os.path.join(tmp, "waypoint.sock")
        self.nginx_port = free_port()
        self.fcgi = self.nginx = None
        self.db = os.path.join(tmp, "waypoint.db")
        self.log = os.path.join(tmp, "waypoint.log")
        self.proc = None
        for (user, pw), role in ((EDITOR, "editor"), (ADMIN, "admin")):
            subprocess.run([waypoint, "--config", self.conf, "user", "add",
                            user, "--role", role], input=pw.encode() + b"\n",
                           check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

    def start(self):
        self.proc = subprocess.Popen(
            [self.waypoint, "--config", self.conf, "serve", "--listen",
             "127.0.0.1:%d" % self.port], stdout=subprocess.DEVNULL)
        wait_port(self.port, self.proc)
        self.fcgi = subprocess.Popen(
            [self.waypoint, "--config", self.conf, "fcgi", "--socket",
             self.sock], stdout=subprocess.DEVNULL)
        ngx = os.path.join(self.tmp, "nginx")
        os.makedirs(ngx)
        nginx_conf(ngx, "127.0.0.1:%d" % self.nginx_port, self.sock)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = subprocess.Popen(
            [nginx, "-p", ngx + "/", "-c", os.path.join(ngx, "nginx.conf"),
             "-e", os.path.join(ngx, "error.log")])
        wait_port(self.nginx_port, self.nginx)
        # nginx answers 502 until the responder's workers accept.
        wait_answer(self.nginx_port, self.fcgi, "waypoint fcgi")
        self.ed = self.sign_in(EDITOR, self.port)
        # The admin saves the settings through the transport whose cold
        # cost is timed next: a write made by another process reaches
        # this one's cached pages only within a second (src/generation.c).
        self.admin = {t: self.sign_in(ADMIN, self.port if t == "serve"
                                      else self.nginx_port)
                      for t in TRANSPORTS}
        self.settings = {t: self.settings_form(t) for t in TRANSPORTS}
        self.saves = 0

    def sign_in(self, account, port):
        (user, pw) = account
        e = Editor("127.0.0.1", port, user, pw)
        why = e.sign_in()
        if why is not None:
            sys.exit("bench: %s cannot sign in on %s: %s" %
                     (user, self.name, why))
        return e

    def stop(self):
        for p in (self.nginx, self.fcgi, self.proc):
            stop(p)

    def query(self, sql):
        """The first row of sql over the database, read-only."""
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute(sql).fetchone()
        finally:
            con.close()

    def list_pages(self):
        """The number of pages of /news: groups with a published version
        out now, 10 a page."""
        (n,) = self.query(
            "SELECT count(DISTINCT group_id) FROM news WHERE status ="
            " 'published' AND published_at <= unixepoch()")
        return max(1, (n + 9) // 10)

    def oldest_release(self):
        """The path of the English release published first."""
        (slug,) = self.query(
            "SELECT slug FROM news WHERE status = 'published' AND lang ="
            " 'en' ORDER BY published_at, id LIMIT 1")
        return "/news/" + slug

    def read_files(self):
        """Reads the database and its WAL through, so that the kernel holds
        them: machines of this kind drop a file's cached pages some minutes
        after it was written, with memory to spare (20,000 random 4 KiB
        reads of a 2 GB database cost 42.6 µs each, 2.5 µs once it was
        read), and the cold column is to time Waypoint's and SQLite's
        work after a change, as on a server whose memory holds its
        database, not the disk's. The demo's few pages stay cached
        anyway."""
        for path in (self.db, self.db + "-wal"):
            try:
                with open(path, "rb", buffering=0) as f:
                    while f.read(1 << 20):
                        pass
            except FileNotFoundError:
                pass

    def mark(self):
        try:
            return os.path.getsize(self.log)
        except OSError:
            return 0

    def logged(self, mark, method, path):
        """The fields of the first access line for method and path
        (without its query: the log leaves that out) written after offset
        mark of the log, waited for up to 10 s (serve writes its lines
        some at a time): a dict of its key=value pairs (usec; steps and
        cache when the server logs them)."""
        want = path.split("?", 1)[0]
        end = time.monotonic() + 10
        while time.monotonic() < end:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                f.seek(mark)
                for line in f:
                    # A line still being written is read again whole.
                    if not line.endswith("\n"):
                        break
                    if " access " not in line:
                        continue
                    kv = dict(re.findall(r" (\w+)=(\S+)", line))
                    if kv.get("method") == method and \
                            kv.get("path") == want:
                        return kv
            time.sleep(0.01)
        sys.exit("bench: no access line for %s %s on %s" %
                 (method, path, self.name))

    def get(self, path, transport="serve"):
        """GET path from transport (TRANSPORTS); (status, body, fields of
        its access line)."""
        mark = self.mark()
        port = self.port if transport == "serve" else self.nginx_port
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            c.request("GET", path)
            rs = c.getresponse()
            body = rs.read()
        finally:
            c.close()
        return rs.status, body, self.logged(mark, "GET", path)

    def settings_form(self, transport):
        rs = self.admin[transport].go("GET", "/admin/settings")
        text = rs.text
        fields = {}
        for name in ("site_name", "tagline", "lang"):
            m = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % name,
                          text)
            fields[name] = html.unescape(m.group(1)) if m else ""
        m = re.search(r'<textarea[^>]*name="intro_md"[^>]*>(.*?)</textarea>',
                      text, re.S)
        fields["intro_md"] = html.unescape(m.group(1)) if m else ""
        fields["csrf_token"] = csrf_of(text)
        if rs.status != 200 or not fields["csrf_token"]:
            sys.exit("bench: GET /admin/settings on %s: %s" % (self.name, rs))
        return fields

    def invalidate(self, transport):
        """Saves the settings through transport with the tagline changed:
        a change that every cached page depends on, so the next request
        of each is a miss."""
        self.saves += 1
        f = dict(self.settings[transport])
        f["tagline"] = "%s%s" % (f["tagline"].rstrip("."),
                                 "." * (self.saves % 2))
        rs = self.admin[transport].go("POST", "/admin/settings",
                                      list(f.items()))
        if rs.status != 303:
            sys.exit("bench: POST /admin/settings on %s: %s" %
                     (self.name, rs))

    def post(self, path, fields):
        """POST through the editor's session; (answer, (usec, steps))."""
        mark = self.mark()
        rs = self.ed.go("POST", path, fields)
        return rs, cost(self.logged(mark, "POST", path))


def cost(kv):
    """(usec, steps or None) of an access line's fields."""
    return int(kv["usec"]), int(kv["steps"]) if "steps" in kv else None


def page_reads(kv):
    """The pages a request read past SQLite's cache (reads=N), or
    None."""
    return int(kv["reads"]) if "reads" in kv else None


def urls(site, sitemap_file):
    """(row name, path on this site)."""
    last = site.list_pages() - 1
    rows = [("/", "/"), ("/hu", "/hu"), ("/news", "/news"),
            # last // 2: a whole page on the demo too (its page 1, the
            # last, holds 4), so that like is compared with like.
            ("/news middle page", "/news?page=%d" % (last // 2)),
            ("/news last page", "/news?page=%d" % last),
            ("/hu/news", "/hu/news"), ("release", STATEMENT),
            ("/hu release", "/hu" + STATEMENT),
            ("oldest release", site.oldest_release()), ("page /about", "/about"),
            ("/hu/rolunk", "/hu/rolunk"),
            ("search rare word", "/search?q=vitorino"),
            ("search common word", "/search?q=migration"),
            ("/hu search", "/hu/search?q=migr%C3%A1ci%C3%B3"),
            ("/news/feed", "/news/feed"), ("/hu/news/feed", "/hu/news/feed"),
            ("/sitemap.xml", "/sitemap.xml")]
    if sitemap_file:
        rows.append(("a sitemap file", sitemap_file))
    rows += [("/projects", "/projects"), ("/events", "/events"),
             ("an event", EVENT), ("/resources", "/resources")]
    return rows


def sitemap_file(site):
    """The path of the first file a sitemap index names, or None when
    /sitemap.xml is a sitemap itself."""
    _, body, _ = site.get("/sitemap.xml")
    if b"<sitemapindex" not in body:
        return None
    m = re.search(rb"<loc>([^<]+)</loc>", body)
    return urllib.parse.urlsplit(m.group(1).decode()).path if m else None


def in_turn(sites, rnd):
    """sites, reversed every other round: neither goes first always."""
    return sites if rnd % 2 == 0 else sites[::-1]


def cold_and_warm(sites):
    """{(row, site name, transport): {"cold": [usec], "warm": [usec],
    "steps": [n]}} and the rows in order."""
    maps = {s.name: sitemap_file(s) for s in sites}
    rows = {s.name: urls(s, maps[s.name]) for s in sites}
    names = [r for r, _ in rows[sites[-1].name]]
    out = {}
    # One transport's rounds, then the other's, as each is deployed
    # alone: `waypoint serve`'s writes between `waypoint fcgi`'s cold
    # requests made them 150 to 250 µs dearer than with fcgi alone.
    for t, rnd in itertools.product(TRANSPORTS, range(ROUNDS)):
        for s in sites:
            s.read_files()
        for row in names:
            for s in in_turn(sites, rnd):
                path = dict(rows[s.name]).get(row)
                if path is None:
                    continue
                s.invalidate(t)
                status, body, kv = s.get(path, t)
                if status != 200:
                    sys.exit("bench: %s on %s (%s) answered %d" %
                             (path, s.name, t, status))
                # A hit would time the cache, not the store.
                if kv.get("cache") == "hit":
                    sys.exit("bench: %s on %s (%s) was a cache hit "
                             "after a settings save" % (path, s.name, t))
                usec, steps = cost(kv)
                d = out.setdefault((row, s.name, t),
                                   {"cold": [], "warm": [], "steps": [],
                                    "reads": [], "bytes": []})
                d["cold"].append(usec)
                d["bytes"].append(len(body))
                if steps is not None:
                    d["steps"].append(steps)
                if page_reads(kv) is not None:
                    d["reads"].append(page_reads(kv))
        print("%s: cold round %d of %d done" % (t, rnd + 1, ROUNDS),
              flush=True)
    for row in names:
        for t in TRANSPORTS:
            # The first request after the cold rounds fills the cache.
            for k in range(WARM + 1):
                for s in in_turn(sites, k):
                    path = dict(rows[s.name]).get(row)
                    if path is not None:
                        usec = cost(s.get(path, t)[2])[0]
                        if k > 0:
                            out[(row, s.name, t)]["warm"].append(usec)
    return names, out


def news_fields(ed, title, body, status, version="", slug=""):
    f = ed.news_fields(title, body, version, slug)
    return [(k, status if k == "status" else v) for k, v in f]


# The editors' list the writes end on: shown beside them, not in the max
# ratio, whose rule (issue 16) names the public URLs and the writes.
LIST_AFTER = "then /admin/news"


def writes(sites):
    """{(what, site name): [(usec, steps)]} for a save of a published
    release's edit, a publish and an unpublish, ROUNDS of each on each
    site, and the editors' list they end on (LIST_AFTER)."""
    out = {}
    made = {}
    for s in sites:
        rs, nid = s.ed.publish("Bench release on %s" % s.name,
                               "A release the bench edits.")
        if nid is None:
            sys.exit("bench: cannot create a release on %s: %s" %
                     (s.name, rs))
        made[s.name] = nid
    for rnd in range(ROUNDS):
        for s in in_turn(sites, rnd):
            nid = made[s.name]
            version, slug = s.ed.edit_form(nid)
            rs, spent = s.post("/admin/news/%d" % nid, news_fields(
                s.ed, "Bench release on %s" % s.name,
                "Edit %d of a release the bench edits." % rnd, "published",
                version, slug))
            if rs.status != 303:
                sys.exit("bench: save on %s: %s" % (s.name, rs))
            out.setdefault(("save", s.name), []).append(spent)
            rs = s.ed.go("POST", "/admin/news", news_fields(
                s.ed, "Bench draft %d on %s" % (rnd, s.name),
                "A draft the bench publishes.", "draft"))
            m = re.search(r"/admin/news/(\d+)/edit$",
                          rs.header("location") or "")
            if rs.status != 303 or not m:
                sys.exit("bench: cannot save a draft on %s: %s" %
                         (s.name, rs))
            draft = int(m.group(1))
            for action in ("publish", "unpublish"):
                page = s.ed.go("GET", "/admin/news/%d/confirm?action=%s" %
                               (draft, action))
                token = csrf_of(page.text) or s.ed.csrf
                rs, spent = s.post("/admin/news/%d/%s" % (draft, action),
                                  [("csrf_token", token)])
                if rs.status != 303:
                    sys.exit("bench: %s on %s: %s" % (action, s.name, rs))
                out.setdefault((action, s.name), []).append(spent)
            # Where a publish and an unpublish take the editor: the list
            # of releases, last edited first.
            mark = s.mark()
            s.ed.go("GET", "/admin/news")
            out.setdefault((LIST_AFTER, s.name), []).append(
                cost(s.logged(mark, "GET", "/admin/news")))
    return out


def median(v):
    return statistics.median(v) if v else None


def cells(*vals):
    """Numbers as the table's cells: usec and steps whole, ratios with
    two decimals, "-" for what there is none of."""
    return ["-" if v is None else "%.2f" % v if isinstance(v, Ratio)
            else "%.0f" % v for v in vals]


class Ratio(float):
    pass


def ratio(a, b):
    """b / a, None when either is missing."""
    if a is None or b is None:
        return None
    return Ratio(b / a if a else float("inf"))


def report(demo, big, scale, names, reads, wr):
    """Prints the tables; returns (largest cold or write ratio, its
    row)."""
    row_fmt = ("%-20s | %11s %11s %7s | %11s %11s %7s | %11s %11s |"
               " %10s %11s %5s | %7s")
    print()
    print("%s releases and %s pages added to the demo database; access log "
          "usec, medians: cold of %d (a settings save before each), warm "
          "of %d (cache hits); steps: SQLite VM steps of a cold request; "
          "reads: the pages it read past SQLite's cache; bytes: the body's length, 100,000 over demo" %
          ("{:,}".format(scale), "{:,}".format(scale // 10), ROUNDS, WARM))
    worst = (0.0, "")
    steps = (0.0, "")
    pages = (0.0, "")
    none = {"cold": [], "warm": [], "steps": [], "reads": [], "bytes": []}
    for t in TRANSPORTS:
        print()
        print("waypoint serve" if t == "serve" else
              "through nginx + waypoint fcgi (the responder's usec)")
        head = row_fmt % ("URL", "demo cold", "%d cold" % scale, "ratio",
                          "demo warm", "%d warm" % scale, "ratio",
                          "steps demo", "steps %d" % scale, "reads demo",
                          "reads %d" % scale, "ratio", "bytes")
        print(head)
        print("-" * len(head))
        for row in names:
            d = reads.get((row, demo.name, t), none)
            b = reads.get((row, big.name, t), none)
            name = row if t == "serve" else row + " (nginx)"
            rc = ratio(median(d["cold"]), median(b["cold"]))
            if rc is not None:
                worst = max(worst, (rc, name))
            rs = ratio(median(d["steps"]), median(b["steps"]))
            if rs is not None:
                steps = max(steps, (rs, name))
            rr = ratio(median(d["reads"]), median(b["reads"]))
            if rr is not None:
                pages = max(pages, (rr, name))
            print(row_fmt % tuple([row] + cells(
                median(d["cold"]), median(b["cold"]), rc,
                median(d["warm"]), median(b["warm"]),
                ratio(median(d["warm"]), median(b["warm"])),
                median(d["steps"]), median(b["steps"]),
                median(d["reads"]), median(b["reads"]), rr,
                ratio(median(d["bytes"]), median(b["bytes"])))))
    print()
    write_fmt = "%-20s | %11s %11s %7s | %11s %11s %7s"
    print(write_fmt % ("admin write", "demo", scale, "ratio", "steps demo",
                       "steps %d" % scale, "ratio"))
    for what in ("save", "publish", "unpublish", LIST_AFTER):
        a, sa = (median([v[k] for v in wr[(what, demo.name)]
                         if v[k] is not None]) for k in (0, 1))
        b, sb = (median([v[k] for v in wr[(what, big.name)]
                         if v[k] is not None]) for k in (0, 1))
        if what != LIST_AFTER:
            worst = max(worst, (ratio(a, b), what))
        if ratio(sa, sb) is not None:
            steps = max(steps, (ratio(sa, sb), what))
        print(write_fmt % tuple([what] + cells(a, b, ratio(a, b), sa, sb,
                                               ratio(sa, sb))))
    return worst, steps, pages


def main():
    args = sys.argv[1:]
    if len(args) not in (2, 4) or not args[1].isdigit() or \
            (len(args) == 4 and args[2] != "--fill"):
        sys.exit("usage: scale.py WAYPOINT SCALE [--fill CONF]")
    waypoint = os.path.abspath(args[0])
    scale = int(args[1])
    tmp = tempfile.mkdtemp(prefix="waypoint-bench-scale-")
    # nginx's workers (another user, as root) reach the sockets in it.
    os.chmod(tmp, 0o755)
    sites = []
    try:
        if len(args) == 4:
            lines, took = fill(waypoint, args[3], scale, tmp)
            print("# %d lines imported in %.1f s" % (lines, took))
            return
        demo = Site("demo", waypoint, os.path.join(tmp, "demo"))
        big = Site(str(scale), waypoint, os.path.join(tmp, "scale"))
        sites = [demo, big]
        lines, took = fill(waypoint, big.conf, scale, tmp)
        print("import: %d lines (%d releases, %d pages) in %.1f s, %.0f "
              "lines/s" % (lines, scale, scale // 10, took, lines / took),
              flush=True)
        # The import leaves the new database's pages to the kernel to
        # write back; written out now, that work does not fall on the
        # first rounds and the big side alone.
        os.sync()
        for s in sites:
            s.start()
        names, reads = cold_and_warm(sites)
        wr = writes(sites)
        worst, steps, pages = report(demo, big, scale, names, reads, wr)
        print()
        print("import of %d lines: %.1f s (%.0f lines/s)" % (
            lines, took, lines / took))
        if steps[1]:
            print("max steps ratio: %.2f (%s)" % steps)
        if pages[1]:
            print("max reads ratio: %.2f (%s)" % pages)
        print("max ratio: %.2f (%s)" % worst)
    finally:
        for s in sites:
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

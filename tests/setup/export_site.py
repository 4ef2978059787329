#!/usr/bin/env python3
"""export_site.py: the checks of tests/setup/export_site.sh (issue 17's
static export), against `waypoint serve` and nginx serving the export of
the same database.

Usage: export_site.py SERVE_URL NGINX_URL DB_PATH WAYPOINT CONF DIR
  SERVE_URL  waypoint serve (its address is CONF's [site] base_url)
  NGINX_URL  nginx with conf/nginx-static.conf over DIR
  DIR        the export, made once already by the runner

Every file of the export is mapped back to its URL (index.html files to
their folder, a list's page/N to ?page=N) and, with every URL of the
sitemap, fetched from both: same status (200), body and Content-Type.
Every same-site link of the exported pages answers 200 on nginx, but
search, the editors' pages, the API and the lists' filters (no static
file can answer a query of free text). Prints "ok - name" or "FAIL -
name: detail", then "N passed, N failed". Python 3 standard library only.
"""

import glob
import hashlib
import html
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "http"))

import admin  # noqa: E402
from lib import Client  # noqa: E402

t = admin.t
LANG = r"(?:/[a-z]{2,3}(?:-[a-z0-9]{1,8})*)?"
LIST_PAGE = re.compile(r"^(%s/(?:news|events|projects|resources))/page/"
                       r"(0|[1-9][0-9]*)$" % LANG)
COUNTS = re.compile(r"written (\d+), unchanged (\d+), removed (\d+)")
# Links a static host cannot answer: search (a query of free text), the
# editors' pages, previews, the JSON API.
NOT_EXPORTED = re.compile(r"^%s/(search|admin|preview|api)(/|$|\?)" % LANG)
SHOWN = 8       # URLs named in a failure's detail
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:")


def url_of(rel):
    """The URL the export's file rel (relative to DIR) answers."""
    if rel == "index.html":
        return "/"
    if not rel.endswith("/index.html"):
        return "/" + rel
    path = "/" + rel[:-len("/index.html")]
    m = LIST_PAGE.match(path)
    return "%s?page=%s" % (m.group(1), m.group(2)) if m else path


def files_of(d):
    """{rel: (inode, mtime_ns, sha256)} of every file below d."""
    out = {}
    for root, _, names in os.walk(d):
        for n in names:
            p = os.path.join(root, n)
            st = os.lstat(p)
            with open(p, "rb") as f:
                h = hashlib.sha256(f.read()).hexdigest()
            out[os.path.relpath(p, d)] = (st.st_ino, st.st_mtime_ns, h)
    return out


def site_path(url):
    """The path (and query) of url when it is one of this site's."""
    u = urlsplit(url)
    if u.scheme and u.netloc != urlsplit(SERVE).netloc:
        return None
    return (u.path or "/") + ("?" + u.query if u.query else "")


def sitemap_urls(c):
    """The paths the sitemap lists: its files', and theirs."""
    rs = c.get("/sitemap.xml", record=False)
    parts = [site_path(html.unescape(x)) for x in
             re.findall(r"<loc>([^<]*)</loc>", rs.text)]
    urls = ["/sitemap.xml"] + parts
    for p in parts:
        rs = c.get(p, record=False)
        urls += [site_path(html.unescape(x)) for x in
                 re.findall(r"<loc>([^<]*)</loc>", rs.text)]
    return urls


def compare(label):
    """Every URL of the export and of the sitemap, from both servers."""
    serve, nginx = Client(SERVE), Client(NGINX)
    urls = sorted({url_of(r) for r in files_of(DIR) if r != ".waypoint-export"}
                  | set(sitemap_urls(serve)))
    bad = []
    for u in urls:
        a, b = serve.get(u, record=False), nginx.get(u, record=False)
        if a.status != 200 or b.status != 200:
            bad.append("%s: %s / %s" % (u, a.status, b.status))
        elif a.body != b.body:
            bad.append("%s: bodies differ" % u)
        elif a.header("content-type") != b.header("content-type"):
            bad.append("%s: %s / %s" % (u, a.header("content-type"),
                                          b.header("content-type")))
    t.check("%s: %d URLs (the export's and the sitemap's): 200, the same "
            "body and Content-Type from waypoint serve and nginx"
            % (label, len(urls)), urls and not bad,
            "; ".join(bad[:SHOWN]))
    links = set()
    for u in urls:
        if not u.endswith(".xml") and "/static/" not in u:
            body = nginx.get(u, record=False).text
            for x in re.findall(r'(?:href|src)="([^"]*)"', body):
                p = site_path(html.unescape(x))
                if p is not None and p.startswith("/") and \
                        not p.startswith("//") and not NOT_EXPORTED.match(p):
                    links.add(p)
    # A list's filters (?status=, ?type= ...) are left to Waypoint; a
    # page of the list and a static file's ?v= are exported.
    links = {p for p in links if "?" not in p or
             re.search(r"\?(page|v)=[0-9a-f]+$", p)}
    broken = [p for p in sorted(links)
              if nginx.get(p, record=False).status != 200]
    t.check("%s: the %d links of the exported pages (search, editors, API "
            "and filters aside) answer 200 on nginx" % (label, len(links)),
            links and not broken, "; ".join(broken[:SHOWN]))


def export(conf=None):
    """Runs export-site DIR with conf (CONF): (exit status, output)."""
    p = subprocess.run([WAYPOINT, "--config", conf or CONF, "export-site",
                        DIR], capture_output=True, text=True, timeout=300)
    out = p.stdout + p.stderr
    if SANITIZER.search(out):
        t.check("export-site: no sanitizer report", False, out)
    return p.returncode, out


def counts(out):
    m = COUNTS.search(out)
    return tuple(map(int, m.groups())) if m else None


def leftovers():
    return glob.glob(DIR + ".new-*")


def again_unchanged():
    before = files_of(DIR)
    rc, out = export()
    n = counts(out)
    t.check("a second export with nothing changed: exit 0, \"written 0\", "
            "\"removed 0\"", rc == 0 and n is not None and n[0] == 0 and
            n[2] == 0 and n[1] == len(before) - 1, out)
    t.check("... every file kept: same inode, mtime and bytes",
            files_of(DIR) == before, "files changed")


def two_at_once():
    """Two exports at once into one DIR (a timer's beside an
    administrator's): the second waits for the first, so both end well,
    nothing is left beside DIR, and no unchanged file is written again."""
    before = files_of(DIR)
    procs = [subprocess.Popen([WAYPOINT, "--config", CONF, "export-site",
                               DIR], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    t.check("two exports at once: both exit 0, \"written 0\"",
            all(p.returncode == 0 for p in procs) and
            all(counts(o) is not None and counts(o)[0] == 0 for o in outs),
            " / ".join(outs))
    t.check("... nothing left beside DIR, every file kept",
            not leftovers() and files_of(DIR) == before,
            str(leftovers()))


def reader_gone():
    """-v into a reader that stops after one line (| head -1): the
    export is done all the same, nothing left beside DIR."""
    p = subprocess.Popen([WAYPOINT, "--config", CONF, "export-site", DIR,
                          "-v"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    p.stdout.readline()
    p.stdout.close()
    rc = p.wait(timeout=300)
    t.check("-v | head -1: the export ends well (exit 0), nothing left "
            "beside DIR", rc == 0 and not leftovers(),
            "exit %d, %s" % (rc, leftovers()))


def one_version_release():
    return admin.db_all(
        "SELECT id, slug FROM news n WHERE status = 'published' AND "
        "(SELECT count(*) FROM news m WHERE m.group_id = n.group_id) = 1 "
        "ORDER BY id LIMIT 1")[0]


def unpublish():
    nid, slug = one_version_release()
    before = files_of(DIR)
    old = {r: open(os.path.join(DIR, r), "rb").read() for r in before}
    mine = {r for r in before if "/%s/" % slug in "/" + r}
    t.check("the release's pages are in the export (%s)" % slug,
            "news/%s/index.html" % slug in mine and
            "hu/news/%s/index.html" % slug in mine, sorted(mine))
    ag = admin.signed_in(*admin.ADMIN, "admin1")
    admin.confirm_and_post(ag, nid, "unpublish", "unpublish %s" % slug)
    rc, out = export()
    after = files_of(DIR)
    n = counts(out)
    gone = set(before) - set(after)
    changed = {r for r in after if r in before and
               after[r][2] != before[r][2]}
    new = set(after) - set(before)
    t.check("export after the unpublish: exit 0 and its counts",
            rc == 0 and n is not None, out)
    if n is None:
        return
    t.check("... the release's files are gone, and only they: removed %d"
            % n[2], gone == mine and n[2] == len(mine),
            "gone %s, its files %s" % (sorted(gone), sorted(mine)))
    t.check("... the output names what was removed",
            all("removed " + r in out for r in gone), out)
    t.check("... written %d: the files whose bytes changed" % n[0],
            n[0] == len(changed) + len(new) and n[0] > 0,
            "changed %d, new %d" % (len(changed), len(new)))
    t.check("... every other file kept as it was (inode, mtime)",
            all(after[r] == before[r] for r in after
                if r not in changed and r not in new), "files touched")
    # A file that changed showed the release, or is a list's page (the
    # next ones move up) or a file of the sitemap (its dates).
    odd = [r for r in changed if slug.encode() not in old[r] and
           not LIST_PAGE.match("/" + r[:-len("/index.html")]) and
           not r.startswith("sitemap")]
    t.check("... the files that changed are those it touched (%d)"
            % len(changed), not odd, sorted(odd))
    maps = b"".join(open(os.path.join(DIR, r), "rb").read()
                    for r in after if r.startswith("sitemap"))
    t.check("... the sitemap no longer lists it", slug.encode() not in maps)
    t.check("... nothing left beside the export", not leftovers(),
            leftovers())
    rs = Client(NGINX).get("/news/" + slug, record=False)
    t.status("... nginx answers its URL 404", rs, 404)


def failing(name, conf, want):
    """An export that fails: exit non-zero, saying want, and the previous
    export left exactly as it was."""
    before = files_of(DIR)
    rc, out = export(conf)
    t.check("%s: exit status non-zero, says %r" % (name, want),
            rc != 0 and want in out, "exit %d: %s" % (rc, out))
    t.check("%s: the previous export is as it was" % name,
            files_of(DIR) == before, "files changed")
    t.check("%s: the half-made folder is removed" % name, not leftovers(),
            leftovers())


def broken_template():
    tmp = os.path.dirname(os.path.dirname(DIR))
    tpl = os.path.join(tmp, "broken-templates")
    src = re.search(r"^templates = (.*)$", open(CONF).read(), re.M).group(1)
    shutil.copytree(src, tpl)
    with open(os.path.join(tpl, "news_show.mustache"), "a") as f:
        f.write("{{#unclosed}}\n")
    conf = os.path.join(tmp, "broken.conf")
    with open(conf, "w") as f:
        f.write(open(CONF).read().replace("templates = " + src,
                                          "templates = " + tpl))
    failing("a broken template", conf, "news_show")


def failing_page():
    # An event whose fields are not an event's: its pages answer 500 (and
    # the events list 503), after the home page and the news are written.
    eid, fields = admin.db_all("SELECT id, fields FROM entries WHERE kind = "
                               "'event' AND status = 'published' "
                               "ORDER BY id LIMIT 1")[0]
    admin.db_exec("UPDATE entries SET fields = 'not json' WHERE id = ?",
                  (eid,))
    try:
        failing("a page that answers 500 midway", None, "not 200")
    finally:
        admin.db_exec("UPDATE entries SET fields = ? WHERE id = ?",
                      (fields, eid))


def unreadable_media():
    # A media name that is a folder: found after every page is rendered.
    media = os.path.join(os.path.dirname(DB_PATH), "media")
    bad = os.path.join(media, "0" * 64 + ".png")
    os.makedirs(bad)
    try:
        failing("a media file that cannot be linked", None, "0" * 64)
    finally:
        os.rmdir(bad)


def one_address():
    """A page has one URL on nginx as on Waypoint: with a trailing slash
    it is a 301 to the URL without, and a folder's index.html is a
    404."""
    serve, nginx = Client(SERVE), Client(NGINX)
    for u, want in (("/news/", 301), ("/hu/", 301), ("/news/?page=1", 301),
                    ("/news/?", 301), ("/index.html", 404),
                    ("/news/index.html", 404), ("/news/page/1", 404),
                    ("/hu/news/page/0", 404), ("/events/page/0", 404),
                    ("/news?page=", 400), ("/news?page=abc", 400),
                    ("/news?x=1&page=", 400), ("/news?page=1000000", 400),
                    ("/news?page=999999", 404)):
        a, b = serve.get(u, record=False), nginx.get(u, record=False)
        where = [(r.header("location") or "").split("//", 1)[-1]
                 .partition("/")[2] for r in (a, b)]
        t.check("%s: %d from both, to the same address" % (u, want),
                a.status == want and b.status == want and
                where[0] == where[1], "%s %s / %s %s" % (
                    a.status, where[0], b.status, where[1]))
    # An escape in the path is never copied into a Location decoded.
    b = nginx.get("/news%0dX-Evil:%201/", record=False)
    t.check("an escaped CR before a trailing slash: a 404 from nginx, no "
            "header made of it", b.status == 404 and
            b.header("x-evil") is None and b.header("location") is None,
            "%s %s" % (b.status, b.header("location")))


def media_refused():
    """A HEIC original is never served, nor a PDF but under its
    document's name: the export leaves the one out and nginx refuses the
    other's bare name, as Waypoint does; the document's name answers the
    same from both, with Waypoint's headers for a PDF."""
    media = os.path.join(os.path.dirname(DB_PATH), "media")
    heic = hashlib.sha256(b"a heic original").hexdigest() + ".heic"
    pdf = hashlib.sha256(b"%PDF-1.4 a report").hexdigest() + ".pdf"
    for name, data in ((heic, b"a heic original"),
                       (pdf, b"%PDF-1.4 a report")):
        with open(os.path.join(media, name), "wb") as f:
            f.write(data)
    try:
        rc, out = export()
        t.check("an export beside a HEIC original and a PDF: exit 0",
                rc == 0, out)
        t.check("... the HEIC original is not in the export",
                not os.path.exists(os.path.join(DIR, "media", heic)),
                "media/" + heic)
        serve, nginx = Client(SERVE), Client(NGINX)
        for u in ("/media/" + heic, "/media/" + pdf):
            a, b = serve.get(u, record=False), nginx.get(u, record=False)
            t.check("%s: a 404 from both" % u[:24],
                    a.status == 404 and b.status == 404,
                    "%s / %s" % (a.status, b.status))
        u = "/media/%s/a-report.pdf" % pdf[:-4]
        a, b = serve.get(u, record=False), nginx.get(u, record=False)
        t.check("a document's name: 200 and the same body from both",
                a.status == 200 and b.status == 200 and a.body == b.body,
                "%s / %s" % (a.status, b.status))
        for h in ("content-type", "content-disposition",
                  "content-security-policy"):
            t.check("... the same %s" % h, a.header(h) == b.header(h),
                    "%s / %s" % (a.header(h), b.header(h)))
    finally:
        os.unlink(os.path.join(media, heic))
        os.unlink(os.path.join(media, pdf))


def media_row_missing():
    """A media row whose file the folder lacks (restored from an old
    backup, a file removed by hand): pages that show it are the site's,
    so the export goes on, and says which file is missing."""
    h = hashlib.sha256(b"a file that is gone").hexdigest()
    db = sqlite3.connect(DB_PATH, timeout=30)
    with db:
        mid = db.execute("INSERT INTO media (type, hash, bytes, filename,"
                         " created_at, updated_at) VALUES ('pdf', ?, 5,"
                         " 'gone.pdf', 1, 1)", (h,)).lastrowid
    try:
        rc, out = export()
        t.check("an export with a media row's file missing: exit 0, and "
                "the file named", rc == 0 and re.search(
                    r"warning: media item %d: \S*/%s\.pdf is missing" %
                    (mid, h), out) is not None, out[-600:])
    finally:
        with db:
            db.execute("DELETE FROM media WHERE id = ?", (mid,))
        db.close()


def export_as(args, umask=None, cwd=None):
    """export-site with args, under umask, from cwd: (status, output)."""
    p = subprocess.run([WAYPOINT, "--config", CONF, "export-site"] + args,
                       capture_output=True, text=True, timeout=300, cwd=cwd,
                       preexec_fn=(lambda: os.umask(umask)) if umask
                       is not None else None)
    return p.returncode, p.stdout + p.stderr


def modes_below(d):
    """{mode & 07777, group} of every folder and of every file below d."""
    dirs, files = set(), set()
    for root, names, fnames in os.walk(d):
        for n in names:
            st = os.lstat(os.path.join(root, n))
            dirs.add((st.st_mode & 0o7777, st.st_gid))
        for n in fnames:
            st = os.lstat(os.path.join(root, n))
            files.add((st.st_mode & 0o7777, st.st_gid))
    return dirs, files


def folder_mode():
    """DIR's mode, set-group-ID bit and group are the export's: kept on
    a swap, taken by every folder and (without x) every file, whatever
    the umask; a media file of another mode is copied, not linked."""
    gid = os.getgroups()[-1] if os.getgroups() else os.getgid()
    st0 = os.stat(DIR)
    os.chown(DIR, -1, gid)
    os.chmod(DIR, 0o2750)
    try:
        rc, out = export_as([DIR], umask=0o077)
        st = os.stat(DIR)
        t.check("DIR 2750 and its group, umask 077: exit 0, DIR keeps "
                "both", rc == 0 and st.st_mode & 0o7777 == 0o2750 and
                st.st_gid == gid, "exit %d, %o %d: %s" % (
                    rc, st.st_mode & 0o7777, st.st_gid, out))
        dirs, files = modes_below(DIR)
        t.check("... every folder 2750, every file 0640, DIR's group",
                dirs == {(0o2750, gid)} and files == {(0o640, gid)},
                "%s %s" % (sorted(dirs), sorted(files)))
        media = os.path.join(os.path.dirname(DB_PATH), "media")
        name = sorted(n for n in os.listdir(media) if n.endswith(".png"))[0]
        a = os.stat(os.path.join(media, name))
        b = os.stat(os.path.join(DIR, "media", name))
        t.check("... a media file of mode %o copied, not linked"
                % (a.st_mode & 0o777), a.st_ino != b.st_ino and
                a.st_mode & 0o7777 != 0o640, "%d %d" % (a.st_ino, b.st_ino))
    finally:
        os.chown(DIR, -1, st0.st_gid)
        os.chmod(DIR, st0.st_mode & 0o7777)
    rc, out = export()
    dirs, files = modes_below(DIR)
    t.check("DIR back to %o: the files follow" % (st0.st_mode & 0o777),
            rc == 0 and files == {(st0.st_mode & 0o666, st0.st_gid)},
            "%s: %s" % (sorted(files), out))


def planted_link():
    """A folder of the export replaced by a symbolic link to a copy
    elsewhere: the export never reaches through it (no file of the copy
    linked in), and DIR holds a real folder again."""
    victim = os.path.join(os.path.dirname(os.path.dirname(DIR)), "victim")
    shutil.copytree(os.path.join(DIR, "news"), os.path.join(victim, "news"))
    shutil.rmtree(os.path.join(DIR, "news"))
    os.symlink(os.path.join(victim, "news"), os.path.join(DIR, "news"))
    rc, out = export()
    theirs = {os.lstat(os.path.join(r, n)).st_ino
              for r, _, ns in os.walk(victim) for n in ns}
    ours = {os.lstat(os.path.join(r, n)).st_ino
            for r, _, ns in os.walk(DIR) for n in ns}
    t.check("a folder of the export made a link elsewhere: exit 0, a real "
            "folder again, no file of elsewhere linked in", rc == 0 and
            not os.path.islink(os.path.join(DIR, "news")) and
            not theirs & ours, "exit %d, %d shared: %s" % (
                rc, len(theirs & ours), out))
    shutil.rmtree(victim)


def dot_and_left():
    """DIR given as "." from inside it works; a new tree a stopped export
    left beside DIR is removed by the next."""
    left = DIR + ".new-AbC123"
    os.makedirs(os.path.join(left, "news"))
    with open(os.path.join(left, "news", "x"), "w") as f:
        f.write("half made")
    with open(os.path.join(left, ".waypoint-export"), "w") as f:
        f.write("written by waypoint export-site\n")
    # A folder named the same way that holds no export is not touched.
    other = DIR + ".new-backup"
    os.makedirs(other)
    with open(os.path.join(other, "keep"), "w") as f:
        f.write("an administrator's")
    rc, out = export_as(["."], cwd=DIR)
    t.check("export-site . from inside DIR: exit 0, DIR still the "
            "export", rc == 0 and os.path.isfile(os.path.join(
                DIR, ".waypoint-export")), "exit %d: %s" % (rc, out))
    t.check("... what a stopped export left beside DIR is removed, and "
            "said", not os.path.exists(left) and left in out, "%s: %s" % (
                leftovers(), out))
    t.check("... a folder named so that holds no export is left alone",
            os.path.isfile(os.path.join(other, "keep")), out)
    shutil.rmtree(other)


def no_base_url():
    """Without [site] base_url the export names the address serve would
    take from [serve] listen (and says base_url is not set), so that its
    bodies are serve's on the same file."""
    tmp = os.path.dirname(os.path.dirname(DIR))
    conf = os.path.join(tmp, "nobase.conf")
    with open(conf, "w") as f:
        f.write("".join(ln for ln in open(CONF)
                        if not ln.startswith("base_url")))
    out_dir = os.path.join(os.path.dirname(DIR), "nobase")
    p = subprocess.run([WAYPOINT, "--config", conf, "export-site",
                        out_dir], capture_output=True, text=True,
                       timeout=300)
    with open(os.path.join(out_dir, "sitemap.xml")) as f:
        names = f.read()
    t.check("no base_url: the sitemap names serve's address, "
            "and says base_url is not set", p.returncode == 0 and
            "<loc>%s/" % SERVE in names and "base_url is not set" in
            p.stderr, p.stderr[-300:] + names[:300])
    shutil.rmtree(out_dir)


def main():
    global SERVE, NGINX, DB_PATH, WAYPOINT, CONF, DIR
    if len(sys.argv) != 7:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    SERVE, NGINX, DB_PATH, WAYPOINT, CONF, DIR = sys.argv[1:]
    admin.BASE, admin.NETLOC = SERVE, urlsplit(SERVE).netloc
    admin.DB_PATH, admin.WAYPOINT, admin.CONF = DB_PATH, WAYPOINT, CONF
    for fn in (lambda: compare("first export"), again_unchanged,
               two_at_once, reader_gone, unpublish,
               lambda: compare("after the unpublish"), broken_template,
               failing_page, unreadable_media, media_refused,
               media_row_missing, one_address, folder_mode, planted_link, dot_and_left,
               no_base_url):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - one section's crash
            t.crashed(getattr(fn, "__name__", "section"), e)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""media_pages.py: the HTTP tests of media in bodies and lead images (issue
15): a release whose body shows a library image as a figure (picture,
srcset, sizes, width, height, lazy loading, async decoding, caption and
credit) and links a PDF; a lead image above it, in the lists, in Open
Graph and JSON-LD; the Hungarian version with the Hungarian words; saves
refused with the message at the field and the text kept (a missing item,
an image without alt text, a document shown as an image, a lead image
that is a document); a decorative image shown with alt=""; the uses
recorded with each save; a replaced file shown at once; a deleted item's
reference dropped; absolute URLs in the feed and the API; nothing loaded
from another site; an image uploaded and replaced through the library,
whose files the page names; the lead image kept in revisions (restored,
dropped with a word when deleted since) and given by the API. Most library rows are written with SQL, as
the library's upload writes them (the pages only read rows). Needs the
vips command (libvips-tools), as media_admin.py does. Run against any base URL
(waypoint serve, or nginx -> waypoint fcgi) over a database made by
`waypoint db init` in which the run script has created admin.py's
accounts.

Usage: media_pages.py BASE_URL DB_PATH WAYPOINT CONF [--review]
  --review: against a server with [workflow] review on, only that a held
  change's uses and lead image are recorded when a reviewer publishes it.
Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import html
import json
import os
import re
import secrets
import shutil
import sys
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
import media_admin as M  # noqa: E402
from lib import Client, describe  # noqa: E402

t = A.t
S = {}
WIDTHS = (320, 640, 1024)
CREDIT = "\u00a9 IOM 2021"
ALT_EN = "Children \"playing\" <outside> a reception centre"
ALT_HU = "Gyerekek j\u00e1tszanak egy befogad\u00f3\u00e1llom\u00e1s el\u0151tt"
CAPTION_EN = "Caption <b>in English</b>"
CAPTION_HU = "Magyar felirat"
SRCSET_URL = re.compile(r"/media/([0-9a-f]{64}-\d+\.(?:jpg|png|webp))")


def new_hash():
    return secrets.token_hex(32)


def add_media(kind, width=0, height=0, alt=None, caption="", credit="",
              decorative=0, filename="photo.jpg", hu=None):
    """A library row (kind jpeg, png or pdf) with its variants (an
    image's, WebP and its own format) and texts; its id."""
    now = int(time.time())
    h = new_hash()
    con = A.db()
    try:
        cur = con.execute(
            "INSERT INTO media (type, hash, bytes, width, height, "
            "filename, title, credit, decorative, created_at, updated_at)"
            " VALUES (?, ?, 1000, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, h, width, height, filename, "Item " + A.rnd(), credit,
             decorative, now, now))
        mid = cur.lastrowid
        if kind != "pdf":
            for fmt in ("webp", kind):
                for w in WIDTHS:
                    if w <= width:
                        con.execute(
                            "INSERT INTO media_variants (media_id, format,"
                            " width, height, bytes) VALUES (?, ?, ?, ?, "
                            "100)", (mid, fmt, w, w * height // width))
        if alt is not None:
            con.execute("INSERT INTO media_text (media_id, lang, alt, "
                        "caption) VALUES (?, 'en', ?, ?)",
                        (mid, alt, caption))
        if hu is not None:
            con.execute("INSERT INTO media_text (media_id, lang, alt, "
                        "caption) VALUES (?, 'hu', ?, ?)", (mid,) + hu)
    finally:
        con.close()
    return mid, h


def fields(title, body, lead="", lang=None, source=None, status="published"):
    vals = [("version", ""), ("title", title), ("slug", ""),
            ("dateline", "Budapest"), ("date", A.today()), ("time", ""),
            ("summary", "Summary of %s." % title), ("lead_media", lead),
            ("body", body), ("status", status), ("action", "save")]
    if lang:
        vals += [("lang", lang), ("source", source)]
    return vals


def post_news(title, body, lead="", **kw):
    ed = S["editor"]
    return ed.post("/admin/news", ed.with_csrf(fields(title, body, lead,
                                                      **kw)))


def field_error(rs, name):
    """The message shown at field name of a refused form, or ""."""
    m = re.search(r'<p class="field-error" id="f-%s-error">(.*?)</p>' %
                  re.escape(name), rs.text, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))) if m else ""


def textarea(rs, name):
    m = re.search(r'<textarea[^>]*name="%s"[^>]*>\n?(.*?)</textarea>' %
                  re.escape(name), rs.text, re.S)
    return html.unescape(m.group(1)) if m else None


def slug_of(nid):
    return A.db_one("SELECT slug FROM news WHERE id = ?", (nid,))


def imgs(text):
    return re.findall(r"<img\b[^>]*>", text)


def attr(tag, name):
    m = re.search(r'\b%s="([^"]*)"' % name, tag)
    return html.unescape(m.group(1)) if m else None


def release():
    """A published release with a figure, an inline picture, a document
    link and a lead image."""
    img, h = add_media("jpeg", 1600, 1067, ALT_EN, CAPTION_EN, CREDIT,
                       hu=(ALT_HU, CAPTION_HU))
    doc, dh = add_media("pdf", filename="situation-report.pdf")
    lead, lh = add_media("jpeg", 1200, 800, "The lead picture")
    S.update(img=img, hash=h, doc=doc, dhash=dh, lead=lead, lhash=lh)
    title = "Media release " + A.rnd()
    body = ("Opening paragraph.\n\n![](media:%d)\n\nA line with "
            "![small view](media:%d) inside, and [the report](media:%d)."
            % (img, img, doc))
    rs = post_news(title, body, str(lead))
    nid = A.news_id(rs)
    if not t.check("a release with media and a lead image -> 303",
                   rs.status == 303 and nid, describe(rs)):
        return
    S["nid"], S["title"] = nid, title
    uses = sorted(A.db_all("SELECT media_id, role FROM media_uses WHERE "
                           "kind = 'news' AND item_id = ?", (nid,)))
    t.check("its uses are recorded with the save (body and lead)",
            uses == sorted([(img, "body"), (doc, "body"), (lead, "lead")]),
            str(uses))
    t.check("its lead image is its lead_media",
            A.db_one("SELECT lead_media FROM news WHERE id = ?", (nid,))
            == lead)


def public_page():
    if "nid" not in S:
        return
    h, lh = S["hash"], S["lhash"]
    rs = Client(A.BASE).get("/news/" + slug_of(S["nid"]))
    t.status("the release's page -> 200", rs, 200)
    prose = re.search(r'<div class="prose">(.*?)</div>\s*<footer', rs.text,
                      re.S)
    prose = prose.group(1) if prose else ""
    figs = re.findall(r'<figure class="media[^"]*">.*?</figure>', prose,
                      re.S)
    t.check("the lead image and the image alone in its paragraph are "
            "figures", len(figs) == 2 and "media-lead" in figs[0], prose)
    if len(figs) != 2:
        return
    lead_img, body_img = imgs(figs[0])[0], imgs(figs[1])[0]
    t.check("the lead image: eager, fetchpriority high, async decoding",
            attr(lead_img, "loading") is None and
            attr(lead_img, "fetchpriority") == "high" and
            attr(lead_img, "decoding") == "async", lead_img)
    t.check("the lead image's alt text", attr(lead_img, "alt") ==
            "The lead picture", lead_img)
    src = "/media/%s-1024.jpg" % h
    srcset = ", ".join("/media/%s-%d.jpg %dw" % (h, w, w) for w in WIDTHS)
    t.check("figure: img with src, srcset narrowest first, sizes, width, "
            "height", attr(body_img, "src") == src and
            attr(body_img, "srcset") == srcset and
            attr(body_img, "sizes") and
            attr(body_img, "width") == "1600" and
            attr(body_img, "height") == "1067", body_img)
    t.check("figure: below a lead image, lazy and async",
            attr(body_img, "loading") == "lazy" and
            attr(body_img, "decoding") == "async", body_img)
    source = re.search(r'<source type="image/webp" srcset="([^"]*)" '
                       r'sizes="[^"]+">', figs[1])
    t.check("figure: a WebP source before the img",
            source and source.group(1) == ", ".join(
                "/media/%s-%d.webp %dw" % (h, w, w) for w in WIDTHS),
            figs[1])
    t.check("figure: the item's alt text, escaped once",
            attr(body_img, "alt") == ALT_EN and
            'alt="Children &quot;playing&quot; &lt;outside&gt;' in
            body_img, body_img)
    cap = re.search(r"<figcaption>(.*?)</figcaption>", figs[1], re.S)
    t.check("figcaption: caption (escaped) and credit",
            cap and "Caption &lt;b&gt;in English&lt;/b&gt;" in cap.group(1)
            and CREDIT in html.unescape(cap.group(1)), figs[1])
    inline = [i for i in imgs(prose) if attr(i, "alt") == "small view"]
    t.check("an image inside text: a picture with the alt text typed, no "
            "figure", inline and re.search(r"A line with <picture[^>]*>"
                                           r"<source", prose),
            re.search(r"A line with.{0,300}", prose, re.S).group(0)
            if "A line with" in prose else prose)
    t.check("a document link: /media/<hash>/<file name>",
            'href="/media/%s/situation-report.pdf"' % S["dhash"] in prose,
            prose)
    t.check("no media: address is left", "media:" not in prose, prose)
    t.check("og:image: the lead image's variant, absolute",
            re.search(r'<meta property="og:image" content="https?://[^"]+'
                      r'/media/%s-1024\.jpg">' % lh, rs.text) and
            '<meta property="og:image:alt" content="The lead picture">' in
            rs.text, describe(rs))
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                   rs.text, re.S)
    t.check("JSON-LD image: the lead image", ld and json.loads(
        ld.group(1)).get("image", "").endswith("/media/%s-1024.jpg" % lh),
        ld.group(1) if ld else "none")
    csp = rs.header("content-security-policy") or ""
    urls = [attr(i, "src") for i in imgs(rs.text)]
    urls += [u.split()[0] for i in imgs(rs.text) + re.findall(
        r"<source\b[^>]*>", rs.text) for u in
        (attr(i, "srcset") or "").split(",") if u.strip()]
    t.check("CSP img-src 'self': every picture is the site's own (or the "
            "layout's data: mark)",
            "img-src 'self'" in csp and urls and
            all(u.startswith("data:") or (u.startswith("/") and
                                          not u.startswith("//"))
                for u in urls), "%s %s" % (csp, urls))


def listed(path):
    """The news-item article of S's release on the page at path, or
    None; with the page."""
    rs = Client(A.BASE).get(path)
    item = re.search(r'<article class="news-item">(?:(?!</article>).)*'
                     r'%s(?:(?!</article>).)*</article>' %
                     re.escape(html.escape(S["title"], quote=False)),
                     rs.text, re.S)
    return item, rs


def lists():
    if "nid" not in S:
        return
    lh = S["lhash"]
    # The newest release to the second, so that home's latest five hold
    # it whatever the suites before published this minute; written
    # behind the server's back, it is seen within a second
    # (generation.c).
    A.db_exec("UPDATE news SET published_at = unixepoch() WHERE id = ?",
              (S["nid"],))
    for path in ("/news", "/"):
        deadline = time.monotonic() + 10
        item, rs = listed(path)
        while item is None and time.monotonic() < deadline:
            time.sleep(0.05)
            item, rs = listed(path)
        thumb = item and re.search(r'<picture class="media-picture '
                                   r'media-thumb">.*?</picture>',
                                   item.group(0), re.S)
        t.check("%s: the release's lead image as a lazy thumbnail" % path,
                thumb and "/media/%s-" % lh in thumb.group(0) and
                'loading="lazy"' in thumb.group(0) and
                'alt="The lead picture"' in thumb.group(0),
                item.group(0) if item else describe(rs))


def hungarian():
    """The Hungarian version shows the image's Hungarian words."""
    if "nid" not in S:
        return
    title = "Magyar " + A.rnd()
    rs = post_news(title, "Bevezet\u0151.\n\n![](media:%d)" % S["img"],
                   lang="hu", source=S["nid"])
    nid = A.news_id(rs)
    if not t.check("the Hungarian translation -> 303", nid, describe(rs)):
        return
    page = Client(A.BASE).get("/hu/news/" + slug_of(nid))
    t.check("/hu/: the Hungarian alt text and caption",
            'alt="%s"' % ALT_HU in page.text and
            "<span class=\"media-caption\">%s</span>" % CAPTION_HU in
            page.text and ALT_EN not in html.unescape(page.text),
            describe(page))
    uses = A.db_one("SELECT count(*) FROM media_uses WHERE kind = 'news' "
                    "AND item_id = ? AND media_id = ?", (nid, S["img"]))
    t.check("a translation's save records its uses too", uses == 1)


def refused(name, body, field, words, lead=""):
    title = "Refused " + A.rnd()
    rs = post_news(title, body, lead)
    t.status(name + " -> 422", rs, 422)
    msg = field_error(rs, field)
    t.check(name + ": the message at the field names the reference",
            all(w in msg for w in words), "message %r" % msg)
    t.check(name + ": the text typed is kept", textarea(rs, "body") ==
            body and 'value="%s"' % lead in rs.text, describe(rs))
    t.check(name + ": nothing saved", A.db_one(
        "SELECT count(*) FROM news WHERE title = ?", (title,)) == 0)


def refusals():
    bare, _ = add_media("png", 400, 300, filename="bare.png")
    S["bare"] = bare
    refused("![](media:999999)", "Text.\n\n![](media:999999)", "body",
            ("media:999999", "not in the media library"))
    refused("an image without alt text", "![](media:%d)" % bare, "body",
            ("media:%d" % bare, "alt text"))
    if "doc" in S:
        refused("a document shown as an image", "![x](media:%d)" %
                S["doc"], "body", ("media:%d" % S["doc"], "document"))
        refused("a document as the lead image", "Text.", "lead_media",
                ("media:%d" % S["doc"], "document"), lead=str(S["doc"]))
    refused("an image without alt text as the lead image", "Text.",
            "lead_media", ("media:%d" % bare, "alt text"), lead=str(bare))
    refused("a lead image not in the library", "Text.", "lead_media",
            ("media:999998",), lead="999998")
    # A language the site lacks, with a picture in the body and as the lead
    # image: refused at the language field, and neither is looked up in
    # that language (the server used to crash on it).
    if "img" in S:
        title = "Refused " + A.rnd()
        rs = post_news(title, "![](media:%d)" % S["img"], str(S["img"]),
                       lang="zz", source="")
        t.status("an unknown language with pictures -> 422", rs, 422)
        t.check("an unknown language: said at the language field",
                field_error(rs, "lang") != "", describe(rs))
        t.status("an unknown language with pictures: the server still "
                 "answers", Client(A.BASE).get("/"), 200)


def decorative():
    """Marked decorative in the library, the image saves and shows with
    alt=""."""
    bare = S.get("bare")
    if bare is None:
        return
    A.db_exec("UPDATE media SET decorative = 1 WHERE id = ?", (bare,))
    title = "Decorative " + A.rnd()
    rs = post_news(title, "Text.\n\n![](media:%d)" % bare)
    nid = A.news_id(rs)
    if not t.check("a decorative image without alt text saves -> 303",
                   nid, describe(rs)):
        return
    page = Client(A.BASE).get("/news/" + slug_of(nid))
    tags = [i for i in imgs(page.text) if "/media/" in (attr(i, "src") or
                                                        "")]
    t.check("a decorative image: alt=\"\"", len(tags) == 1 and
            'alt=""' in tags[0], describe(page))
    t.check("without a lead image the first picture is not lazy",
            tags and attr(tags[0], "loading") is None, str(tags))
    S["deco_nid"] = nid


def replaced():
    """A new file for the same item: the page shows it at once. Written
    here behind the server's back, the change is seen within the second
    a server rereads the generation in (generation.c); the library's own
    replace route is seen at once."""
    if "nid" not in S:
        return
    path = "/news/" + slug_of(S["nid"])
    Client(A.BASE).get(path)
    fresh = new_hash()
    A.db_exec("UPDATE media SET hash = ?, version = version + 1 WHERE "
              "id = ?", (fresh, S["img"]))
    deadline = time.monotonic() + 10
    while True:
        rs = Client(A.BASE).get(path)
        if "/media/%s-1024.jpg" % fresh in rs.text or \
                time.monotonic() > deadline:
            break
        time.sleep(0.05)
    t.check("a replaced file is on the page (cached page flushed)",
            "/media/%s-1024.jpg" % fresh in rs.text and
            "/media/%s-" % S["hash"] not in rs.text, describe(rs))
    S["hash"] = fresh


def uploaded():
    """An image uploaded through the library (POST /admin/media) shown in
    a release: every file the page names is one the upload wrote; its
    file replaced (POST /admin/media/<id>/file), the page names the new
    files at once."""
    ag = S["editor"]
    rs = M.upload(ag, [("file", "Water point.jpg", "image/jpeg",
                        M.image("pages", 1400, 900))],
                  [("alt", "A water point"), ("caption", "Kakuma"),
                   ("credit", CREDIT)])
    mid = M.item_of(rs)
    if not t.check("an upload through the library -> 303 to its item",
                   rs.status == 303 and mid, describe(rs)):
        return
    title = "Uploaded " + A.rnd()
    nid = A.news_id(post_news(title, "![](media:%d)" % mid))
    if not t.check("a release showing it -> 303", nid):
        return
    path = "/news/" + slug_of(nid)
    rs = Client(A.BASE).get(path)
    names = set(SRCSET_URL.findall(rs.text))
    have = set(os.listdir(M.media_dir()))
    t.check("every file the page names is in the media folder",
            names and names <= have, "%s not in %s" % (
                sorted(names - have), sorted(have)[:8]))
    t.check("the upload's alt text, caption and credit on the page",
            'alt="A water point"' in rs.text and
            "<span class=\"media-caption\">Kakuma</span>" in rs.text and
            CREDIT in rs.text, describe(rs))
    version = M.row(mid)[7]
    rs = M.upload(ag, [("file", "new.png", "image/png",
                        M.image("pages-new", 900, 600, "png"))],
                  [("version", str(version))],
                  target="/admin/media/%d/file" % mid)
    t.status("its file replaced through the library -> 303", rs, 303)
    rs = Client(A.BASE).get(path)
    fresh = set(SRCSET_URL.findall(rs.text))
    have = set(os.listdir(M.media_dir()))
    t.check("the replaced file on the page at once, old names gone",
            fresh and fresh <= have and not fresh & names and
            'width="900" height="600"' in rs.text, describe(rs))


def feed_and_api():
    if "nid" not in S:
        return
    slug = slug_of(S["nid"])
    feed = Client(A.BASE).get("/news/feed")
    body = html.unescape(feed.text)
    t.check("the feed: the release's pictures and links are absolute",
            re.search(r'src="https?://[^"/]+/media/%s-1024\.jpg"' %
                      S["hash"], body) and
            re.search(r'href="https?://[^"/]+/media/%s/situation-report'
                      r'\.pdf"' % S["dhash"], body) and
            'src="/media/' not in body, describe(feed))
    api = Client(A.BASE).get("/api/v1/news/" + slug)
    try:
        doc = json.loads(api.text)
    except ValueError:
        doc = {}
    bh = json.dumps(doc)
    t.check("the API: body_html with absolute media URLs",
            re.search(r'https?://[^"/]+/media/%s-1024\.jpg' % S["hash"],
                      bh) and 'src=\\"/media/' not in bh, api.text[:300])


def deleted():
    """An item deleted behind the store's back (as a restore of an old
    database could leave it): the page still renders without it."""
    nid = S.get("deco_nid")
    if nid is None:
        return
    A.db_exec("DELETE FROM media_uses WHERE media_id = ?", (S["bare"],))
    A.db_exec("DELETE FROM media WHERE id = ?", (S["bare"],))
    rs = Client(A.BASE).get("/news/" + slug_of(nid))
    t.status("a body whose item is gone still renders -> 200", rs, 200)
    t.check("the reference is dropped", "media:" not in rs.text and
            "Text." in rs.text, describe(rs))


def picker():
    ed = S["editor"]
    rs = ed.get("/admin/news/new")
    box = re.search(r'<details class="media-picker".*?</details>', rs.text,
                    re.S)
    t.check("the form's picker lists the library with references to copy",
            box and 'value="![](media:%s)"' % S.get("img") in box.group(0)
            and 'readonly' in box.group(0) and
            'value="[%s](media:%s)"' % (
                html.escape(A.db_one("SELECT title FROM media WHERE id = ?",
                                     (S.get("doc"),)) or "", quote=True),
                S.get("doc")) in box.group(0), describe(rs))
    t.check("the picker's script is a file of the site, no inline script",
            re.search(r'<script src="/static/js/media-picker\.js[^"]*" '
                      r'defer></script>', rs.text) and
            not re.search(r"<script>", rs.text), describe(rs))
    t.check("the form has a lead image field",
            re.search(r'<label for="f-lead_media">', rs.text) and
            'name="lead_media"' in rs.text, describe(rs))


def review_publish():
    """With [workflow] review on: an editor's change to a published
    release adds a picture; held, it records nothing; published by a
    reviewer (an admin), its uses are recorded with it."""
    ed, ad = S["editor"], A.signed_in(*A.ADMIN, label="admin1")
    img, _ = add_media("jpeg", 800, 600, "A held picture")
    title = "Reviewed media " + A.rnd()
    rs = ad.post("/admin/news", ad.with_csrf(fields(title, "Plain text.")))
    nid = A.news_id(rs)
    if not t.check("an admin publishes a release -> 303", nid,
                   describe(rs)):
        return
    _, form = A.edit_form(ed, "news", nid)
    rs = A.save_form(ed, "news", nid, form,
                     body="Plain text.\n\n![](media:%d)" % img)
    t.status("an editor's change adding a picture is held -> 303", rs, 303)
    uses = "SELECT count(*) FROM media_uses WHERE media_id = ? AND " \
        "kind = 'news' AND item_id = ?"
    t.check("held, the change records no use", A.db_one(uses, (img, nid))
            == 0)
    sid = A.db_one("SELECT id FROM submissions WHERE kind = 'news' AND "
                   "item_id = ? AND state = 'pending'", (int(nid),))
    rs = ad.post("/admin/review/%s/publish" % sid, ad.with_csrf([]))
    t.status("the reviewer publishes it -> 303", rs, 303)
    t.check("published, its use is recorded", A.db_one(uses, (img, nid))
            == 1)
    page = Client(A.BASE).get("/news/" + slug_of(nid))
    t.check("the picture is on the public page",
            'alt="A held picture"' in page.text, describe(page))


def revision_ids(nid):
    return [r[0] for r in A.db_all(
        "SELECT id FROM revisions WHERE kind = 'news' AND item_id = ? "
        "ORDER BY id", (int(nid),))]


def lead_of(nid):
    return A.db_one("SELECT lead_media FROM news WHERE id = ?", (int(nid),))


def lead_uses(nid):
    return [r[0] for r in A.db_all(
        "SELECT media_id FROM media_uses WHERE kind = 'news' AND "
        "item_id = ? AND role = 'lead'", (int(nid),))]


def flash_after(ag, rs):
    """The text of the page a 303 leads to (its flash shown there)."""
    loc = A.location(rs) or "/admin"
    return html.unescape(ag.get(loc).text)


def restore_lead():
    """Revisions keep the lead image: a restore brings back the old one
    (and its use); a lead image deleted from the library since is dropped
    with a word to the editor; the API gives the lead image."""
    ed = S["editor"]
    one, h1 = add_media("jpeg", 1200, 800, "Lead one")
    two, _ = add_media("jpeg", 800, 600, "Lead two")
    title = "Lead history " + A.rnd()
    rs = post_news(title, "Text.", str(one))
    nid = A.news_id(rs)
    if not t.check("a release with lead image one -> 303", nid,
                   describe(rs)):
        return
    first = revision_ids(nid)[-1]
    _, form = A.edit_form(ed, "news", nid)
    t.status("saved with lead image two -> 303", A.save_form(
        ed, "news", nid, form, lead_media=str(two)), 303)
    t.check("its lead image is two", lead_of(nid) == two)
    page = ed.get("/admin/news/%s/revisions/%s" % (nid, first))
    t.check("the first revision shows its lead image, which a restore "
            "brings back", "media:%d" % one in page.text and
            "Its lead image comes back with them." in page.text,
            describe(page))
    rs = ed.post("/admin/news/%s/revisions/%s/restore" % (nid, first),
                 ed.with_csrf([]))
    t.status("restore of the first revision -> 303", rs, 303)
    t.check("the restore brings back lead image one", lead_of(nid) == one,
            lead_of(nid))
    t.check("its use is lead image one's again", lead_uses(nid) == [one],
            lead_uses(nid))
    api = Client(A.BASE).get("/api/v1/news/" + slug_of(nid))
    try:
        lead = json.loads(api.text).get("lead_image")
    except ValueError:
        lead = None
    t.check("the API gives the lead image: largest file, size, alt",
            isinstance(lead, dict) and re.match(
                r"https?://[^/]+/media/%s-1024\.jpg$" % h1,
                lead.get("url", "")) and lead.get("width") == 1024 and
            lead.get("height") == 682 and lead.get("alt") == "Lead one",
            api.text[:400])
    if "deco_nid" in S:
        api = Client(A.BASE).get("/api/v1/news/" + slug_of(S["deco_nid"]))
        t.check("the API: a release without one has lead_image null",
                '"lead_image": null' in api.text or
                json.loads(api.text).get("lead_image", 0) is None,
                api.text[:300])
    gone, _ = add_media("jpeg", 800, 600, "Lead gone")
    _, form = A.edit_form(ed, "news", nid)
    t.status("saved with a lead image later deleted -> 303", A.save_form(
        ed, "news", nid, form, lead_media=str(gone)), 303)
    old = revision_ids(nid)[-1]
    _, form = A.edit_form(ed, "news", nid)
    A.save_form(ed, "news", nid, form, lead_media=str(one))
    A.db_exec("DELETE FROM media WHERE id = ?", (gone,))
    rs = ed.post("/admin/news/%s/revisions/%s/restore" % (nid, old),
                 ed.with_csrf([]))
    t.status("restore of a revision whose lead image is gone -> 303", rs,
             303)
    t.check("the item keeps no lead image", not lead_of(nid) and
            lead_uses(nid) == [], (lead_of(nid), lead_uses(nid)))
    t.check("the editor is told", "media:%d, was deleted from the "
            "library" % gone in flash_after(ed, rs), describe(rs))


def review_lead():
    """With [workflow] review on: a held change's new lead image is shown
    to the reviewer and applied (with its use) at publish; one deleted
    from the library before the publish is dropped, with a word."""
    ed, ad = S["editor"], A.signed_in(*A.ADMIN, label="admin2")
    lead, _ = add_media("jpeg", 800, 600, "A held lead")
    title = "Reviewed lead " + A.rnd()
    rs = ad.post("/admin/news", ad.with_csrf(fields(title, "Plain.")))
    nid = A.news_id(rs)
    if not t.check("an admin publishes a release without a lead -> 303",
                   nid, describe(rs)):
        return
    _, form = A.edit_form(ed, "news", nid)
    t.status("an editor's change setting a lead image is held -> 303",
             A.save_form(ed, "news", nid, form, lead_media=str(lead)), 303)
    t.check("held, the item has no lead image yet", not lead_of(nid))
    sql = "SELECT id FROM submissions WHERE kind = 'news' AND " \
        "item_id = ? AND state = 'pending'"
    sid = A.db_one(sql, (int(nid),))
    page = ad.get("/admin/review/%s" % sid)
    t.check("the review page shows the new lead image",
            "Lead image" in page.text and "media:%d" % lead in page.text,
            describe(page))
    rs = ad.post("/admin/review/%s/publish" % sid, ad.with_csrf([]))
    t.status("the reviewer publishes it -> 303", rs, 303)
    t.check("published, the lead image is the item's", lead_of(nid) == lead,
            lead_of(nid))
    item = ad.get("/admin/media/%d" % lead)
    t.check("the library's item page lists the use",
            title in html.unescape(item.text) and lead_uses(nid) == [lead],
            describe(item))
    gone, _ = add_media("jpeg", 800, 600, "A lead deleted")
    _, form = A.edit_form(ed, "news", nid)
    t.status("a held change to a lead image later deleted -> 303",
             A.save_form(ed, "news", nid, form, lead_media=str(gone)), 303)
    sid = A.db_one(sql, (int(nid),))
    A.db_exec("DELETE FROM media WHERE id = ?", (gone,))
    rs = ad.post("/admin/review/%s/publish" % sid, ad.with_csrf([]))
    t.status("its publish -> 303, not a failure", rs, 303)
    t.check("published without a lead image", not lead_of(nid) and
            lead_uses(nid) == [], (lead_of(nid), lead_uses(nid)))
    t.check("the reviewer is told", "media:%d, was deleted from the "
            "library" % gone in flash_after(ad, rs), describe(rs))
    held = A.db_one("SELECT revision_id FROM submissions WHERE id = ?",
                    (sid,))
    rs = ed.post("/admin/news/%s/revisions/%s/restore" % (nid, held),
                 ed.with_csrf([]))
    t.status("an editor's restore of that change is held -> 303", rs, 303)
    t.check("held, the editor is told its lead image is gone",
            "media:%d, was deleted from the library" % gone in
            flash_after(ed, rs), describe(rs))
    t.check("a held restore with its lead image gone holds none",
            A.db_one("SELECT json_extract(r.data, '$.lead_media') FROM "
                     "submissions s JOIN revisions r ON r.id = "
                     "s.revision_id WHERE s.kind = 'news' AND "
                     "s.item_id = ? AND s.state = 'pending'", (int(nid),))
            == 0)


def main():
    review = sys.argv[-1] == "--review"
    if review:
        sys.argv.pop()
    if not A.start("media_pages.py"):
        return 2
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    for fn in (review_publish, review_lead) if review else (
            release, public_page, lists, hungarian, refusals, decorative,
            replaced, uploaded, feed_and_api, deleted, picker,
            restore_lead):
        A.section(fn)
    shutil.rmtree(M.TMP, ignore_errors=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

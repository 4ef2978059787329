#!/usr/bin/env python3
"""media_admin.py: the HTTP tests of the editors' media library (issue 15):
upload (one file and several, streamed, the token first), the files kept
and what they lost (GPS, serial number, XMP, IPTC: read back with
exiftool), the smaller copies, the types refused by their content, a
decompression bomb, a 200 MiB body refused before it is read, the item's
words in each language, a stale save, a replaced file, where an item is
used, a delete refused while it is, the library's search and type filter,
at most 20 files an upload, a delete of the same photo while an upload of
it is in progress, the note that PDFs are published as they are, and
what a visitor who is not signed in gets; with --pid, that the server's
processes never map libvips or GLib, before the uploads and after them
(only each upload's worker loads them). Run against any base URL
(waypoint serve, or nginx -> waypoint fcgi) over a database made by
`waypoint db init`, in which the run script has created admin.py's
accounts (editor1, admin1); the media folder is media/ beside it.

Usage: media_admin.py BASE_URL DB_PATH WAYPOINT CONF [--pid PID]
  as admin.py, whose agent, forms and database helpers it uses; PID:
  `waypoint serve`, or `waypoint fcgi` (its worker processes too). Needs the
  vips and exiftool commands (libvips-tools, libimage-exiftool-perl).

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import children, describe  # noqa: E402

t = A.t
S = {}
BOUNDARY = "----waypoint-media-4b2e"
TMP = tempfile.mkdtemp(prefix="waypoint-media-admin-")
# A refused bomb must be refused from its header, at once: a second is
# generous on a loaded machine, a decode would take minutes.
BOMB_SECONDS = 5
# An upload of two 12-megapixel photos, waited for on a busy machine.
SLOW_UPLOAD = 120
# Metadata that must never leave an upload (issue 15's privacy rule).
PRIVATE = ("GPS", "SerialNumber", "XMP", "IPTC")


def media_dir():
    return os.path.join(os.path.dirname(A.DB_PATH), "media")


def multipart(fields, files=(), token=None):
    """A multipart/form-data body: the token first (unless None), then the
    text fields, then the files [(name, filename, ctype, bytes)]."""
    out = []
    if token is not None:
        fields = [("csrf_token", token)] + list(fields)
    for name, value in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                    "\r\n\r\n" % (BOUNDARY, name)).encode())
        out.append(value.encode() + b"\r\n")
    for name, filename, ctype, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                    "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n" % (
                        BOUNDARY, name, filename, ctype)).encode())
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % BOUNDARY).encode())
    return b"".join(out)


def upload(ag, files, fields=(), target="/admin/media", token=True):
    body = multipart(fields, files, ag.csrf if token else None)
    return ag.go("POST", target, headers=[
        ("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)],
        body=body)


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def image(name, width, height, fmt="jpg", gps=False):
    """A noisy image (so that its smaller copies weigh less) of that size,
    with GPS position, a camera serial, XMP and IPTC when gps; its bytes."""
    noise = os.path.join(TMP, name + ".v")
    grey = os.path.join(TMP, name + "-grey.v")
    out = os.path.join(TMP, name + "." + fmt)
    run("vips", "gaussnoise", noise, str(width), str(height), "--mean",
        "128", "--sigma", "50")
    run("vips", "cast", noise, grey, "uchar")
    run("vips", "bandjoin", "%s %s %s" % (grey, grey, grey), out)
    if gps:
        run("exiftool", "-q", "-overwrite_original",
            "-GPSLatitude=47.4979", "-GPSLatitudeRef=N",
            "-GPSLongitude=19.0402", "-GPSLongitudeRef=E",
            "-SerialNumber=CAM-123456", "-XMP-dc:Creator=Someone",
            "-IPTC:Keywords=border", out)
    with open(out, "rb") as f:
        return f.read()


def exif(path):
    out = subprocess.run(["exiftool", "-j", "-a", "-G1", path],
                         capture_output=True, check=True).stdout
    return json.loads(out)[0]


def pdf():
    """A small, well-formed PDF document of one empty page."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return out


def png_bomb():
    """A PNG whose header claims 100000 x 100000 pixels, in a few hundred
    bytes: refused before anything is decoded."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 100001 * 4, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def item_of(rs):
    m = re.fullmatch(r"/admin/media/(\d+)", A.location(rs) or "")
    return int(m.group(1)) if m else None


def row(mid):
    rows = A.db_all("SELECT type, hash, width, height, title, credit,"
                    " decorative, version FROM media WHERE id = ?", (mid,))
    return rows[0] if rows else None


# ---------------------------------------------------------------- sections

def signed_out():
    ag = A.Agent()
    rs = ag.get("/admin/media")
    t.check("signed out: GET /admin/media -> the sign-in form",
            rs.status == 302 and "/admin/login" in (rs.header("location")
                                                    or ""), describe(rs))
    rs = upload(ag, [("file", "a.jpg", "image/jpeg", b"\xff\xd8\xff")],
                token=False)
    t.status("signed out: POST /admin/media -> 403", rs, 403)
    # Past REQUEST_BODY_MAX: no stream is granted to one not signed in,
    # so Waypoint refuses the body from its length, never spooling it
    # (nginx, whose limit for this route is an upload's, passes it on
    # whole first).
    size = 8 * 1024 * 1024
    conn = ag.connect()
    try:
        conn.send(("POST /admin/media HTTP/1.1\r\nHost: %s\r\n"
                   "Content-Type: multipart/form-data; boundary=%s\r\n"
                   "Content-Length: %d\r\nConnection: close\r\n\r\n" % (
                       A.NETLOC, BOUNDARY, size)).encode())
        piece = b"x" * (1 << 20)
        for _ in range(size // len(piece)):
            conn.send(piece)
    except OSError:
        pass    # answered and closed before the end: read the answer
    rs = conn.read_response("POST", "/admin/media")
    conn.close()
    t.status("signed out: an 8 MiB upload -> 413", rs, 413)


def library_page():
    ag = S["ed"]
    rs = ag.get("/admin/media")
    t.status("GET /admin/media", rs, 200)
    text = rs.text
    t.check("the library: a file input taking several files of the types "
            "allowed",
            re.search(r'<input type="file" id="f-file" name="file" multiple'
                      r'[^>]*accept="image/jpeg,image/png,image/webp,'
                      r'image/heic,application/pdf"', text), describe(rs))
    for field in ("f-file", "f-alt", "f-caption", "f-credit",
                  "f-decorative", "f-q", "f-type"):
        t.check("the library: %s has its label" % field,
                '<label for="%s">' % field in text, describe(rs))
    t.check("the library: the navigation links to it",
            re.search(r'<a href="/admin/media" aria-current="page">', text),
            describe(rs))
    t.check("the library: alt text's help says it is required",
            "unless it is marked as decorative" in text, describe(rs))


def refused():
    ag = S["ed"]
    svg = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
           b'<script>alert(1)</script></svg>')
    html = b"<!doctype html><html><script>alert(1)</script></html>"
    script = b"#!/bin/sh\nrm -rf /\n"
    before = A.db_one("SELECT count(*) FROM media")
    for name, ctype, data in (("drawing.svg", "image/svg+xml", svg),
                              ("photo.jpg", "image/jpeg", html),
                              ("run.sh", "application/x-sh", script)):
        rs = upload(ag, [("file", name, ctype, data)], [("alt", "x")])
        t.status("upload of %s (%s) -> 415" % (name, ctype), rs, 415)
        t.check("upload of %s: the library says it was not uploaded" % name,
                "%s was not uploaded" % name in rs.text and
                'id="f-file-error"' in rs.text, describe(rs))
        t.check("upload of %s: what was typed is kept" % name,
                'name="alt" value="x"' in rs.text, describe(rs))
    t.check("refused uploads left no row",
            A.db_one("SELECT count(*) FROM media") == before)
    start = time.monotonic()
    rs = upload(ag, [("file", "bomb.png", "image/png", png_bomb())])
    took = time.monotonic() - start
    t.status("a PNG of 100000 x 100000 pixels -> 422", rs, 422)
    t.check("the bomb is refused within %d s" % BOMB_SECONDS,
            took < BOMB_SECONDS, "%.1f s" % took)
    rs = upload(ag, [], [("alt", "nothing")])
    t.status("an upload without a file -> 422", rs, 422)
    t.check("an upload without a file: the message at the file field",
            'id="f-file-error"' in rs.text, describe(rs))
    rs = upload(ag, [("file", "a.jpg", "image/jpeg", b"\xff\xd8\xff")],
                token=False)
    t.status("an upload without its csrf_token -> 403", rs, 403)
    body = multipart([("csrf_token", "A" * 43)],
                     [("file", "a.jpg", "image/jpeg", b"\xff\xd8\xff")])
    rs = ag.go("POST", "/admin/media", headers=[
        ("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)],
        body=body)
    t.status("an upload with a wrong csrf_token -> 403", rs, 403)
    rs = upload(ag, [("file", "a.jpg", "image/jpeg", image("small", 40, 30))],
                [("alt", "x" * 501)])
    t.status("alt text of 501 characters -> 422", rs, 422)
    t.check("alt text of 501 characters: the message at its field",
            'id="f-alt-error"' in rs.text, describe(rs))


def announce(ag, length):
    """Sends the head of an upload of length bytes and a few of them;
    the answer (which must come without the rest) and how long it took."""
    conn = ag.connect()
    cookie = "; ".join("%s=%s" % kv for kv in ag.jar.items())
    start = time.monotonic()
    conn.send(("POST /admin/media HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n"
               "Content-Type: multipart/form-data; boundary=%s\r\n"
               "Content-Length: %d\r\nConnection: close\r\n\r\n" % (
                   A.NETLOC, cookie, BOUNDARY, length)).encode() + b"--" +
              BOUNDARY.encode())
    rs = conn.read_response("POST", "/admin/media")
    conn.close()
    return rs, time.monotonic() - start


def huge_body():
    """A 200 MiB Content-Length with only a few bytes sent: the answer
    comes without the body, from Waypoint or from nginx; so does one a
    byte past [media] max_upload_mib (32) and its 1 MiB of form."""
    rs, took = announce(S["ed"], 200 * 1024 * 1024)
    t.status("a 200 MiB body -> 413 before it is read", rs, 413)
    t.check("the 413 comes at once, the body never sent", took < 5,
            "%.1f s" % took)
    rs, took = announce(S["ed"], 33 * 1024 * 1024 + 1)
    t.status("a body a byte past 32 + 1 MiB -> 413 before it is read", rs,
             413)


def upload_photo():
    ag = S["ed"]
    data = image("gps", 1800, 1200, gps=True)
    t.check("the fixture carries GPS, a serial, XMP and IPTC",
            all(any(p in k for k in exif(os.path.join(TMP, "gps.jpg")))
                for p in PRIVATE))
    rs = upload(ag, [("file", "Field visit.jpg", "image/jpeg", data)],
                [("alt", "Two women at a water point"),
                 ("caption", "Kakuma, 2021"), ("credit", "© IOM 2021")])
    t.status("upload of a JPEG -> 303", rs, 303)
    mid = item_of(rs)
    t.check("upload of a JPEG: to its page", mid, describe(rs))
    if not mid:
        return
    S["photo"] = mid
    typ, hsh, width, height, title, credit, _, _ = row(mid)
    t.check("the row: a JPEG of 1800 x 1200, titled by its file name",
            (typ, width, height, title) == ("jpeg", 1800, 1200,
                                            "Field visit"),
            (typ, width, height, title))
    t.check("the row: its credit", credit == "© IOM 2021", credit)
    texts = A.db_all("SELECT lang, alt, caption FROM media_text"
                     " WHERE media_id = ?", (mid,))
    t.check("the words in the editor's language",
            texts == [("en", "Two women at a water point", "Kakuma, 2021")],
            texts)
    rs = ag.get("/admin/media/%d" % mid)
    t.status("GET /admin/media/%d" % mid, rs, 200)
    t.check("the item page: the reference to paste",
            'value="![](media:%d)" readonly' % mid in rs.text,
            describe(rs))
    t.check("the item page: a preview of a smaller copy",
            re.search(r'<img src="/media/%s-\d+\.(webp|jpg)" alt="Two women'
                      % hsh, rs.text), describe(rs))
    original = os.path.join(media_dir(), hsh + ".jpg")
    t.check("the original is in the media folder", os.path.isfile(original))
    if not os.path.isfile(original):
        return
    size = os.path.getsize(original)
    variants = A.db_all("SELECT format, width, height, bytes FROM"
                        " media_variants WHERE media_id = ?"
                        " ORDER BY format, width", (mid,))
    t.check("smaller copies in WebP and JPEG",
            {v[0] for v in variants} == {"webp", "jpeg"}, variants)
    widths = sorted({v[1] for v in variants})
    t.check("copies 320, 640 and 1024 wide, none wider than the photo",
            {320, 640, 1024} <= set(widths) and max(widths) <= 1800, widths)
    for fmt, w, h, nbytes in variants:
        ext = "jpg" if fmt == "jpeg" else fmt
        path = os.path.join(media_dir(), "%s-%d.%s" % (hsh, w, ext))
        ok = os.path.isfile(path)
        t.check("copy %s: on disk, %d wide, its height in proportion" % (
            os.path.basename(path), w), ok and abs(h - w * 1200 / 1800) <= 1,
            (w, h))
        if ok:
            t.check("copy %s: smaller than the original" %
                    os.path.basename(path), os.path.getsize(path) < size,
                    (os.path.getsize(path), size))
            found = [k for k in exif(path) if any(p in k for p in PRIVATE)]
            t.check("copy %s: no GPS, serial, XMP or IPTC" %
                    os.path.basename(path), not found, found)
    found = [k for k in exif(original) if any(p in k for p in PRIVATE)]
    t.check("the stored original: no GPS, serial, XMP or IPTC", not found,
            found)


def several():
    ag = S["ed"]
    rs = upload(ag, [("file", "one.png", "image/png",
                      image("one", 300, 200, "png")),
                     ("file", "report.pdf", "application/pdf", pdf())],
                [("title", "Situation report")])
    t.check("two files in one upload -> 303 to the library with the count",
            rs.status == 303 and A.location(rs) ==
            "/admin/media?uploaded=2", describe(rs))
    rs = ag.get(A.location(rs) or "/admin/media")
    t.check("the library says 2 files were uploaded",
            "2 files were uploaded." in rs.text, describe(rs))
    doc = (A.db_all("SELECT id, hash, filename FROM media WHERE"
                    " type = 'pdf' ORDER BY id DESC LIMIT 1") or [None])[0]
    t.check("the PDF's row, with its cleaned file name",
            doc and doc[2] == "report.pdf", doc)
    if doc:
        S["doc"] = doc[0]
    rs = upload(ag, [("file", "two.png", "image/png",
                      image("two", 310, 200, "png")),
                     ("file", "bad.svg", "image/svg+xml", b"<svg></svg>"),
                     ("file", "three.png", "image/png",
                      image("three", 320, 200, "png"))])
    t.status("a good file, then an SVG -> 415", rs, 415)
    t.check("the page names the refused file and keeps the one before",
            "bad.svg was not uploaded" in rs.text and
            "The 1 file before it was uploaded." in rs.text, describe(rs))
    names = [r[0] for r in A.db_all("SELECT filename FROM media")]
    t.check("the file before the refusal stayed, the one after did not",
            "two.png" in names and "three.png" not in names, names)


def search():
    ag = S["ed"]
    rs = ag.get("/admin/media?type=document")
    t.status("GET /admin/media?type=document", rs, 200)
    t.check("documents only: the PDF, not the photo",
            "report.pdf" in rs.text or "Situation report" in rs.text,
            describe(rs))
    t.check("documents only: no photo",
            "Field visit" not in rs.text, describe(rs))
    rs = ag.get("/admin/media?type=image&q=water+point")
    t.check("images with 'water point' in their alt text: the photo",
            rs.status == 200 and "Field visit" in rs.text and
            "Situation report" not in rs.text, describe(rs))
    rs = ag.get("/admin/media?q=%25")
    t.check("a search for % matches no file (taken literally)",
            rs.status == 200 and "Nothing matches this search." in
            rs.text, describe(rs))
    rs = ag.get("/admin/media?type=video")
    t.status("an unknown type -> 400", rs, 400)
    rs = ag.get("/admin/media?page=99")
    t.status("a page past the last -> 404", rs, 404)


def edit():
    ag = S["ed"]
    mid = S.get("photo")
    if not mid:
        return
    rs = ag.get("/admin/media/%d" % mid)
    form = A.find_form(rs, "/admin/media/%d" % mid)
    t.check("the item page has its words form", form, describe(rs))
    if not form:
        return
    for lang in A.site_languages():
        t.check("the words form: alt text in %s" % lang,
                "alt_" + lang in form.names(), form.names())
    vals = form.values()
    old_version = vals["version"]
    vals.update({"title": "Water point", "credit": "© IOM 2022",
                 "alt_hu": "Két nő egy kútnál", "caption_hu": "Kakuma"})
    rs = ag.post("/admin/media/%d" % mid, ag.with_csrf(list(vals.items())))
    t.check("saving the words -> 303 to the item",
            rs.status == 303 and A.location(rs) == "/admin/media/%d" % mid,
            describe(rs))
    t.check("the words saved",
            row(mid)[4:6] == ("Water point", "© IOM 2022") and
            A.db_one("SELECT alt FROM media_text WHERE media_id = ? AND"
                     " lang = 'hu'", (mid,)) == "Két nő egy kútnál")
    rs = ag.get("/admin/media/%d" % mid)
    t.check("the item page says it was saved", "Saved." in rs.text,
            describe(rs))
    vals.update({"version": old_version, "title": "Stale title"})
    rs = ag.post("/admin/media/%d" % mid, ag.with_csrf(list(vals.items())))
    t.status("a save from a stale form -> 409", rs, 409)
    t.check("a stale save keeps what was typed",
            'value="Stale title"' in rs.text, describe(rs))
    t.check("a stale save changed nothing", row(mid)[4] == "Water point")
    form = A.find_form(ag.get("/admin/media/%d" % mid),
                       "/admin/media/%d" % mid)
    vals = form.values()
    vals["alt_en"] = "bad\x01text"
    rs = ag.post("/admin/media/%d" % mid, ag.with_csrf(list(vals.items())))
    t.status("alt text with a control character -> 422", rs, 422)
    vals["alt_en"] = "x" * 501
    rs = ag.post("/admin/media/%d" % mid, ag.with_csrf(list(vals.items())))
    t.status("alt text of 501 characters -> 422", rs, 422)
    t.check("alt text of 501 characters: the message at its field",
            'id="f-alt_en-error"' in rs.text, describe(rs))
    vals["alt_en"] = "Two women"
    vals["decorative"] = "2"
    rs = ag.post("/admin/media/%d" % mid, ag.with_csrf(list(vals.items())))
    t.status("decorative other than 1 -> 422", rs, 422)
    rs = ag.post("/admin/media/%d" % mid, [kv for kv in vals.items()
                                           if kv[0] != "csrf_token"])
    t.status("saving the words without the token -> 403", rs, 403)
    rs = ag.get("/admin/media/999999")
    t.status("GET of an item that is not there -> 404", rs, 404)


def replace():
    ag = S["ed"]
    mid = S.get("photo")
    if not mid:
        return
    _, old_hash, *_rest = row(mid)
    version = row(mid)[7]
    rs = upload(ag, [("file", "report.pdf", "application/pdf", pdf())],
                [("version", str(version))],
                target="/admin/media/%d/file" % mid)
    t.status("replacing a photo by a PDF -> 415", rs, 415)
    before = sorted(os.listdir(media_dir()))
    rs = upload(ag, [("file", "odd.png", "image/png",
                      image("odd", 300, 200, "png"))],
                [("version", "abc")], target="/admin/media/%d/file" % mid)
    t.check("a replace whose form is bad -> 422, no new file kept",
            rs.status == 422 and sorted(os.listdir(media_dir())) == before,
            "%s; new files %s" % (describe(rs), sorted(
                set(os.listdir(media_dir())) - set(before))))
    rs = upload(ag, [("file", "new.png", "image/png",
                      image("new", 900, 600, "png"))],
                [("version", str(version))],
                target="/admin/media/%d/file" % mid)
    t.check("replacing the photo's file -> 303 to the item",
            rs.status == 303 and A.location(rs) == "/admin/media/%d" % mid,
            describe(rs))
    typ, new_hash, width, *_ = row(mid)
    t.check("the row has the new file, the same id and words",
            typ == "png" and new_hash != old_hash and width == 900 and
            row(mid)[4] == "Water point", row(mid))
    t.check("the old files are gone",
            not [n for n in os.listdir(media_dir())
                 if n.startswith(old_hash)])
    rs = upload(ag, [("file", "new.png", "image/png",
                      image("newer", 100, 60, "png"))],
                [("version", str(version))],
                target="/admin/media/%d/file" % mid)
    t.status("a replace from a stale page -> 409", rs, 409)


def uses_and_delete():
    ag = S["ed"]
    mid = S.get("photo")
    if not mid:
        return
    rs, nid = A.create_news(ag, "Media use %s" % A.RUN,
                            "a release showing the photo",
                            body="Text.\n\n![Two women](media:%d)\n" % mid)
    if not nid:
        return
    rs = ag.get("/admin/media/%d" % mid)
    t.check("the item page lists the release that shows it",
            re.search(r'<a href="/admin/news/%s/edit">Media use %s</a>' % (
                nid, A.RUN), rs.text), describe(rs))
    version = row(mid)[7]
    rs = ag.post("/admin/media/%d/delete" % mid,
                 ag.with_csrf([("version", str(version))]))
    t.status("deleting a used item -> 409", rs, 409)
    t.check("the refusal lists where it is used",
            "Media use %s" % A.RUN in rs.text, describe(rs))
    t.check("the used item is still there", row(mid) is not None)
    rs, form = A.edit_form(ag, "news", nid)
    rs = A.save_form(ag, "news", nid, form, body="Text, no image.")
    t.status("the release saved without the photo", rs, 303)
    _, hsh, *_ = row(mid)
    rs = ag.post("/admin/media/%d/delete" % mid,
                 ag.with_csrf([("version", str(version))]))
    t.check("deleting the unused item -> 303 to the library",
            rs.status == 303 and A.location(rs) == "/admin/media",
            describe(rs))
    t.check("its row is gone", row(mid) is None)
    t.check("its files are gone",
            not [n for n in os.listdir(media_dir()) if n.startswith(hsh)])
    line = A.db_one("SELECT action FROM audit_log WHERE detail LIKE ?"
                    " ORDER BY id DESC LIMIT 1", ("media %d:%%" % mid,))
    t.check("the audit log has the delete", line == "delete", line)


def too_many():
    """21 files in one upload: the first 20 are kept, the 21st refused
    with the limit (422), the rest not read."""
    ag = S["ed"]
    data = image("many", 16, 16, "png")
    files = [("file", "many-%02d.png" % i, "image/png", data)
             for i in range(1, 23)]
    rs = upload(ag, files)
    t.status("an upload of 22 files -> 422", rs, 422)
    t.check("the page names the 21st file and the limit of 20",
            "many-21.png was not uploaded: one upload takes at most 20 "
            "files." in rs.text, describe(rs))
    t.check("the page says the 20 files before it were uploaded",
            "The 20 files before it were uploaded." in rs.text,
            describe(rs))
    names = [r[0] for r in A.db_all(
        "SELECT filename FROM media WHERE filename LIKE 'many-%'")]
    t.check("the first 20 files have their rows, the 21st and 22nd not",
            len(names) == 20 and "many-21.png" not in names and
            "many-22.png" not in names, sorted(names))


def pdf_note():
    rs = S["ed"].get("/admin/media")
    t.check("the upload form says PDF files are published as they are",
            "PDF files are published as they are: remove personal data "
            "and locations before uploading." in rs.text and
            'aria-describedby="f-file-hint f-file-privacy' in rs.text,
            describe(rs))


def delete_during_upload():
    """A delete of an item while an upload of the same photo is between
    placing its files and committing its row (its rows commit once every
    file of the body is in, and two large photos follow): the upload's
    row keeps its files."""
    ag = S["ed"]
    data = image("race", 64, 48, "png")
    rs = upload(ag, [("file", "race-a.png", "image/png", data)])
    first = item_of(rs)
    t.check("the first copy of the photo uploaded", first, describe(rs))
    if not first:
        return
    _, hsh, *_ = row(first)
    original = os.path.join(media_dir(), hsh + ".png")
    # Long ago: the upload's reuse of the file renews its time, which is
    # how this test sees that the upload has placed it.
    os.utime(original, (1000000000, 1000000000))
    body = multipart([], [("file", "race-b.png", "image/png", data),
                          ("file", "race-big1.jpg", "image/jpeg",
                           image("race-big1", 4000, 3000)),
                          ("file", "race-big2.jpg", "image/jpeg",
                           image("race-big2", 4000, 3000))], ag.csrf)
    conn = ag.connect()
    # Its answer comes once libvips has made both photos' variants.
    conn.timeout = SLOW_UPLOAD
    cookie = "; ".join("%s=%s" % kv for kv in ag.jar.items())
    conn.send(("POST /admin/media HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n"
               "Content-Type: multipart/form-data; boundary=%s\r\n"
               "Content-Length: %d\r\nConnection: close\r\n\r\n" % (
                   A.NETLOC, cookie, BOUNDARY, len(body))).encode() + body)
    deadline = time.monotonic() + 60
    while (os.stat(original).st_mtime < time.time() - 3600 and
           time.monotonic() < deadline):
        time.sleep(0.02)
    t.check("the upload in progress has placed the photo's files",
            os.stat(original).st_mtime > time.time() - 3600)
    version = row(first)[7]
    rs = ag.post("/admin/media/%d/delete" % first,
                 ag.with_csrf([("version", str(version))]))
    t.check("the first copy deleted meanwhile -> 303",
            rs.status == 303 and row(first) is None, describe(rs))
    t.check("its files are left while the upload holds the folder",
            os.path.exists(original))
    rs = conn.read_response("POST", "/admin/media", seconds=SLOW_UPLOAD)
    conn.close()
    t.check("the upload in progress ends -> 303 to the library",
            rs.status == 303, describe(rs))
    second = A.db_one("SELECT id FROM media WHERE filename = 'race-b.png'")
    t.check("its row has the same photo", second and row(second)[1] == hsh)
    ext = {"jpeg": "jpg", "png": "png", "webp": "webp"}
    names = ["%s-%d.%s" % (hsh, width, ext[fmt]) for fmt, width in A.db_all(
        "SELECT format, width FROM media_variants WHERE media_id = ?",
        (second,))]
    t.check("its files are there, the original and each variant",
            os.path.exists(original) and names and all(
                os.path.exists(os.path.join(media_dir(), n))
                for n in names), names)


def server_pids(pid):
    """pid and every process under it (fcgi's workers, render workers)."""
    pids, i = [pid], 0
    while i < len(pids):
        pids += children(pids[i])
        i += 1
    return pids


def mapped_libvips(pid):
    """The libvips and GLib files the processes of pid map: (pid, path)."""
    found = set()
    for p in server_pids(pid):
        try:
            with open("/proc/%d/maps" % p) as f:
                for line in f:
                    path = line.split()[-1]
                    if "/libvips" in path or "/libglib" in path or \
                            "/libgobject" in path:
                        found.add((p, path))
        except OSError:
            pass            # a worker that ended meanwhile
    return sorted(found)


def no_libvips(when):
    """The server, after a page request, maps no libvips nor GLib."""
    rs = S["ed"].get("/admin/media")
    t.check("%s: the library page answers 200" % when, rs.status == 200,
            describe(rs))
    found = mapped_libvips(S["pid"])
    t.check("%s: the server's processes map no libvips or GLib" % when,
            not found, found[:5])


def expired_upload():
    """An upload streams only for a session still fresh when its headers
    come: one idle past 30 minutes, or older than 12 hours, uploads
    nothing, and the media library stays as it was."""
    data = image("expired", 64, 48)
    for label, idle, age in (("idle 40 minutes", 2400, 2400),
                             ("13 hours old though active", 0, 13 * 3600)):
        ag, row = A.new_session(*A.EDITOR)
        if row is None:
            return
        page = ag.get("/admin/media")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page.body)
        if not t.check("expired session (%s): the library's token" % label,
                       token, describe(page)):
            return
        ag.csrf = token.group(1).decode()
        now = int(time.time())
        A.db_exec("UPDATE sessions SET last_seen = ?, created_at = ? "
                  "WHERE rowid = ?", (now - idle, now - age, row))
        before = A.db_one("SELECT count(*) FROM media")
        rs = upload(ag, [("file", "late.jpg", "image/jpeg", data)],
                    [("alt", "Late")])
        t.check("expired session (%s): an upload -> 302 to the login or "
                "403, nothing stored" % label,
                rs.status in (302, 403) and
                A.db_one("SELECT count(*) FROM media") == before,
                describe(rs))


def main():
    if "--pid" in sys.argv:
        at = sys.argv.index("--pid")
        S["pid"] = int(sys.argv[at + 1])
        del sys.argv[at:at + 2]
    if not A.start("media_admin.py"):
        return 2
    if shutil.which("vips") is None or shutil.which("exiftool") is None:
        t.check("vips and exiftool are installed", False)
        return t.finish()
    try:
        S["ed"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
    A.section(signed_out)
    if S.get("ed") and S["ed"].csrf:
        if "pid" in S:
            A.section(lambda: no_libvips("before any upload"))
        for fn in (library_page, refused, huge_body, expired_upload,
                   upload_photo, several,
                   search, edit, replace, uses_and_delete, too_many,
                   pdf_note, delete_during_upload):
            A.section(fn)
        if "pid" in S:
            A.section(lambda: no_libvips("after the uploads"))
    else:
        t.check("editor1 signed in", False, "no section was run")
    shutil.rmtree(TMP, ignore_errors=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

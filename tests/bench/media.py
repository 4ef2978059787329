#!/usr/bin/env python3
"""media.py WAYPOINT: `make bench`'s media row. Six photos (3000 x 2000
JPEGs of some 1.9 MB each, made by tests/fixtures/media/bench/photo.sh)
are uploaded through the real upload route, POST /admin/media, to
`waypoint serve` over a fresh database; one release shows them with
`![alt](media:N)`, as an editor inserts them, between paragraphs of text;
a second release has the same text and the same six images as plain
Markdown images of the stored originals' URLs, /media/<hash>.jpg (what
the page weighed if the site served the uploaded files as they are).
Both are loaded by media_weight.mjs in Chromium (the browser suite's
playwright-core and /usr/bin/chromium) on a cold cache at a 375 px wide
viewport, scrolled to the bottom so that every lazy image loads, at
device scale factors 1 and 2; the row is the bytes transferred for each
page with its style sheet and images, and their ratio, against the
target of 0.20. Only 127.0.0.1 is contacted."""

import collections
import json
import re
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "load"))
from editors import Editor, csrf_of, input_value, request  # noqa: E402
from run import free_port, site_conf, stop, wait_port  # noqa: E402

PHOTO = os.path.join(REPO, "tests", "fixtures", "media", "bench",
                     "photo.sh")
BROWSER = os.path.join(REPO, "tests", "browser")
WEIGHT = os.path.join(REPO, "tests", "bench", "media_weight.mjs")
PHOTOS = 6
WIDTH, HEIGHT = 3000, 2000
TARGET = 0.20
USER, PASSWORD = "bench-editor", "bench-editor-password"
# The text between the photos: a release's paragraphs, so that all but
# the first photo are below the fold.
PARAGRAPH = ("Teams visited the reception centres along the border this "
             "week, meeting families who had travelled for days, and "
             "recorded what they need most: shelter, medical care, "
             "information in their own language and a safe way onward.")


def multipart(fields, files):
    """(content type, body) of a multipart/form-data form: the text
    fields in order (csrf_token first, as the upload route reads it),
    then files, each (name, file name, bytes)."""
    boundary = "----waypoint-bench-%s" % uuid.uuid4().hex
    out = []
    for name, value in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                    "\r\n\r\n%s\r\n" % (boundary, name, value))
                   .encode("utf-8"))
    for name, filename, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                    "filename=\"%s\"\r\nContent-Type: image/jpeg\r\n\r\n" %
                    (boundary, name, filename)).encode("utf-8"))
        out.append(data)
        out.append(b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode("ascii"))
    return "multipart/form-data; boundary=%s" % boundary, b"".join(out)


def upload(ed, path, alt):
    """Uploads the photo at path with alt text alt; returns its id."""
    page = ed.go("GET", "/admin/media")
    token = csrf_of(page.text)
    if page.status != 200 or token is None:
        sys.exit("bench media: GET /admin/media: %s" % page)
    with open(path, "rb") as f:
        data = f.read()
    ctype, body = multipart([("csrf_token", token), ("alt", alt)],
                            [("file", os.path.basename(path), data)])
    rs = request(ed.host, ed.port, "POST", "/admin/media",
                 [("Cookie", "; ".join("%s=%s" % kv
                                       for kv in ed.jar.items())),
                  ("Content-Type", ctype)], body, timeout=120)
    where = rs.header("location") or ""
    tail = where.rsplit("/admin/media/", 1)
    if rs.status != 303 or len(tail) != 2 or not tail[1].isdigit():
        sys.exit("bench media: upload of %s answered %s %s: %s" % (
            path, rs, where, rs.text[:300]))
    return int(tail[1])


def publish(ed, title, body):
    """Publishes a release; returns its public path."""
    rs, nid = ed.publish(title, body, timeout=60)
    if nid is None:
        sys.exit("bench media: publishing %r answered %s: %s" % (
            title, rs, rs.text[:500]))
    form = ed.go("GET", "/admin/news/%d/edit" % nid)
    slug = input_value(form.text, "slug")
    if not slug:
        sys.exit("bench media: no slug on release %d's form" % nid)
    return "/news/" + slug


def body_of(images):
    """A release's body: a paragraph, then each image and a paragraph."""
    parts = [PARAGRAPH]
    for alt, target in images:
        parts += ["![%s](%s)" % (alt, target), PARAGRAPH]
    return "\n\n".join(parts)


def shown(urls):
    """What the browser chose for each image, counted: "6 x 640 webp"."""
    kinds = collections.Counter()
    for u in urls:
        m = re.search(r"-(\d+)\.(\w+)$", u) or re.search(r"\.(\w+)$", u)
        kinds["%s %s" % (m.group(1), m.group(2)) if m and m.lastindex == 2
              else "original " + (m.group(1) if m else u)] += 1
    return ", ".join("%d x %s" % (n, k) for k, n in sorted(kinds.items()))


def browser_ready():
    """Installs the browser suite's npm packages when missing, as
    tests/browser/run.sh does."""
    if os.path.isdir(os.path.join(BROWSER, "node_modules",
                                  "playwright-core")):
        return
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit",
                    "--no-fund"], cwd=BROWSER, check=True, timeout=600,
                   stdout=subprocess.DEVNULL)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: media.py WAYPOINT")
    waypoint = os.path.abspath(sys.argv[1])
    browser_ready()
    tmp = tempfile.mkdtemp(prefix="waypoint-bench-media-")
    serve = None
    try:
        port = free_port()
        conf = site_conf(waypoint, tmp, port)
        subprocess.run([waypoint, "--config", conf, "user", "add", USER,
                        "--role", "editor"], input=PASSWORD.encode() + b"\n",
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        photos = []
        for i in range(PHOTOS):
            p = os.path.join(tmp, "field-photo-%d.jpg" % (i + 1))
            subprocess.run([PHOTO, str(WIDTH), str(HEIGHT), str(i + 1), p],
                           check=True)
            photos.append(p)
        uploaded = sum(os.path.getsize(p) for p in photos)

        serve = subprocess.Popen([waypoint, "--config", conf, "serve",
                                  "--listen", "127.0.0.1:%d" % port])
        wait_port(port, serve)
        ed = Editor("127.0.0.1", port, USER, PASSWORD)
        why = ed.sign_in()
        if why is not None:
            sys.exit("bench media: cannot sign in: %s" % why)
        alts = ["Field photo %d: families at a reception centre" % (i + 1)
                for i in range(PHOTOS)]
        t = time.monotonic()
        ids = [upload(ed, p, a) for p, a in zip(photos, alts)]
        upload_s = time.monotonic() - t

        db = sqlite3.connect(os.path.join(tmp, "waypoint.db"))
        stored = []
        for mid in ids:
            row = db.execute("SELECT hash, type, bytes FROM media "
                             "WHERE id = ?", (mid,)).fetchone()
            if row is None or row[1] != "jpeg":
                sys.exit("bench media: item %d is %r" % (mid, row))
            stored.append(row)
        db.close()

        optimized = publish(ed, "Six photos from the field", body_of(
            [(a, "media:%d" % mid) for a, mid in zip(alts, ids)]))
        originals = publish(ed, "Six photos from the field, originals",
                            body_of([(a, "/media/%s.jpg" % h)
                                     for a, (h, _, _) in zip(alts, stored)]))

        out = subprocess.run(
            ["node", WEIGHT, "http://127.0.0.1:%d" % port, optimized,
             originals, str(PHOTOS)], capture_output=True, text=True,
            timeout=300)
        if out.returncode != 0:
            sys.exit("bench media: media_weight.mjs failed:\n%s%s" % (
                out.stdout, out.stderr))
        rows = json.loads(out.stdout)

        print()
        print("media: a release with %d photos of %dx%d (JPEG, %.1f MB "
              "uploaded, %.1f MB stored; %d uploads in %.1f s)" %
              (PHOTOS, WIDTH, HEIGHT, uploaded / 1e6,
               sum(s[2] for s in stored) / 1e6, PHOTOS, upload_s))
        print("bytes transferred at 375 px wide on a cold cache, scrolled "
              "to the end: the page, its style sheet and images")
        print("originals: the same text with ![alt](/media/<hash>.jpg), "
              "the stored files")
        print("%-4s | %12s %12s | %6s | %s" % ("dpr", "optimized",
                                              "originals", "ratio",
                                              "images shown"))
        for r in rows:
            print("%-4d | %12d %12d | %6.3f | %s" % (
                r["dpr"], r["optimized"]["bytes"], r["originals"]["bytes"],
                r["optimized"]["bytes"] / r["originals"]["bytes"],
                shown(r["optimized"]["shown"])))
        worst = max(r["optimized"]["bytes"] / r["originals"]["bytes"]
                    for r in rows)
        print("target: ratio <= %.2f: %s" % (
            TARGET, "met" if worst <= TARGET else "NOT MET"))
    finally:
        stop(serve)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""media_files.py: the HTTP tests of /media/ (issue 15, serving): files put
in the media folder by hand, named by their SHA-256 as media_ingest names
them (no database row is needed to serve one), answered by `waypoint serve`
or by nginx from the folder itself (conf/nginx.conf), the same way.

Usage: media_files.py BASE_URL MEDIA_DIR [--pid PID] [--fcgi SOCKET]
  MEDIA_DIR is the server's [paths] media (nginx's @MEDIA@); --pid: the
  serving process, whose peak memory must not grow by a 1 GiB download
  (waypoint serve); --fcgi: `waypoint fcgi`'s socket, asked directly too,
  since nginx answers /media/ without it.

Checked: the type from the extension, never an HTML one; a year's
immutable caching; ETag and 304; HEAD; one range (206, Content-Range),
several (the whole file), past the end (416, bytes */size), If-Range; a
PDF's Content-Disposition, nosniff and its own CSP; every other name
under /media/ a 404 (dot segments, escapes, upper-case hex, other
extensions, a HEIC or PDF original by its bare name, a link, /media/
itself). Prints "ok - name" or "FAIL - name: detail" per check, then "N
passed, N failed"; exits 1 when a check failed.
"""

import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "fcgi"))

from lib import Checks, Client, describe, security_header_problems  # noqa
import fcgiclient  # noqa: E402

IMMUTABLE = "public, max-age=31536000, immutable"
PDF_CSP = "default-src 'none'; frame-ancestors 'self'"
GIB = 1 << 30
t = Checks()


def put(media, data, ext, width=None):
    """data under its hash's name in media; returns (hash, name)."""
    h = hashlib.sha256(data).hexdigest()
    name = "%s%s.%s" % (h, "" if width is None else "-%d" % width, ext)
    with open(os.path.join(media, name), "wb") as f:
        f.write(data)
    os.chmod(os.path.join(media, name), 0o644)
    return h, name


def jpeg_bytes():
    """A small real JPEG, made by libvips' command line tool."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "x.jpg")
        subprocess.run(["vips", "black", out, "40", "30"], check=True,
                       capture_output=True)
        with open(out, "rb") as f:
            return f.read()


def pdf_bytes():
    """A PDF of about 300 KB (a comment pads it), so that a file body goes
    out in several pieces."""
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
    pad = b"".join(b"%% padding line %06d\n" % i for i in range(15000))
    return body + pad + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def not_html(name, rs):
    ct = (rs.header("content-type") or "").lower()
    t.check(name + ": no HTML type", "html" not in ct,
            "Content-Type %r" % ct)


def served(c, name, target, data, ctype):
    rs = c.get(target)
    if not t.status(name + ": 200", rs, 200):
        return None
    t.check(name + ": Content-Type " + ctype,
            rs.header("content-type") == ctype,
            "got %r" % rs.header("content-type"))
    t.check(name + ": the file's bytes", rs.body == data,
            "%d bytes, want %d" % (len(rs.body), len(data)))
    t.check(name + ": cached for a year, immutable",
            rs.header("cache-control") == IMMUTABLE,
            "Cache-Control %r" % rs.header("cache-control"))
    t.check(name + ": ETag and Last-Modified",
            rs.header("etag") and rs.header("last-modified"),
            "ETag %r, Last-Modified %r" % (rs.header("etag"),
                                           rs.header("last-modified")))
    t.check(name + ": Accept-Ranges: bytes",
            rs.header("accept-ranges") == "bytes",
            "got %r" % rs.header("accept-ranges"))
    bad = security_header_problems(rs)
    t.check(name + ": security headers", not bad, "; ".join(bad))
    not_html(name, rs)
    return rs


def conditional(c, name, target, rs):
    etag = rs.header("etag")
    r304 = c.get(target, [("If-None-Match", etag)])
    t.status(name + ": If-None-Match with its ETag: 304", r304, 304)
    t.check(name + ": 304 has no body", r304.body == b"",
            "%d bytes" % len(r304.body))
    r200 = c.get(target, [("If-None-Match", '"other"')])
    t.status(name + ": If-None-Match with another ETag: 200", r200, 200)
    head = c.request("HEAD", target)
    t.status(name + ": HEAD 200", head, 200)
    t.check(name + ": HEAD states the length, sends no body",
            head.header("content-length") == str(len(rs.body)) and
            head.body == b"",
            "Content-Length %r, %d body bytes" %
            (head.header("content-length"), len(head.body)))


def ranges(c, name, target, data):
    size = len(data)
    cases = [("bytes=0-9", 0, 10), ("bytes=10-", 10, size - 10),
             ("bytes=-5", size - 5, 5), ("bytes=5-999999999", 5, size - 5),
             ("bytes=-999999999", 0, size)]
    for spec, first, n in cases:
        rs = c.get(target, [("Range", spec)])
        want = "bytes %d-%d/%d" % (first, first + n - 1, size)
        t.check("%s: Range %s: 206, %s" % (name, spec, want),
                rs.status == 206 and rs.header("content-range") == want and
                rs.body == data[first:first + n],
                "%s, Content-Range %r, %d bytes" %
                (describe(rs), rs.header("content-range"), len(rs.body)))
    rs = c.get(target, [("Range", "bytes=%d-" % size)])
    t.check("%s: a range past the end: 416, bytes */%d" % (name, size),
            rs.status == 416 and
            rs.header("content-range") == "bytes */%d" % size,
            "%s, Content-Range %r" % (describe(rs),
                                      rs.header("content-range")))
    rs = c.get(target, [("Range", "bytes=0-1,4-5")])
    t.check(name + ": several ranges: the whole file, 200",
            rs.status == 200 and rs.body == data,
            "%s, %d bytes" % (describe(rs), len(rs.body)))
    rs = c.get(target, [("Range", "items=0-1")])
    t.check(name + ": another unit: the whole file, 200",
            rs.status == 200 and rs.body == data, describe(rs))
    etag = c.get(target).header("etag")
    rs = c.get(target, [("Range", "bytes=0-3"), ("If-Range", etag)])
    t.check(name + ": If-Range with its ETag: 206", rs.status == 206 and
            rs.body == data[:4], describe(rs))
    rs = c.get(target, [("Range", "bytes=0-3"), ("If-Range", '"old"')])
    t.check(name + ": If-Range with another ETag: the whole file, 200",
            rs.status == 200 and rs.body == data, describe(rs))


def refused(c, media, h_jpg, h_pdf):
    up = h_jpg.upper()
    # A link to a file outside the folder, with a name of ours.
    outside = tempfile.NamedTemporaryFile(prefix="secret-", delete=False)
    outside.write(b"leaked-secret")
    outside.close()
    os.chmod(outside.name, 0o644)
    link = hashlib.sha256(b"link").hexdigest()
    os.symlink(outside.name, os.path.join(media, link + ".png"))
    with open(os.path.join(media, h_jpg + ".heic"), "wb") as f:
        f.write(b"not served")
    os.chmod(os.path.join(media, h_jpg + ".heic"), 0o644)
    targets = [
        "/media/", "/media/../waypoint.db", "/media/%2e%2e/waypoint.db",
        "/media/..%2fwaypoint.db", "/media/%2e%2e/etc/passwd",
        "/media/%s.jpg" % up, "/media/%s.JPG" % h_jpg,
        "/media/%s.gif" % h_jpg, "/media/%s.jpg.html" % h_jpg,
        "/media/%s.html" % h_jpg, "/media/%s.svg" % h_jpg,
        "/media/%s.jpg%%3Fv=1" % h_jpg, "/media/%s.jpg/" % h_jpg,
        "/media/%s" % h_jpg, "/media/%s.heic" % h_jpg,
        "/media/%s.pdf" % h_pdf, "/media/%s/Report.pdf" % h_pdf,
        "/media/%s/report.PDF" % h_pdf, "/media/%s/.pdf" % h_pdf,
        "/media/%s/a/b.pdf" % h_pdf, "/media/%s/%s.pdf" % (h_pdf, "a" * 101),
        "/media/%s-0.jpg" % h_jpg, "/media/%s--1.jpg" % h_jpg,
        "/media/%s.png" % link,
        "/media/%s.jpg" % hashlib.sha256(b"missing").hexdigest(),
    ]
    for target in targets:
        rs = c.get(target)
        t.check("404: %s" % target, rs.status == 404 and
                b"leaked-secret" not in rs.body and
                b"SQLite format" not in rs.body, describe(rs))
        # nginx takes dot segments out before it picks a location: those
        # leave /media/ and get the site's own 404 page.
        if "%2e" not in target and "/../" not in target:
            not_html("404: %s" % target, rs)
    os.unlink(outside.name)


def big_download(c, media, pid):
    """A sparse 1 GiB PDF: a range at its far end, and when the serving
    process is known, the whole of it read while its peak memory stays."""
    h = hashlib.sha256(b"big").hexdigest()
    path = os.path.join(media, h + ".pdf")
    with open(path, "wb") as f:
        f.truncate(GIB)
    os.chmod(path, 0o644)
    target = "/media/%s/big.pdf" % h
    rs = c.get(target, [("Range", "bytes=-16")])
    t.check("1 GiB PDF: the last 16 bytes (offset past 2^30)",
            rs.status == 206 and rs.body == b"\0" * 16 and
            rs.header("content-range") ==
            "bytes %d-%d/%d" % (GIB - 16, GIB - 1, GIB), describe(rs))
    if pid is None:
        os.unlink(path)
        return
    before = peak_kib(pid)
    got, status = stream_count(c, target)
    after = peak_kib(pid)
    t.check("1 GiB PDF: all of it streamed", status == 200 and got == GIB,
            "status %s, %d bytes" % (status, got))
    t.check("1 GiB PDF: the server's peak memory grows < 64 MiB",
            after - before < 64 * 1024,
            "VmHWM %d -> %d KiB" % (before, after))
    os.unlink(path)


def peak_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def stream_count(c, target):
    """GETs target and counts its body's bytes without keeping them."""
    s = socket.create_connection((c.host, c.port), timeout=10)
    s.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
               % (target, c.netloc)).encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        data = s.recv(65536)
        if not data:
            return 0, None
        buf += data
    head, _, rest = buf.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    n = len(rest)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        data = s.recv(1 << 20)
        if not data:
            break
        n += len(data)
    s.close()
    return n, status


def fcgi_direct(sock, h_jpg, jpg, h_pdf, pdf):
    """waypoint fcgi's own answers: nginx serves /media/ without it."""
    rs = fcgiclient.fetch(sock, fcgiclient.base_params(
        uri="/media/%s/report.pdf" % h_pdf))
    t.check("fcgi: the PDF whole, in pieces", rs.status == 200 and
            rs.body == pdf and rs.header("content-type") ==
            "application/pdf" and rs.header("content-disposition") ==
            'inline; filename="report.pdf"', rs.describe())
    rs = fcgiclient.fetch(sock, fcgiclient.base_params(
        uri="/media/%s/report.pdf" % h_pdf, HTTP_RANGE="bytes=70000-70009"))
    t.check("fcgi: a range of the PDF: 206", rs.status == 206 and
            rs.body == pdf[70000:70010] and
            rs.header("content-length") == "10", rs.describe())
    rs = fcgiclient.fetch(sock, fcgiclient.base_params(
        method="HEAD", uri="/media/%s.jpg" % h_jpg))
    t.check("fcgi: HEAD of the JPEG: its length, no body",
            rs.status == 200 and rs.body == b"" and
            rs.header("content-length") == str(len(jpg)), rs.describe())
    rs = fcgiclient.fetch(sock, fcgiclient.base_params(
        uri="/media/%s.jpg" % h_jpg.upper()))
    t.check("fcgi: upper-case hex: 404", rs.status == 404, rs.describe())


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        raise SystemExit(__doc__)
    base, media = args[0], args[1]
    pid = sock = None
    rest = args[2:]
    while rest:
        if rest[0] == "--pid" and len(rest) > 1:
            pid = int(rest[1])
        elif rest[0] == "--fcgi" and len(rest) > 1:
            sock = rest[1]
        else:
            raise SystemExit(__doc__)
        rest = rest[2:]
    os.makedirs(media, exist_ok=True)
    os.chmod(media, 0o755)
    c = Client(base)
    jpg, pdf = jpeg_bytes(), pdf_bytes()
    h_jpg, n_jpg = put(media, jpg, "jpg")
    _, n_var = put(media, jpg + b"variant", "webp", 320)
    h_pdf, _ = put(media, pdf, "pdf")
    t.setup("files in %s: %s, %s, %s.pdf" % (media, n_jpg, n_var, h_pdf),
            True)

    rs = served(c, "JPEG", "/media/" + n_jpg, jpg, "image/jpeg")
    if rs is not None:
        conditional(c, "JPEG", "/media/" + n_jpg, rs)
        t.check("JPEG: no CSP of a page",
                rs.header("x-frame-options") is None, describe(rs))
    served(c, "WebP variant", "/media/" + n_var, jpg + b"variant",
           "image/webp")
    target = "/media/%s/annual-report-2021.pdf" % h_pdf
    rs = served(c, "PDF", target, pdf, "application/pdf")
    if rs is not None:
        t.check("PDF: Content-Disposition inline with its name",
                rs.header("content-disposition") ==
                'inline; filename="annual-report-2021.pdf"',
                "got %r" % rs.header("content-disposition"))
        t.check("PDF: a CSP of its own: loads and runs nothing",
                rs.header_all("content-security-policy") == [PDF_CSP],
                "got %r" % rs.header_all("content-security-policy"))
        conditional(c, "PDF", target, rs)
    ranges(c, "PDF", target, pdf)
    ranges(c, "JPEG", "/media/" + n_jpg, jpg)
    rs = c.get("/hu/media/" + n_jpg)
    t.check("/hu/media/...: the same file", rs.status == 200 and
            rs.body == jpg, describe(rs))
    refused(c, media, h_jpg, h_pdf)
    big_download(c, media, pid)
    if sock is not None:
        fcgi_direct(sock, h_jpg, jpg, h_pdf, pdf)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""encoding.py: gzip answers, through whichever transport BASE_URL is
(`waypoint serve`, or nginx in front of `waypoint fcgi` and serving
/static/ itself with gzip_static).

For public pages and a static text file: a client that takes gzip gets the
gzip copy with Content-Encoding: gzip, a Vary: Accept-Encoding (on the
identity answer too), an ETag of its own, and a body that inflates, once,
to the identity body; If-None-Match with either ETag gives a 304 for the
encoding the client takes; HEAD answers the same headers; q=0 refuses
gzip; unknown query fields and ?page=0 share the bare path's answer.
Each URL is asked for identity first, so a page the cache kept for a
client without gzip gets its gzip copy at the next request that takes it.
A public error page (a 404, a refused filter) is compressed as well; an
editor's page never is.

usage: encoding.py BASE_URL
Prints "ok - ..." / "FAIL - ...: ..." lines, then "N passed, N failed";
exits 1 on any failure. Python 3 standard library only.
"""

import os
import sys
import zlib

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import Checks, Client, describe, security_header_problems  # noqa

STATEMENT = ("/news/international-migrants-day-statement-iom-director-"
             "general-antonio-vitorino-harnessing-potential-human-mobility")
PAGES = ["/", "/news", "/news?page=1", STATEMENT, "/about"]
STATIC = ["/static/css/site.css", "/static/img/favicon.svg"]
GZIP = [("Accept-Encoding", "gzip, deflate, br")]


def gunzip(data):
    """The body inflated from one gzip member, or None."""
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data) + d.flush()
        return out if d.eof and not d.unused_data else None
    except zlib.error:
        return None


def varies(rs):
    """How many times Vary names Accept-Encoding."""
    return sum(1 for v in rs.header_all("vary") for f in v.split(",")
               if f.strip().lower() == "accept-encoding")


def one(t, c, target):
    """Every check on one URL."""
    plain = c.get(target)
    zipped = c.get(target, GZIP)
    if not (t.status("%s: 200" % target, plain, 200) and
            t.status("%s gzip: 200" % target, zipped, 200)):
        return
    etag, etag_gz = plain.header("etag"), zipped.header("etag")
    t.check("%s: identity has no Content-Encoding" % target,
            plain.header("content-encoding") is None,
            plain.header("content-encoding"))
    t.check("%s: identity says Vary: Accept-Encoding once" % target,
            varies(plain) == 1, plain.header_all("vary"))
    t.check("%s gzip: Content-Encoding: gzip" % target,
            zipped.header_all("content-encoding") == ["gzip"],
            zipped.header_all("content-encoding"))
    t.check("%s gzip: Vary: Accept-Encoding once" % target,
            varies(zipped) == 1, zipped.header_all("vary"))
    t.check("%s gzip: an ETag of its own" % target,
            etag and etag_gz and etag != etag_gz, "%r, %r" % (etag, etag_gz))
    body = gunzip(zipped.body)
    t.check("%s gzip: inflates once to the identity body" % target,
            body == plain.body,
            "inflated %s bytes, identity %d" % (
                "no" if body is None else len(body), len(plain.body)))
    t.check("%s gzip: smaller than the identity" % target,
            len(zipped.body) < len(plain.body),
            "%d >= %d" % (len(zipped.body), len(plain.body)))
    t.check("%s gzip: security headers" % target,
            not security_header_problems(zipped),
            "; ".join(security_header_problems(zipped)))

    head = c.request("HEAD", target, GZIP)
    t.check("%s gzip: HEAD answers the same headers" % target,
            head.status == 200 and head.header("etag") == etag_gz and
            head.header("content-encoding") == "gzip" and
            varies(head) == 1 and not head.body,
            "%s ETag %r CE %r Vary %r, %d body bytes" % (
                describe(head), head.header("etag"),
                head.header("content-encoding"), head.header_all("vary"),
                len(head.body)))

    for name, headers, want_etag in (
            ("identity", [("If-None-Match", etag)], etag),
            ("gzip", GZIP + [("If-None-Match", etag_gz)], etag_gz),
            ("gzip, both tags", GZIP + [
                ("If-None-Match", "%s, %s" % (etag, etag_gz))], etag_gz)):
        rs = c.get(target, headers)
        t.check("%s: 304 for %s" % (target, name),
                rs.status == 304 and rs.header("etag") == want_etag and
                not rs.body and varies(rs) == 1,
                "%s ETag %r Vary %r" % (describe(rs), rs.header("etag"),
                                        rs.header_all("vary")))
    rs = c.get(target, [("If-None-Match", etag_gz)])
    t.check("%s: the gzip tag from a client without gzip: 200 identity"
            % target, rs.status == 200 and rs.header("etag") == etag and
            rs.body == plain.body, describe(rs))

    # nginx's gzip_static takes only a named gzip, not "*": sending the
    # identity is always allowed, so a static file may answer either.
    star = (None, "gzip") if target.startswith("/static/") else ("gzip",)
    for ae, want in (("gzip;q=0", (None,)), ("gzip;q=0, *", (None,)),
                     ("identity", (None,)), ("*", star),
                     ("br;q=1, gzip;q=0.5", ("gzip",))):
        rs = c.get(target, [("Accept-Encoding", ae)])
        ce = rs.header("content-encoding")
        t.check("%s: Accept-Encoding %r gives %s" % (
            target, ae, " or ".join(w or "identity" for w in want)),
                rs.status == 200 and ce in want
                and (rs.body == plain.body if ce is None
                     else gunzip(rs.body) == plain.body),
                "%s Content-Encoding %r" % (describe(rs),
                                            rs.header("content-encoding")))


def error_pages(t, c):
    """Error answers, made for each request and so not by the page cache,
    are compressed too: a refused filter's page must fit the first round
    trip. Never an editor's page (a CSRF token beside what the request
    chose: BREACH)."""
    for target, status in (("/resources?type=bogus", 400),
                           ("/no-such-page", 404),
                           ("/hu/events?page=99999", 404)):
        plain = c.get(target)
        zipped = c.get(target, GZIP)
        t.check("%s: %d, identity without Content-Encoding" % (
            target, status), plain.status == status and
            plain.header("content-encoding") is None, describe(plain))
        t.check("%s gzip: %d, Content-Encoding: gzip, Vary" % (
            target, status), zipped.status == status and
            zipped.header("content-encoding") == "gzip" and
            varies(zipped) == 1 and varies(plain) == 1, describe(zipped))
        t.check("%s gzip: inflates to the identity body" % target,
                gunzip(zipped.body) == plain.body, describe(zipped))
    rs = c.get("/admin/no-such-page", GZIP)
    t.check("/admin/no-such-page gzip: an editor's page is not compressed",
            rs.status in (303, 404) and
            rs.header("content-encoding") is None, describe(rs))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    c = Client(sys.argv[1])
    t = Checks()
    for target in PAGES + STATIC:
        try:
            one(t, c, target)
        except Exception as e:     # noqa: BLE001 - reported as a FAIL
            t.crashed(target, e)
    error_pages(t, c)
    # Unknown query fields and ?page=0 are the bare path's entry: the same
    # representation, so the same ETag.
    base = c.get("/news", GZIP)
    for target in ("/news?page=0", "/news?page=0&x=1",
                   "/news?utm_source=mail"):
        rs = c.get(target, GZIP)
        t.check("%s: the same answer as /news" % target,
                rs.status == 200 and rs.header("etag") == base.header("etag")
                and rs.body == base.body, describe(rs))
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""wire.py: the same answers again and again, through whichever transport
BASE_URL is (`waypoint serve`, or nginx in front of `waypoint fcgi`).

`waypoint serve` keeps, in each thread, the responses of the answers it
gave last and sends the same one again when the page, its status and every
header are alike; it gathers its access lines and writes many at a time.
So: on one kept connection, a page asked for again and again comes back
byte for byte (Date aside), its HEAD with the same headers and no body, a
conditional request as a bodiless 304 and the next plain one whole again,
gzip and identity each their own; more pages than a thread keeps come
back each as its own, however they take each other's places; a target
with escapes is decoded once (by Waypoint); and (given the log) every
request has its access line within 5 s.

usage: wire.py BASE_URL [LOG]
Prints "ok - ..." / "FAIL - ...: ..." lines, then "N passed, N failed";
exits 1 on any failure. Python 3 standard library only.
"""

import os
import sys
import time
import uuid

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import Checks, Client, build_request, describe  # noqa

STATEMENT = ("/news/international-migrants-day-statement-iom-director-"
             "general-antonio-vitorino-harnessing-potential-human-mobility")
# More than the 16 answers a thread of serve keeps (src/transport/
# httpd_memo.c), pages and static files, each in both encodings.
PAGES = ["/", "/news", "/news?page=1", STATEMENT, "/about", "/hu",
         "/hu/news", "/events", "/projects", "/hu/events",
         "/news/feed", "/sitemap.xml", "/static/css/site.css",
         "/static/js/site.js", "/static/img/favicon.svg"]
GZIP = ("Accept-Encoding", "gzip")
ROUNDS = 3


def headers_but_date(rs):
    """rs's headers but Date, in any order: a page rendered anew lists them
    in another order than its cached copy."""
    return sorted((k.lower(), v) for k, v in rs.headers
                  if k.lower() != "date")


def ask(conn, method, target, headers, netloc):
    conn.send(build_request(method, target, netloc, headers))
    return conn.read_response(method, target)


def kept_connection(t, c):
    """One connection: the statement 20 times, with HEAD, 304 and gzip
    in between."""
    conn = c.connect()
    try:
        first = ask(conn, "GET", STATEMENT, [], c.netloc)
        if not t.status("the statement: 200", first, 200):
            return
        etag = first.header("etag")
        same = head_ok = cond_ok = gz_ok = True
        why = ""
        for i in range(20):
            rs = ask(conn, "GET", STATEMENT, [], c.netloc)
            if (rs.status != 200 or rs.body != first.body or
                    headers_but_date(rs) != headers_but_date(first) or
                    rs.header("connection") == "close"):
                same, why = False, "answer %d: %s" % (i + 2, describe(rs))
            if i % 5 == 1:
                h = ask(conn, "HEAD", STATEMENT, [], c.netloc)
                if (h.status != 200 or h.body != b"" or
                        headers_but_date(h) != headers_but_date(first)):
                    head_ok, why = False, "HEAD: %s" % describe(h)
            if i % 5 == 2:
                n = ask(conn, "GET", STATEMENT, [("If-None-Match", etag)],
                        c.netloc)
                if n.status != 304 or n.body != b"":
                    cond_ok, why = False, "304: %s" % describe(n)
            if i % 5 == 3:
                z = ask(conn, "GET", STATEMENT, [GZIP], c.netloc)
                if (z.status != 200 or
                        z.header("content-encoding") != "gzip" or
                        z.header("etag") == etag or z.body == first.body):
                    gz_ok, why = False, "gzip: %s" % describe(z)
        t.check("the statement 20 times on one connection: the same "
                "answer each time, the connection kept", same, why)
        t.check("its HEAD in between: the same headers, no body", head_ok,
                why)
        t.check("If-None-Match in between: a bodiless 304, and the next "
                "GET whole again", cond_ok, why)
        t.check("gzip in between: its own answer", gz_ok, why)
    finally:
        conn.close()


def many_pages(t, c):
    """More pages than a thread keeps, round after round on one
    connection: each time each page's own answer."""
    conn = c.connect()
    try:
        firsts = {}
        wrong = []
        for rnd in range(ROUNDS):
            for target in PAGES:
                for hdrs in ([], [GZIP]):
                    rs = ask(conn, "GET", target, hdrs, c.netloc)
                    key = (target, bool(hdrs))
                    if rnd == 0:
                        firsts[key] = rs
                    f = firsts[key]
                    if (rs.status != 200 or rs.body != f.body or
                            headers_but_date(rs) != headers_but_date(f)):
                        wrong.append("%s%s round %d: %s" % (
                            target, " gzip" if hdrs else "", rnd,
                            describe(rs)))
        t.check("%d answers, %d rounds on one connection: each page's "
                "own, byte for byte" % (2 * len(PAGES), ROUNDS),
                not wrong, "; ".join(wrong[:3]))
    finally:
        conn.close()


def escaped(t, c):
    """The target is decoded once, by Waypoint (`waypoint serve` has
    libmicrohttpd leave it as it came): the statement with its letters
    percent-encoded is the statement; a query keeps its escapes for the
    fields' parser."""
    plain = c.get(STATEMENT)
    enc = c.get(STATEMENT.replace("/news/", "/%6Eews/").replace("-", "%2D"))
    t.check("the statement's path percent-encoded: the same page",
            enc.status == 200 and plain.status == 200 and
            enc.body == plain.body, describe(enc))
    page = c.get("/news?page=1")
    enc = c.get("/news?%70age=%31")
    t.check("/news?%70age=%31: the page ?page=1",
            enc.status == 200 and page.status == 200 and
            enc.body == page.body, describe(enc))


def logged(t, c, log):
    """Every request has its line in the access log within 5 s."""
    mark = uuid.uuid4().hex[:12]
    # The path: the log leaves the query out.
    for i in range(50):
        c.get("/news/wire-%s-%d" % (mark, i))
    end = time.monotonic() + 5
    while True:
        with open(log, encoding="utf-8", errors="replace") as f:
            n = sum(1 for line in f if " info access " in line and
                    "/news/wire-%s-" % mark in line)
        if n >= 50 or time.monotonic() > end:
            break
        time.sleep(0.05)
    t.check("50 requests: 50 access lines within 5 s", n == 50,
            "%d lines" % n)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    c = Client(sys.argv[1])
    t = Checks()
    for fn in (kept_connection, many_pages, escaped):
        try:
            fn(t, c)
        except Exception as e:     # noqa: BLE001 - reported as a FAIL
            t.crashed(fn.__name__, e)
    if len(sys.argv) == 3:
        logged(t, c, sys.argv[2])
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

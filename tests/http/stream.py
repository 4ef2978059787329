#!/usr/bin/env python3
"""stream.py: streamed request bodies through either transport, against the
tests-only upload route ([test] upload_route = 1), which answers each part
of a multipart/form-data body as JSON: name, filename, type, size, SHA-256.

Usage: stream.py BASE_URL PID [--off]
  PID   waypoint serve, or the `waypoint fcgi` supervisor (its worker
        processes are measured): the peak resident memory (VmHWM) of each
        must grow by less than RSS_MARGIN over a 30 MiB upload.

With --off, checks only that a server without [test] upload_route has no
such route and takes no body past REQUEST_BODY_MAX there.

Needs the account admin1 (tests/lib.sh admin_accounts). Prints "ok - name"
or "FAIL - name: detail" per check, then "N passed, N failed"; exits 1 when
a check failed. Python 3 standard library only.
"""

import hashlib
import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import Checks, Client, children, describe  # noqa: E402

ADMIN = ("admin1", "admin-password-123")
ROUTE = "/admin/test/upload"
BODY_MAX = 2 * 1024 * 1024       # REQUEST_BODY_MAX in src/request.h
STREAM_MAX = 64 * 1024 * 1024    # REQUEST_UPLOAD_MAX in src/request.h
BIG = 30 * 1024 * 1024           # the upload whose memory is measured
# Twice the 64 KiB pieces each side reads at a time, plus what the server
# allocates anyway (a database page cache warming up), and a sanitizer's
# shadow memory and quarantine: still far below the 30 MiB a server
# holding the body would add.
RSS_MARGIN = 12 * 1024 * 1024
BOUNDARY = "----waypoint-stream-7d1f"
TYPE = "multipart/form-data; boundary=" + BOUNDARY
PIECE = 1 << 20

t = Checks()
c = None
cookie = ""
csrf = ""      # the session's CSRF token, once signed in


def pattern(size, seed):
    """size bytes, the same every run, with CR, LF and boundary-like runs
    in them; yields pieces of at most PIECE."""
    unit = (b"\r\n--" + BOUNDARY[:-1].encode() + b"\r\n\x00\xff%d" % seed)
    block = (unit * (PIECE // len(unit) + 1))[:PIECE]
    left = size
    while left > 0:
        n = min(left, PIECE)
        yield block[:n]
        left -= n


def sha_of(size, seed):
    h = hashlib.sha256()
    for p in pattern(size, seed):
        h.update(p)
    return h.hexdigest()


def part_head(name, filename=None, ctype=None):
    d = 'Content-Disposition: form-data; name="%s"' % name
    if filename is not None:
        d += '; filename="%s"' % filename
    head = "--%s\r\n%s\r\n" % (BOUNDARY, d)
    if ctype:
        head += "Content-Type: %s\r\n" % ctype
    return (head + "\r\n").encode()


def form(fields, file_size=0, seed=0, token=True):
    """The body of a form of the session's csrf_token (unless not token),
    text fields and, when file_size, a file of that many pattern bytes
    last: (the pieces, the total length)."""
    pieces = []
    if token:
        fields = [("csrf_token", csrf.encode())] + list(fields)
    for name, value in fields:
        pieces += [part_head(name), value, b"\r\n"]
    if file_size:
        pieces.append(part_head("file", "report.pdf", "application/pdf"))
        pieces += list(pattern(file_size, seed))
        pieces.append(b"\r\n")
    pieces.append(("--%s--\r\n" % BOUNDARY).encode())
    return pieces, sum(len(p) for p in pieces)


def post(pieces, length=None, chunked=False, ctype=TYPE, target=ROUTE,
         signed_in=True, close_after=None, extra=()):
    """POSTs the body made of pieces, sent as they come (chunked when
    asked), with the extra headers; stops sending after close_after bytes
    when given. Returns the response (status 0 when none came)."""
    heads = [("Content-Type", ctype), ("Connection", "close")] + list(extra)
    if signed_in:
        heads.append(("Cookie", cookie))
    heads.append(("Transfer-Encoding", "chunked") if chunked else
                 ("Content-Length", str(length if length is not None else
                                        sum(len(p) for p in pieces))))
    head = "POST %s HTTP/1.1\r\nHost: %s\r\n" % (target, c.netloc)
    head += "".join("%s: %s\r\n" % h for h in heads) + "\r\n"
    conn = c.connect()
    sent = 0
    try:
        conn.send(head.encode("latin-1"))
        for p in pieces:
            if close_after is not None and sent + len(p) > close_after:
                conn.send(p[:close_after - sent])
                conn.close()
                return None
            conn.send(b"%x\r\n%s\r\n" % (len(p), p) if chunked and p
                      else p)
            sent += len(p)
        if chunked:
            conn.send(b"0\r\n\r\n")
    except OSError:
        pass    # answered and closed before the end: read the answer
    rs = conn.read_response("POST", target)
    conn.close()
    return rs


def parts_of(rs):
    try:
        return json.loads(rs.body)
    except ValueError:
        return None


def sign_in():
    global cookie, csrf
    rs = c.get("/admin/login")
    pre = re.search(r"wp_prelogin=([^;]+)", rs.header("set-cookie") or "")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', rs.body)
    if not t.setup("GET /admin/login: a pre-session cookie and a token",
                   pre and token, describe(rs)):
        return False
    body = ("csrf_token=%s&username=%s&password=%s" % (
        token.group(1).decode(), ADMIN[0], ADMIN[1])).encode()
    rs = c.request("POST", "/admin/login", [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Cookie", "wp_prelogin=" + pre.group(1))], body)
    m = re.search(r"(wp_session=[^;]+)", rs.header("set-cookie") or "")
    if not t.setup("admin1 signs in", rs.status == 303 and m,
                   describe(rs)):
        return False
    cookie = m.group(1)
    rs = c.request("GET", "/admin", [("Cookie", cookie)])
    token = re.search(rb'name="csrf_token" value="([^"]+)"', rs.body)
    if not t.setup("the session's CSRF token", token, describe(rs)):
        return False
    csrf = token.group(1).decode()
    return True


def servers(pid):
    """pid's worker processes, or pid when it has none."""
    return children(pid) or [pid]


def reset_peaks(pid):
    """Sets the VmHWM of pid's servers back to their VmRSS (Linux 4.0's
    clear_refs "5"), so that what sign-in's argon2id hash took (64 MiB)
    does not hide what an upload takes. False when it cannot."""
    try:
        for p in servers(pid):
            with open("/proc/%d/clear_refs" % p, "w") as f:
                f.write("5")
    except OSError:
        return False
    return True


def peaks(pid):
    """VmHWM in bytes of pid's servers, by pid."""
    out = {}
    for p in servers(pid):
        try:
            with open("/proc/%d/status" % p) as f:
                m = re.search(r"^VmHWM:\s+(\d+) kB", f.read(), re.M)
            out[p] = int(m.group(1)) * 1024
        except (OSError, AttributeError):
            pass
    return out


def small_form():
    fields = [("title", b"Report"), ("note", b"a\r\n--not the boundary")]
    pieces, _ = form(fields, 1000, 1)
    rs = post(pieces)
    got = parts_of(rs)
    want = [{"name": "title", "type": "", "size": 6,
             "sha256": hashlib.sha256(b"Report").hexdigest()},
            {"name": "note", "type": "",
             "size": len(fields[1][1]),
             "sha256": hashlib.sha256(fields[1][1]).hexdigest()},
            {"name": "file", "filename": "report.pdf",
             "type": "application/pdf", "size": 1000,
             "sha256": sha_of(1000, 1)}]
    t.status("a small form -> 200", rs, 200)
    t.check("a small form: each part's name, file name, type, size and "
            "SHA-256", got == want, "got %r" % rs.body[:300])
    t.check("a small form: answered as application/json, not stored",
            (rs.header("content-type") or "").startswith("application/json")
            and rs.header("cache-control") == "no-store",
            "%s / %s" % (rs.header("content-type"),
                         rs.header("cache-control")))


def big_upload(pid):
    t.setup("the servers' peak memory can be reset (clear_refs)",
            reset_peaks(pid), "cannot write /proc/%d/clear_refs" % pid)
    before = peaks(pid)
    pieces, length = form([("title", b"big")], BIG, 2)
    t0 = time.monotonic()
    rs = post(pieces, length)
    secs = time.monotonic() - t0
    got = parts_of(rs) or []
    t.status("a 30 MiB upload -> 200", rs, 200)
    t.check("a 30 MiB upload: its size and SHA-256 as sent (%.1f s)" % secs,
            len(got) == 2 and got[1].get("size") == BIG and
            got[1].get("sha256") == sha_of(BIG, 2), "got %r" % rs.body[:300])
    after = peaks(pid)
    growth = {p: after[p] - before.get(p, after[p]) for p in after}
    worst = max(growth.values()) if growth else None
    t.check("a 30 MiB upload: peak memory (VmHWM) grows by less than "
            "%d MiB (grew %s KiB, to %s MiB)"
            % (RSS_MARGIN >> 20, worst // 1024 if worst is not None
               else "?", max(after.values()) >> 20 if after else "?"),
            worst is not None and worst < RSS_MARGIN,
            "VmHWM before %r, after %r" % (before, after))


def chunked_upload():
    size = BODY_MAX + 123457
    pieces, _ = form([("title", b"chunked")], size, 3)
    rs = post(pieces, chunked=True)
    got = parts_of(rs) or []
    t.status("a chunked upload past REQUEST_BODY_MAX -> 200", rs, 200)
    t.check("a chunked upload: the file's size and SHA-256 as sent",
            len(got) == 2 and got[1].get("size") == size and
            got[1].get("sha256") == sha_of(size, 3),
            "got %r" % rs.body[:300])


def over_limit():
    # The length alone refuses it: nothing of the body is sent.
    rs = post([], length=STREAM_MAX + 1)
    t.status("Content-Length past REQUEST_UPLOAD_MAX -> 413, before the "
             "body", rs, 413)
    pieces, _ = form([], STREAM_MAX, 4)
    rs = post(pieces, chunked=True)
    t.check("a chunked upload past REQUEST_UPLOAD_MAX -> 413 or dropped",
            rs.status in (413, 0), describe(rs))
    rs = post(form([("after", b"x")])[0])
    t.status("the next upload after those -> 200", rs, 200)


def malformed():
    bad = [
        ("no boundary", "multipart/form-data", form([("a", b"1")])[0],
         "the multipart boundary is missing"),
        ("another boundary", TYPE.replace("7d1f", "0000"),
         form([("a", b"1")])[0], "the body ends before its closing "
         "multipart boundary"),
        ("no closing boundary", TYPE, form([("a", b"1")])[0][:-1],
         "the body ends before its closing multipart boundary"),
        ("a part without a name", TYPE,
         [("--%s\r\nContent-Disposition: form-data\r\n\r\nx\r\n--%s--"
           % (BOUNDARY, BOUNDARY)).encode()],
         "a part lacks a Content-Disposition of form-data"),
        ("part headers past 4096 bytes", TYPE,
         [("--%s\r\n" % BOUNDARY).encode() +
          b"X-Pad: " + b"p" * 1000 + b"\r\n" * 1 +
          (b"X-Pad: " + b"p" * 1000 + b"\r\n") * 4],
         "the headers of a part are longer than 4096 bytes"),
        ("urlencoded", "application/x-www-form-urlencoded",
         [b"a=1&b=2"], "the body is not multipart/form-data"),
        ("an empty body", TYPE, [],
         "the body ends before its closing multipart boundary"),
    ]
    for name, ctype, pieces, message in bad:
        rs = post(pieces, ctype=ctype)
        t.check("malformed (%s) -> 400 saying why" % name,
                rs.status == 400 and rs.body.startswith(
                    b"400 Bad request: " + message.encode()),
                describe(rs))


def truncated():
    pieces, length = form([("title", b"cut")], 1 << 20, 5)
    post(pieces, length, close_after=length // 2)
    rs = post(form([("after", b"cut")])[0])
    t.status("an upload cut short by the client, then another -> 200",
             rs, 200)


def refusals():
    rs = post(form([("a", b"1")])[0], signed_in=False)
    t.status("an upload without a session -> 403", rs, 403)
    # Without a session, or from another site, the body is not taken as
    # a stream: past REQUEST_BODY_MAX it is refused as any other route's
    # (waypoint serve before reading it; behind nginx, which buffers it
    # first, waypoint fcgi before spooling it).
    big = [b"x" * (4 * BODY_MAX)]
    rs = post(big, signed_in=False)
    t.status("an 8 MiB upload without a session -> 413", rs, 413)
    cross = (("Origin", "https://evil.example"),
             ("Sec-Fetch-Site", "cross-site"))
    rs = post(big, extra=cross)
    t.status("an 8 MiB upload from another site -> 413", rs, 413)
    rs = post(form([("a", b"1")])[0], extra=cross)
    t.status("an upload from another site -> 403", rs, 403)
    rs = post(form([("a", b"1")], token=False)[0])
    t.status("an upload without its csrf_token part -> 403", rs, 403)
    rs = post(form([("csrf_token", b"A" * 43)], token=False)[0])
    t.status("an upload with a wrong csrf_token -> 403", rs, 403)
    rs = post(form([("a", b"1"), ("csrf_token", csrf.encode())],
                   token=False)[0])
    t.status("an upload whose csrf_token is not the first part -> 403",
             rs, 403)
    rs = c.get(ROUTE)
    t.status("GET of the upload route -> 405", rs, 405)
    # Every other route still takes its body whole, up to REQUEST_BODY_MAX.
    # /admin/news/upload is no route, but nginx lets a body of up to
    # REQUEST_UPLOAD_MAX through to it: Waypoint's 413 must reach the
    # client, not a 502 from nginx.
    for target in ("/admin/login", "/admin/news", "/", "/about",
                   ROUTE + "/x", "/admin/test", "/admin/news/upload",
                   "/upload", "/hu/admin/news/upload"):
        rs = post([b"x" * (4 * BODY_MAX)], ctype="multipart/form-data; "
                  "boundary=" + BOUNDARY, target=target)
        t.status("POST %s past REQUEST_BODY_MAX -> 413" % target, rs, 413)
    rs = post([b"x" * 1000], length=BODY_MAX + 1, target="/admin/login")
    t.status("POST /admin/login with Content-Length past REQUEST_BODY_MAX "
             "-> 413 before the body", rs, 413)


def route_off():
    rs = post(form([("a", b"1")])[0], signed_in=False)
    t.status("without [test] upload_route: POST %s -> 404" % ROUTE, rs, 404)
    rs = post([], length=BODY_MAX + 1, signed_in=False)
    t.status("without [test] upload_route: a body past REQUEST_BODY_MAX "
             "-> 413", rs, 413)


def main():
    global c
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ["--off"]):
        print("usage: stream.py BASE_URL PID [--off]", file=sys.stderr)
        return 2
    c = Client(sys.argv[1])
    pid = int(sys.argv[2])
    if sys.argv[3:] == ["--off"]:
        route_off()
        return t.finish()
    for name, fn in (("sign in", sign_in), ("small form", small_form),
                     ("big upload", lambda: big_upload(pid)),
                     ("chunked", chunked_upload), ("over limit", over_limit),
                     ("malformed", malformed), ("truncated", truncated),
                     ("refusals", refusals)):
        try:
            if fn() is False:
                break
        except Exception as e:  # noqa: BLE001 - reported as a failure
            t.crashed(name, e)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

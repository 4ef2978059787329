#!/usr/bin/env python3
"""api.py: the HTTP tests of the read-only JSON API (issue 13), run against
any base URL (waypoint serve, or nginx -> waypoint fcgi) over a database
made by `waypoint db init`, in which the run script has created admin.py's
accounts (editor1, admin1).

It reads docs/api.md: each "### Fields of `GET PATH`" table lists the
fields of that answer (first column the field's path, second its JSON
type), and each is checked against the real answer of the demo site, in
the default language and under /hu/; a field an answer holds that its
table lacks is a failure too, so the document cannot fall behind. Then:
ETag/304, the pagination links, a page past the end, the Hungarian list's
fallbacks, a release's translations, CORS on GET/HEAD/404 and not on other
methods, drafts and scheduled releases never answered (an editor's cookie
changes nothing), an unpublished release gone at once, an old slug's
redirect, and hostile slugs. Every answer under /api/ must be valid JSON
of type application/json with the security headers and no cookie.

Usage: api.py BASE_URL DB_PATH WAYPOINT CONF
  as admin.py, whose agent, forms and database helpers it uses.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed.
"""

import datetime
import gzip
import json
import os
import re
import sys
import time
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import admin as A  # noqa: E402
from lib import describe, security_header_problems  # noqa: E402

t = A.t
S = {}
DOC = os.path.join(HERE, "..", "..", "docs", "api.md")
STATEMENT = A.SEED_STATEMENT.rsplit("/", 1)[1]
# The documented paths' placeholders, as the demo site fills them.
SAMPLES = {
    "/api/v1/news/<slug>": "/api/v1/news/" + STATEMENT,
    "/api/v1/pages/<slug>": "/api/v1/pages/about",
    "/api/v1/search": "/api/v1/search?q=migrants",
    "/api/v1/projects/<slug>": "/api/v1/projects/"
    "migrant-crisis-europe-support-stranded-migrants-hungary",
    "/api/v1/events/<slug>":
        "/api/v1/events/information-day-people-ukraine-zahony",
    "/api/v1/publications/<slug>":
        "/api/v1/publications/needs-intentions-refugees-ukraine-hungary",
}
JSON_TYPE = "application/json"
TYPES = {"string": str, "integer": int, "boolean": bool, "array": list,
         "object": dict, "null": type(None)}
WAIT = 10.0     # seconds a change may take to show, at most
# The words of conf/nginx.conf's page for the errors nginx answers itself.
NGINX_PAGE = b"The web server in front of this site answered"


# ---------------------------------------------------------------- the doc

def doc_tables():
    """{path: [(field, [types])]} from docs/api.md's field tables."""
    tables, cur = {}, None
    with open(DOC, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^### Fields of `GET ([^`]+)`\s*$", line)
            if m:
                cur = tables.setdefault(m.group(1), [])
                continue
            if line.startswith("#"):
                cur = None
                continue
            m = re.match(r"^\| `([^`]+)` \| ([a-z ]+) \|", line)
            if cur is not None and m:
                types = [w for w in m.group(2).split(" ") if w != "or"]
                cur.append((m.group(1), types))
    return tables


def found_paths(v, prefix="", out=None):
    """Every field path in answer v, as the doc writes them; the elements
    of a "children" array have the fields of the element they are in."""
    out = set() if out is None else out
    if isinstance(v, dict):
        for k, x in v.items():
            out.add(prefix + k)
            if isinstance(x, list):
                inner = prefix if k == "children" else prefix + k + "[]."
                for e in x:
                    found_paths(e, inner, out)
            elif isinstance(x, dict):
                found_paths(x, prefix + k + ".", out)
    return out


def values_at(answer, path):
    """The values at path in answer, or a string saying why there are
    none (a field missing, an array empty). Elements of "children" count
    as elements of the array holding them."""
    nodes = [answer]
    for seg in path.split("."):
        name, many = seg[:-2] if seg.endswith("[]") else seg, \
            seg.endswith("[]")
        nxt = []
        for n in nodes:
            if not isinstance(n, dict) or name not in n:
                return "%r missing in %s" % (name, json.dumps(n)[:120])
            v = n[name]
            if not many:
                nxt.append(v)
                continue
            if not isinstance(v, list):
                return "%r is not an array" % name
            stack = list(v)
            while stack:
                e = stack.pop(0)
                nxt.append(e)
                if isinstance(e, dict) and isinstance(e.get("children"),
                                                      list):
                    stack += e["children"]
        if not nxt:
            return "no element of %r to check" % seg
        nodes = nxt
    return nodes


def type_ok(v, types):
    for name in types:
        want = TYPES.get(name)
        if want is int and isinstance(v, bool):
            continue
        if want is not None and isinstance(v, want):
            return True
    return False


# ---------------------------------------------------------------- helpers

def get(target, ag=None, method="GET", headers=()):
    ag = ag or S["anon"]
    return ag.go(method, target, headers=headers)


def body_json(rs):
    try:
        body = rs.body
        if rs.header("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return json.loads(body.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, ValueError):
        return None


def api_answer(name, rs, want=200):
    """Checks rs is a JSON answer of status want; returns its value."""
    if not t.status(name, rs, want):
        return None
    v = body_json(rs)
    t.check(name + ": valid JSON", v is not None, rs.text[:200])
    return v


def site_path(url):
    """The path and query of an absolute URL of this site, or None."""
    if not isinstance(url, str):
        return None
    u = urlsplit(url)
    if "%s://%s" % (u.scheme, u.netloc) != A.BASE:
        return None
    return u.path + ("?" + u.query if u.query else "")


def is_error(rs, status):
    v = body_json(rs)
    return (rs.status == status and isinstance(v, dict) and
            isinstance(v.get("error"), dict) and
            v["error"].get("status") == status and
            isinstance(v["error"].get("message"), str) and
            v["error"]["message"] != "")


def proxy_refused(rs):
    """nginx's own 400 for a target it cannot parse (a NUL byte, a bad
    %-escape), sent before Waypoint is asked: conf/nginx.conf's error
    page, not Waypoint's."""
    return rs.status == 400 and NGINX_PAGE in rs.body


def slugs_in(answer):
    return [i.get("slug") for i in (answer or {}).get("items", [])]


def all_slugs(prefix="", ag=None):
    """The slugs of every page of prefix/api/v1/news, following next."""
    out, page = [], body_json(get(prefix + "/api/v1/news", ag=ag))
    while page:
        out += slugs_in(page)
        nxt = site_path((page.get("links") or {}).get("next"))
        page = body_json(get(nxt, ag=ag)) if nxt else None
    return out


def wait_for(cond):
    """Asks cond() until it holds or WAIT seconds pass; its last value."""
    end = time.time() + WAIT
    while True:
        v = cond()
        if v or time.time() > end:
            return v
        time.sleep(0.2)


# ---------------------------------------------------------------- sections

def documented_fields():
    tables = doc_tables()
    t.check("docs/api.md: a field table for each endpoint and the error",
            set(tables) >= {"/api/v1/news", "/api/v1/news/<slug>",
                            "/api/v1/pages/<slug>", "/api/v1/menu",
                            "/api/v1/search"} and
            len(tables) >= 6, sorted(tables))
    for path, rows in sorted(tables.items()):
        t.check("docs/api.md: %s lists its fields" % path, len(rows) >= 2,
                rows)
        documented = {f for f, _ in rows}
        target = SAMPLES.get(path, path)
        want = 404 if "no-such" in path else 200
        for prefix in ("", "/hu"):
            name = "GET %s%s" % (prefix, target)
            rs = get(prefix + target)
            # A version in the answer's language is where the slug goes.
            if rs.status == 301 and A.location(rs):
                name += " -> " + A.location(rs)
                rs = get(A.location(rs))
            v = api_answer(name, rs, want)
            if v is None:
                continue
            for field, types in rows:
                vals = values_at(v, field)
                if isinstance(vals, str):
                    t.check("%s: documented %s present" % (name, field),
                            False, vals)
                    continue
                bad = [x for x in vals if not type_ok(x, types)]
                t.check("%s: documented %s present, %s" % (
                    name, field, " or ".join(types)), not bad,
                    "got %s" % json.dumps(bad[:2])[:200])
            extra = found_paths(v) - documented
            t.check("%s: no field docs/api.md lacks" % name, not extra,
                    sorted(extra))


def urls_absolute():
    """Every URL an answer gives is absolute, from base_url, and each of
    the site's resolves."""
    for target in ("/api/v1/news", "/hu/api/v1/news",
                   SAMPLES["/api/v1/news/<slug>"], "/api/v1/menu"):
        v = body_json(get(target)) or {}
        # A menu item to another site keeps its address as it is.
        for item in values_at(v, "items[]") if "menu" in target else []:
            if item.get("external"):
                item["url"] = A.BASE + "/"
        urls = re.findall(r'"(?:url|api_url|self|first|last|prev|next)": '
                          r'"([^"]*)"', json.dumps(v, ensure_ascii=False))
        outside = [u for u in urls if site_path(u) is None]
        t.check("%s: every URL absolute from base_url" % target,
                urls and not outside, outside[:3] or "no URL found")
    v = body_json(get("/api/v1/news")) or {}
    item = (v.get("items") or [{}])[0]
    for key in ("url", "api_url"):
        path = site_path(item.get(key))
        rs = get(path) if path else None
        t.check("/api/v1/news: items[0].%s resolves (200)" % key,
                rs is not None and rs.status == 200,
                describe(rs) if rs else item)
    t.check("/api/v1/news: items[0].api_url answers that release",
            (body_json(get(site_path(item.get("api_url")) or "/x")) or
             {}).get("slug") == item.get("slug"))


def caching():
    target = "/api/v1/news"
    rs = get(target)
    etag = rs.header("etag")
    t.check("GET %s: ETag and Last-Modified" % target,
            etag and rs.header("last-modified"), describe(rs))
    t.check("GET %s: Content-Type application/json" % target,
            rs.header("content-type") == JSON_TYPE,
            rs.header("content-type"))
    again = get(target, headers=[("If-None-Match", etag or '"x"')])
    t.status("GET %s with its ETag -> 304" % target, again, 304)
    t.check("304: no body, the same ETag, CORS header",
            again.body == b"" and again.header("etag") == etag and
            again.header("access-control-allow-origin") == "*",
            again.headers)
    page1 = get(target + "?page=1")
    t.check("?page=1 is another answer (the cache keys on page)",
            page1.status == 200 and page1.header("etag") != etag,
            describe(page1))
    t.check("?page=0 and ?utm_source= are the first page",
            get(target + "?page=0&utm_source=x").header("etag") == etag)
    head = get(target, method="HEAD")
    t.check("HEAD %s: 200, no body, the GET's ETag, CORS header" % target,
            head.status == 200 and head.body == b"" and
            head.header("etag") == etag and
            head.header("access-control-allow-origin") == "*",
            describe(head))
    gz = get(target, headers=[("Accept-Encoding", "gzip")])
    t.check("gzip: Content-Encoding gzip with its own ETag",
            gz.header("content-encoding") == "gzip" and
            gz.header("etag") != etag, gz.headers)


def pagination():
    for prefix in ("", "/hu"):
        first = body_json(get(prefix + "/api/v1/news")) or {}
        links = first.get("links") or {}
        name = prefix + "/api/v1/news"
        t.check(name + ": first page has no prev, self == first",
                links.get("prev") is None and
                links.get("self") == links.get("first") ==
                first.get("api_url"), links)
        seen, pages, page = [], 0, first
        while page and pages < 50:
            seen += slugs_in(page)
            pages += 1
            nxt = (page.get("links") or {}).get("next")
            if nxt is None:
                break
            path = site_path(nxt)
            rs = get(path) if path else None
            if not t.check("%s: next link %s resolves" % (name, nxt),
                           rs is not None and rs.status == 200,
                           describe(rs) if rs else nxt):
                page = None
                break
            page = body_json(rs)
            t.check("%s: page %d says so, prev goes back" % (name, pages),
                    page and page.get("page") == pages and
                    site_path(page["links"].get("prev")) is not None,
                    page and page.get("links"))
        if not page:
            continue
        t.check(name + ": the last page has no next, self == last",
                page["links"]["next"] is None and
                page["links"]["self"] == first["links"]["last"],
                page["links"])
        t.check(name + ": page_count pages, total releases, none twice",
                pages == first.get("page_count") and
                len(seen) == first.get("total") == len(set(seen)),
                "%d pages, %d items (%d distinct); says %s pages, %s" % (
                    pages, len(seen), len(set(seen)),
                    first.get("page_count"), first.get("total")))
        past = "%s?page=%d" % (name, first.get("page_count", 0))
        rs = get(past)
        t.check("GET %s (past the end) -> 404 JSON, as /news" % past,
                is_error(rs, 404) and get(
                    "%s/news?page=%d" % (prefix, first.get("page_count", 0))
                ).status == 404, describe(rs))
        for bad in ("x", "-1", "1e3", "99999999999999999999999"):
            rs = get(name + "?page=" + bad)
            t.check("GET %s?page=%s -> 400/404 JSON" % (name, bad),
                    is_error(rs, 400) or is_error(rs, 404), describe(rs))


def languages():
    hu = []
    page = body_json(get("/hu/api/v1/news"))
    while page:
        hu += page.get("items", [])
        nxt = site_path((page.get("links") or {}).get("next"))
        page = body_json(get(nxt)) if nxt else None
    langs = {i.get("lang") for i in hu}
    t.check("/hu/api/v1/news: Hungarian versions and English fallbacks, "
            "each marked by lang", {"hu", "en"} <= langs, langs)
    t.check("/hu/api/v1/news: every item's links under /hu/",
            hu and all((site_path(i.get("url")) or "").startswith(
                "/hu/news/") and (site_path(i.get("api_url")) or
                                  "").startswith("/hu/api/v1/news/")
                for i in hu), hu[:1])
    for item in [i for i in hu if i.get("lang") == "en"][:3]:
        one = body_json(get(site_path(item["api_url"]))) or {}
        t.check("/hu/: fallback %s has no hu version" % item["slug"][:40],
                one.get("lang") == "en" and "hu" not in
                [x.get("lang") for x in one.get("translations", [])],
                one.get("translations"))
    for item in [i for i in hu if i.get("lang") == "hu"][:3]:
        rs = get("/api/v1/news/" + item["slug"])
        if rs.status == 301:
            to = body_json(get(A.location(rs) or "/x")) or {}
            ok = ((A.location(rs) or "").startswith("/api/v1/news/") and
                  to.get("lang") == "en")
        else:
            one = body_json(rs) or {}
            ok = rs.status == 200 and one.get("lang") == "hu" and "en" \
                not in [x.get("lang") for x in one.get("translations", [])]
        t.check("/api/v1/news/<hu slug>: 301 to the English version's "
                "answer, or the hu one when it has none", ok, describe(rs))
    menu = body_json(get("/hu/api/v1/menu")) or {}
    t.check("/hu/api/v1/menu: Hungarian labels",
            menu.get("lang") == "hu" and
            any(i.get("label_lang") == "hu" for i in menu.get("items", [])),
            json.dumps(menu)[:200])


def statement_translations():
    """The statement gets a Hungarian version through the admin (unless a
    test before made one): both answers list both versions."""
    ed = S["editor"]
    hu = A.db_one("SELECT b.slug FROM news a JOIN news b ON b.group_id = "
                  "a.group_id AND b.lang = 'hu' WHERE a.slug = ?",
                  (STATEMENT,))
    if hu is None:
        sid = A.db_one("SELECT id FROM news WHERE slug = ?", (STATEMENT,))
        _, rs, nid = A.translate(ed, "news", sid, "hu",
                                 "API: translate the statement into hu",
                                 title="Nyilatkozat a migránsok "
                                 "nemzetközi napján " + A.rnd(),
                                 status="published")
        t.status("API: the Hungarian statement saved -> 303", rs, 303)
        hu = A.news_slug(ed, nid) if nid else None
    if not t.check("the statement has a Hungarian version", hu):
        return
    en_answer = body_json(get("/api/v1/news/" + STATEMENT)) or {}
    hu_answer = body_json(get("/hu/api/v1/news/" + hu)) or {}
    want = [("en", "/news/" + STATEMENT, "/api/v1/news/" + STATEMENT),
            ("hu", "/hu/news/" + hu, "/hu/api/v1/news/" + hu)]
    for name, v in (("en", en_answer), ("hu", hu_answer)):
        got = [(x.get("lang"), site_path(x.get("url")),
                site_path(x.get("api_url")))
               for x in v.get("translations", [])]
        t.check("the statement's %s answer: translations en and hu, with "
                "their url and api_url" % name, got == want, got)
    t.check("the Hungarian answer is in Hungarian", hu_answer.get("lang") ==
            "hu" and site_path(hu_answer.get("api_url")) ==
            "/hu/api/v1/news/" + hu, hu_answer.get("api_url"))
    rs = get("/hu/api/v1/news/" + STATEMENT)
    t.check("/hu/api/v1/news/<English slug> -> 301 to the Hungarian "
            "version's answer", rs.status == 301 and A.location(rs) ==
            "/hu/api/v1/news/" + hu, describe(rs))


def cors():
    ok = {"GET /api/v1/news": get("/api/v1/news"),
          "HEAD /api/v1/menu": get("/api/v1/menu", method="HEAD"),
          "GET 404 /api/v1/news/no-such-release":
          get("/api/v1/news/no-such-release"),
          "GET 404 /api/v2/other": get("/api/v2/other"),
          "GET 404 /hu/api/v1/pages/no-such-page":
          get("/hu/api/v1/pages/no-such-page")}
    for name, rs in ok.items():
        t.check("%s: Access-Control-Allow-Origin: *" % name,
                rs.header_all("access-control-allow-origin") == ["*"],
                rs.headers)
    for name in ("GET 404 /api/v1/news/no-such-release",
                 "GET 404 /api/v2/other"):
        t.check(name + ": a JSON error, not the HTML page",
                is_error(ok[name], 404), ok[name].text[:120])
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        for target in ("/api/v1/news", "/hu/api/v1/news/" + STATEMENT):
            rs = get(target, method=method,
                     headers=[("Origin", "https://partner.example")])
            t.check("%s %s -> 405 JSON, Allow: GET, HEAD, no CORS header"
                    % (method, target), is_error(rs, 405) and
                    rs.header("allow") == "GET, HEAD" and
                    not rs.header_all("access-control-allow-origin"),
                    "%s %s" % (describe(rs), rs.headers))


def never_private():
    """Drafts and scheduled releases are never answered, whoever asks;
    an editor's cookie changes no answer."""
    ed = S["editor"]
    title = "API draft " + A.rnd()
    _, did = A.create_news(ed, title, "API: create a draft -> 303",
                           status="draft")
    when = A.site_now() + datetime.timedelta(days=1)
    _, sid = A.create_news(ed, "API scheduled " + A.rnd(),
                           "API: create a release scheduled tomorrow -> 303",
                           date=when.strftime("%Y-%m-%d"),
                           time=when.strftime("%H:%M"))
    for kind, nid in (("draft", did), ("scheduled", sid)):
        slug = A.news_slug(ed, nid) if nid else None
        if not t.check("API: the %s has a slug" % kind, slug):
            continue
        for prefix in ("", "/hu"):
            target = "%s/api/v1/news/%s" % (prefix, slug)
            rs = get(target, ag=ed)
            t.check("%s with an editor's cookie: %s -> 404 JSON"
                    % (kind, target), is_error(rs, 404), describe(rs))
            t.check("%s: no cookie set, no Vary: Cookie" % kind,
                    not rs.header_all("set-cookie") and "cookie" not in
                    ",".join(rs.header_all("vary")).lower(), rs.headers)
            whole = all_slugs(prefix, ed)
            t.check("%s: not in %s/api/v1/news, editor or not"
                    % (kind, prefix), whole and slug not in whole)
    anon, signed = get("/api/v1/news"), get("/api/v1/news", ag=ed)
    t.check("an editor's cookie gets the very answer anyone gets",
            anon.status == signed.status == 200 and
            anon.header("etag") == signed.header("etag") and
            anon.body == signed.body, describe(signed))
    if sid:
        slug = A.news_slug(ed, sid)
        # Due in 3 seconds: the cached answers must not outlive it.
        A.db_exec("UPDATE news SET published_at = ? WHERE id = ?",
                  (int(time.time()) + 3, sid))
        t.check("scheduled, due in 3 s: still 404",
                is_error(get("/api/v1/news/" + slug), 404))
        t.check("scheduled, now due: answered and listed",
                wait_for(lambda: get("/api/v1/news/" + slug).status == 200
                         and slug in all_slugs()))


def unpublished_at_once():
    ed = S["editor"]
    title = "API unpublish " + A.rnd()
    _, nid = A.create_news(ed, title, "API: create a published release")
    slug = A.news_slug(ed, nid) if nid else None
    if not t.check("API: the release has a slug", slug):
        return
    target = "/api/v1/news/" + slug
    t.status("published: GET " + target, get(target), 200)
    t.check("published: in /api/v1/news", slug in all_slugs())
    A.confirm_and_post(ed, nid, "unpublish", "API: unpublish it")
    t.check("unpublished: GET %s -> 404 at once" % target,
            is_error(get(target), 404))
    t.check("unpublished: gone from /api/v1/news at once",
            slug not in all_slugs())
    # An old slug: 301 to the API URL of the current one.
    A.confirm_and_post(ed, nid, "publish", "API: publish it again")
    _, form = A.edit_form(ed, "news", nid)
    new = "api-renamed-" + A.rnd()
    rs = A.save_form(ed, "news", nid, form, slug=new)
    t.status("API: rename its slug -> 303", rs, 303)
    for prefix in ("", "/hu"):
        rs = get("%s/api/v1/news/%s" % (prefix, slug))
        t.check("%s/api/v1/news/<old slug> -> 301 to %s/api/v1/news/<new>"
                % (prefix, prefix), rs.status == 301 and A.location(rs) ==
                "%s/api/v1/news/%s" % (prefix, new) and
                rs.header("access-control-allow-origin") == "*",
                describe(rs))


def hostile_slugs():
    bad = ["%00", "a%00b", "..", "%2e%2e", "%2E%2E%2F%2E%2E", "a" * 300,
           "%ff%fe", "%c3%28", "%e2%82", "%ed%a0%80", "a%2fb", "%25",
           "%", "%zz", "'%20OR%201=1--", "%3Cscript%3E", "caf%C3%A9",
           "-", "~"]
    for prefix in ("", "/hu"):
        for kind in ("news", "pages"):
            for s in bad:
                target = "%s/api/v1/%s/%s" % (prefix, kind, s)
                rs = get(target)
                t.check("GET %s -> 400/404 JSON" % target[:70],
                        is_error(rs, 400) or is_error(rs, 404) or
                        proxy_refused(rs),
                        "%s %s" % (describe(rs), rs.text[:80]))


def search():
    """/api/v1/search answers what /search shows, as data; what a visitor
    may type never makes it fail."""
    v = body_json(get("/api/v1/search?q=%22human+mobility%22&type=news")) \
        or {}
    items = v.get("items") or [{}]
    t.check("/api/v1/search: the statement found by a phrase",
            items[0].get("slug") == STATEMENT, items[0].get("slug"))
    marked = [p["text"].lower() for p in items[0].get("snippet") or []
              if p.get("mark")]
    t.check("/api/v1/search: the phrase's words marked in the snippet",
            " ".join(marked).split() == ["human", "mobility"], marked)
    t.check("/api/v1/search: query and type echoed",
            (v.get("query"), v.get("type")) == ("\"human mobility\"",
                                                "news"),
            (v.get("query"), v.get("type")))
    path = site_path(items[0].get("api_url"))
    t.check("/api/v1/search: a hit's api_url is the release's answer",
            path == "/api/v1/news/" + STATEMENT, path)
    rs = get("/hu/api/v1/search?q=migransok")
    v = api_answer("GET /hu/api/v1/search?q=migransok", rs) or {}
    t.check("/hu/api/v1/search: an accentless word finds Hungarian text",
            any(i.get("lang") == "hu" for i in v.get("items") or []),
            [i.get("slug") for i in v.get("items") or []][:3])
    for q in ("a" * 201, "+".join(["w%d" % i for i in range(17)]),
              "%ff", "x&year=abc", "x&type=menu"):
        target = "/api/v1/search?q=" + q
        rs = get(target)
        t.check("GET %s -> 400 JSON" % target[:60], is_error(rs, 400) or
                proxy_refused(rs), "%s %s" % (describe(rs), rs.text[:80]))
    for q in ("NEAR(", "*", "title:migrants", "%22unbalanced", "!!!",
              "-migrants", "%5E%7B%7D"):
        target = "/api/v1/search?q=" + q
        api_answer("GET " + target, get(target))
    rs = get("/api/v1/search?q=migrants&page=999")
    t.check("/api/v1/search: a page past the last is 404 JSON",
            is_error(rs, 404), describe(rs))


def every_answer():
    """What every answer under /api/ must be, of all the test got."""
    mine = [rs for rs in A.ALL if re.match(r"^(/hu)?/api/", rs.target) and
            not proxy_refused(rs)]
    t.check("answers under /api/ were checked", len(mine) > 100, len(mine))
    problems = []
    for rs in mine:
        why = security_header_problems(rs)
        if rs.status == 0 or rs.status >= 500:
            why.append("status %s" % rs.status)
        if rs.status not in (301, 304) and \
                rs.header("content-type") != JSON_TYPE:
            why.append("Content-Type %r" % rs.header("content-type"))
        if rs.method != "HEAD" and rs.status not in (301, 304) and \
                body_json(rs) is None:
            why.append("not JSON: %r" % rs.text[:60])
        if "cookie" in ",".join(rs.header_all("vary")).lower():
            why.append("Vary: Cookie")
        if why:
            problems.append("%s: %s" % (rs.label(), "; ".join(why)))
    t.check("every answer under /api/: JSON, security headers, no "
            "cookie, never a 5xx", not problems, problems[:3])


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: api.py BASE_URL DB_PATH WAYPOINT CONF\n")
        return 2
    A.BASE, A.DB_PATH, A.WAYPOINT, A.CONF = sys.argv[1:]
    A.BASE = A.BASE.rstrip("/")
    A.NETLOC = urlsplit(A.BASE).netloc
    if not os.path.isfile(A.DB_PATH):
        sys.stderr.write("api.py: no database at %s\n" % A.DB_PATH)
        return 2
    S["anon"] = A.Agent()
    for fn in (documented_fields, urls_absolute, caching, pagination,
               languages, cors, hostile_slugs, search):
        A.section(fn)
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
    if S.get("editor") and S["editor"].csrf:
        for fn in (statement_translations, never_private,
                   unpublished_at_once):
            A.section(fn)
    else:
        t.check("editor1 signed in for drafts, translations and "
                "unpublishing", False, "not signed in")
    A.section(every_answer)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

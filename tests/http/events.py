#!/usr/bin/env python3
"""events.py: the HTTP tests of the events' public side (issue 14): /events,
/events/<slug>, /events/<slug>.ics and their answers under /hu/, run
against any base URL (waypoint serve, or nginx -> waypoint fcgi) over a
database made by `waypoint db init` for a site with [site] languages
holding en and hu and [site] timezone Europe/Budapest (the default).

Usage: events.py BASE_URL DB_PATH WAYPOINT CONF
  as admin.py, whose agent and database helpers it uses.

Events besides the demo's two are put in the database directly (their
starts and ends set as a save sets them), all with slugs starting
"evt-": upcoming and past ones, an all-day event today, one that started
yesterday and ends tomorrow, a draft, a scheduled one, an old slug. Each
iCalendar file is unfolded and parsed back here (RFC 5545 3.1) and
compared with what was stored. Prints "ok - name" or "FAIL - name:
detail" per check, then "N passed, N failed"; exits 1 when a check
failed.
"""

import datetime
import json
import os
import re
import sys
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from api import wait_for  # noqa: E402
from lib import describe, text_of  # noqa: E402

t = A.t
S = {}
PAST = "information-day-people-ukraine-zahony"
UPCOMING = "employers-roundtable-fair-recruitment-budapest"
UPCOMING_HU = "kerekasztal-munkaltatoknak-tisztesseges-toborzasrol"
ICS_TYPE = "text/calendar; charset=utf-8"
# A title full of what TEXT escapes, and a 200-character Hungarian place.
HOSTILE_TITLE = "Kerekasztal, vita; és\\más, sok; vessző, pontosvessző"
HOSTILE_PLACE = ("Nyíregyháza, Kossuth tér 1.; Városháza, díszterem; "
                 * 4)[:200]
PER_PAGE = 10


def get(path):
    return S["anon"].get(path)


def page_text(rs):
    """The text of the page's main element, spaces squeezed."""
    m = re.search(r"<main\b.*?</main>", rs.text, re.S)
    return re.sub(r"\s+", " ", text_of(m.group(0) if m else rs.text))


# ------------------------------------------------------------- the set-up

def starts_ends(f):
    """starts and ends as a save copies them from fields f (content_sql.c)."""
    starts = (f["start_date"] + " " + f["start_time"]).strip()
    if f["end_date"] + f["end_time"] == "":
        return starts, ""
    return starts, ((f["end_date"] or f["start_date"]) + " " +
                    f["end_time"]).strip()


def add_event(slug, title, start_date, start_time="", end_date="",
              end_time="", place="", lang="en", status="published",
              published_at=0, summary="A test event."):
    f = {"start_date": start_date, "start_time": start_time,
         "end_date": end_date, "end_time": end_time, "place": place}
    starts, ends = starts_ends(f)
    A.db_exec("INSERT INTO entries (kind, lang, slug, title, summary,"
              " body_md, body_html, status, pub_date, published_at, fields,"
              " starts, ends) VALUES ('event', ?, ?, ?, ?, 'Body.',"
              " '<p>Body.</p>', ?, '2023-01-01', ?, ?, ?, ?)",
              (lang, slug, title, summary, status, published_at,
               json.dumps(f, ensure_ascii=False), starts, ends))
    return A.db_one("SELECT id FROM entries WHERE kind = 'event' AND"
                    " lang = ? AND slug = ?", (lang, slug))


def day(n):
    """The site's date n days from today, YYYY-MM-DD."""
    return (A.site_now().date() + datetime.timedelta(days=n)).isoformat()


def set_up():
    """Eleven events to come, three past ones, a draft, a scheduled one and
    an old slug; then `waypoint db migrate`, as the brief asks of rows
    made by hand."""
    for i in range(11):
        add_event("evt-up-%02d" % i, "Upcoming test %02d" % i, day(2 + i),
                  "09:30", "", "11:00", "Budapest")
    add_event("evt-all-day-today", "All-day test today", day(0),
              place="Szeged")
    add_event("evt-all-day-yesterday", "All-day test yesterday", day(-1))
    add_event("evt-multi-day", "Multi-day test", day(-1), "10:00", day(1),
              "16:00", "Pécs")
    add_event("evt-past-long-ago", "Past test long ago", "2020-03-10",
              "10:00", "", "12:00")
    add_event("evt-summer", HOSTILE_TITLE, "2027-07-15", "10:00", "",
              "12:30", HOSTILE_PLACE, lang="hu",
              summary="Összefoglaló, vesszővel; és pontosvesszővel.")
    add_event("evt-winter", "Winter test", "2027-01-15", "18:00", "",
              "20:00", "Debrecen")
    add_event("evt-draft", "Draft test", day(3), "10:00", status="draft")
    add_event("evt-scheduled", "Scheduled test", day(3), "10:00",
              published_at=int(A.site_now().timestamp()) + 86400 * 30)
    eid = add_event("evt-renamed", "Renamed test", day(4), "10:00")
    A.db_exec("INSERT INTO redirects (lang, kind, old_slug, target_id)"
              " VALUES ('en', 'event', 'evt-old-name', ?)", (eid,))
    rc, out = A.waypoint("db", "migrate")
    t.setup("waypoint db migrate after the inserts", rc == 0, out)
    t.setup("the server sees the new events", wait_for(
        lambda: get("/events/evt-winter").status == 200 and
        "Winter test" in get("/events?page=1").text and
        "Multi-day test" in get("/events").text and
        b"evt-multi-day" in get("/api/v1/events").body))


# ------------------------------------------------------------- iCalendar

def unfold(body):
    """The content lines of an iCalendar body (bytes): (lines, problems)
    with every line checked as RFC 5545 3.1 writes them."""
    problems = []
    if not body.endswith(b"\r\n"):
        problems.append("does not end in CRLF")
    raw = body.split(b"\r\n")[:-1]
    for r in raw:
        if len(r) > 75:
            problems.append("line of %d octets: %r" % (len(r), r[:40]))
        if b"\n" in r or b"\r" in r:
            problems.append("bare CR or LF in %r" % r[:40])
        try:
            r.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("a line split inside UTF-8: %r" % r[:40])
    lines = []
    for r in raw:
        if r.startswith(b" ") and lines:
            lines[-1] += r[1:]
        else:
            lines.append(r)
    return [x.decode("utf-8") for x in lines], problems


def unescape(v):
    return re.sub(r"\\([\\;,nN])",
                  lambda m: "\n" if m.group(1) in "nN" else m.group(1), v)


def parse_ics(body):
    """{"problems", "root"}: root is a component {"name", "props":
    [(name, params, value)], "subs": [...]}."""
    lines, problems = unfold(body)
    root = {"name": None, "props": [], "subs": []}
    stack = [root]
    for ln in lines:
        m = re.match(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", ln)
        if not m:
            problems.append("not a content line: %r" % ln[:60])
            continue
        name, params, value = m.group(1).upper(), m.group(2), m.group(3)
        if name == "BEGIN":
            c = {"name": value, "props": [], "subs": []}
            stack[-1]["subs"].append(c)
            stack.append(c)
        elif name == "END":
            if len(stack) < 2 or stack[-1]["name"] != value:
                problems.append("END:%s does not close" % value)
            else:
                stack.pop()
        else:
            stack[-1]["props"].append((name, params.lstrip(";"), value))
    if len(stack) != 1:
        problems.append("unclosed %s" % stack[-1]["name"])
    return {"problems": problems, "root": root}


def comp(c, name):
    return [s for s in c["subs"] if s["name"] == name]


def prop(c, name):
    """(params, value) of c's first property name, or (None, None)."""
    for n, p, v in c["props"]:
        if n == name:
            return p, v
    return None, None


def get_ics(path, name):
    rs = get(path)
    t.status("%s: GET %s" % (name, path), rs, 200)
    t.check("%s: %s" % (name, ICS_TYPE), rs.header("Content-Type") ==
            ICS_TYPE, rs.header("Content-Type"))
    ics = parse_ics(rs.body)
    t.check("%s: CRLF lines of 75 octets at most, none split inside a "
            "UTF-8 sequence, components closed" % name,
            not ics["problems"], ics["problems"][:3])
    cals = comp(ics["root"], "VCALENDAR")
    t.check("%s: one VCALENDAR" % name, len(cals) == 1, ics["root"])
    cal = cals[0] if cals else {"props": [], "subs": []}
    evs = comp(cal, "VEVENT")
    t.check("%s: one VEVENT" % name, len(evs) == 1, cal["subs"])
    return cal, (evs[0] if evs else {"props": [], "subs": []})


def offset_at(cal, local):
    """The TZOFFSETTO of the VTIMEZONE observance in force at local time
    local ("YYYYMMDDTHHMMSS"): the latest onset not after it."""
    best = None
    for tz in comp(cal, "VTIMEZONE"):
        for o in tz["subs"]:
            start = prop(o, "DTSTART")[1]
            if start and start <= local and (best is None or
                                             start > best[0]):
                best = (start, prop(o, "TZOFFSETTO")[1])
    return best[1] if best else None


# ------------------------------------------------------------- sections

def demo():
    """The demo's two events, in both languages, list and pages."""
    rs = get("/events")
    t.status("GET /events", rs, 200)
    txt = page_text(rs)
    up = txt.find("Employers' Roundtable on Fair Recruitment")
    past = txt.find("Information Day for People from Ukraine in Záhony")
    t.check("/events: the upcoming demo event before the past one",
            0 <= up < past, (up, past))
    t.check("/events: 'Upcoming events' heading before 'Past events'",
            0 <= txt.find("Upcoming events") < txt.find("Past events") <
            past, txt[:300])
    rs = get("/hu/events")
    t.status("GET /hu/events", rs, 200)
    txt = page_text(rs)
    t.check("/hu/events: the Hungarian version of the upcoming event",
            "Kerekasztal munkáltatóknak a tisztességes toborzásról" in
            txt,
            txt[:300])
    t.check("/hu/events: the past event in English, marked",
            'lang="en"' in rs.text and
            "Information Day for People from Ukraine" in txt, txt[:300])
    t.check("/hu/events: headings in Hungarian",
            "Közelgő események" in txt and "Korábbi események" in txt,
            txt[:300])

    rs = get("/events/" + PAST)
    t.status("GET /events/" + PAST, rs, 200)
    txt = page_text(rs)
    for want in ("Friday, 30 June 2023", "10:00–16:00", "Záhony",
                 "Counsellors from IOM", "Add to calendar (.ics)"):
        t.check("/events/%s shows %r" % (PAST, want), want in txt, txt[:400])
    t.check("/events/%s links its .ics" % PAST,
            'href="/events/%s.ics"' % PAST in rs.text, "")
    rs = get("/hu/events/" + PAST)
    t.status("GET /hu/events/" + PAST, rs, 200)
    txt = page_text(rs)
    t.check("/hu/events/%s: the Hungarian weekday line" % PAST,
            "2023. június 30., péntek" in txt, txt[:400])
    t.check("/hu/events/%s links the Hungarian .ics" % PAST,
            'href="/hu/events/%s.ics"' % PAST in rs.text, "")

    rs = get("/hu/events/" + UPCOMING_HU)
    t.status("GET /hu/events/" + UPCOMING_HU, rs, 200)
    txt = page_text(rs)
    start = A.db_one("SELECT starts FROM entries WHERE slug = ?",
                     (UPCOMING,))[:10]
    t.check("/hu/events/%s: its title, place and times" % UPCOMING_HU,
            "Kerekasztal munkáltatóknak" in txt and
            "Budapest, IOM-iroda" in txt and "14:00–16:30" in txt,
            txt[:400])
    t.check("/hu/events/%s: date line starts with the year" % UPCOMING_HU,
            re.search(r"%s\. [a-zá-ű]+ \d+\., [a-zá-ű]+" % start[:4],
                      txt) is not None, txt[:400])
    t.check("/hu/events/%s: hreflang to the English version" % UPCOMING_HU,
            'hreflang="en" href="%s/events/%s"' % (
                S["base_url"], UPCOMING) in rs.text, "")
    rs = get("/hu/events/" + UPCOMING)
    t.status("/hu/events/<English slug>: 301 to the Hungarian version",
             rs, 301)
    t.check("/hu/events/<English slug>: Location",
            A.location(rs) == "/hu/events/" + UPCOMING_HU, A.location(rs))


def listing():
    """Upcoming (soonest first) before past (latest first), one version a
    group, 10 a page, across every page of the list and its API."""
    total = A.db_one("SELECT count(DISTINCT group_id) FROM entries WHERE"
                     " kind = 'event' AND status = 'published' AND"
                     " published_at <= unixepoch()")
    pages = (total + PER_PAGE - 1) // PER_PAGE
    items = []
    # A change made by another program reaches each of the server's
    # processes within GENERATION_RECHECK_MS (src/generation.h): a page one
    # of them cached before the set-up's inserts may answer until then.
    for n in range(pages):
        path = "/api/v1/events" + ("?page=%d" % n if n else "")
        rs = wait_for(lambda: (lambda r: r if r.status == 200 and
                               json.loads(r.body).get("total") == total
                               else None)(get(path))) or get(path)
        t.status("GET " + path, rs, 200)
        v = json.loads(rs.body) if rs.status == 200 else {}
        t.check("%s: total %d, page_count %d" % (path, total, pages),
                v.get("total") == total and v.get("page_count") == pages,
                {k: v.get(k) for k in ("total", "page_count")})
        got = v.get("items", [])
        t.check("%s: %d items" % (path, min(PER_PAGE, total - n * PER_PAGE)),
                len(got) == min(PER_PAGE, total - n * PER_PAGE), len(got))
        items += got
    flags = [i["upcoming"] for i in items]
    t.check("every upcoming event before every past one",
            flags == sorted(flags, reverse=True), flags)

    def key(i):
        return i["start_date"] + " " + i["start_time"]
    up = [key(i) for i in items if i["upcoming"]]
    past = [key(i) for i in items if not i["upcoming"]]
    t.check("upcoming ones soonest first", up == sorted(up), up)
    t.check("past ones latest first", past == sorted(past, reverse=True),
            past)
    by_slug = {i["slug"]: i for i in items}
    t.check("the all-day event of today is upcoming all day",
            by_slug.get("evt-all-day-today", {}).get("upcoming") is True,
            by_slug.get("evt-all-day-today"))
    t.check("yesterday's all-day event is past",
            by_slug.get("evt-all-day-yesterday", {}).get("upcoming") is
            False, by_slug.get("evt-all-day-yesterday"))
    t.check("an event that started yesterday and ends tomorrow is "
            "upcoming", by_slug.get("evt-multi-day", {}).get("upcoming")
            is True, by_slug.get("evt-multi-day"))
    t.check("drafts and scheduled events are not listed",
            "evt-draft" not in by_slug and "evt-scheduled" not in by_slug,
            sorted(by_slug))
    t.check("the demo's upcoming event once, one version a group",
            [i["slug"] for i in items].count(UPCOMING) == 1, "")

    # The HTML pages: the heading between the two, on the page it falls;
    # asked until every process sees the inserts, as the API was.
    first_past = flags.index(False) if False in flags else len(flags)

    def titles_of(rs):
        return re.findall(r'<h3 class="news-item-title"><a href="[^"]*"'
                          r'(?: lang="[^"]*")?>([^<]*)</a>', rs.text)
    for n in range(pages):
        path = "/events" + ("?page=%d" % n if n else "")
        on_page = range(n * PER_PAGE, min((n + 1) * PER_PAGE, len(items)))
        has_past = any(i >= first_past for i in on_page)
        want = [items[i]["title"].replace("'", "&#39;") for i in on_page]
        rs = wait_for(lambda: (lambda r: r if titles_of(r) == want and
                               ("Past events" in page_text(r)) == has_past
                               else None)(get(path))) or get(path)
        t.status("GET " + path, rs, 200)
        txt = page_text(rs)
        t.check("%s: 'Past events' heading %s" % (
            path, "shown" if has_past else "not shown"),
            ("Past events" in txt) == has_past, txt[:200])
        titles = titles_of(rs)
        t.check("%s: the API's order" % path, titles == want, titles[:3])
    t.check("page 0 opens with the event begun yesterday, then today's",
            [i["slug"] for i in items[:2]] == ["evt-multi-day",
                                               "evt-all-day-today"],
            [i["slug"] for i in items[:2]])

    for path, want in (("/events?page=%d" % pages, 404),
                       ("/events?page=99999", 404),
                       ("/events?page=-1", 400), ("/events?page=x", 400),
                       ("/api/v1/events?page=%d" % pages, 404),
                       ("/api/v1/events?page=abc", 400)):
        t.status("GET %s" % path, get(path), want)


def none_upcoming():
    """With nothing to come, the first page says so."""
    rs = get("/events")
    txt = page_text(rs)
    t.check("/events with upcoming events: no 'no upcoming' note",
            "There are no upcoming events." not in txt, txt[:200])
    up = [i["slug"] for n in range(3) for i in json.loads(
        get("/api/v1/events?page=%d" % n).body or b"{}").get("items", [])
        if i["upcoming"]]
    ids = [r[0] for r in A.db_all(
        "SELECT id FROM entries WHERE kind = 'event' AND status ="
        " 'published' AND group_id IN (SELECT group_id FROM entries WHERE"
        " kind = 'event' AND slug IN (%s))" % ",".join("?" * len(up)), up)]
    marks = ",".join("?" * len(ids))
    A.db_exec("UPDATE entries SET status = 'draft' WHERE id IN (%s)" % marks,
              ids)
    try:
        rs = wait_for(lambda: (lambda r: r if "There are no upcoming"
                               in r.text else None)(get("/events")))
        rs = rs or get("/events")
        t.status("GET /events with nothing to come", rs, 200)
        txt = page_text(rs)
        t.check("/events: 'There are no upcoming events.'",
                "There are no upcoming events." in txt and
                "Past events" in txt, txt[:300])
        rs = wait_for(lambda: (lambda r: r if "Nincsenek közelgő"
                               in r.text else None)(get("/hu/events")))
        rs = rs or get("/hu/events")
        t.check("/hu/events: the same in Hungarian",
                "Nincsenek közelgő események." in page_text(rs),
                page_text(rs)[:300])
    finally:
        A.db_exec("UPDATE entries SET status = 'published' WHERE id IN"
                  " (%s)" % marks, ids)
        t.setup("the events to come are back", wait_for(
            lambda: "There are no upcoming" not in get("/events").text and
            "There are no upcoming" not in get("/hu/events").text))


def shapes():
    """An all-day event and a multi-day one, as pages and as .ics."""
    rs = get("/events/evt-all-day-today")
    t.status("GET /events/evt-all-day-today", rs, 200)
    txt = page_text(rs)
    t.check("all-day event: its day, no time",
            'class="event-time"' not in rs.text and
            "Szeged" in txt and re.search(
                r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, ", txt), txt[:300])
    cal, ev = get_ics("/events/evt-all-day-today.ics", "all-day .ics")
    d0, d1 = day(0).replace("-", ""), day(1).replace("-", "")
    t.check("all-day .ics: DTSTART;VALUE=DATE today",
            prop(ev, "DTSTART") == ("VALUE=DATE", d0), prop(ev, "DTSTART"))
    t.check("all-day .ics: DTEND;VALUE=DATE tomorrow (exclusive)",
            prop(ev, "DTEND") == ("VALUE=DATE", d1), prop(ev, "DTEND"))

    rs = get("/events/evt-multi-day")
    txt = page_text(rs)
    t.check("multi-day event: both days on its date line",
            re.search(r"day, \d+ \w+ \d{4} – \w+day, \d+ \w+ \d{4}", txt)
            is not None and "10:00–16:00" in txt, txt[:300])
    cal, ev = get_ics("/events/evt-multi-day.ics", "multi-day .ics")
    tz = "TZID=Europe/Budapest"
    t.check("multi-day .ics: DTSTART yesterday 10:00 in the site's zone",
            prop(ev, "DTSTART") == (tz, day(-1).replace("-", "") +
                                    "T100000"), prop(ev, "DTSTART"))
    t.check("multi-day .ics: DTEND tomorrow 16:00",
            prop(ev, "DTEND") == (tz, d1 + "T160000"), prop(ev, "DTEND"))


def ics():
    """The demo's past event and the hostile one, parsed back."""
    cal, ev = get_ics("/events/%s.ics" % PAST, "demo .ics")
    for name, want in (("VERSION", "2.0"),):
        t.check("demo .ics: %s:%s" % (name, want), prop(cal, name)[1] ==
                want, prop(cal, name))
    t.check("demo .ics: a PRODID", bool(prop(cal, "PRODID")[1]), "")
    tzs = comp(cal, "VTIMEZONE")
    t.check("demo .ics: the VTIMEZONE of Europe/Budapest",
            len(tzs) == 1 and prop(tzs[0], "TZID")[1] == "Europe/Budapest",
            tzs)
    group = A.db_one("SELECT group_id FROM entries WHERE slug = ?", (PAST,))
    host = urlsplit(S["base_url"]).hostname
    t.check("demo .ics: UID from the group and the host",
            prop(ev, "UID")[1] == "event-%d@%s" % (group, host),
            prop(ev, "UID"))
    t.check("demo .ics: DTSTAMP in UTC",
            re.match(r"^\d{8}T\d{6}Z$", prop(ev, "DTSTAMP")[1] or "") is
            not None, prop(ev, "DTSTAMP"))
    tz = "TZID=Europe/Budapest"
    t.check("demo .ics: DTSTART 2023-06-30 10:00 in the zone",
            prop(ev, "DTSTART") == (tz, "20230630T100000"),
            prop(ev, "DTSTART"))
    t.check("demo .ics: DTEND 16:00", prop(ev, "DTEND") ==
            (tz, "20230630T160000"), prop(ev, "DTEND"))
    t.check("demo .ics: summer time on its day (+0200)",
            offset_at(cal, "20230630T100000") == "+0200",
            offset_at(cal, "20230630T100000"))
    t.check("demo .ics: SUMMARY, LOCATION, DESCRIPTION",
            unescape(prop(ev, "SUMMARY")[1] or "") ==
            "Information Day for People from Ukraine in Záhony" and
            unescape(prop(ev, "LOCATION")[1] or "") == "Záhony" and
            unescape(prop(ev, "DESCRIPTION")[1] or "").startswith(
                "Counsellors from IOM and its partners"), ev["props"])
    t.check("demo .ics: URL absolute", prop(ev, "URL")[1] ==
            S["base_url"] + "/events/" + PAST, prop(ev, "URL"))
    rs1, rs2 = get("/events/%s.ics" % PAST), get("/events/%s.ics" % PAST)
    t.check("demo .ics: the same bytes twice (cacheable)",
            rs1.body == rs2.body and rs1.header("ETag"), "")

    cal, ev = get_ics("/hu/events/evt-summer.ics", "hostile .ics")
    t.check("hostile .ics: SUMMARY parsed back equals the title",
            unescape(prop(ev, "SUMMARY")[1] or "") == HOSTILE_TITLE,
            prop(ev, "SUMMARY"))
    t.check("hostile .ics: SUMMARY in Hungarian",
            prop(ev, "SUMMARY")[0] == "LANGUAGE=hu", prop(ev, "SUMMARY"))
    t.check("hostile .ics: the 200-character place parsed back",
            unescape(prop(ev, "LOCATION")[1] or "") == HOSTILE_PLACE,
            prop(ev, "LOCATION"))
    t.check("hostile .ics: commas and semicolons escaped",
            "\\," in (prop(ev, "SUMMARY")[1] or "") and
            "\\;" in (prop(ev, "SUMMARY")[1] or "") and
            "\\\\" in (prop(ev, "SUMMARY")[1] or ""), prop(ev, "SUMMARY"))
    t.check("hostile .ics: DTSTART in summer time (+0200)",
            prop(ev, "DTSTART")[1] == "20270715T100000" and
            offset_at(cal, "20270715T100000") == "+0200",
            (prop(ev, "DTSTART"), offset_at(cal, "20270715T100000")))
    rs = get("/hu/events/evt-summer")
    t.check("hostile event page: title and place escaped as text",
            HOSTILE_TITLE in page_text(rs) and
            HOSTILE_PLACE.strip() in page_text(rs), page_text(rs)[:300])
    cal, ev = get_ics("/events/evt-winter.ics", "winter .ics")
    t.check("winter .ics: DTSTART in winter time (+0100)",
            prop(ev, "DTSTART")[1] == "20270115T180000" and
            offset_at(cal, "20270115T180000") == "+0100",
            (prop(ev, "DTSTART"), offset_at(cal, "20270115T180000")))


def hidden():
    """Drafts and scheduled events: 404 as page, .ics and answer; an old
    slug: 301 to the current one."""
    for slug in ("evt-draft", "evt-scheduled", "evt-no-such"):
        for path in ("/events/%s" % slug, "/events/%s.ics" % slug,
                     "/api/v1/events/%s" % slug):
            t.status("GET %s: 404" % path, get(path), 404)
    for path in ("/events/x.ics.ics", "/events/.ics", "/events/Evt-Up-01",
                 "/events/%2e%2e.ics"):
        t.status("GET %s: 404" % path, get(path), (400, 404))
    for path, to in (("/events/evt-old-name", "/events/evt-renamed"),
                     ("/events/evt-old-name.ics", "/events/evt-renamed.ics"),
                     ("/api/v1/events/evt-old-name",
                      "/api/v1/events/evt-renamed")):
        rs = get(path)
        t.status("GET %s: 301" % path, rs, 301)
        t.check("GET %s: to %s" % (path, to), A.location(rs) == to,
                describe(rs))


def bad_fields():
    """An event whose fields are no JSON object (written with the sqlite3
    shell): read as empty, so the lists and the answer still answer and
    its page too; its .ics is 404, having no day."""
    fields = A.db_one("SELECT fields FROM entries WHERE kind = 'event' AND"
                      " slug = 'evt-winter'")
    for bad in ("[]", "not json"):
        A.db_exec("UPDATE entries SET fields = ? WHERE kind = 'event' AND"
                  " slug = 'evt-winter'", (bad,))
        # Its place, Debrecen, is in its fields only; and its .ics
        # answers no calendar, as every thread of the server sees it.
        wait_for(lambda: all(
            "Debrecen" not in get("/events/evt-winter").text and
            get("/events/evt-winter.ics").status != 200
            for _ in range(8)))
        for path in ("/events", "/api/v1/events", "/events?page=1"):
            t.status("fields %r: GET %s" % (bad, path), get(path), 200)
        for path in ("/events/evt-winter", "/api/v1/events/evt-winter"):
            t.status("fields %r: GET %s" % (bad, path), get(path), 200)
        # Waited for, not read once: behind nginx another fcgi process
        # may still hold the page from before the change for a moment.
        t.check("fields %r: its .ics, with no day, 404" % bad,
                wait_for(lambda: get("/events/evt-winter.ics").status
                         == 404), "never 404")
        A.db_exec("UPDATE entries SET fields = ? WHERE kind = 'event' AND"
                  " slug = 'evt-winter'", (fields,))
        t.setup("fields restored", wait_for(lambda: all(
            "Debrecen" in get("/events/evt-winter").text and
            get("/events/evt-winter.ics").status == 200
            for _ in range(8))))


def conf_base_url(conf, base):
    with open(conf) as f:
        m = re.search(r"^base_url\s*=\s*(\S+)", f.read(), re.M)
    return (m.group(1) if m else base).rstrip("/")


def main():
    if not A.start("events.py"):
        return 2
    S["base_url"] = conf_base_url(A.CONF, A.BASE)
    S["anon"] = A.Agent()
    A.section(demo)
    A.section(set_up)
    for fn in (listing, none_upcoming, shapes, ics, hidden, bad_fields):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

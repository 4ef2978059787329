#!/usr/bin/env python3
"""languages.py: the bilingual public site over whichever transport BASE_URL
is, on the demo content (English, and Hungarian under /hu/ with the
Migrants Day statement in English only).

Every page names its language (<html lang>, Content-Language), links to
itself as canonical and to its versions with hreflang plus x-default, and
has a language switcher leading to the same item in each other language.
An item with no Hungarian version is shown under /hu/ in the Hungarian
layout with its English text marked lang="en" and a notice; one that has a
version is reached through its own slug, and another version's slug sends
the reader there. Dates follow each language's rules. A miss under /hu/,
however deep, shows the Hungarian site. With --extra uk,ar the server also
has Ukrainian and Arabic: /uk/ has the Ukrainian interface and /ar/ is
right to left.

usage: languages.py BASE_URL [--extra CODES]
Prints "ok - ..." / "FAIL - ...: ..." lines, then "N passed, N failed";
exits 1 on any failure. Python 3 standard library only.
"""

import html
import os
import re
import sys

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import Checks, Client, describe  # noqa

STATEMENT = ("/news/international-migrants-day-statement-iom-director-"
             "general-antonio-vitorino-harnessing-potential-human-mobility")
COVID_EN = ("/news/covid-19-vaccination-campaign-reaches-migrant-"
            "communities-hungary")
COVID_HU = ("/hu/news/a-covid-19-elleni-oltasi-kampany-eljut-a-"
            "magyarorszagi-migrans-kozossegekhez")
MENU_HU = ["Kik vagyunk", "Munkánk", "Adat és források", "Cselekedj!",
           "2030 Agenda"]


def tag(page, name, attr, value):
    """The start tags <name ...> of page whose attr is value."""
    out = []
    for m in re.finditer(r"<%s\b[^>]*>" % name, page):
        a = re.search(r'\s%s="([^"]*)"' % attr, m.group(0))
        if a and html.unescape(a.group(1)) == value:
            out.append(m.group(0))
    return out


def attr(start_tag, name):
    """Attribute name of a start tag, unescaped, or None."""
    a = re.search(r'\s%s="([^"]*)"' % name, start_tag or "")
    return html.unescape(a.group(1)) if a else None


def alternates(page):
    """{hreflang: href} of the page's alternate links to its languages
    (the feed's alternate link has no hreflang)."""
    return {attr(t, "hreflang"): attr(t, "href")
            for t in tag(page, "link", "rel", "alternate")
            if attr(t, "hreflang") is not None}


def canonical(page):
    return [attr(t, "href") for t in tag(page, "link", "rel", "canonical")]


def html_attr(page, name):
    m = re.search(r"<html\b[^>]*>", page)
    return attr(m.group(0), name) if m else None


def switcher(page):
    """{hreflang: href} of the language switcher's links, and its label."""
    m = re.search(r'<nav class="lang-switch"([^>]*)>(.*?)</nav>', page,
                  re.S)
    if not m:
        return None, {}
    links = {attr(t, "hreflang"): attr(t, "href")
             for t in re.findall(r"<a\b[^>]*>", m.group(2))}
    return attr("<x" + m.group(1) + ">", "aria-label"), links


def menu_labels(page):
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in
            re.findall(r'<a class="menu-label"[^>]*>(.*?)</a>', page, re.S)]


def common(t, c, base, path, lang, canon=None):
    """What every public page in lang says of its languages; the page.
    canon: its canonical path when it stands in for a missing version
    (the shown version's own), else path."""
    rs = c.get(path)
    if not t.status("%s: 200" % path, rs, 200):
        return None
    page = rs.text
    t.check("%s: Content-Language %s" % (path, lang),
            rs.header("content-language") == lang,
            rs.header("content-language"))
    t.check("%s: <html lang=%s>" % (path, lang),
            html_attr(page, "lang") == lang, html_attr(page, "lang"))
    t.check("%s: one canonical link, to %s" % (path, canon or "itself"),
            canonical(page) == [base + (canon or path)], canonical(page))
    xdef = [attr(x, "href") for x in tag(page, "link", "rel", "alternate")
            if attr(x, "hreflang") == "x-default"]
    t.check("%s: one x-default alternate" % path, len(xdef) == 1, xdef)
    label, links = switcher(page)
    t.check("%s: the language switcher is a labelled nav" % path,
            label and links, label)
    return page


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and
                                       sys.argv[2] != "--extra"):
        sys.exit("usage: languages.py BASE_URL [--extra CODES]")
    base = sys.argv[1].rstrip("/")
    extra = sys.argv[3].split(",") if len(sys.argv) == 4 else []
    c = Client(base)
    t = Checks()
    try:
        run(t, c, base, extra)
    except Exception as e:      # a crash is a failure, never a pass
        t.crashed("languages", e)
    return t.finish()


def run(t, c, base, extra):
    # The home pages.
    page = common(t, c, base, "/", "en")
    if page:
        alt = alternates(page)
        t.check("/: alternates en, hu and x-default",
                alt.get("en") == base + "/" and
                alt.get("hu") == base + "/hu" and
                alt.get("x-default") == base + "/", alt)
        t.check("/: the switcher leads to /hu",
                switcher(page)[1].get("hu") == "/hu", switcher(page))
    page = common(t, c, base, "/hu", "hu")
    if page:
        t.check("/hu: the Hungarian site name, not marked",
                re.search(r'<a class="site-name" href="/hu">.*?'
                          r'<span>IOM Magyarország</span>', page, re.S),
                describe(c.responses[-1]))
        t.check("/hu: the Hungarian menu", menu_labels(page)[:5] ==
                MENU_HU, menu_labels(page))
        t.check("/hu: no menu label marked as English",
                'class="menu-label" href="/hu/who-we-are" lang="en"'
                not in page and not re.search(
                    r'class="menu-label"[^>]*lang="en"', page))
        t.check("/hu: the Hungarian interface (skip link)",
                "Ugrás a tartalomra" in page)
        t.check("/hu: the switcher leads to /",
                switcher(page)[1].get("en") == "/", switcher(page))
    rs = c.get("/hu/")
    t.check("/hu/: 301 to /hu", rs.status == 301 and
            (rs.header("location") or "").endswith("/hu"), describe(rs))

    # The statement, English only: marked under /hu/.
    page = common(t, c, base, STATEMENT, "en")
    if page:
        t.check("statement: 17 December 2021", "17 December 2021" in page)
        t.check("statement: not marked as foreign",
                'class="lang-notice"' not in page)
    hu_statement = "/hu" + STATEMENT
    # A stand-in: search engines are sent to the English version, which
    # the sitemap lists.
    page = common(t, c, base, hu_statement, "hu", STATEMENT)
    if page:
        t.check("/hu statement: the body marked lang=\"en\"",
                re.search(r'<div class="prose" lang="en">\s*<p>Geneva '
                          r'\u2013 International Migrants Day', page),
                "no marked body")
        t.check("/hu statement: the title marked lang=\"en\"",
                re.search(r'<h1 lang="en">International Migrants Day', page))
        notice = re.search(r'<p class="lang-notice"[^>]*>(.*?)</p>', page,
                           re.S)
        t.check("/hu statement: a Hungarian notice names English",
                notice and "angol" in notice.group(1) and
                "lang=" not in notice.group(0),
                notice.group(0) if notice else "no notice")
        t.check("/hu statement: the date in Hungarian",
                "2021. december 17." in page)
        alt = alternates(page)
        t.check("/hu statement: alternates only its English version",
                alt == {"en": base + STATEMENT,
                        "x-default": base + STATEMENT}, alt)
        t.check("/hu statement: the switcher leads to the English page",
                switcher(page)[1].get("en") == STATEMENT, switcher(page))
        t.check("/hu statement: the site name leads to /hu",
                '<a class="site-name" href="/hu">' in page)

    # A release with a Hungarian version.
    rs = c.get("/hu" + COVID_EN)
    t.check("/hu + English slug: 301 to the Hungarian version",
            rs.status == 301 and
            (rs.header("location") or "").endswith(COVID_HU), describe(rs))
    rs = c.get(COVID_HU.replace("/hu", "", 1))
    t.check("Hungarian slug in English: 301 to the English version",
            rs.status == 301 and
            (rs.header("location") or "").endswith(COVID_EN), describe(rs))
    page = common(t, c, base, COVID_HU, "hu")
    if page:
        t.check("Hungarian release: nothing marked as English",
                'class="lang-notice"' not in page and
                '<div class="prose" lang=' not in page)
        alt = alternates(page)
        t.check("Hungarian release: alternates hu, en and x-default",
                alt == {"hu": base + COVID_HU, "en": base + COVID_EN,
                        "x-default": base + COVID_EN}, alt)
        t.check("Hungarian release: the switcher leads to the English slug",
                switcher(page)[1].get("en") == COVID_EN, switcher(page))

    # The lists: Hungarian versions where they exist, English ones marked.
    page = common(t, c, base, "/hu/news", "hu")
    older = c.get("/hu/news?page=1").text
    if page:
        t.check("/hu/news: a Hungarian version listed, unmarked",
                re.search(r'<a href="%s">' % re.escape(COVID_HU),
                          page + older))
        t.check("/hu/news: no English version of it",
                COVID_EN not in page + older)
        marked = re.findall(r'<a href="/hu/news/[^"]+" lang="en">', page)
        notes = re.findall(r'<p class="lang-note">', page)
        t.check("/hu/news: English-only releases marked, each with a note",
                marked and len(marked) == len(notes),
                "%d marked, %d notes" % (len(marked), len(notes)))
    page = common(t, c, base, "/news?page=1", "en")
    if page:
        t.check("/news?page=1: canonical keeps the page",
                canonical(page) == [base + "/news?page=1"], canonical(page))

    # Pages.
    rs = c.get("/hu/about")
    t.check("/hu/about: 301 to /hu/rolunk", rs.status == 301 and
            (rs.header("location") or "").endswith("/hu/rolunk"),
            describe(rs))
    page = common(t, c, base, "/hu/rolunk", "hu")
    if page:
        t.check("/hu/rolunk: the Hungarian page", "<h1>Rólunk</h1>" in page)

    # Misses keep the language's own site, however deep.
    for path in ("/hu/nope", "/hu/a/b/c", "/hu/news/nope/x"):
        rs = c.get(path)
        page = rs.text
        t.check("%s: 404 in the Hungarian site" % path,
                rs.status == 404 and html_attr(page, "lang") == "hu" and
                "IOM Magyarország" in page and
                menu_labels(page)[:5] == MENU_HU, describe(rs))
    rs = c.get("/a/b/c")
    t.check("/a/b/c: 404 in the English site",
            rs.status == 404 and html_attr(rs.text, "lang") == "en" and
            "IOM Hungary" in rs.text and "Who We Are" in rs.text,
            describe(rs))
    # Refused before its path is read (an escaped control byte): the
    # error page is still in the language its target names.
    for path, lang in (("/hu/news%01", "hu"), ("/news%01", "en"),
                       ("/hu%01/news", "en")):
        rs = c.get(path)
        t.check("%s: 400 in %s" % (path, lang), rs.status == 400 and
                html_attr(rs.text, "lang") == lang, describe(rs))

    if "uk" in extra:
        page = common(t, c, base, "/uk" + STATEMENT, "uk", STATEMENT)
        if page:
            t.check("/uk statement: the English body marked",
                    '<div class="prose" lang="en">' in page)
            t.check("/uk statement: the date in Ukrainian",
                    "17 грудня 2021" in page)
            t.check("/uk: the Ukrainian interface (skip link)",
                    "Перейти до основного вмісту" in page or
                    "Перейти до вмісту" in page)
            t.check("/uk: not right to left", html_attr(page, "dir") in
                    (None, "ltr"), html_attr(page, "dir"))
    if "ar" in extra:
        page = common(t, c, base, "/ar", "ar")
        if page:
            t.check("/ar: dir=\"rtl\"", html_attr(page, "dir") == "rtl",
                    html_attr(page, "dir"))
        page = common(t, c, base, "/", "en")
        if page:
            t.check("/: no dir=\"rtl\"", html_attr(page, "dir") != "rtl")


    descriptions(t, c)


# Each public page type, and the sign-in page, in each language, with its
# status: Lighthouse's SEO audit wants one non-empty meta description.
DESCRIBED = (("/", 200), ("/hu", 200), ("/news", 200), ("/hu/news", 200),
             ("/about", 200), ("/hu/rolunk", 200),
             ("/who-we-are", 200), (STATEMENT, 200), ("/hu" + STATEMENT, 200),
             ("/no-such-page", 404), ("/hu/no-such-page", 404),
             ("/admin/login", 200))


def descriptions(t, c):
    for path, status in DESCRIBED:
        rs = c.get(path)
        if not t.status("%s: %d" % (path, status), rs, status):
            continue
        found = re.findall(r'<meta name="description" content="([^"]*)">',
                           rs.text)
        t.check("%s: one non-empty meta description" % path,
                len(found) == 1 and found[0].strip(), found)


if __name__ == "__main__":
    sys.exit(main())

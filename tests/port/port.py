#!/usr/bin/env python3
"""port.py WAYPOINT TMP: `waypoint export` and `waypoint import`
(docs/import-export.md).

An export imported into an empty database exports byte-identical, on the
demo content and on a rich database (translations, entries with fields,
menu texts, redirects, revisions, media with their files); importing a
file again changes nothing; each bad line is named FILE:LINE: FIELD and
leaves the database as it was; a file's ids already taken are mapped to
new ones, with every reference following; FILE "-" reads stdin and writes
stdout; the progress line shows on a terminal only. Prints "ok - NAME" or
"FAIL - NAME: why" for each case and ends with "port: N passed, N
failed"."""
import hashlib
import json
import os
import pty
import select
import sqlite3
import stat
import subprocess
import sys

WAYPOINT, TMP = sys.argv[1], sys.argv[2]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
passed = failed = 0
HEADER = {"waypoint": "export", "version": 1}


def result(ok, name, why=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("FAIL - %s: %s" % (name, why))
    sys.stdout.flush()


def site(name):
    """A configuration (en and hu) whose database does not exist yet."""
    d = os.path.join(TMP, name)
    os.makedirs(os.path.join(d, "media"), exist_ok=True)
    conf = os.path.join(d, "c.conf")
    with open(conf, "w") as f:
        f.write("[site]\nlanguages = en hu\n[paths]\n"
                "database = %s/waypoint.db\nmedia = %s/media\n"
                "templates = %s/www/templates\nstatic = %s/www/static\n"
                % (d, d, REPO, REPO))
    return conf


def wp(conf, *args, stdin=None):
    return subprocess.run([WAYPOINT, "--config", conf] + list(args),
                          input=stdin, capture_output=True)


def init(conf, empty=False):
    r = wp(conf, "db", "init", *(["--empty"] if empty else []))
    if r.returncode != 0:
        raise SystemExit("db init: " + r.stderr.decode())


def export(conf, *extra):
    r = wp(conf, "export", "-", *extra)
    if r.returncode != 0:
        raise SystemExit("export: " + r.stderr.decode())
    return r.stdout


def sql(conf, text):
    db = os.path.join(os.path.dirname(conf), "waypoint.db")
    subprocess.run(["sqlite3", db, text], check=True)


def rows(conf, text):
    """What the sqlite3 shell prints for text over conf's database, split
    at white space."""
    db = os.path.join(os.path.dirname(conf), "waypoint.db")
    return subprocess.run(["sqlite3", db, text], capture_output=True,
                          text=True).stdout.split()


def import_objs(conf, objs):
    """`waypoint import -` of objs (a header first), one line each."""
    return wp(conf, "import", "-", stdin=("\n".join(
        json.dumps(o, ensure_ascii=False) for o in objs) + "\n").encode())


def round_trip(name, conf, *extra):
    """conf's export, imported into an empty database, exported again."""
    first = export(conf, *extra)
    path = os.path.join(TMP, name + ".jsonl")
    with open(path, "wb") as f:
        f.write(first)
    other = site(name + "-copy")
    init(other, empty=True)
    if extra:
        # The media files travel beside the file (the docs' steps).
        src = os.path.join(os.path.dirname(conf), "media")
        for fn in os.listdir(src):
            with open(os.path.join(src, fn), "rb") as a, \
                    open(os.path.join(os.path.dirname(other), "media",
                                      fn), "wb") as b:
                b.write(a.read())
    r = wp(other, "import", path)
    if r.returncode != 0:
        result(False, name + ": the export imports",
               r.stderr.decode()[-500:])
        return None, None
    second = export(other, *extra)
    result(first == second, name + ": export, import into an empty "
           "database, export: byte-identical",
           first_difference(first, second))
    return first, other


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a.split(b"\n"), b.split(b"\n"))):
        if x != y:
            return "line %d:\n  %s\n  %s" % (i + 1, x[:300], y[:300])
    return "lengths %d, %d" % (len(a), len(b))


def media_file(conf, content, suffix, ext):
    h = hashlib.sha256(content).hexdigest()
    with open(os.path.join(os.path.dirname(conf), "media",
                           h + suffix + "." + ext), "wb") as f:
        f.write(content)
    return h


def rich(conf):
    """The demo content and what an office adds: media with texts and
    variants (files present), a release showing it, a redirect, revisions,
    menu texts."""
    h = media_file(conf, b"a photo", "", "jpg")
    with open(os.path.join(os.path.dirname(conf), "media",
                           h + "-320.webp"), "wb") as f:
        f.write(b"a photo, smaller")
    d = media_file(conf, b"%PDF-1.4 report", "", "pdf")
    sql(conf, """
INSERT INTO media (id, type, hash, bytes, width, height, filename, title,
    credit, decorative, version, created_at, updated_at)
VALUES (1, 'jpeg', '%s', 7, 640, 480, 'photo.jpg', 'A photo', '© IOM',
    0, 2, 1700000000, 1700000100),
    (2, 'pdf', '%s', 15, 0, 0, 'report.pdf', 'Report', '', 0, 1,
    1700000000, 1700000000);
INSERT INTO media_variants VALUES (1, 'webp', 320, 240, 16);
INSERT INTO media_text VALUES (1, 'en', 'Volunteers at a desk', 'Budapest'),
    (1, 'hu', 'Önkéntesek', 'Budapest, 2023');
UPDATE news SET body_md = body_md || char(10) || char(10) ||
    '![Volunteers](media:1)' || char(10) || char(10) ||
    '[The report](media:2)', lead_media = 1
    WHERE id = (SELECT min(id) FROM news WHERE lang = 'en');
INSERT INTO media_uses VALUES (1, 'news',
    (SELECT min(id) FROM news WHERE lang = 'en'), 'lead');
INSERT INTO redirects VALUES ('en', 'news', 'an-old-address',
    (SELECT min(id) FROM news WHERE lang = 'en'));
INSERT INTO revisions (kind, item_id, version, data, username, created_at)
    SELECT 'news', id, 1, json_object('title', title, 'slug', slug,
    'body', body_md, 'action', 'create'), 'maria', 1700000000
    FROM news ORDER BY id LIMIT 3;
""" % (h, d))


def project(slug, fields):
    """A draft project's line with fields (None: no "fields" key)."""
    o = {"type": "project", "lang": "en", "slug": slug, "title": "P",
         "pub_date": "2020-01-01", "status": "draft"}
    if fields is not None:
        o["fields"] = fields
    return json.dumps(o)


def menu_line(texts):
    """A top menu item's line (English, to the news) with texts."""
    return json.dumps({"type": "menu", "id": 1, "target": "news",
                       "lang": "en", "label": "X", "texts": texts})


def bad_lines(conf):
    """Each bad line: its number and field on stderr, exit 1, nothing
    changed."""
    before = export(conf, "--revisions")
    good = {"type": "news", "lang": "en", "slug": "r-000001",
            "title": "A release", "dateline": "Budapest",
            "pub_date": "2009-03-14", "summary": "In short.",
            "body_md": "Some *words*.", "status": "published"}

    def line(**kw):
        o = dict(good)
        o.update(kw)
        return json.dumps({k: v for k, v in o.items() if v is not None},
                          ensure_ascii=False)

    head = json.dumps({"waypoint": "export", "version": 1})
    second = line(slug="r-000000")
    news_id = int(rows(conf, "SELECT min(id) FROM news")[0])
    cases = [
        ("bad JSON", '{"type":"news","lang":', "json"),
        ("unknown type", line(type="blog"), "type"),
        ("type not first", json.dumps({"lang": "en", "type": "news"}),
         "type"),
        ("missing required field", line(title=None), "title"),
        ("bad lang", line(lang="fr"), "lang"),
        ("bad slug", line(slug="Not a slug!"), "slug"),
        ("duplicate slug within the file", line(slug="r-000000"), "slug"),
        ("reference to a missing media item",
         line(body_md="![x](media:999)"), "body_md"),
        ("missing lead image", line(lead_media=999), "lead_media"),
        ("bad pub_date", line(pub_date="2009-13-45"), "pub_date"),
        # The search index keeps 37 bits of an item's id.
        ("id past 100,000,000,000", line(id=100000000001), "id"),
        ("over-long title", line(title="x" * 301), "title"),
        # The admin forms' limits (their tables are the import's).
        ("over-long summary", line(summary="é" * 1001), "summary"),
        ("over-long dateline", line(dateline="x" * 101), "dateline"),
        ("over-long tagline",
         json.dumps({"type": "setting", "lang": "en", "key": "tagline",
                     "value": "x" * 201}), "value"),
        ("over-long menu label",
         json.dumps({"type": "menu", "id": 1, "target": "news",
                     "lang": "en", "label": "x" * 101}), "label"),
        ("unknown key", line(colour="red"), "colour"),
        ("a number where text goes", line(summary=5), "summary"),
        ("reserved slug", line(slug="feed"), "slug"),
        ("bad status", line(status="live"), "status"),
        ("entry field out of its rules",
         json.dumps({"type": "project", "lang": "en", "slug": "p-1",
                     "title": "P", "pub_date": "2020-01-01",
                     "status": "draft", "fields": {
                         "start_date": "2020-05-01",
                         "end_date": "2019-01-01"}}), "fields.end_date"),
        ("a project with no fields: its required start date",
         project("p-2", None), "fields.start_date"),
        # A budget is kept in hundredths, as the export writes it.
        ("a budget past 10^15 hundredths",
         project("p-7", {"start_date": "2020-05-01", "currency": "EUR",
                         "budget": "1000000000000001"}), "fields.budget",
         'at most "1000000000000000"'),
        ("a budget with a decimal point",
         project("p-8", {"start_date": "2020-05-01", "currency": "EUR",
                         "budget": "770.5"}), "fields.budget",
         "a whole number of hundredths"),
        ("a budget with a leading zero",
         project("p-9", {"start_date": "2020-05-01", "currency": "EUR",
                         "budget": "0770"}), "fields.budget"),
        ("a NUL in a field's text",
         project("p-3", {"start_date": "2020-05-01", "code": "a\u0000b"}),
         "fields.code"),
        ("a number where a field's text goes",
         project("p-4", {"start_date": "2020-05-01", "code": 12345}),
         "fields.code"),
        ("donors not an array",
         project("p-5", {"start_date": "2020-05-01", "donors": "EU"}),
         "fields.donors"),
        ("a donor of two lines",
         project("p-6", {"start_date": "2020-05-01", "donors": ["A\nB"]}),
         "fields.donors"),
        ("a document's title not a string",
         json.dumps({"type": "publication", "lang": "en", "slug": "u-1",
                     "title": "U", "pub_date": "2020-01-01",
                     "status": "draft", "fields": {"documents": [
                         {"title": 5, "url": "https://example.org/a.pdf",
                          "lang": "en"}]}}), "fields.documents"),
        ("a document's name with spaces",
         json.dumps({"type": "media", "id": 7, "file_type": "pdf",
                     "hash": hashlib.sha256(b"%PDF-1.4 report")
                     .hexdigest(), "bytes": 15,
                     "filename": "Annual Report 2024.pdf"}), "filename"),
        ("a document's address of another kind",
         json.dumps({"type": "publication", "lang": "en", "slug": "u-2",
                     "title": "U", "pub_date": "2020-01-01",
                     "status": "draft", "fields": {
                         "type": "report", "documents": [
                             {"title": "A", "url": "ftp://example.org/a",
                              "lang": "en"}]}}), "fields.documents"),
        ("a time the clocks skip (Budapest, 2024-03-31)",
         line(pub_date="2024-03-31", pub_time="02:30"), "pub_time"),
        ("media file missing from the folder",
         json.dumps({"type": "media", "id": 7, "file_type": "jpeg",
                     "hash": "ab" * 32, "bytes": 1}), "hash"),
        ("menu text in a language the site has not",
         menu_line([{"lang": "fr", "label": "Y"}]), "texts.lang"),
        ("menu text given twice in a language",
         menu_line([{"lang": "hu", "label": "Y"},
                    {"lang": "hu", "label": "Z"}]), "texts.lang"),
        ("menu text with a key it has not",
         menu_line([{"lang": "hu", "label": "Y", "colour": "red"}]),
         "texts.colour"),
        ("media variant of no height",
         json.dumps({"type": "media", "id": 7, "file_type": "jpeg",
                     "hash": hashlib.sha256(b"a photo").hexdigest(),
                     "bytes": 7, "width": 640, "height": 480,
                     "variants": [{"format": "webp", "width": 320,
                                   "height": 0, "bytes": 16}]}),
         "variants.height"),
        ("menu page that is no line's nor the database's",
         json.dumps({"type": "menu", "id": 1, "target": "page",
                     "page": 9999, "lang": "en", "label": "X"}), "page"),
        # The editors' form reads 18 digits: a version it could not read
        # would make the item one no one can save.
        ("a version past 999,999,999,999,999",
         line(version=2 ** 63 - 1), "version"),
        ("a time past 9999", line(created_at=4611686018427387904),
         "created_at"),
        ("an update time past 9999", line(updated_at=4102444800000),
         "updated_at"),
        ("menu text in the line's own language",
         menu_line([{"lang": "en", "label": "Y"}]), "texts.lang"),
        ("a revision's username with an escape character",
         json.dumps({"type": "revision", "kind": "news", "item": news_id,
                     "version": 1, "username": "a\u001b[2Jb",
                     "created_at": 1700000000, "data": "{}"}),
         "username"),
    ]
    path = os.path.join(TMP, "bad.jsonl")
    # A case's further words are ones its message must say.
    for name, bad, field, *words in cases:
        with open(path, "w") as f:
            f.write(head + "\n" + second + "\n" + bad + "\n" +
                    line(slug="r-000002") + "\n")
        r = wp(conf, "import", path)
        err = r.stderr.decode()
        want = "%s:3: %s: " % (path, field)
        ok = r.returncode == 1 and want in err and \
            all(w in err for w in words)
        result(ok, "bad line: %s: %s" % (name, want.split(" ", 1)[1]),
               "exit %d, stderr: %s" % (r.returncode, err[-400:]))
    # A byte order mark at the start is read past (RFC 8259 allows it);
    # an empty line, a folder and a media variant given twice are said
    # as such.
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + json.dumps(HEADER).encode() + b"\n")
    r = wp(conf, "import", path)
    result(r.returncode == 0, "a file that starts with a byte order mark "
           "imports", r.stderr.decode()[-300:])
    with open(path, "w") as f:
        f.write(head + "\n" + second + "\n\n")
    r = wp(conf, "import", path)
    result(r.returncode == 1 and ("%s:3: json: the line is empty" % path)
           .encode() in r.stderr, "an empty line: said so, at its number",
           r.stderr.decode()[-300:])
    r = wp(conf, "import", TMP)
    result(r.returncode == 1 and b"a folder" in r.stderr,
           "a folder for FILE: said so", r.stderr.decode()[-300:])
    h = media_file(conf, b"a photo twice", "", "jpg")
    with open(os.path.join(os.path.dirname(conf), "media",
                           h + "-320.webp"), "wb") as f:
        f.write(b"smaller")
    variant = {"format": "webp", "width": 320, "height": 240, "bytes": 7}
    with open(path, "w") as f:
        f.write(head + "\n" + json.dumps(
            {"type": "media", "id": 7, "file_type": "jpeg", "hash": h,
             "bytes": 13, "width": 640, "height": 480,
             "variants": [variant, variant]}) + "\n")
    r = wp(conf, "import", path)
    result(r.returncode == 1 and ("%s:2: variants: webp 320 pixels wide is "
                                  "given twice" % path).encode()
           in r.stderr, "a media variant given twice: said so",
           r.stderr.decode()[-300:])
    # One address, one redirect: a second line for it is refused.
    redirect = {"type": "redirect", "kind": "news", "lang": "en",
                "old_slug": "gone-away", "target": news_id}
    with open(path, "w") as f:
        f.write(head + "\n" + json.dumps(redirect) + "\n" +
                json.dumps(redirect) + "\n")
    r = wp(conf, "import", path)
    result(r.returncode == 1 and ("%s:3: old_slug: line 2 gives this "
                                  "address already" % path).encode()
           in r.stderr, "the same redirect twice: refused at the second",
           r.stderr.decode()[-300:])
    # A line without end is refused once past 64 MiB, not read whole
    # into memory first (a stream of gigabytes would be).
    r = wp(conf, "import", "-", stdin=(json.dumps(HEADER) + "\n" +
                                      "x" * (80 << 20)).encode())
    want = "-:2: json: the line is longer than 64 MiB"
    result(r.returncode == 1 and want.encode() in r.stderr,
           "a line past 64 MiB: refused as one", r.stderr.decode()[-300:])
    # The header is as strict as the lines.
    for name, bad, field in (
            ("an unknown key", {"colour": "red"}, "colour"),
            ("revisions not true or false", {"revisions": "yes"},
             "revisions"),
            ("a schema not a number", {"schema": "x"}, "schema")):
        with open(path, "w") as f:
            f.write(json.dumps(dict(HEADER, **bad)) + "\n" + second + "\n")
        r = wp(conf, "import", path)
        want = "%s:1: %s: " % (path, field)
        result(r.returncode == 1 and want in r.stderr.decode(),
               "bad header: %s: %s" % (name, want.split(" ", 1)[1]),
               "exit %d, stderr: %s" % (r.returncode,
                                        r.stderr.decode()[-400:]))
    result(export(conf, "--revisions") == before,
           "bad lines: the database is as it was")
    # At the forms' limits, in characters, a line is taken.
    with open(path, "w") as f:
        f.write(head + "\n" + line(title="é" * 300, summary="x" * 1000,
                                   dateline="ő" * 100) + "\n" +
                json.dumps({"type": "setting", "lang": "en",
                            "key": "tagline", "value": "x" * 200}) + "\n" +
                json.dumps({"type": "menu", "id": 1, "target": "news",
                            "lang": "en", "label": "x" * 100,
                            "description": "x" * 500}) + "\n")
    r = wp(conf, "import", path)
    result(r.returncode == 0, "limits: a line at the admin forms' limits "
           "is imported", r.stderr.decode()[-400:])


def existing_ids(conf):
    """A file whose ids are taken: new ids, references mapped."""
    lines = [
        {"waypoint": "export", "version": 1},
        {"type": "page", "id": 1, "group": 1, "lang": "en",
         "slug": "moved-page", "title": "Moved", "summary": "",
         "body_md": "Text.", "status": "published",
         "pub_date": "2020-01-01"},
        {"type": "page", "id": 2, "group": 1, "lang": "hu",
         "slug": "athelyezett", "title": "Áthelyezett", "summary": "",
         "body_md": "Szöveg.", "status": "published",
         "pub_date": "2020-01-01", "source": 1},
        {"type": "menu", "id": 1, "position": 0, "target": "page",
         "page": 2, "lang": "hu", "label": "Áthelyezett",
         "texts": [{"lang": "en", "label": "Moved"}]},
        {"type": "redirect", "kind": "page", "lang": "en",
         "old_slug": "old-moved", "target": 1},
    ]
    path = os.path.join(TMP, "ids.jsonl")
    with open(path, "w") as f:
        for o in lines:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    before = export(conf)
    r = wp(conf, "import", path)
    if r.returncode != 0:
        result(False, "ids taken: the file imports", r.stderr.decode())
        return
    db = os.path.join(os.path.dirname(conf), "waypoint.db")
    q = lambda s: subprocess.run(["sqlite3", db, s], capture_output=True,
                                 text=True).stdout.strip()
    en = q("SELECT id || ' ' || group_id FROM pages WHERE slug = "
           "'moved-page'").split()
    hu = q("SELECT id || ' ' || group_id || ' ' || source_id FROM pages "
           "WHERE slug = 'athelyezett'").split()
    result(len(en) == 2 and en[0] != "1" and en[1] == en[0],
           "ids taken: a new id, its own group", str(en))
    result(len(hu) == 3 and hu[1] == en[0] and hu[2] == en[0],
           "ids taken: the translation joins the mapped group and source",
           "%s %s" % (hu, en))
    result(q("SELECT page_id FROM menu_items") == hu[0] if hu else False,
           "ids taken: the menu item names the mapped page",
           q("SELECT page_id FROM menu_items"))
    result(q("SELECT target_id FROM redirects WHERE old_slug = "
             "'old-moved'") == en[0], "ids taken: the redirect follows")
    old = [l for l in before.split(b"\n") if b'"type":"page"' in l]
    now = export(conf)
    result(all(l in now for l in old),
           "ids taken: the pages there before are unchanged")


def ids_kept():
    """Free ids are kept, gaps included, and a group follows its first
    version's id."""
    conf = site("gaps")
    init(conf, empty=True)
    head = json.dumps({"waypoint": "export", "version": 1})
    en = {"type": "news", "id": 7, "group": 7, "lang": "en", "slug": "a",
          "title": "A", "pub_date": "2020-01-01", "status": "published"}
    hu = dict(en, id=9, lang="hu", slug="b", source=7)
    text = "\n".join([head] + [json.dumps(o) for o in (en, hu)]) + "\n"
    r = wp(conf, "import", "-", stdin=text.encode())
    out = [json.loads(l) for l in export(conf).split(b"\n")[1:] if l]
    got = [(o["id"], o["group"], o.get("source")) for o in out]
    result(r.returncode == 0 and got == [(7, 7, None), (9, 7, 7)],
           "free ids are kept with their gaps, the group and source "
           "follow", "%s %s" % (got, r.stderr.decode()[-200:]))


def translation_first():
    """A group whose first version has a higher id than a translation
    (the export lists the translation first, by id) keeps its numbers:
    the version whose id is the group's number joins it, not a new
    group."""
    conf = site("first")
    init(conf, empty=True)
    hu = {"type": "news", "id": 6, "group": 11, "lang": "hu", "slug": "hat",
          "title": "Hat", "pub_date": "2020-01-01", "status": "published"}
    en = dict(hu, id=11, lang="en", slug="eleven", title="Eleven")
    r = import_objs(conf, [HEADER, hu, en])
    out = [json.loads(ln) for ln in export(conf).split(b"\n")[1:] if ln]
    got = [(o["id"], o["group"], o["lang"]) for o in out]
    result(r.returncode == 0 and got == [(6, 11, "hu"), (11, 11, "en")],
           "a translation before its group's first version: the numbers "
           "kept, one group", "%s %s" % (got, r.stderr.decode()[-200:]))
    # The same, the first version naming no group (a file written by
    # hand: its group is its own id, which the translation named).
    conf = site("first-nogroup")
    init(conf, empty=True)
    r = import_objs(conf, [HEADER, hu, {k: v for k, v in en.items()
                                        if k != "group"}])
    out = [json.loads(ln) for ln in export(conf).split(b"\n")[1:] if ln]
    got = [(o["id"], o["group"], o["lang"]) for o in out]
    result(r.returncode == 0 and got == [(6, 11, "hu"), (11, 11, "en")],
           "the same with no group on the first version: one group",
           "%s %s" % (got, r.stderr.decode()[-200:]))


def dup_ids():
    """Two lines of one type with one id: the second is refused (it
    would be renumbered and, for an item, join the first's group)."""
    conf = site("dup-ids")
    init(conf, empty=True)
    news = {"type": "news", "lang": "en", "pub_date": "2023-01-01",
            "status": "published", "id": 5}
    menu = {"type": "menu", "id": 1, "target": "news", "lang": "en"}
    for what, a, b in (
            ("an item", dict(news, slug="a", title="A"),
             dict(news, slug="b", title="B", lang="hu")),
            ("a menu item", dict(menu, label="X"), dict(menu, label="Y"))):
        r = import_objs(conf, [HEADER, a, b])
        want = ":3: id: %d is an earlier line's id" % a["id"]
        result(r.returncode == 1 and want.encode() in r.stderr,
               "%s's id an earlier line had: refused at its line" % what,
               r.stderr.decode()[-300:])


def source_later():
    """A merge can give a translation a lower id than its source (the
    source's id taken, the translation's kept); the export lists it
    first, by id, and that export imports into an empty database and
    exports again byte for byte. A source no line has is still refused,
    at the line that names it."""
    conf = site("source-later")
    init(conf)
    news = {"type": "news", "lang": "en", "pub_date": "2023-01-01",
            "status": "published"}
    r = import_objs(conf, [
        HEADER, dict(news, id=1000, slug="c-1", title="C"),
        dict(news, id=5, slug="a-1", title="A"),
        dict(news, id=50, group=5, lang="hu", slug="b-1", title="B",
             source=5)])
    result(r.returncode == 0, "a merge renumbering a source imports",
           r.stderr.decode()[-300:])
    round_trip("source-later", conf)
    bad = site("source-none")
    init(bad, empty=True)
    r = import_objs(bad, [HEADER, dict(news, id=3, slug="x", title="X",
                                       source=77),
                          dict(news, id=4, slug="y", title="Y")])
    result(r.returncode == 1 and b':2: source: 77 is the id of no "news" '
           b'line' in r.stderr, "a source no line has: refused at its line",
           r.stderr.decode()[-300:])
    # A page's id is no release's: the message names the kind.
    r = import_objs(bad, [HEADER, dict(news, id=3, slug="x", title="X",
                                       source=8),
                          {"type": "page", "id": 8, "lang": "en",
                           "slug": "p", "title": "P",
                           "pub_date": "2023-01-01",
                           "status": "published"}])
    result(r.returncode == 1 and b':2: source: 8 is the id of no "news" '
           b'line' in r.stderr, "a page's id as a release's source: "
           "refused, naming the kind", r.stderr.decode()[-300:])
    # The forms make a translation from a version of its own group.
    for order in ((0, 1), (1, 0)):
        two = [dict(news, id=30, slug="g", title="G"),
               dict(news, id=31, lang="hu", slug="h", title="H",
                    source=30)]
        r = import_objs(bad, [HEADER] + [two[i] for i in order])
        line = 3 if order == (0, 1) else 2
        result(r.returncode == 1 and (":%d: source: 30 is a version of "
                                      "another group" % line).encode() in
               r.stderr, "a source in another group: refused (%s)" %
               ("after its source" if line == 3 else "before it"),
               r.stderr.decode()[-300:])
    r = import_objs(bad, [HEADER, dict(news, id=50, slug="x", title="X",
                                       source=50)])
    result(r.returncode == 1 and b":2: source: 50 is the line's own id" in
           r.stderr, "a version as its own source: refused",
           r.stderr.decode()[-300:])
    r = import_objs(bad, [HEADER, dict(news, id=10, slug="x", title="X",
                                       source=20),
                          dict(news, id=20, group=10, lang="hu", slug="y",
                               title="Y", source=10)])
    result(r.returncode == 1 and b":2: source: 20: a version cannot be" in
           r.stderr, "two versions each other's source: refused",
           r.stderr.decode()[-300:])


def source_later_taken():
    """A translation before its source, both numbered as rows the
    database has already: the source is the later line's row, not the
    database's row of that number (which belongs to another item)."""
    conf = site("source-later-taken")
    init(conf)
    page = {"type": "page", "pub_date": "2023-12-18",
            "status": "published"}
    taken = rows(conf, "SELECT max(id) FROM pages")
    n = int(taken[0]) if taken else 0
    r = import_objs(conf, [
        HEADER, dict(page, id=n - 1, group=n, lang="hu", slug="forditas",
                     title="F", source=n),
        dict(page, id=n, group=n, lang="en", slug="original",
             title="O")])
    got = rows(conf, "SELECT (SELECT source_id FROM pages WHERE slug = "
               "'forditas') = (SELECT id FROM pages WHERE slug = "
               "'original')")
    result(r.returncode == 0 and got == ["1"], "a source on a later line "
           "whose number the database has: the later line's row",
           r.stderr.decode()[-300:] + " " + str(got))


def derived_rows():
    """A kept id is the row's from its insert on: a translation with a
    gap before its id is listed under it (news_listing, what /hu/news and
    the feeds read), and a project's donors name it."""
    conf = site("derived")
    init(conf, empty=True)
    project = {"type": "project", "lang": "en", "pub_date": "2024-01-02",
               "body_md": "Text.", "status": "published"}
    lines = [
        {"waypoint": "export", "version": 1},
        {"type": "news", "id": 1, "lang": "en", "slug": "one",
         "title": "One", "pub_date": "2024-01-02", "body_md": "English.",
         "status": "published"},
        {"type": "news", "id": 3, "group": 1, "lang": "hu", "slug": "egy",
         "title": "Egy", "pub_date": "2024-01-02", "body_md": "Magyar.",
         "status": "published"},
        dict(project, id=1, slug="p-one", title="P one",
             fields={"code": "A1", "start_date": "2024-01-01",
                     "donors": ["EU"]}),
        dict(project, id=5, slug="p-five", title="P five",
             fields={"code": "A5", "start_date": "2024-01-01",
                     "donors": ["UN", "EU"]}),
    ]
    r = import_objs(conf, lines)
    result(r.returncode == 0, "kept ids: a file with gaps before a "
           "translation and a project with donors imports",
           r.stderr.decode()[-300:])
    listed = rows(conf, "SELECT id || ':' || lang FROM news_listing"
                  " ORDER BY id")
    result(listed == ["1:en", "3:hu"], "kept ids: the translation is "
           "listed under its own id", str(listed))
    donors = rows(conf, "SELECT DISTINCT entry_id FROM entry_donors"
                  " ORDER BY 1")
    result(donors == ["1", "5"], "kept ids: the donors name the projects' "
           "ids", str(donors))


def kinds_numbered_apart():
    """A file may number projects and events each from 1: each kind's
    references (a redirect's target, a translation's group) follow its
    own line, never the other kind's."""
    conf = site("kinds")
    init(conf, empty=True)
    def item(kind, **kw):
        return dict({"type": kind}, pub_date="2024-01-02",
                    status="published", **kw)
    lines = [
        {"waypoint": "export", "version": 1},
        item("project", id=1, lang="en", slug="a-project",
             title="A project", fields={"code": "P1",
                                        "start_date": "2024-01-01"}),
        item("event", id=1, lang="en", slug="an-event", title="An event",
             fields={"start_date": "2024-06-01", "place": "Budapest"}),
        item("event", id=2, group=1, lang="hu", slug="egy-esemeny",
             title="Egy esemény", fields={"start_date": "2024-06-01",
                                          "place": "Budapest"}),
        {"type": "redirect", "kind": "project", "lang": "en",
         "old_slug": "old-project", "target": 1},
        {"type": "redirect", "kind": "event", "lang": "en",
         "old_slug": "old-event", "target": 1},
    ]
    r = import_objs(conf, lines)
    result(r.returncode == 0, "kinds numbered apart: the file imports",
           r.stderr.decode()[-300:])
    got = rows(conf, "SELECT r.old_slug || '>' || e.slug FROM redirects r"
               " JOIN entries e ON e.id = r.target_id ORDER BY r.old_slug")
    result(got == ["old-event>an-event", "old-project>a-project"],
           "kinds numbered apart: each redirect reaches its own kind",
           str(got))
    got = rows(conf, "SELECT count(DISTINCT group_id) || ' ' || min(kind)"
               " FROM entries WHERE slug IN ('an-event', 'egy-esemeny')")
    result(got == ["1", "event"], "kinds numbered apart: the translation "
           "joins the event's group", str(got))


def source_replaced():
    """Imported again, an item takes the line's source too, as every
    other field: set, then taken away."""
    conf = site("source")
    init(conf, empty=True)
    en = {"type": "news", "id": 1, "lang": "en", "slug": "one",
          "title": "One", "pub_date": "2024-01-02", "status": "published"}
    hu = dict(en, id=2, group=1, lang="hu", slug="egy", title="Egy")
    got = []
    for line in (hu, dict(hu, source=1), hu):
        r = import_objs(conf, [HEADER, en, line])
        got.append((r.returncode, rows(conf, "SELECT coalesce(source_id,"
                                       " 'none') FROM news WHERE slug ="
                                       " 'egy'")))
    result(got == [(0, ["none"]), (0, ["1"]), (0, ["none"])],
           "imported again: the line's source replaces the item's",
           str(got))


def group_number_taken():
    """A line's id that no row has but a group still does (its first
    version deleted) is not kept: the new item would join that group."""
    conf = site("groupnum")
    init(conf, empty=True)
    en = {"type": "news", "id": 5, "lang": "en", "slug": "five",
          "title": "Five", "pub_date": "2020-01-01", "status": "published"}
    hu = dict(en, id=6, group=5, lang="hu", slug="hat", title="Hat")
    r = import_objs(conf, [HEADER, en, hu])
    sql(conf, "DELETE FROM news WHERE id = 5")
    for lang in ("en", "hu"):
        other = dict(en, lang=lang, slug="other-" + lang, title="Other")
        r2 = import_objs(conf, [HEADER, other])
        got = rows(conf, "SELECT id || ' ' || group_id FROM news"
                   " WHERE slug = 'other-%s'" % lang)
        result(r.returncode == 0 and r2.returncode == 0 and
               len(got) == 2 and got[0] not in ("5", "6") and
               got[1] == got[0], "an id that numbers a group is not "
               "kept (%s): a new id, a group of its own" % lang,
               "%s %s" % (got, r2.stderr.decode()[-200:]))


def media_refs_grow():
    """A body of many media:N whose N becomes a long number is written
    whole: the rewritten body is longer than twice the line's."""
    conf = site("mediarefs")
    init(conf, empty=True)
    h = media_file(conf, b"a photo", "", "jpg")
    sql(conf, "INSERT INTO media (id, type, hash, bytes, width, height,"
        " filename, title, credit, decorative, version, created_at,"
        " updated_at) VALUES (9000000000000000000, 'jpeg', '%s', 7, 640,"
        " 480, 'photo.jpg', 'A photo', '', 0, 1, 1700000000, 1700000000)"
        % h)
    media = json.loads(export(conf).split(b"\n")[1])
    media["id"] = 1
    news = {"type": "news", "lang": "en", "slug": "many", "title": "Many",
            "pub_date": "2020-01-01", "status": "published",
            "body_md": " ".join(["media:1"] * 38000)}
    r = import_objs(conf, [HEADER, media, news])
    got = " ".join(rows(conf, "SELECT length(body_md), instr(body_md,"
                        " 'media:1 '), instr(body_md,"
                        " 'media:9000000000000000000 ') FROM news"
                        " WHERE slug = 'many'"))
    # 38,000 references of 26 bytes: within the form's 1 MB once
    # rewritten, 3.7 times the line's body.
    result(r.returncode == 0 and got == "%d|0|1" % (26 * 38000 - 1),
           "media:N made long: the body is rewritten whole",
           "%s %s (exit %d)" % (got, r.stderr.decode()[-200:],
                                r.returncode))


def progress():
    """A progress line on a terminal's stderr, none on a pipe."""
    conf = site("progress")
    init(conf, empty=True)
    path = os.path.join(TMP, "progress.jsonl")
    with open(path, "w") as f:
        f.write(json.dumps({"waypoint": "export", "version": 1}) + "\n")
        for i in range(300):
            f.write(json.dumps({"type": "news", "lang": "en",
                                "slug": "r-%06d" % i, "title": "R %d" % i,
                                "dateline": "Budapest",
                                "pub_date": "2009-03-14", "summary": "S",
                                "body_md": "B", "status": "published"})
                    + "\n")
    r = wp(conf, "import", path)
    result(r.returncode == 0 and r.stderr == b"",
           "progress: nothing on stderr when it is not a terminal",
           repr(r.stderr[-300:]))
    sql(conf, "DELETE FROM news; DELETE FROM revisions;")
    rc, text = on_terminal(conf, path)
    result(rc == 0 and "\r" in text and
           "300 of 300 items" in text and "/s" in text and "left" in text,
           "progress: a line rewritten in place on a terminal (done of "
           "total, rate, time left)", repr(text[-300:]))
    # A bad first line: no count after its message either.
    with open(path + ".head", "w") as f:
        f.write('{"not":"an export"}\n' + '{"type":"news"}\n' * 5)
    rc, text = on_terminal(conf, path + ".head")
    at = text.find(path + ".head:1: waypoint")
    result(rc == 1 and at >= 0 and "items" not in text[at:],
           "progress: no count after a bad header's message",
           repr(text[-300:]))
    # A bad last line: its message on a line of its own, the last word.
    with open(path, "a") as f:
        f.write('{"type":"news","lang":\n')
    sql(conf, "DELETE FROM news; DELETE FROM revisions;")
    rc, text = on_terminal(conf, path)
    at = text.find(path + ":302: json")
    result(rc == 1 and at > 0 and text[at - 1] == "\n" and
           "items" not in text[at:],
           "progress: a bad line's message starts its own line, and no "
           "count follows it", repr(text[-300:]))


def on_terminal(conf, path):
    """`waypoint import path` with a terminal as its stderr: (exit status,
    what the terminal got)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([WAYPOINT, "--config", conf, "import", path],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    p.wait()
    os.close(master)
    return p.returncode, seen.decode(errors="replace")


def batches():
    """More items than one batch of search index rows (INDEX_BATCH in
    import_content.c, 1,000), some drafts among them: the index holds
    the published ones and matches the content (db check)."""
    conf = site("batches")
    init(conf, empty=True)
    path = os.path.join(TMP, "batches.jsonl")
    with open(path, "w") as f:
        f.write(json.dumps({"waypoint": "export", "version": 1}) + "\n")
        for i in range(2500):
            f.write(json.dumps({"type": "news", "lang": "en",
                                "slug": "b-%06d" % i, "title": "B %d" % i,
                                "dateline": "Budapest",
                                "pub_date": "2009-03-14", "summary": "S",
                                "body_md": "Word%d here." % i,
                                "status": "draft" if i % 7 == 0 else
                                "published"}) + "\n")
    r = wp(conf, "import", path)
    check = wp(conf, "db", "check")
    db = os.path.join(os.path.dirname(conf), "waypoint.db")
    rows = subprocess.run(["sqlite3", db, "SELECT count(*) FROM"
                           " search_index_docsize"],
                          stdout=subprocess.PIPE,
                          check=True).stdout.strip()
    result(r.returncode == 0 and check.returncode == 0 and
           rows == str(2500 - 358).encode(),
           "batches: 2,500 items (drafts among them) indexed in batches "
           "pass db check", "%s %s rows %s" % (r.stderr.decode()[-200:],
                                               (check.stdout +
                                                check.stderr).decode()[-300:],
                                               rows))


def news_file(path, n, prefix):
    """An import file of n published releases whose slugs start with
    prefix."""
    with open(path, "w") as f:
        f.write(json.dumps({"waypoint": "export", "version": 1}) + "\n")
        for i in range(n):
            f.write(json.dumps({"type": "news", "lang": "en",
                                "slug": "%s-%06d" % (prefix, i),
                                "title": "%s %d" % (prefix, i),
                                "dateline": "Budapest",
                                "pub_date": "2009-03-14", "summary": "S",
                                "body_md": "Words of %s %d." % (prefix, i),
                                "status": "published"}) + "\n")


def journal_mode(db):
    """The journal mode the database's header gives (bytes 18 and 19:
    2 and 2 in WAL, 1 and 1 with a rollback journal)."""
    with open(db, "rb") as f:
        f.seek(18)
        return {b"\x02\x02": "wal", b"\x01\x01": "rollback"}.get(
            f.read(2), "?")


def journal():
    """An import runs in WAL: alone it leaves no journal behind; beside an
    open connection (a server's) that sees its rows after it; a reader
    that opens the database while it writes (an idle server's first
    request) reads at once; waiting for its standard input it holds no
    lock; killed mid-way, it leaves the database as it was."""
    conf = site("journal")
    init(conf)
    db = os.path.join(os.path.dirname(conf), "waypoint.db")
    path = os.path.join(TMP, "journal.jsonl")
    news_file(path, 50, "alone")
    r = wp(conf, "import", path)
    result(r.returncode == 0 and journal_mode(db) == "wal" and
           not os.path.exists(db + "-journal"),
           "journal: an import alone leaves the database in WAL, no "
           "journal behind", "%s %s %s" % (r.stderr.decode()[-200:],
                                          journal_mode(db),
                                          os.listdir(os.path.dirname(db))))
    news_file(path, 50, "beside")
    with sqlite3.connect(db) as other:
        other.execute("SELECT count(*) FROM news").fetchone()
        r = wp(conf, "import", path)
        seen = other.execute("SELECT count(*) FROM news WHERE slug LIKE"
                             " 'beside-%'").fetchone()[0]
    other.close()
    result(r.returncode == 0 and r.stderr == b"" and seen == 50 and
           journal_mode(db) == "wal",
           "journal: beside an open connection the import runs in WAL, "
           "which sees its rows", "%s seen %d %s" % (
               r.stderr.decode()[-200:], seen, journal_mode(db)))
    waiting_stdin(conf, db)
    before = export(conf)
    news_file(path, 20000, "killed")
    p = subprocess.Popen([WAYPOINT, "--config", conf, "import", path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Mid-way: its cache spilled into the WAL.
    while p.poll() is None and not (os.path.exists(db + "-wal") and
                                    os.path.getsize(db + "-wal") > 4 << 20):
        select.select([], [], [], 0.005)
    caught = p.poll() is None
    late = None
    if caught:
        # A connection opened now, as an idle server's first request
        # opens one, reads at once (a rollback journal's writer would
        # have locked it out until the import ended).
        try:
            c = sqlite3.connect(db, timeout=0.5)
            late = c.execute("SELECT count(*) FROM news WHERE slug LIKE "
                             "'killed-%'").fetchone()[0]
            c.close()
        except sqlite3.Error as e:
            late = str(e)
    p.kill()
    p.wait()
    result(late == 0, "journal: a reader opening the database mid-import "
           "reads at once, what was there", "caught %s, %r" % (caught, late))
    check = wp(conf, "db", "check")
    result(caught and check.returncode == 0 and export(conf) == before and
           journal_mode(db) == "wal",
           "journal: an import killed mid-way leaves the "
           "database as it was, in WAL again once opened",
           "caught %s check %s %s" % (caught, check.returncode,
                                      journal_mode(db)))
    cut_write(conf, db)


def waiting_stdin(conf, db):
    """import - waiting for its input holds no lock: another connection
    writes meanwhile, every time it tries, until the first line comes."""
    p = subprocess.Popen([WAYPOINT, "--config", conf, "import", "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    fds = "/proc/%d/fd" % p.pid
    opened = False
    while p.poll() is None and not opened:
        try:
            opened = any(os.readlink(os.path.join(fds, n)) == db
                         for n in os.listdir(fds))
        except OSError:
            pass
        select.select([], [], [], 0.005)
    fails = []
    c = sqlite3.connect(db, timeout=0, isolation_level=None)
    for _ in range(50):
        try:
            c.execute("BEGIN IMMEDIATE")
            c.execute("ROLLBACK")
        except sqlite3.Error as e:
            fails.append(str(e))
        select.select([], [], [], 0.01)
    c.close()
    p.stdin.close()
    err = p.stderr.read()
    p.wait(timeout=60)
    result(opened and not fails, "journal: import - waiting for its input "
           "locks no writer out", "opened %s, %s %s" % (
               opened, fails[:2], err.decode()[-200:]))


def cut_write(conf, db):
    """A write killed after its journal spilled (a cache of 5 pages: the
    journal is synced with its header, hot for the next reader): db check,
    which reads the file read-only, has it rolled back and passes."""
    before = export(conf)
    subprocess.run([sys.executable, "-c", """if 1:
        import os, sqlite3, sys
        c = sqlite3.connect(sys.argv[1], isolation_level=None)
        c.execute("PRAGMA journal_mode = DELETE")
        c.execute("PRAGMA cache_size = 5")
        c.execute("BEGIN IMMEDIATE")
        c.execute("UPDATE news SET title = title || ' cut'")
        os.kill(os.getpid(), 9)""", db])
    hot = os.path.exists(db + "-journal")
    check = wp(conf, "db", "check")
    result(hot and check.returncode == 0 and export(conf) == before,
           "journal: db check after a write killed with a hot journal "
           "rolls it back and passes", "hot %s check %s %s" % (
               hot, check.returncode, check.stderr.decode()[-300:]))


def times_kept():
    """A file without times, imported again later: each item and media
    row keeps its creation and update times (an Atom entry's id holds its
    creation day), and no revision is added again, so the second import
    changes nothing, history included."""
    conf = site("times-kept")
    init(conf, empty=True)
    h = media_file(conf, b"a photo kept", "", "jpg")
    objs = [dict(HEADER, revisions=True),
            {"type": "media", "id": 1, "file_type": "jpeg",
                     "hash": h, "bytes": 12, "width": 640, "height": 480,
                     "filename": "kept.jpg"},
            {"type": "news", "id": 1, "lang": "en", "slug": "no-times",
             "title": "T", "pub_date": "2020-01-01",
             "status": "published"},
            {"type": "revision", "kind": "news", "item": 1, "version": 1,
             "username": "maria", "data": "{\"title\":\"T\"}"}]
    r = import_objs(conf, objs)
    # As if the first import had been a year ago.
    sql(conf, "UPDATE news SET created_at = created_at - 31536000, "
        "updated_at = updated_at - 31536000; UPDATE media SET created_at "
        "= created_at - 31536000, updated_at = updated_at - 31536000; "
        "UPDATE revisions SET created_at = created_at - 31536000")
    before = export(conf, "--revisions")
    r2 = import_objs(conf, objs)
    after = export(conf, "--revisions")
    result(r.returncode == 0 and r2.returncode == 0 and before == after,
           "a file without times imported again: the items and media keep "
           "theirs, no revision added",
           r2.stderr.decode()[-300:] + first_difference(before, after))


def export_targets(conf, first):
    """export through a symbolic link writes the file it names (the link
    stays); into a pipe (a FIFO, >(gzip)) writes into it (it stays a
    pipe, and its reader gets the export)."""
    target = os.path.join(TMP, "target.jsonl")
    link = os.path.join(TMP, "link.jsonl")
    with open(target, "w") as f:
        f.write("old\n")
    os.symlink(target, link)
    r = wp(conf, "export", link)
    with open(target, "rb") as f:
        got = f.read()
    result(r.returncode == 0 and os.path.islink(link) and got == first,
           "export LINK: the link stays, the file it names holds the "
           "export", r.stderr.decode()[-300:])
    fifo = os.path.join(TMP, "pipe")
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", fifo], stdout=subprocess.PIPE)
    try:
        r = subprocess.run([WAYPOINT, "--config", conf, "export", fifo],
                           capture_output=True, timeout=60)
        out = reader.communicate(timeout=60)[0]
    except subprocess.TimeoutExpired:
        reader.kill()
        r, out = None, b""
    result(r is not None and r.returncode == 0 and out == first and
           stat.S_ISFIFO(os.lstat(fifo).st_mode),
           "export FIFO: its reader gets the export, it stays a pipe",
           r and r.stderr.decode()[-300:])


def main():
    demo = site("demo")
    init(demo)
    first, copy = round_trip("demo", demo)
    if first is not None:
        r = wp(demo, "db", "check")
        # The copy serves: db check finds its index and media sound.
        r = wp(copy, "db", "check")
        result(r.returncode == 0, "demo: the imported copy passes db check",
               (r.stdout + r.stderr).decode()[-400:])
        path = os.path.join(TMP, "demo.jsonl")
        history = None
        for n in (1, 2):
            r = wp(demo, "import", path)
            result(r.returncode == 0 and export(demo) == first,
                   "re-import %d into the same database changes nothing" %
                   n, r.stderr.decode()[-300:])
            # The first gave the demo's items, which had none, their
            # import revision; the second adds none.
            again = export(demo, "--revisions")
            if history is not None:
                result(again == history, "... nor the items' history (no "
                       "revision added)", first_difference(history, again))
            history = again
        r = wp(demo, "export", os.path.join(TMP, "file.jsonl"))
        with open(os.path.join(TMP, "file.jsonl"), "rb") as f:
            result(r.returncode == 0 and f.read() == first,
                   "export FILE and export - write the same bytes")
        export_targets(demo, first)
        stdin_site = site("stdin")
        init(stdin_site, empty=True)
        r = wp(stdin_site, "import", "-", stdin=first)
        result(r.returncode == 0 and export(stdin_site) == first,
               "import - reads stdin", r.stderr.decode()[-300:])
    times_kept()
    full = site("rich")
    init(full)
    rich(full)
    lines, copy = round_trip("rich", full, "--revisions")
    if lines is not None:
        r = wp(copy, "import", os.path.join(TMP, "rich.jsonl"))
        again = export(copy, "--revisions")
        result(r.returncode == 0 and again == lines, "rich: its file "
               "imported again changes nothing, history included",
               r.stderr.decode()[-300:] + first_difference(lines, again))
        types = {json.loads(l)["type"] for l in lines.split(b"\n")[1:]
                 if l}
        want = {"setting", "media", "page", "news", "project", "event",
                "publication", "menu", "redirect", "revision"}
        result(types == want, "rich: every type of line is in the file",
               str(sorted(want - types)))
        result(lines.endswith(b"\n") and b"\r" not in lines,
               "rich: every line ends with \\n")
    bad_lines(full)
    existing_ids(full)
    ids_kept()
    derived_rows()
    translation_first()
    source_later()
    source_later_taken()
    dup_ids()
    kinds_numbered_apart()
    source_replaced()
    group_number_taken()
    media_refs_grow()
    progress()
    batches()
    journal()
    print("port: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())

#!/usr/bin/env python3
"""settings.py: the HTTP tests of the site texts per language (issue 10):
the admins' settings screen, /admin/settings, and the menu editor's label
and description in each language besides an item's own. Run against any
base URL (waypoint serve, or nginx -> waypoint fcgi) over a database made
by `waypoint db init` for a site with [site] languages = en hu, in which
the run script has created admin.py's accounts (editor1, admin1).

Usage: settings.py BASE_URL DB_PATH WAYPOINT CONF
  as admin.py, whose agent, forms and database helpers it uses.

Prints "ok - name" or "FAIL - name: detail" per check, then "N passed,
N failed"; exits 1 when a check failed. What it changes it puts back.
"""

import os
import sys
from urllib.parse import urlsplit

sys.dont_write_bytecode = True     # leave no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin as A  # noqa: E402
from lib import Client, describe, text_of  # noqa: E402

t = A.t
S = {}
SETTINGS = "/admin/settings"
LANG_FIELDS = ("site_name", "tagline", "intro_md")


def settings_form(ag, lang=None):
    """The settings page of lang (None: the default) and its form's
    values."""
    rs = ag.get(SETTINGS + ("?lang=" + lang if lang else ""))
    form = A.find_form(rs, SETTINGS)
    return rs, (form.values() if form else {})


def stored(lang):
    return dict(A.db_all("SELECT key, value FROM settings WHERE lang = ?",
                         (lang,)))


def post_settings(ag, values, **changes):
    fields = dict(values)
    fields.update(changes)
    return ag.post(SETTINGS, ag.with_csrf(list(fields.items())))


def settings_access():
    ed, ad = S["editor"], S["admin"]
    before = stored("hu")
    t.status("editor: GET /admin/settings -> 403", ed.get(SETTINGS), 403)
    rs = ed.post(SETTINGS, ed.with_csrf([("lang", "hu"),
                                         ("site_name", "Editor's name")]))
    t.status("editor: POST /admin/settings -> 403", rs, 403)
    t.check("editor's POST changed nothing", stored("hu") == before)
    rs = A.Agent().get(SETTINGS)
    t.status("no session: GET /admin/settings -> 302", rs, 302)
    rs = ad.post(SETTINGS, [("lang", "hu"), ("site_name", "No token")])
    t.status("admin without the CSRF token: POST -> 403", rs, 403)
    t.check("the POST without a token changed nothing",
            stored("hu") == before)
    nav = ed.get("/admin").text
    t.check("editor's admin navigation has no settings link",
            'href="/admin/settings"' not in nav)
    nav = ad.get("/admin").text
    t.check("admin's admin navigation links to the settings",
            'href="/admin/settings"' in nav)


def settings_show():
    ad = S["admin"]
    rs, values = settings_form(ad)
    t.check("GET /admin/settings: the default language's form",
            rs.status == 200 and values.get("lang") == "en" and
            values.get("site_name") == "IOM Hungary" and
            values.get("tagline") == "UN Migration — Hungary" and
            values.get("intro_md", "").startswith("The International"),
            "%s; %s" % (describe(rs), values))
    t.check("the settings page links to each language's form",
            'href="/admin/settings?lang=hu"' in rs.text and
            'href="/admin/settings"' in rs.text)
    rs, values = settings_form(ad, "hu")
    t.check("GET /admin/settings?lang=hu: the Hungarian texts",
            rs.status == 200 and values.get("lang") == "hu" and
            values.get("site_name") == "IOM Magyarország" and
            values.get("intro_md", "").startswith("A Nemzetközi"),
            "%s; %s" % (describe(rs), values))
    for bad in ("xx", "de", "HU", "..%2F", "x" * 300):
        rs = ad.get(SETTINGS + "?lang=" + bad)
        t.status("GET /admin/settings?lang=%s -> 404" % bad[:20], rs, 404)
    # A NUL is refused with the query itself, before the controller.
    rs = ad.get(SETTINGS + "?lang=hu%00")
    t.status("GET /admin/settings?lang=hu%00 -> 400", rs, 400)


def settings_save():
    ad = S["admin"]
    _, values = settings_form(ad, "hu")
    original = stored("hu")
    name = "IOM Magyarország " + A.rnd()
    audits = A.db_one("SELECT count(*) FROM audit_log")
    rs = post_settings(ad, values, site_name=name,
                       tagline="Új jelmondat",
                       intro_md="**Üdvözöljük** az oldalon.")
    t.check("admin saves the Hungarian texts -> 303 to their form",
            rs.status == 303 and
            A.location(rs) == "/admin/settings?lang=hu", describe(rs))
    now = stored("hu")
    t.check("saved: site name, tagline, introduction and its HTML",
            now.get("site_name") == name and
            now.get("tagline") == "Új jelmondat" and
            now.get("intro_md") == "**Üdvözöljük** az oldalon." and
            "<strong>Üdvözöljük</strong>" in now.get("intro_html", ""),
            str(now))
    t.check("the default language's texts are untouched",
            stored("en").get("site_name") == "IOM Hungary")
    t.check("one audit line for the save, naming the language",
            A.db_one("SELECT count(*) FROM audit_log") == audits + 1 and
            A.db_one("SELECT action || ' ' || detail FROM audit_log "
                     "ORDER BY id DESC LIMIT 1") == "settings site texts "
            "(hu)")
    rs, values = settings_form(ad, "hu")
    t.check("the form shows the saved texts and says so",
            values.get("site_name") == name and
            "Settings saved." in text_of(rs.text), str(values))
    home = Client(A.BASE).get("/hu")
    t.check("/hu shows the new Hungarian site name",
            home.status == 200 and name in home.text, describe(home))
    rs = post_settings(ad, values, tagline="", intro_md="")
    now = stored("hu")
    t.check("empty tagline and introduction: removed, so they fall back",
            rs.status == 303 and "tagline" not in now and
            "intro_md" not in now and "intro_html" not in now and
            now.get("site_name") == name, "%s; %s" % (describe(rs), now))
    rs = post_settings(ad, values, site_name=original["site_name"],
                       tagline=original["tagline"],
                       intro_md=original["intro_md"])
    t.check("the Hungarian texts put back",
            rs.status == 303 and stored("hu") == original, describe(rs))


def refused(name, rs, status, field, typed):
    """rs: the form again with status, the language's texts as typed and
    a message at field."""
    form = A.find_form(rs, SETTINGS)
    kept = form is not None and all(form.value(k) == v
                                    for k, v in typed.items())
    t.check("%s -> %d, form as typed, message at the field" % (name, status),
            rs.status == status and kept and
            ('id="%s-error"' % field) in rs.text,
            "%s; form %s" % (describe(rs), form and form.values()))


def settings_invalid():
    ad = S["admin"]
    _, hu = settings_form(ad, "hu")
    _, en = settings_form(ad)
    before = (stored("en"), stored("hu"))
    audits = A.db_one("SELECT count(*) FROM audit_log")
    typed = {"lang": "hu", "site_name": "N" * 101,
             "tagline": "Megtartott jelmondat", "intro_md": "Megtartott"}
    refused("site name of 101 characters", post_settings(ad, hu, **typed),
            422, "site_name", typed)
    typed = {"lang": "hu", "site_name": "Rendben", "tagline": "T" * 201,
             "intro_md": ""}
    refused("tagline of 201 characters", post_settings(ad, hu, **typed),
            422, "tagline", typed)
    typed = {"lang": "hu", "site_name": "Rendben", "tagline": "",
             "intro_md": "x" * 10001}
    refused("introduction of 10,001 characters",
            post_settings(ad, hu, **typed), 422, "intro_md", typed)
    typed = {"lang": "en", "site_name": "", "tagline": "Kept tagline",
             "intro_md": "Kept"}
    rs = post_settings(ad, en, **typed)
    refused("empty site name in the default language", rs, 422,
            "site_name", typed)
    t.check("... and the message says why",
            "default language" in text_of(rs.text))
    typed = {"lang": "hu", "site_name": A.Raw("a%00b")}
    rs = ad.post(SETTINGS, ad.with_csrf(list(typed.items())))
    t.status("a NUL in the site name -> 422", rs, 422)
    rs = post_settings(ad, hu, lang="xx")
    t.status("POST for a language the site lacks -> 404", rs, 404)
    rs = post_settings(ad, hu, lang="x" * 40)
    t.status("POST with an overlong language code -> 404", rs, 404)
    rs = ad.post(SETTINGS, ad.with_csrf([("site_name", "No language")]))
    t.status("POST without a language -> 400", rs, 400)
    rs = post_settings(ad, hu, intro_md="H" * A.OVER_LIMIT)
    t.status("a body past 2 MiB -> 413", rs, 413)
    t.check("nothing refused was saved or logged",
            (stored("en"), stored("hu")) == before and
            A.db_one("SELECT count(*) FROM audit_log") == audits)


# ------------------------------------------------------- menu per language

def menu_form(ag, item):
    rs = ag.get("/admin/menu/%d/edit" % item)
    form = A.find_form(rs, "/admin/menu/%d" % item)
    return rs, (form.values() if form else {})


def menu_text(item, lang):
    return A.db_all("SELECT label, description FROM menu_texts "
                    "WHERE item_id = ? AND lang = ?", (item, lang))


def post_menu(ag, item, values, **changes):
    fields = dict(values)
    fields.update(changes)
    return ag.post("/admin/menu/%d" % item, ag.with_csrf(list(
        fields.items())))


def menu_languages():
    ad = S["admin"]
    about = A.db_one("SELECT id FROM menu_items WHERE label = 'About'")
    rs, values = menu_form(ad, about)
    t.check("menu item form: the Hungarian label and description fields, "
            "none for the item's own language",
            rs.status == 200 and values.get("label_hu") == "Rólunk" and
            values.get("description_hu") == "" and
            "label_en" not in values and values.get("label") == "About",
            "%s; %s" % (describe(rs), values))
    rs = post_menu(ad, about, values, label_hu="Rólunk röviden",
                   description_hu="Az IOM-ről")
    t.check("saved: the Hungarian label and description",
            rs.status == 303 and menu_text(about, "hu") ==
            [("Rólunk röviden", "Az IOM-ről")] and
            A.db_one("SELECT label FROM menu_items WHERE id = ?",
                     (about,)) == "About", describe(rs))
    rs, values = menu_form(ad, about)
    t.check("the form shows the saved Hungarian label",
            values.get("label_hu") == "Rólunk röviden" and
            values.get("description_hu") == "Az IOM-ről", str(values))
    typed = {"label": "About", "label_hu": "L" * 101,
             "description_hu": "Megtartott leírás"}
    rs = post_menu(ad, about, values, **typed)
    form = A.find_form(rs, "/admin/menu/%d" % about)
    t.check("a Hungarian label of 101 characters -> 422, form as typed, "
            "message at the field",
            rs.status == 422 and form is not None and
            all(form.value(k) == v for k, v in typed.items()) and
            'id="label_hu-error"' in rs.text,
            "%s; %s" % (describe(rs), form and form.values()))
    rs = post_menu(ad, about, values, label_hu="",
                   description_hu="Leírás címke nélkül")
    t.check("a Hungarian description without its label -> 422 with a "
            "message", rs.status == 422 and 'id="label_hu-error"' in
            rs.text, describe(rs))
    t.check("nothing refused was saved", menu_text(about, "hu") ==
            [("Rólunk röviden", "Az IOM-ről")])
    rs = post_menu(ad, about, values, label_hu="", description_hu="")
    t.check("an empty Hungarian label removes the translation",
            rs.status == 303 and menu_text(about, "hu") == [], describe(rs))
    tree = text_of(ad.get("/admin/menu").text)
    lacking = A.db_one("SELECT count(*) FROM menu_items WHERE id NOT IN "
                       "(SELECT item_id FROM menu_texts WHERE lang = 'hu')")
    marked = tree.count("No label in Hungarian")
    t.check("the menu page marks each item with no Hungarian label",
            lacking >= 1 and marked == lacking,
            "%d marked, %d lacking" % (marked, lacking))
    rs = post_menu(ad, about, values, label_hu="Rólunk", description_hu="")
    t.check("the Hungarian label put back", rs.status == 303 and
            menu_text(about, "hu") == [("Rólunk", "")], describe(rs))
    label = "Kapcsolat " + A.rnd()
    rs = ad.post("/admin/menu", ad.with_csrf(A.menu_fields(
        "Contact " + label) + [("label_hu", label),
                               ("description_hu", "")]))
    new = A.db_one("SELECT item_id FROM menu_texts WHERE label = ?",
                   (label,))
    t.check("a new item saved with its Hungarian label",
            rs.status == 303 and new is not None and
            A.db_one("SELECT lang FROM menu_items WHERE id = ?",
                     (new,)) == "en", describe(rs))
    if new is not None:
        rs = ad.post("/admin/menu/%d/delete" % new, ad.with_csrf([]))
        t.check("deleted, its Hungarian label goes with it",
                rs.status == 303 and menu_text(new, "hu") == [],
                describe(rs))


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: settings.py BASE_URL DB_PATH WAYPOINT "
                         "CONF\n")
        return 2
    A.BASE, A.DB_PATH, A.WAYPOINT, A.CONF = sys.argv[1:]
    A.BASE = A.BASE.rstrip("/")
    A.NETLOC = urlsplit(A.BASE).netloc
    if not os.path.isfile(A.DB_PATH):
        sys.stderr.write("settings.py: no database at %s\n" % A.DB_PATH)
        return 2
    try:
        S["editor"] = A.signed_in(*A.EDITOR, label="editor1")
        S["admin"] = A.signed_in(*A.ADMIN, label="admin1")
    except Exception as e:      # noqa: BLE001
        t.crashed("sign in", e)
        return t.finish()
    for fn in (settings_access, settings_show, settings_save,
               settings_invalid, menu_languages):
        A.section(fn)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

/* import_lines.c: the lines of `waypoint import` that are not items:
 * settings, media, the menu, redirects and revisions, each checked as its
 * admin form checks it, its references mapped, then written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth_internal.h"
#include "cli/import.h"
#include "config.h"
#include "controllers/admin_menu.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "media/files.h"
#include "store/media.h"
#include "store/menu_admin.h"
#include "store/port.h"
#include "view/markdown.h"

static const char *const setting_keys[] = {
	"type", "lang", "key", "value", NULL
};

/* The settings a file may set, each checked by the settings form's row
 * of its name (admin_settings.c), as the line's "value". */
static const char *const setting_names[] = {
	"site_name", "tagline", "intro_md"
};

int
import_setting(struct import *im, const json_t *o)
{
	const char *lang, *key, *value;
	enum markdown_status ms;
	enum store_status st;
	const struct field *form;
	struct field row;
	struct form f;
	char *html = NULL;
	size_t i, n;

	if (import_keys(im, o, setting_keys) == -1 ||
	    import_str(im, o, "lang", true, &lang) == -1 ||
	    import_lang(im, "lang", lang) == -1 ||
	    import_str(im, o, "key", true, &key) == -1)
		return -1;
	for (i = 0; i < sizeof(setting_names) / sizeof(setting_names[0]); i++)
		if (strcmp(setting_names[i], key) == 0)
			break;
	if (i == sizeof(setting_names) / sizeof(setting_names[0]))
		return import_fail(im, "key", "\"%s\" is not a setting "
		    "(site_name, tagline, intro_md)", key);
	form = admin_settings_fields(&n);
	row = import_row(form, n, "value", key, 0);
	if (import_form(im, o, &row, 1, &f) == -1)
		return -1;
	value = form_value(&f, "value");
	if (strcmp(key, "intro_md") == 0) {
		ms = markdown_render(value, strlen(value), &html);
		if (ms != MARKDOWN_OK)
			return import_fail(im, "value", "%s",
			    markdown_message(ms));
	}
	st = store_import_setting(im->s, lang, key, value, html);
	free(html);
	return st == STORE_OK ? 0 : import_store_fail(im, "value", st);
}

static const char *const media_keys[] = {
	"type", "id", "file_type", "hash", "bytes", "width", "height",
	"filename", "title", "credit", "decorative", "version", "created_at",
	"updated_at", "texts", "variants", NULL
};

static const struct field media_fields[] = {
	{ "file_type",	FIELD_REQUIRED,	0,		NULL },
	{ "hash",	FIELD_REQUIRED,	64,		NULL },
	{ "filename",	0,		MEDIA_FILENAME_MAX, NULL },
	{ "title",	0,		MEDIA_TITLE_MAX, NULL },
	{ "credit",	0,		MEDIA_CREDIT_MAX, NULL },
};

static const char *const text_keys[] = { "lang", "alt", "caption", NULL };

static const char *const variant_keys[] = {
	"format", "width", "height", "bytes", NULL
};

/* Whether the media folder has file name; else printed at hash. */
static int
file_there(struct import *im, const char *name)
{
	const char *path = arena_printf(im->a, "%s/%s", im->cfg->media_dir,
	    name);

	if (path != NULL && access(path, R_OK) == 0)
		return 0;
	return import_fail(im, "hash", "%s is not in the media folder "
	    "([paths] media): copy the folder first", path != NULL ? path :
	    name);
}

/* The array at key of o (none: empty) into *a. */
static int
array_at(struct import *im, const json_t *o, const char *key,
    const json_t **a)
{
	*a = json_object_get(o, key);
	if (*a != NULL && !json_is_array(*a))
		return import_fail(im, key, "must be an array");
	return 0;
}

/* A language's three words of an item (media: alt and caption; menu:
 * label and description), as the file's "texts" array gives them. */
struct words {
	const char	*lang;
	const char	*first;
	const char	*second;
};

/* The "texts" array of o (none: empty) into *w, *n: objects of keys (the
 * three of table, which checks them), each in one of the site's
 * languages, none twice, and none own (the line's own language, whose
 * words are the line's; NULL: none). In the line's arena. */
static int
texts_at(struct import *im, const json_t *o, const char *own,
    const char *const *keys, const struct field *table, struct words **w,
    size_t *n)
{
	const json_t *a, *t;
	struct form f;
	size_t i, j;
	int ret = 0;

	if (array_at(im, o, "texts", &a) == -1)
		return -1;
	*n = json_array_size(a);
	if ((*w = arena_alloc(im->a, (*n + 1) * sizeof(**w))) == NULL)
		return import_fail(im, "texts", "out of memory");
	im->within = "texts";
	json_array_foreach(a, i, t) {
		if (!json_is_object(t)) {
			ret = import_fail(im, "texts", "must hold objects");
			break;
		}
		if (import_keys(im, t, keys) == -1 ||
		    import_form(im, t, table, 3, &f) == -1 ||
		    import_lang(im, keys[0], form_value(&f, keys[0])) == -1) {
			ret = -1;
			break;
		}
		(*w)[i].lang = form_value(&f, keys[0]);
		if (own != NULL && strcmp((*w)[i].lang, own) == 0) {
			ret = import_fail(im, keys[0], "\"%s\" is the line's "
			    "own language: its words in it are the line's",
			    own);
			break;
		}
		/* One text a language: the store keeps one. */
		for (j = 0; j < i && strcmp((*w)[j].lang, (*w)[i].lang) != 0;
		    j++)
			continue;
		if (j < i) {
			ret = import_fail(im, keys[0], "\"%s\" is given twice",
			    (*w)[i].lang);
			break;
		}
		(*w)[i].first = form_value(&f, keys[1]);
		(*w)[i].second = form_value(&f, keys[2]);
	}
	im->within = NULL;
	return ret;
}

/* The texts of a media line into m. */
static int
media_texts(struct import *im, const json_t *o, struct media_item *m)
{
	/* The limits of the media item form (store/media.h's). */
	const struct field text_fields[] = {
		import_lang_row("lang"),
		{ "alt",	0,		MEDIA_ALT_MAX,	NULL },
		{ "caption",	FIELD_MULTILINE, MEDIA_CAPTION_MAX, NULL },
	};
	struct words *w;
	size_t i;

	if (texts_at(im, o, NULL, text_keys, text_fields, &w,
	    &m->ntexts) == -1)
		return -1;
	if ((m->texts = arena_alloc(im->a, (m->ntexts + 1) *
	    sizeof(*m->texts))) == NULL)
		return import_fail(im, "texts", "out of memory");
	for (i = 0; i < m->ntexts; i++) {
		m->texts[i].lang = w[i].lang;
		m->texts[i].alt = w[i].first;
		m->texts[i].caption = w[i].second;
	}
	return 0;
}

/* Variant j of a media line into *v (its file not looked at). 0, or -1
 * (printed). */
static int
variant_at(struct import *im, const json_t *j, struct media_variant *v)
{
	int64_t w, h;

	if (!json_is_object(j))
		return import_fail(im, "variants", "must hold objects");
	if (import_keys(im, j, variant_keys) == -1 ||
	    import_str(im, j, "format", true, &v->format) == -1 ||
	    import_int(im, j, "width", 0, 1, &w) == -1 ||
	    import_int(im, j, "height", 0, 1, &h) == -1 ||
	    import_int(im, j, "bytes", 0, 0, &v->bytes) == -1)
		return -1;
	if (media_format_ext(v->format) == NULL)
		return import_fail(im, "format", "\"%s\" is not webp, jpeg or "
		    "png", v->format);
	if (w < 1 || w > 100000)
		return import_fail(im, "width", "is 1 to 100000");
	if (h < 1 || h > 100000)
		return import_fail(im, "height", "is 1 to 100000");
	v->width = (int)w;
	v->height = (int)h;
	return 0;
}

/* The variants of a media line into m, each file checked. */
static int
media_variants(struct import *im, const json_t *o, struct media_item *m)
{
	struct media_variant *v;
	const json_t *a, *j;
	char name[MEDIA_NAME_MAX];
	size_t i, k;
	int ret;

	if (array_at(im, o, "variants", &a) == -1)
		return -1;
	if ((m->nvariants = json_array_size(a)) > MEDIA_VARIANTS_MAX)
		return import_fail(im, "variants", "more than %d",
		    MEDIA_VARIANTS_MAX);
	if ((m->variants = arena_alloc(im->a, (m->nvariants + 1) *
	    sizeof(*m->variants))) == NULL)
		return import_fail(im, "variants", "out of memory");
	json_array_foreach(a, i, j) {
		v = &m->variants[i];
		im->within = "variants";
		ret = variant_at(im, j, v);
		im->within = NULL;
		if (ret == -1)
			return -1;
		for (k = 0; k < i; k++)
			if (m->variants[k].width == v->width &&
			    strcmp(m->variants[k].format, v->format) == 0)
				return import_fail(im, "variants", "%s %d "
				    "pixels wide is given twice", v->format,
				    v->width);
		media_variant_name(name, m->hash, v->width, v->format);
		if (file_there(im, name) == -1)
			return -1;
	}
	return 0;
}

int
import_media(struct import *im, const json_t *o)
{
	struct media_item m;
	enum store_status st;
	struct form f;
	const char *p, *type;
	char name[MEDIA_NAME_MAX];
	int64_t w, h, decorative, created, updated, old, id;

	memset(&m, 0, sizeof(m));
	if (import_keys(im, o, media_keys) == -1 ||
	    import_form(im, o, media_fields, sizeof(media_fields) /
	    sizeof(media_fields[0]), &f) == -1)
		return -1;
	type = form_value(&f, "file_type");
	if (media_type_parse(type, &m.type) == -1)
		return import_fail(im, "file_type", "\"%s\" is not jpeg, png, "
		    "webp, heic or pdf", type);
	m.hash = form_value(&f, "hash");
	for (p = m.hash; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
	    p++)
		continue;
	if (*p != '\0' || p - m.hash != 64)
		return import_fail(im, "hash", "must be 64 lower-case hex "
		    "digits (the file's SHA-256)");
	m.filename = form_value(&f, "filename");
	/* A document's name is in its URL: as an upload makes it. */
	if (m.type == MEDIA_PDF && !media_document_name_ok(m.filename))
		return import_fail(im, "filename", "a document's download name "
		    "is 1 to %d lower-case letters, digits and hyphens, then "
		    "\".pdf\" (as an upload makes it), not \"%s\"",
		    MEDIA_DOC_NAME_MAX, m.filename);
	m.title = form_value(&f, "title");
	m.credit = form_value(&f, "credit");
	if (import_id(im, o, PORT_MEDIA, &old) == -1 ||
	    import_int(im, o, "bytes", 0, 0, &m.bytes) == -1 ||
	    import_int(im, o, "width", 0, 0, &w) == -1 ||
	    import_int(im, o, "height", 0, 0, &h) == -1 ||
	    import_int(im, o, "decorative", 0, 0, &decorative) == -1 ||
	    import_int(im, o, "version", 1, 1, &m.version) == -1 ||
	    import_int(im, o, "created_at", 0, 0, &created) == -1 ||
	    import_int(im, o, "updated_at", 0, 0, &updated) == -1)
		return -1;
	if (decorative > 1)
		return import_fail(im, "decorative", "must be 0 or 1");
	if (w > 100000 || h > 100000)
		return import_fail(im, "width", "width and height are at most "
		    "100000");
	m.id = old;
	m.width = (int)w;
	m.height = (int)h;
	m.decorative = decorative == 1;
	m.created_at = (time_t)created;
	m.updated_at = (time_t)updated;
	media_original_name(name, m.hash, m.type);
	if (file_there(im, name) == -1 || media_texts(im, o, &m) == -1 ||
	    media_variants(im, o, &m) == -1)
		return -1;
	if ((st = store_import_media(im->s, &m, type, im->who.now, &id)) != STORE_OK ||
	    (old > 0 && (st = store_import_map(im->s, PORT_MEDIA, old, id)) !=
	    STORE_OK))
		return import_store_fail(im, "hash", st);
	return 0;
}

static const char *const menu_keys[] = {
	"type", "id", "parent", "position", "target", "page", "url", "lang",
	"label", "description", "texts", NULL
};

/* The rows of a menu line: its target (a name the store parses, not the
 * form's choice), then the item form's rows (admin_menu_form.c); "lang"
 * on are those of its texts too. */
#define MENU_ROWS	5

static void
menu_table(struct field t[MENU_ROWS])
{
	const struct field *form;
	size_t n;

	form = admin_menu_fields(&n);
	t[0] = (struct field){ "target", FIELD_REQUIRED, 0, NULL };
	t[1] = import_row(form, n, "url", "url", 0);
	t[2] = import_lang_row("lang");
	t[3] = import_row(form, n, "label", "label", 0);
	t[4] = import_row(form, n, "description", "description", 0);
}

static const char *const menu_text_keys[] = {
	"lang", "label", "description", NULL
};

/* The texts of a menu line (menu_fields from "lang" on) into m. */
static int
menu_texts(struct import *im, const json_t *o, const char *own,
    const struct field menu_fields[MENU_ROWS], struct port_menu_item *m)
{
	struct menu_text *texts;
	struct words *w;
	size_t i;

	if (texts_at(im, o, own, menu_text_keys, &menu_fields[2], &w,
	    &m->ntexts) == -1)
		return -1;
	if ((texts = arena_alloc(im->a, (m->ntexts + 1) * sizeof(*texts))) ==
	    NULL)
		return import_fail(im, "texts", "out of memory");
	for (i = 0; i < m->ntexts; i++) {
		texts[i].lang = w[i].lang;
		texts[i].label = w[i].first;
		texts[i].description = w[i].second;
	}
	m->texts = texts;
	return 0;
}

int
import_menu(struct import *im, const json_t *o)
{
	struct port_menu_item m;
	struct field menu_fields[MENU_ROWS];
	enum menu_target target;
	enum store_status st;
	struct form f;
	int64_t old, parent = 0, id;

	memset(&m, 0, sizeof(m));
	menu_table(menu_fields);
	if (import_keys(im, o, menu_keys) == -1 ||
	    import_form(im, o, menu_fields, MENU_ROWS, &f) == -1 ||
	    import_lang(im, "lang", form_value(&f, "lang")) == -1 ||
	    import_id(im, o, PORT_MENU, &old) == -1 ||
	    import_int(im, o, "parent", 0, 1, &parent) == -1 ||
	    import_int(im, o, "position", 0, 0, &m.position) == -1 ||
	    import_ref(im, o, "page", PORT_PAGE, &m.page_id) == -1 ||
	    menu_texts(im, o, form_value(&f, "lang"), menu_fields,
	    &m) == -1)
		return -1;
	m.target = form_value(&f, "target");
	if (store_menu_target_parse(m.target, &target) == -1)
		return import_fail(im, "target", "\"%s\" is not page, news, "
		    "url, projects, events or resources", m.target);
	m.url = *form_value(&f, "url") != '\0' ? form_value(&f, "url") : NULL;
	if ((target == MENU_PAGE) != (m.page_id != 0) ||
	    (target == MENU_URL) != (m.url != NULL))
		return import_fail(im, "target", "a page item names its page "
		    "and a url item its url, and no other item either");
	m.id = old;
	m.lang = form_value(&f, "lang");
	m.label = form_value(&f, "label");
	m.description = form_value(&f, "description");
	/* Parents come first in a file: only an earlier line is one. */
	if (parent > 0 && store_import_mapped(im->s, PORT_MENU, parent,
	    &m.parent_id) != STORE_OK)
		return import_fail(im, "parent", "%lld is no earlier menu "
		    "line's id", (long long)parent);
	if (!im->menu_cleared) {
		if ((st = store_import_menu_clear(im->s)) != STORE_OK)
			return import_store_fail(im, "type", st);
		im->menu_cleared = true;
	}
	if ((st = store_import_menu(im->s, &m, &id)) != STORE_OK ||
	    (old > 0 && (st = store_import_map(im->s, PORT_MENU, old, id)) !=
	    STORE_OK))
		return import_store_fail(im, "id", st);
	return 0;
}

static const char *const redirect_keys[] = {
	"type", "kind", "lang", "old_slug", "target", NULL
};

int
import_redirect(struct import *im, const json_t *o)
{
	const struct field redirect_fields[] = {
		{ "kind",	FIELD_REQUIRED,	0,		NULL },
		import_lang_row("lang"),
		{ "old_slug",	FIELD_REQUIRED,	0,	form_check_slug },
	};
	enum content_kind k;
	enum store_status st;
	struct form f;
	const char *claim;
	int64_t target, first;

	if (import_keys(im, o, redirect_keys) == -1 ||
	    import_form(im, o, redirect_fields, sizeof(redirect_fields) /
	    sizeof(redirect_fields[0]), &f) == -1 ||
	    import_lang(im, "lang", form_value(&f, "lang")) == -1)
		return -1;
	if (store_content_kind_parse(form_value(&f, "kind"), &k) == -1)
		return import_fail(im, "kind", "\"%s\" is not news, page, "
		    "project, event or publication", form_value(&f, "kind"));
	if (import_ref(im, o, "target", store_port_space(k), &target) == -1)
		return -1;
	if (target == 0)
		return import_fail(im, "target", "is required");
	/* One address leads to one place: a second line for it would
	 * silently replace the first's target. */
	if ((claim = arena_printf(im->a, "redirect %s",
	    store_content_kind_name(k))) == NULL ||
	    store_import_claim(im->s, claim, form_value(&f, "lang"),
	    form_value(&f, "old_slug"), im->line, &first) != STORE_OK)
		return import_fail(im, "old_slug", "could not be checked");
	if (first != 0)
		return import_fail(im, "old_slug", "line %lld gives this "
		    "address already", (long long)first);
	st = store_import_redirect(im->s, form_value(&f, "lang"),
	    store_content_kind_name(k), form_value(&f, "old_slug"), target);
	return st == STORE_OK ? 0 : import_store_fail(im, "target", st);
}

static const char *const revision_keys[] = {
	"type", "id", "kind", "item", "version", "username", "created_at",
	"data", NULL
};

int
import_revision(struct import *im, const json_t *o)
{
	struct revision r;
	enum content_kind k;
	enum store_status st;
	const struct field revision_fields[] = {
		{ "username", FIELD_BYTES, AUTH_USERNAME_MAX, NULL },
	};
	const char *kind;
	struct form f;
	int64_t created;
	json_t *data;

	memset(&r, 0, sizeof(r));
	if (import_keys(im, o, revision_keys) == -1 ||
	    import_str(im, o, "kind", true, &kind) == -1)
		return -1;
	if (store_content_kind_parse(kind, &k) == -1)
		return import_fail(im, "kind", "\"%s\" is not news, page, "
		    "project, event or publication", kind);
	if (import_int(im, o, "id", 0, 1, &r.id) == -1 ||
	    import_ref(im, o, "item", store_port_space(k), &r.item_id) == -1 ||
	    import_int(im, o, "version", 1, 1, &r.version) == -1 ||
	    import_int(im, o, "created_at", 0, 0, &created) == -1 ||
	    import_str(im, o, "data", true, &r.data) == -1)
		return -1;
	if (r.item_id == 0)
		return import_fail(im, "item", "is required");
	/* A name shown on the history page and printed by db check: read
	 * as the users form reads one (one line, no control character). */
	if (import_form(im, o, revision_fields, FORM_FIELDS(revision_fields),
	    &f) == -1)
		return -1;
	r.username = form_value(&f, "username");
	if ((data = json_loads(r.data, 0, NULL)) == NULL ||
	    !json_is_object(data)) {
		json_decref(data);
		return import_fail(im, "data", "must be the text of a JSON "
		    "object");
	}
	json_decref(data);
	r.created_at = (time_t)created;
	st = store_import_revision(im->s, k, &r, im->who.now);
	return st == STORE_OK ? 0 : import_store_fail(im, "item", st);
}

/* admin_menu_form.c: the menu item form (admins only): its field table
 * and rules, with a label and description for each language besides the
 * item's own; adding and editing an item, with its audit line in one
 * commit. */
#include <string.h>

#include "audit.h"
#include "config.h"
#include "controllers/admin_menu.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "lib/num.h"
#include "request.h"
#include "response.h"
#include "store/menu_admin.h"
#include "view/i18n.h"
#include "view/lang_names.h"
#include "view/urls.h"

/* The limits admin.md sets for an item's fields, in characters. */
#define MENU_LABEL_MAX		100
#define MENU_DESCRIPTION_MAX	500
#define MENU_URL_MAX		2000

/* target: what the item links to, a target the store names. */
static const char *
menu_check_target(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	enum menu_target t;

	(void)a;
	*out = in;
	if (store_menu_target_parse(in, &t) == -1)
		return T(lang, "Choose what the item links to: a page, the "
		    "news list or another site.");
	return NULL;
}

static const struct field menu_fields[] = {
	{ "label",	FIELD_REQUIRED,	MENU_LABEL_MAX,	NULL },
	{ "description", FIELD_MULTILINE | FIELD_TRIM, MENU_DESCRIPTION_MAX,
	    NULL },
	{ "target",	0,		0,		menu_check_target },
	{ "page_id",	FIELD_ID,	0,		NULL },
	{ "url",	FIELD_URL,	MENU_URL_MAX,	NULL },
	{ "parent_id",	FIELD_ID,	0,		NULL },
};
#define MENU_NFIELDS	FORM_FIELDS(menu_fields)

const struct field *
admin_menu_fields(size_t *n)
{
	*n = MENU_NFIELDS;
	return menu_fields;
}

/* The names of menu_fields in order, and how the form labels them. */
static const char *const menu_names[MENU_NFIELDS] = {
	"label", "description", "target", "page_id", "url", "parent_id"
};
static const char *const menu_labels[MENU_NFIELDS] = {
	N_("Label"), N_("Description"), N_("Links to"), N_("Page"),
	N_("Address"), N_("Place in the menu")
};

/* The fields of an item's label and description in one language other
 * than its own, after menu_fields in the form's table. */
#define MENU_TEXT_NFIELDS	2

/* An item's form: the fields as typed with their messages, and a message
 * about the whole form (NULL when none). own is the language of the
 * item's label and description; others the site's other languages, each
 * with a label and a description field of its own ("label_hu",
 * "description_hu"), whose names and labels follow menu_names' and
 * menu_labels' in names and labels. */
struct menu_form {
	struct form	 f;
	const char	*error;
	const char	*own;
	const char	*others[CONFIG_LANGS_MAX];
	size_t		 nothers;
	const char	**names;
	const char	**labels;
};

/* The rules across fields: the target's own field is needed, the other
 * target's is ignored; a description in another language needs its
 * label there. */
static void
menu_check(struct menu_form *fm)
{
	struct form *f = &fm->f;
	const char *label, *description;
	size_t i, k;

	const char *target = form_value(f, "target");
	bool page = target != NULL && strcmp(target, "page") == 0;
	bool url = target != NULL && strcmp(target, "url") == 0;

	if (!page)
		form_ignore(f, "page_id");
	else if (form_id(f, "page_id") == 0)
		form_fail(f, "page_id", T(f->lang,
		    "Choose the page to link to."));
	if (!url)
		form_ignore(f, "url");
	else if (form_value(f, "url") != NULL && *form_value(f, "url") == '\0')
		form_fail(f, "url", T(f->lang,
		    "Enter the address of the page to link "
		    "to, starting with https:// or http://."));
	for (i = 0; i < fm->nothers; i++) {
		k = MENU_NFIELDS + i * MENU_TEXT_NFIELDS;
		label = form_value(f, fm->names[k]);
		description = form_value(f, fm->names[k + 1]);
		if (label != NULL && *label == '\0' && description != NULL &&
		    *description != '\0')
			form_fail(f, fm->names[k], T(f->lang, "is needed "
			    "with the description in that language; enter "
			    "it, or empty both"));
	}
}

/* The clean values of a form that passed its checks; the texts in the
 * other languages in rq's arena. */
static struct menu_admin_fields
menu_values(struct request *rq, const struct menu_form *fm)
{
	const struct form *f = &fm->f;
	struct menu_admin_fields v;
	struct menu_text *texts;
	const char *target = form_value(f, "target");
	size_t i, k;

	memset(&v, 0, sizeof(v));
	v.label = form_value(f, "label");
	v.description = form_value(f, "description");
	/* menu_check_target() has let only a target's name through. */
	if (store_menu_target_parse(target, &v.target) == -1)
		v.target = MENU_PAGE;
	v.page_id = form_id(f, "page_id");
	v.url = form_value(f, "url");
	v.parent_id = form_id(f, "parent_id");
	texts = arena_alloc(rq->arena, sizeof(*texts) * (fm->nothers + 1));
	for (i = 0; i < fm->nothers && texts != NULL; i++) {
		k = MENU_NFIELDS + i * MENU_TEXT_NFIELDS;
		texts[i].lang = fm->others[i];
		texts[i].label = form_value(f, fm->names[k]);
		texts[i].description = form_value(f, fm->names[k + 1]);
	}
	v.texts = texts;
	v.ntexts = texts != NULL ? fm->nothers : 0;
	return v;
}

/* Sets fm up for an item whose label is in own (NULL: the site's default
 * language): the table of menu_fields and a label and a description for
 * each other language, every field empty and the target a page. 0, or
 * 500. */
static int
menu_form_init(struct request *rq, struct menu_form *fm, const char *own)
{
	const struct config *cfg = rq->cfg;
	const char *name;
	struct field *table;
	size_t i, k, n;

	fm->error = NULL;
	fm->own = own != NULL ? own : cfg != NULL ? cfg->default_lang : "en";
	fm->nothers = 0;
	for (i = 0; cfg != NULL && i < cfg->nlangs; i++)
		if (strcmp(cfg->langs[i], fm->own) != 0)
			fm->others[fm->nothers++] = cfg->langs[i];
	n = MENU_NFIELDS + fm->nothers * MENU_TEXT_NFIELDS;
	table = arena_alloc(rq->arena, sizeof(*table) * n);
	fm->names = arena_alloc(rq->arena, sizeof(*fm->names) * n);
	fm->labels = arena_alloc(rq->arena, sizeof(*fm->labels) * n);
	if (table == NULL || fm->names == NULL || fm->labels == NULL)
		return 500;
	memcpy(table, menu_fields, sizeof(menu_fields));
	memcpy(fm->names, menu_names, sizeof(menu_names));
	memcpy(fm->labels, menu_labels, sizeof(menu_labels));
	for (i = 0; i < fm->nothers; i++) {
		k = MENU_NFIELDS + i * MENU_TEXT_NFIELDS;
		fm->names[k] = arena_printf(rq->arena, "label_%s",
		    fm->others[i]);
		fm->names[k + 1] = arena_printf(rq->arena, "description_%s",
		    fm->others[i]);
		name = lang_display_name(rq->arena, fm->others[i], rq->lang);
		fm->labels[k] = arena_printf(rq->arena, T(rq->lang,
		    "Label in %s"), name);
		fm->labels[k + 1] = arena_printf(rq->arena, T(rq->lang,
		    "Description in %s"), name);
		if (fm->names[k] == NULL || fm->names[k + 1] == NULL ||
		    fm->labels[k] == NULL || fm->labels[k + 1] == NULL)
			return 500;
		table[k] = (struct field){ fm->names[k], 0, MENU_LABEL_MAX,
		    NULL };
		table[k + 1] = (struct field){ fm->names[k + 1],
		    FIELD_MULTILINE | FIELD_TRIM, MENU_DESCRIPTION_MAX, NULL };
	}
	if (form_init(&fm->f, rq->arena, table, n) == -1)
		return 500;
	form_set(&fm->f, "target", "page", false);
	return 0;
}

/* id as a form field's text: "" for 0. */
static const char *
id_text(struct request *rq, int64_t id)
{
	return id > 0 ? arena_printf(rq->arena, "%lld", (long long)id) : "";
}

/* The form filled from a stored item, for editing. 0, or 500. */
static int
menu_form_from_item(struct request *rq, struct menu_form *fm,
    const struct menu_admin_item *m)
{
	struct menu_text *texts;
	size_t n, i, j, k;

	if (menu_form_init(rq, fm, m->lang) != 0 ||
	    store_menu_admin_texts(rq->db, rq->arena, m->id, &texts, &n) !=
	    STORE_OK)
		return 500;
	for (i = 0; i < fm->nothers; i++)
		for (j = 0; j < n; j++)
			if (strcmp(texts[j].lang, fm->others[i]) == 0) {
				k = MENU_NFIELDS + i * MENU_TEXT_NFIELDS;
				form_set(&fm->f, fm->names[k], texts[j].label,
				    false);
				form_set(&fm->f, fm->names[k + 1],
				    texts[j].description, false);
			}
	form_set(&fm->f, "label", m->label, false);
	form_set(&fm->f, "description", m->description, false);
	form_set(&fm->f, "target", store_menu_target_name(m->target), false);
	form_set(&fm->f, "page_id", id_text(rq, m->page_id), false);
	form_set(&fm->f, "url", m->url, false);
	form_set(&fm->f, "parent_id", id_text(rq, m->parent_id), false);
	return 0;
}

/* Puts a refusal of the store at the field it concerns. */
static void
menu_refusal_message(struct menu_form *fm, enum menu_refusal why)
{
	switch (why) {
	case MENU_REFUSAL_NO_PARENT:
		form_fail(&fm->f, "parent_id", T(fm->f.lang,
		    "That item no longer exists; "
		    "choose another place."));
		break;
	case MENU_REFUSAL_CYCLE:
		form_fail(&fm->f, "parent_id", T(fm->f.lang,
		    "An item cannot go under "
		    "itself or under one of its own sub-items."));
		break;
	case MENU_REFUSAL_TOO_DEEP:
		form_fail(&fm->f, "parent_id", T(fm->f.lang,
		    "The menu has at most three "
		    "levels; choose a place higher up."));
		break;
	case MENU_REFUSAL_NO_PAGE:
		form_fail(&fm->f, "page_id", T(fm->f.lang,
		    "That page no longer exists; "
		    "choose another."));
		break;
	case MENU_REFUSAL_FULL:
		fm->error = T(fm->f.lang, "The menu already holds 500 items, "
		    "the most it can show. Remove some before adding more.");
		break;
	default:
		fm->error = T(fm->f.lang, "The menu changed meanwhile; please "
		    "check the form and save again.");
		break;
	}
}

/* The options of the parent select: the top level, then every item that
 * may hold the one edited (id; 0 for a new one) — never the item itself
 * nor one of its sub-items — plus the present parent, whatever it is. */
static json_t *
menu_parent_options(struct request *rq, const struct menu_admin_item *items,
    size_t n, int64_t id, const struct menu_form *fm)
{
	json_t *list = json_array(), *o;
	const char *value, *indent, *parent = form_shown(&fm->f, "parent_id");
	int levels = 1, d;
	size_t i, j;

	if (list == NULL)
		return NULL;
	for (i = 0; i < n && id != 0; i++)
		if (items[i].id == id) {
			levels = admin_menu_levels(items, n, i);
			break;
		}
	for (i = 0; i < n; i++) {
		if (items[i].id == id) {
			for (j = i + 1; j < n && items[j].depth >
			    items[i].depth; j++)
				;
			i = j - 1;
			continue;
		}
		value = arena_printf(rq->arena, "%lld", (long long)items[i].id);
		if (value == NULL)
			break;
		if (items[i].depth + 1 + levels > MENU_ADMIN_LEVELS &&
		    strcmp(value, parent) != 0)
			continue;
		indent = "";
		for (d = 0; d < items[i].depth && d < 8; d++)
			indent = arena_printf(rq->arena, "%s\u2014 ", indent);
		if ((o = json_object()) == NULL || indent == NULL)
			break;
		model_set(o, "value", value);
		model_set(o, "label", arena_printf(rq->arena, "%s%s", indent,
		    items[i].label));
		json_object_set_new(o, "selected",
		    json_boolean(strcmp(value, parent) == 0));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *
menu_page_options(struct request *rq, const struct menu_admin_page *pages,
    size_t n, const struct menu_form *fm)
{
	json_t *list = json_array(), *o;
	const char *value, *page = form_shown(&fm->f, "page_id");
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		value = arena_printf(rq->arena, "%lld", (long long)pages[i].id);
		if (value == NULL || (o = json_object()) == NULL)
			break;
		model_set(o, "value", value);
		model_set(o, "title", *pages[i].title != '\0' ?
		    pages[i].title : T(rq->lang, "(untitled)"));
		/* Pages of every language are offered: those not in the
		 * item's own say which they are in. */
		if (strcmp(pages[i].lang, fm->own) == 0)
			model_set(o, "note", pages[i].published ? "" :
			    T(rq->lang, "draft"));
		else
			model_set(o, "note", pages[i].published ?
			    pages[i].lang : arena_printf(rq->arena, "%s, %s",
			    pages[i].lang, T(rq->lang, "draft")));
		json_object_set_new(o, "selected",
		    json_boolean(strcmp(value, page) == 0));
		json_array_append_new(list, o);
	}
	return list;
}

/* The label and description fields of the other languages, as typed,
 * with their messages. */
static json_t *
menu_text_fields(struct request *rq, const struct menu_form *fm)
{
	json_t *list = json_array(), *o;
	const char *label, *description;
	size_t i, k;

	if (list == NULL)
		return NULL;
	for (i = 0; i < fm->nothers; i++) {
		if ((o = json_object()) == NULL)
			break;
		k = MENU_NFIELDS + i * MENU_TEXT_NFIELDS;
		label = fm->names[k];
		description = fm->names[k + 1];
		model_set(o, "code", fm->others[i]);
		model_set(o, "name", lang_display_name(rq->arena,
		    fm->others[i], rq->lang));
		model_set(o, "label_name", label);
		model_set(o, "description_name", description);
		model_set(o, "label", form_shown(&fm->f, label));
		model_set(o, "description", form_shown(&fm->f, description));
		model_set(o, "label_error", form_message(&fm->f, label,
		    fm->labels[k]));
		model_set(o, "description_error", form_message(&fm->f,
		    description, fm->labels[k + 1]));
		json_array_append_new(list, o);
	}
	return list;
}

/* Appends value, when not empty, to the options list as the one
 * selected, shown as itself under key. */
static void
kept_choice(json_t *list, const char *key, const char *value)
{
	json_t *o;

	if (list == NULL || *value == '\0' || (o = json_object()) == NULL)
		return;
	model_set(o, "value", value);
	model_set(o, key, value);
	json_object_set_new(o, "selected", json_true());
	json_array_append_new(list, o);
}

/* Renders the item form: for item id (0: a new one) posting to action,
 * with fm as typed and its messages, answering with status. */
static int
menu_form_render(struct request *rq, struct response *rs,
    const struct menu_form *fm, int64_t id, const char *action, int status)
{
	struct menu_admin_item *items = NULL;
	struct menu_admin_page *pages = NULL;
	size_t nitems = 0, npages = 0, nerr;
	const char *target;
	json_t *model, *form, *parents, *page_list;
	enum menu_target t;
	bool lists;

	lists = store_menu_admin_tree(rq->db, rq->arena, &items, &nitems) ==
	    STORE_OK && store_menu_admin_pages(rq->db, rq->arena,
	    form_id(&fm->f, "page_id"), &pages,
	    &npages) == STORE_OK;
	/* Without the lists an empty form is not worth showing; a posted
	 * one comes back with the editor's text all the same. */
	if (!lists && status < 400)
		return 500;
	if (!lists)
		nitems = npages = 0;
	if ((model = admin_model(rq, id != 0 ? T(rq->lang, "Edit menu item") :
	    T(rq->lang, "New menu item"), "menu")) == NULL ||
	    (form = json_object()) == NULL ||
	    json_object_set_new(model, "form", form) == -1)
		return 500;
	model_set(model, "action", action);
	model_set(model, "menu_url", url_admin_items(rq->arena, "menu", 0));
	json_object_set_new(model, "editing", json_boolean(id != 0));
	model_set(model, "own_lang", fm->own);
	model_set(model, "own_lang_name", lang_display_name(rq->arena,
	    fm->own, rq->lang));
	json_object_set_new(model, "has_translations",
	    json_boolean(fm->nothers > 0));
	json_object_set_new(model, "translations", menu_text_fields(rq, fm));
	target = form_shown(&fm->f, "target");
	model_set(form, "label", form_shown(&fm->f, "label"));
	model_set(form, "description", form_shown(&fm->f, "description"));
	model_set(form, "url", form_shown(&fm->f, "url"));
	/* target_page, target_news ...: the radio button to check. */
	for (t = 0; t < MENU_TARGET_COUNT; t++)
		json_object_set_new(form, arena_printf(rq->arena, "target_%s",
		    store_menu_target_name(t)), json_boolean(strcmp(target,
		    store_menu_target_name(t)) == 0));
	json_object_set_new(form, "top_level",
	    json_boolean(*form_shown(&fm->f, "parent_id") == '\0'));
	json_object_set_new(form, "no_page",
	    json_boolean(*form_shown(&fm->f, "page_id") == '\0'));
	parents = menu_parent_options(rq, items, nitems, id, fm);
	page_list = menu_page_options(rq, pages, npages, fm);
	if (!lists) {
		/* The choices sent are kept, by number. */
		kept_choice(parents, "label", form_shown(&fm->f, "parent_id"));
		kept_choice(page_list, "title", form_shown(&fm->f, "page_id"));
	}
	json_object_set_new(model, "parents", parents);
	json_object_set_new(model, "pages", page_list);
	nerr = admin_form_errors(model, &fm->f, fm->names, fm->labels,
	    fm->f.n);
	model_set(model, "error", fm->error);
	json_object_set_new(model, "has_errors",
	    json_boolean(nerr > 0 || fm->error != NULL));
	return layout_render(rq, rs, "admin_menu_form", model, status);
}

/* GET /admin/menu/new: an empty item form; ?parent_id=N puts it under
 * item N. */
int
admin_menu_new(struct request *rq, struct response *rs)
{
	const char *parent = request_query(rq, "parent_id");
	struct menu_form fm;
	int64_t id;

	if (menu_form_init(rq, &fm, NULL) != 0)
		return 500;
	if (num_parse_id(parent, &id) == 0)
		form_set(&fm.f, "parent_id", parent, false);
	return menu_form_render(rq, rs, &fm, 0, url_admin_items(rq->arena,
	    "menu", 0), 200);
}

/* The change of a valid form: item id saved, or a new item when id is 0,
 * with its audit line and flash, in one transaction. *why says why the
 * store refused it; *message why it was not kept otherwise. */
static enum store_status
menu_store(struct request *rq, int64_t id, const struct menu_form *fm,
    enum menu_refusal *why, const char **message)
{
	struct menu_admin_fields v = menu_values(rq, fm);
	enum store_status st;
	int64_t new_id;
	bool unrecorded = false;

	if ((st = store_tx_begin(rq->db)) == STORE_OK) {
		if (id != 0)
			st = store_menu_admin_update(rq->db, id, &v, why);
		else
			st = store_menu_admin_add(rq->db, fm->own, &v,
			    &new_id, why);
		if (st != STORE_OK)
			store_tx_rollback(rq->db);
		else
			st = admin_menu_commit(rq, id != 0 ? "edited" : "added",
			    v.label, &unrecorded);
	}
	if (st != STORE_OK)
		*message = audit_failure_text(st, unrecorded);
	return st;
}

/* Saves the form of a POST as item id, or as a new item when id is 0. */
static int
menu_save(struct request *rq, struct response *rs, int64_t id,
    const char *action)
{
	enum menu_refusal why = MENU_REFUSAL_NONE;
	struct menu_admin_item m;
	enum store_status st;
	struct menu_form fm;

	/* The other languages are those besides the item's own; an item
	 * gone meanwhile is refused by the store below. */
	st = id != 0 ? store_menu_admin_item(rq->db, rq->arena, id, &m) :
	    STORE_NOTFOUND;
	if (menu_form_init(rq, &fm, st == STORE_OK ? m.lang : NULL) != 0)
		return 500;
	form_read(&fm.f, rq);
	menu_check(&fm);
	if (!form_ok(&fm.f))
		return menu_form_render(rq, rs, &fm, id, action, 422);
	st = menu_store(rq, id, &fm, &why, &fm.error);
	if (st == STORE_OK)
		return admin_menu_done(rq, rs);
	if (st == STORE_NOTFOUND && why == MENU_REFUSAL_GONE) {
		/* Deleted by someone else meanwhile: offer the text back as a
		 * new item rather than lose it. */
		fm.error = T(rq->lang, "This item was deleted while you were "
		    "editing it. Save to add it to the menu again.");
		return menu_form_render(rq, rs, &fm, 0,
		    url_admin_items(rq->arena, "menu", 0), 409);
	}
	if (st == STORE_NOTFOUND) {
		fm.error = NULL;
		menu_refusal_message(&fm, why);
		return menu_form_render(rq, rs, &fm, id, action, 422);
	}
	return menu_form_render(rq, rs, &fm, id, action,
	    store_http_status(st));
}

/* POST /admin/menu: adds an item. */
int
admin_menu_create(struct request *rq, struct response *rs)
{
	return menu_save(rq, rs, 0, url_admin_items(rq->arena, "menu", 0));
}

/* GET /admin/menu/<id>/edit: the item's form. */
int
admin_menu_edit(struct request *rq, struct response *rs)
{
	struct menu_admin_item m;
	struct menu_form fm;
	int status;

	if ((status = admin_menu_item(rq, &m)) != 0)
		return status;
	if (menu_form_from_item(rq, &fm, &m) != 0)
		return 500;
	return menu_form_render(rq, rs, &fm, m.id, url_admin_item(
	    rq->arena, "menu", m.id, NULL), 200);
}

/* POST /admin/menu/<id>: saves the item. */
int
admin_menu_update(struct request *rq, struct response *rs)
{
	int64_t id = route_id(rq, 0);

	return menu_save(rq, rs, id, url_admin_item(rq->arena, "menu", id,
	    NULL));
}


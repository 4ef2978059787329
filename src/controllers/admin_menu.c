/* admin_menu.c: the menu editor (admins only): the tree, the item form,
 * deleting behind a confirmation, and moving and nesting items. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "auth.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/menu_admin.h"

/* The limits admin.md sets for an item's fields, in characters. */
#define MENU_LABEL_MAX		100
#define MENU_DESCRIPTION_MAX	500
#define MENU_URL_MAX		2000
/* 18 digits: every id SQLite can hand out fits, and no overflow. */
#define MENU_ID_DIGITS_MAX	18

/* An item's fields as typed (never NULL: "" when absent), the message at
 * each (NULL when fine), and the clean values once all are fine. */
struct menu_form {
	const char	*label, *description, *target, *page_id, *url;
	const char	*parent_id;
	const char	*label_error, *description_error, *target_error;
	const char	*page_id_error, *url_error, *parent_id_error;
	const char	*error;		/* about the whole form */
	struct menu_admin_fields fields;
};

/* The length of the valid UTF-8 sequence at p (NUL-terminated), or 0 when
 * it is not one: overlong forms, surrogates and code points past U+10FFFF
 * are refused. */
static size_t
menu_utf8_seq(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ?
		    3 : 0;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
		    (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* The characters of s, or -1 when s is not valid UTF-8. */
static long
menu_utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;
	size_t len;

	for (; *p != '\0'; p += len, n++)
		if ((len = menu_utf8_seq(p)) == 0)
			return -1;
	return n;
}

/* s with each byte that is not part of valid UTF-8 replaced by U+FFFD, so
 * that a refused form shows the rest of what was typed; in the arena. */
static const char *
menu_utf8_clean(struct arena *a, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;
	size_t len;

	if (menu_utf8_chars(s) >= 0)
		return s;
	/* At most three bytes out for each byte in. */
	if ((out = arena_alloc(a, strlen(s) * 3 + 1)) == NULL)
		return "";
	for (o = out; *p != '\0'; p += len) {
		if ((len = menu_utf8_seq(p)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			len = 1;
		} else {
			memcpy(o, p, len);
			o += len;
		}
	}
	*o = '\0';
	return out;
}

/* Whether s holds a control character; tab, CR and LF pass when
 * multiline. */
static bool
menu_has_control(const char *s, bool multiline)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 || *p == 0x7f) && !(multiline &&
		    (*p == '\t' || *p == '\r' || *p == '\n')))
			return true;
	return false;
}

/* s without leading and trailing blanks (space, tab, CR, LF), in the
 * arena. */
static const char *
menu_trim(struct arena *a, const char *s)
{
	size_t len;

	s += strspn(s, " \t\r\n");
	for (len = strlen(s); len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL;
	    len--)
		;
	return arena_strndup(a, s, len);
}

/* An id as a form or a URL carries it: 1 to 18 digits, not 0. */
static bool
menu_parse_id(const char *s, int64_t *id)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > MENU_ID_DIGITS_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	*id = strtoll(s, NULL, 10);
	return *id > 0;
}

/* A field of the POST body, as typed; *error set when it cannot be read
 * (an encoded NUL, a bad escape) or is not UTF-8. */
static const char *
menu_field(struct request *rq, const char *name, const char **error)
{
	const char *v;
	bool bad = false;

	v = request_form(rq, name, &bad);
	if (bad) {
		*error = "This field held characters that cannot be read "
		    "(such as a NUL byte); please type it again.";
		return "";
	}
	if (v == NULL)
		return "";
	if (menu_utf8_chars(v) < 0) {
		*error = "This field held bytes that are not valid UTF-8 "
		    "text; please check it.";
		return menu_utf8_clean(rq->arena, v);
	}
	return v;
}

/* Checks an external address: http:// or https://, a host, no blanks or
 * control characters. NULL when fine, else the message. */
static const char *
menu_url_problem(const char *url)
{
	const char *rest;
	long n;

	if (*url == '\0')
		return "Enter the address of the page to link to, starting "
		    "with https:// or http://.";
	if ((n = menu_utf8_chars(url)) < 0)
		return "The address holds bytes that are not valid UTF-8.";
	if (n > MENU_URL_MAX)
		return "The address is longer than 2,000 characters.";
	if (strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return "Only web addresses starting with https:// or http:// "
		    "are allowed (javascript:, data: and others are not).";
	if (strpbrk(url, " ") != NULL || menu_has_control(url, false))
		return "The address must not contain spaces or control "
		    "characters.";
	if (*rest == '\0' || strchr("/?#\\@", *rest) != NULL)
		return "The address needs a site name after the //.";
	return NULL;
}

/* Reads and checks the item form of a POST into fm. Returns the number
 * of fields refused. */
static int
menu_form_read(struct request *rq, struct menu_form *fm)
{
	long n;
	int errors = 0;

	memset(fm, 0, sizeof(*fm));
	fm->label = menu_field(rq, "label", &fm->label_error);
	fm->description = menu_field(rq, "description",
	    &fm->description_error);
	fm->target = menu_field(rq, "target", &fm->target_error);
	fm->page_id = menu_field(rq, "page_id", &fm->page_id_error);
	fm->url = menu_field(rq, "url", &fm->url_error);
	fm->parent_id = menu_field(rq, "parent_id", &fm->parent_id_error);

	fm->fields.label = menu_trim(rq->arena, fm->label);
	fm->fields.description = menu_trim(rq->arena, fm->description);
	fm->fields.url = menu_trim(rq->arena, fm->url);
	if (fm->fields.label == NULL || fm->fields.description == NULL ||
	    fm->fields.url == NULL) {
		fm->error = "The server ran out of memory; please try again.";
		return 1;
	}

	if (fm->label_error == NULL) {
		n = menu_utf8_chars(fm->fields.label);
		if (n == 0)
			fm->label_error = "Enter a label: the text the menu "
			    "shows.";
		else if (menu_has_control(fm->fields.label, false))
			fm->label_error = "The label must be one line, "
			    "without control characters.";
		else if (n > MENU_LABEL_MAX)
			fm->label_error = "The label is longer than 100 "
			    "characters.";
	}
	if (fm->description_error == NULL) {
		if (menu_has_control(fm->fields.description, true))
			fm->description_error = "The description must not "
			    "contain control characters.";
		else if (menu_utf8_chars(fm->fields.description) >
		    MENU_DESCRIPTION_MAX)
			fm->description_error = "The description is longer "
			    "than 500 characters.";
	}
	if (fm->target_error == NULL) {
		if (strcmp(fm->target, "page") == 0)
			fm->fields.target = MENU_PAGE;
		else if (strcmp(fm->target, "news") == 0)
			fm->fields.target = MENU_NEWS;
		else if (strcmp(fm->target, "url") == 0)
			fm->fields.target = MENU_URL;
		else
			fm->target_error = "Choose what the item links to: a "
			    "page, the news list or another site.";
	}
	if (fm->target_error == NULL && fm->fields.target == MENU_PAGE &&
	    fm->page_id_error == NULL &&
	    !menu_parse_id(fm->page_id, &fm->fields.page_id))
		fm->page_id_error = *fm->page_id == '\0' ?
		    "Choose the page to link to." :
		    "Choose a page from the list.";
	if (fm->target_error == NULL && fm->fields.target == MENU_URL &&
	    fm->url_error == NULL)
		fm->url_error = menu_url_problem(fm->fields.url);
	if (fm->parent_id_error == NULL && *fm->parent_id != '\0' &&
	    !menu_parse_id(fm->parent_id, &fm->fields.parent_id))
		fm->parent_id_error = "Choose where the item goes from the "
		    "list.";

	/* A message only for the fields the chosen target uses. */
	if (fm->target_error != NULL || fm->fields.target != MENU_PAGE)
		fm->page_id_error = NULL;
	if (fm->target_error != NULL || fm->fields.target != MENU_URL)
		fm->url_error = NULL;
	errors += fm->label_error != NULL;
	errors += fm->description_error != NULL;
	errors += fm->target_error != NULL;
	errors += fm->page_id_error != NULL;
	errors += fm->url_error != NULL;
	errors += fm->parent_id_error != NULL;
	return errors;
}

/* The form filled from a stored item, for editing. */
static void
menu_form_from_item(struct request *rq, struct menu_form *fm,
    const struct menu_admin_item *m)
{
	memset(fm, 0, sizeof(*fm));
	fm->label = m->label;
	fm->description = m->description;
	fm->target = m->target == MENU_NEWS ? "news" :
	    m->target == MENU_URL ? "url" : "page";
	fm->page_id = m->page_id != 0 ? arena_printf(rq->arena, "%lld",
	    (long long)m->page_id) : "";
	fm->url = m->url;
	fm->parent_id = m->parent_id != 0 ? arena_printf(rq->arena, "%lld",
	    (long long)m->parent_id) : "";
	if (fm->page_id == NULL || fm->parent_id == NULL)
		fm->page_id = fm->parent_id = "";
}

/* The message and status for a database that cannot take the change:
 * 503 for what passes (busy, read-only, full), else 500. */
static int
menu_store_failure(struct menu_form *fm, enum store_status st)
{
	switch (st) {
	case STORE_BUSY:
		fm->error = "The database is busy. Nothing was saved; your "
		    "entries are kept below. Please try again in a moment.";
		return 503;
	case STORE_READONLY:
		fm->error = "The database cannot be written just now. Nothing "
		    "was saved; your entries are kept below. Please try again "
		    "later or tell the site's administrator.";
		return 503;
	case STORE_FULL:
		fm->error = "The database or its disk is full. Nothing was "
		    "saved; your entries are kept below. Please tell the "
		    "site's administrator.";
		return 503;
	default:
		return 500;
	}
}

/* Puts a refusal of the store at the field it concerns. */
static void
menu_refusal_message(struct menu_form *fm, enum menu_refusal why)
{
	switch (why) {
	case MENU_REFUSAL_NO_PARENT:
		fm->parent_id_error = "That item no longer exists; choose "
		    "another place.";
		break;
	case MENU_REFUSAL_CYCLE:
		fm->parent_id_error = "An item cannot go under itself or "
		    "under one of its own sub-items.";
		break;
	case MENU_REFUSAL_TOO_DEEP:
		fm->parent_id_error = "The menu has at most three levels; "
		    "choose a place higher up.";
		break;
	case MENU_REFUSAL_NO_PAGE:
		fm->page_id_error = "That page no longer exists; choose "
		    "another.";
		break;
	case MENU_REFUSAL_FULL:
		fm->error = "The menu already holds 500 items, the most it "
		    "can show. Remove some before adding more.";
		break;
	default:
		fm->error = "The menu changed meanwhile; please check the "
		    "form and save again.";
		break;
	}
}

/* Notes message (when not NULL) at field: in errors, for the field, and
 * in list, the summary above the form, linking to anchor. */
static void
menu_add_error(json_t *errors, json_t *list, const char *field,
    const char *anchor, const char *message)
{
	json_t *o;

	if (message == NULL)
		return;
	model_set(errors, field, message);
	if ((o = json_object()) == NULL)
		return;
	model_set(o, "anchor", anchor);
	model_set(o, "message", message);
	json_array_append_new(list, o);
}

/* The levels of the subtree of items[i] (1: no children); items come in
 * reading order, so the subtree is the run of deeper items after it. */
static int
menu_levels(const struct menu_admin_item *items, size_t n, size_t i)
{
	int deepest = items[i].depth;
	size_t j;

	for (j = i + 1; j < n && items[j].depth > items[i].depth; j++)
		if (items[j].depth > deepest)
			deepest = items[j].depth;
	return deepest - items[i].depth + 1;
}

/* The options of the parent select: the top level, then every item that
 * may hold the one edited (id; 0 for a new one) — never the item itself
 * nor one of its sub-items — plus the present parent, whatever it is. */
static json_t *
menu_parent_options(struct request *rq, const struct menu_admin_item *items,
    size_t n, int64_t id, const struct menu_form *fm)
{
	json_t *list = json_array(), *o;
	const char *value, *indent;
	int levels = 1, d;
	size_t i, j;

	if (list == NULL)
		return NULL;
	for (i = 0; i < n && id != 0; i++)
		if (items[i].id == id) {
			levels = menu_levels(items, n, i);
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
		    strcmp(value, fm->parent_id) != 0)
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
		    json_boolean(strcmp(value, fm->parent_id) == 0));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *
menu_page_options(struct request *rq, const struct menu_admin_page *pages,
    size_t n, const struct menu_form *fm)
{
	json_t *list = json_array(), *o;
	const char *value;
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		value = arena_printf(rq->arena, "%lld", (long long)pages[i].id);
		if (value == NULL || (o = json_object()) == NULL)
			break;
		model_set(o, "value", value);
		model_set(o, "title", *pages[i].title != '\0' ?
		    pages[i].title : "(untitled)");
		model_set(o, "note", pages[i].published ? "" : "draft");
		json_object_set_new(o, "selected",
		    json_boolean(strcmp(value, fm->page_id) == 0));
		json_array_append_new(list, o);
	}
	return list;
}

/* Renders the item form: for item id (0: a new one) posting to action,
 * with fm as typed and its messages, answering with status. */
static int
menu_form_render(struct request *rq, struct response *rs,
    const struct menu_form *fm, int64_t id, const char *action, int status)
{
	struct menu_admin_item *items;
	struct menu_admin_page *pages;
	size_t nitems, npages;
	json_t *model, *form, *errors, *list;

	if (store_menu_admin_tree(rq->db, rq->arena, rq->lang, &items,
	    &nitems) != STORE_OK ||
	    store_menu_admin_pages(rq->db, rq->arena, rq->lang, &pages,
	    &npages) != STORE_OK)
		return status >= 500 ? status : 500;
	if ((model = admin_model(rq, id != 0 ? "Edit menu item" :
	    "New menu item", "menu")) == NULL ||
	    (form = json_object()) == NULL ||
	    json_object_set_new(model, "form", form) == -1 ||
	    (errors = json_object()) == NULL ||
	    json_object_set_new(model, "errors", errors) == -1 ||
	    (list = json_array()) == NULL ||
	    json_object_set_new(model, "error_list", list) == -1)
		return 500;
	model_set(model, "action", action);
	json_object_set_new(model, "editing", json_boolean(id != 0));
	model_set(form, "label", fm->label);
	model_set(form, "description", fm->description);
	model_set(form, "url", fm->url);
	json_object_set_new(form, "target_page",
	    json_boolean(strcmp(fm->target, "page") == 0));
	json_object_set_new(form, "target_news",
	    json_boolean(strcmp(fm->target, "news") == 0));
	json_object_set_new(form, "target_url",
	    json_boolean(strcmp(fm->target, "url") == 0));
	json_object_set_new(form, "top_level",
	    json_boolean(*fm->parent_id == '\0'));
	json_object_set_new(form, "no_page",
	    json_boolean(*fm->page_id == '\0'));
	json_object_set_new(model, "parents",
	    menu_parent_options(rq, items, nitems, id, fm));
	json_object_set_new(model, "pages",
	    menu_page_options(rq, pages, npages, fm));
	menu_add_error(errors, list, "label", "label", fm->label_error);
	menu_add_error(errors, list, "description", "description",
	    fm->description_error);
	menu_add_error(errors, list, "target", "target-page",
	    fm->target_error);
	menu_add_error(errors, list, "page_id", "page_id", fm->page_id_error);
	menu_add_error(errors, list, "url", "url", fm->url_error);
	menu_add_error(errors, list, "parent_id", "parent_id",
	    fm->parent_id_error);
	model_set(model, "error", fm->error);
	json_object_set_new(model, "has_field_errors",
	    json_boolean(json_array_size(list) > 0));
	json_object_set_new(model, "has_errors",
	    json_boolean(json_array_size(list) > 0 || fm->error != NULL));
	return layout_render(rq, rs, "admin_menu_form", model, status);
}

/* The menu page's view of items[i] and, through children, its subtree. */
static json_t *
menu_node(struct request *rq, const struct menu_admin_item *items, size_t n,
    size_t i)
{
	const struct menu_admin_item *m = &items[i];
	bool prev = false, next = false;
	long long id = (long long)m->id;
	json_t *o;
	size_t j;

	if ((o = json_object()) == NULL)
		return NULL;
	/* Siblings are the nearest items of the same depth before and after
	 * it with no shallower item between. */
	for (j = i; j > 0 && items[j - 1].depth >= m->depth; j--)
		if (items[j - 1].depth == m->depth) {
			prev = true;
			break;
		}
	for (j = i + 1; j < n && items[j].depth >= m->depth; j++)
		if (items[j].depth == m->depth) {
			next = true;
			break;
		}
	model_set(o, "label", m->label);
	model_set(o, "edit_url", arena_printf(rq->arena,
	    "/admin/menu/%lld/edit", id));
	model_set(o, "delete_url", arena_printf(rq->arena,
	    "/admin/menu/%lld/delete", id));
	model_set(o, "move_url", arena_printf(rq->arena,
	    "/admin/menu/%lld/move", id));
	model_set(o, "new_child_url", m->depth + 1 < MENU_ADMIN_LEVELS ?
	    arena_printf(rq->arena, "/admin/menu/new?parent_id=%lld", id) :
	    "");
	json_object_set_new(o, "is_section", json_boolean(m->depth == 0));
	/* Every key is set on every node: a missing one would be looked up
	 * in the enclosing item instead. */
	model_set(o, "description", m->depth == 0 ? m->description : "");
	json_object_set_new(o, "target_missing", json_false());
	model_set(o, "target_edit_url", "");
	switch (m->target) {
	case MENU_NEWS:
		model_set(o, "target_kind", "News list");
		model_set(o, "target_text", "");
		break;
	case MENU_URL:
		model_set(o, "target_kind", "Link");
		model_set(o, "target_text", m->url);
		break;
	default:
		model_set(o, "target_kind", "Page");
		if (m->page_id == 0) {
			model_set(o, "target_text", "(page deleted: choose "
			    "another target)");
			json_object_set_new(o, "target_missing", json_true());
		} else {
			model_set(o, "target_text", *m->page_title != '\0' ?
			    m->page_title : "(untitled)");
			model_set(o, "target_edit_url", arena_printf(
			    rq->arena, "/admin/pages/%lld/edit",
			    (long long)m->page_id));
		}
		break;
	}
	json_object_set_new(o, "can_up", json_boolean(prev));
	json_object_set_new(o, "can_down", json_boolean(next));
	json_object_set_new(o, "can_in", json_boolean(prev && m->depth + 1 +
	    menu_levels(items, n, i) <= MENU_ADMIN_LEVELS));
	json_object_set_new(o, "can_out", json_boolean(m->depth > 0));
	json_object_set_new(o, "too_deep",
	    json_boolean(m->depth >= MENU_ADMIN_LEVELS));
	json_object_set_new(o, "has_children", json_false());
	json_object_set_new(o, "children", json_array());
	return o;
}

/* Renders the menu page with error (NULL for none) and status. */
static int
menu_index_render(struct request *rq, struct response *rs,
    const char *error, int status)
{
	struct menu_admin_item *items;
	json_t *model, *top, *o, *lists[MENU_ADMIN_LEVELS];
	size_t n, i;
	int d;

	if (store_menu_admin_tree(rq->db, rq->arena, rq->lang, &items, &n) !=
	    STORE_OK)
		return status >= 500 ? status : 500;
	if ((model = admin_model(rq, "Menu", "menu")) == NULL ||
	    (top = json_array()) == NULL ||
	    json_object_set_new(model, "items", top) == -1)
		return 500;
	/* The page draws MENU_ADMIN_LEVELS levels; an item nested deeper by
	 * hand shows on the last one, marked, so that it can be moved out. */
	lists[0] = top;
	for (d = 1; d < MENU_ADMIN_LEVELS; d++)
		lists[d] = NULL;
	for (i = 0; i < n; i++) {
		d = items[i].depth < MENU_ADMIN_LEVELS ? items[i].depth :
		    MENU_ADMIN_LEVELS - 1;
		if (lists[d] == NULL || (o = menu_node(rq, items, n, i)) ==
		    NULL)
			continue;
		json_array_append_new(lists[d], o);
		if (d > 0 && items[i].depth == d)
			json_object_set_new(json_array_get(lists[d - 1],
			    json_array_size(lists[d - 1]) - 1),
			    "has_children", json_true());
		if (d + 1 < MENU_ADMIN_LEVELS)
			lists[d + 1] = json_object_get(o, "children");
	}
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	model_set(model, "error", error);
	return layout_render(rq, rs, "admin_menu", model, status);
}

/* The item of the route's first capture into *m: 0, or the status to
 * answer with (404 for a bad or unknown id). */
static int
menu_route_item(struct request *rq, struct menu_admin_item *m)
{
	enum store_status st;
	int64_t id = route_id(rq, 0);

	st = store_menu_admin_item(rq->db, rq->arena, rq->lang, id, m);
	return st == STORE_OK ? 0 : store_http_status(st);
}

/* After a change: the audit line, the flash, back to the menu. */
static int
menu_done(struct request *rq, struct response *rs, const char *verb,
    const char *label)
{
	audit_add(rq, NULL, "menu", arena_printf(rq->arena, "%s %s", verb,
	    label));
	audit_flash(rq, "Menu saved.");
	response_set_header(rs, "Location", "/admin/menu");
	return 303;
}

/* GET /admin/menu: the tree with its actions. */
int
admin_menu_index(struct request *rq, struct response *rs)
{
	return menu_index_render(rq, rs, NULL, 200);
}

/* GET /admin/menu/new: an empty item form; ?parent_id=N puts it under
 * item N. */
int
admin_menu_new(struct request *rq, struct response *rs)
{
	const char *parent = request_query(rq, "parent_id");
	struct menu_form fm;
	int64_t id;

	memset(&fm, 0, sizeof(fm));
	fm.label = fm.description = fm.page_id = fm.url = "";
	fm.target = "page";
	fm.parent_id = parent != NULL && menu_parse_id(parent, &id) ?
	    parent : "";
	return menu_form_render(rq, rs, &fm, 0, "/admin/menu", 200);
}

/* Saves the form of a POST as item id, or as a new item when id is 0. */
static int
menu_save(struct request *rq, struct response *rs, int64_t id,
    const char *action)
{
	enum menu_refusal why = MENU_REFUSAL_NONE;
	enum store_status st;
	struct menu_form fm;
	int64_t new_id;
	int status;

	if (menu_form_read(rq, &fm) > 0 || fm.error != NULL)
		return menu_form_render(rq, rs, &fm, id, action, 422);
	if (id != 0)
		st = store_menu_admin_update(rq->db, rq->lang, id, &fm.fields,
		    &why);
	else
		st = store_menu_admin_add(rq->db, rq->lang, &fm.fields,
		    &new_id, &why);
	if (st == STORE_OK)
		return menu_done(rq, rs, id != 0 ? "edited" : "added",
		    fm.fields.label);
	if (st == STORE_NOTFOUND && why == MENU_REFUSAL_GONE) {
		/* Deleted by someone else meanwhile: offer the text back as a
		 * new item rather than lose it. */
		fm.error = "This item was deleted while you were editing it. "
		    "Save to add it to the menu again.";
		return menu_form_render(rq, rs, &fm, 0, "/admin/menu", 409);
	}
	if (st == STORE_NOTFOUND) {
		menu_refusal_message(&fm, why);
		return menu_form_render(rq, rs, &fm, id, action, 422);
	}
	if ((status = menu_store_failure(&fm, st)) != 503)
		return status;
	return menu_form_render(rq, rs, &fm, id, action, 503);
}

/* POST /admin/menu: adds an item. */
int
admin_menu_create(struct request *rq, struct response *rs)
{
	return menu_save(rq, rs, 0, "/admin/menu");
}

/* GET /admin/menu/<id>/edit: the item's form. */
int
admin_menu_edit(struct request *rq, struct response *rs)
{
	struct menu_admin_item m;
	struct menu_form fm;
	int status;

	if ((status = menu_route_item(rq, &m)) != 0)
		return status;
	menu_form_from_item(rq, &fm, &m);
	return menu_form_render(rq, rs, &fm, m.id, arena_printf(rq->arena,
	    "/admin/menu/%lld", (long long)m.id), 200);
}

/* POST /admin/menu/<id>: saves the item. */
int
admin_menu_update(struct request *rq, struct response *rs)
{
	int64_t id = route_id(rq, 0);

	return menu_save(rq, rs, id, arena_printf(rq->arena,
	    "/admin/menu/%lld", (long long)id));
}

/* The confirmation page of deleting m, with error and status. */
static int
menu_confirm_render(struct request *rq, struct response *rs,
    const struct menu_admin_item *m, const char *error, int status)
{
	struct menu_admin_item *items;
	json_t *model;
	size_t n, i, below = 0;

	if (store_menu_admin_tree(rq->db, rq->arena, rq->lang, &items, &n) !=
	    STORE_OK)
		return status >= 500 ? status : 500;
	for (i = 0; i < n && items[i].id != m->id; i++)
		;
	for (i++; i < n && items[i].depth > m->depth; i++)
		below++;
	if ((model = admin_model(rq, "Delete menu item", "menu")) == NULL)
		return 500;
	model_set(model, "label", m->label);
	model_set(model, "action", arena_printf(rq->arena,
	    "/admin/menu/%lld/delete", (long long)m->id));
	json_object_set_new(model, "below", json_integer((json_int_t)below));
	json_object_set_new(model, "has_below", json_boolean(below > 0));
	json_object_set_new(model, "below_one", json_boolean(below == 1));
	model_set(model, "error", error);
	return layout_render(rq, rs, "admin_menu_confirm", model, status);
}

/* GET /admin/menu/<id>/delete: asks before deleting. */
int
admin_menu_confirm(struct request *rq, struct response *rs)
{
	struct menu_admin_item m;
	int status;

	if ((status = menu_route_item(rq, &m)) != 0)
		return status;
	return menu_confirm_render(rq, rs, &m, NULL, 200);
}

/* POST /admin/menu/<id>/delete: deletes the item and its sub-items. */
int
admin_menu_delete(struct request *rq, struct response *rs)
{
	enum menu_refusal why;
	struct menu_admin_item m;
	struct menu_form fm;
	enum store_status st;
	int status;

	if ((status = menu_route_item(rq, &m)) != 0)
		return status;
	st = store_menu_admin_delete(rq->db, rq->lang, m.id, &why);
	if (st == STORE_OK)
		return menu_done(rq, rs, "deleted", m.label);
	if (st == STORE_NOTFOUND)
		return 404;
	memset(&fm, 0, sizeof(fm));
	if ((status = menu_store_failure(&fm, st)) != 503)
		return status;
	return menu_confirm_render(rq, rs, &m, "The database could not take "
	    "the change just now; nothing was deleted. Please try again in a "
	    "moment.", 503);
}

/* POST /admin/menu/<id>/move: direction up, down, in or out. */
int
admin_menu_move(struct request *rq, struct response *rs)
{
	static const struct {
		const char	*name;
		enum menu_move	 move;
	} directions[] = {
		{ "up", MENU_MOVE_UP },
		{ "down", MENU_MOVE_DOWN },
		{ "in", MENU_MOVE_IN },
		{ "out", MENU_MOVE_OUT },
	};
	const char *dir, *msg;
	enum menu_refusal why;
	struct menu_admin_item m;
	enum store_status st;
	struct menu_form fm;
	size_t i;
	bool bad;
	int status;

	if ((status = menu_route_item(rq, &m)) != 0)
		return status;
	if ((dir = request_form(rq, "direction", &bad)) == NULL)
		return 400;
	for (i = 0; i < sizeof(directions) / sizeof(directions[0]); i++)
		if (strcmp(dir, directions[i].name) == 0)
			break;
	if (i == sizeof(directions) / sizeof(directions[0]))
		return 400;
	st = store_menu_admin_move(rq->db, rq->lang, m.id,
	    directions[i].move, &why);
	if (st == STORE_OK)
		return menu_done(rq, rs, "moved", m.label);
	if (st == STORE_NOTFOUND) {
		switch (why) {
		case MENU_REFUSAL_GONE:
			return 404;
		case MENU_REFUSAL_NO_SIBLING:
			msg = directions[i].move == MENU_MOVE_IN ?
			    "“%s” has no item above it to go under." :
			    directions[i].move == MENU_MOVE_UP ?
			    "“%s” is already the first of its level." :
			    "“%s” is already the last of its level.";
			break;
		case MENU_REFUSAL_TOP_LEVEL:
			msg = "“%s” is already at the top level.";
			break;
		case MENU_REFUSAL_TOO_DEEP:
			msg = "“%s” cannot go deeper: the menu has at most "
			    "three levels.";
			break;
		default:
			msg = "“%s” could not be moved: the menu changed "
			    "meanwhile.";
			break;
		}
		return menu_index_render(rq, rs, arena_printf(rq->arena, msg,
		    m.label), 422);
	}
	memset(&fm, 0, sizeof(fm));
	if ((status = menu_store_failure(&fm, st)) != 503)
		return status;
	return menu_index_render(rq, rs, fm.error, 503);
}

/* admin_menu.c: the menu editor (admins only): the tree and its actions,
 * deleting behind a confirmation, moving and nesting items. Each change
 * commits with its audit line and flash message, or not at all. */
#include <string.h>

#include "audit.h"
#include "config.h"
#include "controllers/admin_menu.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/menu_admin.h"
#include "view/i18n.h"
#include "view/lang_names.h"
#include "view/urls.h"

/* The levels of the subtree of items[i] (1: no children); items come in
 * reading order, so the subtree is the run of deeper items after it. */
int
admin_menu_levels(const struct menu_admin_item *items, size_t n, size_t i)
{
	int deepest = items[i].depth;
	size_t j;

	for (j = i + 1; j < n && items[j].depth > items[i].depth; j++)
		if (items[j].depth > deepest)
			deepest = items[j].depth;
	return deepest - items[i].depth + 1;
}

/* The names of the site's languages other than m's own in which m has no
 * label, as "Hungarian, Ukrainian" (the arena); "" when none lacks one. */
static const char *
missing_langs(struct request *rq, const struct menu_admin_item *m)
{
	const char *out = "", *p;
	size_t i, len;
	bool found;

	for (i = 0; rq->cfg != NULL && i < rq->cfg->nlangs && out != NULL;
	    i++) {
		if (strcmp(rq->cfg->langs[i], m->lang) == 0)
			continue;
		len = strlen(rq->cfg->langs[i]);
		found = false;
		for (p = m->text_langs; *p != '\0' && !found;
		    p += strcspn(p, " "), p += strspn(p, " "))
			found = strncmp(p, rq->cfg->langs[i], len) == 0 &&
			    (p[len] == ' ' || p[len] == '\0');
		if (!found)
			out = arena_printf(rq->arena, "%s%s%s", out,
			    *out != '\0' ? ", " : "", lang_display_name(
			    rq->arena, rq->cfg->langs[i], rq->lang));
	}
	return out;
}

/* What the menu page calls a target that is one of the site's lists,
 * by enum menu_target. */
static const char *const list_names[MENU_TARGET_COUNT] = {
	[MENU_PROJECTS] = N_("Projects list"),
	[MENU_EVENTS] = N_("Events list"),
	[MENU_RESOURCES] = N_("Data and Resources list"),
};

/* The menu page's view of items[i] and, through children, its subtree. */
static json_t *
menu_node(struct request *rq, const struct menu_admin_item *items, size_t n,
    size_t i)
{
	const struct menu_admin_item *m = &items[i];
	bool prev = false, next = false;
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
	model_set(o, "lang", m->lang);
	model_set(o, "lang_name", lang_display_name(rq->arena, m->lang,
	    rq->lang));
	model_set(o, "missing_langs", missing_langs(rq, m));
	model_set(o, "edit_url", url_admin_item(rq->arena, "menu", m->id,
	    "edit"));
	model_set(o, "delete_url", url_admin_item(rq->arena, "menu", m->id,
	    "delete"));
	model_set(o, "move_url", url_admin_item(rq->arena, "menu", m->id,
	    "move"));
	model_set(o, "new_child_url", m->depth + 1 < MENU_ADMIN_LEVELS ?
	    url_admin_menu_new(rq->arena, m->id) : "");
	json_object_set_new(o, "is_section", json_boolean(m->depth == 0));
	/* Every key is set on every node: a missing one would be looked up
	 * in the enclosing item instead. */
	model_set(o, "description", m->depth == 0 ? m->description : "");
	json_object_set_new(o, "target_missing", json_false());
	model_set(o, "target_edit_url", "");
	switch (m->target) {
	case MENU_NEWS:
		model_set(o, "target_kind", T(rq->lang, "News list"));
		model_set(o, "target_text", "");
		break;
	case MENU_URL:
		model_set(o, "target_kind", T(rq->lang, "Link"));
		model_set(o, "target_text", m->url);
		break;
	case MENU_PROJECTS:
	case MENU_EVENTS:
	case MENU_RESOURCES:
		model_set(o, "target_kind", T(rq->lang,
		    list_names[m->target]));
		model_set(o, "target_text", "");
		break;
	default:
		model_set(o, "target_kind", T(rq->lang, "Page"));
		if (m->page_id == 0) {
			model_set(o, "target_text", T(rq->lang, "(page "
			    "deleted: choose another target)"));
			json_object_set_new(o, "target_missing", json_true());
		} else {
			model_set(o, "target_text", *m->page_title != '\0' ?
			    m->page_title : T(rq->lang, "(untitled)"));
			model_set(o, "target_edit_url", url_admin_item(
			    rq->arena, "pages", m->page_id, "edit"));
		}
		break;
	}
	json_object_set_new(o, "can_up", json_boolean(prev));
	json_object_set_new(o, "can_down", json_boolean(next));
	json_object_set_new(o, "can_in", json_boolean(prev && m->depth + 1 +
	    admin_menu_levels(items, n, i) <= MENU_ADMIN_LEVELS));
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

	if (store_menu_admin_tree(rq->db, rq->arena, &items, &n) != STORE_OK)
		return status >= 500 ? status : 500;
	if ((model = admin_model(rq, T(rq->lang, "Menu"), "menu")) == NULL ||
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
	model_set(model, "new_url", url_admin_menu_new(rq->arena, 0));
	model_set(model, "error", error);
	return layout_render(rq, rs, "admin_menu", model, status);
}

/* The item of the route's first capture into *m: 0, or the status to
 * answer with (404 for a bad or unknown id). */
int
admin_menu_item(struct request *rq, struct menu_admin_item *m)
{
	enum store_status st;
	int64_t id = route_id(rq, 0);

	st = store_menu_admin_item(rq->db, rq->arena, id, m);
	return st == STORE_OK ? 0 : store_http_status(st);
}

/* After a change made in the transaction begun: its audit line ("verb
 * label") and flash, committed. STORE_OK, or the failure with all rolled
 * back (*unrecorded: as audit_commit sets it). */
enum store_status
admin_menu_commit(struct request *rq, const char *verb, const char *label,
    bool *unrecorded)
{
	return audit_commit(rq, "menu", arena_printf(rq->arena, "%s %s", verb,
	    label), T(rq->lang, "Menu saved."), unrecorded);
}

/* Why a change of the menu page (a deletion, a move) was not kept: st
 * from the store or menu_commit, with unrecorded. An msgid. */
static const char *
menu_change_text(enum store_status st, bool unrecorded)
{
	if (unrecorded)
		return N_("Nothing was changed: the change could not be "
		    "written to the audit log, and no change is kept without "
		    "its record. Please try again, or tell the site's "
		    "administrator.");
	if (st == STORE_BUSY || st == STORE_READONLY || st == STORE_FULL)
		return N_("The database could not take the change just now; "
		    "nothing was changed. Please try again in a moment.");
	return N_("The database failed; nothing was changed. Please tell the "
	    "site's administrator.");
}

/* Back to the menu after a change. */
int
admin_menu_done(struct request *rq, struct response *rs)
{
	response_set_header(rs, "Location", url_admin_items(rq->arena, "menu",
	    0));
	return 303;
}

/* GET /admin/menu: the tree with its actions. */
int
admin_menu_index(struct request *rq, struct response *rs)
{
	return menu_index_render(rq, rs, NULL, 200);
}

/* The confirmation page of deleting m, with error and status. */
static int
menu_confirm_render(struct request *rq, struct response *rs,
    const struct menu_admin_item *m, const char *error, int status)
{
	struct menu_admin_item *items;
	json_t *model;
	size_t n, i, below = 0;

	if (store_menu_admin_tree(rq->db, rq->arena, &items, &n) != STORE_OK)
		return status >= 500 ? status : 500;
	for (i = 0; i < n && items[i].id != m->id; i++)
		;
	for (i++; i < n && items[i].depth > m->depth; i++)
		below++;
	if ((model = admin_model(rq, T(rq->lang, "Delete menu item"),
	    "menu")) == NULL)
		return 500;
	model_set(model, "label", m->label);
	model_set(model, "menu_url", url_admin_items(rq->arena, "menu", 0));
	model_set(model, "action", url_admin_item(rq->arena, "menu", m->id,
	    "delete"));
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

	if ((status = admin_menu_item(rq, &m)) != 0)
		return status;
	return menu_confirm_render(rq, rs, &m, NULL, 200);
}

/* POST /admin/menu/<id>/delete: deletes the item and its sub-items, with
 * the audit line, in one transaction. */
int
admin_menu_delete(struct request *rq, struct response *rs)
{
	enum menu_refusal why;
	struct menu_admin_item m;
	enum store_status st;
	bool unrecorded = false;
	int status;

	if ((status = admin_menu_item(rq, &m)) != 0)
		return status;
	if ((st = store_tx_begin(rq->db)) == STORE_OK &&
	    (st = store_menu_admin_delete(rq->db, m.id, &why)) != STORE_OK)
		store_tx_rollback(rq->db);
	if (st == STORE_NOTFOUND)
		return 404;
	if (st == STORE_OK && (st = admin_menu_commit(rq, "deleted", m.label,
	    &unrecorded)) == STORE_OK)
		return admin_menu_done(rq, rs);
	return menu_confirm_render(rq, rs, &m, T(rq->lang,
	    menu_change_text(st, unrecorded)), store_http_status(st));
}

/* Why a move was refused, with %s for the item's label. An msgid. */
static const char *
move_refusal_text(enum menu_refusal why, enum menu_move move)
{
	switch (why) {
	case MENU_REFUSAL_NO_SIBLING:
		return move == MENU_MOVE_IN ?
		    N_("\u201c%s\u201d has no item above it to go under.") :
		    move == MENU_MOVE_UP ?
		    N_("\u201c%s\u201d is already the first of its level.") :
		    N_("\u201c%s\u201d is already the last of its level.");
	case MENU_REFUSAL_TOP_LEVEL:
		return N_("\u201c%s\u201d is already at the top level.");
	case MENU_REFUSAL_TOO_DEEP:
		return N_("\u201c%s\u201d cannot go deeper: the menu has at "
		    "most three levels.");
	default:
		return N_("\u201c%s\u201d could not be moved: the menu changed "
		    "meanwhile.");
	}
}

/* POST /admin/menu/<id>/move: direction up, down, in or out, with the
 * audit line, in one transaction. */
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
	const char *dir;
	enum menu_refusal why = MENU_REFUSAL_NONE;
	struct menu_admin_item m;
	enum store_status st;
	size_t i;
	bool bad, unrecorded = false;
	int status;

	if ((status = admin_menu_item(rq, &m)) != 0)
		return status;
	if ((dir = request_form(rq, "direction", &bad)) == NULL)
		return 400;
	for (i = 0; i < sizeof(directions) / sizeof(directions[0]); i++)
		if (strcmp(dir, directions[i].name) == 0)
			break;
	if (i == sizeof(directions) / sizeof(directions[0]))
		return 400;
	if ((st = store_tx_begin(rq->db)) == STORE_OK &&
	    (st = store_menu_admin_move(rq->db, m.id, directions[i].move,
	    &why)) != STORE_OK)
		store_tx_rollback(rq->db);
	if (st == STORE_NOTFOUND && why == MENU_REFUSAL_GONE)
		return 404;
	if (st == STORE_NOTFOUND)
		return menu_index_render(rq, rs, arena_printf(rq->arena,
		    T(rq->lang, move_refusal_text(why, directions[i].move)),
		    m.label), 422);
	if (st == STORE_OK && (st = admin_menu_commit(rq, "moved", m.label,
	    &unrecorded)) == STORE_OK)
		return admin_menu_done(rq, rs);
	return menu_index_render(rq, rs, T(rq->lang, menu_change_text(st,
	    unrecorded)),
	    store_http_status(st));
}

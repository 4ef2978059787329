/* admin_content_actions.c: publishing, unpublishing and deleting a
 * release or page, each behind its confirmation page. */
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "purge.h"
#include "request.h"
#include "response.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* The three changes behind a confirmation page. */
enum change {
	CHANGE_PUBLISH,
	CHANGE_UNPUBLISH,
	CHANGE_DELETE,
	CHANGE_COUNT
};

static const struct {
	const char	*action;
	const char	*verb;
} changes[CHANGE_COUNT] = {
	{ "publish",	N_("Publish") },
	{ "unpublish",	N_("Unpublish") },
	{ "delete",	N_("Delete") },
};

/* The confirmation page of change i of item id; error, when set, says
 * why the change just asked for was not made (answered with status). */
static int
confirm_page(struct request *rq, struct response *rs,
    const struct admin_kind *k, size_t i, const char *error, int status)
{
	const char *text;
	struct content c;
	enum store_status st;
	int64_t id = route_id(rq, 0), nrev = 0;
	size_t n;
	struct revision *revs;
	json_t *m;

	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, &c)) !=
	    STORE_OK)
		return store_http_status(st);
	switch ((enum change)i) {
	case CHANGE_PUBLISH:
		if (c.status == CONTENT_PUBLISHED)
			text = arena_printf(rq->arena, T(rq->lang, "This %s is "
			    "already published."), T(rq->lang, k->noun));
		else if (c.published_at > rq->now)
			text = arena_printf(rq->arena, T(rq->lang, "Its date "
			    "and time are in the future: it will appear on the "
			    "public site on %s, and not before."),
			    when_text_lang(rq->arena, rq->lang,
			    c.published_at));
		else
			text = T(rq->lang, "It will appear on the public site "
			    "at once.");
		break;
	case CHANGE_UNPUBLISH:
		text = T(rq->lang, "It will disappear from the public site "
		    "at once and stay here as a draft.");
		break;
	default:
		st = store_revision_list(rq->db, rq->arena, k->kind, id, 0, 1,
		    &revs, &n, &nrev);
		if (st != STORE_OK)
			return store_http_status(st);
		text = arena_printf(rq->arena, TN(rq->lang, "This deletes "
		    "the %s and its %lld saved version for good; its address "
		    "will answer \xe2\x80\x9cnot found\xe2\x80\x9d. It "
		    "cannot be undone.", "This deletes the %s and its %lld "
		    "saved versions for good; its address will answer "
		    "\xe2\x80\x9cnot found\xe2\x80\x9d. It cannot be undone.",
		    (unsigned long)nrev), T(rq->lang, k->noun),
		    (long long)nrev);
		break;
	}
	/* TRANSLATORS: the title of a confirmation: "Publish release". */
	if ((m = admin_model(rq, arena_printf(rq->arena, T(rq->lang,
	    "%s %s"), T(rq->lang, changes[i].verb), T(rq->lang, k->noun)),
	    k->section)) == NULL)
		return 500;
	model_set(m, "verb", T(rq->lang, changes[i].verb));
	model_set(m, "noun", T(rq->lang, k->noun));
	model_set(m, "text", text);
	model_set(m, "post_url", url_admin_item(rq->arena, k->section, id,
	    changes[i].action));
	model_set(m, "cancel_url", url_admin_item(rq->arena, k->section, id,
	    "edit"));
	model_set(m, "error", error);
	json_object_set_new(m, "danger", json_boolean(i == CHANGE_DELETE));
	json_object_set_new(m, "item", admin_content_item_model(rq, k, &c));
	return layout_render(rq, rs, "admin_confirm", m, status);
}

int
admin_content_confirm(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	const char *action = request_query(rq, "action");
	size_t i;

	for (i = 0; i < CHANGE_COUNT; i++)
		if (action != NULL && strcmp(action, changes[i].action) == 0)
			break;
	if (i == CHANGE_COUNT)
		return 400;
	if (i == CHANGE_PUBLISH && admin_review_needed(rq))
		return 403;
	return confirm_page(rq, rs, k, i, NULL, 200);
}

/* A steps function's answer when its change went through but the audit
 * line or the flash was refused (*refusal says how): not an HTTP status. */
#define STEPS_UNRECORDED	(-1)

/* Ends the transaction a handler's steps ran in: committed when they
 * answered with their redirect, else rolled back. A failed commit answers
 * 503; a change whose record was refused, its confirmation page again
 * saying so. */
static int
end_tx(struct request *rq, struct response *rs, const struct admin_kind *k,
    enum change i, int ret, enum store_status refusal)
{
	enum store_status st;

	if (ret == 303 && (st = store_tx_commit(rq->db)) != STORE_OK) {
		response_unset_header(rs, "Location");
		ret = store_http_status(st);
	}
	if (ret == 303)
		return ret;
	store_tx_rollback(rq->db);
	if (ret != STEPS_UNRECORDED)
		return ret;
	return confirm_page(rq, rs, k, i, T(rq->lang,
	    audit_failure_text(refusal, true)),
	    store_http_status(refusal));
}

/* 303 to the list of k's kind, the answer of a change made. */
static int
to_list(struct request *rq, struct response *rs, const struct admin_kind *k)
{
	const char *to = url_admin_items(rq->arena, k->section, 0);

	if (to == NULL || response_set_header(rs, "Location", to) == -1)
		return 500;
	return 303;
}

/* The flash of a publish or unpublish of c (changed: it was not so
 * already). In the arena. */
static const char *
status_flash(struct request *rq, const struct content *c, bool published,
    bool changed)
{
	if (!changed)
		return arena_printf(rq->arena, published ? T(rq->lang,
		    "\xe2\x80\x9c%s\xe2\x80\x9d was already published.") :
		    T(rq->lang, "\xe2\x80\x9c%s\xe2\x80\x9d was already a "
		    "draft."), c->title);
	if (admin_content_scheduled(rq, c))
		return arena_printf(rq->arena, T(rq->lang, "\xe2\x80\x9c%s"
		    "\xe2\x80\x9d is scheduled for %s."), c->title,
		    when_text_lang(rq->arena, rq->lang,
		    c->published_at));
	return arena_printf(rq->arena, published ? T(rq->lang, "\xe2\x80\x9c"
	    "%s\xe2\x80\x9d is published.") : T(rq->lang, "\xe2\x80\x9c%s"
	    "\xe2\x80\x9d is now a draft."), c->title);
}

/* A change is kept only with its audit line and flash: a refusal of
 * either sets *refusal and answers STEPS_UNRECORDED, and end_tx() rolls
 * the change back. */
static int
set_status_steps(struct request *rq, struct response *rs,
    const struct admin_kind *k, enum content_status status,
    enum store_status *refusal)
{
	struct content_author who = admin_content_author(rq);
	struct content c;
	enum store_status st;
	int64_t id = route_id(rq, 0);
	bool changed, published = status == CONTENT_PUBLISHED;

	st = store_content_set_status(rq->db, rq->arena, k->kind, id, status,
	    &who, &c, &changed);
	if (st != STORE_OK)
		return store_http_status(st);
	if (changed) {
		purge_item_first(rq, &c, NULL);
		st = audit_add(rq, NULL, published ? "publish" : "unpublish",
		    admin_content_audit_detail(rq, &c));
	}
	if (st == STORE_OK)
		st = audit_flash(rq, status_flash(rq, &c, published, changed));
	if ((*refusal = st) != STORE_OK)
		return STEPS_UNRECORDED;
	return to_list(rq, rs, k);
}

/* POST …/publish and …/unpublish: the change, its audit line and its
 * flash message in one commit. */
static int
set_status(struct request *rq, struct response *rs,
    const struct admin_kind *k, enum content_status status)
{
	enum store_status st, refusal = STORE_OK;
	int ret;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	ret = set_status_steps(rq, rs, k, status, &refusal);
	return end_tx(rq, rs, k, status == CONTENT_PUBLISHED ? CHANGE_PUBLISH :
	    CHANGE_UNPUBLISH, ret, refusal);
}

int
admin_content_publish(struct request *rq, struct response *rs)
{
	if (admin_review_needed(rq))
		return 403;
	return set_status(rq, rs, rq->route_ctx, CONTENT_PUBLISHED);
}

int
admin_content_unpublish(struct request *rq, struct response *rs)
{
	return set_status(rq, rs, rq->route_ctx, CONTENT_DRAFT);
}

/* As set_status_steps(), for a deletion. */
static int
delete_steps(struct request *rq, struct response *rs,
    const struct admin_kind *k, enum store_status *refusal)
{
	struct content c;
	enum store_status st;
	int64_t id = route_id(rq, 0);

	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, &c)) !=
	    STORE_OK)
		return store_http_status(st);
	if ((st = store_content_delete(rq->db, k->kind, id)) != STORE_OK)
		return store_http_status(st);
	purge_item_first(rq, &c, NULL);
	st = audit_add(rq, NULL, "delete", admin_content_audit_detail(rq, &c));
	if (st == STORE_OK)
		st = audit_flash(rq, arena_printf(rq->arena, T(rq->lang,
		    "Deleted \xe2\x80\x9c%s\xe2\x80\x9d."), c.title));
	if ((*refusal = st) != STORE_OK)
		return STEPS_UNRECORDED;
	return to_list(rq, rs, k);
}

/* POST …/delete: the deletion, its audit line and its flash message in
 * one commit. */
int
admin_content_delete(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	enum store_status st, refusal = STORE_OK;
	int ret;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	ret = delete_steps(rq, rs, k, &refusal);
	return end_tx(rq, rs, k, CHANGE_DELETE, ret, refusal);
}

/* admin_content_save.c: a submitted form of a release or page: preview,
 * and saving it against the version the form was opened at, with its
 * audit lines. */
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "purge.h"
#include "request.h"
#include "response.h"
#include "view/assets.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* The release or page as the public site would show it, through its own
 * template (admin_preview extends news_show or page). */
static int
preview_page(struct request *rq, struct response *rs, struct submission *sub)
{
	const struct content *c = &sub->c;
	const char *lang = admin_content_link_lang(rq, c->lang), *url;
	struct media_shown it = { c->kind, c->id, c->lead_media, c->lang,
	    c->body_html };
	json_t *m, *o;
	int ret;

	/* As visitors of its language will see it. */
	rq->lang = c->lang;
	url = admin_content_public_url(rq, sub->k, c->lang, c->slug);
	if (sub->k->kind == CONTENT_NEWS)
		m = layout_model(rq, c->title, url_news_list(rq->arena, lang,
		    0));
	else
		m = layout_model(rq, c->title, url);
	if (m == NULL)
		return 503;
	if ((o = json_object()) == NULL ||
	    json_object_set_new(m, sub->k->kind == CONTENT_NEWS ? "news" :
	    "page", o) == -1)
		return 503;
	model_set(o, "title", c->title);
	model_set(o, "url", url);
	model_set(o, "summary", c->summary);
	if ((ret = media_item_set(rq, m, o, &it)) != 0)
		return ret;
	if (sub->k->kind == CONTENT_NEWS) {
		model_set(o, "dateline", c->dateline);
		json_object_set_new(o, "dateline_leads", json_boolean(
		    news_dateline_leads(c->dateline, c->body_html)));
		model_set(o, "date_iso", c->pub_date);
		model_set(o, "date_text", date_text_lang(rq->arena, c->lang,
		    c->pub_date));
	}
	json_object_set_new(m, sub->k->kind == CONTENT_NEWS ? "is_news" :
	    "is_page", json_true());
	model_set(m, "preview_js", assets_url("js/admin.js"));
	return layout_render(rq, rs, "admin_preview", m, 200);
}

/* save_steps()'s answer when the save went through but its audit line or
 * flash was refused: not an HTTP status, so no page was drawn yet. */
#define SAVE_UNRECORDED	(-1)

/* Writes the audit lines of a save: create or edit, and publish or
 * unpublish when the status changed. STORE_OK, or the refusal. */
static enum store_status
audit_save(struct request *rq, struct submission *sub, const char *action)
{
	const char *detail = arena_printf(rq->arena, "%s%s",
	    admin_content_audit_detail(rq, &sub->c), sub->audit_note != NULL ?
	    sub->audit_note : "");
	bool was_published = sub->have_cur &&
	    sub->cur.status == CONTENT_PUBLISHED;
	bool published = sub->c.status == CONTENT_PUBLISHED;

	enum store_status st = audit_add(rq, NULL, action, detail);

	if (st == STORE_OK && published != was_published &&
	    (published || sub->have_cur))
		st = audit_add(rq, NULL, published ? "publish" : "unpublish",
		    detail);
	return st;
}

int
admin_content_conflict(struct request *rq, struct response *rs,
    struct submission *sub)
{
	struct content *now;
	enum store_status st;

	if ((now = arena_alloc(rq->arena, sizeof(*now))) == NULL)
		return 500;
	st = store_content_get(rq->db, rq->arena, sub->k->kind, sub->id, now);
	if (st != STORE_OK) {
		/* The form again, as typed, whatever the read says. */
		sub->read = st;
		return admin_content_unreadable(rq, rs, sub);
	}
	sub->conflict = now;
	sub->cur = *now;
	sub->version = arena_printf(rq->arena, "%lld",
	    (long long)now->version);
	sub->notice = arena_printf(rq->arena, T(rq->lang, "Someone "
	    "saved this %s (version %lld) after you opened it, so "
	    "nothing was saved. Your text is kept in the form; the "
	    "version now saved is shown beside it. Saving the form "
	    "again replaces that version with yours."),
	    T(rq->lang, sub->k->noun),
	    (long long)now->version);
	return admin_content_form_page(rq, rs, sub, true, 409);
}

/* Saves sub->c; answers with the redirect, or the form again with why it
 * was not saved. tag is the revision's action, audit the audit line's;
 * done is the flash of success. */
static int
save_steps(struct request *rq, struct response *rs, struct submission *sub,
    const char *tag, const char *audit, const char *done)
{
	struct content_author who = admin_content_author(rq);
	enum content_outcome outcome;
	enum store_status st;
	const char *to;

again:
	st = store_content_save(rq->db, rq->arena, &sub->c, sub->slug_given,
	    admin_content_reserved(rq, sub->k), tag, &who, &outcome);
	if (st != STORE_OK) {
		sub->read = st;
		return admin_content_unreadable(rq, rs, sub);
	}
	if (outcome == CONTENT_SLUG_TAKEN && sub->fallback_slug != NULL &&
	    strcmp(sub->fallback_slug, sub->c.slug) != 0) {
		sub->c.slug = sub->fallback_slug;
		sub->fallback_slug = NULL;
		done = arena_printf(rq->arena, T(rq->lang, "%s Its old "
		    "address is another %s's now, so it keeps %s."), done,
		    T(rq->lang, sub->k->noun),
		    sub->k->url != NULL ? admin_content_public_url(rq,
		    sub->k, sub->c.lang, sub->c.slug) : sub->c.slug);
		goto again;
	}
	if (outcome == CONTENT_SLUG_TAKEN) {
		form_fail(&sub->f, "slug", sub->slug_given ?
		    arena_printf(rq->arena, T(rq->lang, "is already the "
		    "address of another %s; choose another"), T(rq->lang,
		    sub->k->noun)) : T(rq->lang, "could not be made unique "
		    "from the title; enter one"));
		return admin_content_form_page(rq, rs, sub, true, 422);
	}
	if (outcome == CONTENT_LANG_TAKEN) {
		form_fail(&sub->f, "lang", arena_printf(rq->arena,
		    T(rq->lang, "This %s already has a version in this "
		    "language: edit that one, or choose another language."),
		    T(rq->lang, sub->k->noun)));
		return admin_content_form_page(rq, rs, sub, true, 422);
	}
	if (outcome == CONTENT_NO_SOURCE) {
		admin_content_forget_source(sub);
		sub->notice = arena_printf(rq->arena, T(rq->lang, "The %s "
		    "this translates was deleted after you opened the form, "
		    "so nothing was saved. Your text is kept below."),
		    T(rq->lang, sub->k->noun));
		return admin_content_form_page(rq, rs, sub, true, 409);
	}
	if (outcome == CONTENT_CONFLICT)
		return admin_content_conflict(rq, rs, sub);
	purge_item_first(rq, &sub->c, sub->have_cur ? &sub->cur : NULL);
	/* What it shows, recorded with the save itself. */
	if ((st = admin_content_media_uses(rq, &sub->c)) != STORE_OK) {
		sub->read = st;
		return admin_content_unreadable(rq, rs, sub);
	}
	if ((st = audit_save(rq, sub, audit)) != STORE_OK ||
	    (st = audit_flash(rq, done)) != STORE_OK) {
		/* The caller rolls the save back and shows the form. */
		sub->read = st;
		return SAVE_UNRECORDED;
	}
	if ((to = url_admin_item(rq->arena, sub->k->section, sub->c.id,
	    "edit")) == NULL || response_set_header(rs, "Location", to) == -1)
		return 500;
	return 303;
}

/* save_steps() as one commit with its audit lines and flash message: the
 * save and its record land together or not at all, with one fsync where
 * three were. A commit that fails shows the form again, as it was sent. */
int
admin_content_save(struct request *rq, struct response *rs,
    struct submission *sub, const char *tag, const char *audit,
    const char *done)
{
	struct content sent = sub->c;
	enum store_status st;
	int ret;

	if ((st = store_tx_begin(rq->db)) != STORE_OK) {
		sub->read = st;
		return admin_content_unreadable(rq, rs, sub);
	}
	if ((ret = save_steps(rq, rs, sub, tag, audit, done)) != 303) {
		store_tx_rollback(rq->db);
		if (ret != SAVE_UNRECORDED)
			return ret;
		/* No change is kept without its record: the form as sent. */
		sub->c = sent;
		sub->notice = T(rq->lang, audit_failure_text(sub->read,
		    true));
		return admin_content_form_page(rq, rs, sub, true,
		    store_http_status(sub->read));
	}
	if ((st = store_tx_commit(rq->db)) != STORE_OK) {
		store_tx_rollback(rq->db);
		sub->c = sent;
		sub->read = st;
		response_unset_header(rs, "Location");
		return admin_content_unreadable(rq, rs, sub);
	}
	return 303;
}

/* POST of the form: create (id 0) or save item id. */
static int
submit(struct request *rq, struct response *rs, const struct admin_kind *k,
    int64_t id)
{
	struct submission sub;
	const char *action, *tag;
	bool bad, preview;
	int ret;

	action = request_form(rq, "action", &bad);
	if (action == NULL || strcmp(action, "save") == 0)
		preview = false;
	else if (strcmp(action, "preview") == 0)
		preview = true;
	else
		return 400;
	if ((ret = admin_content_init(rq, &sub, k, id, true)) != 0)
		return ret;
	form_read(&sub.f, rq);
	admin_content_check(rq, &sub);
	if (!form_ok(&sub.f))
		return admin_content_form_page(rq, rs, &sub, true,
		    sub.server_fail ? 503 : 422);
	if (preview)
		return preview_page(rq, rs, &sub);
	if (sub.read != STORE_OK)
		return admin_content_unreadable(rq, rs, &sub);
	if ((ret = admin_review_save(rq, rs, &sub)) != -1)
		return ret;
	tag = id == 0 ? "create" : sub.c.status == sub.cur.status ? "save" :
	    sub.c.status == CONTENT_PUBLISHED ? "publish" : "unpublish";
	return admin_content_save(rq, rs, &sub, tag, id == 0 ? "create" :
	    "edit", T(rq->lang, SAVED_FLASH));
}

int
admin_content_create(struct request *rq, struct response *rs)
{
	return submit(rq, rs, rq->route_ctx, 0);
}

int
admin_content_update(struct request *rq, struct response *rs)
{
	return submit(rq, rs, rq->route_ctx, route_id(rq, 0));
}

/* admin_content_history.c: the saved versions of a release or page: the
 * history, one revision, and restoring it. */
#include <string.h>

#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* What a revision's action tag says in the history. */
static const char *
action_text(const char *tag)
{
	static const struct {
		const char	*tag;
		const char	*text;
	} texts[] = {
		{ "create", N_("Created") },
		{ "save", N_("Saved") },
		{ "publish", N_("Published") },
		{ "unpublish", N_("Unpublished") },
		{ "restore", N_("Restored") },
		{ "submit", N_("Submitted for review") },
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(tag, texts[i].tag) == 0)
			return texts[i].text;
	return N_("Saved");
}

/* 50: revisions a page of history shows. */
#define HISTORY_PER_PAGE	50

/* Whose history a page link goes to. */
struct history_of {
	const char	*section;
	int64_t		 id;
};

/* The URL of page n of the history ctx (a struct history_of). */
static char *
history_url(struct arena *a, const void *ctx, int64_t n)
{
	const struct history_of *h = ctx;

	return url_admin_history(a, h->section, h->id, n);
}

int
admin_content_history(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	struct history_of of = { k->section, route_id(rq, 0) };
	struct content c;
	struct revision *revs;
	struct pager pg;
	enum store_status st;
	int64_t total;
	size_t n, i;
	json_t *m, *list, *o;
	int ret;

	if ((ret = pager_start(&pg, request_query(rq, "page"),
	    HISTORY_PER_PAGE)) != 0)
		return ret;
	if ((st = store_content_get(rq->db, rq->arena, k->kind, of.id, &c)) !=
	    STORE_OK)
		return store_http_status(st);
	st = store_revision_list(rq->db, rq->arena, k->kind, of.id,
	    pager_offset(&pg), HISTORY_PER_PAGE, &revs, &n, &total);
	if (st != STORE_OK)
		return store_http_status(st);
	if ((ret = pager_count(&pg, total)) != 0)
		return ret;
	if ((m = admin_model(rq, arena_printf(rq->arena, T(rq->lang,
	    "History: %s"), c.title),
	    k->section)) == NULL || (list = json_array()) == NULL ||
	    json_object_set_new(m, "revisions", list) == -1)
		return 500;
	for (i = 0; i < n; i++) {
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			return 500;
		json_object_set_new(o, "version",
		    json_integer(revs[i].version));
		model_set(o, "who", *revs[i].username ? revs[i].username :
		    T(rq->lang, "(unknown)"));
		model_set(o, "when", when_text_lang(rq->arena, rq->lang,
		    revs[i].created_at));
		model_set(o, "url", url_admin_revision(rq->arena, k->section,
		    of.id, revs[i].id, false));
		/* A change held for review carries the live version's
		 * number but is not what the item holds. */
		json_object_set_new(o, "submitted", json_boolean(strcmp(
		    revs[i].action, "submit") == 0));
		json_object_set_new(o, "current",
		    json_boolean(revs[i].version == c.version &&
		    strcmp(revs[i].action, "submit") != 0));
	}
	json_object_set_new(m, "has_revisions", json_boolean(n > 0));
	json_object_set_new(m, "total", json_integer(total));
	json_object_set_new(m, "item", admin_content_item_model(rq, k, &c));
	model_set(m, "noun", k->noun);
	if (pager_model(m, &pg, rq->arena, history_url, &of) == -1)
		return 500;
	return layout_render(rq, rs, "admin_history", m, 200);
}

/* Reads item id and its revision rev (the route's second "*"). Returns
 * 0 or an HTTP status. */
static int
load_revision(struct request *rq, const struct admin_kind *k,
    struct content *item, struct revision *r, struct content *fields,
    const char **tag)
{
	enum store_status st;
	int64_t id = route_id(rq, 0), rev = route_id(rq, 1);

	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, item)) !=
	    STORE_OK ||
	    (st = store_revision_get(rq->db, rq->arena, k->kind, id, rev,
	    r)) != STORE_OK)
		return store_http_status(st);
	memset(fields, 0, sizeof(*fields));
	fields->kind = k->kind;
	/* A revision saved before lead images were kept keeps the item's. */
	fields->lead_media = item->lead_media;
	if (store_revision_fields(rq->arena, r->data, fields, tag) == -1)
		return 500;
	return 0;
}

int
admin_content_revision(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	struct content item, fields;
	struct revision r;
	const char *tag;
	json_t *m, *o;
	int ret;

	if ((ret = load_revision(rq, k, &item, &r, &fields, &tag)) != 0)
		return ret;
	if ((m = admin_model(rq, arena_printf(rq->arena, T(rq->lang,
	    "Version %lld: %s"), (long long)r.version, item.title),
	    k->section)) == NULL)
		return 500;
	o = admin_content_fields_model(rq, &fields);
	json_object_set_new(o, "version", json_integer(r.version));
	if (fields.lead_media > 0)
		json_object_set_new(o, "lead", json_integer(fields.lead_media));
	model_set(o, "who", *r.username ? r.username : T(rq->lang,
	    "(unknown)"));
	model_set(o, "when", when_text_lang(rq->arena, rq->lang, r.created_at));
	model_set(o, "action", T(rq->lang, action_text(tag)));
	model_set(o, "restore_url", url_admin_revision(rq->arena, k->section,
	    item.id, r.id, true));
	model_set(o, "held", admin_review_held(rq, k->kind, item.id));
	json_object_set_new(o, "is_current",
	    json_boolean(r.version == item.version &&
	    strcmp(tag, "submit") != 0));
	json_object_set_new(m, "revision", o);
	json_object_set_new(m, "item", admin_content_item_model(rq, k, &item));
	json_object_set_new(m, "kind_news", json_boolean(k->dateline));
	model_set(m, "noun", k->noun);
	return layout_render(rq, rs, "admin_revision", m, 200);
}

/* What a restore posts besides its token: the open submission its page
 * was shown with (admin_review.c). */
static const struct field restore_fields[] = {
	{ "held",	0,		20,		NULL },
};

int
admin_content_restore(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	struct submission sub;
	struct content fields;
	struct revision r;
	struct form posted;
	const char *tag, *done;
	enum store_status st;
	int64_t id = route_id(rq, 0), lead;
	bool gone;
	int ret;

	if ((ret = admin_content_init(rq, &sub, k, 0, false)) != 0 ||
	    (ret = load_revision(rq, k, &sub.cur, &r, &fields, &tag)) != 0)
		return ret;
	if (form_init(&posted, rq->arena, restore_fields,
	    FORM_FIELDS(restore_fields)) == -1)
		return 500;
	form_read(&posted, rq);
	sub.id = id;
	sub.have_cur = true;
	/* Publishing has its own confirmed step: a restore brings back the
	 * text, address, date and lead image, and leaves the status as it
	 * is. */
	fields.status = sub.cur.status;
	lead = fields.lead_media;
	if ((st = admin_content_media_lead_kept(rq, &fields, &gone)) !=
	    STORE_OK)
		return store_http_status(st);
	admin_content_fill(&sub, &fields, arena_printf(rq->arena, "%lld",
	    (long long)sub.cur.version));
	form_set(&sub.f, "held", form_shown(&posted, "held"), false);
	admin_content_check(rq, &sub);
	if (!form_ok(&sub.f)) {
		sub.notice = arena_printf(rq->arena, T(rq->lang, "Version "
		    "%lld cannot be restored as it was saved: correct what "
		    "is marked below, then save."), (long long)r.version);
		return admin_content_form_page(rq, rs, &sub, true,
		    sub.server_fail ? 503 : 422);
	}
	/* The old address may belong to another item by now: the current
	 * one is kept then. */
	sub.fallback_slug = sub.cur.slug;
	sub.audit_note = arena_printf(rq->arena, " (version %lld)",
	    (long long)r.version);
	done = arena_printf(rq->arena, T(rq->lang, "Restored version %lld; "
	    "it is now version %lld."), (long long)r.version,
	    (long long)sub.cur.version + 1);
	if (gone) {
		sub.flash_note = arena_printf(rq->arena, T(rq->lang,
		    LEAD_GONE), (long long)lead);
		done = arena_printf(rq->arena, "%s %s", done, sub.flash_note);
	}
	if ((ret = admin_review_save(rq, rs, &sub)) != -1)
		return ret;
	return admin_content_save(rq, rs, &sub, "restore", "restore", done);
}

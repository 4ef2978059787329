/* admin_content.c: what the editor's pages of every kind share:
 * the item's links, its header model, its author and its audit detail. */
#include <string.h>

#include "auth.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* The language to put in public links to an item of lang. */
const char *
admin_content_link_lang(const struct request *rq, const char *lang)
{
	if (rq->cfg == NULL || lang == NULL ||
	    strcmp(lang, rq->cfg->default_lang) == 0)
		return NULL;
	return lang;
}

const char *
admin_content_public_url(struct request *rq, const struct admin_kind *k,
    const char *lang, const char *slug)
{
	const char *in = admin_content_link_lang(rq, lang);

	return k->url != NULL ? k->url(rq->arena, in, slug) : NULL;
}

/* "news 12: Title", for the audit log. */
const char *
admin_content_audit_detail(struct request *rq, const struct content *c)
{
	return arena_printf(rq->arena, "%s %lld: %s",
	    store_content_kind_name(c->kind), (long long)c->id, c->title);
}

struct content_author
admin_content_author(const struct request *rq)
{
	struct content_author who = { 0, "", rq->now };

	if (rq->session != NULL) {
		who.user_id = rq->session->user_id;
		who.username = rq->session->username;
	}
	return who;
}

bool
admin_content_scheduled(const struct request *rq, const struct content *c)
{
	return c->status == CONTENT_PUBLISHED && c->published_at > rq->now;
}

/* The saved item as the form's header shows it. */
json_t *
admin_content_item_model(struct request *rq, const struct admin_kind *k,
    const struct content *c)
{
	json_t *o = json_object();
	bool published = c->status == CONTENT_PUBLISHED;
	bool scheduled = admin_content_scheduled(rq, c);

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "is_published", json_boolean(published));
	json_object_set_new(o, "is_scheduled", json_boolean(scheduled));
	model_set(o, "status_class", scheduled ? "scheduled" : published ?
	    "published" : "draft");
	if (scheduled)
		model_set(o, "status_text", arena_printf(rq->arena,
		    T(rq->lang, "Scheduled for %s"), when_text_lang(rq->arena,
		    rq->lang, c->published_at)));
	else
		model_set(o, "status_text", published ? T(rq->lang,
		    "Published") : T(rq->lang, "Draft"));
	if (published && !scheduled && k->url != NULL)
		model_set(o, "public_url", admin_content_public_url(rq, k,
		    c->lang, c->slug));
	else
		json_object_set_new(o, "public_url", json_false());
	model_set(o, "saved_text", *c->updated_by ? arena_printf(rq->arena,
	    T(rq->lang, "%s by %s"), when_text_lang(rq->arena, rq->lang,
	    c->updated_at), c->updated_by) : when_text_lang(rq->arena,
	    rq->lang, c->updated_at));
	model_set(o, "edit_url", url_admin_item(rq->arena, k->section, c->id,
	    "edit"));
	model_set(o, "history_url", url_admin_history(rq->arena, k->section,
	    c->id, 0));
	model_set(o, "publish_url", url_admin_confirm(rq->arena, k->section,
	    c->id, "publish"));
	model_set(o, "unpublish_url", url_admin_confirm(rq->arena, k->section,
	    c->id, "unpublish"));
	model_set(o, "delete_url", url_admin_confirm(rq->arena, k->section,
	    c->id, "delete"));
	model_set(o, "title", c->title);
	return o;
}

/* The fields of a saved version, for the page of a conflict or of a
 * revision. */
json_t *
admin_content_fields_model(struct request *rq, const struct content *c)
{
	json_t *o = json_object();

	model_set(o, "title", c->title);
	model_set(o, "slug", c->slug);
	model_set(o, "dateline", c->dateline);
	model_set(o, "date", c->pub_date);
	model_set(o, "time", c->pub_time);
	model_set(o, "summary", c->summary);
	model_set(o, "body", c->body_md);
	model_set(o, "status", store_content_status_name(c->status));
	json_object_set_new(o, "has_own",
	    json_boolean(store_content_has_fields(c->kind)));
	json_object_set_new(o, "own", admin_content_own_text(rq, c));
	return o;
}

/* admin_previews.c: preview links on the editors' side: making one for a
 * draft (its token shown once), revoking one, and the list of an item's
 * links on its edit page (admin_item_previews.mustache). */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/content.h"
#include "store/preview.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* The lifetimes an editor may choose, in hours: 1 hour to 14 days, as
 * the issue allows. */
static const struct {
	const char	*hours;
	const char	*label;
} lifetimes[] = {
	{ "1",		N_("1 hour") },
	{ "24",		N_("1 day") },
	{ "72",		N_("3 days") },
	{ "168",	N_("7 days") },
	{ "336",	N_("14 days") },
};
#define NLIFETIMES	(sizeof(lifetimes) / sizeof(lifetimes[0]))
/* The one chosen when the form opens. */
#define LIFETIME_DEFAULT	"72"
/* What a lifetime not among them is told, missing too. */
static const char lifetime_refused[] = N_("Choose how long the link "
    "works: from 1 hour to 14 days.");

/* What a published item is told, found so before the link is made or
 * while it is (store_preview_add checks again, under the write lock). */
static const char not_draft[] = N_("Only a draft can be shared for "
    "review: this item is published or scheduled.");

/* What an item with STORE_PREVIEWS_MAX links alive is told: its page
 * lists no more, so one more could not be revoked there. */
static const char too_many[] = N_("This item has as many working preview "
    "links as it may have: revoke one before making another.");

static const char *
check_lifetime(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	size_t i;

	(void)a;
	*out = in;
	for (i = 0; i < NLIFETIMES; i++)
		if (strcmp(in, lifetimes[i].hours) == 0)
			return NULL;
	return T(lang, lifetime_refused);
}

static const struct field preview_fields[] = {
	{ "kind", FIELD_REQUIRED, 16, NULL },
	{ "id", FIELD_REQUIRED | FIELD_ID, 20, NULL },
	{ "lifetime", FIELD_REQUIRED, 3, check_lifetime },
};

/* The lifetime select's options, hours selected. */
static json_t *
lifetime_options(struct request *rq, const char *hours)
{
	json_t *list = json_array(), *o;
	size_t i;

	for (i = 0; list != NULL && i < NLIFETIMES; i++) {
		o = json_object();
		model_set(o, "value", lifetimes[i].hours);
		model_set(o, "label", T(rq->lang, lifetimes[i].label));
		json_object_set_new(o, "selected", json_boolean(hours != NULL &&
		    strcmp(hours, lifetimes[i].hours) == 0));
		json_array_append_new(list, o);
	}
	return list != NULL ? list : json_array();
}

/* The edit page of item id of kind k. */
static const char *
edit_url(struct request *rq, enum content_kind k, int64_t id)
{
	return url_admin_item(rq->arena, admin_kind_of(k)->section, id,
	    "edit");
}

/* How link l stands at now, for the list: its words, and the badge of
 * a published item's (alive) or a draft's (dead). */
static void
link_state(struct request *rq, const struct preview_link *l, json_t *o)
{
	bool alive = l->revoked_at == 0 && l->expires_at > rq->now;

	model_set(o, "state_text", alive ? T(rq->lang, "Alive") :
	    l->revoked_at != 0 ? T(rq->lang, "Revoked") :
	    T(rq->lang, "Expired"));
	model_set(o, "state_class", alive ? "published" : "draft");
	json_object_set_new(o, "alive", json_boolean(alive));
}

json_t *
admin_previews_model(struct request *rq, const struct content *c)
{
	struct preview_link *items;
	json_t *m, *list, *o;
	size_t n, i;

	if (c == NULL || c->id == 0 ||
	    store_preview_list(rq->db, rq->arena, c->kind, c->id, rq->now,
	    &items, &n) != STORE_OK || (m = json_object()) == NULL)
		return json_false();
	/* A scheduled item is published already: its links would die at
	 * once. Only a draft is shared. */
	json_object_set_new(m, "can_share", json_boolean(c->status ==
	    CONTENT_DRAFT));
	model_set(m, "post_url", url_admin_previews(rq->arena));
	model_set(m, "kind", store_content_kind_name(c->kind));
	json_object_set_new(m, "id", json_integer(c->id));
	json_object_set_new(m, "lifetimes", lifetime_options(rq,
	    LIFETIME_DEFAULT));
	list = json_array();
	for (i = 0; list != NULL && i < n; i++) {
		o = json_object();
		model_set(o, "created", when_text_lang(rq->arena, rq->lang,
		    items[i].created_at));
		model_set(o, "username", items[i].username);
		model_set(o, "expires", when_text_lang(rq->arena, rq->lang,
		    items[i].expires_at));
		link_state(rq, &items[i], o);
		model_set(o, "revoke_url", url_admin_preview_revoke(rq->arena,
		    items[i].id));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "links", list != NULL ? list : json_array());
	json_object_set_new(m, "has_links", json_boolean(n > 0));
	return m;
}

/* The page that answers a request for a link: the link itself, shown
 * this once (link NULL: none was made, and error says why), answered
 * with status. */
static int
made_page(struct request *rq, struct response *rs, const struct content *c,
    const char *link, time_t expires, const char *error, int status)
{
	json_t *m;

	if ((m = admin_model(rq, T(rq->lang, "Preview link"), NULL)) == NULL)
		return 500;
	model_set(m, "title", c->title);
	model_set(m, "back_url", edit_url(rq, c->kind, c->id));
	model_set(m, "error", error);
	model_set(m, "link", link);
	if (link != NULL)
		model_set(m, "expires", when_text_lang(rq->arena, rq->lang,
		    expires));
	json_object_set_new(m, "previews", admin_previews_model(rq, c));
	return layout_render(rq, rs, "admin_preview_link", m, status);
}

int
admin_previews_create(struct request *rq, struct response *rs)
{
	unsigned char hash[AUTH_TOKEN_HASH_LEN];
	struct content_author who = {
		rq->session->user_id, rq->session->username, rq->now,
	};
	struct form f;
	struct content c;
	enum content_kind k;
	enum store_status st;
	enum preview_outcome outcome;
	const char *token, *link, *detail;
	int64_t id, link_id, hours;
	time_t expires;
	bool unrecorded;

	if (form_init(&f, rq->arena, preview_fields,
	    FORM_FIELDS(preview_fields)) == -1)
		return 500;
	form_read(&f, rq);
	/* The item comes from the edit page's hidden fields: wrong, they are
	 * no editor's typing but a broken or forged form. */
	if (form_value(&f, "kind") == NULL || (id = form_id(&f, "id")) == 0 ||
	    store_content_kind_parse(form_value(&f, "kind"), &k) == -1)
		return 400;
	if ((st = store_content_get(rq->db, rq->arena, k, id, &c)) !=
	    STORE_OK)
		return store_http_status(st);
	if (form_value(&f, "lifetime") == NULL)
		return made_page(rq, rs, &c, NULL, 0, T(rq->lang,
		    lifetime_refused), 422);
	if (c.status != CONTENT_DRAFT)
		return made_page(rq, rs, &c, NULL, 0, T(rq->lang, not_draft),
		    409);
	hours = strtoll(form_value(&f, "lifetime"), NULL, 10);
	expires = rq->now + (time_t)hours * 3600;
	if ((token = auth_token_new(rq->arena, hash)) == NULL ||
	    (link = url_absolute(rq->arena, rq->cfg->base_url,
	    url_preview(rq->arena, token))) == NULL)
		return 500;
	detail = arena_printf(rq->arena, "%s %lld: %s; until %s",
	    store_content_kind_name(k), (long long)id, c.title,
	    time_iso(rq->arena, expires));
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	if ((st = store_preview_add(rq->db, hash, k, id, expires, &who,
	    &link_id, &outcome)) != STORE_OK) {
		store_tx_rollback(rq->db);
		return store_http_status(st);
	}
	if (outcome != PREVIEW_MADE) {
		/* Not a draft: published since it was read above. */
		store_tx_rollback(rq->db);
		return made_page(rq, rs, &c, NULL, 0, T(rq->lang,
		    outcome == PREVIEW_TOO_MANY ? too_many : not_draft), 409);
	}
	if ((st = audit_commit(rq, "preview link", detail, NULL,
	    &unrecorded)) != STORE_OK)
		return made_page(rq, rs, &c, NULL, 0, T(rq->lang,
		    audit_failure_text(st, unrecorded)), store_http_status(st));
	return made_page(rq, rs, &c, link, expires, NULL, 200);
}

int
admin_previews_revoke(struct request *rq, struct response *rs)
{
	struct preview_link l;
	struct content c;
	enum store_status st;
	const char *detail, *flash;
	bool unrecorded;

	if ((st = store_preview_get(rq->db, rq->arena, route_id(rq, 0),
	    &l)) != STORE_OK ||
	    (st = store_content_get(rq->db, rq->arena, l.kind, l.item_id,
	    &c)) != STORE_OK)
		return store_http_status(st);
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	st = store_preview_revoke(rq->db, l.id, rq->now);
	if (st == STORE_NOTFOUND) {
		/* Revoked meanwhile: what was asked is so. */
		store_tx_rollback(rq->db);
		flash = T(rq->lang, "That preview link was revoked already.");
		if (audit_flash(rq, flash) != STORE_OK)
			return 503;
	} else if (st != STORE_OK) {
		store_tx_rollback(rq->db);
		return store_http_status(st);
	} else {
		detail = arena_printf(rq->arena, "%s %lld: %s; link %lld",
		    l.kind_name, (long long)l.item_id, c.title,
		    (long long)l.id);
		if ((st = audit_commit(rq, "preview revoked", detail,
		    T(rq->lang, "The preview link is revoked: it answers "
		    "\xe2\x80\x9cgone\xe2\x80\x9d from now on."),
		    &unrecorded)) != STORE_OK)
			return store_http_status(st);
	}
	if (response_set_header(rs, "Location", edit_url(rq, l.kind,
	    l.item_id)) == -1)
		return 500;
	return 303;
}

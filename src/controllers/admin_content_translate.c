/* admin_content_translate.c: the translations of a release or page: the
 * versions of its group on its edit page, the form of a new translation,
 * and confirming that an outdated translation is still current. */
#include <string.h>

#include "audit.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/num.h"
#include "request.h"
#include "response.h"
#include "view/i18n.h"
#include "view/urls.h"

/* Whether the versions vs[0..n] hold one in lang. */
static const struct content_version *
version_in(const struct content_version *vs, size_t n, const char *lang)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(vs[i].lang, lang) == 0)
			return &vs[i];
	return NULL;
}

/* One version of the group, as the edit page lists it. */
static json_t *
version_model(struct request *rq, const struct admin_kind *k,
    const struct content_version *v, int64_t this_id)
{
	json_t *o = json_object();

	model_set(o, "lang", v->lang);
	model_set(o, "name", lang_name(rq, v->lang));
	model_set(o, "title", *v->title != '\0' ? v->title : T(rq->lang,
	    "(untitled)"));
	model_set(o, "status_class", v->published ? "published" : "draft");
	model_set(o, "status_text", v->published ? T(rq->lang, "Published") :
	    T(rq->lang, "Draft"));
	model_set(o, "edit_url", url_admin_item(rq->arena, k->section, v->id,
	    "edit"));
	json_object_set_new(o, "outdated", json_boolean(v->outdated));
	json_object_set_new(o, "is_this", json_boolean(v->id == this_id));
	return o;
}

int
admin_content_versions_model(struct request *rq, const struct admin_kind *k,
    const struct content *c, json_t **out)
{
	const struct content_version *src;
	struct content_version *vs;
	enum store_status st;
	json_t *m, *versions, *missing, *o;
	size_t n, i;

	st = store_content_versions(rq->db, rq->arena, k->kind, c->group_id,
	    &vs, &n);
	if (st != STORE_OK)
		return store_http_status(st);
	if ((m = json_object()) == NULL)
		return 500;
	versions = json_array();
	missing = json_array();
	/* m owns both from here; the pointers below are borrowed. */
	json_object_set_new(m, "versions", versions);
	json_object_set_new(m, "missing", missing);
	/* In the order of the configuration, the default language first. */
	for (i = 0; i < rq->cfg->nlangs; i++) {
		const char *lang = rq->cfg->langs[i];
		const struct content_version *v = version_in(vs, n, lang);

		if (v != NULL) {
			json_array_append_new(versions, version_model(rq, k, v,
			    c->id));
			continue;
		}
		o = json_object();
		model_set(o, "lang", lang);
		model_set(o, "name", lang_name(rq, lang));
		model_set(o, "url", url_admin_translate(rq->arena, k->section,
		    c->id, lang));
		json_array_append_new(missing, o);
	}
	/* A version in a language the site no longer configures. */
	for (i = 0; i < n; i++)
		if (admin_lang_known(rq, vs[i].lang) == NULL)
			json_array_append_new(versions, version_model(rq, k,
			    &vs[i], c->id));
	json_object_set_new(m, "has_missing",
	    json_boolean(json_array_size(missing) > 0));
	json_object_set_new(m, "outdated", json_boolean(c->outdated));
	for (i = 0, src = NULL; i < n; i++)
		if (vs[i].id == c->source_id)
			src = &vs[i];
	if (src != NULL) {
		model_set(m, "source_url", url_admin_item(rq->arena,
		    k->section, src->id, "edit"));
		model_set(m, "source_history_url", url_admin_history(rq->arena,
		    k->section, src->id, 0));
		model_set(m, "source_title", src->title);
		model_set(m, "source_lang", lang_name(rq, src->lang));
	} else
		json_object_set_new(m, "source_url", json_false());
	model_set(m, "current_url", url_admin_item(rq->arena, k->section,
	    c->id, "current"));
	*out = m;
	return 0;
}

/* Reads source id of kind k into *src; an HTTP status when it cannot. */
static int
read_source(struct request *rq, const struct admin_kind *k, int64_t id,
    struct content *src)
{
	enum store_status st;

	st = store_content_get(rq->db, rq->arena, k->kind, id, src);
	return st == STORE_OK ? 0 : store_http_status(st);
}

int
admin_content_translate_new(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	const char *sid = request_query(rq, "source");
	const char *lang = request_query(rq, "lang"), *to;
	const struct content_version *v;
	struct content_version *vs;
	struct content *src;
	struct submission sub;
	enum store_status st;
	int64_t id;
	size_t n;
	int ret;

	if (sid == NULL && lang == NULL)
		return -1;
	if (sid == NULL || num_parse_id(sid, &id) != 0 ||
	    (lang = admin_lang_known(rq, lang)) == NULL)
		return 400;
	if ((src = arena_alloc(rq->arena, sizeof(*src))) == NULL)
		return 500;
	if ((ret = read_source(rq, k, id, src)) != 0)
		return ret;
	st = store_content_versions(rq->db, rq->arena, k->kind, src->group_id,
	    &vs, &n);
	if (st != STORE_OK)
		return store_http_status(st);
	/* The language has its version already (a second tab, a link
	 * kept): that version's form is what the translator is after. */
	if ((v = version_in(vs, n, lang)) != NULL) {
		to = url_admin_item(rq->arena, k->section, v->id, "edit");
		if (to == NULL || response_set_header(rs, "Location", to) == -1)
			return 500;
		return 303;
	}
	if ((ret = admin_content_init(rq, &sub, k, 0, false)) != 0)
		return ret;
	sub.source = src;
	admin_content_fill(&sub, src, "");
	/* A new version: its own address (made from its title when saved)
	 * and a draft until the translator publishes it. */
	form_set(&sub.f, "slug", "", false);
	form_set(&sub.f, "status", store_content_status_name(CONTENT_DRAFT),
	    false);
	form_set(&sub.f, "lang", lang, false);
	form_set(&sub.f, "source", arena_printf(rq->arena, "%lld",
	    (long long)src->id), false);
	return admin_content_form_page(rq, rs, &sub, false, 200);
}

void
admin_content_read_source(struct request *rq, struct submission *sub)
{
	struct content *src;
	int64_t id = form_id(&sub->f, "source");
	int ret = 500;

	if (sub->id != 0 || id == 0)
		return;
	if ((src = arena_alloc(rq->arena, sizeof(*src))) == NULL ||
	    (ret = read_source(rq, sub->k, id, src)) != 0) {
		/* A source that is gone is no longer named, or every later
		 * save of the kept text would be refused the same way: it
		 * is saved as a text of its own. One that cannot be read
		 * now stays named for the next try. */
		if (ret == 404)
			admin_content_forget_source(sub);
		form_fail(&sub->f, "source", T(rq->lang, "is gone"));
		sub->notice = arena_printf(rq->arena, T(rq->lang, "The %s "
		    "this translates was deleted after you opened the form, "
		    "or cannot be read now. Your text is kept below."),
		    T(rq->lang, sub->k->noun));
		return;
	}
	sub->source = src;
}

void
admin_content_forget_source(struct submission *sub)
{
	form_set(&sub->f, "source", "", false);
	sub->source = NULL;
}

/* The change of "Still current", its audit line and its flash, in one
 * commit; 303 to the edit page. */
int
admin_content_current(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	struct content c;
	enum store_status st;
	int64_t id = route_id(rq, 0);
	bool changed, unrecorded = false;
	const char *to;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, &c)) !=
	    STORE_OK ||
	    (st = store_content_mark_current(rq->db, k->kind, id, &changed)) !=
	    STORE_OK) {
		store_tx_rollback(rq->db);
		return store_http_status(st);
	}
	if (!changed) {
		/* Nothing to record: a lost message costs nothing. */
		store_tx_rollback(rq->db);
		audit_flash(rq, arena_printf(rq->arena, T(rq->lang,
		    "\xe2\x80\x9c%s\xe2\x80\x9d was not outdated."),
		    c.title));
	} else if ((st = audit_commit(rq, "current",
	    admin_content_audit_detail(rq, &c), arena_printf(rq->arena,
	    T(rq->lang, "\xe2\x80\x9c%s\xe2\x80\x9d is marked as still "
	    "current."), c.title), &unrecorded)) != STORE_OK)
		return store_http_status(st);
	to = url_admin_item(rq->arena, k->section, id, "edit");
	if (to == NULL || response_set_header(rs, "Location", to) == -1)
		return 500;
	return 303;
}

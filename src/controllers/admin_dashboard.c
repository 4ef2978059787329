/* admin_dashboard.c: the editors' lists: the dashboard (every kind
 * together) and the list of each kind, newest edit first, paginated, and
 * filtered on request to what is missing or outdated in a language. */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "request.h"
#include "store/admin_lists.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 20: rows a page, enough to see the recent work at a glance. */
#define ADMIN_PER_PAGE		20

/* What a list page shows: the kinds, its section (and so its address)
 * and its heading. */
struct admin_list_kind {
	unsigned	 kinds;
	const char	*section;
	const char	*title;
	const char	*empty;
};

static const struct admin_list_kind dashboard_list = {
	ADMIN_LIST_ALL, "dashboard", N_("Dashboard"),
	N_("There is no content yet.")
};

static json_t *
entry_model(struct request *rq, const struct admin_entry *e)
{
	const struct admin_kind *k = admin_kind_of(e->kind);
	const char *pub = "", *pub_iso = "", *edited;
	json_t *o;

	if ((o = json_object()) == NULL)
		return NULL;
	model_set(o, "title", *e->title != '\0' ? e->title :
	    T(rq->lang, "(untitled)"));
	model_set(o, "kind", store_content_kind_name(e->kind));
	model_set(o, "kind_label", T(rq->lang, k->label));
	model_set(o, "lang", e->lang);
	model_set(o, "edit_url", url_admin_item(rq->arena, k->section, e->id,
	    "edit"));
	if (e->has_pub_time) {
		pub = when_text_lang(rq->arena, rq->lang, e->published_at);
		pub_iso = time_format(rq->arena, e->published_at,
		    "%Y-%m-%dT%H:%M", false);
	}
	model_set(o, "pub_text", *pub != '\0' ? pub : "\u2014");
	model_set(o, "pub_iso", pub_iso);
	if (!e->published) {
		model_set(o, "status", "draft");
		model_set(o, "status_label", T(rq->lang, "Draft"));
	} else if (e->has_pub_time && e->published_at > rq->now) {
		model_set(o, "status", "scheduled");
		model_set(o, "status_label", arena_printf(rq->arena,
		    T(rq->lang, "Scheduled for %s"), *pub != '\0' ? pub :
		    T(rq->lang, "a later date")));
	} else {
		model_set(o, "status", "published");
		model_set(o, "status_label", T(rq->lang, "Published"));
	}
	edited = when_text_lang(rq->arena, rq->lang, e->updated_at);
	model_set(o, "edited_text", *edited != '\0' ? edited : "\u2014");
	model_set(o, "edited_iso", time_format(rq->arena, e->updated_at,
	    "%Y-%m-%dT%H:%M", false));
	model_set(o, "editor", *e->editor != '\0' ? e->editor : "\u2014");
	json_object_set_new(o, "outdated", json_boolean(e->outdated));
	return o;
}

/* The buttons that start a new item of each kind the list holds, the
 * first one primary. */
static json_t *
new_links_model(struct request *rq, unsigned kinds)
{
	const struct admin_kind *k;
	json_t *list = json_array(), *o;
	int kind;

	for (kind = 0; list != NULL && kind < CONTENT_KINDS; kind++) {
		if (!(kinds & (1u << kind)))
			continue;
		k = admin_kind_of((enum content_kind)kind);
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			break;
		model_set(o, "label", T(rq->lang, k->new_title));
		model_set(o, "url", url_admin_new(rq->arena, k->section));
		json_object_set_new(o, "primary",
		    json_boolean(json_array_size(list) == 1));
	}
	return list;
}

/* A list as asked for: its kind, and the filter of the query. */
struct list_view {
	const struct admin_list_kind *k;
	const char	*filter;	/* "missing", "outdated", "q" or NULL */
	struct admin_query q;
};

/* ?q=WORDS into v: the items whose title holds them, white space either
 * side left out (none left: no filter). 0, or 400 for words too long,
 * not UTF-8 or with a control character. */
static int
read_words(struct request *rq, struct list_view *v, const char *q)
{
	size_t len = strlen(q), i, step;
	uint32_t cp;
	char *w;

	q = utf8_trim(q, &len);
	if (len == 0)
		return 0;
	if (len > ADMIN_WORDS_MAX)
		return 400;
	for (i = 0; i < len; i += step)
		if ((step = utf8_next(q + i, len - i, &cp)) == 0 ||
		    utf8_is_control(cp))
			return 400;
	if ((w = arena_strndup(rq->arena, q, len)) == NULL)
		return 500;
	v->filter = "q";
	v->q.filter = ADMIN_FILTER_TITLE;
	v->q.words = w;
	return 0;
}

/* The filters ?missing=CODE, ?outdated=CODE and ?q=WORDS (at most one of
 * them) into v. 0, or 400 for two at once, a language the site lacks or
 * words read_words() refuses. */
static int
read_filter(struct request *rq, struct list_view *v)
{
	const char *missing = request_query(rq, "missing");
	const char *outdated = request_query(rq, "outdated");
	const char *words = request_query(rq, "q");
	const char *code = missing != NULL ? missing : outdated;

	v->q.filter = ADMIN_FILTER_NONE;
	v->q.lang = v->q.words = NULL;
	v->filter = NULL;
	if ((missing != NULL) + (outdated != NULL) + (words != NULL) > 1)
		return 400;
	if (words != NULL)
		return read_words(rq, v, words);
	if (code == NULL)
		return 0;
	if ((v->q.lang = admin_lang_known(rq, code)) == NULL)
		return 400;
	v->filter = missing != NULL ? "missing" : "outdated";
	v->q.filter = missing != NULL ? ADMIN_FILTER_MISSING :
	    ADMIN_FILTER_OUTDATED;
	return 0;
}

/* The filter links of every language, the one in use marked. */
static json_t *
filters_model(struct request *rq, const struct list_view *v)
{
	json_t *list = json_array(), *o;
	const char *lang;
	size_t i;

	for (i = 0; list != NULL && i < rq->cfg->nlangs; i++) {
		lang = rq->cfg->langs[i];
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			break;
		model_set(o, "name", lang_name(rq, lang));
		model_set(o, "missing_url", url_admin_filtered(rq->arena,
		    v->k->section, "missing", lang, 0));
		model_set(o, "outdated_url", url_admin_filtered(rq->arena,
		    v->k->section, "outdated", lang, 0));
		json_object_set_new(o, "missing_current", json_boolean(
		    v->q.filter == ADMIN_FILTER_MISSING &&
		    strcmp(v->q.lang, lang) == 0));
		json_object_set_new(o, "outdated_current", json_boolean(
		    v->q.filter == ADMIN_FILTER_OUTDATED &&
		    strcmp(v->q.lang, lang) == 0));
	}
	return list;
}


/* The URL of page n of the list ctx (a struct list_view). */
static char *
list_url(struct arena *a, const void *ctx, int64_t n)
{
	const struct list_view *v = ctx;
	const struct admin_list_kind *k = v->k;

	if (v->filter != NULL)
		return url_admin_filtered(a, k->section, v->filter,
		    v->q.filter == ADMIN_FILTER_TITLE ? v->q.words : v->q.lang,
		    n);
	if (k->kinds == ADMIN_LIST_ALL)
		return url_admin_dashboard(a, n);
	return url_admin_items(a, k->section, n);
}

/* GET of a list: ?page=N from 0, and ?missing=CODE, ?outdated=CODE or
 * ?q=WORDS; 400 for a malformed N or filter, 404 past the end. */
static int
admin_list(struct request *rq, struct response *rs,
    const struct admin_list_kind *k)
{
	struct list_view v = { k, NULL, { k->kinds, ADMIN_FILTER_NONE, NULL,
	    NULL } };
	struct admin_query *q = &v.q;
	struct admin_entry *items;
	struct pager pg;
	int64_t count;
	enum store_status st;
	json_t *model, *list, *o;
	size_t n, i;
	int ret;

	if ((ret = pager_start(&pg, request_query(rq, "page"),
	    ADMIN_PER_PAGE)) != 0 || (ret = read_filter(rq, &v)) != 0)
		return ret;
	if ((st = store_admin_count(rq->db, q, &count)) != STORE_OK)
		return store_http_status(st);
	if ((ret = pager_count(&pg, count)) != 0)
		return ret;
	if ((st = store_admin_list(rq->db, rq->arena, q,
	    pager_offset(&pg), ADMIN_PER_PAGE, &items, &n)) != STORE_OK)
		return store_http_status(st);
	if ((model = admin_model(rq, T(rq->lang, k->title), k->section)) ==
	    NULL ||
	    (list = json_array()) == NULL ||
	    json_object_set_new(model, "items", list) == -1)
		return 500;
	for (i = 0; i < n; i++)
		if ((o = entry_model(rq, &items[i])) == NULL ||
		    json_array_append_new(list, o) == -1)
			return 500;
	model_set(model, "heading", T(rq->lang, k->title));
	/* A filter that finds nothing says so, not that there is nothing. */
	model_set(model, "empty", v.filter != NULL ? T(rq->lang, "None "
	    "matches this filter.") : T(rq->lang, k->empty));
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	json_object_set_new(model, "show_kind",
	    json_boolean(k->kinds == ADMIN_LIST_ALL));
	json_object_set_new(model, "new_links", new_links_model(rq, k->kinds));
	/* Items of every language are listed; say which only when the site
	 * has more than one. */
	json_object_set_new(model, "show_lang",
	    json_boolean(rq->cfg->nlangs > 1));
	json_object_set_new(model, "count", json_integer(count));
	/* The filters only mean something with more than one language. */
	json_object_set_new(model, "has_filters",
	    json_boolean(rq->cfg->nlangs > 1));
	json_object_set_new(model, "filters", filters_model(rq, &v));
	model_set(model, "unfiltered_url", list_url(rq->arena, &(struct
	    list_view){ k, NULL, { 0, ADMIN_FILTER_NONE, NULL, NULL } }, 0));
	model_set(model, "words", q->words != NULL ? q->words : "");
	json_object_set_new(model, "filter_words",
	    json_boolean(q->filter == ADMIN_FILTER_TITLE));
	if (q->lang != NULL) {
		model_set(model, "filter_lang", lang_name(rq, q->lang));
		json_object_set_new(model, "filter_missing", json_boolean(
		    q->filter == ADMIN_FILTER_MISSING));
		json_object_set_new(model, "filter_outdated", json_boolean(
		    q->filter == ADMIN_FILTER_OUTDATED));
	}
	if (pager_model(model, &pg, rq->arena, list_url, &v) == -1)
		return 500;
	if (k == &dashboard_list)
		admin_review_dashboard(rq, model);
	return layout_render(rq, rs, "admin_dashboard", model, 200);
}

/* GET /admin: every kind together. */
int
admin_dashboard(struct request *rq, struct response *rs)
{
	return admin_list(rq, rs, &dashboard_list);
}

/* GET /admin/<section>: the items of the route's kind, drafts and
 * scheduled ones included. */
int
admin_content_index(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	const struct admin_list_kind list = {
		k->list, k->section, k->list_title, k->list_empty
	};

	return admin_list(rq, rs, &list);
}

/* api.c: the read-only JSON API (docs/api.md): the view models the public
 * pages are rendered from, answered as JSON with absolute URLs, links to
 * the other pages of a list and to each version in another language.
 * Public like the pages: nothing here reads a session or a draft. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "controllers/api.h"
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "store/media.h"
#include "view/api_json.h"
#include "view/media_html.h"
#include "view/urls.h"

/* The type of every answer, the route table's. */
#define API_TYPE	"application/json"
/* The key of an item's model api_lead_set() writes, api_item() reads. */
#define API_LEAD	"api_lead_image"

/* A release as the list and its own answer give it. */
static const struct api_field news_fields[] = {
	{ "title", "title", API_STRING },
	{ "slug", "slug", API_STRING },
	{ "lang", "lang", API_LANG },
	{ "url", "url", API_URL },
	{ "dateline", "dateline", API_STRING },
	{ "date_iso", "date", API_STRING },
	{ "published_iso", "published", API_STRING },
	{ "updated_iso", "updated", API_STRING },
	{ "summary", "summary", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* What a release's own answer adds. */
static const struct api_field body_fields[] = {
	{ "body_html", "body_html", API_STRING },
	{ NULL, NULL, API_STRING },
};

static const struct api_field page_fields[] = {
	{ "title", "title", API_STRING },
	{ "slug", "slug", API_STRING },
	{ "lang", "lang", API_LANG },
	{ "url", "url", API_URL },
	{ "updated_iso", "updated", API_STRING },
	{ "summary", "summary", API_STRING },
	{ "body_html", "body_html", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* "current" and "has_children" only tell the layout how to draw it. */
static const struct api_field menu_fields[] = {
	{ "label", "label", API_STRING },
	{ "label_lang", "label_lang", API_LANG },
	{ "description", "description", API_STRING },
	{ "description_lang", "description_lang", API_LANG },
	{ "url", "url", API_URL },
	{ "external", "external", API_BOOL },
	{ "children", "children", API_TREE },
	{ NULL, NULL, API_STRING },
};

static struct api_ctx
ctx_of(struct request *rq)
{
	struct api_ctx c = { rq->arena, rq->cfg->base_url, rq->lang };

	return c;
}

/* The absolute URL of path, as a JSON string; NULL when out of memory. */
static json_t *
absolute(struct request *rq, const char *path)
{
	const char *s;

	if (path == NULL || (s = url_absolute(rq->arena, rq->cfg->base_url,
	    path)) == NULL)
		return NULL;
	return json_string(s);
}

/* Sets key of o to the absolute URL of path; -1 when out of memory. */
static int
set_url(struct request *rq, json_t *o, const char *key, const char *path)
{
	return json_object_set_new(o, key, absolute(rq, path));
}

/* Answers answer (released here) as the response: 200, or 503 when it is
 * NULL (memory ran out building it). */
static int
send_answer(struct response *rs, json_t *answer)
{
	int ret = api_json_write(&rs->body, answer);

	json_decref(answer);
	return ret == 0 ? 200 : 503;
}

/* {lang, url, api_url} of each configured language that has a version
 * of item group_id of kind, in the configuration's order: the item's
 * own among them. NULL when the store fails (*status then says how to
 * answer) or memory runs out (503). */
static json_t *
translations(struct request *rq, const char *kind, int64_t group_id,
    item_url_fn html, item_url_fn api, int *status)
{
	struct translation *t;
	enum store_status st;
	json_t *list, *o;
	size_t i, j, n;

	*status = 503;
	if ((st = store_translations(rq->db, rq->arena, kind, group_id,
	    rq->now, &t, &n)) != STORE_OK) {
		*status = store_http_status(st);
		return NULL;
	}
	if ((list = json_array()) == NULL)
		return NULL;
	for (i = 0; i < rq->cfg->nlangs; i++) {
		const char *code = rq->cfg->langs[i], *ll;

		for (j = 0; j < n && strcmp(t[j].lang, code) != 0; j++)
			;
		if (j == n)
			continue;
		ll = lang_link(rq, code);
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1 ||
		    json_object_set_new(o, "lang", json_string(code)) == -1 ||
		    set_url(rq, o, "url", html(rq->arena, ll, t[j].slug)) ==
		    -1 ||
		    set_url(rq, o, "api_url", api(rq->arena, ll, t[j].slug)) ==
		    -1) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

/* The answer of one item: item (the view model's release or page)
 * picked by fields and extra (NULL: none), its answer's URL and its
 * versions. */
int
api_item(struct request *rq, struct response *rs, const json_t *item,
    const struct api_field *fields, const struct api_field *extra,
    const char *kind, int64_t group_id, item_url_fn html, item_url_fn api)
{
	struct api_ctx c = ctx_of(rq);
	json_t *o, *more, *langs;
	int status;

	if ((o = api_json_pick(&c, item, fields)) == NULL)
		return 503;
	if (extra != NULL) {
		if ((more = api_json_pick(&c, item, extra)) == NULL ||
		    json_object_update(o, more) == -1) {
			json_decref(more);
			json_decref(o);
			return 503;
		}
		json_decref(more);
	}
	/* api_lead_set()'s, when the kind's answer called it. */
	if ((more = json_object_get(item, API_LEAD)) != NULL &&
	    json_object_set(o, "lead_image", more) == -1) {
		json_decref(o);
		return 503;
	}
	/* json_object_get only reads the model. */
	if (set_url(rq, o, "api_url", api(rq->arena, link_lang(rq),
	    json_string_value(json_object_get(item, "slug")))) == -1) {
		json_decref(o);
		return 503;
	}
	if ((langs = translations(rq, kind, group_id, html, api,
	    &status)) == NULL) {
		json_decref(o);
		return status;
	}
	if (json_object_set_new(o, "translations", langs) == -1) {
		json_decref(o);
		return 503;
	}
	return send_answer(rs, o);
}

/* {url, width, height, alt} of image m's largest file that a page can
 * name (a variant, else its original) in lang; json null when it has
 * none (a HEIC without variants). NULL when out of memory. */
static json_t *
lead_json(struct request *rq, const struct media_item *m, const char *lang)
{
	const char *url;
	int w = m->width, h = m->height;
	size_t i;

	for (i = 0; i < m->nvariants; i++)
		if (i == 0 || m->variants[i].width > w) {
			w = m->variants[i].width;
			h = m->variants[i].height;
		}
	if ((url = media_html_image_url(rq->arena, m, w,
	    rq->cfg->base_url)) == NULL)
		return json_null();
	return json_pack("{s:s, s:i, s:i, s:s}", "url", url, "width", w,
	    "height", h, "alt", media_html_alt(m, lang));
}

int
api_lead_set(struct request *rq, json_t *item, enum content_kind kind,
    int64_t id)
{
	const char *lang = json_string_value(json_object_get(item, "lang"));
	struct media_item *m;
	json_t *j;
	int ret;

	if ((ret = media_lead_read(rq, kind, id, &m)) != 0)
		return ret;
	if (lang == NULL || *lang == '\0')
		lang = rq->lang;
	j = m != NULL ? lead_json(rq, m, lang) : json_null();
	if (j == NULL || json_object_set_new(item, API_LEAD, j) == -1)
		return 503;
	return 0;
}

/* Sets key of links to the absolute URL of page n of the list, or to null
 * when there is no page n. -1 when out of memory. */
static int
set_link(struct request *rq, json_t *links, const char *key,
    const struct api_list *l, const struct pager *pg, int64_t n)
{
	if (n < 0 || n >= pg->pages)
		return json_object_set_new(links, key, json_null());
	return set_url(rq, links, key, l->api(rq->arena, link_lang(rq),
	    l->ctx, n));
}

/* {lang, url, api_url} of the same page of the list in each configured
 * language (every one has the list); NULL when out of memory. */
static json_t *
list_translations(struct request *rq, const struct api_list *l,
    const struct pager *pg)
{
	json_t *list = json_array(), *o;
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < rq->cfg->nlangs; i++) {
		const char *code = rq->cfg->langs[i];
		const char *ll = lang_link(rq, code);

		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1 ||
		    json_object_set_new(o, "lang", json_string(code)) == -1 ||
		    set_url(rq, o, "url", l->html(rq->arena, ll, l->ctx,
		    pg->page)) == -1 ||
		    set_url(rq, o, "api_url", l->api(rq->arena, ll, l->ctx,
		    pg->page)) == -1) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

/* The answer of an item of kind (a content kind's name), or NULL for a
 * kind the API has no answer of. */
static item_url_fn
kind_api(const char *kind)
{
	static const struct {
		const char	*kind;
		item_url_fn	 api;
	} apis[] = {
		{ "news", url_api_news },
		{ "page", url_api_page },
		{ "project", url_api_project },
		{ "event", url_api_event },
		{ "publication", url_api_publication },
	};
	size_t i;

	for (i = 0; kind != NULL && i < sizeof(apis) / sizeof(apis[0]); i++)
		if (strcmp(kind, apis[i].kind) == 0)
			return apis[i].api;
	return NULL;
}

/* The answer of page pg of a list whose view model is model: its items,
 * where it is among its pages (page, page_count, per_page, total and the
 * links to self, first, last, prev and next), its versions. */
int
api_list(struct request *rq, struct response *rs, const json_t *model,
    const struct pager *pg, const struct api_list *l)
{
	struct api_ctx c = ctx_of(rq);
	json_t *o, *links, *items;
	const char *ll = link_lang(rq);
	size_t i;

	if ((o = l->top != NULL ? api_json_pick(&c, model, l->top) :
	    json_object()) == NULL)
		return 503;
	if (json_object_set_new(o, "lang", json_string(rq->lang)) == -1 ||
	    set_url(rq, o, "url", l->html(rq->arena, ll, l->ctx,
	    pg->page)) == -1 ||
	    set_url(rq, o, "api_url", l->api(rq->arena, ll, l->ctx,
	    pg->page)) == -1 ||
	    json_object_set_new(o, "page", json_integer(pg->page)) == -1 ||
	    json_object_set_new(o, "page_count", json_integer(pg->pages)) ==
	    -1 ||
	    json_object_set_new(o, "per_page", json_integer(pg->per_page)) ==
	    -1 ||
	    json_object_set_new(o, "total", json_integer(pg->total)) == -1 ||
	    (links = json_object()) == NULL ||
	    json_object_set_new(o, "links", links) == -1 ||
	    set_link(rq, links, "self", l, pg, pg->page) == -1 ||
	    set_link(rq, links, "first", l, pg, 0) == -1 ||
	    set_link(rq, links, "last", l, pg, pg->pages - 1) == -1 ||
	    set_link(rq, links, "prev", l, pg, pg->page - 1) == -1 ||
	    set_link(rq, links, "next", l, pg, pg->page + 1) == -1 ||
	    json_object_set_new(o, "translations",
	    list_translations(rq, l, pg)) == -1 ||
	    (items = api_json_pick_all(&c, json_object_get(model, l->items),
	    l->fields)) == NULL ||
	    json_object_set_new(o, "items", items) == -1) {
		json_decref(o);
		return 503;
	}
	for (i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		item_url_fn api = l->item_api != NULL ? l->item_api :
		    kind_api(json_string_value(json_object_get(it, "kind")));

		if (api == NULL ? json_object_set_new(it, "api_url",
		    json_null()) == -1 : set_url(rq, it, "api_url",
		    api(rq->arena, ll, json_string_value(json_object_get(it,
		    "slug")))) == -1) {
			json_decref(o);
			return 503;
		}
	}
	return send_answer(rs, o);
}

/* The news list's pages and answers; ctx unused. */
static char *
news_list_html(struct arena *a, const char *lang, const void *ctx,
    int64_t n)
{
	(void)ctx;
	return url_news_list(a, lang, n);
}

static char *
news_list_api(struct arena *a, const char *lang, const void *ctx,
    int64_t n)
{
	(void)ctx;
	return url_api_news_list(a, lang, n);
}

int
api_refused(struct response *rs, int status, const json_t *model)
{
	/* json_object_get only reads the model. */
	const char *why = json_string_value(json_object_get(model, "error"));

	if (why == NULL)
		return status;
	if (api_json_error(&rs->body, status, why) == -1 ||
	    response_set_header(rs, "Content-Type", API_TYPE) == -1)
		return 503;
	return status;
}

/* GET /api/v1/news, /api/v1/news?page=N: the releases of /news. */
int
api_news_index(struct request *rq, struct response *rs)
{
	static const struct api_list list = {
		NULL, "items", news_fields, url_api_news, news_list_html,
		news_list_api, NULL,
	};
	struct pager pg;
	json_t *model;
	int ret;

	if ((ret = news_list_start(&pg, rq)) != 0)
		return ret;
	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = news_list_model(rq, &pg, model)) != 0)
		return ret;
	return api_list(rq, rs, model, &pg, &list);
}

/* GET /api/v1/news/<slug>: the release of /news/<slug>, its old slugs
 * and other versions' sent on to their answer as there. */
int
api_news_show(struct request *rq, struct response *rs)
{
	struct news n;
	json_t *model;
	int ret;

	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = news_show_model(rq, rs, url_api_news, &n, model)) != 0 ||
	    (ret = api_lead_set(rq, json_object_get(model, "news"),
	    CONTENT_NEWS, n.id)) != 0)
		return ret;
	return api_item(rq, rs, json_object_get(model, "news"), news_fields,
	    body_fields, "news", n.group_id, url_news, url_api_news);
}

/* GET /api/v1/pages/<slug>: the page of /<slug>. */
int
api_page_show(struct request *rq, struct response *rs)
{
	struct page p;
	json_t *model;
	int ret;

	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = page_show_model(rq, rs, url_api_page, &p, model)) != 0 ||
	    (ret = api_lead_set(rq, json_object_get(model, "page"),
	    CONTENT_PAGE, p.id)) != 0)
		return ret;
	return api_item(rq, rs, json_object_get(model, "page"), page_fields,
	    NULL, "page", p.group_id, url_page, url_api_page);
}

/* GET /api/v1/menu: the menu every page shows, in the reader's language
 * (labels and descriptions it lacks in the item's own, marked). */
int
api_menu(struct request *rq, struct response *rs)
{
	struct api_ctx c = ctx_of(rq);
	json_t *menu, *o;

	if ((o = json_object()) == NULL)
		return 503;
	if (json_object_set_new(o, "lang", json_string(rq->lang)) == -1 ||
	    set_url(rq, o, "api_url", url_api_menu(rq->arena,
	    link_lang(rq))) == -1 ||
	    (menu = menu_model(rq, NULL)) == NULL) {
		json_decref(o);
		return 503;
	}
	if (json_object_set_new(o, "items", api_json_pick_all(&c, menu,
	    menu_fields)) == -1) {
		json_decref(menu);
		json_decref(o);
		return 503;
	}
	json_decref(menu);
	return send_answer(rs, o);
}

/* A search hit: what the results page shows of it. */
static const struct api_field search_fields[] = {
	{ "title", "title", API_STRING },
	{ "kind", "kind", API_STRING },
	{ "slug", "slug", API_STRING },
	{ "lang", "lang", API_LANG },
	{ "url", "url", API_URL },
	{ "date_iso", "date", API_STRING },
	{ "snippet", "snippet", API_PARTS },
	{ NULL, NULL, API_STRING },
};

/* What was searched: the query as normalised, the kind and year. */
static const struct api_field search_top[] = {
	{ "search_query", "query", API_STRING },
	{ "type", "type", API_STRING },
	{ "year", "year", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* What a search's links carry, read back from its view model. */
struct search_ctx {
	const char	*q;
	const char	*kind;	/* NULL: every kind */
	int		 year;	/* 0: any */
};

static char *
search_html(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	const struct search_ctx *s = ctx;

	return url_search_results(a, lang, s->q, s->kind, s->year, n);
}

static char *
search_api(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	const struct search_ctx *s = ctx;

	return url_api_search(a, lang, s->q, s->kind, s->year, n);
}

/* GET /api/v1/search?q=…&type=…&year=…&page=N: the results of /search,
 * with the query it searched and the snippets' matched words marked. A
 * refused query answers 400 with the page's reason; a page past the last
 * 404, as the news list. */
int
api_search(struct request *rq, struct response *rs)
{
	struct search_ctx s;
	struct api_list list = {
		search_top, "results", search_fields, NULL, search_html,
		search_api, &s,
	};
	struct pager pg;
	const char *year;
	json_t *model, *page;
	int ret;

	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = search_model(rq, model)) != 0)
		return api_refused(rs, ret, model);
	s.q = json_string_value(json_object_get(model, "search_query"));
	s.kind = json_string_value(json_object_get(model, "type"));
	if (s.kind != NULL && *s.kind == '\0')
		s.kind = NULL;
	year = json_string_value(json_object_get(model, "year"));
	s.year = year != NULL ? atoi(year) : 0;
	/* No query (or none to look for) lists nothing; a page past the
	 * last has no page number in its model. */
	page = json_object_get(model, "page");
	if (json_object_get(model, "first_url") != NULL)
		return 404;
	memset(&pg, 0, sizeof(pg));
	pg.pages = 1;
	pg.per_page = (int)json_integer_value(json_object_get(model,
	    "per_page"));
	if (page != NULL) {
		pg.page = json_integer_value(page);
		pg.pages = json_integer_value(json_object_get(model,
		    "page_count"));
		pg.total = json_integer_value(json_object_get(model, "total"));
	}
	return api_list(rq, rs, model, &pg, &list);
}

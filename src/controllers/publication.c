/* publication.c: publications, the "Data and Resources" of the site: the
 * list at /resources filtered by type and year, one publication's page,
 * and their JSON answers. */
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "controllers/api.h"
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "controllers/publication.h"
#include "lib/arena.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "search_query.h"
#include "store/content.h"
#include "store/store.h"
#include "view/api_json.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/lang_names.h"
#include "view/urls.h"

/* The types of publication (docs/content-kinds.md): the value fields and
 * ?type= hold, and its name. */
static const struct {
	const char	*value;
	const char	*label;
} types[] = {
	{ "report", N_("Report") },
	{ "factsheet", N_("Factsheet") },
	{ "situation-report", N_("Situation report") },
	{ "map", N_("Map") },
};
#define NTYPES	(sizeof(types) / sizeof(types[0]))

/* What a list reads from its query, also what its links carry. */
struct pub_args {
	const char	*type;		/* NULL: any */
	int		 year;		/* 0: any */
	struct pager	 pg;
};

/* The type named by value into *type (NULL or "": any, *type NULL).
 * Returns 0, or -1 when value names no type. */
static int
type_parse(const char *value, const char **type)
{
	size_t i;

	*type = NULL;
	if (value == NULL || *value == '\0')
		return 0;
	for (i = 0; i < NTYPES; i++)
		if (strcmp(value, types[i].value) == 0) {
			*type = types[i].value;
			return 0;
		}
	return -1;
}

/* The name of type in lang; "" for a type the list does not know. */
static const char *
type_label(const char *lang, const char *type)
{
	size_t i;

	for (i = 0; type != NULL && i < NTYPES; i++)
		if (strcmp(type, types[i].value) == 0)
			return T(lang, types[i].label);
	return "";
}

/* ?type=: the type, "" for any. */
static const char *
canon_type(struct arena *a, const char *value)
{
	const char *type;

	(void)a;
	if (type_parse(value, &type) == -1)
		return NULL;
	return type != NULL ? type : "";
}

const struct query_field publication_query_fields[] = {
	{ "type", canon_type },
	{ "year", search_query_canon_year },
	{ "page", page_cache_canon_page },
	{ NULL, NULL },
};

/* The documents of fields (a publication's own fields, parsed: NULL when
 * they did not parse, and then there is none) as [{title, url, lang,
 * lang_name}]: only http(s) addresses, lang "" when it is no language
 * tag. A new reference; NULL when out of memory. */
static json_t *
documents_model(struct request *rq, const json_t *fields)
{
	char locale[LANG_LOCALE_MAX];
	json_t *docs, *list, *d, *o;
	const char *title, *url, *lang;
	size_t i;

	if ((list = json_array()) == NULL)
		return NULL;
	/* json_object_get only reads fields. */
	docs = json_object_get(fields, "documents");
	json_array_foreach(docs, i, d) {
		title = json_string_value(json_object_get(d, "title"));
		url = json_string_value(json_object_get(d, "url"));
		lang = json_string_value(json_object_get(d, "lang"));
		if (url == NULL || (strncmp(url, "https://", 8) != 0 &&
		    strncmp(url, "http://", 7) != 0))
			continue;
		if (lang == NULL || lang_icu_locale(lang, locale) == -1)
			lang = "";
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1) {
			json_decref(list);
			return NULL;
		}
		model_set(o, "title", title != NULL && *title != '\0' ? title :
		    url);
		model_set(o, "url", url);
		model_set(o, "lang", lang);
		model_set(o, "lang_name", *lang != '\0' ? lang_name(rq, lang) :
		    "");
	}
	return list;
}

/* A publication as lists show it: title, slug, lang, url, date_iso,
 * date_text, type, type_text, summary, documents, has_documents,
 * updated_iso and foreign. Its fields are read as the editor saved them
 * (docs/content-kinds.md); fields that do not parse give no type and no
 * document. A new reference; NULL when out of memory. */
static json_t *
publication_item_model(struct request *rq, const struct content *c)
{
	json_t *fields, *o, *docs;
	const char *type;

	fields = json_loads(c->fields != NULL ? c->fields : "{}", 0, NULL);
	type = json_string_value(json_object_get(fields, "type"));
	if ((o = json_object()) == NULL ||
	    (docs = documents_model(rq, fields)) == NULL) {
		json_decref(o);
		json_decref(fields);
		return NULL;
	}
	model_set(o, "title", c->title);
	model_set(o, "slug", c->slug);
	model_set(o, "lang", c->lang);
	model_set(o, "url", url_resource(rq->arena, link_lang(rq), c->slug));
	model_set(o, "date_iso", c->pub_date);
	model_set(o, "date_text", date_text_lang(rq->arena, rq->lang,
	    c->pub_date));
	model_set(o, "type", type_label(rq->lang, type)[0] != '\0' ? type :
	    "");
	model_set(o, "type_text", type_label(rq->lang, type));
	/* type points into fields: set, it is no longer needed. */
	json_decref(fields);
	model_set(o, "summary", c->summary);
	model_set(o, "updated_iso", time_iso(rq->arena,
	    c->updated_at > c->published_at ? c->updated_at :
	    c->published_at));
	if (json_object_set_new(o, "documents", docs) == -1 ||
	    mark_foreign(rq, o, c->lang) == -1) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "has_documents",
	    json_boolean(json_array_size(docs) > 0));
	return o;
}

/* Puts c into model as its own page shows it: title, resources_url (the
 * list's), and publication (publication_item_model with body_html). 0,
 * or -1 when out of memory. */
static int
publication_into(struct request *rq, const struct content *c, json_t *model)
{
	struct media_shown it = { CONTENT_PUBLICATION, c->id, -1, c->lang,
	    c->body_html };
	json_t *o;

	model_set(model, "title", c->title);
	model_set(model, "resources_url", url_resources(rq->arena,
	    link_lang(rq), NULL, 0, 0));
	if ((o = publication_item_model(rq, c)) == NULL ||
	    json_object_set_new(model, "publication", o) == -1)
		return -1;
	return media_item_set(rq, model, o, &it) == 0 ? 0 : -1;
}

int
publication_page(struct request *rq, struct response *rs,
    const struct content *c)
{
	json_t *model;
	int ret;

	if ((model = layout_model(rq, NULL, url_resources(rq->arena,
	    link_lang(rq), NULL, 0, 0))) == NULL ||
	    publication_into(rq, c, model) == -1)
		return 503;
	if ((ret = layout_languages_item(rq, model, "publication",
	    c->group_id, c->slug, c->lang, url_resource)) != 0)
		return ret;
	return layout_render(rq, rs, "publication_show", model, 200);
}

/* Finds the visible publication at the route's slug into *c. Returns 0,
 * or the status to answer: 301 to url(arena, link language, slug) of its
 * current slug or of its version in the reader's language, 404, 503. */
static int
publication_find(struct request *rq, struct response *rs,
    char *(*url)(struct arena *, const char *lang, const char *slug),
    struct content *c)
{
	const char *slug = route_arg(rq, 0), *version;
	enum store_status st;

	if (!slug_valid(slug))
		return 404;
	st = store_publication_by_slug(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, slug, rq->now, c, &version);
	if (st == STORE_NOTFOUND)
		return moved_or_missing(rq, rs, "publication", slug, url);
	if (st != STORE_OK)
		return store_http_status(st);
	if (version != NULL)
		return moved_to(rs, url(rq->arena, link_lang(rq), version));
	return 0;
}

/* GET /resources/<slug>: one published publication, chosen as
 * news_show() chooses a release, with its documents. */
int
publication_show(struct request *rq, struct response *rs)
{
	struct content c;
	int ret;

	if ((ret = publication_find(rq, rs, url_resource, &c)) != 0)
		return ret;
	return publication_page(rq, rs, &c);
}

/* The type filter's options, the one asked for selected; NULL when out
 * of memory. */
static json_t *
types_model(struct request *rq, const char *type)
{
	json_t *list = filter_options(T(rq->lang, "All types"), type == NULL);
	size_t i;

	for (i = 0; list != NULL && i < NTYPES; i++)
		if (filter_option(list, types[i].value, T(rq->lang,
		    types[i].label), type != NULL &&
		    strcmp(type, types[i].value) == 0) == -1) {
			json_decref(list);
			return NULL;
		}
	return list;
}

/* The year filter's options: any year, then each year that has a
 * publication, the one asked for selected (and offered even when it has
 * none, so that the form shows what was asked). NULL when the store
 * fails or memory runs out. */
static json_t *
years_model(struct request *rq, int year)
{
	json_t *list;
	bool listed = year == 0;
	const char *y;
	int *years;
	size_t i, n;

	if (store_publication_years(rq->db, rq->arena, rq->now, &years,
	    &n) != STORE_OK || (list = filter_options(T(rq->lang,
	    "All years"), year == 0)) == NULL)
		return NULL;
	for (i = 0; i <= n && !(i == n && listed); i++) {
		y = arena_printf(rq->arena, "%d", i < n ? years[i] : year);
		if (filter_option(list, y, y, (i < n ? years[i] : year) ==
		    year) == -1) {
			json_decref(list);
			return NULL;
		}
		listed = listed || (i < n && years[i] == year);
	}
	return list;
}

/* Reads the list's query into *p and puts its filters (type, year, types,
 * years) into model. Returns 0; 400 with "error" (why, in words) and
 * error_type or error_year set when a filter is refused, 400 without
 * them for an unreadable ?page=; 503 when the store fails or memory runs
 * out. */
static int
read_args(struct request *rq, json_t *model, struct pub_args *p)
{
	const char *error = NULL, *field = NULL;
	json_t *list;

	if (type_parse(request_query(rq, "type"), &p->type) == -1) {
		error = T(rq->lang, "Please choose a type from the list.");
		field = "error_type";
	} else if (search_query_year(request_query(rq, "year"),
	    &p->year) == -1) {
		error = arena_printf(rq->arena, T(rq->lang, "Please give the "
		    "year as a number from %d to %d."), SEARCH_YEAR_MIN,
		    SEARCH_YEAR_MAX);
		field = "error_year";
	}
	model_set(model, "type", p->type);
	model_set(model, "year", p->year != 0 ? arena_printf(rq->arena, "%d",
	    p->year) : "");
	if ((list = types_model(rq, p->type)) == NULL ||
	    json_object_set_new(model, "types", list) == -1 ||
	    (list = years_model(rq, p->year)) == NULL ||
	    json_object_set_new(model, "years", list) == -1)
		return 503;
	if (error != NULL) {
		model_set(model, "error", error);
		json_object_set_new(model, field, json_true());
		return 400;
	}
	return pager_start(&p->pg, request_query(rq, "page"),
	    PUBLICATIONS_PER_PAGE);
}

/* What the links to the list's other pages carry: its filters and the
 * page's link language. */
struct list_ctx {
	const struct pub_args	*args;
	const char		*lang;
};

/* The URL of page n of the list; ctx is its list_ctx. */
static char *
list_url(struct arena *a, const void *ctx, int64_t n)
{
	const struct list_ctx *l = ctx;

	return url_resources(a, l->lang, l->args->type, l->args->year, n);
}

/* The URL of the same page of the list in lang; ctx is its pub_args. */
static char *
list_url_in(struct arena *a, const char *lang, const void *ctx)
{
	const struct pub_args *p = ctx;

	return url_resources(a, lang, p->type, p->year, p->pg.page);
}

/* Fills model with the list the query asks for, for the HTML page and
 * the API: the filters (read_args), items (each publication_item_model),
 * has_items, total and the pager's fields. Returns 0, or the status to
 * answer: 400 as read_args, 404 past the last page, 503. */
static int
publication_list_model(struct request *rq, json_t *model, struct pub_args *p)
{
	struct list_ctx l = { p, link_lang(rq) };
	struct content *items;
	enum store_status st;
	int64_t count;
	json_t *list;
	size_t n, i;
	int ret;

	if ((ret = read_args(rq, model, p)) != 0)
		return ret;
	if ((st = store_publication_count(rq->db, rq->lang,
	    rq->cfg->default_lang, rq->now, p->type, p->year, &count)) !=
	    STORE_OK)
		return store_http_status(st);
	if ((ret = pager_count(&p->pg, count)) != 0)
		return ret;
	if ((st = store_publication_list(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, rq->now, p->type, p->year,
	    pager_offset(&p->pg), PUBLICATIONS_PER_PAGE, &items, &n)) !=
	    STORE_OK)
		return store_http_status(st);
	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "items", list) == -1)
		return 503;
	for (i = 0; i < n; i++)
		if ((ret = media_list_append(rq, list,
		    publication_item_model(rq, &items[i]),
		    CONTENT_PUBLICATION, items[i].id, -1, items[i].lang)) != 0)
			return ret;
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	json_object_set_new(model, "total", json_integer(count));
	json_object_set_new(model, "filtered", json_boolean(p->type != NULL ||
	    p->year != 0));
	if (pager_model(model, &p->pg, rq->arena, list_url, &l) == -1)
		return 503;
	return 0;
}

/* GET /resources?type=…&year=…&page=N: the "Data and Resources" list,
 * newest first; a refused filter is a 400 page that says why, with the
 * form to choose again. */
int
publication_index(struct request *rq, struct response *rs)
{
	struct pub_args p;
	json_t *model;
	int ret;

	memset(&p, 0, sizeof(p));
	if ((model = layout_model(rq, T(rq->lang, "Data and Resources"),
	    url_resources(rq->arena, link_lang(rq), NULL, 0, 0))) == NULL)
		return 503;
	model_set(model, "form_url", url_resources(rq->arena, link_lang(rq),
	    NULL, 0, 0));
	ret = publication_list_model(rq, model, &p);
	if (ret != 0 && (ret != 400 ||
	    json_object_get(model, "error") == NULL))
		return ret;
	if (layout_languages_all(rq, model, list_url_in, &p) == -1)
		return 503;
	return layout_render(rq, rs, "publication_list", model,
	    ret == 0 ? 200 : ret);
}

/* A publication as the API gives it, in the list and alone. */
static const struct api_field pub_fields[] = {
	{ "title", "title", API_STRING },
	{ "slug", "slug", API_STRING },
	{ "lang", "lang", API_LANG },
	{ "url", "url", API_URL },
	{ "date_iso", "date", API_STRING },
	{ "type", "type", API_STRING },
	{ "type_text", "type_text", API_STRING },
	{ "updated_iso", "updated", API_STRING },
	{ "summary", "summary", API_STRING },
	/* [{title, url, lang, lang_name}]: copied as they are, the URLs
	 * already absolute (another site's). */
	{ "documents", "documents", API_PARTS },
	{ NULL, NULL, API_STRING },
};

/* What its own answer adds. */
static const struct api_field pub_body_fields[] = {
	{ "body_html", "body_html", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* The filters of a list's answer. */
static const struct api_field pub_top[] = {
	{ "type", "type", API_STRING },
	{ "year", "year", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* The list's pages and answers; ctx is its pub_args. */
static char *
list_html(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	const struct pub_args *p = ctx;

	return url_resources(a, lang, p->type, p->year, n);
}

static char *
list_api(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	const struct pub_args *p = ctx;

	return url_api_publications(a, lang, p->type, p->year, n);
}

/* GET /api/v1/publications?type=…&year=…&page=N: the publications of
 * /resources; a refused filter answers 400 with the page's reason. */
int
api_publication_index(struct request *rq, struct response *rs)
{
	struct pub_args p;
	const struct api_list list = {
		pub_top, "items", pub_fields, url_api_publication, list_html,
		list_api, &p,
	};
	json_t *model;
	int ret;

	memset(&p, 0, sizeof(p));
	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = publication_list_model(rq, model, &p)) != 0)
		return api_refused(rs, ret, model);
	return api_list(rq, rs, model, &p.pg, &list);
}

/* GET /api/v1/publications/<slug>: the publication of /resources/<slug>,
 * its old slugs and other versions' sent on to their answer as there. */
int
api_publication_show(struct request *rq, struct response *rs)
{
	struct content c;
	json_t *model;
	int ret;

	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = publication_find(rq, rs, url_api_publication, &c)) != 0)
		return ret;
	if (publication_into(rq, &c, model) == -1)
		return 503;
	if ((ret = api_lead_set(rq, json_object_get(model, "publication"),
	    CONTENT_PUBLICATION, c.id)) != 0)
		return ret;
	return api_item(rq, rs, json_object_get(model, "publication"),
	    pub_fields, pub_body_fields, "publication", c.group_id,
	    url_resource, url_api_publication);
}

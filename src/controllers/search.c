/* search.c: the search page: the visitor's query read (search_query.c),
 * the store asked, and the results with their marked snippets, or why the
 * query was refused. */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "search_query.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 10: results a page, as the news list has. */
#define SEARCH_PER_PAGE	10

/* What a search reads from its query, also what its links carry. */
struct search_args {
	struct search_query	 q;
	const char		*kind;	/* NULL: every kind */
	int			 year;	/* 0: any */
	struct pager		 pg;
	const char		*lang;	/* the link language */
};

/* The kinds of content a search finds: the ?type= value (the store's
 * kind), its name in a filter and on a result, and its URL. */
static const struct {
	const char	*kind;
	const char	*filter;
	const char	*label;
	char		*(*url)(struct arena *, const char *lang,
			    const char *slug);
} kinds[] = {
	{ "news", N_("News releases"), N_("News release"), url_news },
	{ "page", N_("Pages"), N_("Page"), url_page },
	/* A project answers at /<slug>, beside the pages. */
	{ "project", N_("Projects"), N_("Project"), url_page },
	{ "event", N_("Events"), N_("Event"), url_event },
	{ "publication", N_("Publications"), N_("Publication"),
	    url_resource },
};
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

/* The URL of page n of these results; ctx is the search_args, the link
 * language the page's. */
static char *
results_url(struct arena *a, const void *ctx, int64_t n)
{
	const struct search_args *s = ctx;

	return url_search_results(a, s->lang, s->q.text, s->kind, s->year,
	    n);
}

/* The URL of the same results in lang; ctx is the search_args. */
static char *
results_url_in(struct arena *a, const char *lang, const void *ctx)
{
	const struct search_args *s = ctx;

	return url_search_results(a, lang, s->q.text, s->kind, s->year,
	    s->pg.page);
}

/* The snippet s, its matched words between \x02 and \x03, as parts
 * [{text, mark}] the template writes, each escaped, marked ones in <mark>:
 * no HTML is made here. NULL when out of memory. */
static json_t *
snippet_model(struct arena *a, const char *s)
{
	json_t *parts = json_array(), *o;
	size_t len;
	bool mark = false;

	if (parts == NULL)
		return NULL;
	while (s != NULL && *s != '\0') {
		len = strcspn(s, "\x02\x03");
		if (len > 0) {
			if ((o = json_object()) == NULL ||
			    json_array_append_new(parts, o) == -1) {
				json_decref(parts);
				return NULL;
			}
			model_set(o, "text", arena_strndup(a, s, len));
			json_object_set_new(o, "mark", json_boolean(mark));
		}
		s += len;
		if (*s != '\0')
			mark = *s++ == '\x02';
	}
	return parts;
}

/* A hit as the results show it, or NULL when out of memory; *skip when it
 * is of a kind this page cannot link to. */
static json_t *
hit_model(struct request *rq, const struct search_hit *h, bool *skip)
{
	json_t *o, *snippet;
	size_t k;

	*skip = false;
	for (k = 0; k < NKINDS && strcmp(kinds[k].kind, h->kind) != 0; k++)
		;
	if (k == NKINDS) {
		*skip = true;
		return NULL;
	}
	if ((o = json_object()) == NULL)
		return NULL;
	model_set(o, "title", h->title);
	model_set(o, "slug", h->slug);
	model_set(o, "lang", h->lang);
	model_set(o, "kind", h->kind);
	model_set(o, "kind_text", T(rq->lang, kinds[k].label));
	model_set(o, "url", kinds[k].url(rq->arena, link_lang(rq), h->slug));
	if (h->pub_date != NULL && *h->pub_date != '\0') {
		model_set(o, "date_iso", h->pub_date);
		model_set(o, "date_text", date_text_lang(rq->arena, rq->lang,
		    h->pub_date));
	}
	if ((snippet = snippet_model(rq->arena, h->snippet)) == NULL ||
	    json_object_set_new(o, "snippet", snippet) == -1 ||
	    mark_foreign(rq, o, h->lang) == -1) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "has_snippet",
	    json_boolean(json_array_size(snippet) > 0));
	return o;
}

/* The type filter's options, the one asked for selected. */
static json_t *
types_model(struct request *rq, const char *kind)
{
	json_t *list = filter_options(T(rq->lang, "All types"), kind == NULL);
	size_t k;

	for (k = 0; list != NULL && k < NKINDS; k++)
		if (filter_option(list, kinds[k].kind, T(rq->lang,
		    kinds[k].filter), kind != NULL &&
		    strcmp(kind, kinds[k].kind) == 0) == -1) {
			json_decref(list);
			return NULL;
		}
	return list;
}

/* Why q was refused, in the page's language; NULL when it was not. */
static const char *
refusal(struct request *rq, enum search_query_status st)
{
	switch (st) {
	case SEARCH_QUERY_OK:
	case SEARCH_QUERY_NOMEM:
		return NULL;
	case SEARCH_QUERY_NOT_TEXT:
		return T(rq->lang, "The search could not be read as text. "
		    "Please type it again.");
	case SEARCH_QUERY_TOO_LONG:
		return arena_printf(rq->arena, T(rq->lang, "The search is too "
		    "long: at most %d characters, please."),
		    SEARCH_QUERY_CHARS_MAX);
	case SEARCH_QUERY_TOO_MANY:
		return arena_printf(rq->arena, T(rq->lang, "The search has too "
		    "many words: at most %d words or phrases, please."),
		    SEARCH_QUERY_TERMS_MAX);
	}
	return NULL;
}

/* Reads the query into *s; sets the form's fields (search_query, types,
 * year) in model. Returns 0, 400 with "error" set in model when a field
 * is refused (400 without it for an unreadable page number), 503 when
 * out of memory. */
static int
read_args(struct request *rq, json_t *model, struct search_args *s)
{
	const char *q = request_query(rq, "q");
	const char *error = NULL, *field = "error_q";
	enum search_query_status st;
	json_t *types;

	st = search_query_parse(rq->arena, q, &s->q);
	if (st == SEARCH_QUERY_NOMEM)
		return 503;
	error = refusal(rq, st);
	/* A refused query stays in the box, as typed, to be shortened. */
	model_set(model, "search_query", s->q.text != NULL ? s->q.text :
	    st == SEARCH_QUERY_TOO_LONG ? q : "");
	if (search_query_type(request_query(rq, "type"), &s->kind) == -1 &&
	    error == NULL) {
		error = T(rq->lang, "Please choose a type from the list.");
		field = "error_type";
	}
	if (search_query_year(request_query(rq, "year"), &s->year) == -1 &&
	    error == NULL) {
		error = arena_printf(rq->arena, T(rq->lang, "Please give the "
		    "year as a number from %d to %d."), SEARCH_YEAR_MIN,
		    SEARCH_YEAR_MAX);
		field = "error_year";
	}
	model_set(model, "type", s->kind != NULL ? s->kind : "");
	json_object_set_new(model, "per_page", json_integer(SEARCH_PER_PAGE));
	if ((types = types_model(rq, s->kind)) == NULL ||
	    json_object_set_new(model, "types", types) == -1)
		return 503;
	/* A year refused is not shown: the field takes numbers only. */
	model_set(model, "year", s->year != 0 ? arena_printf(rq->arena, "%d",
	    s->year) : "");
	json_object_set_new(model, "year_min", json_integer(SEARCH_YEAR_MIN));
	json_object_set_new(model, "year_max", json_integer(SEARCH_YEAR_MAX));
	if (error != NULL) {
		model_set(model, "error", error);
		json_object_set_new(model, field, json_true());
		return 400;
	}
	return pager_start(&s->pg, request_query(rq, "page"),
	    SEARCH_PER_PAGE);
}

/* The page's title, heading and description: the query named. */
static void
set_titles(struct request *rq, json_t *model, const char *text)
{
	const char *title = T(rq->lang, "Search");

	model_set(model, "description", T(rq->lang, "Search the news "
	    "releases, pages, projects, events and publications of this "
	    "site."));
	if (text != NULL && *text != '\0') {
		title = arena_printf(rq->arena, T(rq->lang, "Search results "
		    "for \u201c%s\u201d"), text);
		model_set(model, "description", arena_printf(rq->arena,
		    T(rq->lang, "What this site has published that matches "
		    "\u201c%s\u201d."), text));
	}
	model_set(model, "title", title);
	model_set(model, "heading", title);
}

/* Puts the hits and the links to the pages either side into model. */
static int
results_model(struct request *rq, json_t *model, struct search_args *s,
    const struct search_hit *hits, size_t n)
{
	json_t *list, *o;
	bool skip;
	size_t i;

	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "results", list) == -1)
		return 503;
	for (i = 0; i < n; i++) {
		if ((o = hit_model(rq, &hits[i], &skip)) == NULL && !skip)
			return 503;
		if (o != NULL && json_array_append_new(list, o) == -1)
			return 503;
	}
	json_object_set_new(model, "has_results",
	    json_boolean(json_array_size(list) > 0));
	json_object_set_new(model, "first",
	    json_integer(pager_offset(&s->pg) + 1));
	json_object_set_new(model, "total", json_integer(s->pg.total));
	if (pager_model(model, &s->pg, rq->arena, results_url, s) == -1)
		return 503;
	return 0;
}

int
search_model(struct request *rq, json_t *model)
{
	struct search_args s;
	struct search_hit *hits;
	enum store_status st;
	int64_t total, shown;
	size_t n;
	int ret;

	memset(&s, 0, sizeof(s));
	s.lang = link_lang(rq);
	ret = read_args(rq, model, &s);
	set_titles(rq, model, ret == 0 ? s.q.text : NULL);
	if (ret != 0)
		return ret;
	if (layout_languages_all(rq, model, results_url_in, &s) == -1)
		return 503;
	json_object_set_new(model, "has_query", json_boolean(s.q.nterms > 0));
	if (s.q.nterms == 0)
		return 0;
	if (s.q.nwanted == 0) {
		model_set(model, "notice", T(rq->lang, "Add a word to look "
		    "for: a search cannot only leave words out."));
		return 0;
	}
	if ((st = store_search(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, s.q.terms, s.q.nterms, s.kind, s.year,
	    rq->now, pager_offset(&s.pg), SEARCH_PER_PAGE, &hits, &n,
	    &total, &shown)) != STORE_OK)
		return store_http_status(st);
	if (total == 0)
		model_set(model, "notice", arena_printf(rq->arena,
		    T(rq->lang, "No results for \u201c%s\u201d. Check the "
		    "spelling, or try other or fewer words."), s.q.text));
	else if (total > STORE_SEARCH_TOTAL_MAX)
		model_set(model, "notice", arena_printf(rq->arena,
		    T(rq->lang, "More than %d results for \u201c%s\u201d: "
		    "these are the best of the newest. More words narrow "
		    "them down."),
		    STORE_SEARCH_TOTAL_MAX, s.q.text));
	else
		model_set(model, "notice", arena_printf(rq->arena,
		    TN(rq->lang, "%lld result for \u201c%s\u201d.",
		    "%lld results for \u201c%s\u201d.", (unsigned long)total),
		    (long long)total, s.q.text));
	/* A page past the end (results gone since the link was made) is
	 * an empty page that says so, not an error. Past the bound, the
	 * ranked matches a reader sees are the pages; the total still
	 * says "more". */
	if (pager_count(&s.pg, shown) != 0) {
		s.pg.total = total;
		model_set(model, "first_url", url_search_results(rq->arena,
		    link_lang(rq), s.q.text, s.kind, s.year, 0));
		return 0;
	}
	s.pg.total = total;
	return results_model(rq, model, &s, hits, n);
}

/* GET /search?q=…&type=…&year=…&page=N: the search page. */
int
search_show(struct request *rq, struct response *rs)
{
	json_t *model;
	int status;

	if ((model = layout_model(rq, NULL, NULL)) == NULL)
		return 503;
	status = search_model(rq, model);
	if (status == 0)
		status = 200;
	else if (json_object_get(model, "error") == NULL)
		return status;
	return layout_render(rq, rs, "search", model, status);
}

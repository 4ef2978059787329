/* project_list.c: /projects, the projects filtered by status and donor, 10
 * a page: the query read (for the page and its cache key), the list's
 * view model, the page. */
#include <string.h>
#include <strings.h>

#include "config.h"
#include "controllers/controllers.h"
#include "controllers/project.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "request.h"
#include "response.h"
#include "store/content.h"
#include "store/store.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 200: the longest donor name (docs/content-kinds.md), in characters. */
#define DONOR_MAX	200

/* ?status=: 0 with *status NULL for any (absent or ""), or the value;
 * -1 for a value not in the list. */
static int
read_status(const char *value, const char **status)
{
	int i;

	*status = NULL;
	if (value == NULL || *value == '\0')
		return 0;
	if ((i = project_status_index(value)) == -1)
		return -1;
	*status = project_statuses[i].value;
	return 0;
}

/* ?donor=: 0 with *donor NULL for any, or the name; -1 for one past
 * DONOR_MAX characters, not UTF-8, or holding a control character (no
 * donor's name has one, and a line feed would pass for another field in
 * the page cache's key). */
static int
read_donor(const char *value, const char **donor)
{
	size_t len, i, n, chars = 0;
	uint32_t cp;

	*donor = NULL;
	if (value == NULL || *value == '\0')
		return 0;
	len = strlen(value);
	for (i = 0; i < len; i += n, chars++)
		if ((n = utf8_next(value + i, len - i, &cp)) == 0 ||
		    utf8_is_control(cp) || chars == DONOR_MAX)
			return -1;
	*donor = value;
	return 0;
}

/* ?status= in the cache key: the status, "" for any, NULL (no key) for a
 * value refused. */
static const char *
canon_status(struct arena *a, const char *value)
{
	const char *status;

	(void)a;
	if (read_status(value, &status) == -1)
		return NULL;
	return status != NULL ? status : "";
}

/* ?donor=: the name as given (a page per spelling), "" for any. */
static const char *
canon_donor(struct arena *a, const char *value)
{
	const char *donor;

	(void)a;
	if (read_donor(value, &donor) == -1)
		return NULL;
	return donor != NULL ? donor : "";
}

const struct query_field project_query_fields[] = {
	{ "status", canon_status },
	{ "donor", canon_donor },
	{ "page", page_cache_canon_page },
	{ NULL, NULL },
};

/* The filter form's options: statuses [{value, label, selected}] and
 * donors [{name, selected}] (those of published projects, and the one
 * asked for though none has it, so that the form shows it). */
static int
options_model(struct request *rq, const struct project_filter *f,
    json_t *model)
{
	const char **names;
	enum store_status st;
	json_t *list, *o;
	bool found = false;
	size_t i, n;

	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "statuses", list) == -1)
		return 503;
	for (i = 0; i < PROJECT_NSTATUSES; i++) {
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			return 503;
		model_set(o, "value", project_statuses[i].value);
		model_set(o, "label", T(rq->lang, project_statuses[i].label));
		json_object_set_new(o, "selected", json_boolean(f->status ==
		    project_statuses[i].value));
	}
	if ((st = store_project_donors(rq->db, rq->arena, rq->now, &names,
	    &n)) != STORE_OK)
		return store_http_status(st);
	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "donors", list) == -1)
		return 503;
	for (i = 0; i <= n; i++) {
		const char *name = i < n ? names[i] : f->donor;
		bool selected = f->donor != NULL && !found &&
		    strcasecmp(name, f->donor) == 0;

		if (i == n && (f->donor == NULL || found))
			break;
		found = found || selected;
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			return 503;
		model_set(o, "name", name);
		json_object_set_new(o, "selected", json_boolean(selected));
	}
	return 0;
}

int
project_query_read(struct request *rq, struct project_query *q,
    json_t *model)
{
	const char *status = request_query(rq, "status");
	const char *donor = request_query(rq, "donor");
	const char *error = NULL;
	int ret;

	memset(q, 0, sizeof(*q));
	q->filter.today = project_today(rq);
	if (read_status(status, &q->filter.status) == -1) {
		error = T(rq->lang, "Please choose a status from the list.");
		json_object_set_new(model, "error_status", json_true());
	} else if (read_donor(donor, &q->filter.donor) == -1) {
		error = T(rq->lang, "Please choose a donor from the list.");
		json_object_set_new(model, "error_donor", json_true());
	}
	model_set(model, "status", q->filter.status);
	model_set(model, "donor", q->filter.donor);
	json_object_set_new(model, "filtered", json_boolean(
	    q->filter.status != NULL || q->filter.donor != NULL));
	if ((ret = options_model(rq, &q->filter, model)) != 0)
		return ret;
	if (error != NULL) {
		model_set(model, "error", error);
		return 400;
	}
	return pager_start(&q->pg, request_query(rq, "page"),
	    PROJECT_PER_PAGE);
}

char *
project_list_url(struct arena *a, const char *lang,
    const struct project_query *q, bool api, int64_t n)
{
	return (api ? url_api_projects : url_projects)(a, lang,
	    q->filter.status, q->filter.donor, n);
}

/* What the pager's links need: the link language and the query. */
struct list_ctx {
	const char	*lang;
	const struct project_query *q;
};

/* The URL of page n of the HTML list; ctx a struct list_ctx. */
static char *
list_url(struct arena *a, const void *ctx, int64_t n)
{
	const struct list_ctx *c = ctx;

	return project_list_url(a, c->lang, c->q, false, n);
}

/* The same page of the list in lang; ctx the query. */
static char *
list_url_in(struct arena *a, const char *lang, const void *ctx)
{
	const struct project_query *q = ctx;

	return project_list_url(a, lang, q, false, q->pg.page);
}

int
project_list_model(struct request *rq, struct project_query *q,
    json_t *model)
{
	struct list_ctx ctx = { link_lang(rq), q };
	struct content *items;
	enum store_status st;
	int64_t count;
	json_t *list;
	size_t n, i;
	int ret;

	if ((st = store_project_count(rq->db, rq->lang, rq->cfg->default_lang,
	    rq->now, &q->filter, &count)) != STORE_OK)
		return store_http_status(st);
	if ((ret = pager_count(&q->pg, count)) != 0)
		return ret;
	if ((st = store_project_list(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, rq->now, &q->filter, pager_offset(&q->pg),
	    PROJECT_PER_PAGE, &items, &n)) != STORE_OK)
		return store_http_status(st);
	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "items", list) == -1)
		return 503;
	for (i = 0; i < n; i++)
		if ((ret = media_list_append(rq, list, project_item_model(rq,
		    &items[i]), CONTENT_PROJECT, items[i].id, -1,
		    items[i].lang)) != 0)
			return ret;
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	json_object_set_new(model, "total", json_integer(count));
	if (pager_model(model, &q->pg, rq->arena, list_url, &ctx) == -1)
		return 503;
	return 0;
}

/* GET /projects?status=…&donor=…&page=N: ongoing projects first, then
 * the latest started; a status not in the list is a 400 page that says
 * so, with the form. */
int
projects_index(struct request *rq, struct response *rs)
{
	struct project_query q;
	json_t *model;
	int ret;

	if ((model = layout_model(rq, T(rq->lang, "Projects"),
	    url_projects(rq->arena, link_lang(rq), NULL, NULL, 0))) == NULL)
		return 503;
	model_set(model, "action", url_projects(rq->arena, link_lang(rq),
	    NULL, NULL, 0));
	if ((ret = project_query_read(rq, &q, model)) == 400 &&
	    json_object_get(model, "error") != NULL)
		return layout_render(rq, rs, "project_list", model, 400);
	if (ret != 0 || (ret = project_list_model(rq, &q, model)) != 0)
		return ret;
	if (layout_languages_all(rq, model, list_url_in, &q) == -1)
		return 503;
	return layout_render(rq, rs, "project_list", model, 200);
}

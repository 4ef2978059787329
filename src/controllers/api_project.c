/* api_project.c: the JSON API of projects (docs/api.md): /api/v1/projects
 * and /api/v1/projects/<slug>, answered from the view models of /projects
 * and /<slug>. */
#include <string.h>

#include "controllers/api.h"
#include "controllers/controllers.h"
#include "controllers/project.h"
#include "request.h"
#include "store/content.h"
#include "view/urls.h"

/* A project as the list and its own answer give it. */
static const struct api_field project_fields[] = {
	{ "title", "title", API_STRING },
	{ "slug", "slug", API_STRING },
	{ "lang", "lang", API_LANG },
	{ "url", "url", API_URL },
	{ "summary", "summary", API_STRING },
	{ "code", "code", API_STRING },
	{ "coverage", "coverage", API_STRING },
	{ "start_iso", "start", API_STRING },
	{ "end_iso", "end", API_STRING },
	{ "duration", "duration", API_STRING },
	{ "status", "status", API_STRING },
	{ "status_text", "status_text", API_STRING },
	{ "donors", "donors", API_PARTS },
	{ "budget", "budget", API_INT },
	{ "currency", "currency", API_STRING },
	{ "budget_text", "budget_text", API_STRING },
	{ "cofunding", "cofunding", API_STRING },
	{ "contact", "contact", API_STRING },
	{ "updated_iso", "updated", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* What a project's own answer adds. */
static const struct api_field body_fields[] = {
	{ "body_html", "body_html", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* What the list was filtered by. */
static const struct api_field list_top[] = {
	{ "status", "status", API_STRING },
	{ "donor", "donor", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* The list's pages and answers; ctx the query. */
static char *
list_html(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	return project_list_url(a, lang, ctx, false, n);
}

static char *
list_api(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	return project_list_url(a, lang, ctx, true, n);
}

/* GET /api/v1/projects?status=…&donor=…&page=N: the projects of
 * /projects. A refused filter answers 400 with the page's reason. */
int
api_projects_index(struct request *rq, struct response *rs)
{
	struct project_query q;
	struct api_list list = {
		list_top, "items", project_fields, url_api_project, list_html,
		list_api, &q,
	};
	json_t *model;
	int ret;

	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = project_query_read(rq, &q, model)) != 0)
		return api_refused(rs, ret, model);
	if ((ret = project_list_model(rq, &q, model)) != 0)
		return ret;
	return api_list(rq, rs, model, &q.pg, &list);
}

/* GET /api/v1/projects/<slug>: the project of /<slug>, its old slugs and
 * other versions' sent on to their answer as there. */
int
api_project_show(struct request *rq, struct response *rs)
{
	struct content c;
	json_t *model;
	int ret;

	if ((model = model_new(rq)) == NULL)
		return 503;
	ret = project_show_model(rq, rs, url_api_project, &c, model);
	if (ret == 404)
		return moved_or_missing(rq, rs, "project", route_arg(rq, 0),
		    url_api_project);
	if (ret != 0 || (ret = api_lead_set(rq, json_object_get(model,
	    "project"), CONTENT_PROJECT, c.id)) != 0)
		return ret;
	return api_item(rq, rs, json_object_get(model, "project"),
	    project_fields, body_fields, "project", c.group_id, url_page,
	    url_api_project);
}

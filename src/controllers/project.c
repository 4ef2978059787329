/* project.c: a project's public page at /<slug> (tried by page.c beside
 * the pages, which share its slugs), and the view model of a project that
 * it, the list (project_list.c) and the API (api_project.c) show. */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "controllers/project.h"
#include "lib/arena.h"
#include "lib/num.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "store/content.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/money.h"
#include "view/urls.h"

const struct project_status project_statuses[PROJECT_NSTATUSES] = {
	{ "ongoing", N_("Ongoing") },
	{ "completed", N_("Completed") },
	{ "closed", N_("Closed") },
};

int
project_status_index(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < PROJECT_NSTATUSES; i++)
		if (strcmp(s, project_statuses[i].value) == 0)
			return i;
	return -1;
}

const char *
project_today(struct request *rq)
{
	return time_format(rq->arena, rq->now, "%Y-%m-%d", false);
}

/* String key of object o, "" when o lacks it or it is no string. */
static const char *
field(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* The status of a project whose fields are o on day today: as
 * PROJECT_STATE in store/project.c decides it for the lists. */
static int
derived_status(const json_t *o, const char *today)
{
	const char *end = field(o, "end_date");
	int i = project_status_index(field(o, "state"));

	if (i >= 0)
		return i;
	return project_status_index(*end != '\0' && strcmp(end, today) < 0 ?
	    "completed" : "ongoing");
}

/* "March 2016 – February 2017", or "since January 2023" while it has no
 * end, in the page's language; "" without a start. */
static const char *
duration(struct request *rq, const char *start, const char *end)
{
	const char *from;

	if (*start == '\0')
		return "";
	from = month_text_lang(rq->arena, rq->lang, start);
	if (*end == '\0')
		return arena_printf(rq->arena, T(rq->lang, "since %s"), from);
	return arena_printf(rq->arena, "%s \u2013 %s", from,
	    month_text_lang(rq->arena, rq->lang, end));
}

/* Sets o's budget (minor units, or null), currency and budget_text from
 * the fields f. A budget the editor's checks would refuse is shown as
 * none rather than as a guess. */
static void
set_budget(struct request *rq, json_t *o, const json_t *f)
{
	const char *currency = field(f, "currency"), *text = NULL;
	int64_t minor;

	if (num_parse(field(f, "budget"), 0, MONEY_MINOR_MAX, &minor) == 0)
		text = money_text(rq->arena, rq->lang, minor, currency);
	json_object_set_new(o, "budget", text != NULL ? json_integer(minor) :
	    json_null());
	model_set(o, "currency", text != NULL ? currency : "");
	model_set(o, "budget_text", text);
}

/* The donors' names of the fields f, as a new array of strings. */
static json_t *
donor_names(const json_t *f)
{
	json_t *list = json_array(), *v;
	size_t i;

	json_array_foreach(json_object_get(f, "donors"), i, v)
		if (json_is_string(v))
			json_array_append(list, v);
	return list;
}

json_t *
project_item_model(struct request *rq, const struct content *c)
{
	json_t *o = json_object(), *f, *donors;
	int st;

	if (o == NULL)
		return NULL;
	/* A row's fields are written by the editor's checks; anything
	 * unreadable shows as fields left empty. */
	f = json_loads(c->fields != NULL ? c->fields : "{}", 0, NULL);
	model_set(o, "title", c->title);
	model_set(o, "slug", c->slug);
	model_set(o, "lang", c->lang);
	model_set(o, "url", url_page(rq->arena, link_lang(rq), c->slug));
	model_set(o, "summary", c->summary);
	model_set(o, "code", field(f, "code"));
	model_set(o, "coverage", field(f, "coverage"));
	model_set(o, "start_iso", field(f, "start_date"));
	model_set(o, "end_iso", field(f, "end_date"));
	model_set(o, "duration", duration(rq, field(f, "start_date"),
	    field(f, "end_date")));
	st = derived_status(f, project_today(rq));
	model_set(o, "status", project_statuses[st].value);
	model_set(o, "status_text", T(rq->lang, project_statuses[st].label));
	donors = donor_names(f);
	json_object_set_new(o, "has_donors",
	    json_boolean(json_array_size(donors) > 0));
	json_object_set_new(o, "donors", donors);
	set_budget(rq, o, f);
	model_set(o, "cofunding", field(f, "cofunding"));
	model_set(o, "contact", field(f, "contact"));
	model_set(o, "updated_iso", time_iso(rq->arena,
	    c->updated_at > c->published_at ? c->updated_at :
	    c->published_at));
	json_decref(f);
	if (donors == NULL || mark_foreign(rq, o, c->lang) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Puts project c into model: title, and project (project_item_model
 * with body_html). 0, or 503 when out of memory. */
static int
show_model(struct request *rq, const struct content *c, json_t *model)
{
	struct media_shown it = { CONTENT_PROJECT, c->id, -1, c->lang,
	    c->body_html };
	json_t *o;

	model_set(model, "title", c->title);
	model_set(model, "projects_url", url_projects(rq->arena, link_lang(rq),
	    NULL, NULL, 0));
	if ((o = project_item_model(rq, c)) == NULL ||
	    json_object_set_new(model, "project", o) == -1)
		return 503;
	return media_item_set(rq, model, o, &it);
}

/* The visible project at the route's slug into *c: 0, or the status to
 * answer (301 to its version in the reader's language, made by url; 404;
 * 503). */
static int
find(struct request *rq, struct response *rs,
    char *(*url)(struct arena *, const char *lang, const char *slug),
    struct content *c)
{
	const char *slug = route_arg(rq, 0), *version;
	enum store_status st;

	if (!slug_valid(slug))
		return 404;
	if ((st = store_project_by_slug(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, slug, rq->now, c, &version)) != STORE_OK)
		return store_http_status(st);
	if (version != NULL)
		return moved_to(rs, url(rq->arena, link_lang(rq), version));
	return 0;
}

int
project_show_model(struct request *rq, struct response *rs,
    char *(*url)(struct arena *, const char *lang, const char *slug),
    struct content *c, json_t *model)
{
	int ret;

	if ((ret = find(rq, rs, url, c)) != 0)
		return ret;
	return show_model(rq, c, model);
}

int
project_page(struct request *rq, struct response *rs,
    const struct content *c)
{
	json_t *model;
	int ret;

	if ((model = layout_model(rq, NULL, url_page(rq->arena, link_lang(rq),
	    c->slug))) == NULL)
		return 503;
	if ((ret = show_model(rq, c, model)) != 0)
		return ret;
	if ((ret = layout_languages_item(rq, model, "project", c->group_id,
	    c->slug, c->lang, url_page)) != 0)
		return ret;
	return layout_render(rq, rs, "project_show", model, 200);
}

int
project_show(struct request *rq, struct response *rs)
{
	struct content c;
	int ret;

	if ((ret = find(rq, rs, url_page, &c)) != 0)
		return ret;
	return project_page(rq, rs, &c);
}

int
project_moved(struct request *rq, struct response *rs)
{
	return moved_or_missing(rq, rs, "project", route_arg(rq, 0),
	    url_page);
}

/* event.c: the events' public pages: the list, upcoming first, and one
 * event with its date line, times and place. */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "controllers/event.h"
#include "controllers/pager.h"
#include "lib/arena.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "store/event.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* The suffix of an event's iCalendar file. */
#define ICS_SUFFIX	".ics"

/* Key k of object o as a string in arena a; "" when missing or no string,
 * NULL when out of memory. */
static const char *
field_string(struct arena *a, const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return arena_strdup(a, s != NULL ? s : "");
}

int
event_when_read(struct arena *a, const char *fields, struct event_when *w)
{
	json_t *o = json_loads(fields != NULL ? fields : "", 0, NULL);
	int ret = -1;

	/* Fields that are no JSON object (a row written by hand) read as
	 * empty, as project_item_model() reads them: one bad row must not
	 * take down every list it is on. */
	if (!json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	if ((w->start_date = field_string(a, o, "start_date")) != NULL &&
	    (w->start_time = field_string(a, o, "start_time")) != NULL &&
	    (w->end_date = field_string(a, o, "end_date")) != NULL &&
	    (w->end_time = field_string(a, o, "end_time")) != NULL &&
	    (w->place = field_string(a, o, "place")) != NULL)
		ret = 0;
	json_decref(o);
	return ret;
}

bool
event_all_day(const struct event_when *w)
{
	return *w->start_time == '\0';
}

/* The last day of w: its end date, or the day it starts. */
static const char *
last_day(const struct event_when *w)
{
	return *w->end_date != '\0' ? w->end_date : w->start_date;
}

/* date, and "THH:MM" when time is not "": a <time> element's datetime. */
static const char *
iso_local(struct arena *a, const char *date, const char *time)
{
	return *time == '\0' ? date : arena_printf(a, "%sT%s", date, time);
}

/* An event as lists and its page show it, without its body; NULL when
 * its fields are not an event's or out of memory. */
static json_t *
event_item_model(struct request *rq, const struct content *c)
{
	struct event_when w;
	const char *ll = link_lang(rq), *day;
	json_t *o;

	if (event_when_read(rq->arena, c->fields, &w) == -1 ||
	    (o = json_object()) == NULL)
		return NULL;
	model_set(o, "title", c->title);
	model_set(o, "slug", c->slug);
	model_set(o, "lang", c->lang);
	model_set(o, "url", url_event(rq->arena, ll, c->slug));
	model_set(o, "ics_url", url_event_ics(rq->arena, ll, c->slug));
	model_set(o, "summary", c->summary);
	model_set(o, "place", w.place);
	model_set(o, "start_date", w.start_date);
	model_set(o, "start_time", w.start_time);
	model_set(o, "end_date", w.end_date);
	model_set(o, "end_time", w.end_time);
	day = day_text_lang(rq->arena, rq->lang, w.start_date);
	/* A multi-day event names its last day too. */
	if (strcmp(last_day(&w), w.start_date) != 0)
		day = arena_printf(rq->arena, "%s \u2013 %s", day,
		    day_text_lang(rq->arena, rq->lang, w.end_date));
	model_set(o, "day_text", day);
	model_set(o, "time_text", *w.end_time == '\0' || event_all_day(&w) ?
	    w.start_time : arena_printf(rq->arena, "%s\u2013%s", w.start_time,
	    w.end_time));
	json_object_set_new(o, "all_day", json_boolean(event_all_day(&w)));
	model_set(o, "start_iso", iso_local(rq->arena, w.start_date,
	    w.start_time));
	model_set(o, "end_iso", iso_local(rq->arena, last_day(&w),
	    event_all_day(&w) ? "" : w.end_time));
	model_set(o, "updated_iso", time_iso(rq->arena, c->updated_at));
	if (mark_foreign(rq, o, c->lang) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
event_model(struct request *rq, const struct content *c, json_t *model)
{
	struct media_shown it = { CONTENT_EVENT, c->id, -1, c->lang,
	    c->body_html };
	json_t *o;

	if ((o = event_item_model(rq, c)) == NULL)
		return 500;
	if (json_object_set_new(model, "event", o) == -1)
		return 503;
	model_set(model, "title", c->title);
	return media_item_set(rq, model, o, &it);
}

/* The URL of page n of the events list; ctx is the link language. */
static char *
list_url(struct arena *a, const void *ctx, int64_t n)
{
	return url_events_list(a, ctx, n);
}

/* The URL of the same page of the list in lang; ctx is its number. */
static char *
list_url_in(struct arena *a, const char *lang, const void *ctx)
{
	return url_events_list(a, lang, *(const int64_t *)ctx);
}

int
event_list_start(struct pager *pg, struct request *rq)
{
	return pager_start(pg, request_query(rq, "page"), EVENTS_PER_PAGE);
}

/* The site's wall clock at the request, "YYYY-MM-DD HH:MM": the events'
 * times are in its zone. In the arena. */
static const char *
local_now(struct request *rq)
{
	return time_format(rq->arena, rq->now, "%Y-%m-%d %H:%M", false);
}

/* Appends o to array key of model, made when missing; -1 when out of
 * memory. */
static int
append_to(json_t *model, const char *key, json_t *o)
{
	json_t *list = json_object_get(model, key);

	if (list == NULL && (json_object_set_new(model, key,
	    list = json_array()) == -1))
		return -1;
	return json_array_append(list, o);
}

int
event_list_model(struct request *rq, struct pager *pg, json_t *model)
{
	struct event_item *items;
	enum store_status st;
	int64_t count;
	json_t *list, *o;
	size_t n, i;
	int ret;

	if ((st = store_event_count(rq->db, rq->now, &count)) != STORE_OK)
		return store_http_status(st);
	if ((ret = pager_count(pg, count)) != 0)
		return ret;
	if ((st = store_event_list(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, rq->now, local_now(rq), pager_offset(pg),
	    EVENTS_PER_PAGE, &items, &n)) != STORE_OK)
		return store_http_status(st);
	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "items", list) == -1)
		return 503;
	for (i = 0; i < n; i++) {
		if ((o = event_item_model(rq, &items[i].c)) == NULL ||
		    json_array_append_new(list, o) == -1)
			return 503;
		json_object_set_new(o, "upcoming",
		    json_boolean(items[i].upcoming));
		if (append_to(model, items[i].upcoming ? "upcoming" : "past",
		    o) == -1)
			return 503;
	}
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	json_object_set_new(model, "has_upcoming",
	    json_boolean(n > 0 && items[0].upcoming));
	json_object_set_new(model, "has_past",
	    json_boolean(n > 0 && !items[n - 1].upcoming));
	json_object_set_new(model, "no_upcoming",
	    json_boolean(pg->page == 0 && (n == 0 || !items[0].upcoming)));
	if (pager_model(model, pg, rq->arena, list_url, link_lang(rq)) == -1)
		return 503;
	return 0;
}

/* GET /events, /events?page=N: upcoming events soonest first, then past
 * ones, latest first. */
int
events_index(struct request *rq, struct response *rs)
{
	struct pager pg;
	json_t *model;
	int ret;

	if ((ret = event_list_start(&pg, rq)) != 0)
		return ret;
	if ((model = layout_model(rq, T(rq->lang, "Events"),
	    url_events_list(rq->arena, link_lang(rq), 0))) == NULL)
		return 503;
	if ((ret = event_list_model(rq, &pg, model)) != 0)
		return ret;
	if (layout_languages_all(rq, model, list_url_in, &pg.page) == -1)
		return 503;
	return layout_render(rq, rs, "event_list", model, 200);
}

int
event_find(struct request *rq, struct response *rs, const char *slug,
    char *(*url)(struct arena *, const char *lang, const char *slug),
    struct event_item *e)
{
	enum store_status st;
	const char *version;

	if (!slug_valid(slug))
		return 404;
	st = store_event_by_slug(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, slug, rq->now, local_now(rq), e, &version);
	if (st == STORE_NOTFOUND)
		return moved_or_missing(rq, rs, "event", slug, url);
	if (st != STORE_OK)
		return store_http_status(st);
	if (version != NULL)
		return moved_to(rs, url(rq->arena, link_lang(rq), version));
	return 0;
}

int
event_page(struct request *rq, struct response *rs, const struct content *c)
{
	const char *list = url_events_list(rq->arena, link_lang(rq), 0);
	json_t *model;
	int ret;

	if ((model = layout_model(rq, NULL, list)) == NULL)
		return 503;
	if ((ret = event_model(rq, c, model)) != 0)
		return ret;
	model_set(model, "events_url", list);
	if ((ret = layout_languages_item(rq, model, "event", c->group_id,
	    c->slug, c->lang, url_event)) != 0)
		return ret;
	return layout_render(rq, rs, "event_show", model, 200);
}

/* GET /events/<slug> and /events/<slug>.ics: one published event, chosen
 * as news_show() chooses a release, as a page or as its iCalendar file;
 * the redirect from a slug it had. */
int
event_show(struct request *rq, struct response *rs)
{
	const char *arg = route_arg(rq, 0), *slug = arg;
	size_t len = strlen(arg), sl = strlen(ICS_SUFFIX);
	bool ics = len > sl && strcmp(arg + len - sl, ICS_SUFFIX) == 0;
	struct event_item e;
	int ret;

	if (ics && (slug = arena_strndup(rq->arena, arg, len - sl)) == NULL)
		return 503;
	if ((ret = event_find(rq, rs, slug, ics ? url_event_ics : url_event,
	    &e)) != 0)
		return ret;
	return ics ? event_ics(rq, rs, &e.c) : event_page(rq, rs, &e.c);
}

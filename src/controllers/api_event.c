/* api_event.c: the events in the JSON API (docs/api.md): /api/v1/events
 * and /api/v1/events/<slug>, from the view models the HTML pages render. */
#include "controllers/api.h"
#include "controllers/controllers.h"
#include "controllers/event.h"
#include "controllers/pager.h"
#include "request.h"
#include "store/event.h"
#include "view/urls.h"

/* An event as the list and its own answer give it. */
static const struct api_field event_fields[] = {
	{ "title", "title", API_STRING },
	{ "slug", "slug", API_STRING },
	{ "lang", "lang", API_LANG },
	{ "url", "url", API_URL },
	{ "ics_url", "ics_url", API_URL },
	{ "start_date", "start_date", API_STRING },
	{ "start_time", "start_time", API_STRING },
	{ "end_date", "end_date", API_STRING },
	{ "end_time", "end_time", API_STRING },
	{ "all_day", "all_day", API_BOOL },
	{ "place", "place", API_STRING },
	{ "summary", "summary", API_STRING },
	{ "updated_iso", "updated", API_STRING },
	{ "upcoming", "upcoming", API_BOOL },
	{ NULL, NULL, API_STRING },
};

/* What an event's own answer adds. */
static const struct api_field body_fields[] = {
	{ "body_html", "body_html", API_STRING },
	{ NULL, NULL, API_STRING },
};

/* The events list's pages and answers; ctx unused. */
static char *
list_html(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	(void)ctx;
	return url_events_list(a, lang, n);
}

static char *
list_api(struct arena *a, const char *lang, const void *ctx, int64_t n)
{
	(void)ctx;
	return url_api_events_list(a, lang, n);
}

/* GET /api/v1/events, /api/v1/events?page=N: the events of /events, in
 * its order, each saying whether it is still to come. */
int
api_events_index(struct request *rq, struct response *rs)
{
	static const struct api_list list = {
		NULL, "items", event_fields, url_api_event, list_html,
		list_api, NULL,
	};
	struct pager pg;
	json_t *model;
	int ret;

	if ((ret = event_list_start(&pg, rq)) != 0)
		return ret;
	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = event_list_model(rq, &pg, model)) != 0)
		return ret;
	return api_list(rq, rs, model, &pg, &list);
}

/* GET /api/v1/events/<slug>: the event of /events/<slug>, old slugs and
 * other versions' sent on to their answer as there. */
int
api_event_show(struct request *rq, struct response *rs)
{
	struct event_item e;
	json_t *model, *o;
	int ret;

	if ((model = model_new(rq)) == NULL)
		return 503;
	if ((ret = event_find(rq, rs, route_arg(rq, 0), url_api_event,
	    &e)) != 0 || (ret = event_model(rq, &e.c, model)) != 0)
		return ret;
	o = json_object_get(model, "event");
	if (json_object_set_new(o, "upcoming", json_boolean(e.upcoming)) == -1)
		return 503;
	if ((ret = api_lead_set(rq, o, CONTENT_EVENT, e.c.id)) != 0)
		return ret;
	return api_item(rq, rs, o, event_fields, body_fields, "event",
	    e.c.group_id, url_event, url_api_event);
}

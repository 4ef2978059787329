/* event.h: what the events' pages (event.c), their iCalendar file
 * (event_ics.c) and their API answers (api_event.c) share. */
#ifndef WAYPOINT_CONTROLLERS_EVENT_H
#define WAYPOINT_CONTROLLERS_EVENT_H

#include <stdbool.h>

#include <jansson.h>

struct arena;
struct content;
struct event_item;
struct pager;
struct request;
struct response;

/* An event's own fields (docs/content-kinds.md), each "" when not given:
 * dates YYYY-MM-DD and times HH:MM in the site's time zone. */
struct event_when {
	const char	*start_date;
	const char	*start_time;	/* "": it lasts the whole day */
	const char	*end_date;	/* "": the day it starts */
	const char	*end_time;	/* "": none given */
	const char	*place;
};

/* Reads fields, the JSON text of an event's fields, into *w (strings in
 * arena a; a key missing or not a string is "", which a draft may have,
 * and so is every key when fields is not a JSON object). Returns 0, or -1
 * when out of memory. */
int	event_when_read(struct arena *a, const char *fields,
	    struct event_when *w);

/* Whether w lasts whole days: it has no start time. */
bool	event_all_day(const struct event_when *w);

/* Starts pg at the events list's ?page=, 10 a page: 0, or 400. */
int	event_list_start(struct pager *pg, struct request *);

/* Puts pg's page of the events list into model: items (each as
 * event_model's "event" without body_html, with upcoming), has_items,
 * upcoming and past (the same items split, with has_upcoming and
 * has_past), no_upcoming (on the first page, when nothing is to come) and
 * the pager's fields. Returns 0, or the status to answer: 404 past the
 * last page, 503 when the store fails or memory runs out. */
int	event_list_model(struct request *, struct pager *pg, json_t *model);

/* Puts event c into model: title, and event {title, slug, lang, url,
 * ics_url, summary, body_html, place, day_text, time_text, all_day,
 * start_iso, end_iso, start_date, start_time, end_date, end_time,
 * updated_iso, foreign when not in the page's language}. Returns 0, or
 * 503 (500 for fields that are no JSON object). */
int	event_model(struct request *, const struct content *c, json_t *model);

/* Finds the published event at slug (the route's, without ".ics") into
 * *e (store_event_by_slug): 0, or the status to answer: 301 to url(arena,
 * link language, slug) of its current slug or of its version in the
 * reader's language, 404, 503. */
int	event_find(struct request *, struct response *, const char *slug,
	    char *(*url)(struct arena *, const char *lang, const char *slug),
	    struct event_item *e);

/* The iCalendar file of event c as the response (event_ics.c): 200, or
 * 500 when its fields are not an event's, 503 out of memory. */
int	event_ics(struct request *, struct response *, const struct content *c);

#endif

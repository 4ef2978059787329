/* event.h: the public reads of events (event.c): one event at a slug and
 * the list, upcoming first. Apart from store.h because they return the
 * editor's struct content (content.h), which event_page() renders too. */
#ifndef WAYPOINT_STORE_EVENT_H
#define WAYPOINT_STORE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/content.h"
#include "store/store.h"

struct arena;

/* An event as the list shows it: c as store_event_by_slug() fills it, but
 * body_html NULL; upcoming: it has not ended yet. */
struct event_item {
	struct content	 c;
	bool		 upcoming;
};

/*
 * The event to show at /<lang>/events/<slug>, chosen as store_news_by_slug()
 * chooses a release: the visible one (published, due at now) with that
 * slug in lang, else in fallback, else in any language, into *e: its
 * content (kind CONTENT_EVENT, published; id, group_id, lang, slug, title,
 * pub_date, summary, published_at, updated_at, fields and body_html read,
 * the rest empty) and whether it has not ended by local_now (as
 * store_event_list() says). *version is the slug of its group's visible
 * version in lang when the one found is in another language, else NULL.
 * Strings in the arena.
 */
enum store_status store_event_by_slug(struct store *, struct arena *,
		    const char *lang, const char *fallback, const char *slug,
		    time_t now, const char *local_now, struct event_item *e,
		    const char **version);

/*
 * A page of the events list: one version per translation group (ranked as
 * store_event_by_slug() ranks them), visible at now; first the events
 * that have not ended by local_now (the site's local time, "YYYY-MM-DD
 * HH:MM"; an all-day event lasts its whole day), soonest first, then the
 * past ones, latest first. At most limit (1 to 1000) from offset; the
 * array and strings live in the arena.
 */
enum store_status store_event_list(struct store *, struct arena *,
		    const char *lang, const char *fallback, time_t now,
		    const char *local_now, int64_t offset, int limit,
		    struct event_item **items, size_t *n);

/* How many groups have a visible event at now: the list's length. */
enum store_status store_event_count(struct store *, time_t now,
		    int64_t *count);

#endif

/* event.c: the public queries of events: one event in a language, with the
 * group's other versions standing in for a missing one, and the list,
 * upcoming events first. */
#include <string.h>

#include "lib/arena.h"
#include "store/content.h"
#include "store/db_internal.h"
#include "store/entry_sql.h"
#include "store/event.h"
#include "store/list_order.h"

#define EVENT_VISIBLE(e)	ENTRY_VISIBLE(e, "event")
#define EVENT_RANK(e)		ENTRY_RANK(e)
#define EVENT_BEST(e, b)	ENTRY_BEST(e, b, "event")
/* Whether row e has not ended by ?4, the site's local time "YYYY-MM-DD
 * HH:MM": its end, or its start when it has none. A bare date (an
 * all-day event) lasts until the day is over: " 99:99" sorts after every
 * time of that day. */
#define EVENT_UPCOMING(e)	"((CASE WHEN " e ".ends <> '' THEN " e \
			".ends ELSE " e ".starts END) || (CASE WHEN " \
			"length(CASE WHEN " e ".ends <> '' THEN " e ".ends " \
			"ELSE " e ".starts END) = 10 THEN ' 99:99' ELSE '' " \
			"END) >= ?4)"

/* The columns of an event as a list shows it, as EVENT_DB_COLS reads
 * them. */
#define EVENT_LIST_COLS	"e.id, e.group_id, e.lang, e.slug, e.title, " \
			"e.pub_date, e.summary, e.published_at, " \
			"e.updated_at, e.fields"

#define EVENT_DB_COLS(st, m) \
	DB_COL(DB_INT64, st, m id), \
	DB_COL(DB_INT64, st, m group_id), \
	DB_COL(DB_TEXT, st, m lang), \
	DB_COL(DB_TEXT, st, m slug), \
	DB_COL(DB_TEXT, st, m title), \
	DB_COL(DB_TEXT, st, m pub_date), \
	DB_COL(DB_TEXT, st, m summary), \
	DB_COL(DB_TIME, st, m published_at), \
	DB_COL(DB_TIME, st, m updated_at), \
	DB_COL(DB_TEXT, st, m fields)

static const struct db_col event_cols[] = {
	EVENT_DB_COLS(struct event_item, c.),
	DB_COL(DB_BOOL, struct event_item, upcoming),
	DB_COL(DB_TEXT, struct event_item, c.body_html),
};
/* A list's columns: all but the body. */
#define EVENT_NLIST	(sizeof(event_cols) / sizeof(event_cols[0]) - 1)


/* What every read leaves as it is in c: an event, published. */
static void
event_defaults(struct content *c)
{
	c->kind = CONTENT_EVENT;
	c->status = CONTENT_PUBLISHED;
	c->dateline = "";
	c->pub_time = "";
	c->body_md = "";
	c->updated_by = "";
}

enum store_status
store_event_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const char *slug, time_t now,
    const char *local_now, struct event_item *e, const char **version)
{
	enum store_status ret;

	*version = NULL;
	memset(e, 0, sizeof(*e));
	event_defaults(&e->c);
	ret = db_get(s, a, db_query(s,
	    "SELECT " EVENT_LIST_COLS ", " EVENT_UPCOMING("e") ", e.body_html"
	    " FROM entries e INDEXED BY entries_slug WHERE e.slug = ?5 AND "
	    EVENT_VISIBLE("e")
	    " ORDER BY " EVENT_RANK("e") " LIMIT 1", "titst", lang,
	    (int64_t)now, fallback, local_now, slug), event_cols,
	    sizeof(event_cols) / sizeof(event_cols[0]), e,
	    "store_event_by_slug");
	if (ret != STORE_OK || strcmp(e->c.lang, lang) == 0)
		return ret;
	return entry_version_slug(s, a, "event", lang, now, e->c.group_id,
	    version);
}

/* The upcoming events of a list: those whose end is from the date of ?4
 * on (few), found by entries_ends, each as its reader sees it. */
#define EVENT_UPCOMING_ROWS	"SELECT " EVENT_LIST_COLS ", 1 FROM entries e" \
	" INDEXED BY entries_ends WHERE e.kind = 'event' AND e.status =" \
	" 'published' AND (e.ends >= substr(?4, 1, 10) OR (e.ends = '' AND" \
	" e.starts >= substr(?4, 1, 10))) AND " EVENT_UPCOMING("e") " AND" \
	" +e.published_at <= ?2 AND" EVENT_BEST("e", "b")

/* The past events: the groups of list_order's event order (017.sql) from
 * the key down, but those of the upcoming part and those with no version
 * due yet. */
#define EVENT_PAST_ROWS	ENTRY_WALK("event", EVENT_LIST_COLS ", 0") \
	" WHERE NOT " EVENT_UPCOMING("e") ENTRY_WALK_ORDER

/* The groups that the past part leaves out: the upcoming part's, and
 * those with no version due yet (UNION: each once). */
#define EVENT_LEFT_OUT	ENTRY_LEFT_OUT("event", "SELECT group_id FROM (" \
	EVENT_UPCOMING_ROWS ") UNION " ENTRY_NOT_DUE("event"))

enum store_status
store_event_list(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, const char *local_now, int64_t offset,
    int limit, struct event_item **items, size_t *n)
{
	static const struct list_walk past = { "event", EVENT_LEFT_OUT,
	    EVENT_PAST_ROWS, event_cols, EVENT_NLIST,
	    sizeof(struct event_item) };
	const struct list_reader r = { lang, now, fallback, local_now };
	enum store_status ret;
	int64_t upcoming;
	size_t i, got = 0;

	*n = 0;
	if (limit <= 0 || limit > 1000 || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* Upcoming ones soonest first, then past ones latest first. A page
	 * past the first needs the upcoming ones' count; one that shows an
	 * upcoming one, or starts where they end, starts the past ones at
	 * their first, the order's top; one past them all seeks its key. */
	upcoming = 0;
	if (offset > 0 && (ret = db_one_int(s, db_query(s,
	    "SELECT count(*) FROM (" EVENT_UPCOMING_ROWS ")", "tits", lang,
	    (int64_t)now, fallback, local_now), &upcoming,
	    "store_event_list upcoming")) != STORE_OK)
		return ret;
	if ((offset == 0 || offset < upcoming) && (ret = db_list(s, a,
	    db_query(s, EVENT_UPCOMING_ROWS " ORDER BY e.starts, e.id DESC"
	    " LIMIT ?5 OFFSET ?6", "titsii", lang, (int64_t)now, fallback,
	    local_now, (int64_t)limit, offset), event_cols, EVENT_NLIST,
	    *items, sizeof(**items), (size_t)limit, n,
	    "store_event_list upcoming")) != STORE_OK)
		return ret;
	if (*n < (size_t)limit) {
		if ((ret = list_order_page(s, a, &past, &r, *n > 0 ? 0 :
		    offset - upcoming, (size_t)limit - *n, *items + *n, &got,
		    "store_event_list past")) != STORE_OK)
			return ret;
		*n += got;
	}
	for (i = 0; i < *n; i++)
		event_defaults(&(*items)[i].c);
	return STORE_OK;
}

enum store_status
store_event_count(struct store *s, time_t now, int64_t *count)
{
	return entry_visible_groups(s, "event", now, count);
}

/* event.c: the public queries of events: one event in a language, with the
 * group's other versions standing in for a missing one, and the list,
 * upcoming events first. */
#include <string.h>

#include "lib/arena.h"
#include "store/content.h"
#include "store/db_internal.h"
#include "store/entry_sql.h"
#include "store/event.h"

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
	    " FROM entries e WHERE e.slug = ?5 AND " EVENT_VISIBLE("e")
	    " ORDER BY " EVENT_RANK("e") " LIMIT 1", "titst", lang,
	    (int64_t)now, fallback, local_now, slug), event_cols,
	    sizeof(event_cols) / sizeof(event_cols[0]), e,
	    "store_event_by_slug");
	if (ret != STORE_OK || strcmp(e->c.lang, lang) == 0)
		return ret;
	return entry_version_slug(s, a, "event", lang, now, e->c.group_id,
	    version);
}

/* The events of a list from place ?6 of one of its two parts, at most
 * ?5: each part is read in an index's order and stops at the page's end,
 * never sorting the archive. The upcoming ones are those whose end is
 * from the date of ?4 on (few); the past ones are walked from the latest,
 * so a page costs its own rows and the places before it in that part. */
#define EVENT_UPCOMING_ROWS	"SELECT " EVENT_LIST_COLS ", 1 FROM entries e" \
	" INDEXED BY entries_ends WHERE e.kind = 'event' AND e.status =" \
	" 'published' AND (e.ends >= substr(?4, 1, 10) OR (e.ends = '' AND" \
	" e.starts >= substr(?4, 1, 10))) AND " EVENT_UPCOMING("e") " AND" \
	" +e.published_at <= ?2 AND" EVENT_BEST("e", "b")
#define EVENT_PAST_ROWS	"SELECT " EVENT_LIST_COLS ", 0 FROM entries e" \
	" INDEXED BY entries_starts WHERE e.kind = 'event' AND e.status =" \
	" 'published' AND NOT " EVENT_UPCOMING("e") " AND" \
	" +e.published_at <= ?2 AND" EVENT_BEST("e", "b") \
	" ORDER BY e.starts DESC, e.id DESC LIMIT ?5 OFFSET ?6"

/* Rows of sql (EVENT_UPCOMING_ROWS or EVENT_PAST_ROWS) from offset, at most
 * limit, appended to items[*n]. */
static enum store_status
event_rows(struct store *s, struct arena *a, const char *sql,
    const char *lang, const char *fallback, time_t now,
    const char *local_now, int64_t offset, int limit,
    struct event_item *items, size_t *n)
{
	size_t got = 0;
	enum store_status ret;

	ret = db_list(s, a, db_query(s, sql, "titsii", lang, (int64_t)now,
	    fallback, local_now, (int64_t)limit, offset), event_cols,
	    sizeof(event_cols) / sizeof(event_cols[0]) - 1, items + *n,
	    sizeof(*items), (size_t)limit, &got, "store_event_list");
	*n += got;
	return ret;
}

enum store_status
store_event_list(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, const char *local_now, int64_t offset,
    int limit, struct event_item **items, size_t *n)
{
	enum store_status ret;
	int64_t upcoming;
	size_t i;

	*n = 0;
	if (limit <= 0 || limit > 1000 || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* Upcoming ones soonest first, then past ones latest first. A page
	 * that shows an upcoming one starts the past ones at their first;
	 * one past them all needs their count. */
	if ((ret = event_rows(s, a, EVENT_UPCOMING_ROWS " ORDER BY e.starts,"
	    " e.id DESC LIMIT ?5 OFFSET ?6", lang, fallback, now, local_now,
	    offset, limit, *items, n)) != STORE_OK)
		return ret;
	upcoming = 0;
	if (*n == 0 && offset > 0 && (ret = db_one_int(s, db_query(s,
	    "SELECT count(*) FROM (" EVENT_UPCOMING_ROWS ")", "tits", lang,
	    (int64_t)now, fallback, local_now), &upcoming,
	    "store_event_list upcoming")) != STORE_OK)
		return ret;
	if (*n < (size_t)limit && (ret = event_rows(s, a, EVENT_PAST_ROWS,
	    lang, fallback, now, local_now, *n > 0 ? 0 : offset - upcoming,
	    limit - (int)*n, *items, n)) != STORE_OK)
		return ret;
	for (i = 0; i < *n; i++)
		event_defaults(&(*items)[i].c);
	return STORE_OK;
}

enum store_status
store_event_count(struct store *s, time_t now, int64_t *count)
{
	return entry_visible_groups(s, "event", now, count);
}

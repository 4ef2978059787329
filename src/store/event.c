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

enum store_status
store_event_list(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, const char *local_now, int64_t offset,
    int limit, struct event_item **items, size_t *n)
{
	enum store_status ret;
	size_t i;

	*n = 0;
	if (limit <= 0 || limit > 1000)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* Upcoming ones soonest first, then past ones latest first. */
	ret = db_list(s, a, db_query(s,
	    "SELECT " EVENT_LIST_COLS ", " EVENT_UPCOMING("e") " AS up"
	    " FROM entries e WHERE " EVENT_VISIBLE("e") " AND"
	    EVENT_BEST("e", "b") " ORDER BY up DESC, CASE WHEN up THEN"
	    " e.starts ELSE '' END, e.starts DESC, e.id DESC"
	    " LIMIT ?5 OFFSET ?6", "titsii", lang, (int64_t)now, fallback,
	    local_now, (int64_t)limit, offset), event_cols,
	    sizeof(event_cols) / sizeof(event_cols[0]) - 1, *items,
	    sizeof(**items),
	    (size_t)limit, n, "store_event_list");
	for (i = 0; i < *n; i++)
		event_defaults(&(*items)[i].c);
	return ret;
}

enum store_status
store_event_count(struct store *s, time_t now, int64_t *count)
{
	sqlite3_stmt *st;

	*count = 0;
	if ((st = db_query(s, "SELECT count(DISTINCT group_id) FROM entries"
	    " WHERE kind = 'event' AND status = 'published' AND"
	    " published_at <= ?1", "i", (int64_t)now)) == NULL)
		return STORE_ERROR;
	return db_one_int(s, st, count, "store_event_count");
}

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

/* The version of group o.group_id a reader of ?1 sees (EVENT_RANK's
 * order as three lookups, as news.c's NEWS_BEST_IN). */
#define EVENT_BEST_IN(l) "(SELECT b.id FROM entries b INDEXED BY" \
	" entries_group WHERE b.group_id = o.group_id AND b.lang = " l \
	" AND " EVENT_VISIBLE("b") ")"
#define EVENT_SHOWN	"coalesce(" EVENT_BEST_IN("?1") ", " \
	EVENT_BEST_IN("?3") ", (SELECT min(b.id) FROM entries b INDEXED BY" \
	" entries_group WHERE b.group_id = o.group_id AND " \
	EVENT_VISIBLE("b") "))"

/* The past events: the groups of list_order's event order (017.sql) from
 * the key (?6, ?7) down, each as its reader sees it, but those of the
 * upcoming part and those with no version due yet; at most ?5. Walked
 * in the index's order, the page costs its rows and the few it skips. */
#define EVENT_PAST_ROWS	"SELECT " EVENT_LIST_COLS ", 0 FROM (SELECT" \
	" group_id, at FROM list_order WHERE kind = 'event' AND (at," \
	" group_id) <= (?6, ?7) ORDER BY at DESC, group_id DESC) o JOIN" \
	" entries e ON e.id = " EVENT_SHOWN " WHERE NOT " EVENT_UPCOMING("e") \
	" ORDER BY o.at DESC, o.group_id DESC LIMIT ?5"

/* The groups of the order that the past part leaves out: the upcoming
 * part's, and those with no version due yet (scheduled: few, found by
 * entries_published), each once (UNION: a group may have several
 * versions scheduled); those from the key (?5, ?6) up, and all. CROSS
 * JOIN: from those few to their places. */
#define EVENT_LEFT_OUT	"SELECT coalesce(sum((o.at, o.group_id) >= (?5," \
	" ?6)), 0), count(*) FROM (SELECT group_id FROM (" \
	EVENT_UPCOMING_ROWS ") UNION SELECT d.group_id FROM entries d" \
	" INDEXED BY entries_published WHERE d.kind = 'event' AND d.status =" \
	" 'published' AND d.published_at > ?2 AND NOT EXISTS (SELECT 1 FROM" \
	" entries b INDEXED BY entries_group WHERE b.group_id = d.group_id" \
	" AND " EVENT_VISIBLE("b") ")) x CROSS JOIN list_order o WHERE" \
	" o.kind = 'event' AND o.group_id = x.group_id"

/* The key of the past part's place offset into key (*found false past
 * its end). The order holds every group: the place p of the order
 * whose key has p - offset groups left out at or above it, found by
 * moving down by those counted until no more are (each round passes at
 * least one of the few left out), or at once when all are above. */
static enum store_status
past_key(struct store *s, const char *lang, const char *fallback,
    time_t now, const char *local_now, int64_t offset, int64_t key[2],
    bool *found)
{
	struct list_seek memo = { 0 };
	enum store_status ret;
	int64_t p = offset, left[2];

	for (;;) {
		ret = list_order_key(s, "event", p, &memo, key, found);
		if (ret != STORE_OK || !*found)
			return ret;
		ret = db_two_ints(s, db_query(s, EVENT_LEFT_OUT, "titsii", lang,
		    (int64_t)now, fallback, local_now, key[0], key[1]), left,
		    "store_event_list left out");
		if (ret != STORE_OK || offset + left[0] == p)
			return ret;
		/* One read transaction: the count only grows with p. */
		if (offset + left[0] < p)
			return STORE_ERROR;
		p = offset + left[0];
		/* All of them above: no more can come, p is the place. */
		if (left[0] == left[1])
			return list_order_key(s, "event", p, &memo, key,
			    found);
	}
}

enum store_status
store_event_list(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, const char *local_now, int64_t offset,
    int limit, struct event_item **items, size_t *n)
{
	enum store_status ret;
	int64_t upcoming, key[2];
	size_t i, got = 0;
	bool found;

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
		key[0] = key[1] = INT64_MAX;
		found = true;
		if (*n == 0 && offset > upcoming && (ret = past_key(s, lang,
		    fallback, now, local_now, offset - upcoming, key,
		    &found)) != STORE_OK)
			return ret;
		if (found && (ret = db_list(s, a, db_query(s,
		    EVENT_PAST_ROWS, "titsiii", lang, (int64_t)now, fallback,
		    local_now, (int64_t)limit - (int64_t)*n, key[0], key[1]),
		    event_cols, EVENT_NLIST, *items + *n, sizeof(**items),
		    (size_t)limit - *n, &got, "store_event_list past")) !=
		    STORE_OK)
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

/* publication.c: the queries of publications (/resources): one at its
 * slug in a language, and the list filtered by type and year. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "store/content.h"
#include "store/db_internal.h"
#include "store/entry_sql.h"
#include "store/list_order.h"

#define PUB_VISIBLE(e)	ENTRY_VISIBLE(e, "publication")
#define PUB_RANK(e)	ENTRY_RANK(e)
/* A list of type ?4 ("" any) shows, of each group, the version its
 * reader would see among those of the type. */
#define PUB_OF_TYPE(e)	PUB_VISIBLE(e) " AND (?4 = '' OR " e \
			".category = ?4)"
#define PUB_BEST(e, b)	ENTRY_BEST_IF(e, b, PUB_OF_TYPE(b))
/* The filters of a list: type ?4, and pub_date from ?5 up to ?6
 * (year_bounds), a range entries_pub_date seeks. */
#define PUB_FILTER(e)	" (?4 = '' OR " e ".category = ?4) AND " e \
			".pub_date >= ?5 AND " e ".pub_date < ?6"
/* The columns of pub_cols; a list leaves the body, the last, out. */
#define PUB_LIST_COLS	"e.id, e.group_id, e.lang, e.slug, e.title, " \
			"e.pub_date, e.pub_time, e.summary, e.published_at, " \
			"e.updated_at, e.fields"
#define PUB_COLS	PUB_LIST_COLS ", e.body_html"

static const struct db_col pub_cols[] = {
	DB_COL(DB_INT64, struct content, id),
	DB_COL(DB_INT64, struct content, group_id),
	DB_COL(DB_TEXT, struct content, lang),
	DB_COL(DB_TEXT, struct content, slug),
	DB_COL(DB_TEXT, struct content, title),
	DB_COL(DB_TEXT, struct content, pub_date),
	DB_COL(DB_TEXT, struct content, pub_time),
	DB_COL(DB_TEXT, struct content, summary),
	DB_COL(DB_TIME, struct content, published_at),
	DB_COL(DB_TIME, struct content, updated_at),
	DB_COL(DB_TEXT, struct content, fields),
	DB_COL(DB_TEXT, struct content, body_html),
};
#define PUB_NCOLS	(sizeof(pub_cols) / sizeof(pub_cols[0]))

/* What the query does not say of a visible publication. */
static void
mark_published(struct content *c)
{
	c->kind = CONTENT_PUBLICATION;
	c->status = CONTENT_PUBLISHED;
	c->dateline = "";
}

enum store_status
store_publication_by_slug(struct store *s, struct arena *a,
    const char *lang, const char *fallback, const char *slug, time_t now,
    struct content *c, const char **version)
{
	enum store_status ret;

	*version = NULL;
	memset(c, 0, sizeof(*c));
	/* Slugs are unique per language only: the reader's own language
	 * wins, then the default's. */
	ret = db_get(s, a, db_query(s,
	    "SELECT " PUB_COLS " FROM entries e INDEXED BY entries_slug"
	    " WHERE e.slug = ?4 AND "
	    PUB_VISIBLE("e") " ORDER BY " PUB_RANK("e") " LIMIT 1", "tits",
	    lang, (int64_t)now, fallback, slug), pub_cols, PUB_NCOLS, c,
	    "store_publication_by_slug");
	if (ret != STORE_OK)
		return ret;
	mark_published(c);
	if (strcmp(c->lang, lang) == 0)
		return STORE_OK;
	return entry_version_slug(s, a, "publication", lang, now,
	    c->group_id, version);
}

/* The unfiltered list: the groups of list_order's publication order
 * (018.sql) from the key down, at most ?5, but those with no version due
 * yet, which are all it leaves out. */
#define PUB_ALL_ROWS	ENTRY_WALK("publication", PUB_LIST_COLS) \
	ENTRY_WALK_ORDER
#define PUB_LEFT_OUT	ENTRY_LEFT_OUT("publication", "SELECT DISTINCT" \
	" group_id FROM (" ENTRY_NOT_DUE("publication") ")")

/* A list of type ?4 alone: the groups of the type's order in list_order
 * (019.sql) from the key down, at most ?5, but those with no version of
 * the type due yet, which are all it leaves out. */
#define PUB_TYPE_ORDER	"('publication/' || ?4)"
#define PUB_TYPE_ROWS	ENTRY_WALK_IN(PUB_TYPE_ORDER, PUB_OF_TYPE("b"), \
	PUB_LIST_COLS) ENTRY_WALK_ORDER
#define PUB_TYPE_NOT_DUE "SELECT DISTINCT group_id FROM (" \
	ENTRY_NOT_DUE_IF("publication", " AND d.category = ?4", \
	PUB_OF_TYPE("b")) ")"
#define PUB_TYPE_LEFT_OUT ENTRY_LEFT_OUT_IN(PUB_TYPE_ORDER, PUB_TYPE_NOT_DUE)

/* The pub_dates of year into lo and hi, as PUB_FILTER takes them: "2023"
 * up to "2024"; year 0, every date ('A' sorts above them all). */
static void
year_bounds(int year, char lo[16], char hi[16])
{
	if (year == 0) {
		lo[0] = '\0';
		snprintf(hi, 16, "A");
		return;
	}
	snprintf(lo, 16, "%04d", year);
	snprintf(hi, 16, "%04d", year + 1);
}

enum store_status
store_publication_list(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, const char *type, int year,
    int64_t offset, int limit, struct content **items, size_t *n)
{
	static const struct list_walk all = { "publication", PUB_LEFT_OUT,
	    PUB_ALL_ROWS, pub_cols, PUB_NCOLS - 1, sizeof(struct content) };
	const bool typed = type != NULL && type[0] != '\0';
	const struct list_reader r = { lang, now, fallback,
	    typed ? type : "" };
	struct list_walk of_type = { NULL, PUB_TYPE_LEFT_OUT, PUB_TYPE_ROWS,
	    pub_cols, PUB_NCOLS - 1, sizeof(struct content) };
	enum store_status ret;
	char lo[16], hi[16];
	size_t i;

	*n = 0;
	if (limit <= 0 || limit > 1000 || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* arena_alloc zeroes: body_html stays NULL. */
	if (year == 0 && !typed)
		ret = list_order_page(s, a, &all, &r, offset, (size_t)limit,
		    *items, n, "store_publication_list");
	else if (year == 0) {
		if ((of_type.kind = arena_printf(a, "publication/%s", type)) ==
		    NULL)
			return STORE_ERROR;
		ret = list_order_page(s, a, &of_type, &r, offset,
		    (size_t)limit, *items, n, "store_publication_list");
	} else {
		/* Walked newest first down entries_pub_date from the year's
		 * end and stopped at the page's end: a page costs its rows
		 * and the places before it in its year, not the archive
		 * (+published_at: the walk, not a range of that column). */
		year_bounds(year, lo, hi);
		ret = db_list(s, a, db_query(s, "SELECT " PUB_LIST_COLS
		    " FROM entries e INDEXED BY entries_pub_date WHERE"
		    " e.kind = 'publication' AND e.status = 'published' AND"
		    " +e.published_at <= ?2 AND" PUB_FILTER("e") " AND"
		    PUB_BEST("e", "b") " ORDER BY e.pub_date DESC,"
		    " e.published_at DESC, e.id DESC LIMIT ?7 OFFSET ?8",
		    "titsttii", lang, (int64_t)now, fallback,
		    type != NULL ? type : "", lo, hi, (int64_t)limit, offset),
		    pub_cols, PUB_NCOLS - 1, *items, sizeof(**items),
		    (size_t)limit, n, "store_publication_list");
	}
	for (i = 0; i < *n; i++)
		mark_published(&(*items)[i]);
	return ret;
}

enum store_status
store_publication_count(struct store *s, const char *lang,
    const char *fallback, time_t now, const char *type, int year,
    int64_t *count)
{
	bool typed = type != NULL && type[0] != '\0';
	char lo[16], hi[16];
	sqlite3_stmt *st;

	*count = 0;
	if (!typed && year == 0)
		return entry_visible_groups(s, "publication", now, count);
	/* A type alone: its order's size, less the groups it leaves out. */
	if (year == 0)
		return db_one_int(s, db_query(s, "SELECT coalesce((SELECT n"
		    " FROM list_order_size WHERE kind = " PUB_TYPE_ORDER "),"
		    " 0) - (SELECT count(*) FROM (" PUB_TYPE_NOT_DUE "))",
		    "tits", lang, (int64_t)now, fallback, type), count,
		    "store_publication_count");
	year_bounds(year, lo, hi);
	/* The rows the list shows, read from the year's. */
	st = db_query(s, "SELECT count(*) FROM entries e INDEXED BY"
	    " entries_pub_date WHERE e.kind = 'publication' AND e.status ="
	    " 'published' AND +e.published_at <= ?2 AND" PUB_FILTER("e")
	    " AND" PUB_BEST("e", "b"), "titstt", lang, (int64_t)now,
	    fallback, typed ? type : "", lo, hi);
	if (st == NULL)
		return STORE_ERROR;
	return db_one_int(s, st, count, "store_publication_count");
}

/* The latest pub_date of a visible publication that sorts below before:
 * a year ("2023" sorts above the dates up to 2022, not those of 2023),
 * or 'A', above every date. */
#define PUB_LATEST_BEFORE(before) "SELECT e.pub_date FROM entries e" \
	" INDEXED BY entries_pub_date WHERE e.kind = 'publication' AND" \
	" e.status = 'published' AND e.pub_date < " before " AND" \
	" +e.published_at <= ?2 ORDER BY e.pub_date DESC LIMIT 1"

static const struct db_col year_col[] = {
	{ DB_INT, 0 },
};

enum store_status
store_publication_years(struct store *s, struct arena *a, time_t now,
    int **years, size_t *n)
{
	void *v;
	enum store_status ret;

	/* Each year found by one seek down entries_pub_date, from the
	 * latest before the year found last: as many seeks as years, not
	 * a read of every publication. 200: the years SEARCH_YEAR_MIN to
	 * SEARCH_YEAR_MAX, and more than an office publishes in. */
	ret = db_list_all(s, a, db_query(s,
	    "WITH RECURSIVE y(d) AS (SELECT (" PUB_LATEST_BEFORE("'A'") ")"
	    " UNION ALL SELECT (" PUB_LATEST_BEFORE("substr(y.d, 1, 4)") ")"
	    " FROM y WHERE y.d IS NOT NULL LIMIT ?1)"
	    " SELECT CAST(substr(d, 1, 4) AS INTEGER) FROM y"
	    " WHERE d IS NOT NULL", "ii", (int64_t)200, (int64_t)now),
	    year_col, 1, &v, sizeof(int), 200, n, "store_publication_years");
	*years = v;
	return ret;
}

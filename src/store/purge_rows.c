/* purge_rows.c: the query of the slugs nginx's cache may hold a page
 * for. */
#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/entry_sql.h"
#include "store/purge_rows.h"

static const struct db_col row_cols[] = {
	DB_COL(DB_TEXT, struct purge_row, kind),
	DB_COL(DB_TEXT, struct purge_row, slug),
};

enum store_status
store_purge_others(struct store *s, struct arena *a, struct purge_row **rows,
    size_t *n)
{
	return db_list_all(s, a, db_query(s, "SELECT 'page', slug FROM pages"
	    " WHERE slug IS NOT NULL UNION"
	    " SELECT kind, slug FROM entries WHERE slug IS NOT NULL", ""),
	    row_cols, sizeof(row_cols) / sizeof(row_cols[0]), (void **)rows,
	    sizeof(**rows), STORE_PURGE_ROWS_MAX, n, "store_purge_others");
}

/* GROUP BY walks news_slug in order (where DISTINCT with the constant
 * column sorted them all in a temporary tree first), so LIMIT stops the
 * walk: a change to the whole site reads no more slugs than it can
 * purge. */
enum store_status
store_purge_releases(struct store *s, struct arena *a, size_t limit,
    struct purge_row **rows, size_t *n)
{
	if (limit > STORE_PURGE_ROWS_MAX)
		limit = STORE_PURGE_ROWS_MAX;
	return db_list_all(s, a, db_query(s, "SELECT 'news', slug FROM news"
	    " WHERE slug IS NOT NULL GROUP BY slug LIMIT ?1", "i",
	    (int64_t)limit), row_cols, sizeof(row_cols) /
	    sizeof(row_cols[0]), (void **)rows, sizeof(**rows), limit, n,
	    "store_purge_releases");
}

/* By news_published, then the row of each: a millisecond for the 500
 * the purges take, where ordering every release by date would read them
 * all. */
enum store_status
store_purge_newest(struct store *s, struct arena *a, size_t limit,
    struct purge_row **rows, size_t *n)
{
	return db_list_all(s, a, db_query(s, "SELECT 'news', slug FROM news"
	    " WHERE status = 'published' AND slug IS NOT NULL"
	    " ORDER BY published_at DESC, id DESC LIMIT ?1", "i",
	    (int64_t)limit), row_cols, sizeof(row_cols) /
	    sizeof(row_cols[0]), (void **)rows, sizeof(**rows), limit, n,
	    "store_purge_newest");
}

enum store_status
store_purge_kind_count(struct store *s, const char *kind, time_t now,
    int64_t *count)
{
	return entry_visible_groups(s, kind, now, count);
}

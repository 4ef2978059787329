/* news.c: the queries of news releases. */
#include "lib/arena.h"
#include "store/db_internal.h"

/* What a public read may show: published and due. */
#define NEWS_VISIBLE	"lang = ?1 AND status = 'published' AND " \
			"published_at <= ?2"
/* The columns of a release as lists show it, in the order of news_cols;
 * NEWS_COLS adds the body, the last of news_cols. A list does not select
 * it: SQLite would read every body's pages to step over it. */
#define NEWS_LIST_COLS	"id, slug, title, dateline, pub_date, summary, " \
			"published_at, updated_at"
#define NEWS_COLS	NEWS_LIST_COLS ", body_html"

static const struct db_col news_cols[] = {
	DB_COL(DB_INT64, struct news, id),
	DB_COL(DB_TEXT, struct news, slug),
	DB_COL(DB_TEXT, struct news, title),
	DB_COL(DB_TEXT, struct news, dateline),
	DB_COL(DB_TEXT, struct news, pub_date),
	DB_COL(DB_TEXT, struct news, summary),
	DB_COL(DB_TIME, struct news, published_at),
	DB_COL(DB_TIME, struct news, updated_at),
	DB_COL(DB_TEXT, struct news, body_html),
};
#define NEWS_NCOLS	(sizeof(news_cols) / sizeof(news_cols[0]))

enum store_status
store_news_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *slug, time_t now, struct news *n)
{
	return db_get(s, a, db_query(s,
	    "SELECT " NEWS_COLS " FROM news WHERE " NEWS_VISIBLE
	    " AND slug = ?3", "tit", lang, (int64_t)now, slug),
	    news_cols, NEWS_NCOLS, n, "store_news_by_slug");
}

enum store_status
store_news_list(struct store *s, struct arena *a, const char *lang,
    time_t now, int64_t offset, int limit, struct news **items, size_t *n)
{
	*n = 0;
	if (limit <= 0 || limit > 1000)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* arena_alloc zeroes: body_html stays NULL. */
	return db_list(s, a, db_query(s,
	    "SELECT " NEWS_LIST_COLS " FROM news WHERE " NEWS_VISIBLE
	    " ORDER BY published_at DESC, id DESC LIMIT ?3 OFFSET ?4", "tiii",
	    lang, (int64_t)now, (int64_t)limit, offset),
	    news_cols, NEWS_NCOLS - 1, *items, sizeof(**items), (size_t)limit,
	    n, "store_news_list");
}

enum store_status
store_news_count(struct store *s, const char *lang, time_t now, int64_t *count)
{
	sqlite3_stmt *st;

	*count = 0;
	if ((st = db_query(s, "SELECT count(*) FROM news WHERE " NEWS_VISIBLE,
	    "ti", lang, (int64_t)now)) == NULL)
		return STORE_ERROR;
	return db_one_int(s, st, count, "store_news_count");
}

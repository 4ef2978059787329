/* news.c: the queries of news releases. */
#include "lib/arena.h"
#include "store/db_internal.h"

/* What a public read may show: published and due. */
#define NEWS_VISIBLE	"lang = ?1 AND status = 'published' AND published_at <= ?2"

static void
news_row(struct arena *a, sqlite3_stmt *st, struct news *n, bool body)
{
	n->id = sqlite3_column_int64(st, 0);
	n->slug = db_text(a, st, 1);
	n->title = db_text(a, st, 2);
	n->dateline = db_text(a, st, 3);
	n->pub_date = db_text(a, st, 4);
	n->summary = db_text(a, st, 5);
	n->published_at = (time_t)sqlite3_column_int64(st, 6);
	n->updated_at = (time_t)sqlite3_column_int64(st, 7);
	n->body_html = body ? db_text(a, st, 8) : NULL;
}

enum store_status
store_news_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *slug, time_t now, struct news *n)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	st = db_stmt(s,
	    "SELECT id, slug, title, dateline, pub_date, summary, "
	    "published_at, updated_at, body_html FROM news WHERE "
	    NEWS_VISIBLE " AND slug = ?3");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_text(st, 3, slug, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		news_row(a, st, n, true);
		ret = STORE_OK;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, "store_news_by_slug");
	db_done(st);
	return ret;
}

enum store_status
store_news_list(struct store *s, struct arena *a, const char *lang,
    time_t now, int64_t offset, int limit, struct news **items, size_t *n)
{
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int rc;

	*n = 0;
	if (limit <= 0 || limit > 1000)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	st = db_stmt(s,
	    "SELECT id, slug, title, dateline, pub_date, summary, "
	    "published_at, updated_at FROM news WHERE " NEWS_VISIBLE
	    " ORDER BY published_at DESC, id DESC LIMIT ?3 OFFSET ?4");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int64(st, 4, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)limit)
		news_row(a, st, &(*items)[(*n)++], false);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_status(s, rc, "store_news_list");
	db_done(st);
	return ret;
}

enum store_status
store_news_count(struct store *s, const char *lang, time_t now, int64_t *count)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	st = db_stmt(s,
	    "SELECT count(*) FROM news WHERE " NEWS_VISIBLE);
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	ret = rc == SQLITE_ROW ? STORE_OK : db_status(s, rc, "store_news_count");
	db_done(st);
	return ret;
}

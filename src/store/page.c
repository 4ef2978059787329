/* page.c: the queries of pages. */
#include "lib/arena.h"
#include "store/db_internal.h"

static const struct db_col page_cols[] = {
	DB_COL(DB_INT64, struct page, id),
	DB_COL(DB_TEXT, struct page, slug),
	DB_COL(DB_TEXT, struct page, title),
	DB_COL(DB_TEXT, struct page, summary),
	DB_COL(DB_TEXT, struct page, body_html),
	DB_COL(DB_TIME, struct page, updated_at),
};

enum store_status
store_page_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *slug, time_t now, struct page *p)
{
	return db_get(s, a, db_query(s,
	    "SELECT id, slug, title, summary, body_html, updated_at "
	    "FROM pages WHERE lang = ?1 AND slug = ?3 AND "
	    "status = 'published' AND coalesce(published_at, 0) <= ?2",
	    "tit", lang, (int64_t)now, slug), page_cols,
	    sizeof(page_cols) / sizeof(page_cols[0]), p,
	    "store_page_by_slug");
}

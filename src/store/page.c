/* page.c: the queries of pages. */
#include "lib/arena.h"
#include "store/db_internal.h"

enum store_status
store_page_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *slug, time_t now, struct page *p)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	st = db_stmt(s,
	    "SELECT id, slug, title, summary, body_html, updated_at "
	    "FROM pages WHERE lang = ?1 AND slug = ?3 AND "
	    "status = 'published' AND coalesce(published_at, 0) <= ?2");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_text(st, 3, slug, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		p->slug = db_text(a, st, 1);
		p->title = db_text(a, st, 2);
		p->summary = db_text(a, st, 3);
		p->body_html = db_text(a, st, 4);
		p->updated_at = (time_t)sqlite3_column_int64(st, 5);
		ret = STORE_OK;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, "store_page_by_slug");
	db_done(st);
	return ret;
}

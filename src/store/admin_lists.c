/* admin_lists.c: the queries of the editors' dashboard and lists. */
#include <string.h>

#include "lib/arena.h"
#include "store/admin_lists.h"
#include "store/db_internal.h"

enum store_status
store_admin_count(struct store *s, unsigned kinds, int64_t *count)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	*count = 0;
	st = db_stmt(s,
	    "SELECT (SELECT count(*) FROM news WHERE ?1 & 1) +"
	    " (SELECT count(*) FROM pages WHERE ?1 & 2)");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(st, 1, (int)(kinds & ADMIN_LIST_ALL));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		ret = STORE_OK;
	} else
		ret = db_status(s, rc, "store_admin_count");
	db_done(st);
	return ret;
}

enum store_status
store_admin_list(struct store *s, struct arena *a, unsigned kinds,
    int64_t offset, int limit, struct admin_entry **items, size_t *n)
{
	struct admin_entry *e;
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int rc;

	*n = 0;
	*items = NULL;
	if (limit <= 0 || limit > ADMIN_LIST_LIMIT_MAX || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* One list of both kinds, so that pages interleave with releases by
	 * the time of their last edit; kind 0 (news) sorts first on ties. */
	st = db_stmt(s,
	    "SELECT kind, id, lang, title, published, published_at, updated_at,"
	    " editor FROM ("
	    " SELECT 0 AS kind, n.id, n.lang, n.title,"
	    " n.status = 'published' AS published,"
	    " n.published_at, n.updated_at, u.name AS editor"
	    " FROM news n LEFT JOIN users u ON u.id = n.updated_by"
	    " WHERE ?1 & 1"
	    " UNION ALL"
	    " SELECT 1, p.id, p.lang, p.title, p.status = 'published',"
	    " p.published_at,"
	    " p.updated_at, u.name"
	    " FROM pages p LEFT JOIN users u ON u.id = p.updated_by"
	    " WHERE ?1 & 2)"
	    " ORDER BY updated_at DESC, kind, id DESC LIMIT ?2 OFFSET ?3");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(st, 1, (int)(kinds & ADMIN_LIST_ALL));
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int64(st, 3, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)limit) {
		e = &(*items)[(*n)++];
		e->is_news = sqlite3_column_int(st, 0) == 0;
		e->id = sqlite3_column_int64(st, 1);
		e->lang = db_text(a, st, 2);
		e->title = db_text(a, st, 3);
		e->published = sqlite3_column_int(st, 4) != 0;
		e->has_pub_time = sqlite3_column_type(st, 5) != SQLITE_NULL;
		e->published_at = (time_t)sqlite3_column_int64(st, 5);
		e->updated_at = (time_t)sqlite3_column_int64(st, 6);
		e->editor = db_text(a, st, 7);
		if (e->lang == NULL || e->title == NULL || e->editor == NULL) {
			ret = STORE_ERROR;
			break;
		}
	}
	if (ret == STORE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_status(s, rc, "store_admin_list");
	db_done(st);
	return ret;
}

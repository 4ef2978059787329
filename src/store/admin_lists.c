/* admin_lists.c: the queries of the editors' dashboard and lists. */
#include "lib/arena.h"
#include "store/admin_lists.h"
#include "store/db_internal.h"

static const struct db_col entry_cols[] = {
	DB_COL(DB_BOOL, struct admin_entry, is_news),
	DB_COL(DB_INT64, struct admin_entry, id),
	DB_COL(DB_TEXT, struct admin_entry, lang),
	DB_COL(DB_TEXT, struct admin_entry, title),
	DB_COL(DB_BOOL, struct admin_entry, published),
	DB_COL(DB_BOOL, struct admin_entry, has_pub_time),
	DB_COL(DB_TIME, struct admin_entry, published_at),
	DB_COL(DB_TIME, struct admin_entry, updated_at),
	DB_COL(DB_TEXT, struct admin_entry, editor),
};

enum store_status
store_admin_count(struct store *s, unsigned kinds, int64_t *count)
{
	sqlite3_stmt *st;

	*count = 0;
	if ((st = db_query(s,
	    "SELECT (SELECT count(*) FROM news WHERE ?1 & 1) +"
	    " (SELECT count(*) FROM pages WHERE ?1 & 2)", "i",
	    (int64_t)(kinds & ADMIN_LIST_ALL))) == NULL)
		return STORE_ERROR;
	return db_one_int(s, st, count, "store_admin_count");
}

enum store_status
store_admin_list(struct store *s, struct arena *a, unsigned kinds,
    int64_t offset, int limit, struct admin_entry **items, size_t *n)
{
	*n = 0;
	*items = NULL;
	if (limit <= 0 || limit > ADMIN_LIST_LIMIT_MAX || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* One list of both kinds, so that pages interleave with releases by
	 * the time of their last edit; kind 0 (news) sorts first on ties. */
	return db_list(s, a, db_query(s,
	    "SELECT kind = 0, id, lang, title, published,"
	    " published_at IS NOT NULL, published_at, updated_at, editor"
	    " FROM ("
	    " SELECT 0 AS kind, n.id, n.lang, n.title,"
	    " n.status = 'published' AS published,"
	    " n.published_at, n.updated_at, u.name AS editor"
	    " FROM news n LEFT JOIN users u ON u.id = n.updated_by"
	    " WHERE ?1 & 1"
	    " UNION ALL"
	    " SELECT 1, p.id, p.lang, p.title, p.status = 'published',"
	    " p.published_at, p.updated_at, u.name"
	    " FROM pages p LEFT JOIN users u ON u.id = p.updated_by"
	    " WHERE ?1 & 2)"
	    " ORDER BY updated_at DESC, kind, id DESC LIMIT ?2 OFFSET ?3",
	    "iii", (int64_t)(kinds & ADMIN_LIST_ALL), (int64_t)limit, offset),
	    entry_cols, sizeof(entry_cols) / sizeof(entry_cols[0]), *items,
	    sizeof(**items), (size_t)limit, n, "store_admin_list");
}

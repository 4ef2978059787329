/* admin_lists.c: the queries of the editors' dashboard and lists, and the
 * donors their project form offers. */
#include "lib/arena.h"
#include "store/admin_lists.h"
#include "store/db_internal.h"

static const struct db_col entry_cols[] = {
	DB_COL(DB_INT, struct admin_entry, kind),
	DB_COL(DB_INT64, struct admin_entry, id),
	DB_COL(DB_TEXT, struct admin_entry, lang),
	DB_COL(DB_TEXT, struct admin_entry, title),
	DB_COL(DB_BOOL, struct admin_entry, published),
	DB_COL(DB_BOOL, struct admin_entry, has_pub_time),
	DB_COL(DB_TIME, struct admin_entry, published_at),
	DB_COL(DB_TIME, struct admin_entry, updated_at),
	DB_COL(DB_TEXT, struct admin_entry, editor),
	DB_COL(DB_BOOL, struct admin_entry, outdated),
};

/* The rows of one table a query chooses (kind k, an SQL expression of
 * the row x giving its enum content_kind): ?1 the kinds, ?2 the filter,
 * ?3 its language. Missing: the group's oldest row, when no row of the
 * group is in ?3. Outdated: a row in ?3 whose source's text changed since
 * (migration 004). */
#define CHOSEN(t, k) \
	" SELECT " k " AS kind, x.id, x.lang, x.title," \
	" x.status = 'published' AS published, x.published_at," \
	" x.updated_at, u.name AS editor, coalesce((SELECT s.text_rev" \
	" FROM " t " s WHERE s.id = x.source_id) > x.source_rev, 0)" \
	" AS outdated FROM " t " x LEFT JOIN users u" \
	" ON u.id = x.updated_by WHERE ?1 & (1 << " k ") AND (?2 = 0" \
	" OR (?2 = 1 AND x.id = (SELECT min(g.id) FROM " t " g" \
	" WHERE g.group_id = x.group_id) AND NOT EXISTS (SELECT 1" \
	" FROM " t " g WHERE g.group_id = x.group_id AND g.lang = ?3))" \
	" OR (?2 = 2 AND x.lang = ?3 AND (SELECT s.text_rev FROM " t \
	" s WHERE s.id = x.source_id) > x.source_rev))"
/* The numbers of enum content_kind (content.h). */
#define ENTRY_KIND \
	"(CASE x.kind WHEN 'project' THEN 2 WHEN 'event' THEN 3 ELSE 4 END)"
#define ALL	"(" CHOSEN("news", "0") " UNION ALL " CHOSEN("pages", "1") \
	" UNION ALL " CHOSEN("entries", ENTRY_KIND) ")"

static int64_t
filter_code(const struct admin_query *q)
{
	return q->filter == ADMIN_FILTER_MISSING ? 1 :
	    q->filter == ADMIN_FILTER_OUTDATED ? 2 : 0;
}

enum store_status
store_admin_count(struct store *s, const struct admin_query *q,
    int64_t *count)
{
	sqlite3_stmt *st;

	*count = 0;
	if ((st = db_query(s, "SELECT count(*) FROM " ALL, "iis",
	    (int64_t)(q->kinds & ADMIN_LIST_ALL), filter_code(q), q->lang)) ==
	    NULL)
		return STORE_ERROR;
	return db_one_int(s, st, count, "store_admin_count");
}

enum store_status
store_admin_list(struct store *s, struct arena *a, const struct admin_query *q,
    int64_t offset, int limit, struct admin_entry **items, size_t *n)
{
	*n = 0;
	*items = NULL;
	if (limit <= 0 || limit > ADMIN_LIST_LIMIT_MAX || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* One list of every kind, so that pages interleave with releases by
	 * the time of their last edit; kind 0 (news) sorts first on ties. */
	return db_list(s, a, db_query(s,
	    "SELECT kind, id, lang, title, published,"
	    " published_at IS NOT NULL, published_at, updated_at, editor,"
	    " outdated FROM " ALL
	    " ORDER BY updated_at DESC, kind, id DESC LIMIT ?4 OFFSET ?5",
	    "iisii", (int64_t)(q->kinds & ADMIN_LIST_ALL), filter_code(q),
	    q->lang, (int64_t)limit, offset),
	    entry_cols, sizeof(entry_cols) / sizeof(entry_cols[0]), *items,
	    sizeof(**items), (size_t)limit, n, "store_admin_list");
}

/* A donor's name is the row: one text column. */
static const struct db_col donor_cols[] = {
	{ DB_TEXT, 0 },
};

enum store_status
store_admin_donors(struct store *s, struct arena *a, const char ***names,
    size_t *n)
{
	void *items = NULL;
	enum store_status st;

	/* Only names a project still gives: a donor no project names any
	 * longer (a typo corrected) is not offered again. */
	st = db_list_all(s, a, db_query(s, "SELECT d.name FROM donors d"
	    " WHERE EXISTS (SELECT 1 FROM entry_donors e"
	    " WHERE e.donor_id = d.id) ORDER BY d.name LIMIT ?1", "i",
	    (int64_t)ADMIN_DONORS_MAX), donor_cols, 1, &items,
	    sizeof(const char *), ADMIN_DONORS_MAX, n, "store_admin_donors");
	*names = items;
	return st;
}

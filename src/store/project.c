/* project.c: the public queries of projects: one project in a language,
 * the list of /projects with its filters, and the donors it offers. */
#include <string.h>

#include "lib/arena.h"
#include "store/content.h"
#include "store/db_internal.h"
#include "store/entry_sql.h"
#include "store/list_order.h"

#define PROJECT_VISIBLE(e)	ENTRY_VISIBLE(e, "project")
#define PROJECT_RANK(e)		ENTRY_RANK(e)
#define PROJECT_BEST(e)		ENTRY_BEST(e, "b", "project")
/* Row e's status on day ?4 (YYYY-MM-DD, the site's time zone): set by
 * hand (category), else completed once the day after its end has come,
 * else ongoing (docs/content-kinds.md). */
#define PROJECT_STATE(e)	"(CASE WHEN " e ".category <> '' THEN " e \
				".category WHEN " e ".ends <> '' AND " e \
				".ends < ?4 THEN 'completed' ELSE " \
				"'ongoing' END)"
/* The filters: status ?5 and donor ?6, NULL for any. A donor's name is
 * compared by its column's collation, NOCASE. */
#define PROJECT_FILTER(e)	"(?5 IS NULL OR " PROJECT_STATE(e) " = ?5)" \
				" AND (?6 IS NULL OR EXISTS (SELECT 1 FROM" \
				" entry_donors x JOIN donors d ON d.id =" \
				" x.donor_id WHERE x.entry_id = " e ".id AND" \
				" d.name = ?6))"
/* The columns of project_cols; PROJECT_COLS adds the body, the last. */
#define PROJECT_LIST_COLS	"e.id, e.group_id, e.lang, e.slug, e.title, " \
				"e.summary, e.fields, e.pub_date, " \
				"e.published_at, e.updated_at, " \
				"e.status = 'published'"
#define PROJECT_COLS		PROJECT_LIST_COLS ", e.body_html"

static const struct db_col project_cols[] = {
	DB_COL(DB_INT64, struct content, id),
	DB_COL(DB_INT64, struct content, group_id),
	DB_COL(DB_TEXT, struct content, lang),
	DB_COL(DB_TEXT, struct content, slug),
	DB_COL(DB_TEXT, struct content, title),
	DB_COL(DB_TEXT, struct content, summary),
	DB_COL(DB_TEXT, struct content, fields),
	DB_COL(DB_TEXT, struct content, pub_date),
	DB_COL(DB_TIME, struct content, published_at),
	DB_COL(DB_TIME, struct content, updated_at),
	DB_COL(DB_INT, struct content, status),
	DB_COL(DB_TEXT, struct content, body_html),
};
#define PROJECT_NCOLS	(sizeof(project_cols) / sizeof(project_cols[0]))

static const struct db_col text_col[] = {
	{ DB_TEXT, 0 },
};

/* What struct content holds beyond the columns: a project's kind, and ""
 * for what projects lack. */
static void
project_defaults(struct content *c)
{
	c->kind = CONTENT_PROJECT;
	c->dateline = "";
	c->pub_time = "";
	c->body_md = "";
	c->updated_by = "";
}

enum store_status
store_project_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const char *slug, time_t now, struct content *c,
    const char **version)
{
	enum store_status ret;

	*version = NULL;
	memset(c, 0, sizeof(*c));
	project_defaults(c);
	ret = db_get(s, a, db_query(s,
	    "SELECT " PROJECT_COLS " FROM entries e INDEXED BY entries_slug"
	    " WHERE e.slug = ?4 AND "
	    PROJECT_VISIBLE("e") " ORDER BY " PROJECT_RANK("e") " LIMIT 1",
	    "tits", lang, (int64_t)now, fallback, slug), project_cols,
	    PROJECT_NCOLS, c, "store_project_by_slug");
	if (ret != STORE_OK || strcmp(c->lang, lang) == 0)
		return ret;
	return entry_version_slug(s, a, "project", lang, now, c->group_id,
	    version);
}

/* The projects of a list from place ?8 of one of its two parts, at most
 * ?7: the ongoing ones (found among those marked so, those without an
 * end and those ending from ?4 on: few), then the others of a filtered
 * list walked latest start first down entries_starts, so that a page
 * costs its own rows and the places before it in that part. */
#define PROJECT_PART_ROWS(from) "SELECT " PROJECT_LIST_COLS " FROM" \
	" entries e " from " AND +e.published_at <= ?2 AND " \
	PROJECT_BEST("e") " AND " PROJECT_FILTER("e")
/* +kind and +status: found by id among the few, not walked. */
#define PROJECT_ONGOING_FROM	"WHERE e.id IN (SELECT id FROM entries" \
	" WHERE kind = 'project' AND category = 'ongoing' AND status =" \
	" 'published' UNION ALL SELECT id FROM entries INDEXED BY" \
	" entries_ends WHERE kind = 'project' AND status = 'published' AND" \
	" ends = '' AND +category = '' UNION ALL SELECT id FROM entries" \
	" INDEXED BY entries_ends WHERE kind = 'project' AND status =" \
	" 'published' AND ends >= ?4 AND +category = '') AND +e.kind =" \
	" 'project' AND +e.status = 'published'"
#define PROJECT_ONGOING_ROWS PROJECT_PART_ROWS(PROJECT_ONGOING_FROM) \
	" AND " PROJECT_STATE("e") " = 'ongoing'"
/* The other projects of an unfiltered list: the groups of list_order's
 * project order (018.sql) from the key down, but the ongoing ones and
 * those with no version due yet, which are all it leaves out. */
#define PROJECT_WALK_ROWS	ENTRY_WALK("project", PROJECT_LIST_COLS) \
	" WHERE " PROJECT_STATE("e") " <> 'ongoing'" ENTRY_WALK_ORDER
#define PROJECT_LEFT_OUT	ENTRY_LEFT_OUT("project", "SELECT e.group_id" \
	" FROM entries e " PROJECT_ONGOING_FROM " AND +e.published_at <= ?2" \
	" AND " PROJECT_BEST("e") " AND " PROJECT_STATE("e") " = 'ongoing'" \
	" UNION " ENTRY_NOT_DUE("project"))
#define PROJECT_OTHER_ROWS PROJECT_PART_ROWS("INDEXED BY entries_starts" \
	" WHERE e.kind = 'project' AND e.status = 'published'") " AND " \
	PROJECT_STATE("e") " <> 'ongoing' ORDER BY e.starts DESC," \
	" e.id DESC LIMIT ?7 OFFSET ?8"

/* Rows of sql (a part above) from offset, at most limit, appended to
 * items[*n]. */
static enum store_status
project_rows(struct store *s, struct arena *a, const char *sql,
    const char *lang, const char *fallback, time_t now,
    const struct project_filter *f, int64_t offset, int limit,
    struct content *items, size_t *n)
{
	size_t got = 0;
	enum store_status ret;

	ret = db_list(s, a, db_query(s, sql, "tittttii", lang, (int64_t)now,
	    fallback, f->today, f->status, f->donor, (int64_t)limit, offset),
	    project_cols, PROJECT_NCOLS - 1, items + *n, sizeof(*items),
	    (size_t)limit, &got, "store_project_list");
	*n += got;
	return ret;
}

/* The ongoing projects f lets through into *count: the list's first
 * part, found by index. */
static enum store_status
ongoing_count(struct store *s, const char *lang, const char *fallback,
    time_t now, const struct project_filter *f, int64_t *count)
{
	return db_one_int(s, db_query(s, "SELECT count(*) FROM ("
	    PROJECT_ONGOING_ROWS ")", "titttt", lang, (int64_t)now, fallback,
	    f->today, f->status, f->donor), count, "store_project_list ongoing");
}

enum store_status
store_project_list(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, const struct project_filter *f,
    int64_t offset, int limit, struct content **items, size_t *n)
{
	static const struct list_walk others = { "project", PROJECT_LEFT_OUT,
	    PROJECT_WALK_ROWS, project_cols, PROJECT_NCOLS - 1,
	    sizeof(struct content) };
	const struct list_reader r = { lang, now, fallback, f->today };
	enum store_status ret;
	int64_t ongoing, rest;
	size_t i, got = 0;

	*n = 0;
	if (limit <= 0 || limit > 1000 || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* Ongoing first, then the latest start: what a visitor looks for
	 * is what the office does now. As events.c: a page past the first
	 * needs the ongoing ones' count, and one past them all reads none.
	 * The list reads no body (arena_alloc zeroes: body_html stays
	 * NULL). */
	ongoing = 0;
	if (offset > 0 && (ret = ongoing_count(s, lang, fallback, now, f,
	    &ongoing)) != STORE_OK)
		return ret;
	if ((offset == 0 || offset < ongoing) && (ret = project_rows(s, a,
	    PROJECT_ONGOING_ROWS " ORDER BY e.starts DESC, e.id DESC LIMIT ?7"
	    " OFFSET ?8", lang, fallback, now, f, offset, limit, *items, n)) !=
	    STORE_OK)
		return ret;
	if (*n < (size_t)limit) {
		rest = *n > 0 ? 0 : offset - ongoing;
		if (f->status == NULL && f->donor == NULL) {
			ret = list_order_page(s, a, &others, &r, rest,
			    (size_t)limit - *n, *items + *n, &got,
			    "store_project_list");
			*n += got;
		} else
			ret = project_rows(s, a, PROJECT_OTHER_ROWS, lang,
			    fallback, now, f, rest, limit - (int)*n, *items, n);
		if (ret != STORE_OK)
			return ret;
	}
	for (i = 0; i < *n; i++)
		project_defaults(&(*items)[i]);
	return STORE_OK;
}

enum store_status
store_project_count(struct store *s, const char *lang, const char *fallback,
    time_t now, const struct project_filter *f, int64_t *count)
{
	sqlite3_stmt *st;

	*count = 0;
	if (f->status == NULL && f->donor == NULL)
		return entry_visible_groups(s, "project", now, count);
	/* The ongoing ones are the list's first part, which is found by
	 * index: the other filters read every visible project. */
	if (f->status != NULL && strcmp(f->status, "ongoing") == 0)
		return ongoing_count(s, lang, fallback, now, f, count);
	if ((st = db_query(s, "SELECT count(*) FROM entries e WHERE "
	    PROJECT_VISIBLE("e") " AND " PROJECT_BEST("e") " AND "
	    PROJECT_FILTER("e"), "titttt", lang, (int64_t)now, fallback,
	    f->today, f->status, f->donor)) == NULL)
		return STORE_ERROR;
	return db_one_int(s, st, count, "store_project_count");
}

enum store_status
store_project_donors(struct store *s, struct arena *a, time_t now,
    const char ***names, size_t *n)
{
	void *v;
	enum store_status ret;

	/* ?2: PROJECT_VISIBLE's time. */
	ret = db_list_all(s, a, db_query(s, "SELECT d.name FROM donors d"
	    " WHERE EXISTS (SELECT 1 FROM entry_donors x JOIN entries e ON"
	    " e.id = x.entry_id WHERE x.donor_id = d.id AND "
	    PROJECT_VISIBLE("e") ") ORDER BY d.name LIMIT ?1", "ii",
	    (int64_t)STORE_PROJECT_DONORS_MAX, (int64_t)now), text_col, 1, &v,
	    sizeof(**names), STORE_PROJECT_DONORS_MAX, n,
	    "store_project_donors");
	*names = v;
	return ret;
}

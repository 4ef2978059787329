/* admin_lists.c: the queries of the editors' dashboard and lists, and the
 * donors their project form offers. */
#include <string.h>

#include "lib/arena.h"
#include "store/admin_lists.h"
#include "store/content_sql.h"
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

/* The rows of table t a query chooses, as (kind, id, updated_at): k is
 * an SQL expression of row x giving its enum content_kind, ?1 the kinds,
 * and w one of the filters below, of ?2 their language. A statement for
 * each filter, so that SQLite plans each alone: unfiltered, a walk of
 * t's edited index (023.sql) down to the page's end, reading no row. */
#define CHOSEN(t, k, of, w) \
	" SELECT " k " AS kind, x.id AS id, x.updated_at AS updated_at" \
	" FROM " t " x WHERE " of " AND " w
/* Whether ?1 holds the kind of row x of table t (kind k). A list tests
 * it on each row it walks down the edited index; a count of entries
 * names the kinds, which SQLite looks up in the kind's indexes rather
 * than read every entry. */
#define OF_KIND(k)	"?1 & (1 << " k ")"
/* Whether ?1 holds any entry's kind: a constant, so that SQLite skips
 * the entries of a list of releases or pages rather than test each. */
#define OF_SOME_ENTRY	"?1 & 28"
#define OF_ENTRIES	"x.kind IN (CASE WHEN ?1 & 4 THEN 'project' END," \
	" CASE WHEN ?1 & 8 THEN 'event' END," \
	" CASE WHEN ?1 & 16 THEN 'publication' END)"
_Static_assert(ADMIN_LIST_PROJECTS == 4 && ADMIN_LIST_EVENTS == 8 &&
    ADMIN_LIST_PUBLICATIONS == 16, "OF_SOME_ENTRY's and OF_ENTRIES' bits");
#define EVERY(t)	"1"
/* Missing: the group's oldest row, when no row of the group is in ?2;
 * the edited index holds the group, the group index the rest. */
#define MISSING(t) \
	"x.id = (SELECT min(g.id) FROM " t " g WHERE g.group_id =" \
	" x.group_id) AND NOT EXISTS (SELECT 1 FROM " t " g" \
	" WHERE g.group_id = x.group_id AND g.lang = ?2)"
/* Outdated: a row in ?2 whose source's text changed since (migration
 * 004), found through the translations' index (023.sql). */
#define OUTDATED(t) \
	"x.lang = ?2 AND x.source_id IS NOT NULL AND (SELECT s.text_rev" \
	" FROM " t " s WHERE s.id = x.source_id) > x.source_rev"
/* Title: a title holding ?2, a LIKE pattern (filter_arg). A walk of the
 * edited index, which holds the title (023.sql): a first page stops at
 * its twentieth find, and no row is read but the page's. */
#define TITLE(t)	"x.title LIKE ?2 ESCAPE '\\'"
/* The numbers of enum content_kind (content.h). */
#define ENTRY_KIND \
	"(CASE x.kind WHEN 'project' THEN 2 WHEN 'event' THEN 3 ELSE 4 END)"
/* A compound with its ORDER BY: SQLite merges the three tables' rows,
 * each in its edited index's order (which ties on the id before the
 * kind: an import gives every row one time), and stops at the page's
 * end. */
#define ALL(w)	CHOSEN("news", "0", OF_KIND("0"), w("news")) " UNION ALL " \
	CHOSEN("pages", "1", OF_KIND("1"), w("pages")) " UNION ALL " \
	CHOSEN("entries", ENTRY_KIND, OF_SOME_ENTRY " AND " \
	OF_KIND(ENTRY_KIND), w("entries")) \
	" ORDER BY updated_at DESC, id DESC, kind"

/* What a list shows of item c.id of table t (kind c.kind from k). */
#define SHOWN(t, c, k) \
	" LEFT JOIN " t " " c " ON k.kind " k " AND " c ".id = k.id"
#define STALE(t, c) \
	"coalesce((SELECT s.text_rev FROM " t " s WHERE s.id = " c \
	".source_id) > " c ".source_rev, 0)"
/* The page (?3 rows from ?4) of the keys keys, then what it shows of
 * those alone. */
#define LIST(keys) \
	"SELECT k.kind, k.id, " ITEM_COL("lang") ", " ITEM_COL("title") \
	", " ITEM_COL("status") " = 'published', " \
	ITEM_COL("published_at") " IS NOT NULL, " ITEM_COL("published_at") \
	", k.updated_at, u.name," \
	" CASE k.kind WHEN 0 THEN " STALE("news", "n") \
	" WHEN 1 THEN " STALE("pages", "p") \
	" ELSE " STALE("entries", "e") " END" \
	" FROM (" keys " LIMIT ?3 OFFSET ?4) k" \
	SHOWN("news", "n", "= 0") SHOWN("pages", "p", "= 1") \
	SHOWN("entries", "e", ">= 2") \
	" LEFT JOIN users u ON u.id = " ITEM_COL("updated_by") \
	" ORDER BY k.updated_at DESC, k.id DESC, k.kind"

static const char *const list_sql[] = {
	[ADMIN_FILTER_NONE] = LIST(ALL(EVERY)),
	[ADMIN_FILTER_MISSING] = LIST(ALL(MISSING)),
	[ADMIN_FILTER_OUTDATED] = LIST(ALL(OUTDATED)),
	[ADMIN_FILTER_TITLE] = LIST(ALL(TITLE)),
};

/* The count of table t's rows a filter chooses (kind bit b): all its
 * rows; missing, its groups less those with a version in ?2 (one each:
 * (group_id, lang) is unique); outdated, as OUTDATED. Each reads an
 * index, not the rows. Entries hold three kinds, counted through CHOSEN
 * on the kind's index. */
#define COUNT(t, b, what) \
	"(CASE WHEN ?1 & " b " THEN (" what ") ELSE 0 END)"
#define COUNT_EVERY(t)	"SELECT count(*) FROM " t
#define COUNT_MISSING(t) \
	"SELECT (SELECT count(*) FROM (SELECT DISTINCT group_id FROM " t \
	")) - (SELECT count(*) FROM " t " WHERE lang = ?2)"
#define COUNT_OUTDATED(t) "SELECT count(*) FROM " t " x WHERE " OUTDATED(t)
#define COUNT_TITLE(t)	"SELECT count(*) FROM " t " x WHERE " TITLE(t)
#define COUNT_ALL(w, c) \
	"SELECT " COUNT("news", "1", c("news")) " + " \
	COUNT("pages", "2", c("pages")) " + (SELECT count(*) FROM (" \
	CHOSEN("entries", ENTRY_KIND, OF_ENTRIES, w("entries")) "))"

static const char *const count_sql[] = {
	[ADMIN_FILTER_NONE] = COUNT_ALL(EVERY, COUNT_EVERY),
	[ADMIN_FILTER_MISSING] = COUNT_ALL(MISSING, COUNT_MISSING),
	[ADMIN_FILTER_OUTDATED] = COUNT_ALL(OUTDATED, COUNT_OUTDATED),
	[ADMIN_FILTER_TITLE] = COUNT_ALL(TITLE, COUNT_TITLE),
};

/* What q binds to ?2: its language, or for a title search its words
 * between % with LIKE's own characters escaped, written into out. NULL
 * when the words are too long. */
static const char *
filter_arg(const struct admin_query *q, char out[ADMIN_WORDS_MAX * 2 + 3])
{
	if (q->filter != ADMIN_FILTER_TITLE)
		return q->lang;
	if (q->words == NULL || strlen(q->words) > ADMIN_WORDS_MAX)
		return NULL;
	return db_like_anywhere(out, q->words);
}

enum store_status
store_admin_count(struct store *s, const struct admin_query *q,
    int64_t *count)
{
	char pattern[ADMIN_WORDS_MAX * 2 + 3];
	const char *arg = filter_arg(q, pattern);
	sqlite3_stmt *st;

	*count = 0;
	if (q->filter != ADMIN_FILTER_NONE && arg == NULL)
		return STORE_ERROR;
	/* Unfiltered, the statement has no ?2 to bind. */
	if ((st = db_query(s, count_sql[q->filter], q->filter ==
	    ADMIN_FILTER_NONE ? "i" : "is", (int64_t)(q->kinds &
	    ADMIN_LIST_ALL), arg)) == NULL)
		return STORE_ERROR;
	return db_one_int(s, st, count, "store_admin_count");
}

enum store_status
store_admin_list(struct store *s, struct arena *a, const struct admin_query *q,
    int64_t offset, int limit, struct admin_entry **items, size_t *n)
{
	char pattern[ADMIN_WORDS_MAX * 2 + 3];
	const char *arg = filter_arg(q, pattern);

	*n = 0;
	*items = NULL;
	if (limit <= 0 || limit > ADMIN_LIST_LIMIT_MAX || offset < 0 ||
	    (q->filter != ADMIN_FILTER_NONE && arg == NULL))
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* One list of every kind, so that pages interleave with releases by
	 * the time of their last edit. */
	return db_list(s, a, db_query(s, list_sql[q->filter], "isii",
	    (int64_t)(q->kinds & ADMIN_LIST_ALL), arg, (int64_t)limit,
	    offset), entry_cols, sizeof(entry_cols) / sizeof(entry_cols[0]),
	    *items, sizeof(**items), (size_t)limit, n, "store_admin_list");
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

/* translations.c: the published versions of a translation group, for the
 * language switcher and the alternate links. */
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"

enum store_status
store_translations(struct store *s, struct arena *a, const char *kind,
    int64_t group_id, time_t now, struct translation **items, size_t *n)
{
	static const struct db_col cols[] = {
		DB_COL(DB_TEXT, struct translation, lang),
		DB_COL(DB_TEXT, struct translation, slug),
	};
	sqlite3_stmt *st;

	*n = 0;
	if ((*items = arena_alloc(a, sizeof(**items) *
	    STORE_TRANSLATIONS_MAX)) == NULL)
		return STORE_ERROR;
	/* The group's index finds its few rows: ORDER BY group_id, lang is
	 * its order, and +status keeps the status indexes out (ORDER BY
	 * lang and status = made SQLite walk every release in
	 * news_public or news_published instead). */
	if (strcmp(kind, "news") == 0)
		st = db_query(s, "SELECT lang, slug FROM news WHERE"
		    " group_id = ?1 AND +status = 'published' AND"
		    " +published_at <= ?2 ORDER BY group_id, lang LIMIT ?3",
		    "iii", group_id, (int64_t)now, (int64_t)STORE_TRANSLATIONS_MAX);
	else if (strcmp(kind, "page") == 0)
		st = db_query(s, "SELECT lang, slug FROM pages WHERE"
		    " group_id = ?1 AND +status = 'published' AND"
		    " coalesce(published_at, 0) <= ?2 ORDER BY group_id,"
		    " lang LIMIT ?3", "iii", group_id, (int64_t)now,
		    (int64_t)STORE_TRANSLATIONS_MAX);
	else
		/* A group holds entries of one kind: the group is enough. */
		st = db_query(s, "SELECT lang, slug FROM entries WHERE"
		    " group_id = ?1 AND kind = ?4 AND +status = 'published'"
		    " AND +published_at <= ?2 ORDER BY group_id, lang"
		    " LIMIT ?3", "iiit", group_id, (int64_t)now, (int64_t)STORE_TRANSLATIONS_MAX,
		    kind);
	return db_list(s, a, st, cols, sizeof(cols) / sizeof(cols[0]), *items,
	    sizeof(**items), STORE_TRANSLATIONS_MAX, n, "store_translations");
}

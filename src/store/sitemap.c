/* sitemap.c: the queries of the sitemap: the visible versions of releases,
 * pages, projects, events and publications a page of groups at a time,
 * and the latest public change. */
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"

static const struct db_col entry_cols[] = {
	DB_COL(DB_INT64, struct sitemap_entry, group_id),
	DB_COL(DB_TEXT, struct sitemap_entry, lang),
	DB_COL(DB_TEXT, struct sitemap_entry, slug),
	DB_COL(DB_TIME, struct sitemap_entry, lastmod),
};
#define ENTRY_NCOLS	(sizeof(entry_cols) / sizeof(entry_cols[0]))

enum store_status
store_sitemap_page(struct store *s, struct arena *a, const char *kind,
    time_t now, int64_t after, int max_groups, struct sitemap_entry **items,
    size_t *n)
{
	sqlite3_stmt *st;

	*items = NULL;
	*n = 0;
	if (max_groups <= 0 || max_groups > STORE_SITEMAP_GROUPS)
		return STORE_ERROR;
	/* The groups first (news_group and pages_group walk them in
	 * order), then every visible version of each: a group is never cut
	 * in two between pages. The unary + keeps SQLite off the status
	 * indexes, which would read every visible row for each page. */
	if (strcmp(kind, "news") == 0)
		st = db_query(s, "SELECT group_id, lang, slug,"
		    " max(updated_at, published_at) FROM news"
		    " WHERE +status = 'published' AND +published_at <= ?2"
		    " AND group_id IN (SELECT group_id FROM news"
		    " WHERE group_id > ?1 AND +status = 'published'"
		    " AND +published_at <= ?2 GROUP BY group_id"
		    " ORDER BY group_id LIMIT ?3) ORDER BY group_id, lang",
		    "iii", after, (int64_t)now, (int64_t)max_groups);
	else if (strcmp(kind, "page") != 0)
		st = db_query(s, "SELECT group_id, lang, slug,"
		    " max(updated_at, published_at) FROM entries"
		    " WHERE kind = ?4 AND +status = 'published'"
		    " AND +published_at <= ?2"
		    " AND group_id IN (SELECT group_id FROM entries"
		    " WHERE group_id > ?1 AND kind = ?4"
		    " AND +status = 'published' AND +published_at <= ?2"
		    " GROUP BY group_id ORDER BY group_id LIMIT ?3)"
		    " ORDER BY group_id, lang", "iiit", after, (int64_t)now,
		    (int64_t)max_groups, kind);
	else
		st = db_query(s, "SELECT group_id, lang, slug,"
		    " max(updated_at, coalesce(published_at, 0)) FROM pages"
		    " WHERE +status = 'published'"
		    " AND coalesce(published_at, 0) <= ?2"
		    " AND group_id IN (SELECT group_id FROM pages"
		    " WHERE group_id > ?1 AND +status = 'published'"
		    " AND coalesce(published_at, 0) <= ?2 GROUP BY group_id"
		    " ORDER BY group_id LIMIT ?3) ORDER BY group_id, lang",
		    "iii", after, (int64_t)now, (int64_t)max_groups);
	return db_list_all(s, a, st, entry_cols, ENTRY_NCOLS, (void **)items,
	    sizeof(**items), (size_t)max_groups * STORE_TRANSLATIONS_MAX, n,
	    "store_sitemap_page");
}

enum store_status
store_sitemap_newest(struct store *s, time_t now, time_t *t)
{
	enum store_status ret;
	int64_t v = 0;

	ret = db_one_int(s, db_query(s, "SELECT coalesce(max(max(updated_at,"
	    " published_at)), 0) FROM news WHERE status = 'published'"
	    " AND published_at <= ?1", "i", (int64_t)now), &v,
	    "store_sitemap_newest");
	*t = (time_t)v;
	return ret;
}

enum store_status
store_sitemap_newest_entry(struct store *s, const char *kind, time_t now,
    time_t *t)
{
	enum store_status ret;
	int64_t v = 0;

	ret = db_one_int(s, db_query(s, "SELECT coalesce(max(max(updated_at,"
	    " published_at)), 0) FROM entries WHERE kind = ?2"
	    " AND status = 'published' AND published_at <= ?1", "it",
	    (int64_t)now, kind), &v, "store_sitemap_newest_entry");
	*t = (time_t)v;
	return ret;
}

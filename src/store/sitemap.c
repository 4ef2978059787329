/* sitemap.c: the queries of the sitemap: the visible versions of releases,
 * pages, projects, events and publications a page of groups at a time
 * within a range of group ids, the next group with one, and the latest
 * public change. */
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
    time_t now, int64_t after, int64_t before, int max_groups,
    struct sitemap_entry **items, size_t *n)
{
	sqlite3_stmt *st;

	*items = NULL;
	*n = 0;
	if (max_groups <= 0 || max_groups > STORE_SITEMAP_GROUPS)
		return STORE_ERROR;
	/* The groups first (news_group and pages_group walk them in
	 * order), then every visible version of each: a group is never cut
	 * in two between pages. The unary + keeps SQLite off the status
	 * indexes, which would read every visible row for each page: the
	 * group index reads the range (after, before) and no more. */
	if (strcmp(kind, "news") == 0)
		st = db_query(s, "SELECT group_id, lang, slug,"
		    " max(updated_at, published_at) FROM news"
		    " WHERE +status = 'published' AND +published_at <= ?2"
		    " AND group_id IN (SELECT group_id FROM news"
		    " WHERE group_id > ?1 AND group_id < ?4"
		    " AND +status = 'published'"
		    " AND +published_at <= ?2 GROUP BY group_id"
		    " ORDER BY group_id LIMIT ?3) ORDER BY group_id, lang",
		    "iiii", after, (int64_t)now, (int64_t)max_groups, before);
	else if (strcmp(kind, "page") != 0)
		/* +kind too: on the kind's indexes, each page of groups
		 * read every row of the kind twice (0.2 s a file of 5,000
		 * events). */
		st = db_query(s, "SELECT group_id, lang, slug,"
		    " max(updated_at, published_at) FROM entries"
		    " WHERE +kind = ?4 AND +status = 'published'"
		    " AND +published_at <= ?2"
		    " AND group_id IN (SELECT group_id FROM entries"
		    " WHERE group_id > ?1 AND group_id < ?5 AND +kind = ?4"
		    " AND +status = 'published' AND +published_at <= ?2"
		    " GROUP BY group_id ORDER BY group_id LIMIT ?3)"
		    " ORDER BY group_id, lang", "iiiti", after, (int64_t)now,
		    (int64_t)max_groups, kind, before);
	else
		st = db_query(s, "SELECT group_id, lang, slug,"
		    " max(updated_at, coalesce(published_at, 0)) FROM pages"
		    " WHERE +status = 'published'"
		    " AND coalesce(published_at, 0) <= ?2"
		    " AND group_id IN (SELECT group_id FROM pages"
		    " WHERE group_id > ?1 AND group_id < ?4"
		    " AND +status = 'published'"
		    " AND coalesce(published_at, 0) <= ?2 GROUP BY group_id"
		    " ORDER BY group_id LIMIT ?3) ORDER BY group_id, lang",
		    "iiii", after, (int64_t)now, (int64_t)max_groups, before);
	return db_list_all(s, a, st, entry_cols, ENTRY_NCOLS, (void **)items,
	    sizeof(**items), (size_t)max_groups * STORE_TRANSLATIONS_MAX, n,
	    "store_sitemap_page");
}

enum store_status
store_sitemap_newest(struct store *s, time_t now, time_t *t)
{
	enum store_status ret;
	int64_t v = 0;

	/* The latest due publication is one step down news_published; the
	 * latest save has no index (a scan of every release, issue 16), so
	 * site_state's changed_at, which every write to a release moves,
	 * stands for it: a lastmod no earlier than the release's own. */
	ret = db_one_int(s, db_query(s, "SELECT max(coalesce((SELECT"
	    " published_at FROM news WHERE status = 'published'"
	    " AND published_at <= ?1 ORDER BY published_at DESC LIMIT 1), 0),"
	    " (SELECT changed_at FROM site_state WHERE id = 1))", "i",
	    (int64_t)now), &v, "store_sitemap_newest");
	*t = (time_t)v;
	return ret;
}

enum store_status
store_sitemap_next(struct store *s, const char *kind, time_t now,
    int64_t from, int64_t *group)
{
	/* A group is visible from its first publication, which news_order
	 * and entry_order keep by group (012.sql, 015.sql): a seek down
	 * their rowids to from, then a walk past the groups still to come,
	 * with no row of the content read. Pages have no such order; the
	 * unary + keeps SQLite on their group index. */
	*group = 0;
	if (strcmp(kind, "news") == 0)
		return db_one_int(s, db_query(s, "SELECT group_id"
		    " FROM news_order WHERE group_id >= ?2 AND +at <= ?1"
		    " ORDER BY group_id LIMIT 1", "ii", (int64_t)now, from),
		    group, "store_sitemap_next");
	if (strcmp(kind, "page") == 0)
		return db_one_int(s, db_query(s, "SELECT group_id FROM pages"
		    " WHERE group_id >= ?2 AND +status = 'published'"
		    " AND coalesce(published_at, 0) <= ?1"
		    " ORDER BY group_id LIMIT 1", "ii", (int64_t)now, from),
		    group, "store_sitemap_next");
	/* entry_order_group (017.sql): the kind's groups alone, where the
	 * rowids walked every other kind's from there too. */
	return db_one_int(s, db_query(s, "SELECT group_id FROM entry_order"
	    " WHERE kind = ?3 AND group_id >= ?2 AND +at <= ?1"
	    " ORDER BY group_id LIMIT 1", "iit", (int64_t)now, from, kind),
	    group, "store_sitemap_next");
}

enum store_status
store_sitemap_newest_entry(struct store *s, const char *kind, time_t now,
    time_t *t)
{
	enum store_status ret;
	int64_t v = 0;

	/* As store_sitemap_newest: the latest due publication of the kind,
	 * one step down entries_published, or site_state's changed_at,
	 * which every write to a published entry moves, not a scan of the
	 * kind's every row for its latest save; 0 while none is due. */
	ret = db_one_int(s, db_query(s, "SELECT coalesce((SELECT"
	    " max(published_at, (SELECT changed_at FROM site_state"
	    " WHERE id = 1)) FROM entries WHERE kind = ?2 AND status ="
	    " 'published' AND published_at <= ?1 ORDER BY published_at DESC"
	    " LIMIT 1), 0)",
	    "it", (int64_t)now, kind), &v, "store_sitemap_newest_entry");
	*t = (time_t)v;
	return ret;
}

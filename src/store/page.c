/* page.c: the queries of pages: one page in a language, with the group's
 * other versions standing in for a missing one. */
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"

/* What a public read may show of row p: published and due (?2). The +
 * keeps SQLite from reading status through pages_published, which would
 * walk every published page, when the slug or the group finds the row. */
#define PAGE_VISIBLE(p)	"+" p ".status = 'published' AND " \
			"coalesce(" p ".published_at, 0) <= ?2"

static const struct db_col page_cols[] = {
	DB_COL(DB_INT64, struct page, id),
	DB_COL(DB_INT64, struct page, group_id),
	DB_COL(DB_TEXT, struct page, lang),
	DB_COL(DB_TEXT, struct page, slug),
	DB_COL(DB_TEXT, struct page, title),
	DB_COL(DB_TEXT, struct page, summary),
	DB_COL(DB_TEXT, struct page, body_html),
	DB_COL(DB_TIME, struct page, updated_at),
};

static const struct db_col slug_col[] = {
	{ DB_TEXT, 0 },
};

enum store_status
store_page_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const char *slug, time_t now, struct page *p,
    const char **version)
{
	enum store_status ret;

	*version = NULL;
	/* Slugs are unique per language only: the reader's own language
	 * wins, then the default's, then the oldest version. */
	ret = db_get(s, a, db_query(s,
	    "SELECT p.id, p.group_id, p.lang, p.slug, p.title, p.summary,"
	    " p.body_html, p.updated_at FROM pages p WHERE p.slug = ?4 AND "
	    PAGE_VISIBLE("p") " ORDER BY (CASE p.lang WHEN ?1 THEN 0"
	    " WHEN ?3 THEN 1 ELSE 2 END), p.id LIMIT 1", "tits", lang,
	    (int64_t)now, fallback, slug), page_cols,
	    sizeof(page_cols) / sizeof(page_cols[0]), p, "store_page_by_slug");
	if (ret != STORE_OK || strcmp(p->lang, lang) == 0)
		return ret;
	ret = db_get(s, a, db_query(s,
	    "SELECT v.slug FROM pages v WHERE v.group_id = ?3 AND v.lang = ?1"
	    " AND " PAGE_VISIBLE("v"), "tii", lang, (int64_t)now, p->group_id),
	    slug_col, 1, version, "store_page_by_slug version");
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
}

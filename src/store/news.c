/* news.c: the queries of news releases: one release in a language, with the
 * group's other versions standing in for a missing one, and the lists. */
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/news_order.h"

/* What a public read may show of row n: published and due (?2). The +
 * keeps SQLite from choosing news_published for it (status and a range
 * look narrower than a slug to a planner without statistics): that walks
 * every published release, where news_slug or news_group find a few. */
#define NEWS_VISIBLE(n)	"+" n ".status = 'published' AND " \
			"+" n ".published_at <= ?2"
/* The columns of a release as lists show it, in the order of news_cols;
 * NEWS_COLS adds the body, the last of news_cols. A list does not select
 * it: SQLite would read every body's pages to step over it. */
#define NEWS_LIST_COLS	"n.id, n.group_id, n.lang, n.slug, n.title, " \
			"n.dateline, n.pub_date, n.summary, n.published_at, " \
			"n.updated_at"
#define NEWS_COLS	NEWS_LIST_COLS ", n.body_html"
/* The rank of row n for a reader of ?1 whose site defaults to ?3: its own
 * language first, then the default, then any, the oldest version first. */
#define NEWS_RANK(n)	"(CASE " n ".lang WHEN ?1 THEN 0 WHEN ?3 THEN 1 " \
			"ELSE 2 END), " n ".id"

/* The columns of NEWS_LIST_COLS as the fields of struct st: m names the
 * struct news within it ("news." without the quotes), or is empty;
 * NEWS_DB_COLS those of NEWS_COLS. */
#define NEWS_LIST_DB_COLS(st, m) \
	DB_COL(DB_INT64, st, m id), \
	DB_COL(DB_INT64, st, m group_id), \
	DB_COL(DB_TEXT, st, m lang), \
	DB_COL(DB_TEXT, st, m slug), \
	DB_COL(DB_TEXT, st, m title), \
	DB_COL(DB_TEXT, st, m dateline), \
	DB_COL(DB_TEXT, st, m pub_date), \
	DB_COL(DB_TEXT, st, m summary), \
	DB_COL(DB_TIME, st, m published_at), \
	DB_COL(DB_TIME, st, m updated_at)
#define NEWS_DB_COLS(st, m) \
	NEWS_LIST_DB_COLS(st, m), \
	DB_COL(DB_TEXT, st, m body_html)

static const struct db_col news_cols[] = {
	NEWS_DB_COLS(struct news, ),
};
#define NEWS_NCOLS	(sizeof(news_cols) / sizeof(news_cols[0]))

/* A list's row: NEWS_LIST_COLS and the lead image, no body. */
static const struct db_col list_cols[] = {
	NEWS_LIST_DB_COLS(struct news, ),
	DB_COL(DB_INT64, struct news, lead_media),
};

static const struct db_col slug_col[] = {
	{ DB_TEXT, 0 },
};

enum store_status
store_news_by_slug(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const char *slug, time_t now, struct news *n,
    const char **version)
{
	enum store_status ret;

	*version = NULL;
	/* Slugs are unique per language only: the reader's own language
	 * wins, then the default's. */
	ret = db_get(s, a, db_query(s,
	    "SELECT " NEWS_COLS " FROM news n WHERE n.slug = ?4 AND "
	    NEWS_VISIBLE("n") " ORDER BY " NEWS_RANK("n") " LIMIT 1", "tits",
	    lang, (int64_t)now, fallback, slug), news_cols, NEWS_NCOLS, n,
	    "store_news_by_slug");
	if (ret != STORE_OK || strcmp(n->lang, lang) == 0)
		return ret;
	ret = db_get(s, a, db_query(s,
	    "SELECT v.slug FROM news v WHERE v.group_id = ?3 AND v.lang = ?1"
	    " AND " NEWS_VISIBLE("v"), "tii", lang, (int64_t)now, n->group_id),
	    slug_col, 1, version, "store_news_by_slug version");
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
}

/* The versions of a page, newest first from the key (?4, ?5) that
 * news_order_seek found down to the ?6th group of news_order from there,
 * each group's best ranked (NEWS_RANK) due version. news_listing keeps a
 * page's rows together (021.sql), where looking each group's versions up
 * in news_group and news read three pages a row at 100,000 releases.
 * Every group at or below a visible key has one, its first published
 * version being due. join adds a table to read more of each row from. */
#define NEWS_PAGE(cols, join) "SELECT " cols " FROM news_listing n" join \
	" WHERE (n.at, n.group_id) <= (?4, ?5) AND (n.at, n.group_id) >=" \
	" (SELECT at, group_id FROM (SELECT at, group_id FROM news_order" \
	" WHERE (at, group_id) <= (?4, ?5) ORDER BY at DESC, group_id DESC" \
	" LIMIT ?6) ORDER BY at, group_id LIMIT 1)" \
	" AND n.published_at <= ?2 AND NOT EXISTS (SELECT 1" \
	" FROM news_listing b WHERE b.at = n.at AND b.group_id = n.group_id" \
	" AND b.published_at <= ?2 AND (" NEWS_RANK("b") ") < (" \
	NEWS_RANK("n") ")) ORDER BY n.at DESC, n.group_id DESC"

enum store_status
store_news_list(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, int64_t offset, int limit,
    struct news **items, size_t *n)
{
	enum store_status ret;
	int64_t key[2];
	bool found;

	*n = 0;
	if (limit <= 0 || limit > 1000)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	if ((ret = news_order_seek(s, now, offset, key, &found)) != STORE_OK ||
	    !found)
		return ret;
	/* arena_alloc zeroes: body_html stays NULL. */
	return db_list(s, a, db_query(s, NEWS_PAGE(NEWS_LIST_COLS
	    ", n.lead_media", ""), "titiii", lang, (int64_t)now,
	    fallback, key[0], key[1], (int64_t)limit), list_cols,
	    sizeof(list_cols) / sizeof(list_cols[0]), *items, sizeof(**items),
	    (size_t)limit, n, "store_news_list");
}

/* A feed entry: the release with its body, and when its row was made. */
static const struct db_col entry_cols[] = {
	NEWS_DB_COLS(struct news_entry, news.),
	DB_COL(DB_TIME, struct news_entry, created_at),
};

enum store_status
store_news_feed(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, int limit, struct news_entry **items,
    size_t *n)
{
	enum store_status ret;
	int64_t key[2];
	bool found;

	*n = 0;
	/* 100: more than a feed shows, and a bound on the bodies read. */
	if (limit <= 0 || limit > 100)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	/* The rows store_news_list's first page shows, with their bodies:
	 * a LIMIT this small reads only the bodies it returns. */
	if ((ret = news_order_seek(s, now, 0, key, &found)) != STORE_OK ||
	    !found)
		return ret;
	return db_list(s, a, db_query(s, NEWS_PAGE(NEWS_LIST_COLS
	    ", f.body_html, f.created_at", " JOIN news f ON f.id = n.id"),
	    "titiii", lang, (int64_t)now, fallback, key[0], key[1],
	    (int64_t)limit),
	    entry_cols, sizeof(entry_cols) / sizeof(entry_cols[0]), *items,
	    sizeof(**items), (size_t)limit, n, "store_news_feed");
}

enum store_status
store_news_with_slug(struct store *s, struct arena *a, const char *slug,
    struct news **items, size_t *n)
{
	void *v;
	enum store_status ret;

	/* 4: id, group_id, lang and slug, the first of news_cols. A slug is
	 * unique in a language: more rows than languages cannot come. For
	 * db check only, so the scan of the table (slug is second in its
	 * index) costs nothing a visitor waits for. */
	ret = db_list_all(s, a, db_query(s, "SELECT n.id, n.group_id,"
	    " n.lang, n.slug FROM news n WHERE n.slug = ?1 ORDER BY n.id", "t",
	    slug), news_cols, 4, &v, sizeof(**items), STORE_TRANSLATIONS_MAX, n,
	    "store_news_with_slug");
	*items = v;
	return ret;
}

/* site.c: site-wide state: settings, the content generation, redirects and
 * rendering stored Markdown. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/zone.h"
#include "store/db_internal.h"
#include "store/search.h"

/* The kinds of entries, as a table: a query over all of them asks each
 * in turn, the index (kind, ...) serving each. */
#define ENTRY_KINDS	"(SELECT 'project' AS kind UNION ALL SELECT 'event'" \
			" UNION ALL SELECT 'publication')"
/* The first date (YYYY-MM-DD, a prefix of an event's "YYYY-MM-DD HH:MM")
 * whose end can still be ahead of ?1 in some zone. */
#define EARLY		"date(?1 - 2 * 86400, 'unixepoch')"

/* One text column into a const char *. */
static const struct db_col text_col[] = {
	{ DB_TEXT, 0 },
};

static const struct db_col state_cols[] = {
	DB_COL(DB_INT64, struct store_state, generation),
	DB_COL(DB_TIME, struct store_state, changed_at),
};

enum store_status
store_generation(struct store *s, int64_t *generation)
{
	sqlite3_stmt *st;

	*generation = 0;
	if ((st = db_query(s, "SELECT generation FROM site_state WHERE id = 1",
	    "")) == NULL)
		return STORE_ERROR;
	return db_one_int(s, st, generation, "generation");
}

/*
 * local_instant(W) (db_internal.h), in this thread's zone: the request's
 * site's (app.c), as every date the page shows is. Why not SQLite's 'utc'
 * modifier: it reads the process's TZ, one zone for all the sites. Why
 * not the instants computed in C: the query takes the earliest over every
 * project and event that may still end ahead, which would all be read
 * out for it. And why the thread's zone rather than one given to the
 * connection: a thread's connection to a site only serves that site's
 * requests, and holds no zone that a reload could change under it.
 */
static void
local_instant(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct tm tm;
	time_t wall, t;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	wall = (time_t)sqlite3_value_int64(argv[0]);
	if (gmtime_r(&wall, &tm) == NULL ||
	    (t = zone_mktime(zone_used(), &tm)) == (time_t)-1)
		return;
	sqlite3_result_int64(ctx, (sqlite3_int64)t);
}

int
store_state_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "local_instant", 1, SQLITE_UTF8,
	    NULL, local_instant, NULL, NULL);
}

enum store_status
store_state(struct store *s, time_t now, struct store_state *out)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	ret = db_get(s, NULL, db_query(s,
	    "SELECT generation, changed_at FROM site_state WHERE id = 1", ""),
	    state_cols, sizeof(state_cols) / sizeof(state_cols[0]), out,
	    "store_state");
	if (ret != STORE_OK)
		return ret;

	/* The earliest scheduled item: a cached page built before it is due
	 * must not outlive that second. The latest one already due may be
	 * newer than the last edit, and so is when the site last changed.
	 * A project whose status is derived from its end changes at the
	 * start of the day after it, in the site's zone (local_instant):
	 * that too is a change to wait for, as is the minute an event ends
	 * (the day, for an all-day one), when /events moves it among the
	 * past ones (store/event.c). Every part is a seek in an index, so
	 * that a miss costs the same with twenty years of archive: the
	 * entries' by kind, and only the projects and events whose end
	 * (EARLY: from the date two days before now, more than a day
	 * and any zone's offset) can still be ahead. */
	st = db_query(s,
	    "SELECT (SELECT min(t) FROM (SELECT min(published_at) AS t"
	    " FROM news WHERE status = 'published' AND published_at > ?1"
	    " UNION ALL SELECT min(published_at) FROM pages"
	    " WHERE status = 'published' AND published_at > ?1"
	    " UNION ALL SELECT (SELECT min(published_at) FROM entries e"
	    " WHERE e.kind = k.kind AND e.status = 'published'"
	    " AND e.published_at > ?1) FROM " ENTRY_KINDS " k"
	    " UNION ALL SELECT min(local_instant(unixepoch(ends, '+1 day')))"
	    " FROM entries WHERE kind = 'project' AND status = 'published'"
	    " AND ends >= " EARLY " AND category = ''"
	    " AND local_instant(unixepoch(ends, '+1 day')) > ?1"
	    " UNION ALL SELECT min(t) FROM (SELECT local_instant(CASE WHEN"
	    " length(x) = 10 THEN unixepoch(x, '+1 day') ELSE unixepoch(x,"
	    " '+1 minute') END) AS t FROM (SELECT ends AS x FROM entries"
	    " WHERE kind = 'event' AND status = 'published' AND ends >= "
	    EARLY " UNION ALL SELECT starts FROM entries WHERE kind = 'event'"
	    " AND status = 'published' AND ends = '' AND starts >= " EARLY "))"
	    " WHERE t > ?1)),"
	    " (SELECT max(t) FROM (SELECT max(published_at) AS t"
	    " FROM news WHERE status = 'published' AND published_at <= ?1"
	    " UNION ALL SELECT max(published_at) FROM pages"
	    " WHERE status = 'published' AND published_at <= ?1"
	    " UNION ALL SELECT (SELECT max(published_at) FROM entries e"
	    " WHERE e.kind = k.kind AND e.status = 'published'"
	    " AND e.published_at <= ?1) FROM " ENTRY_KINDS " k))", "i",
	    (int64_t)now);
	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->next_publication = (time_t)sqlite3_column_int64(st, 0);
		if ((time_t)sqlite3_column_int64(st, 1) > out->changed_at)
			out->changed_at = (time_t)sqlite3_column_int64(st, 1);
	}
	ret = rc == SQLITE_ROW ? STORE_OK : db_status(s, rc, "store_state");
	db_done(st);
	return ret;
}

enum store_status
store_setting(struct store *s, struct arena *a, const char *lang,
    const char *key, const char **value)
{
	enum store_status ret;

	ret = db_get(s, a, db_query(s,
	    "SELECT value FROM settings WHERE lang = ?1 AND key = ?2", "tt",
	    lang, key), text_col, 1, value, "store_setting");
	if (ret != STORE_OK)
		*value = NULL;
	return ret;
}

enum store_status
store_setting_in(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const char *key, const char **value,
    const char **in)
{
	static const struct db_col cols[] = {
		{ DB_TEXT, 0 },
		{ DB_TEXT, sizeof(const char *) },
	};
	const char *row[2];
	enum store_status ret;

	*value = *in = NULL;
	ret = db_get(s, a, db_query(s,
	    "SELECT value, lang FROM settings WHERE key = ?3 AND"
	    " lang IN (?1, ?2) ORDER BY lang = ?1 DESC LIMIT 1", "ttt", lang,
	    fallback, key), cols, 2, row, "store_setting_in");
	if (ret == STORE_OK) {
		*value = row[0];
		*in = row[1];
	}
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
}

enum store_status
store_redirect(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const char *kind, const char *old_slug, time_t now,
    const char **slug)
{
	sqlite3_stmt *st;

	if (strcmp(kind, "news") == 0)
		st = db_query(s,
		    "SELECT n.slug FROM redirects r JOIN news n"
		    " ON n.id = r.target_id WHERE r.lang IN (?1, ?4) AND"
		    " r.kind = 'news' AND r.old_slug = ?3 AND"
		    " n.status = 'published' AND n.published_at <= ?2"
		    " ORDER BY r.lang = ?1 DESC LIMIT 1", "titt", lang,
		    (int64_t)now, old_slug, fallback);
	else if (strcmp(kind, "page") == 0)
		st = db_query(s,
		    "SELECT p.slug FROM redirects r JOIN pages p"
		    " ON p.id = r.target_id WHERE r.lang IN (?1, ?4) AND"
		    " r.kind = 'page' AND r.old_slug = ?3 AND"
		    " p.status = 'published' AND"
		    " coalesce(p.published_at, 0) <= ?2"
		    " ORDER BY r.lang = ?1 DESC LIMIT 1", "titt", lang,
		    (int64_t)now, old_slug, fallback);
	else
		st = db_query(s,
		    "SELECT e.slug FROM redirects r JOIN entries e"
		    " ON e.id = r.target_id AND e.kind = r.kind"
		    " WHERE r.lang IN (?1, ?4) AND r.kind = ?5 AND"
		    " r.old_slug = ?3 AND e.status = 'published' AND"
		    " e.published_at <= ?2 ORDER BY r.lang = ?1 DESC LIMIT 1",
		    "titts", lang, (int64_t)now, old_slug, fallback, kind);
	return db_get(s, a, st, text_col, 1, slug, "store_redirect");
}

/* Renders one table's missing bodies; runs inside the caller's
 * transaction. kind: the content kind whose search index row follows the
 * body, or -1 (settings). */
static enum store_status
render_table(struct store *s, const char *select, const char *update,
    const char *what, store_render_fn fn, int kind)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	enum store_status ret = STORE_OK;
	char *html;
	int rc;

	if ((rc = sqlite3_prepare_v2(s->db, select, -1, &sel, NULL)) !=
	    SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(s->db, update, -1, &upd, NULL)) !=
	    SQLITE_OK) {
		ret = db_status(s, rc, what);
		goto out;
	}
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		html = fn((const char *)sqlite3_column_text(sel, 1),
		    (const char *)sqlite3_column_text(sel, 2));
		if (html == NULL)
			continue;
		sqlite3_bind_text(upd, 1, html, -1, free);
		sqlite3_bind_value(upd, 2, sqlite3_column_value(sel, 0));
		rc = sqlite3_step(upd);
		sqlite3_reset(upd);
		sqlite3_clear_bindings(upd);
		if (rc != SQLITE_DONE) {
			ret = db_status(s, rc, what);
			goto out;
		}
		if (kind >= 0 && (ret = search_sync(s, (enum content_kind)kind,
		    sqlite3_column_int64(sel, 0))) != STORE_OK)
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_status(s, rc, what);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return ret;
}

/* The statements render_table() takes for the entries of kind k. */
#define RENDER_ENTRIES(k) \
	"SELECT id, body_md, '" k " ' || slug FROM entries" \
	" WHERE body_html IS NULL AND kind = '" k "'", \
	"UPDATE entries SET body_html = ?1 WHERE id = ?2", "render " k

enum store_status
store_render_missing(struct store *s, store_render_fn fn)
{
	enum store_status st;

	if ((st = store_tx_begin(s)) != STORE_OK)
		return st;
	/* updated_at is left alone: rendering is not an edit. */
	if ((st = render_table(s,
	    "SELECT id, body_md, 'news ' || slug FROM news"
	    " WHERE body_html IS NULL",
	    "UPDATE news SET body_html = ?1 WHERE id = ?2",
	    "render news", fn, CONTENT_NEWS)) != STORE_OK ||
	    (st = render_table(s,
	    "SELECT id, body_md, 'page ' || slug FROM pages"
	    " WHERE body_html IS NULL",
	    "UPDATE pages SET body_html = ?1 WHERE id = ?2",
	    "render pages", fn, CONTENT_PAGE)) != STORE_OK ||
	    (st = render_table(s, RENDER_ENTRIES("project"), fn,
	    CONTENT_PROJECT)) != STORE_OK ||
	    (st = render_table(s, RENDER_ENTRIES("event"), fn,
	    CONTENT_EVENT)) != STORE_OK ||
	    (st = render_table(s, RENDER_ENTRIES("publication"), fn,
	    CONTENT_PUBLICATION)) != STORE_OK ||
	    (st = render_table(s,
	    "SELECT lang, value, 'settings intro_md' FROM settings s"
	    " WHERE key = 'intro_md' AND NOT EXISTS (SELECT 1 FROM settings"
	    " WHERE lang = s.lang AND key = 'intro_html')",
	    "INSERT INTO settings (value, lang, key) VALUES (?1, ?2,"
	    " 'intro_html')",
	    "render intro", fn, -1)) != STORE_OK) {
		store_tx_rollback(s);
		return st;
	}
	return store_tx_commit(s);
}

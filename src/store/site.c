/* site.c: site-wide state: settings, the content generation, redirects and
 * rendering stored Markdown. */
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/db_internal.h"

enum store_status
store_generation(struct store *s, int64_t *generation)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	st = db_stmt(s,
	    "SELECT generation FROM site_state WHERE id = 1");
	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	*generation = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	ret = rc == SQLITE_ROW ? STORE_OK : db_status(s, rc, "generation");
	db_done(st);
	return ret;
}

enum store_status
store_state(struct store *s, time_t now, struct store_state *out)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	st = db_stmt(s,
	    "SELECT generation, changed_at FROM site_state WHERE id = 1");
	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->generation = sqlite3_column_int64(st, 0);
		out->changed_at = (time_t)sqlite3_column_int64(st, 1);
		ret = STORE_OK;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, "store_state");
	db_done(st);
	if (ret != STORE_OK)
		return ret;

	/* The earliest scheduled item: a cached page built before it is due
	 * must not outlive that second. The latest one already due may be
	 * newer than the last edit, and so is when the site last changed. */
	st = db_stmt(s,
	    "SELECT (SELECT min(t) FROM (SELECT min(published_at) AS t"
	    " FROM news WHERE status = 'published' AND published_at > ?1"
	    " UNION ALL SELECT min(published_at) FROM pages"
	    " WHERE status = 'published' AND published_at > ?1)),"
	    " (SELECT max(t) FROM (SELECT max(published_at) AS t"
	    " FROM news WHERE status = 'published' AND published_at <= ?1"
	    " UNION ALL SELECT max(published_at) FROM pages"
	    " WHERE status = 'published' AND published_at <= ?1))");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
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
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	*value = NULL;
	st = db_stmt(s,
	    "SELECT value FROM settings WHERE lang = ?1 AND key = ?2");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = db_text(a, st, 0);
		ret = STORE_OK;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, "store_setting");
	db_done(st);
	return ret;
}

enum store_status
store_redirect(struct store *s, struct arena *a, const char *lang,
    const char *kind, const char *old_slug, time_t now, const char **slug)
{
	sqlite3_stmt *st;
	enum store_status ret;
	bool news = strcmp(kind, "news") == 0;
	int rc;

	if (news)
		st = db_stmt(s,
		    "SELECT n.slug FROM redirects r JOIN news n"
		    " ON n.id = r.target_id WHERE r.lang = ?1 AND"
		    " r.kind = 'news' AND r.old_slug = ?3 AND"
		    " n.status = 'published' AND n.published_at <= ?2");
	else
		st = db_stmt(s,
		    "SELECT p.slug FROM redirects r JOIN pages p"
		    " ON p.id = r.target_id WHERE r.lang = ?1 AND"
		    " r.kind = 'page' AND r.old_slug = ?3 AND"
		    " p.status = 'published' AND"
		    " coalesce(p.published_at, 0) <= ?2");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_text(st, 3, old_slug, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*slug = db_text(a, st, 0);
		ret = STORE_OK;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, "store_redirect");
	db_done(st);
	return ret;
}

/* Renders one table's missing bodies; runs inside the caller's
 * transaction. */
static enum store_status
render_table(struct store *s, const char *select, const char *update,
    const char *what, store_render_fn fn)
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
	}
	if (rc != SQLITE_DONE)
		ret = db_status(s, rc, what);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return ret;
}

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
	    "render news", fn)) != STORE_OK ||
	    (st = render_table(s,
	    "SELECT id, body_md, 'page ' || slug FROM pages"
	    " WHERE body_html IS NULL",
	    "UPDATE pages SET body_html = ?1 WHERE id = ?2",
	    "render pages", fn)) != STORE_OK ||
	    (st = render_table(s,
	    "SELECT lang, value, 'settings intro_md' FROM settings s"
	    " WHERE key = 'intro_md' AND NOT EXISTS (SELECT 1 FROM settings"
	    " WHERE lang = s.lang AND key = 'intro_html')",
	    "INSERT INTO settings (value, lang, key) VALUES (?1, ?2,"
	    " 'intro_html')",
	    "render intro", fn)) != STORE_OK) {
		store_tx_rollback(s);
		return st;
	}
	return store_tx_commit(s);
}

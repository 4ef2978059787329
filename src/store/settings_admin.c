/* settings_admin.c: the settings screen's queries: one language's site
 * texts read together, and saved (or removed) in one transaction. */
#include "store/db_internal.h"
#include "store/settings_admin.h"

static const struct db_col text_cols[] = {
	DB_COL(DB_TEXT_OR_NULL, struct site_texts, site_name),
	DB_COL(DB_TEXT_OR_NULL, struct site_texts, tagline),
	DB_COL(DB_TEXT_OR_NULL, struct site_texts, intro_md),
};

enum store_status
store_settings_admin_get(struct store *s, struct arena *a, const char *lang,
    struct site_texts *t)
{
	return db_get(s, a, db_query(s,
	    "SELECT (SELECT value FROM settings WHERE lang = ?1"
	    " AND key = 'site_name'),"
	    " (SELECT value FROM settings WHERE lang = ?1 AND key = 'tagline'),"
	    " (SELECT value FROM settings WHERE lang = ?1"
	    " AND key = 'intro_md')", "t", lang), text_cols,
	    sizeof(text_cols) / sizeof(text_cols[0]), t,
	    "store_settings_admin_get");
}

/* Stores value as key of lang, or removes the key when value is empty. */
static enum store_status
put(struct store *s, const char *lang, const char *key, const char *value)
{
	if (value == NULL || *value == '\0')
		return db_run(s, db_query(s, "DELETE FROM settings"
		    " WHERE lang = ?1 AND key = ?2", "tt", lang, key),
		    "settings remove");
	return db_run(s, db_query(s,
	    "INSERT INTO settings (lang, key, value) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (lang, key) DO UPDATE SET value = excluded.value"
	    " WHERE value IS NOT excluded.value", "ttt", lang, key, value),
	    "settings put");
}

enum store_status
store_settings_admin_save(struct store *s, const char *lang,
    const struct site_texts *t, const char *intro_html)
{
	enum store_status ret;
	bool intro = t->intro_md != NULL && *t->intro_md != '\0';

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((ret = put(s, lang, "site_name", t->site_name)) == STORE_OK &&
	    (ret = put(s, lang, "tagline", t->tagline)) == STORE_OK &&
	    (ret = put(s, lang, "intro_md", t->intro_md)) == STORE_OK)
		ret = put(s, lang, "intro_html", intro ? intro_html : "");
	return db_tx_end(s, ret);
}

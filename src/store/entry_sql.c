/* entry_sql.c: the queries the public reads of every entry kind share:
 * the version of a group in the reader's language, and how many groups a
 * list shows. */
#include "store/db_internal.h"
#include "store/entry_sql.h"

enum store_status
entry_version_slug(struct store *s, struct arena *a, const char *kind,
    const char *lang, time_t now, int64_t group_id, const char **slug)
{
	static const struct db_col col[] = {
		{ DB_TEXT, 0 },
	};
	enum store_status ret;

	*slug = NULL;
	ret = db_get(s, a, db_query(s,
	    "SELECT v.slug FROM entries v WHERE v.group_id = ?3 AND"
	    " v.lang = ?1 AND v.kind = ?4 AND v.status = 'published' AND"
	    " v.published_at <= ?2", "tiit", lang, (int64_t)now, group_id,
	    kind), col, 1, slug, "entry version");
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
}

enum store_status
entry_visible_groups(struct store *s, const char *kind, time_t now,
    int64_t *count)
{
	*count = 0;
	/* entry_order (015.sql): the kind's groups, less those whose first
	 * publication is still to come, which are few. */
	return db_one_int(s, db_query(s, "SELECT (SELECT n FROM"
	    " entry_order_size WHERE kind = ?1) - (SELECT count(*)"
	    " FROM entry_order WHERE kind = ?1 AND at > ?2)", "ti", kind,
	    (int64_t)now), count, "entry_visible_groups");
}

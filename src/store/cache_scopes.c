/* cache_scopes.c: the generations of the cache scopes (013.sql), read
 * together in one statement. */
#include "store/db_internal.h"

enum store_status
store_cache_scopes(struct store *s, int64_t *gens, size_t n)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int64_t id;
	int rc;

	/* 192: site_state's generation, after 013.sql's ids (0..191). */
	if ((st = db_query(s, "SELECT id, generation FROM cache_scopes"
	    " UNION ALL SELECT 192, generation FROM site_state WHERE id = 1",
	    "")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (id >= 0 && (uint64_t)id < n)
			gens[id] = sqlite3_column_int64(st, 1);
	}
	ret = rc == SQLITE_DONE ? STORE_OK : db_status(s, rc,
	    "store_cache_scopes");
	db_done(st);
	return ret;
}

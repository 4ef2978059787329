/* db_step.c: the small steps every store module takes: running a
 * statement, reading one integer, ending a write transaction. */
#include "store/db_internal.h"

enum store_status
db_run(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	db_done(st);
	return rc == SQLITE_DONE ? STORE_OK : db_status(s, rc, what);
}

enum store_status
db_one_int(struct store *s, sqlite3_stmt *st, int64_t *v, const char *what)
{
	enum store_status ret;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		ret = STORE_OK;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND : db_status(s, rc, what);
	db_done(st);
	return ret;
}

enum store_status
db_tx_end(struct store *s, enum store_status ret)
{
	if (ret == STORE_OK)
		ret = store_tx_commit(s);
	if (ret != STORE_OK)
		store_tx_rollback(s);
	return ret;
}

/* throttle.c: the queries of the sign-in throttle's failed attempts. */
#include "store/db_internal.h"
#include "store/throttle.h"

enum store_status
store_login_failures(struct store *s, const char *username, const char *client,
    int64_t device, time_t since, int64_t *by_user, int64_t *by_client)
{
	enum store_status ret;

	*by_user = *by_client = 0;
	if (device > 0)
		return db_one_int(s, db_query(s, "SELECT count(*) "
		    "FROM login_failures WHERE device = ?1 AND at >= ?2", "ii",
		    device, (int64_t)since), by_user, "store_login_failures");
	ret = db_one_int(s, db_query(s, "SELECT count(*) FROM login_failures "
	    "WHERE username = ?1 AND device IS NULL AND at >= ?2", "ti",
	    username, (int64_t)since), by_user, "store_login_failures");
	if (ret != STORE_OK)
		return ret;
	return db_one_int(s, db_query(s, "SELECT count(*) FROM login_failures "
	    "WHERE client = ?1 AND device IS NULL AND at >= ?2", "ti", client,
	    (int64_t)since), by_client, "store_login_failures");
}

enum store_status
store_login_attempt(struct store *s, const char *username, const char *client,
    int64_t device, time_t now, time_t since, int64_t max,
    time_t forget_before, int64_t *by_user, int64_t *by_client, int64_t *id)
{
	enum store_status ret;

	*id = 0;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((ret = store_login_failures(s, username, client, device, since,
	    by_user, by_client)) != STORE_OK)
		return db_tx_end(s, ret);
	if (*by_user >= max || *by_client >= max)
		return db_tx_end(s, STORE_OK);
	/* By time only: a count of rows anyone can add to would let a flood
	 * for other accounts push out the failures that lock this one. */
	ret = db_run(s, db_query(s, "DELETE FROM login_failures WHERE at < ?1",
	    "i", (int64_t)forget_before), "store_login_attempt");
	if (ret != STORE_OK)
		return db_tx_end(s, ret);
	ret = db_run(s, db_query(s, "INSERT INTO login_failures (username, "
	    "client, device, at) VALUES (?1, ?2, ?3, ?4)", "ttui", username,
	    client, device, (int64_t)now), "store_login_attempt");
	if (ret != STORE_OK)
		return db_tx_end(s, ret);
	*id = sqlite3_last_insert_rowid(s->db);
	if ((ret = db_tx_end(s, STORE_OK)) != STORE_OK)
		*id = 0;
	return ret;
}

enum store_status
store_login_attempt_ok(struct store *s, int64_t id)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run(s, db_query(s, "DELETE FROM login_failures "
	    "WHERE id = ?1", "i", id), "store_login_attempt_ok"));
}

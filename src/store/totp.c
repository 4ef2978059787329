/* totp.c: the queries of the second factor: TOTP keys and time steps,
 * recovery codes, sign-ins waiting for a code. */
#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/totp.h"

/* A hash as db_query's 'b' takes it: the pointer, then a size_t. */
#define HASH(h)	(const void *)(h), (size_t)STORE_TOTP_HASH_LEN

static const struct db_col totp_cols[] = {
	DB_COL(DB_TEXT, struct store_totp, secret),
	DB_COL(DB_BOOL, struct store_totp, enabled),
	DB_COL(DB_INT64, struct store_totp, last_step),
	DB_COL(DB_INT64, struct store_totp, recovery_left),
};

enum store_status
store_totp_get(struct store *s, struct arena *a, int64_t user_id,
    struct store_totp *t)
{
	return db_get(s, a, db_query(s, "SELECT coalesce(totp_secret, ''), "
	    "totp_enabled, totp_last_step, (SELECT count(*) FROM "
	    "totp_recovery r WHERE r.user_id = users.id) FROM users "
	    "WHERE id = ?1", "i", user_id), totp_cols,
	    sizeof(totp_cols) / sizeof(totp_cols[0]), t, "store_totp_get");
}

enum store_status
store_totp_begin(struct store *s, int64_t user_id, const char *secret,
    time_t now)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run_changed(s, db_query(s, "UPDATE users "
	    "SET totp_secret = ?2, totp_last_step = 0, updated_at = ?3 "
	    "WHERE id = ?1 AND totp_enabled = 0", "iti", user_id, secret,
	    (int64_t)now), "store_totp_begin"));
}

enum store_status
store_totp_enable(struct store *s, int64_t user_id, int64_t step,
    const unsigned char (*hashes)[STORE_TOTP_HASH_LEN], size_t n, time_t now)
{
	enum store_status ret;
	size_t i;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_run_changed(s, db_query(s, "UPDATE users "
	    "SET totp_enabled = 1, totp_last_step = ?2, updated_at = ?3 "
	    "WHERE id = ?1 AND totp_secret IS NOT NULL AND totp_enabled = 0",
	    "iii", user_id, step, (int64_t)now), "store_totp_enable");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM totp_recovery "
		    "WHERE user_id = ?1", "i", user_id), "store_totp_enable");
	for (i = 0; i < n && ret == STORE_OK; i++)
		ret = db_run(s, db_query(s, "INSERT INTO totp_recovery "
		    "(user_id, code_hash) VALUES (?1, ?2)", "ib", user_id,
		    HASH(hashes[i])), "store_totp_enable");
	return db_tx_end(s, ret);
}

enum store_status
store_totp_use_step(struct store *s, int64_t user_id, int64_t step)
{
	enum store_status ret;

	/* One statement compares and sets: two requests with the same code
	 * cannot both see the old step. */
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run_changed(s, db_query(s, "UPDATE users "
	    "SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2",
	    "ii", user_id, step), "store_totp_use_step"));
}

enum store_status
store_totp_use_recovery(struct store *s, int64_t user_id,
    const unsigned char hash[STORE_TOTP_HASH_LEN])
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run_changed(s, db_query(s, "DELETE FROM "
	    "totp_recovery WHERE user_id = ?1 AND code_hash = ?2", "ib",
	    user_id, HASH(hash)), "store_totp_use_recovery"));
}

enum store_status
store_totp_clear(struct store *s, int64_t user_id, bool end_sessions,
    time_t now)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_run_changed(s, db_query(s, "UPDATE users "
	    "SET totp_secret = NULL, totp_enabled = 0, totp_last_step = 0, "
	    "updated_at = ?2 WHERE id = ?1", "ii", user_id, (int64_t)now),
	    "store_totp_clear");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM totp_recovery "
		    "WHERE user_id = ?1", "i", user_id), "store_totp_clear");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM signin_pending "
		    "WHERE user_id = ?1", "i", user_id), "store_totp_clear");
	if (ret == STORE_OK && end_sessions)
		ret = db_run(s, db_query(s, "DELETE FROM sessions "
		    "WHERE user_id = ?1", "i", user_id), "store_totp_clear");
	return db_tx_end(s, ret);
}

enum store_status
store_signin_pending_add(struct store *s,
    const unsigned char token_hash[STORE_TOTP_HASH_LEN], int64_t user_id,
    time_t now, time_t forget_before)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s, "DELETE FROM signin_pending "
	    "WHERE created_at < ?1", "i", (int64_t)forget_before),
	    "store_signin_pending_add");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "INSERT OR REPLACE INTO "
		    "signin_pending (token_hash, user_id, created_at) "
		    "VALUES (?1, ?2, ?3)", "bii", HASH(token_hash), user_id,
		    (int64_t)now), "store_signin_pending_add");
	return db_tx_end(s, ret);
}

enum store_status
store_signin_pending_get(struct store *s,
    const unsigned char token_hash[STORE_TOTP_HASH_LEN], time_t since,
    int64_t *user_id)
{
	*user_id = 0;
	return db_one_int(s, db_query(s, "SELECT user_id FROM signin_pending "
	    "WHERE token_hash = ?1 AND created_at >= ?2", "bi",
	    HASH(token_hash), (int64_t)since), user_id,
	    "store_signin_pending_get");
}

enum store_status
store_signin_pending_delete(struct store *s,
    const unsigned char token_hash[STORE_TOTP_HASH_LEN])
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run(s, db_query(s, "DELETE FROM signin_pending "
	    "WHERE token_hash = ?1", "b", HASH(token_hash)),
	    "store_signin_pending_delete"));
}

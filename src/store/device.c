/* device.c: the queries of device cookies' rows and of their secret. */
#include <stdbool.h>
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/device.h"

#define KEY(k)	(const void *)(k), (size_t)STORE_DEVICE_KEY_LEN

static const struct db_col device_cols[] = {
	DB_COL(DB_INT64, struct device, id),
	DB_COL(DB_TIME, struct device, created_at),
	DB_COL(DB_TIME, struct device, last_used),
};

/* The stored secret into key; STORE_NOTFOUND when there is none yet. */
static enum store_status
secret_read(struct store *s, unsigned char key[STORE_DEVICE_KEY_LEN])
{
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int rc;

	if ((st = db_query(s, "SELECT value FROM secrets "
	    "WHERE name = 'device_cookie'", "")) == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == STORE_DEVICE_KEY_LEN)
		memcpy(key, sqlite3_column_blob(st, 0), STORE_DEVICE_KEY_LEN);
	else if (rc == SQLITE_ROW)
		ret = STORE_ERROR;
	else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND : db_status(s, rc,
		    "store_device_secret");
	db_done(st);
	return ret;
}

enum store_status
store_device_secret(struct store *s,
    const unsigned char fresh[STORE_DEVICE_KEY_LEN],
    unsigned char key[STORE_DEVICE_KEY_LEN])
{
	enum store_status ret;

	/* A read first: only the first use ever writes. OR IGNORE: two
	 * first uses at once keep the same secret. */
	if ((ret = secret_read(s, key)) != STORE_NOTFOUND)
		return ret;
	ret = db_run(s, db_query(s, "INSERT OR IGNORE INTO secrets (name, "
	    "value) VALUES ('device_cookie', ?1)", "b", KEY(fresh)),
	    "store_device_secret");
	return ret == STORE_OK ? secret_read(s, key) : ret;
}

enum store_status
store_device_find(struct store *s,
    const unsigned char hash[STORE_DEVICE_KEY_LEN], const char *username,
    time_t used_since, int64_t *id)
{
	*id = 0;
	/* users.name is NOCASE: = ignores case. */
	return db_one_int(s, db_query(s, "SELECT d.id FROM devices d "
	    "JOIN users u ON u.id = d.user_id WHERE d.nonce_hash = ?1 "
	    "AND u.name = ?2 AND d.last_used >= ?3", "bti", KEY(hash),
	    username, (int64_t)used_since), id, "store_device_find");
}

enum store_status
store_device_add(struct store *s, int64_t user_id,
    const unsigned char hash[STORE_DEVICE_KEY_LEN], time_t now,
    time_t used_since, int64_t keep)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s, "INSERT INTO devices (user_id, "
	    "nonce_hash, created_at, last_used) VALUES (?1, ?2, ?3, ?3)",
	    "ibi", user_id, KEY(hash), (int64_t)now), "store_device_add");
	if (ret != STORE_OK)
		return db_tx_end(s, ret);
	return db_tx_end(s, db_run(s, db_query(s, "DELETE FROM devices "
	    "WHERE user_id = ?1 AND (last_used < ?2 OR id NOT IN (SELECT id "
	    "FROM devices WHERE user_id = ?1 ORDER BY last_used DESC, "
	    "id DESC LIMIT ?3))", "iii", user_id, (int64_t)used_since, keep),
	    "store_device_add"));
}

enum store_status
store_device_used(struct store *s, int64_t id, time_t now)
{
	return db_run(s, db_query(s, "UPDATE devices SET last_used = "
	    "max(last_used, ?2) WHERE id = ?1", "ii", id, (int64_t)now),
	    "store_device_used");
}

enum store_status
store_device_rekey(struct store *s, struct arena *a, int64_t id,
    const unsigned char hash[STORE_DEVICE_KEY_LEN], time_t now,
    time_t used_since, const char **name)
{
	sqlite3_stmt *st;
	enum store_status ret;
	bool found;
	int rc;

	*name = NULL;
	if ((st = db_query(s, "UPDATE devices SET nonce_hash = ?2, "
	    "last_used = max(last_used, ?3) WHERE id = ?1 AND last_used >= ?4 "
	    "RETURNING (SELECT name FROM users WHERE users.id = user_id)",
	    "ibii", id, KEY(hash), (int64_t)now, (int64_t)used_since)) == NULL)
		return STORE_ERROR;
	/* Stepped to the end: the row is changed by then. */
	if ((found = (rc = sqlite3_step(st)) == SQLITE_ROW)) {
		*name = db_text(a, st, 0);
		rc = sqlite3_step(st);
	}
	ret = rc != SQLITE_DONE ? db_status(s, rc, "store_device_rekey") :
	    !found ? STORE_NOTFOUND : *name == NULL ? STORE_ERROR : STORE_OK;
	db_done(st);
	return ret;
}

enum store_status
store_device_list(struct store *s, struct arena *a, int64_t user_id,
    size_t max, struct device **items, size_t *n)
{
	*n = 0;
	if ((*items = arena_alloc(a, sizeof(**items) * (max + 1))) == NULL)
		return STORE_ERROR;
	return db_list(s, a, db_query(s, "SELECT id, created_at, last_used "
	    "FROM devices WHERE user_id = ?1 ORDER BY last_used DESC, id DESC "
	    "LIMIT ?2", "ii", user_id, (int64_t)max), device_cols,
	    sizeof(device_cols) / sizeof(device_cols[0]), *items,
	    sizeof(**items), max, n, "store_device_list");
}

enum store_status
store_device_forget(struct store *s, int64_t user_id, int64_t id)
{
	return db_run_changed(s, db_query(s, "DELETE FROM devices WHERE "
	    "id = ?1 AND user_id = ?2", "ii", id, user_id),
	    "store_device_forget");
}

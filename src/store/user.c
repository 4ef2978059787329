/* user.c: the queries of accounts, sessions, failed sign-ins and the audit
 * log. */
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/user.h"

#define USER_COLUMNS \
	"id, name, role, password_hash, disabled, created_at, updated_at"

static void
user_row(struct arena *a, sqlite3_stmt *st, struct user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->name = db_text(a, st, 1);
	u->role = db_text(a, st, 2);
	u->password_hash = db_text(a, st, 3);
	u->disabled = sqlite3_column_int(st, 4) != 0;
	u->created_at = (time_t)sqlite3_column_int64(st, 5);
	u->updated_at = (time_t)sqlite3_column_int64(st, 6);
}

static enum store_status
user_one(struct store *s, struct arena *a, sqlite3_stmt *st, struct user *u,
    const char *what)
{
	enum store_status ret;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		user_row(a, st, u);
		ret = u->name != NULL && u->role != NULL &&
		    u->password_hash != NULL ? STORE_OK : STORE_ERROR;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, what);
	db_done(st);
	return ret;
}

enum store_status
store_user_by_name(struct store *s, struct arena *a, const char *name,
    struct user *u)
{
	sqlite3_stmt *st;

	/* The column's NOCASE collation makes = case-insensitive. */
	st = db_stmt(s, "SELECT " USER_COLUMNS " FROM users WHERE name = ?1");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return user_one(s, a, st, u, "store_user_by_name");
}

enum store_status
store_user_by_id(struct store *s, struct arena *a, int64_t id, struct user *u)
{
	sqlite3_stmt *st;

	st = db_stmt(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return user_one(s, a, st, u, "store_user_by_id");
}

/* 10,000: far more accounts than an office has; bounds one list. */
#define USERS_MAX	10000

enum store_status
store_user_list(struct store *s, struct arena *a, struct user **users,
    size_t *n)
{
	struct user *v = NULL, *bigger;
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	size_t cap = 0;
	int rc;

	*users = NULL;
	*n = 0;
	st = db_stmt(s, "SELECT " USER_COLUMNS " FROM users ORDER BY name "
	    "LIMIT 10000");
	if (st == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < USERS_MAX) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((bigger = arena_alloc(a, sizeof(*v) * cap)) ==
			    NULL) {
				ret = STORE_ERROR;
				break;
			}
			if (*n > 0)
				memcpy(bigger, v, sizeof(*v) * *n);
			v = bigger;
		}
		user_row(a, st, &v[(*n)++]);
	}
	if (ret == STORE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_status(s, rc, "store_user_list");
	db_done(st);
	*users = v;
	return ret;
}

enum store_status
store_user_add(struct store *s, const char *name, const char *role,
    const char *password_hash, time_t now, int64_t *id, bool *duplicate)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	*duplicate = false;
	*id = 0;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((st = db_stmt(s, "SELECT 1 FROM users WHERE name = ?1")) == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc == SQLITE_ROW) {
		*duplicate = true;
		return db_tx_end(s, STORE_OK);
	}
	if (rc != SQLITE_DONE)
		return db_tx_end(s, db_status(s, rc, "store_user_add"));
	st = db_stmt(s, "INSERT INTO users (name, role, password_hash, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	if ((ret = db_run(s, st, "store_user_add")) == STORE_OK)
		*id = sqlite3_last_insert_rowid(s->db);
	return db_tx_end(s, ret);
}

enum store_status
store_user_update(struct store *s, int64_t id, const char *role,
    bool disabled, const char *password_hash, time_t now, bool end_sessions)
{
	sqlite3_stmt *st;
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	/* coalesce: a NULL hash keeps the password. */
	st = db_stmt(s, "UPDATE users SET role = ?2, disabled = ?3, "
	    "password_hash = coalesce(?4, password_hash), updated_at = ?5 "
	    "WHERE id = ?1");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, disabled ? 1 : 0);
	if (password_hash != NULL)
		sqlite3_bind_text(st, 4, password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	if ((ret = db_run(s, st, "store_user_update")) != STORE_OK)
		return db_tx_end(s, ret);
	if (sqlite3_changes(s->db) == 0)
		return db_tx_end(s, STORE_NOTFOUND);
	if (end_sessions) {
		st = db_stmt(s, "DELETE FROM sessions WHERE user_id = ?1");
		if (st == NULL)
			return db_tx_end(s, STORE_ERROR);
		sqlite3_bind_int64(st, 1, id);
		if ((ret = db_run(s, st, "store_user_update")) != STORE_OK)
			return db_tx_end(s, ret);
	}
	return db_tx_end(s, STORE_OK);
}

enum store_status
store_session_get(struct store *s, struct arena *a,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], struct store_session *ss)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	st = db_stmt(s, "SELECT s.user_id, u.name, u.role, u.disabled, "
	    "s.csrf_token, s.flash, s.created_at, s.last_seen FROM sessions s "
	    "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_blob(st, 1, hash, STORE_TOKEN_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ss->user_id = sqlite3_column_int64(st, 0);
		ss->username = db_text(a, st, 1);
		ss->role = db_text(a, st, 2);
		ss->disabled = sqlite3_column_int(st, 3) != 0;
		ss->csrf_token = db_text(a, st, 4);
		ss->flash = db_text(a, st, 5);
		ss->created_at = (time_t)sqlite3_column_int64(st, 6);
		ss->last_seen = (time_t)sqlite3_column_int64(st, 7);
		ret = ss->username && ss->role && ss->csrf_token && ss->flash ?
		    STORE_OK : STORE_ERROR;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, "store_session_get");
	db_done(st);
	return ret;
}

enum store_status
store_session_add(struct store *s,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], int64_t user_id,
    const char *csrf_token, time_t now, const unsigned char *old,
    time_t seen_before, time_t created_before)
{
	sqlite3_stmt *st;
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	st = db_stmt(s, "DELETE FROM sessions WHERE token_hash = ?1 OR "
	    "last_seen < ?2 OR created_at < ?3");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	if (old != NULL)
		sqlite3_bind_blob(st, 1, old, STORE_TOKEN_HASH_LEN,
		    SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)seen_before);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)created_before);
	if ((ret = db_run(s, st, "store_session_add")) != STORE_OK)
		return db_tx_end(s, ret);
	st = db_stmt(s, "INSERT INTO sessions (token_hash, user_id, "
	    "csrf_token, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_blob(st, 1, hash, STORE_TOKEN_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf_token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	return db_tx_end(s, db_run(s, st, "store_session_add"));
}

enum store_status
store_session_touch(struct store *s,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], time_t now,
    bool clear_flash)
{
	sqlite3_stmt *st;
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	st = db_stmt(s, "UPDATE sessions SET last_seen = max(last_seen, ?2), "
	    "flash = CASE WHEN ?3 THEN '' ELSE flash END "
	    "WHERE token_hash = ?1");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_blob(st, 1, hash, STORE_TOKEN_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, clear_flash ? 1 : 0);
	return db_tx_end(s, db_run(s, st, "store_session_touch"));
}

enum store_status
store_session_delete(struct store *s,
    const unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	sqlite3_stmt *st;
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	st = db_stmt(s, "DELETE FROM sessions WHERE token_hash = ?1");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_blob(st, 1, hash, STORE_TOKEN_HASH_LEN, SQLITE_STATIC);
	return db_tx_end(s, db_run(s, st, "store_session_delete"));
}

enum store_status
store_session_flash(struct store *s, int64_t user_id, const char *csrf_token,
    const char *message)
{
	sqlite3_stmt *st;

	/* One statement: atomic by itself, and part of the caller's
	 * transaction when one is open. */
	st = db_stmt(s, "UPDATE sessions SET flash = ?3 "
	    "WHERE user_id = ?1 AND csrf_token = ?2");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, csrf_token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, message, -1, SQLITE_STATIC);
	return db_run(s, st, "store_session_flash");
}

static enum store_status
count(struct store *s, sqlite3_stmt *st, int64_t *n, const char *what)
{
	int rc = sqlite3_step(st);

	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return rc == SQLITE_ROW ? STORE_OK : db_status(s, rc, what);
}

enum store_status
store_login_failures(struct store *s, const char *username, const char *client,
    time_t since, int64_t *by_user, int64_t *by_client)
{
	sqlite3_stmt *st;
	enum store_status ret;

	*by_user = *by_client = 0;
	st = db_stmt(s, "SELECT count(*) FROM login_failures "
	    "WHERE username = ?1 AND at >= ?2");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)since);
	if ((ret = count(s, st, by_user, "store_login_failures")) != STORE_OK)
		return ret;
	st = db_stmt(s, "SELECT count(*) FROM login_failures "
	    "WHERE client = ?1 AND at >= ?2");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)since);
	return count(s, st, by_client, "store_login_failures");
}

enum store_status
store_login_attempt(struct store *s, const char *username, const char *client,
    time_t now, time_t since, int64_t max, time_t forget_before,
    int64_t *by_user, int64_t *by_client, int64_t *id)
{
	sqlite3_stmt *st;
	enum store_status ret;

	*id = 0;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((ret = store_login_failures(s, username, client, since, by_user,
	    by_client)) != STORE_OK)
		return db_tx_end(s, ret);
	if (*by_user >= max || *by_client >= max)
		return db_tx_end(s, STORE_OK);
	/* Ids grow with time, so the newest rows have the largest ids: the
	 * second condition keeps the table bounded even under a flood from
	 * many addresses. */
	st = db_stmt(s, "DELETE FROM login_failures WHERE at < ?1 OR "
	    "id <= (SELECT max(id) FROM login_failures) - ?2");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)forget_before);
	sqlite3_bind_int(st, 2, STORE_LOGIN_FAILURES_KEPT - 1);
	if ((ret = db_run(s, st, "store_login_attempt")) != STORE_OK)
		return db_tx_end(s, ret);
	st = db_stmt(s, "INSERT INTO login_failures (username, client, at) "
	    "VALUES (?1, ?2, ?3)");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	if ((ret = db_run(s, st, "store_login_attempt")) != STORE_OK)
		return db_tx_end(s, ret);
	*id = sqlite3_last_insert_rowid(s->db);
	if ((ret = db_tx_end(s, STORE_OK)) != STORE_OK)
		*id = 0;
	return ret;
}

enum store_status
store_login_attempt_ok(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	st = db_stmt(s, "DELETE FROM login_failures WHERE id = ?1");
	if (st == NULL)
		return db_tx_end(s, STORE_ERROR);
	sqlite3_bind_int64(st, 1, id);
	return db_tx_end(s, db_run(s, st, "store_login_attempt_ok"));
}

enum store_status
store_audit_add(struct store *s, time_t at, int64_t user_id,
    const char *username, const char *action, const char *detail,
    const char *client)
{
	sqlite3_stmt *st;

	/* One statement, like store_session_flash(). */
	st = db_stmt(s, "INSERT INTO audit_log (at, user_id, username, action, "
	    "detail, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)at);
	if (user_id > 0)
		sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, client, -1, SQLITE_STATIC);
	return db_run(s, st, "store_audit_add");
}

enum store_status
store_audit_list(struct store *s, struct arena *a, int64_t offset, int limit,
    struct audit_entry **items, size_t *n)
{
	struct audit_entry *e;
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int rc;

	*n = 0;
	if (limit <= 0 || limit > 1000 || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	st = db_stmt(s, "SELECT id, at, username, action, detail, client "
	    "FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)limit) {
		e = &(*items)[(*n)++];
		e->id = sqlite3_column_int64(st, 0);
		e->at = (time_t)sqlite3_column_int64(st, 1);
		e->username = db_text(a, st, 2);
		e->action = db_text(a, st, 3);
		e->detail = db_text(a, st, 4);
		e->client = db_text(a, st, 5);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_status(s, rc, "store_audit_list");
	db_done(st);
	return ret;
}

enum store_status
store_audit_count(struct store *s, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(s, "SELECT count(*) FROM audit_log");

	if (st == NULL)
		return STORE_ERROR;
	return count(s, st, n, "store_audit_count");
}

enum store_status
store_audit_recent(struct store *s, const char *action, const char *client,
    time_t since, bool *found)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int64_t n;

	*found = false;
	st = db_stmt(s, "SELECT count(*) FROM (SELECT 1 FROM audit_log "
	    "WHERE at >= ?3 AND action = ?1 AND client = ?2 LIMIT 1)");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)since);
	if ((ret = count(s, st, &n, "store_audit_recent")) == STORE_OK)
		*found = n > 0;
	return ret;
}

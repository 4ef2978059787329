/* user.c: the queries of accounts, sessions and the audit log. */
#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/user.h"

/* A token hash as db_query's 'b' takes it: the pointer, then a size_t. */
#define HASH(h)	(const void *)(h), (size_t)STORE_TOKEN_HASH_LEN

#define USER_COLUMNS \
	"id, name, role, password_hash, disabled, created_at, updated_at, " \
	"coalesce(lang, ''), reviewer"

static const struct db_col user_cols[] = {
	DB_COL(DB_INT64, struct user, id),
	DB_COL(DB_TEXT, struct user, name),
	DB_COL(DB_TEXT, struct user, role),
	DB_COL(DB_TEXT, struct user, password_hash),
	DB_COL(DB_BOOL, struct user, disabled),
	DB_COL(DB_TIME, struct user, created_at),
	DB_COL(DB_TIME, struct user, updated_at),
	DB_COL(DB_TEXT, struct user, lang),
	DB_COL(DB_BOOL, struct user, reviewer),
};
#define USER_NCOLS	(sizeof(user_cols) / sizeof(user_cols[0]))

static const struct db_col session_cols[] = {
	DB_COL(DB_INT64, struct store_session, user_id),
	DB_COL(DB_TEXT, struct store_session, username),
	DB_COL(DB_TEXT, struct store_session, role),
	DB_COL(DB_BOOL, struct store_session, disabled),
	DB_COL(DB_TEXT, struct store_session, csrf_token),
	DB_COL(DB_TEXT, struct store_session, flash),
	DB_COL(DB_TIME, struct store_session, created_at),
	DB_COL(DB_TIME, struct store_session, last_seen),
	DB_COL(DB_TEXT, struct store_session, lang),
};

static const struct db_col audit_cols[] = {
	DB_COL(DB_INT64, struct audit_entry, id),
	DB_COL(DB_TIME, struct audit_entry, at),
	DB_COL(DB_TEXT, struct audit_entry, username),
	DB_COL(DB_TEXT, struct audit_entry, action),
	DB_COL(DB_TEXT, struct audit_entry, detail),
	DB_COL(DB_TEXT, struct audit_entry, client),
};

enum store_status
store_user_by_name(struct store *s, struct arena *a, const char *name,
    struct user *u)
{
	/* The column's NOCASE collation makes = case-insensitive. */
	return db_get(s, a, db_query(s, "SELECT " USER_COLUMNS
	    " FROM users WHERE name = ?1", "t", name), user_cols, USER_NCOLS,
	    u, "store_user_by_name");
}

enum store_status
store_user_by_id(struct store *s, struct arena *a, int64_t id, struct user *u)
{
	return db_get(s, a, db_query(s, "SELECT " USER_COLUMNS
	    " FROM users WHERE id = ?1", "i", id), user_cols, USER_NCOLS, u,
	    "store_user_by_id");
}

/* 10,000: far more accounts than an office has; bounds one list. */
#define USERS_MAX	10000

enum store_status
store_user_list(struct store *s, struct arena *a, struct user **users,
    size_t *n)
{
	void *v;
	enum store_status ret;

	ret = db_list_all(s, a, db_query(s, "SELECT " USER_COLUMNS
	    " FROM users ORDER BY name LIMIT ?1", "i", (int64_t)USERS_MAX),
	    user_cols, USER_NCOLS, &v, sizeof(**users), USERS_MAX, n,
	    "store_user_list");
	*users = v;
	return ret;
}

enum store_status
store_user_add(struct store *s, const char *name, const char *role,
    const char *password_hash, time_t now, int64_t *id, bool *duplicate)
{
	enum store_status ret;
	int64_t one;

	*duplicate = false;
	*id = 0;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_one_int(s, db_query(s, "SELECT 1 FROM users WHERE name = ?1",
	    "t", name), &one, "store_user_add");
	if (ret == STORE_OK) {
		*duplicate = true;
		return db_tx_end(s, STORE_OK);
	}
	if (ret != STORE_NOTFOUND)
		return db_tx_end(s, ret);
	ret = db_run(s, db_query(s, "INSERT INTO users (name, role, "
	    "password_hash, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?4)", "ttti", name, role, password_hash,
	    (int64_t)now), "store_user_add");
	if (ret == STORE_OK)
		*id = sqlite3_last_insert_rowid(s->db);
	return db_tx_end(s, ret);
}

enum store_status
store_user_update(struct store *s, int64_t id, const char *role,
    bool disabled, const char *password_hash, time_t now, bool end_sessions)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	/* coalesce: a NULL hash keeps the password. */
	ret = db_run_changed(s, db_query(s, "UPDATE users SET role = ?2, "
	    "disabled = ?3, password_hash = coalesce(?4, password_hash), "
	    "updated_at = ?5 WHERE id = ?1", "ititi", id, role,
	    (int64_t)(disabled ? 1 : 0), password_hash, (int64_t)now),
	    "store_user_update");
	if (ret != STORE_OK)
		return db_tx_end(s, ret);
	/* A sign-in waiting for its code passed the old password: it ends
	 * with the sessions. */
	if (end_sessions)
		ret = db_run(s, db_query(s, "DELETE FROM sessions "
		    "WHERE user_id = ?1", "i", id), "store_user_update");
	if (end_sessions && ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM signin_pending "
		    "WHERE user_id = ?1", "i", id), "store_user_update");
	return db_tx_end(s, ret);
}

enum store_status
store_user_set_lang(struct store *s, int64_t id, const char *lang, time_t now)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	/* nullif: "" is the site's default, stored as NULL. */
	return db_tx_end(s, db_run_changed(s, db_query(s, "UPDATE users "
	    "SET lang = nullif(?2, ''), updated_at = ?3 WHERE id = ?1", "isi",
	    id, lang, (int64_t)now), "store_user_set_lang"));
}

enum store_status
store_session_get(struct store *s, struct arena *a,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], struct store_session *ss)
{
	return db_get(s, a, db_query(s, "SELECT s.user_id, u.name, u.role, "
	    "u.disabled, s.csrf_token, s.flash, s.created_at, s.last_seen, "
	    "coalesce(u.lang, '') "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.token_hash = ?1", "b", HASH(hash)), session_cols,
	    sizeof(session_cols) / sizeof(session_cols[0]), ss,
	    "store_session_get");
}

enum store_status
store_session_add(struct store *s,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], int64_t user_id,
    const char *csrf_token, time_t now, const unsigned char *old,
    time_t seen_before, time_t created_before)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s, "DELETE FROM sessions "
	    "WHERE token_hash = ?1 OR last_seen < ?2 OR created_at < ?3",
	    "bii", HASH(old), (int64_t)seen_before, (int64_t)created_before),
	    "store_session_add");
	if (ret != STORE_OK)
		return db_tx_end(s, ret);
	return db_tx_end(s, db_run(s, db_query(s, "INSERT INTO sessions "
	    "(token_hash, user_id, csrf_token, created_at, last_seen) "
	    "VALUES (?1, ?2, ?3, ?4, ?4)", "biti", HASH(hash), user_id,
	    csrf_token, (int64_t)now), "store_session_add"));
}

enum store_status
store_session_touch(struct store *s,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], time_t now,
    bool clear_flash)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run(s, db_query(s, "UPDATE sessions "
	    "SET last_seen = max(last_seen, ?2), "
	    "flash = CASE WHEN ?3 THEN '' ELSE flash END "
	    "WHERE token_hash = ?1", "bii", HASH(hash), (int64_t)now,
	    (int64_t)(clear_flash ? 1 : 0)), "store_session_touch"));
}

enum store_status
store_session_delete(struct store *s,
    const unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run(s, db_query(s, "DELETE FROM sessions "
	    "WHERE token_hash = ?1", "b", HASH(hash)),
	    "store_session_delete"));
}

enum store_status
store_session_flash(struct store *s, int64_t user_id, const char *csrf_token,
    const char *message)
{
	/* One statement: atomic by itself, and part of the caller's
	 * transaction when one is open. */
	return db_run(s, db_query(s, "UPDATE sessions SET flash = ?3 "
	    "WHERE user_id = ?1 AND csrf_token = ?2", "itt", user_id,
	    csrf_token, message), "store_session_flash");
}

enum store_status
store_audit_add(struct store *s, time_t at, int64_t user_id,
    const char *username, const char *action, const char *detail,
    const char *client)
{
	/* One statement, like store_session_flash(). */
	return db_run(s, db_query(s, "INSERT INTO audit_log (at, user_id, "
	    "username, action, detail, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    "iutttt", (int64_t)at, user_id, username, action, detail, client),
	    "store_audit_add");
}

enum store_status
store_audit_expire(struct store *s, time_t before, int batch)
{
	/* The audit_log_at index finds the oldest lines at once. */
	return db_run(s, db_query(s, "DELETE FROM audit_log WHERE id IN "
	    "(SELECT id FROM audit_log WHERE at < ?1 ORDER BY at LIMIT ?2)",
	    "ii", (int64_t)before, (int64_t)batch), "store_audit_expire");
}

enum store_status
store_audit_add_budget(struct store *s, time_t at, const char *username,
    const char *action, const char *detail, const char *client,
    int64_t budget)
{
	enum store_status ret;
	int64_t minute = (int64_t)at / 60, n = 0, summary;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_one_int(s, db_query(s, "INSERT INTO audit_minutes (minute, n) "
	    "VALUES (?1, 1) ON CONFLICT (minute) DO UPDATE SET n = n + 1 "
	    "RETURNING n", "i", minute), &n, "store_audit_add_budget");
	if (ret == STORE_OK && n == 1)
		ret = db_run(s, db_query(s, "DELETE FROM audit_minutes "
		    "WHERE minute < ?1", "i", minute - 60),
		    "store_audit_add_budget");
	if (ret != STORE_OK || n <= budget) {
		if (ret == STORE_OK)
			ret = store_audit_add(s, at, 0, username, action,
			    detail, client);
		return db_tx_end(s, ret);
	}
	if (n == budget + 1) {
		ret = store_audit_add(s, at, 0, "", "audit summary", "",
		    client);
		summary = sqlite3_last_insert_rowid(s->db);
		if (ret == STORE_OK)
			ret = db_run(s, db_query(s, "UPDATE audit_minutes "
			    "SET summary_id = ?2 WHERE minute = ?1", "ii",
			    minute, summary), "store_audit_add_budget");
	}
	/* The summary says how many lines it stands for, and the last. */
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "UPDATE audit_log SET detail = "
		    "printf('%d more lines of requests without a session in "
		    "this minute; the last: %s %s', ?2, ?3, ?4), client = ?5 "
		    "WHERE id = (SELECT summary_id FROM audit_minutes "
		    "WHERE minute = ?1)", "iitts", minute, n - budget, action,
		    username, client), "store_audit_add_budget");
	return db_tx_end(s, ret);
}

enum store_status
store_audit_list(struct store *s, struct arena *a, int64_t offset, int limit,
    struct audit_entry **items, size_t *n)
{
	*n = 0;
	if (limit <= 0 || limit > 1000 || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	return db_list(s, a, db_query(s, "SELECT id, at, username, action, "
	    "detail, client FROM audit_log ORDER BY id DESC "
	    "LIMIT ?1 OFFSET ?2", "ii", (int64_t)limit, offset), audit_cols,
	    sizeof(audit_cols) / sizeof(audit_cols[0]), *items,
	    sizeof(**items), (size_t)limit, n, "store_audit_list");
}

enum store_status
store_audit_count(struct store *s, int64_t *n)
{
	*n = 0;
	return db_one_int(s, db_query(s, "SELECT count(*) FROM audit_log", ""),
	    n, "store_audit_count");
}

enum store_status
store_audit_recent(struct store *s, const char *action, const char *client,
    time_t since, bool *found)
{
	enum store_status ret;
	int64_t n = 0;

	*found = false;
	ret = db_one_int(s, db_query(s, "SELECT count(*) FROM (SELECT 1 "
	    "FROM audit_log WHERE at >= ?3 AND action = ?1 AND client = ?2 "
	    "LIMIT 1)", "tti", action, client, (int64_t)since), &n,
	    "store_audit_recent");
	if (ret == STORE_OK)
		*found = n > 0;
	return ret;
}

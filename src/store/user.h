/* user.h: the editors' accounts, their sessions and the audit log, as the
 * store keeps them. Strings come back in the caller's
 * arena; writes run in their own BEGIN IMMEDIATE transaction. */
#ifndef WAYPOINT_STORE_USER_H
#define WAYPOINT_STORE_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct arena;

/* 32: the bytes of a session token and of its hash. */
#define STORE_TOKEN_HASH_LEN	32

struct user {
	int64_t		 id;
	const char	*name;
	const char	*role;		/* "editor" or "admin" */
	const char	*password_hash;	/* crypto_pwhash_str output */
	bool		 disabled;
	time_t		 created_at;
	time_t		 updated_at;
	const char	*lang;		/* interface language; "": the site's
					 * default */
	bool		 reviewer;	/* an editor given the reviewer role
					 * (store/review.h) */
};

/* The account called name (case-insensitive), or STORE_NOTFOUND. */
enum store_status store_user_by_name(struct store *, struct arena *,
		    const char *name, struct user *u);

/* The account with id, or STORE_NOTFOUND. */
enum store_status store_user_by_id(struct store *, struct arena *,
		    int64_t id, struct user *u);

/* Every account, by name (case-insensitive). */
enum store_status store_user_list(struct store *, struct arena *,
		    struct user **users, size_t *n);

/* Adds an account. When the name is taken (in any case), returns STORE_OK
 * with *duplicate set and adds nothing; else sets *id. */
enum store_status store_user_add(struct store *, const char *name,
		    const char *role, const char *password_hash, time_t now,
		    int64_t *id, bool *duplicate);

/* Sets the role, the disabled flag and, when password_hash is not NULL,
 * the password of account id; with end_sessions, deletes every session of
 * the account in the same transaction. STORE_NOTFOUND when there is no
 * such account. */
enum store_status store_user_update(struct store *, int64_t id,
		    const char *role, bool disabled, const char *password_hash,
		    time_t now, bool end_sessions);

/* Sets the interface language of account id (lang "" or NULL: the site's
 * default). Joins the caller's transaction when one is open.
 * STORE_NOTFOUND when there is no such account. */
enum store_status store_user_set_lang(struct store *, int64_t id,
		    const char *lang, time_t now);

/* A session joined with its account. */
struct store_session {
	int64_t		 user_id;
	const char	*username;
	const char	*role;
	bool		 disabled;
	const char	*csrf_token;
	const char	*flash;
	time_t		 created_at;
	time_t		 last_seen;
	const char	*lang;		/* the account's; "": the default */
};

/* The session whose token hashes to hash, or STORE_NOTFOUND. */
enum store_status store_session_get(struct store *, struct arena *,
		    const unsigned char hash[STORE_TOKEN_HASH_LEN],
		    struct store_session *ss);

/* Adds a session for user_id, created and seen at now. In the same
 * transaction, deletes the session of old (when not NULL: the one being
 * replaced) and every session seen before seen_before or created before
 * created_before (expired ones), so the table never grows without bound. */
enum store_status store_session_add(struct store *,
		    const unsigned char hash[STORE_TOKEN_HASH_LEN],
		    int64_t user_id, const char *csrf_token, time_t now,
		    const unsigned char *old, time_t seen_before,
		    time_t created_before);

/* Marks the session seen at now and, with clear_flash, empties its flash
 * message. */
enum store_status store_session_touch(struct store *,
		    const unsigned char hash[STORE_TOKEN_HASH_LEN], time_t now,
		    bool clear_flash);

/* Deletes one session (fine when it is already gone). */
enum store_status store_session_delete(struct store *,
		    const unsigned char hash[STORE_TOKEN_HASH_LEN]);

/* Sets the flash message of the session of user_id whose CSRF token is
 * csrf_token (the token identifies the session without its cookie). Joins
 * the caller's transaction when one is open. */
enum store_status store_session_flash(struct store *, int64_t user_id,
		    const char *csrf_token, const char *message);

struct audit_entry {
	int64_t		 id;
	time_t		 at;
	const char	*username;
	const char	*action;
	const char	*detail;
	const char	*client;
};

/* Appends to the audit log; user_id 0 stores NULL. Joins the caller's
 * transaction when one is open (so the line commits with the change it
 * tells of), else runs its own. */
enum store_status store_audit_add(struct store *, time_t at, int64_t user_id,
		    const char *username, const char *action,
		    const char *detail, const char *client);

/* Audit lines, newest first: at most limit (1..1000) from offset. */
enum store_status store_audit_list(struct store *, struct arena *,
		    int64_t offset, int limit, struct audit_entry **items,
		    size_t *n);

/* How many audit lines there are. */
enum store_status store_audit_count(struct store *, int64_t *count);

/* Deletes at most batch audit lines written before before, oldest first:
 * called after each line added, so retention needs no cron job and no
 * call deletes much. Joins the caller's transaction when one is open. */
enum store_status store_audit_expire(struct store *, time_t before,
		    int batch);

/* Appends a line for a request without a session (user_id NULL), within
 * a budget: the first budget lines of each minute (at / 60) are written
 * as given; past it, one summary line per minute (action "audit
 * summary") counts the rest, so a flood adds at most budget + 1 lines a
 * minute. Counters of minutes over an hour old are deleted. Joins the
 * caller's transaction when one is open. */
enum store_status store_audit_add_budget(struct store *, time_t at,
		    const char *username, const char *action,
		    const char *detail, const char *client, int64_t budget);

/* Whether a line of action from client was written at or after since. */
enum store_status store_audit_recent(struct store *, const char *action,
		    const char *client, time_t since, bool *found);

#endif

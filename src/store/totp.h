/* totp.h: the second factor as the store keeps it: each account's TOTP
 * key, its last accepted time step and recovery codes, and the sign-ins
 * waiting for a code. Strings come back in the caller's arena; each write
 * joins the caller's transaction when one is open, else runs its own. */
#ifndef WAYPOINT_STORE_TOTP_H
#define WAYPOINT_STORE_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct arena;

/* 32: the bytes of a recovery code's hash and of a pre-session token's. */
#define STORE_TOTP_HASH_LEN	32

struct store_totp {
	const char	*secret;	/* base32; "" when there is none */
	bool		 enabled;	/* confirmed: codes asked */
	int64_t		 last_step;	/* newest step accepted */
	int64_t		 recovery_left;	/* recovery codes left */
};

/* The second factor of account user_id (STORE_NOTFOUND: no account). */
enum store_status store_totp_get(struct store *, struct arena *,
		    int64_t user_id, struct store_totp *t);

/* Starts enrolment: stores secret (base32) unconfirmed, replacing an
 * earlier unconfirmed one. STORE_NOTFOUND when the account has TOTP on
 * already (or is gone). */
enum store_status store_totp_begin(struct store *, int64_t user_id,
		    const char *secret, time_t now);

/* Turns TOTP on for user_id with step as the last accepted one and the n
 * recovery code hashes (replacing any earlier ones). STORE_NOTFOUND when
 * it is on already (two confirmations at once: the first one's codes
 * stay) or no key was begun. */
enum store_status store_totp_enable(struct store *, int64_t user_id,
		    int64_t step,
		    const unsigned char (*hashes)[STORE_TOTP_HASH_LEN],
		    size_t n, time_t now);

/* Records step as accepted for user_id, only if it is newer than the last
 * accepted: STORE_NOTFOUND when it is not (a replayed code). */
enum store_status store_totp_use_step(struct store *, int64_t user_id,
		    int64_t step);

/* Uses up the recovery code of user_id with hash: STORE_NOTFOUND when
 * there is none (never issued, or used already). */
enum store_status store_totp_use_recovery(struct store *, int64_t user_id,
		    const unsigned char hash[STORE_TOTP_HASH_LEN]);

/* Turns TOTP off for user_id: key, step and recovery codes gone, and its
 * waiting sign-ins; with end_sessions, every session of the account too.
 * STORE_NOTFOUND when there is no such account. */
enum store_status store_totp_clear(struct store *, int64_t user_id,
		    bool end_sessions, time_t now);

/* A sign-in of user_id past its password, for the browser whose
 * pre-session token hashes to token_hash, replacing any earlier one of
 * that browser; those created before forget_before go at the same time,
 * so the table holds at most a few minutes of sign-ins. */
enum store_status store_signin_pending_add(struct store *,
		    const unsigned char token_hash[STORE_TOTP_HASH_LEN],
		    int64_t user_id, time_t now, time_t forget_before);

/* The account of the browser's waiting sign-in created at or after
 * since; STORE_NOTFOUND when there is none. */
enum store_status store_signin_pending_get(struct store *,
		    const unsigned char token_hash[STORE_TOTP_HASH_LEN],
		    time_t since, int64_t *user_id);

/* Ends the browser's waiting sign-in (fine when there is none). */
enum store_status store_signin_pending_delete(struct store *,
		    const unsigned char token_hash[STORE_TOTP_HASH_LEN]);

#endif

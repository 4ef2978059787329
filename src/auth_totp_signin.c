/* auth_totp_signin.c: the second step of signing in (a sign-in past its
 * password waits, bound to the browser, for a code), enrolment with a
 * confirming code, and codes counted by the sign-in throttle. */
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "auth_totp.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/netaddr.h"
#include "request.h"
#include "response.h"
#include "store/throttle.h"
#include "store/totp.h"
#include "store/user.h"

bool
auth_totp_required(const struct request *rq, const char *role)
{
	const char *rule = rq->cfg != NULL ? rq->cfg->require_totp : "off";

	return strcmp(rule, "all") == 0 || (strcmp(rule, "admins") == 0 &&
	    strcmp(role, "admin") == 0);
}

enum auth_result
auth_totp_after_password(struct request *rq, const struct user *u,
    int64_t attempt)
{
	unsigned char hash[STORE_TOTP_HASH_LEN];
	struct store_totp t;
	enum store_status st;
	const char *key = NULL;

	if (store_totp_get(rq->db, rq->arena, u->id, &t) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if (!t.enabled && !auth_totp_required(rq, u->role))
		return AUTH_OK;
	/* The form was checked against this cookie: it is there. */
	if (!auth_prelogin_hash(rq, hash))
		return AUTH_UNAVAILABLE;
	/* An account that must enrol gets its key now, so that the page
	 * showing it only reads. */
	if (!t.enabled && (key = auth_totp_key_new(rq->arena)) == NULL)
		return AUTH_UNAVAILABLE;
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return AUTH_UNAVAILABLE;
	st = store_login_attempt_ok(rq->db, attempt);
	if (st == STORE_OK && key != NULL)
		st = store_totp_begin(rq->db, u->id, key, rq->now);
	if (st == STORE_OK)
		st = store_signin_pending_add(rq->db, hash, u->id, rq->now,
		    rq->now - AUTH_TOTP_PENDING_AGE);
	if (st == STORE_OK)
		st = store_tx_commit(rq->db);
	if (st != STORE_OK) {
		store_tx_rollback(rq->db);
		return AUTH_UNAVAILABLE;
	}
	log_info("sign-in of %s from %s waits for a code", u->name,
	    rq->client);
	return AUTH_CODE_NEEDED;
}

enum store_status
auth_totp_pending(struct request *rq, struct user *u)
{
	unsigned char hash[STORE_TOTP_HASH_LEN];
	enum store_status st;
	int64_t id;

	if (!auth_prelogin_hash(rq, hash))
		return STORE_NOTFOUND;
	st = store_signin_pending_get(rq->db, hash, rq->now -
	    AUTH_TOTP_PENDING_AGE + 1, &id);
	if (st != STORE_OK)
		return st;
	if ((st = store_user_by_id(rq->db, rq->arena, id, u)) != STORE_OK)
		return st;
	return u->disabled ? STORE_NOTFOUND : STORE_OK;
}

/* A code attempt for u, counted as a sign-in attempt is (the same
 * throttle and keys: the account name in lower case, the address by its
 * /64 for IPv6, the browser's device cookie for this account): *attempt
 * is its record, to take back when the code is right, or 0 when there
 * have been too many failures. Kept in this one function so the throttle
 * can change under it. */
static enum auth_result
code_attempt(struct request *rq, const struct user *u, int64_t *attempt)
{
	const char *key = auth_name_clean(rq->arena, u->name, true);
	char client[sizeof(rq->client) + 4];
	int64_t by_user, by_client, device;

	if (key == NULL)
		return AUTH_UNAVAILABLE;
	netaddr_group(rq->client, client, sizeof(client));
	device = auth_device_of(rq, u->name);
	if (store_login_attempt(rq->db, key, client, device, rq->now,
	    rq->now - AUTH_FAILURE_WINDOW + 1, AUTH_FAILURES_MAX,
	    rq->now - AUTH_FAILURE_WINDOW, &by_user, &by_client, attempt) !=
	    STORE_OK)
		return AUTH_UNAVAILABLE;
	if (*attempt == 0) {
		log_info("code throttled: user %s from %s", u->name,
		    rq->client);
		return AUTH_THROTTLED;
	}
	return AUTH_OK;
}

/* A wrong code: logged and audited (the failure is counted already). */
static enum auth_result
code_wrong(struct request *rq, const struct user *u, const char *why)
{
	log_info("code refused: user %s from %s", u->name, rq->client);
	if (audit_add(rq, u->name, "sign-in failed", why) != STORE_OK)
		return AUTH_UNAVAILABLE;
	return AUTH_DENIED;
}

/* Uses up proof for u, whose second factor is t, when it is what flags
 * allow: a TOTP code never accepted before, a recovery code (then gone),
 * the password. STORE_OK, STORE_NOTFOUND when it is none of them, or the
 * store's failure. */
static enum store_status
proof_use(struct request *rq, const struct user *u,
    const struct store_totp *t, const char *proof, unsigned flags)
{
	unsigned char hash[STORE_TOTP_HASH_LEN];
	enum store_status st;
	int64_t step;

	if ((flags & AUTH_TOTP_CODE) != 0 && t->enabled &&
	    auth_totp_match(t->secret, rq->now, t->last_step, proof, &step))
		/* Recorded only if still newer: a parallel request with the
		 * same code loses here. */
		return store_totp_use_step(rq->db, u->id, step);
	if ((flags & AUTH_TOTP_RECOVERY) != 0) {
		auth_totp_recovery_hash(u->id, proof, hash);
		st = store_totp_use_recovery(rq->db, u->id, hash);
		if (st != STORE_NOTFOUND)
			return st == STORE_OK && audit_add(rq, u->name,
			    "recovery code", "used one") != STORE_OK ?
			    STORE_ERROR : st;
	}
	if ((flags & AUTH_TOTP_PASSWORD) != 0 &&
	    auth_verify_password(u->password_hash, proof))
		return STORE_OK;
	return STORE_NOTFOUND;
}

enum auth_result
auth_totp_check(struct request *rq, const struct user *u, const char *proof,
    unsigned flags)
{
	struct store_totp t;
	enum auth_result r;
	enum store_status st;
	int64_t attempt;

	if ((r = code_attempt(rq, u, &attempt)) != AUTH_OK)
		return r;
	if (store_totp_get(rq->db, rq->arena, u->id, &t) != STORE_OK)
		return AUTH_UNAVAILABLE;
	st = proof_use(rq, u, &t, proof, flags);
	if (st == STORE_NOTFOUND)
		return code_wrong(rq, u, flags == AUTH_TOTP_PASSWORD ?
		    "wrong current password" : "wrong or used code");
	if (st != STORE_OK || store_login_attempt_ok(rq->db, attempt) !=
	    STORE_OK)
		return AUTH_UNAVAILABLE;
	return AUTH_OK;
}

enum auth_result
auth_totp_confirm(struct request *rq, const struct user *u,
    const char *code, const char *codes[AUTH_TOTP_RECOVERY_N])
{
	unsigned char hashes[AUTH_TOTP_RECOVERY_N][STORE_TOTP_HASH_LEN];
	struct store_totp t;
	enum auth_result r;
	enum store_status st;
	int64_t attempt, step;

	if ((r = code_attempt(rq, u, &attempt)) != AUTH_OK)
		return r;
	if (store_totp_get(rq->db, rq->arena, u->id, &t) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if (t.enabled || *t.secret == '\0' ||
	    !auth_totp_match(t.secret, rq->now, 0, code, &step))
		return code_wrong(rq, u, "wrong code while setting up the "
		    "second factor");
	if (auth_totp_recovery_new(rq->arena, u->id, codes, hashes) == -1 ||
	    store_tx_begin(rq->db) != STORE_OK)
		return AUTH_UNAVAILABLE;
	st = store_totp_enable(rq->db, u->id, step,
	    (const unsigned char (*)[STORE_TOTP_HASH_LEN])hashes,
	    AUTH_TOTP_RECOVERY_N, rq->now);
	if (st == STORE_OK)
		st = store_login_attempt_ok(rq->db, attempt);
	if (st == STORE_OK)
		st = audit_add(rq, u->name, "account", arena_printf(rq->arena,
		    "%s: two-step sign-in turned on", u->name));
	if (st == STORE_OK)
		st = store_tx_commit(rq->db);
	if (st != STORE_OK) {
		store_tx_rollback(rq->db);
		return AUTH_UNAVAILABLE;
	}
	return AUTH_OK;
}

enum auth_result
auth_totp_signed_in(struct request *rq, struct response *rs,
    const struct user *u)
{
	unsigned char hash[STORE_TOTP_HASH_LEN];
	enum auth_result r;

	/* Gone first: should the session not start, the sign-in starts
	 * over, and no code opens this waiting one again. */
	if (!auth_prelogin_hash(rq, hash) ||
	    store_signin_pending_delete(rq->db, hash) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if ((r = auth_signed_in(rq, rs, u, 0, auth_device_of(rq, u->name))) ==
	    AUTH_OK)
		auth_prelogin_end(rq, rs);
	return r;
}

/* auth_signin.c: signing in: the throttle on failures per account and per
 * address (per device for a browser with a device cookie), the password
 * check, and the session, device cookie and audit line kept together. */
#include <stdatomic.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "auth_totp.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/netaddr.h"
#include "request.h"
#include "response.h"
#include "store/throttle.h"
#include "store/user.h"

/* 60 s: a throttled client is audited once a minute, not per attempt. */
#define THROTTLE_AUDIT_INTERVAL	60

/* Anonymous sign-ins checking a password at once in this process, and
 * how many may (0: no limit, until a transport sets it). */
static atomic_uint checking, checking_max;

void
auth_signin_workers(unsigned workers)
{
	/* One worker always left for everything else, and no more than
	 * hash at once (auth_password.c), so that none waits for a hash
	 * while the public pages wait for it. */
	atomic_store(&checking_max, workers == 0 ? 0 : workers > 2 ? 2 : 1);
}

/* Takes a place to check a password; false when there is none. */
static bool
checking_enter(void)
{
	unsigned max = atomic_load(&checking_max);

	if (atomic_fetch_add(&checking, 1) < max || max == 0)
		return true;
	atomic_fetch_sub(&checking, 1);
	return false;
}

static void
checking_leave(void)
{
	atomic_fetch_sub(&checking, 1);
}

char *
auth_name_clean(struct arena *a, const char *name, bool lower)
{
	size_t len = strnlen(name, AUTH_USERNAME_MAX), i;
	char *out = arena_strndup(a, name, len);

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (out[i] < 0x20 || out[i] > 0x7e)
			out[i] = '?';
		else if (lower && out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	}
	return out;
}

/* A sign-in refused unchecked (AUTH_FAILURES_MAX failures in the window
 * for the account or from the address, or from the device): logged, and
 * audited once a minute per address (a refused flood would fill the log
 * otherwise). */
static enum auth_result
throttled(struct request *rq, const char *shown, int64_t device,
    int64_t by_user, int64_t by_client)
{
	bool recent;

	log_info("sign-in throttled: user \"%s\" from %s (%lld failures for "
	    "the %s, %lld from the address)", shown, rq->client,
	    (long long)by_user, device > 0 ? "device" : "account",
	    (long long)by_client);
	if (store_audit_recent(rq->db, "sign-in throttled", rq->client,
	    rq->now - THROTTLE_AUDIT_INTERVAL + 1, &recent) == STORE_OK &&
	    !recent &&
	    audit_add(rq, shown, "sign-in throttled", device > 0 ?
	    "too many failed sign-ins from this account's device" :
	    by_user >= AUTH_FAILURES_MAX ? "too many failed sign-ins for this "
	    "account" : "too many failed sign-ins from this address") !=
	    STORE_OK)
		/* Refused all the same: the throttle protects the accounts
		 * whether or not the log can be written. */
		log_error("sign-in throttled for \"%s\" from %s, but not in "
		    "the audit log", shown, rq->client);
	return AUTH_THROTTLED;
}

enum auth_result
auth_signed_in(struct request *rq, struct response *rs, const struct user *u,
    int64_t attempt, int64_t device)
{
	struct session *before = rq->session;
	enum store_status st;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if ((st = store_login_attempt_ok(rq->db, attempt)) == STORE_OK &&
	    auth_session_start(rq, rs, u->id, u->name, u->role) != AUTH_OK)
		st = STORE_ERROR;
	if (st == STORE_OK)
		st = auth_device_keep(rq, rs, u->id, u->name, device);
	if (st == STORE_OK && (st = audit_add(rq, u->name, "sign-in",
	    device > 0 ? "from a known device" : "from a new device")) ==
	    STORE_OK)
		st = store_tx_commit(rq->db);
	if (st != STORE_OK) {
		store_tx_rollback(rq->db);
		response_unset_header(rs, "Set-Cookie");
		rq->session = before;
		log_error("auth: sign-in of %s not kept", u->name);
		return AUTH_UNAVAILABLE;
	}
	log_info("signed in: %s from %s", u->name, rq->client);
	return AUTH_OK;
}

enum auth_result
auth_sign_in(struct request *rq, struct response *rs, const char *username,
    const char *password)
{
	struct user u;
	enum store_status st = STORE_NOTFOUND;
	const char *key, *shown, *why;
	char client[sizeof(rq->client) + 4];
	time_t since = rq->now - AUTH_FAILURE_WINDOW + 1;
	int64_t by_user, by_client, attempt, device;
	size_t len;
	bool verified;

	if (username == NULL)
		username = "";
	/* Past the limit, the same hashing as any other wrong password:
	 * refused without it, an attempt would cost the site nothing. */
	if (password == NULL || strlen(password) > AUTH_PASSWORD_MAX)
		password = "";
	key = auth_name_clean(rq->arena, username, true);
	shown = auth_name_clean(rq->arena, username, false);
	if (key == NULL || shown == NULL || rq->db == NULL ||
	    auth_init() == -1)
		return AUTH_UNAVAILABLE;
	/* An IPv6 client counts by its /64; a browser with this account's
	 * device cookie by that device alone. */
	netaddr_group(rq->client, client, sizeof(client));
	device = auth_device_of(rq, username);
	/* Before any hashing. First a read, so that a refused flood never
	 * takes the write lock; then the count again and the attempt
	 * recorded as a failure in one transaction (taken back if it
	 * succeeds), so parallel guesses cannot all slip under the limit. */
	if (store_login_failures(rq->db, key, client, device, since, &by_user,
	    &by_client) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if (by_user >= AUTH_FAILURES_MAX || by_client >= AUTH_FAILURES_MAX)
		return throttled(rq, shown, device, by_user, by_client);
	/* A flood of anonymous attempts waiting for the hash would hold
	 * every worker, and the public pages with them: past the places,
	 * "busy" at once, nothing recorded and no password checked. A
	 * browser with the account's device cookie is not held back. */
	if (device == 0 && !checking_enter())
		return AUTH_BUSY;
	len = strlen(username);
	if (store_login_attempt(rq->db, key, client, device, rq->now, since,
	    AUTH_FAILURES_MAX, rq->now - AUTH_FAILURE_WINDOW, &by_user,
	    &by_client, &attempt) != STORE_OK)
		st = STORE_ERROR;
	else if (attempt != 0 && len > 0 && len <= AUTH_USERNAME_MAX)
		st = store_user_by_name(rq->db, rq->arena, username, &u);
	/* The same work for an unknown user, a disabled one and a wrong
	 * password: one check against a hash of the same cost. */
	verified = attempt != 0 && (st == STORE_OK || st == STORE_NOTFOUND) &&
	    auth_verify_password(st == STORE_OK ? u.password_hash : NULL,
	    password);
	if (device == 0)
		checking_leave();
	if (st != STORE_OK && st != STORE_NOTFOUND)
		return AUTH_UNAVAILABLE;
	if (attempt == 0)
		return throttled(rq, shown, device, by_user, by_client);
	if (st == STORE_OK && verified && !u.disabled) {
		/* A second factor to come: no session yet (auth_totp.h). */
		enum auth_result r = auth_totp_after_password(rq, &u, attempt);

		return r == AUTH_OK ? auth_signed_in(rq, rs, &u, attempt,
		    device) : r;
	}
	why = st != STORE_OK ? "unknown user" : !verified ? "wrong password" :
	    "account disabled";
	log_info("sign-in failed: user \"%s\" from %s", shown, rq->client);
	/* The failure is counted already; without its audit line the
	 * answer is that the site could not check. */
	if (audit_add(rq, shown, "sign-in failed", why) != STORE_OK)
		return AUTH_UNAVAILABLE;
	return AUTH_DENIED;
}

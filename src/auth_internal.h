/* auth_internal.h: what the sign-in and accounts pages, `waypoint user` and
 * the unit tests use of auth.c, auth_password.c and auth_signin.c beyond
 * auth.h. */
#ifndef WAYPOINT_AUTH_INTERNAL_H
#define WAYPOINT_AUTH_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "store/store.h"

struct arena;
struct request;
struct response;

#define AUTH_USERNAME_MAX	64	/* bytes, as the users table allows */
/* The characters of an account name. */
#define AUTH_USERNAME_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
				"abcdefghijklmnopqrstuvwxyz0123456789._-"
#define AUTH_NEXT_MAX		2000	/* bytes: the longest URL we print */
#define AUTH_TOUCH_INTERVAL	60	/* seconds between last_seen writes */
#define AUTH_PRELOGIN_AGE	3600	/* seconds a sign-in form stays good */
/* 60 s: a sign-out's redirect is followed at once. */
#define AUTH_TICKET_AGE		60

/* A year: a device cookie, and its row, last that long unused. */
#define AUTH_DEVICE_AGE		(365 * 24 * 60 * 60)
/* 20: an editor's browsers and then some; the least recently used go. */
#define AUTH_DEVICES_MAX	20

enum auth_result {
	AUTH_OK,
	AUTH_DENIED,		/* unknown user, wrong password, disabled */
	AUTH_THROTTLED,		/* too many failures: refused unchecked */
	AUTH_UNAVAILABLE,	/* the database failed */
	AUTH_BUSY,		/* every place to check a password is taken */
	AUTH_CODE_NEEDED,	/* password right; a TOTP code to come */
};


/* Whether next is a path on this site that a sign-in may send the browser
 * to: starts with '/', not "//" or "/\", no control byte, at most
 * AUTH_NEXT_MAX bytes. */
bool		 auth_next_ok(const char *next);

/* next as a Location value: spaces and bytes past ASCII percent-encoded.
 * In the arena; NULL when out of memory. next must pass auth_next_ok. */
const char	*auth_next_location(struct request *, const char *next);

/* Whether name is a valid account name: 1..AUTH_USERNAME_MAX bytes of
 * [A-Za-z0-9._-]. */
bool		 auth_username_valid(const char *name);

/* Whether role is "editor" or "admin". */
bool		 auth_role_valid(const char *role);

/* Checks password against hash (crypto_pwhash_str output), or against the
 * dummy hash when hash is NULL (always false then, in the same time). At
 * most two hashes or checks run at once. */
bool		 auth_verify_password(const char *hash, const char *password);

/* The sign-in form's token: the pre-session cookie's value when it holds a
 * well-formed one, else a new one; (re)sets the cookie for an hour. In the
 * arena; NULL when out of memory. */
const char	*auth_prelogin(struct request *, struct response *);

/* For POST /admin/login: the csrf_token field equals the pre-session
 * cookie (constant time) and the Origin rules of auth_origin_ok hold. */
bool		 auth_prelogin_ok(const struct request *);

/* auth_prelogin_ok's checks, saying which failed. */
enum auth_csrf	 auth_prelogin_why(const struct request *);

/* The hash of the pre-session cookie's token (32 bytes), which binds a
 * sign-in waiting for its code to the browser; false when the request
 * has no well-formed one. */
bool		 auth_prelogin_hash(const struct request *,
		    unsigned char hash[32]);

/* Expires the pre-session cookie (after a sign-in). */
void		 auth_prelogin_end(struct request *, struct response *);

/* A printable form of a user name typed at sign-in, for the throttle key,
 * the audit log and the log: at most AUTH_USERNAME_MAX bytes, bytes
 * outside printable ASCII as '?', lower-cased with lower. In arena a;
 * NULL when out of memory. */
char		*auth_name_clean(struct arena *a, const char *name, bool lower);

/* Signs in with username and password: the throttle first, then the
 * account and the password (against the dummy hash for an unknown user),
 * each failure recorded and audited. On AUTH_OK a new session replaces
 * the request's, its cookie is set in rs and rq->session is the new one. */
enum auth_result auth_sign_in(struct request *, struct response *,
		    const char *username, const char *password);

/* The device (its row id) of the request's device cookie when the cookie
 * is signed with this site's secret, names the account username (as
 * typed; case-insensitive) and is still kept; else 0 (also when the
 * database fails: the attempt is then an anonymous one). */
int64_t		 auth_device_of(struct request *, const char *username);

/* After a verified sign-in of account user_id called name, in the
 * caller's transaction: device (from auth_device_of) marked used, or when
 * 0 a new device added; either way its cookie set in rs for
 * AUTH_DEVICE_AGE (HttpOnly, SameSite=Strict, Path=/admin; Secure, and
 * named __Secure-wp_device, over HTTPS or when base_url is https).
 * STORE_OK, or the store's failure. */
enum store_status auth_device_keep(struct request *, struct response *,
		    int64_t user_id, const char *name, int64_t device);

/* A ticket that gives device (from auth_device_of) its cookie back
 * within AUTH_TICKET_AGE: signing out clears every cookie of the site
 * (Clear-Site-Data), the device cookie too, so the sign-out's redirect
 * carries this and auth_device_restore() sets a new cookie for the same
 * device. NULL when out of memory or the secret cannot be read. */
const char	*auth_device_ticket(struct request *, int64_t device);

/* Sets a new cookie (a new nonce) for the device of ticket in rs when the
 * ticket is this site's, unexpired, and its device still kept; else
 * nothing. */
void		 auth_device_restore(struct request *, struct response *,
		    const char *ticket);

struct user;

/* A verified sign-in of u (its password, and its code when it has a
 * second factor): the throttle's attempt taken back (0: none), a new
 * session, the device cookie (device: from auth_device_of) and the audit
 * line committed together, or none of it (AUTH_UNAVAILABLE, the cookies
 * and rq->session as they were). */
enum auth_result auth_signed_in(struct request *, struct response *,
		    const struct user *u, int64_t attempt, int64_t device);

/* Starts a new session for the account (after a sign-in, or to replace the
 * editor's own after a password change): sets the cookie and rq->session.
 * The request's old session, if any, is deleted. */
enum auth_result auth_session_start(struct request *, struct response *,
		    int64_t user_id, const char *username, const char *role);

/* Ends the request's session: deletes it, expires the cookie and asks the
 * browser to clear the site's cache and cookies. 0, or 503 when the
 * database fails. */
int		 auth_sign_out(struct request *, struct response *);

#endif

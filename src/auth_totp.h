/* auth_totp.h: the second factor: TOTP codes (RFC 6238 with HMAC-SHA-1,
 * 30-second steps, 6 digits: what every authenticator app reads), their
 * keys and otpauth:// URIs, recovery codes (auth_totp.c); and the sign-in
 * step that asks for a code after the password, enrolment and the
 * throttle on codes (auth_totp_signin.c). */
#ifndef WAYPOINT_AUTH_TOTP_H
#define WAYPOINT_AUTH_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auth_internal.h"
#include "store/totp.h"

struct arena;
struct request;
struct response;
struct user;

#define AUTH_TOTP_STEP		30	/* seconds a code stands for */
#define AUTH_TOTP_DIGITS	6
#define AUTH_TOTP_DRIFT		1	/* steps either side accepted */
/* 20 bytes: 160 bits, the key length RFC 4226 recommends; 32 in base32. */
#define AUTH_TOTP_KEY_BYTES	20
#define AUTH_TOTP_KEY_LEN	32
#define AUTH_TOTP_RECOVERY_N	10	/* recovery codes per account */
/* 16 base32 characters: 80 random bits, shown as 4 groups of 4. */
#define AUTH_TOTP_RECOVERY_LEN	16
/* 64: a code typed at sign-in, six digits or a recovery code with its
 * spaces or dashes, with room to spare. */
#define AUTH_TOTP_CODE_MAX	64
/* 300: a sign-in waits five minutes for its code, then starts over. */
#define AUTH_TOTP_PENDING_AGE	300

/* The code of key (raw bytes, len of them) for the time step holding t,
 * into out; -1 when liboath fails. */
int		 auth_totp_code(const unsigned char *key, size_t len,
		    time_t t, char out[AUTH_TOTP_DIGITS + 1]);

/* Whether code (digits; spaces ignored) is the code of key (base32) for
 * the time step of t or one either side, newer than last_step; *step is
 * the step it matched. Compared in constant time. */
bool		 auth_totp_match(const char *key, time_t t,
		    int64_t last_step, const char *code, int64_t *step);

/* The time step holding t. */
int64_t		 auth_totp_step(time_t t);

/* A new random key in base32 (AUTH_TOTP_KEY_LEN characters), in the
 * arena; NULL when out of memory. */
char		*auth_totp_key_new(struct arena *);

/* key in groups of four separated by spaces, for typing by hand. In the
 * arena; NULL when out of memory. */
char		*auth_totp_key_grouped(struct arena *, const char *key);

/* The otpauth://totp/ URI of key for account on the site called issuer,
 * each part percent-encoded. In the arena; NULL when out of memory. */
char		*auth_totp_uri(struct arena *, const char *issuer,
		    const char *account, const char *key);

/* The hash a recovery code is stored as, for account user_id: spaces and
 * hyphens left out, case ignored. The codes are 80 random bits, beyond
 * any guessing, so a fast hash (BLAKE2b of the account id and the code)
 * is enough: a slow one would only spend a core per attempt. */
void		 auth_totp_recovery_hash(int64_t user_id, const char *code,
		    unsigned char out[STORE_TOTP_HASH_LEN]);

/* AUTH_TOTP_RECOVERY_N new recovery codes for user_id, as they are shown
 * ("ABCD-EFGH-JKLM-NPQR", in the arena) and as they are stored. -1 when
 * out of memory. */
int		 auth_totp_recovery_new(struct arena *, int64_t user_id,
		    const char *codes[AUTH_TOTP_RECOVERY_N],
		    unsigned char hashes[AUTH_TOTP_RECOVERY_N]
		    [STORE_TOTP_HASH_LEN]);

/* Whether [auth] require_totp asks a second factor of an account with
 * role ("admins": admins; "all": everyone; "off": no one). */
bool		 auth_totp_required(const struct request *,
		    const char *role);

/* The sign-in hook, once u's password is verified (attempt: its throttle
 * record): AUTH_OK when no code is needed (the caller starts the
 * session); else, with the attempt taken back, a waiting sign-in bound to
 * the browser's pre-session cookie for AUTH_TOTP_PENDING_AGE seconds and
 * AUTH_CODE_NEEDED (a new key made when the account must enrol first);
 * AUTH_UNAVAILABLE when the database fails. */
enum auth_result auth_totp_after_password(struct request *,
		    const struct user *u, int64_t attempt);

/* The account of the browser's waiting sign-in into u; STORE_NOTFOUND
 * when there is none (none made, expired, or another browser). */
enum store_status auth_totp_pending(struct request *, struct user *u);

/* What auth_totp_check accepts. */
#define AUTH_TOTP_CODE		1u	/* a TOTP code (TOTP on) */
#define AUTH_TOTP_RECOVERY	2u	/* an unused recovery code */
#define AUTH_TOTP_PASSWORD	4u	/* the account's password */

/* Checks proof for u, counted by the sign-in throttle before anything is
 * checked (a wrong one is a failed sign-in, audited): what flags allow,
 * a TOTP code only when u's key is confirmed and never one accepted
 * before. So a signed-in editor who proves again who they are (to turn
 * the second factor off, to change the password) is throttled as a
 * sign-in is. AUTH_OK, AUTH_DENIED, AUTH_THROTTLED or AUTH_UNAVAILABLE. */
enum auth_result auth_totp_check(struct request *, const struct user *u,
		    const char *proof, unsigned flags);

/* Confirms u's unconfirmed key with code (counted as auth_totp_check
 * counts): on AUTH_OK TOTP is on and codes holds the new recovery codes
 * (in the arena), stored hashed. */
enum auth_result auth_totp_confirm(struct request *, const struct user *u,
		    const char *code, const char *codes[AUTH_TOTP_RECOVERY_N]);

/* Ends the browser's waiting sign-in for u with a session, as a sign-in
 * without a second factor ends (auth_signed_in), and expires the
 * pre-session cookie. AUTH_OK or AUTH_UNAVAILABLE. */
enum auth_result auth_totp_signed_in(struct request *, struct response *,
		    const struct user *u);

#endif

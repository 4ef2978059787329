/* auth.h: editors' accounts and sessions: passwords (auth_password.c), the
 * session cookie and CSRF checks (auth.c), the sign-in throttle
 * (auth_signin.c); the audit log is audit.h's. */
#ifndef WAYPOINT_AUTH_H
#define WAYPOINT_AUTH_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct request;
struct response;

#define AUTH_PASSWORD_MIN	12	/* characters, as the issue asks */
#define AUTH_PASSWORD_MAX	1024	/* bytes: bounds the hashing input */
#define AUTH_IDLE_TIMEOUT	(30 * 60)	/* seconds */
#define AUTH_ABSOLUTE_TIMEOUT	(12 * 60 * 60)	/* seconds */
#define AUTH_FAILURES_MAX	5	/* per account or client ... */
#define AUTH_FAILURE_WINDOW	(15 * 60)	/* ... within 15 minutes */

/* The signed-in editor of a request (rq->session), in the request's arena. */
struct session {
	int64_t		 user_id;
	const char	*username;
	const char	*role;		/* "editor" or "admin" */
	bool		 is_admin;
	const char	*csrf_token;
	const char	*flash;		/* a message left for this page, or "" */
};

/* Process-wide set-up (libsodium, the dummy hash); -1 on failure. */
int		 auth_init(void);

/* Tells the sign-in how many threads this process runs requests on (via
 * app_workers, once, at start): anonymous attempts then check a password
 * at most 1 at once (2 with more than 2 threads) and the others are told
 * "busy" at once, so that a flood never holds every thread and the public
 * pages with them. Until it is called (or after it is called with 0)
 * there is no such limit. */
void		 auth_signin_workers(unsigned workers);

/* Finds the session of rq's cookie: valid, not idle for 30 minutes, not
 * older than 12 hours, its user enabled. Sets rq->session (NULL when there
 * is none) and marks the session as seen. Returns 0, or 503 when the
 * database fails. Reads the flash message and clears it. Once it has
 * answered 0 for rq, later calls answer 0 at once (rq->session_loaded). */
int		 auth_session_load(struct request *rq);

/* Which of a POST's CSRF checks failed, if any. */
enum auth_csrf {
	AUTH_CSRF_OK,
	AUTH_CSRF_NO_TOKEN,	/* no csrf_token (or no pre-session cookie) */
	AUTH_CSRF_BAD_TOKEN,	/* a token that is not the session's */
	AUTH_CSRF_ORIGIN,	/* an Origin that is not base_url's */
	AUTH_CSRF_CROSS_SITE,	/* Sec-Fetch-Site neither same-origin nor
				   none */
};

/* auth_csrf_ok's checks, saying which failed. */
enum auth_csrf	 auth_csrf_why(const struct request *rq);

/* auth_csrf_token_ok's checks, saying which failed. */
enum auth_csrf	 auth_csrf_token_why(const struct request *rq,
		    const char *token);

/* auth_origin_ok's checks, saying which failed. */
enum auth_csrf	 auth_origin_why(const struct request *rq);

/* A POST the CSRF checks refused (why, not AUTH_CSRF_OK): logged and
 * audited ("csrf refused", with the path and the check: the Origin
 * received and the base_url expected) for the session's account, or for
 * username, the name typed into the sign-in form (not NULL there).
 * Returns the sentence for the refusal page, in rq->lang, in the arena:
 * which check failed and what to do. */
const char	*auth_csrf_refused(struct request *rq, enum auth_csrf why,
		    const char *username);

/* For a POST: the csrf_token field equals the session's (constant time,
 * after a length check), Origin when present is the site's (base_url), and
 * Sec-Fetch-Site when present is same-origin or none. */
bool		 auth_csrf_ok(const struct request *rq);

/* The same for a token read elsewhere than a urlencoded body (the first
 * part of a streamed multipart body): token equals the session's, and the
 * Origin rules hold. */
bool		 auth_csrf_token_ok(const struct request *rq, const char *token);

/* Whether Origin, when present, is the site's own (cfg->base_url's scheme,
 * host and port) and Sec-Fetch-Site, when present, same-origin or none. */
bool		 auth_origin_ok(const struct request *);

/* Hashes password (argon2id, interactive limits) into out, a heap string
 * the caller frees; NULL on failure. At most two hashes run at once. */
char		*auth_hash_password(const char *password);

/* Checks that password is acceptable: at least AUTH_PASSWORD_MIN
 * characters, at most AUTH_PASSWORD_MAX bytes, valid UTF-8, no control
 * characters, not only spaces, not one of the common passwords shipped
 * in data/ (auth_password_common). NULL when it is, else a message: an
 * msgid, to translate with T(). */
const char	*auth_password_problem(const char *password);

/* Whether password is one of the 10,000 most common passwords
 * (data/common-passwords.txt), ASCII case ignored; a binary search of the
 * table built into the binary. */
bool		 auth_password_common(const char *password);

/* Tokens of preview links (src/controllers/admin_previews.c): 32 random
 * bytes, 43 characters of base64url, of which the database keeps only a
 * hash, as of a session's. */
#define AUTH_TOKEN_HASH_LEN	32

/* A new token's text (in arena a; NULL when out of memory), its hash into
 * hash. */
char		*auth_token_new(struct arena *a,
		    unsigned char hash[AUTH_TOKEN_HASH_LEN]);

/* The hash of token text into hash; false (hash untouched) when text is
 * not exactly one token: 43 characters of the base64url alphabet, with
 * no bits to spare. */
bool		 auth_token_hashed(const char *text,
		    unsigned char hash[AUTH_TOKEN_HASH_LEN]);

#endif

/* auth.c: passwords, sessions and their cookies, CSRF checks and the
 * sign-in throttle. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "request.h"
#include "response.h"
#include "store/user.h"

/* 32 bytes: 256 bits, beyond any guessing; 43 characters in base64url. */
#define TOKEN_BYTES	32
#define TOKEN_VARIANT	sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define TOKEN_TEXT_LEN	(sodium_base64_ENCODED_LEN(TOKEN_BYTES, \
			    TOKEN_VARIANT) - 1)
/* 2: each hash takes 64 MiB and a core for ~50 ms (PITFALLS.md). */
#define HASHES_AT_ONCE	2
/* 60 s: a throttled client is audited once a minute, not per attempt. */
#define THROTTLE_AUDIT_INTERVAL	60
/* 300: longer than any base URL's scheme, host and port. */
#define ORIGIN_MAX	300

#define SESSION_COOKIE		"wp_session"
#define SESSION_COOKIE_HOST	"__Host-wp_session"
#define PRELOGIN_COOKIE		"wp_prelogin"
#define PRELOGIN_COOKIE_HOST	"__Host-wp_prelogin"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result = -1;
static sem_t hashing;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void
init(void)
{
	unsigned char pw[TOKEN_BYTES];

	if (sodium_init() < 0) {
		log_error("libsodium: cannot initialise");
		return;
	}
	if (sem_init(&hashing, 0, HASHES_AT_ONCE) == -1) {
		log_error("auth: semaphore: %s", strerror(errno));
		return;
	}
	/* A hash of a password nobody knows, made with the same limits as
	 * real ones, so checking against it takes the same time. */
	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		log_error("auth: cannot hash (out of memory?)");
		return;
	}
	sodium_memzero(pw, sizeof(pw));
	init_result = 0;
}

int
auth_init(void)
{
	pthread_once(&init_once, init);
	return init_result;
}

static void
hashing_enter(void)
{
	while (sem_wait(&hashing) == -1 && errno == EINTR)
		;
}

static void
hashing_leave(void)
{
	sem_post(&hashing);
}

char *
auth_hash_password(const char *password)
{
	char out[crypto_pwhash_STRBYTES];
	size_t len = strlen(password);
	int rc;

	if (auth_init() == -1 || len > AUTH_PASSWORD_MAX)
		return NULL;
	hashing_enter();
	rc = crypto_pwhash_str(out, password, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE);
	hashing_leave();
	if (rc != 0) {
		log_error("auth: cannot hash (out of memory?)");
		return NULL;
	}
	return strdup(out);
}

bool
auth_verify_password(const char *hash, const char *password)
{
	size_t len = strlen(password);
	int rc;

	if (auth_init() == -1 || len > AUTH_PASSWORD_MAX)
		return false;
	hashing_enter();
	rc = crypto_pwhash_str_verify(hash != NULL ? hash : dummy_hash,
	    password, len);
	hashing_leave();
	return rc == 0 && hash != NULL;
}

const char *
auth_password_problem(const char *password)
{
	size_t chars = 0, len, i, n;
	uint32_t cp;

	if (password == NULL || *password == '\0')
		return "Enter a password.";
	if ((len = strlen(password)) > AUTH_PASSWORD_MAX)
		return "Use a password of at most 1,024 bytes.";
	for (i = 0; i < len; i += n, chars++) {
		if ((n = utf8_next(password + i, len - i, &cp)) == 0)
			return "The password holds bytes that are not UTF-8 "
			    "text.";
		if (utf8_is_control(cp))
			return "The password may not hold control "
			    "characters (tabs, line breaks ...).";
	}
	if (chars < AUTH_PASSWORD_MIN)
		return "Use a password of at least 12 characters.";
	return NULL;
}

bool
auth_username_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > AUTH_USERNAME_MAX)
		return false;
	return strspn(name, AUTH_USERNAME_CHARS) == len;
}

bool
auth_role_valid(const char *role)
{
	return role != NULL && (strcmp(role, "editor") == 0 ||
	    strcmp(role, "admin") == 0);
}

bool
auth_next_ok(const char *next)
{
	const unsigned char *p;

	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    next[1] == '\\' || strnlen(next, AUTH_NEXT_MAX + 1) > AUTH_NEXT_MAX)
		return false;
	/* Browsers drop tabs and line breaks from URLs, which would turn
	 * "/\t/host" into "//host": no control byte at all. */
	for (p = (const unsigned char *)next; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

const char *
auth_next_location(struct request *rq, const char *next)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char *out, *o;

	if ((out = arena_alloc(rq->arena, strlen(next) * 3 + 1)) == NULL)
		return NULL;
	for (o = out, p = (const unsigned char *)next; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f) {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else
			*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

/* A printable form of a user name typed at sign-in, for the throttle key,
 * the audit log and the log: at most AUTH_USERNAME_MAX bytes, bytes
 * outside printable ASCII as '?', lower-cased with lower. */
static char *
name_clean(struct arena *a, const char *name, bool lower)
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

/* The scheme, host and port of url, lower-cased, without a default port,
 * into out; -1 when url is not an absolute http(s) URL or too long. */
static int
origin_of(const char *url, char out[ORIGIN_MAX])
{
	const char *host, *end;
	size_t len, i;
	bool https;

	if (strncasecmp(url, "http://", 7) == 0) {
		https = false;
		host = url + 7;
	} else if (strncasecmp(url, "https://", 8) == 0) {
		https = true;
		host = url + 8;
	} else
		return -1;
	end = host + strcspn(host, "/?#");
	len = (size_t)(end - host);
	if (len == 0 || (size_t)(host - url) + len >= ORIGIN_MAX)
		return -1;
	if (!https && len > 3 && strncmp(end - 3, ":80", 3) == 0)
		len -= 3;
	else if (https && len > 4 && strncmp(end - 4, ":443", 4) == 0)
		len -= 4;
	memcpy(out, https ? "https://" : "http://", https ? 8 : 7);
	for (i = 0; i < len; i++) {
		if ((unsigned char)host[i] <= 0x20 ||
		    (unsigned char)host[i] >= 0x7f)
			return -1;
		out[(https ? 8 : 7) + i] = (char)((host[i] >= 'A' &&
		    host[i] <= 'Z') ? host[i] - 'A' + 'a' : host[i]);
	}
	out[(https ? 8 : 7) + len] = '\0';
	return 0;
}

bool
auth_origin_ok(const struct request *rq)
{
	const char *origin = request_header(rq, "origin");
	const char *site = request_header(rq, "sec-fetch-site");
	const char *host;
	char want[ORIGIN_MAX], got[ORIGIN_MAX];

	if (site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0)
		return false;
	if (origin == NULL)
		return true;
	/* An Origin is scheme://host[:port] and nothing more ("null" from a
	 * sandboxed or privacy-sensitive context is refused). */
	if ((host = strstr(origin, "://")) == NULL ||
	    strpbrk(host + 3, "/?#") != NULL || origin_of(origin, got) == -1 ||
	    rq->cfg == NULL || origin_of(rq->cfg->base_url, want) == -1)
		return false;
	return strcmp(got, want) == 0;
}

/* Whether text (a cookie or field) equals want, in constant time. */
static bool
token_equal(const char *text, const char *want)
{
	size_t len;

	if (text == NULL || want == NULL)
		return false;
	len = strlen(want);
	if (len == 0 || strlen(text) != len)
		return false;
	return sodium_memcmp(text, want, len) == 0;
}

/* A new random token as base64url text in the arena (NULL when out of
 * memory); its bytes go to raw when raw is not NULL. */
static char *
token_new(struct arena *a, unsigned char raw[TOKEN_BYTES])
{
	unsigned char bytes[TOKEN_BYTES];
	char *text = arena_alloc(a, TOKEN_TEXT_LEN + 1);

	if (text == NULL)
		return NULL;
	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2base64(text, TOKEN_TEXT_LEN + 1, bytes, sizeof(bytes),
	    TOKEN_VARIANT);
	if (raw != NULL)
		memcpy(raw, bytes, sizeof(bytes));
	sodium_memzero(bytes, sizeof(bytes));
	return text;
}

/* Decodes a token's text; false when it is not exactly one token. */
static bool
token_decode(const char *text, unsigned char raw[TOKEN_BYTES])
{
	const char *end;
	size_t len;

	if (text == NULL || strlen(text) != TOKEN_TEXT_LEN)
		return false;
	if (sodium_base642bin(raw, TOKEN_BYTES, text, TOKEN_TEXT_LEN, NULL,
	    &len, &end, TOKEN_VARIANT) != 0)
		return false;
	return len == TOKEN_BYTES && end == text + TOKEN_TEXT_LEN;
}

/* The database keeps only this hash of a session token. */
static void
token_hash(const unsigned char raw[TOKEN_BYTES],
    unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	crypto_generichash(hash, STORE_TOKEN_HASH_LEN, raw, TOKEN_BYTES,
	    NULL, 0);
}

static const char *
session_cookie(const struct request *rq)
{
	return rq->https ? SESSION_COOKIE_HOST : SESSION_COOKIE;
}

/* The hash of the request's session cookie; false when it has none that
 * is well-formed. */
static bool
cookie_hash(const struct request *rq, unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	unsigned char raw[TOKEN_BYTES];
	bool ok;

	ok = token_decode(request_cookie(rq, session_cookie(rq)), raw);
	if (ok)
		token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	return ok;
}

/* Sets a cookie: the attributes the issue asks for, Secure and the
 * __Host- name over HTTPS. max_age < 0: a session cookie. */
static void
set_cookie(struct request *rq, struct response *rs, const char *name,
    const char *value, const char *path, long max_age)
{
	char age[32] = "";
	char *c;

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	c = arena_printf(rq->arena, "%s=%s; Path=%s%s; HttpOnly; "
	    "SameSite=Strict%s", name, value, rq->https ? "/" : path,
	    rq->https ? "; Secure" : "", age);
	if (c == NULL || response_header(rs, "Set-Cookie", c) == -1)
		log_error("auth: cannot set cookie %s", name);
}

int
auth_session_load(struct request *rq)
{
	unsigned char hash[STORE_TOKEN_HASH_LEN];
	struct store_session ss;
	struct session *s;
	bool fresh;

	rq->session = NULL;
	if (!cookie_hash(rq, hash))
		return 0;
	if (rq->db == NULL)
		return 503;
	switch (store_session_get(rq->db, rq->arena, hash, &ss)) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		return 0;
	default:
		return 503;
	}
	fresh = rq->now - ss.last_seen < AUTH_IDLE_TIMEOUT &&
	    rq->now - ss.created_at < AUTH_ABSOLUTE_TIMEOUT;
	if (!fresh || ss.disabled) {
		/* A failure here only leaves a dead row for later. */
		store_session_delete(rq->db, hash);
		return 0;
	}
	if ((s = arena_alloc(rq->arena, sizeof(*s))) == NULL)
		return 500;
	s->user_id = ss.user_id;
	s->username = ss.username;
	s->role = ss.role;
	s->is_admin = strcmp(ss.role, "admin") == 0;
	s->csrf_token = ss.csrf_token;
	s->flash = ss.flash;
	/* Writes only when there is something to write: most requests of a
	 * busy editor come within the minute. A failed write costs at most
	 * a flash shown twice, so the page is served anyway. */
	if (*ss.flash != '\0' || rq->now - ss.last_seen >= AUTH_TOUCH_INTERVAL)
		store_session_touch(rq->db, hash, rq->now, *ss.flash != '\0');
	rq->session = s;
	return 0;
}

bool
auth_csrf_ok(const struct request *rq)
{
	const char *field;
	bool bad;

	if (rq->session == NULL || rq->method != METHOD_POST)
		return false;
	field = request_form(rq, "csrf_token", &bad);
	if (bad || !token_equal(field, rq->session->csrf_token))
		return false;
	return auth_origin_ok(rq);
}

enum auth_result
auth_session_start(struct request *rq, struct response *rs, int64_t user_id,
    const char *username, const char *role)
{
	unsigned char raw[TOKEN_BYTES], hash[STORE_TOKEN_HASH_LEN];
	unsigned char old[STORE_TOKEN_HASH_LEN];
	struct session *s;
	const char *token, *csrf;
	bool had_old = cookie_hash(rq, old);

	s = arena_alloc(rq->arena, sizeof(*s));
	token = token_new(rq->arena, raw);
	csrf = token_new(rq->arena, NULL);
	if (s == NULL || token == NULL || csrf == NULL)
		return AUTH_UNAVAILABLE;
	token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	if (store_session_add(rq->db, hash, user_id, csrf, rq->now,
	    had_old ? old : NULL, rq->now - AUTH_IDLE_TIMEOUT,
	    rq->now - AUTH_ABSOLUTE_TIMEOUT) != STORE_OK)
		return AUTH_UNAVAILABLE;
	set_cookie(rq, rs, session_cookie(rq), token, "/", -1);
	s->user_id = user_id;
	s->username = arena_strdup(rq->arena, username);
	s->role = arena_strdup(rq->arena, role);
	s->is_admin = strcmp(role, "admin") == 0;
	s->csrf_token = csrf;
	s->flash = "";
	if (s->username == NULL || s->role == NULL)
		return AUTH_UNAVAILABLE;
	rq->session = s;
	return AUTH_OK;
}

int
auth_sign_out(struct request *rq, struct response *rs)
{
	unsigned char hash[STORE_TOKEN_HASH_LEN];

	if (cookie_hash(rq, hash) &&
	    store_session_delete(rq->db, hash) != STORE_OK)
		return 503;
	if (rq->session != NULL) {
		audit_add(rq, NULL, "sign-out", "");
		log_info("signed out: %s from %s", rq->session->username,
		    rq->client);
	}
	rq->session = NULL;
	set_cookie(rq, rs, session_cookie(rq), "", "/", 0);
	response_header(rs, "Clear-Site-Data", "\"cache\", \"cookies\"");
	return 0;
}

static const char *
prelogin_cookie(const struct request *rq)
{
	return rq->https ? PRELOGIN_COOKIE_HOST : PRELOGIN_COOKIE;
}

const char *
auth_prelogin(struct request *rq, struct response *rs)
{
	unsigned char raw[TOKEN_BYTES];
	const char *token = request_cookie(rq, prelogin_cookie(rq));

	/* A second tab keeps the first one's form working. */
	if (!token_decode(token, raw))
		token = token_new(rq->arena, NULL);
	sodium_memzero(raw, sizeof(raw));
	if (token == NULL)
		return NULL;
	set_cookie(rq, rs, prelogin_cookie(rq), token, "/admin/login",
	    AUTH_PRELOGIN_AGE);
	return token;
}

bool
auth_prelogin_ok(const struct request *rq)
{
	unsigned char raw[TOKEN_BYTES];
	const char *field, *cookie = request_cookie(rq, prelogin_cookie(rq));
	bool bad, ok;

	/* Only a token this site could have made: no "x" matched with "x". */
	ok = token_decode(cookie, raw);
	sodium_memzero(raw, sizeof(raw));
	field = request_form(rq, "csrf_token", &bad);
	if (!ok || bad || !token_equal(field, cookie))
		return false;
	return auth_origin_ok(rq);
}

void
auth_prelogin_end(struct request *rq, struct response *rs)
{
	set_cookie(rq, rs, prelogin_cookie(rq), "", "/admin/login", 0);
}

/* A sign-in refused unchecked (AUTH_FAILURES_MAX failures in the window
 * for the account or from the address): logged, and audited once a
 * minute per address (a refused flood would fill the log otherwise). */
static enum auth_result
throttled(struct request *rq, const char *shown, int64_t by_user,
    int64_t by_client)
{
	bool recent;

	log_info("sign-in throttled: user \"%s\" from %s (%lld failures for "
	    "the account, %lld from the address)", shown, rq->client,
	    (long long)by_user, (long long)by_client);
	if (store_audit_recent(rq->db, "sign-in throttled", rq->client,
	    rq->now - THROTTLE_AUDIT_INTERVAL + 1, &recent) == STORE_OK &&
	    !recent)
		audit_add(rq, shown, "sign-in throttled",
		    by_user >= AUTH_FAILURES_MAX ? "too many failed sign-ins "
		    "for this account" : "too many failed sign-ins from this "
		    "address");
	return AUTH_THROTTLED;
}

/* A verified sign-in of u: the attempt taken back, a new session and
 * the audit line committed together, or none of it (AUTH_UNAVAILABLE, the
 * cookie and rq->session as they were). */
static enum auth_result
signed_in(struct request *rq, struct response *rs, const struct user *u,
    int64_t attempt)
{
	struct session *before = rq->session;
	enum store_status st;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if ((st = store_login_attempt_ok(rq->db, attempt)) == STORE_OK &&
	    auth_session_start(rq, rs, u->id, u->name, u->role) != AUTH_OK)
		st = STORE_ERROR;
	if (st == STORE_OK && (st = audit_add(rq, u->name, "sign-in", "")) ==
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
	time_t since = rq->now - AUTH_FAILURE_WINDOW + 1;
	int64_t by_user, by_client, attempt;
	size_t len;
	bool verified;

	if (username == NULL)
		username = "";
	if (password == NULL)
		password = "";
	key = name_clean(rq->arena, username, true);
	shown = name_clean(rq->arena, username, false);
	if (key == NULL || shown == NULL || rq->db == NULL ||
	    auth_init() == -1)
		return AUTH_UNAVAILABLE;
	/* Before any hashing. First a read, so that a refused flood never
	 * takes the write lock; then the count again and the attempt
	 * recorded as a failure in one transaction (taken back if it
	 * succeeds), so parallel guesses cannot all slip under the limit. */
	if (store_login_failures(rq->db, key, rq->client, since, &by_user,
	    &by_client) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if (by_user >= AUTH_FAILURES_MAX || by_client >= AUTH_FAILURES_MAX)
		return throttled(rq, shown, by_user, by_client);
	if (store_login_attempt(rq->db, key, rq->client, rq->now, since,
	    AUTH_FAILURES_MAX, rq->now - AUTH_FAILURE_WINDOW, &by_user,
	    &by_client, &attempt) != STORE_OK)
		return AUTH_UNAVAILABLE;
	if (attempt == 0)
		return throttled(rq, shown, by_user, by_client);
	len = strlen(username);
	if (len > 0 && len <= AUTH_USERNAME_MAX)
		st = store_user_by_name(rq->db, rq->arena, username, &u);
	if (st != STORE_OK && st != STORE_NOTFOUND)
		return AUTH_UNAVAILABLE;
	/* The same work for an unknown user, a disabled one and a wrong
	 * password: one check against a hash of the same cost. */
	verified = auth_verify_password(st == STORE_OK ? u.password_hash :
	    NULL, password);
	if (st == STORE_OK && verified && !u.disabled)
		return signed_in(rq, rs, &u, attempt);
	why = st != STORE_OK ? "unknown user" : !verified ? "wrong password" :
	    "account disabled";
	log_info("sign-in failed: user \"%s\" from %s", shown, rq->client);
	/* The failure is counted already; without its audit line the
	 * answer is that the site could not check. */
	if (audit_add(rq, shown, "sign-in failed", why) != STORE_OK)
		return AUTH_UNAVAILABLE;
	return AUTH_DENIED;
}

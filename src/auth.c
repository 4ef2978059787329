/* auth.c: sessions and their cookies, CSRF and Origin checks, and the
 * rules of account names, roles and sign-in redirects. Passwords are in
 * auth_password.c, signing in and its throttle in auth_signin.c. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "request.h"
#include "response.h"
#include "store/user.h"
#include "view/i18n.h"

/* 32 bytes: 256 bits, beyond any guessing; 43 characters in base64url. */
#define TOKEN_BYTES	32
#define TOKEN_VARIANT	sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define TOKEN_TEXT_LEN	(sodium_base64_ENCODED_LEN(TOKEN_BYTES, \
			    TOKEN_VARIANT) - 1)
/* 300: longer than any base URL's scheme, host and port. */
#define ORIGIN_MAX	300

#define SESSION_COOKIE		"wp_session"
#define SESSION_COOKIE_HOST	"__Host-wp_session"
#define PRELOGIN_COOKIE		"wp_prelogin"
#define PRELOGIN_COOKIE_HOST	"__Host-wp_prelogin"

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

enum auth_csrf
auth_origin_why(const struct request *rq)
{
	const char *origin = request_header(rq, "origin");
	const char *site = request_header(rq, "sec-fetch-site");
	const char *host;
	char want[ORIGIN_MAX], got[ORIGIN_MAX];

	if (site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0)
		return AUTH_CSRF_CROSS_SITE;
	if (origin == NULL)
		return AUTH_CSRF_OK;
	/* An Origin is scheme://host[:port] and nothing more ("null" from a
	 * sandboxed or privacy-sensitive context is refused). */
	if ((host = strstr(origin, "://")) == NULL ||
	    strpbrk(host + 3, "/?#") != NULL || origin_of(origin, got) == -1 ||
	    rq->cfg == NULL || origin_of(rq->cfg->base_url, want) == -1 ||
	    strcmp(got, want) != 0)
		return AUTH_CSRF_ORIGIN;
	return AUTH_CSRF_OK;
}

bool
auth_origin_ok(const struct request *rq)
{
	return auth_origin_why(rq) == AUTH_CSRF_OK;
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

_Static_assert(AUTH_TOKEN_HASH_LEN == STORE_TOKEN_HASH_LEN,
    "a preview link's hash is a session token's");

char *
auth_token_new(struct arena *a, unsigned char hash[AUTH_TOKEN_HASH_LEN])
{
	unsigned char raw[TOKEN_BYTES];
	char *text = token_new(a, raw);

	if (text != NULL)
		token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	return text;
}

bool
auth_token_hashed(const char *text, unsigned char hash[AUTH_TOKEN_HASH_LEN])
{
	unsigned char raw[TOKEN_BYTES];
	bool ok = token_decode(text, raw);

	if (ok)
		token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	return ok;
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

/* auth_session_load() without its memory of having run. */
static int
session_find(struct request *rq)
{
	unsigned char hash[STORE_TOKEN_HASH_LEN];
	struct store_session ss;
	struct session *s;
	const char *lang;
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
	/* The editor's interface language, while the site still has it
	 * (the default stays as auth_session_load() set it). */
	if (rq->cfg != NULL && (lang = config_prefix_lang(rq->cfg, ss.lang,
	    strlen(ss.lang))) != NULL)
		rq->ui_lang = lang;
	/* Writes only when there is something to write: most requests of a
	 * busy editor come within the minute. A failed write costs at most
	 * a flash shown twice, so the page is served anyway. */
	if (*ss.flash != '\0' || rq->now - ss.last_seen >= AUTH_TOUCH_INTERVAL)
		store_session_touch(rq->db, hash, rq->now, *ss.flash != '\0');
	rq->session = s;
	return 0;
}

int
auth_session_load(struct request *rq)
{
	int status;

	/* A streamed route's session was read before its body (app.c). */
	if (rq->session_loaded)
		return 0;
	rq->ui_lang = rq->cfg != NULL ? rq->cfg->default_lang : NULL;
	if ((status = session_find(rq)) == 0)
		rq->session_loaded = true;
	return status;
}

enum auth_csrf
auth_csrf_why(const struct request *rq)
{
	const char *field;
	bool bad;

	if (rq->method != METHOD_POST)
		return AUTH_CSRF_NO_TOKEN;
	field = request_form(rq, "csrf_token", &bad);
	return auth_csrf_token_why(rq, bad ? NULL : field);
}

enum auth_csrf
auth_csrf_token_why(const struct request *rq, const char *token)
{
	if (token == NULL || *token == '\0')
		return AUTH_CSRF_NO_TOKEN;
	if (rq->session == NULL || !token_equal(token, rq->session->csrf_token))
		return AUTH_CSRF_BAD_TOKEN;
	return auth_origin_why(rq);
}

bool
auth_csrf_ok(const struct request *rq)
{
	return auth_csrf_why(rq) == AUTH_CSRF_OK;
}

bool
auth_csrf_token_ok(const struct request *rq, const char *token)
{
	return auth_csrf_token_why(rq, token) == AUTH_CSRF_OK;
}

/* What a refusal's reader needs to act on it, in English for the log and
 * the audit log: the check that failed, and for an Origin both sides. */
static const char *
refusal_detail(struct request *rq, enum auth_csrf why, bool signin)
{
	const char *origin = request_header(rq, "origin");
	const char *site = request_header(rq, "sec-fetch-site");

	switch (why) {
	case AUTH_CSRF_NO_TOKEN:
		return signin ? "token missing (no csrf_token field, or no "
		    "pre-session cookie)" : "token missing";
	case AUTH_CSRF_BAD_TOKEN:
		return signin ? "token wrong (not the pre-session cookie's)" :
		    "token wrong (not the session's)";
	case AUTH_CSRF_ORIGIN:
		return arena_printf(rq->arena, "Origin \"%.*s\" is not "
		    "base_url's \"%s\"", ORIGIN_MAX, origin != NULL ? origin :
		    "", rq->cfg != NULL ? rq->cfg->base_url : "");
	case AUTH_CSRF_CROSS_SITE:
		return arena_printf(rq->arena, "Sec-Fetch-Site \"%.*s\"",
		    ORIGIN_MAX, site != NULL ? site : "");
	default:
		return "";
	}
}

/* The sentence a refused form's page shows: which check failed and what
 * to do, in rq->lang, in the arena. */
static const char *
refusal_text(struct request *rq, enum auth_csrf why, bool signin)
{
	const char *origin = request_header(rq, "origin");

	switch (why) {
	case AUTH_CSRF_NO_TOKEN:
		return signin ? T(rq->lang, "This sign-in form was sent "
		    "without its security token or its cookie: cookies may "
		    "be blocked for this site. Allow cookies for this site, "
		    "reload the page and sign in again.") : T(rq->lang,
		    "This form was sent without its security token. Reload "
		    "the page, check your entries and send it again.");
	case AUTH_CSRF_BAD_TOKEN:
		return signin ? T(rq->lang, "This sign-in form has expired "
		    "(it is over an hour old, or cookies were cleared since "
		    "it was opened). Please sign in again.") : T(rq->lang,
		    "This form's security token is not your session's: it "
		    "was opened before you last signed in, or in another "
		    "session. Reload the page, check your entries and send it "
		    "again.");
	case AUTH_CSRF_ORIGIN:
		return arena_printf(rq->arena, T(rq->lang, "This form was "
		    "sent from %.*s, but this site's address is %s "
		    "([site] base_url). Open the site at that address and "
		    "send the form again, or ask the site's administrator to "
		    "set base_url to the address you use."), ORIGIN_MAX,
		    origin != NULL ? origin : "", rq->cfg != NULL ?
		    rq->cfg->base_url : "");
	default:
		return T(rq->lang, "This form was sent from another site. "
		    "Open the form on this site and send it again.");
	}
}

const char *
auth_csrf_refused(struct request *rq, enum auth_csrf why,
    const char *username)
{
	const char *detail = refusal_detail(rq, why, username != NULL);
	const char *shown;

	if (username != NULL)
		username = auth_name_clean(rq->arena, username, false);
	shown = username != NULL ? username : rq->session != NULL ?
	    rq->session->username : "";
	if (detail == NULL)
		detail = "";
	log_info("form refused: %s %s from %s, user \"%s\": %s",
	    rq->method == METHOD_POST ? "POST" : "request", rq->path != NULL ?
	    rq->path : "", rq->client, shown, detail);
	/* Refused all the same: the checks protect the site whether or not
	 * the log can be written (audit_add logs its own failure). */
	audit_add(rq, username, "csrf refused", arena_printf(rq->arena,
	    "%s: %s", rq->path != NULL ? rq->path : "", detail));
	return refusal_text(rq, why, username != NULL);
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
		/* Signed out all the same: keeping a session open because the
		 * log cannot be written would be worse than a missing line. */
		if (audit_add(rq, NULL, "sign-out", "") != STORE_OK)
			log_error("sign-out of %s not in the audit log",
			    rq->session->username);
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

enum auth_csrf
auth_prelogin_why(const struct request *rq)
{
	unsigned char raw[TOKEN_BYTES];
	const char *field, *cookie = request_cookie(rq, prelogin_cookie(rq));
	bool bad, ok;

	/* Only a token this site could have made: no "x" matched with "x". */
	ok = token_decode(cookie, raw);
	sodium_memzero(raw, sizeof(raw));
	field = request_form(rq, "csrf_token", &bad);
	if (cookie == NULL || bad || field == NULL || *field == '\0')
		return AUTH_CSRF_NO_TOKEN;
	if (!ok || !token_equal(field, cookie))
		return AUTH_CSRF_BAD_TOKEN;
	return auth_origin_why(rq);
}

bool
auth_prelogin_ok(const struct request *rq)
{
	return auth_prelogin_why(rq) == AUTH_CSRF_OK;
}

void
auth_prelogin_end(struct request *rq, struct response *rs)
{
	set_cookie(rq, rs, prelogin_cookie(rq), "", "/admin/login", 0);
}

bool
auth_prelogin_hash(const struct request *rq,
    unsigned char hash[STORE_TOKEN_HASH_LEN])
{
	unsigned char raw[TOKEN_BYTES];
	bool ok = token_decode(request_cookie(rq, prelogin_cookie(rq)), raw);

	if (ok)
		token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	return ok;
}

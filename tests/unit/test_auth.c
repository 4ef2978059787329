/* test_auth.c: passwords, next= targets, the sign-in throttle, sessions
 * and their cookies, CSRF checks, over a fresh database. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "config.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "store/throttle.h"
#include "store/user.h"

#define PASSWORD	"correct horse battery"
#define T0		1700000000

static struct config cfg;
static struct store *db;
static char dir[] = "/tmp/waypoint-test-auth-XXXXXX";
static char db_path[256];

/* One request and its response. */
struct ex {
	struct arena	*arena;
	struct request	 rq;
	struct response	 rs;
};

static void
ex_begin(struct ex *e, time_t now, const char *client, bool https)
{
	e->arena = arena_new();
	assert_non_null(e->arena);
	request_init(&e->rq, e->arena);
	response_init(&e->rs);
	e->rq.cfg = &cfg;
	e->rq.db = db;
	e->rq.now = now;
	e->rq.https = https;
	e->rq.method = METHOD_POST;
	snprintf(e->rq.client, sizeof(e->rq.client), "%s", client);
}

static void
ex_end(struct ex *e)
{
	response_free(&e->rs);
	arena_free(e->arena);
}

/* A urlencoded POST body (the caller's string must outlive e). */
static void
ex_form(struct ex *e, const char *body)
{
	assert_int_equal(request_add_header(&e->rq, "Content-Type",
	    "application/x-www-form-urlencoded"), 0);
	e->rq.body = body;
	e->rq.body_len = strlen(body);
}

/* The Set-Cookie header of rs that sets cookie name, or NULL. */
static const char *
set_cookie(const struct response *rs, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < rs->nheaders; i++)
		if (strcasecmp(rs->headers[i].name, "Set-Cookie") == 0 &&
		    strncmp(rs->headers[i].value, name, len) == 0 &&
		    rs->headers[i].value[len] == '=')
			return rs->headers[i].value;
	return NULL;
}

/* The value in a Set-Cookie header, copied into buf. */
static const char *
cookie_value(const char *header, char *buf, size_t size)
{
	const char *v = strchr(header, '=') + 1;
	size_t len = strcspn(v, ";");

	assert_true(len < size);
	memcpy(buf, v, len);
	buf[len] = '\0';
	return buf;
}

/* Each hash costs 50 ms or more: the accounts share one. */
static char *password_hash;

static int64_t
add_user(const char *name, const char *role)
{
	int64_t id;
	bool dup;

	assert_int_equal(store_user_add(db, name, role, password_hash, T0,
	    &id, &dup), STORE_OK);
	assert_false(dup);
	return id;
}

static enum auth_result
sign_in(const char *name, const char *password, const char *client,
    time_t now)
{
	struct ex e;
	enum auth_result r;

	ex_begin(&e, now, client, false);
	r = auth_sign_in(&e.rq, &e.rs, name, password);
	ex_end(&e);
	return r;
}

static int
setup(void **state)
{
	enum store_status st;

	(void)state;
	if (mkdtemp(dir) == NULL || config_load(&cfg, "/nonexistent",
	    false) == -1 || auth_init() == -1)
		return -1;
	snprintf(db_path, sizeof(db_path), "%s/test.db", dir);
	if ((db = store_open(db_path, STORE_CREATE, &st)) == NULL ||
	    store_migrate(db) != STORE_OK ||
	    (password_hash = auth_hash_password(PASSWORD)) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	store_close(db);
	free(password_hash);
	config_free(&cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_password_hash(void **state)
{
	char *hash, *again, *long_pw;

	(void)state;
	hash = auth_hash_password(PASSWORD);
	assert_non_null(hash);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_true(auth_verify_password(hash, PASSWORD));
	assert_false(auth_verify_password(hash, PASSWORD "x"));
	assert_false(auth_verify_password(hash, ""));
	/* The dummy hash never matches. */
	assert_false(auth_verify_password(NULL, PASSWORD));
	/* Salted: the same password hashes differently each time. */
	again = auth_hash_password(PASSWORD);
	assert_non_null(again);
	assert_string_not_equal(hash, again);
	long_pw = malloc(AUTH_PASSWORD_MAX + 2);
	memset(long_pw, 'a', AUTH_PASSWORD_MAX + 1);
	long_pw[AUTH_PASSWORD_MAX + 1] = '\0';
	assert_null(auth_hash_password(long_pw));
	assert_false(auth_verify_password(hash, long_pw));
	free(long_pw);
	free(again);
	free(hash);
}

static void
test_password_problem(void **state)
{
	char *s;

	(void)state;
	assert_null(auth_password_problem("abcdefghijkl"));
	assert_null(auth_password_problem("twelve chars"));
	/* Characters, not bytes: 12 two-byte letters pass, 11 do not. */
	assert_null(auth_password_problem(
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"));
	assert_non_null(auth_password_problem(
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"));
	assert_non_null(auth_password_problem(NULL));
	assert_non_null(auth_password_problem(""));
	assert_non_null(auth_password_problem("abcdefghijk"));
	assert_non_null(auth_password_problem("abcdefghijkl\n"));
	assert_non_null(auth_password_problem("abcdef\tghijkl"));
	assert_non_null(auth_password_problem("abcdefghijkl\x7f"));
	/* C1 controls, an overlong '/', a surrogate, a stray byte. */
	assert_non_null(auth_password_problem("abcdefghijkl\xc2\x85"));
	assert_non_null(auth_password_problem("abcdefghijkl\xc0\xaf"));
	assert_non_null(auth_password_problem("abcdefghijkl\xed\xa0\x80"));
	assert_non_null(auth_password_problem("abcdefghijkl\xff"));
	assert_non_null(auth_password_problem("abcdefghijkl\xe2\x82"));
	/* Only spaces, of any width or kind, is no password. */
	assert_non_null(auth_password_problem("            "));
	assert_non_null(auth_password_problem("      \xe3\x80\x80\xe3\x80\x80"
	    "\xe2\x80\xa8\xe2\x80\xa8\xc2\xa0\xc2\xa0"));
	assert_null(auth_password_problem("           x"));
	s = malloc(AUTH_PASSWORD_MAX + 2);
	memset(s, 'a', AUTH_PASSWORD_MAX);
	s[AUTH_PASSWORD_MAX] = '\0';
	assert_null(auth_password_problem(s));
	s[AUTH_PASSWORD_MAX] = 'a';
	s[AUTH_PASSWORD_MAX + 1] = '\0';
	assert_non_null(auth_password_problem(s));
	free(s);
}

static void
test_names(void **state)
{
	char name[80];

	(void)state;
	assert_true(auth_username_valid("anna.kovacs_2-x"));
	assert_false(auth_username_valid(""));
	assert_false(auth_username_valid("anna kovacs"));
	assert_false(auth_username_valid("<script>"));
	assert_false(auth_username_valid("\xc3\xa9va"));
	memset(name, 'a', 64);
	name[64] = '\0';
	assert_true(auth_username_valid(name));
	name[64] = 'a';
	name[65] = '\0';
	assert_false(auth_username_valid(name));
	assert_true(auth_role_valid("editor"));
	assert_true(auth_role_valid("admin"));
	assert_false(auth_role_valid("Admin"));
	assert_false(auth_role_valid(""));
	assert_false(auth_role_valid(NULL));
}

static void
test_next(void **state)
{
	char *s;

	(void)state;
	assert_true(auth_next_ok("/admin"));
	assert_true(auth_next_ok("/"));
	assert_true(auth_next_ok("/admin/news/3/edit"));
	assert_true(auth_next_ok("/admin/news?page=1"));
	assert_false(auth_next_ok(NULL));
	assert_false(auth_next_ok(""));
	assert_false(auth_next_ok("admin"));
	assert_false(auth_next_ok("//evil.example"));
	assert_false(auth_next_ok("/\\evil.example"));
	assert_false(auth_next_ok("https://evil.example/"));
	assert_false(auth_next_ok("javascript:alert(1)"));
	assert_false(auth_next_ok("/admin\r\nSet-Cookie: x=1"));
	assert_false(auth_next_ok("/\t/evil.example"));
	assert_false(auth_next_ok("/a\x7f"));
	s = malloc(AUTH_NEXT_MAX + 2);
	memset(s, 'a', AUTH_NEXT_MAX + 1);
	s[0] = '/';
	s[AUTH_NEXT_MAX] = '\0';
	assert_true(auth_next_ok(s));
	s[AUTH_NEXT_MAX] = 'a';
	s[AUTH_NEXT_MAX + 1] = '\0';
	assert_false(auth_next_ok(s));
	free(s);
}

static void
test_next_location(void **state)
{
	struct ex e;

	(void)state;
	ex_begin(&e, T0, "192.0.2.9", false);
	assert_string_equal(auth_next_location(&e.rq, "/a b/\xc3\xa9?x=1"),
	    "/a%20b/%C3%A9?x=1");
	ex_end(&e);
}

static void
test_throttle_account(void **state)
{
	int i;

	(void)state;
	add_user("throttled", "editor");
	for (i = 0; i < AUTH_FAILURES_MAX; i++)
		assert_int_equal(sign_in("Throttled", "wrong password!",
		    i % 2 ? "198.51.100.1" : "198.51.100.2", T0 + i),
		    AUTH_DENIED);
	/* The right password, from yet another address: still refused. */
	assert_int_equal(sign_in("throttled", PASSWORD, "198.51.100.3",
	    T0 + 10), AUTH_THROTTLED);
	assert_int_equal(sign_in("THROTTLED", PASSWORD, "198.51.100.3",
	    T0 + 11), AUTH_THROTTLED);
	/* Once the window has passed, it works again. */
	assert_int_equal(sign_in("throttled", PASSWORD, "198.51.100.3",
	    T0 + AUTH_FAILURE_WINDOW + 10), AUTH_OK);
}

static void
test_throttle_client(void **state)
{
	char name[32];
	int i;

	(void)state;
	add_user("victim", "editor");
	for (i = 0; i < AUTH_FAILURES_MAX; i++) {
		snprintf(name, sizeof(name), "nobody%d", i);
		assert_int_equal(sign_in(name, PASSWORD, "203.0.113.7",
		    T0 + i), AUTH_DENIED);
	}
	assert_int_equal(sign_in("victim", PASSWORD, "203.0.113.7", T0 + 20),
	    AUTH_THROTTLED);
	/* Another address is not held up by this one. */
	assert_int_equal(sign_in("victim", PASSWORD, "203.0.113.8", T0 + 21),
	    AUTH_OK);
}

#define BURST	10

/* One guess: a wrong password for name from client at now. */
struct guess {
	const char		*name;
	char			 client[32];
	time_t			 now;
	enum auth_result	 r;
};

/* One guess from a thread of its own, on its own connection (as each
 * worker thread has). */
static void *
guess(void *arg)
{
	struct guess *g = arg;
	enum store_status st;
	struct ex e;

	ex_begin(&e, g->now, g->client, false);
	e.rq.db = store_open(db_path, STORE_WRITE, &st);
	g->r = e.rq.db != NULL ? auth_sign_in(&e.rq, &e.rs, g->name,
	    "a wrong guess!") : AUTH_UNAVAILABLE;
	store_close(e.rq.db);
	ex_end(&e);
	return NULL;
}

/* n guesses at once, each from client, or from 198.51.100.(100 + i) when
 * client is NULL; their answers into r. */
static void
guesses(const char *name, const char *client, time_t now, int n,
    enum auth_result *r)
{
	pthread_t t[BURST];
	struct guess g[BURST];
	int i;

	assert_true(n <= BURST);
	for (i = 0; i < n; i++) {
		g[i].name = name;
		g[i].now = now;
		if (client != NULL)
			snprintf(g[i].client, sizeof(g[i].client), "%s",
			    client);
		else
			snprintf(g[i].client, sizeof(g[i].client),
			    "198.51.100.%d", 100 + i);
		assert_int_equal(pthread_create(&t[i], NULL, guess, &g[i]),
		    0);
	}
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		r[i] = g[i].r;
	}
}

static void
test_throttle_burst(void **state)
{
	enum auth_result r[BURST];
	int i, denied = 0, throttled = 0;

	(void)state;
	add_user("burst", "editor");
	guesses("burst", "198.51.100.77", T0, BURST, r);
	for (i = 0; i < BURST; i++) {
		denied += r[i] == AUTH_DENIED;
		throttled += r[i] == AUTH_THROTTLED;
	}
	/* Parallel guesses all pass a check made before any is recorded;
	 * counting and recording in one transaction lets exactly 5 in. */
	assert_int_equal(denied, AUTH_FAILURES_MAX);
	assert_int_equal(throttled, BURST - AUTH_FAILURES_MAX);
}

#define BUSY_GUESSES	6

static void
test_signin_busy(void **state)
{
	enum auth_result r[BUSY_GUESSES];
	int64_t by_user, by_client;
	int i, denied = 0, busy = 0;

	(void)state;
	/* Two workers: one password checked at once, the rest told "busy"
	 * at once rather than holding their workers. */
	auth_signin_workers(2);
	guesses("nobody-busy", NULL, T0 + 5 * 3600, BUSY_GUESSES, r);
	auth_signin_workers(0);
	for (i = 0; i < BUSY_GUESSES; i++) {
		denied += r[i] == AUTH_DENIED;
		busy += r[i] == AUTH_BUSY;
	}
	assert_int_equal(denied + busy, BUSY_GUESSES);
	assert_true(denied >= 1);
	assert_true(busy >= 1);
	/* A busy answer checked nothing, and counts nothing. */
	assert_int_equal(store_login_failures(db, "nobody-busy", "-", 0,
	    T0 + 5 * 3600 - 10, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, denied);
}

static void
test_failures_recorded(void **state)
{
	int64_t by_user, by_client, audit;
	time_t now = T0 + 3600;

	(void)state;
	/* A minute of its own: the tests before it used up T0's budget of
	 * lines for requests without a session (audit.c). */
	assert_int_equal(store_audit_count(db, &audit), STORE_OK);
	assert_int_equal(sign_in("Ghost\xff<b>", "whatever long pw",
	    "192.0.2.77", now), AUTH_DENIED);
	/* Kept lower-cased and printable, per account and per address. */
	assert_int_equal(store_login_failures(db, "ghost?<b>", "192.0.2.77", 0,
	    now - 10, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, 1);
	assert_int_equal(by_client, 1);
	assert_int_equal(store_audit_count(db, &by_user), STORE_OK);
	assert_int_equal(by_user, audit + 1);
	/* A success is not counted. */
	add_user("counted", "editor");
	assert_int_equal(sign_in("counted", PASSWORD, "192.0.2.79", now),
	    AUTH_OK);
	assert_int_equal(store_login_failures(db, "counted", "192.0.2.79", 0,
	    now - 10, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, 0);
	assert_int_equal(by_client, 0);
	/* Rows older than the window go when the next one is added. */
	assert_int_equal(sign_in("ghost2", "whatever long pw", "192.0.2.78",
	    now + 2 * AUTH_FAILURE_WINDOW), AUTH_DENIED);
	assert_int_equal(store_login_failures(db, "ghost?<b>", "192.0.2.77", 0,
	    0, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, 0);
	assert_int_equal(by_client, 0);
}

static void
test_disabled(void **state)
{
	int64_t id;

	(void)state;
	id = add_user("leaver", "editor");
	assert_int_equal(store_user_update(db, id, "editor", true, NULL, T0,
	    true), STORE_OK);
	assert_int_equal(sign_in("leaver", PASSWORD, "192.0.2.50", T0),
	    AUTH_DENIED);
}

/* Signs in as name and returns the session cookie's value in buf. */
static const char *
session_for(const char *name, bool https, time_t now, char *buf, size_t size)
{
	struct ex e;
	const char *h;

	ex_begin(&e, now, "192.0.2.60", https);
	assert_int_equal(auth_sign_in(&e.rq, &e.rs, name, PASSWORD), AUTH_OK);
	assert_non_null(e.rq.session);
	h = set_cookie(&e.rs, https ? "__Host-wp_session" : "wp_session");
	assert_non_null(h);
	if (https)
		assert_non_null(strstr(h, "; Path=/; Secure; HttpOnly; "
		    "SameSite=Strict"));
	else {
		assert_non_null(strstr(h, "; Path=/; HttpOnly; "
		    "SameSite=Strict"));
		assert_null(strstr(h, "Secure"));
	}
	cookie_value(h, buf, size);
	ex_end(&e);
	assert_int_equal(strlen(buf), 43);
	return buf;
}

/* Loads the session of cookie token at time now; the session or NULL,
 * valid until ex_end. */
static const struct session *
load(struct ex *e, const char *token, bool https, time_t now)
{
	char *c;

	ex_begin(e, now, "192.0.2.61", https);
	c = arena_printf(e->arena, "other=1; %s=%s", https ?
	    "__Host-wp_session" : "wp_session", token);
	assert_int_equal(request_add_header(&e->rq, "Cookie", c), 0);
	assert_int_equal(auth_session_load(&e->rq), 0);
	return e->rq.session;
}

static void
test_session(void **state)
{
	unsigned char raw[32], hash[32];
	struct store_session ss;
	const struct session *s;
	char token[64], saved;
	struct arena *a;
	size_t len;
	struct ex e;

	(void)state;
	add_user("Sessioned", "admin");
	session_for("sessioned", false, T0, token, sizeof(token));
	/* The database holds the token's hash, not the token. */
	assert_int_equal(sodium_base642bin(raw, sizeof(raw), token,
	    strlen(token), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	assert_int_equal(len, 32);
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	a = arena_new();
	assert_int_equal(store_session_get(db, a, hash, &ss), STORE_OK);
	assert_string_equal(ss.username, "Sessioned");
	assert_int_equal(store_session_get(db, a, raw, &ss), STORE_NOTFOUND);
	arena_free(a);

	s = load(&e, token, false, T0 + 60);
	assert_non_null(s);
	assert_string_equal(s->username, "Sessioned");
	assert_string_equal(s->role, "admin");
	assert_true(s->is_admin);
	assert_int_equal(strlen(s->csrf_token), 43);
	assert_string_equal(s->flash, "");
	ex_end(&e);

	/* Over HTTPS only the __Host- cookie counts. */
	ex_begin(&e, T0 + 60, "192.0.2.61", true);
	request_add_header(&e.rq, "Cookie", arena_printf(e.arena,
	    "wp_session=%s", token));
	assert_int_equal(auth_session_load(&e.rq), 0);
	assert_null(e.rq.session);
	ex_end(&e);
	/* A forged or mangled cookie finds nothing. */
	saved = token[5];
	token[5] = saved == 'A' ? 'B' : 'A';
	assert_null(load(&e, token, false, T0 + 60));
	ex_end(&e);
	token[5] = saved;
	assert_null(load(&e, "short", false, T0 + 60));
	ex_end(&e);

	/* Seen at T0 + 60: idle until T0 + 60 + 30 minutes. */
	assert_non_null(load(&e, token, false, T0 + 60 + AUTH_IDLE_TIMEOUT -
	    1));
	ex_end(&e);
	assert_null(load(&e, token, false, T0 + 60 + 2 * AUTH_IDLE_TIMEOUT));
	ex_end(&e);
	/* ... and the expired row is gone, not only refused. */
	a = arena_new();
	assert_int_equal(store_session_get(db, a, hash, &ss), STORE_NOTFOUND);
	arena_free(a);
}

static void
test_session_absolute(void **state)
{
	char token[64];
	time_t t;
	struct ex e;

	(void)state;
	add_user("steady", "editor");
	session_for("steady", true, T0, token, sizeof(token));
	/* Busy all day: never idle, but over after 12 hours. */
	for (t = T0 + 20 * 60; t < T0 + AUTH_ABSOLUTE_TIMEOUT; t += 20 * 60) {
		assert_non_null(load(&e, token, true, t));
		ex_end(&e);
	}
	assert_null(load(&e, token, true, T0 + AUTH_ABSOLUTE_TIMEOUT));
	ex_end(&e);
}

static void
test_flash_csrf_sign_out(void **state)
{
	const struct session *s;
	char token[64], *body;
	struct ex e;

	(void)state;
	add_user("flashy", "editor");
	session_for("flashy", false, T0, token, sizeof(token));
	s = load(&e, token, false, T0 + 1);
	assert_non_null(s);
	assert_false(s->is_admin);
	audit_flash(&e.rq, "Saved.");
	ex_end(&e);
	s = load(&e, token, false, T0 + 2);
	assert_string_equal(s->flash, "Saved.");
	ex_end(&e);
	s = load(&e, token, false, T0 + 3);
	assert_string_equal(s->flash, "");

	/* CSRF: the field must be the session's token. */
	body = arena_printf(e.arena, "a=1&csrf_token=%s", s->csrf_token);
	ex_form(&e, body);
	assert_true(auth_csrf_ok(&e.rq));
	assert_int_equal(request_add_header(&e.rq, "Origin",
	    "http://127.0.0.1:8080"), 0);
	assert_true(auth_csrf_ok(&e.rq));
	ex_end(&e);

	s = load(&e, token, false, T0 + 4);
	ex_form(&e, arena_printf(e.arena, "csrf_token=%s", s->csrf_token));
	request_add_header(&e.rq, "Origin", "http://evil.example");
	assert_false(auth_csrf_ok(&e.rq));
	ex_end(&e);
	s = load(&e, token, false, T0 + 4);
	ex_form(&e, arena_printf(e.arena, "csrf_token=%s", s->csrf_token));
	request_add_header(&e.rq, "Sec-Fetch-Site", "cross-site");
	assert_false(auth_csrf_ok(&e.rq));
	ex_end(&e);
	s = load(&e, token, false, T0 + 4);
	ex_form(&e, arena_printf(e.arena, "csrf_token=%.42s", s->csrf_token));
	assert_false(auth_csrf_ok(&e.rq));
	ex_end(&e);
	s = load(&e, token, false, T0 + 4);
	ex_form(&e, "csrf_token=");
	assert_false(auth_csrf_ok(&e.rq));
	ex_end(&e);

	/* Signing out deletes the session and expires the cookie. */
	s = load(&e, token, false, T0 + 5);
	assert_non_null(s);
	assert_int_equal(auth_sign_out(&e.rq, &e.rs), 0);
	assert_non_null(strstr(set_cookie(&e.rs, "wp_session"),
	    "Max-Age=0"));
	assert_string_equal(response_get_header(&e.rs, "Clear-Site-Data"),
	    "\"cache\", \"cookies\"");
	ex_end(&e);
	assert_null(load(&e, token, false, T0 + 6));
	ex_end(&e);
}

static void
test_origin(void **state)
{
	static const struct {
		const char	*origin;
		bool		 ok;
	} cases[] = {
		{ "http://127.0.0.1:8080", true },
		{ "HTTP://127.0.0.1:8080", true },
		{ "http://127.0.0.1:8081", false },
		{ "https://127.0.0.1:8080", false },
		{ "http://127.0.0.1:8080/", false },
		{ "http://127.0.0.1", false },
		{ "null", false },
		{ "", false },
	};
	struct ex e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ex_begin(&e, T0, "192.0.2.1", false);
		request_add_header(&e.rq, "Origin", cases[i].origin);
		assert_int_equal(auth_origin_ok(&e.rq), cases[i].ok);
		ex_end(&e);
	}
	ex_begin(&e, T0, "192.0.2.1", false);
	assert_true(auth_origin_ok(&e.rq));
	request_add_header(&e.rq, "Sec-Fetch-Site", "none");
	assert_true(auth_origin_ok(&e.rq));
	ex_end(&e);
	ex_begin(&e, T0, "192.0.2.1", false);
	request_add_header(&e.rq, "Sec-Fetch-Site", "same-site");
	assert_false(auth_origin_ok(&e.rq));
	ex_end(&e);
}

static void
test_prelogin(void **state)
{
	const char *token, *h;
	char value[64];
	struct ex e;

	(void)state;
	ex_begin(&e, T0, "192.0.2.1", false);
	token = auth_prelogin(&e.rq, &e.rs);
	assert_non_null(token);
	assert_int_equal(strlen(token), 43);
	h = set_cookie(&e.rs, "wp_prelogin");
	assert_non_null(h);
	assert_non_null(strstr(h, "; Path=/admin/login; HttpOnly; "
	    "SameSite=Strict; Max-Age=3600"));
	cookie_value(h, value, sizeof(value));
	assert_string_equal(value, token);
	ex_end(&e);

	/* The form's field matches the cookie. */
	ex_begin(&e, T0, "192.0.2.1", false);
	request_add_header(&e.rq, "Cookie", arena_printf(e.arena,
	    "wp_prelogin=%s", value));
	ex_form(&e, arena_printf(e.arena, "username=a&csrf_token=%s", value));
	assert_true(auth_prelogin_ok(&e.rq));
	/* A GET with the cookie keeps its value (another tab's form). */
	assert_string_equal(auth_prelogin(&e.rq, &e.rs), value);
	ex_end(&e);

	ex_begin(&e, T0, "192.0.2.1", false);
	ex_form(&e, arena_printf(e.arena, "csrf_token=%s", value));
	assert_false(auth_prelogin_ok(&e.rq));
	ex_end(&e);
	ex_begin(&e, T0, "192.0.2.1", false);
	request_add_header(&e.rq, "Cookie", arena_printf(e.arena,
	    "wp_prelogin=%s", value));
	ex_form(&e, "csrf_token=x");
	assert_false(auth_prelogin_ok(&e.rq));
	ex_end(&e);
	/* Equal, but not a token this site makes. */
	ex_begin(&e, T0, "192.0.2.1", false);
	request_add_header(&e.rq, "Cookie", "wp_prelogin=x");
	ex_form(&e, "csrf_token=x");
	assert_false(auth_prelogin_ok(&e.rq));
	ex_end(&e);
	/* Right token, wrong origin. */
	ex_begin(&e, T0, "192.0.2.1", false);
	request_add_header(&e.rq, "Cookie", arena_printf(e.arena,
	    "wp_prelogin=%s", value));
	ex_form(&e, arena_printf(e.arena, "csrf_token=%s", value));
	request_add_header(&e.rq, "Origin", "https://evil.example");
	assert_false(auth_prelogin_ok(&e.rq));
	ex_end(&e);

	/* Over HTTPS: the __Host- cookie, Path=/ and Secure. */
	ex_begin(&e, T0, "192.0.2.1", true);
	assert_non_null(auth_prelogin(&e.rq, &e.rs));
	h = set_cookie(&e.rs, "__Host-wp_prelogin");
	assert_non_null(h);
	assert_non_null(strstr(h, "; Path=/; Secure; HttpOnly; "
	    "SameSite=Strict; Max-Age=3600"));
	ex_end(&e);
}

static void
test_audit(void **state)
{
	struct audit_entry *items;
	struct ex e;
	size_t n;

	(void)state;
	ex_begin(&e, T0 + 99, "192.0.2.99", false);
	assert_int_equal(audit_add(&e.rq, "someone", "menu",
	    "moved \"About\" up"), STORE_OK);
	ex_end(&e);
	e.arena = arena_new();
	assert_int_equal(store_audit_list(db, e.arena, 0, 1, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].username, "someone");
	assert_string_equal(items[0].action, "menu");
	assert_string_equal(items[0].detail, "moved \"About\" up");
	assert_string_equal(items[0].client, "192.0.2.99");
	arena_free(e.arena);
}

/* A log that refuses the line: audit_add says so, and audit_commit rolls
 * the change it records back. */
static void
test_audit_refused(void **state)
{
	struct audit_entry *items;
	struct user u;
	sqlite3 *raw;
	struct ex e;
	size_t n;
	bool unrecorded;

	(void)state;
	assert_int_equal(sqlite3_open(db_path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "CREATE TRIGGER no_audit BEFORE "
	    "INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END",
	    NULL, NULL, NULL),
	    SQLITE_OK);
	ex_begin(&e, T0 + 100, "192.0.2.100", false);
	assert_int_not_equal(audit_add(&e.rq, "someone", "menu", "x"),
	    STORE_OK);
	ex_end(&e);

	/* audit_commit: the change made before it goes too. */
	ex_begin(&e, T0 + 101, "192.0.2.100", false);
	assert_int_equal(store_tx_begin(db), STORE_OK);
	add_user("unrecorded", "editor");
	unrecorded = false;
	assert_int_not_equal(audit_commit(&e.rq, "account", "unrecorded: "
	    "created", NULL, &unrecorded), STORE_OK);
	assert_true(unrecorded);
	assert_int_equal(store_user_by_name(db, e.arena, "unrecorded", &u),
	    STORE_NOTFOUND);
	ex_end(&e);
	assert_int_equal(sqlite3_exec(raw, "DROP TRIGGER no_audit", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(raw);

	/* With the log back, the change and its line commit together. */
	ex_begin(&e, T0 + 102, "192.0.2.100", false);
	assert_int_equal(store_tx_begin(db), STORE_OK);
	add_user("recorded", "editor");
	assert_int_equal(audit_commit(&e.rq, "account", "recorded: created",
	    NULL, &unrecorded), STORE_OK);
	assert_false(unrecorded);
	assert_int_equal(store_user_by_name(db, e.arena, "recorded", &u),
	    STORE_OK);
	assert_int_equal(store_audit_list(db, e.arena, 0, 1, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].detail, "recorded: created");
	ex_end(&e);
}

static void
test_overlong_counted(void **state)
{
	static char longpw[AUTH_PASSWORD_MAX + 2];
	int64_t by_user, by_client;
	time_t now = T0 + 2 * 3600;

	(void)state;
	memset(longpw, 'x', sizeof(longpw) - 1);
	add_user("longpw", "editor");
	assert_int_equal(sign_in("longpw", longpw, "192.0.2.90", now),
	    AUTH_DENIED);
	/* Counted for the account and the address alike. */
	assert_int_equal(store_login_failures(db, "longpw", "192.0.2.90", 0,
	    now - 10, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, 1);
	assert_int_equal(by_client, 1);
}

static void
test_ipv6_grouped(void **state)
{
	char client[64];
	int i;

	(void)state;
	/* Five addresses of one /64 are one client. */
	for (i = 0; i < AUTH_FAILURES_MAX; i++) {
		snprintf(client, sizeof(client), "2001:db8:5:6::%d", i + 1);
		assert_int_equal(sign_in("nobody-v6", "whatever long pw",
		    client, T0 + 3 * 3600), AUTH_DENIED);
	}
	assert_int_equal(sign_in("someone-else", "whatever long pw",
	    "2001:db8:5:6:ffff::1", T0 + 3 * 3600), AUTH_THROTTLED);
	assert_int_equal(sign_in("someone-else", "whatever long pw",
	    "2001:db8:5:7::1", T0 + 3 * 3600), AUTH_DENIED);
}

/* Signs in as name from client at now, carrying the device cookie in
 * cookie ("" for none); the device cookie set, into cookie. */
static enum auth_result
sign_in_device(const char *name, const char *password, const char *client,
    time_t now, char *cookie, size_t size)
{
	struct ex e;
	enum auth_result r;
	const char *h;
	char header[300];

	ex_begin(&e, now, client, false);
	if (*cookie != '\0') {
		snprintf(header, sizeof(header), "wp_device=%s", cookie);
		request_add_header(&e.rq, "Cookie", header);
	}
	r = auth_sign_in(&e.rq, &e.rs, name, password);
	if ((h = set_cookie(&e.rs, "wp_device")) != NULL) {
		assert_non_null(strstr(h, "; Path=/admin;"));
		assert_non_null(strstr(h, "HttpOnly"));
		assert_non_null(strstr(h, "SameSite=Strict"));
		assert_non_null(strstr(h, "Max-Age=31536000"));
		cookie_value(h, cookie, size);
	}
	ex_end(&e);
	return r;
}

/* An attacker fails five times with name at now, from many places
 * (203.0.113.first on): the name is locked for a browser without its
 * device cookie (client). */
static void
lock_out(const char *name, int first, const char *client, time_t now)
{
	char from[32];
	int i;

	for (i = 0; i < AUTH_FAILURES_MAX; i++) {
		snprintf(from, sizeof(from), "203.0.113.%d", first + i);
		assert_int_equal(sign_in(name, "a wrong guess!", from, now),
		    AUTH_DENIED);
	}
	assert_int_equal(sign_in(name, PASSWORD, client, now),
	    AUTH_THROTTLED);
}

/* Account user, signing in as name from client, gets a device cookie
 * (into cookie) named for it, and still signs in with it once the name
 * is locked out (lock_out, from 203.0.113.first on; other: a browser
 * without it). */
static void
device_kept(const char *user, const char *name, const char *client,
    const char *other, int first, time_t now, char *cookie, size_t size)
{
	add_user(user, "editor");
	assert_int_equal(sign_in_device(name, PASSWORD, client, now, cookie,
	    size), AUTH_OK);
	assert_int_equal(strncmp(cookie, user, strlen(user)), 0);
	assert_int_equal(cookie[strlen(user)], '.');
	lock_out(name, first, other, now);
	assert_int_equal(sign_in_device(name, PASSWORD, client, now, cookie,
	    size), AUTH_OK);
}

static void
test_device_cookie(void **state)
{
	char cookie[256] = "", forged[256];
	time_t now = T0 + 4 * 3600;

	(void)state;
	device_kept("Devicer", "devicer", "192.0.2.100", "192.0.2.101", 1, now,
	    cookie, sizeof(cookie));
	/* A cookie for another account, or one altered, is anonymous. */
	assert_int_equal(sign_in_device("someone", "a wrong guess!",
	    "192.0.2.102", now, cookie, sizeof(cookie)), AUTH_DENIED);
	snprintf(forged, sizeof(forged), "%s", cookie);
	forged[9] = forged[9] == 'A' ? 'B' : 'A';
	assert_int_equal(sign_in_device("devicer", PASSWORD, "192.0.2.100",
	    now, forged, sizeof(forged)), AUTH_THROTTLED);
}

/* A name with dots (j.doe) keeps its device: the cookie is read from
 * the right. */
static void
test_device_cookie_dotted(void **state)
{
	char cookie[256] = "";

	(void)state;
	device_kept("j.doe.x", "j.doe.x", "192.0.2.110", "192.0.2.111", 20,
	    T0 + 5 * 3600, cookie, sizeof(cookie));
}

static void
test_device_cookie_secure(void **state)
{
	struct config https_cfg = cfg;
	struct ex e;
	const char *h;

	(void)state;
	/* TLS ended in front of us: base_url says https. */
	https_cfg.base_url = "https://www.example.org";
	add_user("secured", "editor");
	ex_begin(&e, T0 + 4 * 3600, "192.0.2.110", false);
	e.rq.cfg = &https_cfg;
	assert_int_equal(auth_sign_in(&e.rq, &e.rs, "secured", PASSWORD),
	    AUTH_OK);
	assert_null(set_cookie(&e.rs, "wp_device"));
	assert_non_null(h = set_cookie(&e.rs, "__Secure-wp_device"));
	assert_non_null(strstr(h, "; Secure"));
	assert_non_null(strstr(h, "Path=/admin;"));
	ex_end(&e);
}

static void
test_csrf_why(void **state)
{
	struct ex e;
	const char *text;

	(void)state;
	ex_begin(&e, T0, "192.0.2.1", false);
	ex_form(&e, "a=1");
	assert_int_equal(auth_csrf_why(&e.rq), AUTH_CSRF_NO_TOKEN);
	ex_end(&e);
	ex_begin(&e, T0, "192.0.2.1", false);
	ex_form(&e, "csrf_token=abc");
	assert_int_equal(auth_csrf_why(&e.rq), AUTH_CSRF_BAD_TOKEN);
	ex_end(&e);
	ex_begin(&e, T0, "192.0.2.1", false);
	request_add_header(&e.rq, "Origin", "http://127.0.0.1:8090");
	assert_int_equal(auth_origin_why(&e.rq), AUTH_CSRF_ORIGIN);
	/* The page names both addresses and the key to change. */
	text = auth_csrf_refused(&e.rq, AUTH_CSRF_ORIGIN, "someone");
	assert_non_null(strstr(text, "http://127.0.0.1:8090"));
	assert_non_null(strstr(text, cfg.base_url));
	assert_non_null(strstr(text, "base_url"));
	ex_end(&e);
	ex_begin(&e, T0, "192.0.2.1", false);
	request_add_header(&e.rq, "Sec-Fetch-Site", "cross-site");
	assert_int_equal(auth_origin_why(&e.rq), AUTH_CSRF_CROSS_SITE);
	ex_end(&e);
}

static void
test_audit_retention(void **state)
{
	struct ex e;
	int64_t before, after;
	time_t old = T0 - 401 * 86400;

	(void)state;
	assert_int_equal(cfg.audit_keep_days, 400);
	assert_int_equal(store_audit_add(db, old, 0, "ancient", "edit", "",
	    "192.0.2.1"), STORE_OK);
	assert_int_equal(store_audit_add(db, T0 - 399 * 86400, 0, "recent",
	    "edit", "", "192.0.2.1"), STORE_OK);
	assert_int_equal(store_audit_count(db, &before), STORE_OK);
	/* A line added at T0 takes the one past 400 days with it. */
	ex_begin(&e, T0, "192.0.2.1", false);
	assert_int_equal(audit_add(&e.rq, "x", "edit", ""), STORE_OK);
	ex_end(&e);
	assert_int_equal(store_audit_count(db, &after), STORE_OK);
	assert_int_equal(after, before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash),
		cmocka_unit_test(test_password_problem),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_next_location),
		cmocka_unit_test(test_throttle_account),
		cmocka_unit_test(test_throttle_client),
		cmocka_unit_test(test_throttle_burst),
		cmocka_unit_test(test_failures_recorded),
		cmocka_unit_test(test_signin_busy),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_session_absolute),
		cmocka_unit_test(test_flash_csrf_sign_out),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_prelogin),
		cmocka_unit_test(test_audit),
		cmocka_unit_test(test_audit_refused),
		cmocka_unit_test(test_overlong_counted),
		cmocka_unit_test(test_ipv6_grouped),
		cmocka_unit_test(test_device_cookie),
		cmocka_unit_test(test_device_cookie_dotted),
		cmocka_unit_test(test_device_cookie_secure),
		cmocka_unit_test(test_csrf_why),
		cmocka_unit_test(test_audit_retention),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

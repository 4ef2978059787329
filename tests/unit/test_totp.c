/* test_totp.c: TOTP codes against RFC 6238's test vectors, the window of
 * one step either side, replay and recovery codes in the store, the
 * sign-in waiting for its code, [auth] require_totp, and the rules of a new password (only spaces, the common
 * passwords). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "auth_internal.h"
#include "auth_totp.h"
#include "config.h"
#include "request.h"
#include "response.h"
#include "store/totp.h"
#include "store/user.h"
#include "store_fixture.h"

/* RFC 6238's SHA-1 key, "12345678901234567890", and in base32. */
#define RFC_KEY		"12345678901234567890"
#define RFC_KEY_B32	"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* RFC 6238 appendix B, SHA-1: the last six digits of each 8-digit code
 * (a 6-digit code is the same value modulo 10^6). */
static void
test_rfc6238_vectors(void **state)
{
	static const struct {
		time_t		 t;
		const char	*code;
	} v[] = {
		{ 59, "287082" },
		{ 1111111109, "081804" },
		{ 1111111111, "050471" },
		{ 1234567890, "005924" },
		{ 2000000000, "279037" },
		{ 20000000000, "353130" },
	};
	char out[AUTH_TOTP_DIGITS + 1];
	int64_t step;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(auth_totp_code((const unsigned char *)RFC_KEY,
		    strlen(RFC_KEY), v[i].t, out), 0);
		assert_string_equal(out, v[i].code);
		assert_true(auth_totp_match(RFC_KEY_B32, v[i].t, 0, v[i].code,
		    &step));
		assert_int_equal(step, v[i].t / 30);
	}
}

static void
test_window_and_replay(void **state)
{
	char out[AUTH_TOTP_DIGITS + 1];
	const unsigned char *key = (const unsigned char *)RFC_KEY;
	time_t t = 1111111111;
	int64_t now = t / 30, step;

	(void)state;
	/* The step before and after are accepted (clock drift) ... */
	assert_int_equal(auth_totp_code(key, 20, t - 30, out), 0);
	assert_true(auth_totp_match(RFC_KEY_B32, t, 0, out, &step));
	assert_int_equal(step, now - 1);
	assert_int_equal(auth_totp_code(key, 20, t + 30, out), 0);
	assert_true(auth_totp_match(RFC_KEY_B32, t, 0, out, &step));
	assert_int_equal(step, now + 1);
	/* ... two steps away are not. */
	assert_int_equal(auth_totp_code(key, 20, t - 60, out), 0);
	assert_false(auth_totp_match(RFC_KEY_B32, t, 0, out, &step));
	assert_int_equal(auth_totp_code(key, 20, t + 60, out), 0);
	assert_false(auth_totp_match(RFC_KEY_B32, t, 0, out, &step));
	/* A step at or before the last accepted one is a replay. */
	assert_false(auth_totp_match(RFC_KEY_B32, t, now, "050471", &step));
	assert_true(auth_totp_match(RFC_KEY_B32, t, now - 1, "050471",
	    &step));
	/* As an app shows it, with a space; nothing else. */
	assert_true(auth_totp_match(RFC_KEY_B32, t, 0, "050 471", &step));
	assert_false(auth_totp_match(RFC_KEY_B32, t, 0, "05047", &step));
	assert_false(auth_totp_match(RFC_KEY_B32, t, 0, "0504711", &step));
	assert_false(auth_totp_match(RFC_KEY_B32, t, 0, "05047a", &step));
	assert_false(auth_totp_match(RFC_KEY_B32, t, 0, "", &step));
	assert_false(auth_totp_match("not base32!", t, 0, "050471", &step));
}

static void
test_key_and_uri(void **state)
{
	struct fixture *f = *state;
	const char *k1 = auth_totp_key_new(f->a), *k2 = auth_totp_key_new(f->a);

	assert_non_null(k1);
	assert_int_equal(strlen(k1), AUTH_TOTP_KEY_LEN);
	assert_int_equal(strspn(k1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
	    AUTH_TOTP_KEY_LEN);
	assert_string_not_equal(k1, k2);
	assert_string_equal(auth_totp_key_grouped(f->a, "ABCDEFGHIJ"),
	    "ABCD EFGH IJ");
	assert_string_equal(auth_totp_uri(f->a, "example.org", "maria b",
	    "ABCD"), "otpauth://totp/example.org:maria%20b?secret=ABCD"
	    "&issuer=example.org&algorithm=SHA1&digits=6&period=30");
}

static int64_t
user(struct fixture *f, const char *name)
{
	int64_t id;
	bool dup;

	assert_int_equal(store_user_add(f->s, name, "editor", "x", 1, &id,
	    &dup), STORE_OK);
	return id;
}

static void
test_store_steps(void **state)
{
	struct fixture *f = *state;
	unsigned char none[1][STORE_TOTP_HASH_LEN];
	struct store_totp t;
	int64_t id = user(f, "ana");

	assert_int_equal(store_totp_get(f->s, f->a, id, &t), STORE_OK);
	assert_false(t.enabled);
	assert_string_equal(t.secret, "");
	assert_int_equal(store_totp_begin(f->s, id, RFC_KEY_B32, 1), STORE_OK);
	assert_int_equal(store_totp_enable(f->s, id, 100,
	    (const unsigned char (*)[STORE_TOTP_HASH_LEN])none, 0, 1),
	    STORE_OK);
	/* A second confirmation (two at once) does not replace the
	 * first one's recovery codes. */
	assert_int_equal(store_totp_enable(f->s, id, 100,
	    (const unsigned char (*)[STORE_TOTP_HASH_LEN])none, 0, 1),
	    STORE_NOTFOUND);
	/* Enrolment cannot start again over a confirmed key. */
	assert_int_equal(store_totp_begin(f->s, id, "AAAA", 1),
	    STORE_NOTFOUND);
	/* Each step once, and never an older one. */
	assert_int_equal(store_totp_use_step(f->s, id, 100), STORE_NOTFOUND);
	assert_int_equal(store_totp_use_step(f->s, id, 101), STORE_OK);
	assert_int_equal(store_totp_use_step(f->s, id, 101), STORE_NOTFOUND);
	assert_int_equal(store_totp_use_step(f->s, id, 99), STORE_NOTFOUND);
	assert_int_equal(store_totp_get(f->s, f->a, id, &t), STORE_OK);
	assert_true(t.enabled);
	assert_string_equal(t.secret, RFC_KEY_B32);
	assert_int_equal(t.last_step, 101);
	assert_int_equal(store_totp_clear(f->s, id, true, 2), STORE_OK);
	assert_int_equal(store_totp_get(f->s, f->a, id, &t), STORE_OK);
	assert_false(t.enabled);
	assert_string_equal(t.secret, "");
	assert_int_equal(store_totp_clear(f->s, 9999, true, 2),
	    STORE_NOTFOUND);
}

static void
test_recovery_codes(void **state)
{
	struct fixture *f = *state;
	unsigned char hashes[AUTH_TOTP_RECOVERY_N][STORE_TOTP_HASH_LEN];
	unsigned char h[STORE_TOTP_HASH_LEN], h2[STORE_TOTP_HASH_LEN];
	const char *codes[AUTH_TOTP_RECOVERY_N];
	char typed[32];
	struct store_totp t;
	int64_t id = user(f, "ben"), other = user(f, "cy");
	size_t i;

	assert_int_equal(auth_totp_recovery_new(f->a, id, codes, hashes), 0);
	for (i = 0; i < AUTH_TOTP_RECOVERY_N; i++) {
		assert_int_equal(strlen(codes[i]), 19);
		assert_int_equal(codes[i][4], '-');
	}
	assert_string_not_equal(codes[0], codes[1]);
	assert_int_equal(store_totp_begin(f->s, id, RFC_KEY_B32, 1), STORE_OK);
	assert_int_equal(store_totp_enable(f->s, id, 1,
	    (const unsigned char (*)[STORE_TOTP_HASH_LEN])hashes,
	    AUTH_TOTP_RECOVERY_N, 1), STORE_OK);
	/* Typed in lower case, without hyphens: the same code. */
	for (i = 0; codes[3][i] != '\0'; i++)
		typed[i] = codes[3][i] >= 'A' && codes[3][i] <= 'Z' ?
		    (char)(codes[3][i] - 'A' + 'a') : codes[3][i];
	typed[i] = '\0';
	auth_totp_recovery_hash(id, typed, h);
	assert_memory_equal(h, hashes[3], sizeof(h));
	/* Another account's hash of the same code differs. */
	auth_totp_recovery_hash(other, codes[3], h2);
	assert_memory_not_equal(h, h2, sizeof(h));
	assert_int_equal(store_totp_use_recovery(f->s, other, h2),
	    STORE_NOTFOUND);
	/* Once, then never again. */
	assert_int_equal(store_totp_use_recovery(f->s, id, h), STORE_OK);
	assert_int_equal(store_totp_use_recovery(f->s, id, h),
	    STORE_NOTFOUND);
	assert_int_equal(store_totp_get(f->s, f->a, id, &t), STORE_OK);
	assert_int_equal(t.recovery_left, AUTH_TOTP_RECOVERY_N - 1);
	/* Too long or too short hashes to nothing stored. */
	auth_totp_recovery_hash(id, "ABCD-EFGH-JKLM-NPQR-S", h);
	assert_int_equal(store_totp_use_recovery(f->s, id, h),
	    STORE_NOTFOUND);
	auth_totp_recovery_hash(id, "", h);
	assert_int_equal(store_totp_use_recovery(f->s, id, h),
	    STORE_NOTFOUND);
}

static void
test_pending(void **state)
{
	struct fixture *f = *state;
	unsigned char a[STORE_TOTP_HASH_LEN], b[STORE_TOTP_HASH_LEN];
	int64_t id = user(f, "dee"), got;

	memset(a, 1, sizeof(a));
	memset(b, 2, sizeof(b));
	assert_int_equal(store_signin_pending_add(f->s, a, id, 1000, 700),
	    STORE_OK);
	assert_int_equal(store_signin_pending_get(f->s, a, 1000, &got),
	    STORE_OK);
	assert_int_equal(got, id);
	/* Another browser's token, or too old: nothing. */
	assert_int_equal(store_signin_pending_get(f->s, b, 1000, &got),
	    STORE_NOTFOUND);
	assert_int_equal(store_signin_pending_get(f->s, a, 1001, &got),
	    STORE_NOTFOUND);
	/* Old ones go when a new one comes. */
	assert_int_equal(store_signin_pending_add(f->s, b, id, 1400, 1100),
	    STORE_OK);
	assert_int_equal(store_signin_pending_get(f->s, a, 0, &got),
	    STORE_NOTFOUND);
	assert_int_equal(store_signin_pending_delete(f->s, b), STORE_OK);
	assert_int_equal(store_signin_pending_get(f->s, b, 0, &got),
	    STORE_NOTFOUND);
	/* A password changed or reset ends a sign-in waiting for its code,
	 * which passed the old one; a role kept and sessions kept, not. */
	assert_int_equal(store_signin_pending_add(f->s, a, id, 2000, 1700),
	    STORE_OK);
	assert_int_equal(store_user_update(f->s, id, "editor", false, NULL,
	    2001, false), STORE_OK);
	assert_int_equal(store_signin_pending_get(f->s, a, 0, &got),
	    STORE_OK);
	assert_int_equal(store_user_update(f->s, id, "editor", false,
	    "$argon2id$new", 2002, true), STORE_OK);
	assert_int_equal(store_signin_pending_get(f->s, a, 0, &got),
	    STORE_NOTFOUND);
}

static void
test_common_passwords(void **state)
{
	(void)state;
	/* The first and the last of the list by rank, and its ends in
	 * byte order. */
	assert_true(auth_password_common("123456"));
	assert_true(auth_password_common("password"));
	assert_true(auth_password_common("PassWord"));
	assert_true(auth_password_common("!qaz2wsx"));
	assert_true(auth_password_common("zzzzzz1"));
	assert_false(auth_password_common(""));
	assert_false(auth_password_common("zzzzzz2"));
	assert_false(auth_password_common("correct horse battery"));
	assert_non_null(auth_password_problem("qwerty123456"));
	assert_non_null(auth_password_problem("QWERTY123456"));
	assert_non_null(auth_password_problem("1qaz2wsx3edc"));
	assert_null(auth_password_problem("qwerty1234567 and more"));
}

static void
test_only_spaces(void **state)
{
	(void)state;
	assert_non_null(auth_password_problem("              "));
	/* No-break and ideographic spaces are spaces too. */
	assert_non_null(auth_password_problem(
	    "\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0"
	    "\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80"
	    "      "));
	assert_null(auth_password_problem("             x"));
	assert_null(auth_password_problem("  spaced  out  words  "));
}

/* A request at now from client carrying the pre-session cookie token
 * (none when NULL), with its response. */
struct ex {
	struct request	 rq;
	struct response	 rs;
};

static void
ex_begin(struct ex *e, struct fixture *f, struct config *cfg, time_t now,
    const char *client, const char *token)
{
	request_init(&e->rq, f->a);
	response_init(&e->rs);
	e->rq.cfg = cfg;
	e->rq.db = f->s;
	e->rq.now = now;
	e->rq.method = METHOD_POST;
	snprintf(e->rq.client, sizeof(e->rq.client), "%s", client);
	if (token != NULL)
		assert_int_equal(request_add_header(&e->rq, "Cookie",
		    arena_printf(f->a, "wp_prelogin=%s", token)), 0);
}

/* Whether rs sets a session cookie with a value. */
static bool
sets_session(const struct response *rs)
{
	size_t i;

	for (i = 0; i < rs->nheaders; i++)
		if (strncmp(rs->headers[i].value, "wp_session=", 11) == 0 &&
		    rs->headers[i].value[11] != ';')
			return true;
	return false;
}

/* The sign-in hook: a right password of an account with TOTP gives no
 * session but a sign-in waiting for this browser's code; the code (once)
 * ends it with a session. */
static void
test_signin_waits_for_code(void **state)
{
	struct fixture *f = *state;
	unsigned char none[1][STORE_TOTP_HASH_LEN];
	const char *token, *other;
	char code[AUTH_TOTP_DIGITS + 1];
	struct config cfg;
	struct user u;
	struct ex e;
	char *hash;
	int64_t id;
	bool dup;
	time_t t0 = 1700000000;

	assert_int_equal(config_load(&cfg, "/nonexistent", false), 0);
	assert_non_null(hash = auth_hash_password("a long passphrase"));
	assert_int_equal(store_user_add(f->s, "eve", "editor", hash, 1, &id,
	    &dup), STORE_OK);
	free(hash);
	assert_int_equal(store_totp_begin(f->s, id, RFC_KEY_B32, 1), STORE_OK);
	assert_int_equal(store_totp_enable(f->s, id, 1,
	    (const unsigned char (*)[STORE_TOTP_HASH_LEN])none, 0, 1),
	    STORE_OK);
	ex_begin(&e, f, &cfg, t0, "192.0.2.1", NULL);
	token = auth_prelogin(&e.rq, &e.rs);
	other = auth_prelogin(&e.rq, &e.rs);
	response_free(&e.rs);
	assert_non_null(token);

	ex_begin(&e, f, &cfg, t0, "192.0.2.1", token);
	assert_int_equal(auth_sign_in(&e.rq, &e.rs, "eve",
	    "a long passphrase"), AUTH_CODE_NEEDED);
	assert_null(e.rq.session);
	assert_false(sets_session(&e.rs));
	response_free(&e.rs);

	/* Bound to this browser's token, for five minutes. */
	ex_begin(&e, f, &cfg, t0 + 60, "192.0.2.1", other);
	assert_int_equal(auth_totp_pending(&e.rq, &u), STORE_NOTFOUND);
	ex_begin(&e, f, &cfg, t0 + AUTH_TOTP_PENDING_AGE, "192.0.2.1", token);
	assert_int_equal(auth_totp_pending(&e.rq, &u), STORE_NOTFOUND);
	ex_begin(&e, f, &cfg, t0 + 60, "192.0.2.1", token);
	assert_int_equal(auth_totp_pending(&e.rq, &u), STORE_OK);
	assert_int_equal(u.id, id);

	assert_int_equal(auth_totp_code((const unsigned char *)RFC_KEY, 20,
	    t0 + 60, code), 0);
	assert_int_equal(auth_totp_check(&e.rq, &u, "000000x",
	    AUTH_TOTP_CODE), AUTH_DENIED);
	assert_int_equal(auth_totp_check(&e.rq, &u, code, AUTH_TOTP_CODE),
	    AUTH_OK);
	assert_int_equal(auth_totp_check(&e.rq, &u, code, AUTH_TOTP_CODE),
	    AUTH_DENIED);
	/* The password counts only where it is asked for. */
	assert_int_equal(auth_totp_check(&e.rq, &u, "a long passphrase",
	    AUTH_TOTP_CODE | AUTH_TOTP_RECOVERY), AUTH_DENIED);
	assert_int_equal(auth_totp_check(&e.rq, &u, "a long passphrase",
	    AUTH_TOTP_PASSWORD), AUTH_OK);
	assert_int_equal(auth_totp_signed_in(&e.rq, &e.rs, &u), AUTH_OK);
	assert_non_null(e.rq.session);
	assert_true(sets_session(&e.rs));
	response_free(&e.rs);
	ex_begin(&e, f, &cfg, t0 + 61, "192.0.2.1", token);
	assert_int_equal(auth_totp_pending(&e.rq, &u), STORE_NOTFOUND);
	config_free(&cfg);
}

/* [auth] require_totp: admins, all or off, and nothing else. */
static void
test_require_totp(void **state)
{
	static const char *const rules[] = { "admins", "all", "off" };
	struct fixture *f = *state;
	struct config cfg;
	struct request rq;
	char path[128];
	FILE *fp;
	size_t i;

	snprintf(path, sizeof(path), "%s/t.conf", f->dir);
	for (i = 0; i < 4; i++) {
		assert_non_null(fp = fopen(path, "w"));
		fprintf(fp, "[auth]\nrequire_totp = %s\n", i < 3 ? rules[i] :
		    "editors");
		fclose(fp);
		if (i == 3) {
			assert_int_equal(config_load(&cfg, path, true), -1);
			config_free(&cfg);
			break;
		}
		assert_int_equal(config_load(&cfg, path, true), 0);
		request_init(&rq, f->a);
		rq.cfg = &cfg;
		assert_int_equal(auth_totp_required(&rq, "admin"), i < 2);
		assert_int_equal(auth_totp_required(&rq, "editor"), i == 1);
		config_free(&cfg);
	}
	assert_int_equal(config_load(&cfg, "/nonexistent", false), 0);
	assert_string_equal(cfg.require_totp, "off");
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_window_and_replay),
		cmocka_unit_test_setup_teardown(test_key_and_uri, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_steps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recovery_codes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pending, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_require_totp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_signin_waits_for_code,
		    setup, teardown),
		cmocka_unit_test(test_common_passwords),
		cmocka_unit_test(test_only_spaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

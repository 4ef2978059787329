/* test_user.c: the account's interface language in store/user.c
 * (migration 004): set, read with the account and its session, and back
 * to the site's default (NULL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/store.h"
#include "store/user.h"
#include "store_fixture.h"

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

static void
test_lang(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[STORE_TOKEN_HASH_LEN];
	struct store_session ss;
	struct user u;
	bool duplicate;
	int64_t id;

	assert_int_equal(store_user_add(f->s, "maria", "editor", "x",
	    1700000000, &id, &duplicate), STORE_OK);
	assert_false(duplicate);
	assert_int_equal(store_user_by_id(f->s, f->a, id, &u), STORE_OK);
	assert_string_equal(u.lang, "");

	memset(hash, 7, sizeof(hash));
	assert_int_equal(store_session_add(f->s, hash, id, "csrf", 1700000000,
	    NULL, 0, 0), STORE_OK);
	assert_int_equal(store_user_set_lang(f->s, id, "hu", 1700000001),
	    STORE_OK);
	assert_int_equal(store_user_by_id(f->s, f->a, id, &u), STORE_OK);
	assert_string_equal(u.lang, "hu");
	assert_int_equal(store_session_get(f->s, f->a, hash, &ss), STORE_OK);
	assert_string_equal(ss.lang, "hu");

	assert_int_equal(store_user_set_lang(f->s, id, "", 1700000002),
	    STORE_OK);
	assert_int_equal(store_user_by_name(f->s, f->a, "maria", &u),
	    STORE_OK);
	assert_string_equal(u.lang, "");
	assert_int_equal(store_session_get(f->s, f->a, hash, &ss), STORE_OK);
	assert_string_equal(ss.lang, "");
	assert_int_equal(store_user_set_lang(f->s, id + 1000, "hu",
	    1700000003), STORE_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lang, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

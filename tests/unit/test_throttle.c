/* test_throttle.c: the sign-in throttle's store (failures forgotten by
 * time only, devices counted apart), device rows, and the audit log's
 * budget for requests without a session and its retention. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/device.h"
#include "store/throttle.h"
#include "store/user.h"
#include "store_fixture.h"

#define T0	1700000000
#define WINDOW	900
#define MAX	5

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* One attempt at now in the window that ends there; the id recorded, or
 * 0 when refused. */
static int64_t
attempt(struct store *s, const char *user, const char *client,
    int64_t device, time_t now)
{
	int64_t by_user, by_client, id;

	assert_int_equal(store_login_attempt(s, user, client, device, now,
	    now - WINDOW + 1, MAX, now - WINDOW, &by_user, &by_client, &id),
	    STORE_OK);
	return id;
}

static void
test_flood_keeps_lock(void **state)
{
	struct fixture *f = *state;
	char user[32], client[32];
	int64_t by_user, by_client;
	int i;

	for (i = 0; i < MAX; i++)
		assert_true(attempt(f->s, "victim", "192.0.2.1", 0, T0) > 0);
	assert_int_equal(attempt(f->s, "victim", "192.0.2.2", 0, T0), 0);
	/* The red team's flood: failures for other accounts from many
	 * addresses, more than the 10,000 rows the table used to keep. */
	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	for (i = 0; i < 12000; i++) {
		snprintf(user, sizeof(user), "other%d", i);
		snprintf(client, sizeof(client), "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		assert_true(attempt(f->s, user, client, 0, T0 + 60) > 0);
	}
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	assert_int_equal(store_login_failures(f->s, "victim", "192.0.2.3", 0,
	    T0 + 61 - WINDOW, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, MAX);
	assert_int_equal(attempt(f->s, "victim", "192.0.2.3", 0, T0 + 61), 0);
	/* Only time frees it: once the window has passed. */
	assert_true(attempt(f->s, "victim", "192.0.2.3", 0,
	    T0 + WINDOW + 1) > 0);
	/* And the flood's rows are gone with it, rather than kept. */
	assert_int_equal(store_login_failures(f->s, "other1", "10.0.0.1", 0,
	    0, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, 1);
	attempt(f->s, "late", "192.0.2.4", 0, T0 + 60 + WINDOW + 1);
	assert_int_equal(store_login_failures(f->s, "other1", "10.0.0.1", 0,
	    0, &by_user, &by_client), STORE_OK);
	assert_int_equal(by_user, 0);
}

static void
test_device_apart(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[STORE_DEVICE_KEY_LEN] = { 1 };
	int64_t uid, dev, id;
	bool dup;
	int i;

	assert_int_equal(store_user_add(f->s, "Editor", "editor", "x", T0,
	    &uid, &dup), STORE_OK);
	assert_int_equal(store_device_add(f->s, uid, hash, T0, T0 - 1, 20),
	    STORE_OK);
	assert_int_equal(store_device_find(f->s, hash, "editor", T0, &dev),
	    STORE_OK);
	assert_true(dev > 0);
	assert_int_equal(store_device_find(f->s, hash, "other", T0, &id),
	    STORE_NOTFOUND);
	/* An attacker locks the account's anonymous attempts ... */
	for (i = 0; i < MAX; i++)
		assert_true(attempt(f->s, "editor", "203.0.113.9", 0, T0) > 0);
	assert_int_equal(attempt(f->s, "editor", "198.51.100.1", 0, T0), 0);
	/* ... not the editor's own browser, which has its own lock. */
	assert_true(attempt(f->s, "editor", "198.51.100.1", dev, T0) > 0);
	for (i = 1; i < MAX; i++)
		assert_true(attempt(f->s, "editor", "198.51.100.1", dev,
		    T0) > 0);
	assert_int_equal(attempt(f->s, "editor", "198.51.100.1", dev, T0), 0);
	/* Forgotten: revoked. */
	assert_int_equal(store_device_forget(f->s, uid + 1, dev),
	    STORE_NOTFOUND);
	assert_int_equal(store_device_forget(f->s, uid, dev), STORE_OK);
	assert_int_equal(store_device_find(f->s, hash, "editor", T0, &id),
	    STORE_NOTFOUND);
}

static void
test_devices_bounded(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[STORE_DEVICE_KEY_LEN] = { 0 };
	struct device *list;
	int64_t uid;
	size_t n;
	bool dup;
	int i;

	assert_int_equal(store_user_add(f->s, "many", "editor", "x", T0,
	    &uid, &dup), STORE_OK);
	for (i = 0; i < 30; i++) {
		hash[0] = (unsigned char)i;
		assert_int_equal(store_device_add(f->s, uid, hash, T0 + i,
		    T0 - 1, 20), STORE_OK);
	}
	assert_int_equal(store_device_list(f->s, f->a, uid, 50, &list, &n),
	    STORE_OK);
	assert_int_equal(n, 20);
	assert_int_equal(list[0].last_used, T0 + 29);
	/* Unused since before T0 + 25: gone at the next add (T0 + 25 to
	 * T0 + 29 stay, with the new one). */
	hash[0] = 99;
	assert_int_equal(store_device_add(f->s, uid, hash, T0 + 100,
	    T0 + 25, 20), STORE_OK);
	assert_int_equal(store_device_list(f->s, f->a, uid, 50, &list, &n),
	    STORE_OK);
	assert_int_equal(n, 6);
}

static void
test_secret_made_once(void **state)
{
	struct fixture *f = *state;
	unsigned char a[STORE_DEVICE_KEY_LEN] = { 7 }, b[STORE_DEVICE_KEY_LEN] =
	    { 8 }, k1[STORE_DEVICE_KEY_LEN], k2[STORE_DEVICE_KEY_LEN];

	assert_int_equal(store_device_secret(f->s, a, k1), STORE_OK);
	assert_memory_equal(k1, a, sizeof(a));
	assert_int_equal(store_device_secret(f->s, b, k2), STORE_OK);
	assert_memory_equal(k2, a, sizeof(a));
}

static void
test_audit_budget(void **state)
{
	struct fixture *f = *state;
	struct audit_entry *items;
	int64_t n0, n;
	size_t got;
	int i;

	assert_int_equal(store_audit_count(f->s, &n0), STORE_OK);
	for (i = 0; i < 600; i++)
		assert_int_equal(store_audit_add_budget(f->s,
		    T0 / 60 * 60 + i % 60, "x", "sign-in failed",
		    "wrong password", "192.0.2.9", 10), STORE_OK);
	/* One minute: 10 lines, then one summary for the other 590. */
	assert_int_equal(store_audit_count(f->s, &n), STORE_OK);
	assert_int_equal(n - n0, 11);
	assert_int_equal(store_audit_list(f->s, f->a, 0, 1, &items, &got),
	    STORE_OK);
	assert_string_equal(items[0].action, "audit summary");
	assert_non_null(strstr(items[0].detail, "590 more lines"));
	/* The next minute has a budget of its own. */
	assert_int_equal(store_audit_add_budget(f->s, T0 / 60 * 60 + 60, "x",
	    "sign-in failed", "", "192.0.2.9", 10), STORE_OK);
	assert_int_equal(store_audit_count(f->s, &n), STORE_OK);
	assert_int_equal(n - n0, 12);
}

static void
test_audit_expire(void **state)
{
	struct fixture *f = *state;
	int64_t n;
	int i;

	for (i = 0; i < 50; i++)
		assert_int_equal(store_audit_add(f->s, T0 + i, 0, "a", "edit",
		    "", "192.0.2.1"), STORE_OK);
	assert_int_equal(store_audit_add(f->s, T0 + 400 * 86400, 0, "a",
	    "edit", "", "192.0.2.1"), STORE_OK);
	/* At most one batch a call, oldest first. */
	assert_int_equal(store_audit_expire(f->s, T0 + 30, 20), STORE_OK);
	assert_int_equal(store_audit_count(f->s, &n), STORE_OK);
	assert_int_equal(n, 31);
	assert_int_equal(store_audit_expire(f->s, T0 + 30, 20), STORE_OK);
	assert_int_equal(store_audit_count(f->s, &n), STORE_OK);
	assert_int_equal(n, 21);
	assert_int_equal(store_audit_expire(f->s, T0 + 400 * 86400 - 1, 100),
	    STORE_OK);
	assert_int_equal(store_audit_count(f->s, &n), STORE_OK);
	assert_int_equal(n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flood_keeps_lock, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_device_apart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_devices_bounded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_secret_made_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit_budget, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit_expire, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_store_tx.c: nested transactions (store_tx_begin/commit/rollback in
 * store/db.c), counted through audit lines over a fresh database, and
 * nested read transactions (store_read_begin/end). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/store.h"
#include "store/user.h"
#include "store_fixture.h"

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

static void
audit(struct store *s, const char *what)
{
	assert_int_equal(store_audit_add(s, 1700000000, 0, "tester", what,
	    "", "127.0.0.1"), STORE_OK);
}

static int64_t
lines(struct store *s)
{
	int64_t n = -1;

	assert_int_equal(store_audit_count(s, &n), STORE_OK);
	return n;
}

/* An inner rollback undoes only the inner part; the outer commit keeps
 * the rest, and an outer rollback undoes inner commits too. */
static void
test_nested(void **state)
{
	struct fixture *f = *state;
	int64_t start = lines(f->s);

	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	audit(f->s, "outer");
	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	audit(f->s, "inner, undone");
	store_tx_rollback(f->s);
	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	audit(f->s, "inner, kept");
	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	audit(f->s, "innermost, kept");
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	assert_int_equal(lines(f->s), start + 3);

	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	audit(f->s, "inner of an outer undone");
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	store_tx_rollback(f->s);
	assert_int_equal(lines(f->s), start + 3);

	/* All closed: a plain transaction works as before. */
	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	audit(f->s, "plain");
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	assert_int_equal(lines(f->s), start + 4);
}

/* Whether another connection can take the write lock now. */
static int
other_begin(struct fixture *f)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* The outer transaction holds the write lock until it ends, through the
 * inner ones' commits. */
static void
test_outer_holds_lock(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	assert_int_equal(store_tx_begin(f->s), STORE_OK);
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	assert_int_equal(other_begin(f), SQLITE_BUSY);
	assert_int_equal(store_tx_commit(f->s), STORE_OK);
	assert_int_equal(other_begin(f), SQLITE_OK);
}

/* Audit lines another connection adds now. */
static void
other_audit(struct fixture *f)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO audit_log (at, "
	    "user_id, username, action, detail, client) SELECT at, user_id, "
	    "username, action, detail, client FROM audit_log", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
}

/* A read transaction inside another is part of it: what another
 * connection writes meanwhile is seen only once the outer one ends (an
 * export's pages all come from one snapshot). */
static void
test_read_nested(void **state)
{
	struct fixture *f = *state;
	int64_t start;

	audit(f->s, "one");
	start = lines(f->s);
	assert_int_equal(store_read_begin(f->s), STORE_OK);
	assert_int_equal(lines(f->s), start);
	other_audit(f);
	assert_int_equal(store_read_begin(f->s), STORE_OK);
	assert_int_equal(lines(f->s), start);
	store_read_end(f->s);
	assert_int_equal(lines(f->s), start);
	store_read_end(f->s);
	assert_int_equal(lines(f->s), 2 * start);

	/* Ended: a new one sees what is there now. */
	assert_int_equal(store_read_begin(f->s), STORE_OK);
	other_audit(f);
	store_read_end(f->s);
	assert_int_equal(store_read_begin(f->s), STORE_OK);
	assert_int_equal(lines(f->s), 4 * start);
	store_read_end(f->s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outer_holds_lock, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_nested, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_db_step.c: the store's row helper (store/db_step.c): db_query's
 * bindings, db_get and db_list copying rows into structs by column, and
 * what they answer for no row, a bad statement and a full array. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "store/db_internal.h"
#include "store_fixture.h"

struct row {
	int64_t		 big;
	const char	*text;
	const char	*empty;
	const char	*null;
	int		 small;
	bool		 flag;
	time_t		 when;
};

static const struct db_col row_cols[] = {
	DB_COL(DB_INT64, struct row, big),
	DB_COL(DB_TEXT, struct row, text),
	DB_COL(DB_TEXT, struct row, empty),
	DB_COL(DB_TEXT_OR_NULL, struct row, null),
	DB_COL(DB_INT, struct row, small),
	DB_COL(DB_BOOL, struct row, flag),
	DB_COL(DB_TIME, struct row, when),
};
#define NCOLS	(sizeof(row_cols) / sizeof(row_cols[0]))

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* Every column type lands in its field; the bound values come back. */
static void
test_get_maps_each_type(void **state)
{
	struct fixture *f = *state;
	struct row r;

	memset(&r, 0xff, sizeof(r));
	assert_int_equal(db_get(f->s, f->a, db_query(f->s,
	    "SELECT ?1, ?2, NULL, NULL, 7, 0, ?3", "iti",
	    INT64_C(9007199254740993), "caf\xc3\xa9", INT64_C(1700000000)),
	    row_cols, NCOLS, &r, "test"), STORE_OK);
	assert_true(r.big == INT64_C(9007199254740993));
	assert_string_equal(r.text, "caf\xc3\xa9");
	assert_string_equal(r.empty, "");
	assert_null(r.null);
	assert_int_equal(r.small, 7);
	assert_false(r.flag);
	assert_true(r.when == (time_t)1700000000);
}

/* A text column is copied into the arena, not left pointing into the
 * statement, and a non-NULL DB_TEXT_OR_NULL is copied too. */
static void
test_get_copies_text(void **state)
{
	struct fixture *f = *state;
	struct row r, again;

	assert_int_equal(db_get(f->s, f->a, db_query(f->s,
	    "SELECT 1, 'first', '', 'kept', 1, 5, 0", ""), row_cols, NCOLS,
	    &r, "test"), STORE_OK);
	assert_int_equal(db_get(f->s, f->a, db_query(f->s,
	    "SELECT 2, 'second', '', NULL, 2, 0, 0", ""), row_cols, NCOLS,
	    &again, "test"), STORE_OK);
	assert_string_equal(r.text, "first");
	assert_string_equal(r.null, "kept");
	assert_true(r.flag);
	assert_string_equal(again.text, "second");
}

static void
test_get_no_row(void **state)
{
	struct fixture *f = *state;
	struct row r;

	assert_int_equal(db_get(f->s, f->a, db_query(f->s,
	    "SELECT 1, '', '', NULL, 0, 0, 0 WHERE ?1 = 2", "i", INT64_C(1)),
	    row_cols, NCOLS, &r, "test"), STORE_NOTFOUND);
}

/* A statement that does not prepare, or a type db_query does not know,
 * is a failure, never a missing row. */
static void
test_bad_statement(void **state)
{
	struct fixture *f = *state;
	struct row r;

	assert_null(db_query(f->s, "SELECT * FROM no_such_table", ""));
	assert_int_equal(db_get(f->s, f->a, db_query(f->s,
	    "SELECT * FROM no_such_table", ""), row_cols, NCOLS, &r,
	    "test"), STORE_ERROR);
	assert_null(db_query(f->s, "SELECT ?1", "x", 1));
}

/* 't' with NULL binds NULL. */
static void
test_query_binds_null(void **state)
{
	struct fixture *f = *state;
	int64_t v = 0;

	assert_int_equal(db_one_int(f->s, db_query(f->s,
	    "SELECT ?1 IS NULL AND ?2 = 'b'", "tt", (const char *)NULL, "b"),
	    &v, "test"), STORE_OK);
	assert_true(v == 1);
}

/* 's' binds NULL as ""; 'u' binds a user id of 0 as NULL. */
static void
test_query_binds_empty_and_user(void **state)
{
	struct fixture *f = *state;
	int64_t v = 0;

	assert_int_equal(db_one_int(f->s, db_query(f->s,
	    "SELECT ?1 = '' AND ?2 IS NULL AND ?3 = 5", "suu",
	    (const char *)NULL, INT64_C(0), INT64_C(5)), &v, "test"),
	    STORE_OK);
	assert_true(v == 1);
}

/* 'b' binds a blob of the length given, or NULL for a NULL pointer. */
static void
test_query_binds_blob(void **state)
{
	struct fixture *f = *state;
	static const unsigned char bytes[] = { 0x00, 0xff, 0x41 };
	int64_t v = 0;

	assert_int_equal(db_one_int(f->s, db_query(f->s,
	    "SELECT ?1 = x'00ff41' AND length(?1) = 3 AND ?2 IS NULL "
	    "AND ?3 = 7", "bbi", (const void *)bytes, sizeof(bytes),
	    (const void *)NULL, (size_t)0, INT64_C(7)), &v, "test"),
	    STORE_OK);
	assert_true(v == 1);
}

/* db_run and db_one_int take a failed db_query as STORE_ERROR. */
static void
test_run_and_one_int_failed_query(void **state)
{
	struct fixture *f = *state;
	int64_t v = 0;

	assert_int_equal(db_run(f->s, db_query(f->s,
	    "DELETE FROM no_such_table", ""), "test"), STORE_ERROR);
	assert_int_equal(db_one_int(f->s, db_query(f->s, "SELECT ?1", "x",
	    1), &v, "test"), STORE_ERROR);
}

#define COUNT_TO_TEN	"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL " \
			"SELECT x + 1 FROM c WHERE x < 10) " \
			"SELECT x, 'n' || x, '', NULL, x, x % 2, x FROM c"

/* At most max rows, in order; fewer when the query has fewer. */
static void
test_list_stops_at_max(void **state)
{
	struct fixture *f = *state;
	struct row items[20];
	size_t n = 99, i;

	assert_int_equal(db_list(f->s, f->a, db_query(f->s, COUNT_TO_TEN, ""),
	    row_cols, NCOLS, items, sizeof(items[0]), 4, &n, "test"),
	    STORE_OK);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		assert_true(items[i].big == (int64_t)i + 1);
		assert_int_equal(items[i].flag, (i + 1) % 2 == 1);
	}
	assert_string_equal(items[3].text, "n4");
	/* The statement was reset: the next call starts over. */
	assert_int_equal(db_list(f->s, f->a, db_query(f->s, COUNT_TO_TEN, ""),
	    row_cols, NCOLS, items, sizeof(items[0]), 20, &n, "test"),
	    STORE_OK);
	assert_int_equal(n, 10);
	assert_string_equal(items[0].text, "n1");
	assert_string_equal(items[9].text, "n10");
}

/* Fewer columns than the struct has: the rest is left as it was. */
static void
test_list_fewer_columns(void **state)
{
	struct fixture *f = *state;
	struct row items[1];
	size_t n;

	memset(items, 0, sizeof(items));
	assert_int_equal(db_list(f->s, f->a, db_query(f->s,
	    "SELECT 5, 'five'", ""), row_cols, 2, items, sizeof(items[0]), 1,
	    &n, "test"), STORE_OK);
	assert_int_equal(n, 1);
	assert_true(items[0].big == 5);
	assert_string_equal(items[0].text, "five");
	assert_null(items[0].empty);
}

#define COUNT_TO_FORTY	"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL " \
			"SELECT x + 1 FROM c WHERE x < 40) " \
			"SELECT x, 'n' || x, '', NULL, x, x % 2, x FROM c"

/* db_list_all grows its array past its first 16 rows and keeps every row
 * in order, stops at max, and gives NULL and 0 for no row. */
static void
test_list_all_grows(void **state)
{
	struct fixture *f = *state;
	struct row *items;
	void *v;
	size_t n = 0, i;

	assert_int_equal(db_list_all(f->s, f->a, db_query(f->s,
	    COUNT_TO_FORTY, ""), row_cols, NCOLS, &v, sizeof(*items), 1000,
	    &n, "test"), STORE_OK);
	items = v;
	assert_int_equal(n, 40);
	for (i = 0; i < n; i++)
		assert_true(items[i].big == (int64_t)i + 1);
	assert_string_equal(items[39].text, "n40");
	assert_int_equal(db_list_all(f->s, f->a, db_query(f->s,
	    COUNT_TO_FORTY, ""), row_cols, NCOLS, &v, sizeof(*items), 20, &n,
	    "test"), STORE_OK);
	items = v;
	assert_int_equal(n, 20);
	assert_string_equal(items[19].text, "n20");
	assert_int_equal(db_list_all(f->s, f->a, db_query(f->s,
	    COUNT_TO_TEN " WHERE x > 99", ""), row_cols, NCOLS, &v,
	    sizeof(*items), 20, &n, "test"), STORE_OK);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(db_list_all(f->s, f->a, NULL, row_cols, NCOLS, &v,
	    sizeof(*items), 20, &n, "test"), STORE_ERROR);
}

static void
test_list_failure(void **state)
{
	struct fixture *f = *state;
	struct row items[1];
	size_t n = 7;

	assert_int_equal(db_list(f->s, f->a, NULL, row_cols, NCOLS, items,
	    sizeof(items[0]), 1, &n, "test"), STORE_ERROR);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_maps_each_type, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_get_copies_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_get_no_row, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_statement, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_query_binds_null, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_query_binds_empty_and_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_binds_blob, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_run_and_one_int_failed_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_all_grows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_stops_at_max, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_fewer_columns, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_failure, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

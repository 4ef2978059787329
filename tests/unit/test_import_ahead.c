/* test_import_ahead.c: the import's reader thread (cli/import_ahead.c):
 * lines handed on in the file's order past the ring's size, a body
 * rendered ahead, a line cut short ending the file, and a stop with
 * lines still unread and in the ring freeing them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cli/import.h"
#include "view/markdown.h"

/* A file of n lines {"n":I}, every seventh with a body, the last one
 * without its "\n" when cut. */
static FILE *
lines(int n, bool cut)
{
	FILE *f = tmpfile();
	int i;

	assert_non_null(f);
	for (i = 1; i <= n; i++)
		fprintf(f, i % 7 == 0 ? "{\"n\":%d,\"body_md\":\"*x*\"}%s" :
		    "{\"n\":%d}%s", i, i == n && cut ? "" : "\n");
	rewind(f);
	return f;
}

static void
test_order_and_render(void **state)
{
	struct import_ahead *ah;
	struct import_line l;
	FILE *f = lines(300, false);
	int i;

	(void)state;
	assert_non_null(ah = import_ahead_start(f));
	for (i = 1; i <= 300; i++) {
		import_ahead_next(ah, &l);
		assert_int_equal(l.state, IMPORT_LINE_OBJECT);
		assert_int_equal(json_integer_value(json_object_get(l.o,
		    "n")), i);
		if (i % 7 == 0) {
			assert_string_equal(l.md, "*x*");
			assert_string_equal(l.html, "<p><em>x</em></p>\n");
		} else
			assert_null(l.html);
		import_line_free(&l);
	}
	import_ahead_next(ah, &l);
	assert_int_equal(l.state, IMPORT_LINE_END);
	import_ahead_stop(ah);
	fclose(f);
}

static void
test_cut_and_bad(void **state)
{
	struct import_ahead *ah;
	struct import_line l;
	FILE *f = lines(3, true), *g = tmpfile();

	(void)state;
	assert_non_null(ah = import_ahead_start(f));
	import_ahead_next(ah, &l);
	import_line_free(&l);
	import_ahead_next(ah, &l);
	import_line_free(&l);
	import_ahead_next(ah, &l);
	assert_int_equal(l.state, IMPORT_LINE_CUT);
	import_ahead_stop(ah);
	fclose(f);
	assert_non_null(g);
	fputs("{\"n\":1}\n{\"n\":\n{\"n\":3}\n", g);
	rewind(g);
	assert_non_null(ah = import_ahead_start(g));
	import_ahead_next(ah, &l);
	import_line_free(&l);
	import_ahead_next(ah, &l);
	assert_int_equal(l.state, IMPORT_LINE_BAD_JSON);
	import_ahead_stop(ah);
	fclose(g);
}

/* The writer failing early: the thread stops though the file goes on. */
static void
test_stop_early(void **state)
{
	struct import_ahead *ah;
	struct import_line l;
	FILE *f = lines(5000, false);

	(void)state;
	assert_non_null(ah = import_ahead_start(f));
	import_ahead_next(ah, &l);
	import_line_free(&l);
	import_ahead_stop(ah);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_render),
		cmocka_unit_test(test_cut_and_bad),
		cmocka_unit_test(test_stop_early),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	markdown_stop();
	return ret;
}

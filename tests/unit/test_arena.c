/* test_arena.c: unit tests for lib/arena.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"

/* Allocations of every size up to and past the block's, each zeroed,
 * aligned, apart from the others and kept until the arena goes. */
static void
fill(struct arena *a)
{
	unsigned char *p[64];
	size_t i, j, size;

	for (i = 0; i < 64; i++) {
		size = i * 97 + 1;
		assert_non_null(p[i] = arena_alloc(a, size));
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		for (j = 0; j < size; j++)
			assert_int_equal(p[i][j], 0);
		memset(p[i], (int)i + 1, size);
	}
	for (i = 0; i < 64; i++)
		for (j = 0; j < i * 97 + 1; j++)
			assert_int_equal(p[i][j], i + 1);
}

static void
test_default_blocks(void **state)
{
	struct arena *a;

	(void)state;
	assert_non_null(a = arena_new());
	fill(a);
	arena_reset(a);
	fill(a);
	arena_free(a);
}

/* Small blocks: most allocations open a new block, and those larger than
 * a block get one of their own. */
static void
test_small_blocks(void **state)
{
	struct arena *a;
	char *s;

	(void)state;
	assert_non_null(a = arena_new_sized(256));
	fill(a);
	assert_non_null(s = arena_printf(a, "%0*d", 1000, 7));
	assert_int_equal(strlen(s), 1000);
	arena_reset(a);
	fill(a);
	arena_free(a);
	/* A size below the alignment still makes a usable arena. */
	assert_non_null(a = arena_new_sized(0));
	fill(a);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_blocks),
		cmocka_unit_test(test_small_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_heap.c: unit tests for lib/heap.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/heap.h"
#include "proc_status.h"

/* 4,096 blocks of 4 KiB, one in 64 kept: 16 MiB freed in pages whose
 * neighbours stay in use, so only a trim gives them back. */
#define BLOCKS		4096
#define BLOCK_SIZE	4000
#define KEEP_EVERY	64

static void
test_stop_without_start(void **state)
{
	(void)state;
	heap_trim_stop();
	heap_trim_stop();
}

static void
test_start_stop_again(void **state)
{
	(void)state;
	assert_int_equal(heap_trim_start(), 0);
	heap_trim_stop();
	assert_int_equal(heap_trim_start(), 0);
	heap_trim_stop();
}

/* Freed pages between pages in use go back to the kernel within a few
 * trims, not at the next free of the heap's top. ASan's allocator is not
 * glibc's: there the trim has nothing to give back. */
static void
test_trim_gives_back(void **state)
{
	struct timespec nap = { 0, 100 * 1000 * 1000 };
	static char *block[BLOCKS];
	long before, after = -1;
	size_t i;
	int tries;

	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip();
#endif
	heap_tune();
	for (i = 0; i < BLOCKS; i++) {
		assert_non_null(block[i] = malloc(BLOCK_SIZE));
		memset(block[i], 1, BLOCK_SIZE);
	}
	for (i = 0; i < BLOCKS; i++)
		if (i % KEEP_EVERY != 0) {
			free(block[i]);
			block[i] = NULL;
		}
	before = proc_status_kib("RssAnon:");
	assert_true(before > 0);
	assert_int_equal(heap_trim_start(), 0);
	/* 300 naps of 0.1 s: far more than the few seconds between trims
	 * even on a busy machine; the loop ends at the first that counts. */
	for (tries = 0; tries < 300; tries++) {
		after = proc_status_kib("RssAnon:");
		if (after > 0 && after < before - 8 * 1024)
			break;
		nanosleep(&nap, NULL);
	}
	heap_trim_stop();
	for (i = 0; i < BLOCKS; i++)
		free(block[i]);
	assert_true(after > 0 && after < before - 8 * 1024);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stop_without_start),
		cmocka_unit_test(test_start_stop_again),
		cmocka_unit_test(test_trim_gives_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

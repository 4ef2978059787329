/* test_gzip.c: unit tests of src/lib/gzip.c. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "lib/blob.h"
#include "lib/gzip.h"

/* Whether gz inflates back to the very bytes text[0..len]. */
static bool
inflates_to(const struct blob *gz, const char *text, size_t len)
{
	static _Thread_local char back[20000];
	z_stream z;
	bool same;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return false;
	z.next_in = (Bytef *)gz->data;
	z.avail_in = (uInt)gz->len;
	z.next_out = (Bytef *)back;
	z.avail_out = sizeof(back);
	same = inflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out == len &&
	    memcmp(back, text, len) == 0;
	inflateEnd(&z);
	return same;
}

/* The copy is gzip (magic bytes), smaller for text, and inflates back to
 * the very bytes it was made from. */
static void
test_round_trip(void **state)
{
	static char text[20000];
	struct blob *gz;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(text); i++)
		text[i] = "<p>Migrants Day</p>\n"[i % 20];
	gz = gzip_blob(text, sizeof(text), GZIP_ON_MISS);
	assert_non_null(gz);
	assert_true(gz->len < sizeof(text) / 10);
	assert_int_equal((unsigned char)gz->data[0], 0x1f);
	assert_int_equal((unsigned char)gz->data[1], 0x8b);
	assert_true(inflates_to(gz, text, sizeof(text)));
	blob_unref(gz);

	assert_non_null(gz = gzip_blob("", 0, GZIP_AT_START));
	blob_unref(gz);
}

/* Text of n bytes from seed: words in an order of their own. */
static void
words(char *text, size_t n, unsigned seed)
{
	static const char *const w[] = { "migration ", "office ", "data ",
	    "<p>", "</p>\n", "Budapest ", "return ", "programme " };
	size_t i = 0, k;

	while (i < n) {
		seed = seed * 1103515245u + 12345u;
		for (k = 0; w[seed >> 29][k] != '\0' && i < n; k++)
			text[i++] = w[seed >> 29][k];
	}
}

/* Compressions at every level, each checked. NULL, or what failed. */
static void *
compress_many(void *arg)
{
	static _Thread_local char text[20000];
	unsigned seed = (unsigned)(uintptr_t)arg;
	struct blob *gz;
	int i;

	for (i = 0; i < 40; i++) {
		words(text, sizeof(text) - (size_t)i * 300, seed + (unsigned)i);
		if ((gz = gzip_blob(text, sizeof(text) - (size_t)i * 300,
		    1 + i % 9)) == NULL)
			return "out of memory";
		if (!inflates_to(gz, text, sizeof(text) - (size_t)i * 300)) {
			blob_unref(gz);
			return "a copy that does not inflate back";
		}
		blob_unref(gz);
	}
	return NULL;
}

/* Compressors at GZIP_ON_MISS are kept between bodies: a kept one gives
 * the same bytes as a new one, another level between them does not take
 * it, and threads (more than are kept) each get one of their own. */
static void
test_kept_states(void **state)
{
	static char text[20000];
	struct blob *first, *between, *again;
	pthread_t t[4];
	void *failed;
	size_t i;

	(void)state;
	words(text, sizeof(text), 7);
	assert_non_null(first = gzip_blob(text, sizeof(text), GZIP_ON_MISS));
	assert_non_null(between = gzip_blob(text, sizeof(text),
	    GZIP_AT_START));
	assert_non_null(again = gzip_blob(text, sizeof(text), GZIP_ON_MISS));
	assert_true(between->len < first->len);
	assert_int_equal(again->len, first->len);
	assert_memory_equal(again->data, first->data, first->len);
	blob_unref(first);
	blob_unref(between);
	blob_unref(again);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, compress_many,
		    (void *)(uintptr_t)(i * 100)), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &failed), 0);
		if (failed != NULL)
			fail_msg("thread %zu: %s", i, (const char *)failed);
	}
}

static void
test_worth(void **state)
{
	(void)state;
	assert_true(gzip_worth("text/html; charset=utf-8"));
	assert_true(gzip_worth("text/css; charset=utf-8"));
	assert_true(gzip_worth("image/svg+xml"));
	assert_true(gzip_worth("application/json"));
	assert_true(gzip_worth("application/atom+xml; charset=utf-8"));
	assert_false(gzip_worth("image/png"));
	assert_false(gzip_worth("font/woff2"));
	assert_false(gzip_worth("application/jsonx"));
	assert_false(gzip_worth(NULL));
}

/* RFC 9110 12.5.3: q=0 refuses, "*" counts for gzip when gzip is not
 * named, identity preferred to gzip wins. */
static void
test_accepted(void **state)
{
	(void)state;
	assert_true(gzip_accepted("gzip"));
	assert_true(gzip_accepted("gzip, deflate, br"));
	assert_true(gzip_accepted("br;q=1.0, GZIP;q=0.5"));
	assert_true(gzip_accepted("x-gzip"));
	assert_true(gzip_accepted("*"));
	assert_true(gzip_accepted(" deflate ,  * ; q=0.1"));
	assert_true(gzip_accepted("gzip;q=1, identity;q=0"));
	assert_true(gzip_accepted("gzip;q=0.5, identity;q=0.5"));
	assert_true(gzip_accepted("gzip;q=0.001"));
	assert_false(gzip_accepted(NULL));
	assert_false(gzip_accepted(""));
	assert_false(gzip_accepted("identity"));
	assert_false(gzip_accepted("br, deflate"));
	assert_false(gzip_accepted("gzip;q=0"));
	assert_false(gzip_accepted("gzip;q=0.000"));
	assert_false(gzip_accepted("gzip;q=0, *"));
	assert_false(gzip_accepted("*;q=0"));
	assert_false(gzip_accepted("gzip;q=0.5, identity"));
	/* Malformed q-values refuse rather than count as 1. */
	assert_false(gzip_accepted("gzip;q=2"));
	assert_false(gzip_accepted("gzip;q=abc"));
	assert_false(gzip_accepted("gzip;q=1.5"));
	assert_false(gzip_accepted("gzipx"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_kept_states),
		cmocka_unit_test(test_worth),
		cmocka_unit_test(test_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_gzip.c: unit tests of src/lib/gzip.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "lib/blob.h"
#include "lib/gzip.h"

/* The copy is gzip (magic bytes), smaller for text, and inflates back to
 * the very bytes it was made from. */
static void
test_round_trip(void **state)
{
	static char text[20000], back[20000];
	struct blob *gz;
	z_stream z;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(text); i++)
		text[i] = "<p>Migrants Day</p>\n"[i % 20];
	gz = gzip_blob(text, sizeof(text), GZIP_ON_MISS);
	assert_non_null(gz);
	assert_true(gz->len < sizeof(text) / 10);
	assert_int_equal((unsigned char)gz->data[0], 0x1f);
	assert_int_equal((unsigned char)gz->data[1], 0x8b);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)gz->data;
	z.avail_in = (uInt)gz->len;
	z.next_out = (Bytef *)back;
	z.avail_out = sizeof(back);
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, sizeof(text));
	assert_memory_equal(back, text, sizeof(text));
	inflateEnd(&z);
	blob_unref(gz);

	assert_non_null(gz = gzip_blob("", 0, GZIP_AT_START));
	blob_unref(gz);
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
		cmocka_unit_test(test_worth),
		cmocka_unit_test(test_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

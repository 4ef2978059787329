/* test_hash.c: unit tests of src/lib/hash.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/hash.h"

/* A page and the same page with any one byte changed, at any place (in a
 * lane of the 32-byte steps, a whole word or the tail), hash apart; so do inputs that differ only in
 * length, zero bytes at the end included. */
static void
test_one_change_tells(void **state)
{
	unsigned char text[101], changed[101];
	uint64_t h;
	size_t len, i;

	(void)state;
	for (i = 0; i < sizeof(text); i++)
		text[i] = (unsigned char)("<p>Migrants Day</p>"[i % 19]);
	for (len = 0; len <= sizeof(text); len++) {
		h = hash64(text, len);
		for (i = 0; i < len; i++) {
			memcpy(changed, text, len);
			changed[i] ^= 0x20;
			assert_true(hash64(changed, len) != h);
		}
	}
	memset(changed, 0, sizeof(changed));
	for (len = 0; len < sizeof(changed); len++)
		assert_true(hash64(changed, len) != hash64(changed, len + 1));
	assert_true(hash64("ab", 2) != hash64("ab\0", 3));
	/* The same bytes, wherever they lie, hash alike. */
	memcpy(changed + 1, text, 20);
	assert_true(hash64(changed + 1, 20) == hash64(text, 20));
}

/* Keys that differ little (a catalog's msgids, template names) spread
 * over the low bits that table slots take: 1,000 keys in 1,024 slots,
 * none holding more than a few. */
static void
test_low_bits_spread(void **state)
{
	unsigned slots[1024] = { 0 }, most = 0;
	char key[32];
	size_t i, s;

	(void)state;
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "nav.item.%zu", i);
		s = (size_t)hash64(key, strlen(key)) & 1023;
		if (++slots[s] > most)
			most = slots[s];
	}
	assert_true(most <= 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_change_tells),
		cmocka_unit_test(test_low_bits_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* num.c: the one rule for numbers read from URLs and forms. */
#include <stddef.h>

#include "lib/num.h"

int
num_parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (s == NULL || s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		/* Checked before each step, so no max overflows. */
		if (v > (max - (s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

int
num_parse_id(const char *s, int64_t *out)
{
	return num_parse(s, 1, NUM_ID_MAX, out);
}

int
num_parse_page(const char *s, int64_t *out)
{
	return num_parse(s, 0, NUM_PAGE_MAX, out);
}

/* byterange.c: one byte range of a Range header (RFC 9110 section 14). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include "lib/byterange.h"

/* Reads the digits at *p into *out, saturating at UINT64_MAX (a position
 * past any file is past its end all the same), and moves *p past them.
 * Returns false when there is none. */
static bool
digits(const char **p, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0, d;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (uint64_t)(*s - '0');
		v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
	}
	*p = s;
	*out = v;
	return true;
}

static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

enum byterange
byterange_parse(const char *header, uint64_t size, uint64_t *first,
    uint64_t *len)
{
	const char *p;
	uint64_t a, b = UINT64_MAX;
	bool suffix;

	/* The unit is case-insensitive (RFC 9110 section 14.1). */
	if (header == NULL || strncasecmp(header, "bytes=", 6) != 0)
		return BYTERANGE_WHOLE;
	p = skip_ows(header + 6);
	if ((suffix = *p == '-'))
		p++;
	if (!digits(&p, &a))
		return BYTERANGE_WHOLE;
	if (!suffix) {
		if (*p++ != '-')
			return BYTERANGE_WHOLE;
		if (digits(&p, &b) && b < a)
			return BYTERANGE_WHOLE;
	}
	/* Anything after the one range, a second one above all, and the
	 * header is not one range. */
	if (*skip_ows(p) != '\0')
		return BYTERANGE_WHOLE;
	if (suffix) {
		if (a == 0 || size == 0)
			return BYTERANGE_UNSATISFIABLE;
		*first = a < size ? size - a : 0;
		*len = size - *first;
		return BYTERANGE_ONE;
	}
	if (a >= size)
		return BYTERANGE_UNSATISFIABLE;
	if (b >= size)
		b = size - 1;
	*first = a;
	*len = b - a + 1;
	return BYTERANGE_ONE;
}

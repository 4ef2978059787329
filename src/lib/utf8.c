/* utf8.c: decoding UTF-8 strictly, counting code points and trimming
 * Unicode white space. */
#include "lib/utf8.h"
#include "lib/swar.h"

size_t
utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

size_t
utf8_chars(const char *s, size_t len)
{
	size_t i = 0, n = 0, k;
	uint32_t cp;

	while (i < len) {
		if (len - i >= 8 && !swar_has_high(swar_load(s + i))) {
			i += 8;
			n += 8;
			continue;
		}
		if ((k = utf8_next(s + i, len - i, &cp)) == 0)
			return SIZE_MAX;
		i += k;
		n++;
	}
	return n;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t i = 0, k;
	uint32_t cp;

	/* Eight ASCII bytes a step: most of a page's text is ASCII, and every
	 * string a page's model holds passes here. */
	while (i < len) {
		if (len - i >= 8 && !swar_has_high(swar_load(s + i))) {
			i += 8;
			continue;
		}
		if ((k = utf8_next(s + i, len - i, &cp)) == 0)
			return false;
		i += k;
	}
	return true;
}

bool
utf8_is_space(uint32_t cp)
{
	return (cp >= '\t' && cp <= '\r') || cp == ' ' || cp == 0x85 ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

bool
utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Whether the code point that ends s[0..end] is white space: the bytes
 * from the last one that does not continue a sequence must decode as one
 * code point that ends at end. Decoding from the start restarts at every
 * such byte, so it reads them the same; anything else there is a byte
 * that is not valid UTF-8, which counts as text. Sets *k to its length. */
static bool
space_before(const char *s, size_t end, size_t *k)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t lead = end - 1;
	uint32_t cp;

	while (lead > 0 && end - lead < 4 && (p[lead] & 0xc0) == 0x80)
		lead--;
	*k = utf8_next(s + lead, end - lead, &cp);
	if (*k != end - lead)
		return false;
	return utf8_is_space(cp);
}

const char *
utf8_trim(const char *s, size_t *len)
{
	size_t start = 0, end = *len, k;
	uint32_t cp;

	/* From each end inwards only as far as the spaces go: a body of
	 * many kilobytes is trimmed in the few bytes at its ends. */
	while (start < end && (k = utf8_next(s + start, end - start, &cp)) !=
	    0 && utf8_is_space(cp))
		start += k;
	while (end > start && space_before(s + start, end - start, &k))
		end -= k;
	*len = end - start;
	return s + start;
}

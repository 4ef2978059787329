/* xml.c: text made fit for an XML 1.0 document. */
#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/swar.h"
#include "lib/utf8.h"
#include "view/xml.h"

/* XML 1.0's Char production; utf8_next has refused surrogates and values
 * past U+10FFFF already. */
static bool
xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == 0x9 || cp == 0xA || cp == 0xD;
	return cp != 0xFFFE && cp != 0xFFFF;
}

/* The length of the valid start of s[0..len]: the offset of its first
 * character XML refuses (len when none). *bad is that character's length
 * in bytes (1 for a byte that is not UTF-8). */
static size_t
xml_valid_prefix(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, n;
	uint32_t cp;
	uint64_t w;
	unsigned char c;

	while (i < len) {
		/* Printable ASCII, most of any page, needs no decoding: eight
		 * bytes a step, then the line ends between them one by one. */
		if (len - i >= 8 && !swar_has_high(w = swar_load(s + i)) &&
		    !swar_has_less(w, 0x20)) {
			i += 8;
			continue;
		}
		c = (unsigned char)s[i];
		if ((c >= 0x20 && c < 0x80) || c == '\n' || c == '\t' ||
		    c == '\r') {
			i++;
			continue;
		}
		if ((n = utf8_next(s + i, len - i, &cp)) == 0) {
			*bad = 1;
			return i;
		}
		if (!xml_char(cp)) {
			*bad = n;
			return i;
		}
		i += n;
	}
	*bad = 0;
	return len;
}

int
xml_fix(struct buf *b)
{
	struct buf out = BUF_INIT;
	size_t i = 0, ok, bad;

	if (b->data == NULL ||
	    xml_valid_prefix(b->data, b->len, &bad) == b->len)
		return 0;
	out.max = b->max;
	while (i < b->len) {
		ok = xml_valid_prefix(b->data + i, b->len - i, &bad);
		buf_add(&out, b->data + i, ok);
		i += ok;
		if (bad > 0) {
			buf_adds(&out, "\xEF\xBF\xBD");
			i += bad;
		}
	}
	if (out.failed) {
		buf_free(&out);
		return -1;
	}
	buf_free(b);
	*b = out;
	return 0;
}

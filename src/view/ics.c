/* ics.c: iCalendar (RFC 5545) content lines: TEXT escaping and folding
 * at 75 octets, never inside a UTF-8 sequence. */
#include <stdbool.h>
#include <string.h>

#include "lib/buf.h"
#include "view/ics.h"

/* The length of the UTF-8 sequence lead byte c opens: 1 for ASCII and
 * for a byte that opens none (kept alone). */
static size_t
seq_len(unsigned char c)
{
	if (c >= 0xf0 && c <= 0xf7)
		return 4;
	if (c >= 0xe0)
		return c <= 0xef ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* Appends s[0..len] to b folded as ics_line() says, CRLF after. */
static int
fold(struct buf *b, const char *s, size_t len)
{
	size_t col = 0, i = 0, n;

	while (i < len) {
		n = seq_len((unsigned char)s[i]);
		if (n > len - i)
			n = len - i;
		/* The space that opens a continuation counts: 1. */
		if (col + n > ICS_LINE_MAX) {
			buf_add(b, "\r\n ", 3);
			col = 1;
		}
		buf_add(b, s + i, n);
		col += n;
		i += n;
	}
	return buf_add(b, "\r\n", 2);
}

/* Appends head ":" value (value escaped when text) folded to b. */
static int
line(struct buf *b, const char *head, const char *value, bool text)
{
	struct buf l = BUF_INIT;
	const char *p;
	int ret;

	buf_adds(&l, head);
	buf_addc(&l, ':');
	for (p = value; text && *p != '\0'; p++) {
		if (*p == '\\' || *p == ';' || *p == ',') {
			buf_addc(&l, '\\');
			buf_addc(&l, *p);
		} else if (*p == '\r' || *p == '\n') {
			buf_add(&l, "\\n", 2);
			if (p[0] == '\r' && p[1] == '\n')
				p++;
		} else if (((unsigned char)*p >= 0x20 && *p != 0x7f) ||
		    *p == '\t')
			buf_addc(&l, *p);
	}
	if (!text)
		buf_adds(&l, value);
	if (l.failed) {
		buf_free(&l);
		b->failed = true;
		return -1;
	}
	ret = fold(b, l.data, l.len);
	buf_free(&l);
	return ret;
}

int
ics_line(struct buf *b, const char *head, const char *value)
{
	return line(b, head, value, false);
}

int
ics_text(struct buf *b, const char *head, const char *value)
{
	return line(b, head, value, true);
}

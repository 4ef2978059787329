/* escape.c: HTML escaping of text for element content and quoted attributes. */
#include <stdbool.h>

#include "view/escape.h"

/* Which bytes need an entity; a table keeps the inner loop to one load and
 * one test per byte. */
static const bool escape_needed[256] = {
	['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true, ['\''] = true,
};

int
escape_html(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start;
	const char *ent;

	while (i < len) {
		start = i;
		while (i < len && !escape_needed[p[i]])
			i++;
		if (i > start && buf_add(out, s + start, i - start) == -1)
			return -1;
		if (i == len)
			break;
		switch (p[i]) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		default:
			ent = "&#39;";
			break;
		}
		if (buf_adds(out, ent) == -1)
			return -1;
		i++;
	}
	return out->failed ? -1 : 0;
}

/* escape.c: HTML escaping of text for element content and quoted attributes. */
#include <stdbool.h>
#include <stdint.h>

#include "lib/swar.h"
#include "view/escape.h"

/* The entity of each byte that needs one, and its length (0: none); a
 * table keeps the inner loop to one load and one test per byte. */
static const struct {
	char		s[7];
	unsigned char	len;
} entity[256] = {
	['&'] = { "&amp;", 5 }, ['<'] = { "&lt;", 4 }, ['>'] = { "&gt;", 4 },
	['"'] = { "&quot;", 6 }, ['\''] = { "&#39;", 5 },
};

/* Whether one of the eight bytes of w needs an entity. */
static inline bool
word_needs(uint64_t w)
{
	return swar_has(w, '&') || swar_has(w, '<') || swar_has(w, '>') ||
	    swar_has(w, '"') || swar_has(w, '\'');
}

int
escape_html(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start;

	while (i < len) {
		start = i;
		/* Text runs long between markup characters (a release's
		 * body is mostly prose): eight bytes a step, then one. */
		while (len - i >= 8 && !word_needs(swar_load(s + i)))
			i += 8;
		while (i < len && entity[p[i]].len == 0)
			i++;
		if (i > start && buf_add(out, s + start, i - start) == -1)
			return -1;
		if (i == len)
			break;
		if (buf_add(out, entity[p[i]].s, entity[p[i]].len) == -1)
			return -1;
		i++;
	}
	return out->failed ? -1 : 0;
}

/* search_text.c: the text an item is indexed with: its language's marker,
 * then the words, with no control character and, of a body, no HTML; and
 * the facets its filters match. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "store/search.h"

/* Tags whose start or end ends a block of text: a space keeps the last
 * word of one block from running into the first of the next. Inline tags
 * (em, a, code ...) may sit inside a word and leave nothing. */
static const char *const block_tags[] = {
	"p", "br", "hr", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
	"ol", "li", "blockquote", "pre", "table", "thead", "tbody", "tr",
	"th", "td", "dl", "dt", "dd", "figure", "figcaption", "img", NULL,
};

static int
marker(struct buf *b, const char *lang)
{
	buf_addc(b, SEARCH_MARK);
	buf_adds(b, lang);
	return buf_addc(b, SEARCH_MARK);
}

/* One space for any run of white space or control characters (the
 * markers among them), none right after the marker: snippets show the
 * text as it reads. */
static void
space(struct buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] != ' ' &&
	    b->data[b->len - 1] != SEARCH_MARK)
		buf_addc(b, ' ');
}

/* Ends a text: no space after its last word. */
static int
finish(struct buf *b)
{
	if (!b->failed && b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	return b->failed ? -1 : 0;
}

/* Appends code point cp. */
static void
add_cp(struct buf *b, uint32_t cp)
{
	char u[4];

	if (utf8_is_control(cp) || utf8_is_space(cp) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff)) {
		space(b);
		return;
	}
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* Appends s[0..len]; bytes that are not UTF-8 are dropped. */
static void
add_text(struct buf *b, const char *s, size_t len)
{
	size_t n;
	uint32_t cp;

	while (len > 0) {
		/* A run of printable ASCII but space goes in whole: a code
		 * point at a time, this was 5 to 7% of an import's writer. */
		for (n = 0; n < len && (unsigned char)s[n] > ' ' &&
		    (unsigned char)s[n] < 0x7f; n++)
			;
		if (n > 0)
			buf_add(b, s, n);
		else if ((n = utf8_next(s, len, &cp)) == 0)
			n = 1;
		else if (utf8_is_control(cp) || utf8_is_space(cp))
			space(b);
		else
			buf_add(b, s, n);
		s += n;
		len -= n;
	}
}

int
search_text_plain(struct buf *b, const char *lang, const char *s)
{
	marker(b, lang);
	add_text(b, s, strlen(s));
	return finish(b);
}

/* Whether the tag that opens at p[0] ('<') ends a block. */
static bool
is_block(const char *p, size_t len)
{
	size_t i, n;

	p++;
	len--;
	if (len > 0 && *p == '/') {
		p++;
		len--;
	}
	for (n = 0; n < len && ((p[n] >= 'a' && p[n] <= 'z') ||
	    (p[n] >= '0' && p[n] <= '9')); n++)
		;
	for (i = 0; block_tags[i] != NULL; i++)
		if (strlen(block_tags[i]) == n &&
		    memcmp(block_tags[i], p, n) == 0)
			return true;
	return false;
}

/* The entity at p[0] ('&'), at most len bytes: its code point into *cp
 * and its length, or 0 when it is none this decoder knows (cmark-gfm
 * writes only these). */
static size_t
entity(const char *p, size_t len, uint32_t *cp)
{
	static const struct {
		const char	*name;
		uint32_t	 cp;
	} named[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' }, { "&nbsp;", 0xa0 },
	};
	const char *semi;
	char *end;
	unsigned long v;
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (len >= strlen(named[i].name) &&
		    memcmp(p, named[i].name, strlen(named[i].name)) == 0) {
			*cp = named[i].cp;
			return strlen(named[i].name);
		}
	/* &#NNN; or &#xHH;: 12 bytes hold any code point's. */
	if (len < 4 || p[1] != '#' ||
	    (semi = memchr(p, ';', len < 12 ? len : 12)) == NULL)
		return 0;
	if (p[2] == 'x' || p[2] == 'X')
		v = strtoul(p + 3, &end, 16);
	else
		v = strtoul(p + 2, &end, 10);
	if (end != semi || end == p + 2 || end == p + 3)
		return 0;
	*cp = v > 0x10ffff ? 0xfffd : (uint32_t)v;
	return (size_t)(semi - p) + 1;
}

int
search_text_html(struct buf *b, const char *lang, const char *html)
{
	const char *p = html, *end = html + strlen(html), *q;
	uint32_t cp;
	size_t n;

	marker(b, lang);
	while (p < end) {
		q = p + strcspn(p, "<&");
		add_text(b, p, (size_t)(q - p));
		if (q == end)
			break;
		if (*q == '<') {
			/* cmark-gfm escapes '>' in attributes: the first
			 * one ends the tag. */
			if (is_block(q, (size_t)(end - q)))
				space(b);
			p = memchr(q, '>', (size_t)(end - q));
			p = p != NULL ? p + 1 : end;
		} else if ((n = entity(q, (size_t)(end - q), &cp)) > 0) {
			add_cp(b, cp);
			p = q + n;
		} else {
			buf_addc(b, '&');
			p = q + 1;
		}
	}
	return finish(b);
}

int
search_facets(struct buf *b, const char *kind, const char *year)
{
	/* No marker: the tokens are taken as they are, without stems. */
	buf_printf(b, "k%s", kind);
	if (strlen(year) == 4 && strspn(year, "0123456789") == 4)
		buf_printf(b, " y%s", year);
	return b->failed ? -1 : 0;
}

/* mustache_lex.c: the Mustache lexer (text and tag tokens, set-delimiter
 * tags) and the spec's standalone-line rule over its tokens. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "view/mustache_internal.h"

/* 16: longer delimiters are surely a mistake. */
#define DELIM_MAX	16

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f';
}

static unsigned
count_lines(const char *s, size_t len)
{
	unsigned n = 0;
	const char *p, *end = s + len;

	while ((p = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s = p + 1;
	}
	return n;
}

static struct tok *
tok_push(struct comp *c, enum tok_type type, size_t off, size_t len,
    size_t end, unsigned line)
{
	struct tok *t;
	size_t cap;

	if (c->ntoks == c->tokcap) {
		cap = c->tokcap ? c->tokcap * 2 : 256;
		if ((t = realloc(c->toks, cap * sizeof(*t))) == NULL)
			return NULL;
		c->toks = t;
		c->tokcap = cap;
	}
	t = &c->toks[c->ntoks++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->start = (uint32_t)off;
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	t->end = (uint32_t)end;
	t->line = line;
	return t;
}

/* Text from a to b as tokens that each end at a newline or at b. */
static int
lex_text(struct comp *c, size_t a, size_t b, unsigned *line)
{
	const char *nl;
	size_t e;

	while (a < b) {
		nl = memchr(c->src + a, '\n', b - a);
		e = nl != NULL ? (size_t)(nl - c->src) + 1 : b;
		if (tok_push(c, T_TEXT, a, e - a, e, *line) == NULL)
			return mustache_compile_nomem(c);
		if (nl != NULL)
			(*line)++;
		a = e;
	}
	return 0;
}

/* Reads "{{=open close=}}" content into the new delimiters. */
static int
lex_delims(const char *s, size_t len, char *otag, size_t *olen, char *ctag,
    size_t *clen)
{
	size_t a = 0, b, c2, d;

	while (a < len && is_space(s[a]))
		a++;
	while (len > a && is_space(s[len - 1]))
		len--;
	for (b = a; b < len && !is_space(s[b]); b++)
		;
	for (c2 = b; c2 < len && is_space(s[c2]); c2++)
		;
	for (d = c2; d < len; d++)
		if (is_space(s[d]))
			return -1;
	if (b == a || len == c2 || b - a > DELIM_MAX || len - c2 > DELIM_MAX)
		return -1;
	if (memchr(s + a, '=', b - a) != NULL ||
	    memchr(s + c2, '=', len - c2) != NULL)
		return -1;
	memcpy(otag, s + a, b - a);
	*olen = b - a;
	memcpy(ctag, s + c2, len - c2);
	*clen = len - c2;
	return 0;
}

static int
check_name(struct comp *c, const char *s, size_t len, unsigned line)
{
	size_t i;

	if (len == 0)
		return mustache_compile_error(c, line, "empty tag");
	if (len > MUSTACHE_MAX_NAME)
		return mustache_compile_error(c, line,
		    "tag name longer than %d bytes", MUSTACHE_MAX_NAME);
	/* Whitespace inside a name most often means a tag left unclosed. */
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return mustache_compile_error(c, line,
			    "space or control character in tag name");
	return 0;
}

/* Splits the source into text and tag tokens, following set-delimiter
 * tags as it goes. */
int
mustache_lex(struct comp *c)
{
	char otag[DELIM_MAX], ctag[DELIM_MAX + 1], close[DELIM_MAX + 2];
	size_t olen = 2, clen = 2, closelen, pos = 0, start, p, e, a, b;
	const char *src = c->src, *hit;
	unsigned line = 1, tline;
	enum tok_type type;
	struct tok *t;
	bool triple;

	memcpy(otag, "{{", 2);
	memcpy(ctag, "}}", 2);
	while (pos < c->len) {
		hit = memmem(src + pos, c->len - pos, otag, olen);
		start = hit != NULL ? (size_t)(hit - src) : c->len;
		if (lex_text(c, pos, start, &line) == -1)
			return -1;
		if (hit == NULL)
			break;
		tline = line;
		p = start + olen;
		while (p < c->len && is_blank(src[p]))
			p++;
		triple = false;
		type = T_VAR;
		if (p < c->len) {
			switch (src[p]) {
			case '!': type = T_COMMENT; break;
			case '=': type = T_DELIM; break;
			case '{': type = T_RAW; triple = true; break;
			case '&': type = T_RAW; break;
			case '#': type = T_SECTION; break;
			case '^': type = T_INVERTED; break;
			case '/': type = T_CLOSE; break;
			case '>': type = T_PARTIAL; break;
			case '<': type = T_PARENT; break;
			case '$': type = T_BLOCK; break;
			default: break;
			}
			if (type != T_VAR)
				p++;
		}
		closelen = 0;
		if (triple)
			close[closelen++] = '}';
		else if (type == T_DELIM)
			close[closelen++] = '=';
		memcpy(close + closelen, ctag, clen);
		closelen += clen;
		hit = memmem(src + p, c->len - p, close, closelen);
		if (hit == NULL)
			return mustache_compile_error(c, tline, "unclosed tag");
		e = (size_t)(hit - src);
		line += count_lines(src + p, e - p);
		pos = e + closelen;
		if (type == T_DELIM) {
			if (lex_delims(src + p, e - p, otag, &olen, ctag,
			    &clen) == -1)
				return mustache_compile_error(c, tline,
				    "bad delimiters");
		}
		a = p;
		b = e;
		if (type != T_COMMENT && type != T_DELIM) {
			while (a < b && is_space(src[a]))
				a++;
			while (b > a && is_space(src[b - 1]))
				b--;
			if (check_name(c, src + a, b - a, tline) == -1)
				return -1;
		}
		if ((t = tok_push(c, type, a, b - a, pos, tline)) == NULL)
			return mustache_compile_nomem(c);
		t->start = (uint32_t)start;
	}
	return 0;
}

/* Whether a text token is blanks, with a newline only when it ends the
 * line. */
static bool
blank_piece(const struct comp *c, const struct tok *t)
{
	const char *s = c->src + t->off;
	size_t len = t->len, i;

	if (len > 0 && s[len - 1] == '\n') {
		len--;
		if (len > 0 && s[len - 1] == '\r')
			len--;
	}
	for (i = 0; i < len; i++)
		if (!is_blank(s[i]))
			return false;
	return true;
}

/* Applies the standalone rule line by line: a line holding only blanks and
 * non-interpolation tags loses its blanks and newline, and its tags learn
 * the line's span (for indentation). Other lines mark their first token. */
void
mustache_lex_lines(struct comp *c)
{
	size_t i = 0, j, k, ntags;
	struct tok *t;
	bool ok;

	while (i < c->ntoks) {
		j = i;
		while (j < c->ntoks) {
			t = &c->toks[j++];
			if (t->type == T_TEXT && c->src[t->off + t->len - 1] ==
			    '\n')
				break;
		}
		ok = true;
		ntags = 0;
		for (k = i; k < j && ok; k++) {
			t = &c->toks[k];
			if (t->type == T_TEXT)
				ok = blank_piece(c, t);
			else if (t->type == T_VAR || t->type == T_RAW)
				ok = false;
			else
				ntags++;
		}
		if (ok && ntags > 0) {
			for (k = i; k < j; k++) {
				t = &c->toks[k];
				t->line_start = c->toks[i].start;
				t->line_end = c->toks[j - 1].end;
				if (t->type == T_TEXT)
					t->dropped = true;
				else
					t->standalone = true;
			}
		} else
			c->toks[i].bol = true;
		i = j;
	}
}

/* The blanks at offset off, where a line starts. */
size_t
mustache_lex_blanks(const struct comp *c, size_t off)
{
	size_t n = 0;

	while (off + n < c->len && is_blank(c->src[off + n]))
		n++;
	return n;
}
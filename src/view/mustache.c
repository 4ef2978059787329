/* mustache.c: Mustache compiler (to a node tree) and renderer over jansson. */

/*
 * A template is compiled once: lex() cuts it into text and tag tokens,
 * mark_lines() applies the standalone-line rule, and build() makes the node
 * tree, copying all it keeps into the template's arena. Rendering walks the
 * tree with the context stack, the indentation and the parents' block
 * overrides as linked frames on the C stack, so it allocates nothing but
 * output and never changes the set.
 *
 * Indentation follows the spec's textual model without re-reading text: a
 * node that starts a line carries NF_BOL, and the renderer writes the
 * current indentation before it and after each inner newline of text. A
 * block override loses the indentation of its first line when compiled
 * (the "strip" prefix) and gains that of the block it replaces when
 * rendered.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/hash.h"
#include "lib/arena.h"
#include "view/escape.h"
#include "view/mustache.h"

/* 16: longer delimiters are surely a mistake. */
#define DELIM_MAX	16
/* 512: lists entered while rendering (sections, partials, parents, blocks
 * together), which keeps one render's C stack use near 100 KiB even when
 * every template nests sections to the full MUSTACHE_MAX_NEST. */
#define RENDER_NEST_MAX	512
/* 64: how much of a hostile tag name goes into an error message. */
#define ERR_NAME_MAX	64

enum tok_type {
	T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT,
	T_DELIM, T_PARTIAL, T_PARENT, T_BLOCK
};

/* One piece of source: a text run (never past a newline) or a tag. Offsets
 * keep it small: a template of blank lines makes one token per byte. */
struct tok {
	uint32_t	 start;		/* where the token begins */
	uint32_t	 off;		/* text, or the tag's trimmed name */
	uint32_t	 len;
	uint32_t	 end;		/* just past the token */
	uint32_t	 line_start;	/* standalone tags: their line */
	uint32_t	 line_end;
	uint32_t	 line;
	unsigned char	 type;
	bool		 standalone;	/* on a line of blanks and tags only */
	bool		 bol;		/* first token of a line that is kept */
	bool		 dropped;	/* blanks of a standalone line */
};

enum node_type {
	N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT,
	N_BLOCK
};

#define NF_BOL		0x01	/* starts a line: indent before it */
#define NF_STANDALONE	0x02	/* partial, parent or block on its own line */

struct node {
	unsigned char		 type;
	unsigned char		 flags;
	unsigned char		 nllen;
	unsigned short		 nparts;	/* 0 for "." */
	const char		*s;		/* text, or the tag name */
	size_t			 len;
	const char *const	*parts;		/* dotted name, split */
	/* Section body, block content, or a parent's block overrides. */
	const struct node	*kids;
	size_t			 nkids;
	const char		*ind;		/* standalone: indentation */
	size_t			 indlen;
	const char		*nl;		/* block: newline of its line */
	uint64_t		 hash;		/* partial and parent names */
};

struct tpl {
	char			*name;
	size_t			 namelen;
	uint64_t		 hash;
	struct arena		*arena;		/* its nodes and strings */
	const struct node	*kids;
	size_t			 nkids;
};

struct mustache_set {
	struct tpl	**slot;		/* open addressing, power-of-two size */
	size_t		  cap;
	size_t		  n;
};

enum build_kind { K_ROOT, K_SECTION, K_PARENT, K_DEF, K_SITE };

struct comp {
	const char	*label;		/* name or path for messages */
	const char	*src;
	size_t		 len;
	struct tok	*toks;
	size_t		 ntoks;
	size_t		 tokcap;
	size_t		 i;		/* next token to build */
	struct node	*scratch;	/* lists being built, innermost last */
	size_t		 nscratch;
	size_t		 scratchcap;
	struct buf	 text;		/* text gathered for the next node */
	bool		 text_bol;
	bool		 pending_bol;	/* the next node starts a line */
	struct arena	*arena;
	char		*err;
	size_t		 errsize;
};

static int	build(struct comp *, const struct tok *, enum build_kind,
		    const char *, size_t, unsigned, const struct node **,
		    size_t *);

static int
comp_error(struct comp *c, unsigned line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (c->err == NULL || c->errsize == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errsize, "%s:%u: %s", c->label, line, msg);
	return -1;
}

static int
nomem(struct comp *c)
{
	if (c->err != NULL && c->errsize > 0)
		snprintf(c->err, c->errsize, "%s: out of memory", c->label);
	return -1;
}

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
			return nomem(c);
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
		return comp_error(c, line, "empty tag");
	if (len > MUSTACHE_MAX_NAME)
		return comp_error(c, line, "tag name longer than %d bytes",
		    MUSTACHE_MAX_NAME);
	/* Whitespace inside a name most often means a tag left unclosed. */
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return comp_error(c, line,
			    "space or control character in tag name");
	return 0;
}

/* Splits the source into text and tag tokens, following set-delimiter
 * tags as it goes. */
static int
lex(struct comp *c)
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
			return comp_error(c, tline, "unclosed tag");
		e = (size_t)(hit - src);
		line += count_lines(src + p, e - p);
		pos = e + closelen;
		if (type == T_DELIM) {
			if (lex_delims(src + p, e - p, otag, &olen, ctag,
			    &clen) == -1)
				return comp_error(c, tline, "bad delimiters");
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
			return nomem(c);
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
static void
mark_lines(struct comp *c)
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
static size_t
blanks_at(const struct comp *c, size_t off)
{
	size_t n = 0;

	while (off + n < c->len && is_blank(c->src[off + n]))
		n++;
	return n;
}

/* Removes from s the part of it that the strip prefix (the indentation of
 * an override's definition) covers. */
static size_t
strip_len(const char *s, size_t len, const char *strip, size_t striplen)
{
	size_t k = 0;

	while (k < len && k < striplen && s[k] == strip[k])
		k++;
	return k;
}

static bool
take_bol(struct comp *c)
{
	bool bol = c->pending_bol;

	c->pending_bol = false;
	return bol;
}

static struct node *
node_push(struct comp *c)
{
	struct node *n;
	size_t cap;

	if (c->nscratch == c->scratchcap) {
		cap = c->scratchcap ? c->scratchcap * 2 : 64;
		if ((n = realloc(c->scratch, cap * sizeof(*n))) == NULL)
			return NULL;
		c->scratch = n;
		c->scratchcap = cap;
	}
	n = &c->scratch[c->nscratch++];
	memset(n, 0, sizeof(*n));
	return n;
}

/* Turns the gathered text into one node. */
static int
text_flush(struct comp *c)
{
	struct node *n;

	if (c->text.len == 0)
		return 0;
	if (c->text.failed || (n = node_push(c)) == NULL)
		return nomem(c);
	n->type = N_TEXT;
	n->flags = c->text_bol ? NF_BOL : 0;
	if ((n->s = arena_strndup(c->arena, c->text.data, c->text.len)) ==
	    NULL)
		return nomem(c);
	n->len = c->text.len;
	buf_reset(&c->text);
	return 0;
}

static int
text_add(struct comp *c, const char *s, size_t len)
{
	if (c->text.len > 0 && c->pending_bol &&
	    c->text.data[c->text.len - 1] != '\n') {
		if (text_flush(c) == -1)
			return -1;
	}
	if (c->text.len == 0)
		c->text_bol = take_bol(c);
	else
		c->pending_bol = false;	/* indented after the inner newline */
	if (buf_add(&c->text, s, len) == -1)
		return nomem(c);
	return 0;
}

/* A node for tag t, after the gathered text. */
static struct node *
tag_node(struct comp *c, const struct tok *t, enum node_type type)
{
	struct node *n;

	if (text_flush(c) == -1)
		return NULL;
	if ((n = node_push(c)) == NULL) {
		nomem(c);
		return NULL;
	}
	n->type = type;
	n->flags = take_bol(c) ? NF_BOL : 0;
	n->len = t->len;
	if ((n->s = arena_strndup(c->arena, c->src + t->off, t->len)) ==
	    NULL) {
		nomem(c);
		return NULL;
	}
	n->hash = hash64(n->s, n->len);
	return n;
}

/* Splits a dotted name; "." stays whole as the implicit iterator. */
static int
split_name(struct comp *c, struct node *n, unsigned line)
{
	const char **parts;
	size_t i, k, start;

	if (n->len == 1 && n->s[0] == '.')
		return 0;
	for (i = 0, k = 1; i < n->len; i++)
		if (n->s[i] == '.')
			k++;
	if ((parts = arena_alloc(c->arena, k * sizeof(*parts))) == NULL)
		return nomem(c);
	for (i = 0, k = 0, start = 0; i <= n->len; i++) {
		if (i < n->len && n->s[i] != '.')
			continue;
		if (i == start)
			return comp_error(c, line,
			    "empty part in name \"%.*s\"", ERR_NAME_MAX, n->s);
		parts[k] = arena_strndup(c->arena, n->s + start, i - start);
		if (parts[k++] == NULL)
			return nomem(c);
		start = i + 1;
	}
	n->parts = parts;
	n->nparts = (unsigned short)k;
	return 0;
}

/* Whether a tag shares its standalone line with the tag before it, so that
 * a block's content starts on the block's own line. */
static bool
same_line_follows(const struct comp *c, const struct tok *open)
{
	size_t k;

	for (k = c->i; k < c->ntoks && c->toks[k].end <= open->line_end; k++)
		if (c->toks[k].type != T_TEXT)
			return true;
	return false;
}

static int
build_block(struct comp *c, const struct tok *t, enum build_kind kind,
    const char *strip, size_t striplen, unsigned nest)
{
	const struct node *kids;
	const struct tok *end;
	struct node *n;
	size_t nkids, off, len, k;
	bool intrinsic;

	if ((n = tag_node(c, t, N_BLOCK)) == NULL)
		return -1;
	/* build() may move the scratch array: keep an index, not n. */
	k = c->nscratch - 1;
	intrinsic = t->standalone && !same_line_follows(c, t);
	if (kind == K_PARENT) {
		/* An override: its own indentation (that of its first line)
		 * comes off every line, to be replaced where it lands. */
		if (intrinsic) {
			strip = c->src + t->line_end;
			striplen = blanks_at(c, t->line_end);
		}
		if (build(c, t, K_DEF, strip, striplen, nest + 1, &kids,
		    &nkids) == -1)
			return -1;
	} else if (build(c, t, K_SITE, strip, striplen, nest + 1, &kids,
	    &nkids) == -1)
		return -1;
	n = &c->scratch[k];
	n->kids = kids;
	n->nkids = nkids;
	if (kind == K_PARENT || !t->standalone)
		return 0;
	/* A site on its own line: overrides are indented like the first line
	 * of the default content, or like the tag when there is none. */
	n->flags |= NF_STANDALONE;
	off = intrinsic && nkids > 0 ? t->line_end : t->line_start;
	len = blanks_at(c, off);
	k = strip_len(c->src + off, len, strip, striplen);
	n->ind = c->src + off + k;
	n->indlen = len - k;
	if ((n->ind = arena_strndup(c->arena, n->ind, n->indlen)) == NULL)
		return nomem(c);
	end = &c->toks[c->i - 1];
	if (end->standalone && end->line_end > 0 &&
	    c->src[end->line_end - 1] == '\n') {
		n->nllen = end->line_end > 1 &&
		    c->src[end->line_end - 2] == '\r' ? 2 : 1;
		n->nl = c->src + end->line_end - n->nllen;
		if ((n->nl = arena_strndup(c->arena, n->nl, n->nllen)) ==
		    NULL)
			return nomem(c);
	}
	return 0;
}

/* Copies scratch[base..] into the arena as a list; a parent keeps only
 * its block overrides. */
static int
list_finish(struct comp *c, size_t base, enum build_kind kind,
    const struct node **kids, size_t *nkids)
{
	struct node *list;
	size_t i, n = 0;

	for (i = base; i < c->nscratch; i++)
		if (kind != K_PARENT || c->scratch[i].type == N_BLOCK)
			n++;
	*kids = NULL;
	*nkids = n;
	if (n > 0) {
		if ((list = arena_alloc(c->arena, n * sizeof(*list))) == NULL)
			return nomem(c);
		for (i = base, n = 0; i < c->nscratch; i++)
			if (kind != K_PARENT ||
			    c->scratch[i].type == N_BLOCK)
				list[n++] = c->scratch[i];
		*kids = list;
	}
	c->nscratch = base;
	return 0;
}

static int
build(struct comp *c, const struct tok *open, enum build_kind kind,
    const char *strip, size_t striplen, unsigned nest,
    const struct node **kids, size_t *nkids)
{
	size_t base = c->nscratch, k;
	const struct node *sub;
	const struct tok *t;
	struct node *n;
	size_t nsub;

	if (nest > MUSTACHE_MAX_NEST)
		return comp_error(c, open->line,
		    "sections nested deeper than %d", MUSTACHE_MAX_NEST);
	c->pending_bol = false;
	while (c->i < c->ntoks) {
		t = &c->toks[c->i++];
		if (t->bol)
			c->pending_bol = true;
		switch (t->type) {
		case T_TEXT:
			if (t->dropped)
				break;
			k = t->bol ? strip_len(c->src + t->off, t->len, strip,
			    striplen) : 0;
			if (t->len > k && text_add(c, c->src + t->off + k,
			    t->len - k) == -1)
				return -1;
			break;
		case T_VAR:
		case T_RAW:
			if ((n = tag_node(c, t, t->type == T_VAR ? N_VAR :
			    N_RAW)) == NULL)
				return -1;
			if (split_name(c, n, t->line) == -1)
				return -1;
			break;
		case T_SECTION:
		case T_INVERTED:
			if ((n = tag_node(c, t, t->type == T_SECTION ?
			    N_SECTION : N_INVERTED)) == NULL)
				return -1;
			k = c->nscratch - 1;
			if (split_name(c, n, t->line) == -1)
				return -1;
			if (build(c, t, K_SECTION, strip, striplen, nest + 1,
			    &sub, &nsub) == -1)
				return -1;
			c->scratch[k].kids = sub;
			c->scratch[k].nkids = nsub;
			break;
		case T_PARTIAL:
		case T_PARENT:
			if ((n = tag_node(c, t, t->type == T_PARTIAL ?
			    N_PARTIAL : N_PARENT)) == NULL)
				return -1;
			k = c->nscratch - 1;
			if (t->standalone) {
				/* The line's blanks indent every line of the
				 * included template. */
				size_t len = blanks_at(c, t->line_start);
				size_t cut = strip_len(c->src + t->line_start,
				    len, strip, striplen);

				n->flags |= NF_STANDALONE;
				n->indlen = len - cut;
				n->ind = arena_strndup(c->arena, c->src +
				    t->line_start + cut, n->indlen);
				if (n->ind == NULL)
					return nomem(c);
			}
			if (t->type == T_PARTIAL)
				break;
			if (build(c, t, K_PARENT, strip, striplen, nest + 1,
			    &sub, &nsub) == -1)
				return -1;
			c->scratch[k].kids = sub;
			c->scratch[k].nkids = nsub;
			break;
		case T_BLOCK:
			if (build_block(c, t, kind, strip, striplen, nest) ==
			    -1)
				return -1;
			break;
		case T_CLOSE:
			if (open == NULL)
				return comp_error(c, t->line,
				    "{{/%.*s}} closes nothing",
				    (int)(t->len > ERR_NAME_MAX ?
				    ERR_NAME_MAX : t->len), c->src + t->off);
			if (t->len != open->len || memcmp(c->src + t->off,
			    c->src + open->off, t->len) != 0)
				return comp_error(c, t->line,
				    "{{/%.*s}} does not close \"%.*s\" "
				    "(opened on line %u)",
				    (int)(t->len > ERR_NAME_MAX ?
				    ERR_NAME_MAX : t->len), c->src + t->off,
				    (int)(open->len > ERR_NAME_MAX ?
				    ERR_NAME_MAX : open->len),
				    c->src + open->off, open->line);
			goto done;
		default:
			break;
		}
	}
	if (open != NULL)
		return comp_error(c, open->line, "\"%.*s\" is never closed",
		    (int)(open->len > ERR_NAME_MAX ? ERR_NAME_MAX : open->len),
		    c->src + open->off);
done:
	/* A line that starts with a closing tag is still a line: its
	 * indentation goes before the tag, inside this list. */
	if (take_bol(c)) {
		if (text_flush(c) == -1 || (n = node_push(c)) == NULL)
			return nomem(c);
		n->type = N_TEXT;
		n->flags = NF_BOL;
		n->s = "";
	}
	if (text_flush(c) == -1)
		return -1;
	return list_finish(c, base, kind, kids, nkids);
}

static void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	arena_free(t->arena);
	free(t->name);
	free(t);
}

static struct tpl *
set_find(const struct mustache_set *set, const char *name, size_t len,
    uint64_t h)
{
	struct tpl *t;
	size_t i;

	if (set->cap == 0)
		return NULL;
	for (i = h & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		if ((t = set->slot[i]) == NULL)
			return NULL;
		if (t->hash == h && t->namelen == len &&
		    memcmp(t->name, name, len) == 0)
			return t;
	}
}

static int
set_put(struct mustache_set *set, struct tpl *t)
{
	struct tpl **slot, *old;
	size_t cap, i, k;

	if ((set->n + 1) * 2 > set->cap) {
		cap = set->cap ? set->cap * 2 : 16;
		if ((slot = calloc(cap, sizeof(*slot))) == NULL)
			return -1;
		for (k = 0; k < set->cap; k++) {
			if ((old = set->slot[k]) == NULL)
				continue;
			for (i = old->hash & (cap - 1); slot[i] != NULL;
			    i = (i + 1) & (cap - 1))
				;
			slot[i] = old;
		}
		free(set->slot);
		set->slot = slot;
		set->cap = cap;
	}
	for (i = t->hash & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1)) {
		old = set->slot[i];
		if (old->hash == t->hash && old->namelen == t->namelen &&
		    memcmp(old->name, t->name, t->namelen) == 0) {
			set->slot[i] = t;
			tpl_free(old);
			return 0;
		}
	}
	set->slot[i] = t;
	set->n++;
	return 0;
}

/* Compiles and adds a template; label names it in messages. */
static int
set_compile(struct mustache_set *set, const char *name, const char *label,
    const char *text, size_t len, char *err, size_t errsize)
{
	struct comp c;
	struct tpl *t = NULL;
	size_t namelen;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.label = label;
	c.src = text;
	c.len = len;
	c.err = err;
	c.errsize = errsize;
	c.text = (struct buf)BUF_INIT;
	if (err != NULL && errsize > 0)
		err[0] = '\0';
	namelen = strnlen(name, MUSTACHE_MAX_NAME + 1);
	if (namelen == 0 || namelen > MUSTACHE_MAX_NAME) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "%s: template name empty or "
			    "longer than %d bytes", label, MUSTACHE_MAX_NAME);
		return -1;
	}
	if (len > MUSTACHE_MAX_SIZE) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "%s: template larger than "
			    "1 MiB", label);
		return -1;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->name = strndup(name, namelen)) == NULL ||
	    (t->arena = arena_new()) == NULL) {
		nomem(&c);
		goto out;
	}
	t->namelen = namelen;
	t->hash = hash64(name, namelen);
	c.arena = t->arena;
	if (lex(&c) == -1)
		goto out;
	mark_lines(&c);
	if (build(&c, NULL, K_ROOT, "", 0, 0, &t->kids, &t->nkids) == -1)
		goto out;
	if (set_put(set, t) == -1) {
		nomem(&c);
		goto out;
	}
	t = NULL;
	rc = 0;
out:
	tpl_free(t);
	free(c.toks);
	free(c.scratch);
	buf_free(&c.text);
	return rc;
}

struct mustache_set *
mustache_set_new(void)
{
	return calloc(1, sizeof(struct mustache_set));
}

void
mustache_set_free(struct mustache_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->cap; i++)
		tpl_free(set->slot[i]);
	free(set->slot);
	free(set);
}

int
mustache_set_add(struct mustache_set *set, const char *name,
    const char *text, size_t len, char *err, size_t errsize)
{
	return set_compile(set, name, name, text, len, err, errsize);
}

bool
mustache_set_has(const struct mustache_set *set, const char *name)
{
	size_t len = strnlen(name, MUSTACHE_MAX_NAME + 1);

	return set_find(set, name, len, hash64(name, len)) != NULL;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
dir_error(char *err, size_t errsize, const char *dir, const char *file,
    const char *msg)
{
	if (err != NULL && errsize > 0)
		snprintf(err, errsize, "%s%s%s: %s", dir, file ? "/" : "",
		    file ? file : "", msg);
	return -1;
}

/* Reads one template file (a regular file, no symlink) into a heap buffer.
 * Returns 1 when loaded, 0 when skipped, -1 on error with errno set or
 * EFBIG for a file over the limit. */
static int
read_template(int dfd, const char *file, char **text, size_t *len)
{
	struct stat st;
	size_t n = 0;
	ssize_t r;
	char *p;
	int fd;

	if (fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	if (!S_ISREG(st.st_mode))
		return 0;
	/* O_NONBLOCK: a FIFO swapped in after the check must not hang us. */
	fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1)
		return errno == ELOOP ? 0 : -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	if (st.st_size > MUSTACHE_MAX_SIZE) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	if ((p = malloc(MUSTACHE_MAX_SIZE + 1)) == NULL) {
		close(fd);
		return -1;
	}
	/* One byte past the limit tells a file that grew since fstat. */
	while (n <= MUSTACHE_MAX_SIZE) {
		r = read(fd, p + n, MUSTACHE_MAX_SIZE + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			free(p);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > MUSTACHE_MAX_SIZE) {
		free(p);
		errno = EFBIG;
		return -1;
	}
	*text = p;
	*len = n;
	return 1;
}

int
mustache_set_load_dir(struct mustache_set *set, const char *dir, char *err,
    size_t errsize)
{
	static const char ext[] = ".mustache";
	const size_t extlen = sizeof(ext) - 1;
	char **names = NULL, **more, *label, *name, *text;
	size_t n = 0, cap = 0, i, len, textlen;
	struct dirent *de;
	int dfd, rc = -1, r;
	DIR *d;

	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return dir_error(err, errsize, dir, NULL, strerror(errno));
	if ((d = fdopendir(dfd)) == NULL) {
		dir_error(err, errsize, dir, NULL, strerror(errno));
		close(dfd);
		return -1;
	}
	/* Sorted, so that the first error reported is the same every time. */
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= extlen ||
		    len - extlen > MUSTACHE_MAX_NAME ||
		    strcmp(de->d_name + len - extlen, ext) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((more = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				goto nomem;
			names = more;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto nomem;
		n++;
	}
	if (errno != 0) {
		dir_error(err, errsize, dir, NULL, strerror(errno));
		goto out;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		r = read_template(dirfd(d), names[i], &text, &textlen);
		if (r == -1) {
			dir_error(err, errsize, dir, names[i], errno == EFBIG ?
			    "template larger than 1 MiB" : strerror(errno));
			goto out;
		}
		if (r == 0)
			continue;
		name = names[i];
		name[strlen(name) - extlen] = '\0';
		if (asprintf(&label, "%s/%s%s", dir, name, ext) == -1) {
			free(text);
			goto nomem;
		}
		r = set_compile(set, name, label, text, textlen, err, errsize);
		free(label);
		free(text);
		if (r == -1)
			goto out;
	}
	rc = 0;
	goto out;
nomem:
	dir_error(err, errsize, dir, NULL, "out of memory");
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* Rendering. Everything a render needs lives on its own C stack. */

struct ctx {
	json_t			*v;
	const struct ctx	*up;
};

struct indent {
	const char		*s;
	size_t			 len;
	const struct indent	*up;	/* outer part, written first */
};

/* The parent tags being expanded, innermost first; for a block the
 * outermost override wins. */
struct ovr {
	const struct node	*parent;
	const struct ovr	*up;
};

struct scope {
	const struct ctx	*ctx;
	const struct indent	*ind;
	const struct ovr	*ovr;
};

struct render {
	const struct mustache_set	*set;
	struct buf			*out;
	unsigned			 depth;	/* inclusions */
	unsigned			 nest;	/* lists */
};

static int	render_list(struct render *, const struct node *, size_t,
		    const struct scope *);

static int
put_indent(struct buf *out, const struct indent *ind)
{
	if (ind == NULL)
		return 0;
	if (put_indent(out, ind->up) == -1)
		return -1;
	return buf_add(out, ind->s, ind->len);
}

static int
put_text(struct buf *out, const struct node *n, const struct indent *ind)
{
	const char *p = n->s, *end = n->s + n->len, *nl;

	if (ind == NULL)
		return buf_add(out, p, n->len);
	if ((n->flags & NF_BOL) && put_indent(out, ind) == -1)
		return -1;
	/* Every line of template text starts with the indentation; a final
	 * newline leaves that to whatever comes next. */
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL &&
	    nl + 1 < end) {
		if (buf_add(out, p, (size_t)(nl + 1 - p)) == -1 ||
		    put_indent(out, ind) == -1)
			return -1;
		p = nl + 1;
	}
	return buf_add(out, p, (size_t)(end - p));
}

/* Shortest form that reads back as the same double: 1.21, not
 * 1.2099999999999999645. */
static int
put_real(struct buf *out, double d)
{
	char s[40];
	int prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(s, sizeof(s), "%.17g", d);
	return buf_adds(out, s);
}

static int
put_value(struct buf *out, json_t *v, bool escape)
{
	if (v == NULL)
		return 0;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			return escape_html(out, json_string_value(v),
			    json_string_length(v));
		return buf_add(out, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		return buf_printf(out, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	case JSON_REAL:
		return put_real(out, json_real_value(v));
	case JSON_TRUE:
		return buf_add(out, "true", 4);
	case JSON_FALSE:
		return buf_add(out, "false", 5);
	default:
		/* null, and objects and arrays, which have no text form. */
		return 0;
	}
}

/* JavaScript's truthiness, as the spec's `!!data`. */
static bool
truthy(json_t *v)
{
	if (v == NULL)
		return false;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_TRUE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return false;
	}
}

/* The first part of a name is looked up from the top of the context
 * stack down; the other parts only in what the part before gave. */
static json_t *
lookup(const struct ctx *c, const struct node *n)
{
	json_t *v = NULL;
	size_t i;

	if (n->nparts == 0)
		return c != NULL ? c->v : NULL;
	for (; c != NULL; c = c->up)
		if (json_is_object(c->v) &&
		    (v = json_object_get(c->v, n->parts[0])) != NULL)
			break;
	for (i = 1; v != NULL && i < n->nparts; i++)
		v = json_is_object(v) ? json_object_get(v, n->parts[i]) : NULL;
	return v;
}

static int
render_section(struct render *r, const struct node *n, const struct scope *sc)
{
	json_t *v = lookup(sc->ctx, n);
	struct scope in = *sc;
	struct ctx c;
	size_t i, count;

	if (n->type == N_INVERTED)
		return truthy(v) ? 0 : render_list(r, n->kids, n->nkids, sc);
	if (!truthy(v))
		return 0;
	c.up = sc->ctx;
	in.ctx = &c;
	if (!json_is_array(v)) {
		c.v = v;
		return render_list(r, n->kids, n->nkids, &in);
	}
	count = json_array_size(v);
	for (i = 0; i < count; i++) {
		c.v = json_array_get(v, i);
		if (render_list(r, n->kids, n->nkids, &in) == -1)
			return -1;
	}
	return 0;
}

/* A partial, or a parent with its block overrides. */
static int
render_include(struct render *r, const struct node *n, const struct scope *sc)
{
	const struct tpl *t;
	struct indent ind;
	struct scope in = *sc;
	struct ovr o;
	int rc;

	if ((t = set_find(r->set, n->s, n->len, n->hash)) == NULL)
		return 0;
	if (r->depth >= MUSTACHE_MAX_DEPTH)
		return -1;
	/* Only a standalone tag indents; inline, the text goes in as is. */
	in.ind = NULL;
	if (n->flags & NF_STANDALONE) {
		in.ind = sc->ind;
		if (n->indlen > 0) {
			ind.s = n->ind;
			ind.len = n->indlen;
			ind.up = sc->ind;
			in.ind = &ind;
		}
	}
	if (n->type == N_PARENT) {
		o.parent = n;
		o.up = sc->ovr;
		in.ovr = &o;
	}
	r->depth++;
	rc = render_list(r, t->kids, t->nkids, &in);
	r->depth--;
	return rc;
}

static int
render_block(struct render *r, const struct node *n, const struct scope *sc)
{
	const struct node *def = NULL;
	const struct ovr *o;
	struct scope in = *sc;
	struct indent ind;
	size_t i, start = r->out->len;
	int rc;

	for (o = sc->ovr; o != NULL; o = o->up)
		for (i = 0; i < o->parent->nkids; i++)
			if (o->parent->kids[i].len == n->len &&
			    memcmp(o->parent->kids[i].s, n->s, n->len) == 0) {
				def = &o->parent->kids[i];
				break;
			}
	if (def == NULL)
		rc = render_list(r, n->kids, n->nkids, sc);
	else {
		if (r->depth >= MUSTACHE_MAX_DEPTH)
			return -1;
		in.ind = NULL;
		if (n->flags & NF_STANDALONE) {
			ind.s = n->ind;
			ind.len = n->indlen;
			ind.up = sc->ind;
			in.ind = &ind;
			/* The site starts a line even where the override's
			 * content did not start one. */
			if (def->nkids > 0 && !(def->kids[0].flags & NF_BOL) &&
			    put_indent(r->out, in.ind) == -1)
				return -1;
		}
		r->depth++;
		rc = render_list(r, def->kids, def->nkids, &in);
		r->depth--;
	}
	if (rc == -1)
		return -1;
	/* A block on lines of its own fills whole lines: give back the
	 * newline of its line when the content did not end with one. */
	if (n->nllen > 0 && r->out->len > start &&
	    r->out->data[r->out->len - 1] != '\n')
		return buf_add(r->out, n->nl, n->nllen);
	return 0;
}

static int
render_list(struct render *r, const struct node *n, size_t count,
    const struct scope *sc)
{
	const struct node *end;
	int rc = 0;

	/* An empty list has no nodes at all (n is NULL): nothing to add to. */
	if (count == 0)
		return 0;
	end = n + count;
	if (++r->nest > RENDER_NEST_MAX) {
		r->nest--;
		return -1;
	}
	for (; n < end && rc == 0; n++) {
		if (n->type == N_TEXT) {
			rc = put_text(r->out, n, sc->ind);
			continue;
		}
		if ((n->flags & NF_BOL) && put_indent(r->out, sc->ind) == -1) {
			rc = -1;
			break;
		}
		switch (n->type) {
		case N_VAR:
		case N_RAW:
			rc = put_value(r->out, lookup(sc->ctx, n),
			    n->type == N_VAR);
			break;
		case N_SECTION:
		case N_INVERTED:
			rc = render_section(r, n, sc);
			break;
		case N_PARTIAL:
		case N_PARENT:
			rc = render_include(r, n, sc);
			break;
		case N_BLOCK:
			rc = render_block(r, n, sc);
			break;
		}
	}
	r->nest--;
	return rc;
}

int
mustache_render(const struct mustache_set *set, const char *name,
    json_t *data, struct buf *out)
{
	const struct tpl *t;
	struct render r;
	struct scope sc;
	struct ctx c;
	size_t len = strnlen(name, MUSTACHE_MAX_NAME + 1);

	if ((t = set_find(set, name, len, hash64(name, len))) == NULL)
		return -1;
	r.set = set;
	r.out = out;
	r.depth = 0;
	r.nest = 0;
	c.v = data;
	c.up = NULL;
	sc.ctx = data != NULL ? &c : NULL;
	sc.ind = NULL;
	sc.ovr = NULL;
	if (render_list(&r, t->kids, t->nkids, &sc) == -1 || out->failed)
		return -1;
	return 0;
}

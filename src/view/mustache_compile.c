/* mustache_compile.c: the Mustache compiler, from tokens to the node tree
 * that the renderer walks. */

/*
 * A template is compiled once: mustache_lex() cuts it into text and tag
 * tokens, mustache_lex_lines() applies the standalone-line rule, and
 * build() makes the node tree, copying all it keeps into the template's
 * arena.
 *
 * Indentation follows the spec's textual model without re-reading text: a
 * node that starts a line carries NF_BOL, and the renderer writes the
 * current indentation before it and after each inner newline of text. A
 * block override loses the indentation of its first line when compiled
 * (the "strip" prefix) and gains that of the block it replaces when
 * rendered.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/hash.h"
#include "view/mustache_internal.h"

/* 64: how much of a hostile tag name goes into an error message. */
#define ERR_NAME_MAX	64

enum build_kind { K_ROOT, K_SECTION, K_PARENT, K_DEF, K_SITE };

static int	build(struct comp *, const struct tok *, enum build_kind,
		    const char *, size_t, unsigned, const struct node **,
		    size_t *);

int
mustache_compile_error(struct comp *c, unsigned line, const char *fmt, ...)
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

int
mustache_compile_nomem(struct comp *c)
{
	if (c->err != NULL && c->errsize > 0)
		snprintf(c->err, c->errsize, "%s: out of memory", c->label);
	return -1;
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
		return mustache_compile_nomem(c);
	n->type = N_TEXT;
	n->flags = c->text_bol ? NF_BOL : 0;
	if ((n->s = arena_strndup(c->arena, c->text.data, c->text.len)) ==
	    NULL)
		return mustache_compile_nomem(c);
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
		return mustache_compile_nomem(c);
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
		mustache_compile_nomem(c);
		return NULL;
	}
	n->type = type;
	n->flags = take_bol(c) ? NF_BOL : 0;
	n->len = t->len;
	if ((n->s = arena_strndup(c->arena, c->src + t->off, t->len)) ==
	    NULL) {
		mustache_compile_nomem(c);
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
		return mustache_compile_nomem(c);
	for (i = 0, k = 0, start = 0; i <= n->len; i++) {
		if (i < n->len && n->s[i] != '.')
			continue;
		if (i == start)
			return mustache_compile_error(c, line,
			    "empty part in name \"%.*s\"", ERR_NAME_MAX, n->s);
		parts[k] = arena_strndup(c->arena, n->s + start, i - start);
		if (parts[k++] == NULL)
			return mustache_compile_nomem(c);
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
			striplen = mustache_lex_blanks(c, t->line_end);
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
	len = mustache_lex_blanks(c, off);
	k = strip_len(c->src + off, len, strip, striplen);
	n->ind = c->src + off + k;
	n->indlen = len - k;
	if ((n->ind = arena_strndup(c->arena, n->ind, n->indlen)) == NULL)
		return mustache_compile_nomem(c);
	end = &c->toks[c->i - 1];
	if (end->standalone && end->line_end > 0 &&
	    c->src[end->line_end - 1] == '\n') {
		n->nllen = end->line_end > 1 &&
		    c->src[end->line_end - 2] == '\r' ? 2 : 1;
		n->nl = c->src + end->line_end - n->nllen;
		if ((n->nl = arena_strndup(c->arena, n->nl, n->nllen)) ==
		    NULL)
			return mustache_compile_nomem(c);
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
			return mustache_compile_nomem(c);
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
		return mustache_compile_error(c, open->line,
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
				size_t len = mustache_lex_blanks(c,
				    t->line_start);
				size_t cut = strip_len(c->src + t->line_start,
				    len, strip, striplen);

				n->flags |= NF_STANDALONE;
				n->indlen = len - cut;
				n->ind = arena_strndup(c->arena, c->src +
				    t->line_start + cut, n->indlen);
				if (n->ind == NULL)
					return mustache_compile_nomem(c);
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
				return mustache_compile_error(c, t->line,
				    "{{/%.*s}} closes nothing",
				    (int)(t->len > ERR_NAME_MAX ?
				    ERR_NAME_MAX : t->len), c->src + t->off);
			if (t->len != open->len || memcmp(c->src + t->off,
			    c->src + open->off, t->len) != 0)
				return mustache_compile_error(c, t->line,
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
		return mustache_compile_error(c, open->line,
		    "\"%.*s\" is never closed",
		    (int)(open->len > ERR_NAME_MAX ? ERR_NAME_MAX : open->len),
		    c->src + open->off);
done:
	/* A line that starts with a closing tag is still a line: its
	 * indentation goes before the tag, inside this list. */
	if (take_bol(c)) {
		if (text_flush(c) == -1 || (n = node_push(c)) == NULL)
			return mustache_compile_nomem(c);
		n->type = N_TEXT;
		n->flags = NF_BOL;
		n->s = "";
	}
	if (text_flush(c) == -1)
		return -1;
	return list_finish(c, base, kind, kids, nkids);
}

int
mustache_compile(struct tpl *t, const char *label, const char *text,
    size_t len, char *err, size_t errsize)
{
	struct comp c;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.label = label;
	c.src = text;
	c.len = len;
	c.err = err;
	c.errsize = errsize;
	c.text = (struct buf)BUF_INIT;
	c.arena = t->arena;
	if (mustache_lex(&c) == -1)
		goto out;
	mustache_lex_lines(&c);
	if (build(&c, NULL, K_ROOT, "", 0, 0, &t->kids, &t->nkids) == -1)
		goto out;
	rc = 0;
out:
	free(c.toks);
	free(c.scratch);
	buf_free(&c.text);
	return rc;
}

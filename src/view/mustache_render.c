/* mustache_render.c: renders a compiled Mustache template over jansson
 * values. */

/*
 * Rendering walks the node tree with the context stack, the indentation
 * and the parents' block overrides as linked frames on the C stack, so it
 * allocates nothing but output and never changes the set. Everything a
 * render needs lives on its own C stack.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/buf.h"
#include "lib/hash.h"
#include "view/escape.h"
#include "view/mustache.h"
#include "view/mustache_internal.h"

/* 512: lists entered while rendering (sections, partials, parents, blocks
 * together), which keeps one render's C stack use near 100 KiB even when
 * every template nests sections to the full MUSTACHE_MAX_NEST. */
#define RENDER_NEST_MAX	512

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

	if ((t = mustache_set_find(r->set, n->s, n->len, n->hash)) == NULL)
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

	if ((t = mustache_set_find(set, name, len, hash64(name, len))) == NULL)
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
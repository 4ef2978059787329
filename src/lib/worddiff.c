/* worddiff.c: a word-level diff of two texts: the common ends trimmed,
 * then Myers' O(ND) shortest edit script over the words between, bounded
 * by edits, words and steps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/worddiff.h"

/* A word or a run of white space: where it starts, how long, a hash. */
struct token {
	size_t		 off;
	size_t		 len;
	uint32_t	 hash;
};

/* A stretch of the result: kept (old [os, oe) equals new [ns, ne)) or
 * changed (old [os, oe) became new [ns, ne)). */
struct seg {
	bool		 change;
	size_t		 os, oe, ns, ne;
};

/* One step of an edit script: a run kept (olen == nlen bytes) or one
 * token deleted or inserted. */
struct move {
	bool		 change;
	size_t		 olen, nlen;
};

struct segs {
	struct seg	*v;
	size_t		 n, cap;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* The end of the token that starts at i of s (len bytes). */
static size_t
token_end(const char *s, size_t len, size_t i)
{
	bool sp = is_space(s[i]);

	while (i < len && is_space(s[i]) == sp)
		i++;
	return i;
}

/* The start of the token that ends at i (> 0) of s. */
static size_t
token_start(const char *s, size_t i)
{
	bool sp = is_space(s[i - 1]);

	while (i > 0 && is_space(s[i - 1]) == sp)
		i--;
	return i;
}

/* Appends a stretch, joining it to the last one when both are of one
 * sort. Returns 0, or -1 when out of memory. */
static int
seg_add(struct segs *g, bool change, size_t os, size_t oe, size_t ns,
    size_t ne)
{
	struct seg *last = g->n > 0 ? &g->v[g->n - 1] : NULL, *v;

	if (oe == os && ne == ns)
		return 0;
	if (last != NULL && last->change == change) {
		last->oe = oe;
		last->ne = ne;
		return 0;
	}
	if (g->n == g->cap) {
		g->cap = g->cap == 0 ? 16 : g->cap * 2;
		if ((v = realloc(g->v, g->cap * sizeof(*v))) == NULL)
			return -1;
		g->v = v;
	}
	g->v[g->n++] = (struct seg){ change, os, oe, ns, ne };
	return 0;
}

/* The tokens of s [from, to) into a malloc'd array (*n of them). Returns
 * 0, 1 when there are more than WORDDIFF_TOKENS_MAX, -1 when out of
 * memory. */
static int
tokenize(const char *s, size_t from, size_t to, struct token **out,
    size_t *n)
{
	struct token *v = NULL, *nv;
	size_t cap = 0, i = from, e, j;
	uint32_t h;

	*n = 0;
	while (i < to) {
		if (*n == WORDDIFF_TOKENS_MAX) {
			free(v);
			return 1;
		}
		if (*n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				return -1;
			}
			v = nv;
		}
		e = token_end(s, to, i);
		/* FNV-1a: a cheap first test before memcmp. */
		for (h = 2166136261u, j = i; j < e; j++)
			h = (h ^ (unsigned char)s[j]) * 16777619u;
		v[(*n)++] = (struct token){ i, e - i, h };
		i = e;
	}
	*out = v;
	return 0;
}

static bool
tok_eq(const char *a, const struct token *x, const char *b,
    const struct token *y)
{
	return x->hash == y->hash && x->len == y->len &&
	    memcmp(a + x->off, b + y->off, x->len) == 0;
}

/* The furthest x reached on each diagonal k (-d .. d) after d edits: the
 * rows of all d, one after another, row d at d * d. */
#define V(d, k)	(v[(size_t)(d) * (size_t)(d) + (size_t)((k) + (d))])

/* Myers' algorithm over tokens a (na) of old and b (nb) of new, adding
 * the stretches of the middle to g. Returns 0, 1 when past a limit, -1
 * when out of memory. */
static int
myers(const char *old, const struct token *a, size_t na, const char *new,
    const struct token *b, size_t nb, struct segs *g)
{
	size_t dmax = na + nb < WORDDIFF_EDITS_MAX ? na + nb :
	    WORDDIFF_EDITS_MAX;
	long work = 0;
	long d, k, x, y, px, pk, found = -1;
	long *v;
	struct move *rev = NULL, *nr;
	size_t nrev = 0, cap = 0, i, co, cn;
	int ret = -1;

	if ((v = malloc((dmax + 1) * (dmax + 1) * sizeof(*v))) == NULL)
		return -1;
	for (d = 0; d <= (long)dmax && found < 0; d++) {
		for (k = -d; k <= d; k += 2) {
			if (d == 0)
				x = 0;
			else if (k == -d || (k != d &&
			    V(d - 1, k - 1) < V(d - 1, k + 1)))
				x = V(d - 1, k + 1);
			else
				x = V(d - 1, k - 1) + 1;
			y = x - k;
			while (x < (long)na && y < (long)nb &&
			    tok_eq(old, &a[x], new, &b[y])) {
				x++;
				y++;
				work++;
			}
			V(d, k) = x;
			if (++work > WORDDIFF_WORK_MAX) {
				ret = 1;
				goto out;
			}
			if (x >= (long)na && y >= (long)nb) {
				found = d;
				break;
			}
		}
	}
	if (found < 0) {
		ret = 1;
		goto out;
	}
	/* Back from the end: each edit and the run kept after it, last
	 * first, into rev as byte lengths (old, new; kept: both). */
	x = (long)na;
	y = (long)nb;
	for (d = found; d >= 0; d--) {
		k = x - y;
		if (d == 0) {
			px = 0;
			pk = 0;
		} else if (k == -d || (k != d &&
		    V(d - 1, k - 1) < V(d - 1, k + 1))) {
			pk = k + 1;
			px = V(d - 1, pk);
		} else {
			pk = k - 1;
			px = V(d - 1, pk) + 1;
		}
		if (nrev + 2 > cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((nr = realloc(rev, cap * sizeof(*nr))) == NULL)
				goto out;
			rev = nr;
		}
		/* The run kept: tokens [px, x) of old, as many of new. */
		if (px < x)
			rev[nrev++] = (struct move){ false, a[x - 1].off +
			    a[x - 1].len - a[px].off, b[y - 1].off +
			    b[y - 1].len - b[px - k].off };
		if (d == 0)
			break;
		if (pk == k + 1)	/* b[px - pk] inserted */
			rev[nrev++] = (struct move){ true, 0, b[px - pk].len };
		else			/* a[px - 1] deleted */
			rev[nrev++] = (struct move){ true, a[px - 1].len, 0 };
		x = V(d - 1, pk);
		y = x - pk;
	}
	/* Forward again, each move from where the last one left off: the
	 * tokens of the middle are contiguous. */
	ret = 0;
	co = a[0].off;
	cn = b[0].off;
	for (i = nrev; i-- > 0 && ret == 0;) {
		ret = seg_add(g, rev[i].change, co, co + rev[i].olen, cn,
		    cn + rev[i].nlen);
		co += rev[i].olen;
		cn += rev[i].nlen;
	}
out:
	free(rev);
	free(v);
	return ret;
}

/* Whether s [from, to) is white space only. */
static bool
all_space(const char *s, size_t from, size_t to)
{
	for (; from < to; from++)
		if (!is_space(s[from]))
			return false;
	return true;
}

/* The stretches g as runs in arena a. */
static int
emit(struct arena *a, const char *old, const char *new, struct segs *g,
    struct worddiff_part **parts, size_t *n)
{
	struct worddiff_part *p;
	size_t i, j, m = 0;

	/* White space alone between two changes joins them: "a b" into
	 * "x y" reads as one change, not two around a kept space. */
	for (i = 0, j = 0; i < g->n; i++) {
		if (j >= 2 && g->v[i].change && !g->v[j - 1].change &&
		    g->v[j - 2].change && all_space(old, g->v[j - 1].os,
		    g->v[j - 1].oe)) {
			g->v[j - 2].oe = g->v[i].oe;
			g->v[j - 2].ne = g->v[i].ne;
			j--;
			continue;
		}
		g->v[j++] = g->v[i];
	}
	g->n = j;
	if ((p = arena_alloc(a, (2 * g->n + 1) * sizeof(*p))) == NULL)
		return -1;
	for (i = 0; i < g->n; i++) {
		struct seg *s = &g->v[i];

		if (!s->change) {
			p[m].op = WORDDIFF_SAME;
			p[m++].text = arena_strndup(a, old + s->os,
			    s->oe - s->os);
			continue;
		}
		if (s->oe > s->os) {
			p[m].op = WORDDIFF_DEL;
			p[m++].text = arena_strndup(a, old + s->os,
			    s->oe - s->os);
		}
		if (s->ne > s->ns) {
			p[m].op = WORDDIFF_INS;
			p[m++].text = arena_strndup(a, new + s->ns,
			    s->ne - s->ns);
		}
	}
	for (i = 0; i < m; i++)
		if (p[i].text == NULL)
			return -1;
	*parts = p;
	*n = m;
	return 0;
}

int
worddiff(struct arena *a, const char *old, size_t old_len, const char *new,
    size_t new_len, struct worddiff_part **parts, size_t *n, bool *replaced)
{
	struct segs g = { NULL, 0, 0 };
	struct token *ta = NULL, *tb = NULL;
	size_t po = 0, pn = 0, eo = old_len, en = new_len, e1, e2, na, nb;
	int ret = -1, r1, r2;

	*replaced = false;
	*parts = NULL;
	*n = 0;
	/* The common beginning, a token at a time, with no array. */
	while (po < old_len && pn < new_len) {
		e1 = token_end(old, old_len, po);
		e2 = token_end(new, new_len, pn);
		if (e1 - po != e2 - pn || memcmp(old + po, new + pn,
		    e1 - po) != 0)
			break;
		po = e1;
		pn = e2;
	}
	/* The common end, not reaching back into the beginning. */
	while (eo > po && en > pn) {
		e1 = token_start(old, eo);
		e2 = token_start(new, en);
		if (e1 < po || e2 < pn || eo - e1 != en - e2 ||
		    memcmp(old + e1, new + e2, eo - e1) != 0)
			break;
		eo = e1;
		en = e2;
	}
	if (seg_add(&g, false, 0, po, 0, pn) == -1)
		goto out;
	if (eo > po && en > pn) {
		r1 = tokenize(old, po, eo, &ta, &na);
		r2 = r1 == 0 ? tokenize(new, pn, en, &tb, &nb) : 0;
		if (r1 == -1 || r2 == -1)
			goto out;
		if (r1 == 0 && r2 == 0)
			r1 = myers(old, ta, na, new, tb, nb, &g);
		if (r1 == -1)
			goto out;
		/* Past a limit, myers() added nothing: the middle is one
		 * change. */
		if (r1 == 1 || r2 == 1) {
			*replaced = true;
			if (seg_add(&g, true, po, eo, pn, en) == -1)
				goto out;
		}
	} else if (seg_add(&g, true, po, eo, pn, en) == -1)
		goto out;
	if (seg_add(&g, false, eo, old_len, en, new_len) == -1)
		goto out;
	ret = emit(a, old, new, &g, parts, n);
out:
	free(ta);
	free(tb);
	free(g.v);
	return ret;
}

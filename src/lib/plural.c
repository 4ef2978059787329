/* plural.c: a bounded recursive-descent compiler and evaluator for the
 * plural rules of gettext catalogs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/plural.h"

enum op {
	OP_N, OP_NUM, OP_NOT, OP_MUL, OP_DIV, OP_MOD, OP_ADD, OP_SUB,
	OP_LT, OP_GT, OP_LE, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR, OP_COND,
};

/* Children are indices into the rule's node array; -1 when unused. */
struct node {
	enum op		 op;
	unsigned long	 num;
	int		 a, b, c;
};

struct plural {
	struct node	 nodes[PLURAL_MAX_NODES];
	int		 n;
	int		 root;
};

struct parser {
	struct plural	*p;
	const char	*s;
	int		 nest;
	char		*err;
	size_t		 errsize;
	int		 failed;
};

static int	parse_cond(struct parser *);

static int
fail(struct parser *ps, const char *what)
{
	if (!ps->failed && ps->err != NULL && ps->errsize > 0)
		snprintf(ps->err, ps->errsize, "plural rule: %s at \"%.20s\"",
		    what, ps->s);
	ps->failed = 1;
	return -1;
}

static void
skip_space(struct parser *ps)
{
	while (*ps->s == ' ' || *ps->s == '\t' || *ps->s == '\n' ||
	    *ps->s == '\r')
		ps->s++;
}

/* Whether the next token is tok; consumes it when so. */
static int
accept(struct parser *ps, const char *tok)
{
	size_t len = strlen(tok);

	skip_space(ps);
	if (strncmp(ps->s, tok, len) != 0)
		return 0;
	/* "<" must not take the first half of "<=", nor "!" of "!=". */
	if (len == 1 && strchr("<>!", tok[0]) != NULL && ps->s[1] == '=')
		return 0;
	ps->s += len;
	return 1;
}

static int
node(struct parser *ps, enum op op, int a, int b, int c)
{
	struct node *nd;

	if (ps->failed || a == -2 || b == -2 || c == -2)
		return -2;
	if (ps->p->n == PLURAL_MAX_NODES) {
		fail(ps, "too long");
		return -2;
	}
	nd = &ps->p->nodes[ps->p->n];
	nd->op = op;
	nd->num = 0;
	nd->a = a;
	nd->b = b;
	nd->c = c;
	return ps->p->n++;
}

static int
parse_primary(struct parser *ps)
{
	unsigned long v = 0;
	int i;

	skip_space(ps);
	if (*ps->s == 'n') {
		ps->s++;
		return node(ps, OP_N, -1, -1, -1);
	}
	if (*ps->s >= '0' && *ps->s <= '9') {
		while (*ps->s >= '0' && *ps->s <= '9') {
			/* 9 digits: far beyond any rule's constants. */
			if (v >= 100000000UL) {
				fail(ps, "number too large");
				return -2;
			}
			v = v * 10 + (unsigned long)(*ps->s++ - '0');
		}
		if ((i = node(ps, OP_NUM, -1, -1, -1)) >= 0)
			ps->p->nodes[i].num = v;
		return i;
	}
	if (accept(ps, "(")) {
		if (++ps->nest > PLURAL_MAX_NEST) {
			fail(ps, "nested too deep");
			return -2;
		}
		i = parse_cond(ps);
		ps->nest--;
		if (!ps->failed && !accept(ps, ")")) {
			fail(ps, "expected )");
			return -2;
		}
		return i;
	}
	fail(ps, "unexpected text");
	return -2;
}

static int
parse_unary(struct parser *ps)
{
	int i;

	if (!accept(ps, "!"))
		return parse_primary(ps);
	if (++ps->nest > PLURAL_MAX_NEST) {
		fail(ps, "nested too deep");
		return -2;
	}
	i = parse_unary(ps);
	ps->nest--;
	return node(ps, OP_NOT, i, -1, -1);
}

/* One level of left-associative binary operators: toks[i] makes ops[i]. */
static int
parse_binary(struct parser *ps, int level)
{
	static const struct {
		const char	*tok[4];
		enum op		 op[4];
	} levels[] = {
		{ { "||" }, { OP_OR } },
		{ { "&&" }, { OP_AND } },
		{ { "==", "!=" }, { OP_EQ, OP_NE } },
		{ { "<=", ">=", "<", ">" }, { OP_LE, OP_GE, OP_LT, OP_GT } },
		{ { "+", "-" }, { OP_ADD, OP_SUB } },
		{ { "*", "/", "%" }, { OP_MUL, OP_DIV, OP_MOD } },
	};
	int left, k, matched;

	if (level == (int)(sizeof(levels) / sizeof(levels[0])))
		return parse_unary(ps);
	left = parse_binary(ps, level + 1);
	do {
		matched = 0;
		for (k = 0; k < 4 && levels[level].tok[k] != NULL; k++)
			if (!ps->failed && accept(ps, levels[level].tok[k])) {
				left = node(ps, levels[level].op[k], left,
				    parse_binary(ps, level + 1), -1);
				matched = 1;
				break;
			}
	} while (matched && !ps->failed);
	return left;
}

static int
parse_cond(struct parser *ps)
{
	int c, a, b;

	c = parse_binary(ps, 0);
	if (ps->failed || !accept(ps, "?"))
		return c;
	if (++ps->nest > PLURAL_MAX_NEST) {
		fail(ps, "nested too deep");
		return -2;
	}
	a = parse_cond(ps);
	if (!ps->failed && !accept(ps, ":")) {
		fail(ps, "expected :");
		return -2;
	}
	b = parse_cond(ps);
	ps->nest--;
	return node(ps, OP_COND, c, a, b);
}

struct plural *
plural_compile(const char *expr, char *err, size_t errsize)
{
	struct parser ps = { NULL, expr, 0, err, errsize, 0 };

	if ((ps.p = calloc(1, sizeof(*ps.p))) == NULL) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "plural rule: out of memory");
		return NULL;
	}
	ps.p->root = parse_cond(&ps);
	skip_space(&ps);
	if (!ps.failed && *ps.s != '\0')
		fail(&ps, "unexpected text");
	if (ps.failed) {
		free(ps.p);
		return NULL;
	}
	return ps.p;
}

void
plural_free(struct plural *p)
{
	free(p);
}

/* Depth is bounded by the node count: each node is visited from its one
 * parent, and children always come before parents in the array. */
static int
eval(const struct plural *p, int i, unsigned long n, unsigned long *out)
{
	const struct node *nd = &p->nodes[i];
	unsigned long a = 0, b = 0;

	switch (nd->op) {
	case OP_N:
		*out = n;
		return 0;
	case OP_NUM:
		*out = nd->num;
		return 0;
	case OP_COND:
		if (eval(p, nd->a, n, &a) == -1)
			return -1;
		return eval(p, a ? nd->b : nd->c, n, out);
	case OP_AND:
	case OP_OR:
		if (eval(p, nd->a, n, &a) == -1)
			return -1;
		if ((nd->op == OP_AND) == (a == 0)) {
			*out = nd->op == OP_OR;
			return 0;
		}
		if (eval(p, nd->b, n, &b) == -1)
			return -1;
		*out = b != 0;
		return 0;
	default:
		break;
	}
	if (eval(p, nd->a, n, &a) == -1 ||
	    (nd->b >= 0 && eval(p, nd->b, n, &b) == -1))
		return -1;
	switch (nd->op) {
	case OP_NOT:	*out = !a; break;
	case OP_MUL:	*out = a * b; break;
	case OP_DIV:
	case OP_MOD:
		if (b == 0)
			return -1;
		*out = nd->op == OP_DIV ? a / b : a % b;
		break;
	case OP_ADD:	*out = a + b; break;
	case OP_SUB:	*out = a - b; break;
	case OP_LT:	*out = a < b; break;
	case OP_GT:	*out = a > b; break;
	case OP_LE:	*out = a <= b; break;
	case OP_GE:	*out = a >= b; break;
	case OP_EQ:	*out = a == b; break;
	case OP_NE:	*out = a != b; break;
	default:	return -1;
	}
	return 0;
}

int
plural_eval(const struct plural *p, unsigned long n, unsigned long *out)
{
	return eval(p, p->root, n, out);
}

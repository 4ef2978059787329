/* plural.h: the plural rule of a gettext catalog (Plural-Forms: plural=),
 * compiled once and evaluated for a count. */
#ifndef WAYPOINT_PLURAL_H
#define WAYPOINT_PLURAL_H

#include <stddef.h>

/* 128: the longest rule in use (Arabic) has about 40 nodes. */
#define PLURAL_MAX_NODES	128
/* 32: parentheses and ! nested inside each other. */
#define PLURAL_MAX_NEST		32

/* A compiled rule. Immutable once compiled: any thread may evaluate it. */
struct plural;

/* Compiles expr, the C-like expression of Plural-Forms: n, decimal
 * integers, ! * / % + - < > <= >= == != && || ?: and parentheses, nothing
 * else. Returns the rule (free with plural_free), or NULL with the reason
 * in err (errsize bytes) when expr is anything else, too big or when out
 * of memory. */
struct plural	*plural_compile(const char *expr, char *err, size_t errsize);

/* Frees a rule; NULL is allowed. */
void		 plural_free(struct plural *);

/* The rule's value for n into *out. Returns 0, or -1 on a division (or
 * remainder) by zero. Arithmetic is unsigned long, wrapping. */
int		 plural_eval(const struct plural *, unsigned long n,
		    unsigned long *out);

#endif

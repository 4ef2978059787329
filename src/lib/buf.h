/* buf.h: growable byte buffer on the heap, for output being built. */
#ifndef WAYPOINT_BUF_H
#define WAYPOINT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char	*data;	/* NUL-terminated when not NULL */
	size_t	 len;
	size_t	 cap;
	size_t	 max;	/* 0: no limit; else appends past it fail */
	bool	 failed;	/* an append failed (memory or max): output is cut */
};

#define BUF_INIT	{ NULL, 0, 0, 0, false }

/* Appends; on failure sets b->failed and returns -1, else 0. */
int	buf_add(struct buf *b, const void *p, size_t len);
int	buf_adds(struct buf *b, const char *s);
int	buf_addc(struct buf *b, char c);
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Empties the buffer, keeping its memory and limit. */
void	buf_reset(struct buf *b);

/* Frees the memory; the buffer is then empty and reusable. */
void	buf_free(struct buf *b);

/* Hands over the heap string (never NULL: "" when empty, or NULL when out of
 * memory); the buffer is then empty. The caller frees it. */
char	*buf_release(struct buf *b);

#endif

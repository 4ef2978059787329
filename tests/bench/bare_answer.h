/* bare_answer.h: an HTTP answer read from a file, for the bare responders
 * of the bench. */
#ifndef BARE_ANSWER_H
#define BARE_ANSWER_H

#include <stddef.h>

struct bare_answer {
	char	*text;		/* the whole file, NUL-terminated */
	int	 status;
	char	*headers;	/* "Name: value\r\n" lines (cut by
				   bare_answer_headers) */
	size_t	 headers_len;
	char	*body;
	size_t	 body_len;
};

/* Reads path (status line, headers, blank line, body, as waypoint sent
 * them) into a, which bare_answer_free() releases. Returns 0, or -1 after
 * a message on stderr. */
int	bare_answer_load(const char *path, struct bare_answer *a);

/* Calls add(cls, name, value) for each header of a but those that
 * describe the connection or the framing (Date, Connection, Keep-Alive,
 * Content-Length, Transfer-Encoding), which each responder writes itself.
 * Returns 0, or -1 when add returned 0. Call once: it cuts the lines. */
int	bare_answer_headers(struct bare_answer *a,
	    int (*add)(void *, const char *, const char *), void *cls);

/* Frees what bare_answer_load() read. */
void	bare_answer_free(struct bare_answer *a);

#endif

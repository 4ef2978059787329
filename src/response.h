/* response.h: the transport-neutral response: status, headers, one body. */
#ifndef WAYPOINT_RESPONSE_H
#define WAYPOINT_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

#define RESPONSE_HEADER_COUNT	32

struct response_header {
	const char	*name;
	const char	*value;
};

/* The body is either built in body (owned, freed by response_free) or
 * borrowed from a shared, reference-counted blob (cached page or static file)
 * that the response holds until response_free. */
struct blob;

struct response {
	int		 status;
	struct response_header headers[RESPONSE_HEADER_COUNT];
	size_t		 nheaders;
	struct buf	 body;
	struct blob	*shared;
	bool		 close;		/* close the connection after this one */
	bool		 head;		/* HEAD: send headers only */
};

/* Makes an empty 200 response. */
void		 response_init(struct response *);

/* Frees the body and drops the shared blob, if any. */
void		 response_free(struct response *);

/* Adds a header. name and value must outlive the response (string literals,
 * or the request's arena). Returns 0, or -1 when the table is full, the name
 * is not a token or the value holds a control byte (CR, LF ...). */
int		 response_header(struct response *, const char *name,
		    const char *value);

/* Replaces the value of header name if present (dropping any further
 * copies), else adds it. Returns 0 or -1 as response_header. */
int		 response_set_header(struct response *, const char *name,
		    const char *value);

/* The value of header name (case-insensitive), or NULL. */
const char	*response_get_header(const struct response *, const char *name);

/* Removes every header called name. */
void		 response_unset_header(struct response *, const char *name);

/* The body to send: pointer and length (from body or the shared blob). */
const char	*response_body(const struct response *, size_t *len);

/* Takes a reference to blob b as the body, dropping any built body. */
void		 response_share(struct response *, struct blob *b);

/* Standard reason phrase of an HTTP status ("Not Found"). */
const char	*response_reason(int status);

#endif

/* blob.h: immutable, reference-counted byte strings shared between threads
 * (cached pages, static files). */
#ifndef WAYPOINT_BLOB_H
#define WAYPOINT_BLOB_H

#include <stddef.h>

struct blob {
	int		 refs;		/* atomic */
	size_t		 len;
	char		 data[];	/* NUL-terminated */
};

/* A blob holding a copy of p[0..len] with one reference, or NULL. */
struct blob	*blob_new(const void *p, size_t len);

/* Takes and drops a reference; the last drop frees it. NULL is ignored. */
struct blob	*blob_ref(struct blob *);
void		 blob_unref(struct blob *);

#endif

/* spool.h: a streamed request body, written to an unlinked temporary file
 * as it arrives, so that its size costs disk, never memory. */
#ifndef WAYPOINT_SPOOL_H
#define WAYPOINT_SPOOL_H

#include <stddef.h>

struct arena;
struct request;

/* An empty unlinked file in folder dir, as spool_open makes one, closed
 * when arena a is reset or freed: a part of an upload, kept apart from
 * the rest of its body. Returns its descriptor, or -1 (logged). */
int	spool_tmpfile(struct arena *a, const char *dir);

/* Writes p[0..len] whole to file fd. Returns 0, or -1 (logged). */
int	spool_append(int fd, const void *p, size_t len);

/* Gives rq an empty body file in folder dir: unlinked from the start
 * (O_TMPFILE, or a mkstemp name removed at once where the file system
 * lacks it), mode 0600, closed when rq's arena is reset or freed. Sets
 * rq->body_fd and rq->body_len = 0. Returns 0, or -1 (logged). */
int	spool_open(struct request *rq, const char *dir);

/* Appends p[0..len] to rq's body file and counts it in rq->body_len.
 * Returns 0, or -1 when the file cannot be written (logged: disk full). */
int	spool_write(struct request *rq, const void *p, size_t len);

#endif

/* spool.c: streamed request bodies in unlinked temporary files. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "request.h"
#include "spool.h"

static void
spool_close(void *p)
{
	close((int)(intptr_t)p);
}

/* An unlinked file in dir, for a file system without O_TMPFILE (tmpfs
 * before Linux 3.11, some network file systems): a name that lives only
 * between mkstemp and unlink. */
static int
spool_named(const char *dir)
{
	char path[4096];
	int fd;

	if (snprintf(path, sizeof(path), "%s/.waypoint-body.XXXXXX", dir) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(path, O_CLOEXEC)) == -1)
		return -1;
	unlink(path);
	return fd;
}

int
spool_tmpfile(struct arena *a, const char *dir)
{
	int fd;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd == -1 && (errno == EOPNOTSUPP || errno == EISDIR))
		fd = spool_named(dir);
	if (fd == -1) {
		log_error("cannot spool a request body in %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (arena_defer(a, spool_close, (void *)(intptr_t)fd) == -1) {
		log_error("cannot spool a request body: out of memory");
		return -1;	/* closed already */
	}
	return fd;
}

int
spool_open(struct request *rq, const char *dir)
{
	int fd;

	if ((fd = spool_tmpfile(rq->arena, dir)) == -1)
		return -1;
	rq->body_fd = fd;
	rq->body_len = 0;
	rq->body_read = 0;
	return 0;
}

int
spool_append(int fd, const void *p, size_t len)
{
	const char *c = p;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, c, len)) == -1) {
			if (errno == EINTR)
				continue;
			log_error("cannot spool a request body: %s",
			    strerror(errno));
			return -1;
		}
		c += n;
		len -= (size_t)n;
	}
	return 0;
}

int
spool_write(struct request *rq, const void *p, size_t len)
{
	if (spool_append(rq->body_fd, p, len) == -1)
		return -1;
	rq->body_len += len;
	return 0;
}

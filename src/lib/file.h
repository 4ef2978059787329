/* file.h: reading a whole regular file into memory, with a size limit;
 * writing a whole buffer; making a file or folder durable. */
#ifndef WAYPOINT_FILE_H
#define WAYPOINT_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Reads the regular file name (relative to directory fd dfd, or AT_FDCWD)
 * without following a symbolic link, at most max bytes. Returns a
 * NUL-terminated heap copy (the caller frees it) with its length in *len,
 * or NULL with errno: EINVAL when it is not a regular file (a link, a
 * folder, a FIFO), EFBIG when it is larger than max, else the system's
 * reason. */
char	*file_read_at(int dfd, const char *name, size_t max, size_t *len);

/* Writes p[0..len] to fd whole, however many write(2) calls it takes (a
 * pipe, a socket, a file). Returns 0, or -1 with errno. */
int	 file_write_all(int fd, const void *p, size_t len);

/* fsync of path: a file, or a folder when dir (what makes a rename or a
 * removal in it durable). 0, or -1 with errno. */
int	file_sync(const char *path, bool dir);

#endif

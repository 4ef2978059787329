/* file.c: reading a whole regular file into memory, with a size limit;
 * writing a whole buffer; making a file or folder durable. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"

char *
file_read_at(int dfd, const char *name, size_t max, size_t *len)
{
	struct stat st;
	size_t n = 0, size;
	ssize_t r = 0;
	char *p;
	int fd, saved;

	/* O_NONBLOCK: a FIFO swapped in for the file must not hang us. */
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ELOOP)
			errno = EINVAL;
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		close(fd);
		errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		return NULL;
	}
	size = (size_t)st.st_size;
	if ((p = malloc(size + 2)) == NULL) {
		close(fd);
		return NULL;
	}
	/* One byte past the size tells a file that grew since fstat. */
	while (n <= size) {
		r = read(fd, p + n, size + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	saved = errno;
	close(fd);
	if (r == -1 || n > size) {
		free(p);
		errno = r == -1 ? saved : EFBIG;
		return NULL;
	}
	p[n] = '\0';
	*len = n;
	return p;
}

int
file_write_all(int fd, const void *p, size_t len)
{
	const char *s = p;
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, s, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

int
file_sync(const char *path, bool dir)
{
	int fd, ret, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
	if (fd == -1)
		return -1;
	ret = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

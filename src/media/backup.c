/* backup.c: the media folder copied beside a database backup: hard links,
 * else fsynced copies. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/backup.h"
#include "media/files.h"

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Copies file name from folder sfd to folder dfd (a new file, the
 * source's mode), fsynced. 0, or -1 with errno. */
static int
copy_file(int sfd, int dfd, const char *name)
{
	struct stat sb;
	char buf[65536];
	ssize_t n, w, off;
	int in, out = -1, saved;

	if ((in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(in, &sb) == -1 ||
	    (out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    sb.st_mode & 0777)) == -1)
		goto fail;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += w)
			if ((w = write(out, buf + off, (size_t)(n - off))) <= 0) {
				if (w == 0)
					errno = EIO;
				goto fail;
			}
	if (n == -1 || fsync(out) == -1)
		goto fail;
	/* A close that fails may have lost the data: the copy goes too. */
	if (close(out) == -1) {
		saved = errno;
		unlinkat(dfd, name, 0);
		close(in);
		errno = saved;
		return -1;
	}
	close(in);
	return 0;
fail:
	saved = errno;
	if (out != -1) {
		close(out);
		unlinkat(dfd, name, 0);
	}
	close(in);
	errno = saved;
	return -1;
}

/* Puts name into dfd from sfd unless dfd has it: a link, else a copy. */
static int
put_file(int sfd, int dfd, const char *name, struct media_backup_counts *c)
{
	struct stat sb;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	if (fstatat(sfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(sb.st_mode)) {
		c->lost++;
		return 0;
	}
	if (linkat(sfd, name, dfd, name, 0) == 0) {
		c->linked++;
		return 0;
	}
	/* Another file system, or one without hard links. */
	if (errno != EXDEV && errno != EPERM && errno != EMLINK)
		return -1;
	if (copy_file(sfd, dfd, name) == -1)
		return errno == ENOENT ? (c->lost++, 0) : -1;
	c->copied++;
	return 0;
}

int
media_backup_files(const char *src, const char *dst,
    const char *const *names, size_t n, struct media_backup_counts *c,
    char *err, size_t errlen)
{
	struct dirent *de;
	DIR *d = NULL;
	int sfd, dfd, ret = 0;
	size_t i;

	if (mkdir(dst, 0750) == -1 && errno != EEXIST)
		return fail(err, errlen, "%s: %s", dst, strerror(errno));
	if ((dfd = open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return fail(err, errlen, "%s: %s", dst, strerror(errno));
	if ((sfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		close(dfd);
		if (errno == ENOENT)
			return 0;
		return fail(err, errlen, "%s: %s", src, strerror(errno));
	}
	if (names != NULL) {
		for (i = 0; i < n && ret == 0; i++)
			if (media_name_ok(names[i]) &&
			    put_file(sfd, dfd, names[i], c) == -1)
				ret = fail(err, errlen, "%s/%s: %s", dst,
				    names[i], strerror(errno));
	} else if ((d = fdopendir(dup(sfd))) == NULL)
		ret = fail(err, errlen, "%s: %s", src, strerror(errno));
	else
		while (ret == 0 && (de = readdir(d)) != NULL)
			if (media_name_ok(de->d_name) &&
			    put_file(sfd, dfd, de->d_name, c) == -1)
				ret = fail(err, errlen, "%s/%s: %s", dst,
				    de->d_name, strerror(errno));
	if (d != NULL)
		closedir(d);
	close(sfd);
	close(dfd);
	return ret;
}

void
media_backup_remove(const char *dst)
{
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dst)) == NULL)
		return;
	/* Only what media_backup_files puts there: names of ours. */
	while ((de = readdir(d)) != NULL)
		if (media_name_ok(de->d_name))
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
	rmdir(dst);
}

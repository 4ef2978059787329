/* folder.c: an upload's files written into the media folder so that they
 * are all there, durably, or none of them is. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/log.h"
#include "media/folder.h"

/* The folder: its owner's, and the group's (nginx's, where the folder is
 * set-group-ID to it) to read; no one else's. The files are public
 * content but unpublished ones are there too, under unguessable names. */
#define FOLDER_MODE	0750
#define FILE_MODE	0640
/* The lock file: empty, and readable to all (the folder keeps others out)
 * so that whoever made it first, root running `waypoint media gc` as
 * well as the server, the others can still open it to lock. */
#define LOCK_MODE	0644

/* Makes folder dir unless it is there. Returns 0, or -1 (logged). */
static int
folder_make(const char *dir)
{
	char err[128];

	if (mkdir(dir, FOLDER_MODE) == -1 && errno != EEXIST) {
		log_error("media: cannot make %s: %s", dir,
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	return 0;
}

int
media_folder_lock(const char *dir, int how, bool create)
{
	char err[128], *path;
	int fd, saved;

	if (create && folder_make(dir) == -1)
		return -1;
	if (asprintf(&path, "%s/%s", dir, MEDIA_LOCK_NAME) == -1)
		return -1;
	fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    LOCK_MODE);
	if (fd == -1) {
		saved = errno;
		if (saved != ENOENT || create)
			log_error("media: cannot open %s: %s", path,
			    strerror_r(saved, err, sizeof(err)));
		free(path);
		errno = saved;
		return -1;
	}
	/* The umask may have taken the others' read; only the owner may
	 * give it back, and another owner's file is as it is. */
	(void)fchmod(fd, LOCK_MODE);
	while (flock(fd, how) == -1) {
		if (errno == EINTR)
			continue;
		saved = errno;
		if (saved != EWOULDBLOCK)
			log_error("media: cannot lock %s: %s", path,
			    strerror_r(saved, err, sizeof(err)));
		close(fd);
		free(path);
		errno = saved;
		return -1;
	}
	free(path);
	return fd;
}

int
media_batch_open(struct media_batch *b, const char *dir)
{
	char err[128];

	memset(b, 0, sizeof(*b));
	if (folder_make(dir) == -1) {
		b->dfd = -1;
		return -1;
	}
	if ((b->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_error("media: cannot open %s: %s", dir,
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	return 0;
}

int
media_batch_add(struct media_batch *b, size_t *i)
{
	unsigned char rnd[8];
	char err[128];
	size_t k;
	int fd, tries;

	if (b->n == MEDIA_BATCH_MAX) {
		log_error("media: more than %d files for one upload",
		    MEDIA_BATCH_MAX);
		return -1;
	}
	/* Random names: two uploads at once never meet, and a name left by
	 * a crash is never taken again. */
	for (tries = 0; tries < 8; tries++) {
		randombytes_buf(rnd, sizeof(rnd));
		memcpy(b->f[b->n].tmp, ".tmp-", 5);
		for (k = 0; k < sizeof(rnd); k++)
			snprintf(b->f[b->n].tmp + 5 + 2 * k, 3, "%02x", rnd[k]);
		fd = openat(b->dfd, b->f[b->n].tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FILE_MODE);
		if (fd != -1 || errno != EEXIST)
			break;
	}
	if (fd == -1) {
		log_error("media: cannot make a file in the media folder: %s",
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	/* The umask may have taken the group's read. */
	if (fchmod(fd, FILE_MODE) == -1) {
		log_error("media: chmod %s: %s", b->f[b->n].tmp,
		    strerror_r(errno, err, sizeof(err)));
		close(fd);
		unlinkat(b->dfd, b->f[b->n].tmp, 0);
		return -1;
	}
	b->f[b->n].fd = fd;
	*i = b->n++;
	return fd;
}

int
media_batch_place(struct media_batch *b, size_t i, const char *name)
{
	char err[128];
	int rc;

	if (fsync(b->f[i].fd) == -1) {
		log_error("media: fsync %s: %s", b->f[i].tmp,
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	close(b->f[i].fd);
	b->f[i].fd = -1;
	/* No replace: a name that is there already may be another row's,
	 * which a failure here must not take away. */
	rc = renameat2(b->dfd, b->f[i].tmp, b->dfd, name, RENAME_NOREPLACE);
	if (rc == -1 && errno == EINVAL) {
		/* A file system without RENAME_NOREPLACE. */
		if ((rc = linkat(b->dfd, b->f[i].tmp, b->dfd, name, 0)) == 0)
			unlinkat(b->dfd, b->f[i].tmp, 0);
	}
	if (rc == -1 && errno == EEXIST) {
		unlinkat(b->dfd, b->f[i].tmp, 0);
		b->f[i].tmp[0] = '\0';
		/* Reused: new to gc, which spares what changed within its
		 * grace, as the file it would have been. */
		if (utimensat(b->dfd, name, NULL, AT_SYMLINK_NOFOLLOW) == -1) {
			log_error("media: cannot touch %s: %s", name,
			    strerror_r(errno, err, sizeof(err)));
			return -1;
		}
		return 0;
	}
	if (rc == -1) {
		log_error("media: rename %s to %s: %s", b->f[i].tmp, name,
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	b->f[i].tmp[0] = '\0';
	return 0;
}

int
media_batch_commit(struct media_batch *b)
{
	char err[128];

	if (fsync(b->dfd) == -1) {
		log_error("media: fsync of the media folder: %s",
		    strerror_r(errno, err, sizeof(err)));
		media_batch_abort(b);
		return -1;
	}
	close(b->dfd);
	b->dfd = -1;
	b->n = 0;
	return 0;
}

void
media_batch_abort(struct media_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->f[i].fd != -1)
			close(b->f[i].fd);
		if (b->f[i].tmp[0] != '\0')
			unlinkat(b->dfd, b->f[i].tmp, 0);
	}
	b->n = 0;
	if (b->dfd != -1)
		close(b->dfd);
	b->dfd = -1;
}

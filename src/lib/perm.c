/* perm.c: the modes and group of the private files Waypoint creates: the
 * database and its -wal/-shm, backups, the log. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/perm.h"

/* Set once at start, before any thread. */
static bool has_group;
static gid_t group;

int
perm_group_id(const char *name, gid_t *gid)
{
	struct group *g;
	char *end;
	long v;

	errno = 0;
	v = strtol(name, &end, 10);
	if (*name != '\0' && *end == '\0' && errno == 0 && v >= 0 &&
	    v < 0x7fffffff) {
		*gid = (gid_t)v;
		return 0;
	}
	if ((g = getgrnam(name)) == NULL)
		return -1;
	*gid = g->gr_gid;
	return 0;
}

int
perm_set_group(const char *name)
{
	has_group = false;
	if (name == NULL || *name == '\0')
		return 0;
	if (perm_group_id(name, &group) == -1)
		return -1;
	has_group = true;
	return 0;
}

mode_t
perm_mode(enum perm_kind kind)
{
	return kind == PERM_LOG || has_group ? 0640 : 0600;
}

int
perm_create(const char *path, int flags, enum perm_kind kind)
{
	int fd, saved;

	fd = open(path, flags | O_CREAT | O_EXCL | O_CLOEXEC, perm_mode(kind));
	if (fd == -1)
		return -1;
	/* The umask may have taken bits the mode needs (077 takes the
	 * group's read), so the mode is set again, after the group. */
	if ((has_group && fchown(fd, (uid_t)-1, group) == -1) ||
	    fchmod(fd, perm_mode(kind)) == -1) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	return fd;
}

int
perm_tighten(const char *path, enum perm_kind kind)
{
	struct stat sb;
	mode_t allowed = perm_mode(kind);

	if (lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return 0;
	/* ENOENT: SQLite removed a -wal or -shm since lstat. */
	if (has_group && sb.st_gid != group &&
	    chown(path, (uid_t)-1, group) == -1 && errno != ENOENT) {
		log_error("%s: cannot give it to [paths] group %u: %s", path,
		    (unsigned)group, strerror(errno));
		return -1;
	}
	if ((sb.st_mode & 07777 & ~allowed) == 0)
		return 0;
	if (chmod(path, sb.st_mode & allowed) == -1) {
		if (errno == ENOENT)
			return 0;
		log_error("%s: mode %04o lets others read it, and it cannot "
		    "be changed to %04o: %s", path, sb.st_mode & 07777,
		    sb.st_mode & allowed, strerror(errno));
		return -1;
	}
	log_info("%s: mode %04o changed to %04o: it holds private data",
	    path, sb.st_mode & 07777, sb.st_mode & allowed);
	return 0;
}

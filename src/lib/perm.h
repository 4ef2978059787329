/* perm.h: the modes and group of the private files Waypoint creates: the
 * database and its -wal/-shm, backups, the log. */
#ifndef WAYPOINT_PERM_H
#define WAYPOINT_PERM_H

#include <sys/types.h>

enum perm_kind {
	PERM_DATA,	/* database, -wal, -shm, backups: 0600, 0640 with
			 * a group */
	PERM_LOG,	/* the log file: 0640 */
};

/* The group named name (a name, or a number): 0 with *gid set, or -1
 * when there is none. */
int	perm_group_id(const char *name, gid_t *gid);

/* Sets the group that may read the private files ([paths] group): a
 * group's name or number; NULL or "" for none (the files stay the
 * owner's). Call once at start, before any thread starts. Returns 0, or
 * -1 when there is no such group. */
int	perm_set_group(const char *name);

/* The mode a new file of kind gets. */
mode_t	perm_mode(enum perm_kind kind);

/* Creates path, which must not exist (O_EXCL), opened with O_CLOEXEC and
 * flags (O_WRONLY, O_RDWR, O_APPEND), with kind's mode whatever the umask
 * and the configured group. Returns the descriptor, or -1 with errno
 * (nothing is left behind then, unless errno is EEXIST). */
int	perm_create(const char *path, int flags, enum perm_kind kind);

/* Brings the regular file path (when it exists) to kind's rules: gives
 * it the configured group, and takes away the permission bits kind does
 * not allow, saying so in the log, so that a file restored or copied with
 * a looser mode is not left readable by others. Missing files and other
 * types (a device as the log) are left alone. Returns 0, or -1 with errno
 * (logged) when the file cannot be changed. */
int	perm_tighten(const char *path, enum perm_kind kind);

#endif

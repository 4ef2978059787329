/* backup.c: `waypoint db backup`: SQLite's backup API in one step from a read
 * snapshot, then fsync, an atomic rename and an fsync of the folder. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/perm.h"
#include "store/backup.h"
#include "store/db_internal.h"

/* 30 s: the copy reads a WAL snapshot, which no writer blocks; only a
 * database in another journal mode, or one being recovered, makes it wait
 * for the write lock, and a backup may wait longer than an editor. */
#define BACKUP_BUSY_MS	30000

/* The temporary copy's suffix. */
static const char tmp_suffix[] = ".tmp";

static enum store_status
fail(char *err, size_t errlen, enum store_status st, const char *fmt, ...)
{
	va_list ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return st;
}

/* Renames from to to unless to exists. RENAME_NOREPLACE closes the gap
 * between the existence check and the rename; a file system without it
 * (EINVAL) gets the check again and a plain rename. */
static int
rename_new(const char *from, const char *to)
{
	struct stat sb;

	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	if (lstat(to, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* Copies src into the new file tmp and leaves it in rollback-journal mode.
 * The copy is made by one backup step: it holds the source's read snapshot
 * for its whole run, so writers go on and the copy never restarts. */
static enum store_status
copy(struct store *src, const char *tmp, char *err, size_t errlen)
{
	sqlite3_backup *b;
	sqlite3_stmt *st;
	sqlite3 *dst = NULL;
	enum store_status ret;
	const unsigned char *mode;
	int rc;

	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		ret = fail(err, errlen, STORE_ERROR, "%s: %s", tmp,
		    dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		goto out;
	}
	if ((b = sqlite3_backup_init(dst, "main", src->db, "main")) == NULL) {
		ret = fail(err, errlen, STORE_ERROR, "%s: %s", tmp,
		    sqlite3_errmsg(dst));
		goto out;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		ret = fail(err, errlen, (rc & 0xff) == SQLITE_BUSY ?
		    STORE_BUSY : (rc & 0xff) == SQLITE_FULL ? STORE_FULL :
		    STORE_ERROR, "copying: %s", sqlite3_errstr(rc));
		goto out;
	}
	/* The pages copied from a WAL database mark the copy as WAL too; an
	 * administrator expects one self-contained file. */
	rc = sqlite3_prepare_v2(dst, "PRAGMA journal_mode=DELETE", -1, &st,
	    NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		mode = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
		rc = mode != NULL && strcmp((const char *)mode, "delete") == 0 ?
		    SQLITE_OK : SQLITE_ERROR;
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_OK) {
		ret = fail(err, errlen, STORE_ERROR, "%s: cannot leave WAL "
		    "mode: %s", tmp, sqlite3_errmsg(dst));
		goto out;
	}
	ret = STORE_OK;
out:
	if (sqlite3_close(dst) != SQLITE_OK && ret == STORE_OK)
		ret = fail(err, errlen, STORE_ERROR, "%s: not closed", tmp);
	return ret;
}

enum store_status
store_backup(const char *db_path, const char *file, char *err, size_t errlen)
{
	struct stat sb, db_sb;
	enum store_status ret;
	struct store *src;
	char *tmp, *dir;
	size_t len;
	int fd;

	if (errlen > 0)
		err[0] = '\0';
	len = strlen(file);
	if (len == 0 || len > PATH_MAX - sizeof(tmp_suffix) - 16)
		return fail(err, errlen, STORE_ERROR, "the backup file's name "
		    "is empty or too long");
	if (stat(db_path, &db_sb) == -1)
		return fail(err, errlen, STORE_NOTFOUND, "%s: %s", db_path,
		    strerror(errno));
	if (lstat(file, &sb) == 0) {
		if (stat(file, &sb) == 0 && sb.st_dev == db_sb.st_dev &&
		    sb.st_ino == db_sb.st_ino)
			return fail(err, errlen, STORE_ERROR, "%s is the "
			    "database itself; name a new file", file);
		return fail(err, errlen, STORE_ERROR, "%s already exists; "
		    "name a new file, or remove it first", file);
	}
	if (errno != ENOENT)
		return fail(err, errlen, STORE_ERROR, "%s: %s", file,
		    strerror(errno));

	if ((tmp = malloc(len + sizeof(tmp_suffix))) == NULL)
		return fail(err, errlen, STORE_ERROR, "out of memory");
	memcpy(tmp, file, len);
	memcpy(tmp + len, tmp_suffix, sizeof(tmp_suffix));
	/* The database's own mode (0600, 0640 with [paths] group): the copy
	 * holds password hashes and sessions. O_EXCL: a leftover from an
	 * interrupted backup is not silently replaced. */
	fd = perm_create(tmp, O_WRONLY, PERM_DATA);
	if (fd == -1) {
		ret = fail(err, errlen, STORE_ERROR, errno == EEXIST ?
		    "%s already exists (left by an interrupted backup?); "
		    "remove it first" : "%s: %s", tmp, strerror(errno));
		free(tmp);
		return ret;
	}
	close(fd);

	if ((src = store_open(db_path, STORE_INSPECT, &ret)) == NULL) {
		fail(err, errlen, ret, "%s: %s", db_path, store_strerror(ret));
		goto fail;
	}
	sqlite3_busy_timeout(src->db, BACKUP_BUSY_MS);
	ret = copy(src, tmp, err, errlen);
	store_close(src);
	if (ret != STORE_OK)
		goto fail;
	if (file_sync(tmp, false) == -1) {
		ret = fail(err, errlen, STORE_ERROR, "%s: fsync: %s", tmp,
		    strerror(errno));
		goto fail;
	}
	if (rename_new(tmp, file) == -1) {
		ret = fail(err, errlen, STORE_ERROR, errno == EEXIST ?
		    "%s appeared while the backup ran; the copy is not kept" :
		    "%s: %s", file, strerror(errno));
		goto fail;
	}
	free(tmp);
	/* The rename reaches the disk only with its folder; a copy that may
	 * not is taken away again, so that "not made" is true and the same
	 * name can be tried again. */
	if ((dir = strdup(file)) == NULL) {
		unlink(file);
		return fail(err, errlen, STORE_ERROR, "out of memory");
	}
	if (file_sync(dirname(dir), true) == -1) {
		ret = fail(err, errlen, STORE_ERROR, "%s: fsync of the folder: "
		    "%s", file, strerror(errno));
		unlink(file);
		free(dir);
		return ret;
	}
	free(dir);
	return STORE_OK;
fail:
	unlink(tmp);
	free(tmp);
	return ret;
}

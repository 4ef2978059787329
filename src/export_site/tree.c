/* tree.c: the folder a static export is written to: a new tree next to
 * the previous export, its unchanged files hard links into it (same
 * inode, same mtime), swapped in with one renameat2(RENAME_EXCHANGE). */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export_site/tree.h"
#include "lib/file.h"

/* 64 KiB: what one read takes when comparing or copying a file. */
#define CHUNK	65536

static const char *const count_word[TREE_COUNT_COUNT] = {
	"written", "unchanged", "removed",
};

/* Whether file is a relative path we may write: no empty, "." or
 * hidden part (so never ".."), no control byte or space. */
static bool
file_ok(const char *file)
{
	const char *p;
	bool start = true;

	if (*file == '\0' || strlen(file) > PATH_MAX / 2)
		return false;
	for (p = file; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
		if (start && (*p == '.' || *p == '/'))
			return false;
		start = *p == '/';
	}
	return !start;
}

/* Counts file as kind; names it now (verbose) or keeps the first few
 * names for the summary. */
static void
note(struct export_tree *t, enum tree_count kind, const char *file)
{
	size_t i = t->n[kind]++;

	if (t->verbose) {
		printf("%s %s\n", count_word[kind], file);
		return;
	}
	if (kind != TREE_UNCHANGED && i < TREE_NAMED_MAX)
		t->named[kind][i] = strdup(file);
}

/* Makes the folders of file in the new tree, with its mode whatever
 * the umask. 0, or -1 with errno. */
static int
make_parents(const struct export_tree *t, const char *file)
{
	int fd = t->new_fd;
	char path[PATH_MAX];
	char *slash;

	if (snprintf(path, sizeof(path), "%s", file) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (slash = strchr(path, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdirat(fd, path, t->dir_mode & 0777) == 0) {
			if (fchmodat(fd, path, t->dir_mode, 0) == -1)
				return -1;
		} else if (errno != EEXIST)
			return -1;
		*slash = '/';
	}
	return 0;
}

/* Whether a file has the mode and group the export gives its files. */
static bool
exported_like(const struct export_tree *t, const struct stat *st)
{
	return (st->st_mode & 07777) == t->file_mode && st->st_gid == t->gid;
}

/* Opens file of the previous export when it is a regular file with the
 * export's mode and group, reached through no symbolic link (one planted
 * in the export must not make it link in files from elsewhere): its
 * descriptor and size, else -1. */
static int
old_file(const struct export_tree *t, const char *file, off_t *size)
{
	char part[PATH_MAX];
	const char *p = file, *slash;
	struct stat st;
	int dfd, fd;

	if (t->old_fd == -1 || (dfd = dup(t->old_fd)) == -1)
		return -1;
	/* A folder at a time, none of them a link (file_ok: no "." or ".."
	 * part), as openat2's RESOLVE_NO_SYMLINKS would, which container
	 * sandboxes may refuse. */
	while ((slash = strchr(p, '/')) != NULL) {
		snprintf(part, sizeof(part), "%.*s", (int)(slash - p), p);
		fd = openat(dfd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(dfd);
		if ((dfd = fd) == -1)
			return -1;
		p = slash + 1;
	}
	fd = openat(dfd, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	close(dfd);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    !exported_like(t, &st)) {
		close(fd);
		return -1;
	}
	*size = st.st_size;
	return fd;
}

/* Links the previous export's file open as fd at file of the new tree,
 * through the descriptor: the file linked is the one checked, whatever
 * the path names meanwhile. 0, or -1. */
static int
link_old(const struct export_tree *t, int fd, const char *file)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, path, t->new_fd, file, AT_SYMLINK_FOLLOW);
}

/* Links the previous export's file at file when it holds exactly
 * data[0..len]. Whether it did. */
static bool
link_if_same(const struct export_tree *t, const char *file,
    const char *data, size_t len)
{
	char buf[CHUNK];
	size_t at = 0;
	ssize_t got;
	off_t size;
	bool same;
	int fd;

	if ((fd = old_file(t, file, &size)) == -1)
		return false;
	if ((size_t)size == len)
		while (at < len && (got = read(fd, buf, sizeof(buf))) > 0 &&
		    (size_t)got <= len - at &&
		    memcmp(buf, data + at, got) == 0)
			at += got;
	same = (size_t)size == len && at == len && link_old(t, fd, file) == 0;
	close(fd);
	return same;
}

/* Makes file in the new tree with the export's file mode, whatever the
 * umask: its descriptor, or -1 with errno. */
static int
create_file(const struct export_tree *t, const char *file)
{
	int fd;

	if ((fd = openat(t->new_fd, file, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, t->file_mode & 0666)) == -1)
		return -1;
	if (fchmod(fd, t->file_mode) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Writes data[0..len] as the new file file. 0, or -1 with errno. */
static int
write_new(const struct export_tree *t, const char *file, const void *data,
    size_t len)
{
	int fd, ret;

	if ((fd = create_file(t, file)) == -1)
		return -1;
	ret = file_write_all(fd, data, len);
	if (close(fd) == -1)
		ret = -1;
	return ret;
}

/* Copies name of folder src to file of the new tree. 0, or -1 with
 * errno. */
static int
copy_file(const struct export_tree *t, int src, const char *name,
    const char *file)
{
	char buf[CHUNK];
	ssize_t got;
	int in, out, ret = 0;

	if ((in = openat(src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if ((out = create_file(t, file)) == -1) {
		close(in);
		return -1;
	}
	while (ret == 0 && (got = read(in, buf, sizeof(buf))) != 0)
		ret = got < 0 ? -1 : file_write_all(out, buf, got);
	close(in);
	if (close(out) == -1)
		ret = -1;
	return ret;
}

/* Whether folder fd holds nothing but "." and "..". */
static bool
empty_folder(int fd)
{
	struct dirent *e;
	DIR *d;
	int dup_fd;
	bool empty = true;

	if ((dup_fd = dup(fd)) == -1 || (d = fdopendir(dup_fd)) == NULL) {
		if (dup_fd != -1)
			close(dup_fd);
		return false;
	}
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* What remove_tree could not remove: how many, and the first. nftw
 * takes no argument for its callback; the command has one thread. */
static size_t	remove_failed;
static char	remove_first[PATH_MAX + 64];

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) == -1 && remove_failed++ == 0)
		snprintf(remove_first, sizeof(remove_first), "%s: %s", path,
		    strerror(errno));
	return 0;
}

/* Removes the tree at path, links not followed; what it could not is
 * said once. Whether all of it went. */
static bool
remove_tree(const char *path)
{
	remove_failed = 0;
	/* 32: descriptors nftw may hold, one a level. */
	nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS);
	if (remove_failed > 0)
		fprintf(stderr, "%s: %zu file%s not removed, the first %s\n",
		    path, remove_failed, remove_failed == 1 ? "" : "s",
		    remove_first);
	return remove_failed == 0;
}

/* Opens the previous export at t->dir into t->old_fd (-1 when there is
 * none). 0, or -1 (said). */
static int
open_old(struct export_tree *t)
{
	struct stat st, up;

	t->old_fd = -1;
	if (lstat(t->dir, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s\n", t->dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: not a folder\n", t->dir);
		return -1;
	}
	if ((t->old_fd = open(t->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || fstatat(t->lock_fd, ".", &up, 0) == -1) {
		fprintf(stderr, "%s: %s\n", t->dir, strerror(errno));
		return -1;
	}
	if (st.st_dev != up.st_dev) {
		fprintf(stderr, "%s: a mount point; an export is made beside "
		    "its folder and swapped in, which a mount point cannot "
		    "be: give a folder inside it\n", t->dir);
		return -1;
	}
	if (faccessat(t->old_fd, TREE_MARKER, F_OK, AT_SYMLINK_NOFOLLOW) ==
	    0 || empty_folder(t->old_fd))
		return 0;
	fprintf(stderr, "%s: not empty and not a previous export (no %s "
	    "in it); it is left as it is\n", t->dir, TREE_MARKER);
	return -1;
}

/* The folder that holds path (absolute, or relative to the current
 * one), as a new string; NULL when out of memory. */
static char *
parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? strdup(".") : slash == path ? strdup("/") :
	    strndup(path, (size_t)(slash - path));
}

/* Takes the lock of dir's parent folder, where the new tree is made and
 * swapped in: a second export into the same place (a timer's beside an
 * administrator's) waits for the first, then finds its files as the
 * previous export. 0, or -1 (said). */
static int
lock_parent(struct export_tree *t)
{
	char *parent;

	if ((parent = parent_of(t->dir)) == NULL)
		return -1;
	t->lock_fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->lock_fd == -1 || flock(t->lock_fd, LOCK_EX) == -1) {
		fprintf(stderr, "%s: %s\n", parent, strerror(errno));
		free(parent);
		return -1;
	}
	free(parent);
	return 0;
}

/* Removes the new trees beside dir that an export stopped half-way (or
 * one whose previous export could not all be removed) left: with the
 * lock held, no other export is making one. */
static void
remove_left(const struct export_tree *t)
{
	const char *base = strrchr(t->dir, '/');
	char path[PATH_MAX];
	struct dirent *e;
	size_t blen;
	int fd, sub;
	bool ours;
	DIR *d;

	base = base != NULL ? base + 1 : t->dir;
	blen = strlen(base);
	if ((fd = dup(t->lock_fd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		/* dir.new-XXXXXX, as mkdtemp names them, holding an export's
		 * marker or nothing: never a folder someone named so. */
		if (strncmp(e->d_name, base, blen) != 0 ||
		    strncmp(e->d_name + blen, ".new-", 5) != 0 ||
		    strlen(e->d_name + blen + 5) != 6 ||
		    (sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) == -1)
			continue;
		ours = faccessat(sub, TREE_MARKER, F_OK,
		    AT_SYMLINK_NOFOLLOW) == 0 || empty_folder(sub);
		close(sub);
		if (!ours)
			continue;
		snprintf(path, sizeof(path), "%.*s%s", (int)(base - t->dir),
		    t->dir, e->d_name);
		if (remove_tree(path))
			fprintf(stderr, "removed %s, left by an earlier "
			    "export\n", path);
	}
	closedir(d);
}

/* t->dir from dir: without its trailing slashes, and when it is there
 * its real path ("." or "site/." name a folder the swap must name from
 * outside). 0, or -1 (said). */
static int
set_dir(struct export_tree *t, const char *dir)
{
	size_t len = strlen(dir);
	struct stat st;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len == 0 || (len == 1 && *dir == '/') ||
	    (t->dir = strndup(dir, len)) == NULL) {
		fprintf(stderr, "%s: not a folder an export can replace\n",
		    dir);
		return -1;
	}
	if (lstat(t->dir, &st) == -1)
		return 0;
	/* A link would be swapped away itself, its target left behind. */
	if (S_ISLNK(st.st_mode)) {
		fprintf(stderr, "%s: a symbolic link; give the folder it "
		    "points to\n", t->dir);
		return -1;
	}
	free(t->dir);
	if ((t->dir = realpath(dir, NULL)) == NULL ||
	    strcmp(t->dir, "/") == 0) {
		fprintf(stderr, "%s: not a folder an export can replace\n",
		    dir);
		return -1;
	}
	return 0;
}

/* The new tree's owner, group and mode: the previous export's folder's
 * (set before anything is made in it, so that a set-group-ID folder
 * passes its group on), else 0755; t->gid is the group its files get:
 * the folder's when it passes it on, else this process's. 0, or -1
 * with errno. */
static int
set_owner(struct export_tree *t)
{
	struct stat st;

	t->dir_mode = 0755;
	if (t->old_fd != -1) {
		if (fstat(t->old_fd, &st) == -1)
			return -1;
		t->dir_mode = st.st_mode & 07777;
		/* Someone else's folder: only root may give it back. */
		if ((st.st_uid != geteuid() && geteuid() != 0) ||
		    fchown(t->new_fd, st.st_uid, st.st_gid) == -1)
			fprintf(stderr, "%s: keeps its own owner and group, "
			    "not %s's (%s)\n", t->next, t->dir,
			    strerror(errno ? errno : EPERM));
	}
	if (fchmod(t->new_fd, t->dir_mode) == -1 ||
	    fstat(t->new_fd, &st) == -1)
		return -1;
	t->dir_mode = st.st_mode & 07777;
	t->file_mode = t->dir_mode & 0666;
	t->gid = (st.st_mode & S_ISGID) ? st.st_gid : getegid();
	return 0;
}

int
tree_open(struct export_tree *t, const char *dir, bool verbose)
{
	static const char marker[] = "written by waypoint export-site\n";

	memset(t, 0, sizeof(*t));
	t->old_fd = t->new_fd = t->lock_fd = -1;
	t->verbose = verbose;
	if (set_dir(t, dir) == -1 || lock_parent(t) == -1 ||
	    open_old(t) == -1)
		return -1;
	remove_left(t);
	/* Beside dir, on its file system: the swap is one rename. */
	if (asprintf(&t->next, "%s.new-XXXXXX", t->dir) == -1) {
		t->next = NULL;
		return -1;
	}
	if (mkdtemp(t->next) == NULL) {
		fprintf(stderr, "%s: cannot make the new export beside it: "
		    "%s (an export is made in the folder that holds %s, "
		    "then swapped in: that folder must be writable)\n",
		    t->dir, strerror(errno), t->dir);
		free(t->next);
		t->next = NULL;
		return -1;
	}
	errno = 0;
	if ((t->new_fd = open(t->next, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || set_owner(t) == -1)
		goto fail;
	/* Kept as every unchanged file is: the export's files all stay. */
	if (link_if_same(t, TREE_MARKER, marker, sizeof(marker) - 1))
		return 0;
	if (write_new(t, TREE_MARKER, marker, sizeof(marker) - 1) == -1) {
fail:
		fprintf(stderr, "%s: %s\n", t->next, strerror(errno));
		tree_abort(t);
		return -1;
	}
	return 0;
}

bool
tree_has(const struct export_tree *t, const char *file)
{
	struct stat st;

	return fstatat(t->new_fd, file, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Says (with errno) that file could not be put in the new tree: -1. */
static int
put_failed(const struct export_tree *t, const char *file)
{
	fprintf(stderr, "%s/%s: %s\n", t->next, file, strerror(errno));
	return -1;
}

int
tree_put(struct export_tree *t, const char *file, const void *data,
    size_t len)
{
	if (!file_ok(file)) {
		fprintf(stderr, "%s: not a file name an export writes\n",
		    file);
		return -1;
	}
	if (make_parents(t, file) == -1)
		goto fail;
	if (link_if_same(t, file, data, len)) {
		note(t, TREE_UNCHANGED, file);
		return 0;
	}
	if (write_new(t, file, data, len) == -1)
		goto fail;
	note(t, TREE_WRITTEN, file);
	return 0;
fail:
	return put_failed(t, file);
}

int
tree_put_link(struct export_tree *t, const char *file, int src_fd,
    const char *name)
{
	struct stat st;
	bool linked;
	off_t size;
	int fd;

	if (!file_ok(file)) {
		fprintf(stderr, "%s: not a file name an export writes\n",
		    file);
		return -1;
	}
	if (fstatat(src_fd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: not a regular file\n", file);
		return -1;
	}
	if (make_parents(t, file) == -1)
		goto fail;
	if ((fd = old_file(t, file, &size)) != -1) {
		linked = size == st.st_size && link_old(t, fd, file) == 0;
		close(fd);
		if (linked) {
			note(t, TREE_UNCHANGED, file);
			return 0;
		}
	}
	/* A link shares the media file's mode and group: only when they are
	 * the export's. EXDEV: another file system; EPERM:
	 * protected_hardlinks. */
	if (!exported_like(t, &st) ||
	    linkat(src_fd, name, t->new_fd, file, 0) == -1) {
		if (exported_like(t, &st) && errno != EXDEV && errno != EPERM)
			goto fail;
		if (copy_file(t, src_fd, name, file) == -1)
			goto fail;
	}
	note(t, TREE_WRITTEN, file);
	return 0;
fail:
	return put_failed(t, file);
}

/* Counts as removed each file below folder rel (of the previous export,
 * open as fd, which this closes) that the new tree lacks. 0, or -1 with
 * errno. */
static int
count_removed(struct export_tree *t, int fd, const char *rel)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	int sub, ret = 0;
	DIR *d;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while (ret == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s%s%s", rel,
		    *rel ? "/" : "", e->d_name) >= (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			ret = -1;
		} else if (fstatat(dirfd(d), e->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			ret = -1;
		else if (S_ISDIR(st.st_mode)) {
			if ((sub = openat(dirfd(d), e->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
				ret = -1;
			else
				ret = count_removed(t, sub, path);
		} else if (!tree_has(t, path))
			note(t, TREE_REMOVED, path);
	}
	closedir(d);
	return ret;
}

/* The folder that holds path, for its fsync. */
static void
sync_parent(const char *path)
{
	char parent[PATH_MAX];
	char *slash;

	snprintf(parent, sizeof(parent), "%s", path);
	if ((slash = strrchr(parent, '/')) == NULL)
		snprintf(parent, sizeof(parent), ".");
	else if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (file_sync(parent, true) == -1)
		fprintf(stderr, "%s: %s\n", parent, strerror(errno));
}

int
tree_commit(struct export_tree *t)
{
	int fd;

	if (t->old_fd != -1) {
		if ((fd = dup(t->old_fd)) == -1 ||
		    count_removed(t, fd, "") == -1) {
			fprintf(stderr, "%s: %s\n", t->dir, strerror(errno));
			tree_abort(t);
			return -1;
		}
	}
	/* One sync for every file rather than an fsync each. */
	if (syncfs(t->new_fd) == -1) {
		fprintf(stderr, "%s: %s\n", t->next, strerror(errno));
		tree_abort(t);
		return -1;
	}
	/* RENAME_EXCHANGE: readers see the old tree or the new one, never
	 * a missing folder, and dir stays the same path a web server's
	 * root names. NOREPLACE: a folder made meanwhile is not lost. */
	if (renameat2(AT_FDCWD, t->next, AT_FDCWD, t->dir, t->old_fd != -1 ?
	    RENAME_EXCHANGE : RENAME_NOREPLACE) == -1) {
		fprintf(stderr, "%s: cannot swap in %s: %s\n", t->dir, t->next,
		    strerror(errno));
		tree_abort(t);
		return -1;
	}
	sync_parent(t->dir);
	/* t->next now names the previous export. The new one is in place:
	 * what is left of the old is said, and the next export removes it
	 * when it can. */
	if (t->old_fd != -1 && !remove_tree(t->next))
		fprintf(stderr, "%s: the previous export is left in %s\n",
		    t->dir, t->next);
	return 0;
}

void
tree_abort(struct export_tree *t)
{
	if (t->next != NULL)
		remove_tree(t->next);
	free(t->next);
	t->next = NULL;
}

void
tree_free(struct export_tree *t)
{
	size_t k, i;

	if (t->old_fd != -1)
		close(t->old_fd);
	if (t->new_fd != -1)
		close(t->new_fd);
	if (t->lock_fd != -1)
		close(t->lock_fd);
	for (k = 0; k < TREE_COUNT_COUNT; k++)
		for (i = 0; i < TREE_NAMED_MAX; i++)
			free(t->named[k][i]);
	free(t->next);
	free(t->dir);
	memset(t, 0, sizeof(*t));
	t->old_fd = t->new_fd = t->lock_fd = -1;
}

void
tree_report(const struct export_tree *t, const char *dir)
{
	size_t k, i;

	printf("%s: written %zu, unchanged %zu, removed %zu\n", dir,
	    t->n[TREE_WRITTEN], t->n[TREE_UNCHANGED], t->n[TREE_REMOVED]);
	if (t->verbose)
		return;
	for (k = 0; k < TREE_COUNT_COUNT; k++) {
		if (k == TREE_UNCHANGED || t->n[k] > TREE_NAMED_MAX)
			continue;
		for (i = 0; i < t->n[k]; i++)
			if (t->named[k][i] != NULL)
				printf("  %s %s\n", count_word[k],
				    t->named[k][i]);
	}
}

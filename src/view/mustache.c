/* mustache.c: sets of compiled Mustache templates: adding (from text or a
 * folder of files), finding, freeing. The compiler is mustache_compile.c
 * and mustache_lex.c, the renderer mustache_render.c. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/hash.h"
#include "view/mustache.h"
#include "view/mustache_internal.h"

/* 2 KiB: a compiled template takes 7.5 KB on average and lives as long
 * as the server; in 16 KiB blocks the 140 of two languages held 2.3 MB
 * for about 1 MB of nodes. */
#define TPL_BLOCK	(2 * 1024)

struct mustache_set {
	struct tpl	**slot;		/* open addressing, power-of-two size */
	size_t		  cap;
	size_t		  n;
};

static void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	arena_free(t->arena);
	free(t->name);
	free(t);
}

struct tpl *
mustache_set_find(const struct mustache_set *set, const char *name,
    size_t len, uint64_t h)
{
	struct tpl *t;
	size_t i;

	if (set->cap == 0)
		return NULL;
	for (i = h & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		if ((t = set->slot[i]) == NULL)
			return NULL;
		if (t->hash == h && t->namelen == len &&
		    memcmp(t->name, name, len) == 0)
			return t;
	}
}

static int
set_put(struct mustache_set *set, struct tpl *t)
{
	struct tpl **slot, *old;
	size_t cap, i, k;

	if ((set->n + 1) * 2 > set->cap) {
		cap = set->cap ? set->cap * 2 : 16;
		if ((slot = calloc(cap, sizeof(*slot))) == NULL)
			return -1;
		for (k = 0; k < set->cap; k++) {
			if ((old = set->slot[k]) == NULL)
				continue;
			for (i = old->hash & (cap - 1); slot[i] != NULL;
			    i = (i + 1) & (cap - 1))
				;
			slot[i] = old;
		}
		free(set->slot);
		set->slot = slot;
		set->cap = cap;
	}
	for (i = t->hash & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1)) {
		old = set->slot[i];
		if (old->hash == t->hash && old->namelen == t->namelen &&
		    memcmp(old->name, t->name, t->namelen) == 0) {
			set->slot[i] = t;
			tpl_free(old);
			return 0;
		}
	}
	set->slot[i] = t;
	set->n++;
	return 0;
}

static int
dir_error(char *err, size_t errsize, const char *dir, const char *file,
    const char *msg)
{
	if (err != NULL && errsize > 0)
		snprintf(err, errsize, "%s%s%s: %s", dir, file ? "/" : "",
		    file ? file : "", msg);
	return -1;
}

/* Compiles and adds a template; label names it in messages. */
static int
set_compile(struct mustache_set *set, const char *name, const char *label,
    const char *text, size_t len, char *err, size_t errsize)
{
	struct tpl *t = NULL;
	size_t namelen;
	int rc = -1;

	if (err != NULL && errsize > 0)
		err[0] = '\0';
	namelen = strnlen(name, MUSTACHE_MAX_NAME + 1);
	if (namelen == 0 || namelen > MUSTACHE_MAX_NAME) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "%s: template name empty or "
			    "longer than %d bytes", label, MUSTACHE_MAX_NAME);
		return -1;
	}
	if (len > MUSTACHE_MAX_SIZE) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "%s: template larger than "
			    "1 MiB", label);
		return -1;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->name = strndup(name, namelen)) == NULL ||
	    (t->arena = arena_new_sized(TPL_BLOCK)) == NULL) {
		dir_error(err, errsize, label, NULL, "out of memory");
		goto out;
	}
	t->namelen = namelen;
	t->hash = hash64(name, namelen);
	if (mustache_compile(t, label, text, len, err, errsize) == -1)
		goto out;
	if (set_put(set, t) == -1) {
		dir_error(err, errsize, label, NULL, "out of memory");
		goto out;
	}
	t = NULL;
	rc = 0;
out:
	tpl_free(t);
	return rc;
}

struct mustache_set *
mustache_set_new(void)
{
	return calloc(1, sizeof(struct mustache_set));
}

void
mustache_set_free(struct mustache_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->cap; i++)
		tpl_free(set->slot[i]);
	free(set->slot);
	free(set);
}

int
mustache_set_add(struct mustache_set *set, const char *name,
    const char *text, size_t len, char *err, size_t errsize)
{
	return set_compile(set, name, name, text, len, err, errsize);
}

bool
mustache_set_has(const struct mustache_set *set, const char *name)
{
	size_t len = strnlen(name, MUSTACHE_MAX_NAME + 1);

	return mustache_set_find(set, name, len, hash64(name, len)) != NULL;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads one template file (a regular file, no symlink) into a heap buffer.
 * Returns 1 when loaded, 0 when skipped, -1 on error with errno set or
 * EFBIG for a file over the limit. */
static int
read_template(int dfd, const char *file, char **text, size_t *len)
{
	struct stat st;
	size_t n = 0;
	ssize_t r;
	char *p;
	int fd;

	if (fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	if (!S_ISREG(st.st_mode))
		return 0;
	/* O_NONBLOCK: a FIFO swapped in after the check must not hang us. */
	fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1)
		return errno == ELOOP ? 0 : -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	if (st.st_size > MUSTACHE_MAX_SIZE) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	if ((p = malloc(MUSTACHE_MAX_SIZE + 1)) == NULL) {
		close(fd);
		return -1;
	}
	/* One byte past the limit tells a file that grew since fstat. */
	while (n <= MUSTACHE_MAX_SIZE) {
		r = read(fd, p + n, MUSTACHE_MAX_SIZE + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			free(p);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > MUSTACHE_MAX_SIZE) {
		free(p);
		errno = EFBIG;
		return -1;
	}
	*text = p;
	*len = n;
	return 1;
}

int
mustache_set_load_dir(struct mustache_set *set, const char *dir, char *err,
    size_t errsize)
{
	static const char ext[] = ".mustache";
	const size_t extlen = sizeof(ext) - 1;
	char **names = NULL, **more, *label, *name, *text;
	size_t n = 0, cap = 0, i, len, textlen;
	struct dirent *de;
	int dfd, rc = -1, r;
	DIR *d;

	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return dir_error(err, errsize, dir, NULL, strerror(errno));
	if ((d = fdopendir(dfd)) == NULL) {
		dir_error(err, errsize, dir, NULL, strerror(errno));
		close(dfd);
		return -1;
	}
	/* Sorted, so that the first error reported is the same every time. */
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= extlen ||
		    len - extlen > MUSTACHE_MAX_NAME ||
		    strcmp(de->d_name + len - extlen, ext) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((more = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				goto nomem;
			names = more;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto nomem;
		n++;
	}
	if (errno != 0) {
		dir_error(err, errsize, dir, NULL, strerror(errno));
		goto out;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		r = read_template(dirfd(d), names[i], &text, &textlen);
		if (r == -1) {
			dir_error(err, errsize, dir, names[i], errno == EFBIG ?
			    "template larger than 1 MiB" : strerror(errno));
			goto out;
		}
		if (r == 0)
			continue;
		name = names[i];
		name[strlen(name) - extlen] = '\0';
		if (asprintf(&label, "%s/%s%s", dir, name, ext) == -1) {
			free(text);
			goto nomem;
		}
		r = set_compile(set, name, label, text, textlen, err, errsize);
		free(label);
		free(text);
		if (r == -1)
			goto out;
	}
	rc = 0;
	goto out;
nomem:
	dir_error(err, errsize, dir, NULL, "out of memory");
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

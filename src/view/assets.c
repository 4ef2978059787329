/* assets.c: www/static held in memory, looked up by relative path. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/blob.h"
#include "lib/buf.h"
#include "lib/gzip.h"
#include "lib/hash.h"
#include "view/assets.h"

/* Limits: a site's CSS, scripts and images, not a media library. */
#define ASSETS_MAX	2000
#define ASSETS_BYTES	(64 * 1024 * 1024)
#define ASSETS_DEPTH	8

static struct asset	assets[ASSETS_MAX];
static size_t		nassets;
static size_t		total_bytes;

static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "woff2", "font/woff2" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "json", "application/json" },
	{ "pdf", "application/pdf" },
};

static const char *
content_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	if (dot != NULL)
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* "data:image/svg+xml," and body, every byte outside a small safe set
 * percent-encoded; malloc'd, NULL when out of memory. */
static char *
svg_data_url(const struct blob *body)
{
	static const char prefix[] = "data:image/svg+xml,";
	static const char hex[] = "0123456789ABCDEF";
	char *out, *o;
	size_t i;

	/* 3: the longest encoding of one byte. */
	if ((out = malloc(sizeof(prefix) + body->len * 3)) == NULL)
		return NULL;
	memcpy(out, prefix, sizeof(prefix) - 1);
	o = out + sizeof(prefix) - 1;
	for (i = 0; i < body->len; i++) {
		unsigned char c = (unsigned char)body->data[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != '\0' &&
		    strchr("-._~/:=,;()!*+@", c) != NULL)) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

static int
add_file(int dirfd, const char *name, const char *rel, char *err,
    size_t errsize)
{
	struct asset *a;
	struct stat st;
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	uint64_t h;
	int fd;

	if (nassets == ASSETS_MAX) {
		snprintf(err, errsize, "more than %d static files", ASSETS_MAX);
		return -1;
	}
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		snprintf(err, errsize, "%s: %s", rel, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0 || b.failed || total_bytes + b.len > ASSETS_BYTES) {
		snprintf(err, errsize, "%s: %s", rel, n < 0 ? strerror(errno) :
		    "static files too large");
		buf_free(&b);
		return -1;
	}
	a = &assets[nassets];
	a->body = blob_new(b.data ? b.data : "", b.len);
	buf_free(&b);
	a->path = strdup(rel);
	h = hash64(a->body ? a->body->data : "", a->body ? a->body->len : 0);
	gzip_etags(h, a->etag, a->etag_gz);
	a->content_type = content_type(rel);
	if (a->body != NULL && gzip_worth(a->content_type))
		a->gz = gzip_blob(a->body->data, a->body->len,
		    GZIP_AT_START);
	if (a->path == NULL || a->body == NULL ||
	    (gzip_worth(a->content_type) && a->gz == NULL) ||
	    asprintf(&a->url, "/static/%s?v=%08llx", rel,
	    (unsigned long long)(h & 0xffffffff)) == -1 ||
	    (strcmp(a->content_type, "image/svg+xml") == 0 &&
	    (a->data_url = svg_data_url(a->body)) == NULL)) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	a->mtime = st.st_mtime;
	total_bytes += a->body->len;
	nassets++;
	return 0;
}

/* Whether name in dirfd is the .gz copy `make install` writes beside a
 * file (x.gz beside x): served from our own copy, not as a file. A .gz
 * with no such file beside it is a download like any other. */
static bool
is_gz_copy(int dirfd, const char *name)
{
	size_t len = strlen(name);
	char plain[256];
	struct stat st;

	if (len <= 3 || len - 3 >= sizeof(plain) ||
	    strcmp(name + len - 3, ".gz") != 0)
		return false;
	memcpy(plain, name, len - 3);
	plain[len - 3] = '\0';
	return fstatat(dirfd, plain, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode);
}

static int
walk(int dirfd, const char *prefix, int depth, char *err, size_t errsize)
{
	struct dirent *de;
	struct stat st;
	char rel[1024];
	DIR *d;
	int fd, ret = 0;

	if (depth > ASSETS_DEPTH)
		return 0;
	if ((d = fdopendir(dirfd)) == NULL) {
		snprintf(err, errsize, "%s: %s", prefix, strerror(errno));
		close(dirfd);
		return -1;
	}
	while (ret == 0 && (de = readdir(d)) != NULL) {
		/* Dot-files (and . and ..) are never served. */
		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if ((size_t)snprintf(rel, sizeof(rel), "%s%s%s", prefix,
		    *prefix ? "/" : "", de->d_name) >= sizeof(rel))
			continue;
		/* A .gz beside a file is nginx's (gzip_static, written by
		 * make install); we make our own copies. */
		if (S_ISREG(st.st_mode) && !is_gz_copy(dirfd, de->d_name))
			ret = add_file(dirfd, de->d_name, rel, err, errsize);
		else if (S_ISDIR(st.st_mode)) {
			fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			if (fd != -1)
				ret = walk(fd, rel, depth + 1, err, errsize);
		}
	}
	closedir(d);
	return ret;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct asset *)a)->path,
	    ((const struct asset *)b)->path);
}

int
assets_load(const char *dir, char *err, size_t errsize)
{
	int fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errsize, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (walk(fd, "", 0, err, errsize) == -1) {
		assets_free();
		return -1;
	}
	qsort(assets, nassets, sizeof(assets[0]), by_path);
	return 0;
}

void
assets_free(void)
{
	size_t i;

	for (i = 0; i < nassets; i++) {
		free(assets[i].path);
		free(assets[i].url);
		free(assets[i].data_url);
		blob_unref(assets[i].body);
		blob_unref(assets[i].gz);
	}
	memset(assets, 0, sizeof(assets));
	nassets = 0;
	total_bytes = 0;
}

const struct asset *
assets_find(const char *path)
{
	struct asset key;

	key.path = (char *)path;
	return bsearch(&key, assets, nassets, sizeof(assets[0]), by_path);
}

const char *
assets_url(const char *path)
{
	const struct asset *a = assets_find(path);

	return a != NULL ? a->url : "/static/";
}

const char *
assets_data_url(const char *path)
{
	const struct asset *a = assets_find(path);

	return a != NULL ? a->data_url : NULL;
}

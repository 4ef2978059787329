/* media_file.c: /media/<name> and /media/<hash>/<filename>: the media
 * folder's files, streamed from disk, cached for good, with validators
 * and byte ranges. No database: the name is the content's hash. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "conditional.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/byterange.h"
#include "lib/httpdate.h"
#include "lib/log.h"
#include "media/files.h"
#include "request.h"
#include "response.h"

/* 64: a SHA-256 in hex. */
#define HASH_LEN	64

/* A PDF is shown from the site's origin but must not act as part of it:
 * its type is never sniffed, it may load and run nothing, and only the
 * site's own pages may frame it. No sandbox: a sandboxed document may not
 * load plugins, which Chromium counts its PDF viewer among, so the report
 * would show as nothing (docs/media.md). */
#define PDF_CSP		"default-src 'none'; frame-ancestors 'self'"

/* What a URL under /media/ names, once checked. */
struct media_file {
	char		 disk[MEDIA_NAME_MAX];	/* the file's name on disk */
	const char	*type;			/* its Content-Type */
	const char	*download;		/* a document's name, or NULL */
};

static bool
is_hex_lower(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* "<hash>/<filename>.pdf", filename [a-z0-9-]{1,100}: a document, whose
 * file on disk is <hash>.pdf. */
static bool
parse_document(const char *arg, struct media_file *f)
{
	const char *name = arg + HASH_LEN + 1;

	if (strlen(arg) <= HASH_LEN + 1 || arg[HASH_LEN] != '/' ||
	    !is_hex_lower(arg, HASH_LEN) || !media_document_name_ok(name))
		return false;
	memcpy(f->disk, arg, HASH_LEN);
	strcpy(f->disk + HASH_LEN, ".pdf");
	f->type = media_type_mime(MEDIA_PDF);
	f->download = name;
	return true;
}

/* "<hash>.<ext>" or "<hash>-<width>.<ext>" as media_name_ok takes them,
 * for the formats a page shows (JPEG, PNG, WebP): a HEIC original goes
 * out through its JPEG copies, and a PDF only under its own name. */
static bool
parse_image(const char *arg, struct media_file *f)
{
	static const struct {
		const char	*ext;
		const char	*format;
	} formats[] = {
		{ ".jpg", "jpeg" }, { ".png", "png" }, { ".webp", "webp" },
	};
	const char *dot = strrchr(arg, '.');
	size_t i;

	if (dot == NULL || strlen(arg) >= sizeof(f->disk) ||
	    !media_name_ok(arg))
		return false;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(dot, formats[i].ext) == 0) {
			strcpy(f->disk, arg);
			f->type = media_format_mime(formats[i].format);
			f->download = NULL;
			return f->type != NULL;
		}
	return false;
}

/* Opens the checked name under the media folder: a regular file, never
 * through a link. Returns the descriptor and fills *sb, or -1 with errno
 * (ENOENT for anything that is not such a file). */
static int
open_file(struct request *rq, const char *disk, struct stat *sb)
{
	const char *path = arena_printf(rq->arena, "%s/%s",
	    rq->cfg->media_dir, disk);
	int fd;

	if (path == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ELOOP || errno == ENOTDIR)
			errno = ENOENT;
		return -1;
	}
	if (fstat(fd, sb) == -1 || !S_ISREG(sb->st_mode)) {
		close(fd);
		errno = ENOENT;
		return -1;
	}
	return fd;
}

/* A short answer of our own for a refusal: never the site's HTML error
 * page under /media/, where only files are. */
static int
plain(struct response *rs, int status, const char *text)
{
	buf_adds(&rs->body, text);
	response_set_header(rs, "Content-Type", "text/plain; charset=utf-8");
	return status;
}

/* Whether If-Range (NULL: none) still names this file: its strong ETag,
 * or exactly its Last-Modified; if not, the whole file goes. */
static bool
if_range_ok(const char *if_range, const char *etag, const char *lm)
{
	if (if_range == NULL)
		return true;
	if (*if_range == '"')
		return strcmp(if_range, etag) == 0;
	return strcmp(if_range, lm) == 0;
}

/* GET /media/<name>, /media/<hash>/<filename>.pdf: the file, whole or one
 * range of it, with the headers of a file that never changes under its
 * name. Anything else under /media/ is a plain 404, refused by the name
 * checks above before any file system call. A refused header is caught by
 * app_handle (response.h). */
int
media_file_show(struct request *rq, struct response *rs)
{
	struct media_file f;
	struct stat sb;
	const char *arg, *etag, *range;
	char *lm;
	uint64_t first = 0, len;
	enum byterange r;
	int fd;

	arg = rq->nargs == 1 ? route_arg(rq, 0) : NULL;
	if (arg == NULL || !(strchr(arg, '/') != NULL ?
	    parse_document(arg, &f) : parse_image(arg, &f)))
		return plain(rs, 404, "Not found\n");
	if ((fd = open_file(rq, f.disk, &sb)) == -1) {
		if (errno == ENOENT)
			return plain(rs, 404, "Not found\n");
		log_error("media %s: %s", f.disk, strerror(errno));
		return 500;
	}
	len = (uint64_t)sb.st_size;
	etag = arena_printf(rq->arena, "\"%s\"", f.disk);
	lm = arena_alloc(rq->arena, HTTPDATE_LEN);
	if (etag == NULL || lm == NULL) {
		close(fd);
		return 500;
	}
	httpdate_format(sb.st_mtime, lm);
	response_set_header(rs, "ETag", etag);
	response_set_header(rs, "Last-Modified", lm);
	/* A year, and immutable: the name is the content's hash, so a new
	 * file is a new URL. */
	response_set_header(rs, "Cache-Control",
	    "public, max-age=31536000, immutable");
	response_set_header(rs, "Accept-Ranges", "bytes");
	response_set_header(rs, "Content-Type", f.type);
	if (f.download != NULL) {
		response_set_header(rs, "Content-Disposition",
		    arena_printf(rq->arena, "inline; filename=\"%s\"",
		    f.download));
		rs->csp = PDF_CSP;
	}
	conditional_apply(rq, rs);
	if (rs->status == 304) {
		close(fd);
		return 304;
	}
	range = request_header(rq, "range");
	if (!if_range_ok(request_header(rq, "if-range"), etag, lm))
		range = NULL;
	r = byterange_parse(range, len, &first, &len);
	if (r == BYTERANGE_UNSATISFIABLE) {
		close(fd);
		response_set_header(rs, "Content-Range",
		    arena_printf(rq->arena, "bytes */%llu",
		    (unsigned long long)sb.st_size));
		response_unset_header(rs, "Content-Disposition");
		response_unset_header(rs, "Cache-Control");
		rs->csp = NULL;
		return plain(rs, 416, "Range not satisfiable\n");
	}
	response_file(rs, fd, first, len);
	if (r == BYTERANGE_WHOLE)
		return 200;
	response_set_header(rs, "Content-Range", arena_printf(rq->arena,
	    "bytes %llu-%llu/%llu", (unsigned long long)first,
	    (unsigned long long)(first + len - 1),
	    (unsigned long long)sb.st_size));
	return 206;
}

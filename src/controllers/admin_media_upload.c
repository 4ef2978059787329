/* admin_media_upload.c: a media upload's streamed multipart body read a
 * piece at a time (the library's upload and an item's replaced file): its
 * token first, each file to an unlinked temporary file, never to memory,
 * and what the upload's text fields say. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/file.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "controllers/admin_media.h"
#include "form.h"
#include "lib/arena.h"
#include "media/files.h"
#include "media/folder.h"
#include "request.h"
#include "spool.h"
#include "view/urls.h"

/* 64 KiB: the piece read at a time, so what a request holds in memory
 * whatever the size of the upload. */
#define UPLOAD_READ	(64 * 1024)
/* The most bytes kept of a text part: the longest field (a caption of
 * MEDIA_CAPTION_MAX characters of up to 4 bytes) and one more, so that
 * a longer one still fails its length check. */
#define UPLOAD_TEXT_MAX	(4 * MEDIA_CAPTION_MAX + 4)

static int
upload_begin(void *ctx, const struct multipart_part *p)
{
	struct media_upload *u = ctx;

	if (!u->token_ok) {
		u->in_token = strcmp(p->name, "csrf_token") == 0 &&
		    p->filename == NULL;
		u->len = 0;
		return u->in_token ? 0 : -1;
	}
	u->in_file = false;
	u->fd = -1;
	u->name = NULL;
	if (p->filename != NULL) {
		/* A file input left empty sends a part with no name and
		 * no bytes: nothing to take. */
		if (*p->filename == '\0' || u->skip_files)
			return 0;
		if ((u->filename = arena_strdup(u->rq->arena, p->filename)) ==
		    NULL || (u->fd = spool_tmpfile(u->rq->arena,
		    u->rq->cfg->spool_dir)) == -1)
			return -1;
		u->in_file = true;
		return 0;
	}
	if (form_field(u->text, p->name) == NULL)
		return 0;
	if ((u->name = arena_strdup(u->rq->arena, p->name)) == NULL ||
	    (u->value = arena_alloc(u->rq->arena, UPLOAD_TEXT_MAX + 1)) ==
	    NULL)
		return -1;
	u->len = 0;
	return 0;
}

static int
upload_data(void *ctx, const char *p, size_t len)
{
	struct media_upload *u = ctx;
	size_t room;

	if (u->in_token) {
		if (len > MEDIA_UPLOAD_TOKEN_MAX - u->len)
			return -1;
		memcpy(u->token + u->len, p, len);
		u->len += len;
		return 0;
	}
	if (u->in_file)
		return spool_append(u->fd, p, len);
	if (u->name == NULL)
		return 0;
	room = UPLOAD_TEXT_MAX - u->len;
	if (len > room)
		len = room;
	memcpy(u->value + u->len, p, len);
	u->len += len;
	return 0;
}

static int
upload_end(void *ctx)
{
	struct media_upload *u = ctx;

	if (u->in_token) {
		u->token[u->len] = '\0';
		u->in_token = false;
		u->token_ok = auth_csrf_token_ok(u->rq, u->token);
		return u->token_ok ? 0 : -1;
	}
	if (u->in_file) {
		u->in_file = false;
		if (lseek(u->fd, 0, SEEK_SET) == -1)
			return -1;
		/* Before its files are placed: no delete may take them
		 * away until their rows are in. */
		if (*u->lock == -1 && (*u->lock = media_folder_lock(
		    u->rq->cfg->media_dir, LOCK_SH, true)) == -1)
			return -1;
		if (u->file(u, u->fd, u->filename) != 0)
			u->skip_files = true;
		return 0;
	}
	if (u->name != NULL) {
		/* A NUL inside is text that cannot be right. */
		u->value[u->len] = '\0';
		form_set(u->text, u->name, u->value,
		    memchr(u->value, '\0', u->len) != NULL);
		u->name = NULL;
	}
	return 0;
}

static const struct multipart_callbacks upload_callbacks = {
	upload_begin, upload_data, upload_end,
};

static void
upload_unlock(void *arg)
{
	int *lock = arg;

	if (*lock != -1)
		close(*lock);
	*lock = -1;
}

void
media_upload_release(struct media_upload *u)
{
	if (u->lock != NULL)
		upload_unlock(u->lock);
}

int
media_upload_read(struct media_upload *u, const char **why)
{
	struct multipart mp;
	enum multipart_status st;
	ssize_t n = 0;
	char *buf;

	u->fd = -1;
	if ((u->lock = arena_alloc(u->rq->arena, sizeof(*u->lock))) == NULL)
		return 500;
	*u->lock = -1;
	if (arena_defer(u->rq->arena, upload_unlock, u->lock) == -1)
		return 500;
	if (why != NULL)
		*why = NULL;
	if ((buf = malloc(UPLOAD_READ)) == NULL)
		return 500;
	st = multipart_init(&mp, request_header(u->rq, "content-type"),
	    &upload_callbacks, u);
	while (st == MULTIPART_OK &&
	    (n = request_body_read(u->rq, buf, UPLOAD_READ)) > 0)
		st = multipart_feed(&mp, buf, (size_t)n);
	free(buf);
	if (n == -1)
		return 500;
	if (st == MULTIPART_OK)
		st = multipart_finish(&mp);
	/* A well-formed body whose token is missing, misplaced or wrong. */
	if (!u->token_ok && (st == MULTIPART_STOPPED || st == MULTIPART_OK))
		return 403;
	if (st == MULTIPART_STOPPED)
		return 500;
	if (st != MULTIPART_OK) {
		if (why != NULL)
			*why = multipart_strerror(st);
		return 400;
	}
	return 0;
}

int
media_upload_status(enum media_ingest_status st)
{
	switch (st) {
	case MEDIA_INGEST_TOO_LARGE:
		return 413;
	case MEDIA_INGEST_TYPE:
		return 415;
	case MEDIA_INGEST_EMPTY:
	case MEDIA_INGEST_TOO_MANY_PIXELS:
	case MEDIA_INGEST_BROKEN:
	case MEDIA_INGEST_WORKER:
		return 422;
	case MEDIA_INGEST_NO_LIBRARY:
		/* The server's installation, not the file: another try
		 * once libvips42 is installed may work. */
		return 503;
	default:
		return 500;
	}
}

const char *
media_variant_url(struct arena *a, const struct media_item *m,
    int min_width, int *width, int *height)
{
	const struct media_variant *best = NULL, *v;
	char name[MEDIA_NAME_MAX];
	size_t i;

	for (i = 0; i < m->nvariants; i++) {
		v = &m->variants[i];
		if (media_format_ext(v->format) == NULL)
			continue;
		/* The narrowest that is wide enough (or else the widest),
		 * WebP before another format of the same width. */
		if (best == NULL ||
		    (best->width < min_width && v->width > best->width) ||
		    (v->width >= min_width && v->width < best->width) ||
		    (v->width == best->width &&
		    strcmp(v->format, "webp") == 0))
			best = v;
	}
	if (best == NULL)
		return NULL;
	if (width != NULL)
		*width = best->width;
	if (height != NULL)
		*height = best->height;
	media_variant_name(name, m->hash, best->width, best->format);
	return url_media_file(a, name);
}

const char *
media_file_url(struct arena *a, const struct media_item *m)
{
	char name[MEDIA_NAME_MAX];

	if (m->type == MEDIA_PDF)
		return url_media_document(a, m->hash, m->filename);
	if (m->type == MEDIA_HEIC)
		return media_variant_url(a, m, INT32_MAX, NULL, NULL);
	media_original_name(name, m->hash, m->type);
	return url_media_file(a, name);
}

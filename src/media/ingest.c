/* ingest.c: an upload made into the media library's files: checked,
 * sniffed, an image handed to the media worker, every file put into the
 * media folder; and the files of an item taken away again. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "config.h"
#include "lib/arena.h"
#include "lib/file.h"
#include "lib/log.h"
#include "lib/slug.h"
#include "lib/utf8.h"
#include "media/files.h"
#include "media/folder.h"
#include "media/ingest.h"
#include "media/sniff.h"
#include "media/worker.h"
#include "multipart.h"
#include "view/i18n.h"

/* A download name a browser shows whole, with room for the extension
 * within MEDIA_FILENAME_MAX: what /media/<hash>/<name> takes. */
#define FILENAME_SLUG_MAX	MEDIA_DOC_NAME_MAX

/* 64 KiB: the pieces a document is copied in. */
#define COPY_CHUNK		(64 * 1024)

static const char *const messages[] = {
	[MEDIA_INGEST_OK] = N_("The file was uploaded."),
	[MEDIA_INGEST_EMPTY] = N_("The file is empty."),
	[MEDIA_INGEST_TOO_LARGE] = N_("The file is larger than uploads may "
	    "be."),
	[MEDIA_INGEST_TYPE] = N_("This kind of file cannot be uploaded: "
	    "only JPEG, PNG, WebP and HEIC images and PDF documents can."),
	[MEDIA_INGEST_TOO_MANY_PIXELS] = N_("The image has too many pixels: "
	    "make it smaller and upload it again."),
	[MEDIA_INGEST_BROKEN] = N_("The file is damaged, or is not the "
	    "image it seems to be."),
	[MEDIA_INGEST_WORKER] = N_("The image took too long or too much "
	    "memory to process."),
	[MEDIA_INGEST_DISK] = N_("The file could not be stored: the media "
	    "folder cannot be written."),
	[MEDIA_INGEST_NO_LIBRARY] = N_("Images cannot be processed on this "
	    "server for now: its image library (libvips) is missing. A "
	    "PDF document can still be uploaded."),
	[MEDIA_INGEST_ERROR] = N_("The file could not be processed."),
};

/* One upload's files as they come: the sink of the media worker, and
 * the copy of a document. */
struct job {
	struct media_batch	 batch;
	crypto_hash_sha256_state sha;	/* of the stored original */
	struct media_wire	 rec[MEDIA_BATCH_MAX];
	size_t			 idx[MEDIA_BATCH_MAX];	/* in batch */
	size_t			 n;
	int			 fd;	/* the file being written */
};

const char *
media_ingest_message(enum media_ingest_status st)
{
	if ((unsigned)st >= sizeof(messages) / sizeof(messages[0]))
		return messages[MEDIA_INGEST_ERROR];
	return messages[st];
}

static int
job_begin(void *ctx, const struct media_wire *r)
{
	struct job *j = ctx;

	if ((j->fd = media_batch_add(&j->batch, &j->idx[j->n])) == -1)
		return -1;
	j->rec[j->n++] = *r;
	if (j->n == 1)
		crypto_hash_sha256_init(&j->sha);
	return 0;
}

static int
job_data(void *ctx, const void *p, size_t len)
{
	struct job *j = ctx;

	if (j->n == 1)
		crypto_hash_sha256_update(&j->sha, p, len);
	if (file_write_all(j->fd, p, len) == -1) {
		log_error("media: write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static const struct media_worker_sink job_sink = { job_begin, job_data };

/* The document in fd copied as it is into j's batch, hashed. */
static enum media_ingest_status
copy_document(struct job *j, int fd, struct media_wire *r)
{
	char *buf;
	ssize_t got;
	off_t off = 0;

	if ((buf = malloc(COPY_CHUNK)) == NULL)
		return MEDIA_INGEST_ERROR;
	if (job_begin(j, r) == -1) {
		free(buf);
		return MEDIA_INGEST_DISK;
	}
	for (;;) {
		got = pread(fd, buf, COPY_CHUNK, off);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			log_error("media: reading the upload: %s",
			    strerror(errno));
			free(buf);
			return MEDIA_INGEST_ERROR;
		}
		if (got == 0)
			break;
		if (job_data(j, buf, (size_t)got) == -1) {
			free(buf);
			return MEDIA_INGEST_DISK;
		}
		off += got;
	}
	free(buf);
	j->rec[0].len = (uint64_t)off;
	return MEDIA_INGEST_OK;
}

/* The client's file name without folders and extension, as given, into
 * out (NUL-terminated, at most size - 1 bytes). */
static void
base_name(const char *name, char *out, size_t size)
{
	const char *s = name != NULL ? name : "", *p, *dot;
	size_t len;

	for (p = s; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	dot = strrchr(s, '.');
	len = dot != NULL && dot != s ? (size_t)(dot - s) : strlen(s);
	if (len >= size)
		len = size - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

/* The stored file name: the slug of base (at most FILENAME_SLUG_MAX
 * bytes, cut between words), fallback when nothing is left, and ext; in
 * arena a. */
static const char *
clean_filename(struct arena *a, const char *base, const char *fallback,
    const char *ext)
{
	char slug[SLUG_MAX + 1], *dash;
	size_t len = slug_from_title(base, slug);

	if (len > FILENAME_SLUG_MAX) {
		slug[FILENAME_SLUG_MAX] = '\0';
		if ((dash = strrchr(slug, '-')) != NULL && dash != slug)
			*dash = '\0';
	}
	return arena_printf(a, "%s.%s", *slug != '\0' ? slug : fallback, ext);
}

/* The title a file gets when the editor gave none: its base name when
 * that is text (valid UTF-8, no control character), trimmed and cut to
 * MEDIA_TITLE_MAX characters; else the cleaned name's stem. In arena a. */
static const char *
default_title(struct arena *a, const char *base, const char *filename)
{
	size_t len = strlen(base), off = 0, n, chars = 0;
	const char *s = utf8_trim(base, &len);
	uint32_t cp;

	while (off < len && chars < MEDIA_TITLE_MAX) {
		if ((n = utf8_next(s + off, len - off, &cp)) == 0 ||
		    utf8_is_control(cp))
			break;
		off += n;
		chars++;
	}
	if (off == 0 || (off < len && chars < MEDIA_TITLE_MAX))
		return arena_strndup(a, filename, strcspn(filename, "."));
	return arena_strndup(a, s, off);
}

/* Puts j's files under their final names and fills m from them. */
static enum media_ingest_status
place(struct job *j, struct arena *a, struct media_item *m)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hash[2 * crypto_hash_sha256_BYTES + 1], name[MEDIA_NAME_MAX];
	enum media_type stored;
	size_t i;

	crypto_hash_sha256_final(&j->sha, digest);
	sodium_bin2hex(hash, sizeof(hash), digest, sizeof(digest));
	if (m->type == MEDIA_PDF)
		stored = MEDIA_PDF;
	else if (media_type_parse(j->rec[0].format, &stored) == -1)
		return MEDIA_INGEST_WORKER;
	media_original_name(name, hash, stored);
	if (media_batch_place(&j->batch, j->idx[0], name) == -1)
		return MEDIA_INGEST_DISK;
	m->nvariants = j->n - 1;
	if (m->nvariants > 0 && (m->variants = arena_alloc(a,
	    m->nvariants * sizeof(*m->variants))) == NULL)
		return MEDIA_INGEST_ERROR;
	for (i = 1; i < j->n; i++) {
		media_variant_name(name, hash, j->rec[i].width,
		    j->rec[i].format);
		if (media_batch_place(&j->batch, j->idx[i], name) == -1)
			return MEDIA_INGEST_DISK;
		m->variants[i - 1] = (struct media_variant){
			.format = arena_strdup(a, j->rec[i].format),
			.width = j->rec[i].width,
			.height = j->rec[i].height,
			.bytes = (int64_t)j->rec[i].len,
		};
		if (m->variants[i - 1].format == NULL)
			return MEDIA_INGEST_ERROR;
	}
	if ((m->hash = arena_strdup(a, hash)) == NULL)
		return MEDIA_INGEST_ERROR;
	m->type = stored;
	m->bytes = (int64_t)j->rec[0].len;
	m->width = j->rec[0].width;
	m->height = j->rec[0].height;
	return media_batch_commit(&j->batch) == 0 ? MEDIA_INGEST_OK :
	    MEDIA_INGEST_DISK;
}

/* What the upload in fd is, from its size and first bytes. */
static enum media_ingest_status
check(const struct config *cfg, int fd, enum media_type *t,
    const char **what)
{
	unsigned char head[MEDIA_SNIFF_LEN];
	struct stat sb;
	ssize_t got;

	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		log_error("media: the upload is not a regular file");
		return MEDIA_INGEST_ERROR;
	}
	if (sb.st_size == 0)
		return MEDIA_INGEST_EMPTY;
	if (sb.st_size > (off_t)cfg->media_max_upload_mib << 20)
		return MEDIA_INGEST_TOO_LARGE;
	while ((got = pread(fd, head, sizeof(head), 0)) == -1 &&
	    errno == EINTR)
		;
	if (got <= 0) {
		log_error("media: reading the upload: %s",
		    got == 0 ? "empty" : strerror(errno));
		return MEDIA_INGEST_ERROR;
	}
	if (media_sniff(head, (size_t)got, t, what) == -1)
		return MEDIA_INGEST_TYPE;
	return MEDIA_INGEST_OK;
}

enum media_ingest_status
media_ingest(const struct config *cfg, struct arena *a, int fd,
    const char *name, struct media_item *m, const char **what)
{
	struct media_wire doc = { .kind = MEDIA_WIRE_FILE };
	enum media_ingest_status st;
	struct job *j;
	char base[MULTIPART_FILENAME_MAX + 1];
	bool pdf;

	*what = NULL;
	if ((st = check(cfg, fd, &m->type, what)) != MEDIA_INGEST_OK)
		return st;
	pdf = m->type == MEDIA_PDF;
	if ((j = arena_alloc(a, sizeof(*j))) == NULL)
		return MEDIA_INGEST_ERROR;
	if (media_batch_open(&j->batch, cfg->media_dir) == -1)
		return MEDIA_INGEST_DISK;
	if (pdf)
		st = copy_document(j, fd, &doc);
	else
		st = media_worker_run(fd, m->type,
		    (int64_t)cfg->media_max_megapixels * 1000000, &job_sink,
		    j);
	if (st == MEDIA_INGEST_OK)
		st = place(j, a, m);
	if (st != MEDIA_INGEST_OK) {
		media_batch_abort(&j->batch);
		return st;
	}
	base_name(name, base, sizeof(base));
	m->filename = clean_filename(a, base, pdf ? "document" : "image",
	    media_type_ext(m->type));
	if (m->filename != NULL && (m->title == NULL || *m->title == '\0'))
		m->title = default_title(a, base, m->filename);
	if (m->filename == NULL || m->title == NULL) {
		/* The files are in place; the caller, out of memory, will
		 * not insert a row, and `waypoint media gc` removes them. */
		return MEDIA_INGEST_ERROR;
	}
	if (pdf) {
		m->width = 0;
		m->height = 0;
	}
	return MEDIA_INGEST_OK;
}

/* Removes name from the folder dfd; a missing one is fine. */
static int
remove_name(int dfd, const char *name)
{
	if (unlinkat(dfd, name, 0) == -1 && errno != ENOENT) {
		log_error("media: cannot remove %s: %s", name,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Removes every variant of hash found in the folder dfd. */
static int
remove_all_variants(int dfd, const char *hash)
{
	size_t hlen = strlen(hash);
	struct dirent *e;
	DIR *d;
	int fd, rc = 0;

	if ((fd = dup(dfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		log_error("media: cannot read the media folder: %s",
		    strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, hash, hlen) == 0 &&
		    e->d_name[hlen] == '-' && media_name_ok(e->d_name) &&
		    remove_name(dfd, e->d_name) == -1)
			rc = -1;
	closedir(d);
	return rc;
}

int
media_remove_files(const struct config *cfg, const char *hash,
    enum media_type t, const struct media_item *m)
{
	char name[MEDIA_NAME_MAX];
	size_t i;
	int dfd, rc = 0;

	media_original_name(name, hash, t);
	if (!media_name_ok(name)) {
		log_error("media: not a media file's hash: %.80s", hash);
		return -1;
	}
	if ((dfd = open(cfg->media_dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		log_error("media: cannot open %s: %s", cfg->media_dir,
		    strerror(errno));
		return -1;
	}
	if (remove_name(dfd, name) == -1)
		rc = -1;
	if (m == NULL) {
		if (remove_all_variants(dfd, hash) == -1)
			rc = -1;
	} else {
		for (i = 0; i < m->nvariants; i++) {
			media_variant_name(name, hash, m->variants[i].width,
			    m->variants[i].format);
			if (!media_name_ok(name) ||
			    remove_name(dfd, name) == -1)
				rc = -1;
		}
	}
	/* Removals need no fsync: one lost to a crash leaves an orphan
	 * that `waypoint media gc` finds, never a row without its file. */
	close(dfd);
	return rc;
}

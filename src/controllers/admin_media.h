/* admin_media.h: what the media library's pages share (admin_media*.c):
 * the reading of a streamed upload and the item's public file names. */
#ifndef WAYPOINT_CONTROLLERS_ADMIN_MEDIA_H
#define WAYPOINT_CONTROLLERS_ADMIN_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "media/ingest.h"
#include "multipart.h"
#include "store/media.h"

struct arena;
struct form;
struct request;
struct response;

/* 64: longer than any CSRF token (43 characters); a longer one is wrong. */
#define MEDIA_UPLOAD_TOKEN_MAX	64

/*
 * A streamed multipart/form-data upload being read (admin_media_upload.c):
 * its first part must be the session's csrf_token; each file part is
 * written, as it arrives, to an unlinked file in [paths] spool and given
 * whole to file(); each text part goes to form text (whose table says
 * which names are taken; others are ignored). The caller sets rq, text,
 * file and ctx; the rest is the reader's.
 */
struct media_upload {
	struct request	*rq;
	struct form	*text;
	/* A whole file part: fd (read from 0, closed with the request),
	 * the client's file name. 0 goes on; else the files after it are
	 * skipped (their bytes read and dropped), the text parts still
	 * read. */
	int		(*file)(struct media_upload *, int fd,
			    const char *filename);
	void		*ctx;
	/* The reader's state. */
	int		 fd;		/* the file part being written */
	const char	*filename;
	const char	*name;		/* a text part's name */
	char		*value;		/* its bytes so far */
	size_t		 len, max;
	bool		 in_token, token_ok, skip_files, in_file;
	char		 token[MEDIA_UPLOAD_TOKEN_MAX + 1];
	/* The media folder's lock, held shared from the first file's
	 * ingest until media_upload_release() (or the request's end: in
	 * the arena, which outlives u). */
	int		*lock;
};

/* Reads rq's body into u. Returns 0 when it was read whole with its token
 * right, 403 for a missing or wrong token, 400 for a malformed body
 * (*why, when not NULL, the parser's sentence), 500 when a file could not
 * be written or read (logged). */
int	media_upload_read(struct media_upload *u, const char **why);

/* Lets go of u's hold on the media folder's lock: once the rows of its
 * files have committed (or will not), and before admin_media_discard(),
 * which would otherwise find the lock held by this very upload. */
void	media_upload_release(struct media_upload *u);

/* The HTTP status of an upload refused for st: 413, 415, 422, 503 or
 * 500. */
int	media_upload_status(enum media_ingest_status st);

/* The URL of m's smallest variant (a WebP one first), for a thumbnail or
 * a preview of at least min_width pixels when it has one that wide; NULL
 * for a document or an image without variants. *width and *height, when
 * not NULL, get its size. In arena a. */
const char *media_variant_url(struct arena *a, const struct media_item *m,
	    int min_width, int *width, int *height);

/* The public URL of m's file: an image's original (HEIC: its widest JPEG
 * variant), a document's /media/<hash>/<filename>. In arena a. */
const char *media_file_url(struct arena *a, const struct media_item *m);

/* The helpers of the library's pages (admin_media.c). */

/* A form's validator of a checkbox sent as "1" (or not sent). */
const char *admin_media_check_flag(struct arena *a, const char *lang,
	    const char *in, const char **out);

/* "1.2 MB", "340 KB", "12 B": a file's size for the editor, in arena a. */
const char *admin_media_size_text(struct arena *a, int64_t bytes);

/* "JPEG image", "PDF document": m's type in the editor's language. */
const char *admin_media_type_label(struct request *,
	    const struct media_item *m);

/* Removes m's files from the media folder unless a row has its hash: an
 * upload not kept, a file replaced, an item deleted (after the commit). */
void	admin_media_discard(struct request *, const struct media_item *m);

/* The sentence saying why file filename was refused (st, and what it
 * was found to be), in the editor's language, in the arena. */
const char *admin_media_refusal(struct request *, const char *filename,
	    enum media_ingest_status st, const char *what);

/* 303 to url (500 when it is NULL). */
int	admin_media_see_other(struct response *, const char *url);

#endif

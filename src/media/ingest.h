/* ingest.h: an uploaded file made into the library's files: its type
 * decided by its content, an image decoded, turned upright, stripped of
 * its metadata and resized by libvips in a worker process with limits,
 * and every file written into the media folder (fsynced, renamed) before
 * the caller commits the row. */
#ifndef WAYPOINT_MEDIA_INGEST_H
#define WAYPOINT_MEDIA_INGEST_H

#include <stddef.h>

#include "store/media.h"

struct arena;
struct config;

/* Why an upload was refused; media_ingest_message() says it to the
 * editor. */
enum media_ingest_status {
	MEDIA_INGEST_OK,
	MEDIA_INGEST_EMPTY,		/* no bytes */
	MEDIA_INGEST_TOO_LARGE,		/* over [media] max_upload_mib */
	MEDIA_INGEST_TYPE,		/* not JPEG, PNG, WebP, HEIC or PDF
					   (an SVG, HTML, a script ...) */
	MEDIA_INGEST_TOO_MANY_PIXELS,	/* over [media] max_megapixels,
					   found before decoding */
	MEDIA_INGEST_BROKEN,		/* the decoder refused it */
	MEDIA_INGEST_WORKER,		/* the worker ran out of time or
					   memory, or died */
	MEDIA_INGEST_DISK,		/* the media folder cannot be written */
	MEDIA_INGEST_NO_LIBRARY,	/* libvips cannot be loaded: an image
					   cannot be, a PDF still can */
	MEDIA_INGEST_ERROR,		/* anything else (logged) */
};

/*
 * Makes the upload in file descriptor fd (read from offset 0 to its end;
 * not closed) into files under cfg->media_dir and fills *m: type, hash,
 * bytes, width, height, variants (arena a), filename (from name, the
 * client's file name, cleaned: kept only as a document's download name)
 * and title (name without its extension, when m->title is NULL or "").
 * On MEDIA_INGEST_TYPE *what names what the file was found to be ("an SVG
 * image", "an HTML page") when known, else NULL. Every file is in place
 * and fsynced when this returns MEDIA_INGEST_OK; on any other status none
 * was left behind.
 */
enum media_ingest_status media_ingest(const struct config *cfg,
		    struct arena *a, int fd, const char *name,
		    struct media_item *m, const char **what);

/* A sentence for the editor, in English (the caller translates it with
 * i18n as the other messages). */
const char	*media_ingest_message(enum media_ingest_status);

/* Removes the files of hash (its original of type t and every variant
 * listed in m, or all "<hash>-*" names when m is NULL) from the media
 * folder: what a replace or a delete does once its row committed and no
 * row has the hash any more. Missing files are fine. Returns 0, or -1
 * (logged). */
int		 media_remove_files(const struct config *cfg,
		    const char *hash, enum media_type t,
		    const struct media_item *m);

#endif

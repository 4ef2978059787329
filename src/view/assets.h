/* assets.h: the files of www/static, read into memory at start-up, so that a
 * request never opens a file named by its URL. */
#ifndef WAYPOINT_ASSETS_H
#define WAYPOINT_ASSETS_H

#include <time.h>

#include "lib/gzip.h"

struct blob;

struct asset {
	char		*path;		/* relative: "css/site.css" */
	struct blob	*body;
	struct blob	*gz;		/* gzip copy of a text type, or NULL */
	const char	*content_type;
	char		 etag[GZIP_ETAG_SIZE];	/* quoted */
	char		 etag_gz[GZIP_ETAG_GZ_SIZE]; /* quoted, "-gz" before the
					   quote */
	char		*url;		/* "/static/css/site.css?v=1a2b3c4d" */
	char		*data_url;	/* "data:image/svg+xml,%3Csvg…" for an
					   SVG, or NULL */
	time_t		 mtime;
};

/* Reads every regular file below dir (no symlinks, no dot-files), and
 * compresses those of a text type (lib/gzip.h) once. On error
 * writes the reason into err and returns -1. Call once at start-up. */
int			 assets_load(const char *dir, char *err, size_t errsize);
void			 assets_free(void);

/* The file at relative path, or NULL. */
const struct asset	*assets_find(const char *path);

/* The versioned URL of relative path (for long-lived caching), or
 * "/static/" + path when there is no such file. Lives for the process. */
const char		*assets_url(const char *path);

/* The SVG file at relative path as a data: URL, its bytes percent-encoded
 * (so that a small image costs no request), or NULL when there is no such
 * SVG. Lives for the process. */
const char		*assets_data_url(const char *path);

#endif

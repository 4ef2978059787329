/* sniff.h: what an uploaded file is, decided by its first bytes alone,
 * never by its name or the client's Content-Type. */
#ifndef WAYPOINT_MEDIA_SNIFF_H
#define WAYPOINT_MEDIA_SNIFF_H

#include <stddef.h>

#include "store/media.h"

/* 512: enough for an ISO-BMFF ftyp box's brands and for markup after a
 * byte order mark and blank lines. */
#define MEDIA_SNIFF_LEN	512

/*
 * The type of a file whose first bytes are p[0..len] (MEDIA_SNIFF_LEN of
 * them, or the whole file when it is shorter) into *t. Returns 0 for a
 * JPEG, PNG, WebP, HEIC/HEIF or PDF; else -1 with *what naming what the
 * file looks like ("an SVG image", "an HTML page", static), or NULL when
 * it is nothing known.
 */
int	media_sniff(const unsigned char *p, size_t len, enum media_type *t,
	    const char **what);

#endif

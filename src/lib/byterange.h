/* byterange.h: one byte range of a Range header (RFC 9110 section 14). */
#ifndef WAYPOINT_BYTERANGE_H
#define WAYPOINT_BYTERANGE_H

#include <stdint.h>

/* What a Range header asks of a representation. */
enum byterange {
	BYTERANGE_WHOLE,	/* none, several, another unit, or not
				   understood: send all of it (200) */
	BYTERANGE_ONE,		/* one range within it (206) */
	BYTERANGE_UNSATISFIABLE, /* one range wholly past its end (416) */
};

/*
 * Reads header, the value of Range (NULL: none), against a representation
 * of size bytes: one "bytes=first-last", "bytes=first-" or "bytes=-suffix"
 * (a last past the end is cut to it, a suffix longer than the whole is the
 * whole). For BYTERANGE_ONE sets *first and *len (at least 1 byte).
 * Several ranges are answered whole, which RFC 9110 allows and which keeps
 * a client from asking for the same bytes many times in one request.
 */
enum byterange	byterange_parse(const char *header, uint64_t size,
		    uint64_t *first, uint64_t *len);

#endif

/* gzip.h: gzip copies made once (cached pages, static files), and whether a
 * client's Accept-Encoding takes them. */
#ifndef WAYPOINT_GZIP_H
#define WAYPOINT_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blob;

/* Room for a quoted ETag and for the same with "-gz" before the quote. */
#define GZIP_ETAG_SIZE		24
#define GZIP_ETAG_GZ_SIZE	28

/*
 * libdeflate's levels for the two kinds of copy. A static file is
 * compressed once at start, so it gets a small one (10 to 12 take
 * megabytes of state). A page is compressed on a cache miss while its
 * visitor waits, so the fastest: on a feed of 35 kB of generated release
 * text, level 1 takes 73 us for 11,277 bytes, where zlib's level 2 took
 * 141 us for 11,820 and its level 6 843 us for 10,774 (34 us against 62
 * on the demo's 16 kB feed). A page's cost is in the bytes it has; half
 * the cost of compressing them keeps a long page's miss near a short
 * one's.
 */
#define GZIP_AT_START	9
#define GZIP_ON_MISS	1

/* A new blob (one reference) holding p[0..len] gzip-compressed at level
 * (1 to 12), or NULL when out of memory. */
struct blob	*gzip_blob(const void *p, size_t len, int level);

/* The ETag of a body whose hash64() is hash (the hash, quoted) into etag,
 * and the one of its gzip copy (the same, "-gz" before the closing quote)
 * into etag_gz: each encoding of a body is validated by a tag of its
 * own. */
void		 gzip_etags(uint64_t hash, char etag[GZIP_ETAG_SIZE],
		    char etag_gz[GZIP_ETAG_GZ_SIZE]);

/* Whether content type is text worth compressing (text/..., JavaScript,
 * JSON, XML, SVG); images and fonts are compressed already. */
bool		 gzip_worth(const char *content_type);

/*
 * Whether an Accept-Encoding value (RFC 9110 12.5.3; NULL when the request
 * had none) lets us send gzip rather than the identity: gzip (or x-gzip),
 * else "*", with a q-value above 0 and not below identity's when identity
 * is named. "gzip;q=0" refuses gzip even when "*" allows it.
 */
bool		 gzip_accepted(const char *accept_encoding);

#endif

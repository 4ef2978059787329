/* gzip.h: gzip copies made once (cached pages, static files), and whether a
 * client's Accept-Encoding takes them. */
#ifndef WAYPOINT_GZIP_H
#define WAYPOINT_GZIP_H

#include <stdbool.h>
#include <stddef.h>

struct blob;

/* A new blob (one reference) holding p[0..len] gzip-compressed at the
 * highest level, or NULL when out of memory. */
struct blob	*gzip_blob(const void *p, size_t len);

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

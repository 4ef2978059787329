/* escape.h: HTML escaping of text for element content and quoted attributes. */
#ifndef WAYPOINT_ESCAPE_H
#define WAYPOINT_ESCAPE_H

#include <stddef.h>

#include "lib/buf.h"

/* Appends s[0..len] to out with & < > " ' written as &amp; &lt; &gt; &quot;
 * &#39;, which makes it safe in text and in quoted attribute values. Other
 * bytes (NUL included) pass unchanged. Returns 0, or -1 when out failed. */
int	escape_html(struct buf *out, const char *s, size_t len);

#endif

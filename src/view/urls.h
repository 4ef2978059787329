/* urls.h: every href the site prints is made here, each part
 * percent-encoded. */
#ifndef WAYPOINT_URLS_H
#define WAYPOINT_URLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* Path-relative URLs in the arena; lang is dropped when it is the default
 * language (NULL or ""). NULL when out of memory. */
char	*url_home(struct arena *, const char *lang);
char	*url_news_list(struct arena *, const char *lang, int64_t page);
char	*url_news(struct arena *, const char *lang, const char *slug);
char	*url_page(struct arena *, const char *lang, const char *slug);

/* s[0..len] with every byte outside [A-Za-z0-9-._~] percent-encoded; with
 * keep_slash, '/' stays as it is (for a whole path). */
char	*url_encode_n(struct arena *, const char *s, size_t len,
	    bool keep_slash);

/* s with every byte outside [A-Za-z0-9-._~] percent-encoded. */
char	*url_encode(struct arena *, const char *s);

#endif

/* page_cache.h: rendered public pages kept in memory while the content they
 * show is unchanged, so a repeated request costs one lookup, not a render. */
#ifndef WAYPOINT_PAGE_CACHE_H
#define WAYPOINT_PAGE_CACHE_H

#include <stdint.h>
#include <time.h>

struct blob;

#define PAGE_CACHE_KEY_MAX	256	/* longer URLs are not cached */

struct cached_page {
	struct blob	*body;		/* a reference the caller drops */
	char		 etag[24];	/* quoted */
	time_t		 last_modified;
};

/* Makes a cache of n entries (0: caching off). Returns 0 or -1. */
int	page_cache_init(size_t n);
void	page_cache_fini(void);

/* Drops every page (templates changed). */
void	page_cache_flush(void);

/* Finds key, valid for content generation at time now. Returns 0 and fills
 * *p (with a new reference to the body), or -1 on a miss. */
int	page_cache_get(const char *key, int64_t generation, time_t now,
	    struct cached_page *p);

/* Keeps body[0..len] for key (NULL: not kept), built from content generation, valid until
 * expires (0: no expiry); fills *p as page_cache_get would, also when
 * caching is off. Returns 0, or -1 when out of memory. */
int	page_cache_put(const char *key, int64_t generation, time_t expires,
	    time_t last_modified, const char *body, size_t len,
	    struct cached_page *p);

#endif

/* page_cache.h: rendered public pages kept in memory while the content they
 * show is unchanged, so a repeated request costs one lookup, not a render. */
#ifndef WAYPOINT_PAGE_CACHE_H
#define WAYPOINT_PAGE_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/gzip.h"

struct arena;
struct blob;
struct request;

#define PAGE_CACHE_KEY_MAX	256	/* longer URLs are not cached */
#define PAGE_CACHE_TYPE_MAX	64	/* our types are shorter */

/* A query field a public route reads. canon gives the value's canonical
 * text in the key (value NULL when the field is absent): "" when it is the
 * default (left out of the key), NULL when the value is malformed (the
 * page is then not cached; its controller answers 400). */
struct query_field {
	const char	*name;
	const char	*(*canon)(struct arena *, const char *value);
};

/* ?page=N (lib/num.h) as a query_field's canon: "" for 0 and no page, the
 * first page; NULL when malformed. */
const char *page_cache_canon_page(struct arena *, const char *value);

/* The fields of a paged list: ?page=N (lib/num.h), where 0 is no page.
 * Ends with a NULL name, as every route's list does. */
extern const struct query_field page_cache_query_page[];

struct cached_page {
	struct blob	*body;		/* a reference the caller drops */
	struct blob	*gz;		/* its gzip copy (a reference the
					   caller drops), or NULL when the
					   type is not worth compressing */
	char		 etag[GZIP_ETAG_SIZE];	/* quoted */
	char		 etag_gz[GZIP_ETAG_GZ_SIZE]; /* quoted, "-gz" before the
					   quote */
	char		 type[PAGE_CACHE_TYPE_MAX];
	time_t		 last_modified;
};

/* At most this many scopes a page depends on (generation.h): a route's
 * declared ones and its item's bucket. */
#define PAGE_CACHE_SCOPES_MAX	8

/* The scope generations a page was built from: the ids of the scopes its
 * route reads (generation.h) with the generation each had before the
 * render. A cached page is current while each is unchanged. */
struct cache_deps {
	size_t		 n;
	unsigned	 id[PAGE_CACHE_SCOPES_MAX];
	int64_t		 gen[PAGE_CACHE_SCOPES_MAX];
};

/* Makes a cache of at most n entries and max_bytes bytes (bodies, gzip
 * copies, keys and bookkeeping) for all sites together, evicting beyond
 * either the least recently used page of a site holding more than its
 * share (n / sites, max_bytes / sites: page_cache_sites), so a busy site
 * never evicts a quiet one's pages within its share (n 0: caching off).
 * Returns 0 or -1. */
int	page_cache_init(size_t n, size_t max_bytes);
void	page_cache_fini(void);

/* How many pages the cache holds and the bytes they count for, into *n and
 * *bytes (for the tests and the logs). */
void	page_cache_usage(size_t *n, size_t *bytes);

/* The same for one site's partition. */
void	page_cache_site_usage(unsigned part, size_t *n, size_t *bytes);

/* How many sites share the bounds (0 counts as 1): each site's share is
 * the bounds divided by n. */
void	page_cache_sites(size_t n);

/* Drops every page (templates changed). */
void	page_cache_flush(void);

/* The key of path (the whole path, language prefix included) read with
 * rq's query through fields (NULL-name terminated; NULL: none): the path,
 * then each field's canonical value when not the default, so
 * "/news?page=0&utm_source=x" and "/news" are one key. In rq's arena, or
 * NULL when the page is not to be cached (a malformed field, a key over
 * PAGE_CACHE_KEY_MAX, out of memory). */
const char *page_cache_key(struct request *rq, const char *path,
	    const struct query_field *fields);

/* Pages are kept per partition part (a site's cfg->cache_part): a key of
 * one partition never finds another's page. */

/* Finds key in partition part, built from exactly the scope generations
 * deps gives and unexpired at time now, and marks it the most recently
 * used. Returns 0 and fills *p (with new references to the bodies), or -1
 * on a miss. When gzip (the client takes it) and the page's type is worth
 * a gzip copy it has not got yet, makes one and keeps it with the page;
 * p->gz stays NULL then only when that fails. */
int	page_cache_get(unsigned part, const char *key,
	    const struct cache_deps *deps, time_t now, bool gzip,
	    struct cached_page *p);

/* Keeps body[0..len] of Content-Type type for key in partition part
 * (NULL: not kept), with its gzip copy when gzip (the client takes it)
 * and the type is worth compressing (else the first page_cache_get that
 * wants one makes it), built from the scope generations deps, valid until
 * expires (0: no expiry), unless the cache holds a page for key built
 * from a newer generation of one of them or the page alone would outgrow
 * the byte bound. Only 200 answers made while the store answered may be
 * put. Fills *p as page_cache_get would, also when the page is not kept.
 * Returns 0, or -1 when out of memory or type is PAGE_CACHE_TYPE_MAX long
 * or longer. */
int	page_cache_put(unsigned part, const char *key,
	    const struct cache_deps *deps, time_t expires,
	    time_t last_modified, const char *type, bool gzip,
	    const char *body, size_t len, struct cached_page *p);

/* Drops the references p holds. */
void	page_cache_release(struct cached_page *p);

#endif

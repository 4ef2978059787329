/* pager.h: one way to page through a list (the news, the editors' lists,
 * the audit log, an item's history): ?page= read by lib/num.c's rule, the
 * count of pages, and the links to the pages either side. */
#ifndef WAYPOINT_PAGER_H
#define WAYPOINT_PAGER_H

#include <stdint.h>

#include <jansson.h>

struct arena;

struct pager {
	int64_t		 page;		/* the page shown, counted from 0 */
	int64_t		 pages;		/* how many there are, at least 1 */
	int64_t		 total;		/* items in the whole list */
	int		 per_page;
};

/* Starts p for a list of per_page (>= 1) items a page, at ?page= arg
 * (NULL: the first page). Returns 0, or 400 when arg is not a page
 * number (num_parse_page). */
int	pager_start(struct pager *p, const char *arg, int per_page);

/* The first item of p's page, for the store's OFFSET. */
int64_t	pager_offset(const struct pager *p);

/* Records that the list holds total items. Returns 0, or 404 when p's
 * page is past the last one (the first page always exists). */
int	pager_count(struct pager *p, int64_t total);

/* The URL of page n of a list, in arena a; NULL when out of memory. */
typedef char	*(*pager_url_fn)(struct arena *a, const void *ctx,
		    int64_t page);

/* Sets page, page_human, page_count, has_pages, prev_url and next_url
 * (null on the first and last page) in model m, each URL url(a, ctx, n).
 * Returns 0, or -1 when out of memory. */
int	pager_model(json_t *m, const struct pager *p, struct arena *a,
	    pager_url_fn url, const void *ctx);

#endif

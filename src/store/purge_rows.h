/* purge_rows.h: the slugs of every kind of content, whatever their
 * status, for the purges of nginx's cache (src/purge_urls.c). */
#ifndef WAYPOINT_STORE_PURGE_ROWS_H
#define WAYPOINT_STORE_PURGE_ROWS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct arena;

/* One slug and the kind it is of: news, page, project, event or
 * publication. */
struct purge_row {
	const char	*kind;
	const char	*slug;
};

/* 200,000: a country office's site holds a few thousand items; past this
 * the purge is left to s-maxage. */
#define STORE_PURGE_ROWS_MAX	200000

/* Every distinct (kind, slug) of pages and the kinds of entries, drafts
 * and unpublished ones included (a purge must reach a page just taken
 * down), into *rows (in arena a, NULL when none), *n of them, at most
 * STORE_PURGE_ROWS_MAX. STORE_OK or the store's failure. */
enum store_status store_purge_others(struct store *s, struct arena *a,
		    struct purge_row **rows, size_t *n);

/* The same of releases (kind "news"), at most limit of them (and at most
 * STORE_PURGE_ROWS_MAX), in no order that means anything. */
enum store_status store_purge_releases(struct store *s, struct arena *a,
		    size_t limit, struct purge_row **rows, size_t *n);

/* The newest published releases, newest first, at most limit, into *rows
 * (kind "news"; in arena a), *n of them. STORE_OK or the store's
 * failure. */
enum store_status store_purge_newest(struct store *s, struct arena *a,
		    size_t limit, struct purge_row **rows, size_t *n);

/* The translation groups of kind (event, project or publication) published
 * by now, into *count: as many rows as a list of that kind shows at most
 * in any language, with no filter. STORE_OK or the store's failure. */
enum store_status store_purge_kind_count(struct store *s, const char *kind,
		    time_t now, int64_t *count);

#endif

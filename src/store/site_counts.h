/* site_counts.h: how much a site's database holds, for `waypoint site
 * list` and `site remove`. */
#ifndef WAYPOINT_SITE_COUNTS_H
#define WAYPOINT_SITE_COUNTS_H

#include <stdint.h>

#include "store/store.h"

struct site_counts {
	int64_t	releases;	/* news rows, every language and status */
	int64_t	pages;
	int64_t	entries;	/* projects, events and publications */
	int64_t	media;		/* media library items */
	int64_t	users;		/* accounts */
};

/* Counts the rows of s into *c. STORE_OK, or STORE_ERROR (logged). */
enum store_status store_site_counts(struct store *s, struct site_counts *c);

#endif

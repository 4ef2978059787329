/* internal.h: what the parts of the static export share. */
#ifndef WAYPOINT_EXPORT_INTERNAL_H
#define WAYPOINT_EXPORT_INTERNAL_H

#include <stdbool.h>
#include <time.h>

#include "export_site/tree.h"

struct arena;
struct config;
struct store;

struct exporter {
	const struct config *cfg;
	struct store	*db;	/* where the URLs are read from: the
				   app's own connection (site_store), in
				   one read transaction */
	struct export_tree tree;
	time_t		 now;	/* one time for every page: a release
				   falling due meanwhile is in all or
				   none of them */
	struct arena	*urls;	/* targets and file names, reset often */
	struct arena	*page;	/* one answer, reset at each */
};

/* Renders target and puts its body at file (both NULL: out of memory)
 * unless the file is there already. Returns 0; 1 for a 404 when
 * missing_ok; else -1 (said): any answer but 200, or a failed write. */
int	export_page(struct exporter *ex, const char *target,
	    const char *file, bool missing_ok);

/* The sitemap index and each file it lists (files.c). 0, or -1. */
int	export_sitemap(struct exporter *ex);

/* The files of [paths] static, each as /static/ answers it (files.c). */
int	export_static(struct exporter *ex);

/* The media folder's files, linked or copied (files.c). */
int	export_media(struct exporter *ex);

#endif

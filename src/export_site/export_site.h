/* export_site.h: `waypoint export-site DIR`: the public site as files a
 * static host serves (docs/static-export.md). */
#ifndef WAYPOINT_EXPORT_SITE_H
#define WAYPOINT_EXPORT_SITE_H

#include <stdbool.h>

struct config;

/* Writes every public URL of the site of cfg (app_init done with it) into
 * dir, incrementally and atomically (export_site/tree.h), rendered
 * through the app; verbose names every file. Prints what it did.
 * Returns 0, or -1 (said on stderr) with dir left as it was. */
int	export_site(const struct config *cfg, const char *dir, bool verbose);

#endif

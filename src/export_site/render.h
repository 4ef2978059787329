/* render.h: one public URL answered in process, exactly as `waypoint
 * serve` answers a plain GET of it. */
#ifndef WAYPOINT_EXPORT_RENDER_H
#define WAYPOINT_EXPORT_RENDER_H

#include <stddef.h>
#include <time.h>

struct arena;

/* An answer: its status, Content-Type (or NULL) and body, uncompressed. */
struct export_page {
	int		 status;
	const char	*type;
	const char	*body;
	size_t		 len;
};

/* Answers GET target (an encoded path and query, as a link has it) at
 * time now through app_handle (app_init done), with no header a browser
 * would add: no Accept-Encoding, no validators, no cookie. The type and
 * body live in arena a. Returns 0, or -1 when out of memory or the
 * target is refused (said on stderr). */
int	export_render(struct arena *a, const char *target, time_t now,
	    struct export_page *out);

#endif

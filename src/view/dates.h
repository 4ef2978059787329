/* dates.h: dates as the site shows them. */
#ifndef WAYPOINT_DATES_H
#define WAYPOINT_DATES_H

struct arena;

/* "2021-12-17" -> "17 December 2021" in the arena; iso itself when it is
 * not a YYYY-MM-DD date. */
const char	*date_text(struct arena *, const char *iso);

#endif

/* dates.h: dates as the site shows them. */
#ifndef WAYPOINT_DATES_H
#define WAYPOINT_DATES_H

#include <stdbool.h>
#include <time.h>

struct arena;

/* "2021-12-17" -> "17 December 2021" in the arena; iso itself when it is
 * not a YYYY-MM-DD date. */
const char	*date_text(struct arena *, const char *iso);

/* t formatted by strftime's fmt in the site's time zone (the process's
 * TZ), or in UTC with utc; in the arena, never NULL: "" when t cannot be
 * shown (out of the calendar's range), the result passes 63 bytes or the
 * arena is out of memory. */
const char	*time_format(struct arena *, time_t t, const char *fmt,
		    bool utc);

/* t in the site's time zone as "17 December 2021, 10:00"; never NULL: ""
 * when t cannot be shown. */
const char	*when_text(struct arena *, time_t t);

#endif

/* zone.h: a time zone as a table of its offsets, so that one process can
 * show each site's dates in the site's own zone, whatever TZ says. */
#ifndef WAYPOINT_ZONE_H
#define WAYPOINT_ZONE_H

#include <stdbool.h>
#include <time.h>

struct zone;

/* Whether name is a zone of the system's tz database: a regular file
 * under /usr/share/zoneinfo, named without "." (which could climb out of
 * it) or a leading "/". */
bool	zone_known(const char *name);

/* Makes name the process's zone (TZ), the one localtime_r, mktime and
 * SQLite's 'localtime' read. Only while one thread runs: at start, and
 * in a command that serves one site. */
void	zone_process(const char *name);

/*
 * The offsets of zone name from 1900 to 2150, read from the C library
 * (see zone.c for why and how); before 1900 the first one holds, after
 * 2150 the last. About 20 ms of work. Returns a heap table for
 * zone_free, or NULL with errno ENOENT (name is not zone_known) or
 * ENOMEM. Takes the process's TZ for a moment and gives it back: another
 * thread must not read TZ meanwhile (see zone.c).
 */
struct zone	*zone_load(const char *name);
void		 zone_free(struct zone *);

/* zone_load(name), once for each name in the process: every caller gets
 * the same table, kept until the process exits. Any thread. NULL as
 * zone_load. */
const struct zone *zone_shared(const char *name);

/* localtime_r() in zone z: tm's fields, tm_gmtoff, tm_isdst and tm_zone
 * (which points into z) for t. z NULL is localtime_r() itself, in the
 * process's TZ. Returns tm, or NULL when t is out of the calendar's
 * range. */
struct tm	*zone_local(const struct zone *z, time_t t, struct tm *tm);

/*
 * mktime() with tm_isdst -1 in zone z (NULL: mktime() itself): the
 * instant of tm's wall time, its fields normalised first (minute 60 is
 * the next hour's 0) and then set to the instant's local time. A wall
 * time the clocks read twice (the autumn change) is its first reading; a
 * time they skip (the spring change) is read with the offset before the
 * change, so that tm comes back moved forward by the gap (02:30 becomes
 * 03:30), as glibc's mktime usually moves it. Returns the instant, or -1
 * when tm is out of range.
 */
time_t	zone_mktime(const struct zone *z, struct tm *tm);

/* A change of a zone's offset: at t (UTC), from one offset to another,
 * named abbr (which points into the zone) and summer time or not. */
struct zone_change {
	time_t		 t;
	long		 from;		/* seconds east of UTC, before t */
	long		 to;		/* and from t on */
	int		 isdst;
	const char	*abbr;
};

/* The changes of z's offset after from and before to, in order, at most
 * max of them into c; returns how many. A change of name or of summer
 * time alone, with the same offset, is not one. The offset at from is
 * zone_local()'s. */
size_t	zone_changes(const struct zone *z, time_t from, time_t to,
	    struct zone_change *c, size_t max);

/* Makes z (NULL: the process's TZ) the zone this thread's dates are
 * shown and read in, until it is called again: a request's site's,
 * chosen before anything is formatted. */
void	zone_use(const struct zone *z);

/* The zone zone_use() last gave this thread; NULL: the process's TZ. */
const struct zone *zone_used(void);

#endif

/* ics_tz.c: the VTIMEZONE of an iCalendar file, read from the system's
 * tz database through the C library.
 *
 * Why not ICU's VTimeZone, or the two rules of the current year: ICU's is
 * C++ only, and its zone data is ICU's own copy, which may differ from
 * the system's that localtime_r() reads and every other time the site
 * shows is computed with (lib/zone.c); two yearly rules (an RRULE) say
 * nothing true about a year whose rules were different (the EU's clocks
 * did not always change on the last Sundays). So the observances are the
 * offset changes themselves, found in the site's zone as lib/zone.c read
 * it from the C library (zone_changes), each with its own onset: exact
 * for every year an event covers, with no rule to get wrong. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/zone.h"
#include "view/ics.h"

#define DAY		86400
/* 16: the changes a year before an event and a year of it hold (four),
 * with room for a zone that moved more often. */
#define CHANGES_MAX	16
/* 4 years: the longest stretch after from that the observances cover.
 * An event may run from 1900 to 9999 (the form's dates), and a calendar
 * applies the last observance onward anyway. With the year before, some
 * ten changes of a zone with summer time, under CHANGES_MAX. */
#define SPAN_MAX	(4 * 366 * DAY)

/* off as RFC 5545's UTC-OFFSET: "+0100", with seconds when it has any. */
static void
utc_offset(char *out, size_t size, long off)
{
	/* A zone's offset is under a day: two digits of hours. */
	int a = (int)(labs(off) % 86400);

	if (a % 60 != 0)
		snprintf(out, size, "%c%02d%02d%02d", off < 0 ? '-' : '+',
		    a / 3600, a / 60 % 60, a % 60);
	else
		snprintf(out, size, "%c%02d%02d", off < 0 ? '-' : '+',
		    a / 3600, a / 60 % 60);
}

/* One observance: kind STANDARD or DAYLIGHT, starting at onset (local
 * time in the offset before, as 3.6.5 has it). */
static void
observance(struct buf *b, const char *kind, time_t onset, long from,
    long to, const char *name)
{
	char start[32], f[16], t[16];
	struct tm tm;

	onset += from;
	if (gmtime_r(&onset, &tm) == NULL ||
	    strftime(start, sizeof(start), "%Y%m%dT%H%M%S", &tm) == 0) {
		b->failed = true;
		return;
	}
	utc_offset(f, sizeof(f), from);
	utc_offset(t, sizeof(t), to);
	ics_line(b, "BEGIN", kind);
	ics_line(b, "DTSTART", start);
	ics_line(b, "TZOFFSETFROM", f);
	ics_line(b, "TZOFFSETTO", t);
	if (name != NULL && *name != '\0')
		ics_text(b, "TZNAME", name);
	ics_line(b, "END", kind);
}

/* The thread's zone; in a command that works on one site without one,
 * the process's, TZ (main.c sets it to the site's). */
static const struct zone *
zone_now(void)
{
	const char *tz;

	if (zone_used() != NULL)
		return zone_used();
	return (tz = getenv("TZ")) != NULL ? zone_shared(tz) : NULL;
}

int
ics_vtimezone(struct buf *b, const char *tzid, time_t from, time_t to)
{
	struct zone_change c[CHANGES_MAX];
	const struct zone *z;
	struct tm tm;
	size_t n, i;

	if (to - from > SPAN_MAX)
		to = from + SPAN_MAX;
	from -= 366 * DAY;
	if ((z = zone_now()) == NULL || zone_local(z, from, &tm) == NULL)
		return -1;
	n = zone_changes(z, from, to, c, CHANGES_MAX);
	ics_line(b, "BEGIN", "VTIMEZONE");
	ics_text(b, "TZID", tzid);
	if (n == 0)
		observance(b, tm.tm_isdst > 0 ? "DAYLIGHT" : "STANDARD", 0,
		    tm.tm_gmtoff, tm.tm_gmtoff, tm.tm_zone);
	for (i = 0; i < n; i++)
		observance(b, c[i].isdst ? "DAYLIGHT" : "STANDARD", c[i].t,
		    c[i].from, c[i].to, c[i].abbr);
	ics_line(b, "END", "VTIMEZONE");
	return b->failed ? -1 : 0;
}

/* ics.h: iCalendar (RFC 5545) content lines as the events' .ics files
 * need them: escaped TEXT values, lines folded at 75 octets, and the
 * VTIMEZONE of the site's time zone. */
#ifndef WAYPOINT_ICS_H
#define WAYPOINT_ICS_H

#include <time.h>

struct buf;

/* 75: the longest line RFC 5545 (3.1) allows, in octets, without CRLF. */
#define ICS_LINE_MAX	75

/*
 * Appends the content line head (the name and any parameters, "DTSTART;
 * TZID=Europe/Budapest") ":" value to b, value as it is, ending in CRLF
 * and folded: a line longer than ICS_LINE_MAX octets goes on in lines
 * starting with a space, each at most ICS_LINE_MAX octets with that
 * space, and never split inside a UTF-8 sequence. Returns 0, or -1 when
 * out of memory (b->failed set).
 */
int	ics_line(struct buf *b, const char *head, const char *value);

/* ics_line() with value a TEXT value (3.3.11): backslash, semicolon and
 * comma escaped with a backslash, each line break (LF, CRLF or CR)
 * written "\n", and the other control characters but tab left out. */
int	ics_text(struct buf *b, const char *head, const char *value);

/*
 * Appends a VTIMEZONE for tzid, the site's zone (the thread's,
 * lib/zone.h's zone_used(), as the system's tz database has it), holding
 * every change of offset from a year before from until to, or 4 years
 * after from when to is later (the work is bounded): a STANDARD or
 * DAYLIGHT observance each, with its onset, offsets and abbreviation; a
 * zone that did not change in that time gets one STANDARD observance.
 * Returns 0,
 * or -1 when out of memory or a time cannot be read.
 */
int	ics_vtimezone(struct buf *b, const char *tzid, time_t from,
	    time_t to);

#endif

/* event_ics.c: an event as an iCalendar file (RFC 5545), for visitors'
 * calendars.
 *
 * Written here rather than with libical: the file is some twenty content
 * lines that Waypoint writes and never reads, and what can go wrong in
 * them (escaping, folding without splitting a UTF-8 sequence, the time
 * zone) is a hundred lines in view/ics.c and view/ics_tz.c with unit
 * tests of their own. libical would bring a parser and a second copy of
 * the time zone rules into a public page's process for none of its
 * strengths, and one more library every install must carry. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "controllers/controllers.h"
#include "controllers/event.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/content.h"
#include "view/ics.h"
#include "view/urls.h"

#define DAY		86400

/* Whether date (YYYY-MM-DD) parses, into *tm at midnight UTC. */
static bool
parse_date(const char *date, struct tm *tm)
{
	memset(tm, 0, sizeof(*tm));
	return strlen(date) == 10 && sscanf(date, "%4d-%2d-%2d", &tm->tm_year,
	    &tm->tm_mon, &tm->tm_mday) == 3 && (tm->tm_year -= 1900,
	    tm->tm_mon -= 1, true);
}

/* date plus days as an iCalendar DATE ("20230701") in arena a; NULL when
 * date is no date. */
static const char *
ics_date(struct arena *a, const char *date, int days)
{
	char out[16];
	struct tm tm;
	time_t t;

	if (!parse_date(date, &tm))
		return NULL;
	t = timegm(&tm) + (time_t)days * DAY;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, sizeof(out), "%Y%m%d", &tm) == 0)
		return NULL;
	return arena_strdup(a, out);
}

/* date (plus days) and time ("HH:MM") as a local DATE-TIME, "20230630T
 * 100000"; NULL when either is malformed. */
static const char *
ics_local(struct arena *a, const char *date, int days, const char *time)
{
	const char *d = ics_date(a, date, days);

	if (d == NULL || strlen(time) != 5 || time[2] != ':')
		return NULL;
	return arena_printf(a, "%sT%.2s%.2s00", d, time, time + 3);
}

/* The DTSTART and DTEND lines of w, with the zone's name tzid. A timed
 * event with an end day but no end time lasts until that day is over; one
 * with no end at all ends as it starts (5545's default). -1 when its
 * dates are malformed. */
static int
ics_when(struct arena *a, struct buf *b, const struct event_when *w,
    const char *tzid)
{
	const char *head = arena_printf(a, "DTSTART;TZID=%s", tzid);
	const char *end_head = arena_printf(a, "DTEND;TZID=%s", tzid);
	const char *start, *end = NULL;
	const char *last = *w->end_date != '\0' ? w->end_date : w->start_date;

	if (event_all_day(w)) {
		/* DTEND of a DATE is the day after the last. */
		if ((start = ics_date(a, w->start_date, 0)) == NULL ||
		    (end = ics_date(a, last, 1)) == NULL)
			return -1;
		ics_line(b, "DTSTART;VALUE=DATE", start);
		return ics_line(b, "DTEND;VALUE=DATE", end);
	}
	if (head == NULL || end_head == NULL ||
	    (start = ics_local(a, w->start_date, 0, w->start_time)) == NULL)
		return -1;
	if (*w->end_time != '\0')
		end = ics_local(a, last, 0, w->end_time);
	else if (*w->end_date != '\0')
		end = ics_local(a, last, 1, "00:00");
	ics_line(b, head, start);
	if (end != NULL)
		ics_line(b, end_head, end);
	return 0;
}

/* The span of time w covers, give or take a day: for the VTIMEZONE. */
static void
span(const struct event_when *w, time_t *from, time_t *to)
{
	struct tm tm;

	*from = parse_date(w->start_date, &tm) ? timegm(&tm) : 0;
	*to = parse_date(*w->end_date != '\0' ? w->end_date : w->start_date,
	    &tm) ? timegm(&tm) + 2 * DAY : *from + 2 * DAY;
}

int
event_ics(struct request *rq, struct response *rs, const struct content *c)
{
	struct arena *a = rq->arena;
	struct buf *b = &rs->body;
	struct event_when w;
	const char *tz = rq->cfg->timezone, *stamp, *url, *uid, *title;
	time_t from, to;
	struct tm tm;
	char when[32];

	if (event_when_read(a, c->fields, &w) == -1)
		return 503;
	/* No calendar entry without a day to put it on (fields written by
	 * hand, or unreadable). */
	if (!parse_date(w.start_date, &tm))
		return 404;
	span(&w, &from, &to);
	url = url_absolute(a, rq->cfg->base_url, url_event(a, link_lang(rq),
	    c->slug));
	uid = url_event_uid(a, rq->cfg->base_url, c->group_id);
	/* The last change, not the time of the request: the same event
	 * gives the same bytes, which the page cache and ETags rely on. */
	if (gmtime_r(&c->updated_at, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", &tm) == 0 ||
	    (stamp = arena_strdup(a, when)) == NULL || url == NULL ||
	    uid == NULL || (title = arena_printf(a, "SUMMARY;LANGUAGE=%s",
	    c->lang)) == NULL)
		return 503;
	ics_line(b, "BEGIN", "VCALENDAR");
	ics_line(b, "VERSION", "2.0");
	ics_line(b, "PRODID", "-//Waypoint//Events//EN");
	ics_line(b, "CALSCALE", "GREGORIAN");
	ics_line(b, "METHOD", "PUBLISH");
	if (!event_all_day(&w) && ics_vtimezone(b, tz, from, to) == -1) {
		buf_reset(b);
		return 503;
	}
	ics_line(b, "BEGIN", "VEVENT");
	ics_text(b, "UID", uid);
	ics_line(b, "DTSTAMP", stamp);
	if (ics_when(a, b, &w, tz) == -1) {
		/* Its other dates or times are malformed: as no date. */
		buf_reset(b);
		return 404;
	}
	ics_text(b, title, c->title);
	if (*w.place != '\0')
		ics_text(b, "LOCATION", w.place);
	if (*c->summary != '\0')
		ics_text(b, "DESCRIPTION", c->summary);
	ics_line(b, "URL", url);
	ics_line(b, "END", "VEVENT");
	ics_line(b, "END", "VCALENDAR");
	if (b->failed) {
		buf_reset(b);
		return 503;
	}
	if (response_set_header(rs, "Content-Type",
	    "text/calendar; charset=utf-8") == -1)
		return 500;
	return 200;
}

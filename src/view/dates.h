/* dates.h: dates as the site shows them, in each language by CLDR's rules
 * (through ICU). */
#ifndef WAYPOINT_DATES_H
#define WAYPOINT_DATES_H

#include <stdbool.h>
#include <time.h>

struct arena;

/*
 * The calendar date iso ("2021-12-17") as CLDR writes a long date in the
 * language lang (a code such as "hu"; NULL is "en"): "17 December 2021"
 * in English (ICU's en_001), "2021. december 17." in Hungarian, "17
 * грудня 2021 р." in Ukrainian. The date never moves a day, whatever the
 * time zone. In the arena; iso itself when it is not a YYYY-MM-DD date
 * that exists (years 0001 to 9999), lang is not a language tag, or the
 * arena is out of memory. Any thread: each keeps its own formatters for
 * up to 16 languages, closed when it exits.
 */
const char	*date_text_lang(struct arena *, const char *lang,
		    const char *iso);

/* The month of the calendar date iso as CLDR writes a month and year in
 * lang: "March 2016", "2016. március", "березень 2016 р.". The rules of
 * date_text_lang() otherwise. */
const char	*month_text_lang(struct arena *, const char *lang,
		    const char *iso);

/* The calendar date iso with its weekday, as CLDR writes a full date in
 * lang: "Friday, 30 June 2023", "2023. június 30., péntek". The rest as
 * date_text_lang(). */
const char	*day_text_lang(struct arena *, const char *lang,
		    const char *iso);

/* date_text_lang() in English. */
const char	*date_text(struct arena *, const char *iso);

/* t formatted by strftime's fmt in the site's time zone (the thread's,
 * lib/zone.h's zone_used()), or in UTC with utc; in the arena, never
 * NULL: "" when t cannot be shown (out of the calendar's range), the
 * result passes 63 bytes or the arena is out of memory. */
const char	*time_format(struct arena *, time_t t, const char *fmt,
		    bool utc);

/* t as an ISO 8601 (RFC 3339) time in UTC, "2021-12-17T10:05:00Z", for
 * machines (the JSON API); time_format's rules for the result. */
const char	*time_iso(struct arena *, time_t t);

/* t as a W3C datetime (ISO 8601 with the offset written +hh:mm, as
 * sitemaps and schema.org read it) in the site's time zone:
 * "2021-12-17T11:05:00+01:00": unlike time_iso(), a release dated the
 * 17th reads as the 17th. In the arena; "" as time_format(). */
const char	*time_w3c(struct arena *, time_t t);

/*
 * t in the site's time zone (the thread's, as time_format() reads it)
 * as CLDR writes a long date with hours and minutes in the language lang
 * (NULL is "en"), date and time joined as in a list: "17 December 2021,
 * 11:05", "2021. december 17. 11:05". In the arena; never NULL: "" when t
 * cannot be shown (a year outside 1 to 9999), lang is not a language tag
 * or the arena is out of memory. Threads as date_text_lang().
 */
const char	*when_text_lang(struct arena *, const char *lang, time_t t);

/* when_text_lang() in English. */
const char	*when_text(struct arena *, time_t t);

#endif

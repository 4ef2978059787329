/* dates.c: dates as the site shows them, in each language by CLDR's rules
 * (through ICU). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>

#include "lib/arena.h"
#include "lib/zone.h"
#include "view/dates.h"
#include "view/lang_names.h"

/* 16: the most languages the configuration allows. A thread that meets
 * more reuses its oldest slot. */
#define CACHE_LANGS	16
/* 128: the longest pattern or date CLDR gives is well under 64 units. */
#define TEXT_MAX_UNITS	128
#define MS_PER_DAY	86400000.0

enum fmt_kind {
	FMT_DATE,		/* "yMMMMd": 17 December 2021 */
	FMT_WHEN,		/* "yMMMMdHHmm": 17 December 2021, 11:05 */
	FMT_MONTH,		/* "yMMMM": December 2021 */
	FMT_DAY,		/* CLDR's full date: Friday, 17 December 2021 */
	FMT_COUNT
};

static const UChar *const skeletons[FMT_COUNT] = {
	u"yMMMMd", u"yMMMMdHHmm", u"yMMMM", NULL
};

/* One language's formatters, opened on first use. */
struct fmt_slot {
	char		 lang[LANG_LOCALE_MAX];
	UDateFormat	*fmt[FMT_COUNT];
};

/* One thread's formatters: ICU's are costly to open and not safe to share
 * between threads. */
struct fmt_cache {
	struct fmt_slot	 slot[CACHE_LANGS];
	size_t		 n;		/* slots in use */
	size_t		 oldest;	/* the next to reuse once all are */
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static bool cache_key_ok;

static void
slot_close(struct fmt_slot *s)
{
	size_t k;

	for (k = 0; k < FMT_COUNT; k++) {
		if (s->fmt[k] != NULL)
			udat_close(s->fmt[k]);
		s->fmt[k] = NULL;
	}
}

/* Closes a thread's formatters when it exits. */
static void
cache_free(void *p)
{
	struct fmt_cache *c = p;
	size_t i;

	for (i = 0; i < c->n; i++)
		slot_close(&c->slot[i]);
	free(c);
}

static void
cache_key_make(void)
{
	cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

/* f, just opened with *err, made Gregorian back to year 1, as ISO dates
 * are; NULL when the opening failed. */
static UDateFormat *
fmt_calendar(UDateFormat *f, UErrorCode *err)
{
	UCalendar *cal;

	if (U_FAILURE(*err))
		return NULL;
	cal = ucal_clone(udat_getCalendar(f), err);
	if (U_SUCCESS(*err)) {
		/* Fails harmlessly for a locale whose calendar is not
		 * Gregorian. */
		ucal_setGregorianChange(cal, -8.64e15, err);
		udat_setCalendar(f, cal);
		ucal_close(cal);
	}
	return f;
}

/*
 * A formatter of kind k for the ICU locale loc, in UTC: dates are
 * calendar dates, and times are shifted to the site's zone before. The
 * date and time are joined as in "17 December 2021, 11:05" (CLDR's
 * medium join), not "… at 11:05": the time stands alone in lists. The
 * calendar is Gregorian back to year 1, as ISO dates are. NULL when ICU
 * fails.
 */
static UDateFormat *
fmt_open(const char *loc, enum fmt_kind k)
{
	UChar join[TEXT_MAX_UNITS], pattern[TEXT_MAX_UNITS];
	UDateTimePatternGenerator *gen;
	UDateFormat *f = NULL;
	UErrorCode err = U_ZERO_ERROR;
	const UChar *medium;
	int32_t len, jlen;

	/* The full style, not a skeleton: where the weekday goes and how
	 * it is joined ("péntek" after the date in Hungarian) is the
	 * locale's. */
	if (skeletons[k] == NULL)
		return fmt_calendar(udat_open(UDAT_NONE, UDAT_FULL, loc, u"UTC",
		    -1, NULL, 0, &err), &err);
	gen = udatpg_open(loc, &err);
	if (U_FAILURE(err))
		return NULL;
	medium = udatpg_getDateTimeFormat(gen, &jlen);
	if (k == FMT_WHEN && jlen > 0 && jlen < TEXT_MAX_UNITS) {
		/* A copy: setting it frees the string read. */
		memcpy(join, medium, (size_t)jlen * sizeof(*join));
		udatpg_setDateTimeFormat(gen, join, jlen);
	}
	len = udatpg_getBestPattern(gen, skeletons[k], -1, pattern,
	    TEXT_MAX_UNITS, &err);
	udatpg_close(gen);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
		return NULL;
	f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, u"UTC", -1, pattern,
	    len, &err);
	return fmt_calendar(f, &err);
}

/* The calling thread's formatter of kind k for lang, opened on first
 * use; NULL when lang is not a language tag or ICU fails. */
static UDateFormat *
fmt_get(const char *lang, enum fmt_kind k)
{
	char loc[LANG_LOCALE_MAX];
	struct fmt_cache *c;
	struct fmt_slot *s = NULL;
	size_t i;

	if (lang == NULL)
		lang = "en";
	if (strlen(lang) >= sizeof(s->lang) ||
	    pthread_once(&cache_once, cache_key_make) != 0 || !cache_key_ok)
		return NULL;
	if ((c = pthread_getspecific(cache_key)) == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL)
			return NULL;
		if (pthread_setspecific(cache_key, c) != 0) {
			free(c);
			return NULL;
		}
	}
	for (i = 0; i < c->n && s == NULL; i++)
		if (strcmp(c->slot[i].lang, lang) == 0)
			s = &c->slot[i];
	if (s == NULL) {
		if (c->n < CACHE_LANGS)
			s = &c->slot[c->n++];
		else {
			s = &c->slot[c->oldest];
			c->oldest = (c->oldest + 1) % CACHE_LANGS;
			slot_close(s);
		}
		strcpy(s->lang, lang);
	}
	if (s->fmt[k] == NULL && lang_icu_locale(lang, loc) == 0)
		s->fmt[k] = fmt_open(loc, k);
	return s->fmt[k];
}

/* t (milliseconds since the epoch, UTC) formatted by f into the arena;
 * NULL when ICU fails or the arena is out of memory. */
static const char *
fmt_text(struct arena *a, UDateFormat *f, UDate t)
{
	UChar out[TEXT_MAX_UNITS];
	UErrorCode err = U_ZERO_ERROR;
	int32_t len;

	if (f == NULL)
		return NULL;
	len = udat_format(f, t, out, TEXT_MAX_UNITS, NULL, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
		return NULL;
	return lang_utf8(a, out, len);
}

/* Days from 1970-01-01 to the Gregorian date y-m-d (m 1..12). */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	/* Years start in March, so that the leap day ends one. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Whether iso is a YYYY-MM-DD date that exists, year 0001 to 9999; its
 * parts into *y, *m, *d. */
static bool
iso_date(const char *iso, int *y, int *m, int *d)
{
	static const int days[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	size_t i;

	if (strlen(iso) != 10)
		return false;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? iso[i] != '-' :
		    iso[i] < '0' || iso[i] > '9')
			return false;
	*y = atoi(iso);
	*m = atoi(iso + 5);
	*d = atoi(iso + 8);
	return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 &&
	    *d <= days[*m - 1] && (*m != 2 || *d < 29 || leap_year(*y));
}

/* The calendar date iso formatted by lang's formatter of kind k, in the
 * arena; iso itself when it is no date or formatting fails. */
static const char *
date_kind_text(struct arena *a, const char *lang, const char *iso,
    enum fmt_kind k)
{
	const char *s;
	int y, m, d;

	if (!iso_date(iso, &y, &m, &d) ||
	    (s = fmt_text(a, fmt_get(lang, k),
	    (UDate)days_from_civil(y, m, d) * MS_PER_DAY)) == NULL)
		return iso;
	return s;
}

const char *
month_text_lang(struct arena *a, const char *lang, const char *iso)
{
	return date_kind_text(a, lang, iso, FMT_MONTH);
}

const char *
date_text_lang(struct arena *a, const char *lang, const char *iso)
{
	return date_kind_text(a, lang, iso, FMT_DATE);
}

const char *
day_text_lang(struct arena *a, const char *lang, const char *iso)
{
	return date_kind_text(a, lang, iso, FMT_DAY);
}

const char *
date_text(struct arena *a, const char *iso)
{
	return date_text_lang(a, "en", iso);
}

const char *
time_format(struct arena *a, time_t t, const char *fmt, bool utc)
{
	char out[64];
	const char *s;
	struct tm tm;

	if ((utc ? gmtime_r(&t, &tm) : zone_local(zone_used(), t, &tm)) ==
	    NULL ||
	    strftime(out, sizeof(out), fmt, &tm) == 0 ||
	    (s = arena_strdup(a, out)) == NULL)
		return "";
	return s;
}

const char *
time_iso(struct arena *a, time_t t)
{
	return time_format(a, t, "%Y-%m-%dT%H:%M:%SZ", true);
}

const char *
time_w3c(struct arena *a, time_t t)
{
	const char *s = time_format(a, t, "%Y-%m-%dT%H:%M:%S%z", false);
	size_t len = strlen(s);
	const char *w3c;

	/* strftime's %z is +hhmm: the colon goes before the minutes. */
	if (len < 5 || (w3c = arena_printf(a, "%.*s:%s", (int)(len - 2), s,
	    s + len - 2)) == NULL)
		return "";
	return w3c;
}

const char *
when_text_lang(struct arena *a, const char *lang, time_t t)
{
	const char *s;
	struct tm tm;

	/* The site's zone (the C library's, through lib/zone.c): its
	 * offset at t moves the time, so ICU's own zone data and default
	 * never matter. */
	if (zone_local(zone_used(), t, &tm) == NULL ||
	    tm.tm_year < 1 - 1900 || tm.tm_year > 9999 - 1900 ||
	    (s = fmt_text(a, fmt_get(lang, FMT_WHEN),
	    ((UDate)t + (UDate)tm.tm_gmtoff) * 1000.0)) == NULL)
		return "";
	return s;
}

const char *
when_text(struct arena *a, time_t t)
{
	return when_text_lang(a, "en", t);
}

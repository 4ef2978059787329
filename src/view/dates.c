/* dates.c: dates as the site shows them. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "view/dates.h"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

const char *
date_text(struct arena *a, const char *iso)
{
	int y, m, d, n = 0;

	if (strlen(iso) != 10 ||
	    sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return iso;
	return arena_printf(a, "%d %s %d", d, month_names[m - 1], y);
}

const char *
time_format(struct arena *a, time_t t, const char *fmt, bool utc)
{
	char out[64];
	const char *s;
	struct tm tm;

	if ((utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == NULL ||
	    strftime(out, sizeof(out), fmt, &tm) == 0 ||
	    (s = arena_strdup(a, out)) == NULL)
		return "";
	return s;
}

const char *
when_text(struct arena *a, time_t t)
{
	const char *s;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || tm.tm_mon < 0 || tm.tm_mon > 11 ||
	    (s = arena_printf(a, "%d %s %d, %02d:%02d", tm.tm_mday,
	    month_names[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min)) == NULL)
		return "";
	return s;
}

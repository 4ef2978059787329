/* httpdate.c: formatting and parsing HTTP dates without the locale. */
#include <stdio.h>
#include <string.h>

#include "lib/httpdate.h"

static const char days[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

void
httpdate_format(time_t t, char *out)
{
	/* A cached page's Last-Modified is the same time on every request:
	 * each thread keeps the last one it formatted (gmtime_r and strftime
	 * were a twentieth of a cached page's cost). */
	static _Thread_local time_t last_t;
	static _Thread_local char last[HTTPDATE_LEN];
	struct tm tm;

	if (last[0] != '\0' && t == last_t) {
		memcpy(out, last, HTTPDATE_LEN);
		return;
	}
	/* strftime's %a and %b follow the locale; HTTP wants English. */
	gmtime_r(&t, &tm);
	memcpy(out, days[tm.tm_wday % 7], 3);
	memcpy(out + 3, ", ", 2);
	strftime(out + 5, HTTPDATE_LEN - 5, "%d XXX %Y %H:%M:%S GMT", &tm);
	memcpy(out + 8, months[tm.tm_mon % 12], 3);
	memcpy(last, out, HTTPDATE_LEN);
	last_t = t;
}

int
httpdate_parse(const char *s, time_t *t)
{
	struct tm tm;
	char day[4], mon[4], gmt[4];
	int i, n = 0;

	memset(&tm, 0, sizeof(tm));
	if (strlen(s) != HTTPDATE_LEN - 1 ||
	    sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d %3s%n", day, &tm.tm_mday,
	    mon, &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, gmt,
	    &n) != 8 || n != HTTPDATE_LEN - 1 || strcmp(gmt, "GMT") != 0)
		return -1;
	for (i = 0; i < 12 && strcmp(mon, months[i]) != 0; i++)
		;
	if (i == 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_mon = i;
	tm.tm_year -= 1900;
	*t = timegm(&tm);
	return 0;
}

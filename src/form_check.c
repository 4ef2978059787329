/* form_check.c: the validators of form fields: URLs, ids, choices,
 * allowed characters, dates, times, slugs, statuses, versions and
 * passwords, and the local time of a date and time typed in a form. */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "form.h"
#include "lib/arena.h"
#include "lib/netaddr.h"
#include "lib/num.h"
#include "lib/slug.h"
#include "lib/utf8.h"
#include "lib/zone.h"
#include "view/i18n.h"

const char *
form_check_url(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	const char *rest;

	(void)a;
	*out = in;
	if (*in == '\0')
		return NULL;
	if ((rest = netaddr_http_rest(in)) == NULL)
		return T(lang, "must start with https:// or http:// "
		    "(javascript:, data: and other kinds of address are not "
		    "allowed)");
	if (strpbrk(in, " \t\r\n") != NULL)
		return T(lang, "must not contain spaces");
	if (*rest == '\0' || strchr("/?#\\@", *rest) != NULL)
		return T(lang, "needs a site name after the //");
	return NULL;
}

const char *
form_check_id(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	int64_t id;

	(void)a;
	*out = in;
	if (*in == '\0' || num_parse_id(in, &id) == 0)
		return NULL;
	return T(lang, "must be chosen from the list");
}

const char *
form_check_choice(const char *lang, const char *in,
    const char *const *choices)
{
	if (*in == '\0')
		return NULL;
	for (; *choices != NULL; choices++)
		if (strcmp(*choices, in) == 0)
			return NULL;
	return T(lang, "must be one of the choices offered");
}

const char *
form_check_allowed(struct arena *a, const char *lang, const char *in,
    const char *allowed)
{
	size_t i = strspn(in, allowed), len = strlen(in), k;
	uint32_t cp;

	if (i == len)
		return NULL;
	k = utf8_next(in + i, len - i, &cp);
	return arena_printf(a, T(lang, "may not hold \u201c%.*s\u201d"),
	    (int)(k > 0 ? k : 1), in + i);
}

/* n digits at s as a number, or -1 when any is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Splits YYYY-MM-DD; -1 when it is not one (the calendar unchecked). */
static int
parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	return *y < 0 || *m < 0 || *d < 0 ? -1 : 0;
}

static int
parse_time(const char *s, int *h, int *mi)
{
	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	*h = digits(s, 2);
	*mi = digits(s + 3, 2);
	return *h < 0 || *mi < 0 || *h > 23 || *mi > 59 ? -1 : 0;
}

const char *
form_check_date(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	int y, m, d;

	if (parse_date(in, &y, &m, &d) == -1)
		return T(lang, "must be a date written YYYY-MM-DD, such as "
		    "2024-12-18");
	/* 1900: older than anything an office publishes, and mktime's
	 * range everywhere. */
	if (y < 1900)
		return T(lang, "must be a year from 1900 on");
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return arena_printf(a, T(lang, "is not a day of the calendar: "
		    "%s does not exist"), in);
	*out = in;
	return NULL;
}

const char *
form_check_time(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	int h, m;

	(void)a;
	if (*in == '\0') {
		*out = "00:00";
		return NULL;
	}
	if (parse_time(in, &h, &m) == -1)
		return T(lang, "must be a time written HH:MM (24-hour clock), "
		    "such as 09:30, or left empty for 00:00");
	*out = in;
	return NULL;
}

const char *
form_check_slug(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	if (*in != '\0' && !slug_valid(in))
		return T(lang, "may hold only lower-case letters a-z, digits "
		    "and single hyphens between them, at most 128 characters; "
		    "leave it empty to make one from the title");
	*out = in;
	return NULL;
}

const char *
form_check_status(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	if (strcmp(in, "draft") != 0 && strcmp(in, "published") != 0)
		return T(lang, "must be draft or published");
	*out = in;
	return NULL;
}

const char *
form_check_version(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	size_t len = strlen(in);

	(void)a;
	if (len > 18 || (len > 0 && (in[0] == '0' || in[strspn(in,
	    "0123456789")] != '\0')))
		return T(lang, "is not a version number; reload the page");
	*out = in;
	return NULL;
}

int
form_local_time(const char *date, const char *hhmm, time_t *t)
{
	struct tm tm;
	int y, m, d, h, mi;

	if (parse_date(date, &y, &m, &d) == -1 ||
	    parse_time(hhmm, &h, &mi) == -1)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	if ((*t = zone_mktime(zone_used(), &tm)) == (time_t)-1)
		return -1;
	/* zone_mktime moves a time the clocks skip (02:30 on the spring
	 * change) to one that exists: that time was never on a clock. */
	if (tm.tm_hour != h || tm.tm_min != mi || tm.tm_mday != d)
		return -1;
	return 0;
}

void
form_today(time_t now, char out[11])
{
	struct tm tm;

	if (zone_local(zone_used(), now, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		strcpy(out, "1970-01-01");
}

const char *
form_check_password(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return *in == '\0' ? NULL : T(lang, auth_password_problem(in));
}

const struct field *
form_table_row(const struct field *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

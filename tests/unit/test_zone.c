/* test_zone.c: unit tests for lib/zone.c, against glibc's localtime_r and
 * mktime in the same zone. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/zone.h"

static const char *const zones[] = {
	"Europe/Budapest", "America/New_York", "Asia/Kolkata",
	"Australia/Lord_Howe", "Pacific/Apia", "UTC",
};

#define HOUR	3600
#define DAY	86400
#define Y1970	((time_t)0)
#define Y2040	((time_t)2208988800)

/* Fails unless zone_local(z, t) is localtime_r(t) in TZ. */
static void
same_local(const struct zone *z, const char *name, time_t t)
{
	struct tm want, got;

	assert_non_null(localtime_r(&t, &want));
	assert_non_null(zone_local(z, t, &got));
	if (want.tm_year != got.tm_year || want.tm_mon != got.tm_mon ||
	    want.tm_mday != got.tm_mday || want.tm_hour != got.tm_hour ||
	    want.tm_min != got.tm_min || want.tm_sec != got.tm_sec ||
	    want.tm_wday != got.tm_wday || want.tm_yday != got.tm_yday ||
	    want.tm_isdst != got.tm_isdst ||
	    want.tm_gmtoff != got.tm_gmtoff ||
	    strcmp(want.tm_zone, got.tm_zone) != 0)
		fail_msg("%s at %lld: glibc %02d:%02d:%02d %+ld %d %s, zone "
		    "%02d:%02d:%02d %+ld %d %s", name, (long long)t,
		    want.tm_hour, want.tm_min, want.tm_sec, want.tm_gmtoff,
		    want.tm_isdst, want.tm_zone, got.tm_hour, got.tm_min,
		    got.tm_sec, got.tm_gmtoff, got.tm_isdst, got.tm_zone);
}

/* The first second after lo whose offset differs from lo's, by hi. */
static time_t
change_after(time_t lo, time_t hi)
{
	struct tm a, b;
	time_t mid;

	localtime_r(&lo, &a);
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		localtime_r(&mid, &b);
		if (b.tm_gmtoff == a.tm_gmtoff && b.tm_isdst == a.tm_isdst)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* Every 6 hours of 1970 to 2040, and the seconds around each change of
 * offset in them, as glibc reads them. */
static void
test_local(void **state)
{
	struct zone *z;
	struct tm a, b;
	time_t t, c;
	size_t i, changes;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		assert_non_null(z = zone_load(zones[i]));
		zone_process(zones[i]);
		changes = 0;
		for (t = Y1970; t < Y2040; t += 6 * HOUR) {
			same_local(z, zones[i], t);
			localtime_r(&t, &a);
			c = t + 6 * HOUR;
			localtime_r(&c, &b);
			if (a.tm_gmtoff == b.tm_gmtoff)
				continue;
			c = change_after(t, c);
			same_local(z, zones[i], c - 1);
			same_local(z, zones[i], c);
			same_local(z, zones[i], c + 1);
			changes++;
		}
		/* A day at a time before 1970 too. */
		for (t = -2208988800 + DAY; t < Y1970; t += 5 * DAY + 7 * HOUR)
			same_local(z, zones[i], t);
		if (strcmp(zones[i], "UTC") == 0 ||
		    strcmp(zones[i], "Asia/Kolkata") == 0)
			assert_true(changes == 0);
		else
			assert_true(changes > 10);
		zone_free(z);
	}
	zone_process("UTC");
}

/* zone_mktime(y-mo-d h:mi) into *got, returning its instant; glibc's
 * mktime of the same wall time into *want and *glibc. */
static time_t
both(const struct zone *z, int y, int mo, int d, int h, int mi,
    struct tm *got, struct tm *want, time_t *glibc)
{
	memset(got, 0, sizeof(*got));
	got->tm_year = y - 1900;
	got->tm_mon = mo - 1;
	got->tm_mday = d;
	got->tm_hour = h;
	got->tm_min = mi;
	got->tm_isdst = -1;
	*want = *got;
	*glibc = mktime(want);
	return zone_mktime(z, got);
}

/* Every hour and a half of 1970 to 2040 in each zone: where the wall time
 * is read once, the instant is mktime's; where twice (mktime then takes
 * either, by its last guess), the earlier; where never, both move it off
 * the wall time it was given. */
static void
test_mktime(void **state)
{
	struct zone *z;
	struct tm got, want, other;
	time_t wall, r, m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		assert_non_null(z = zone_load(zones[i]));
		zone_process(zones[i]);
		for (wall = Y1970; wall < Y2040; wall += 90 * 60) {
			gmtime_r(&wall, &other);
			r = both(z, other.tm_year + 1900, other.tm_mon + 1,
			    other.tm_mday, other.tm_hour, other.tm_min, &got,
			    &want, &m);
			/* Skipped: neither keeps the hour. */
			if (want.tm_hour != other.tm_hour ||
			    want.tm_min != other.tm_min ||
			    want.tm_mday != other.tm_mday) {
				if (got.tm_hour == other.tm_hour &&
				    got.tm_min == other.tm_min &&
				    got.tm_mday == other.tm_mday)
					fail_msg("%s %lld: a skipped time kept",
					    zones[i], (long long)wall);
				continue;
			}
			if (r == m)
				continue;
			/* Read twice: r the first reading, m the other. */
			localtime_r(&r, &other);
			localtime_r(&m, &want);
			if (!(r < m && other.tm_hour == want.tm_hour &&
			    other.tm_min == want.tm_min &&
			    other.tm_mday == want.tm_mday))
				fail_msg("%s %lld: zone %lld, mktime %lld",
				    zones[i], (long long)wall, (long long)r,
				    (long long)m);
		}
		zone_free(z);
	}
	zone_process("UTC");
}

/* The changes the issue names, one by one. */
static void
test_mktime_cases(void **state)
{
	struct zone *z;
	struct tm got, want;
	time_t m;

	(void)state;
	z = zone_load("Europe/Budapest");
	zone_process("Europe/Budapest");
	/* 02:30 on the spring change does not exist: 03:30 CEST. */
	assert_true(both(z, 2024, 3, 31, 2, 30, &got, &want, &m) ==
	    1711848600);
	assert_int_equal(got.tm_hour, 3);
	assert_int_equal(got.tm_min, 30);
	assert_int_equal(got.tm_isdst, 1);
	/* 02:30 on the autumn change: first in CEST. */
	assert_true(both(z, 2024, 10, 27, 2, 30, &got, &want, &m) ==
	    1729989000);
	assert_int_equal(got.tm_hour, 2);
	assert_int_equal(got.tm_gmtoff, 7200);
	/* Normalised: 24:00 is the next day's midnight. */
	assert_true(both(z, 2024, 12, 31, 24, 0, &got, &want, &m) == m);
	assert_int_equal(got.tm_year, 2025 - 1900);
	assert_int_equal(got.tm_yday, 0);
	zone_free(z);

	z = zone_load("America/New_York");
	zone_process("America/New_York");
	assert_true(both(z, 2024, 3, 10, 2, 30, &got, &want, &m) ==
	    1710055800);
	assert_int_equal(got.tm_hour, 3);
	assert_true(both(z, 2024, 11, 3, 1, 30, &got, &want, &m) ==
	    1730611800);
	assert_string_equal(got.tm_zone, "EDT");
	zone_free(z);

	z = zone_load("Asia/Kolkata");
	zone_process("Asia/Kolkata");
	assert_true(both(z, 2024, 6, 1, 12, 0, &got, &want, &m) ==
	    1717223400);
	assert_int_equal(got.tm_gmtoff, 19800);
	zone_free(z);

	/* Half an hour of summer time: 02:15 is skipped, 01:45 read twice. */
	z = zone_load("Australia/Lord_Howe");
	zone_process("Australia/Lord_Howe");
	assert_true(both(z, 2024, 10, 6, 2, 15, &got, &want, &m) ==
	    1728143100);
	assert_int_equal(got.tm_min, 45);
	assert_true(both(z, 2024, 4, 7, 1, 45, &got, &want, &m) ==
	    1712414700);
	assert_int_equal(got.tm_gmtoff, 39600);
	zone_free(z);

	/* Samoa skipped 30 December 2011: its noon is the 31st's. */
	z = zone_load("Pacific/Apia");
	zone_process("Pacific/Apia");
	both(z, 2011, 12, 30, 12, 0, &got, &want, &m);
	assert_int_equal(got.tm_mday, 31);
	assert_int_equal(got.tm_hour, 12);
	assert_true(both(z, 2011, 12, 29, 12, 0, &got, &want, &m) == m);
	assert_true(both(z, 2011, 12, 31, 12, 0, &got, &want, &m) == m);
	zone_free(z);
	zone_process("UTC");
}

/* Unknown names are refused; a shared table is one for a name. */
static void
test_names(void **state)
{
	const struct zone *a, *b;

	(void)state;
	errno = 0;
	assert_null(zone_load("Mars/Olympus"));
	assert_int_equal(errno, ENOENT);
	assert_false(zone_known("Europe"));
	assert_false(zone_known("../zoneinfo/UTC"));
	assert_false(zone_known("/Europe/Budapest"));
	assert_false(zone_known(""));
	assert_true(zone_known("Europe/Budapest"));
	assert_null(zone_shared("Mars/Olympus"));
	assert_non_null(a = zone_shared("Asia/Kolkata"));
	assert_non_null(b = zone_shared("Asia/Kolkata"));
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, zone_shared("UTC"));
}

/* zone_load gives TZ back as it was; NULL zones are the process's. */
static void
test_process(void **state)
{
	struct zone *z;
	struct tm tm;
	time_t t = 1700000000;

	(void)state;
	zone_process("America/New_York");
	assert_non_null(z = zone_load("Asia/Kolkata"));
	assert_string_equal(getenv("TZ"), "America/New_York");
	assert_non_null(zone_local(NULL, t, &tm));
	assert_int_equal(tm.tm_gmtoff, -5 * 3600);
	assert_non_null(zone_local(z, t, &tm));
	assert_int_equal(tm.tm_gmtoff, 19800);
	assert_null(zone_used());
	zone_use(z);
	assert_ptr_equal(zone_used(), z);
	zone_use(NULL);
	zone_free(z);
	zone_process("UTC");
}

/* zone_changes gives each change of offset glibc has between two
 * instants, with the offsets either side, and stops at max. */
static void
test_changes(void **state)
{
	struct zone_change c[64];
	const struct zone *z;
	struct tm before, after;
	size_t i, j, n;
	time_t t;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		zone_process(zones[i]);
		assert_non_null(z = zone_shared(zones[i]));
		n = zone_changes(z, Y1970, Y1970 + 20 * 365 * DAY, c, 64);
		/* A day at a time, as glibc tells it: the same changes. */
		j = 0;
		localtime_r(&(time_t){ Y1970 }, &before);
		for (t = Y1970; t < Y1970 + 20 * 365 * DAY; t += DAY) {
			time_t next = t + DAY;

			localtime_r(&next, &after);
			if (after.tm_gmtoff == before.tm_gmtoff)
				continue;
			assert_true(j < n);
			assert_int_equal(c[j].t, change_after(t, next));
			assert_int_equal(c[j].from, before.tm_gmtoff);
			assert_int_equal(c[j].to, after.tm_gmtoff);
			assert_int_equal(c[j].isdst, after.tm_isdst > 0);
			assert_string_equal(c[j].abbr, after.tm_zone);
			before = after;
			j++;
		}
		assert_int_equal(j, n);
	}
	/* Budapest from 1980: two a year, and no more than asked for. */
	z = zone_shared("Europe/Budapest");
	assert_int_equal(zone_changes(z, (time_t)315532800,
	    (time_t)315532800 + 10 * 365 * DAY, c, 3), 3);
	assert_int_equal(zone_changes(z, (time_t)1700000000,
	    (time_t)1700000000 + DAY, c, 64), 0);
	zone_process("UTC");
}

/* How long a zone takes to load, printed for the record. */
static void
test_cost(void **state)
{
	struct timespec a, b;
	struct zone *z;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_non_null(z = zone_load("Europe/Budapest"));
	clock_gettime(CLOCK_MONOTONIC, &b);
	zone_free(z);
	printf("zone_load(Europe/Budapest): %.1f ms\n",
	    (double)(b.tv_sec - a.tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_mktime),
		cmocka_unit_test(test_mktime_cases),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_process),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

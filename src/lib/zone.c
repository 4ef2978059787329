/* zone.c: time zones as tables of offset changes, read once from the C
 * library, and the zone each thread shows dates in.
 *
 * Why read glibc rather than the zone's TZif file: localtime_r() is what
 * every other time of the system, and of a one-site deployment, is
 * computed with; asking it makes a site's dates agree with it by
 * construction, with no second reader of the file format (and of the
 * POSIX rule at its end) to get wrong. glibc reads one zone at a time,
 * the process's TZ, so a zone is read by setting TZ to it, asking
 * localtime_r() about a day at a time over the span (no zone changes its
 * offset twice in a day), and bisecting to the second the day a change
 * happens in; then TZ is set back. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/zone.h"

#define DAY		86400
/* 1900 to 2150: older than anything an office publishes, and later than
 * anything it schedules; 91,000 days, some 20 ms a zone. */
#define SPAN_FROM	((time_t)-2208988800)	/* 1900-01-01T00:00:00Z */
#define SPAN_TO		((time_t)5680281600)	/* 2150-01-01T00:00:00Z */
/* 2^62 s: past any year gmtime_r writes, so t plus an offset cannot
 * overflow. */
#define T_LIMIT		((time_t)1 << 62)
/* 16: the longest abbreviation glibc gives ("+0530", "CEST", "LMT") with
 * room. */
#define ABBR_MAX	16

/* From t on (c[0]: from the first second there is), the zone's offset. */
struct change {
	time_t		 t;
	long		 off;		/* seconds east of UTC */
	int		 isdst;
	char		 abbr[ABBR_MAX];
};

struct zone {
	char		*name;
	struct change	*c;		/* n of them, by t */
	size_t		 n;
	size_t		 size;		/* allocated */
	struct zone	*next;		/* zone_shared's list */
};

/* One loader at a time holds TZ. */
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
	pthread_mutex_t	 lock;
	struct zone	*list;
} shared = { PTHREAD_MUTEX_INITIALIZER, NULL };

static _Thread_local const struct zone *used;

bool
zone_known(const char *name)
{
	char path[256];
	struct stat sb;

	return *name != '\0' && *name != '/' && strchr(name, '.') == NULL &&
	    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name) <
	    (int)sizeof(path) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    access(path, R_OK) == 0;
}

void
zone_process(const char *name)
{
	setenv("TZ", name, 1);
	tzset();
}

/* The process's offset at t into *c. */
static int
probe(time_t t, struct change *c)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	c->t = t;
	c->off = tm.tm_gmtoff;
	c->isdst = tm.tm_isdst > 0;
	snprintf(c->abbr, sizeof(c->abbr), "%s", tm.tm_zone != NULL ?
	    tm.tm_zone : "");
	return 0;
}

/* Whether a and b are the same offset, as localtime_r tells it (a zone
 * may rename its offset, or call it summer time, and keep it). */
static bool
same(const struct change *a, const struct change *b)
{
	return a->off == b->off && a->isdst == b->isdst &&
	    strcmp(a->abbr, b->abbr) == 0;
}

static int
append(struct zone *z, const struct change *c)
{
	struct change *p;
	size_t size;

	if (z->n == z->size) {
		size = z->size == 0 ? 64 : z->size * 2;
		if ((p = reallocarray(z->c, size, sizeof(*p))) == NULL)
			return -1;
		z->c = p;
		z->size = size;
	}
	z->c[z->n++] = *c;
	return 0;
}

/* Fills z from the process's zone. */
static int
scan(struct zone *z)
{
	struct change cur, next;
	time_t t, lo, hi, mid;

	if (probe(SPAN_FROM, &cur) == -1 || append(z, &cur) == -1)
		return -1;
	for (t = SPAN_FROM; t < SPAN_TO; ) {
		if (probe(t + DAY, &next) == -1)
			return -1;
		if (same(&next, &cur)) {
			t += DAY;
			continue;
		}
		/* cur's offset holds at lo, another at hi. */
		lo = t;
		hi = t + DAY;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (probe(mid, &next) == -1)
				return -1;
			if (same(&next, &cur))
				lo = mid;
			else
				hi = mid;
		}
		if (probe(hi, &cur) == -1 || append(z, &cur) == -1)
			return -1;
		t = hi;
	}
	return 0;
}

struct zone *
zone_load(const char *name)
{
	struct zone *z;
	char *was;
	int ret;

	if (!zone_known(name)) {
		errno = ENOENT;
		return NULL;
	}
	if ((z = calloc(1, sizeof(*z))) == NULL ||
	    (z->name = strdup(name)) == NULL) {
		zone_free(z);
		errno = ENOMEM;
		return NULL;
	}
	/*
	 * TZ is the process's. At start no other thread runs yet; when a
	 * server reloads its sites folder (SIGHUP) and meets a new zone,
	 * its threads read their sites' tables, never TZ (main.c, site.c),
	 * and glibc's setenv keeps the old string for a getenv running
	 * beside it.
	 */
	pthread_mutex_lock(&tz_lock);
	if ((was = getenv("TZ")) != NULL)
		was = strdup(was);
	zone_process(name);
	ret = scan(z);
	if (was != NULL)
		zone_process(was);
	else {
		unsetenv("TZ");
		tzset();
	}
	pthread_mutex_unlock(&tz_lock);
	free(was);
	if (ret == -1) {
		zone_free(z);
		errno = ENOMEM;
		return NULL;
	}
	return z;
}

void
zone_free(struct zone *z)
{
	if (z == NULL)
		return;
	free(z->name);
	free(z->c);
	free(z);
}

const struct zone *
zone_shared(const char *name)
{
	struct zone *z;

	pthread_mutex_lock(&shared.lock);
	for (z = shared.list; z != NULL && strcmp(z->name, name) != 0;
	    z = z->next)
		;
	if (z == NULL && (z = zone_load(name)) != NULL) {
		z->next = shared.list;
		shared.list = z;
	}
	pthread_mutex_unlock(&shared.lock);
	return z;
}

/* The offset that holds at t: the last change at or before it. */
static const struct change *
at(const struct zone *z, time_t t)
{
	size_t lo = 0, hi = z->n, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (z->c[mid].t <= t)
			lo = mid;
		else
			hi = mid;
	}
	return &z->c[lo];
}

struct tm *
zone_local(const struct zone *z, time_t t, struct tm *tm)
{
	const struct change *c;
	time_t local;

	if (z == NULL)
		return localtime_r(&t, tm);
	if (t > T_LIMIT || t < -T_LIMIT)
		return NULL;
	c = at(z, t);
	local = t + c->off;
	if (gmtime_r(&local, tm) == NULL)
		return NULL;
	tm->tm_gmtoff = c->off;
	tm->tm_isdst = c->isdst;
	tm->tm_zone = c->abbr;
	return tm;
}

size_t
zone_changes(const struct zone *z, time_t from, time_t to,
    struct zone_change *out, size_t max)
{
	const struct change *c = at(z, from), *end = z->c + z->n;
	long off = c->off;
	size_t n = 0;

	for (c++; c < end && c->t < to && n < max; c++) {
		if (c->off == off)
			continue;
		out[n].t = c->t;
		out[n].from = off;
		out[n].to = c->off;
		out[n].isdst = c->isdst;
		out[n].abbr = c->abbr;
		off = c->off;
		n++;
	}
	return n;
}

time_t
zone_mktime(const struct zone *z, struct tm *tm)
{
	struct tm w;
	time_t wall, t = -1;
	size_t i, last;

	if (z == NULL) {
		tm->tm_isdst = -1;
		return mktime(tm);
	}
	/* The wall time as if it were UTC: timegm normalises the fields as
	 * mktime does. */
	w = *tm;
	errno = 0;
	if (((wall = timegm(&w)) == -1 && errno != 0) || wall > T_LIMIT ||
	    wall < -T_LIMIT)
		return -1;
	/* An offset is under a day, so the instant is within a day of
	 * wall: the offsets from two days before it to two after are all
	 * it can be read in, and the first that holds at wall - offset
	 * gives the first reading. */
	last = (size_t)(at(z, wall + 2 * DAY) - z->c);
	for (i = (size_t)(at(z, wall - 2 * DAY) - z->c); i <= last; i++) {
		t = wall - z->c[i].off;
		if (i > 0 && t < z->c[i].t) {
			/* Past the clocks' last reading before the change,
			 * and before their first after it: skipped. */
			if (wall - z->c[i - 1].off >= z->c[i].t) {
				t = wall - z->c[i - 1].off;
				break;
			}
			continue;
		}
		if (i + 1 == z->n || t < z->c[i + 1].t)
			break;
	}
	if (i > last || zone_local(z, t, tm) == NULL)
		return -1;
	return t;
}

void
zone_use(const struct zone *z)
{
	used = z;
}

const struct zone *
zone_used(void)
{
	return used;
}

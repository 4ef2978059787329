/* generation.c: the cache scopes' generations, without a database read on
 * most requests, and the scopes a route's page depends on. */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "generation.h"
#include "lib/changes.h"
#include "store/store.h"

/* Every scope a route may name, and its item's bucket, fit in a page. */
static_assert(SCOPE_PUBLICATION + 1 + 2 <= PAGE_CACHE_SCOPES_MAX,
    "a page's scopes outgrow struct cache_deps");

/* 013.sql's bucket: the length and the last three characters, weighted so
 * that slugs numbered in sequence spread over every bucket. */
unsigned
cache_scope_bucket(const char *slug)
{
	size_t len = strlen(slug);
	unsigned h = (unsigned)len, w = 1, i;

	for (i = 1; i <= 3 && i <= len; i++, w *= 3)
		h += w * (unsigned char)slug[len - i];
	return h % SCOPE_BUCKETS;
}

/*
 * Reading the generations costs a read transaction: two fcntl locks and
 * an fstat, as many system calls as the request itself. So each thread
 * keeps the values it last read, and reads again when a write went
 * through any of this server's processes (the shared counter, bumped after
 * the write committed) or a second has passed. The counter is read before
 * the database, so a write that commits in between is seen next time.
 */
static enum store_status
current(struct store *db, const int64_t **gens)
{
	static _Thread_local struct {
		struct store	*db;
		uint64_t	 changes;
		int64_t		 read_ms;
		int64_t		 gens[SCOPE_COUNT];
	} seen;
	struct timespec ts;
	enum store_status st;
	uint64_t changes = changes_read();
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (seen.db != db || seen.changes != changes ||
	    ms - seen.read_ms >= GENERATION_RECHECK_MS) {
		seen.db = NULL;
		memset(seen.gens, 0, sizeof(seen.gens));
		if ((st = store_cache_scopes(db, seen.gens, SCOPE_COUNT)) !=
		    STORE_OK)
			return st;
		seen.db = db;
		seen.changes = changes;
		seen.read_ms = ms;
	}
	*gens = seen.gens;
	return STORE_OK;
}

enum store_status
generation_deps(struct store *db, unsigned mask, const char *slug,
    struct cache_deps *deps)
{
	const int64_t *gens;
	enum store_status st;
	unsigned s;

	if ((st = current(db, &gens)) != STORE_OK)
		return st;
	deps->n = 0;
	if (mask == 0) {
		deps->id[deps->n++] = SCOPE_ANY;
	} else {
		for (s = SCOPE_SITE; s <= SCOPE_PUBLICATION; s++)
			if (mask & SCOPES(s))
				deps->id[deps->n++] = s;
		if ((mask & SCOPES_NEWS_ITEM) && slug != NULL)
			deps->id[deps->n++] = SCOPE_NEWS_BUCKET +
			    cache_scope_bucket(slug);
		if ((mask & SCOPES_PAGE_ITEM) && slug != NULL)
			deps->id[deps->n++] = SCOPE_PAGE_BUCKET +
			    cache_scope_bucket(slug);
	}
	for (s = 0; s < deps->n; s++)
		deps->gen[s] = gens[deps->id[s]];
	return STORE_OK;
}

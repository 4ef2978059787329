/* generation.c: the content generation, without a database read on most
 * requests. */
#include <stdint.h>
#include <time.h>

#include "generation.h"
#include "lib/changes.h"
#include "store/store.h"

/*
 * Reading the generation costs a read transaction: two fcntl locks and an
 * fstat, as many system calls as the request itself. So each thread keeps
 * the value it last read, and reads again when a write went through any of
 * this server's processes (the shared counter, bumped after the write
 * committed) or a second has passed. The counter is read before the
 * database, so a write that commits in between is seen next time.
 */
enum store_status
generation_current(struct store *db, int64_t *generation)
{
	static _Thread_local struct {
		struct store	*db;
		uint64_t	 changes;
		int64_t		 generation;
		int64_t		 read_ms;
	} seen;
	struct timespec ts;
	enum store_status st;
	uint64_t changes = changes_read();
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (seen.db == db && seen.changes == changes &&
	    ms - seen.read_ms < GENERATION_RECHECK_MS) {
		*generation = seen.generation;
		return STORE_OK;
	}
	if ((st = store_generation(db, generation)) != STORE_OK) {
		seen.db = NULL;
		return st;
	}
	seen.db = db;
	seen.changes = changes;
	seen.generation = *generation;
	seen.read_ms = ms;
	return STORE_OK;
}

/* generation.c: the cache scopes' generations, without a database read on
 * most requests, and the scopes a route's page depends on. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
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

/* The WAL header's checkpoint sequence and salts (12 bytes at 12, in
 * SQLite's file format), which a WAL started over changes. */
#define WAL_HEAD_AT	12
#define WAL_HEAD_LEN	12

/* What a file looked like: a commit writes the WAL (its size and times
 * move; a new WAL is a new inode), a checkpoint the database. The times
 * move by a tick of the file system's clock, so the WAL's header is read
 * too: a WAL started over (as long as it was, within one tick) has new
 * salts. All 0 for a file that is not there. */
struct file_look {
	int64_t		ino, size, mtime_ns, ctime_ns;
	unsigned char	head[WAL_HEAD_LEN];
};

struct files_look {
	bool			ok;	/* both looked at, past their last tick */
	struct file_look	db, wal;
};

/*
 * Reading the generations costs a read transaction: two fcntl locks and
 * an fstat, as many system calls as the request itself. So the values last
 * read are kept, and read again when a write went through any of this
 * server's processes (the shared counter, bumped after the write
 * committed), or a second has passed and the database's files changed.
 * The counter is read before the database, so a write that commits in
 * between is seen next time.
 *
 * They are kept per site, not per connection: a page found in the cache
 * then needs no connection at all, and a thread serving more sites than it
 * keeps connections open (site.h) opens one only to render. Each thread
 * looks first at its copy of the last site it read (no lock), then at the
 * process's copy of the site (its lock).
 */
struct seen {
	const struct config	*site;		/* NULL: nothing read */
	uint64_t		 changes;
	int64_t			 looked_ms;	/* read, or files found unchanged */
	struct files_look	 files;		/* before the read */
	int64_t			 gens[SCOPE_COUNT];
};

struct shared {
	pthread_mutex_t		 lock;
	struct seen		 seen;
};

/* Sites by page cache partition; the few past it read on every thread. */
#define GENERATION_SITES_MAX	4096

static _Thread_local struct seen mine;
static _Atomic(struct shared *) shared[GENERATION_SITES_MAX];
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
fresh(const struct seen *s, const struct config *site, uint64_t changes,
    int64_t ms)
{
	return s->site == site && s->changes == changes &&
	    ms - s->looked_ms < GENERATION_RECHECK_MS;
}

/* What stat(2) shows of st into *f. */
static void
file_stat(const struct stat *st, struct file_look *f)
{
	f->ino = (int64_t)st->st_ino;
	f->size = (int64_t)st->st_size;
	f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 +
	    st->st_mtim.tv_nsec;
	f->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 +
	    st->st_ctim.tv_nsec;
}

/* The database at path as stat(2) shows it into *f; false when it cannot
 * be looked at. Never opened: closing a descriptor of it would drop the
 * locks SQLite's connections in this process hold on it (POSIX record
 * locks belong to the process and the file, not to a descriptor). */
static bool
db_look(const char *path, struct file_look *f)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	if (stat(path, &st) == -1)
		return errno == ENOENT;
	file_stat(&st, f);
	return true;
}

/* The WAL at path, with its header, into *f; false when it cannot be
 * looked at (one that is not there is looked at: all 0). SQLite locks
 * the wal-index (-shm), never the WAL: a descriptor of it may close. */
static bool
wal_look(const char *path, struct file_look *f)
{
	struct stat st;
	bool ok;
	int fd;

	memset(f, 0, sizeof(*f));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT;
	if ((ok = fstat(fd, &st) == 0 &&
	    pread(fd, f->head, WAL_HEAD_LEN, WAL_HEAD_AT) != -1))
		file_stat(&st, f);
	close(fd);
	return ok;
}

/* Whether f's last change is a second behind now: a change after now
 * then moves its times, on a file system that keeps whole seconds too
 * (ext4 with small inodes, some NFS servers), where one within the same
 * second leaves them as they were. */
static bool
past_tick(const struct file_look *f, int64_t now_ns)
{
	return now_ns - 1000000000 > f->mtime_ns &&
	    now_ns - 1000000000 > f->ctime_ns;
}

/* site's database and its WAL as they are now, into *f. */
static void
files_look(const struct config *site, struct files_look *f)
{
	struct timespec ts;
	char wal[4096];
	int64_t now_ns;
	int n;

	memset(f, 0, sizeof(*f));
	if (site->database == NULL)
		return;
	n = snprintf(wal, sizeof(wal), "%s-wal", site->database);
	f->ok = n > 0 && (size_t)n < sizeof(wal) &&
	    db_look(site->database, &f->db) && wal_look(wal, &f->wal);
	/* An empty WAL holds no commit: one a connection's open made, or
	 * the last one's close deleted, is no change. */
	if (f->wal.size == 0)
		memset(&f->wal, 0, sizeof(f->wal));
	/* Files changed within the last second may change again within
	 * their clock's tick unseen: a commit that writes a WAL started
	 * over from its start leaves its size, header and times as they
	 * were. Such a look is not kept; the next check reads the
	 * generations again. */
	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	now_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	if (!past_tick(&f->db, now_ns) || !past_tick(&f->wal, now_ns))
		f->ok = false;
}

static bool
file_same(const struct file_look *a, const struct file_look *b)
{
	return a->ino == b->ino && a->size == b->size &&
	    a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns &&
	    memcmp(a->head, b->head, sizeof(a->head)) == 0;
}

/* Whether s, stale by time only, still holds: site's files look as they
 * did before its read. Then it is good for GENERATION_RECHECK_MS more. */
static bool
still(struct seen *s, const struct config *site, uint64_t changes,
    int64_t ms)
{
	struct files_look now;

	if (s->site != site || s->changes != changes || !s->files.ok)
		return false;
	files_look(site, &now);
	if (!now.ok || !file_same(&now.db, &s->files.db) ||
	    !file_same(&now.wal, &s->files.wal))
		return false;
	s->looked_ms = ms;
	return true;
}

/* site's process-wide copy, made on first use; NULL past
 * GENERATION_SITES_MAX or out of memory. */
static struct shared *
shared_of(const struct config *site, bool make)
{
	struct shared *e;

	if (site->cache_part >= GENERATION_SITES_MAX)
		return NULL;
	if ((e = atomic_load(&shared[site->cache_part])) != NULL || !make)
		return e;
	pthread_mutex_lock(&shared_lock);
	if ((e = atomic_load(&shared[site->cache_part])) == NULL &&
	    (e = calloc(1, sizeof(*e))) != NULL) {
		pthread_mutex_init(&e->lock, NULL);
		atomic_store(&shared[site->cache_part], e);
	}
	pthread_mutex_unlock(&shared_lock);
	return e;
}

/* The deps of mask and slug from gens. */
static void
pick(const int64_t *gens, unsigned mask, const char *slug,
    struct cache_deps *deps)
{
	unsigned s;

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
}

bool
generation_recent(const struct config *site, unsigned mask,
    const char *slug, struct cache_deps *deps)
{
	uint64_t changes = changes_read();
	int64_t ms = now_ms();
	struct shared *e;
	bool ok;

	if (!fresh(&mine, site, changes, ms)) {
		if ((e = shared_of(site, false)) == NULL)
			return false;
		/* One thread a site looks at its files, under the lock:
		 * the others find the copy it refreshed. */
		pthread_mutex_lock(&e->lock);
		if ((ok = fresh(&e->seen, site, changes, ms) ||
		    still(&e->seen, site, changes, ms)))
			mine = e->seen;
		pthread_mutex_unlock(&e->lock);
		if (!ok)
			return false;
	}
	pick(mine.gens, mask, slug, deps);
	return true;
}

enum store_status
generation_read(const struct config *site, struct store *db, unsigned mask,
    const char *slug, struct cache_deps *deps)
{
	uint64_t changes = changes_read();
	int64_t ms = now_ms();
	enum store_status st;
	struct shared *e;

	mine.site = NULL;
	memset(mine.gens, 0, sizeof(mine.gens));
	/* Before the read: a commit after the look shows as a change next
	 * time, whether or not the read saw it. */
	files_look(site, &mine.files);
	if ((st = store_cache_scopes(db, mine.gens, SCOPE_COUNT)) != STORE_OK)
		return st;
	mine.site = site;
	mine.changes = changes;
	mine.looked_ms = ms;
	/* Whichever thread publishes last, a copy is only used while the
	 * counter still reads what it was read under. */
	if ((e = shared_of(site, true)) != NULL) {
		pthread_mutex_lock(&e->lock);
		e->seen = mine;
		pthread_mutex_unlock(&e->lock);
	}
	pick(mine.gens, mask, slug, deps);
	return STORE_OK;
}

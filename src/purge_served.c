/* purge_served.c: the notes of purge_served.h, a table of targets in an
 * anonymous shared mapping under a process-shared mutex. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "config.h"
#include "generation.h"
#include "lib/hash.h"
#include "purge.h"
#include "purge_served.h"

/* Slots a target may take, from its hash's: a full run gives the one
 * answered longest ago. */
#define PROBE	8

struct slot {
	uint64_t	 site;		/* hash of its site's base_url; 0: free */
	uint64_t	 last;		/* the table's clock when last answered */
	int64_t		 page;	/* a list's deep page, or -1 */
	unsigned	 scopes;
	char		 target[PURGE_SERVED_TARGET_MAX];
};

struct table {
	pthread_mutex_t	 lock;
	uint64_t	 clock;
	struct slot	 slots[PURGE_SERVED_MAX];
};

static struct table *table;

int
purge_served_init(void)
{
	pthread_mutexattr_t attr;
	void *p;
	int ok;

	p = mmap(NULL, sizeof(*table), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	/* Robust: a worker that dies holding it does not stop the others. */
	if ((ok = pthread_mutexattr_init(&attr) == 0)) {
		ok = pthread_mutexattr_setpshared(&attr,
		    PTHREAD_PROCESS_SHARED) == 0 &&
		    pthread_mutexattr_setrobust(&attr,
		    PTHREAD_MUTEX_ROBUST) == 0 &&
		    pthread_mutex_init(&((struct table *)p)->lock, &attr) == 0;
		pthread_mutexattr_destroy(&attr);
	}
	if (!ok) {
		munmap(p, sizeof(*table));
		return -1;
	}
	table = p;
	return 0;
}

void
purge_served_fini(void)
{
	/* Unmapped, not destroyed: the other processes still use it. */
	if (table == NULL)
		return;
	munmap(table, sizeof(*table));
	table = NULL;
}

bool
purge_served_wanted(const char *route, const char *query, int64_t *page)
{
	const char *d;
	int64_t n = 0;

	*page = -1;
	if (*query == '\0')
		return false;
	/* Another route reads no page: its page=N is a key of its own. */
	if (strncmp(query, "page=", 5) != 0 || !purge_paged_list(route))
		return true;
	/* page=0, or a number with no leading zero: the form the lists
	 * link to. 18 digits at most: no overflow, and far past any list's
	 * end. */
	for (d = query + 5; *d >= '0' && *d <= '9' && d - query < 5 + 18;
	    d++)
		n = n * 10 + (*d - '0');
	if (*d != '\0' || d == query + 5 || (query[5] == '0' && d > query + 6))
		return true;
	if (n < PURGE_PAGES)
		return false;
	*page = n;
	return true;
}

static bool
lock(void)
{
	int e = pthread_mutex_lock(&table->lock);

	/* The one holding it died and this thread holds it now: at worst
	 * one target is cut short (each ends within its slot), whose purge
	 * finds nothing. */
	if (e == EOWNERDEAD) {
		pthread_mutex_consistent(&table->lock);
		return true;
	}
	return e == 0;
}

static uint64_t
site_key(const struct config *site)
{
	uint64_t h = hash64(site->base_url, strlen(site->base_url));

	return h != 0 ? h : 1;
}

void
purge_served_note(const struct config *site, const char *target,
    unsigned scopes, int64_t page)
{
	size_t len = strlen(target), i, at, pick;
	uint64_t key;
	struct slot *s;

	if (table == NULL || len >= PURGE_SERVED_TARGET_MAX)
		return;
	key = site_key(site);
	at = (size_t)((hash64(target, len) ^ key) % PURGE_SERVED_MAX);
	if (!lock())
		return;
	pick = at;
	for (i = 0; i < PROBE; i++) {
		s = &table->slots[(at + i) % PURGE_SERVED_MAX];
		if (s->site == key && strcmp(s->target, target) == 0) {
			pick = (at + i) % PURGE_SERVED_MAX;
			break;
		}
		if (s->last < table->slots[pick].last)
			pick = (at + i) % PURGE_SERVED_MAX;
	}
	s = &table->slots[pick];
	s->site = key;
	s->last = ++table->clock;
	s->scopes = scopes;
	s->page = page;
	memcpy(s->target, target, len + 1);
	pthread_mutex_unlock(&table->lock);
}

/* Whether a route reading scopes reads one of moved. */
static bool
meets(unsigned scopes, unsigned moved)
{
	/* A route that declares nothing depends on every change. */
	if (scopes == 0 || (scopes & moved) != 0)
		return true;
	return ((scopes & SCOPES_NEWS_ITEM) && (moved & SCOPES(SCOPE_NEWS))) ||
	    ((scopes & SCOPES_PAGE_ITEM) && (moved & SCOPES(SCOPE_PAGES)));
}

void
purge_served_each(const struct config *site, unsigned moved, bool all,
    void (*add)(void *ctx, const char *target, int64_t page), void *ctx)
{
	uint64_t key;
	size_t i;

	if (table == NULL)
		return;
	key = site_key(site);
	if (!lock())
		return;
	for (i = 0; i < PURGE_SERVED_MAX; i++)
		if (table->slots[i].site == key &&
		    (all || meets(table->slots[i].scopes, moved)))
			add(ctx, table->slots[i].target,
			    table->slots[i].page);
	pthread_mutex_unlock(&table->lock);
}

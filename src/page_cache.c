/* page_cache.c: rendered pages in memory, keyed on the site, the path and
 * the query fields the route declares, each with its type, a gzip copy
 * once a client takes one, and the scope generations it was built from;
 * bounded in entries and in bytes for all sites together, the least
 * recently used page of a site above its share going first. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/blob.h"
#include "lib/gzip.h"
#include "lib/hash.h"
#include "lib/num.h"
#include "page_cache.h"
#include "request.h"

/*
 * One lock over a hash table and a list in use order. A lookup holds it
 * for a string compare and four pointer moves; compression and freeing
 * happen outside it, so threads queue on it only briefly.
 */
struct entry {
	struct entry	*chain;		/* the next in its hash bucket */
	struct entry	*newer, *older;	/* the use order */
	uint64_t	 hash;
	unsigned	 part;		/* its site's partition */
	size_t		 bytes;		/* what it counts for in the bound */
	bool		 compress;	/* its type is worth a gzip copy */
	time_t		 expires;
	struct cache_deps deps;
	struct cached_page page;
	char		 key[];
};

static struct {
	pthread_mutex_t	 lock;
	struct entry	**table;
	size_t		 nbuckets;	/* a power of two */
	struct entry	*newest, *oldest;
	size_t		 n, max_n;
	size_t		 bytes, max_bytes;
	/* What each partition holds, by id (grown as ids come), and how
	 * many sites share the bounds: each may keep bound / nsites. */
	size_t		*part_n, *part_bytes;
	size_t		 nparts;
	size_t		 nsites;
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER, .nsites = 1 };

const char *
page_cache_canon_page(struct arena *a, const char *value)
{
	int64_t n;

	if (value == NULL)
		return "";
	if (num_parse_page(value, &n) == -1)
		return NULL;
	return n == 0 ? "" : arena_printf(a, "%lld", (long long)n);
}

const struct query_field page_cache_query_page[] = {
	{ "page", page_cache_canon_page },
	{ NULL, NULL },
};

const char *
page_cache_key(struct request *rq, const char *path,
    const struct query_field *fields)
{
	const char *key = path, *v;

	for (; fields != NULL && fields->name != NULL; fields++) {
		v = fields->canon(rq->arena, request_query(rq, fields->name));
		if (v == NULL)
			return NULL;
		/* A decoded path may hold '?' (from %3F) but never a control
		 * byte, so "\n" keeps "/news%3Fpage=1" apart from
		 * "/news?page=1". */
		if (*v != '\0' && (key = arena_printf(rq->arena, "%s\n%s=%s",
		    key, fields->name, v)) == NULL)
			return NULL;
	}
	return strlen(key) < PAGE_CACHE_KEY_MAX ? key : NULL;
}

int
page_cache_init(size_t n, size_t max_bytes)
{
	size_t nb = 1;

	if (n == 0)
		return 0;
	/* About one page a bucket when full: chains stay short. */
	while (nb < n)
		nb <<= 1;
	if ((cache.table = calloc(nb, sizeof(*cache.table))) == NULL)
		return -1;
	cache.nbuckets = nb;
	cache.max_n = n;
	cache.max_bytes = max_bytes;
	return 0;
}

static void
entry_free(struct entry *e)
{
	page_cache_release(&e->page);
	free(e);
}

/* Takes e out of the table and the use order; the lock is held. */
static void
unlink_entry(struct entry *e)
{
	struct entry **pp = &cache.table[e->hash & (cache.nbuckets - 1)];

	while (*pp != e)
		pp = &(*pp)->chain;
	*pp = e->chain;
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		cache.newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		cache.oldest = e->newer;
	cache.n--;
	cache.bytes -= e->bytes;
	cache.part_n[e->part]--;
	cache.part_bytes[e->part] -= e->bytes;
}

/* Puts e first in the use order and in its bucket; the lock is held. */
static void
link_entry(struct entry *e)
{
	struct entry **b = &cache.table[e->hash & (cache.nbuckets - 1)];

	e->chain = *b;
	*b = e;
	e->older = cache.newest;
	e->newer = NULL;
	if (cache.newest != NULL)
		cache.newest->newer = e;
	else
		cache.oldest = e;
	cache.newest = e;
	cache.n++;
	cache.bytes += e->bytes;
	cache.part_n[e->part]++;
	cache.part_bytes[e->part] += e->bytes;
}

/* The table slot hash of a key: eight bytes a step (FNV-1a's byte a step
 * was a twentieth of a cached page's cost at 130-byte keys). Folded with
 * multiplications; the chains stay short as long as keys differ, and the
 * cache holds at most max_n of them however a client picks its URLs. */
static uint64_t
key_hash(unsigned part, const char *key, size_t len)
{
	const uint64_t m = 0x9e3779b97f4a7c15ULL;
	/* The partition too: every site has a "/", and they must not all
	 * share a chain. */
	uint64_t h = (len + ((uint64_t)part << 32)) * m, w;

	for (; len >= 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = (h ^ w) * m;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, key, len);
	h = (h ^ w) * m;
	return h ^ (h >> 32);
}

static struct entry *
find(unsigned part, const char *key, uint64_t hash)
{
	struct entry *e = cache.table[hash & (cache.nbuckets - 1)];

	for (; e != NULL; e = e->chain)
		if (e->hash == hash && e->part == part &&
		    strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

/* Makes room in the counters for partition part; the lock is held.
 * Returns 0, or -1 when out of memory. */
static int
parts_grow(unsigned part)
{
	size_t n = (size_t)part + 1, *pn, *pb;

	if (part < cache.nparts)
		return 0;
	if ((pn = reallocarray(cache.part_n, n, sizeof(*pn))) == NULL)
		return -1;
	cache.part_n = pn;
	if ((pb = reallocarray(cache.part_bytes, n, sizeof(*pb))) == NULL)
		return -1;
	cache.part_bytes = pb;
	memset(pn + cache.nparts, 0, (n - cache.nparts) * sizeof(*pn));
	memset(pb + cache.nparts, 0, (n - cache.nparts) * sizeof(*pb));
	cache.nparts = n;
	return 0;
}

/* Whether partition part holds more than its share of either bound; the
 * lock is held. */
static bool
above_share(unsigned part)
{
	return cache.part_n[part] > cache.max_n / cache.nsites ||
	    cache.part_bytes[part] > cache.max_bytes / cache.nsites;
}

/* The page to evict: the least recently used one of a partition above its
 * share. While the cache is over a bound some partition is (the shares
 * add up to no more than the bounds), so a quiet site's pages within its
 * share stay however busy the others are. The walk passes over such
 * pages only: with one site, it takes the oldest at once. */
static struct entry *
victim(void)
{
	struct entry *e;

	for (e = cache.oldest; e != NULL; e = e->newer)
		if (above_share(e->part))
			return e;
	return cache.oldest;
}

void
page_cache_sites(size_t n)
{
	pthread_mutex_lock(&cache.lock);
	cache.nsites = n > 0 ? n : 1;
	pthread_mutex_unlock(&cache.lock);
}

/* Frees a list of entries linked through chain, once the lock is let go. */
static void
free_list(struct entry *e)
{
	struct entry *next;

	for (; e != NULL; e = next) {
		next = e->chain;
		entry_free(e);
	}
}

void
page_cache_flush(void)
{
	struct entry *gone = NULL, *e;

	if (cache.table == NULL)
		return;
	pthread_mutex_lock(&cache.lock);
	while ((e = cache.oldest) != NULL) {
		unlink_entry(e);
		e->chain = gone;
		gone = e;
	}
	pthread_mutex_unlock(&cache.lock);
	free_list(gone);
}

void
page_cache_fini(void)
{
	page_cache_flush();
	free(cache.table);
	free(cache.part_n);
	free(cache.part_bytes);
	cache.table = NULL;
	cache.part_n = NULL;
	cache.part_bytes = NULL;
	cache.nparts = 0;
	cache.nsites = 1;
	cache.nbuckets = 0;
	cache.max_n = 0;
}

void
page_cache_site_usage(unsigned part, size_t *n, size_t *bytes)
{
	pthread_mutex_lock(&cache.lock);
	*n = part < cache.nparts ? cache.part_n[part] : 0;
	*bytes = part < cache.nparts ? cache.part_bytes[part] : 0;
	pthread_mutex_unlock(&cache.lock);
}

void
page_cache_usage(size_t *n, size_t *bytes)
{
	pthread_mutex_lock(&cache.lock);
	*n = cache.n;
	*bytes = cache.bytes;
	pthread_mutex_unlock(&cache.lock);
}

static bool
deps_equal(const struct cache_deps *a, const struct cache_deps *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->id[i] != b->id[i] || a->gen[i] != b->gen[i])
			return false;
	return true;
}

/* Whether a was built after a change that b was not: then a is the one to
 * keep. */
static bool
deps_newer(const struct cache_deps *a, const struct cache_deps *b)
{
	size_t i;

	for (i = 0; i < a->n && i < b->n; i++)
		if (a->id[i] == b->id[i] && a->gen[i] > b->gen[i])
			return true;
	return false;
}

static bool
cacheable(const char *key, const struct cache_deps *deps)
{
	return key != NULL && cache.table != NULL && deps != NULL &&
	    deps->n <= PAGE_CACHE_SCOPES_MAX &&
	    strlen(key) < PAGE_CACHE_KEY_MAX;
}

/* Evicts while the cache is over a bound, onto the list gone (freed by
 * the caller once the lock is let go); the lock is held. */
static struct entry *
evict(struct entry *gone)
{
	struct entry *old;

	while (cache.n > cache.max_n || cache.bytes > cache.max_bytes) {
		old = victim();
		unlink_entry(old);
		old->chain = gone;
		gone = old;
	}
	return gone;
}

/* What a gzip copy counts for in the bound. */
static size_t
gz_bytes(const struct blob *gz)
{
	return gz != NULL ? sizeof(struct blob) + gz->len + 1 : 0;
}

/* Makes p's gzip copy (p->gz, a reference the caller drops) and keeps it
 * with the entry of key if that still holds p's body without one. A
 * failed compression leaves p->gz NULL: the page goes out uncompressed. */
static void
add_gzip(unsigned part, const char *key, uint64_t h, struct cached_page *p)
{
	struct entry *e, *gone = NULL;

	/* Outside the lock: the body is ours while we hold its reference. */
	if ((p->gz = gzip_blob(p->body->data, p->body->len,
	    GZIP_ON_MISS)) == NULL)
		return;
	pthread_mutex_lock(&cache.lock);
	if ((e = find(part, key, h)) != NULL && e->page.body == p->body &&
	    e->page.gz == NULL) {
		e->page.gz = blob_ref(p->gz);
		e->bytes += gz_bytes(p->gz);
		cache.bytes += gz_bytes(p->gz);
		cache.part_bytes[part] += gz_bytes(p->gz);
		gone = evict(NULL);
	}
	pthread_mutex_unlock(&cache.lock);
	free_list(gone);
}

int
page_cache_get(unsigned part, const char *key, const struct cache_deps *deps,
    time_t now, bool gzip, struct cached_page *p)
{
	struct entry *e;
	uint64_t h;
	bool compress = false;
	int ret = -1;

	if (!cacheable(key, deps))
		return -1;
	h = key_hash(part, key, strlen(key));
	pthread_mutex_lock(&cache.lock);
	if ((e = find(part, key, h)) != NULL && deps_equal(&e->deps, deps) &&
	    (e->expires == 0 || now < e->expires)) {
		/* The page read most is the newest already: leave the
		 * list's cache lines alone. */
		if (e != cache.newest) {
			unlink_entry(e);
			link_entry(e);
		}
		*p = e->page;
		blob_ref(p->body);
		blob_ref(p->gz);
		compress = gzip && p->gz == NULL && e->compress;
		ret = 0;
	}
	pthread_mutex_unlock(&cache.lock);
	if (compress)
		add_gzip(part, key, h, p);
	return ret;
}

/* A new entry holding p's bodies (new references) for key, or NULL. */
static struct entry *
entry_new(unsigned part, const char *key, const struct cache_deps *deps,
    time_t expires, const struct cached_page *p)
{
	size_t klen = strlen(key);
	struct entry *e = calloc(1, sizeof(*e) + klen + 1);

	if (e == NULL)
		return NULL;
	memcpy(e->key, key, klen + 1);
	e->part = part;
	e->hash = key_hash(part, key, klen);
	e->deps = *deps;
	e->expires = expires;
	e->page = *p;
	blob_ref(p->body);
	blob_ref(p->gz);
	e->bytes = sizeof(*e) + klen + 1 + sizeof(struct blob) +
	    p->body->len + 1 + gz_bytes(p->gz);
	e->compress = gzip_worth(p->type);
	return e;
}

int
page_cache_put(unsigned part, const char *key, const struct cache_deps *deps,
    time_t expires, time_t last_modified, const char *type, bool gzip,
    const char *body, size_t len, struct cached_page *p)
{
	struct entry *e, *old, *gone = NULL;
	bool keep = cacheable(key, deps);

	memset(p, 0, sizeof(*p));
	if (type == NULL || (size_t)snprintf(p->type, sizeof(p->type), "%s",
	    type) >= sizeof(p->type))
		return -1;
	if ((p->body = blob_new(body, len)) == NULL)
		return -1;
	/* Made once, here for a client that takes it, else by the first
	 * hit that does (page_cache_get): a miss for one that does not
	 * (a crawler, a feed reader, curl) skips the compression. A page
	 * that is not kept (caching off, a key too long) goes out
	 * uncompressed rather than paying a compression per request. */
	if (keep && gzip && gzip_worth(type) &&
	    (p->gz = gzip_blob(body, len, GZIP_ON_MISS)) == NULL) {
		page_cache_release(p);
		return -1;
	}
	gzip_etags(hash64(body, len), p->etag, p->etag_gz);
	p->last_modified = last_modified;
	if (!keep)
		return 0;
	if ((e = entry_new(part, key, deps, expires, p)) == NULL)
		return 0;
	/* A page larger than the whole bound is not kept. One larger than
	 * its site's share is: when the cache is full its site is above its
	 * share, and so its own others go first, never another site's. */
	if (e->bytes > cache.max_bytes) {
		entry_free(e);
		return 0;
	}
	pthread_mutex_lock(&cache.lock);
	/* Another thread may have rendered the same page after a change
	 * this one did not see: keep the newer one. */
	if (parts_grow(part) == -1 || ((old = find(part, key, e->hash)) !=
	    NULL && deps_newer(&old->deps, deps))) {
		e->chain = gone;
		gone = e;
	} else {
		if (old != NULL) {
			unlink_entry(old);
			old->chain = gone;
			gone = old;
		}
		link_entry(e);
		gone = evict(gone);
	}
	pthread_mutex_unlock(&cache.lock);
	free_list(gone);
	return 0;
}

void
page_cache_release(struct cached_page *p)
{
	blob_unref(p->body);
	blob_unref(p->gz);
	p->body = NULL;
	p->gz = NULL;
}

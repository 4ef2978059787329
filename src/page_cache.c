/* page_cache.c: a fixed-size, direct-mapped table of rendered pages, keyed
 * on the path and the query fields the route declares; each holds its type
 * and a gzip copy. A slot holds one page; a newer page for another key in
 * the same slot replaces it, which bounds memory without any eviction
 * bookkeeping. */
#include <pthread.h>
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

struct slot {
	pthread_mutex_t	 lock;
	char		 key[PAGE_CACHE_KEY_MAX];
	int64_t		 generation;
	time_t		 expires;
	struct cached_page page;
};

static struct slot	*slots;
static size_t		 nslots;

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
page_cache_init(size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if ((slots = calloc(n, sizeof(*slots))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		pthread_mutex_init(&slots[i].lock, NULL);
	nslots = n;
	return 0;
}

void
page_cache_fini(void)
{
	size_t i;

	for (i = 0; i < nslots; i++) {
		page_cache_release(&slots[i].page);
		pthread_mutex_destroy(&slots[i].lock);
	}
	free(slots);
	slots = NULL;
	nslots = 0;
}

static struct slot *
slot_of(const char *key)
{
	if (key == NULL || nslots == 0 || strlen(key) >= PAGE_CACHE_KEY_MAX)
		return NULL;
	return &slots[hash64(key, strlen(key)) % nslots];
}

int
page_cache_get(const char *key, int64_t generation, time_t now,
    struct cached_page *p)
{
	struct slot *s = slot_of(key);
	int ret = -1;

	if (s == NULL)
		return -1;
	pthread_mutex_lock(&s->lock);
	if (s->page.body != NULL && s->generation == generation &&
	    (s->expires == 0 || now < s->expires) &&
	    strcmp(s->key, key) == 0) {
		*p = s->page;
		blob_ref(p->body);
		blob_ref(p->gz);
		ret = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return ret;
}

int
page_cache_put(const char *key, int64_t generation, time_t expires,
    time_t last_modified, const char *type, const char *body, size_t len,
    struct cached_page *p)
{
	struct slot *s = slot_of(key);
	struct cached_page old = { 0 };

	memset(p, 0, sizeof(*p));
	if (type == NULL || (size_t)snprintf(p->type, sizeof(p->type), "%s",
	    type) >= sizeof(p->type))
		return -1;
	if ((p->body = blob_new(body, len)) == NULL)
		return -1;
	/* Made once here, so a hit costs no compression; a page that is not
	 * kept (caching off, a key too long) goes out uncompressed rather
	 * than paying a compression per request. */
	if (s != NULL && gzip_worth(type) &&
	    (p->gz = gzip_blob(body, len)) == NULL) {
		page_cache_release(p);
		return -1;
	}
	gzip_etags(hash64(body, len), p->etag, p->etag_gz);
	p->last_modified = last_modified;
	if (s == NULL)
		return 0;
	pthread_mutex_lock(&s->lock);
	/* Another thread may have rendered the same page for a newer
	 * generation meanwhile: keep the newer one. */
	if (s->page.body == NULL || strcmp(s->key, key) != 0 ||
	    s->generation <= generation) {
		old = s->page;
		memcpy(s->key, key, strlen(key) + 1);
		s->generation = generation;
		s->expires = expires;
		s->page = *p;
		blob_ref(p->body);
		blob_ref(p->gz);
	}
	pthread_mutex_unlock(&s->lock);
	page_cache_release(&old);
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

void
page_cache_flush(void)
{
	struct cached_page old;
	size_t i;

	for (i = 0; i < nslots; i++) {
		pthread_mutex_lock(&slots[i].lock);
		old = slots[i].page;
		slots[i].page.body = NULL;
		slots[i].page.gz = NULL;
		pthread_mutex_unlock(&slots[i].lock);
		page_cache_release(&old);
	}
}

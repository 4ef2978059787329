/* page_cache.c: a fixed-size, direct-mapped table of rendered pages. A slot
 * holds one page; a newer page for another key in the same slot replaces
 * it, which bounds memory without any eviction bookkeeping. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/blob.h"
#include "lib/hash.h"
#include "page_cache.h"

struct slot {
	pthread_mutex_t	 lock;
	char		 key[PAGE_CACHE_KEY_MAX];
	int64_t		 generation;
	time_t		 expires;
	struct cached_page page;
};

static struct slot	*slots;
static size_t		 nslots;

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
		blob_unref(slots[i].page.body);
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
		ret = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return ret;
}

int
page_cache_put(const char *key, int64_t generation, time_t expires,
    time_t last_modified, const char *body, size_t len, struct cached_page *p)
{
	struct slot *s = slot_of(key);
	struct blob *old = NULL;

	if ((p->body = blob_new(body, len)) == NULL)
		return -1;
	snprintf(p->etag, sizeof(p->etag), "\"%016llx\"",
	    (unsigned long long)hash64(body, len));
	p->last_modified = last_modified;
	if (s == NULL)
		return 0;
	pthread_mutex_lock(&s->lock);
	/* Another thread may have rendered the same page for a newer
	 * generation meanwhile: keep the newer one. */
	if (s->page.body == NULL || strcmp(s->key, key) != 0 ||
	    s->generation <= generation) {
		old = s->page.body;
		memcpy(s->key, key, strlen(key) + 1);
		s->generation = generation;
		s->expires = expires;
		s->page = *p;
		blob_ref(p->body);
	}
	pthread_mutex_unlock(&s->lock);
	blob_unref(old);
	return 0;
}

void
page_cache_flush(void)
{
	struct blob *old;
	size_t i;

	for (i = 0; i < nslots; i++) {
		pthread_mutex_lock(&slots[i].lock);
		old = slots[i].page.body;
		slots[i].page.body = NULL;
		pthread_mutex_unlock(&slots[i].lock);
		blob_unref(old);
	}
}

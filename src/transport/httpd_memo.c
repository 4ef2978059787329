/* httpd_memo.c: each `waypoint serve` thread's recent answers with a
 * shared body (a cached page, a static file), kept as libmicrohttpd
 * responses, so that serving the same answer again copies no header: made
 * anew, a response strdup()s each of its dozen headers and frees them all
 * after the request, a third of the thread's own work on a cached page.
 * An answer that is a page of the page cache is also found by its
 * request (page_reuse.h): the next plain request for the same target gets
 * it without routing, once the page cache says the page is unchanged;
 * routing and the headers were two thirds of the rest. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "lib/blob.h"
#include "page_reuse.h"
#include "request.h"
#include "response.h"
#include "transport/httpd_memo.h"

/* 16 answers a thread: the pages a site's visitors read most. */
#define MEMO_SLOTS	16
/* 256 KiB: a larger body costs more to send than its headers to copy, and
 * the memo (which holds each body until its slot is reused) stays under
 * MEMO_SLOTS x this a thread, whatever the pages' size. */
#define MEMO_BODY_MAX	(256 * 1024)

struct memo_slot {
	struct MHD_Response	*r;	/* owned; NULL: empty */
	const struct blob	*body;	/* r holds a reference to it */
	int			 status;
	size_t			 nheaders;
	char			*headers;	/* "name\0value\0" each */
	uint64_t		 used;	/* when last found or kept */
	/* A page of the page cache: its origin (the strings in page, one
	 * allocation), and the request it answered. */
	struct page_origin	 origin;	/* cfg NULL: none */
	bool			 gzip;
	const char		*target;
	char			*page;
};

struct memo {
	struct memo_slot	 slot[MEMO_SLOTS];
	uint64_t		 clock;
};

static pthread_key_t	memo_key;
static pthread_once_t	memo_once = PTHREAD_ONCE_INIT;
static bool		memo_ready;

static void
memo_slot_clear(struct memo_slot *s)
{
	if (s->r != NULL)
		MHD_destroy_response(s->r);
	free(s->headers);
	free(s->page);
	memset(s, 0, sizeof(*s));
}

/* A thread that ends (libmicrohttpd's, when the server stops) gives its
 * responses back: one still queued lives on until its connection is
 * done. */
static void
memo_free(void *p)
{
	struct memo *m = p;
	size_t i;

	for (i = 0; i < MEMO_SLOTS; i++)
		memo_slot_clear(&m->slot[i]);
	free(m);
}

static void
memo_init(void)
{
	memo_ready = pthread_key_create(&memo_key, memo_free) == 0;
}

static struct memo *
memo_get(bool make)
{
	struct memo *m;

	pthread_once(&memo_once, memo_init);
	if (!memo_ready)
		return NULL;
	if ((m = pthread_getspecific(memo_key)) != NULL || !make)
		return m;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if (pthread_setspecific(memo_key, m) != 0) {
		free(m);
		return NULL;
	}
	return m;
}

static bool
memo_worth(const struct response *rs)
{
	return rs->shared != NULL && rs->shared->len <= MEMO_BODY_MAX &&
	    rs->file_fd == -1 && !rs->close && !rs->head &&
	    rs->status != 304;
}

/* Whether slot s was made for the same answer as rs. */
static bool
memo_same(const struct memo_slot *s, const struct response *rs)
{
	const char *p = s->headers;
	size_t i;

	if (s->r == NULL || s->body != rs->shared ||
	    s->status != rs->status || s->nheaders != rs->nheaders)
		return false;
	for (i = 0; i < rs->nheaders; i++) {
		if (strcmp(p, rs->headers[i].name) != 0)
			return false;
		p += strlen(p) + 1;
		if (strcmp(p, rs->headers[i].value) != 0)
			return false;
		p += strlen(p) + 1;
	}
	return true;
}

/* Forgets the page slot s answered: it is found by its answer only. */
static void
memo_unpage(struct memo_slot *s)
{
	free(s->page);
	s->page = NULL;
	s->target = NULL;
	memset(&s->origin, 0, sizeof(s->origin));
}

/* Notes in s the page rq was answered with (rs->origin), when rq is a
 * plain request for it (ask); out of memory, s is found by its answer
 * only. */
static void
memo_page(struct memo_slot *s, const struct memo_ask *ask,
    const struct request *rq, const struct response *rs)
{
	size_t tlen, slen, klen;
	char *p;

	if (rs->origin.cfg == NULL || rs->status != 200 ||
	    ask->site != rs->origin.cfg)
		return;
	tlen = strlen(rq->target) + 1;
	slen = rs->origin.slug != NULL ? strlen(rs->origin.slug) + 1 : 0;
	klen = strlen(rs->origin.key) + 1;
	if ((p = malloc(tlen + slen + klen)) == NULL)
		return;
	s->page = p;
	s->target = memcpy(p, rq->target, tlen);
	s->origin = rs->origin;
	s->origin.key = memcpy(p + tlen, rs->origin.key, klen);
	if (slen > 0)
		s->origin.slug = memcpy(p + tlen + klen, rs->origin.slug, slen);
	s->gzip = ask->gzip;
}

struct MHD_Response *
httpd_memo_find(const struct memo_ask *ask, const struct request *rq,
    const struct response *rs)
{
	struct memo_slot *s;
	struct memo *m;
	size_t i;

	if (!memo_worth(rs) || (m = memo_get(false)) == NULL)
		return NULL;
	for (i = 0; i < MEMO_SLOTS; i++) {
		s = &m->slot[i];
		if (!memo_same(s, rs))
			continue;
		s->used = ++m->clock;
		/* Kept for a request that was not plain (a cookie came), or
		 * for another target of the same page: noted for this plain
		 * one, which httpd_memo_page then finds without routing. */
		if (ask != NULL && ask->site != NULL && (s->page == NULL ||
		    strcmp(s->target, rq->target) != 0)) {
			memo_unpage(s);
			memo_page(s, ask, rq, rs);
		}
		return s->r;
	}
	return NULL;
}

bool
httpd_memo_keep(const struct memo_ask *ask, const struct request *rq,
    const struct response *rs, struct MHD_Response *r)
{
	struct memo_slot *s;
	struct memo *m;
	size_t i, len = 0;
	char *headers, *p;

	if (!memo_worth(rs) || (m = memo_get(true)) == NULL)
		return false;
	for (i = 0; i < rs->nheaders; i++)
		len += strlen(rs->headers[i].name) +
		    strlen(rs->headers[i].value) + 2;
	if ((headers = malloc(len + 1)) == NULL)
		return false;
	for (p = headers, i = 0; i < rs->nheaders; i++) {
		p = stpcpy(p, rs->headers[i].name) + 1;
		p = stpcpy(p, rs->headers[i].value) + 1;
	}
	/* The slot used longest ago (an empty one has used 0). */
	s = &m->slot[0];
	for (i = 1; i < MEMO_SLOTS; i++)
		if (m->slot[i].used < s->used)
			s = &m->slot[i];
	memo_slot_clear(s);
	s->r = r;
	s->body = rs->shared;
	s->status = rs->status;
	s->nheaders = rs->nheaders;
	s->headers = headers;
	s->used = ++m->clock;
	memo_page(s, ask, rq, rs);
	return true;
}

struct MHD_Response *
httpd_memo_page(const struct request *rq, struct memo_ask *ask, size_t *len)
{
	struct memo_slot *s;
	struct memo *m;
	size_t i;

	if (!page_reuse_request(rq, &ask->site, &ask->gzip)) {
		ask->site = NULL;
		return NULL;
	}
	if ((m = memo_get(false)) == NULL)
		return NULL;
	for (i = 0; i < MEMO_SLOTS; i++) {
		s = &m->slot[i];
		if (s->origin.cfg != ask->site || s->gzip != ask->gzip ||
		    strcmp(s->target, rq->target) != 0)
			continue;
		/* Changed since: the slot keeps its answer, and no longer
		 * stands for the page, which routing makes anew and
		 * httpd_memo_find notes where it is kept. */
		if (!page_reuse_current(&s->origin, ask->gzip, rq->now)) {
			memo_unpage(s);
			continue;
		}
		s->used = ++m->clock;
		*len = s->body->len;
		return s->r;
	}
	return NULL;
}

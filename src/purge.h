/* purge.h: after an editor's write commits, nginx's cache
 * (conf/nginx-cache.conf) is told which public pages it changed, from a
 * thread of its own so that the editor's answer does not wait. */
#ifndef WAYPOINT_PURGE_H
#define WAYPOINT_PURGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "generation.h"

struct config;
struct content;
struct request;

/* The cache scopes' generations (generation.h) before a write. */
struct purge_mark {
	bool	 set;
	int64_t	 gens[SCOPE_COUNT];
};

/* The paths to purge, NUL-separated, on the heap. */
struct purge_list {
	char	*data;
	size_t	 len, cap;
	size_t	 n;
	bool	 failed;	/* out of memory */
	bool	 full;		/* PURGE_CHANGE_MAX reached: the rest left */
};

/* 100,000 paths waiting at most (a few MiB); past that a change is left
 * to s-maxage, and logged. */
#define PURGE_QUEUE_MAX	100000
/* One change's paths at most: half the queue, so that a change to
 * everything on a big site (440,000 paths at 100,000 releases) purges
 * its first ones, the pages readers likeliest ask, and leaves room for
 * the changes after it; the rest are left to s-maxage, and logged. */
#define PURGE_CHANGE_MAX	(PURGE_QUEUE_MAX / 2)
/* The pages of a paged list that every change to it purges: ?page=0 to
 * ?page=9 beside the bare path. Deeper ones are purged from the changed
 * item's page on as far as PURGE_DEEP_MAX reaches, and past it those
 * that Waypoint answered lately (purge_served.h). */
#define PURGE_PAGES		10
/* The deep list pages' URLs one change queues at most, a quarter of its
 * bound (3,125 pages of /news and its API twin in two languages: 31,250
 * releases deep), so that a few publishes in a second still fit the
 * queue beside one another. [test] purge_deep lowers it. */
#define PURGE_DEEP_MAX		(PURGE_CHANGE_MAX / 4)

/* Reads the generations into *m when rq's site has a [cache] purge_url
 * (m->set false otherwise, or when the read fails). */
void	purge_mark(struct request *rq, struct purge_mark *m);

/* Names the content item c whose write rq makes (as it is after it;
 * before: as it was, or NULL): purge_changed() queues its own pages
 * before any other, which on a big site may be thousands (its slug's
 * bucket), and those of its old slug, which no row names any more; its
 * sitemap file, which the index no longer lists once the
 * change emptied it; and, for a release, the news lists' pages from its
 * place on (the newer of its places before and after), which the change
 * moved by one, not those above it. */
void	purge_item_first(struct request *rq, const struct content *c,
	    const struct content *before);

/* After rq's handler answered status: when it is no error and a scope
 * moved since m, queues the purges of every page that reads it, in every
 * language of rq->cfg's site (purge_urls.c). */
void	purge_changed(struct request *rq, const struct purge_mark *m,
	    int status);

/* Appends path to l (nothing once it failed or is full). */
void	purge_list_add(struct purge_list *l, const char *path);

/* Whether route (a route's pattern, as src/app.c declares it) is a list
 * whose ?page=N pages the purges name (purge_urls.c): those below
 * PURGE_PAGES always, the deeper ones as above. */
bool	purge_paged_list(const char *route);

/* Hands l (emptied) to the purge thread, started on first use in this
 * process, for cfg's [cache] purge_url and the host of its [site]
 * base_url. A queue nearly full takes l's first paths that fit and
 * leaves the others (logged). Returns 0, or -1 (logged) when cfg's
 * addresses do not parse or the queue is full; l's memory is taken
 * either way. */
int	purge_queue(const struct config *cfg, struct purge_list *l);

/* How many paths wait in this process's queue (for the tests). */
size_t	purge_queued(void);

#endif

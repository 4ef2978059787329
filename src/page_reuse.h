/* page_reuse.h: a public page's answer given again, as it was sent, to the
 * next plain request for the same target, once the page cache says the
 * page is still the one it holds: `waypoint serve` keeps such answers
 * (transport/httpd_memo.c) and skips routing and headers for them. */
#ifndef WAYPOINT_PAGE_REUSE_H
#define WAYPOINT_PAGE_REUSE_H

#include <stdbool.h>
#include <time.h>

#include "response.h"

struct config;
struct request;

/*
 * Whether rq is a plain request for a page: a GET without a body whose
 * answer, if a page of the cache, depends on nothing but its site (by
 * Host, into *site), its target and whether it takes gzip (*gzip). No
 * validator, range or cookie: a conditional request gets its 304 and a
 * signed-in editor's request its own answer from app_handle. Every
 * request header app_handle reads for a public page is here or refused
 * here.
 */
bool	page_reuse_request(const struct request *rq,
	    const struct config **site, bool *gzip);

/* Whether the page o came from is still the one the page cache holds for
 * its key at time now (the same body: the one sent, identity or gzip as
 * gzip says), its scopes unchanged; false also when that cannot be told
 * without the database. Any thread. */
bool	page_reuse_current(const struct page_origin *o, bool gzip,
	    time_t now);

#endif

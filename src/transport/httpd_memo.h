/* httpd_memo.h: each `waypoint serve` thread's recent answers with a
 * shared body, kept as libmicrohttpd responses; only transport/httpd*.c
 * include it. */
#ifndef WAYPOINT_HTTPD_MEMO_H
#define WAYPOINT_HTTPD_MEMO_H

#include <stdbool.h>

#include <microhttpd.h>

#include "request.h"
#include "response.h"

struct config;

/* What httpd_memo_page found out about a request for httpd_memo_keep:
 * its site when it is a plain request for a page (page_reuse_request),
 * else NULL, and whether it takes gzip. */
struct memo_ask {
	const struct config	*site;
	bool			 gzip;
};

/* The response this thread made before for the same answer as rs (its
 * shared body, status and headers, all alike), or NULL. The memo keeps it:
 * queue it, never destroy it. When rs answers a plain request (ask, as
 * httpd_memo_page found it; NULL: none) for a page, the response is
 * noted for rq's target, to be found by httpd_memo_page. */
struct MHD_Response	*httpd_memo_find(const struct memo_ask *ask,
			    const struct request *rq,
			    const struct response *rs);

/* Offers r, just made for rs (the answer to rq, as ask found it), to this
 * thread's memo. True when the memo took it (and owns it from then on:
 * queue it, never destroy it); false when rs is not worth keeping (no
 * shared body, a large one, a closing answer) or out of memory, r still
 * the caller's. A page of the page cache answering a plain request is
 * found again by httpd_memo_page. */
bool			 httpd_memo_keep(const struct memo_ask *ask,
			    const struct request *rq, const struct response *rs,
			    struct MHD_Response *r);

/* The answer this thread kept for a plain request like rq (page_reuse.h:
 * its site, target and gzip alike) when the page cache still holds that
 * page, with its body's length in *len; else NULL, with what it found
 * out about rq in *ask for httpd_memo_keep. The memo keeps the answer:
 * queue it, never destroy it. */
struct MHD_Response	*httpd_memo_page(const struct request *rq,
			    struct memo_ask *ask, size_t *len);

#endif

/* httpd_memo.h: each `waypoint serve` thread's recent answers with a
 * shared body, kept as libmicrohttpd responses; only transport/httpd*.c
 * include it. */
#ifndef WAYPOINT_HTTPD_MEMO_H
#define WAYPOINT_HTTPD_MEMO_H

#include <stdbool.h>

#include <microhttpd.h>

#include "request.h"
#include "response.h"

/* The response this thread made before for the same answer as rs (its
 * shared body, status and headers, all alike), or NULL. The memo keeps it:
 * queue it, never destroy it. */
struct MHD_Response	*httpd_memo_find(const struct response *rs);

/* Offers r, just made for rs (the answer to rq), to this thread's memo.
 * True when the memo took it (and owns it from then on: queue it, never
 * destroy it); false when rs is not worth keeping (no shared body, a
 * large one, a closing answer) or out of memory, r still the caller's.
 * A page of the page cache answering a plain request is found again by
 * httpd_memo_page. */
bool			 httpd_memo_keep(const struct request *rq,
			    const struct response *rs, struct MHD_Response *r);

/* The answer this thread kept for a plain request like rq (page_reuse.h:
 * its site, target and gzip alike) when the page cache still holds that
 * page, with its body's length in *len; else NULL. The memo keeps it:
 * queue it, never destroy it. */
struct MHD_Response	*httpd_memo_page(const struct request *rq,
			    size_t *len);

#endif

/* httpd_memo.h: each `waypoint serve` thread's recent answers with a
 * shared body, kept as libmicrohttpd responses; only transport/httpd*.c
 * include it. */
#ifndef WAYPOINT_HTTPD_MEMO_H
#define WAYPOINT_HTTPD_MEMO_H

#include <stdbool.h>

#include <microhttpd.h>

#include "response.h"

/* The response this thread made before for the same answer as rs (its
 * shared body, status and headers, all alike), or NULL. The memo keeps it:
 * queue it, never destroy it. */
struct MHD_Response	*httpd_memo_find(const struct response *rs);

/* Offers r, just made for rs, to this thread's memo. True when the memo
 * took it (and owns it from then on: queue it, never destroy it); false
 * when rs is not worth keeping (no shared body, a large one, a closing
 * answer) or out of memory, r still the caller's. */
bool			 httpd_memo_keep(const struct response *rs,
			    struct MHD_Response *r);

#endif

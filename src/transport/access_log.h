/* access_log.h: the one access-log line per request, shared by the
 * transports. */
#ifndef WAYPOINT_ACCESS_LOG_H
#define WAYPOINT_ACCESS_LOG_H

#include <stddef.h>

struct request;
struct response;

/* Logs rq's client, method and path (never the query, which may carry a
 * token, nor a preview link's token: /preview/(token)), rs's status, the body bytes sent and the microseconds the request
 * took, as one info line through log_info. Bytes that are not visible ASCII
 * are shown as '?', so a hostile value cannot forge a line. */
void	access_log(const struct request *rq, const struct response *rs,
	    size_t bytes, long usec);

#endif

/* access_log.h: the one access-log line per request, shared by the
 * transports. */
#ifndef WAYPOINT_ACCESS_LOG_H
#define WAYPOINT_ACCESS_LOG_H

#include <stddef.h>

struct request;
struct response;

/* Longest path logged: the line stays well under the log's 2 KiB. */
#define ACCESS_PATH_MAX	512

/* rq's path as every log line shows it, in out: the target without its
 * query, a preview link's token as "(token)" (/preview/(token), found in
 * the decoded path too), bytes that are not visible ASCII as '?', at most
 * ACCESS_PATH_MAX bytes. Returns out. */
const char	*access_log_path(const struct request *rq,
		    char out[ACCESS_PATH_MAX + 1]);

/* Logs rq's client, method and path (never the query, which may carry a
 * token, nor a preview link's token: /preview/(token)), rs's status, the
 * body bytes sent, the microseconds the request took, the store's VM
 * steps for it (steps=N) and the pages it read past SQLite's cache
 * (reads=N), and the page cache's answer (cache=hit, miss or off), as one
 * info line through log_info. Bytes that are not visible
 * ASCII are shown as '?', so a hostile value cannot forge a line. */
void	access_log(const struct request *rq, const struct response *rs,
	    size_t bytes, long usec);

#endif

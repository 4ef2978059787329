/* access_log.c: the one access-log line per request. */
#include <stddef.h>
#include <string.h>

#include "lib/log.h"
#include "request.h"
#include "response.h"
#include "transport/access_log.h"

/* Longest path logged: the line stays well under the log's 2 KiB. */
#define ACCESS_PATH_MAX	512

/* Copies at most n bytes of s, up to stop (a byte, or '\0' for none), into
 * out (of size n + 1), as visible ASCII; "-" when nothing is left. */
static const char *
visible(char *out, size_t n, const char *s, char stop)
{
	size_t i;

	for (i = 0; s != NULL && s[i] != '\0' && s[i] != stop && i < n; i++)
		out[i] = (unsigned char)s[i] > 0x20 &&
		    (unsigned char)s[i] < 0x7f ? s[i] : '?';
	if (i == 0)
		out[i++] = '-';
	out[i] = '\0';
	return out;
}

void
access_log(const struct request *rq, const struct response *rs,
    size_t bytes, long usec)
{
	char client[sizeof(rq->client)], method[17], path[ACCESS_PATH_MAX + 1];

	log_info("access client=%s method=%s path=%s status=%d bytes=%zu "
	    "usec=%ld",
	    visible(client, sizeof(client) - 1, rq->client, '\0'),
	    visible(method, sizeof(method) - 1, rq->method_name, '\0'),
	    visible(path, ACCESS_PATH_MAX, rq->target, '?'),
	    rs->status, bytes, usec);
}

/* conditional.h: If-None-Match and If-Modified-Since against the answer's
 * ETag and Last-Modified. */
#ifndef WAYPOINT_CONDITIONAL_H
#define WAYPOINT_CONDITIONAL_H

struct request;
struct response;

/* Turns rs from a 200 into a 304 when rq's If-None-Match names rs's ETag
 * (weakly compared, "*" matching any), or, with no If-None-Match, when
 * rs's Last-Modified is not after If-Modified-Since. The ETag is that of
 * the encoding chosen, so each encoding revalidates with its own tag.
 * Leaves every other status, and the body, alone. */
void	conditional_apply(struct request *rq, struct response *rs);

#endif

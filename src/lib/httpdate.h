/* httpdate.h: HTTP dates (RFC 9110 IMF-fixdate) for Last-Modified. */
#ifndef WAYPOINT_HTTPDATE_H
#define WAYPOINT_HTTPDATE_H

#include <time.h>

#define HTTPDATE_LEN	30	/* "Sun, 06 Nov 1994 08:49:37 GMT" + NUL */

/* Writes t as an IMF-fixdate into out (HTTPDATE_LEN bytes). */
void	httpdate_format(time_t t, char *out);

/* Parses an IMF-fixdate; returns 0 and sets *t, or -1 when s is not one. */
int	httpdate_parse(const char *s, time_t *t);

#endif

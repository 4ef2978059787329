/* clock.h: milliseconds on the monotonic clock, which a change of the
 * date does not move: the deadlines of the workers' jobs and of a wait
 * for a media slot. */
#ifndef WAYPOINT_CLOCK_H
#define WAYPOINT_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif

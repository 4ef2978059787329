/* import_progress.c: the progress line of `waypoint import` on a
 * terminal: items done (of how many), the rate and the time left. */
#include <stdio.h>
#include <unistd.h>

#include "cli/import.h"

/* A progress line is on the terminal, not yet ended. */
static bool shown;

/* Seconds from a to b. */
static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void
import_progress(int64_t done, int64_t total, const struct timespec *start,
    bool force)
{
	static struct timespec last;
	static int tty = -1;
	struct timespec now;
	double t, rate;

	if (tty == -1)
		tty = isatty(STDERR_FILENO);
	if (!tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* A few times a second: more would only cost the terminal. */
	if (!force && seconds(&last, &now) < 0.25)
		return;
	last = now;
	t = seconds(start, &now);
	rate = t > 0 ? (double)done / t : 0;
	if (total > 0)
		fprintf(stderr, "\r%lld of %lld items, %.0f/s, %.0f s left  ",
		    (long long)done, (long long)total, rate, rate > 0 &&
		    total > done ? (double)(total - done) / rate : 0.0);
	else
		fprintf(stderr, "\r%lld items, %.0f/s  ", (long long)done,
		    rate);
	shown = !force;
	if (force)
		fputc('\n', stderr);
}

void
import_progress_break(void)
{
	if (shown)
		fputc('\n', stderr);
	shown = false;
}

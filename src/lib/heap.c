/* heap.c: how a long-lived server's malloc holds memory: few arenas, and
 * what is freed given back to the kernel now and then, with the file
 * pages no longer in use.
 *
 * Why: glibc gives each thread that meets a busy arena an arena of its
 * own (up to eight per core), and keeps what is freed inside an arena for
 * reuse, giving back only the top of the main one. After a burst (a page
 * rendered for many cold URLs at once, a list of 10,000 releases) the
 * server's resident memory stayed at the burst's height: in `make load
 * SCALE=100000` three arenas held 4 MiB free of their 15. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "lib/heap.h"
#include "lib/log.h"
#include "lib/resident.h"

/* 2: one per worker thread of a 2-core machine; more threads share them.
 * Their locks are taken per malloc, and a request allocates from its own
 * arena (lib/arena.c) in large blocks, so contention stays low. */
#define HEAP_ARENAS		2

/* 5 s: a burst's memory is back within seconds, and the trim's walk of
 * the free lists (the server's heap is some 20 MiB) is too rare to cost
 * anything measurable. */
#define HEAP_TRIM_SECONDS	5

static struct {
	pthread_mutex_t	lock;
	pthread_cond_t	wake;
	pthread_t	thread;
	bool		running, stop;
} trim = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, false,
	false };

void
heap_tune(void)
{
	mallopt(M_ARENA_MAX, HEAP_ARENAS);
}

static void *
heap_trim_run(void *arg)
{
	struct timespec at;

	(void)arg;
	pthread_mutex_lock(&trim.lock);
	while (!trim.stop) {
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_sec += HEAP_TRIM_SECONDS;
		while (!trim.stop && pthread_cond_timedwait(&trim.wake,
		    &trim.lock, &at) != ETIMEDOUT)
			;
		if (trim.stop)
			break;
		pthread_mutex_unlock(&trim.lock);
		/* 0: keep no slack at the top of the heap; every arena's
		 * free pages go back, not only the main arena's top. */
		malloc_trim(0);
		/* The read-only file pages too: those the first requests
		 * touched once (ICU's data as a language's date formats
		 * open) would otherwise stay resident for good. Some 5 ms of
		 * the kernel's time under load; the pages in use come back
		 * in minor faults. */
		resident_drop_file_pages();
		pthread_mutex_lock(&trim.lock);
	}
	pthread_mutex_unlock(&trim.lock);
	return NULL;
}

int
heap_trim_start(void)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	char err[128];
	int rc;

	/* The deadline is on the monotonic clock: a change of the wall
	 * clock neither stalls nor hurries the trim. */
	if (pthread_condattr_init(&ca) != 0)
		return -1;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&trim.wake);
	rc = pthread_cond_init(&trim.wake, &ca);
	pthread_condattr_destroy(&ca);
	if (rc != 0)
		return -1;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	trim.stop = false;
	rc = pthread_create(&trim.thread, NULL, heap_trim_run, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		log_error("heap: cannot start the trim thread: %s",
		    strerror_r(rc, err, sizeof(err)));
		return -1;
	}
	trim.running = true;
	return 0;
}

void
heap_trim_stop(void)
{
	if (!trim.running)
		return;
	pthread_mutex_lock(&trim.lock);
	trim.stop = true;
	pthread_cond_signal(&trim.wake);
	pthread_mutex_unlock(&trim.lock);
	pthread_join(trim.thread, NULL);
	trim.running = false;
}

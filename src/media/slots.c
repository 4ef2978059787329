/* slots.c: the media worker's slots (slots.h): each the process id of
 * its holder, 0 when free, in an anonymous shared mapping, taken and
 * given back by compare-and-swap. A process that dies holding a slot
 * (killed mid-upload, or by a reload) leaves its id behind, which a
 * taker frees once kill() says that process is gone. Waiters look again
 * now and then rather than wait on a shared condition variable: one a
 * process was killed waiting on may never wake the others (a robust
 * mutex recovers from its holder's death; a condition variable does
 * not). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "media/slots.h"

/* 50 ms: how often a waiting job looks again. Uploads are rare and a
 * job takes a second or more: the wait adds little, and no wake-up needs
 * the other process's help. */
#define POLL_MS	50

static pid_t *owners;
/* The slots of a process whose mapping failed: still a bound, its own. */
static pid_t local[MEDIA_SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

int
media_slots_init(void)
{
	void *p;

	p = mmap(NULL, sizeof(pid_t) * MEDIA_SLOTS, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		owners = local;
		return -1;
	}
	owners = p;
	return 0;
}

void
media_slots_fini(void)
{
	if (owners != NULL && owners != local)
		munmap(owners, sizeof(pid_t) * MEDIA_SLOTS);
	owners = local;
}

static void
init_once(void)
{
	if (owners == NULL)
		(void)media_slots_init();
}

/* Whether process pid may still hold its slot. */
static bool
alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno != ESRCH;
}

/* Takes slot i if it is free or its holder is gone. */
static bool
try_take(int i, pid_t self)
{
	pid_t o = __atomic_load_n(&owners[i], __ATOMIC_ACQUIRE);

	if (o != 0 && (o == self || alive(o)))
		return false;
	return __atomic_compare_exchange_n(&owners[i], &o, self, false,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

int
media_slot_take(int wait_ms)
{
	pid_t self = getpid();
	int64_t until = clock_ms() + wait_ms, left;
	struct timespec pause;
	int i;

	pthread_once(&once, init_once);
	for (;;) {
		for (i = 0; i < MEDIA_SLOTS; i++)
			if (try_take(i, self))
				return i;
		if ((left = until - clock_ms()) <= 0)
			return -1;
		if (left > POLL_MS)
			left = POLL_MS;
		pause.tv_sec = 0;
		pause.tv_nsec = (long)left * 1000000;
		nanosleep(&pause, NULL);
	}
}

void
media_slot_give(int i)
{
	if (i >= 0 && i < MEDIA_SLOTS)
		__atomic_store_n(&owners[i], 0, __ATOMIC_RELEASE);
}

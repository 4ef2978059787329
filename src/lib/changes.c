/* changes.c: the shared write counter, an anonymous shared mapping. */
#include <stddef.h>
#include <sys/mman.h>

#include "lib/changes.h"

static uint64_t *counter;
/* Without the mapping each read is new, which makes every request ask
 * the database: slower, never stale. */
static uint64_t unshared;

int
changes_init(void)
{
	void *p;

	p = mmap(NULL, sizeof(*counter), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	counter = p;
	return 0;
}

void
changes_fini(void)
{
	if (counter != NULL)
		munmap(counter, sizeof(*counter));
	counter = NULL;
}

void
changes_bump(void)
{
	if (counter != NULL)
		__atomic_add_fetch(counter, 1, __ATOMIC_RELEASE);
}

uint64_t
changes_read(void)
{
	if (counter == NULL)
		return __atomic_add_fetch(&unshared, 1, __ATOMIC_RELAXED);
	return __atomic_load_n(counter, __ATOMIC_ACQUIRE);
}

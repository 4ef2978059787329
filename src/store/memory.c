/* memory.c: the bound on the memory SQLite keeps in this process (its page
 * caches above all), whatever the number of threads and connections. */
#include "store/db_internal.h"

void
store_memory_limit(size_t bytes)
{
	/* Soft: past it SQLite gives back the pages of its caches that no
	 * statement holds rather than grow them, and never fails a query
	 * for want of memory. */
	sqlite3_soft_heap_limit64((sqlite3_int64)bytes);
}

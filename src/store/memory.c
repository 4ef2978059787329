/* memory.c: the bound on the memory SQLite keeps in this process (its page
 * caches above all), whatever the number of threads and connections; or
 * no count at all, for a command that needs no bound. */
#include "store/db_internal.h"

void
store_memory_limit(size_t bytes)
{
	/* Soft: past it SQLite gives back the pages of its caches that no
	 * statement holds rather than grow them, and never fails a query
	 * for want of memory. */
	sqlite3_soft_heap_limit64((sqlite3_int64)bytes);
}

void
store_memory_unmetered(void)
{
	/* SQLite counts every allocation under one process-wide mutex, for
	 * the limit above; a process that sets none (an import: one
	 * connection, in one thread) skips the count. It must come before
	 * SQLite starts; later it is refused, and the count stays. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* generation.h: the content generation that cached pages are valid for,
 * read from the database only when it may have changed. */
#ifndef WAYPOINT_GENERATION_H
#define WAYPOINT_GENERATION_H

#include <stdint.h>

#include "store/store.h"

/* 1 s: how long a change made to the database by another program (the
 * sqlite3 shell, a second server on the same file) may take to show;
 * changes made through this server's processes (lib/changes.h) show at
 * once. */
#define GENERATION_RECHECK_MS	1000

/* The content generation as db sees it, into *generation: this thread's last
 * reading while no write went through this server's processes and less than
 * GENERATION_RECHECK_MS passed, else read again. Returns STORE_OK or the
 * store's failure (then *generation is not set). */
enum store_status generation_current(struct store *db, int64_t *generation);

#endif

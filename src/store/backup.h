/* backup.h: a consistent, durable copy of the database while it is in use. */
#ifndef WAYPOINT_BACKUP_H
#define WAYPOINT_BACKUP_H

#include <stddef.h>

#include "store/store.h"

/* Copies the database at db_path to file, a new path: the copy is taken in
 * one step from a read snapshot (editors' saves go on meanwhile), written to
 * "file.tmp" in the same folder, switched to rollback-journal mode so that it
 * is one self-contained file, fsynced, renamed to file, and the folder
 * fsynced. Refuses a file that exists (the database itself included) and a
 * leftover "file.tmp". Returns STORE_OK, or another status with a sentence
 * saying what went wrong in err (always terminated when errlen > 0); nothing
 * is left behind on failure. */
enum store_status store_backup(const char *db_path, const char *file,
		    char *err, size_t errlen);

#endif

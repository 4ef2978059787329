/* inventory.h: what the media folder holds against what the rows refer
 * to: the files in use, orphans (a file whose row never committed: a
 * crash between the two), temporaries, names that are not ours, and rows
 * whose files are missing. `waypoint db check`, `media gc` and `db backup`
 * read it. */
#ifndef WAYPOINT_MEDIA_INVENTORY_H
#define WAYPOINT_MEDIA_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "store/media_files.h"

struct arena;

/* media_ingest's temporary files begin so: a hidden name, which neither
 * media_name_ok nor nginx's /media/ locations accept. */
#define MEDIA_TMP_PREFIX	".tmp-"

/* 3600 s: a file changed within the last hour may belong to an upload
 * still in progress, between its rename and its row's commit: gc leaves
 * such an orphan or temporary for a later run. */
#define MEDIA_GC_GRACE		3600

enum media_entry_kind {
	MEDIA_ENTRY_USED,	/* a name of ours that a row refers to */
	MEDIA_ENTRY_ORPHAN,	/* a name of ours that no row refers to */
	MEDIA_ENTRY_TEMP,	/* a regular file named MEDIA_TMP_PREFIX... */
	MEDIA_ENTRY_FOREIGN,	/* anything else: left alone, reported */
};

/* One entry of the media folder. */
struct media_entry {
	const char	*name;
	enum media_entry_kind kind;
	time_t		 mtime;
};

/* A file a row refers to that the folder lacks. */
struct media_missing {
	int64_t		 media_id;
	const char	*name;		/* the file it should be */
};

struct media_inventory {
	struct media_entry *entries;	/* in no set order */
	size_t		 nentries;
	struct media_missing *missing;	/* by item */
	size_t		 nmissing;
	size_t		 counts[MEDIA_ENTRY_FOREIGN + 1];
	bool		 no_folder;	/* the folder does not exist */
};

/*
 * Reads folder dir against refs[0..nrefs] (store_media_file_refs) into
 * *inv, in arena a. A folder that does not exist holds nothing (no_folder
 * set): every file referred to is missing. Only regular files named as
 * media_name_ok() accepts are ours; a link, a folder or any other name is
 * foreign, whatever its name, but the folder's lock file
 * (MEDIA_LOCK_NAME), which is not listed. Returns 0, or -1 with errno
 * when the folder cannot be read.
 */
int	media_inventory_read(const char *dir, struct arena *a,
	    const struct media_file_ref *refs, size_t nrefs,
	    struct media_inventory *inv);

/* A word for kind ("in use", "orphan", "temporary", "not ours"). */
const char *media_entry_kind_name(enum media_entry_kind);

#endif

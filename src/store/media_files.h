/* media_files.h: the files the media rows refer to (011.sql): what
 * `waypoint db check` looks for in the media folder and what `waypoint
 * media gc` must never remove. */
#ifndef WAYPOINT_STORE_MEDIA_FILES_H
#define WAYPOINT_STORE_MEDIA_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

/* One file a row refers to: an item's stored original (format NULL) or
 * one of its smaller copies (format "webp", "jpeg" or "png", and width).
 * type is 011.sql's name of the item's type. */
struct media_file_ref {
	int64_t		 media_id;
	const char	*hash;
	const char	*type;
	const char	*format;
	int		 width;
};

/* 10 million: far past any office's library (each image has up to
 * MEDIA_VARIANTS_MAX + 1 files), and a bound on the arena. */
#define MEDIA_FILE_REFS_MAX	10000000

/* Every file the rows of media and media_variants refer to, read in one
 * snapshot, into *refs (arena a; NULL when there is none) and *n, ordered
 * by item. */
enum store_status store_media_file_refs(struct store *, struct arena *a,
		    struct media_file_ref **refs, size_t *n);

#endif

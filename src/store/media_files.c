/* media_files.c: the files the media rows refer to, for `waypoint db
 * check` and `waypoint media gc`. */
#include <stddef.h>

#include "store/db_internal.h"
#include "store/media_files.h"

enum store_status
store_media_file_refs(struct store *s, struct arena *a,
    struct media_file_ref **refs, size_t *n)
{
	/* One statement: one snapshot of both tables, so a replace
	 * committed meanwhile shows either its old files or its new ones. */
	static const char sql[] =
	    "SELECT id, hash, type, NULL, 0 FROM media "
	    "UNION ALL "
	    "SELECT m.id, m.hash, m.type, v.format, v.width "
	    "FROM media_variants v JOIN media m ON m.id = v.media_id "
	    "ORDER BY 1";
	static const struct db_col cols[] = {
		DB_COL(DB_INT64, struct media_file_ref, media_id),
		DB_COL(DB_TEXT, struct media_file_ref, hash),
		DB_COL(DB_TEXT, struct media_file_ref, type),
		DB_COL(DB_TEXT_OR_NULL, struct media_file_ref, format),
		DB_COL(DB_INT, struct media_file_ref, width),
	};

	return db_list_all(s, a, db_query(s, sql, ""), cols,
	    sizeof(cols) / sizeof(cols[0]), (void **)refs,
	    sizeof(**refs), MEDIA_FILE_REFS_MAX, n,
	    "store_media_file_refs");
}

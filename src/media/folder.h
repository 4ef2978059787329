/* folder.h: one upload's files put into the media folder: each written
 * to a temporary name, fsynced, renamed to its final name, the folder
 * fsynced; or, on any failure, every file of the upload taken away again.
 * Internal to src/media/. */
#ifndef WAYPOINT_MEDIA_FOLDER_H
#define WAYPOINT_MEDIA_FOLDER_H

#include <stdbool.h>
#include <stddef.h>

#include "media/files.h"

/* An original and its variants. */
#define MEDIA_BATCH_MAX	(1 + MEDIA_VARIANTS_MAX)

/* ".tmp-", 16 hex digits: a name media_name_ok() refuses, so never
 * served, and one `waypoint media gc` knows as an interrupted upload's. */
#define MEDIA_TMP_MAX	24

struct media_batch {
	int		 dfd;		/* the media folder */
	size_t		 n;
	struct {
		int	 fd;		/* -1 once placed */
		char	 tmp[MEDIA_TMP_MAX];
	} f[MEDIA_BATCH_MAX];
};

/* Opens the media folder dir for b, making it (mode 0750) when it is
 * missing. Returns 0, or -1 (logged). */
int	media_batch_open(struct media_batch *b, const char *dir);

/* A new, empty file of b under a temporary name, mode 0640 whatever the
 * umask (its group: the folder's, when the folder is set-group-ID).
 * Returns its descriptor, owned by b, and its index in *i; or -1
 * (logged), also when b holds MEDIA_BATCH_MAX files already. */
int	media_batch_add(struct media_batch *b, size_t *i);

/* File i of b fsynced, closed and renamed to name; a file already there
 * under that name is kept (the name is its content's hash, so it holds
 * the same bytes), its time set to now so that gc's grace spares it as a
 * new file, and file i dropped. Returns 0, or -1 (logged). */
int	media_batch_place(struct media_batch *b, size_t i, const char *name);

/* The media folder's lock file: a hidden name, so never served, and one
 * the inventory passes over. An upload holds it shared from placing its
 * files until their rows have committed; whatever removes files (a
 * delete's or a replace's old files, `waypoint media gc`) holds it
 * exclusive while it checks that no row has them and unlinks them, so
 * that it never takes a file whose row is about to commit. flock: it
 * holds across the fcgi worker processes, and goes with the process. */
#define MEDIA_LOCK_NAME	".lock"

/* Takes the lock of media folder dir (made, mode 0750, when missing
 * and create is set) as how says: LOCK_SH or LOCK_EX, with LOCK_NB not to
 * wait. Returns the descriptor holding it, closed to let go; or -1 with
 * errno EWOULDBLOCK (LOCK_NB and held), ENOENT (no folder, create unset)
 * or another (logged). */
int	media_folder_lock(const char *dir, int how, bool create);

/* Makes the renames durable (the folder fsynced) and closes b: its files
 * stay. Returns 0, or -1 (logged) when the folder cannot be synced, b
 * then closed as media_batch_abort() closes it. */
int	media_batch_commit(struct media_batch *b);

/* Closes b, removing its files still under temporary names. One placed
 * under its final name stays, for `waypoint media gc` once no row has
 * it: another upload of the same content may have found it there and
 * be about to commit its row (both hold the folder's lock shared). */
void	media_batch_abort(struct media_batch *b);

#endif

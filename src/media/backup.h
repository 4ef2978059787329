/* backup.h: the media folder copied beside a database backup (FILE.media):
 * hard links where it can (a file is never changed once named, so a link
 * is a safe copy), else copies. */
#ifndef WAYPOINT_MEDIA_BACKUP_H
#define WAYPOINT_MEDIA_BACKUP_H

#include <stddef.h>

/* What a copy did. */
struct media_backup_counts {
	size_t		 linked;	/* hard links */
	size_t		 copied;	/* copies (another file system) */
	size_t		 lost;		/* named but gone from src meanwhile */
};

/* Puts into folder dst (made when missing, 0750) every regular file of
 * folder src whose name media_name_ok accepts, or only those of names[0..n]
 * when names is not NULL, that dst lacks; a src that does not exist holds
 * nothing. Each copy is fsynced as it is written; the folder is the
 * caller's to sync (file_sync). Counts into *c. Returns 0, or -1 with a
 * sentence in err (always terminated when errlen > 0). */
int	media_backup_files(const char *src, const char *dst,
	    const char *const *names, size_t n, struct media_backup_counts *c,
	    char *err, size_t errlen);

/* Removes folder dst and the files in it (a backup that failed). */
void	media_backup_remove(const char *dst);

#endif

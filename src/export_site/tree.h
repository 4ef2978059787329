/* tree.h: the folder a static export is written to: a new tree built next
 * to the previous one, unchanged files hard-linked from it, then swapped
 * in at once. */
#ifndef WAYPOINT_EXPORT_TREE_H
#define WAYPOINT_EXPORT_TREE_H

#include <stdbool.h>
#include <stddef.h>

/* 20: up to this many paths of each kind are named in the summary
 * without -v. */
#define TREE_NAMED_MAX	20

/* The file at the top of every export: a folder without it that is not
 * empty is never replaced (it could be anything). */
#define TREE_MARKER	".waypoint-export"

enum tree_count {
	TREE_WRITTEN,
	TREE_UNCHANGED,
	TREE_REMOVED,
	TREE_COUNT_COUNT
};

struct export_tree {
	char	*dir;		/* the export, as given, no trailing '/' */
	char	*next;		/* the new tree being built beside it */
	int	 old_fd;	/* the previous export, or -1 */
	int	 new_fd;
	int	 lock_fd;	/* dir's parent folder, locked, or -1 */
	unsigned dir_mode;	/* every folder's: dir's own, or 0755 */
	unsigned file_mode;	/* every file's: dir_mode's read and
				   write bits */
	unsigned gid;		/* dir's group, which every file has */
	bool	 verbose;	/* name every path */
	size_t	 n[TREE_COUNT_COUNT];
	char	*named[TREE_COUNT_COUNT][TREE_NAMED_MAX];
};

/* Starts a new tree next to dir (which may not exist yet; when it does,
 * it must be a folder holding a previous export, or empty, and not a
 * mount point), with dir's owner, group and mode (a new dir: 0755), which
 * its folders take too and its files without the execute bits, whatever
 * the umask. Removes the new trees an export that was stopped left
 * beside dir. Says on stderr what is wrong and returns -1; else 0.
 * Either way, tree_free(t) when done. */
int	tree_open(struct export_tree *t, const char *dir, bool verbose);

/* Whether file (relative) is in the new tree already. */
bool	tree_has(const struct export_tree *t, const char *file);

/* Puts data[0..len] at file (relative, checked: no "..", no dot-files):
 * a hard link to the previous export's file when its bytes, mode and
 * group are the same (reached through no symbolic link), else a new file.
 * Returns 0, or -1 (said on stderr). */
int	tree_put(struct export_tree *t, const char *file, const void *data,
	    size_t len);

/* Puts the file name of folder src_fd at file: as tree_put, but a file
 * of the previous export of the same name and size counts as the same
 * (a media file's name is its content's hash), and a new one is a hard
 * link to the source when it has the export's mode and group, else a
 * copy (another file system, another mode: a web server that reads the
 * export may not read the media folder). */
int	tree_put_link(struct export_tree *t, const char *file, int src_fd,
	    const char *name);

/* Counts what the previous export held that the new one does not, makes
 * the new tree durable and swaps it in for dir, then removes the
 * previous one (what cannot be removed is said once, and left). Returns
 * 0, or -1 (said; the previous export is left as it was and the new
 * tree removed). */
int	tree_commit(struct export_tree *t);

/* Removes the new tree, leaving dir as it was. */
void	tree_abort(struct export_tree *t);

/* Frees what t holds (after tree_commit or tree_abort). */
void	tree_free(struct export_tree *t);

/* Prints what the export did: counts, and the paths when few or t was
 * opened verbose (then they were printed as they went). */
void	tree_report(const struct export_tree *t, const char *dir);

#endif

/* media.c: `waypoint media gc [--dry-run]`: removes from the media folder
 * the files no row refers to (a crash between file and row) and stale
 * temporary files, never a file a row refers to nor a name not ours. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "lib/arena.h"
#include "media/folder.h"
#include "media/inventory.h"
#include "store/media_files.h"
#include "store/store.h"

/* 64: a file's hash, SHA-256 in hex, begins its name. */
#define GC_HASH_LEN	64

/* Opens the database for gc: only at this waypoint's schema version, whose
 * tables it knows. NULL (said on stderr) otherwise. */
static struct store *
gc_open(const struct config *cfg)
{
	enum store_status st;
	struct store *s;
	int version;

	if ((s = store_open(cfg->database, STORE_INSPECT, &st)) == NULL) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		return NULL;
	}
	if ((st = store_file_version(s, &version)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		store_close(s);
		return NULL;
	}
	if (version != store_schema_version()) {
		fprintf(stderr, "%s: schema version %d, this waypoint's is %d: "
		    "media gc runs only on a database of its own version "
		    "(run `waypoint db migrate`, or the newer waypoint)\n",
		    cfg->database, version, store_schema_version());
		store_close(s);
		return NULL;
	}
	return s;
}

/* Whether a row of s has the content of orphan name (its hash, the
 * first GC_HASH_LEN characters): asked again just before the unlink,
 * so that gc never removes what a row refers to, whatever the list
 * read before said. Errors count as used. */
static bool
gc_hash_used(struct store *s, const char *name)
{
	char hash[GC_HASH_LEN + 1];
	bool used = true;

	snprintf(hash, sizeof(hash), "%s", name);
	if (store_media_hash_used(s, hash, &used) != STORE_OK) {
		fprintf(stderr, "%s: cannot check it against the database\n",
		    name);
		return true;
	}
	return used;
}

/* Removes (or with dry_run names) each orphan and temporary of inv older
 * than MEDIA_GC_GRACE, and reports the rest. Returns how many could not
 * be removed. */
static int
gc_remove(struct store *s, const char *dir,
    const struct media_inventory *inv, bool dry_run)
{
	const struct media_entry *e;
	time_t now = time(NULL);
	int dfd, failed = 0;
	size_t i;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < inv->nentries; i++) {
		e = &inv->entries[i];
		if (e->kind == MEDIA_ENTRY_USED)
			continue;
		if (e->kind == MEDIA_ENTRY_FOREIGN) {
			printf("left alone (not a file of Waypoint's): %s/%s\n",
			    dir, e->name);
			continue;
		}
		if (now - e->mtime < MEDIA_GC_GRACE) {
			printf("kept (%s, changed within the hour: an upload "
			    "may be in progress): %s/%s\n",
			    media_entry_kind_name(e->kind), dir, e->name);
			continue;
		}
		if (e->kind == MEDIA_ENTRY_ORPHAN && gc_hash_used(s, e->name)) {
			printf("kept (a row has its content): %s/%s\n", dir,
			    e->name);
			continue;
		}
		if (dry_run) {
			printf("would remove (%s): %s/%s\n",
			    media_entry_kind_name(e->kind), dir, e->name);
			continue;
		}
		if (unlinkat(dfd, e->name, 0) == -1 && errno != ENOENT) {
			fprintf(stderr, "%s/%s: %s\n", dir, e->name,
			    strerror(errno));
			failed++;
			continue;
		}
		printf("removed (%s): %s/%s\n", media_entry_kind_name(e->kind),
		    dir, e->name);
	}
	/* The removals reach the disk with their folder. */
	if (!dry_run && fsync(dfd) == -1) {
		fprintf(stderr, "%s: fsync: %s\n", dir, strerror(errno));
		failed++;
	}
	close(dfd);
	return failed;
}

/* `waypoint media gc`. An upload holds the folder's lock shared from
 * placing its files until their rows commit; gc holds it exclusive from
 * reading the references to the last unlink, so it never sees a file
 * whose row is about to commit, and may run while the site serves. A
 * file younger than MEDIA_GC_GRACE is kept all the same (a reused one
 * has its time renewed): the lock is advisory, and an older waypoint
 * may be serving. */
static int
media_gc(const struct config *cfg, bool dry_run)
{
	struct media_file_ref *refs;
	struct media_inventory inv;
	struct store *s;
	struct arena *a;
	size_t n;
	int lock = -1, ret = 1;

	if ((s = gc_open(cfg)) == NULL)
		return 1;
	if ((a = arena_new()) == NULL) {
		store_close(s);
		return 1;
	}
	if ((lock = media_folder_lock(cfg->media_dir, LOCK_EX | LOCK_NB,
	    false)) == -1 && errno == EWOULDBLOCK) {
		printf("%s: waiting for the uploads in progress\n",
		    cfg->media_dir);
		fflush(stdout);
		lock = media_folder_lock(cfg->media_dir, LOCK_EX, false);
	}
	/* No folder: no lock file, and nothing to remove. */
	if (lock == -1 && errno != ENOENT) {
		fprintf(stderr, "%s: cannot lock it: %s\n", cfg->media_dir,
		    strerror(errno));
		goto out;
	}
	if (store_media_file_refs(s, a, &refs, &n) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", cfg->database,
		    store_strerror(STORE_ERROR));
		goto out;
	}
	if (media_inventory_read(cfg->media_dir, a, refs, n, &inv) == -1) {
		fprintf(stderr, "%s: %s\n", cfg->media_dir, strerror(errno));
		goto out;
	}
	if (inv.no_folder) {
		printf("%s: no media folder, nothing to do\n", cfg->media_dir);
		ret = 0;
		goto out;
	}
	if (gc_remove(s, cfg->media_dir, &inv, dry_run) == 0)
		ret = 0;
	printf("%s: %zu files in use, %zu orphans, %zu temporary, %zu not "
	    "ours%s\n", cfg->media_dir, inv.counts[MEDIA_ENTRY_USED],
	    inv.counts[MEDIA_ENTRY_ORPHAN], inv.counts[MEDIA_ENTRY_TEMP],
	    inv.counts[MEDIA_ENTRY_FOREIGN], dry_run ? " (dry run: nothing "
	    "removed)" : "");
	if (inv.nmissing > 0)
		printf("%s: %zu files of media rows are missing: see "
		    "`waypoint db check`\n", cfg->media_dir, inv.nmissing);
out:
	if (lock != -1)
		close(lock);
	arena_free(a);
	store_close(s);
	return ret;
}

int
cli_media(const struct config *cfg, int argc, char **argv)
{
	bool dry_run = false;
	int i;

	if (argc < 1)
		return cli_refuse("media", NULL);
	if (strcmp(argv[0], "gc") != 0)
		return cli_refuse("media", argv[0]);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") != 0)
			return cli_refuse("media", argv[i]);
		dry_run = true;
	}
	return media_gc(cfg, dry_run);
}

/* db.c: `waypoint db init | migrate | check | backup`. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/file.h"
#include "media/backup.h"
#include "media/inventory.h"
#include "store/backup.h"
#include "store/media_files.h"
#include "store/store.h"
#include "view/markdown.h"
#include "view/urls.h"

/* Renders stored Markdown for store_render_missing; prints what is wrong
 * with a body that cannot be rendered and leaves it. */
static char *
render(const char *markdown, const char *what)
{
	enum markdown_status st;
	char *html;

	st = markdown_render(markdown, strlen(markdown), &html);
	if (st != MARKDOWN_OK) {
		fprintf(stderr, "%s: %s\n", what, markdown_message(st));
		return NULL;
	}
	return html;
}

static int
db_init(const struct config *cfg, int argc, char **argv)
{
	enum store_status st;
	struct store *s;
	struct stat sb;
	bool empty = false;
	char *dir;
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--empty") != 0)
			return cli_refuse("db", argv[i]);
		empty = true;
	}
	/* Never a database in whatever folder this happens to run in: a
	 * checkout's relative default needs the checkout's configuration
	 * (an installed waypoint's default is absolute). */
	if (!cfg->file_read && *cfg->database != '/') {
		fprintf(stderr, "waypoint db init: no configuration file was "
		    "read and [paths] database is not set; run it in the "
		    "checkout (conf/waypoint.conf) or give --config FILE "
		    "with [paths] database\n");
		return 2;
	}
	if (cli_render_check() == -1)
		return 1;
	if (stat(cfg->database, &sb) == 0) {
		/* Migrating is the advice only for a file this waypoint can
		 * bring up to date. */
		if ((s = store_open(cfg->database, STORE_INSPECT, &st)) != NULL)
			store_close(s);
		if (s == NULL && st == STORE_NEW_SCHEMA)
			fprintf(stderr, "%s already exists, and %s\n",
			    cfg->database, store_strerror(st));
		else
			fprintf(stderr, "%s already exists; remove it first to "
			    "start over, or run `waypoint db migrate`\n",
			    cfg->database);
		return 1;
	}
	/* The folder of the database (var/ in a checkout) is made here so
	 * that a fresh checkout needs no other step. */
	if ((dir = strdup(cfg->database)) == NULL)
		return 1;
	if (mkdir(dirname(dir), 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		free(dir);
		return 1;
	}
	free(dir);
	if ((s = store_open(cfg->database, STORE_CREATE, &st)) == NULL) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		return 1;
	}
	if ((st = store_migrate(s)) != STORE_OK ||
	    (!empty && (st = store_load_seed(s, cfg->langs,
	    cfg->nlangs)) != STORE_OK) ||
	    (st = store_render_missing(s, render)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		store_close(s);
		unlink(cfg->database);
		return 1;
	}
	store_close(s);
	printf("created %s%s\n", cfg->database, empty ? "" :
	    " with the demo content");
	return 0;
}

static int
db_migrate(const struct config *cfg)
{
	enum store_status st;
	struct store *s;
	int before, after;

	if (cli_render_check() == -1)
		return 1;
	if ((s = store_open(cfg->database, STORE_WRITE, &st)) == NULL) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		return 1;
	}
	if ((st = store_file_version(s, &before)) != STORE_OK ||
	    (st = store_migrate(s)) != STORE_OK ||
	    (st = store_render_missing(s, render)) != STORE_OK ||
	    (st = store_file_version(s, &after)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		store_close(s);
		return 1;
	}
	store_close(s);
	if (before == after)
		printf("%s: schema version %d, up to date\n", cfg->database,
		    after);
	else
		printf("%s: schema version %d -> %d\n", cfg->database, before,
		    after);
	return 0;
}

/* Prints each release whose slug the site has taken for itself since it
 * was saved (url_news_reserved: /news/feed is the feed): a sound row that
 * /news/<slug> no longer reaches. Returns how many, or -1 when the store
 * fails. */
static int
db_check_slugs(struct store *s, const char *path)
{
	struct news *items;
	struct arena *a;
	size_t n, i, j;
	int found = 0;

	if ((a = arena_new()) == NULL)
		return -1;
	for (i = 0; url_news_reserved[i] != NULL; i++) {
		if (store_news_with_slug(s, a, url_news_reserved[i], &items,
		    &n) != STORE_OK) {
			found = -1;
			break;
		}
		for (j = 0; j < n; j++, found++)
			printf("%s: release %lld (%s) has the slug \"%s\", "
			    "which the site now uses for itself: give it "
			    "another slug in the admin\n", path,
			    (long long)items[j].id, items[j].lang,
			    items[j].slug);
	}
	arena_free(a);
	return found;
}

/* The media folder of database path: FILE.media beside a copy that has
 * one (db backup makes it), else [paths] media for the database itself,
 * else none (NULL): a copy made without its files. In arena a. */
static const char *
check_media_dir(const struct config *cfg, struct arena *a, const char *path)
{
	struct stat sb, db_sb;
	const char *beside = arena_printf(a, "%s.media", path);

	if (beside != NULL && stat(beside, &sb) == 0 && S_ISDIR(sb.st_mode))
		return beside;
	if (stat(path, &sb) == 0 && stat(cfg->database, &db_sb) == 0 &&
	    sb.st_dev == db_sb.st_dev && sb.st_ino == db_sb.st_ino)
		return cfg->media_dir;
	return NULL;
}

/* Checks the media folder of database path against its rows: a row
 * whose file is missing is an error (printed; returns 1), a file without
 * a row (a crash between the two) a warning with the advice to run media
 * gc, a name that is not ours one that it is left alone. Returns 0, 1, or
 * -1 when the store or the folder cannot be read. */
static int
db_check_media(const struct config *cfg, struct store *s, const char *path)
{
	struct media_file_ref *refs;
	struct media_inventory inv;
	struct arena *a;
	const char *dir;
	size_t n, i;
	int ret = -1;

	if ((a = arena_new()) == NULL)
		return -1;
	if (store_media_file_refs(s, a, &refs, &n) != STORE_OK)
		goto out;
	if ((dir = check_media_dir(cfg, a, path)) == NULL) {
		if (n > 0)
			printf("%s: no media folder beside it (%s.media): "
			    "%zu files of its media rows are not there\n",
			    path, path, n);
		ret = n > 0;
		goto out;
	}
	if (media_inventory_read(dir, a, refs, n, &inv) == -1) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		goto out;
	}
	for (i = 0; i < inv.nmissing; i++)
		printf("%s: media item %lld: %s/%s is missing\n", path,
		    (long long)inv.missing[i].media_id, dir,
		    inv.missing[i].name);
	for (i = 0; i < inv.nentries; i++)
		if (inv.entries[i].kind == MEDIA_ENTRY_FOREIGN)
			printf("%s: warning: %s/%s is not a file of "
			    "Waypoint's; left alone\n", path, dir,
			    inv.entries[i].name);
	if (inv.counts[MEDIA_ENTRY_ORPHAN] > 0 ||
	    inv.counts[MEDIA_ENTRY_TEMP] > 0)
		printf("%s: warning: %zu orphan files (no row refers to "
		    "them: a crash between file and row) and %zu "
		    "temporary files in %s; run `waypoint media gc`\n", path,
		    inv.counts[MEDIA_ENTRY_ORPHAN],
		    inv.counts[MEDIA_ENTRY_TEMP], dir);
	ret = inv.nmissing > 0;
out:
	arena_free(a);
	return ret;
}

static int
db_check(const struct config *cfg, const char *path)
{
	enum store_status st;
	struct store *s;
	int version, taken, media = 0;

	if ((s = store_open(path, STORE_INSPECT, &st)) == NULL) {
		fprintf(stderr, "%s: %s\n", path, store_strerror(st));
		return 1;
	}
	if ((st = store_check(s)) != STORE_OK ||
	    (st = store_file_version(s, &version)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", path, store_strerror(st));
		store_close(s);
		return 1;
	}
	taken = version == store_schema_version() ? db_check_slugs(s, path) : 0;
	if (version == store_schema_version())
		media = db_check_media(cfg, s, path);
	store_close(s);
	if (taken == -1 || media == -1) {
		fprintf(stderr, "%s: %s\n", path, store_strerror(STORE_ERROR));
		return 1;
	}
	if (taken > 0 || media > 0)
		return 1;
	if (version != store_schema_version()) {
		printf("%s: sound, but schema version %d (this waypoint: %d); "
		    "run `waypoint db migrate`\n", path, version,
		    store_schema_version());
		return 1;
	}
	printf("%s: ok (schema version %d)\n", path, version);
	return 0;
}

/* Adds to folder dir the files the rows of the database copy file refer
 * to that dir lacks (uploaded between the first pass and the copy's
 * snapshot), from the media folder. 0, or -1 (said on stderr). */
static int
backup_media_refs(const struct config *cfg, const char *file,
    const char *dir, struct media_backup_counts *c)
{
	struct media_backup_counts more = { 0 };
	struct media_file_ref *refs;
	struct media_inventory inv;
	enum store_status st;
	const char **names;
	struct store *s;
	struct arena *a;
	char err[PATH_MAX + 256];
	size_t n, i;
	int ret = -1;

	if ((a = arena_new()) == NULL)
		return -1;
	if ((s = store_open(file, STORE_INSPECT, &st)) == NULL ||
	    (st = store_media_file_refs(s, a, &refs, &n)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", file, store_strerror(st));
		goto out;
	}
	if (media_inventory_read(dir, a, refs, n, &inv) == -1 ||
	    (names = arena_alloc(a, (inv.nmissing + 1) *
	    sizeof(*names))) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		goto out;
	}
	for (i = 0; i < inv.nmissing; i++)
		names[i] = inv.missing[i].name;
	if (media_backup_files(cfg->media_dir, dir, names, inv.nmissing, &more,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	if (more.lost > 0)
		fprintf(stderr, "%s: %zu files its rows refer to are missing "
		    "from %s too: see `waypoint db check`\n", file, more.lost,
		    cfg->media_dir);
	c->linked += more.linked;
	c->copied += more.copied;
	ret = 0;
out:
	store_close(s);
	arena_free(a);
	return ret;
}

/* A copy of the database taken while the site runs, with the media
 * folder beside it (FILE.media: hard links, else copies), made as
 * FILE.media.tmp and renamed once whole; `db check FILE` verifies both.
 * The files go first: any file a row of the snapshot refers to was there
 * before it (an upload renames its files before its row commits), or
 * came after and is added by a second pass. */
static int
db_backup(const struct config *cfg, const char *file)
{
	struct media_backup_counts c = { 0 };
	enum store_status st;
	char err[PATH_MAX + 256], *media, *tmp, *dir;
	struct stat sb;
	int ret = 1;

	if (asprintf(&media, "%s.media", file) == -1)
		return 1;
	if (asprintf(&tmp, "%s.media.tmp", file) == -1) {
		free(media);
		return 1;
	}
	if (lstat(media, &sb) == 0 || lstat(tmp, &sb) == 0) {
		fprintf(stderr, "backup not made: %s already exists%s; name a "
		    "new file, or remove it first\n", lstat(media, &sb) == 0 ?
		    media : tmp, lstat(media, &sb) == 0 ? "" :
		    " (left by an interrupted backup?)");
		goto out;
	}
	if (media_backup_files(cfg->media_dir, tmp, NULL, 0, &c, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "backup not made: %s\n", err);
		media_backup_remove(tmp);
		goto out;
	}
	if ((st = store_backup(cfg->database, file, err, sizeof(err))) !=
	    STORE_OK) {
		fprintf(stderr, "backup not made: %s\n", err);
		media_backup_remove(tmp);
		goto out;
	}
	if (backup_media_refs(cfg, file, tmp, &c) == -1 ||
	    file_sync(tmp, true) == -1 || rename(tmp, media) == -1 ||
	    (dir = strdup(media)) == NULL) {
		fprintf(stderr, "%s: written, but its media files could not be "
		    "copied beside it (%s): remove it and %s, and try again\n",
		    file, strerror(errno), tmp);
		goto out;
	}
	/* The rename reaches the disk with the folder that holds it. */
	if (file_sync(dirname(dir), true) == -1)
		fprintf(stderr, "%s: fsync of its folder: %s\n", media,
		    strerror(errno));
	free(dir);
	printf("%s: backup of %s written; verify it with `waypoint db check "
	    "%s`\n", file, cfg->database, file);
	printf("%s: the media files beside it: %zu hard links, %zu copies "
	    "(another file system)\n", media, c.linked, c.copied);
	ret = 0;
out:
	free(media);
	free(tmp);
	return ret;
}

int
cli_db(const struct config *cfg, int argc, char **argv)
{
	if (argc < 1)
		return cli_refuse("db", NULL);
	if (strcmp(argv[0], "init") == 0)
		return db_init(cfg, argc - 1, argv + 1);
	if (strcmp(argv[0], "migrate") == 0 && argc == 1)
		return db_migrate(cfg);
	if (strcmp(argv[0], "check") == 0 && argc <= 2)
		return db_check(cfg, argc == 2 ? argv[1] : cfg->database);
	if (strcmp(argv[0], "backup") == 0 && argc == 2)
		return db_backup(cfg, argv[1]);
	if (strcmp(argv[0], "backup") == 0 && argc == 1)
		return cli_refuse("db", NULL);
	/* One argument too many for a command db has, or one it has not. */
	return cli_refuse("db", argv[strcmp(argv[0], "migrate") == 0 ||
	    strcmp(argv[0], "check") == 0 || strcmp(argv[0], "backup") == 0 ?
	    argc - 1 : 0]);
}

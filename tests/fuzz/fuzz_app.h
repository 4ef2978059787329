/* fuzz_app.h: start-up shared by the targets that run the whole app
 * (fuzz_http, fuzz_fcgi_params): a fresh database with the demo content
 * in $TMPDIR, a default config and app_init(). Header-only: each target
 * is one program. */
#ifndef WAYPOINT_FUZZ_APP_H
#define WAYPOINT_FUZZ_APP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "config.h"
#include "lib/log.h"
#include "store/store.h"

static struct config fuzz_cfg;
static char fuzz_dir[4096];

/* Removes the database and its folder at exit (run.sh also removes its
 * whole TMPDIR, for a run that ends in a crash). */
static void
fuzz_app_cleanup(void)
{
	static const char *const files[] = { "fuzz.db", "fuzz.db-wal",
	    "fuzz.db-shm", "fuzz.db-journal" };
	char path[4200];
	size_t i;

	if (fuzz_dir[0] == '\0')
		return;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fuzz_dir, files[i]);
		unlink(path);
	}
	rmdir(fuzz_dir);
}

static void
fuzz_app_die(const char *what)
{
	fprintf(stderr, "fuzz: cannot start the app: %s\n", what);
	exit(2);
}

/*
 * Makes the database, loads the config and runs app_init; listen is the
 * address for `serve` (or NULL). The source tree is $WAYPOINT_ROOT, else
 * the current folder (run.sh runs from the top of the tree). Exits on
 * failure.
 */
static void
fuzz_app_start(const char *listen)
{
	const char *tmp = getenv("TMPDIR"), *root = getenv("WAYPOINT_ROOT");
	char path[4200];
	enum store_status st;
	struct store *s;

	if (root == NULL || *root == '\0')
		root = ".";
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/wpfuzz.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(fuzz_dir) == NULL)
		fuzz_app_die("mkdtemp");
	atexit(fuzz_app_cleanup);
	snprintf(path, sizeof(path), "%s/fuzz.db", fuzz_dir);
	if ((s = store_open(path, STORE_CREATE, &st)) == NULL)
		fuzz_app_die("store_open");
	if (store_migrate(s) != STORE_OK || store_load_seed(s, DEMO_LANGS) != STORE_OK)
		fuzz_app_die("store_migrate/store_load_seed");
	store_close(s);

	if (config_load(&fuzz_cfg, "/nonexistent", false) == -1 ||
	    config_set(&fuzz_cfg.database, path) == -1)
		fuzz_app_die("config");
	snprintf(path, sizeof(path), "%s/www/templates", root);
	if (config_set(&fuzz_cfg.templates, path) == -1)
		fuzz_app_die("config");
	snprintf(path, sizeof(path), "%s/www/static", root);
	if (config_set(&fuzz_cfg.static_dir, path) == -1 ||
	    config_set(&fuzz_cfg.log_file, "/dev/null") == -1 ||
	    (listen != NULL && config_set(&fuzz_cfg.listen, listen) == -1))
		fuzz_app_die("config");
	fuzz_cfg.threads = 2;
	fuzz_cfg.timeout = 2;
	setenv("TZ", fuzz_cfg.timezone, 1);
	tzset();
	/* Access lines would fill the terminal: a log no one reads. */
	if (log_open(fuzz_cfg.log_file) == -1)
		fuzz_app_die("log_open");
	if (app_init(&fuzz_cfg) == -1)
		fuzz_app_die("app_init");
}

#endif

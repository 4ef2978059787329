/* main.c: the `waypoint` command: options common to every subcommand, then
 * the subcommand. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "config_dirs.h"
#include "lib/perm.h"

/* `waypoint help [COMMAND]`: 0, or 2 for a command there is none of. */
static int
help(int n, char **args)
{
	if (n > 2)
		return cli_refuse("help", args[2]);
	if (n == 1) {
		cli_usage(stdout, NULL);
		return 0;
	}
	if (cli_usage(stdout, args[1]) == -1) {
		fprintf(stderr, "waypoint help: no command \"%s\"; the commands "
		    "are serve, fcgi, db, user, media, export, import and help\n", args[1]);
		return 2;
	}
	return 0;
}

/* Sets the time zone publication dates are read in; 0, or -1 (printed)
 * when [site] timezone names none. */
static int
set_zone(const struct config *cfg, const char *path)
{
	char zone[256];

	if (strchr(cfg->timezone, '.') != NULL || snprintf(zone, sizeof(zone),
	    "/usr/share/zoneinfo/%s", cfg->timezone) >= (int)sizeof(zone) ||
	    access(zone, R_OK) == -1) {
		fprintf(stderr, "%s: [site] timezone \"%s\" is not a known time "
		    "zone (see /usr/share/zoneinfo)\n", path, cfg->timezone);
		return -1;
	}
	/* Before any thread starts, so localtime_r and mktime use it. */
	setenv("TZ", cfg->timezone, 1);
	tzset();
	return 0;
}

int
main(int argc, char **argv)
{
	struct config_dirs dirs;
	struct config cfg;
	const char *path = NULL;
	bool explicit;
	int i, ret, n = 0, installed;
	char *args[64];

	/* --config may stand before or after the subcommand. */
	for (i = 1; i < argc && n < 63; i++) {
		if (strcmp(argv[i], "--config") == 0) {
			if (i + 1 >= argc)
				return cli_refuse("--config", NULL);
			path = argv[++i];
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			cli_usage(stdout, NULL);
			return 0;
		} else if (n == 0 && argv[i][0] == '-') {
			fprintf(stderr, "waypoint: unknown option %s\n",
			    argv[i]);
			cli_usage(stderr, NULL);
			return 2;
		} else
			args[n++] = argv[i];
	}
	args[n] = NULL;
	if (n == 0) {
		cli_usage(stderr, NULL);
		return 2;
	}
	if (strcmp(args[0], "help") == 0)
		return help(n, args);
	if (cli_usage(NULL, args[0]) == -1) {
		fprintf(stderr, "waypoint: unknown command \"%s\"\n\n",
		    args[0]);
		cli_usage(stderr, NULL);
		return 2;
	}
	if ((installed = config_dirs_find(&dirs)) == -1)
		return 1;
	if ((explicit = path != NULL) == false)
		path = installed ? dirs.conf : "conf/waypoint.conf";
	ret = config_load_at(&cfg, path, explicit, installed ? &dirs : NULL);
	if (ret != -1 && (ret = set_zone(&cfg, path)) != -1 &&
	    (ret = perm_set_group(cfg.group)) == -1)
		fprintf(stderr, "%s: [paths] group \"%s\": no such group\n",
		    path, cfg.group);
	/* Only now: path may be dirs.conf, which the messages above name. */
	config_dirs_free(&dirs);
	if (ret == -1) {
		config_free(&cfg);
		return 2;
	}
	if (strcmp(args[0], "serve") == 0)
		ret = cli_serve(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "fcgi") == 0)
		ret = cli_fcgi(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "db") == 0)
		ret = cli_db(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "media") == 0)
		ret = cli_media(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "export") == 0)
		ret = cli_export(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "import") == 0)
		ret = cli_import(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "export-site") == 0)
		ret = cli_export_site(&cfg, n - 1, args + 1);
	else
		ret = cli_user(&cfg, n - 1, args + 1);
	config_free(&cfg);
	return ret;
}

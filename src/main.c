/* main.c: the `waypoint` command: options common to every subcommand, then
 * the subcommand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "lib/perm.h"

static const char usage[] =
    "usage: waypoint [--config FILE] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  serve [--listen HOST:PORT]   serve HTTP (default 127.0.0.1:8080)\n"
    "  fcgi [--socket PATH | --listen HOST:PORT] [--processes P] "
    "[--threads N]\n"
    "                               FastCGI responder behind nginx (no "
    "address:\n"
    "                               the listening socket on fd 0)\n"
    "  db init [--empty]            create the database (with the demo "
    "content)\n"
    "  db migrate                   bring the schema up to date\n"
    "  db check [FILE]              verify a database file\n"
    "  db backup FILE               consistent copy while the site runs\n"
    "  user add NAME --role editor|admin\n"
    "                               add an account (password on stdin)\n"
    "  user passwd NAME | disable NAME | enable NAME | list\n"
    "\n"
    "--config defaults to conf/waypoint.conf; every setting has a default "
    "that\nworks from a fresh checkout.\n";

int
main(int argc, char **argv)
{
	const char *path = "conf/waypoint.conf";
	struct config cfg;
	bool explicit = false;
	int i, ret, n = 0;
	char *args[64], zone[256];

	/* --config may stand before or after the subcommand. */
	for (i = 1; i < argc && n < 63; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			path = argv[++i];
			explicit = true;
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else
			args[n++] = argv[i];
	}
	args[n] = NULL;
	if (n == 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (config_load(&cfg, path, explicit) == -1)
		return 2;
	if (perm_set_group(cfg.group) == -1) {
		fprintf(stderr, "%s: [paths] group \"%s\": no such group\n",
		    path, cfg.group);
		config_free(&cfg);
		return 2;
	}
	/* Publication dates and times are the site's local time: set the zone
	 * once, before any thread starts, so localtime_r and mktime use it. */
	if (strchr(cfg.timezone, '.') != NULL || snprintf(zone, sizeof(zone),
	    "/usr/share/zoneinfo/%s", cfg.timezone) >= (int)sizeof(zone) ||
	    access(zone, R_OK) == -1) {
		fprintf(stderr, "%s: [site] timezone \"%s\" is not a known time "
		    "zone (see /usr/share/zoneinfo)\n", path, cfg.timezone);
		config_free(&cfg);
		return 2;
	}
	setenv("TZ", cfg.timezone, 1);
	tzset();
	if (strcmp(args[0], "serve") == 0)
		ret = cli_serve(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "fcgi") == 0)
		ret = cli_fcgi(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "db") == 0)
		ret = cli_db(&cfg, n - 1, args + 1);
	else if (strcmp(args[0], "user") == 0)
		ret = cli_user(&cfg, n - 1, args + 1);
	else {
		fprintf(stderr, "waypoint: unknown command \"%s\"\n\n%s",
		    args[0], usage);
		ret = 2;
	}
	config_free(&cfg);
	return ret;
}

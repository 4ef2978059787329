/* main.c: the `waypoint` command: options common to every subcommand, then
 * the subcommand. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "config_dirs.h"
#include "lib/perm.h"
#include "lib/zone.h"
#include "site.h"

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
		    "are serve, fcgi, db, user, media, export, import, site and "
		    "help\n", args[1]);
		return 2;
	}
	return 0;
}

/* Whether command answers every site (serve, fcgi) or none (site), and so
 * runs without --site. */
static bool
all_sites(const char *command)
{
	return strcmp(command, "serve") == 0 || strcmp(command, "fcgi") == 0 ||
	    strcmp(command, "site") == 0;
}

/* The configuration command works on: with --site NAME (name), that
 * site's; else the main file's, unless it has sites and command needs one
 * database. NULL (printed) when there is none to take. */
static struct config *
chosen(struct config *cfg, struct config_sites *sites, const char *name,
    const char *command, const char *path)
{
	size_t i;

	if (*cfg->sites_dir == '\0' && name == NULL)
		return cfg;
	if (*cfg->sites_dir == '\0') {
		fprintf(stderr, "waypoint: --site %s: %s has no [paths] sites: "
		    "it is the one site; leave --site out\n", name, path);
		return NULL;
	}
	if (sites->n == 0 && strcmp(command, "site") != 0) {
		fprintf(stderr, "waypoint %s: %s holds no site yet: add one "
		    "with `waypoint site add`\n", command, cfg->sites_dir);
		return NULL;
	}
	if (name == NULL && all_sites(command))
		return cfg;
	if (name == NULL) {
		fprintf(stderr, "waypoint %s: this deployment serves %zu sites: "
		    "say which with --site NAME\n", command, sites->n);
		return NULL;
	}
	if (all_sites(command)) {
		fprintf(stderr, "waypoint %s: takes no --site: it works on "
		    "every site of %s\n", command, cfg->sites_dir);
		return NULL;
	}
	for (i = 0; i < sites->n; i++)
		if (strcmp(sites->site[i].site_name, name) == 0)
			return &sites->site[i];
	fprintf(stderr, "waypoint: --site %s: no such site in %s (see "
	    "`waypoint site list`)\n", name, cfg->sites_dir);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct config_dirs dirs;
	struct config cfg, *use = NULL;
	struct config_sites sites = { 0 };
	const char *path = NULL, *site = NULL;
	bool explicit;
	int i, ret, n = 0, installed;
	char *args[64];

	/* --config and --site may stand before or after the subcommand. */
	for (i = 1; i < argc && n < 63; i++) {
		if (strcmp(argv[i], "--config") == 0) {
			if (i + 1 >= argc)
				return cli_refuse("--config", NULL);
			path = argv[++i];
		} else if (strcmp(argv[i], "--site") == 0) {
			if (i + 1 >= argc)
				return cli_refuse("--site", NULL);
			/* One command acts on one office: a second --site
			 * would leave which one to the order of the words. */
			if (site != NULL) {
				fprintf(stderr, "waypoint: --site given twice "
				    "(%s, %s): name one site\n", site,
				    argv[i + 1]);
				return 2;
			}
			site = argv[++i];
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
	/* site reads the sites folder itself (add starts from an empty or
	 * missing one), each site's file over the main one: path and dirs. */
	if (ret != -1 && strcmp(args[0], "site") == 0) {
		if (site != NULL)
			ret = cli_refuse("site", "--site");
		else if (perm_set_group(cfg.group) == -1) {
			fprintf(stderr, "%s: [paths] group \"%s\": no such "
			    "group\n", path, cfg.group);
			ret = 2;
		} else
			ret = cli_site(&cfg, path, installed ? &dirs : NULL,
			    n - 1, args + 1);
		config_dirs_free(&dirs);
		config_free(&cfg);
		return ret;
	}
	if (ret != -1 && (ret = config_sites_load(&sites, &cfg, path,
	    installed ? &dirs : NULL)) != -1 &&
	    (use = chosen(&cfg, &sites, site, args[0], path)) == NULL)
		ret = -1;
	/* The zone of the site the command works on (config_load checked
	 * it), before any thread starts: what a one-site command reads its
	 * dates in. serve and fcgi give each site its own (below). */
	if (ret != -1)
		zone_process(use->timezone);
	if (ret != -1 && (ret = perm_set_group(cfg.group)) == -1)
		fprintf(stderr, "%s: [paths] group \"%s\": no such group\n",
		    path, cfg.group);
	/* serve and fcgi answer every site, and read the folder again on
	 * SIGHUP. Each site's dates are read in its zone's table, the main
	 * file's too: their threads never read TZ, which loading a new
	 * zone at a reload sets for a moment (lib/zone.c). */
	if (ret != -1 && (strcmp(args[0], "serve") == 0 ||
	    strcmp(args[0], "fcgi") == 0) &&
	    ((cfg.zone = zone_shared(cfg.timezone)) == NULL ||
	    site_init(&cfg, &sites, path, installed ? &dirs : NULL) == -1)) {
		fprintf(stderr, "waypoint: the sites did not load\n");
		ret = -1;
	}
	/* Only now: path may be dirs.conf, which the messages above name. */
	config_dirs_free(&dirs);
	if (ret == -1) {
		site_fini();
		config_sites_free(&sites);
		config_free(&cfg);
		return 2;
	}
	if (strcmp(args[0], "serve") == 0)
		ret = cli_serve(use, n - 1, args + 1);
	else if (strcmp(args[0], "fcgi") == 0)
		ret = cli_fcgi(use, n - 1, args + 1);
	else if (strcmp(args[0], "db") == 0)
		ret = cli_db(use, n - 1, args + 1);
	else if (strcmp(args[0], "media") == 0)
		ret = cli_media(use, n - 1, args + 1);
	else if (strcmp(args[0], "export") == 0)
		ret = cli_export(use, n - 1, args + 1);
	else if (strcmp(args[0], "import") == 0)
		ret = cli_import(use, n - 1, args + 1);
	else if (strcmp(args[0], "export-site") == 0)
		ret = cli_export_site(use, n - 1, args + 1);
	else
		ret = cli_user(use, n - 1, args + 1);
	site_fini();
	config_sites_free(&sites);
	config_free(&cfg);
	return ret;
}

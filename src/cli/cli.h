/* cli.h: the subcommands of the `waypoint` command. Each takes its own
 * arguments (after the subcommand's name) and returns the exit status. */
#ifndef WAYPOINT_CLI_H
#define WAYPOINT_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct config;
struct config_dirs;

/* Writes to f the usage of command (serve, fcgi, db, user, media, help), or
 * of every command when it is NULL (usage.c); f NULL writes nothing. Returns
 * 0, or -1 for a command there is none of. */
int	cli_usage(FILE *f, const char *command);

/* Says on stderr what is wrong with arg, an argument of command ("unknown
 * option --foo" for an option, NULL: one missing), then command's usage.
 * Returns 2, the exit status of a bad usage. */
int	cli_refuse(const char *command, const char *arg);

/* What serve and fcgi do before they listen (start.c): check that the
 * render worker can be run and the database opens with the right schema, open the log file, and load what
 * lives for the process (app_init). Says what is wrong on stderr and
 * returns -1, else 0. */
int	cli_start(const struct config *);

/* Whether the render worker's program can be run (start.c): 0, or -1
 * after saying on stderr where it was looked for. Every command that
 * renders Markdown asks first, so that none stops halfway. */
int	cli_render_check(void);

int	cli_db(const struct config *, int argc, char **argv);
int	cli_serve(struct config *, int argc, char **argv);

/* Without [site] base_url, the site's address is the one [serve] listen
 * names (127.0.0.1 or [::1] for a wildcard), so that --listen alone is
 * enough on a laptop and export-site writes what serve answers; with it
 * and log, says once when a browser at serve's own address would send an
 * Origin that base_url refuses. Returns 0, or -1 when out of memory. */
int	cli_base_url_from_listen(struct config *, bool log);
int	cli_fcgi(struct config *, int argc, char **argv);
int	cli_user(const struct config *, int argc, char **argv);
int	cli_media(const struct config *, int argc, char **argv);

/* `waypoint export` and `waypoint import` (export.c, import*.c;
 * docs/import-export.md). */
int	cli_export(const struct config *, int argc, char **argv);
int	cli_import(const struct config *, int argc, char **argv);

/* `waypoint site add | list | remove` (site.c; docs/sites.md). path is
 * the main configuration file and dirs an installed waypoint's folders
 * (NULL in a checkout): each site's file is read over them. */
int	cli_site(const struct config *, const char *path,
	    const struct config_dirs *dirs, int argc, char **argv);

/* `waypoint export-site DIR [-v]` (export_site.c; docs/static-export.md). */
int	cli_export_site(struct config *, int argc, char **argv);

#endif

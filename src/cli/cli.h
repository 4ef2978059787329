/* cli.h: the subcommands of the `waypoint` command. Each takes its own
 * arguments (after the subcommand's name) and returns the exit status. */
#ifndef WAYPOINT_CLI_H
#define WAYPOINT_CLI_H

struct config;

/* What serve and fcgi do before they listen (start.c): check that the
 * database opens with the right schema, open the log file, and load what
 * lives for the process (app_init). Says what is wrong on stderr and
 * returns -1, else 0. */
int	cli_start(const struct config *);

int	cli_db(const struct config *, int argc, char **argv);
int	cli_serve(struct config *, int argc, char **argv);
int	cli_fcgi(struct config *, int argc, char **argv);
int	cli_user(const struct config *, int argc, char **argv);

#endif

/* cli.h: the subcommands of the `waypoint` command. Each takes its own
 * arguments (after the subcommand's name) and returns the exit status. */
#ifndef WAYPOINT_CLI_H
#define WAYPOINT_CLI_H

struct config;

int	cli_db(const struct config *, int argc, char **argv);
int	cli_serve(struct config *, int argc, char **argv);
int	cli_fcgi(struct config *, int argc, char **argv);

#endif

/* usage.c: the usage text of the `waypoint` command and of each of its
 * subcommands, and the message for an argument a subcommand refuses. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct command_usage {
	const char	*name;
	const char	*text;	/* lines after "usage: waypoint [--config FILE] " */
};

/* One entry a subcommand; a new command or option is a line here. */
static const struct command_usage commands[] = {
	{ "serve",
	    "serve [--listen HOST:PORT]\n"
	    "    serve HTTP (default 127.0.0.1:8080); without [site] base_url\n"
	    "    the site's address is http://HOST:PORT\n" },
	{ "fcgi",
	    "fcgi [--socket PATH | --listen HOST:PORT] [--processes P] "
	    "[--threads N]\n"
	    "    FastCGI responder behind nginx (no address: the listening\n"
	    "    socket on fd 0, from spawn-fcgi or systemd)\n" },
	{ "db",
	    "db init [--empty]      create the database (with the demo "
	    "content)\n"
	    "  db migrate             bring the schema up to date\n"
	    "  db check [FILE]        verify a database file\n"
	    "  db backup FILE         consistent copy while the site runs\n" },
	{ "user",
	    "user add NAME --role editor|admin   add an account (password "
	    "on stdin)\n"
	    "  user passwd NAME                    new password (on stdin)\n"
	    "  user disable NAME | enable NAME\n"
	    "  user totp-reset NAME                second factor off (a lost "
	    "phone)\n"
	    "  user list\n" },
	{ "media",
	    "media gc [--dry-run]   remove files no row refers to and stale\n"
	    "                         temporaries from the media folder\n" },
	{ "export",
	    "export FILE [--revisions]\n"
	    "    the content as JSON Lines (FILE - : stdout), with the\n"
	    "    revision history when asked\n" },
	{ "export-site",
	    "export-site DIR [-v]\n"
	    "    the public site as static files in DIR, rewriting only\n"
	    "    what changed; -v names every file\n" },
	{ "import",
	    "import FILE\n"
	    "    load an export (FILE - : stdin) in one transaction; the\n"
	    "    first bad line is named and nothing is changed\n" },
	{ "site",
	    "site add NAME --host HOST [--host HOST2 ...] [--base-url URL]\n"
	    "      [--languages \"en hu\"] [--default-lang en] "
	    "[--timezone ZONE] [--demo]\n"
	    "                         a new site in [paths] sites: its file, "
	    "its\n"
	    "                         database (the demo content with "
	    "--demo), media\n"
	    "  site list              each site: hosts, database, counts\n"
	    "  site remove NAME [--force]\n"
	    "                         back it up, then take it out of the "
	    "folder\n"
	    "                         (--force: even with content)\n" },
	{ "help",
	    "help [COMMAND]\n"
	    "    this text, or the usage of COMMAND\n" },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

int
cli_usage(FILE *f, const char *command)
{
	size_t i;

	if (command == NULL) {
		fputs("usage: waypoint [--config FILE] COMMAND [ARGS]\n\n"
		    "commands:\n", f);
		for (i = 0; i < NCOMMANDS; i++)
			fprintf(f, "  %s", commands[i].text);
		fputs("\n--config FILE: the settings (default: "
		    "conf/waypoint.conf in a checkout,\n"
		    "/etc/waypoint/waypoint.conf once installed); `waypoint "
		    "help COMMAND`\nshows one command's usage.\n"
		    "--site NAME: with [paths] sites, the site a command "
		    "works on.\n", f);
		return 0;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, command) == 0) {
			if (f != NULL)
				fprintf(f, "usage: waypoint [--config FILE] %s "
				    "...\n  %s", command, commands[i].text);
			return 0;
		}
	return -1;
}

int
cli_refuse(const char *command, const char *arg)
{
	if (arg == NULL)
		fprintf(stderr, "waypoint %s: missing argument\n", command);
	else if (*arg == '-')
		fprintf(stderr, "waypoint: unknown option %s\n", arg);
	else
		fprintf(stderr, "waypoint %s: unexpected argument \"%s\"\n",
		    command, arg);
	if (cli_usage(stderr, command) == -1)
		cli_usage(stderr, NULL);
	return 2;
}

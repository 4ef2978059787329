/* serve.c: `waypoint serve [--listen HOST:PORT]`, the embedded server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "config.h"
#include "transport/httpd.h"

int
cli_serve(struct config *cfg, int argc, char **argv)
{
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
			if (config_set(&cfg->listen, argv[++i]) == -1)
				return 1;
		} else {
			fprintf(stderr, "usage: waypoint serve "
			    "[--listen HOST:PORT]\n");
			return 2;
		}
	}
	if (cli_start(cfg) == -1)
		return 1;
	ret = httpd_serve(cfg);
	app_fini();
	return ret == 0 ? 0 : 1;
}

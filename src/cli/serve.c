/* serve.c: `waypoint serve [--listen HOST:PORT]`, the embedded server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "config.h"
#include "lib/log.h"
#include "store/store.h"
#include "transport/httpd.h"

int
cli_serve(struct config *cfg, int argc, char **argv)
{
	enum store_status st;
	struct store *s;
	char *listen;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
			if ((listen = strdup(argv[++i])) == NULL)
				return 1;
			free(cfg->listen);
			cfg->listen = listen;
		} else {
			fprintf(stderr, "usage: waypoint serve "
			    "[--listen HOST:PORT]\n");
			return 2;
		}
	}
	/* Say what is wrong with the database before listening, not on the
	 * first request. */
	if ((s = store_open(cfg->database, STORE_READ, &st)) == NULL) {
		fprintf(stderr, "%s: %s%s\n", cfg->database, store_strerror(st),
		    st == STORE_NOTFOUND ? "; create it with `waypoint db "
		    "init`" : "");
		return 1;
	}
	store_close(s);
	if (log_open(cfg->log_file) == -1) {
		fprintf(stderr, "%s: cannot open the log file\n",
		    cfg->log_file);
		return 1;
	}
	if (app_init(cfg) == -1)
		return 1;
	ret = httpd_serve(cfg);
	app_fini();
	return ret == 0 ? 0 : 1;
}

/* export_site.c: `waypoint export-site DIR [-v]`: the public site as
 * static files (src/export_site/, docs/static-export.md). */
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "export_site/export_site.h"

int
cli_export_site(struct config *cfg, int argc, char **argv)
{
	const char *dir = NULL;
	bool verbose = false;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0 ||
		    strcmp(argv[i], "--verbose") == 0)
			verbose = true;
		else if (argv[i][0] == '-' || dir != NULL)
			return cli_refuse("export-site", argv[i]);
		else
			dir = argv[i];
	}
	if (dir == NULL)
		return cli_refuse("export-site", NULL);
	/* The pages come from the app itself, loaded as serve loads it,
	 * with the address serve would take. */
	if (cli_base_url_from_listen(cfg, false) == -1 || cli_start(cfg) == -1)
		return 1;
	/* What it says is for a reader, the export the work: a reader gone
	 * (-v | head) ends the saying, not the export half-way. */
	signal(SIGPIPE, SIG_IGN);
	ret = export_site(cfg, dir, verbose);
	app_fini();
	return ret == 0 ? 0 : 1;
}

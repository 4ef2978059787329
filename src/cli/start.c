/* start.c: what `waypoint serve` and `waypoint fcgi` check and load before
 * they listen; the render worker's check, which every command that renders
 * Markdown makes first. */
#include <limits.h>
#include <stdio.h>

#include "app.h"
#include "cli/cli.h"
#include "config.h"
#include "lib/log.h"
#include "site.h"
#include "store/store.h"
#include "view/markdown.h"

int
cli_render_check(void)
{
	char path[PATH_MAX];

	if (markdown_check(path, sizeof(path)) == 0)
		return 0;
	fprintf(stderr, "%s: cannot run the render worker; `make` builds it "
	    "and `make install` installs it beside waypoint\n", path);
	return -1;
}

int
cli_start(const struct config *cfg)
{
	enum store_status st;
	struct store *s;

	if (cli_render_check() == -1)
		return -1;

	/* Say what is wrong with the database now, not on the first
	 * request: each site's, with a sites folder. */
	if (site_count() > 0) {
		if (site_check() == -1)
			return -1;
	} else if ((s = store_open(cfg->database, STORE_READ, &st)) ==
	    NULL) {
		fprintf(stderr, "%s: %s%s\n", cfg->database, store_strerror(st),
		    st == STORE_NOTFOUND ? "; create it with `waypoint db "
		    "init`" : "");
		return -1;
	} else
		store_close(s);
	store_set_max_pages(cfg->test_max_pages);
	if (log_open(cfg->log_file) == -1) {
		fprintf(stderr, "%s: cannot open the log file\n",
		    cfg->log_file);
		return -1;
	}
	return app_init(cfg);
}

/* render.c: the process's compiled templates and rendering into a
 * response. */
#include <stdio.h>

#include "lib/log.h"
#include "response.h"
#include "view/mustache.h"
#include "view/render.h"

/* Compiled once at start-up and read-only afterwards, so every worker
 * thread renders from it without locks. */
static struct mustache_set *templates;

int
view_init(const char *dir)
{
	char err[512];

	if ((templates = mustache_set_new()) == NULL) {
		fprintf(stderr, "templates: out of memory\n");
		return -1;
	}
	if (mustache_set_load_dir(templates, dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		view_fini();
		return -1;
	}
	return 0;
}

void
view_fini(void)
{
	mustache_set_free(templates);
	templates = NULL;
}

int
view_render(struct response *rs, const char *name, json_t *model, int status)
{
	buf_reset(&rs->body);
	if (templates == NULL ||
	    mustache_render(templates, name, model, &rs->body) == -1 ||
	    rs->body.failed) {
		log_error("template %s did not render", name);
		buf_reset(&rs->body);
		return 500;
	}
	response_set_header(rs, "Content-Type", "text/html; charset=utf-8");
	return status;
}

/* render.c: the process's compiled templates and rendering into a
 * response. */
#include <pthread.h>
#include <stdio.h>

#include "lib/log.h"
#include "response.h"
#include "view/mustache.h"
#include "view/render.h"

/* Compiled at start-up and read-only afterwards; a reload (SIGHUP) swaps
 * in a new set under the write lock, so renders share the read lock. */
static struct mustache_set *templates;
static pthread_rwlock_t templates_lock = PTHREAD_RWLOCK_INITIALIZER;

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

int
view_reload(const char *dir)
{
	struct mustache_set *fresh, *old;
	char err[512];

	if ((fresh = mustache_set_new()) == NULL)
		return -1;
	if (mustache_set_load_dir(fresh, dir, err, sizeof(err)) == -1) {
		log_error("templates not reloaded: %s", err);
		mustache_set_free(fresh);
		return -1;
	}
	pthread_rwlock_wrlock(&templates_lock);
	old = templates;
	templates = fresh;
	pthread_rwlock_unlock(&templates_lock);
	mustache_set_free(old);
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
	int ret;

	buf_reset(&rs->body);
	pthread_rwlock_rdlock(&templates_lock);
	ret = templates == NULL ? -1 :
	    mustache_render(templates, name, model, &rs->body);
	pthread_rwlock_unlock(&templates_lock);
	if (ret == -1 || rs->body.failed) {
		log_error("template %s did not render", name);
		buf_reset(&rs->body);
		return 500;
	}
	response_set_header(rs, "Content-Type", "text/html; charset=utf-8");
	return status;
}

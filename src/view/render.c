/* render.c: the process's compiled templates, one set per language, and
 * rendering into a response. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "lib/file.h"
#include "lib/log.h"
#include "response.h"
#include "view/i18n.h"
#include "view/i18n_template.h"
#include "view/mustache.h"
#include "view/render.h"

#define EXT	".mustache"

/* The templates of every language; the first is the default's. */
struct view_sets {
	size_t			 n;
	const char		*langs[CONFIG_LANGS_MAX];
	struct mustache_set	*sets[CONFIG_LANGS_MAX];
};

/* Compiled at start-up and read-only afterwards; a reload (SIGHUP) swaps
 * in new sets under the write lock, so renders share the read lock. */
static struct view_sets *templates;
static pthread_rwlock_t templates_lock = PTHREAD_RWLOCK_INITIALIZER;
/* The deployment's: its templates folder and every site's languages
 * (site_view_config), never one request's site. */
static const struct config *cfg;

static void
sets_free(struct view_sets *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		mustache_set_free(v->sets[i]);
	free(v);
}

static int
is_template(const struct dirent *de)
{
	size_t len = strlen(de->d_name);

	return de->d_name[0] != '.' && len > strlen(EXT) &&
	    len - strlen(EXT) <= MUSTACHE_MAX_NAME &&
	    strcmp(de->d_name + len - strlen(EXT), EXT) == 0;
}

/* Adds template file (in folder dfd, shown as dir) to every set of v,
 * each in its language. Returns 0, or -1 with the message in err. */
static int
add_file(struct view_sets *v, const char *dir, int dfd, const char *file,
    char *err, size_t errsize)
{
	struct buf text = BUF_INIT;
	char name[MUSTACHE_MAX_NAME + 1], why[400];
	size_t len, i;
	char *src;
	int ret = 0;

	if ((src = file_read_at(dfd, file, MUSTACHE_MAX_SIZE, &len)) == NULL) {
		/* Links, folders and FIFOs are not templates. */
		if (errno == EINVAL)
			return 0;
		snprintf(err, errsize, "%s/%s: %s", dir, file, errno == EFBIG ?
		    "template larger than 1 MiB" : strerror(errno));
		return -1;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) -
	    strlen(EXT)), file);
	for (i = 0; i < v->n && ret == 0; i++) {
		buf_reset(&text);
		/* Errors name NAME:LINE; the file is dir/NAME.mustache. */
		if (i18n_template(v->langs[i], name, src, len, &text, why,
		    sizeof(why)) == -1 || mustache_set_add(v->sets[i], name,
		    text.data != NULL ? text.data : "", text.len, why,
		    sizeof(why)) == -1) {
			snprintf(err, errsize, "%s/%s%s (%s)", dir, file,
			    strncmp(why, name, strlen(name)) == 0 ?
			    why + strlen(name) : why, v->langs[i]);
			ret = -1;
		}
	}
	buf_free(&text);
	free(src);
	return ret;
}

/* Compiles every template of dir once per language. NULL with the
 * message in err when one does not load. */
static struct view_sets *
sets_load(const char *dir, char *err, size_t errsize)
{
	struct dirent **names = NULL;
	struct view_sets *v;
	int dfd, n, i, ret = 0;

	if ((v = calloc(1, sizeof(*v))) == NULL) {
		snprintf(err, errsize, "templates: out of memory");
		return NULL;
	}
	for (; v->n < cfg->nlangs; v->n++) {
		v->langs[v->n] = cfg->langs[v->n];
		if ((v->sets[v->n] = mustache_set_new()) == NULL) {
			snprintf(err, errsize, "templates: out of memory");
			sets_free(v);
			return NULL;
		}
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (n = scandir(dir, &names, is_template, alphasort)) == -1) {
		snprintf(err, errsize, "%s: %s", dir, strerror(errno));
		if (dfd != -1)
			close(dfd);
		sets_free(v);
		return NULL;
	}
	/* Sorted, so that the first error reported is the same every time. */
	for (i = 0; i < n; i++) {
		if (ret == 0)
			ret = add_file(v, dir, dfd, names[i]->d_name, err,
			    errsize);
		free(names[i]);
	}
	free(names);
	close(dfd);
	if (ret == -1) {
		sets_free(v);
		return NULL;
	}
	return v;
}

int
view_init(const struct config *c)
{
	char err[512];

	cfg = c;
	if (i18n_init(c) == -1)
		return -1;
	if ((templates = sets_load(c->templates, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		view_fini();
		return -1;
	}
	return 0;
}

int
view_reload(void)
{
	struct view_sets *fresh, *old;
	char err[512];

	if (cfg == NULL || i18n_reload() == -1)
		return -1;
	if ((fresh = sets_load(cfg->templates, err, sizeof(err))) == NULL) {
		log_error("templates not reloaded: %s", err);
		return -1;
	}
	pthread_rwlock_wrlock(&templates_lock);
	old = templates;
	templates = fresh;
	pthread_rwlock_unlock(&templates_lock);
	sets_free(old);
	return 0;
}

void
view_fini(void)
{
	sets_free(templates);
	templates = NULL;
	i18n_fini();
}

/* The set of lang, the default's when lang is NULL or not configured. */
static const struct mustache_set *
set_of(const struct view_sets *v, const char *lang)
{
	size_t i;

	for (i = 0; lang != NULL && i < v->n; i++)
		if (strcmp(v->langs[i], lang) == 0)
			return v->sets[i];
	return v->sets[0];
}

int
view_render_buf(struct buf *out, const char *lang, const char *name,
    json_t *model)
{
	int ret;

	pthread_rwlock_rdlock(&templates_lock);
	ret = templates == NULL || templates->n == 0 ? -1 :
	    mustache_render(set_of(templates, lang), name, model, out);
	pthread_rwlock_unlock(&templates_lock);
	return ret == -1 || out->failed ? -1 : 0;
}

int
view_render_part(struct response *rs, const char *lang, const char *name,
    json_t *model)
{
	return view_render_buf(&rs->body, lang, name, model);
}

int
view_render(struct response *rs, const char *lang, const char *name,
    json_t *model, int status)
{
	buf_reset(&rs->body);
	if (view_render_part(rs, lang, name, model) == -1) {
		log_error("template %s did not render", name);
		buf_reset(&rs->body);
		return 500;
	}
	response_set_header(rs, "Content-Type", "text/html; charset=utf-8");
	return status;
}

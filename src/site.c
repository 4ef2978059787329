/* site.c: the sites a server answers, the one a Host header picks, and
 * each thread's connections to their databases, bounded. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "lib/log.h"
#include "lib/zone.h"
#include "site.h"
#include "store/store.h"

/* One reading of the sites folder. A reload makes a new one and keeps the
 * old, which running requests may still read: a few KiB a SIGHUP. */
struct generation {
	struct config_sites	 sites;
	struct generation	*older;
};

static struct {
	const struct config	*main;
	char			*path;
	struct config_dirs	 dirs;
	bool			 installed;
	_Atomic(struct generation *) current;
	/* Partition ids by name: a name keeps its id across reloads, so a
	 * page cached by a request of an old generation is never another
	 * site's. */
	char			(*names)[CONFIG_SITE_NAME_MAX + 1];
	size_t			 nnames;
	struct config		 view;
	char			 langs[CONFIG_LANGS_MAX][9];
	pthread_key_t		 stores_key;
	bool			 key_made;
	pthread_mutex_t		 lock;
} sites = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* A thread's open connections, by database file and mode. */
struct slot {
	char		*database;
	bool		 write;
	struct store	*store;
	uint64_t	 used;
};

struct thread_stores {
	struct slot	 slot[SITE_STORES_MAX];
	size_t		 n;
	uint64_t	 clock;
};

static void
stores_free(void *p)
{
	struct thread_stores *t = p;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		store_close(t->slot[i].store);
		free(t->slot[i].database);
	}
	free(t);
}

/* The partition id of name: its own since it was first seen. -1 when out
 * of memory. */
static long
part_of(const char *name)
{
	void *p;
	size_t i;

	for (i = 0; i < sites.nnames; i++)
		if (strcmp(sites.names[i], name) == 0)
			return (long)i + 1;
	if ((p = reallocarray(sites.names, sites.nnames + 1,
	    sizeof(*sites.names))) == NULL)
		return -1;
	sites.names = p;
	snprintf(sites.names[sites.nnames], sizeof(*sites.names), "%s", name);
	return (long)++sites.nnames;
}

/* Adds code to the view's languages unless it is there: 0, or -1 when
 * there are CONFIG_LANGS_MAX already. */
static int
view_lang_add(const char *code)
{
	size_t i;

	for (i = 0; i < sites.view.nlangs; i++)
		if (strcmp(sites.view.langs[i], code) == 0)
			return 0;
	if (sites.view.nlangs == CONFIG_LANGS_MAX)
		return -1;
	snprintf(sites.langs[i], sizeof(sites.langs[i]), "%s", code);
	sites.view.langs[i] = sites.langs[i];
	sites.view.nlangs++;
	return 0;
}

/* Whether every language of s is one the view was loaded for. */
static bool
view_has_langs(const struct config_sites *s)
{
	size_t i, j, k;

	for (i = 0; i < s->n; i++)
		for (j = 0; j < s->site[i].nlangs; j++) {
			for (k = 0; k < sites.view.nlangs; k++)
				if (strcmp(sites.view.langs[k],
				    s->site[i].langs[j]) == 0)
					break;
			if (k == sites.view.nlangs)
				return false;
		}
	return true;
}

/* Gives each site of g its partition id. */
static int
parts_assign(struct generation *g)
{
	size_t i;
	long id;

	for (i = 0; i < g->sites.n; i++) {
		if ((id = part_of(g->sites.site[i].site_name)) == -1)
			return -1;
		g->sites.site[i].cache_part = (unsigned)id;
	}
	return 0;
}

/* Gives each site of g its time zone's table, one a zone name for the
 * process (lib/zone.c): about 20 ms for each zone not seen before. */
static int
zones_assign(struct generation *g)
{
	struct config *c;
	size_t i;

	for (i = 0; i < g->sites.n; i++) {
		c = &g->sites.site[i];
		if ((c->zone = zone_shared(c->timezone)) == NULL) {
			log_error("%s: [site] timezone %s: %s", c->site_name,
			    c->timezone, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int
copy_dirs(const struct config_dirs *dirs)
{
	if (dirs == NULL)
		return 0;
	sites.installed = true;
	sites.dirs.conf = strdup(dirs->conf);
	sites.dirs.data = strdup(dirs->data);
	sites.dirs.state = strdup(dirs->state);
	return sites.dirs.conf == NULL || sites.dirs.data == NULL ||
	    sites.dirs.state == NULL ? -1 : 0;
}

int
site_init(const struct config *main, struct config_sites *s,
    const char *path,
    const struct config_dirs *dirs)
{
	struct generation *g;
	size_t i, j;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return -1;
	if (s != NULL) {
		g->sites = *s;
		memset(s, 0, sizeof(*s));
	}
	atomic_store(&sites.current, g);
	sites.main = main;
	if ((path != NULL && (sites.path = strdup(path)) == NULL) ||
	    copy_dirs(dirs) == -1 || parts_assign(g) == -1 ||
	    zones_assign(g) == -1)
		return -1;
	sites.view = *main;
	sites.view.nlangs = 0;
	for (i = 0; i < main->nlangs; i++)
		if (view_lang_add(main->langs[i]) == -1)
			return -1;
	for (i = 0; i < g->sites.n; i++)
		for (j = 0; j < g->sites.site[i].nlangs; j++)
			if (view_lang_add(g->sites.site[i].langs[j]) == -1) {
				fprintf(stderr, "the sites' languages together "
				    "are more than %d\n", CONFIG_LANGS_MAX);
				return -1;
			}
	if (pthread_key_create(&sites.stores_key, stores_free) != 0)
		return -1;
	sites.key_made = true;
	return 0;
}

void
site_fini(void)
{
	struct generation *g = atomic_exchange(&sites.current, NULL), *older;

	site_stores_close();
	for (; g != NULL; g = older) {
		older = g->older;
		config_sites_free(&g->sites);
		free(g);
	}
	free(sites.names);
	free(sites.path);
	free(sites.dirs.conf);
	free(sites.dirs.data);
	free(sites.dirs.state);
	if (sites.key_made)
		pthread_key_delete(sites.stores_key);
	memset(&sites.view, 0, sizeof(sites.view));
	sites.names = NULL;
	sites.nnames = 0;
	sites.path = NULL;
	sites.main = NULL;
	sites.key_made = false;
	sites.installed = false;
	memset(&sites.dirs, 0, sizeof(sites.dirs));
}

bool
site_ready(void)
{
	return sites.main != NULL;
}

size_t
site_count(void)
{
	struct generation *g = atomic_load(&sites.current);

	return g != NULL ? g->sites.n : 0;
}

const struct config *
site_view_config(void)
{
	return &sites.view;
}

const struct config *
site_for_host(const char *host)
{
	struct generation *g = atomic_load(&sites.current);
	const struct config *c;

	if (g == NULL || g->sites.n == 0)
		return sites.main;
	if ((c = config_sites_host(&g->sites, host)) != NULL)
		return c;
	return g->sites.fallback;
}

/* Opens cfg's database read-only and closes it: 0, or -1 (printed). */
static int
check_one(const struct config *cfg)
{
	enum store_status st;
	struct store *s;

	if ((s = store_open(cfg->database, STORE_READ, &st)) == NULL) {
		fprintf(stderr, "%s: %s%s%s%s\n", cfg->database,
		    store_strerror(st), st == STORE_NOTFOUND ? "; create it "
		    "with `waypoint " : "", st == STORE_NOTFOUND &&
		    cfg->site_name != NULL ? "site add` or `waypoint --site "
		    "NAME " : "", st == STORE_NOTFOUND ? "db init`" : "");
		return -1;
	}
	store_close(s);
	return 0;
}

int
site_check(void)
{
	struct generation *g = atomic_load(&sites.current);
	size_t i;
	int ret = 0;

	if (g == NULL || g->sites.n == 0)
		return sites.main != NULL ? check_one(sites.main) : -1;
	for (i = 0; i < g->sites.n; i++)
		if (check_one(&g->sites.site[i]) == -1)
			ret = -1;
	return ret;
}

/* This thread's connections, made on first use; NULL when out of
 * memory. */
static struct thread_stores *
thread_stores(void)
{
	struct thread_stores *t = pthread_getspecific(sites.stores_key);

	if (t == NULL && (t = calloc(1, sizeof(*t))) != NULL &&
	    pthread_setspecific(sites.stores_key, t) != 0) {
		free(t);
		t = NULL;
	}
	return t;
}

/* Frees slot i of t for another connection: closes it, its place taken
 * by the last. */
static void
slot_close(struct thread_stores *t, size_t i)
{
	store_close(t->slot[i].store);
	free(t->slot[i].database);
	t->slot[i] = t->slot[--t->n];
}

struct store *
site_store(const struct config *cfg, bool write)
{
	struct thread_stores *t;
	struct slot *sl;
	enum store_status st;
	struct store *s;
	size_t i, lru = 0;

	if (!sites.key_made || (t = thread_stores()) == NULL)
		return NULL;
	for (i = 0; i < t->n; i++) {
		sl = &t->slot[i];
		if (sl->write == write && strcmp(sl->database,
		    cfg->database) == 0) {
			sl->used = ++t->clock;
			return sl->store;
		}
		if (sl->used < t->slot[lru].used)
			lru = i;
	}
	if ((s = store_open(cfg->database, write ? STORE_WRITE : STORE_READ,
	    &st)) == NULL) {
		log_error("%s: %s", cfg->database, store_strerror(st));
		return NULL;
	}
	if (t->n == SITE_STORES_MAX)
		slot_close(t, lru);
	sl = &t->slot[t->n];
	if ((sl->database = strdup(cfg->database)) == NULL) {
		store_close(s);
		return NULL;
	}
	sl->write = write;
	sl->store = s;
	sl->used = ++t->clock;
	t->n++;
	return s;
}

size_t
site_stores_open(void)
{
	struct thread_stores *t;

	if (!sites.key_made ||
	    (t = pthread_getspecific(sites.stores_key)) == NULL)
		return 0;
	return t->n;
}

void
site_stores_close(void)
{
	if (!sites.key_made)
		return;
	stores_free(pthread_getspecific(sites.stores_key));
	pthread_setspecific(sites.stores_key, NULL);
}

int
site_reload(void)
{
	struct generation *g, *old;
	struct config_sites s;
	struct config fresh, main;
	int ret = -1;

	if (sites.main == NULL || sites.path == NULL ||
	    *sites.main->sites_dir == '\0')
		return 0;
	/* Each site re-reads waypoint.conf under its own file; the folder's
	 * default_site is read again too (an operator moves it before
	 * removing the site it named), the folder itself stays. */
	memset(&fresh, 0, sizeof(fresh));
	if (config_load_at(&fresh, sites.path, true, sites.installed ?
	    &sites.dirs : NULL) == -1) {
		log_error("%s: did not load (its reason went to standard "
		    "error); the sites stay as they were", sites.path);
		config_free(&fresh);
		return -1;
	}
	main = *sites.main;
	main.default_site = fresh.default_site;
	pthread_mutex_lock(&sites.lock);
	if (config_sites_load(&s, &main, sites.path, sites.installed ?
	    &sites.dirs : NULL) == -1)
		log_error("%s: the sites folder did not load (its reason "
		    "went to standard error); the sites stay as they were",
		    sites.main->sites_dir);
	else if (!view_has_langs(&s)) {
		log_error("%s: a site has a language the templates were not "
		    "loaded for: restart waypoint; the sites stay as they "
		    "were", sites.main->sites_dir);
		config_sites_free(&s);
	} else if ((g = calloc(1, sizeof(*g))) == NULL)
		config_sites_free(&s);
	else {
		g->sites = s;
		if (parts_assign(g) == -1 || zones_assign(g) == -1) {
			config_sites_free(&g->sites);
			free(g);
		} else {
			old = atomic_load(&sites.current);
			g->older = old;
			atomic_store(&sites.current, g);
			log_info("sites: %zu", g->sites.n);
			ret = 0;
		}
	}
	pthread_mutex_unlock(&sites.lock);
	config_free(&fresh);
	return ret;
}

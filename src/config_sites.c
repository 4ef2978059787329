/* config_sites.c: a deployment's sites folder, one NAME.conf a site, into
 * a full struct config each, and the site a Host header names. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"

#define EXT	".conf"

/* 1000: ten times the offices an organisation has; a folder past it is a
 * mistake, not a deployment. */
#define SITES_MAX	1000

/* Whether a folder entry is a site's file by its name's ending (the name
 * itself is checked after, so that a bad one is reported). */
static int
is_conf(const struct dirent *de)
{
	size_t len = strlen(de->d_name);

	return de->d_name[0] != '.' && len > strlen(EXT) &&
	    strcmp(de->d_name + len - strlen(EXT), EXT) == 0;
}

bool
config_hosts_clash(const char *a, const char *b)
{
	size_t an = strcspn(a, ":"), bn = strcspn(b, ":");

	if (an != bn || strncmp(a, b, an) != 0)
		return false;
	return a[an] == '\0' || b[bn] == '\0' || strcmp(a + an, b + bn) == 0;
}

/* Refuses a host named by two sites, printing both files. */
static int
check_hosts(const struct config_sites *s, const char *dir)
{
	size_t i, j, k, l;

	for (i = 0; i < s->n; i++)
		for (j = i; j < s->n; j++)
			for (k = 0; k < s->site[i].nhosts; k++)
				for (l = i == j ? k + 1 : 0;
				    l < s->site[j].nhosts; l++) {
					if (!config_hosts_clash(s->site[i].hosts[k],
					    s->site[j].hosts[l]))
						continue;
					fprintf(stderr, "%s/%s.conf and "
					    "%s/%s.conf: both name the host "
					    "%s\n", dir,
					    s->site[i].site_name, dir,
					    s->site[j].site_name,
					    s->site[i].hosts[k]);
					return -1;
				}
	return 0;
}

/* Where path is, to compare: resolved when it is there, else as written
 * (anchored alike). A heap string, or NULL when out of memory. */
static char *
place_of(const char *path)
{
	char *r = realpath(path, NULL);

	return r != NULL ? r : strdup(path);
}

/* Refuses two sites with one database or one media folder: each would
 * serve, search, or (a media gc, a delete) remove the other's. Each path
 * is resolved once, not once a pair: a thousand sites are half a million
 * pairs, at every start and reload. */
static int
check_places(const struct config_sites *s, const char *dir)
{
	const struct config *a, *b;
	char **db, **media;
	size_t i, j;
	int ret = 0;

	db = calloc(s->n + 1, sizeof(*db));
	media = calloc(s->n + 1, sizeof(*media));
	for (i = 0; db != NULL && media != NULL && i < s->n; i++)
		if ((db[i] = place_of(s->site[i].database)) == NULL ||
		    (media[i] = place_of(s->site[i].media_dir)) == NULL)
			break;
	if (db == NULL || media == NULL || i < s->n)
		ret = -1;
	for (i = 0; ret == 0 && i < s->n; i++)
		for (j = i + 1; ret == 0 && j < s->n; j++) {
			a = &s->site[i];
			b = &s->site[j];
			if (strcmp(db[i], db[j]) == 0) {
				fprintf(stderr, "%s/%s.conf and %s/%s.conf: "
				    "both keep their content in %s: give "
				    "each its own [paths] database\n", dir,
				    a->site_name, dir, b->site_name,
				    a->database);
				ret = -1;
			} else if (strcmp(media[i], media[j]) == 0) {
				fprintf(stderr, "%s/%s.conf and %s/%s.conf: "
				    "both keep their media in %s: give each "
				    "its own [paths] media (it is media/ "
				    "beside the database when not set)\n",
				    dir, a->site_name, dir, b->site_name,
				    a->media_dir);
				ret = -1;
			}
		}
	for (i = 0; i < s->n; i++) {
		free(db != NULL ? db[i] : NULL);
		free(media != NULL ? media[i] : NULL);
	}
	free(db);
	free(media);
	return ret;
}

/* Loads the site of file name (NAME.conf) in dir into *cfg. */
static int
load_one(struct config *cfg, const char *dir, const char *file,
    const char *path, const struct config_dirs *dirs)
{
	char name[CONFIG_SITE_NAME_MAX + 1], site_path[4096];
	size_t len = strlen(file) - strlen(EXT);

	if (len > CONFIG_SITE_NAME_MAX ||
	    snprintf(name, sizeof(name), "%.*s", (int)len, file) < 0 ||
	    !config_site_name_ok(name)) {
		fprintf(stderr, "%s/%s: not a site's name: a site's file is "
		    "NAME.conf, NAME of 1 to 32 lower-case letters, digits "
		    "and dashes, not starting with a dash\n", dir, file);
		return -1;
	}
	if ((size_t)snprintf(site_path, sizeof(site_path), "%s/%s", dir,
	    file) >= sizeof(site_path)) {
		fprintf(stderr, "%s/%s: path too long\n", dir, file);
		return -1;
	}
	return config_load_site(cfg, path, dirs, site_path, name);
}

int
config_sites_load(struct config_sites *s, const struct config *main,
    const char *path, const struct config_dirs *dirs)
{
	struct dirent **names = NULL;
	const char *dir = main->sites_dir;
	int n, i, ret = 0;

	memset(s, 0, sizeof(*s));
	if (*dir == '\0') {
		if (*main->default_site != '\0') {
			fprintf(stderr, "%s: [site] default_site \"%s\" without "
			    "[paths] sites: there is one site\n", path,
			    main->default_site);
			return -1;
		}
		return 0;
	}
	if ((n = scandir(dir, &names, is_conf, alphasort)) == -1) {
		fprintf(stderr, "%s: [paths] sites %s: %s\n", path, dir,
		    strerror(errno));
		return -1;
	}
	if (n > SITES_MAX) {
		fprintf(stderr, "%s: more than %d sites\n", dir, SITES_MAX);
		ret = -1;
	} else if (n > 0 &&
	    (s->site = calloc((size_t)n, sizeof(*s->site))) == NULL)
		ret = -1;
	for (i = 0; i < n; i++) {
		if (ret == 0 && load_one(&s->site[s->n], dir, names[i]->d_name,
		    path, dirs) == 0)
			s->n++;
		else if (ret == 0) {
			config_free(&s->site[s->n]);
			ret = -1;
		}
		free(names[i]);
	}
	free(names);
	if (ret == 0)
		ret = check_hosts(s, dir);
	if (ret == 0)
		ret = check_places(s, dir);
	if (ret == 0 && *main->default_site != '\0' &&
	    (s->fallback = config_sites_find(s, main->default_site)) == NULL) {
		fprintf(stderr, "%s: [site] default_site \"%s\": no such site "
		    "in %s\n", path, main->default_site, dir);
		ret = -1;
	}
	if (ret == -1)
		config_sites_free(s);
	return ret;
}

void
config_sites_free(struct config_sites *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		config_free(&s->site[i]);
	free(s->site);
	memset(s, 0, sizeof(*s));
}

const struct config *
config_sites_find(const struct config_sites *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->site[i].site_name, name) == 0)
			return &s->site[i];
	return NULL;
}

const struct config *
config_sites_host(const struct config_sites *s, const char *host)
{
	const char *h, *port;
	size_t i, j, name, hn;

	if (host == NULL)
		return NULL;
	/* A name, then the port a browser sent, if any ("" or ":PORT"). */
	name = strcspn(host, ":");
	port = host + name;
	/* "office.example." is office.example, as DNS and nginx's $host
	 * have it: one site, whichever server is in front. */
	if (name > 1 && host[name - 1] == '.')
		name--;
	for (i = 0; i < s->n; i++)
		for (j = 0; j < s->site[i].nhosts; j++) {
			h = s->site[i].hosts[j];
			hn = strcspn(h, ":");
			if (hn == name && strncasecmp(h, host, name) == 0 &&
			    (h[hn] == '\0' || strcmp(h + hn, port) == 0))
				return &s->site[i];
		}
	return NULL;
}

/* site.c: `waypoint site add | list | remove`: the sites of a deployment,
 * one NAME.conf each in the folder [paths] sites, each with its database
 * and media folder (docs/sites.md). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "lib/file.h"
#include "lib/perm.h"
#include "lib/zone.h"
#include "store/site_counts.h"
#include "store/store.h"

/* 300: the longest base_url config_origin takes, and more than any host
 * list, language list or time zone name. */
#define ARG_MAX_LEN	300
/* "20261204T052200Z": a UTC stamp for the names remove leaves. */
#define STAMP_LEN	sizeof("YYYYmmddTHHMMSSZ")

/* The main configuration, as main.c read it: what a site is read over. */
struct site_ctx {
	const struct config		*cfg;
	const char			*path;
	const struct config_dirs	*dirs;
};

/* What `site add` was given. */
struct site_args {
	const char	*name;
	const char	*hosts[CONFIG_HOSTS_MAX];
	size_t		 nhosts;
	const char	*base_url;
	const char	*languages;
	const char	*default_lang;
	const char	*timezone;
	bool		 demo;
};

/* Loads the deployment's sites into *sites: none while the folder is
 * not there yet (`site add` makes it). Returns 0, or -1 (said on
 * stderr). */
static int
sites_load(const struct site_ctx *x, struct config_sites *sites)
{
	struct stat sb;

	memset(sites, 0, sizeof(*sites));
	if (stat(x->cfg->sites_dir, &sb) == -1 && errno == ENOENT)
		return 0;
	return config_sites_load(sites, x->cfg, x->path, x->dirs);
}

/* The path of site name's file in the sites folder, with suffix (""
 * for the file itself), into buf. 0, or -1 when it does not fit. */
static int
site_file(const struct config *cfg, const char *prefix, const char *name,
    const char *suffix, char *buf, size_t size)
{
	int n;

	n = snprintf(buf, size, "%s/%s%s.conf%s", cfg->sites_dir, prefix,
	    name, suffix);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "waypoint site: %s: path too long\n",
		    cfg->sites_dir);
		return -1;
	}
	return 0;
}

/* Whether s may stand as a value in a site file: at most ARG_MAX_LEN
 * bytes, no control character, and none of the characters INI reads as
 * a comment or a section. Says what is wrong with option opt otherwise. */
static bool
value_ok(const char *opt, const char *s)
{
	const char *p;

	if (strlen(s) > ARG_MAX_LEN) {
		fprintf(stderr, "waypoint site add: %s: longer than %d "
		    "characters\n", opt, ARG_MAX_LEN);
		return false;
	}
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == ';' ||
		    *p == '#' || *p == '[' || *p == ']' || *p == '=') {
			fprintf(stderr, "waypoint site add: %s \"%s\": no "
			    "control characters, ';', '#', '[', ']' or '='\n",
			    opt, s);
			return false;
		}
	return true;
}

/* Reads add's arguments into *a. 0, or the exit status of a refusal. */
static int
add_args(int argc, char **argv, struct site_args *a)
{
	static const char *const opts[] = {
		"--base-url", "--languages", "--default-lang", "--timezone",
	};
	const char **fields[sizeof(opts) / sizeof(opts[0])];
	size_t k;
	int i;

	memset(a, 0, sizeof(*a));
	fields[0] = &a->base_url;
	fields[1] = &a->languages;
	fields[2] = &a->default_lang;
	fields[3] = &a->timezone;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--demo") == 0) {
			a->demo = true;
			continue;
		}
		if (strcmp(argv[i], "--host") == 0) {
			if (i + 1 == argc)
				return cli_refuse("site", NULL);
			if (a->nhosts == CONFIG_HOSTS_MAX) {
				fprintf(stderr, "waypoint site add: at most %d "
				    "--host\n", CONFIG_HOSTS_MAX);
				return 2;
			}
			if (!value_ok("--host", argv[++i]))
				return 2;
			a->hosts[a->nhosts++] = argv[i];
			continue;
		}
		for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
			if (strcmp(argv[i], opts[k]) == 0)
				break;
		if (k == sizeof(opts) / sizeof(opts[0]))
			return cli_refuse("site", argv[i]);
		if (i + 1 == argc)
			return cli_refuse("site", NULL);
		if (!value_ok(argv[i], argv[i + 1]))
			return 2;
		*fields[k] = argv[++i];
	}
	if (argc < 1 || argv[0][0] == '-')
		return cli_refuse("site", argc < 1 ? NULL : argv[0]);
	a->name = argv[0];
	if (!config_site_name_ok(a->name)) {
		fprintf(stderr, "waypoint site add: \"%s\" is not a site's "
		    "name: 1 to %d lower-case letters, digits and dashes, not "
		    "starting with a dash\n", a->name, CONFIG_SITE_NAME_MAX);
		return 2;
	}
	if (a->nhosts == 0) {
		fprintf(stderr, "waypoint site add: say which host names the "
		    "site answers with --host NAME (one or more)\n");
		return 2;
	}
	/* Reading the file back would refuse it too, naming the temporary
	 * file rather than the option. */
	if (a->timezone != NULL && !zone_known(a->timezone)) {
		fprintf(stderr, "waypoint site add: --timezone \"%s\" is not a "
		    "known time zone (see /usr/share/zoneinfo)\n", a->timezone);
		return 2;
	}
	return 0;
}

/* Writes the site file of a to fd: the [site] keys given, host names in
 * lower case (a Host header is compared without case), one host line
 * each, so that no line outgrows what the INI reader takes whole. 0, or
 * -1. */
static int
write_site_file(int fd, const struct site_args *a)
{
	char stamp[64], *text = NULL;
	const char *p;
	size_t i, len = 0;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;
	int ret;

	if ((f = open_memstream(&text, &len)) == NULL)
		return -1;
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M UTC",
	    gmtime_r(&now, &tm));
	fprintf(f, "; Site %s, written by `waypoint site add` on %s.\n"
	    "; Only [site] host, base_url, timezone, default_lang, languages\n"
	    "; and [paths] database, media may stand here (docs/sites.md).\n"
	    "[site]\n", a->name, stamp);
	for (i = 0; i < a->nhosts; i++) {
		fputs("host = ", f);
		for (p = a->hosts[i]; *p != '\0'; p++)
			fputc(tolower((unsigned char)*p), f);
		fputc('\n', f);
	}
	if (a->base_url != NULL)
		fprintf(f, "base_url = %s\n", a->base_url);
	if (a->timezone != NULL)
		fprintf(f, "timezone = %s\n", a->timezone);
	if (a->default_lang != NULL)
		fprintf(f, "default_lang = %s\n", a->default_lang);
	if (a->languages != NULL)
		fprintf(f, "languages = %s\n", a->languages);
	ret = fclose(f) == 0 ? 0 : -1;
	if (ret == 0)
		ret = file_write_all(fd, text, len);
	if (ret == 0)
		ret = fsync(fd);
	free(text);
	return ret;
}

/* The site of sites that names a host of site (the new one), or NULL:
 * either side's host names a request the other's would take. */
static const struct config *
host_taken(const struct config_sites *sites, const struct config *site,
    const char **which)
{
	struct config_sites one = { (struct config *)site, 1, NULL };
	const struct config *other;
	size_t i, j;

	for (i = 0; i < site->nhosts; i++)
		if ((other = config_sites_host(sites, site->hosts[i])) != NULL) {
			*which = site->hosts[i];
			return other;
		}
	for (i = 0; i < sites->n; i++)
		for (j = 0; j < sites->site[i].nhosts; j++)
			if (config_sites_host(&one, sites->site[i].hosts[j]) !=
			    NULL) {
				*which = sites->site[i].hosts[j];
				return &sites->site[i];
			}
	return NULL;
}

/* Makes the folders above file, each 0750 when new. 0, or -1 (said). */
static int
make_parents(const char *file)
{
	char *dir, *p;
	int ret = 0;

	if ((dir = strdup(file)) == NULL)
		return -1;
	for (p = strchr(dir + 1, '/'); ret == 0 && p != NULL;
	    p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
			fprintf(stderr, "%s: %s\n", dir, strerror(errno));
			ret = -1;
		}
		*p = '/';
	}
	free(dir);
	return ret;
}

/* Creates site's database (with the demo content when demo) through `db
 * init`, and its media folder. 0, or -1 (said). */
static int
make_site_files(const struct config *site, bool demo)
{
	char init[] = "init", empty[] = "--empty";
	char *argv[] = { init, empty, NULL };

	if (make_parents(site->database) == -1 ||
	    cli_db(site, demo ? 1 : 2, argv) != 0)
		return -1;
	if (mkdir(site->media_dir, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", site->media_dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* `site add`: the site's file written under a name the folder's readers
 * ignore (.NAME.conf.new), read back as a site, checked against the
 * other sites, its database and media folder made; then linked to
 * NAME.conf, which link(2) creates only when it is not there. */
static int
site_add(const struct site_ctx *x, int argc, char **argv)
{
	struct config_sites sites;
	struct config site;
	struct site_args a;
	const struct config *other;
	const char *which;
	char tmp[4096], file[4096];
	int fd, ret;

	if ((ret = add_args(argc, argv, &a)) != 0)
		return ret;
	if (site_file(x->cfg, ".", a.name, ".new", tmp, sizeof(tmp)) == -1 ||
	    site_file(x->cfg, "", a.name, "", file, sizeof(file)) == -1)
		return 1;
	if (access(file, F_OK) == 0) {
		fprintf(stderr, "waypoint site add: site %s exists already "
		    "(%s)\n", a.name, file);
		return 1;
	}
	if (sites_load(x, &sites) == -1)
		return 1;
	if ((fd = perm_create(tmp, O_WRONLY, PERM_DATA)) == -1) {
		fprintf(stderr, "%s: %s%s\n", tmp, strerror(errno),
		    errno == EEXIST ? " (another `site add` of this name "
		    "running, or one interrupted: remove it)" : "");
		config_sites_free(&sites);
		return 1;
	}
	ret = write_site_file(fd, &a);
	if (close(fd) == -1 || ret == -1) {
		fprintf(stderr, "%s: %s\n", tmp, strerror(errno));
		ret = 1;
		goto out_tmp;
	}
	memset(&site, 0, sizeof(site));
	if (config_load_site(&site, x->path, x->dirs, tmp, a.name) == -1) {
		ret = 1;
		goto out_site;
	}
	if ((other = host_taken(&sites, &site, &which)) != NULL) {
		fprintf(stderr, "waypoint site add: the host %s is site %s's "
		    "(%s/%s.conf)\n", which, other->site_name,
		    x->cfg->sites_dir, other->site_name);
		ret = 1;
		goto out_site;
	}
	/* The demo content's dates are the new site's, as `db init` with
	 * --site would make them. */
	zone_process(site.timezone);
	if (make_site_files(&site, a.demo) == -1) {
		ret = 1;
		goto out_site;
	}
	if (link(tmp, file) == -1) {
		fprintf(stderr, "%s: %s%s\n", file, strerror(errno),
		    errno == EEXIST ? " (added meanwhile; the database made "
		    "here stays)" : "");
		ret = 1;
		goto out_site;
	}
	ret = 0;
out_site:
	config_free(&site);
out_tmp:
	unlink(tmp);
	/* The new name (or the temporary's removal) reaches the disk with
	 * the folder that holds it. */
	if (file_sync(x->cfg->sites_dir, true) == -1)
		fprintf(stderr, "%s: fsync: %s\n", x->cfg->sites_dir,
		    strerror(errno));
	config_sites_free(&sites);
	if (ret == 0)
		printf("site %s added: %s; reload the servers (SIGHUP) to "
		    "serve it\n", a.name, file);
	else
		fprintf(stderr, "waypoint site add: site %s not added\n",
		    a.name);
	return ret;
}

/* Counts of site's database into *c. 0, or -1 (said). */
static int
site_count(const struct config *site, struct site_counts *c)
{
	enum store_status st;
	struct store *s;

	if ((s = store_open(site->database, STORE_INSPECT, &st)) == NULL ||
	    (st = store_site_counts(s, c)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", site->database, store_strerror(st));
		store_close(s);
		return -1;
	}
	store_close(s);
	return 0;
}

/* `site list`: one line a site. */
static int
site_list(const struct site_ctx *x, int argc, char **argv)
{
	struct config_sites sites;
	struct site_counts c;
	const struct config *s;
	size_t i, j;
	int ret = 0;

	if (argc > 0)
		return cli_refuse("site", argv[0]);
	if (sites_load(x, &sites) == -1)
		return 1;
	for (i = 0; i < sites.n; i++) {
		s = &sites.site[i];
		printf("%s\t", s->site_name);
		for (j = 0; j < s->nhosts; j++)
			printf("%s%s", j > 0 ? "," : "", s->hosts[j]);
		printf("\t%s", s->database);
		if (site_count(s, &c) == -1) {
			printf("\t(cannot be read)\n");
			ret = 1;
			continue;
		}
		printf("\t%lld releases, %lld pages, %lld users%s\n",
		    (long long)c.releases, (long long)c.pages,
		    (long long)c.users, &sites.site[i] == sites.fallback ?
		    "\t(default_site)" : "");
	}
	if (sites.n == 0)
		printf("no sites in %s: add one with `waypoint site add`\n",
		    x->cfg->sites_dir);
	config_sites_free(&sites);
	return ret;
}

/* `site remove`: refused while the database holds content, unless
 * force; a backup always first (`db backup`, with the media files);
 * then the site file renamed out of the folder's sight. The database
 * and media folder stay where they are: a running server may still
 * have them open until it reloads. */
static int
site_remove(const struct site_ctx *x, int argc, char **argv)
{
	char stamp[STAMP_LEN], backup[4096], file[4096], gone[4096];
	char cmd[] = "backup";
	char *bargv[] = { cmd, backup, NULL };
	struct config_sites sites;
	const struct config *site;
	struct site_counts c;
	bool force = false;
	time_t now = time(NULL);
	struct tm tm;
	int i, ret = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") != 0)
			return cli_refuse("site", argv[i]);
		force = true;
	}
	if (argc < 1 || argv[0][0] == '-')
		return cli_refuse("site", argc < 1 ? NULL : argv[0]);
	if (sites_load(x, &sites) == -1)
		return 1;
	if ((site = config_sites_find(&sites, argv[0])) == NULL) {
		fprintf(stderr, "waypoint site remove: no site \"%s\" in %s\n",
		    argv[0], x->cfg->sites_dir);
		goto out;
	}
	/* Without its file, the deployment would not start: the main file
	 * names a site that is gone. */
	if (site == sites.fallback) {
		fprintf(stderr, "waypoint site remove: site %s is %s's "
		    "[site] default_site: name another there (or none) "
		    "first\n", site->site_name, x->path);
		goto out;
	}
	if (site_count(site, &c) == -1)
		goto out;
	if (!force && c.releases + c.pages + c.entries + c.media > 0) {
		fprintf(stderr, "waypoint site remove: site %s holds content "
		    "(%lld releases, %lld pages, %lld projects, events and "
		    "publications, %lld media items); give --force to remove "
		    "it all the same (a backup is kept)\n", site->site_name,
		    (long long)c.releases, (long long)c.pages,
		    (long long)c.entries, (long long)c.media);
		goto out;
	}
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime_r(&now, &tm));
	if (snprintf(backup, sizeof(backup), "%s.removed-%s", site->database,
	    stamp) >= (int)sizeof(backup) || site_file(x->cfg, "",
	    site->site_name, "", file, sizeof(file)) == -1 ||
	    snprintf(gone, sizeof(gone), "%s.removed-%s", file, stamp) >=
	    (int)sizeof(gone)) {
		fprintf(stderr, "waypoint site remove: path too long\n");
		goto out;
	}
	if (cli_db(site, 2, bargv) != 0) {
		fprintf(stderr, "waypoint site remove: no backup, so site %s "
		    "stays\n", site->site_name);
		goto out;
	}
	if (rename(file, gone) == -1 || file_sync(x->cfg->sites_dir,
	    true) == -1) {
		fprintf(stderr, "%s: %s\n", file, strerror(errno));
		goto out;
	}
	printf("site %s removed: its file is now %s, its backup %s; its "
	    "database %s and media folder %s stay until you delete them, "
	    "once the servers have reloaded (SIGHUP)\n", site->site_name,
	    gone, backup, site->database, site->media_dir);
	ret = 0;
out:
	config_sites_free(&sites);
	return ret;
}

/* The sites folder's lock, held by `site add` and `site remove` from
 * their first look at the other sites to their last write: two adds
 * naming one host at once would each find it free. The folder is made
 * when missing (make). The descriptor, or -1 (said). */
static int
lock_folder(const char *dir, bool make)
{
	int fd;

	if (make && mkdir(dir, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    flock(fd, LOCK_EX) == -1) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

int
cli_site(const struct config *cfg, const char *path,
    const struct config_dirs *dirs, int argc, char **argv)
{
	struct site_ctx x = { cfg, path, dirs };
	int lock, ret;

	if (argc < 1)
		return cli_refuse("site", NULL);
	if (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "list") != 0 &&
	    strcmp(argv[0], "remove") != 0)
		return cli_refuse("site", argv[0]);
	if (*cfg->sites_dir == '\0') {
		fprintf(stderr, "waypoint site: %s has no [paths] sites: this "
		    "deployment is one site; set [paths] sites to a folder "
		    "to serve several (docs/sites.md)\n", path);
		return 2;
	}
	if (strcmp(argv[0], "list") == 0)
		return site_list(&x, argc - 1, argv + 1);
	if ((lock = lock_folder(cfg->sites_dir,
	    strcmp(argv[0], "add") == 0)) == -1)
		return 1;
	if (strcmp(argv[0], "add") == 0)
		ret = site_add(&x, argc - 1, argv + 1);
	else
		ret = site_remove(&x, argc - 1, argv + 1);
	close(lock);
	return ret;
}

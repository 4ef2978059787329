/* config.c: waypoint.conf (INI) into struct config. */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "config.h"
#include "lib/zone.h"

enum key_type {
	KEY_STRING,
	KEY_INT,	/* a whole number from min to max */
	KEY_MODE,	/* an octal file mode, 0 to 0777 */
};

struct key {
	const char	*section;
	const char	*name;
	size_t		 offset;
	enum key_type	 type;
	int		 min, max;
};

#define S(sec, name, field) \
	{ sec, name, offsetof(struct config, field), KEY_STRING, 0, 0 }
#define I(sec, name, field, lo, hi) \
	{ sec, name, offsetof(struct config, field), KEY_INT, lo, hi }
#define M(sec, name, field) \
	{ sec, name, offsetof(struct config, field), KEY_MODE, 0, 0777 }

/* Every key the file may hold; anything else is a mistake worth reporting. */
static const struct key keys[] = {
	S("site", "base_url", base_url),
	S("site", "timezone", timezone),
	S("site", "default_lang", default_lang),
	S("site", "languages", languages),
	S("paths", "database", database),
	S("paths", "templates", templates),
	S("paths", "static", static_dir),
	S("paths", "log_file", log_file),
	S("paths", "spool", spool_dir),
	S("paths", "media", media_dir),
	S("paths", "group", group),
	S("paths", "sites", sites_dir),
	S("site", "default_site", default_site),
	S("serve", "listen", listen),
	I("serve", "threads", threads, 0, 256),
	I("serve", "connection_limit", connection_limit, 1, 100000),
	I("serve", "per_ip_limit", per_ip_limit, 0, 100000),
	I("serve", "timeout", timeout, 1, 3600),
	I("cache", "entries", cache_entries, 0, 1000000),
	I("cache", "max_mib", cache_max_mib, 1, 65536),
	/* A year at most: longer than any cache keeps an answer. */
	I("cache", "s_maxage", s_maxage, 0, 31536000),
	I("cache", "stale_while_revalidate", stale_while_revalidate, 0,
	    31536000),
	I("cache", "stale_if_error", stale_if_error, 0, 31536000),
	S("cache", "purge_url", purge_url),
	I("audit", "keep_days", audit_keep_days, 1, 36500),
	S("fcgi", "socket", fcgi_socket),
	S("fcgi", "listen", fcgi_listen),
	S("fcgi", "socket_group", fcgi_group),
	M("fcgi", "socket_mode", fcgi_mode),
	I("fcgi", "processes", fcgi_processes, 1, 64),
	I("fcgi", "threads", fcgi_threads, 0, 64),
	S("auth", "require_totp", require_totp),
	S("workflow", "review", review_text),
	/* 1024 MiB: REQUEST_STREAM_MAX's ceiling; a larger file is no web
	 * page's. */
	I("media", "max_upload_mib", media_max_upload_mib, 1, 1024),
	I("media", "max_megapixels", media_max_megapixels, 1, 1000),
	/* Tests only: makes the database "full" for the fault tests. */
	I("test", "max_page_count", test_max_pages, 0, INT_MAX),
	/* Tests only: a route that hashes each part of an upload. */
	I("test", "upload_route", test_upload, 0, 1),
	/* Tests only: URLs a sitemap file holds, so that the demo content
	 * fills several. 16: CONFIG_LANGS_MAX, so that a group's versions
	 * always fit in one file; 50,000: sitemaps.org's limit. */
	I("test", "sitemap_urls", test_sitemap_urls, CONFIG_LANGS_MAX, 50000),
	/* Tests only: the deep list pages' URLs a change purges, so that a
	 * small database reaches the bound (purge.h's PURGE_DEEP_MAX when
	 * not set). */
	I("test", "purge_deep", test_purge_deep, 1, 50000),
};

struct parse {
	struct config	*cfg;
	const char	*path;
	int		 errors;
};

/* The keys a site file may hold (config_load_site); the rest of a site's
 * settings are the deployment's. */
static const struct {
	const char	*section;
	const char	*name;
} site_keys[] = {
	{ "site", "host" },
	{ "site", "base_url" },
	{ "site", "timezone" },
	{ "site", "default_lang" },
	{ "site", "languages" },
	{ "paths", "database" },
	{ "paths", "media" },
};

int
config_set(char **field, const char *value)
{
	char *s;

	if ((s = strdup(value)) == NULL)
		return -1;
	free(*field);
	*field = s;
	return 0;
}

/* Sets the number key k from value; prints what is wrong and returns -1
 * when value is not one. */
static int
set_number(struct parse *p, const struct key *k, const char *value)
{
	int base = k->type == KEY_MODE ? 8 : 10;
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, base);
	if (errno != 0 || *value < '0' || *value > '9' || *end != '\0' ||
	    v < k->min || v > k->max) {
		if (k->type == KEY_MODE)
			fprintf(stderr, "%s: [%s] %s: expected an octal mode "
			    "such as 0660, got \"%s\"\n", p->path, k->section,
			    k->name, value);
		else
			fprintf(stderr, "%s: [%s] %s: expected a whole number "
			    "from %d to %d, got \"%s\"\n", p->path, k->section,
			    k->name, k->min, k->max, value);
		return -1;
	}
	*(int *)((char *)p->cfg + k->offset) = (int)v;
	return 0;
}

static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	const struct key *k;
	char *field;

	for (k = keys; k < keys + sizeof(keys) / sizeof(keys[0]); k++) {
		if (strcmp(k->section, section) != 0 || strcmp(k->name, name) != 0)
			continue;
		field = (char *)p->cfg + k->offset;
		if ((k->type == KEY_STRING ? config_set((char **)field, value) :
		    set_number(p, k, value)) == -1)
			p->errors++;
		return 1;
	}
	fprintf(stderr, "%s: unknown key [%s] %s\n", p->path, section, name);
	p->errors++;
	return 1;
}

static int on_key(void *, const char *, const char *, const char *);

/* Appends value's host names to *buf (set or not yet). Returns 0, or -1
 * when out of memory. */
static int
host_add(char **buf, const char *value)
{
	char *s;

	if (*buf == NULL || **buf == '\0')
		return config_set(buf, value);
	if (asprintf(&s, "%s %s", *buf, value) == -1)
		return -1;
	free(*buf);
	*buf = s;
	return 0;
}

/* A key of a site file: one of site_keys, else printed with the file. */
static int
on_site_key(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse *p = user;
	size_t i;

	for (i = 0; i < sizeof(site_keys) / sizeof(site_keys[0]); i++) {
		if (strcmp(site_keys[i].section, section) != 0 ||
		    strcmp(site_keys[i].name, name) != 0)
			continue;
		if (strcmp(name, "host") != 0)
			return on_key(user, section, name, value);
		/* host may repeat (or go on on the next line): each adds
		 * its names to the others. */
		if (host_add(&p->cfg->hosts_buf, value) == -1)
			p->errors++;
		return 1;
	}
	fprintf(stderr, "%s: [%s] %s is not a site's key (a site file holds "
	    "[site] host, base_url, timezone, default_lang, languages and "
	    "[paths] database, media; the rest is waypoint.conf's)\n",
	    p->path, section, name);
	p->errors++;
	return 1;
}

/* [paths] spool when unset: the folder of [paths] database; [paths]
 * media: media/ in that folder. */
static int
db_dir_defaults(struct config *cfg)
{
	const char *slash = strrchr(cfg->database, '/');
	char *dir;
	int ret = 0;

	if (slash == NULL)
		dir = strdup(".");
	else
		dir = strndup(cfg->database, slash == cfg->database ? 1 :
		    (size_t)(slash - cfg->database));
	if (dir == NULL)
		return -1;
	if (*cfg->spool_dir == '\0')
		ret = config_set(&cfg->spool_dir, dir);
	if (ret == 0 && *cfg->media_dir == '\0') {
		free(cfg->media_dir);
		if (asprintf(&cfg->media_dir, "%s%smedia", dir,
		    strcmp(dir, "/") == 0 ? "" : "/") == -1) {
			cfg->media_dir = NULL;
			ret = -1;
		}
	}
	free(dir);
	return ret;
}

bool
config_lang_code_ok(const char *s, size_t len)
{
	size_t i, primary = strspn(s, "abcdefghijklmnopqrstuvwxyz");

	if (len > 8 || primary > len || primary < 2 || primary > 3 ||
	    (primary < len && s[primary] != '-'))
		return false;
	for (i = primary; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] == '-' && s[i - 1] != '-' && i + 1 < len)))
			return false;
	return true;
}

/* Adds code s[0..len] to cfg->langs unless it is there; the codes are
 * copied to buf at *used. Returns 0, or -1 (printed) when it is not a
 * code or one too many. */
static int
lang_add(struct config *cfg, const char *path, const char *s, size_t len,
    size_t *used)
{
	size_t i;

	if (!config_lang_code_ok(s, len)) {
		fprintf(stderr, "%s: [site] \"%.*s\" is not a language code "
		    "(2 or 3 lower-case letters, as hu or uk)\n", path,
		    (int)len, s);
		return -1;
	}
	for (i = 0; i < cfg->nlangs; i++)
		if (strlen(cfg->langs[i]) == len &&
		    strncmp(cfg->langs[i], s, len) == 0)
			return 0;
	if (cfg->nlangs == CONFIG_LANGS_MAX) {
		fprintf(stderr, "%s: [site] languages: more than %d\n", path,
		    CONFIG_LANGS_MAX);
		return -1;
	}
	memcpy(cfg->langs_buf + *used, s, len);
	cfg->langs_buf[*used + len] = '\0';
	cfg->langs[cfg->nlangs++] = cfg->langs_buf + *used;
	*used += len + 1;
	return 0;
}

/* Parses [site] languages (codes separated by spaces, tabs or commas)
 * into cfg->langs, [site] default_lang first; empty: the default alone.
 * Returns 0 or -1 (printed), also when the default is not one of them. */
static int
langs_parse(struct config *cfg, const char *path)
{
	const char *p;
	size_t used = 0, len;
	bool has_default = *cfg->languages == '\0';

	free(cfg->langs_buf);
	cfg->nlangs = 0;
	/* Every code and its NUL fit in the two strings and two NULs. */
	if ((cfg->langs_buf = malloc(strlen(cfg->default_lang) +
	    strlen(cfg->languages) + 2)) == NULL)
		return -1;
	if (lang_add(cfg, path, cfg->default_lang, strlen(cfg->default_lang),
	    &used) == -1)
		return -1;
	for (p = cfg->languages; *p != '\0'; p += len) {
		p += strspn(p, " \t,");
		if ((len = strcspn(p, " \t,")) > 0 &&
		    lang_add(cfg, path, p, len, &used) == -1)
			return -1;
		if (len == strlen(cfg->default_lang) &&
		    strncmp(p, cfg->default_lang, len) == 0)
			has_default = true;
	}
	if (!has_default) {
		fprintf(stderr, "%s: [site] default_lang \"%s\" is not one of "
		    "[site] languages \"%s\"; add it there\n", path,
		    cfg->default_lang, cfg->languages);
		return -1;
	}
	return 0;
}

const char *
config_prefix_lang(const struct config *cfg, const char *s, size_t len)
{
	size_t i;

	for (i = 1; i < cfg->nlangs; i++)
		if (strlen(cfg->langs[i]) == len &&
		    strncmp(cfg->langs[i], s, len) == 0)
			return cfg->langs[i];
	return NULL;
}

/* Whether c may stand in a host name (letters, digits, dots, dashes). */
static bool
host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-';
}

int
config_origin(const char *url, char *out)
{
	const char *host, *end, *port = NULL, *p;
	bool https;
	long n = 0;
	size_t len, i;

	if ((https = strncmp(url, "https://", 8) == 0))
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return -1;
	if (*host == '[') {
		end = host + 1 + strspn(host + 1, "0123456789abcdefABCDEF:.");
		if (*end++ != ']' || end == host + 2)
			return -1;
	} else
		for (end = host; host_char(*end); end++)
			;
	if (end == host || (size_t)(end - host) > 253)
		return -1;
	if (*end == ':') {
		port = end + 1;
		for (p = port; *p >= '0' && *p <= '9' && n <= 65535; p++)
			n = n * 10 + (*p - '0');
		if (p == port || p - port > 5 || n < 1 || n > 65535)
			return -1;
	} else
		p = end;
	if (*p != '\0' && *p != '/')
		return -1;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '?' || *p == '#')
			return -1;
	len = (size_t)(end - host);
	memcpy(out, https ? "https://" : "http://", https ? 8 : 7);
	out += https ? 8 : 7;
	for (i = 0; i < len; i++)
		out[i] = (char)(host[i] >= 'A' && host[i] <= 'Z' ?
		    host[i] - 'A' + 'a' : host[i]);
	out += len;
	if (port != NULL && n != (https ? 443 : 80))
		out += sprintf(out, ":%ld", n);
	*out = '\0';
	return 0;
}

/* Makes *field, when relative, relative to dir instead of the current
 * folder. Returns 0, or -1 when out of memory. */
static int
anchor(char **field, const char *dir)
{
	char *s;

	if (**field == '/' || **field == '\0')
		return 0;
	if (asprintf(&s, "%s/%s", dir, *field) == -1)
		return -1;
	free(*field);
	*field = s;
	return 0;
}

/* Makes the relative [paths] sites relative to the folder of path, the
 * file read (--config's, not the installed default's: a staging file
 * must not reach production's sites). Returns 0, or -1 when out of
 * memory. */
static int
conf_dir_anchor(struct config *cfg, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *s;

	if (asprintf(&s, "%.*s/%s", slash == NULL ? 1 : (int)(slash - path),
	    slash == NULL ? "." : path, cfg->sites_dir) == -1)
		return -1;
	free(cfg->sites_dir);
	cfg->sites_dir = s;
	return 0;
}

/* The longest line, without its end, that Debian's libinih reads whole:
 * it reads at most 199 bytes at a time (INI_MAX_LINE 200) and takes the
 * rest of a longer line for a line of its own. */
#define INI_LINE_MAX	198

/* Parses f (path in messages) with handler, as ini_parse_file does, after
 * refusing a line libinih would cut: its tail would be read as another
 * line, or another value for the same key. Returns ini_parse_file's
 * answer, or -1 (printed) for such a line. */
static int
ini_parse_whole(FILE *f, const char *path, ini_handler handler, void *user)
{
	size_t len = 0;
	int c, line = 1;

	while ((c = getc(f)) != EOF) {
		if (c != '\n') {
			if (++len > INI_LINE_MAX) {
				fprintf(stderr, "%s:%d: longer than %d "
				    "characters, which the INI reader cuts: "
				    "split it (host may repeat)\n", path,
				    line, INI_LINE_MAX);
				return -1;
			}
			continue;
		}
		len = 0;
		line++;
	}
	rewind(f);
	return ini_parse_file(f, handler, user);
}

/* Opens path for config_load_at: NULL and errno ENOENT when it is missing,
 * NULL (printed, named as what: "--config" or "site file") when it cannot
 * be read or is not a file. */
static FILE *
config_open(const char *what, const char *path)
{
	struct stat sb = { 0 };
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			fprintf(stderr, "%s %s: %s\n", what, path,
			    strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) == -1 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "%s %s: a %s, not a configuration file\n",
		    what, path, S_ISDIR(sb.st_mode) ? "folder" :
		    "special file");
		fclose(f);
		errno = EINVAL;
		return NULL;
	}
	return f;
}

/* What config_load_at does once the file is read: defaults that depend on
 * other keys, relative paths anchored, and the checks across keys. */
static int
finish(struct config *cfg, const char *path, const struct config_dirs *dirs)
{
	char origin[CONFIG_ORIGIN_MAX];

	if (*cfg->database == '\0' && config_set(&cfg->database, dirs != NULL ?
	    "waypoint.db" : "var/waypoint.db") == -1)
		return -1;
	/* Installed, the media folder is one of its own beside the state
	 * folder (waypoint.tmpfiles: set-group-ID to nginx's group), since
	 * nginx may not enter the state folder that holds the database. */
	if (dirs != NULL && *cfg->media_dir == '\0') {
		free(cfg->media_dir);
		if (asprintf(&cfg->media_dir, "%s-media", dirs->state) == -1) {
			cfg->media_dir = NULL;
			return -1;
		}
	}
	if (dirs != NULL && (anchor(&cfg->database, dirs->state) == -1 ||
	    anchor(&cfg->log_file, dirs->state) == -1 ||
	    anchor(&cfg->spool_dir, dirs->state) == -1 ||
	    anchor(&cfg->media_dir, dirs->state) == -1 ||
	    anchor(&cfg->templates, dirs->data) == -1 ||
	    anchor(&cfg->static_dir, dirs->data) == -1))
		return -1;
	/* Installed, a relative sites folder is beside the main file
	 * (/etc/waypoint/sites), where configuration management drops
	 * them. */
	if (dirs != NULL && *cfg->sites_dir != '\0' &&
	    *cfg->sites_dir != '/' && conf_dir_anchor(cfg, path) == -1)
		return -1;
	/* The database's folder is one the server may write to (the systemd
	 * units allow no other). */
	if (db_dir_defaults(cfg) == -1)
		return -1;
	if (langs_parse(cfg, path) == -1)
		return -1;
	if (!zone_known(cfg->timezone)) {
		fprintf(stderr, "%s: [site] timezone \"%s\" is not a known time "
		    "zone (see /usr/share/zoneinfo)\n", path, cfg->timezone);
		return -1;
	}
	if (strcmp(cfg->require_totp, "admins") != 0 &&
	    strcmp(cfg->require_totp, "all") != 0 &&
	    strcmp(cfg->require_totp, "off") != 0) {
		fprintf(stderr, "%s: [auth] require_totp: expected admins, all "
		    "or off, got \"%s\"\n", path, cfg->require_totp);
		return -1;
	}
	if (strcmp(cfg->review_text, "on") != 0 &&
	    strcmp(cfg->review_text, "off") != 0) {
		fprintf(stderr, "%s: [workflow] review: expected on or off, "
		    "got \"%s\"\n", path, cfg->review_text);
		return -1;
	}
	cfg->review = strcmp(cfg->review_text, "on") == 0;
	/* A trailing slash would double up in every absolute URL. */
	while (strlen(cfg->base_url) > 0 &&
	    cfg->base_url[strlen(cfg->base_url) - 1] == '/')
		cfg->base_url[strlen(cfg->base_url) - 1] = '\0';
	if ((cfg->base_url_set = *cfg->base_url != '\0')) {
		if (config_origin(cfg->base_url, origin) == -1) {
			fprintf(stderr, "%s: [site] base_url: expected "
			    "http://HOST[:PORT] or https://HOST[:PORT], then "
			    "nothing or a path, got \"%s\"\n", path,
			    cfg->base_url);
			return -1;
		}
	} else if (config_set(&cfg->base_url, "http://127.0.0.1:8080") == -1)
		return -1;
	/* Plain HTTP: the purge location is nginx's own, on loopback. */
	if (*cfg->purge_url != '\0' &&
	    (strncmp(cfg->purge_url, "http://", 7) != 0 ||
	    config_origin(cfg->purge_url, origin) == -1)) {
		fprintf(stderr, "%s: [cache] purge_url: expected "
		    "http://HOST[:PORT]/PATH or nothing, got \"%s\"\n", path,
		    cfg->purge_url);
		return -1;
	}
	snprintf(cfg->public_cache_control, sizeof(cfg->public_cache_control),
	    "public, max-age=0, s-maxage=%d, stale-while-revalidate=%d, "
	    "stale-if-error=%d", cfg->s_maxage, cfg->stale_while_revalidate,
	    cfg->stale_if_error);
	return 0;
}

int
config_load(struct config *cfg, const char *path, bool must_exist)
{
	return config_load_at(cfg, path, must_exist, NULL);
}

static int site_apply(struct config *, const struct config_dirs *,
	    const char *, const char *);

/* config_load_at, then, when site_path is not NULL, site name's file. */
static int
load(struct config *cfg, const char *path, bool must_exist,
    const struct config_dirs *dirs, const char *site_path, const char *name)
{
	struct parse p = { cfg, path, 0 };
	FILE *f;
	int line = 0;

	memset(cfg, 0, sizeof(*cfg));
	if (config_set(&cfg->database, "") == -1 ||
	    config_set(&cfg->templates, "www/templates") == -1 ||
	    config_set(&cfg->static_dir, "www/static") == -1 ||
	    config_set(&cfg->listen, "127.0.0.1:8080") == -1 ||
	    config_set(&cfg->base_url, "") == -1 ||
	    config_set(&cfg->timezone, "Europe/Budapest") == -1 ||
	    config_set(&cfg->log_file, "") == -1 ||
	    config_set(&cfg->spool_dir, "") == -1 ||
	    config_set(&cfg->media_dir, "") == -1 ||
	    config_set(&cfg->group, "") == -1 ||
	    config_set(&cfg->default_lang, "en") == -1 ||
	    config_set(&cfg->languages, "") == -1 ||
	    config_set(&cfg->fcgi_socket, "") == -1 ||
	    config_set(&cfg->fcgi_listen, "") == -1 ||
	    config_set(&cfg->fcgi_group, "") == -1 ||
	    config_set(&cfg->require_totp, "off") == -1 ||
	    config_set(&cfg->review_text, "off") == -1 ||
	    config_set(&cfg->sites_dir, "") == -1 ||
	    config_set(&cfg->default_site, "") == -1 ||
	    config_set(&cfg->purge_url, "") == -1)
		return -1;
	cfg->threads = 0;
	cfg->connection_limit = 4096;
	cfg->per_ip_limit = 64;
	cfg->timeout = 10;
	cfg->cache_entries = 1024;
	/* 3 MiB: some 200 pages (a page and its gzip copy take about 15
	 * KiB), more than a country office's readers keep asking for. With
	 * it full, as readers browsing 100,000 releases leave it (`make load
	 * SCALE=100000`), the server and its render worker peaked at a PSS
	 * of 37.8 MiB at 8, over their 32, and at 31.4 MiB at 3. */
	cfg->cache_max_mib = 3;
	cfg->s_maxage = 60;
	cfg->stale_while_revalidate = 30;
	cfg->stale_if_error = 86400;
	cfg->audit_keep_days = 400;
	cfg->fcgi_mode = 0660;
	cfg->fcgi_processes = 2;
	cfg->fcgi_threads = 0;
	cfg->media_max_upload_mib = 32;
	cfg->media_max_megapixels = 50;
	cfg->test_sitemap_urls = 50000;

	if ((f = config_open("--config", path)) == NULL) {
		if (must_exist || errno != ENOENT) {
			if (errno == ENOENT)
				fprintf(stderr, "--config %s: %s\n", path,
				    strerror(errno));
			return -1;
		}
	} else {
		cfg->file_read = true;
		line = ini_parse_whole(f, path, on_key, &p);
		fclose(f);
		if (line > 0) {
			fprintf(stderr, "%s:%d: not a valid INI line\n", path,
			    line);
			return -1;
		}
	}
	if (site_path != NULL && (p.errors > 0 || line < 0 ||
	    site_apply(cfg, dirs, site_path, name) == -1))
		return -1;
	if (finish(cfg, site_path != NULL ? site_path : path, dirs) == -1)
		return -1;
	return p.errors > 0 || line < 0 ? -1 : 0;
}

int
config_load_at(struct config *cfg, const char *path, bool must_exist,
    const struct config_dirs *dirs)
{
	return load(cfg, path, must_exist, dirs, NULL, NULL);
}

bool
config_site_name_ok(const char *name)
{
	size_t len = strlen(name);

	return len >= 1 && len <= CONFIG_SITE_NAME_MAX &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == len &&
	    name[0] != '-';
}

/* Whether host[0..len] is a host name as a site file gives it: dot-
 * separated labels of 1 to 63 lower-case letters, digits and dashes, no
 * label starting or ending with a dash, 253 at most, no trailing dot
 * (a Host's trailing dot is dropped before sites are looked up, as nginx
 * drops it: the name with one would be the same host); then maybe
 * ":PORT". */
static bool
host_ok(const char *host, size_t len)
{
	size_t name = strspn(host, "abcdefghijklmnopqrstuvwxyz0123456789.-");
	size_t i, label = 0;
	long port = 0;

	if (name > len)
		name = len;
	if (name == 0 || name > 253)
		return false;
	for (i = 0; i <= name; i++) {
		if (i < name && host[i] != '.') {
			if (++label > 63 || (label == 1 && host[i] == '-'))
				return false;
			continue;
		}
		if (label == 0 || host[i - 1] == '-')
			return false;
		label = 0;
	}
	if (name == len)
		return true;
	if (host[name] != ':' || len - name < 2 || len - name > 6 ||
	    host[name + 1] == '0')
		return false;
	for (i = name + 1; i < len; i++) {
		if (host[i] < '0' || host[i] > '9')
			return false;
		port = port * 10 + (host[i] - '0');
	}
	return port <= 65535;
}

/* Splits [site] host (in hosts_buf) into cfg->hosts, in place. Returns 0
 * or -1 (printed, naming path). */
static int
hosts_parse(struct config *cfg, const char *path)
{
	char *p = cfg->hosts_buf;
	size_t len, i;

	cfg->nhosts = 0;
	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t,");
		if ((len = strcspn(p, " \t,")) == 0)
			break;
		if (!host_ok(p, len)) {
			fprintf(stderr, "%s: [site] host \"%.*s\": expected a "
			    "lower-case host name (dot-separated labels of "
			    "letters, digits and inner dashes, no trailing "
			    "dot), maybe with :PORT\n", path, (int)len, p);
			return -1;
		}
		if (cfg->nhosts == CONFIG_HOSTS_MAX) {
			fprintf(stderr, "%s: [site] host: more than %d names\n",
			    path, CONFIG_HOSTS_MAX);
			return -1;
		}
		cfg->hosts[cfg->nhosts++] = p;
		p += len;
		if (*p != '\0')
			*p++ = '\0';
		for (i = 0; i + 1 < cfg->nhosts; i++)
			if (config_hosts_clash(cfg->hosts[i],
			    cfg->hosts[cfg->nhosts - 1])) {
				fprintf(stderr, "%s: [site] host names %s "
				    "twice\n", path, cfg->hosts[i]);
				return -1;
			}
	}
	if (cfg->nhosts == 0) {
		fprintf(stderr, "%s: [site] host is missing: name the host "
		    "names this site answers\n", path);
		return -1;
	}
	return 0;
}

/* Reads site_path over cfg (the main file's settings): the site's keys,
 * and its own database, media folder and base_url unless it names them.
 * Returns 0 or -1 (printed). */
static int
site_apply(struct config *cfg, const struct config_dirs *dirs,
    const char *site_path, const char *name)
{
	struct parse p = { cfg, site_path, 0 };
	const char *slash;
	FILE *f;
	int line;

	if (config_set(&cfg->database, "") == -1 ||
	    config_set(&cfg->media_dir, "") == -1 ||
	    config_set(&cfg->base_url, "") == -1 ||
	    config_set(&cfg->site_name_buf, name) == -1)
		return -1;
	cfg->site_name = cfg->site_name_buf;
	if ((f = config_open("site file", site_path)) == NULL) {
		if (errno == ENOENT)
			fprintf(stderr, "site file %s: %s\n", site_path,
			    strerror(errno));
		return -1;
	}
	line = ini_parse_whole(f, site_path, on_site_key, &p);
	fclose(f);
	if (line > 0)
		fprintf(stderr, "%s:%d: not a valid INI line\n", site_path,
		    line);
	if (line != 0 || p.errors > 0 || hosts_parse(cfg, site_path) == -1)
		return -1;
	if (*cfg->database == '\0') {
		free(cfg->database);
		if (asprintf(&cfg->database, "%ssites/%s/waypoint.db",
		    dirs != NULL ? "" : "var/", name) == -1) {
			cfg->database = NULL;
			return -1;
		}
	}
	/* Beside the site's database, relative as it is (finish anchors
	 * both), rather than the installed default shared by one site. */
	if (*cfg->media_dir == '\0') {
		slash = strrchr(cfg->database, '/');
		free(cfg->media_dir);
		if (asprintf(&cfg->media_dir, "%.*smedia", slash == NULL ? 0 :
		    (int)(slash - cfg->database + 1), cfg->database) == -1) {
			cfg->media_dir = NULL;
			return -1;
		}
	}
	/* A site's absolute URLs name its own host, never the main file's
	 * office: its first host name, over plain HTTP, unless it says. */
	if (*cfg->base_url == '\0') {
		free(cfg->base_url);
		if (asprintf(&cfg->base_url, "http://%s", cfg->hosts[0]) == -1) {
			cfg->base_url = NULL;
			return -1;
		}
	}
	return 0;
}

int
config_load_site(struct config *cfg, const char *path,
    const struct config_dirs *dirs, const char *site_path, const char *name)
{
	return load(cfg, path, true, dirs, site_path, name);
}

void
config_free(struct config *cfg)
{
	free(cfg->database);
	free(cfg->templates);
	free(cfg->static_dir);
	free(cfg->listen);
	free(cfg->base_url);
	free(cfg->timezone);
	free(cfg->log_file);
	free(cfg->spool_dir);
	free(cfg->media_dir);
	free(cfg->group);
	free(cfg->default_lang);
	free(cfg->languages);
	free(cfg->langs_buf);
	free(cfg->fcgi_socket);
	free(cfg->fcgi_listen);
	free(cfg->fcgi_group);
	free(cfg->require_totp);
	free(cfg->review_text);
	free(cfg->sites_dir);
	free(cfg->default_site);
	free(cfg->site_name_buf);
	free(cfg->hosts_buf);
	free(cfg->purge_url);
	memset(cfg, 0, sizeof(*cfg));
}

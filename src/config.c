/* config.c: conf/waypoint.conf (INI) into struct config. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "config.h"

struct key {
	const char	*section;
	const char	*name;
	size_t		 offset;
	int		 is_int;
	int		 min, max;
};

#define S(sec, name, field)	{ sec, name, offsetof(struct config, field), 0, 0, 0 }
#define I(sec, name, field, lo, hi) \
	{ sec, name, offsetof(struct config, field), 1, lo, hi }

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
	S("serve", "listen", listen),
	I("serve", "threads", threads, 0, 256),
	I("serve", "connection_limit", connection_limit, 1, 100000),
	I("serve", "per_ip_limit", per_ip_limit, 0, 100000),
	I("serve", "timeout", timeout, 1, 3600),
	I("cache", "entries", cache_entries, 0, 1000000),
	I("audit", "keep_days", audit_keep_days, 1, 36500),
	S("fcgi", "socket", fcgi_socket),
	S("fcgi", "listen", fcgi_listen),
	S("fcgi", "socket_group", fcgi_group),
	S("fcgi", "socket_mode", fcgi_mode),
	I("fcgi", "processes", fcgi_processes, 1, 64),
	I("fcgi", "threads", fcgi_threads, 0, 64),
	/* Tests only: makes the database "full" for the fault tests. */
	I("test", "max_page_count", test_max_pages, 0, INT_MAX),
	/* Tests only: a route that hashes each part of an upload. */
	I("test", "upload_route", test_upload, 0, 1),
};

struct parse {
	struct config	*cfg;
	const char	*path;
	int		 errors;
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

static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	const struct key *k;
	char *end;
	long v;

	for (k = keys; k < keys + sizeof(keys) / sizeof(keys[0]); k++) {
		if (strcmp(k->section, section) != 0 || strcmp(k->name, name) != 0)
			continue;
		if (!k->is_int) {
			if (config_set((char **)((char *)p->cfg + k->offset),
			    value) == -1)
				p->errors++;
			return 1;
		}
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    v < k->min || v > k->max) {
			fprintf(stderr, "%s: [%s] %s: expected a whole number "
			    "from %d to %d, got \"%s\"\n", p->path, section,
			    name, k->min, k->max, value);
			p->errors++;
			return 1;
		}
		*(int *)((char *)p->cfg + k->offset) = (int)v;
		return 1;
	}
	fprintf(stderr, "%s: unknown key [%s] %s\n", p->path, section, name);
	p->errors++;
	return 1;
}

/* [paths] spool when unset: the folder of [paths] database. */
static int
spool_default(struct config *cfg)
{
	const char *slash = strrchr(cfg->database, '/');
	char *dir;

	if (slash == NULL)
		return config_set(&cfg->spool_dir, ".");
	if ((dir = strndup(cfg->database, slash == cfg->database ? 1 :
	    (size_t)(slash - cfg->database))) == NULL)
		return -1;
	free(cfg->spool_dir);
	cfg->spool_dir = dir;
	return 0;
}

/* A language code as it stands in a URL: a primary subtag of 2 or 3
 * lower-case letters, then any "-" subtags of lower-case letters and
 * digits (hu, uk, pt-br), 8 bytes at most. */
static bool
lang_code_ok(const char *s, size_t len)
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

	if (!lang_code_ok(s, len)) {
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
 * into cfg->langs, [site] default_lang first. Returns 0 or -1 (printed). */
static int
langs_parse(struct config *cfg, const char *path)
{
	const char *p;
	size_t used = 0, len;

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

int
config_load(struct config *cfg, const char *path, bool must_exist)
{
	struct parse p = { cfg, path, 0 };
	FILE *f;
	int line;

	memset(cfg, 0, sizeof(*cfg));
	if (config_set(&cfg->database, "var/waypoint.db") == -1 ||
	    config_set(&cfg->templates, "www/templates") == -1 ||
	    config_set(&cfg->static_dir, "www/static") == -1 ||
	    config_set(&cfg->listen, "127.0.0.1:8080") == -1 ||
	    config_set(&cfg->base_url, "http://127.0.0.1:8080") == -1 ||
	    config_set(&cfg->timezone, "Europe/Budapest") == -1 ||
	    config_set(&cfg->log_file, "") == -1 ||
	    config_set(&cfg->spool_dir, "") == -1 ||
	    config_set(&cfg->default_lang, "en") == -1 ||
	    config_set(&cfg->languages, "en") == -1 ||
	    config_set(&cfg->fcgi_socket, "") == -1 ||
	    config_set(&cfg->fcgi_listen, "") == -1 ||
	    config_set(&cfg->fcgi_group, "") == -1 ||
	    config_set(&cfg->fcgi_mode, "0660") == -1)
		return -1;
	cfg->threads = 0;
	cfg->connection_limit = 1000;
	cfg->per_ip_limit = 64;
	cfg->timeout = 10;
	cfg->cache_entries = 1024;
	cfg->audit_keep_days = 400;
	cfg->fcgi_processes = 2;
	cfg->fcgi_threads = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (!must_exist && errno == ENOENT)
			return spool_default(cfg) == -1 ||
			    langs_parse(cfg, path) == -1 ? -1 : 0;
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	line = ini_parse_file(f, on_key, &p);
	fclose(f);
	if (line > 0) {
		fprintf(stderr, "%s:%d: not a valid INI line\n", path, line);
		return -1;
	}
	/* The database's folder is one the server may write to (the systemd
	 * units allow no other). */
	if (*cfg->spool_dir == '\0' && spool_default(cfg) == -1)
		return -1;
	if (langs_parse(cfg, path) == -1)
		return -1;
	/* A trailing slash would double up in every absolute URL. */
	while (strlen(cfg->base_url) > 0 &&
	    cfg->base_url[strlen(cfg->base_url) - 1] == '/')
		cfg->base_url[strlen(cfg->base_url) - 1] = '\0';
	return p.errors > 0 || line < 0 ? -1 : 0;
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
	free(cfg->default_lang);
	free(cfg->languages);
	free(cfg->langs_buf);
	free(cfg->fcgi_socket);
	free(cfg->fcgi_listen);
	free(cfg->fcgi_group);
	free(cfg->fcgi_mode);
	memset(cfg, 0, sizeof(*cfg));
}

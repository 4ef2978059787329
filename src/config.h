/* config.h: settings from waypoint.conf, with defaults that work from a
 * fresh checkout and from an installed copy. */
#ifndef WAYPOINT_CONFIG_H
#define WAYPOINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* 16: more languages than any office publishes in. */
#define CONFIG_LANGS_MAX	16
/* 300: "https://" and the longest host name (253), a port and room. */
#define CONFIG_ORIGIN_MAX	300
/* 8: an office's names (with and without www, an old domain) and room. */
#define CONFIG_HOSTS_MAX	8
/* 32: a site's name, [a-z0-9][a-z0-9-]{0,31}. */
#define CONFIG_SITE_NAME_MAX	32

struct zone;

/* Where an installed waypoint finds its files (config_dirs.c); a checkout's
 * binary has none, and reads paths relative to the folder it runs in. */
struct config_dirs {
	char	*conf;		/* the default --config: /etc/waypoint/... */
	char	*data;		/* templates, static files, po/: PREFIX/share/.. */
	char	*state;		/* the database and what is beside it */
};

struct config {
	char	*database;	/* var/waypoint.db; installed: in dirs.state */
	char	*templates;	/* www/templates */
	char	*static_dir;	/* www/static */
	char	*listen;	/* serve: 127.0.0.1:8080 */
	char	*base_url;	/* absolute URLs come from here, never Host */
	bool	 base_url_set;	/* false: serve derives it from listen */
	bool	 file_read;	/* a configuration file was read */
	char	*timezone;	/* Europe/Budapest */
	/* timezone's table (lib/zone.h), given to a server's sites by
	 * site.c and to its main file by main.c; NULL elsewhere: the
	 * process's TZ, which main.c sets to the site a command works on. */
	const struct zone *zone;
	char	*log_file;	/* empty: stderr */
	char	*spool_dir;	/* streamed bodies; empty: the database's */
	char	*media_dir;	/* uploaded files; empty: media/ in the
				   database's folder (var/media) */
	char	*group;		/* may read the db, log, backups */
	char	*default_lang;	/* en */
	char	*languages;	/* codes served under /<code>/, as written */
	/* languages parsed once at load: checked codes, the default first,
	 * each once. They point into langs_buf. */
	const char *langs[CONFIG_LANGS_MAX];
	size_t	 nlangs;
	char	*langs_buf;
	int	 threads;	/* serve: worker threads; 0: cores, at least 2 */
	int	 connection_limit;	/* serve: all connections */
	int	 per_ip_limit;	/* serve: connections from one address */
	int	 timeout;	/* serve: idle seconds before a connection closes */
	int	 cache_entries;	/* rendered public pages kept in memory */
	int	 cache_max_mib;	/* and the bytes they may take, in MiB */
	int	 s_maxage;	/* cache: seconds a shared cache keeps a
				   public answer, 60 */
	int	 stale_while_revalidate; /* and serves it stale while it
				   asks again, 30 */
	int	 stale_if_error;	/* or while the backend fails, 86400 */
	char	*purge_url;	/* cache: nginx's purge location; empty:
				   no purges */
	/* Cache-Control of public answers, made from the three above. */
	char	 public_cache_control[128];
	int	 audit_keep_days;	/* audit lines older than this go */
	char	*fcgi_socket;	/* fcgi: unix socket path; empty: see listen */
	char	*fcgi_listen;	/* fcgi: loopback HOST:PORT; empty: fd 0 */
	char	*fcgi_group;	/* fcgi: group of the socket; empty: ours */
	int	 fcgi_mode;	/* fcgi: mode of the socket, 0660 (octal) */
	int	 fcgi_processes;	/* fcgi: worker processes, 2 */
	int	 fcgi_threads;	/* fcgi: threads a worker; 0: cores, >= 2 */
	char	*require_totp;	/* auth: admins, all or off */
	char	*review_text;	/* workflow: on or off, as written */
	bool	 review;	/* workflow: an editor's publish is reviewed */
	int	 media_max_upload_mib;	/* media: one upload's body, 32 */
	int	 media_max_megapixels;	/* media: an image's pixels, 50
					   million; larger is refused before
					   it is decoded */
	int	 test_max_pages;	/* tests only: PRAGMA max_page_count; 0: off */
	int	 test_upload;	/* tests only: the upload route; 0: off */
	int	 test_sitemap_urls;	/* tests only: URLs a sitemap file
					   holds at most, 50000 */
	int	 test_purge_deep;	/* tests only: deep list pages' URLs
					   a change purges; 0: PURGE_DEEP_MAX */
	char	*sites_dir;	/* [paths] sites: one NAME.conf a site;
				   empty: this file is the one site */
	char	*default_site;	/* [site] default_site: answers unknown
				   hosts; empty: they get a 421 */
	/* A site of a sites folder (config_load_site); NULL and 0 for the
	 * main file. The host names point into hosts_buf, lower-case, each
	 * with its ":port" when the site file gave one. */
	const char *site_name;
	char	*site_name_buf;
	const char *hosts[CONFIG_HOSTS_MAX];
	size_t	 nhosts;
	char	*hosts_buf;
	unsigned cache_part;	/* the site's page cache partition (site.c);
				   0 for the main file */
};

/* The sites of a deployment (config_sites.c): each a full struct config,
 * the main file's with the site file's keys applied. */
struct config_sites {
	struct config	*site;		/* n of them, in name order */
	size_t		 n;
	const struct config *fallback;	/* default_site's, or NULL */
};

/* Fills cfg with defaults, then reads path (missing file is fine when
 * must_exist is false; a folder never is). Relative paths stay relative to
 * the folder waypoint runs in (a checkout). Prints what is wrong, with the
 * key and the value, to stderr and returns -1 on a bad file, else 0.
 * Strings are heap copies freed by config_free. */
int	config_load(struct config *cfg, const char *path, bool must_exist);

/* config_load for an installed waypoint: the defaults and relative paths
 * of the file are taken in dirs (templates and static files in dirs->data,
 * the database, log and spool in dirs->state); dirs NULL is config_load. */
int	config_load_at(struct config *cfg, const char *path, bool must_exist,
	    const struct config_dirs *dirs);
void	config_free(struct config *cfg);

/* config_load_at of the main file path, then site_path, the file of site
 * name, over it: only [site] host (required), base_url, timezone,
 * default_lang, languages and [paths] database (default
 * sites/NAME/waypoint.db where the main database would be) and media
 * (default: media/ beside that database) may stand there; anything else
 * is printed, naming the file and key. Returns 0 or -1 (printed). */
int	config_load_site(struct config *cfg, const char *path,
	    const struct config_dirs *dirs, const char *site_path,
	    const char *name);

/* Whether name is a site's name: [a-z0-9][a-z0-9-]{0,31}. */
bool	config_site_name_ok(const char *name);

/* Loads every site of main's [paths] sites folder (main read from path,
 * dirs as config_load_at's) into *sites: each NAME.conf whose NAME is a
 * site name (others ending in .conf are refused; other files ignored).
 * Refuses a host two sites name (printing both files) and a
 * default_site there is none of. main without sites, or a folder with
 * none yet: n 0. Returns 0, or -1 (printed, *sites empty). */
int	config_sites_load(struct config_sites *sites, const struct config *main,
	    const char *path, const struct config_dirs *dirs);
void	config_sites_free(struct config_sites *sites);

/* The site named name, or NULL. */
const struct config *config_sites_find(const struct config_sites *sites,
	    const char *name);

/* Whether a and b, host names as sites give them, can name the same
 * request: equal, or equal names where either has no port. */
bool	config_hosts_clash(const char *a, const char *b);

/* The site a request's Host header (host, as sent; NULL: none) names:
 * compared without case; a site's host with a port matches that port
 * only, one without matches any. NULL when no site names it (the caller
 * then takes sites->fallback or answers 421). */
const struct config *config_sites_host(const struct config_sites *sites,
	    const char *host);

/* The origin a browser sends for url ("scheme://host[:port]", lower-case,
 * the scheme's default port left out) into out (CONFIG_ORIGIN_MAX bytes).
 * Returns 0, or -1 when url is not http:// or https://, a host of letters,
 * digits, dots and dashes (or [IPv6]), an optional port from 1 to 65535,
 * then nothing or a path: no user, query, fragment, space or control. */
int	config_origin(const char *url, char *out);

/* Whether s[0..len] is one of the site's languages other than the
 * default: a URL prefix. Returns its code (in cfg), or NULL. */
const char *config_prefix_lang(const struct config *cfg, const char *s,
	    size_t len);

/* Whether s[0..len] is a language code as it stands in a URL: a primary
 * subtag of 2 or 3 lower-case letters, then any "-" subtags of lower-case
 * letters and digits (hu, uk, pt-br), 8 bytes at most. */
bool	config_lang_code_ok(const char *s, size_t len);

/* Replaces the string setting *field with a copy of value (a command-line
 * option overriding the file). Returns 0, or -1 when out of memory. */
int	config_set(char **field, const char *value);

#endif

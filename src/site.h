/* site.h: the sites one server answers (a sites folder, or the main
 * configuration as its one site), the site a request's Host picks, and
 * each thread's database connections to them. */
#ifndef WAYPOINT_SITE_H
#define WAYPOINT_SITE_H

#include <stdbool.h>
#include <stddef.h>

struct config;
struct config_dirs;
struct config_sites;
struct store;

/* 8: connections a thread keeps open (a site's read and write ones count
 * two), so that 100 sites and 16 threads hold 128, not 3,200. */
#define SITE_STORES_MAX	8

/* Takes the sites of main (loaded by config_sites_load; moved out of
 * *sites, which is left empty) for the server; sites NULL or empty makes
 * main the one site, answering any Host. path and dirs (NULL: a
 * checkout's) are where they came from, for site_reload. main must
 * outlive site_fini. Gives every site its page cache partition (cfg->cache_part,
 * the same for a name as long as the process runs) and its time zone's
 * table (cfg->zone; main's is the caller's to give). Returns 0, or -1
 * (printed) when out of memory or the sites' languages together are more
 * than CONFIG_LANGS_MAX. */
int	site_init(const struct config *main, struct config_sites *sites,
	    const char *path, const struct config_dirs *dirs);

/* Whether site_init was called (and site_fini not since). */
bool	site_ready(void);

/* Forgets the sites (and frees every loaded generation): at exit, once no
 * thread serves. */
void	site_fini(void);

/* How many sites a sites folder gave (0: the main configuration alone). */
size_t	site_count(void);

/* The configuration the templates and message catalogs are loaded for:
 * main's, with the languages of every site, main's default first. Lives
 * until site_fini. */
const struct config *site_view_config(void);

/* The site a request with Host header host (NULL: none) is for: the one
 * naming it, else default_site's, else NULL (a 421). With no sites
 * folder, always the main configuration. Lives until site_fini, also
 * across site_reload. */
const struct config *site_for_host(const char *host);

/* Opens every site's database once, read-only, to say now what is wrong
 * (printed, with how to create it) rather than on the first request.
 * Returns 0 or -1. */
int	site_check(void);

/* This thread's connection to site cfg's database (write: the editors'),
 * opened on first use; past SITE_STORES_MAX, the least recently used one
 * is closed. NULL (logged) when it does not open. */
struct store *site_store(const struct config *cfg, bool write);

/* How many connections this thread holds open (for the tests). */
size_t	site_stores_open(void);

/* Closes this thread's connections. */
void	site_stores_close(void);

/* SIGHUP: reads the sites folder again. The new sites answer from now on;
 * the old ones stay in memory for requests still running. Keeps the old
 * sites and returns -1 (logged) when the folder does not load, or names a
 * language the templates were not loaded for (a restart loads it). */
int	site_reload(void);

#endif

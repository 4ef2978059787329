/* purge_served.h: the public answers with a query (a filter, a search,
 * a list's deep page) that nginx's cache may hold and that no list of
 * purge_urls.c names, or names only within a change's bound, noted as
 * Waypoint answers them, in memory that every worker process shares, so
 * that a change purges those whose scopes it moved. */
#ifndef WAYPOINT_PURGE_SERVED_H
#define WAYPOINT_PURGE_SERVED_H

#include <stdbool.h>
#include <stdint.h>

struct config;

/* Targets noted at most, for every site together; past it the one
 * answered longest ago gives its place, and nginx's copy of it lasts
 * until s-maxage. */
#define PURGE_SERVED_MAX	2048
/* A longer target (path and query) is not noted: left to s-maxage. */
#define PURGE_SERVED_TARGET_MAX	384

/* Maps the shared notes; before the worker processes start. Returns 0,
 * or -1 when it cannot (then nothing is noted: s-maxage bounds all). */
int	purge_served_init(void);
void	purge_served_fini(void);

/* Whether a public answer of route (its pattern) to query (raw, after
 * '?') is one to note: any query but page=N, N below PURGE_PAGES, of a
 * list whose pages purge_urls.c names (purge_paged_list), which every
 * change purges. *page is N for a deeper page=N of such a list, written
 * as the list links to it, which a change purges only as far as its
 * bound reaches; -1 for any other query. */
bool	purge_served_wanted(const char *route, const char *query,
	    int64_t *page);

/* Notes target (path and query, as received) of site, answered as a
 * public page by a route that reads scopes (generation.h's SCOPES()),
 * page as purge_served_wanted() gave it. */
void	purge_served_note(const struct config *site, const char *target,
	    unsigned scopes, int64_t page);

/* Calls add(ctx, target, page) for each target of site noted whose route
 * reads a scope of moved (SCOPES() of the scopes that moved; a release's
 * or a page's item bucket counts as SCOPE_NEWS or SCOPE_PAGES), or every
 * one of site when all; page as noted. */
void	purge_served_each(const struct config *site, unsigned moved, bool all,
	    void (*add)(void *ctx, const char *target, int64_t page),
	    void *ctx);

#endif

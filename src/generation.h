/* generation.h: the cache scopes (sql/migrations/013.sql) whose generations
 * cached pages are valid for, read from the database only when they may
 * have changed. */
#ifndef WAYPOINT_GENERATION_H
#define WAYPOINT_GENERATION_H

#include <stdbool.h>
#include <stdint.h>

#include "page_cache.h"
#include "store/store.h"

/* 1 s: how long a change made to the database by another program (the
 * sqlite3 shell, a second server on the same file) may take to show;
 * changes made through this server's processes (lib/changes.h) show at
 * once. Past it the database's files are looked at (their inode, size,
 * times and the header fields a commit changes): unchanged, the
 * generations are not read again. */
#define GENERATION_RECHECK_MS	1000

/* The scopes, as 013.sql numbers them: what a change bumps. */
enum cache_scope {
	SCOPE_SITE,		/* settings, menu, redirects, media */
	SCOPE_NEWS,		/* any release: the news lists */
	SCOPE_PAGES,		/* any page: the lists that show pages */
	SCOPE_PROJECT,		/* any project */
	SCOPE_EVENT,		/* any event */
	SCOPE_PUBLICATION,	/* any publication */
	SCOPE_NEWS_BUCKET = 64,	/* + a slug's bucket: its release */
	SCOPE_PAGE_BUCKET = 128, /* + a slug's bucket: its page */
	SCOPE_ANY = 192,	/* site_state.generation: every change */
	SCOPE_COUNT
};
#define SCOPE_BUCKETS	64

/* What a route reads, as it declares it in src/app.c: a set of the
 * scopes above SCOPE_NEWS_BUCKET, and for a page of one item the bucket
 * of the slug it captures first. 0 (a route that declares nothing)
 * depends on every change. */
#define SCOPES(s)		(1u << (s))
#define SCOPES_NEWS_ITEM	(1u << 30)	/* its release's bucket */
#define SCOPES_PAGE_ITEM	(1u << 31)	/* its page's bucket */
#define SCOPES_CONTENT		(SCOPES(SCOPE_NEWS) | SCOPES(SCOPE_PAGES) | \
    SCOPES(SCOPE_PROJECT) | SCOPES(SCOPE_EVENT) | \
    SCOPES(SCOPE_PUBLICATION))

/* The bucket (0..SCOPE_BUCKETS - 1) of slug, computed as 013.sql's
 * triggers compute it for a row's slug; for ASCII slugs only (the SQL
 * counts characters, this bytes), which every valid slug is. */
unsigned	cache_scope_bucket(const char *slug);

struct config;

/* The scopes of mask (a route's declaration) with slug (its first
 * capture, read only for the item flags) as site's database showed them
 * lately, into *deps, without a database: true while no write went through
 * this server's processes and less than GENERATION_RECHECK_MS passed since
 * any thread read them (or looked at the database's files and found them
 * as they were when the generations were read); else false, and
 * generation_read must. */
bool		generation_recent(const struct config *site, unsigned mask,
		    const char *slug, struct cache_deps *deps);

/* The same, read from db (site's connection) now, and kept for
 * generation_recent. Returns STORE_OK or the store's failure (then *deps
 * is not set). */
enum store_status generation_read(const struct config *site,
		    struct store *db, unsigned mask, const char *slug,
		    struct cache_deps *deps);

#endif

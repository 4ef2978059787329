/* store.h: everything the rest of Waypoint may ask of the database. No
 * sqlite3 type leaves src/store/; results are copied into the caller's arena. */
#ifndef WAYPOINT_STORE_H
#define WAYPOINT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct store;

enum store_status {
	STORE_OK = 0,
	STORE_NOTFOUND,
	STORE_BUSY,		/* the write lock stayed taken: try again */
	STORE_READONLY,		/* the file or its folder cannot be written */
	STORE_FULL,		/* disk or page limit reached */
	STORE_CORRUPT,
	STORE_OLD_SCHEMA,	/* the file needs `waypoint db migrate` */
	STORE_NEW_SCHEMA,	/* a newer waypoint made it: install that */
	STORE_STALE_INDEX,	/* sound, but the search index differs from
				   the content: db migrate rebuilds it */
	STORE_ERROR,
};

enum store_mode {
	STORE_READ,		/* public requests: PRAGMA query_only */
	STORE_WRITE,		/* commands and editors */
	STORE_CREATE,		/* db init: a new file */
	STORE_INSPECT,		/* db check: read-only, the file left as it is */
};

/* Opens path with WAL, synchronous=FULL, foreign keys and a busy timeout.
 * STORE_CREATE makes the file first (it must not exist) with perm.c's
 * mode and group; the other modes but STORE_INSPECT bring the file and its
 * -wal and -shm to that mode and group. On failure returns NULL and sets
 * *status (STORE_NEW_SCHEMA, in every mode, when a newer waypoint has
 * upgraded the file); the reason has been logged. */
struct store	*store_open(const char *path, enum store_mode mode,
		    enum store_status *status);
void		 store_close(struct store *);

/* Tests only ([test] max_page_count): every write connection opened after
 * this call gets PRAGMA max_page_count=pages, so that a save can find the
 * database full. 0 (the default) leaves SQLite's limit. Call once at start,
 * before any thread opens a connection. */
void		 store_set_max_pages(long pages);

/* A sentence describing status, for messages. */
const char	*store_strerror(enum store_status);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. They nest: inside an open
 * transaction they make, release and roll back to a savepoint, so a
 * request can make a save, its audit lines and its flash message one
 * commit (one fsync, and no save without its audit line after a crash)
 * while each store function keeps its own begin and commit. A rollback
 * inside undoes only the inner part. */
enum store_status store_tx_begin(struct store *);
enum store_status store_tx_commit(struct store *);
void		 store_tx_rollback(struct store *);

/* A read transaction around several statements: they read one snapshot,
 * and take the file's locks once (a statement outside a transaction takes
 * and drops its own, a dozen system calls each). Only where no
 * store_tx_begin() is open; store_read_end() ends it, also after an
 * error. One inside another is part of it: the outer one's snapshot is
 * read until the outer store_read_end() (export-site reads every page
 * from one). */
enum store_status store_read_begin(struct store *);
void		 store_read_end(struct store *);

/* Schema: the version this binary expects, the file's, and bringing the file
 * up to date (schema.sql on an empty file, then each migration in order). */
int		 store_schema_version(void);
enum store_status store_file_version(struct store *, int *version);
enum store_status store_migrate(struct store *);

/* Runs sql/seed.sql (the demo content) in one transaction, without the
 * versions and texts in a language other than the site's langs (and
 * English, the demo's own). */
enum store_status store_load_seed(struct store *, const char *const *langs,
		    size_t nlangs);
/* store_load_seed's langs for the whole demo. */
#define DEMO_LANGS	(const char *const []){ "en", "hu" }, 2

/* PRAGMA integrity_check and foreign_key_check, then the search index
 * against the content; problems are printed to stderr. STORE_OK when the
 * file is sound, STORE_CORRUPT when it is not, STORE_STALE_INDEX when only
 * the index differs. */
enum store_status store_check(struct store *);

/* The content generation, bumped by every change: one cheap lookup that
 * tells a cached page whether it is still current. */
enum store_status store_generation(struct store *, int64_t *generation);

/* What a page built at time now needs: the generation, when public content
 * last changed (an edit, or a scheduled item falling due), and when the next
 * scheduled item falls due (0: none). */
struct store_state {
	int64_t		 generation;
	time_t		 changed_at;
	time_t		 next_publication;
};
enum store_status store_state(struct store *, time_t now,
		    struct store_state *st);

/* A site setting (site_name, tagline, intro_html) of lang; NULL value when
 * unset. */
enum store_status store_setting(struct store *, struct arena *,
		    const char *lang, const char *key, const char **value);

/* Setting key in lang, or else in fallback (the site's default language):
 * *value and the language it is in, *in (NULL both when neither has it,
 * with STORE_OK). */
enum store_status store_setting_in(struct store *, struct arena *,
		    const char *lang, const char *fallback, const char *key,
		    const char **value, const char **in);

struct news {
	int64_t		 id;
	int64_t		 group_id;	/* its translation group */
	const char	*lang;		/* the language it is written in */
	const char	*slug;
	const char	*title;
	const char	*dateline;
	const char	*pub_date;	/* YYYY-MM-DD */
	const char	*summary;
	const char	*body_html;
	time_t		 published_at;
	time_t		 updated_at;
	int64_t		 lead_media;	/* its lead image (0: none); set by
					 * store_news_list only */
};

/*
 * The release to show at /<lang>/news/<slug>: the visible one (published,
 * published_at <= now) with that slug, in lang when there is one, else in
 * fallback (the site's default language), else in any. When it is not in
 * lang but its group has a visible version in lang, *version is that
 * version's slug (the reader is sent there); else NULL, and n->lang tells
 * the caller that it shows a text in another language.
 */
enum store_status store_news_by_slug(struct store *, struct arena *,
		    const char *lang, const char *fallback, const char *slug,
		    time_t now, struct news *n, const char **version);

/* Visible releases, newest first, one version of each group (in lang when
 * it has one, else in fallback, else its oldest): at most limit from
 * offset. Items and strings live in the arena; body_html is not loaded
 * (NULL). */
enum store_status store_news_list(struct store *, struct arena *,
		    const char *lang, const char *fallback, time_t now,
		    int64_t offset, int limit, struct news **items, size_t *n);

/* How many releases (groups with a visible version) there are at now. */
enum store_status store_news_count(struct store *, time_t now,
		    int64_t *count);

/* Where a change to a release of group published at `at` begins to move
 * the news list at now: the place (0: the newest) of the key (at, group),
 * or of the group's key in the list when that is newer, into *place (the
 * releases visible at now above it). A release taken down left the list
 * at the first, unless an older version keeps the group there, at the
 * second. Costs the chunk counts (news_order.c), however deep. */
enum store_status store_news_place(struct store *, time_t now,
		    int64_t group, time_t at, int64_t *place);

struct page {
	int64_t		 id;
	int64_t		 group_id;	/* its translation group */
	const char	*lang;		/* the language it is written in */
	const char	*slug;
	const char	*title;
	const char	*summary;
	const char	*body_html;
	time_t		 updated_at;
};

/* The page to show at /<lang>/<slug>, chosen as store_news_by_slug()
 * chooses a release. */
enum store_status store_page_by_slug(struct store *, struct arena *,
		    const char *lang, const char *fallback, const char *slug,
		    time_t now, struct page *p, const char **version);

/* 64: more versions than a group has languages (CONFIG_LANGS_MAX). */
#define STORE_TRANSLATIONS_MAX	64

/* The largest id a row may be given by an import (a new row counts on
 * from the largest): the search index's rowids hold 37 bits of an item's
 * id (store/search.h). */
#define STORE_ID_MAX	INT64_C(100000000000)

/* One published version of a group. */
struct translation {
	const char	*lang;
	const char	*slug;
};

/* The visible versions of group group_id of kind (a content kind's name,
 * store_content_kind_name()), by language code: at most
 * STORE_TRANSLATIONS_MAX, in the arena. */
enum store_status store_translations(struct store *, struct arena *,
		    const char *kind, int64_t group_id, time_t now,
		    struct translation **items, size_t *n);

enum menu_target {
	MENU_PAGE,
	MENU_NEWS,
	MENU_URL,
	MENU_PROJECTS,		/* the lists of issue 14: /projects, */
	MENU_EVENTS,		/* /events */
	MENU_RESOURCES,		/* and /resources */
	MENU_TARGET_COUNT
};

struct menu_item {
	int64_t		 id;
	int64_t		 parent_id;	/* 0 for a top-level section */
	const char	*label;
	const char	*label_lang;	/* NULL: in the language asked for */
	const char	*description;	/* "" for none */
	const char	*description_lang; /* as label_lang */
	enum menu_target target;
	const char	*page_slug;	/* MENU_PAGE: the page's version in the
					 * language asked for when visible,
					 * else its own; NULL if it is gone */
	bool		 page_visible;	/* MENU_PAGE: published and due */
	const char	*url;		/* MENU_URL */
};

/* The whole menu in lang, parents before children, each level in order.
 * A label or description missing in lang is the item's own, and
 * label_lang (description_lang) names its language. */
enum store_status store_menu(struct store *, struct arena *, const char *lang,
		    time_t now, struct menu_item **items, size_t *n);

/* Where an old slug of kind (a content kind's name) in lang, or else in
 * fallback, points now: the current slug of a visible item, or
 * STORE_NOTFOUND. */
enum store_status store_redirect(struct store *, struct arena *,
		    const char *lang, const char *fallback, const char *kind,
		    const char *old_slug, time_t now, const char **slug);

/* Bodies still to be rendered from Markdown (after db init or a migration):
 * calls fn for each row whose body_html is NULL, and stores what fn returns
 * (a heap string it hands over, or NULL to leave the row). The settings key
 * intro_md is rendered into intro_html the same way. */
typedef char *(*store_render_fn)(const char *markdown, const char *what);
enum store_status store_render_missing(struct store *, store_render_fn fn);

/* Feeds (issue 13): the Atom feed of releases. */

/* A release as a feed shows it: with its body, and when its row was made
 * (which a feed's entry id holds, so that it never changes). */
struct news_entry {
	struct news	 news;
	time_t		 created_at;
};

/* The limit newest visible releases (at most 100), one version of each
 * group chosen as store_news_list() chooses it, with body_html. Items and
 * strings live in the arena. */
enum store_status store_news_feed(struct store *, struct arena *,
		    const char *lang, const char *fallback, time_t now,
		    int limit, struct news_entry **items, size_t *n);

/* The releases, in any state, that hold slug: id, group_id, lang and slug
 * set (for `db check`: a slug a newer route has taken). In the arena;
 * *items NULL when there is none. */
enum store_status store_news_with_slug(struct store *, struct arena *,
		    const char *slug, struct news **items, size_t *n);

/* Search (issue 13, the store side): full-text search of the published
 * releases and pages, kept in step by every write (search_*.c). */

/* A visitor's term: text is one word, or the words of a quoted phrase
 * (phrase true); exclude: a leading '-', the hits must not contain it.
 * Text is taken as words only, never as FTS5 syntax. */
struct search_term {
	const char	*text;
	bool		 phrase;
	bool		 exclude;
};

/* One hit: the version of a translation group the lists would show a
 * reader of the language asked for. Strings live in the caller's arena. */
struct search_hit {
	const char	*kind;		/* a content kind's name: "news",
					 * "page", "project", "event",
					 * "publication" */
	int64_t		 id;
	int64_t		 group_id;
	const char	*lang;
	const char	*slug;
	const char	*title;
	const char	*pub_date;	/* YYYY-MM-DD */
	const char	*snippet;	/* ~24 words of the body (or summary),
					 * matched words between \x02 and
					 * \x03; plain text, not HTML */
	time_t		 updated_at;
};

/* 40: the matches a search ranks and counts, four pages. A search reads
 * the newest this many matches (and one more, to know there are more),
 * ranks them and shows those a reader sees: its cost is bounded by this
 * however many releases hold a word (issue 16), and past it *total says
 * "more", and more words or a type or year narrow the window down. */
#define STORE_SEARCH_TOTAL_MAX	40

/*
 * Searches what a reader of lang (site default: fallback) may see at now:
 * published items due by now, one version per translation group (in lang,
 * else fallback, else the oldest), of kind (a content kind's name; NULL:
 * every kind) and of year (of pub_date; 0: any), whose words match every term
 * not excluded and none excluded (stemmed in lang and in fallback, case
 * and accents folded), ranked by bm25's term frequencies (no IDF) with
 * the title weighing most, then the summary, dateline and body. At
 * most limit (1 to 100) hits from offset into *hits, *n of them; *total
 * is how many there are, up to STORE_SEARCH_TOTAL_MAX, or
 * STORE_SEARCH_TOTAL_MAX + 1 for "more than that" (the hits then come
 * from the newest STORE_SEARCH_TOTAL_MAX matches). *shown is how many
 * hits the pages hold: *total, or past the bound how many of those
 * matches a reader sees, once a page has looked at them all (another
 * version of a group may take a match's place), else the bound. No term
 * to match (all excluded, or none): STORE_OK with no hit. STORE_ERROR
 * (logged) for a limit or offset out of range, or a failed query: never
 * an FTS5 message.
 */
enum store_status store_search(struct store *, struct arena *,
		    const char *lang, const char *fallback,
		    const struct search_term *terms, size_t nterms,
		    const char *kind, int year, time_t now, int64_t offset,
		    int limit, struct search_hit **hits, size_t *n,
		    int64_t *total, int64_t *shown);

/* Sitemap (issue 13): every public URL, read a page of groups at a time so
 * that memory stays bounded however many items there are. */

/* One visible version of a release or page. */
struct sitemap_entry {
	int64_t		 group_id;	/* its translation group */
	const char	*lang;
	const char	*slug;
	time_t		 lastmod;	/* the later of updated_at and
					 * published_at */
};

/* 1000: the most groups one call reads; a sitemap file of 50,000 URLs
 * takes a few dozen calls. */
#define STORE_SITEMAP_GROUPS	1000

/* The visible versions (published, due at now) of kind (a content kind's
 * name: "news", "page", "project", "event", "publication") of the first
 * max_groups groups (at most STORE_SITEMAP_GROUPS) whose id is above
 * after and below before, by group id and then language: a group's
 * versions come together, never split between calls. The next call
 * passes the last group id seen; *n is 0 past the end. Reads the rows of
 * that range of ids only (issue 16: a sitemap file costs its own URLs).
 * Items and strings live in the arena. */
enum store_status store_sitemap_page(struct store *, struct arena *,
		    const char *kind, time_t now, int64_t after,
		    int64_t before, int max_groups,
		    struct sitemap_entry **items, size_t *n);

/* The latest public change of a release at now: the latest publication
 * due by now, or the site's last change (site_state's changed_at, which
 * every save of a release moves) when later; a few index steps however
 * many releases there are. */
enum store_status store_sitemap_newest(struct store *, time_t now,
		    time_t *t);

/* The smallest id, from on, of a group of kind (as store_sitemap_page
 * takes it) with a version visible at now, into *group, by a seek and a
 * few steps of an index (issue 16: the sitemap index costs a few steps a
 * file, however many items there are); STORE_NOTFOUND when there is
 * none. */
enum store_status store_sitemap_next(struct store *, const char *kind,
		    time_t now, int64_t from, int64_t *group);

/* Projects, the public side (issue 14): store/project.c. A project is
 * read into the editor's struct content (store/content.h), so that a
 * preview and the public page show it through the same code. */
struct content;

/* What /projects filters by. status: "ongoing", "completed" or "closed"
 * (a project's state when set by hand, else derived from its end against
 * today), NULL for any; donor: a donor's name, compared without regard to
 * ASCII case, NULL for any; today: the site's date, YYYY-MM-DD. */
struct project_filter {
	const char	*status;
	const char	*donor;
	const char	*today;
};

/* The project to show at /<lang>/<slug>: the visible one (published,
 * published_at <= now), chosen as store_news_by_slug() chooses a release,
 * *version set the same way. Into *c: id, group_id, lang, slug, title,
 * summary, fields, pub_date, published_at, updated_at, status and
 * body_html, kind CONTENT_PROJECT, the rest "" or 0. In the arena. */
enum store_status store_project_by_slug(struct store *, struct arena *,
		    const char *lang, const char *fallback, const char *slug,
		    time_t now, struct content *c, const char **version);

/* The visible projects matching f, one version of each group (chosen as
 * store_news_list() chooses), ongoing ones first, then by start date,
 * latest first: at most limit (1 to 1000) from offset, read as
 * store_project_by_slug() reads one but without body_html (NULL). In the
 * arena. Unfiltered, the others sort by their group's earliest published
 * start (as events do), ties the later group first, and a page costs the
 * same at any depth. */
enum store_status store_project_list(struct store *, struct arena *,
		    const char *lang, const char *fallback, time_t now,
		    const struct project_filter *f, int64_t offset, int limit,
		    struct content **items, size_t *n);

/* How many projects store_project_list() lists in all. */
enum store_status store_project_count(struct store *, const char *lang,
		    const char *fallback, time_t now,
		    const struct project_filter *f, int64_t *count);

/* 200: more donors than an office's projects name. */
#define STORE_PROJECT_DONORS_MAX	200

/* The names of the donors of visible projects, by name (ASCII case
 * ignored), at most STORE_PROJECT_DONORS_MAX; *names NULL when there is
 * none. In the arena. */
enum store_status store_project_donors(struct store *, struct arena *,
		    time_t now, const char ***names, size_t *n);

/* Publications (issue 14, /resources): store/publication.c. Each fills a
 * struct content (store/content.h) of kind CONTENT_PUBLICATION, status
 * published, fields the JSON text of its type and documents; strings in
 * the arena. */

/* The publication to show at /<lang>/resources/<slug>, chosen as
 * store_news_by_slug() chooses a release (*version likewise). */
enum store_status store_publication_by_slug(struct store *, struct arena *,
		    const char *lang, const char *fallback, const char *slug,
		    time_t now, struct content *c, const char **version);

/* Visible publications, newest pub_date first, one version of each group
 * (chosen as store_news_list() chooses, among the group's versions of
 * type when one is given), of type (its category; NULL or "": any) and
 * published in year (of pub_date; 0: any): at most limit from offset.
 * With no year, a group sorts by its earliest published version's
 * pub_date (of type, when one is given; as an event by its earliest
 * start), ties the later group first, and a page costs the same at any
 * depth; of a year, by the shown version's, walked from the year's
 * first. body_html is not loaded (NULL). */
enum store_status store_publication_list(struct store *, struct arena *,
		    const char *lang, const char *fallback, time_t now,
		    const char *type, int year, int64_t offset, int limit,
		    struct content **items, size_t *n);

/* How many items store_publication_list() finds in all. */
enum store_status store_publication_count(struct store *, const char *lang,
		    const char *fallback, time_t now, const char *type,
		    int year, int64_t *count);

/* The years (of pub_date) that have a visible publication, newest first;
 * *years NULL when none. */
enum store_status store_publication_years(struct store *, struct arena *,
		    time_t now, int **years, size_t *n);

/* The name of menu target t as stored and as the menu editor's form
 * sends it ("page", "news", "url", "projects", "events", "resources";
 * store/menu.c). */
const char	*store_menu_target_name(enum menu_target t);

/* The menu target named s into *t. Returns 0, or -1 when s names none. */
int		 store_menu_target_parse(const char *s, enum menu_target *t);

/* The latest public change of an item of kind (an entry kind's name:
 * "project", "event", "publication") at now, as store_sitemap_newest()
 * finds a release's: the lastmod of its list in the sitemap. */
enum store_status store_sitemap_newest_entry(struct store *,
		    const char *kind, time_t now, time_t *t);

/* The store's work counters (part "store" of issue 16). */

/* SQLite's own counters, summed over the statements this thread ran
 * (added as each is reset or finalized): deterministic, so tests compare
 * the work of a call at two sizes of content without timing it. */
struct store_work {
	int64_t	vm_steps;	/* virtual machine operations */
	int64_t	fullscan_steps;	/* rows stepped over in full table scans */
	int64_t	sort;		/* sorts that could not use an index */
	int64_t	statements;	/* statement runs counted */
	int64_t	page_reads;	/* pages not in SQLite's cache, read from
				 * the file or its WAL */
};

/* Zeroes this thread's totals (app_handle, at the start of a request). */
void		 store_work_reset(void);

/* This thread's totals since store_work_reset() into *w. */
void		 store_work_read(struct store_work *w);

/* The cache's part (issue 16): the cache scopes' generations. */

/* Each scope's generation (sql/migrations/013.sql: ids 0..191) into
 * gens[id], and site_state's generation, which every change bumps, into
 * gens[192], for the ids below n; the others are left as they are. */
enum store_status store_cache_scopes(struct store *, int64_t *gens,
		    size_t n);

/* Bounds what SQLite keeps in this process (page caches of every
 * connection, statements) to about bytes, giving cached pages back
 * beyond it; call before any connection opens. */
void		 store_memory_limit(size_t bytes);

/* No count of SQLite's memory in this process (and so no limit): for a
 * command, before it opens a store. */
void		 store_memory_unmetered(void);

#endif

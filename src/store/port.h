/* port.h: `waypoint export` and `waypoint import`, the store's side: every
 * line of an export read from the tables, and each imported line written,
 * with the maps from a file's ids to the database's (docs/import-export.md).
 */
#ifndef WAYPOINT_STORE_PORT_H
#define WAYPOINT_STORE_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "store/content.h"
#include "store/media.h"
#include "store/menu_admin.h"
#include "store/store.h"

/* Takes one line of an export (a JSON object, keys in their documented
 * order; the callee neither keeps nor frees it). Returns 0, or -1 to stop
 * the export (a write failed). */
typedef int (*port_line_fn)(void *ctx, const json_t *line);

/*
 * Gives fn every line of the content, in the file's order: settings (the
 * site's name, tagline and intro_md; intro_html is made from it), media, pages, releases, projects,
 * events, publications, the menu (parents first), redirects, and the
 * revisions when revisions is true; each type by id (settings by language
 * and key, redirects by kind, language and old slug). NULL columns are
 * left out of a line. One read transaction: one snapshot. STORE_ERROR
 * when fn stops it.
 */
enum store_status store_export(struct store *, bool revisions,
		    port_line_fn fn, void *ctx);

/* The id spaces an import maps: a file's id of each to the database's.
 * Projects, events and publications share a table, and so its ids, but a
 * file may number each kind on its own: each kind maps apart. */
enum port_space {
	PORT_MEDIA,
	PORT_NEWS,
	PORT_PAGE,
	PORT_PROJECT,
	PORT_EVENT,
	PORT_PUBLICATION,
	PORT_MENU,
	PORT_NEWS_GROUP,	/* translation groups, as the file numbers */
	PORT_PAGE_GROUP,	/* them */
	PORT_PROJECT_GROUP,
	PORT_EVENT_GROUP,
	PORT_PUBLICATION_GROUP,
	PORT_SPACE_COUNT
};

/* The id space of items of kind k, and of their groups. */
enum port_space	 store_port_space(enum content_kind k);
enum port_space	 store_port_group_space(enum content_kind k);

/* Opens the import's transaction (everything after it is one commit or
 * none) and its empty maps. Foreign keys are checked at its end only. */
enum store_status store_import_begin(struct store *);

/* Commits the import when commit is true and every reference names a
 * row (else *broken is set), or rolls all of it back. */
enum store_status store_import_end(struct store *, bool commit,
		    bool *broken);

/* The database's id of the file's id old in space into *id:
 * STORE_NOTFOUND when the file has not named it yet. */
enum store_status store_import_mapped(struct store *, enum port_space,
		    int64_t old, int64_t *id);

/* Records that the file's old is the database's id in space. */
enum store_status store_import_map(struct store *, enum port_space,
		    int64_t old, int64_t id);

/* Records that row (of kind k, read from line) names as its source the
 * file's id old, which no line had yet: a translation can come before its
 * source in a file, as an export lists versions by id.
 * store_import_sources() sets it once every line is in. */
enum store_status store_import_source_later(struct store *,
		    enum content_kind k, int64_t row, int64_t old,
		    int64_t line);

/* Whether rows a and b of kind k are versions of one group into *same:
 * a translation's source is one of its own group's, as the forms make
 * it. */
enum store_status store_import_same_group(struct store *,
		    enum content_kind k, int64_t a, int64_t b, bool *same);

/* A source store_import_sources() could not set: the line that named it,
 * the line's kind, the id it gave, and why. */
struct import_source_fault {
	int64_t			 line;
	enum content_kind	 kind;
	int64_t			 old;
	enum {
		SOURCE_MISSING,		/* no line or row has the id */
		SOURCE_LOOP,		/* it names the row as its source */
		SOURCE_OTHER_GROUP,	/* it is another group's version */
	}			 why;
};

/* Sets the sources store_import_source_later() kept to the rows their
 * lines gave those ids, or where no line had one, to the database's row
 * of that number. STORE_NOTFOUND for the first whose id neither has;
 * STORE_OK and *fault's line 0 when every one is set, else the first
 * that cannot be its row's source, in *fault. */
enum store_status store_import_sources(struct store *,
		    struct import_source_fault *fault);

/* Whether row id exists in space (one of the kind's) into *exists; for
 * a group space, whether any row of the table is in group id or has that
 * id, so a new row cannot make it by chance. */
enum store_status store_import_exists(struct store *, enum port_space,
		    int64_t id, bool *exists);

/* Claims (kind, lang, slug) for line: *first is 0 when no line of this
 * import had it, else that line's number. */
enum store_status store_import_claim(struct store *, const char *kind,
		    const char *lang, const char *slug, int64_t line,
		    int64_t *first);

/* What store_import_content found, when the database did not fail. */
enum port_outcome {
	PORT_INSERTED,
	PORT_UPDATED,		/* its kind, lang and slug were there */
	PORT_LANG_TAKEN,	/* its group has a version in its language */
	PORT_SLUG_TAKEN,	/* a page's slug is a project's, or back */
};

/*
 * Writes c: over the item of its kind, language and slug when there is
 * one (its id and group kept), else as a new row with id c->id when that
 * is free (else a new one) in group c->group_id (0: a group of its own).
 * Every field of c is written as given, version, created_at, updated_at,
 * source_rev and text_rev included, but a created_at or updated_at of 0
 * (the file gave none), which keeps the item's own (a new item's: now,
 * the import's time), so that a file without times imported again
 * changes nothing; lead_media and the media uses are the
 * caller's (store_media_set_uses); its search index row is written by
 * store_import_index. On STORE_OK *outcome says which, and *id and *group
 * are the row's (nothing written on PORT_LANG_TAKEN and
 * PORT_SLUG_TAKEN). Joins the import's
 * transaction.
 */
enum store_status store_import_content(struct store *,
		    const struct content *c, time_t now,
		    enum port_outcome *outcome,
		    int64_t *id, int64_t *group);

/* Writes the search index rows of the items store_import_content wrote
 * since the last call (store_import_end writes the rest): the caller
 * calls it every few hundred items, so that FTS5 writes their words in
 * one go. */
enum store_status store_import_index(struct store *);

/* Sets setting key of lang to value (and intro_html to html when it is
 * not NULL: intro_md rendered). */
enum store_status store_import_setting(struct store *, const char *lang,
		    const char *key, const char *value, const char *html);

/* Writes media item m of type (011.sql's name of m->type): the row with
 * the same hash when there is one (its words, file name and variants
 * replaced), else a new row, id m->id when that is free. Every field is
 * written as given, but a created_at or updated_at of 0, which keeps the
 * row's own (a new row's: now), as store_import_content. *id is the
 * row's. */
enum store_status store_import_media(struct store *,
		    const struct media_item *m, const char *type, time_t now,
		    int64_t *id);

/* One menu item of a file, ids already the database's. */
struct port_menu_item {
	int64_t		 id;		/* wanted (0: new) */
	int64_t		 parent_id;	/* 0: top level */
	int64_t		 position;
	const char	*lang;
	const char	*label;
	const char	*description;
	const char	*target;	/* store_menu_target_name()'s */
	int64_t		 page_id;	/* 0: none */
	const char	*url;		/* NULL: none */
	const struct menu_text *texts;	/* menu_admin.h's */
	size_t		 ntexts;
};

/* Empties the menu: a file with menu lines brings the whole menu. */
enum store_status store_import_menu_clear(struct store *);

/* Adds item m (and its texts) to the menu; *id is its row's. */
enum store_status store_import_menu(struct store *,
		    const struct port_menu_item *m, int64_t *id);

/* Sets the redirect from old_slug of kind in lang to item target. */
enum store_status store_import_redirect(struct store *, const char *lang,
		    const char *kind, const char *old_slug, int64_t target);

/* Adds a revision of item item_id of kind as the file gives it (id
 * r->id when free; user_id none; a created_at of 0: now), unless the item
 * has that revision already (with a created_at of 0, at any time). */
enum store_status store_import_revision(struct store *, enum content_kind,
		    const struct revision *r, time_t now);

#endif

/* content.h: the editors' reads and writes of releases, pages, projects,
 * events and publications: any status, saves checked against the version the form was opened at,
 * unique slugs, redirects from old slugs, and revisions. */
#ifndef WAYPOINT_STORE_CONTENT_H
#define WAYPOINT_STORE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct arena;

/* The kinds of content. The numbers are the search index's (rowid = id * 8
 * + kind, 007.sql): never renumber one. Projects, events and publications
 * live in the entries table (008.sql), each with its kind's own fields. */
enum content_kind {
	CONTENT_NEWS,
	CONTENT_PAGE,
	CONTENT_PROJECT,
	CONTENT_EVENT,
	CONTENT_PUBLICATION,
};
#define CONTENT_KINDS	5

/* The states of a release or page: the CHECK of their status column,
 * named in C by this enum only. */
enum content_status {
	CONTENT_DRAFT,
	CONTENT_PUBLISHED,
};

/* An item of any kind as the editor sees it. Only releases have a
 * dateline (else ""). Strings live in the arena of the call that filled
 * it. */
struct content {
	enum content_kind kind;
	int64_t		 id;		/* 0: not saved yet */
	const char	*lang;
	const char	*title;
	const char	*slug;
	const char	*dateline;
	const char	*pub_date;	/* YYYY-MM-DD, site time zone */
	const char	*pub_time;	/* HH:MM, site time zone */
	const char	*summary;
	const char	*body_md;
	const char	*body_html;	/* rendered when saved */
	enum content_status status;
	time_t		 published_at;	/* pub_date and pub_time as Unix time */
	int64_t		 version;	/* bumped by every write */
	time_t		 created_at;
	time_t		 updated_at;
	const char	*updated_by;	/* the last editor's name, or "" */
	int64_t		 group_id;	/* its group (0: none yet) */
	int64_t		 source_id;	/* translated from this row; 0: an
					 * original */
	int64_t		 source_rev;	/* the source's text_rev it matches */
	int64_t		 text_rev;	/* bumped when title or body change */
	bool		 outdated;	/* the source changed since */
	const char	*fields;	/* the kind's own fields, the text of a
					 * JSON object (content_fields.h);
					 * "{}" for releases and pages, and
					 * NULL read as "{}" by a save */
	int64_t		 lead_media;	/* its lead image (media id), 0:
					 * none; read here, written with its
					 * uses (store_media_set_uses) */
};

/* Who writes, and when: kept with each revision and on the row. */
struct content_author {
	int64_t		 user_id;	/* 0: nobody (stored as NULL) */
	const char	*username;
	time_t		 now;
};

/* The kind's name in the tables ("news", "page", "project", "event",
 * "publication"). */
const char	*store_content_kind_name(enum content_kind);

/* The kind named s into *k. Returns 0, or -1 when s names none. */
int		 store_content_kind_parse(const char *s,
		    enum content_kind *k);

/* Whether items of kind k have fields of their own (the entries table). */
bool		 store_content_has_fields(enum content_kind k);

/* The status's name, as stored and as forms send it ("draft",
 * "published"). */
const char	*store_content_status_name(enum content_status);

/* The status named s into *st. Returns 0, or -1 when s names none. */
int		 store_content_status_parse(const char *s,
		    enum content_status *st);

/* Item id of kind, whatever its status, into *c (strings in arena a).
 * STORE_NOTFOUND when there is none. */
enum store_status store_content_get(struct store *, struct arena *a,
		    enum content_kind, int64_t id, struct content *c);

/* What a save found, when the database itself did not fail. */
enum content_outcome {
	CONTENT_SAVED,
	CONTENT_CONFLICT,	/* the row is no longer at c->version */
	CONTENT_SLUG_TAKEN,	/* the slug given is another item's */
	CONTENT_LANG_TAKEN,	/* its group has a version in its language */
	CONTENT_NO_SOURCE,	/* the version it translates is gone */
};

/* The most suffixes tried for a slug made from a title (base-0 ...). */
#define CONTENT_SLUG_TRIES	1000

/*
 * Saves c in one transaction: an insert when c->id is 0 (in c->lang), else
 * an update of row c->id that only succeeds while its version is still
 * c->version, bumping it. Every field of c is written (body_html as
 * given; published_at as given; c->lang NULL keeps the row's). An insert
 * with c->source_id joins that version's group as its translation
 * (CONTENT_NO_SOURCE when it is gone), else starts a group. A group holds
 * one version a language: CONTENT_LANG_TAKEN otherwise. Every save of a
 * translation marks it current with its source (source_rev). With
 * slug_given false, c->slug is the base made from the title and gets the
 * first free suffix (-0, -1 ...) when another item (or one of reserved,
 * a NULL-terminated list, or NULL) has it; with slug_given true a clash
 * is CONTENT_SLUG_TAKEN. A changed slug (or language) leaves a redirect
 * from the old address; a redirect whose old slug is this item's slug
 * again is removed. A revision of the saved fields is
 * written, tagged with action ("save", "publish", "restore" ...). Saved
 * published, the item's preview links are revoked (store/preview.h).
 *
 * Returns STORE_OK with *outcome set (nothing is written unless it is
 * CONTENT_SAVED, and then c->id, c->group_id, c->slug (in arena a),
 * c->version and c->updated_at are the saved ones), STORE_NOTFOUND when
 * row c->id is gone, or the database's failure (everything rolled
 * back).
 */
enum store_status store_content_save(struct store *, struct arena *a,
		    struct content *c, bool slug_given,
		    const char *const *reserved, const char *action,
		    const struct content_author *who,
		    enum content_outcome *outcome);

/*
 * Sets the status of item id of kind to status,
 * bumping its version and writing a revision tagged action, in one
 * transaction. *changed is false (and nothing written) when it already
 * had that status; published, its preview links are revoked. On success
 * *c holds the item as it now is (arena a).
 * STORE_NOTFOUND when there is no such item.
 */
enum store_status store_content_set_status(struct store *, struct arena *a,
		    enum content_kind, int64_t id, enum content_status status,
		    const struct content_author *who, struct content *c,
		    bool *changed);

/* Marks translation id of kind current with its source as the source is
 * now (source_rev), nothing else changed; *changed is false when it was
 * not outdated (or is no translation). STORE_NOTFOUND when there is no
 * such item. */
enum store_status store_content_mark_current(struct store *,
		    enum content_kind, int64_t id, bool *changed);

/* One version of a translation group, as the editor's list of them shows
 * it. */
struct content_version {
	int64_t		 id;
	const char	*lang;
	const char	*title;
	bool		 published;
	bool		 outdated;
};

/* 64: more than the 16 languages a site may configure. */
#define CONTENT_VERSIONS_MAX	64

/* The versions of group group_id of kind, oldest first, at most
 * CONTENT_VERSIONS_MAX; the array lives in arena a. */
enum store_status store_content_versions(struct store *, struct arena *a,
		    enum content_kind, int64_t group_id,
		    struct content_version **items, size_t *n);

/* Deletes item id of kind with its revisions, its preview links and the
 * redirects to it, in one transaction. STORE_NOTFOUND when there is no such item. */
enum store_status store_content_delete(struct store *, enum content_kind,
		    int64_t id);

/* One saved revision of an item. data is the JSON text of its fields. */
struct revision {
	int64_t		 id;
	int64_t		 item_id;
	int64_t		 version;
	const char	*username;
	time_t		 created_at;
	const char	*action;	/* its tag: "save", "submit" ... */
	const char	*data;
};

/* 1000: the longest page of history the editor's screen needs. */
#define CONTENT_REVISIONS_MAX	1000

/* The revisions of item id of kind, newest first: at most limit (1 ..
 * CONTENT_REVISIONS_MAX) from offset, and *total, how many there are.
 * The array lives in arena a. */
enum store_status store_revision_list(struct store *, struct arena *a,
		    enum content_kind, int64_t item_id, int64_t offset,
		    int limit, struct revision **items, size_t *n,
		    int64_t *total);

/* Revision rev of item id of kind, or STORE_NOTFOUND. */
enum store_status store_revision_get(struct store *, struct arena *a,
		    enum content_kind, int64_t item_id, int64_t rev,
		    struct revision *r);

/*
 * Reads the fields a revision's data holds (title, slug, dateline, date,
 * time, summary, body, status, the kind's own fields as "fields", and
 * action when present) into *c and *action; fields missing from the JSON
 * are "" (status: draft, as is a status not named; fields: "{}"); the
 * lead image id into c->lead_media (0: none), left as the caller set it
 * when the revision predates lead images in revisions. Strings in arena
 * a. Returns 0, or -1 when data is not a JSON object.
 */
int		 store_revision_fields(struct arena *a, const char *data,
		    struct content *c, const char **action);

/* Writes a revision of c (its kind, id, version and fields) tagged
 * action, by who, leaving the item as it is: a change kept for review
 * (review.h). Joins the caller's transaction. *id is the revision's. */
enum store_status store_revision_add(struct store *,
		    const struct content *c, const char *action,
		    const struct content_author *who, int64_t *id);

/* The same, unless the item's latest revision records this version with
 * these fields and action already (an import of the same file again). */
enum store_status store_revision_add_changed(struct store *,
		    const struct content *c, const char *action,
		    const struct content_author *who);

#endif

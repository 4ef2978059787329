/* media.h: the media library's rows (011.sql): uploaded images and
 * documents, their smaller copies, their alt text and captions in each
 * language, and where each is used. The files themselves are
 * src/media/'s; a row is only written once its files are in place. */
#ifndef WAYPOINT_STORE_MEDIA_H
#define WAYPOINT_STORE_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/content.h"
#include "store/store.h"

struct arena;

/* What a file is, decided by its content (src/media/sniff.c). The names
 * are 011.sql's: media_type_name() and media_type_parse() in
 * src/media/files.h map them. */
enum media_type {
	MEDIA_JPEG,
	MEDIA_PNG,
	MEDIA_WEBP,
	MEDIA_HEIC,
	MEDIA_PDF,
};
#define MEDIA_TYPES	5

/* One smaller copy of an image: format "webp", "jpeg" or "png". */
struct media_variant {
	const char	*format;
	int		 width, height;
	int64_t		 bytes;
};

/* An image's words in one language. */
struct media_text {
	const char	*lang;
	const char	*alt;
	const char	*caption;
};

/* Limits a form and the store enforce (characters, as the other fields'
 * limits: lib/utf8.h). */
#define MEDIA_TITLE_MAX		200
#define MEDIA_ALT_MAX		500	/* WCAG asks for short; 500 is room */
#define MEDIA_CAPTION_MAX	1000
#define MEDIA_CREDIT_MAX	200
#define MEDIA_FILENAME_MAX	200
/* The most variants a row holds: 4 widths (and the full size) in two
 * formats. */
#define MEDIA_VARIANTS_MAX	12

/* One item of the library. Strings live in the arena of the call that
 * filled it; texts hold one entry per language that has any. */
struct media_item {
	int64_t		 id;		/* 0: not saved yet */
	enum media_type	 type;
	const char	*hash;		/* 64 hex digits: the stored original */
	int64_t		 bytes;
	int		 width, height;	/* 0 for a PDF */
	const char	*filename;
	const char	*title;
	const char	*credit;
	bool		 decorative;
	int64_t		 version;	/* bumped by every write */
	time_t		 created_at, updated_at;
	const char	*updated_by;	/* the last editor's name, or "" */
	struct media_variant *variants;	/* widest last within a format */
	size_t		 nvariants;
	struct media_text *texts;
	size_t		 ntexts;
	int64_t		 uses;		/* how many items show it (lists) */
};

/* Whether the item is an image (any type but MEDIA_PDF). */
bool		 media_is_image(const struct media_item *);

/* The words of m in lang, or NULL when it has none there. */
const struct media_text *media_text_in(const struct media_item *,
		    const char *lang);

/* Inserts m (its id, version and times are set here from author) with its
 * variants and texts, in one transaction. */
enum store_status store_media_insert(struct store *, struct media_item *m,
		    const struct content_author *author);

/* Item id with its variants and texts into *m (strings in arena a).
 * STORE_NOTFOUND when there is none. */
enum store_status store_media_get(struct store *, struct arena *a,
		    int64_t id, struct media_item *m);

/* The items whose ids are ids[0..n] (duplicates and missing ones left
 * out), with variants and texts, in one query each: what a page that
 * shows several images reads. *items in arena a, in no set order. */
enum store_status store_media_get_many(struct store *, struct arena *a,
		    const int64_t *ids, size_t n, struct media_item **items,
		    size_t *count);

/* What the library lists. */
struct media_filter {
	const char	*q;		/* words in title, file name, alt text
					   or caption; NULL or "": any */
	int		 kind;		/* 0 any, 1 images, 2 documents */
	size_t		 offset, limit;
};

/* The library's items, newest change first, with variants (for
 * thumbnails) but without texts beyond the default language's alt
 * (texts[0] when there is one), and uses counted; *total is how many match
 * the filter. */
enum store_status store_media_list(struct store *, struct arena *a,
		    const struct media_filter *f, const char *default_lang,
		    struct media_item **items, size_t *count, size_t *total);

/* What an update found, when the database itself did not fail. */
enum media_outcome {
	MEDIA_SAVED,
	MEDIA_CONFLICT,		/* the row is no longer at m->version */
	MEDIA_IN_USE,		/* delete: shown somewhere (store_media_uses) */
};

/* Writes m's title, credit, decorative and texts (every language given
 * replaced; an empty alt and caption removes that language's row) while
 * row m->id is still at m->version, bumping it. */
enum store_status store_media_update(struct store *,
		    const struct media_item *m,
		    const struct content_author *author,
		    enum media_outcome *outcome);

/* Replaces row m->id's file: type, hash, bytes, size, filename and
 * variants from m, the words kept, while it is at m->version. The old
 * files are the caller's to remove once this committed and no other row
 * has their hash (store_media_hash_used). */
enum store_status store_media_replace(struct store *,
		    const struct media_item *m,
		    const struct content_author *author,
		    enum media_outcome *outcome);

/* Deletes row id unless it is used (MEDIA_IN_USE) or no longer at
 * version. */
enum store_status store_media_delete(struct store *, int64_t id,
		    int64_t version, enum media_outcome *outcome);

/* Whether any row has hash. */
enum store_status store_media_hash_used(struct store *, const char *hash,
		    bool *used);

/* One place an item is shown. */
struct media_use {
	enum content_kind kind;
	int64_t		 item_id;
	const char	*lang;
	const char	*title;
	bool		 lead;		/* its lead image; else in its body */
	bool		 published;
};

/* Where item id is shown, at most limit places, newest item first. */
enum store_status store_media_uses(struct store *, struct arena *a,
		    int64_t id, size_t limit, struct media_use **uses,
		    size_t *count);

/*
 * Records what item (kind, item_id) shows: the ids its body refers to
 * (body[0..nbody]) and its lead image (0: none), replacing what was
 * recorded, and sets its lead_media column. Called by the save of an item,
 * inside its transaction. Ids that name no row are the caller's to refuse
 * before (the foreign key would fail the save).
 */
enum store_status store_media_set_uses(struct store *, enum content_kind,
		    int64_t item_id, const int64_t *body, size_t nbody,
		    int64_t lead);

/* The lead image id of item (kind, item_id) into *lead (0: none). */
enum store_status store_media_lead(struct store *, enum content_kind,
		    int64_t item_id, int64_t *lead);

#endif

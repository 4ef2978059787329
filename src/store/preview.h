/* preview.h: preview links, which share a draft for review with whoever
 * holds one, as the store keeps them: the hash of each token, never the
 * token itself. */
#ifndef WAYPOINT_STORE_PREVIEW_H
#define WAYPOINT_STORE_PREVIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/content.h"
#include "store/store.h"

struct arena;

/* 32: the bytes of a token's hash (auth_token_new). */
#define STORE_PREVIEW_HASH_LEN	32

/* 100: more links than an item is ever shared by; its page lists these,
 * the alive first, and no more are made while this many are alive, so
 * every link that works can be revoked from the page. */
#define STORE_PREVIEWS_MAX	100

/* One link. revoked_at is 0 while it was not revoked. */
struct preview_link {
	int64_t		 id;
	enum content_kind kind;
	const char	*kind_name;	/* as stored: "news", "page" ... */
	int64_t		 item_id;
	time_t		 created_at;
	time_t		 expires_at;
	time_t		 revoked_at;
	const char	*username;	/* who made it */
};

/* What store_preview_add did. */
enum preview_outcome {
	PREVIEW_MADE,
	PREVIEW_NOT_DRAFT,	/* the item is published, or gone */
	PREVIEW_TOO_MANY,	/* STORE_PREVIEWS_MAX of its links alive */
};

/* Adds a link to item item_id of kind whose token hashes to hash, made
 * by who at who->now, alive until expires_at (after who->now); its id
 * into *id and PREVIEW_MADE into *outcome. The item must still be a
 * draft when the link is written: the check is made in the same
 * transaction, so a publish cannot slip in between and leave a live
 * link behind. Otherwise *id is 0 and *outcome says why. Joins the
 * caller's transaction when one is open. */
enum store_status store_preview_add(struct store *,
		    const unsigned char hash[STORE_PREVIEW_HASH_LEN],
		    enum content_kind, int64_t item_id, time_t expires_at,
		    const struct content_author *who, int64_t *id,
		    enum preview_outcome *outcome);

/* The link whose token hashes to hash into *l (strings in arena a),
 * whatever its state; STORE_NOTFOUND when there is none. */
enum store_status store_preview_find(struct store *, struct arena *a,
		    const unsigned char hash[STORE_PREVIEW_HASH_LEN],
		    struct preview_link *l);

/* Link id into *l (strings in arena a); STORE_NOTFOUND when there is
 * none. */
enum store_status store_preview_get(struct store *, struct arena *a,
		    int64_t id, struct preview_link *l);

/* The links of item item_id of kind, those alive at now first, then
 * newest first, at most STORE_PREVIEWS_MAX; the array lives in arena
 * a. */
enum store_status store_preview_list(struct store *, struct arena *a,
		    enum content_kind, int64_t item_id, time_t now,
		    struct preview_link **items, size_t *n);

/* Revokes link id at now unless it was revoked already; STORE_NOTFOUND
 * when there is no such link still unrevoked. Joins the caller's
 * transaction. */
enum store_status store_preview_revoke(struct store *, int64_t id,
		    time_t now);

/* Revokes at now every unrevoked link of item item_id of kind: it is
 * published. Joins the caller's transaction (content.c's). */
enum store_status store_preview_end_item(struct store *, enum content_kind,
		    int64_t item_id, time_t now);

/* Deletes every link of item item_id of kind: it is deleted, and its id
 * may be used again. Joins the caller's transaction (content.c's). */
enum store_status store_preview_delete_item(struct store *,
		    enum content_kind, int64_t item_id);

#endif

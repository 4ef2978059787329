/* preview.c: the queries of preview links (009.sql). */
#include <stddef.h>

#include "lib/arena.h"
#include "store/content_sql.h"
#include "store/db_internal.h"
#include "store/preview.h"

#define HASH(h)	(const void *)(h), (size_t)STORE_PREVIEW_HASH_LEN

static const struct db_col link_cols[] = {
	DB_COL(DB_INT64, struct preview_link, id),
	DB_COL(DB_TEXT, struct preview_link, kind_name),
	DB_COL(DB_INT64, struct preview_link, item_id),
	DB_COL(DB_TIME, struct preview_link, created_at),
	DB_COL(DB_TIME, struct preview_link, expires_at),
	DB_COL(DB_TIME, struct preview_link, revoked_at),
	DB_COL(DB_TEXT, struct preview_link, username),
};
#define NCOLS	(sizeof(link_cols) / sizeof(link_cols[0]))
#define COLS	"id, kind, item_id, created_at, expires_at, " \
		"coalesce(revoked_at, 0), username"

/* Names l's kind as the enum; a kind the table's CHECK let in but this
 * binary does not know is a broken database. */
static enum store_status
link_kind(struct preview_link *l, enum store_status ret)
{
	if (ret == STORE_OK &&
	    store_content_kind_parse(l->kind_name, &l->kind) == -1)
		return STORE_ERROR;
	return ret;
}

enum store_status
store_preview_add(struct store *s,
    const unsigned char hash[STORE_PREVIEW_HASH_LEN], enum content_kind k,
    int64_t item_id, time_t expires_at, const struct content_author *who,
    int64_t *id, enum preview_outcome *outcome)
{
	enum store_status ret;
	int64_t draft, alive;

	*id = 0;
	*outcome = PREVIEW_NOT_DRAFT;
	/* The write lock is taken before the item is read: what the check
	 * finds stays so until the link is in. */
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((ret = db_one_int(s, db_query(s, kind_sql(k)->is_draft, "i",
	    item_id), &draft, "store_preview_add")) != STORE_OK)
		goto fail;
	if (draft == 0) {
		store_tx_rollback(s);
		return STORE_OK;
	}
	if ((ret = db_one_int(s, db_query(s, "SELECT count(*) FROM "
	    "preview_links WHERE kind = ?1 AND item_id = ?2 AND revoked_at "
	    "IS NULL AND expires_at > ?3", "sii", store_content_kind_name(k),
	    item_id, (int64_t)who->now), &alive, "store_preview_add")) !=
	    STORE_OK)
		goto fail;
	if (alive >= STORE_PREVIEWS_MAX) {
		*outcome = PREVIEW_TOO_MANY;
		store_tx_rollback(s);
		return STORE_OK;
	}
	if ((ret = db_one_int(s, db_query(s, "INSERT INTO preview_links "
	    "(token_hash, kind, item_id, created_at, expires_at, user_id, "
	    "username) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	    "bsiiius", HASH(hash), store_content_kind_name(k), item_id,
	    (int64_t)who->now, (int64_t)expires_at, who->user_id,
	    who->username), id, "store_preview_add")) != STORE_OK ||
	    (ret = store_tx_commit(s)) != STORE_OK)
		goto fail;
	*outcome = PREVIEW_MADE;
	return STORE_OK;
fail:
	*id = 0;
	store_tx_rollback(s);
	return ret;
}

enum store_status
store_preview_find(struct store *s, struct arena *a,
    const unsigned char hash[STORE_PREVIEW_HASH_LEN], struct preview_link *l)
{
	return link_kind(l, db_get(s, a, db_query(s, "SELECT " COLS
	    " FROM preview_links WHERE token_hash = ?1", "b", HASH(hash)),
	    link_cols, NCOLS, l, "store_preview_find"));
}

enum store_status
store_preview_get(struct store *s, struct arena *a, int64_t id,
    struct preview_link *l)
{
	return link_kind(l, db_get(s, a, db_query(s, "SELECT " COLS
	    " FROM preview_links WHERE id = ?1", "i", id), link_cols, NCOLS,
	    l, "store_preview_get"));
}

enum store_status
store_preview_list(struct store *s, struct arena *a, enum content_kind k,
    int64_t item_id, time_t now, struct preview_link **items, size_t *n)
{
	enum store_status ret;
	size_t i;

	*n = 0;
	if ((*items = arena_alloc(a, sizeof(**items) * STORE_PREVIEWS_MAX)) ==
	    NULL)
		return STORE_ERROR;
	ret = db_list(s, a, db_query(s, "SELECT " COLS " FROM preview_links "
	    "WHERE kind = ?1 AND item_id = ?2 ORDER BY revoked_at IS NULL "
	    "AND expires_at > ?3 DESC, id DESC LIMIT ?4", "siii",
	    store_content_kind_name(k), item_id, (int64_t)now,
	    (int64_t)STORE_PREVIEWS_MAX), link_cols, NCOLS, *items,
	    sizeof(**items), STORE_PREVIEWS_MAX, n, "store_preview_list");
	for (i = 0; i < *n && ret == STORE_OK; i++)
		ret = link_kind(&(*items)[i], ret);
	return ret;
}

enum store_status
store_preview_revoke(struct store *s, int64_t id, time_t now)
{
	return db_run_changed(s, db_query(s, "UPDATE preview_links SET "
	    "revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", "ii", id,
	    (int64_t)now), "store_preview_revoke");
}

enum store_status
store_preview_end_item(struct store *s, enum content_kind k,
    int64_t item_id, time_t now)
{
	return db_run(s, db_query(s, "UPDATE preview_links SET revoked_at = "
	    "?3 WHERE kind = ?1 AND item_id = ?2 AND revoked_at IS NULL",
	    "sii", store_content_kind_name(k), item_id, (int64_t)now),
	    "store_preview_end_item");
}

enum store_status
store_preview_delete_item(struct store *s, enum content_kind k,
    int64_t item_id)
{
	return db_run(s, db_query(s, "DELETE FROM preview_links WHERE "
	    "kind = ?1 AND item_id = ?2", "si", store_content_kind_name(k),
	    item_id), "store_preview_delete_item");
}

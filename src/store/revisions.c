/* revisions.c: reading the saved revisions of every kind of content. */
#include <stdlib.h>

#include <jansson.h>

#include "lib/arena.h"
#include "store/content.h"
#include "store/db_internal.h"

static const struct db_col revision_cols[] = {
	DB_COL(DB_INT64, struct revision, id),
	DB_COL(DB_INT64, struct revision, item_id),
	DB_COL(DB_INT64, struct revision, version),
	DB_COL(DB_TEXT, struct revision, username),
	DB_COL(DB_TIME, struct revision, created_at),
	DB_COL(DB_TEXT, struct revision, action),
	DB_COL(DB_TEXT, struct revision, data),
};
/* The revision's tag, kept in its data. */
#define ACTION	" coalesce(json_extract(data, '$.action'), '')"
/* A list leaves data out: the last column. */
#define REVISION_NCOLS	(sizeof(revision_cols) / sizeof(revision_cols[0]))

enum store_status
store_revision_list(struct store *s, struct arena *a, enum content_kind k,
    int64_t item_id, int64_t offset, int limit, struct revision **items,
    size_t *n, int64_t *total)
{
	const char *kind = store_content_kind_name(k);
	sqlite3_stmt *st;
	enum store_status ret;

	*n = 0;
	*total = 0;
	if (limit <= 0 || limit > CONTENT_REVISIONS_MAX || offset < 0)
		return STORE_ERROR;
	if ((*items = arena_alloc(a, sizeof(**items) * (size_t)limit)) == NULL)
		return STORE_ERROR;
	if ((st = db_query(s, "SELECT count(*) FROM revisions"
	    " WHERE kind = ?1 AND item_id = ?2", "ti", kind, item_id)) ==
	    NULL)
		return STORE_ERROR;
	if ((ret = db_one_int(s, st, total, "store_revision_list")) !=
	    STORE_OK)
		return ret;
	/* arena_alloc zeroes: data stays NULL. */
	return db_list(s, a, db_query(s,
	    "SELECT id, item_id, version, username, created_at," ACTION
	    " FROM revisions WHERE kind = ?1 AND item_id = ?2 ORDER BY id DESC"
	    " LIMIT ?3 OFFSET ?4", "tiii", kind, item_id, (int64_t)limit,
	    offset), revision_cols, REVISION_NCOLS - 1, *items,
	    sizeof(**items), (size_t)limit, n, "store_revision_list");
}

enum store_status
store_revision_get(struct store *s, struct arena *a, enum content_kind k,
    int64_t item_id, int64_t rev, struct revision *r)
{
	return db_get(s, a, db_query(s,
	    "SELECT id, item_id, version, username, created_at," ACTION
	    ", data FROM revisions WHERE id = ?1 AND kind = ?2 AND item_id = ?3",
	    "iti", rev, store_content_kind_name(k), item_id), revision_cols,
	    REVISION_NCOLS, r, "store_revision_get");
}

/* The string at key of o copied into a, or dflt when absent or not a
 * string. */
static const char *
json_field(struct arena *a, json_t *o, const char *key, const char *dflt)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return dflt;
	return arena_strndup(a, json_string_value(v), json_string_length(v));
}

int
store_revision_fields(struct arena *a, const char *data, struct content *c,
    const char **action)
{
	json_t *o, *v;
	char *text;
	int ret = -1;

	/* JSON_REJECT_DUPLICATES: one value per field, as written. */
	o = json_loads(data, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(o))
		goto out;
	c->title = json_field(a, o, "title", "");
	c->slug = json_field(a, o, "slug", "");
	c->dateline = json_field(a, o, "dateline", "");
	c->pub_date = json_field(a, o, "date", "");
	c->pub_time = json_field(a, o, "time", "");
	c->summary = json_field(a, o, "summary", "");
	c->body_md = json_field(a, o, "body", "");
	if (store_content_status_parse(json_field(a, o, "status", ""),
	    &c->status) == -1)
		c->status = CONTENT_DRAFT;
	*action = json_field(a, o, "action", "");
	c->fields = "{}";
	v = json_object_get(o, "fields");
	if (json_is_object(v)) {
		text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
		c->fields = text != NULL ? arena_strdup(a, text) : NULL;
		free(text);
	}
	/* A revision saved before lead images were kept has none: the
	 * caller's value stands. */
	v = json_object_get(o, "lead_media");
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		c->lead_media = json_integer_value(v);
	if (c->title != NULL && c->slug != NULL && c->dateline != NULL &&
	    c->pub_date != NULL && c->pub_time != NULL && c->summary != NULL &&
	    c->body_md != NULL && *action != NULL && c->fields != NULL)
		ret = 0;
out:
	json_decref(o);
	return ret;
}

/* content.c: the editors' queries of every kind of content: reads in any
 * status, versioned saves, slugs, redirects, writing revisions. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/arena.h"
#include "lib/slug.h"
#include "store/content.h"
#include "store/content_sql.h"
#include "store/db_internal.h"
#include "store/preview.h"
#include "store/search.h"

const char *
store_content_kind_name(enum content_kind k)
{
	return kind_sql(k)->name;
}

int
store_content_kind_parse(const char *s, enum content_kind *k)
{
	int i;

	for (i = 0; s != NULL && i < CONTENT_KINDS; i++)
		if (strcmp(s, kind_sql((enum content_kind)i)->name) == 0) {
			*k = (enum content_kind)i;
			return 0;
		}
	return -1;
}

bool
store_content_has_fields(enum content_kind k)
{
	return kind_sql(k)->fields;
}

const char *
store_content_status_name(enum content_status st)
{
	return st == CONTENT_PUBLISHED ? "published" : "draft";
}

int
store_content_status_parse(const char *s, enum content_status *st)
{
	if (s != NULL && strcmp(s, "published") == 0)
		*st = CONTENT_PUBLISHED;
	else if (s != NULL && strcmp(s, "draft") == 0)
		*st = CONTENT_DRAFT;
	else
		return -1;
	return 0;
}


/* The SQL gives the status as whether it is 'published' (DB_INT). */
_Static_assert(sizeof(enum content_status) == sizeof(int) &&
    CONTENT_DRAFT == 0 && CONTENT_PUBLISHED == 1,
    "the get statements give content_status");

static const struct db_col content_cols[] = {
	DB_COL(DB_INT64, struct content, id),
	DB_COL(DB_TEXT, struct content, lang),
	DB_COL(DB_TEXT, struct content, title),
	DB_COL(DB_TEXT, struct content, slug),
	DB_COL(DB_TEXT, struct content, dateline),
	DB_COL(DB_TEXT, struct content, pub_date),
	DB_COL(DB_TEXT, struct content, pub_time),
	DB_COL(DB_TEXT, struct content, summary),
	DB_COL(DB_TEXT, struct content, body_md),
	DB_COL(DB_TEXT, struct content, body_html),
	DB_COL(DB_INT, struct content, status),
	DB_COL(DB_TIME, struct content, published_at),
	DB_COL(DB_INT64, struct content, version),
	DB_COL(DB_TIME, struct content, created_at),
	DB_COL(DB_TIME, struct content, updated_at),
	DB_COL(DB_TEXT, struct content, updated_by),
	DB_COL(DB_INT64, struct content, group_id),
	DB_COL(DB_INT64, struct content, source_id),
	DB_COL(DB_INT64, struct content, source_rev),
	DB_COL(DB_INT64, struct content, text_rev),
	DB_COL(DB_BOOL, struct content, outdated),
	DB_COL(DB_TEXT, struct content, fields),
	DB_COL(DB_INT64, struct content, lead_media),
};

enum store_status
store_content_get(struct store *s, struct arena *a, enum content_kind k,
    int64_t id, struct content *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = k;
	return db_get(s, a, db_query(s, kind_sql(k)->get, "i", id),
	    content_cols, sizeof(content_cols) / sizeof(content_cols[0]), c,
	    "store_content_get");
}

/* What a save needs of the row it replaces. */
struct head {
	const char	*lang;
	const char	*slug;
	int64_t		 version;
	int64_t		 group_id;
};

static const struct db_col head_cols[] = {
	DB_COL(DB_TEXT, struct head, lang),
	DB_COL(DB_TEXT, struct head, slug),
	DB_COL(DB_INT64, struct head, version),
	DB_COL(DB_INT64, struct head, group_id),
};

/* The language, slug, version and group of row id (strings in a). */
static enum store_status
head(struct store *s, struct arena *a, enum content_kind k, int64_t id,
    struct head *h)
{
	return db_get(s, a, db_query(s, kind_sql(k)->head, "i", id), head_cols,
	    sizeof(head_cols) / sizeof(head_cols[0]), h, "content head");
}

/* Whether group has a version in lang other than row id: the UNIQUE
 * (group_id, lang) a write would break, found before it is. */
static enum store_status
lang_taken(struct store *s, enum content_kind k, int64_t group,
    const char *lang, int64_t id, bool *taken)
{
	enum store_status ret;
	int64_t owner;

	*taken = false;
	if (group == 0)
		return STORE_OK;
	ret = db_one_int(s, db_query(s, kind_sql(k)->lang_owner, "isi", group,
	    lang, id), &owner, "content lang");
	if (ret == STORE_NOTFOUND)
		return STORE_OK;
	*taken = ret == STORE_OK;
	return ret;
}

/* Whether slug of lang belongs to an item of kind other than id, or is
 * one of reserved. */
static enum store_status
slug_taken(struct store *s, enum content_kind k, const char *lang,
    const char *slug, int64_t id, const char *const *reserved, bool *taken)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int64_t owner;

	*taken = false;
	for (; reserved != NULL && *reserved != NULL; reserved++)
		if (strcmp(*reserved, slug) == 0) {
			*taken = true;
			return STORE_OK;
		}
	if ((st = db_query(s, kind_sql(k)->slug_owner, "tt", lang != NULL ?
	    lang : "", slug != NULL ? slug : "")) == NULL)
		return STORE_ERROR;
	ret = db_one_int(s, st, &owner, "content slug");
	if (ret == STORE_NOTFOUND)
		return STORE_OK;
	*taken = ret == STORE_OK && owner != id;
	return ret;
}

/* Settles c->slug: as given, or the first free one made from the base. */
static enum store_status
settle_slug(struct store *s, struct arena *a, struct content *c,
    const char *lang, bool given, const char *const *reserved,
    enum content_outcome *outcome)
{
	char buf[SLUG_MAX + 1];
	enum store_status ret;
	unsigned n;
	bool taken;

	ret = slug_taken(s, c->kind, lang, c->slug, c->id, reserved, &taken);
	if (ret != STORE_OK || !taken)
		return ret;
	if (given) {
		*outcome = CONTENT_SLUG_TAKEN;
		return STORE_OK;
	}
	for (n = 0; n < CONTENT_SLUG_TRIES; n++) {
		slug_with_suffix(c->slug, n, buf);
		ret = slug_taken(s, c->kind, lang, buf, c->id, reserved,
		    &taken);
		if (ret != STORE_OK)
			return ret;
		if (!taken) {
			if ((c->slug = arena_strdup(a, buf)) == NULL)
				return STORE_ERROR;
			return STORE_OK;
		}
	}
	*outcome = CONTENT_SLUG_TAKEN;
	return STORE_OK;
}

/* The JSON text of c's fields and action, a heap string; NULL when out of
 * memory or a field is not UTF-8. The kind's own fields are kept as the
 * object they are, under "fields"; the lead image as its id (0: none)
 * under "lead_media". */
static char *
revision_json(const struct content *c, const char *action)
{
	const char *keys[] = { "title", "slug", "dateline", "date", "time",
	    "summary", "body", "status", "action" };
	const char *vals[] = { c->title, c->slug, c->dateline, c->pub_date,
	    c->pub_time, c->summary, c->body_md,
	    store_content_status_name(c->status), action };
	json_t *o, *v;
	char *text = NULL;
	size_t i;

	if ((o = json_object()) == NULL)
		return NULL;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = json_string(vals[i] != NULL ? vals[i] : "");
		if (v == NULL || json_object_set_new(o, keys[i], v) == -1)
			goto out;
	}
	if (store_content_has_fields(c->kind)) {
		v = json_loads(c->fields != NULL ? c->fields : "{}",
		    JSON_REJECT_DUPLICATES, NULL);
		/* Fields that are no object (a row written by hand) are
		 * kept as none, as the site reads them: else the row
		 * could never be unpublished. */
		if (!json_is_object(v)) {
			json_decref(v);
			v = json_object();
		}
		if (v == NULL || json_object_set_new(o, "fields", v) == -1)
			goto out;
	}
	/* The lead image is the item's as its text is: a restore or a
	 * held change's publish brings it back with the text. */
	if (json_object_set_new(o, "lead_media", json_integer(
	    c->lead_media > 0 ? c->lead_media : 0)) == -1)
		goto out;
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
out:
	json_decref(o);
	return text;
}

/* Writes a revision of c at c->version; when unless_same, none if the
 * item's latest revision records that version with these fields and
 * action already. */
static enum store_status
add_revision(struct store *s, const struct content *c, const char *action,
    const struct content_author *who, bool unless_same)
{
	enum store_status ret;
	char *data;

	if ((data = revision_json(c, action)) == NULL)
		return STORE_ERROR;
	ret = db_run(s, db_query(s, unless_same ?
	    "INSERT INTO revisions (kind, item_id, version, data, user_id,"
	    " username, created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
	    " WHERE NOT EXISTS (SELECT 1 FROM revisions WHERE id ="
	    " (SELECT max(id) FROM revisions WHERE kind = ?1"
	    " AND item_id = ?2) AND version = ?3 AND data = ?4)" :
	    "INSERT INTO revisions (kind, item_id, version, data, user_id,"
	    " username, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    "siisusi", store_content_kind_name(c->kind), c->id, c->version,
	    data, who->user_id, who->username, (int64_t)who->now),
	    "content revision");
	free(data);
	return ret;
}

/* A revision kept apart from the item (a change held for review). */
enum store_status
store_revision_add(struct store *s, const struct content *c,
    const char *action, const struct content_author *who, int64_t *id)
{
	enum store_status ret = add_revision(s, c, action, who, false);

	*id = ret == STORE_OK ? sqlite3_last_insert_rowid(s->db) : 0;
	return ret;
}

enum store_status
store_revision_add_changed(struct store *s, const struct content *c,
    const char *action, const struct content_author *who)
{
	return add_revision(s, c, action, who, true);
}

/* The redirects of a save: from the old slug in the old language (when
 * either changed) to the item, and none any more from the address the
 * item now has. */
static enum store_status
fix_redirects(struct store *s, const struct content *c, const char *lang,
    const char *old_lang, const char *old_slug)
{
	sqlite3_stmt *st;
	enum store_status ret;
	const char *kind = store_content_kind_name(c->kind);

	st = db_query(s,
	    "DELETE FROM redirects WHERE lang = ?1 AND kind = ?2"
	    " AND old_slug = ?3", "sss", lang, kind, c->slug);
	if (st == NULL)
		return STORE_ERROR;
	if ((ret = db_run(s, st, "content redirect")) != STORE_OK)
		return ret;
	if (old_slug == NULL || (strcmp(old_slug, c->slug) == 0 &&
	    strcmp(old_lang, lang) == 0))
		return STORE_OK;
	st = db_query(s,
	    "INSERT OR REPLACE INTO redirects (lang, kind, old_slug,"
	    " target_id) VALUES (?1, ?2, ?3, ?4)", "sssi", old_lang, kind,
	    old_slug, c->id);
	return st != NULL ? db_run(s, st, "content redirect") : STORE_ERROR;
}

/* The insert or update itself; ?15 only matters to the update, ?16 and
 * ?17 only to the insert, and ?14 is the updated row's id, 0 for an
 * insert (the next free id). */
static enum store_status
write_row(struct store *s, const struct content *c, const char *lang,
    const struct content_author *who, bool insert, bool *hit,
    int64_t *new_id)
{
	const struct kind_sql *k = kind_sql(c->kind);
	const char *status = store_content_status_name(c->status);
	sqlite3_stmt *st;
	enum store_status ret;
	int rc;

	/* A page's statements have no ?4 (dateline); an update has no ?16
	 * and ?17, so it binds only up to ?15, unless the kind has fields
	 * (?18), which both of its statements reach. */
	st = db_query(s, insert ? k->insert : k->update,
	    k->fields ? "ssssssssssiiuiiius" : insert ? "ssssssssssiiuiiiu" :
	    "ssssssssssiiuii", lang, c->slug,
	    c->title, c->dateline, c->pub_date, c->pub_time, c->summary,
	    c->body_md, c->body_html, status, (int64_t)c->published_at,
	    (int64_t)who->now, who->user_id, c->id, c->version, c->group_id,
	    c->source_id, c->fields != NULL ? c->fields : "{}");
	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	ret = db_status(s, rc, insert ? "content insert" : "content update");
	*hit = ret == STORE_OK && sqlite3_changes(s->db) == 1;
	*new_id = sqlite3_last_insert_rowid(s->db);
	db_done(st);
	return ret;
}

/* The group a save writes into: row c->id's (h, an update), the
 * source's (a new translation), or 0 (a new group). A source that is
 * gone is CONTENT_NO_SOURCE. */
static enum store_status
save_group(struct store *s, const struct content *c, const struct head *h,
    int64_t *group, enum content_outcome *outcome)
{
	enum store_status ret;

	*group = 0;
	if (c->id != 0) {
		*group = h->group_id;
		return STORE_OK;
	}
	if (c->source_id == 0)
		return STORE_OK;
	ret = db_one_int(s, db_query(s, kind_sql(c->kind)->source, "i",
	    c->source_id), group, "content source");
	if (ret == STORE_NOTFOUND) {
		*outcome = CONTENT_NO_SOURCE;
		return STORE_OK;
	}
	return ret;
}

/* A new group whose title makes no slug is called by its number, as its
 * other versions will be: the id the row gets, the largest one plus one
 * (SQLite's rule for a table without AUTOINCREMENT; this transaction holds
 * the write lock, so no other row comes between). */
static enum store_status
group_number_slug(struct store *s, struct arena *a, struct content *c)
{
	enum store_status ret;
	int64_t next;

	ret = db_one_int(s, db_query(s, kind_sql(c->kind)->next_id, ""),
	    &next, "content next id");
	if (ret != STORE_OK)
		return ret;
	if ((c->slug = arena_printf(a, "%lld", (long long)next)) == NULL)
		return STORE_ERROR;
	return STORE_OK;
}

enum store_status
store_content_save(struct store *s, struct arena *a, struct content *c,
    bool slug_given, const char *const *reserved, const char *action,
    const struct content_author *who, enum content_outcome *outcome)
{
	struct content saved = *c;
	struct head h = { c->lang, NULL, 0, 0 };
	const char *lang;
	enum store_status ret;
	int64_t id = 0;
	bool hit, taken;

	*outcome = CONTENT_SAVED;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if (c->id != 0) {
		if ((ret = head(s, a, c->kind, c->id, &h)) != STORE_OK)
			goto fail;
		if (h.version != c->version) {
			*outcome = CONTENT_CONFLICT;
			goto fail;
		}
	}
	/* An update without a language keeps the row's. */
	lang = c->lang != NULL ? c->lang : h.lang;
	saved.source_id = c->id != 0 ? 0 : c->source_id;
	if ((ret = save_group(s, c, &h, &saved.group_id, outcome)) !=
	    STORE_OK || *outcome != CONTENT_SAVED)
		goto fail;
	ret = lang_taken(s, c->kind, saved.group_id, lang, c->id, &taken);
	if (ret != STORE_OK)
		goto fail;
	if (taken) {
		*outcome = CONTENT_LANG_TAKEN;
		goto fail;
	}
	if (c->id == 0 && saved.group_id == 0 && !slug_given &&
	    (saved.slug == NULL || *saved.slug == '\0') &&
	    (ret = group_number_slug(s, a, &saved)) != STORE_OK)
		goto fail;
	ret = settle_slug(s, a, &saved, lang, slug_given, reserved, outcome);
	if (ret != STORE_OK || *outcome != CONTENT_SAVED)
		goto fail;
	ret = write_row(s, &saved, lang, who, c->id == 0, &hit, &id);
	if (ret != STORE_OK)
		goto fail;
	if (!hit) {
		/* head() saw the version inside this transaction, so only a
		 * broken database lands here. */
		ret = STORE_ERROR;
		goto fail;
	}
	if (c->id == 0) {
		saved.id = id;
		saved.version = 1;
	} else
		saved.version = c->version + 1;
	saved.updated_at = who->now;
	if ((ret = fix_redirects(s, &saved, lang, h.lang, h.slug)) !=
	    STORE_OK ||
	    (ret = search_sync(s, c->kind, saved.id)) != STORE_OK ||
	    (saved.status == CONTENT_PUBLISHED && (ret =
	    store_preview_end_item(s, c->kind, saved.id, who->now)) !=
	    STORE_OK) ||
	    (ret = add_revision(s, &saved, action, who, false)) != STORE_OK ||
	    (ret = store_tx_commit(s)) != STORE_OK)
		goto fail;
	c->id = saved.id;
	/* A new group is numbered after its first row (004.sql). */
	c->group_id = saved.group_id != 0 ? saved.group_id : saved.id;
	c->slug = saved.slug;
	c->version = saved.version;
	c->updated_at = saved.updated_at;
	c->lang = lang;
	return STORE_OK;
fail:
	store_tx_rollback(s);
	return ret;
}

enum store_status
store_content_set_status(struct store *s, struct arena *a,
    enum content_kind k, int64_t id, enum content_status status,
    const struct content_author *who, struct content *c, bool *changed)
{
	sqlite3_stmt *st;
	enum store_status ret;

	*changed = false;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((ret = store_content_get(s, a, k, id, c)) != STORE_OK)
		goto fail;
	if (c->status == status) {
		store_tx_rollback(s);
		return STORE_OK;
	}
	if ((st = db_query(s, kind_sql(k)->set_status, "isiu", id,
	    store_content_status_name(status), (int64_t)who->now,
	    who->user_id)) == NULL) {
		ret = STORE_ERROR;
		goto fail;
	}
	if ((ret = db_run(s, st, "content status")) != STORE_OK ||
	    (ret = search_sync(s, k, id)) != STORE_OK ||
	    (status == CONTENT_PUBLISHED && (ret = store_preview_end_item(s,
	    k, id, who->now)) != STORE_OK))
		goto fail;
	c->status = status;
	c->version++;
	c->updated_at = who->now;
	c->updated_by = who->username;
	if ((ret = add_revision(s, c, status == CONTENT_PUBLISHED ?
	    "publish" : "unpublish", who, false)) != STORE_OK ||
	    (ret = store_tx_commit(s)) != STORE_OK)
		goto fail;
	*changed = true;
	return STORE_OK;
fail:
	store_tx_rollback(s);
	return ret;
}

/* Runs a statement of one id (and one kind name, unless kind is NULL),
 * counting the rows it changed: the deletes, and marking current. */
static enum store_status
run_by(struct store *s, const char *sql, const char *kind, int64_t id,
    int *changes)
{
	sqlite3_stmt *st;
	int rc;

	/* kind NULL: the statement has no ?2. */
	if ((st = db_query(s, sql, kind != NULL ? "is" : "i", id, kind)) ==
	    NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	*changes = rc == SQLITE_DONE ? sqlite3_changes(s->db) : 0;
	db_done(st);
	return db_status(s, rc, "content delete");
}

enum store_status
store_content_delete(struct store *s, enum content_kind k, int64_t id)
{
	const char *kind = store_content_kind_name(k);
	enum store_status ret;
	int changes;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((ret = run_by(s, kind_sql(k)->delete, NULL, id, &changes)) !=
	    STORE_OK)
		goto fail;
	if (changes == 0) {
		ret = STORE_NOTFOUND;
		goto fail;
	}
	/* Row ids may be used again once the highest is deleted, so nothing
	 * that names this id may outlive it. */
	if ((ret = run_by(s,
	    "DELETE FROM redirects WHERE target_id = ?1 AND kind = ?2",
	    kind, id, &changes)) != STORE_OK ||
	    (ret = run_by(s,
	    "DELETE FROM revisions WHERE item_id = ?1 AND kind = ?2",
	    kind, id, &changes)) != STORE_OK ||
	    (ret = store_preview_delete_item(s, k, id)) != STORE_OK ||
	    (ret = search_sync(s, k, id)) != STORE_OK ||
	    (ret = store_tx_commit(s)) != STORE_OK)
		goto fail;
	return STORE_OK;
fail:
	store_tx_rollback(s);
	return ret;
}

enum store_status
store_content_mark_current(struct store *s, enum content_kind k, int64_t id,
    bool *changed)
{
	enum store_status ret;
	int64_t one;
	int changes;

	*changed = false;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_one_int(s, db_query(s, kind_sql(k)->source, "i", id), &one,
	    "content mark current");
	if (ret != STORE_OK)
		goto fail;
	if ((ret = run_by(s, kind_sql(k)->mark_current, NULL, id,
	    &changes)) != STORE_OK ||
	    (ret = store_tx_commit(s)) != STORE_OK)
		goto fail;
	*changed = changes == 1;
	return STORE_OK;
fail:
	store_tx_rollback(s);
	return ret;
}

static const struct db_col version_cols[] = {
	DB_COL(DB_INT64, struct content_version, id),
	DB_COL(DB_TEXT, struct content_version, lang),
	DB_COL(DB_TEXT, struct content_version, title),
	DB_COL(DB_BOOL, struct content_version, published),
	DB_COL(DB_BOOL, struct content_version, outdated),
};

enum store_status
store_content_versions(struct store *s, struct arena *a, enum content_kind k,
    int64_t group_id, struct content_version **items, size_t *n)
{
	*n = 0;
	if ((*items = arena_alloc(a, sizeof(**items) *
	    CONTENT_VERSIONS_MAX)) == NULL)
		return STORE_ERROR;
	return db_list(s, a, db_query(s, kind_sql(k)->versions, "ii",
	    group_id, (int64_t)CONTENT_VERSIONS_MAX), version_cols,
	    sizeof(version_cols) / sizeof(version_cols[0]), *items,
	    sizeof(**items), CONTENT_VERSIONS_MAX, n,
	    "store_content_versions");
}

/* media.c: the queries of the media library (011.sql): items, their
 * variants and words, the library's list, and where each item is used. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "store/content_sql.h"
#include "store/db_internal.h"
#include "store/media.h"

/* The type's number in enum media_type from 011.sql's name, and back: a
 * table of names in C would be a second copy of src/media/files.c's. */
#define TYPE_NUMBER \
	"CASE m.type WHEN 'jpeg' THEN 0 WHEN 'png' THEN 1 WHEN 'webp'" \
	" THEN 2 WHEN 'heic' THEN 3 ELSE 4 END"
#define TYPE_NAME(p) \
	"CASE " p " WHEN 0 THEN 'jpeg' WHEN 1 THEN 'png' WHEN 2 THEN 'webp'" \
	" WHEN 3 THEN 'heic' ELSE 'pdf' END"

/* The columns of an item, in media_cols' order. */
#define MEDIA_COLUMNS \
	"m.id, " TYPE_NUMBER ", m.hash, m.bytes, m.width, m.height," \
	" m.filename, m.title, m.credit, m.decorative, m.version," \
	" m.created_at, m.updated_at, coalesce(u.name, '')," \
	" (SELECT count(*) FROM (SELECT DISTINCT kind, item_id" \
	" FROM media_uses WHERE media_id = m.id))"
#define MEDIA_FROM \
	" FROM media m LEFT JOIN users u ON u.id = m.updated_by"

static const struct db_col media_cols[] = {
	DB_COL(DB_INT64, struct media_item, id),
	DB_COL(DB_INT, struct media_item, type),
	DB_COL(DB_TEXT, struct media_item, hash),
	DB_COL(DB_INT64, struct media_item, bytes),
	DB_COL(DB_INT, struct media_item, width),
	DB_COL(DB_INT, struct media_item, height),
	DB_COL(DB_TEXT, struct media_item, filename),
	DB_COL(DB_TEXT, struct media_item, title),
	DB_COL(DB_TEXT, struct media_item, credit),
	DB_COL(DB_BOOL, struct media_item, decorative),
	DB_COL(DB_INT64, struct media_item, version),
	DB_COL(DB_TIME, struct media_item, created_at),
	DB_COL(DB_TIME, struct media_item, updated_at),
	DB_COL(DB_TEXT, struct media_item, updated_by),
	DB_COL(DB_INT64, struct media_item, uses),
};
#define MEDIA_NCOLS	(sizeof(media_cols) / sizeof(media_cols[0]))

/* A variant or a text row with the id of the item it belongs to. */
struct variant_row {
	int64_t			 media_id;
	struct media_variant	 v;
};
struct text_row {
	int64_t			 media_id;
	struct media_text	 t;
};

static const struct db_col variant_cols[] = {
	DB_COL(DB_INT64, struct variant_row, media_id),
	DB_COL(DB_TEXT, struct variant_row, v.format),
	DB_COL(DB_INT, struct variant_row, v.width),
	DB_COL(DB_INT, struct variant_row, v.height),
	DB_COL(DB_INT64, struct variant_row, v.bytes),
};
static const struct db_col text_cols[] = {
	DB_COL(DB_INT64, struct text_row, media_id),
	DB_COL(DB_TEXT, struct text_row, t.lang),
	DB_COL(DB_TEXT, struct text_row, t.alt),
	DB_COL(DB_TEXT, struct text_row, t.caption),
};

/* 10000: more items than any page shows or the library lists at once. */
#define MEDIA_MANY_MAX	10000

bool
media_is_image(const struct media_item *m)
{
	return m->type != MEDIA_PDF;
}

const struct media_text *
media_text_in(const struct media_item *m, const char *lang)
{
	size_t i;

	for (i = 0; i < m->ntexts; i++)
		if (strcmp(m->texts[i].lang, lang) == 0)
			return &m->texts[i];
	return NULL;
}

/* ids[0..n] as a JSON array, what json_each() reads: one statement for
 * any number of ids. In arena a; NULL when out of memory. */
static const char *
ids_json(struct arena *a, const int64_t *ids, size_t n)
{
	/* 21: a comma and the longest int64_t. */
	size_t size = n * 21 + 3, len = 1, i;
	char *json;

	if (n > SIZE_MAX / 21 - 1 || (json = arena_alloc(a, size)) == NULL)
		return NULL;
	json[0] = '[';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(json + len, size - len, "%s%lld",
		    i > 0 ? "," : "", (long long)ids[i]);
	memcpy(json + len, "]", 2);
	return json;
}

/* The ids of items[0..n] as ids_json() gives them. */
static const char *
items_json(struct arena *a, const struct media_item *items, size_t n)
{
	int64_t *ids;
	size_t i;

	if ((ids = arena_alloc(a, (n + 1) * sizeof(*ids))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		ids[i] = items[i].id;
	return ids_json(a, ids, n);
}

/* Gives each of items[0..n] its variants (and its texts, when texts) in
 * one query each, from rows of the ids json names. */
static enum store_status
attach(struct store *s, struct arena *a, struct media_item *items, size_t n,
    const char *json, bool texts)
{
	struct variant_row *vr = NULL;
	struct text_row *tr = NULL;
	enum store_status ret;
	size_t nv = 0, nt = 0, i, j;

	ret = db_list_all(s, a, db_query(s, "SELECT media_id, format, width,"
	    " height, bytes FROM media_variants WHERE media_id IN"
	    " (SELECT value FROM json_each(?1))"
	    " ORDER BY media_id, format, width", "s", json), variant_cols,
	    sizeof(variant_cols) / sizeof(variant_cols[0]), (void **)&vr,
	    sizeof(*vr), MEDIA_MANY_MAX * MEDIA_VARIANTS_MAX, &nv,
	    "media variants");
	if (ret != STORE_OK)
		return ret;
	if (texts && (ret = db_list_all(s, a, db_query(s, "SELECT media_id,"
	    " lang, alt, caption FROM media_text WHERE media_id IN"
	    " (SELECT value FROM json_each(?1)) ORDER BY media_id, lang", "s",
	    json), text_cols, sizeof(text_cols) / sizeof(text_cols[0]),
	    (void **)&tr, sizeof(*tr), MEDIA_MANY_MAX * 64, &nt,
	    "media texts")) != STORE_OK)
		return ret;
	/* Each item's rows counted first, then copied into room for them
	 * alone: room for every row of the result in each item was items
	 * times rows, some 190 MB for a page of 1,000 images. */
	for (i = 0; i < n; i++) {
		struct media_item *m = &items[i];
		size_t cv = 0, ct = 0;

		for (j = 0; j < nv; j++)
			cv += vr[j].media_id == m->id;
		for (j = 0; texts && j < nt; j++)
			ct += tr[j].media_id == m->id;
		if (texts) {
			m->ntexts = 0;
			m->texts = NULL;
		}
		m->nvariants = 0;
		if ((m->variants = arena_alloc(a, (cv + 1) *
		    sizeof(*m->variants))) == NULL ||
		    (texts && (m->texts = arena_alloc(a, (ct + 1) *
		    sizeof(*m->texts))) == NULL))
			return STORE_ERROR;
		for (j = 0; j < nv; j++)
			if (vr[j].media_id == m->id)
				m->variants[m->nvariants++] = vr[j].v;
		for (j = 0; texts && j < nt; j++)
			if (tr[j].media_id == m->id)
				m->texts[m->ntexts++] = tr[j].t;
	}
	return STORE_OK;
}

/* Writes m's variants, for row m->id. */
static enum store_status
write_variants(struct store *s, const struct media_item *m)
{
	enum store_status ret = STORE_OK;
	size_t i;

	for (i = 0; i < m->nvariants && ret == STORE_OK; i++)
		ret = db_run(s, db_query(s, "INSERT INTO media_variants"
		    " (media_id, format, width, height, bytes)"
		    " VALUES (?1, ?2, ?3, ?4, ?5)", "isiii", m->id,
		    m->variants[i].format, (int64_t)m->variants[i].width,
		    (int64_t)m->variants[i].height, m->variants[i].bytes),
		    "media variant");
	return ret;
}

/* Writes m's texts for row m->id: a language with neither alt text nor
 * caption loses its row. */
static enum store_status
write_texts(struct store *s, const struct media_item *m)
{
	const struct media_text *t;
	enum store_status ret = STORE_OK;
	size_t i;

	for (i = 0; i < m->ntexts && ret == STORE_OK; i++) {
		t = &m->texts[i];
		if ((t->alt == NULL || *t->alt == '\0') &&
		    (t->caption == NULL || *t->caption == '\0'))
			ret = db_run(s, db_query(s, "DELETE FROM media_text"
			    " WHERE media_id = ?1 AND lang = ?2", "is", m->id,
			    t->lang), "media text");
		else
			ret = db_run(s, db_query(s, "INSERT INTO media_text"
			    " (media_id, lang, alt, caption)"
			    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE"
			    " SET alt = excluded.alt,"
			    " caption = excluded.caption", "isss", m->id,
			    t->lang, t->alt, t->caption), "media text");
	}
	return ret;
}

enum store_status
store_media_insert(struct store *s, struct media_item *m,
    const struct content_author *author)
{
	enum store_status ret;
	int64_t id;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_one_int(s, db_query(s, "INSERT INTO media (type, hash,"
	    " bytes, width, height, filename, title, credit, decorative,"
	    " version, created_at, updated_at, created_by, updated_by)"
	    " VALUES (" TYPE_NAME("?1") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " 1, ?10, ?10, ?11, ?11) RETURNING id", "isiiisssiiu",
	    (int64_t)m->type, m->hash, m->bytes, (int64_t)m->width,
	    (int64_t)m->height, m->filename, m->title, m->credit,
	    (int64_t)m->decorative, (int64_t)author->now, author->user_id),
	    &id, "media insert");
	if (ret != STORE_OK)
		goto fail;
	m->id = id;
	if ((ret = write_variants(s, m)) != STORE_OK ||
	    (ret = write_texts(s, m)) != STORE_OK ||
	    (ret = store_tx_commit(s)) != STORE_OK)
		goto fail;
	m->version = 1;
	m->created_at = m->updated_at = author->now;
	m->updated_by = author->username;
	return STORE_OK;
fail:
	store_tx_rollback(s);
	m->id = 0;
	return ret;
}

enum store_status
store_media_get(struct store *s, struct arena *a, int64_t id,
    struct media_item *m)
{
	enum store_status ret;
	const char *json;

	memset(m, 0, sizeof(*m));
	ret = db_get(s, a, db_query(s, "SELECT " MEDIA_COLUMNS MEDIA_FROM
	    " WHERE m.id = ?1", "i", id), media_cols, MEDIA_NCOLS, m,
	    "store_media_get");
	if (ret != STORE_OK)
		return ret;
	if ((json = items_json(a, m, 1)) == NULL)
		return STORE_ERROR;
	return attach(s, a, m, 1, json, true);
}

enum store_status
store_media_get_many(struct store *s, struct arena *a, const int64_t *ids,
    size_t n, struct media_item **items, size_t *count)
{
	enum store_status ret;
	const char *json;

	*items = NULL;
	*count = 0;
	if (n == 0)
		return STORE_OK;
	if ((json = ids_json(a, ids, n)) == NULL)
		return STORE_ERROR;
	ret = db_list_all(s, a, db_query(s, "SELECT " MEDIA_COLUMNS MEDIA_FROM
	    " WHERE m.id IN (SELECT value FROM json_each(?1))", "s", json),
	    media_cols, MEDIA_NCOLS, (void **)items, sizeof(**items),
	    MEDIA_MANY_MAX, count, "store_media_get_many");
	if (ret != STORE_OK || *count == 0)
		return ret;
	return attach(s, a, *items, *count, json, true);
}

/* The library's filter, ?1 the LIKE pattern ('' for any), ?2 the kind;
 * LIKE is case-blind for ASCII only, which is what SQLite offers. */
#define LIST_WHERE \
	" WHERE (?1 = '' OR m.title LIKE ?1 ESCAPE '\\'" \
	" OR m.filename LIKE ?1 ESCAPE '\\' OR EXISTS (SELECT 1" \
	" FROM media_text t WHERE t.media_id = m.id" \
	" AND (t.alt LIKE ?1 ESCAPE '\\' OR t.caption LIKE ?1 ESCAPE '\\')))" \
	" AND (?2 = 0 OR (?2 = 1) = (m.type <> 'pdf'))"

/* q as a LIKE pattern that matches it anywhere: its own %, _ and \ taken
 * literally. "" for none; NULL when out of memory. */
static const char *
like_pattern(struct arena *a, const char *q)
{
	size_t len;
	char *p;

	if (q == NULL || *q == '\0')
		return "";
	len = strlen(q);
	if (len > SIZE_MAX / 2 - 3 || (p = arena_alloc(a, 2 * len + 3)) ==
	    NULL)
		return NULL;
	return db_like_anywhere(p, q);
}

/* A listed item and its alt text in the default language (NULL: none). */
struct list_row {
	struct media_item	 m;
	const char		*alt;
};

enum store_status
store_media_list(struct store *s, struct arena *a,
    const struct media_filter *f, const char *default_lang,
    struct media_item **items, size_t *count, size_t *total)
{
	struct db_col cols[MEDIA_NCOLS + 1];
	struct list_row *rows;
	const char *pattern, *json;
	enum store_status ret;
	int64_t n;
	size_t i;

	*items = NULL;
	*count = *total = 0;
	if ((pattern = like_pattern(a, f->q)) == NULL)
		return STORE_ERROR;
	ret = db_one_int(s, db_query(s, "SELECT count(*) FROM media m"
	    LIST_WHERE, "si", pattern, (int64_t)f->kind), &n,
	    "store_media_list count");
	if (ret != STORE_OK)
		return ret;
	*total = (size_t)n;
	if (f->limit == 0 || f->offset >= *total)
		return STORE_OK;
	/* The item's columns, then the alt text, in a row of its own. */
	memcpy(cols, media_cols, sizeof(media_cols));
	cols[MEDIA_NCOLS] = (struct db_col)DB_COL(DB_TEXT_OR_NULL,
	    struct list_row, alt);
	if ((rows = arena_alloc(a, f->limit * sizeof(*rows))) == NULL ||
	    (*items = arena_alloc(a, f->limit * sizeof(**items))) == NULL)
		return STORE_ERROR;
	ret = db_list(s, a, db_query(s, "SELECT " MEDIA_COLUMNS ", (SELECT"
	    " t.alt FROM media_text t WHERE t.media_id = m.id"
	    " AND t.lang = ?3)" MEDIA_FROM LIST_WHERE
	    " ORDER BY m.updated_at DESC, m.id DESC LIMIT ?4 OFFSET ?5",
	    "sisii", pattern, (int64_t)f->kind, default_lang,
	    (int64_t)f->limit, (int64_t)f->offset), cols, MEDIA_NCOLS + 1,
	    rows, sizeof(*rows), f->limit, count, "store_media_list");
	if (ret != STORE_OK)
		return ret;
	for (i = 0; i < *count; i++) {
		(*items)[i] = rows[i].m;
		if (rows[i].alt == NULL)
			continue;
		if (((*items)[i].texts = arena_alloc(a,
		    sizeof(struct media_text))) == NULL)
			return STORE_ERROR;
		(*items)[i].texts[0] = (struct media_text){ default_lang,
		    rows[i].alt, "" };
		(*items)[i].ntexts = 1;
	}
	if ((json = items_json(a, *items, *count)) == NULL)
		return STORE_ERROR;
	return attach(s, a, *items, *count, json, false);
}

/* Begins the write of row id, going on only while it is at version:
 * STORE_OK with *outcome MEDIA_SAVED inside the transaction; any other
 * answer (MEDIA_CONFLICT, STORE_NOTFOUND for no row, a failure) with the
 * transaction rolled back. */
static enum store_status
begin_at(struct store *s, int64_t id, int64_t version,
    enum media_outcome *outcome)
{
	enum store_status ret;
	int64_t v;

	*outcome = MEDIA_SAVED;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_one_int(s, db_query(s, "SELECT version FROM media"
	    " WHERE id = ?1", "i", id), &v, "media version");
	if (ret == STORE_OK && v != version)
		*outcome = MEDIA_CONFLICT;
	if (ret != STORE_OK || *outcome != MEDIA_SAVED)
		store_tx_rollback(s);
	return ret;
}

enum store_status
store_media_update(struct store *s, const struct media_item *m,
    const struct content_author *author, enum media_outcome *outcome)
{
	enum store_status ret;

	if ((ret = begin_at(s, m->id, m->version, outcome)) != STORE_OK ||
	    *outcome != MEDIA_SAVED)
		return ret;
	ret = db_run_changed(s, db_query(s, "UPDATE media SET"
	    " title = ?2, credit = ?3, decorative = ?4, updated_at = ?5,"
	    " updated_by = ?6, version = version + 1 WHERE id = ?1", "issiiu",
	    m->id, m->title, m->credit, (int64_t)m->decorative,
	    (int64_t)author->now, author->user_id), "media update");
	if (ret == STORE_OK)
		ret = write_texts(s, m);
	return db_tx_end(s, ret);
}

enum store_status
store_media_replace(struct store *s, const struct media_item *m,
    const struct content_author *author, enum media_outcome *outcome)
{
	enum store_status ret;

	if ((ret = begin_at(s, m->id, m->version, outcome)) != STORE_OK ||
	    *outcome != MEDIA_SAVED)
		return ret;
	ret = db_run_changed(s, db_query(s, "UPDATE media SET"
	    " type = " TYPE_NAME("?2") ", hash = ?3, bytes = ?4, width = ?5,"
	    " height = ?6, filename = ?7, updated_at = ?8, updated_by = ?9,"
	    " version = version + 1 WHERE id = ?1", "iisiiisiu", m->id,
	    (int64_t)m->type, m->hash, m->bytes, (int64_t)m->width,
	    (int64_t)m->height, m->filename, (int64_t)author->now,
	    author->user_id), "media replace");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM media_variants"
		    " WHERE media_id = ?1", "i", m->id), "media replace");
	if (ret == STORE_OK)
		ret = write_variants(s, m);
	return db_tx_end(s, ret);
}

enum store_status
store_media_delete(struct store *s, int64_t id, int64_t version,
    enum media_outcome *outcome)
{
	enum store_status ret;
	int64_t used = 0;

	if ((ret = begin_at(s, id, version, outcome)) != STORE_OK ||
	    *outcome != MEDIA_SAVED)
		return ret;
	ret = db_one_int(s, db_query(s, "SELECT EXISTS (SELECT 1"
	    " FROM media_uses WHERE media_id = ?1)", "i", id), &used,
	    "media delete");
	if (ret == STORE_OK && used) {
		*outcome = MEDIA_IN_USE;
		store_tx_rollback(s);
		return STORE_OK;
	}
	/* Variants and texts go by their foreign keys' cascade. */
	if (ret == STORE_OK)
		ret = db_run_changed(s, db_query(s, "DELETE FROM media"
		    " WHERE id = ?1", "i", id), "media delete");
	return db_tx_end(s, ret);
}

enum store_status
store_media_hash_used(struct store *s, const char *hash, bool *used)
{
	enum store_status ret;
	int64_t v = 0;

	ret = db_one_int(s, db_query(s, "SELECT EXISTS (SELECT 1 FROM media"
	    " WHERE hash = ?1)", "s", hash), &v, "store_media_hash_used");
	*used = v != 0;
	return ret;
}

static const struct db_col use_cols[] = {
	DB_COL(DB_INT, struct media_use, kind),
	DB_COL(DB_INT64, struct media_use, item_id),
	DB_COL(DB_TEXT, struct media_use, lang),
	DB_COL(DB_TEXT, struct media_use, title),
	DB_COL(DB_BOOL, struct media_use, lead),
	DB_COL(DB_BOOL, struct media_use, published),
};

enum store_status
store_media_uses(struct store *s, struct arena *a, int64_t id, size_t limit,
    struct media_use **uses, size_t *count)
{
	*count = 0;
	if ((*uses = arena_alloc(a, (limit + 1) * sizeof(**uses))) == NULL)
		return STORE_ERROR;
	return db_list(s, a, db_query(s, "SELECT CASE u.kind"
	    " WHEN 'news' THEN 0 WHEN 'page' THEN 1 WHEN 'project' THEN 2"
	    " WHEN 'event' THEN 3 ELSE 4 END, u.item_id, " ITEM_COL("lang")
	    ", " ITEM_COL("title") ", u.role = 'lead', " ITEM_COL("status")
	    " = 'published' FROM media_uses u" ITEM_JOINS("u.kind",
	    "u.item_id") " WHERE u.media_id = ?1 AND " ITEM_COL("id")
	    " IS NOT NULL ORDER BY " ITEM_COL("updated_at") " DESC,"
	    " u.kind, u.item_id, u.role DESC"
	    " LIMIT ?2", "ii", id, (int64_t)limit), use_cols,
	    sizeof(use_cols) / sizeof(use_cols[0]), *uses, sizeof(**uses),
	    limit, count, "store_media_uses");
}

/* The statements of the tables that have a lead image, by content kind:
 * a table name cannot be bound. ?1 the lead (NULL: none), ?2 the id. */
static const struct {
	const char	*set_lead;
	const char	*lead;
} lead_sql[CONTENT_KINDS] = {
	[CONTENT_NEWS] = {
		"UPDATE news SET lead_media = ?1 WHERE id = ?2",
		"SELECT coalesce(lead_media, 0) FROM news WHERE id = ?1",
	},
	[CONTENT_PAGE] = {
		"UPDATE pages SET lead_media = ?1 WHERE id = ?2",
		"SELECT coalesce(lead_media, 0) FROM pages WHERE id = ?1",
	},
#define ENTRY_LEAD { \
		"UPDATE entries SET lead_media = ?1 WHERE id = ?2", \
		"SELECT coalesce(lead_media, 0) FROM entries WHERE id = ?1", \
	}
	[CONTENT_PROJECT] = ENTRY_LEAD,
	[CONTENT_EVENT] = ENTRY_LEAD,
	[CONTENT_PUBLICATION] = ENTRY_LEAD,
#undef ENTRY_LEAD
};

enum store_status
store_media_set_uses(struct store *s, enum content_kind k, int64_t item_id,
    const int64_t *body, size_t nbody, int64_t lead)
{
	const char *kind = store_content_kind_name(k);
	enum store_status ret;
	size_t i;

	if ((unsigned)k >= CONTENT_KINDS)
		return STORE_ERROR;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s, "DELETE FROM media_uses WHERE kind = ?1"
	    " AND item_id = ?2", "si", kind, item_id), "media uses");
	/* OR IGNORE: a body may show one item twice. */
	for (i = 0; i < nbody && ret == STORE_OK; i++)
		ret = db_run(s, db_query(s, "INSERT OR IGNORE INTO media_uses"
		    " (media_id, kind, item_id, role)"
		    " VALUES (?1, ?2, ?3, 'body')", "isi", body[i], kind,
		    item_id), "media uses");
	if (ret == STORE_OK && lead > 0)
		ret = db_run(s, db_query(s, "INSERT INTO media_uses"
		    " (media_id, kind, item_id, role)"
		    " VALUES (?1, ?2, ?3, 'lead')", "isi", lead, kind,
		    item_id), "media uses");
	if (ret == STORE_OK)
		ret = db_run_changed(s, db_query(s, lead_sql[k].set_lead, "ui",
		    lead, item_id), "media lead");
	return db_tx_end(s, ret);
}

enum store_status
store_media_lead(struct store *s, enum content_kind k, int64_t item_id,
    int64_t *lead)
{
	*lead = 0;
	if ((unsigned)k >= CONTENT_KINDS)
		return STORE_ERROR;
	return db_one_int(s, db_query(s, lead_sql[k].lead, "i", item_id),
	    lead, "store_media_lead");
}

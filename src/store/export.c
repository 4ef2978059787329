/* export.c: the lines of `waypoint export` read from the tables, each
 * statement's column names being the line's keys in their order. */
#include <string.h>

#include "store/db_internal.h"
#include "store/port.h"

/* The columns whose text is JSON, put in the line as the value it is. */
static bool
json_column(const char *name)
{
	return strcmp(name, "fields") == 0 || strcmp(name, "texts") == 0 ||
	    strcmp(name, "variants") == 0;
}

/* The current row of st as a line: NULL columns left out. NULL when out
 * of memory or a JSON column does not parse. */
static json_t *
row_line(sqlite3_stmt *st)
{
	json_t *o, *v;
	const char *name;
	int i, n = sqlite3_column_count(st);

	if ((o = json_object()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		name = sqlite3_column_name(st, i);
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_NULL:
			continue;
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		default:
			if (json_column(name))
				v = json_loads((const char *)
				    sqlite3_column_text(st, i), 0, NULL);
			else
				v = json_stringn((const char *)
				    sqlite3_column_text(st, i),
				    (size_t)sqlite3_column_bytes(st, i));
		}
		if (v == NULL || json_object_set_new(o, name, v) == -1) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Gives fn every row of sql (a literal) as a line. */
static enum store_status
each(struct store *s, const char *sql, port_line_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	json_t *line;
	int rc, stop;

	if ((st = db_query(s, sql, "")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((line = row_line(st)) == NULL) {
			db_done(st);
			return STORE_ERROR;
		}
		stop = fn(ctx, line);
		json_decref(line);
		if (stop != 0) {
			db_done(st);
			return STORE_ERROR;
		}
	}
	db_done(st);
	return db_status(s, rc, "store_export");
}

/* The columns an item of each kind shares, after its type and id. */
#define ITEM_HEAD \
	" group_id AS \"group\", lang, slug, title,"
#define ITEM_TAIL \
	" lead_media, source_id AS source, source_rev, text_rev, version," \
	" created_at, updated_at"
#define ENTRY_SQL(k) \
	"SELECT '" k "' AS type, id," ITEM_HEAD " pub_date, pub_time," \
	" summary, body_md, status, fields," ITEM_TAIL \
	" FROM entries WHERE kind = '" k "' ORDER BY id"

/* The statements, in the file's order of types (docs/import-export.md
 * gives each line's keys in this order). The texts and variants of a row
 * come in their primary key's order (language; format and width), the
 * order its index is read in. */
static const char *const export_sql[] = {
	/* The texts an admin writes; intro_html is made from intro_md. */
	"SELECT 'setting' AS type, lang, key, value FROM settings"
	" WHERE key IN ('site_name', 'tagline', 'intro_md')"
	" ORDER BY lang, key",
	"SELECT 'media' AS type, id, m.type AS file_type, hash, bytes, width,"
	" height, filename, title, credit, decorative, version, created_at,"
	" updated_at, (SELECT json_group_array(json_object('lang', lang,"
	" 'alt', alt, 'caption', caption)) FROM media_text t"
	" WHERE t.media_id = m.id) AS texts,"
	" (SELECT json_group_array(json_object('format', format, 'width',"
	" v.width, 'height', v.height, 'bytes', v.bytes))"
	" FROM media_variants v WHERE v.media_id = m.id) AS variants"
	" FROM media m ORDER BY id",
	"SELECT 'page' AS type, id," ITEM_HEAD " pub_date, pub_time,"
	" summary, body_md, status," ITEM_TAIL " FROM pages ORDER BY id",
	"SELECT 'news' AS type, id," ITEM_HEAD " dateline, pub_date,"
	" pub_time, summary, body_md, status," ITEM_TAIL
	" FROM news ORDER BY id",
	ENTRY_SQL("project"),
	ENTRY_SQL("event"),
	ENTRY_SQL("publication"),
	/* Parents first: an import maps a parent before its children. */
	"WITH RECURSIVE tree (id, depth) AS (SELECT id, 0 FROM menu_items"
	" WHERE parent_id IS NULL UNION ALL SELECT m.id, tree.depth + 1"
	" FROM menu_items m JOIN tree ON m.parent_id = tree.id)"
	" SELECT 'menu' AS type, m.id, m.parent_id AS parent, m.position,"
	" m.target, m.page_id AS page, m.url, m.lang, m.label,"
	" m.description, (SELECT json_group_array(json_object('lang', lang,"
	" 'label', t.label, 'description', t.description))"
	" FROM menu_texts t WHERE t.item_id = m.id) AS texts"
	" FROM tree JOIN menu_items m ON m.id = tree.id"
	" ORDER BY tree.depth, m.id",
	"SELECT 'redirect' AS type, kind, lang, old_slug, target_id AS target"
	" FROM redirects ORDER BY kind, lang, old_slug",
};

static const char revision_sql[] =
	"SELECT 'revision' AS type, id, kind, item_id AS item, version,"
	" username, created_at, data FROM revisions ORDER BY id";

enum store_status
store_export(struct store *s, bool revisions, port_line_fn fn, void *ctx)
{
	enum store_status ret = STORE_OK;
	size_t i;

	/* One snapshot: a save meanwhile is in all of the file or none. */
	if ((ret = db_status(s, sqlite3_exec(s->db, "BEGIN", NULL, NULL,
	    NULL), "export begin")) != STORE_OK)
		return ret;
	for (i = 0; i < sizeof(export_sql) / sizeof(export_sql[0]) &&
	    ret == STORE_OK; i++)
		ret = each(s, export_sql[i], fn, ctx);
	if (ret == STORE_OK && revisions)
		ret = each(s, revision_sql, fn, ctx);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return ret;
}

/* import.c: the writes of `waypoint import`: each line's row with the ids,
 * versions and times the file gives, inside one transaction, and the maps
 * from the file's ids to the rows'. */
#include <string.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/content_sql.h"
#include "store/db_internal.h"
#include "store/port.h"
#include "store/search.h"

static const struct {
	enum port_space	 items, groups;
} kind_spaces[] = {
	[CONTENT_NEWS] = { PORT_NEWS, PORT_NEWS_GROUP },
	[CONTENT_PAGE] = { PORT_PAGE, PORT_PAGE_GROUP },
	[CONTENT_PROJECT] = { PORT_PROJECT, PORT_PROJECT_GROUP },
	[CONTENT_EVENT] = { PORT_EVENT, PORT_EVENT_GROUP },
	[CONTENT_PUBLICATION] = { PORT_PUBLICATION, PORT_PUBLICATION_GROUP },
};

enum port_space
store_port_space(enum content_kind k)
{
	return kind_spaces[k].items;
}

enum port_space
store_port_group_space(enum content_kind k)
{
	return kind_spaces[k].groups;
}

/* 32 MiB of page cache (negative: KiB) while an import runs, so that
 * its memory does not grow with the file: the rows it writes are appended
 * in order and seldom read again, so a larger cache bought no time (50,000
 * releases: 32.5 s with 256 MiB, 32.8 s with 32 MiB) but held 240 MiB
 * more. The maps (TEMP tables) stay in memory rather than in a file of
 * their own. */
#define IMPORT_CACHE \
	"PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY"

/*
 * An import runs in WAL, as every other write: a server's readers go on
 * answering from what was there while it writes, whether or not they had
 * the database open when it began. (A rollback journal wrote the bench's
 * 110,000 lines in 33 s rather than 43, but its writer locks readers out
 * once its cache spills: a server that had not opened the database yet,
 * an idle one, answered 503 until the import ended.)
 */
enum store_status
store_import_begin(struct store *s)
{
	enum store_status ret;

	/* Foreign keys off, as a migration has them (db.c): changing a
	 * row's id to the file's would otherwise look for the rows naming
	 * the old one in tables where that column has no index, once for
	 * each row. They are checked before the commit instead. The pragma
	 * is a no-op inside a transaction, so it comes first. */
	if ((ret = db_status(s, sqlite3_exec(s->db, "PRAGMA foreign_keys ="
	    " OFF; " IMPORT_CACHE, NULL, NULL, NULL), "import begin")) !=
	    STORE_OK || (ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	/* TEMP: the maps live with this connection only, and go with a
	 * rollback. */
	ret = db_run(s, db_query(s, "CREATE TEMP TABLE IF NOT EXISTS"
	    " import_map (space INTEGER, old INTEGER, new INTEGER,"
	    " PRIMARY KEY (space, old)) WITHOUT ROWID", ""), "import map");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "CREATE TEMP TABLE IF NOT EXISTS"
		    " import_slugs (kind TEXT, lang TEXT, slug TEXT,"
		    " line INTEGER, PRIMARY KEY (kind, lang, slug))"
		    " WITHOUT ROWID", ""), "import slugs");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "CREATE TEMP TABLE IF NOT EXISTS"
		    " import_index (kind INTEGER, id INTEGER,"
		    " PRIMARY KEY (kind, id)) WITHOUT ROWID", ""),
		    "import index");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "CREATE TEMP TABLE IF NOT EXISTS"
		    " import_sources (line INTEGER PRIMARY KEY, kind INTEGER,"
		    " row INTEGER, old INTEGER)", ""), "import sources");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM import_sources", ""),
		    "import sources");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM import_map", ""),
		    "import map");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM import_index", ""),
		    "import index");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM import_slugs", ""),
		    "import slugs");
	/* No merging of the index's segments while the batches come in:
	 * store_import_end merges them all at once. */
	if (ret == STORE_OK)
		ret = search_bulk_begin(s);
	if (ret != STORE_OK)
		store_tx_rollback(s);
	return ret;
}

/*
 * Each statement that may abort half-way (an insert into a table with
 * triggers) opens a statement savepoint, and FTS5 writes its pending words
 * to disk as a new segment at every savepoint: indexed row by row, 100,000
 * releases made 100,000 tiny segments and their merges (a third of the
 * import's time). Indexed a batch at a time, with nothing but the index
 * written meanwhile, FTS5 gathers the words of many rows before it writes
 * a segment; and the batch's rows are still in the page cache, where
 * reading them all at the end missed it for each (and, with the whole
 * import in the WAL, searched its hash tables for every page).
 */
enum store_status
store_import_index(struct store *s)
{
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int rc = SQLITE_DONE;

	if ((st = db_query(s, "SELECT k, id FROM (SELECT kind AS k, id,"
	    " CASE kind WHEN 0 THEN (SELECT published_at FROM news n WHERE"
	    " n.id = i.id) WHEN 1 THEN (SELECT " SEARCH_PAGE_TIME
	    " FROM pages p WHERE p.id = i.id) ELSE (SELECT"
	    " published_at FROM entries e WHERE e.id = i.id) END AS t FROM"
	    " import_index i) ORDER BY " SEARCH_ROWID_ORDER, "")) == NULL)
		return STORE_ERROR;
	while (ret == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ret = search_sync(s, (enum content_kind)sqlite3_column_int(st,
		    0), sqlite3_column_int64(st, 1));
	if (ret == STORE_OK && rc != SQLITE_DONE)
		ret = db_status(s, rc, "import index");
	db_done(st);
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM import_index", ""),
		    "import index");
	return ret;
}

enum store_status
store_import_end(struct store *s, bool commit, bool *broken)
{
	enum store_status ret = STORE_OK;
	int64_t row;

	*broken = false;
	if (commit)
		ret = store_import_index(s);
	if (commit && ret == STORE_OK)
		ret = search_bulk_end(s);
	if (commit && ret == STORE_OK) {
		ret = db_one_int(s, db_query(s, "PRAGMA foreign_key_check",
		    ""), &row, "import foreign keys");
		*broken = ret == STORE_OK;
		ret = ret == STORE_NOTFOUND ? STORE_OK : ret;
	}
	if (commit && ret == STORE_OK && !*broken)
		ret = db_tx_end(s, STORE_OK);
	else {
		store_tx_rollback(s);
		/* The rollback ends the bulk fill with the rest. */
		s->search_bulk = false;
	}
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) != SQLITE_OK && ret == STORE_OK)
		ret = STORE_ERROR;
	return ret;
}

enum store_status
store_import_mapped(struct store *s, enum port_space space, int64_t old,
    int64_t *id)
{
	return db_one_int(s, db_query(s, "SELECT new FROM import_map"
	    " WHERE space = ?1 AND old = ?2", "ii", (int64_t)space, old), id,
	    "import mapped");
}

enum store_status
store_import_map(struct store *s, enum port_space space, int64_t old,
    int64_t id)
{
	return db_run(s, db_query(s, "INSERT OR REPLACE INTO import_map"
	    " (space, old, new) VALUES (?1, ?2, ?3)", "iii", (int64_t)space,
	    old, id), "import map");
}

/* Whether a row has id (?1) in each space; a group is taken by a row in
 * it or a row whose id it is (a new row's group is its own id). */
/* Groups and ids are the table's, whatever the kind. */
#define ENTRY_GROUP_EXISTS "SELECT EXISTS (SELECT 1 FROM entries" \
	" WHERE group_id = ?1) OR EXISTS (SELECT 1 FROM entries WHERE id = ?1)"

static const char *const exists_sql[PORT_SPACE_COUNT] = {
	[PORT_MEDIA] = "SELECT count(*) FROM media WHERE id = ?1",
	[PORT_NEWS] = "SELECT count(*) FROM news WHERE id = ?1",
	[PORT_PAGE] = "SELECT count(*) FROM pages WHERE id = ?1",
	[PORT_PROJECT] = "SELECT count(*) FROM entries WHERE id = ?1"
	    " AND kind = 'project'",
	[PORT_EVENT] = "SELECT count(*) FROM entries WHERE id = ?1"
	    " AND kind = 'event'",
	[PORT_PUBLICATION] = "SELECT count(*) FROM entries WHERE id = ?1"
	    " AND kind = 'publication'",
	[PORT_MENU] = "SELECT count(*) FROM menu_items WHERE id = ?1",
	[PORT_NEWS_GROUP] = "SELECT EXISTS (SELECT 1 FROM news"
	    " WHERE group_id = ?1) OR EXISTS (SELECT 1 FROM news"
	    " WHERE id = ?1)",
	[PORT_PAGE_GROUP] = "SELECT EXISTS (SELECT 1 FROM pages"
	    " WHERE group_id = ?1) OR EXISTS (SELECT 1 FROM pages"
	    " WHERE id = ?1)",
	[PORT_PROJECT_GROUP] = ENTRY_GROUP_EXISTS,
	[PORT_EVENT_GROUP] = ENTRY_GROUP_EXISTS,
	[PORT_PUBLICATION_GROUP] = ENTRY_GROUP_EXISTS,
};

enum store_status
store_import_exists(struct store *s, enum port_space space, int64_t id,
    bool *exists)
{
	enum store_status ret;
	int64_t n = 0;

	*exists = false;
	if ((unsigned)space >= PORT_SPACE_COUNT)
		return STORE_ERROR;
	ret = db_one_int(s, db_query(s, exists_sql[space], "i", id), &n,
	    "import exists");
	*exists = n > 0;
	return ret;
}

enum store_status
store_import_claim(struct store *s, const char *kind, const char *lang,
    const char *slug, int64_t line, int64_t *first)
{
	enum store_status ret;

	*first = 0;
	ret = db_one_int(s, db_query(s, "SELECT line FROM import_slugs"
	    " WHERE kind = ?1 AND lang = ?2 AND slug = ?3", "sss", kind, lang,
	    slug), first, "import claim");
	if (ret != STORE_NOTFOUND)
		return ret;
	*first = 0;
	return db_run(s, db_query(s, "INSERT INTO import_slugs (kind, lang,"
	    " slug, line) VALUES (?1, ?2, ?3, ?4)", "sssi", kind, lang, slug,
	    line), "import claim");
}

/* What the save's statements leave to the file: its version, times,
 * revision counters and source (?1 the row; an update keeps a row's
 * source, an import replaces every field), written only when one
 * differs, as the UPDATE would otherwise fire the row's triggers (cache
 * scopes, site generation) for nothing. */
#define FIXUP(t) \
	"UPDATE " t " SET version = ?2, created_at = ?3, updated_at = ?4," \
	" source_rev = ?5, text_rev = ?6, updated_by = NULL," \
	" source_id = nullif(?7, 0) WHERE id = ?1 AND (version, created_at," \
	" updated_at, source_rev, text_rev, updated_by, source_id) IS NOT" \
	" (?2, ?3, ?4, ?5, ?6, NULL, nullif(?7, 0))"

static const char *const fixup_sql[] = {
	[CONTENT_NEWS] = FIXUP("news"),
	[CONTENT_PAGE] = FIXUP("pages"),
	[CONTENT_PROJECT] = FIXUP("entries"),
};

/* The statements of fixup_sql for kind k (entries share theirs). */
static size_t
fixup(enum content_kind k)
{
	return k == CONTENT_NEWS || k == CONTENT_PAGE ? k : CONTENT_PROJECT;
}

enum store_status
store_import_source_later(struct store *s, enum content_kind k, int64_t row,
    int64_t old, int64_t line)
{
	return db_run(s, db_query(s, "INSERT INTO import_sources (line, kind,"
	    " row, old) VALUES (?1, ?2, ?3, ?4)", "iiii", line, (int64_t)k,
	    row, old), "import source later");
}

enum store_status
store_import_same_group(struct store *s, enum content_kind k, int64_t a,
    int64_t b, bool *same)
{
	static const char *const group_sql[] = {
		[CONTENT_NEWS] = "SELECT (SELECT group_id FROM news"
		    " WHERE id = ?1) IS (SELECT group_id FROM news"
		    " WHERE id = ?2)",
		[CONTENT_PAGE] = "SELECT (SELECT group_id FROM pages"
		    " WHERE id = ?1) IS (SELECT group_id FROM pages"
		    " WHERE id = ?2)",
		[CONTENT_PROJECT] = "SELECT (SELECT group_id FROM entries"
		    " WHERE id = ?1) IS (SELECT group_id FROM entries"
		    " WHERE id = ?2)",
	};
	enum store_status ret;
	int64_t v = 0;

	ret = db_one_int(s, db_query(s, group_sql[fixup(k)], "ii", a, b), &v,
	    "import source group");
	*same = v != 0;
	return ret;
}

enum store_status
store_import_sources(struct store *s, struct import_source_fault *fault)
{
	static const char *const set_sql[] = {
		[CONTENT_NEWS] = "UPDATE news SET source_id = ?2 WHERE id = ?1",
		[CONTENT_PAGE] = "UPDATE pages SET source_id = ?2"
		    " WHERE id = ?1",
		[CONTENT_PROJECT] = "UPDATE entries SET source_id = ?2"
		    " WHERE id = ?1",
	};
	static const char *const back_sql[] = {
		[CONTENT_NEWS] = "SELECT count(*) FROM news"
		    " WHERE id = ?1 AND source_id = ?2",
		[CONTENT_PAGE] = "SELECT count(*) FROM pages"
		    " WHERE id = ?1 AND source_id = ?2",
		[CONTENT_PROJECT] = "SELECT count(*) FROM entries"
		    " WHERE id = ?1 AND source_id = ?2",
	};
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int64_t k, row, id, back = 0;
	bool exists, same = true, bad = false;
	int rc;

	memset(fault, 0, sizeof(*fault));
	if ((st = db_query(s, "SELECT line, kind, row, old"
	    " FROM import_sources ORDER BY line", "")) == NULL)
		return STORE_ERROR;
	while (ret == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fault->line = sqlite3_column_int64(st, 0);
		k = sqlite3_column_int64(st, 1);
		row = sqlite3_column_int64(st, 2);
		fault->old = sqlite3_column_int64(st, 3);
		if (k < 0 || k >= CONTENT_KINDS) {
			log_error("import sources: kind %lld", (long long)k);
			ret = STORE_ERROR;
			break;
		}
		fault->kind = (enum content_kind)k;
		/* A line's number, else the database's row of it. */
		ret = store_import_mapped(s, store_port_space(fault->kind),
		    fault->old, &id);
		if (ret == STORE_NOTFOUND && (ret = store_import_exists(s,
		    store_port_space(fault->kind), fault->old, &exists)) ==
		    STORE_OK) {
			if (exists)
				id = fault->old;
			else
				ret = STORE_NOTFOUND;
		}
		/* Two versions each other's source: a loop no history
		 * page could follow. */
		if (ret == STORE_OK)
			ret = db_one_int(s, db_query(s, back_sql[fixup(
			    fault->kind)], "ii", id, row), &back,
			    "import source");
		if (ret == STORE_OK && back == 0)
			ret = store_import_same_group(s, fault->kind, row, id,
			    &same);
		if (ret == STORE_OK && (back > 0 || !same)) {
			fault->why = back > 0 ? SOURCE_LOOP :
			    SOURCE_OTHER_GROUP;
			bad = true;
			break;
		}
		if (ret == STORE_OK)
			ret = db_run(s, db_query(s, set_sql[fixup(
			    fault->kind)], "ii", row, id), "import source");
	}
	if (ret == STORE_OK && !bad && rc != SQLITE_DONE)
		ret = db_status(s, rc, "import sources");
	db_done(st);
	if (ret == STORE_NOTFOUND)
		fault->why = SOURCE_MISSING;
	else if (ret == STORE_OK && !bad)
		memset(fault, 0, sizeof(*fault));
	return ret;
}

/* Whether c's id is not one its row may keep (see store_import_content)
 * into *taken. */
static enum store_status
id_taken(struct store *s, const struct content *c, bool *taken)
{
	/* Ids are the table's, whatever the entry's kind. */
	static const char *const row_sql[] = {
		[CONTENT_NEWS] = "SELECT count(*) FROM news WHERE id = ?1",
		[CONTENT_PAGE] = "SELECT count(*) FROM pages WHERE id = ?1",
		[CONTENT_PROJECT] = "SELECT count(*) FROM entries WHERE id = ?1",
	};
	enum store_status ret;
	int64_t n = 0;

	ret = db_one_int(s, db_query(s, row_sql[fixup(c->kind)], "i", c->id),
	    &n, "import id");
	if (ret != STORE_OK || n > 0) {
		*taken = n > 0;
		return ret;
	}
	if (c->group_id == c->id) {
		*taken = false;
		return STORE_OK;
	}
	return store_import_exists(s, store_port_group_space(c->kind), c->id,
	    taken);
}

/* Runs the kind's insert (insert true) or update of c as row id. */
static enum store_status
write_row(struct store *s, const struct content *c, bool insert, int64_t id,
    int64_t version, int64_t *rowid)
{
	const struct kind_sql *k = kind_sql(c->kind);
	sqlite3_stmt *st;
	enum store_status ret;

	/* As content.c's write_row: a page has no ?4, an update no ?16 and
	 * ?17 unless the kind has fields (?18). updated_by (?13) is none:
	 * accounts are not in the file. */
	st = db_query(s, insert ? k->insert : k->update,
	    k->fields ? "ssssssssssiiuiiius" : insert ? "ssssssssssiiuiiiu" :
	    "ssssssssssiiuii", c->lang, c->slug, c->title, c->dateline,
	    c->pub_date, c->pub_time, c->summary, c->body_md, c->body_html,
	    store_content_status_name(c->status), (int64_t)c->published_at,
	    (int64_t)c->updated_at, (int64_t)0, id, version, c->group_id,
	    c->source_id, c->fields != NULL ? c->fields : "{}");
	if (st == NULL)
		return STORE_ERROR;
	ret = db_run_changed(s, st, insert ? "import insert" :
	    "import update");
	*rowid = insert ? sqlite3_last_insert_rowid(s->db) : id;
	return ret;
}

enum store_status
store_import_content(struct store *s, const struct content *given,
    time_t now_t, enum port_outcome *outcome, int64_t *id, int64_t *group)
{
	const struct kind_sql *k = kind_sql(given->kind);
	struct content now, w = *given, *c = &w;
	struct arena *a;
	enum store_status ret;
	int64_t owner, row;
	bool taken = false;

	*id = *group = 0;
	now.created_at = now.updated_at = now_t;
	*outcome = PORT_INSERTED;
	ret = db_one_int(s, db_query(s, k->slug_owner, "tt", c->lang,
	    c->slug), &owner, "import slug");
	/* A negative owner is the other kind sharing the addresses (a
	 * page's slug and a project's). */
	if (ret == STORE_OK && owner < 0) {
		*outcome = PORT_SLUG_TAKEN;
		return STORE_OK;
	}
	if (ret == STORE_OK) {
		/* The row as it is: its version (the update's check) and
		 * group. */
		if ((a = arena_new()) == NULL)
			return STORE_ERROR;
		ret = store_content_get(s, a, c->kind, owner, &now);
		arena_free(a);
		if (ret != STORE_OK)
			return ret;
		/* Times the file left out are the item's own. */
		if (c->created_at == 0)
			c->created_at = now.created_at;
		if (c->updated_at == 0)
			c->updated_at = now.updated_at;
		*outcome = PORT_UPDATED;
		*group = now.group_id;
		ret = write_row(s, c, false, owner, now.version, &row);
	} else if (ret == STORE_OK || ret == STORE_NOTFOUND) {
		if (c->group_id != 0 && (ret = db_one_int(s, db_query(s,
		    k->lang_owner, "isi", c->group_id, c->lang, (int64_t)0),
		    &owner, "import lang")) != STORE_NOTFOUND) {
			if (ret == STORE_OK)
				*outcome = PORT_LANG_TAKEN;
			return ret;
		}
		/* The row is inserted with the id it keeps, so that what
		 * its insert triggers derive from the id (a release's
		 * listing, a project's donors, a new group's number) is
		 * right from the start. An id that numbers a group of the
		 * table is taken too, though no row has it (a new group
		 * would take that number and join it), unless that group is
		 * the one the row joins: its first version, after a
		 * translation with a lower id. */
		if (c->id > 0 && (ret = id_taken(s, c, &taken)) != STORE_OK)
			return ret;
		if (c->created_at == 0)
			c->created_at = now.created_at;
		if (c->updated_at == 0)
			c->updated_at = now.updated_at;
		ret = write_row(s, c, true, c->id > 0 && !taken ? c->id : 0,
		    0, &row);
	}
	if (ret != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s, fixup_sql[fixup(c->kind)], "iiiiiii",
	    row, c->version, (int64_t)c->created_at, (int64_t)c->updated_at,
	    c->source_rev, c->text_rev, c->source_id), "import fixup");
	if (ret == STORE_OK)
		ret = db_one_int(s, db_query(s, k->source, "i", row), group,
		    "import group");
	/* Indexed with its batch (store_import_index). */
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "INSERT OR IGNORE INTO import_index"
		    " (kind, id) VALUES (?1, ?2)", "ii", (int64_t)c->kind, row),
		    "import index");
	*id = row;
	return ret;
}

enum store_status
store_import_setting(struct store *s, const char *lang, const char *key,
    const char *value, const char *html)
{
	enum store_status ret;

	ret = db_run(s, db_query(s, "INSERT INTO settings (lang, key, value)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (lang, key) DO UPDATE"
	    " SET value = excluded.value WHERE value IS NOT excluded.value",
	    "sss", lang, key, value), "import setting");
	if (ret == STORE_OK && html != NULL)
		ret = store_import_setting(s, lang, "intro_html", html, NULL);
	return ret;
}

/* The variants and texts of media row id as m gives them. */
static enum store_status
media_parts(struct store *s, const struct media_item *m, int64_t id)
{
	enum store_status ret;
	size_t i;

	ret = db_run(s, db_query(s, "DELETE FROM media_variants"
	    " WHERE media_id = ?1", "i", id), "import media");
	for (i = 0; i < m->nvariants && ret == STORE_OK; i++)
		ret = db_run(s, db_query(s, "INSERT INTO media_variants"
		    " (media_id, format, width, height, bytes)"
		    " VALUES (?1, ?2, ?3, ?4, ?5)", "isiii", id,
		    m->variants[i].format, (int64_t)m->variants[i].width,
		    (int64_t)m->variants[i].height, m->variants[i].bytes),
		    "import media");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM media_text"
		    " WHERE media_id = ?1", "i", id), "import media");
	for (i = 0; i < m->ntexts && ret == STORE_OK; i++)
		ret = db_run(s, db_query(s, "INSERT INTO media_text"
		    " (media_id, lang, alt, caption) VALUES (?1, ?2, ?3, ?4)",
		    "isss", id, m->texts[i].lang, m->texts[i].alt,
		    m->texts[i].caption), "import media");
	return ret;
}

enum store_status
store_import_media(struct store *s, const struct media_item *m,
    const char *type, time_t now, int64_t *id)
{
	enum store_status ret;
	bool taken = false;

	*id = 0;
	ret = db_one_int(s, db_query(s, "SELECT min(id) FROM media"
	    " WHERE hash = ?1 HAVING count(*) > 0", "s", m->hash), id,
	    "import media");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "UPDATE media SET filename = ?2,"
		    " title = ?3, credit = ?4, decorative = ?5, version = ?6,"
		    " created_at = coalesce(nullif(?7, 0), created_at),"
		    " updated_at = coalesce(nullif(?8, 0), updated_at)"
		    " WHERE id = ?1",
		    "isssiiii", *id, m->filename, m->title, m->credit,
		    (int64_t)m->decorative, m->version, (int64_t)m->created_at,
		    (int64_t)m->updated_at), "import media");
	else if (ret == STORE_NOTFOUND) {
		if (m->id > 0 && (ret = store_import_exists(s, PORT_MEDIA,
		    m->id, &taken)) != STORE_OK)
			return ret;
		ret = db_one_int(s, db_query(s, "INSERT INTO media (id, type,"
		    " hash, bytes, width, height, filename, title, credit,"
		    " decorative, version, created_at, updated_at)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
		    " coalesce(nullif(?12, 0), ?14), coalesce(nullif(?13, 0),"
		    " ?14)) RETURNING id", "ussiiisssiiiii",
		    taken ? (int64_t)0 : m->id, type,
		    m->hash, m->bytes, (int64_t)m->width, (int64_t)m->height,
		    m->filename, m->title, m->credit, (int64_t)m->decorative,
		    m->version, (int64_t)m->created_at, (int64_t)m->updated_at,
		    (int64_t)now), id, "import media");
	}
	return ret == STORE_OK ? media_parts(s, m, *id) : ret;
}

enum store_status
store_import_menu_clear(struct store *s)
{
	enum store_status ret;

	/* Foreign keys are off: no cascade takes the texts. */
	ret = db_run(s, db_query(s, "DELETE FROM menu_texts", ""),
	    "import menu");
	return ret == STORE_OK ? db_run(s, db_query(s,
	    "DELETE FROM menu_items", ""), "import menu") : ret;
}

enum store_status
store_import_menu(struct store *s, const struct port_menu_item *m,
    int64_t *id)
{
	enum store_status ret;
	bool taken = false;
	size_t i;

	if (m->id > 0 && (ret = store_import_exists(s, PORT_MENU, m->id,
	    &taken)) != STORE_OK)
		return ret;
	ret = db_one_int(s, db_query(s, "INSERT INTO menu_items (id, lang,"
	    " parent_id, position, label, description, target, page_id, url)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	    "usuisssut", taken ? (int64_t)0 : m->id, m->lang, m->parent_id,
	    m->position, m->label, m->description, m->target, m->page_id,
	    m->url), id, "import menu");
	for (i = 0; i < m->ntexts && ret == STORE_OK; i++)
		ret = db_run(s, db_query(s, "INSERT INTO menu_texts (item_id,"
		    " lang, label, description) VALUES (?1, ?2, ?3, ?4)",
		    "isss", *id, m->texts[i].lang, m->texts[i].label,
		    m->texts[i].description), "import menu");
	return ret;
}

enum store_status
store_import_redirect(struct store *s, const char *lang, const char *kind,
    const char *old_slug, int64_t target)
{
	return db_run(s, db_query(s, "INSERT OR REPLACE INTO redirects (lang,"
	    " kind, old_slug, target_id) VALUES (?1, ?2, ?3, ?4)", "sssi",
	    lang, kind, old_slug, target), "import redirect");
}

enum store_status
store_import_revision(struct store *s, enum content_kind k,
    const struct revision *r, time_t now)
{
	int64_t taken = 0;
	enum store_status ret;

	if (r->id > 0 && (ret = db_one_int(s, db_query(s, "SELECT count(*)"
	    " FROM revisions WHERE id = ?1", "i", r->id), &taken,
	    "import revision")) != STORE_OK)
		return ret;
	/* One the item has already (the same file imported again) is not
	 * added twice; without a time (0), at any time. */
	return db_run(s, db_query(s, "INSERT INTO revisions (id, kind,"
	    " item_id, version, data, username, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, coalesce(nullif(?7, 0), ?8)"
	    " WHERE NOT EXISTS (SELECT 1 FROM revisions WHERE kind = ?2"
	    " AND item_id = ?3 AND version = ?4 AND data = ?5"
	    " AND username = ?6 AND (?7 = 0 OR created_at = ?7))",
	    "usiissii", taken > 0 ? (int64_t)0 : r->id,
	    store_content_kind_name(k), r->item_id, r->version, r->data,
	    r->username, (int64_t)r->created_at, (int64_t)now),
	    "import revision");
}

/* search_sync.c: keeping search_index in step with releases and pages: one
 * item at each write, all of them at a rebuild, and the check of both. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"
#include "store/db_internal.h"
#include "store/search.h"

/* The indexed columns, in the table's order. */
enum { COL_TITLE, COL_SUMMARY, COL_BODY, COL_DATELINE, COL_FACETS,
    COL_COUNT };

static const char *const col_names[COL_COUNT] = {
	"title", "summary", "body", "dateline", "facets",
};

/* What an item is indexed with. */
struct indexed {
	struct buf	 col[COL_COUNT];
	char		 lang[32];
	int64_t		 rid;		/* its rowid (search_rowid) */
};

/* An entry of kind k, its dateline the field dl of its fields: a
 * project's coverage, an event's place, where a reader looks for one. */
#define ENTRY_SQL(k, dl) "SELECT lang, title, summary," \
	    " coalesce(body_html, ''), " dl ", substr(pub_date, 1, 4)," \
	    " published_at FROM entries WHERE id = ?1 AND kind = '" k "'" \
	    " AND status = 'published'"
/* json_valid first: json_extract() raises "malformed JSON" on fields
 * written by hand, which would fail the publish or unpublish of the row;
 * such a row is indexed without the field. */
#define ENTRY_FIELD(f)	"coalesce(CASE WHEN json_valid(fields) THEN" \
			" json_extract(fields, '$." f "') END, '')"

/* The item's language, title, summary, body (HTML), dateline, year and
 * the time the index places it by when it is published, by
 * content_kind. */
static const char *const item_sql[] = {
	[CONTENT_NEWS] = "SELECT lang, title, summary, coalesce(body_html,"
	    " ''), dateline, substr(pub_date, 1, 4), published_at FROM news"
	    " WHERE id = ?1 AND status = 'published'",
	[CONTENT_PAGE] = "SELECT lang, title, summary, coalesce(body_html,"
	    " ''), '', substr(pub_date, 1, 4), " SEARCH_PAGE_TIME " FROM pages"
	    " WHERE id = ?1 AND status = 'published'",
	[CONTENT_PROJECT] = ENTRY_SQL("project", ENTRY_FIELD("coverage")),
	[CONTENT_EVENT] = ENTRY_SQL("event", ENTRY_FIELD("place")),
	[CONTENT_PUBLICATION] = ENTRY_SQL("publication", "''"),
};

static void
indexed_free(struct indexed *x)
{
	size_t i;

	for (i = 0; i < COL_COUNT; i++)
		buf_free(&x->col[i]);
}

static const char *
column(sqlite3_stmt *st, int i)
{
	const unsigned char *p = sqlite3_column_text(st, i);

	return p != NULL ? (const char *)p : "";
}

/* The text item id of kind is indexed with, and its rowid, into *x
 * (freed by the caller, found or not); STORE_NOTFOUND when it is not
 * published. */
static enum store_status
item_text(struct store *s, enum content_kind k, int64_t id,
    struct indexed *x)
{
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	const char *lang;
	int rc;

	memset(x, 0, sizeof(*x));
	if ((unsigned)k >= sizeof(item_sql) / sizeof(item_sql[0]) ||
	    (st = db_query(s, item_sql[k], "i", id)) == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lang = column(st, 0);
		/* A code is 2 to 35 bytes at most (config.c): a longer one,
		 * put there by hand, is indexed without stems. */
		if (strlen(lang) < sizeof(x->lang))
			strcpy(x->lang, lang);
		x->rid = search_rowid(k, id, sqlite3_column_int64(st, 6));
		if (search_text_plain(&x->col[COL_TITLE], x->lang,
		    column(st, 1)) == -1 ||
		    search_text_plain(&x->col[COL_SUMMARY], x->lang,
		    column(st, 2)) == -1 ||
		    search_text_html(&x->col[COL_BODY], x->lang,
		    column(st, 3)) == -1 ||
		    search_text_plain(&x->col[COL_DATELINE], x->lang,
		    column(st, 4)) == -1 ||
		    search_facets(&x->col[COL_FACETS],
		    store_content_kind_name(k), column(st, 5)) == -1)
			ret = STORE_ERROR;
	} else if (rc == SQLITE_DONE)
		ret = STORE_NOTFOUND;
	else
		ret = db_status(s, rc, "search item");
	db_done(st);
	return ret;
}

/* Takes item id of kind out of the index when search_rows has a row of
 * it other than keep (0: any), with that row. */
static enum store_status
drop_old(struct store *s, enum content_kind k, int64_t id, int64_t keep)
{
	enum store_status ret;
	int64_t old;

	ret = db_one_int(s, db_query(s, "SELECT rid FROM search_rows WHERE"
	    " kind = ?1 AND item_id = ?2", "ii", (int64_t)k, id), &old,
	    "search row");
	if (ret == STORE_NOTFOUND || (ret == STORE_OK && old == keep))
		return STORE_OK;
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "DELETE FROM search_index WHERE"
		    " rowid = ?1", "i", old), "search sync");
	if (ret == STORE_OK && keep == 0)
		ret = db_run(s, db_query(s, "DELETE FROM search_rows WHERE"
		    " kind = ?1 AND item_id = ?2", "ii", (int64_t)k, id),
		    "search sync");
	return ret;
}

enum store_status
search_sync(struct store *s, enum content_kind k, int64_t id)
{
	struct indexed x;
	enum store_status ret;

	ret = item_text(s, k, id, &x);
	if (ret == STORE_NOTFOUND)
		ret = drop_old(s, k, id, 0);
	else if (ret == STORE_OK &&
	    (ret = drop_old(s, k, id, x.rid)) == STORE_OK &&
	    /* FTS5 takes OR REPLACE on the rowid: the old row's words
	     * leave the index with it. */
	    (ret = db_run(s, db_query(s, "INSERT OR REPLACE INTO search_index"
	    " (rowid, title, summary, body, dateline, facets, kind, item_id,"
	    " lang) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	    "issssssis", x.rid, x.col[COL_TITLE].data,
	    x.col[COL_SUMMARY].data, x.col[COL_BODY].data,
	    x.col[COL_DATELINE].data, x.col[COL_FACETS].data,
	    store_content_kind_name(k), id, x.lang), "search sync")) ==
	    STORE_OK)
		ret = db_run(s, db_query(s, "INSERT OR REPLACE INTO search_rows"
		    " (kind, item_id, rid) VALUES (?1, ?2, ?3)", "iii",
		    (int64_t)k, id, x.rid), "search sync");
	indexed_free(&x);
	return ret;
}

/* Calls fn for every published item, by kind and id, in the index's
 * rowid order. */
static enum store_status
each_published(struct store *s,
    enum store_status (*fn)(struct store *, enum content_kind, int64_t,
    void *), void *arg)
{
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int rc;

	_Static_assert(CONTENT_NEWS == 0 && CONTENT_PAGE == 1 &&
	    CONTENT_PROJECT == 2 && CONTENT_EVENT == 3 &&
	    CONTENT_PUBLICATION == 4,
	    "the kinds' numbers in search_index rowids");
	if ((st = db_query(s, "SELECT k, id FROM (SELECT 0 AS k, id,"
	    " published_at AS t FROM news WHERE status = 'published' UNION"
	    " ALL SELECT 1, id, " SEARCH_PAGE_TIME " FROM pages"
	    " WHERE status = 'published' UNION ALL SELECT CASE kind WHEN"
	    " 'project' THEN 2 WHEN 'event' THEN 3 ELSE 4 END, id,"
	    " published_at FROM entries WHERE status = 'published')"
	    " ORDER BY " SEARCH_ROWID_ORDER, "")) == NULL)
		return STORE_ERROR;
	while (ret == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ret = fn(s, (enum content_kind)sqlite3_column_int(st, 0),
		    sqlite3_column_int64(st, 1), arg);
	if (ret == STORE_OK && rc != SQLITE_DONE)
		ret = db_status(s, rc, "search items");
	db_done(st);
	return ret;
}

static enum store_status
sync_one(struct store *s, enum content_kind k, int64_t id, void *arg)
{
	(void)arg;
	return search_sync(s, k, id);
}

/* search_index as 007.sql makes it; a migration that changes it changes
 * this too. Not read back from sqlite_schema: that would run whatever
 * SQL a doctored file put there. */
#define SEARCH_INDEX_SQL \
	"CREATE VIRTUAL TABLE search_index USING fts5 (title, summary," \
	" body, dateline, facets, kind UNINDEXED, item_id UNINDEXED," \
	" lang UNINDEXED, tokenize = 'waypoint')"

/* Drops search_index and makes it again: a DELETE would have FTS5 take
 * each row's words out of the index as its stored text gives them, which
 * leaves words behind in an index that no longer matches that text. */
static enum store_status
recreate(struct store *s)
{
	int rc;

	if ((rc = sqlite3_exec(s->db, "DROP TABLE search_index;"
	    " DELETE FROM search_rows", NULL, NULL, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_exec(s->db, SEARCH_INDEX_SQL, NULL, NULL, NULL)) !=
	    SQLITE_OK)
		return db_status(s, rc, "search recreate");
	return STORE_OK;
}

enum store_status
search_bulk_begin(struct store *s)
{
	s->search_bulk = true;
	return db_status(s, sqlite3_exec(s->db, "INSERT INTO"
	    " search_index(search_index, rank) VALUES ('automerge', 0)",
	    NULL, NULL, NULL), "search bulk begin");
}

/* FTS5 looks a word up in every segment, once for the matches and again
 * for each hit's snippet, and a bulk fill leaves many (10 at 100,000
 * releases, where a common word's search then took 6.4 ms rather than
 * 2.4). Merging them cost 4.5 s there. */
enum store_status
search_bulk_end(struct store *s)
{
	s->search_bulk = false;
	return db_status(s, sqlite3_exec(s->db, "INSERT INTO"
	    " search_index(search_index) VALUES ('optimize');"
	    " INSERT INTO search_index(search_index, rank)"
	    " VALUES ('automerge', 4)", NULL, NULL, NULL), "search bulk end");
}

enum store_status
search_rebuild(struct store *s)
{
	enum store_status ret;

	if ((ret = recreate(s)) != STORE_OK ||
	    (ret = search_bulk_begin(s)) != STORE_OK ||
	    (ret = each_published(s, sync_one, NULL)) != STORE_OK)
		return ret;
	return search_bulk_end(s);
}

/* Where differences are told (NULL: nowhere), and how many. */
struct report {
	FILE		*out;
	int		 problems;
};

static void
differs(struct report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
differs(struct report *r, const char *fmt, ...)
{
	va_list ap;

	r->problems++;
	if (r->out == NULL)
		return;
	fputs("search index: ", r->out);
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
	fputc('\n', r->out);
}

/* Compares the index row of one published item with its text. */
static enum store_status
check_one(struct store *s, enum content_kind k, int64_t id, void *arg)
{
	struct report *r = arg;
	struct indexed x;
	sqlite3_stmt *st;
	enum store_status ret;
	const char *kind = store_content_kind_name(k), *v;
	int i, rc;

	if ((ret = item_text(s, k, id, &x)) != STORE_OK) {
		indexed_free(&x);
		return ret;
	}
	if ((st = db_query(s, "SELECT title, summary, body, dateline, facets,"
	    " kind, item_id, lang FROM search_index WHERE rowid = ?1", "i",
	    x.rid)) == NULL) {
		indexed_free(&x);
		return STORE_ERROR;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		differs(r, "%s %lld is published but not in the index", kind,
		    (long long)id);
	else if (rc == SQLITE_ROW) {
		for (i = 0; i < COL_COUNT; i++) {
			v = column(st, i);
			if (strcmp(v, x.col[i].data != NULL ?
			    x.col[i].data : "") != 0)
				differs(r, "%s %lld: its %s differs from the "
				    "content's", kind, (long long)id,
				    col_names[i]);
		}
		if (strcmp(column(st, COL_COUNT), kind) != 0 ||
		    sqlite3_column_int64(st, COL_COUNT + 1) != id ||
		    strcmp(column(st, COL_COUNT + 2), x.lang) != 0)
			differs(r, "%s %lld: its kind, id or language differs "
			    "from the content's", kind, (long long)id);
	} else
		ret = db_status(s, rc, "search check");
	db_done(st);
	indexed_free(&x);
	return ret;
}

/* The differences between the index and the content into *r. */
static enum store_status
compare(struct store *s, struct report *r)
{
	sqlite3_stmt *st;
	enum store_status ret;
	int64_t built, counts[2];
	int rc;

	ret = db_one_int(s, db_query(s, "SELECT tokenizer FROM search_state",
	    ""), &built, "search state");
	if (ret != STORE_OK)
		return ret;
	if (built != SEARCH_TOKENIZER_VERSION) {
		differs(r, "built by tokenizer version %lld, this waypoint's "
		    "is %d", (long long)built, SEARCH_TOKENIZER_VERSION);
		return STORE_OK;
	}
	if ((ret = each_published(s, check_one, r)) != STORE_OK)
		return ret;
	/* A row each: a row left at an item's old rowid (its date moved)
	 * stands for a published item, which the query below accepts. */
	if ((ret = db_two_ints(s, db_query(s, "SELECT (SELECT count(*) FROM"
	    " search_index_docsize), (SELECT count(*) FROM news WHERE status"
	    " = 'published') + (SELECT count(*) FROM pages WHERE status ="
	    " 'published') + (SELECT count(*) FROM entries WHERE status ="
	    " 'published')", ""), counts, "search check")) != STORE_OK)
		return ret;
	if (counts[0] != counts[1])
		differs(r, "%lld rows for %lld published items",
		    (long long)counts[0], (long long)counts[1]);
	/* SEARCH_ROWID_KIND and SEARCH_ROWID_ID, in SQL. */
	if ((st = db_query(s, "SELECT i.rowid FROM (SELECT rowid, rowid & 7"
	    " AS k, (rowid >> 3) & 137438953471 AS id FROM search_index) i"
	    " WHERE NOT EXISTS (SELECT 1 FROM news n WHERE i.k = 0 AND"
	    " n.id = i.id AND n.status = 'published') AND NOT EXISTS"
	    " (SELECT 1 FROM pages p WHERE i.k = 1 AND p.id = i.id AND"
	    " p.status = 'published') AND NOT EXISTS (SELECT 1 FROM entries"
	    " e WHERE e.id = i.id AND e.kind = CASE i.k WHEN 2 THEN"
	    " 'project' WHEN 3 THEN 'event' WHEN 4 THEN 'publication' END AND"
	    " e.status = 'published')", "")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		differs(r, "row %lld stands for no published item",
		    (long long)sqlite3_column_int64(st, 0));
	ret = rc == SQLITE_DONE ? STORE_OK : db_status(s, rc, "search check");
	db_done(st);
	return ret;
}

enum store_status
search_check(struct store *s, int *problems)
{
	struct report r = { stderr, 0 };
	enum store_status ret;

	ret = compare(s, &r);
	if (r.problems > 0)
		fprintf(stderr, "search index: `waypoint db migrate` "
		    "rebuilds it from the content\n");
	*problems += r.problems;
	return ret;
}

enum store_status
search_build(struct store *s)
{
	struct report r = { NULL, 0 };
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	if ((ret = compare(s, &r)) != STORE_OK || r.problems == 0)
		return db_tx_end(s, ret);
	if ((ret = search_rebuild(s)) == STORE_OK)
		ret = db_run(s, db_query(s, "UPDATE search_state SET"
		    " tokenizer = ?1", "i", (int64_t)SEARCH_TOKENIZER_VERSION),
		    "search state");
	if ((ret = db_tx_end(s, ret)) == STORE_OK)
		log_info("search index built");
	return ret;
}

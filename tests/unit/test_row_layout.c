/* test_row_layout.c: releases, pages and entries keep their bodies last
 * (sql/migrations/020.sql), so that what lists, feeds and sitemaps read of
 * a row sits on its leaf page, not in its overflow chain (counted in pages
 * read, as the access log's reads=); and a database of the layout before
 * 020.sql migrates to it with every row, value, index and trigger kept.
 * Run from the repository root. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_internal.h"
#include "store_fixture.h"

/* news, pages and entries as 019.sql left them: their bodies before the
 * columns of every later migration, and 021.sql's list of releases not
 * made yet. Their indexes and triggers go with them, and the triggers and
 * views that name them first (a rename checks those); KEPT makes all of
 * them again after, but 021.sql's, which it makes. */
static const char before_020[] =
    "PRAGMA foreign_keys = OFF;"
    "DROP TRIGGER news_listing_ai; DROP TRIGGER news_listing_au;"
    "DROP TRIGGER news_listing_ad; DROP VIEW news_listing_sync;"
    "DROP TABLE news_listing;"
    "DROP TRIGGER redirects_ai; DROP TRIGGER redirects_ad;"
    "CREATE TABLE news_old (id INTEGER PRIMARY KEY,"
    " lang TEXT NOT NULL DEFAULT 'en', slug TEXT NOT NULL,"
    " title TEXT NOT NULL, dateline TEXT NOT NULL DEFAULT '',"
    " pub_date TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',"
    " body_md TEXT NOT NULL DEFAULT '', body_html TEXT,"
    " status TEXT NOT NULL DEFAULT 'draft', published_at INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " pub_time TEXT NOT NULL DEFAULT '00:00',"
    " version INTEGER NOT NULL DEFAULT 1, updated_by INTEGER,"
    " group_id INTEGER NOT NULL DEFAULT 0,"
    " text_rev INTEGER NOT NULL DEFAULT 1, source_id INTEGER,"
    " source_rev INTEGER NOT NULL DEFAULT 0, lead_media INTEGER,"
    " UNIQUE (lang, slug));"
    "INSERT INTO news_old (id, lang, slug, title, dateline, pub_date,"
    " summary, body_md, body_html, status, published_at, created_at,"
    " updated_at, pub_time, version, updated_by, group_id, text_rev,"
    " source_id, source_rev, lead_media) SELECT id, lang, slug, title,"
    " dateline, pub_date, summary, body_md, body_html, status,"
    " published_at, created_at, updated_at, pub_time, version,"
    " updated_by, group_id, text_rev, source_id, source_rev, lead_media"
    " FROM news;"
    "DROP TABLE news; ALTER TABLE news_old RENAME TO news;"
    "CREATE TABLE pages_old (id INTEGER PRIMARY KEY,"
    " lang TEXT NOT NULL DEFAULT 'en', slug TEXT NOT NULL,"
    " title TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',"
    " body_md TEXT NOT NULL DEFAULT '', body_html TEXT,"
    " status TEXT NOT NULL DEFAULT 'draft', published_at INTEGER,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " pub_date TEXT NOT NULL DEFAULT '',"
    " pub_time TEXT NOT NULL DEFAULT '00:00',"
    " version INTEGER NOT NULL DEFAULT 1, updated_by INTEGER,"
    " group_id INTEGER NOT NULL DEFAULT 0,"
    " text_rev INTEGER NOT NULL DEFAULT 1, source_id INTEGER,"
    " source_rev INTEGER NOT NULL DEFAULT 0, lead_media INTEGER,"
    " UNIQUE (lang, slug));"
    "INSERT INTO pages_old (id, lang, slug, title, summary, body_md,"
    " body_html, status, published_at, created_at, updated_at, pub_date,"
    " pub_time, version, updated_by, group_id, text_rev, source_id,"
    " source_rev, lead_media) SELECT id, lang, slug, title, summary,"
    " body_md, body_html, status, published_at, created_at, updated_at,"
    " pub_date, pub_time, version, updated_by, group_id, text_rev,"
    " source_id, source_rev, lead_media FROM pages;"
    "DROP TABLE pages; ALTER TABLE pages_old RENAME TO pages;"
    "DROP VIEW list_at; DROP VIEW list_type_at;"
    "CREATE TABLE entries_old (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    " lang TEXT NOT NULL DEFAULT 'en', slug TEXT NOT NULL,"
    " title TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',"
    " body_md TEXT NOT NULL DEFAULT '', body_html TEXT,"
    " status TEXT NOT NULL DEFAULT 'draft', pub_date TEXT NOT NULL,"
    " pub_time TEXT NOT NULL DEFAULT '00:00', published_at INTEGER NOT NULL,"
    " version INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL, updated_by INTEGER,"
    " group_id INTEGER NOT NULL DEFAULT 0,"
    " text_rev INTEGER NOT NULL DEFAULT 1, source_id INTEGER,"
    " source_rev INTEGER NOT NULL DEFAULT 0,"
    " fields TEXT NOT NULL DEFAULT '{}', starts TEXT NOT NULL DEFAULT '',"
    " ends TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '',"
    " lead_media INTEGER, UNIQUE (kind, lang, slug));"
    "INSERT INTO entries_old (id, kind, lang, slug, title, summary, body_md,"
    " body_html, status, pub_date, pub_time, published_at, version,"
    " created_at, updated_at, updated_by, group_id, text_rev, source_id,"
    " source_rev, fields, starts, ends, category, lead_media) SELECT id,"
    " kind, lang, slug, title, summary, body_md, body_html, status,"
    " pub_date, pub_time, published_at, version, created_at, updated_at,"
    " updated_by, group_id, text_rev, source_id, source_rev, fields,"
    " starts, ends, category, lead_media FROM entries;"
    "DROP TABLE entries; ALTER TABLE entries_old RENAME TO entries;";

/* The text of what before_020 drops, in the order it was made. */
#define KEPT	"SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND" \
	" (type IN ('index', 'trigger') AND tbl_name IN ('news', 'pages'," \
	" 'entries') OR name IN ('redirects_ai', 'redirects_ad', 'list_at'," \
	" 'list_type_at')) AND name NOT LIKE 'news\\_listing\\_%' ESCAPE '\\'" \
	" ORDER BY rowid"

/* Rows the demo lacks: a draft translation that names its source, a
 * draft page with no publication time, a project with a donor, and bodies
 * long enough to overflow a page. */
static const char more_rows[] =
    "INSERT INTO news (lang, slug, title, pub_date, published_at, status,"
    " body_md, body_html, group_id, source_id, source_rev)"
    " SELECT 'hu', 'hosszu', 'Hosszú', '2024-01-02', 1704150000, 'draft',"
    " printf('%.9000c', 'a'), printf('<p>%.9000c</p>', 'a'), group_id,"
    " id, 3 FROM news WHERE lang = 'en' ORDER BY id LIMIT 1;"
    "INSERT INTO pages (lang, slug, title, body_md, body_html)"
    " VALUES ('en', 'later', 'Later', printf('%.5000c', 'b'), NULL);"
    "INSERT INTO entries (kind, slug, title, pub_date, published_at,"
    " status, fields, starts, body_md) VALUES ('project', 'long', 'Long',"
    " '2024-01-02', 1704150000, 'published', '{\"donors\": [\"EU\"]}',"
    " '2024-01-02', printf('%.7000c', 'c'));";

/* What 019.sql left of the indexes, triggers and views that 020.sql
 * drops, and of the three tables' columns, as SCHEMA_DUMP's lines, with
 * the triggers on news that 021.sql adds and the indexes of 023.sql: the
 * migrations must leave them word for word. */
#define SCHEMA_019	"tests/fixtures/schema_019_bodies.txt"

/* Every row of table as "column=value" lines, the columns of each row in
 * the order of their names, so that a reordered table dumps the same. */
static char *
dump_rows(sqlite3 *db, const char *table)
{
	char sql[64], *out = NULL, *lines[64];
	size_t len = 0;
	sqlite3_stmt *st;
	FILE *fp;
	int i, j, n;

	assert_non_null(fp = open_memstream(&out, &len));
	snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY id", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	n = sqlite3_column_count(st);
	assert_true(n > 0 && n <= 64);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			const char *v = (const char *)sqlite3_column_text(st,
			    i);

			assert_true(asprintf(&lines[i], "%s=%d:%s",
			    sqlite3_column_name(st, i),
			    sqlite3_column_type(st, i), v ? v : "") > 0);
		}
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && strcmp(lines[j - 1],
			    lines[j]) > 0; j--) {
				char *t = lines[j];

				lines[j] = lines[j - 1];
				lines[j - 1] = t;
			}
		for (i = 0; i < n; i++) {
			fprintf(fp, "%s\n", lines[i]);
			free(lines[i]);
		}
		fputs("--\n", fp);
	}
	sqlite3_finalize(st);
	fclose(fp);
	return out;
}

/* The indexes and triggers of news, pages and entries, the redirects'
 * triggers and the views of list places, which 020.sql makes again (their
 * names and text), and the three tables' columns and foreign keys by
 * name, which it keeps: one line each. The fixture was written by this
 * query in the sqlite3 shell. */
#define SCHEMA_DUMP	"SELECT line FROM (SELECT 1 AS k, type || ' ' ||" \
	" name || ' ' || coalesce(sql, '(auto)') AS line FROM sqlite_schema" \
	" WHERE type IN ('index', 'trigger', 'view') AND tbl_name IN" \
	" ('news', 'pages', 'entries', 'redirects', 'list_at'," \
	" 'list_type_at') UNION ALL SELECT 2, 'column ' || t.n || ' ' ||" \
	" c.name || ' ' || c.type || ' ' || c.\"notnull\" || ' ' ||" \
	" coalesce(c.dflt_value, '-') || ' ' || c.pk FROM (SELECT 'news'" \
	" AS n UNION ALL SELECT 'pages' UNION ALL SELECT 'entries') t," \
	" pragma_table_info(t.n) c UNION ALL SELECT 3, 'fk ' || t.n || ' '" \
	" || f.\"table\" || ' ' || f.\"from\" || ' ' || coalesce(f.\"to\", '-')" \
	" || ' ' || f.on_delete FROM (SELECT 'news' AS n UNION ALL SELECT" \
	" 'pages' UNION ALL SELECT 'entries') t, pragma_foreign_key_list(t.n)" \
	" f) ORDER BY k, line"

/* The first column of every row of sql, each followed by end. */
static char *
dump_lines(sqlite3 *db, const char *sql, const char *end)
{
	char *out = NULL;
	size_t len = 0;
	sqlite3_stmt *st;
	FILE *fp;

	assert_non_null(fp = open_memstream(&out, &len));
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(fp, "%s%s", sqlite3_column_text(st, 0), end);
	sqlite3_finalize(st);
	fclose(fp);
	return out;
}

/* body_html and body_md, in that order, are table's last two columns:
 * what readers see before what only the editor's form reads. */
static void
bodies_last(sqlite3 *db, const char *table)
{
	char sql[96];
	sqlite3_stmt *st;
	const char *last[2] = { NULL, NULL };

	snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s')"
	    " ORDER BY cid DESC LIMIT 2", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	for (int i = 0; i < 2 && sqlite3_step(st) == SQLITE_ROW; i++)
		last[i] = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_non_null(last[0]);
	assert_non_null(last[1]);
	if (strcmp(last[0], "body_md") != 0 ||
	    strcmp(last[1], "body_html") != 0)
		fail_msg("%s ends with %s, %s: a column added after the"
		    " bodies is read from their overflow pages; rebuild the"
		    " table as 020.sql does", table, last[1], last[0]);
	free((void *)last[0]);
	free((void *)last[1]);
}

/* A database made today has its bodies last. */
static void
test_bodies_last(void **state)
{
	struct fixture *f = NULL;
	sqlite3 *db;

	(void)state;
	assert_int_equal(fixture_open((void **)&f, 0), 0);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	bodies_last(db, "news");
	bodies_last(db, "pages");
	bodies_last(db, "entries");
	sqlite3_close(db);
	assert_int_equal(teardown((void **)&f), 0);
}

/* A database of 019.sql's layout migrates with every row, value, index
 * and trigger kept, and its triggers work after. */
static void
test_migrate_keeps_all(void **state)
{
	static const char *const tables[] = { "news", "pages", "entries" };
	static char was[65536];
	char *rows[3], *schema, *again, *kept;
	struct fixture *f = NULL;
	size_t len;
	FILE *fp;
	enum store_status st;
	sqlite3_stmt *q;
	sqlite3 *db;
	size_t i;

	(void)state;
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	fixture_exec(f, more_rows);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	for (i = 0; i < 3; i++)
		rows[i] = dump_rows(db, tables[i]);
	schema = dump_lines(db, SCHEMA_DUMP, "\n");
	kept = dump_lines(db, KEPT, ";\n");
	sqlite3_close(db);
	store_close(f->s);
	f->s = NULL;
	fixture_exec(f, before_020);
	fixture_exec(f, kept);
	fixture_exec(f, "DROP TABLE search_rows;" FIXTURE_UNDO_023
	    " PRAGMA user_version = 19");
	free(kept);
	assert_non_null(f->s = store_open(f->path, STORE_WRITE, &st));
	assert_int_equal(st, STORE_OLD_SCHEMA);
	assert_int_equal(store_migrate(f->s), STORE_OK);

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	for (i = 0; i < 3; i++) {
		again = dump_rows(db, tables[i]);
		assert_string_equal(again, rows[i]);
		free(again);
		free(rows[i]);
		bodies_last(db, tables[i]);
	}
	again = dump_lines(db, SCHEMA_DUMP, "\n");
	assert_string_equal(again, schema);
	free(again);
	free(schema);
	/* Not only as a database made today has them (both dumps went
	 * through 020.sql): as 019 left them. A later migration that
	 * changes one of them brings this file up to its own version. */
	assert_non_null(fp = fopen(SCHEMA_019, "r"));
	len = fread(was, 1, sizeof(was) - 1, fp);
	fclose(fp);
	was[len] = '\0';
	again = dump_lines(db, SCHEMA_DUMP, "\n");
	assert_string_equal(again, was);
	free(again);
	sqlite3_close(db);
	/* news_group_ai and news_text_au, made again, still fire. */
	fixture_exec(f, "INSERT INTO news (slug, title, pub_date,"
	    " published_at) VALUES ('after', 'After', '2024-02-01', 1706745600);"
	    "UPDATE news SET title = 'After all' WHERE slug = 'after';");
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_id = id, text_rev"
	    " FROM news WHERE slug = 'after'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	assert_int_equal(sqlite3_column_int(q, 1), 2);
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_int_equal(teardown((void **)&f), 0);
}

/* Sixty releases with bodies of 8,000 bytes each: each row fills a leaf
 * page and runs on through overflow pages. */
static const char long_rows[] =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
    " WHERE i < 60) INSERT INTO news (slug, title, summary, pub_date,"
    " published_at, status, body_html, body_md) SELECT 'long-' || i,"
    " 'Long ' || i, 'A summary.', '2024-01-02', 1704150000 + i,"
    " 'published', printf('<p>%.8000c</p>', 'h'), printf('%.8000c', 'm')"
    " FROM n;";
#define LIST_READ	"SELECT sum(published_at + group_id + updated_at +" \
	" length(title) + length(summary)) FROM news WHERE slug LIKE 'long-%'"
#define BODY_READ	"SELECT sum(length(body_md)) FROM news WHERE slug" \
	" LIKE 'long-%'"

/* The pages sql read past the store's cache (the access log's reads=);
 * cold: after a write through another connection, which empties it. */
static int64_t
reads_of(struct fixture *f, const char *sql, bool cold)
{
	struct store_work w;
	int64_t v;

	if (cold)
		fixture_exec(f, "UPDATE site_state SET changed_at = changed_at");
	store_work_reset();
	assert_int_equal(db_one_int(f->s, db_query(f->s, sql, ""), &v,
	    "reads_of"), STORE_OK);
	store_work_read(&w);
	return w.page_reads;
}

/* What a list reads of a long release sits on its leaf page: a page a
 * row, where its body takes the overflow pages too, and where 019's
 * layout read the chain for the list's columns as well. */
static void
test_list_reads_leaf(void **state)
{
	struct fixture *f = NULL;
	int64_t list, body, old;

	(void)state;
	assert_int_equal(fixture_open((void **)&f, 0), 0);
	fixture_exec(f, long_rows);
	list = reads_of(f, LIST_READ, true);
	body = reads_of(f, BODY_READ, true);
	print_message("cold reads of 60 long releases: list columns %lld,"
	    " body_md %lld\n", (long long)list, (long long)body);
	assert_true(list >= 60 && list <= 70);
	assert_true(body > list * 2);
	/* Warm: nothing to read. */
	(void)reads_of(f, LIST_READ, true);
	assert_int_equal(reads_of(f, LIST_READ, false), 0);
	fixture_exec(f, before_020);
	old = reads_of(f, LIST_READ, true);
	print_message("on 019's layout: list columns %lld\n", (long long)old);
	assert_true(old > list * 2);
	assert_int_equal(teardown((void **)&f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bodies_last),
		cmocka_unit_test(test_migrate_keeps_all),
		cmocka_unit_test(test_list_reads_leaf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

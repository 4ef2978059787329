/* store_fixture.h: the cmocka fixture of the store's unit tests: a fresh
 * database in a folder of its own under /tmp (migrated, with the demo
 * content when asked), a store connection to it and an arena. Included by
 * the tests/unit/test_*.c that need one; static, so each test binary has
 * its own copy. */
#ifndef WAYPOINT_TEST_STORE_FIXTURE_H
#define WAYPOINT_TEST_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "lib/arena.h"
#include "store/content.h"
#include "store/store.h"

/* What 023.sql made, dropped: a test that winds a database back to an
 * older version to migrate it forward undoes this with the rest. */
#define FIXTURE_UNDO_023 \
	" DROP INDEX IF EXISTS news_edited; DROP INDEX IF EXISTS pages_edited;" \
	" DROP INDEX IF EXISTS entries_edited;" \
	" DROP INDEX IF EXISTS news_translated;" \
	" DROP INDEX IF EXISTS pages_translated;" \
	" DROP INDEX IF EXISTS entries_translated;" \
	" DROP INDEX IF EXISTS news_lead; DROP INDEX IF EXISTS pages_lead;" \
	" DROP INDEX IF EXISTS entries_lead;"

struct fixture {
	char		 dir[64];
	char		 path[96];
	struct store	*s;
	struct arena	*a;
};

/* Makes *state a fixture; seed: load the demo content. 0, or -1 (cmocka
 * then fails the test). */
static int
fixture_open(void **state, int seed)
{
	struct fixture *f = calloc(1, sizeof(*f));
	enum store_status st;

	if (f == NULL)
		return -1;
	*state = f;
	snprintf(f->dir, sizeof(f->dir), "/tmp/waypoint-test-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/test.db", f->dir);
	if ((f->s = store_open(f->path, STORE_CREATE, &st)) == NULL ||
	    store_migrate(f->s) != STORE_OK ||
	    (seed && store_load_seed(f->s, DEMO_LANGS) != STORE_OK) ||
	    (f->a = arena_new()) == NULL)
		return -1;
	return 0;
}

/* Runs sql on the fixture's file beside the store's own connection, as
 * the sqlite3 shell would (without the search tokenizer). Inline: not
 * every test binary uses it. */
static inline void
fixture_exec(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/* How many segments the search index has: each one has rows in
 * search_index_idx (FTS5's shadow table, readable without the
 * tokenizer). Inline: not every test binary uses it. */
static inline int64_t
fixture_index_segments(struct fixture *f)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t n;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(DISTINCT segid)"
	    " FROM search_index_idx", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* A new release titled title at slug, saved as a draft by who; its id.
 * Inline: not every test binary uses it. */
static inline int64_t
fixture_release(struct fixture *f, const char *title, const char *slug,
    const struct content_author *who)
{
	enum content_outcome outcome;
	struct content c;

	memset(&c, 0, sizeof(c));
	c.kind = CONTENT_NEWS;
	c.lang = "en";
	c.title = title;
	c.slug = slug;
	c.dateline = c.summary = "";
	c.pub_date = "2023-11-14";
	c.pub_time = "22:13";
	c.body_md = "Text.";
	c.body_html = "<p>Text.</p>";
	c.status = CONTENT_DRAFT;
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "create", who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
	return c.id;
}

/* Closes and removes what fixture_open made. */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	if (f == NULL)
		return 0;
	store_close(f->s);
	arena_free(f->a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	free(f);
	return system(cmd) == 0 ? 0 : -1;
}

#endif

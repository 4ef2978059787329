/* test_page_cache_scopes.c: unit tests of the cache scopes: what each kind
 * of change bumps (sql/migrations/013.sql's triggers, read through
 * store_cache_scopes), the slug buckets src/generation.c computes as the
 * triggers do, and the scopes a route's declaration gives a page. */
#include <sys/stat.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "config.h"
#include "generation.h"
#include "lib/changes.h"
#include "store_fixture.h"

static const struct content_author who = { 0, "tester", 1700000000 };

static int
setup(void **state)
{
	return fixture_open(state, 1);
}

static void
read_gens(struct fixture *f, int64_t g[SCOPE_COUNT])
{
	memset(g, 0, sizeof(int64_t) * SCOPE_COUNT);
	assert_int_equal(store_cache_scopes(f->s, g, SCOPE_COUNT), STORE_OK);
}

/* Runs sql as the sqlite3 shell would, and gives which scopes it bumped:
 * bumped[id] true for each. */
static void
bumps(struct fixture *f, const char *sql, bool bumped[SCOPE_COUNT])
{
	int64_t before[SCOPE_COUNT], after[SCOPE_COUNT];
	size_t i;

	read_gens(f, before);
	fixture_exec(f, sql);
	read_gens(f, after);
	for (i = 0; i < SCOPE_COUNT; i++)
		bumped[i] = after[i] != before[i];
}

/* The ids bumped but the ones named (ending with -1) and SCOPE_ANY,
 * which every change bumps: how many. */
static size_t
others(const bool bumped[SCOPE_COUNT], const int *named)
{
	size_t i, n = 0;
	const int *k;
	bool skip;

	for (i = 0; i < SCOPE_ANY; i++) {
		skip = false;
		for (k = named; *k != -1; k++)
			skip = skip || (size_t)*k == i;
		n += bumped[i] && !skip;
	}
	return n;
}

static int
news_bucket(const char *slug)
{
	return SCOPE_NEWS_BUCKET + (int)cache_scope_bucket(slug);
}

static int
page_bucket(const char *slug)
{
	return SCOPE_PAGE_BUCKET + (int)cache_scope_bucket(slug);
}

/* The bucket of a slug is the length and the last three characters,
 * weighted 1, 3 and 9, modulo 64: the triggers' and C's agree, short
 * slugs included. */
static void
test_bucket(void **state)
{
	struct fixture *f = *state;
	static const char *const slugs[] = { "a", "ab", "r-000123",
	    "r-000124", "budget-2024" };
	bool b[SCOPE_COUNT];
	char sql[256];
	size_t i;

	assert_int_equal(cache_scope_bucket("a"), (1 + 97) % 64);
	assert_int_equal(cache_scope_bucket("ab"), (2 + 98 + 3 * 97) % 64);
	assert_int_equal(cache_scope_bucket("iom-steps-support-people-"
	    "fleeing-ukraine-hungary"), 40);
	for (i = 0; i < sizeof(slugs) / sizeof(slugs[0]); i++) {
		fixture_release(f, slugs[i], slugs[i], &who);
		snprintf(sql, sizeof(sql), "UPDATE news SET status ="
		    " 'published' WHERE slug = '%s'", slugs[i]);
		bumps(f, sql, b);
		assert_true(b[news_bucket(slugs[i])]);
		assert_int_equal(others(b, (const int[]){ SCOPE_NEWS,
		    news_bucket(slugs[i]), -1 }), 0);
	}
}

/* A release: the news lists and its bucket, nothing else; a draft's edit
 * nothing at all; a translation's edit the buckets of both; a new slug
 * the old one's too. */
static void
test_release(void **state)
{
	struct fixture *f = *state;
	bool b[SCOPE_COUNT];
	int64_t g[SCOPE_COUNT], h[SCOPE_COUNT];

	fixture_release(f, "Draft", "r-000777", &who);
	read_gens(f, g);
	fixture_exec(f, "UPDATE news SET title = 'Still a draft' WHERE slug ="
	    " 'r-000777'");
	read_gens(f, h);
	assert_memory_equal(g, h, sizeof(g));

	bumps(f, "UPDATE news SET status = 'published' WHERE slug ="
	    " 'r-000777'", b);
	assert_true(b[SCOPE_NEWS] && b[news_bucket("r-000777")]);
	assert_true(b[SCOPE_ANY]);
	assert_false(b[SCOPE_SITE] || b[SCOPE_PAGES] || b[SCOPE_EVENT]);
	assert_int_equal(others(b, (const int[]){ SCOPE_NEWS,
	    news_bucket("r-000777"), -1 }), 0);

	/* Its Hungarian version shows it in its language links. */
	fixture_exec(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " published_at, status, group_id) SELECT 'hu', 'k-000778',"
	    " 'Fordítás', pub_date, published_at, 'published', group_id"
	    " FROM news WHERE slug = 'r-000777'");
	bumps(f, "UPDATE news SET title = 'Published' WHERE slug ="
	    " 'r-000777'", b);
	assert_true(b[news_bucket("r-000777")] && b[news_bucket("k-000778")]);

	bumps(f, "UPDATE news SET slug = 'r-000999' WHERE slug = 'r-000777'",
	    b);
	assert_true(b[news_bucket("r-000777")] && b[news_bucket("r-000999")]);
	assert_false(b[SCOPE_SITE]);

	/* Unpublished: its page and the lists again. */
	bumps(f, "UPDATE news SET status = 'draft' WHERE slug = 'r-000999'",
	    b);
	assert_true(b[SCOPE_NEWS] && b[news_bucket("r-000999")]);
}

/* A page: the lists of pages and its bucket; every page too when the
 * menu links its group (the menu shows its slug). */
static void
test_page(void **state)
{
	struct fixture *f = *state;
	bool b[SCOPE_COUNT];

	/* data-and-resources: no menu item links it. */
	bumps(f, "UPDATE pages SET title = 'Data' WHERE slug ="
	    " 'data-and-resources' AND lang = 'en'", b);
	assert_true(b[SCOPE_PAGES] && b[page_bucket("data-and-resources")]);
	assert_false(b[SCOPE_SITE] || b[SCOPE_NEWS]);

	/* about: in the menu. */
	bumps(f, "UPDATE pages SET title = 'About us' WHERE slug = 'about'",
	    b);
	assert_true(b[SCOPE_SITE] && b[SCOPE_PAGES] &&
	    b[page_bucket("about")]);
	assert_false(b[SCOPE_NEWS]);
}

/* Settings, the menu, redirects, media texts: the site scope; an entry:
 * its kind. */
static void
test_site_and_entries(void **state)
{
	struct fixture *f = *state;
	bool b[SCOPE_COUNT];

	bumps(f, "UPDATE settings SET value = 'Site' WHERE key ="
	    " 'site_name' AND lang = 'en'", b);
	assert_true(b[SCOPE_SITE]);
	assert_int_equal(others(b, (const int[]){ SCOPE_SITE, -1 }), 0);
	bumps(f, "UPDATE menu_texts SET label = 'Us' WHERE rowid = 1", b);
	assert_true(b[SCOPE_SITE]);
	bumps(f, "UPDATE menu_items SET position = position WHERE id = 1", b);
	assert_true(b[SCOPE_SITE]);
	bumps(f, "INSERT INTO redirects (lang, kind, old_slug, target_id)"
	    " VALUES ('en', 'news', 'gone', 1)", b);
	assert_true(b[SCOPE_SITE]);

	bumps(f, "UPDATE entries SET title = title || '.' WHERE kind ="
	    " 'event' AND status = 'published'", b);
	assert_true(b[SCOPE_EVENT]);
	assert_int_equal(others(b, (const int[]){ SCOPE_EVENT, -1 }), 0);
	bumps(f, "UPDATE entries SET title = title || '.' WHERE kind ="
	    " 'project' AND status = 'published'", b);
	assert_true(b[SCOPE_PROJECT]);
	assert_int_equal(others(b, (const int[]){ SCOPE_PROJECT, -1 }), 0);
}

/* A route's declaration gives its page's scopes with their generations
 * now; nothing declared: every change (site_state's generation). */
static void
test_deps(void **state)
{
	struct fixture *f = *state;
	struct config site = { .cache_part = 1 };
	struct cache_deps d;
	int64_t g[SCOPE_COUNT];

	read_gens(f, g);
	assert_int_equal(generation_read(&site, f->s, 0, NULL, &d), STORE_OK);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.id[0], SCOPE_ANY);
	assert_int_equal(d.gen[0], g[SCOPE_ANY]);

	assert_int_equal(generation_read(&site, f->s, SCOPES(SCOPE_SITE) |
	    SCOPES(SCOPE_NEWS) | SCOPES_NEWS_ITEM, "r-000123", &d), STORE_OK);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.id[0], SCOPE_SITE);
	assert_int_equal(d.id[1], SCOPE_NEWS);
	assert_int_equal(d.id[2], news_bucket("r-000123"));
	assert_int_equal(d.gen[2], g[news_bucket("r-000123")]);

	/* With no counter shared, every reading may be stale: none is
	 * kept. */
	assert_false(generation_recent(&site, 0, NULL, &d));
	fixture_exec(f, "UPDATE settings SET value = 'Other' WHERE key ="
	    " 'site_name' AND lang = 'en'");
	assert_int_equal(generation_read(&site, f->s, SCOPES(SCOPE_SITE) |
	    SCOPES_PAGE_ITEM, "about", &d), STORE_OK);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.gen[0], g[SCOPE_SITE] + 1);
	assert_int_equal(d.id[1], page_bucket("about"));
}

/* With the counter, a reading serves every thread of the process for the
 * same site, without the database, until a write is counted; another
 * site, or the same name after a reload (another configuration), reads
 * its own. */
static void *
other_thread(void *arg)
{
	static bool found;
	struct cache_deps d;

	found = generation_recent(arg, SCOPES(SCOPE_SITE), NULL, &d);
	return &found;
}

static void
test_recent(void **state)
{
	struct fixture *f = *state;
	struct config a = { .cache_part = 2 }, b = { .cache_part = 3 },
	    a2 = { .cache_part = 2 };
	struct cache_deps d;
	int64_t g[SCOPE_COUNT];
	pthread_t t;
	void *found;

	assert_int_equal(changes_init(), 0);
	read_gens(f, g);
	assert_int_equal(generation_read(&a, f->s, SCOPES(SCOPE_NEWS), NULL,
	    &d), STORE_OK);
	assert_true(generation_recent(&a, SCOPES(SCOPE_SITE), NULL, &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(d.gen[0], g[SCOPE_SITE]);
	assert_int_equal(pthread_create(&t, NULL, other_thread, &a), 0);
	assert_int_equal(pthread_join(t, &found), 0);
	assert_true(*(bool *)found);
	assert_false(generation_recent(&b, SCOPES(SCOPE_SITE), NULL, &d));
	assert_false(generation_recent(&a2, SCOPES(SCOPE_SITE), NULL, &d));

	fixture_exec(f, "UPDATE settings SET value = 'Other' WHERE key ="
	    " 'site_name' AND lang = 'en'");
	changes_bump();
	assert_false(generation_recent(&a, SCOPES(SCOPE_SITE), NULL, &d));
	assert_int_equal(generation_read(&a, f->s, SCOPES(SCOPE_SITE), NULL,
	    &d), STORE_OK);
	assert_int_equal(d.gen[0], g[SCOPE_SITE] + 1);
	changes_fini();
}

/* The last change's time of the file at path (0: none there), in ns. */
static int64_t
changed_ns(const char *path)
{
	struct stat st;
	int64_t m, c;

	if (stat(path, &st) == -1)
		return 0;
	m = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	c = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
	return m > c ? m : c;
}

/* Waits until the last change of the fixture's database and WAL is a
 * second behind: a look taken then is one generation.c keeps. */
static void
clock_past_files(struct fixture *f)
{
	struct timespec now, ms = { 0, 10 * 1000 * 1000 };
	char wal[128];
	int64_t last, w;

	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	for (;;) {
		last = changed_ns(f->path);
		if ((w = changed_ns(wal)) > last)
			last = w;
		clock_gettime(CLOCK_REALTIME_COARSE, &now);
		if ((int64_t)now.tv_sec * 1000000000 + now.tv_nsec -
		    1000000000 > last)
			return;
		nanosleep(&ms, NULL);
	}
}

/* Past GENERATION_RECHECK_MS the database's files are looked at: as they
 * were, the reading still serves, without the database; a commit by
 * another program (no counter bumped) changes them, and the generations
 * must be read again. */
static void
test_files_looked_at(void **state)
{
	struct fixture *f = *state;
	struct config a = { .cache_part = 4 };
	struct timespec past = { 1, 100 * 1000 * 1000 };
	struct cache_deps d;

	a.database = f->path;
	assert_int_equal(changes_init(), 0);
	clock_past_files(f);
	assert_int_equal(generation_read(&a, f->s, SCOPES(SCOPE_SITE), NULL,
	    &d), STORE_OK);
	nanosleep(&past, NULL);
	assert_true(generation_recent(&a, SCOPES(SCOPE_SITE), NULL, &d));
	fixture_exec(f, "UPDATE settings SET value = 'Other' WHERE key ="
	    " 'site_name' AND lang = 'en'");
	nanosleep(&past, NULL);
	assert_false(generation_recent(&a, SCOPES(SCOPE_SITE), NULL, &d));
	changes_fini();
}

/* A look taken within a second of the files' last change is not kept,
 * though the coarse clock has moved past their times: a file system that
 * keeps whole seconds rounds them down. */
static void
test_files_changed_this_second(void **state)
{
	struct fixture *f = *state;
	struct config a = { .cache_part = 6 };
	struct timespec past = { 1, 100 * 1000 * 1000 },
	    tick = { 0, 20 * 1000 * 1000 }, t0, t1;
	struct cache_deps d;
	int tries = 0;

	a.database = f->path;
	assert_int_equal(changes_init(), 0);
	/* Touched, then read within the second: on a machine too busy for
	 * that, the touch and read again. */
	do {
		assert_true(++tries <= 20);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(utimensat(AT_FDCWD, f->path, NULL, 0), 0);
		nanosleep(&tick, NULL);
		assert_int_equal(generation_read(&a, f->s, SCOPES(SCOPE_SITE),
		    NULL, &d), STORE_OK);
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while ((t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000 > 800);
	nanosleep(&past, NULL);
	assert_false(generation_recent(&a, SCOPES(SCOPE_SITE), NULL, &d));
	changes_fini();
}

/* A look at files changed within the clock's current tick is not kept:
 * a commit later in that tick could leave them looking the same. Files
 * whose time is ahead of the clock stand for such a tick: past
 * GENERATION_RECHECK_MS the generations are read again, though nothing
 * changed. */
static void
test_files_changed_this_tick(void **state)
{
	struct fixture *f = *state;
	struct config a = { .cache_part = 5 };
	struct timespec past = { 1, 100 * 1000 * 1000 }, times[2];
	struct cache_deps d;

	a.database = f->path;
	assert_int_equal(changes_init(), 0);
	clock_gettime(CLOCK_REALTIME, &times[0]);
	times[0].tv_sec += 3600;
	times[1] = times[0];
	assert_int_equal(utimensat(AT_FDCWD, f->path, times, 0), 0);
	assert_int_equal(generation_read(&a, f->s, SCOPES(SCOPE_SITE), NULL,
	    &d), STORE_OK);
	nanosleep(&past, NULL);
	assert_false(generation_recent(&a, SCOPES(SCOPE_SITE), NULL, &d));
	changes_fini();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bucket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_site_and_entries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_looked_at, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_files_changed_this_tick,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_changed_this_second,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

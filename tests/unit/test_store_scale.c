/* test_store_scale.c: the work of every public URL and of a save, a
 * publish and an unpublish, counted in SQLite's VM steps (store_work), is
 * at most 1.2x + 200 at 20,000 releases and 2,000 pages what it is on the
 * demo database, and every URL's with 5,000 events, projects and
 * publications what it is with 100; and /news's order (news_order and
 * its counted chunks) gives every page the plain OFFSET query gives,
 * after random changes. Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "app.h"
#include "config.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store_fixture.h"
#include "store/content.h"
#include "view/markdown.h"
#include "render_fixture.h"

/* 2024-06-01 00:00 UTC: after every demo date but the scheduled one. */
#define NOW		1717200000
#define RELEASES	20000
#define PAGES		2000

static struct config cfg;
static const struct content_author who = { 0, "tester", NOW };

/* The releases and pages of the scale: ids from 100000 up (no demo row
 * has one), dated over 20 years before NOW; every fifth group has a
 * Hungarian version too, every 50th release is a draft and every 997th
 * is scheduled a day after NOW. Every one holds "migration", a word
 * the demo's search finds too. */
static const char scale_sql[] =
	"BEGIN;"
	"WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i"
	" WHERE k < 19999)"
	" INSERT INTO news (id, lang, slug, title, dateline, pub_date,"
	" summary, body_md, body_html, status, published_at, group_id)"
	" SELECT 100000 + k, CASE WHEN k % 5 = 1 THEN 'hu' ELSE 'en' END,"
	" printf('r-%06d', k), printf('Release %d', k), 'Budapest',"
	" date(1717200000 - 31536000 * 20 + k * 31536, 'unixepoch'),"
	" 'Summary.', 'Text of the migration release.',"
	" '<p>Text of the migration release.</p>',"
	" CASE WHEN k % 50 = 7 THEN 'draft' ELSE 'published' END,"
	" CASE WHEN k % 997 = 3 THEN 1717200000 + 86400"
	" ELSE 1717200000 - 31536000 * 20 + (k - (k % 5 = 1)) * 31536 END,"
	" 100000 + k - (k % 5 = 1) FROM i;"
	"WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i"
	" WHERE k < 1999)"
	" INSERT INTO pages (id, lang, slug, title, summary, body_md,"
	" body_html, status, published_at, pub_date, group_id)"
	" SELECT 100000 + k, 'en', printf('p-%05d', k), printf('Page %d', k),"
	" 'Summary.', 'Migration.', '<p>Migration.</p>', 'published',"
	" 1717200000 - 86400 * k, '2024-01-01', 100000 + k FROM i;"
	"COMMIT;"
	/* The search index of them, as db migrate rebuilds it. */
	"DELETE FROM search_index_content;"
	"UPDATE search_state SET tokenizer = 0;";

/* Twenty years of the other kinds, all past: n events (every third
 * without an end, every seventh all day), n / 2 projects that ended, n
 * publications, in place of those made before. */
static const char archive_fmt[] =
	"BEGIN;"
	"DELETE FROM entries WHERE id >= 100000;"
	"WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i"
	" WHERE k < %d * 5 / 2 - 1)"
	" INSERT INTO entries (id, kind, lang, slug, title, status,"
	" pub_date, published_at, starts, ends, category)"
	" SELECT 100000 + k, kind, 'en', printf('e-%%05d', k),"
	" printf('Entry %%d', k), 'published', date(at, 'unixepoch'), at,"
	" CASE kind WHEN 'event' THEN date(at, 'unixepoch') ||"
	" CASE WHEN k %% 7 = 0 THEN '' ELSE ' 10:00' END"
	" WHEN 'project' THEN date(at, 'unixepoch') ELSE '' END,"
	" CASE kind WHEN 'event' THEN CASE WHEN k %% 3 = 0 THEN '' ELSE"
	" date(at, 'unixepoch') || CASE WHEN k %% 7 = 0 THEN '' ELSE"
	" ' 16:00' END END WHEN 'project' THEN date(at + 86400 * 300,"
	" 'unixepoch') ELSE '' END,"
	" CASE kind WHEN 'publication' THEN 'report' ELSE '' END"
	" FROM (SELECT k, CASE WHEN k < %d THEN 'event' WHEN k < %d * 3 / 2"
	" THEN 'project' ELSE 'publication' END AS kind,"
	" 1717200000 - 31536000 * 20 + (k %% %d) * (31536000 * 20 / %d)"
	" AS at FROM i);"
	"COMMIT;";

static void
archive(struct fixture *f, int n)
{
	char sql[sizeof(archive_fmt) + 64];

	snprintf(sql, sizeof(sql), archive_fmt, n, n, n, n, n);
	fixture_exec(f, sql);
}

/* The URLs measured: each at 20,000 releases against its demo twin. */
struct url {
	const char	*demo;
	const char	*scale;
};

static const struct url urls[] = {
	{ "/", "/" },
	{ "/news", "/news" },
	{ "/news", "/news?page=1" },
	{ "/news", "/news?page=780" },
	{ "/news", "/news?page=1550" },
	{ "/news/iom-opens-information-and-counselling-point-budapest",
	    "/news/r-010000" },
	{ "/about", "/p-01000" },
	{ "/projects", "/projects" },
	{ "/events", "/events" },
	{ "/resources", "/resources" },
	{ "/api/v1/news", "/api/v1/news" },
	{ "/api/v1/news", "/api/v1/news?page=780" },
	{ "/api/v1/events", "/api/v1/events" },
	{ "/api/v1/projects", "/api/v1/projects" },
	{ "/api/v1/publications", "/api/v1/publications" },
	{ "/api/v1/menu", "/api/v1/menu" },
	/* A word every release and page holds, ranked and shown in each
	 * reader's version; the pages' best-version check (2d458c2) too. */
	{ "/search?q=migration", "/search?q=migration" },
	{ "/hu/search?q=migration", "/hu/search?q=migration" },
	{ "/api/v1/search?q=migration", "/api/v1/search?q=migration" },
};
#define NURLS	(sizeof(urls) / sizeof(urls[0]))

/* With 5,000 entries against 100 (archive()): a deep and the last page
 * of /events, /projects and /resources against a deep and the last of
 * the small archive's (like with like: a first page seeks nothing), and
 * an item of each kind found by its slug, the sitemap's file of the
 * lists, whose lastmods read each kind's latest change, and its index,
 * which seeks each kind's groups. */
static const struct url deep[] = {
	{ "/events?page=2", "/events?page=100" },
	{ "/events?page=3", "/events?page=199" },
	{ "/api/v1/events?page=2", "/api/v1/events?page=150" },
	{ "/projects?page=1", "/projects?page=60" },
	{ "/projects?page=1", "/projects?page=99" },
	{ "/api/v1/projects?page=1", "/api/v1/projects?page=80" },
	{ "/resources?page=2", "/resources?page=150" },
	{ "/resources?page=3", "/resources?page=199" },
	{ "/resources?type=report", "/resources?type=report" },
	{ "/resources?type=report&page=2",
	    "/resources?type=report&page=150" },
	{ "/resources?type=report&page=3",
	    "/resources?type=report&page=199" },
	{ "/events/e-00010", "/events/e-00010" },
	{ "/e-00045", "/e-02045" },
	{ "/resources/e-00070", "/resources/e-03070" },
	{ "/sitemap-site-0.xml", "/sitemap-site-0.xml" },
	{ "/sitemap.xml", "/sitemap.xml" },
};
#define NDEEP	(sizeof(deep) / sizeof(deep[0]))

/* The feeds: 20 entries at scale, all 14 releases on the demo, so what
 * must not grow is the work per entry. */
static const char *const feeds[] = { "/news/feed", "/hu/news/feed" };
#define NFEEDS	(sizeof(feeds) / sizeof(feeds[0]))

/* The VM steps of GET target through the app, which must answer 200;
 * the Atom entries of its body into *entries when that is not NULL. */
static int64_t
url_steps_entries(const char *target, int64_t *entries)
{
	const char *p, *end;
	size_t len;
	struct store_work w;
	struct response rs;
	struct request rq;
	struct arena *a = arena_new();

	assert_non_null(a);
	request_init(&rq, a);
	rq.method_name = "GET";
	rq.method = request_method("GET");
	rq.now = NOW;
	snprintf(rq.client, sizeof(rq.client), "127.0.0.1");
	response_init(&rs);
	assert_int_equal(request_set_target(&rq, target), 0);
	app_handle(&rq, &rs);
	store_work_read(&w);
	if (rs.status != 200)
		fail_msg("%s: %d", target, rs.status);
	if (entries != NULL) {
		p = response_body(&rs, &len);
		end = p + len;
		*entries = 0;
		while ((p = memmem(p, (size_t)(end - p), "<entry", 6)) !=
		    NULL) {
			(*entries)++;
			p++;
		}
		assert_true(*entries > 0);
	}
	response_free(&rs);
	arena_free(a);
	return w.vm_steps;
}

/* The lesser work of two GETs of target (see url_steps_entries): one may
 * hold the generations' recheck (generation.c, on the wall clock), whose
 * few hundred steps a loaded machine can put into any request. */
static int64_t
url_least(const char *target, int64_t *entries)
{
	int64_t a = url_steps_entries(target, entries);
	int64_t b = url_steps_entries(target, entries);

	return a < b ? a : b;
}

/* Sets release id's status to status; the work it took. */
static int64_t
status_steps(struct fixture *f, int64_t id, enum content_status status)
{
	struct store_work w;
	struct content c;
	bool changed;

	store_work_reset();
	assert_int_equal(store_content_set_status(f->s, f->a, CONTENT_NEWS,
	    id, status, &who, &c, &changed), STORE_OK);
	store_work_read(&w);
	assert_true(changed);
	return w.vm_steps;
}

/* The work of a save, a publish and an unpublish of release id, in
 * out[0], out[1] and out[2]; it ends as it was. */
static void
write_steps(struct fixture *f, int64_t id, int64_t out[3])
{
	enum content_outcome outcome;
	struct store_work w;
	struct content c;

	assert_int_equal(store_content_get(f->s, f->a, CONTENT_NEWS, id, &c),
	    STORE_OK);
	c.summary = c.summary[0] == 'E' ? "Summary." : "Edited.";
	store_work_reset();
	assert_int_equal(store_content_save(f->s, f->a, &c, false, NULL,
	    "save", &who, &outcome), STORE_OK);
	store_work_read(&w);
	assert_int_equal(outcome, CONTENT_SAVED);
	out[0] = w.vm_steps;
	if (c.status == CONTENT_PUBLISHED) {
		out[2] = status_steps(f, id, CONTENT_DRAFT);
		out[1] = status_steps(f, id, CONTENT_PUBLISHED);
	} else {
		out[1] = status_steps(f, id, CONTENT_PUBLISHED);
		out[2] = status_steps(f, id, CONTENT_DRAFT);
	}
	arena_reset(f->a);
}

/* The ids of page offset of /news as the plain query finds them: the
 * groups by their first published version, newest first, each with its
 * best version for a reader of lang (default en). */
static size_t
plain_page(sqlite3 *db, const char *lang, int64_t offset, int64_t ids[10])
{
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(db,
	    "SELECT (SELECT b.id FROM news b WHERE b.group_id = g.group_id"
	    " AND +b.status = 'published' AND b.published_at <= ?1"
	    " ORDER BY CASE b.lang WHEN ?2 THEN 0 WHEN 'en' THEN 1 ELSE 2"
	    " END, b.id LIMIT 1) FROM (SELECT group_id, min(published_at)"
	    " AS at FROM news WHERE status = 'published' GROUP BY group_id"
	    " HAVING at <= ?1) g ORDER BY at DESC, group_id DESC"
	    " LIMIT 10 OFFSET ?3", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, offset);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The whole list, page by page, against the plain query's. */
static void
compare_lists(struct fixture *f, const char *lang, int64_t step)
{
	int64_t ids[10], count, off;
	struct news *items;
	sqlite3 *db;
	size_t n, want, i;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(store_news_count(f->s, NOW, &count), STORE_OK);
	for (off = 0; off <= count; off += step) {
		want = plain_page(db, lang, off, ids);
		assert_int_equal(store_news_list(f->s, f->a, lang, "en", NOW,
		    off, 10, &items, &n), STORE_OK);
		assert_int_equal(n, want);
		for (i = 0; i < n; i++)
			assert_int_equal(items[i].id, ids[i]);
		assert_int_equal(want, off + 10 <= count ? 10 :
		    (size_t)(count - off));
	}
	arena_reset(f->a);
	sqlite3_close(db);
}

/* The place of every group numbered a multiple of every
 * (store_news_place, its rows' least publication time as the changed
 * release's) against the plain query's: the visible groups above that
 * key, or above the group's own key when it is listed and newer. */
static void
compare_places(struct fixture *f, int every)
{
	sqlite3_stmt *st;
	int64_t place;
	sqlite3 *db;
	int rows = 0;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	    "WITH g AS (SELECT group_id, min(published_at) AS at FROM news"
	    " WHERE status = 'published' GROUP BY group_id HAVING at <= ?1),"
	    " h AS (SELECT group_id, min(published_at) AS at FROM news"
	    " GROUP BY group_id)"
	    " SELECT h.group_id, h.at, min((SELECT count(*) FROM g"
	    " WHERE (g.at, g.group_id) > (h.at, h.group_id)),"
	    " coalesce((SELECT (SELECT count(*) FROM g"
	    " WHERE (g.at, g.group_id) > (o.at, o.group_id)) FROM g AS o"
	    " WHERE o.group_id = h.group_id), 1e18)) FROM h"
	    " WHERE h.group_id % ?2 = 0",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	sqlite3_bind_int(st, 2, every);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_int_equal(store_news_place(f->s, NOW,
		    sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		    &place), STORE_OK);
		assert_int_equal(place, sqlite3_column_int64(st, 2));
		rows++;
	}
	assert_true(rows > 20);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Every chunk and super counts what its range holds (up to the next
 * one's first key), no chunk holds more than 128, and every super starts
 * where a chunk does. */
static void
chunks_count(struct fixture *f)
{
	sqlite3_stmt *st;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*),"
	    " sum(n > 128), sum(n <> (SELECT count(*) FROM news_order o"
	    " WHERE (o.at, o.group_id) >= (c.lo_at, c.lo_gid) AND NOT EXISTS"
	    " (SELECT 1 FROM news_chunk d WHERE (d.lo_at, d.lo_gid) >"
	    " (c.lo_at, c.lo_gid) AND (d.lo_at, d.lo_gid) <= (o.at,"
	    " o.group_id)))), sum(n) - (SELECT count(*) FROM news_order),"
	    " (SELECT n FROM news_order_size) - (SELECT count(*)"
	    " FROM news_order), (SELECT count(*) FROM news_super s"
	    " WHERE n <> (SELECT count(*) FROM news_order o"
	    " WHERE (o.at, o.group_id) >= (s.lo_at, s.lo_gid) AND NOT EXISTS"
	    " (SELECT 1 FROM news_super d WHERE (d.lo_at, d.lo_gid) >"
	    " (s.lo_at, s.lo_gid) AND (d.lo_at, d.lo_gid) <= (o.at,"
	    " o.group_id))) OR NOT EXISTS (SELECT 1 FROM news_chunk c"
	    " WHERE c.lo_at = s.lo_at AND c.lo_gid = s.lo_gid))"
	    " FROM news_chunk c", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_true(sqlite3_column_int64(st, 0) > 4);
	assert_int_equal(sqlite3_column_int64(st, 1), 0);
	assert_int_equal(sqlite3_column_int64(st, 2), 0);
	assert_int_equal(sqlite3_column_int64(st, 3), 0);
	assert_int_equal(sqlite3_column_int64(st, 4), 0);
	assert_int_equal(sqlite3_column_int64(st, 5), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* news_listing holds every published release's list columns under its
 * group's place, and nothing else (021.sql). */
static void
listing_matches(struct fixture *f)
{
	sqlite3_stmt *st;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "WITH want AS (SELECT"
	    " (SELECT min(published_at) FROM news m WHERE m.group_id ="
	    " n.group_id AND m.status = 'published') AS at, group_id, id,"
	    " lang, slug, title, dateline, pub_date, summary, published_at,"
	    " updated_at, lead_media FROM news n WHERE status = 'published'),"
	    " have AS (SELECT at, group_id, id, lang, slug, title, dateline,"
	    " pub_date, summary, published_at, updated_at, lead_media"
	    " FROM news_listing)"
	    " SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT"
	    " SELECT * FROM have)), (SELECT count(*) FROM (SELECT * FROM have"
	    " EXCEPT SELECT * FROM want)), (SELECT count(*) FROM want)",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 0);
	assert_int_equal(sqlite3_column_int64(st, 1), 0);
	assert_true(sqlite3_column_int64(st, 2) > 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Runs sql, statements separated by ';', in one transaction. */
static void
fixture_exec_batch(struct fixture *f, const char *sql)
{
	char *all = malloc(strlen(sql) + 16);

	assert_non_null(all);
	sprintf(all, "BEGIN;%sCOMMIT;", sql);
	fixture_exec(f, all);
	free(all);
}

static void
test_order_model(void **state)
{
	static char batch[200 * 512];
	struct fixture *f;
	char sql[512];
	int i, k, g;

	(void)state;
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	/* 600 groups: chunks split several times over. */
	fixture_exec(f, "BEGIN; WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL"
	    " SELECT k + 1 FROM i WHERE k < 599) INSERT INTO news (id, lang,"
	    " slug, title, pub_date, status, published_at) SELECT 100000 + k,"
	    " 'en', printf('m-%d', k), 'M', '2020-01-01', 'published',"
	    " 1600000000 + (k * 7919) % 600 * 3600 FROM i; COMMIT;");
	compare_lists(f, "en", 10);
	compare_places(f, 1);
	chunks_count(f);
	listing_matches(f);
	srand(16);
	/* Batches of 200 changes, each in one transaction (a commit each
	 * would cost a sync each). */
	batch[0] = '\0';
	for (i = 0; i < 1200; i++) {
		k = rand() % 600;
		g = 100000 + rand() % 600;
		switch (rand() % 8) {
		case 0:
			snprintf(sql, sizeof(sql), "UPDATE news SET status ="
			    " 'draft' WHERE id = %d", 100000 + k);
			break;
		case 1:
			snprintf(sql, sizeof(sql), "UPDATE news SET status ="
			    " 'published' WHERE id = %d", 100000 + k);
			break;
		case 2:
			snprintf(sql, sizeof(sql), "DELETE FROM news"
			    " WHERE id = %d", 100000 + k);
			break;
		case 3:
			/* A translation, possibly before its original. */
			snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO news"
			    " (lang, slug, title, pub_date, status,"
			    " published_at, group_id) SELECT 'hu',"
			    " 't-%d-%d', 'T', '2020-01-01', 'published',"
			    " 1600000000 + %d * 3600, group_id FROM news"
			    " WHERE id = %d", i, k, rand() % 1600, g);
			break;
		case 5:
			/* What a list shows of it. */
			snprintf(sql, sizeof(sql), "UPDATE news SET title ="
			    " 'U%d', summary = 'S', dateline = 'D',"
			    " updated_at = %d WHERE id = %d", i, NOW - i,
			    100000 + k);
			break;
		case 6:
			/* To another group, or a language of its own. */
			snprintf(sql, sizeof(sql), "UPDATE OR IGNORE news SET"
			    " %s WHERE id = %d", rand() % 2 ? "lang = 'de'" :
			    "group_id = (SELECT group_id FROM news WHERE"
			    " id = 100000 + abs(random()) % 600)", 100000 + k);
			break;
		case 4:
			/* Scheduled: after NOW. */
			snprintf(sql, sizeof(sql), "UPDATE news SET"
			    " published_at = %d WHERE id = %d",
			    NOW + 60 * (1 + rand() % 100), 100000 + k);
			break;
		default:
			snprintf(sql, sizeof(sql), "UPDATE news SET"
			    " published_at = 1600000000 + %d * 3600"
			    " WHERE id = %d", rand() % 1600, 100000 + k);
		}
		strcat(batch, sql);
		strcat(batch, ";");
		if (i % 200 == 199) {
			fixture_exec_batch(f, batch);
			batch[0] = '\0';
		}
		if (i % 400 == 399) {
			compare_lists(f, i % 800 == 399 ? "en" : "hu", 10);
			compare_places(f, 1);
			listing_matches(f);
		}
	}
	chunks_count(f);
	listing_matches(f);
	compare_lists(f, "hu", 10);
	compare_places(f, 1);
	assert_int_equal(teardown((void **)&f), 0);
}

/* Fails when what's work at scale passes 1.2 times its work before (the
 * demo, or a small archive) plus 200 steps. */
static void
check_ratio(const char *what, int64_t before, int64_t scale)
{
	print_message("%-36s before %7lld  at scale %7lld\n", what,
	    (long long)before, (long long)scale);
	if (scale * 10 > before * 12 + 2000)
		fail_msg("%s: %lld steps at scale, %lld before", what,
		    (long long)scale, (long long)before);
}

/* The feeds at scale against their work on the demo, demo_f for demo_e
 * entries each. */
static void
check_feeds(const int64_t demo_f[NFEEDS], const int64_t demo_e[NFEEDS])
{
	int64_t steps, entries;
	size_t i;

	for (i = 0; i < NFEEDS; i++) {
		steps = url_least(feeds[i], &entries);
		assert_true(entries > demo_e[i]);
		print_message("%-36s demo %7lld  20k %7lld (entries %lld,"
		    " %lld)\n", feeds[i], (long long)demo_f[i],
		    (long long)steps, (long long)demo_e[i],
		    (long long)entries);
		/* Per entry, with no allowance: a few steps an entry more
		 * would be the growth this guards against. */
		if (steps * demo_e[i] * 10 > demo_f[i] * entries * 12)
			fail_msg("%s: %lld steps for %lld entries, %lld for"
			    " %lld on the demo", feeds[i], (long long)steps,
			    (long long)entries, (long long)demo_f[i],
			    (long long)demo_e[i]);
	}
}

static void
test_cost_does_not_grow(void **state)
{
	static const char *const writes[] = { "save", "publish",
	    "unpublish" };
	struct fixture *f;
	int64_t demo[NURLS], small[NURLS], small_deep[NDEEP], demo_w[3], scale_w[3], id;
	int64_t demo_f[NFEEDS], demo_e[NFEEDS];
	size_t i;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	assert_int_equal(store_render_missing(f->s, fixture_render), STORE_OK);
	free(cfg.database);
	cfg.database = strdup(f->path);
	cfg.cache_entries = 0;
	/* Hungarian served too: its search and feed are measured. */
	cfg.langs[cfg.nlangs++] = "hu";
	assert_int_equal(app_init(&cfg), 0);
	for (i = 0; i < NURLS; i++)
		demo[i] = url_least(urls[i].demo, NULL);
	for (i = 0; i < NFEEDS; i++)
		demo_f[i] = url_least(feeds[i], &demo_e[i]);
	/* A published release: a save then renders and indexes it. */
	id = fixture_release(f, "New one", "new-one", &who);
	status_steps(f, id, CONTENT_PUBLISHED);
	write_steps(f, id, demo_w);

	fixture_exec(f, scale_sql);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	/* The triggers split chunks and supers on the way: the order still
	 * gives what the plain query gives, every 7770th place. */
	compare_lists(f, "hu", 7770);
	/* Its places, across supers too. */
	compare_places(f, 397);
	for (i = 0; i < NURLS; i++)
		check_ratio(urls[i].scale, demo[i],
		    url_least(urls[i].scale, NULL));
	check_feeds(demo_f, demo_e);
	/* The same release, and one deep in the list. */
	write_steps(f, id, scale_w);
	for (i = 0; i < 3; i++)
		check_ratio(writes[i], demo_w[i], scale_w[i]);
	write_steps(f, 100000 + RELEASES / 2, scale_w);
	for (i = 0; i < 3; i++)
		check_ratio(writes[i], demo_w[i], scale_w[i]);
	/* Twenty years of events, projects and publications on top, 100
	 * of them and then 5,000: every URL costs about the same with
	 * either, its pages being full and every year there with both.
	 * Every miss asks store_state when its page goes stale, which once
	 * read every event and project for it; the lists sorted every row
	 * of their kind and counted them all. */
	archive(f, 40);
	for (i = 0; i < NURLS; i++)
		small[i] = url_least(urls[i].scale, NULL);
	for (i = 0; i < NDEEP; i++)
		small_deep[i] = url_least(deep[i].demo, NULL);
	archive(f, 2000);
	print_message("%s\n", "with 100, then 5,000 events, projects and"
	    " publications:");
	for (i = 0; i < NURLS; i++)
		check_ratio(urls[i].scale, small[i],
		    url_least(urls[i].scale, NULL));
	for (i = 0; i < NDEEP; i++)
		check_ratio(deep[i].scale, small_deep[i],
		    url_least(deep[i].scale, NULL));
	check_feeds(demo_f, demo_e);
	app_fini();
	assert_int_equal(teardown((void **)&f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_model),
		cmocka_unit_test(test_cost_does_not_grow),
	};

	if (config_load(&cfg, "/nonexistent", false) == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

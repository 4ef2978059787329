/* test_entry_lists.c: the lists of events, projects and publications, each
 * read in parts in an index's order (src/store/event.c, project.c,
 * publication.c), give every page, with every filter, what the one sorted
 * query gives (the past events, the projects past the ongoing ones and
 * the publications of any type or of one by their group's place,
 * list_order, 017.sql, 018.sql and 019.sql); their counts (entry_order, 015.sql) and the publications'
 * years agree with plain counts; through random inserts, translations,
 * status flips, schedules, group moves and deletes. Run from the
 * repository root. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_fixture.h"
#include "store/event.h"

/* 2024-06-01 00:00 UTC; events and project ends fall within 40 days of
 * it, publications within three years before. */
#define NOW		1717200000
#define TODAY		"2024-06-01"
#define CHANGES		900
#define PAGE		7

/* e.id is the best ranked visible version of its group for a reader of
 * ?2 (the site's default: en), as the lists choose; BEST_IF, among the
 * versions b that also admits. */
#define BEST(kind)	BEST_IF(kind, "1")
#define BEST_IF(kind, also) "e.kind = '" kind "' AND e.status =" \
	" 'published' AND e.published_at <= ?1 AND e.id = (SELECT b.id FROM" \
	" entries b INDEXED BY entries_group WHERE b.group_id = e.group_id" \
	" AND b.kind = '" kind "' AND b.status = 'published' AND" \
	" b.published_at <= ?1 AND " also " ORDER BY CASE b.lang WHEN ?2" \
	" THEN 0 WHEN 'en' THEN 1 ELSE 2 END, b.id LIMIT 1)"

/* The lists as one sorted query each: ?3 and ?4 their filters, ?5 the
 * offset, ?6 the local date. The events: the upcoming ones by their own
 * start, then the past ones by their group's place, the earliest start
 * of its published versions (PLAIN_EVENTS: all of them). */
#define PLAIN_EVENTS \
	"SELECT id FROM (SELECT e.id, e.starts, e.group_id, ((CASE WHEN" \
	" e.ends <> '' THEN e.ends ELSE e.starts END) || (CASE WHEN" \
	" length(CASE WHEN e.ends <> '' THEN e.ends ELSE e.starts END) =" \
	" 10 THEN ' 99:99' ELSE '' END) >= ?3) AS up, (SELECT" \
	" min(g.starts) FROM entries g WHERE g.group_id = e.group_id AND" \
	" g.kind = 'event' AND g.status = 'published') AS place FROM" \
	" entries e WHERE " BEST("event") ") ORDER BY up DESC, CASE WHEN up" \
	" THEN starts END, CASE WHEN up THEN id END DESC, place DESC," \
	" group_id DESC"
static const char plain_events[] = PLAIN_EVENTS " LIMIT 7 OFFSET ?5";
/* The publications of type ?3 ('' any), each group's best version of
 * the type: with no year, by their group's place, the earliest date of
 * its published versions of the type (018.sql, 019.sql); of a year, by
 * their own. */
#define PLAIN_PUBLICATIONS \
	"SELECT e.id FROM entries e WHERE " BEST_IF("publication", \
	"(?3 = '' OR b.category = ?3)") " AND (?3 = '' OR e.category = ?3)" \
	" AND (?4 = 0 OR CAST(substr(e.pub_date, 1, 4) AS INTEGER) = ?4)" \
	" ORDER BY CASE WHEN ?4 = 0 THEN (SELECT min(g.pub_date) FROM" \
	" entries g WHERE g.group_id = e.group_id AND g.kind ="\
	" 'publication' AND g.status = 'published' AND (?3 = '' OR" \
	" g.category = ?3)) END DESC, CASE WHEN ?4 = 0 THEN e.group_id END" \
	" DESC, e.pub_date DESC, e.published_at DESC, e.id DESC"
static const char plain_publications[] = PLAIN_PUBLICATIONS
	" LIMIT 7 OFFSET ?5";
/* The projects: the ongoing ones by their own start, then, unfiltered,
 * the others by their group's place, the earliest start of its
 * published versions (018.sql), filtered by their own. */
#define PLAIN_PROJECTS \
	"SELECT id FROM (SELECT e.id, e.starts, e.group_id, CASE WHEN" \
	" e.category <> '' THEN e.category WHEN e.ends <> '' AND e.ends < ?6" \
	" THEN 'completed' ELSE 'ongoing' END AS state, (SELECT" \
	" min(g.starts) FROM entries g WHERE g.group_id = e.group_id AND" \
	" g.kind = 'project' AND g.status = 'published') AS place FROM" \
	" entries e WHERE " BEST("project") " AND (?4 IS NULL OR EXISTS" \
	" (SELECT 1 FROM entry_donors x JOIN donors d ON d.id = x.donor_id" \
	" WHERE x.entry_id = e.id AND d.name = ?4))) WHERE ?3 IS NULL OR" \
	" state = ?3 ORDER BY state <> 'ongoing', CASE WHEN state <>" \
	" 'ongoing' AND ?3 IS NULL AND ?4 IS NULL THEN place END DESC, CASE" \
	" WHEN state <> 'ongoing' AND ?3 IS NULL AND ?4 IS NULL THEN" \
	" group_id END DESC, starts DESC, id DESC"
static const char plain_projects[] = PLAIN_PROJECTS " LIMIT 7 OFFSET ?5";

/* A list's filter or local time: a text (NULL: none), or the number n
 * when text is NULL and n >= 0. */
struct arg {
	const char	*text;
	int64_t		 n;
};

static void
bind_arg(sqlite3_stmt *st, int i, struct arg a)
{
	if (a.text != NULL)
		sqlite3_bind_text(st, i, a.text, -1, SQLITE_STATIC);
	else if (a.n >= 0)
		sqlite3_bind_int64(st, i, a.n);
}

/* The ids of the page at offset of the plain query sql. */
static size_t
plain_page(sqlite3 *db, const char *sql, const char *lang, struct arg a3,
    struct arg a4, int64_t offset, int64_t ids[PAGE])
{
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	bind_arg(st, 3, a3);
	bind_arg(st, 4, a4);
	sqlite3_bind_int64(st, 5, offset);
	sqlite3_bind_text(st, 6, TODAY, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

enum list { EVENTS, PUBLICATIONS, PROJECTS };

/* The ids of the page at offset as the store reads it, with its count
 * into *count. */
static size_t
store_page(struct fixture *f, enum list l, const char *lang, struct arg a3,
    struct arg a4, int64_t offset, int64_t ids[PAGE], int64_t *count)
{
	struct project_filter pf = { a3.text, a4.text, TODAY };
	struct event_item *events;
	struct content *items;
	size_t n = 0, i;

	switch (l) {
	case EVENTS:
		assert_int_equal(store_event_list(f->s, f->a, lang, "en", NOW,
		    a3.text, offset, PAGE, &events, &n), STORE_OK);
		for (i = 0; i < n; i++)
			ids[i] = events[i].c.id;
		assert_int_equal(store_event_count(f->s, NOW, count),
		    STORE_OK);
		break;
	case PUBLICATIONS:
		assert_int_equal(store_publication_list(f->s, f->a, lang,
		    "en", NOW, a3.text, (int)a4.n, offset, PAGE, &items, &n),
		    STORE_OK);
		for (i = 0; i < n; i++)
			ids[i] = items[i].id;
		assert_int_equal(store_publication_count(f->s, lang, "en",
		    NOW, a3.text, (int)a4.n, count), STORE_OK);
		break;
	case PROJECTS:
		assert_int_equal(store_project_list(f->s, f->a, lang, "en",
		    NOW, &pf, offset, PAGE, &items, &n), STORE_OK);
		for (i = 0; i < n; i++)
			ids[i] = items[i].id;
		assert_int_equal(store_project_count(f->s, lang, "en", NOW,
		    &pf, count), STORE_OK);
		break;
	}
	arena_reset(f->a);
	return n;
}

/* Every page of list l with its filters, in both languages, against sql;
 * the store's count against the rows the pages held. */
static void
compare_list(struct fixture *f, sqlite3 *db, enum list l, const char *sql,
    struct arg a3, struct arg a4)
{
	static const char *const langs[] = { "en", "hu" };
	/* For the plain query: a filter of none is '' or 0 there. */
	struct arg p3 = a3, p4 = a4;
	int64_t want[PAGE], got[PAGE], off, count;
	size_t k, n, i, li;

	if (l == PUBLICATIONS && p3.text == NULL)
		p3.text = "";
	for (li = 0; li < 2; li++) {
		off = 0;
		do {
			k = plain_page(db, sql, langs[li], p3, p4, off, want);
			n = store_page(f, l, langs[li], a3, a4, off, got,
			    &count);
			assert_int_equal(n, k);
			for (i = 0; i < n; i++)
				assert_int_equal(got[i], want[i]);
			off += PAGE;
		} while (k == PAGE);
		assert_int_equal(count, off - PAGE + (int64_t)k);
	}
}

/* As compare_list() in one language, the plain query sql (no LIMIT) read
 * once: for lists of hundreds of pages. */
static void
compare_whole(struct fixture *f, sqlite3 *db, enum list l, const char *sql,
    const char *lang, struct arg a3, struct arg a4)
{
	struct arg p3 = a3;
	int64_t *want = NULL, got[PAGE], count;
	size_t n = 0, k, i;
	sqlite3_stmt *st;

	if (l == PUBLICATIONS && p3.text == NULL)
		p3.text = "";
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	bind_arg(st, 3, p3);
	bind_arg(st, 4, a4);
	sqlite3_bind_text(st, 6, TODAY, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_non_null(want = realloc(want, (n + 1) * sizeof(*want)));
		want[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	assert_true(n > 100);
	for (k = 0; k <= n; k += PAGE) {
		i = store_page(f, l, lang, a3, a4, (int64_t)k, got, &count);
		assert_int_equal(i, n - k < PAGE ? n - k : PAGE);
		while (i-- > 0)
			assert_int_equal(got[i], want[k + i]);
		assert_int_equal(count, (int64_t)n);
	}
	free(want);
}

/* The publications' years against a plain DISTINCT. */
static void
compare_years(struct fixture *f, sqlite3 *db)
{
	sqlite3_stmt *st;
	size_t n, i = 0;
	int *years;

	assert_int_equal(store_publication_years(f->s, f->a, NOW, &years,
	    &n), STORE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT DISTINCT"
	    " CAST(substr(pub_date, 1, 4) AS INTEGER) FROM entries WHERE"
	    " kind = 'publication' AND status = 'published' AND"
	    " published_at <= ?1 ORDER BY 1 DESC", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(i < n);
		assert_int_equal(years[i++], sqlite3_column_int(st, 0));
	}
	assert_int_equal(i, n);
	sqlite3_finalize(st);
	arena_reset(f->a);
}

static void
compare(struct fixture *f)
{
	static const char *const times[] = { "2024-05-31 23:59",
	    "2024-06-01 00:00", "2024-06-01 10:00", "2024-06-01 16:00",
	    "2024-06-12 09:30" };
	static const char *const states[] = { NULL, "ongoing", "completed",
	    "closed" };
	static const char *const types[] = { NULL, "report", "factsheet" };
	static const int years[] = { 0, 2024, 2022 };
	struct arg none = { NULL, -1 };
	sqlite3 *db;
	size_t i, j;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		compare_list(f, db, EVENTS, plain_events,
		    (struct arg){ times[i], -1 }, none);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		for (j = 0; j < sizeof(years) / sizeof(years[0]); j++)
			compare_list(f, db, PUBLICATIONS, plain_publications,
			    (struct arg){ types[i], -1 },
			    (struct arg){ NULL, years[j] });
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		compare_list(f, db, PROJECTS, plain_projects,
		    (struct arg){ states[i], -1 }, none);
		compare_list(f, db, PROJECTS, plain_projects,
		    (struct arg){ states[i], -1 },
		    (struct arg){ "donor b", -1 });
	}
	compare_years(f, db);
	sqlite3_close(db);
}

/* A date within days of NOW ("date(...)", SQL), with a time unless
 * all_day. */
static void
random_when(char *out, size_t size, int from, int days, bool all_day)
{
	snprintf(out, size, "date(%d, 'unixepoch', '%+d days')%s", NOW,
	    from + rand() % days, all_day ? "" : rand() % 2 ?
	    " || ' 10:00'" : " || ' 16:00'");
}

/* A new entry of kind k (0: event, 1: project, 2: publication), row
 * 100000 + i, into sql. */
static void
new_entry(char *sql, size_t size, int i, int k)
{
	static const char *const kinds[] = { "event", "project",
	    "publication" };
	static const char *const categories[] = { "", "", "", "ongoing",
	    "completed", "closed" };
	char starts[96], ends[96], pub_date[96];
	bool all_day = k == 1 || rand() % 4 == 0;

	random_when(starts, sizeof(starts), -20, 40, all_day);
	if (rand() % 3 == 0)
		snprintf(ends, sizeof(ends), "''");
	else
		random_when(ends, sizeof(ends), -18, 40, all_day);
	random_when(pub_date, sizeof(pub_date), -1100, 1100, true);
	snprintf(sql, size, "INSERT INTO entries (id, kind, lang, slug,"
	    " title, status, pub_date, published_at, starts, ends, category)"
	    " VALUES (100000 + %d, '%s', 'en', 'e-%d', 'E', '%s', %s, %d,"
	    " %s, %s, '%s')", i, kinds[k], i, rand() % 5 ? "published" :
	    "draft", k == 2 ? pub_date : "'2024-05-01'",
	    NOW - 86400 * (rand() % 30), k < 2 ? starts : "''",
	    k < 2 ? ends : "''", k == 1 ? categories[rand() % 6] : k == 2 ?
	    (rand() % 2 ? "report" : "factsheet") : "");
}

/* A random change to the entries made so far (ids 100000 to 100000 +
 * i), into sql. */
static void
change(char *sql, size_t size, int i)
{
	int g = rand() % (i + 1);

	switch (rand() % 8) {
	case 0:
		/* A translation, possibly published before its original. */
		snprintf(sql, size, "INSERT OR IGNORE INTO entries (kind, lang,"
		    " slug, title, status, pub_date, published_at, starts,"
		    " ends, category, group_id) SELECT kind, 'hu', 't-%d',"
		    " 'T', 'published', pub_date, %d, starts, ends, category,"
		    " group_id FROM entries WHERE id = 100000 + %d", i,
		    NOW - 86400 * (rand() % 30), g);
		break;
	case 1:
		snprintf(sql, size, "UPDATE entries SET status = CASE status"
		    " WHEN 'draft' THEN 'published' ELSE 'draft' END"
		    " WHERE id = 100000 + %d", g);
		break;
	case 2:
		snprintf(sql, size, "DELETE FROM entries WHERE id = 100000 +"
		    " %d", g);
		break;
	case 3:
		/* Scheduled, or due again. */
		snprintf(sql, size, "UPDATE entries SET published_at = %d"
		    " WHERE id = 100000 + %d", NOW + 3600 * (rand() % 48 - 24),
		    g);
		break;
	case 4:
		/* Into another group of its kind. */
		snprintf(sql, size, "UPDATE OR IGNORE entries SET group_id ="
		    " (SELECT g.group_id FROM entries g WHERE g.id = 100000 +"
		    " %d) WHERE id = 100000 + %d AND EXISTS (SELECT 1 FROM"
		    " entries g WHERE g.id = 100000 + %d AND g.kind ="
		    " entries.kind)", g, rand() % (i + 1), g);
		break;
	case 5:
		/* Out of its group, into one of its own. */
		snprintf(sql, size, "UPDATE entries SET group_id = id WHERE id"
		    " = (SELECT max(id) FROM entries WHERE id <= 100000 + %d"
		    " AND group_id <> id)", g);
		break;
	case 6:
		/* A donor for a project (the filter by donor). */
		snprintf(sql, size, "INSERT OR IGNORE INTO entry_donors"
		    " (entry_id, donor_id, position) SELECT id, 1001 + %d, 0 FROM"
		    " entries WHERE id = 100000 + %d AND kind = 'project'",
		    rand() % 2, g);
		break;
	default:
		/* A project's state, a publication's type. */
		snprintf(sql, size, "UPDATE entries SET category = CASE"
		    " category WHEN '' THEN 'ongoing' WHEN 'ongoing' THEN"
		    " 'completed' WHEN 'report' THEN 'factsheet' WHEN"
		    " 'factsheet' THEN 'report' ELSE '' END WHERE id = 100000 +"
		    " %d AND kind IN ('project', 'publication')", g);
	}
}

/* A group's key in each order: the least of its published versions'
 * (017.sql, 018.sql), the start or date as a number. */
#define EVENT_AT	"CAST(replace(substr(starts, 1, 10), '-', '') AS" \
	" INTEGER) * 10000 + CASE WHEN length(starts) >= 16 THEN 1 +" \
	" CAST(replace(substr(starts, 12, 5), ':', '') AS INTEGER) ELSE 0 END"
#define PROJECT_AT	"CAST(replace(substr(starts, 1, 10), '-', '') AS" \
	" INTEGER)"
#define PUBLICATION_AT	"CAST(replace(substr(pub_date, 1, 10), '-', '')" \
	" AS INTEGER)"

/* Every chunk and super of kind's order counts the keys of its range (up
 * to the next one's first key), no chunk holds more than 128, every
 * super starts where a chunk does, the order holds every group with a
 * published version, and each group's key is at of the earliest; the
 * chunks and supers into *chunks and *supers. */
/* An entry of order ?1: of its kind, or a publication of its type
 * ('publication/report', 019.sql). */
#define OF_ORDER	"(kind = ?1 OR (kind = 'publication' AND" \
	" 'publication/' || category = ?1))"

static void
chunks_count(struct fixture *f, const char *kind, const char *at,
    int64_t *chunks, int64_t *supers)
{
	static const char fmt[] = "WITH m AS (SELECT (SELECT"
	    " lo_at || ',' || lo_gid FROM list_chunk WHERE kind = ?1 AND"
	    " (lo_at, lo_gid) <= (o.at, o.group_id) ORDER BY lo_at DESC,"
	    " lo_gid DESC LIMIT 1) AS ck, (SELECT lo_at || ',' || lo_gid FROM"
	    " list_super WHERE kind = ?1 AND (lo_at, lo_gid) <= (o.at,"
	    " o.group_id) ORDER BY lo_at DESC, lo_gid DESC LIMIT 1) AS sk"
	    " FROM list_order o WHERE kind = ?1), cc AS (SELECT ck,"
	    " count(*) AS k FROM m GROUP BY ck), sc AS (SELECT sk, count(*)"
	    " AS k FROM m GROUP BY sk) SELECT (SELECT count(*) FROM"
	    " list_chunk WHERE kind = ?1), (SELECT count(*) FROM"
	    " list_super WHERE kind = ?1), (SELECT count(*) FROM"
	    " list_chunk c LEFT JOIN cc ON cc.ck = c.lo_at || ',' || c.lo_gid"
	    " WHERE c.kind = ?1 AND (coalesce(cc.k, 0) <> c.n OR c.n >"
	    " 128)), (SELECT count(*) FROM list_super s LEFT JOIN sc ON sc.sk"
	    " = s.lo_at || ',' || s.lo_gid WHERE s.kind = ?1 AND"
	    " (coalesce(sc.k, 0) <> s.n OR NOT EXISTS (SELECT 1 FROM"
	    " list_chunk c WHERE c.kind = ?1 AND c.lo_at = s.lo_at AND"
	    " c.lo_gid = s.lo_gid))), (SELECT n FROM list_order_size WHERE"
	    " kind = ?1) - (SELECT count(*) FROM list_order WHERE kind = ?1),"
	    " (SELECT count(*) FROM list_order o WHERE o.kind = ?1 AND o.at"
	    " IS NOT (SELECT min(%s) FROM entries INDEXED BY entries_group"
	    " WHERE group_id = o.group_id AND " OF_ORDER " AND status ="
	    " 'published')), (SELECT count(*) FROM (SELECT DISTINCT group_id"
	    " FROM entries WHERE " OF_ORDER " AND status = 'published' AND"
	    " group_id <> 0)) - (SELECT count(*) FROM list_order WHERE"
	    " kind = ?1)";
	char sql[sizeof(fmt) + 256];
	sqlite3_stmt *st;
	sqlite3 *db;
	int i;

	assert_true((size_t)snprintf(sql, sizeof(sql), fmt, at) <
	    sizeof(sql));
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	*chunks = sqlite3_column_int64(st, 0);
	*supers = sqlite3_column_int64(st, 1);
	for (i = 2; i < 7; i++)
		assert_int_equal(sqlite3_column_int64(st, i), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Every kind's order as chunks_count() checks it. */
static void
orders_count(struct fixture *f)
{
	int64_t chunks, supers;

	chunks_count(f, "event", EVENT_AT, &chunks, &supers);
	chunks_count(f, "project", PROJECT_AT, &chunks, &supers);
	chunks_count(f, "publication", PUBLICATION_AT, &chunks, &supers);
	chunks_count(f, "publication/report", PUBLICATION_AT, &chunks,
	    &supers);
	chunks_count(f, "publication/factsheet", PUBLICATION_AT, &chunks,
	    &supers);
}

/* Every stride-th page of /events (and the last) for lang at the local
 * time when against the plain order, read once (an OFFSET a page would
 * read it a page each). */
static void
compare_all_pages(struct fixture *f, sqlite3 *db, const char *lang,
    const char *when, size_t stride)
{
	struct arg none = { NULL, -1 };
	int64_t *want = NULL, got[PAGE], count;
	size_t n = 0, k, i;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db, PLAIN_EVENTS, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_non_null(want = realloc(want, (n + 1) * sizeof(*want)));
		want[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	assert_true(n > 500);
	for (k = 0; k <= n; k += PAGE) {
		/* The last stride pages all, before them every stride-th. */
		if ((k / PAGE) % stride != 0 && k + stride * PAGE <= n)
			continue;
		i = store_page(f, EVENTS, lang, (struct arg){ when, -1 }, none,
		    (int64_t)k, got, &count);
		assert_int_equal(i, n - k < PAGE ? n - k : PAGE);
		while (i-- > 0)
			assert_int_equal(got[i], want[k + i]);
		assert_int_equal(count, (int64_t)n);
	}
	free(want);
}

/* 900 events over two and a half years, a third of them with a
 * Hungarian version (its start a day later), some scheduled, some
 * upcoming; then random moves, flips and deletes: every page of /events
 * in both languages, at two times, against the plain query, and the
 * order's counts against its keys, chunks split and emptied. */
static void
test_events_deep(void **state)
{
	static const char *const times[] = { "2024-06-01 00:00",
	    "2024-06-12 09:30" };
	static char batch[100 * 640];
	struct fixture *f = NULL;
	int64_t chunks, supers;
	char sql[640];
	sqlite3 *db;
	int i, g;
	size_t t;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	fixture_exec(f, "BEGIN; WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL"
	    " SELECT k + 1 FROM i WHERE k < 899) INSERT INTO entries (id,"
	    " kind, lang, slug, title, status, pub_date, published_at, starts,"
	    " ends) SELECT 200000 + k, 'event', 'en', printf('d-%d', k), 'D',"
	    " 'published', '2024-05-01', 1717200000 + CASE WHEN k % 97 = 0"
	    " THEN 86400 ELSE -86400 END, date(1717200000, 'unixepoch',"
	    " printf('%+d days', 30 - (k * 7919) % 900)) || CASE WHEN k % 4"
	    " THEN printf(' %02d:%02d', k % 24, k % 60) ELSE '' END, CASE WHEN"
	    " k % 5 = 0 THEN date(1717200000, 'unixepoch', printf('%+d days',"
	    " 32 - (k * 7919) % 900)) ELSE '' END FROM i;"
	    " INSERT INTO entries (kind, lang, slug, title, status, pub_date,"
	    " published_at, starts, ends, group_id) SELECT 'event', 'hu',"
	    " 'h-' || id, 'H', 'published', pub_date, published_at,"
	    " date(starts, '+1 day'), ends, group_id FROM entries"
	    " WHERE id >= 200000 AND id % 3 = 0; COMMIT;");
	chunks_count(f, "event", EVENT_AT, &chunks, &supers);
	assert_true(chunks >= 8);
	srand(17);
	for (i = 0; i < 600; i++) {
		g = 200000 + rand() % 900;
		switch (rand() % 4) {
		case 0:
			snprintf(sql, sizeof(sql), "UPDATE entries SET status ="
			    " CASE status WHEN 'draft' THEN 'published' ELSE"
			    " 'draft' END WHERE id = %d", g);
			break;
		case 1:
			snprintf(sql, sizeof(sql), "UPDATE entries SET starts ="
			    " date(starts, '%+d days') WHERE id = %d",
			    rand() % 200 - 100, g);
			break;
		case 2:
			snprintf(sql, sizeof(sql), "UPDATE OR IGNORE entries"
			    " SET group_id = %d WHERE id = %d",
			    200000 + rand() % 900, g);
			break;
		default:
			snprintf(sql, sizeof(sql), "DELETE FROM entries"
			    " WHERE id = %d", g);
		}
		strcat(batch, sql);
		strcat(batch, ";");
		if (i % 100 == 99) {
			fixture_exec(f, batch);
			batch[0] = '\0';
			chunks_count(f, "event", EVENT_AT, &chunks, &supers);
		}
	}
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	for (t = 0; t < sizeof(times) / sizeof(times[0]); t++) {
		compare_all_pages(f, db, "en", times[t], 1);
		compare_all_pages(f, db, "hu", times[t], 1);
	}
	sqlite3_close(db);
	assert_int_equal(teardown((void **)&f), 0);
}

/* 8,400 events, one a day at random places: a super past 8192 splits;
 * then half of them deleted: emptied chunks go. Every 17th page and the
 * last ones in English against the plain order, and the counts against
 * the keys. */
static void
test_events_supers(void **state)
{
	struct fixture *f = NULL;
	int64_t chunks, supers;
	sqlite3 *db;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	fixture_exec(f, "BEGIN; WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL"
	    " SELECT k + 1 FROM i WHERE k < 8399) INSERT INTO entries (id,"
	    " kind, lang, slug, title, status, pub_date, published_at,"
	    " starts) SELECT 200000 + k, 'event', 'en', printf('s-%d', k),"
	    " 'S', 'published', '2024-05-01', 1717000000, date(1717200000,"
	    " 'unixepoch', printf('-%d days', 1 + (k * 7919) % 8400)) FROM i;"
	    " COMMIT;");
	chunks_count(f, "event", EVENT_AT, &chunks, &supers);
	assert_true(supers >= 2);
	fixture_exec(f, "DELETE FROM entries WHERE id >= 200000 AND"
	    " (id * 31) % 7 < 4");
	chunks_count(f, "event", EVENT_AT, &chunks, &supers);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	compare_all_pages(f, db, "en", "2024-06-01 00:00", 17);
	sqlite3_close(db);
	assert_int_equal(teardown((void **)&f), 0);
}

/* 1,200 projects and 1,200 publications over years, a third with a
 * Hungarian version, some ongoing, some scheduled. */
static const char kinds_sql[] =
	"BEGIN; WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL"
	" SELECT k + 1 FROM i WHERE k < 2399) INSERT INTO entries (id,"
	" kind, lang, slug, title, status, pub_date, published_at, starts,"
	" ends, category) SELECT 200000 + k, CASE WHEN k % 2 THEN"
	" 'publication' ELSE 'project' END, 'en', printf('d-%d', k), 'D',"
	" 'published', date(1717200000, 'unixepoch', printf('-%d days',"
	" (k * 7919) % 3000)), 1717200000 + CASE WHEN k % 97 = 0 THEN"
	" 86400 ELSE -86400 END, CASE WHEN k % 2 THEN '' ELSE"
	" date(1717200000, 'unixepoch', printf('-%d days', (k * 7919) %"
	" 3000)) END, CASE WHEN k % 2 THEN '' WHEN k % 11 = 0 THEN ''"
	" ELSE date(1717200000, 'unixepoch', printf('%+d days', 400 -"
	" (k * 7919) % 3000)) END, CASE WHEN k % 2 THEN CASE WHEN k % 3"
	" THEN 'report' ELSE 'factsheet' END WHEN k % 13 = 0 THEN"
	" 'completed' ELSE '' END FROM i;"
	" INSERT INTO entries (kind, lang, slug, title, status, pub_date,"
	" published_at, starts, ends, category, group_id) SELECT kind,"
	" 'hu', 'h-' || id, 'H', 'published', pub_date, published_at,"
	" starts, ends, category, group_id FROM entries"
	" WHERE id >= 200000 AND id % 3 = 0; COMMIT;";

/* kinds_sql's projects and publications, then random moves, flips,
 * schedules, group moves and deletes: every page of both lists,
 * unfiltered (and by status and by type), in both languages, against
 * the plain queries, and their orders' counts against their keys. */
static void
test_kinds_deep(void **state)
{
	static const char *const langs[] = { "en", "hu" };
	static char batch[100 * 640];
	struct fixture *f = NULL;
	struct arg none = { NULL, -1 };
	char sql[640];
	sqlite3 *db;
	int i, g;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	fixture_exec(f, kinds_sql);
	orders_count(f);
	srand(19);
	for (i = 0; i < 600; i++) {
		g = 200000 + rand() % 2400;
		switch (rand() % 6) {
		case 0:
			snprintf(sql, sizeof(sql), "UPDATE entries SET status ="
			    " CASE status WHEN 'draft' THEN 'published' ELSE"
			    " 'draft' END WHERE id = %d", g);
			break;
		case 1:
			snprintf(sql, sizeof(sql), "UPDATE entries SET starts ="
			    " CASE WHEN starts = '' THEN '' ELSE date(starts,"
			    " '%+d days') END, pub_date = date(pub_date,"
			    " '%+d days') WHERE id = %d", rand() % 200 - 100,
			    rand() % 200 - 100, g);
			break;
		case 2:
			snprintf(sql, sizeof(sql), "UPDATE OR IGNORE entries"
			    " SET group_id = (SELECT x.group_id FROM entries x"
			    " WHERE x.id = %d AND x.kind = entries.kind)"
			    " WHERE id = %d AND EXISTS (SELECT 1 FROM entries x"
			    " WHERE x.id = %d AND x.kind = entries.kind)",
			    g ^ 2, g, g ^ 2);
			break;
		case 3:
			snprintf(sql, sizeof(sql), "UPDATE entries SET"
			    " published_at = %d WHERE id = %d",
			    NOW + 3600 * (rand() % 48 - 24), g);
			break;
		case 4:
			snprintf(sql, sizeof(sql), "UPDATE entries SET"
			    " category = CASE category WHEN 'report' THEN"
			    " 'factsheet' ELSE 'report' END WHERE id = %d AND"
			    " kind = 'publication'", g);
			break;
		default:
			snprintf(sql, sizeof(sql), "DELETE FROM entries"
			    " WHERE id = %d", g);
		}
		strcat(batch, sql);
		strcat(batch, ";");
		if (i % 100 == 99) {
			fixture_exec(f, batch);
			batch[0] = '\0';
			orders_count(f);
		}
	}
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	for (i = 0; i < 2; i++) {
		compare_whole(f, db, PROJECTS, PLAIN_PROJECTS, langs[i], none,
		    none);
		compare_whole(f, db, PROJECTS, PLAIN_PROJECTS, langs[i],
		    (struct arg){ "completed", -1 }, none);
		compare_whole(f, db, PUBLICATIONS, PLAIN_PUBLICATIONS,
		    langs[i], none, (struct arg){ NULL, 0 });
		compare_whole(f, db, PUBLICATIONS, PLAIN_PUBLICATIONS,
		    langs[i], (struct arg){ "report", -1 }, (struct arg){ NULL,
		    0 });
		compare_whole(f, db, PUBLICATIONS, PLAIN_PUBLICATIONS,
		    langs[i], (struct arg){ "factsheet", -1 },
		    (struct arg){ NULL, 0 });
	}
	sqlite3_close(db);
	assert_int_equal(teardown((void **)&f), 0);
}

/* A database of schema 17 holding kinds_sql's entries, made from this
 * one (021.sql's list of releases and 018.sql's view and triggers out,
 * 017.sql's events' back, the new kinds' orders emptied), migrates to orders that hold them all, counted
 * as the triggers keep them, and lists that page as the plain queries. */
static void
test_migrate_fills(void **state)
{
	static const char from[] = "CREATE VIEW event_start";
	static const char to[] = "-- The event groups there are now";
	static const char undo[] = "DROP TRIGGER news_listing_ai;"
	    " DROP TRIGGER news_listing_au; DROP TRIGGER news_listing_ad;"
	    " DROP VIEW news_listing_sync; DROP TABLE news_listing;"
	    " DROP TRIGGER list_type_ai;"
	    " DROP TRIGGER list_type_au; DROP TRIGGER list_type_ad;"
	    " DROP VIEW list_type_start; DROP VIEW list_type_at;"
	    " DROP TRIGGER list_order_ai;"
	    " DROP TRIGGER list_order_au; DROP TRIGGER list_order_ad;"
	    " DROP VIEW list_at; DELETE FROM list_order WHERE kind <> 'event';"
	    " DELETE FROM list_chunk WHERE kind <> 'event';"
	    " DELETE FROM list_super WHERE kind <> 'event';"
	    " DELETE FROM list_order_size WHERE kind <> 'event';"
	    " DROP TABLE search_rows;" FIXTURE_UNDO_023
	    " PRAGMA user_version = 17;";
	static char text[16384], sql[sizeof(undo) + sizeof(text)];
	struct arg none = { NULL, -1 };
	struct fixture *f = NULL;
	enum store_status st;
	char *old, *stop;
	size_t len;
	FILE *fp;
	sqlite3 *db;

	(void)state;
	assert_non_null(fp = fopen("sql/migrations/017.sql", "r"));
	len = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[len] = '\0';
	assert_non_null(old = strstr(text, from));
	assert_non_null(stop = strstr(old, to));
	*stop = '\0';
	snprintf(sql, sizeof(sql), "%s %s", old, undo);
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	fixture_exec(f, kinds_sql);
	store_close(f->s);
	f->s = NULL;
	fixture_exec(f, sql);
	assert_non_null(f->s = store_open(f->path, STORE_WRITE, &st));
	assert_int_equal(st, STORE_OLD_SCHEMA);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	orders_count(f);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	compare_whole(f, db, PROJECTS, PLAIN_PROJECTS, "en", none, none);
	compare_whole(f, db, PUBLICATIONS, PLAIN_PUBLICATIONS, "hu", none,
	    (struct arg){ NULL, 0 });
	compare_whole(f, db, PUBLICATIONS, PLAIN_PUBLICATIONS, "en",
	    (struct arg){ "report", -1 }, (struct arg){ NULL, 0 });
	sqlite3_close(db);
	assert_int_equal(teardown((void **)&f), 0);
}

/* The VM steps of inserting one event (its triggers' included) that
 * starts on day, with id. */
static int64_t
insert_steps(struct fixture *f, int id, int day)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t steps;
	char sql[320];

	snprintf(sql, sizeof(sql), "INSERT INTO entries (id, kind, lang,"
	    " slug, title, status, pub_date, published_at, starts) VALUES"
	    " (%d, 'event', 'en', 'i-%d', 'I', 'published', '2024-05-01',"
	    " 1717000000, date(1717200000, 'unixepoch', '-%d days'))", id,
	    id, day);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return steps;
}

/* An event's insert costs the same with 100 events above it as with
 * 6,000: 017.sql's splits walked every key above the new one's chunk
 * when they had nothing to split (018.sql). At most 1.2x + 200, as
 * test_store_scale's writes. */
static void
test_insert_steps(void **state)
{
	struct fixture *f = NULL;
	int64_t few, many;

	(void)state;
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	fixture_exec(f, "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL"
	    " SELECT k + 1 FROM i WHERE k < 99) INSERT INTO entries (id,"
	    " kind, lang, slug, title, status, pub_date, published_at,"
	    " starts) SELECT 200000 + k, 'event', 'en', printf('s-%d', k),"
	    " 'S', 'published', '2024-05-01', 1717000000, date(1717200000,"
	    " 'unixepoch', printf('-%d days', k)) FROM i");
	few = insert_steps(f, 300000, 9000);
	fixture_exec(f, "WITH RECURSIVE i(k) AS (SELECT 100 UNION ALL"
	    " SELECT k + 1 FROM i WHERE k < 5999) INSERT INTO entries (id,"
	    " kind, lang, slug, title, status, pub_date, published_at,"
	    " starts) SELECT 200000 + k, 'event', 'en', printf('s-%d', k),"
	    " 'S', 'published', '2024-05-01', 1717000000, date(1717200000,"
	    " 'unixepoch', printf('-%d days', k)) FROM i");
	many = insert_steps(f, 300001, 9000);
	print_message("an event's insert: %lld steps among 100, %lld among"
	    " 6,000\n", (long long)few, (long long)many);
	assert_true(many <= few * 12 / 10 + 200);
	assert_int_equal(teardown((void **)&f), 0);
}

static void
test_entry_lists(void **state)
{
	static char batch[100 * 640];
	struct fixture *f = NULL;
	char sql[640];
	int i;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	fixture_exec(f, "INSERT INTO donors (id, name) VALUES (1001,"
	    " 'Donor A'), (1002, 'Donor B')");
	srand(15);
	for (i = 0; i < CHANGES; i++) {
		if (rand() % 2)
			new_entry(sql, sizeof(sql), i, rand() % 3);
		else
			change(sql, sizeof(sql), i);
		strcat(batch, sql);
		strcat(batch, ";");
		if (i % 100 == 99) {
			fixture_exec(f, batch);
			batch[0] = '\0';
			compare(f);
			orders_count(f);
		}
	}
	assert_int_equal(teardown((void **)&f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_lists),
		cmocka_unit_test(test_events_deep),
		cmocka_unit_test(test_events_supers),
		cmocka_unit_test(test_kinds_deep),
		cmocka_unit_test(test_migrate_fills),
		cmocka_unit_test(test_insert_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_event_list.c: /events read in two parts, each in an index's order
 * (store/event.c), gives every page the one sorted query gives, and
 * entry_order (015.sql) counts the groups a list shows, for every kind,
 * through random inserts, translations, moves, schedules and deletes.
 * Run from the repository root. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_fixture.h"
#include "store/event.h"

/* 2024-06-01 00:00 UTC; the events fall within 40 days of it. */
#define NOW		1717200000
#define EVENTS		300

/* The ids of the page at offset (limit 7) as one sorted query finds it:
 * the best visible version of each group, upcoming ones (not ended by
 * local_now) soonest first, then past ones latest first. */
static size_t
plain_page(sqlite3 *db, const char *lang, const char *local_now,
    int64_t offset, int64_t ids[7])
{
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(db,
	    "SELECT id FROM (SELECT e.id, e.starts, ((CASE WHEN e.ends <> ''"
	    " THEN e.ends ELSE e.starts END) || (CASE WHEN length(CASE WHEN"
	    " e.ends <> '' THEN e.ends ELSE e.starts END) = 10 THEN ' 99:99'"
	    " ELSE '' END) >= ?3) AS up FROM entries e WHERE e.kind = 'event'"
	    " AND e.status = 'published' AND e.published_at <= ?1 AND e.id ="
	    " (SELECT b.id FROM entries b WHERE b.group_id = e.group_id AND"
	    " b.kind = 'event' AND b.status = 'published' AND b.published_at"
	    " <= ?1 ORDER BY CASE b.lang WHEN ?2 THEN 0 WHEN 'en' THEN 1"
	    " ELSE 2 END, b.id LIMIT 1)) ORDER BY up DESC, CASE WHEN up THEN"
	    " starts ELSE '' END, starts DESC, id DESC LIMIT 7 OFFSET ?4",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, local_now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, offset);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* One integer sql gives. */
static int64_t
plain_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, NOW);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The count of kind's list, unfiltered, as the store gives it. */
static int64_t
entry_count(struct fixture *f, const char *kind)
{
	struct project_filter none = { NULL, NULL, "2024-06-01" };
	int64_t count = -1;

	if (strcmp(kind, "event") == 0)
		assert_int_equal(store_event_count(f->s, NOW, &count),
		    STORE_OK);
	else if (strcmp(kind, "project") == 0)
		assert_int_equal(store_project_count(f->s, "en", "en", NOW,
		    &none, &count), STORE_OK);
	else
		assert_int_equal(store_publication_count(f->s, "en", "en",
		    NOW, NULL, 0, &count), STORE_OK);
	return count;
}

/* Every page of the list, in both languages and at local times on both
 * sides of the events' ends, against the plain query; and every kind's
 * count against a count of its groups. */
static void
compare(struct fixture *f)
{
	static const char *const langs[] = { "en", "hu" };
	static const char *const times[] = { "2024-05-31 23:59",
	    "2024-06-01 00:00", "2024-06-01 10:00", "2024-06-01 16:00",
	    "2024-06-12 09:30" };
	static const char *const kinds[] = { "event", "project",
	    "publication" };
	struct event_item *items;
	int64_t ids[7], count, off, want;
	char sql[256];
	sqlite3 *db;
	size_t n, k, l, t, i;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(store_event_count(f->s, NOW, &count), STORE_OK);
	assert_int_equal(count, plain_int(db, "SELECT count(DISTINCT"
	    " group_id) FROM entries WHERE kind = 'event' AND status ="
	    " 'published' AND published_at <= ?1"));
	for (l = 0; l < 2; l++)
		for (t = 0; t < sizeof(times) / sizeof(times[0]); t++)
			for (off = 0; off <= count; off += 3) {
				k = plain_page(db, langs[l], times[t], off,
				    ids);
				assert_int_equal(store_event_list(f->s, f->a,
				    langs[l], "en", NOW, times[t], off, 7,
				    &items, &n), STORE_OK);
				assert_int_equal(n, k);
				for (i = 0; i < n; i++)
					assert_int_equal(items[i].c.id,
					    ids[i]);
				arena_reset(f->a);
			}
	for (k = 0; k < 3; k++) {
		snprintf(sql, sizeof(sql), "SELECT count(DISTINCT group_id)"
		    " FROM entries WHERE kind = '%s' AND status ="
		    " 'published' AND published_at <= ?1", kinds[k]);
		want = plain_int(db, sql);
		assert_int_equal(entry_count(f, kinds[k]), want);
	}
	sqlite3_close(db);
}

/* A random start within 40 days of NOW, "YYYY-MM-DD" or with a time. */
static void
random_when(char *out, size_t size, bool all_day, int shift)
{
	int day = rand() % 40 - 20 + shift;

	snprintf(out, size, "date(%d, 'unixepoch', '%+d days')%s", NOW, day,
	    all_day ? "" : rand() % 2 ? " || ' 10:00'" : " || ' 16:00'");
}

static void
test_event_list(void **state)
{
	static const char *const kinds[] = { "event", "project",
	    "publication" };
	static char batch[100 * 640];
	char sql[640], starts[96], ends[96];
	struct fixture *f = NULL;
	bool all_day;
	int i, k, g;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(fixture_open((void **)&f, 1), 0);
	srand(15);
	for (i = 0; i < EVENTS * 3; i++) {
		k = rand() % 100;
		all_day = rand() % 4 == 0;
		random_when(starts, sizeof(starts), all_day, 0);
		random_when(ends, sizeof(ends), all_day, 2);
		switch (rand() % 9) {
		case 0:
			/* A translation of an entry made before, of the
			 * same kind, possibly published before it. */
			snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO"
			    " entries (kind, lang, slug, title, status,"
			    " pub_date, published_at, starts, ends, group_id)"
			    " SELECT kind, 'hu', 't-%d', 'T', 'published',"
			    " '2024-05-01', %d, starts, ends, group_id"
			    " FROM entries WHERE id = 100000 + %d",
			    i, NOW - 86400 * (rand() % 30), rand() % (i + 1));
			break;
		case 1:
			snprintf(sql, sizeof(sql), "UPDATE entries SET status"
			    " = CASE status WHEN 'draft' THEN 'published'"
			    " ELSE 'draft' END WHERE id = 100000 + %d",
			    rand() % (i + 1));
			break;
		case 2:
			snprintf(sql, sizeof(sql), "DELETE FROM entries"
			    " WHERE id = 100000 + %d", rand() % (i + 1));
			break;
		case 3:
			/* Scheduled, or due again. */
			snprintf(sql, sizeof(sql), "UPDATE entries SET"
			    " published_at = %d WHERE id = 100000 + %d",
			    NOW + 3600 * (rand() % 48 - 24), rand() % (i + 1));
			break;
		case 4:
			/* Into another group of its kind. */
			g = rand() % (i + 1);
			snprintf(sql, sizeof(sql), "UPDATE OR IGNORE entries"
			    " SET group_id = (SELECT g.group_id FROM entries g"
			    " WHERE g.id = 100000 + %d) WHERE id = 100000 + %d"
			    " AND EXISTS (SELECT 1 FROM entries g WHERE g.id ="
			    " 100000 + %d AND g.kind = entries.kind)", g,
			    rand() % (i + 1), g);
			break;
		case 5:
			/* Out of its group, into one of its own. */
			snprintf(sql, sizeof(sql), "UPDATE entries SET"
			    " group_id = id WHERE id = (SELECT max(id)"
			    " FROM entries WHERE id <= 100000 + %d AND"
			    " group_id <> id)", rand() % (i + 1));
			break;
		default:
			snprintf(sql, sizeof(sql), "INSERT INTO entries (id,"
			    " kind, lang, slug, title, status, pub_date,"
			    " published_at, starts, ends) VALUES (100000 + %d,"
			    " '%s', 'en', 'e-%d', 'E', '%s', '2024-05-01', %d,"
			    " %s, %s)", i, kinds[k % 3], i, k < 80 ?
			    "published" : "draft", NOW - 86400 * (rand() % 30),
			    starts, k % 3 == 0 ? ends : "''");
		}
		strcat(batch, sql);
		strcat(batch, ";");
		if (i % 100 == 99) {
			fixture_exec(f, batch);
			batch[0] = '\0';
			compare(f);
		}
	}
	assert_int_equal(teardown((void **)&f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

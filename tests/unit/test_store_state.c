/* test_store_state.c: how long a cached page may live (store_state's
 * next_publication): not past the second a scheduled item falls due, the
 * day a project's derived status turns completed, or the minute an event
 * ends (the day, for an all-day one), when /events moves it among the
 * past ones; in the process's zone, or the one the thread uses. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/zone.h"
#include "store_fixture.h"
#include "store/content.h"

/* 2023-11-14 22:13:20 UTC: after every demo event and project date but
 * those still to come. */
#define NOW	1700000000

static const struct content_author who = { 0, "tester", NOW };

static int
setup(void **state)
{
	/* The store reads local times in the thread's zone, and without
	 * one in the process's. */
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	return fixture_open(state, 1);
}

/* Saves a published event with fields. */
static void
event(struct fixture *f, const char *slug, const char *fields)
{
	enum content_outcome outcome;
	struct content c;

	memset(&c, 0, sizeof(c));
	c.kind = CONTENT_EVENT;
	c.lang = "en";
	c.title = slug;
	c.slug = slug;
	c.dateline = c.summary = "";
	c.pub_date = "2023-11-01";
	c.pub_time = "00:00";
	c.body_md = "Text.";
	c.body_html = "<p>Text.</p>";
	c.status = CONTENT_PUBLISHED;
	c.published_at = NOW - 86400;
	c.fields = fields;
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
}

static time_t
next(struct fixture *f)
{
	struct store_state st;

	assert_int_equal(store_state(f->s, NOW, &st), STORE_OK);
	return st.next_publication;
}

static void
test_event_end(void **state)
{
	struct fixture *f = *state;

	/* Ends 2023-11-20 18:00 in Budapest (UTC+1): stale from 18:01. */
	event(f, "evening", "{\"start_date\":\"2023-11-20\","
	    "\"start_time\":\"16:00\",\"end_date\":\"\","
	    "\"end_time\":\"18:00\",\"place\":\"\"}");
	assert_int_equal(next(f), 1700499660);
	/* All day on 2023-11-15: stale from midnight that night. */
	event(f, "all-day", "{\"start_date\":\"2023-11-15\","
	    "\"start_time\":\"\",\"end_date\":\"\",\"end_time\":\"\","
	    "\"place\":\"\"}");
	assert_int_equal(next(f), 1700089200);
}

/* The same in New York's time, while the process keeps Budapest's: a
 * server's site in a zone of its own. */
static void
test_event_end_zone(void **state)
{
	struct fixture *f = *state;

	zone_use(zone_shared("America/New_York"));
	/* 18:00 in New York (UTC-5): 23:00 UTC. */
	event(f, "evening", "{\"start_date\":\"2023-11-20\","
	    "\"start_time\":\"16:00\",\"end_date\":\"\","
	    "\"end_time\":\"18:00\",\"place\":\"\"}");
	assert_int_equal(next(f), 1700521260);
	event(f, "all-day", "{\"start_date\":\"2023-11-15\","
	    "\"start_time\":\"\",\"end_date\":\"\",\"end_time\":\"\","
	    "\"place\":\"\"}");
	assert_int_equal(next(f), 1700110800);
	zone_use(NULL);
	assert_int_equal(next(f), 1700089200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event_end, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_event_end_zone, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

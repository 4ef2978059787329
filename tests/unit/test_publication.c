/* test_publication.c: unit tests of src/store/publication.c over the demo
 * content: one publication at its slug and in another language, the list
 * filtered by type and year with its count, one version of each group,
 * drafts and scheduled ones out, and the years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/content.h"
#include "store_fixture.h"

/* 2030-01-01: after every seeded date. */
#define NOW		((time_t)1893456000)

static int
setup(void **state)
{
	return fixture_open(state, 1);
}

/* The slugs of the list of type and year at NOW in lang, joined by
 * spaces, and its count, which must be the list's length. */
static const char *
listed(struct fixture *f, const char *lang, const char *type, int year)
{
	struct content *items;
	int64_t count;
	size_t n, i;
	char *out;

	assert_int_equal(store_publication_list(f->s, f->a, lang, "en", NOW,
	    type, year, 0, 10, &items, &n), STORE_OK);
	assert_int_equal(store_publication_count(f->s, lang, "en", NOW, type,
	    year, &count), STORE_OK);
	assert_int_equal(count, (int64_t)n);
	out = arena_strdup(f->a, "");
	for (i = 0; i < n; i++) {
		assert_int_equal(items[i].kind, CONTENT_PUBLICATION);
		assert_null(items[i].body_html);
		assert_non_null(strstr(items[i].fields, "\"documents\""));
		out = arena_printf(f->a, "%s%s%s", out, i > 0 ? " " : "",
		    items[i].slug);
	}
	return out;
}

/* Newest pub_date first; each filter alone and both; none matching. */
static void
test_list(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(listed(f, "en", NULL, 0),
	    "iom-hungary-factsheet-2023 "
	    "needs-intentions-refugees-ukraine-hungary "
	    "ukraine-response-hungary-situation-report");
	assert_string_equal(listed(f, "en", "report", 0),
	    "needs-intentions-refugees-ukraine-hungary");
	assert_string_equal(listed(f, "en", "", 2022),
	    "ukraine-response-hungary-situation-report");
	assert_string_equal(listed(f, "en", "factsheet", 2023),
	    "iom-hungary-factsheet-2023");
	assert_string_equal(listed(f, "en", "map", 0), "");
	assert_string_equal(listed(f, "en", "report", 2022), "");
}

/* A Hungarian version stands for its group on /hu/ and only there; a
 * draft and a scheduled publication are neither listed nor counted. */
static void
test_versions(void **state)
{
	struct fixture *f = *state;

	fixture_exec(f, "INSERT INTO entries (kind, lang, group_id, slug,"
	    " title, status, pub_date, published_at, fields, category)"
	    " SELECT 'publication', 'hu', group_id, 'tajekoztato-2023',"
	    " 'Tájékoztató 2023', 'published', pub_date, published_at,"
	    " fields, category FROM entries WHERE slug ="
	    " 'iom-hungary-factsheet-2023'");
	fixture_exec(f, "INSERT INTO entries (kind, lang, slug, title, status,"
	    " pub_date, published_at, fields, category) VALUES"
	    " ('publication', 'en', 'draft-map', 'Draft map', 'draft',"
	    " '2024-01-01', 1704067200, '{\"type\":\"map\"}', 'map'),"
	    " ('publication', 'en', 'later-map', 'Later map', 'published',"
	    " '2099-01-01', 4070905200, '{\"type\":\"map\"}', 'map')");
	assert_string_equal(listed(f, "hu", "factsheet", 0),
	    "tajekoztato-2023");
	assert_string_equal(listed(f, "en", "factsheet", 0),
	    "iom-hungary-factsheet-2023");
	assert_string_equal(listed(f, "en", "map", 0), "");
	assert_string_equal(listed(f, "en", NULL, 2024), "");
}

/* The slug in the reader's language, else the default's with the
 * reader's version named; a draft is not found. */
static void
test_by_slug(void **state)
{
	struct fixture *f = *state;
	const char *version;
	struct content c;

	assert_int_equal(store_publication_by_slug(f->s, f->a, "en", "en",
	    "needs-intentions-refugees-ukraine-hungary", NOW, &c, &version),
	    STORE_OK);
	assert_null(version);
	assert_string_equal(c.title,
	    "Needs and Intentions of Refugees from Ukraine in Hungary");
	assert_string_equal(c.pub_date, "2023-03-15");
	assert_int_equal(c.status, CONTENT_PUBLISHED);
	assert_true(strncmp(c.summary, "A survey", 8) == 0);
	assert_non_null(strstr(c.fields, "\"report\""));
	fixture_exec(f, "INSERT INTO entries (kind, lang, group_id, slug,"
	    " title, status, pub_date, published_at, fields, category)"
	    " SELECT 'publication', 'hu', group_id, 'igenyek', 'Igények',"
	    " 'published', pub_date, published_at, fields, category FROM"
	    " entries WHERE slug = 'needs-intentions-refugees-ukraine-hungary'");
	assert_int_equal(store_publication_by_slug(f->s, f->a, "hu", "en",
	    "needs-intentions-refugees-ukraine-hungary", NOW, &c, &version),
	    STORE_OK);
	assert_string_equal(version, "igenyek");
	fixture_exec(f, "UPDATE entries SET status = 'draft' WHERE slug ="
	    " 'iom-hungary-factsheet-2023'");
	assert_int_equal(store_publication_by_slug(f->s, f->a, "en", "en",
	    "iom-hungary-factsheet-2023", NOW, &c, &version),
	    STORE_NOTFOUND);
	/* A project's slug is no publication's. */
	assert_int_equal(store_publication_by_slug(f->s, f->a, "en", "en",
	    "migrant-crisis-europe-support-stranded-migrants-hungary", NOW,
	    &c, &version), STORE_NOTFOUND);
}

/* The years with a visible publication, newest first. */
static void
test_years(void **state)
{
	struct fixture *f = *state;
	int *years;
	size_t n;

	assert_int_equal(store_publication_years(f->s, f->a, NOW, &years, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(years[0], 2023);
	assert_int_equal(years[1], 2022);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_by_slug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_years, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

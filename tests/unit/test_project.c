/* test_project.c: unit tests for store/project.c, over the demo content:
 * the project at a slug, the list of /projects with its filters and
 * order, the donors offered. */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "store_fixture.h"
#include "store/content.h"

#define SK	"migrant-crisis-europe-support-stranded-migrants-hungary"
#define AMIF	"assisted-voluntary-return-and-reintegration-hungary"
#define AMIF_HU	"tamogatott-onkentes-hazateres-es-reintegracio-" \
		"magyarorszagrol"

static int
setup(void **state)
{
	return fixture_open(state, 1);
}

/* The slugs of the list f gives a reader of lang on day today, joined by
 * spaces, and how many store_project_count() says there are. */
static const char *
listed(struct fixture *f, const char *lang, const char *today,
    const char *status, const char *donor, int64_t *count)
{
	struct project_filter pf = { status, donor, today };
	struct content *items;
	char *out;
	size_t n, i;

	assert_int_equal(store_project_list(f->s, f->a, lang, "en", time(NULL),
	    &pf, 0, 10, &items, &n), STORE_OK);
	assert_int_equal(store_project_count(f->s, lang, "en", time(NULL),
	    &pf, count), STORE_OK);
	out = arena_alloc(f->a, 1024);
	for (i = 0; i < n; i++) {
		assert_int_equal(items[i].kind, CONTENT_PROJECT);
		assert_null(items[i].body_html);
		strcat(out, i > 0 ? " " : "");
		strcat(out, items[i].slug);
	}
	return out;
}

static void
test_by_slug(void **state)
{
	struct fixture *f = *state;
	const char *version;
	struct content c;

	assert_int_equal(store_project_by_slug(f->s, f->a, "en", "en", SK,
	    time(NULL), &c, &version), STORE_OK);
	assert_null(version);
	assert_int_equal(c.kind, CONTENT_PROJECT);
	assert_int_equal(c.status, CONTENT_PUBLISHED);
	assert_string_equal(c.lang, "en");
	assert_non_null(strstr(c.fields, "\"SlovakAid\""));
	assert_non_null(strstr(c.summary, "Humanitarian help"));
	/* A reader of Hungarian is sent to the group's Hungarian version;
	 * a version in no other language is shown as it is. */
	assert_int_equal(store_project_by_slug(f->s, f->a, "hu", "en", AMIF,
	    time(NULL), &c, &version), STORE_OK);
	assert_string_equal(version, AMIF_HU);
	assert_int_equal(store_project_by_slug(f->s, f->a, "hu", "en", SK,
	    time(NULL), &c, &version), STORE_OK);
	assert_null(version);
	/* A page's slug is no project's. */
	assert_int_equal(store_project_by_slug(f->s, f->a, "en", "en", "about",
	    time(NULL), &c, &version), STORE_NOTFOUND);
}

static void
test_hidden(void **state)
{
	struct fixture *f = *state;
	const char *version;
	struct content c;
	int64_t count;

	fixture_exec(f, "UPDATE entries SET status = 'draft' WHERE slug = '"
	    SK "'");
	assert_int_equal(store_project_by_slug(f->s, f->a, "en", "en", SK,
	    time(NULL), &c, &version), STORE_NOTFOUND);
	assert_string_equal(listed(f, "en", "2024-01-01", NULL, NULL,
	    &count), AMIF);
	fixture_exec(f, "UPDATE entries SET status = 'published',"
	    " published_at = unixepoch() + 3600 WHERE slug = '" SK "'");
	assert_int_equal(store_project_by_slug(f->s, f->a, "en", "en", SK,
	    time(NULL), &c, &version), STORE_NOTFOUND);
	assert_int_equal(store_project_by_slug(f->s, f->a, "en", "en", SK,
	    time(NULL) + 3600, &c, &version), STORE_OK);
	fixture_exec(f, "UPDATE entries SET published_at = 1456786800"
	    " WHERE slug = '" SK "'");
}

static void
test_list(void **state)
{
	struct fixture *f = *state;
	int64_t count;

	/* Ongoing first; one version of each group, the reader's. */
	assert_string_equal(listed(f, "en", "2024-01-01", NULL, NULL,
	    &count), AMIF " " SK);
	assert_int_equal(count, 2);
	assert_string_equal(listed(f, "hu", "2024-01-01", NULL, NULL,
	    &count), AMIF_HU " " SK);
	assert_int_equal(count, 2);
	assert_string_equal(listed(f, "uk", "2024-01-01", NULL, NULL,
	    &count), AMIF " " SK);
	/* Ongoing through its last day, completed from the next (one yet
	 * to start is ongoing too: docs/content-kinds.md). */
	assert_string_equal(listed(f, "en", "2017-02-28", "ongoing", NULL,
	    &count), AMIF " " SK);
	assert_string_equal(listed(f, "en", "2017-03-01", "ongoing", NULL,
	    &count), AMIF);
	assert_int_equal(count, 1);
	assert_string_equal(listed(f, "en", "2017-03-01", "completed", NULL,
	    &count), SK);
	assert_int_equal(count, 1);
	/* Both ongoing on a day before SK's end: the latest start first. */
	assert_string_equal(listed(f, "en", "2016-06-01", NULL, NULL,
	    &count), AMIF " " SK);
}

static void
test_donor(void **state)
{
	struct fixture *f = *state;
	int64_t count;

	assert_string_equal(listed(f, "en", "2024-01-01", NULL, "SlovakAid",
	    &count), SK);
	assert_string_equal(listed(f, "en", "2024-01-01", NULL, "sLOVAKaID",
	    &count), SK);
	assert_string_equal(listed(f, "hu", "2024-01-01", NULL,
	    "Ministry of Interior of Hungary", &count), AMIF_HU);
	assert_string_equal(listed(f, "en", "2024-01-01", "ongoing",
	    "SlovakAid", &count), "");
	assert_int_equal(count, 0);
	assert_string_equal(listed(f, "en", "2024-01-01", NULL, "Slovak",
	    &count), "");
}

static void
test_closed(void **state)
{
	struct fixture *f = *state;
	int64_t count;

	/* Set by hand, the status wins over the dates. */
	fixture_exec(f, "UPDATE entries SET category = 'closed' WHERE slug"
	    " IN ('" AMIF "', '" AMIF_HU "')");
	assert_string_equal(listed(f, "en", "2024-01-01", "closed", NULL,
	    &count), AMIF);
	assert_string_equal(listed(f, "en", "2024-01-01", "ongoing", NULL,
	    &count), "");
	/* No longer ongoing: by start date among the rest. */
	assert_string_equal(listed(f, "en", "2024-01-01", NULL, NULL,
	    &count), AMIF " " SK);
	assert_string_equal(listed(f, "en", "2016-06-01", NULL, NULL,
	    &count), SK " " AMIF);
	fixture_exec(f, "UPDATE entries SET category = '' WHERE kind ="
	    " 'project'");
}

static void
test_donors(void **state)
{
	struct fixture *f = *state;
	const char **names;
	size_t n;

	assert_int_equal(store_project_donors(f->s, f->a, time(NULL), &names,
	    &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(names[0],
	    "Asylum, Migration and Integration Fund (AMIF)");
	assert_string_equal(names[1], "Ministry of Interior of Hungary");
	assert_string_equal(names[2], "SlovakAid");
	/* A donor of a draft alone is offered no more. */
	fixture_exec(f, "UPDATE entries SET status = 'draft' WHERE slug = '"
	    SK "'");
	assert_int_equal(store_project_donors(f->s, f->a, time(NULL), &names,
	    &n), STORE_OK);
	assert_int_equal(n, 2);
	fixture_exec(f, "UPDATE entries SET status = 'published' WHERE slug"
	    " = '" SK "'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_slug),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_donor),
		cmocka_unit_test(test_closed),
		cmocka_unit_test(test_donors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

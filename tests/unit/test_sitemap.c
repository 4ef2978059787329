/* test_sitemap.c: unit tests of src/store/sitemap.c over the demo content:
 * paged by group, a group never split, drafts and scheduled items out
 * until they are due, each entry kind apart, ranges of group ids and
 * their ends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store_fixture.h"

/* 2030-01-01: after every seeded date but the scheduled release's. */
#define NOW		((time_t)1893456000)
/* 2100-01-01: after the scheduled release's too. */
#define LATER		((time_t)4102444800)
/* Above every group id: no upper bound. */
#define ALL		INT64_MAX

static int
setup(void **state)
{
	return fixture_open(state, 1);
}

/* Whether e[0..n) has a version with slug. */
static bool
has_slug(const struct sitemap_entry *e, size_t n, const char *slug)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(e[i].slug, slug) == 0)
			return true;
	return false;
}

/* A group at a time gives the same versions, in the same order, as all
 * groups at once, each call one group whole. */
static void
test_paged(void **state)
{
	struct fixture *f = *state;
	struct sitemap_entry *all, *e;
	size_t nall, n, i, seen = 0;
	int64_t after = 0;

	assert_int_equal(store_sitemap_page(f->s, f->a, "news", NOW, 0, ALL,
	    STORE_SITEMAP_GROUPS, &all, &nall), STORE_OK);
	assert_true(nall > 10);
	for (;;) {
		assert_int_equal(store_sitemap_page(f->s, f->a, "news", NOW,
		    after, ALL, 1, &e, &n), STORE_OK);
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			assert_int_equal(e[i].group_id, e[0].group_id);
			assert_true(seen + i < nall);
			assert_int_equal(e[i].group_id, all[seen + i].group_id);
			assert_string_equal(e[i].lang, all[seen + i].lang);
			assert_string_equal(e[i].slug, all[seen + i].slug);
			assert_true(e[i].lastmod > 0);
		}
		assert_true(e[0].group_id > after);
		after = e[0].group_id;
		seen += n;
	}
	assert_int_equal(seen, nall);
	assert_int_equal(store_sitemap_page(f->s, f->a, "news", NOW, 0, ALL,
	    STORE_SITEMAP_GROUPS + 1, &e, &n), STORE_ERROR);
}

/* The draft never; the scheduled release once due; pages in each of
 * their languages. */
static void
test_visible(void **state)
{
	struct fixture *f = *state;
	struct sitemap_entry *e;
	time_t newest;
	size_t n;

	assert_int_equal(store_sitemap_page(f->s, f->a, "news", NOW, 0, ALL,
	    STORE_SITEMAP_GROUPS, &e, &n), STORE_OK);
	assert_false(has_slug(e, n, "draft-upcoming-statement"));
	assert_false(has_slug(e, n, "scheduled-release-future"));
	assert_int_equal(store_sitemap_page(f->s, f->a, "news", LATER, 0, ALL,
	    STORE_SITEMAP_GROUPS, &e, &n), STORE_OK);
	assert_false(has_slug(e, n, "draft-upcoming-statement"));
	assert_true(has_slug(e, n, "scheduled-release-future"));
	assert_int_equal(store_sitemap_page(f->s, f->a, "page", NOW, 0, ALL,
	    STORE_SITEMAP_GROUPS, &e, &n), STORE_OK);
	assert_true(has_slug(e, n, "about"));
	assert_true(has_slug(e, n, "rolunk"));
	/* The latest change: the scheduled release counts once due. */
	assert_int_equal(store_sitemap_newest(f->s, NOW, &newest), STORE_OK);
	assert_true(newest > 0 && newest < 4070905200);
	assert_int_equal(store_sitemap_newest(f->s, LATER, &newest),
	    STORE_OK);
	assert_int_equal(newest, 4070905200);
}

/* Projects, events and publications come from entries, each kind apart,
 * a translation with its group; a draft never. */
static void
test_entries(void **state)
{
	struct fixture *f = *state;
	struct sitemap_entry *e;
	time_t newest;
	size_t n;

	assert_int_equal(store_sitemap_page(f->s, f->a, "publication", NOW,
	    0, ALL, STORE_SITEMAP_GROUPS, &e, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_true(has_slug(e, n, "iom-hungary-factsheet-2023"));
	assert_false(has_slug(e, n,
	    "employers-roundtable-fair-recruitment-budapest"));
	assert_int_equal(store_sitemap_page(f->s, f->a, "event", NOW, 0, ALL,
	    STORE_SITEMAP_GROUPS, &e, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(e[1].group_id, e[2].group_id);
	assert_true(has_slug(e, n,
	    "kerekasztal-munkaltatoknak-tisztesseges-toborzasrol"));
	fixture_exec(f, "UPDATE entries SET status = 'draft' WHERE slug ="
	    " 'migrant-crisis-europe-support-stranded-migrants-hungary'");
	assert_int_equal(store_sitemap_page(f->s, f->a, "project", NOW, 0, ALL,
	    STORE_SITEMAP_GROUPS, &e, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_false(has_slug(e, n,
	    "migrant-crisis-europe-support-stranded-migrants-hungary"));
	assert_int_equal(store_sitemap_newest_entry(f->s, "publication", NOW,
	    &newest), STORE_OK);
	assert_true(newest >= 1693519200);
	assert_int_equal(store_sitemap_newest_entry(f->s, "publication",
	    1600000000, &newest), STORE_OK);
	assert_int_equal(newest, 0);
}

/* Ranges of group ids split the versions between them, none lost or
 * repeated; the next visible group from an id on skips drafts and
 * scheduled ones. */
static void
test_ranges(void **state)
{
	struct fixture *f = *state;
	struct sitemap_entry *all, *lo, *hi;
	size_t nall, nlo, nhi, i;
	int64_t first, g, mid;

	assert_int_equal(store_sitemap_page(f->s, f->a, "news", NOW, 0, ALL,
	    STORE_SITEMAP_GROUPS, &all, &nall), STORE_OK);
	assert_int_equal(store_sitemap_next(f->s, "news", NOW, 0, &first),
	    STORE_OK);
	assert_int_equal(first, all[0].group_id);
	mid = (first + all[nall - 1].group_id) / 2;
	assert_true(mid > first);
	assert_int_equal(store_sitemap_page(f->s, f->a, "news", NOW, 0, mid,
	    STORE_SITEMAP_GROUPS, &lo, &nlo), STORE_OK);
	assert_int_equal(store_sitemap_page(f->s, f->a, "news", NOW, mid - 1,
	    ALL, STORE_SITEMAP_GROUPS, &hi, &nhi), STORE_OK);
	assert_int_equal(nlo + nhi, nall);
	for (i = 0; i < nlo; i++) {
		assert_true(lo[i].group_id < mid);
		assert_string_equal(lo[i].slug, all[i].slug);
	}
	for (i = 0; i < nhi; i++) {
		assert_true(hi[i].group_id >= mid);
		assert_string_equal(hi[i].slug, all[nlo + i].slug);
	}
	/* From mid on: the first group of the upper range. */
	assert_int_equal(store_sitemap_next(f->s, "news", NOW, mid, &g),
	    STORE_OK);
	assert_int_equal(g, hi[0].group_id);
	/* That group out of sight: the next one after it. */
	fixture_exec(f, "UPDATE news SET status = 'draft' WHERE group_id ="
	    " (SELECT min(group_id) FROM news WHERE group_id >= (SELECT"
	    " min(group_id) FROM news WHERE status = 'published' AND"
	    " published_at <= 1893456000 AND group_id >= (SELECT"
	    " (min(group_id) + max(group_id)) / 2 FROM news"
	    " WHERE status = 'published' AND published_at <= 1893456000)))");
	assert_int_equal(store_sitemap_next(f->s, "news", NOW, mid, &first),
	    STORE_OK);
	assert_true(first > g);
	/* Past the last one: none. */
	assert_int_equal(store_sitemap_next(f->s, "news", NOW,
	    all[nall - 1].group_id + 1, &g), STORE_NOTFOUND);
	/* Pages and each entry kind apart; none visible yet: NOTFOUND. */
	assert_int_equal(store_sitemap_next(f->s, "page", NOW, 0, &g),
	    STORE_OK);
	assert_true(g > 0);
	assert_int_equal(store_sitemap_next(f->s, "publication", NOW, 0,
	    &first), STORE_OK);
	assert_int_equal(store_sitemap_page(f->s, f->a, "publication", NOW,
	    first - 1, ALL, STORE_SITEMAP_GROUPS, &lo, &nlo), STORE_OK);
	assert_int_equal(nlo, 3);
	assert_int_equal(store_sitemap_next(f->s, "event", NOW, 0, &g),
	    STORE_OK);
	assert_true(g != first);
	assert_int_equal(store_sitemap_next(f->s, "publication", 1600000000,
	    0, &g), STORE_NOTFOUND);
}

/* From every id, before, among and after the scheduled items, the next
 * group is the first one whose versions the kind's sitemap lists: the
 * order tables news_order and entry_order answer as the content does. */
static void
test_next_everywhere(void **state)
{
	static const char *const kinds[] = { "news", "page", "project",
	    "event", "publication" };
	static const time_t times[] = { 1600000000, NOW, LATER };
	struct fixture *f = *state;
	struct sitemap_entry *e;
	enum store_status st;
	size_t k, t, n;
	int64_t from, g, checked = 0;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (t = 0; t < sizeof(times) / sizeof(times[0]); t++)
			for (from = 0; from < 24; from++) {
				assert_int_equal(store_sitemap_page(f->s, f->a,
				    kinds[k], times[t], from - 1, ALL, 1, &e,
				    &n), STORE_OK);
				st = store_sitemap_next(f->s, kinds[k],
				    times[t], from, &g);
				if (n == 0) {
					assert_int_equal(st, STORE_NOTFOUND);
					continue;
				}
				assert_int_equal(st, STORE_OK);
				assert_int_equal(g, e[0].group_id);
				checked++;
			}
	/* The seeds' group ids are all below 24: most ids find one. */
	assert_true(checked >= 80);
}

/* The latest change of a release is the site's last change, or a due
 * publication when that is later, read without a scan. */
static void
test_newest(void **state)
{
	struct fixture *f = *state;
	time_t t;

	fixture_exec(f, "UPDATE site_state SET changed_at = 1700000000");
	assert_int_equal(store_sitemap_newest(f->s, NOW, &t), STORE_OK);
	assert_true(t > 1700000000 && t <= NOW);
	fixture_exec(f, "UPDATE site_state SET changed_at = 1893400000");
	assert_int_equal(store_sitemap_newest(f->s, NOW, &t), STORE_OK);
	assert_int_equal(t, 1893400000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_everywhere, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newest, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

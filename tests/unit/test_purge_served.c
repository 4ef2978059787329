/* test_purge_served.c: unit tests of src/purge_served.c, the pages with a
 * query that nginx may hold: which queries are noted (a list's deep page
 * with its number), which notes a change purges, one note a target, the
 * oldest giving its place, and the notes shared with a forked worker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "generation.h"
#include "purge_served.h"

static char url_a[] = "https://a.example.org";
static char url_b[] = "https://b.example.org";

/* What purge_served_each() gave: its targets, each after a newline and
 * the last one followed by one. */
struct got {
	char	buf[PURGE_SERVED_MAX * 64];
	size_t	len, n;
};

static void
add(void *ctx, const char *target, int64_t page)
{
	struct got *g = ctx;
	size_t len = strlen(target);

	(void)page;
	if (g->len + len + 2 < sizeof(g->buf)) {
		memcpy(g->buf + g->len, target, len);
		g->buf[g->len + len] = '\n';
		g->len += len + 1;
		g->buf[g->len] = '\0';
	}
	g->n++;
}

static struct got *
each(const struct config *site, unsigned moved, bool all)
{
	static struct got g;

	memset(&g, 0, sizeof(g));
	g.buf[0] = '\n';
	g.len = 1;
	purge_served_each(site, moved, all, add, &g);
	return &g;
}

static bool
has(const struct got *g, const char *target)
{
	char line[PURGE_SERVED_TARGET_MAX + 3];

	snprintf(line, sizeof(line), "\n%s\n", target);
	return strstr(g->buf, line) != NULL;
}

static int
setup(void **state)
{
	(void)state;
	return purge_served_init();
}

static int
teardown(void **state)
{
	(void)state;
	purge_served_fini();
	return 0;
}

/* Whether a public answer is noted, and its deep page: any query but the
 * page=N, N below PURGE_PAGES, that a paged list links to, which
 * purge_urls.c always names; a deeper one with its number; another
 * route's page=N is a key of its own. */
static bool
wanted(const char *route, const char *query, int64_t page)
{
	int64_t got = -2;
	bool w = purge_served_wanted(route, query, &got);

	if (w)
		assert_int_equal(got, page);
	return w;
}

static void
test_wanted(void **state)
{
	(void)state;
	assert_false(wanted("/news", "", -1));
	assert_false(wanted("/news", "page=0", -1));
	assert_false(wanted("/news", "page=9", -1));
	assert_true(wanted("/news", "page=10", 10));
	assert_true(wanted("/news", "page=12", 12));
	assert_true(wanted("/news", "page=123456789012345678",
	    123456789012345678));
	assert_true(wanted("/news", "page=1234567890123456789", -1));
	assert_true(wanted("/news", "page=012", -1));
	assert_true(wanted("/news", "page=00", -1));
	assert_true(wanted("/news", "page=", -1));
	assert_true(wanted("/news", "page=1&type=report", -1));
	assert_true(wanted("/news", "page=12&type=report", -1));
	assert_true(wanted("/news", "pages=1", -1));
	assert_true(wanted("/news", "q=migration", -1));
	assert_false(wanted("/resources", "page=3", -1));
	assert_true(wanted("/resources", "page=30", 30));
	assert_true(wanted("/news/feed", "page=3", -1));
	assert_true(wanted("/news/feed", "page=30", -1));
	assert_true(wanted("/search", "page=1", -1));
}

/* A change purges a site's notes whose route reads a scope it moved
 * (an item's bucket counting as its kind's), every note of the site when
 * the site's own scope moved, and never another site's. */
static void
test_scopes_and_sites(void **state)
{
	struct config a = { .base_url = url_a }, b = { .base_url = url_b };
	struct got *g;

	(void)state;
	purge_served_note(&a, "/search?q=aid", SCOPES_CONTENT, -1);
	purge_served_note(&a, "/projects?status=closed",
	    SCOPES(SCOPE_PROJECT), -1);
	purge_served_note(&a, "/news/x?utm=1", SCOPES_NEWS_ITEM, -1);
	purge_served_note(&a, "/odd?x=1", 0, -1);
	purge_served_note(&b, "/search?q=b-only", SCOPES_CONTENT, -1);

	g = each(&a, SCOPES(SCOPE_NEWS), false);
	assert_int_equal(g->n, 3);
	assert_true(has(g, "/search?q=aid"));
	assert_true(has(g, "/news/x?utm=1"));
	assert_true(has(g, "/odd?x=1"));

	g = each(&a, SCOPES(SCOPE_PROJECT), false);
	assert_int_equal(g->n, 3);
	assert_true(has(g, "/projects?status=closed"));
	assert_false(has(g, "/news/x?utm=1"));

	g = each(&a, SCOPES(SCOPE_PAGES), false);
	assert_int_equal(g->n, 2);

	g = each(&a, 0, true);
	assert_int_equal(g->n, 4);
	assert_false(has(g, "/search?q=b-only"));

	g = each(&b, SCOPES(SCOPE_EVENT), false);
	assert_int_equal(g->n, 1);
	assert_true(has(g, "/search?q=b-only"));
}

/* A target answered again keeps one note, with its latest scopes; one too
 * long is not noted. */
static void
test_one_note_a_target(void **state)
{
	struct config a = { .base_url = url_a };
	char big[PURGE_SERVED_TARGET_MAX + 1];
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		purge_served_note(&a, "/resources?type=map", SCOPES_CONTENT, -1);
	purge_served_note(&a, "/resources?type=map",
	    SCOPES(SCOPE_PUBLICATION), -1);
	assert_int_equal(each(&a, 0, true)->n, 1);
	assert_int_equal(each(&a, SCOPES(SCOPE_NEWS), false)->n, 0);
	assert_int_equal(each(&a, SCOPES(SCOPE_PUBLICATION), false)->n, 1);

	memset(big, 'q', sizeof(big) - 1);
	memcpy(big, "/search?q=", 10);
	big[sizeof(big) - 1] = '\0';
	purge_served_note(&a, big, SCOPES_CONTENT, -1);
	big[PURGE_SERVED_TARGET_MAX - 1] = '\0';
	purge_served_note(&a, big, SCOPES_CONTENT, -1);
	assert_int_equal(each(&a, 0, true)->n, 2);
	assert_true(has(each(&a, 0, true), big));
}

static void
page_of(void *ctx, const char *target, int64_t page)
{
	if (strcmp(target, "/hu/news?page=40") == 0)
		*(int64_t *)ctx = page;
}

/* A deep page's note gives its number back, the latest noted. */
static void
test_deep_page_kept(void **state)
{
	struct config a = { .base_url = url_a };
	int64_t page = -2;

	(void)state;
	purge_served_note(&a, "/hu/news?page=40", SCOPES(SCOPE_NEWS), 40);
	purge_served_each(&a, SCOPES(SCOPE_NEWS), false, page_of, &page);
	assert_int_equal(page, 40);
	purge_served_note(&a, "/hu/news?page=40", SCOPES(SCOPE_NEWS), -1);
	purge_served_each(&a, SCOPES(SCOPE_NEWS), false, page_of, &page);
	assert_int_equal(page, -1);
}

/* Past the table's size the notes answered longest ago give their
 * places: the latest are all there. */
static void
test_oldest_give_way(void **state)
{
	struct config a = { .base_url = url_a };
	char t[64];
	struct got *g;
	int i, kept = 0;

	(void)state;
	for (i = 0; i < 3 * PURGE_SERVED_MAX; i++) {
		snprintf(t, sizeof(t), "/search?q=w%d", i);
		purge_served_note(&a, t, SCOPES_CONTENT, -1);
	}
	g = each(&a, 0, true);
	assert_true(g->n <= PURGE_SERVED_MAX);
	assert_true(g->n >= PURGE_SERVED_MAX * 3 / 4);
	for (i = 3 * PURGE_SERVED_MAX - 64; i < 3 * PURGE_SERVED_MAX; i++) {
		snprintf(t, sizeof(t), "/search?q=w%d", i);
		kept += has(g, t);
	}
	assert_int_equal(kept, 64);
	snprintf(t, sizeof(t), "/search?q=w%d", 0);
	assert_false(has(g, t));
}

/* A worker process's notes are the supervisor's and its siblings'. */
static void
test_shared_with_workers(void **state)
{
	struct config a = { .base_url = url_a };
	pid_t pid;
	int status;

	(void)state;
	if ((pid = fork()) == 0) {
		purge_served_note(&a, "/events?from=child", SCOPES_CONTENT, -1);
		purge_served_fini();
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(has(each(&a, SCOPES(SCOPE_EVENT), false),
	    "/events?from=child"));
	purge_served_note(&a, "/events?from=parent", SCOPES_CONTENT, -1);
	assert_int_equal(each(&a, 0, true)->n, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wanted),
		cmocka_unit_test_setup_teardown(test_scopes_and_sites, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_one_note_a_target, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deep_page_kept, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_oldest_give_way, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_shared_with_workers,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

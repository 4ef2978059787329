/* test_site.c: unit tests of src/site.c: the site a Host picks (and none
 * for an unknown one), the languages the templates are loaded for, each
 * site's time zone, and a thread's connections bounded by
 * SITE_STORES_MAX, the least recently used closed first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "config.h"
#include "lib/zone.h"
#include "site.h"
#include "store/store.h"

#define NSITES	10

static char dir[] = "/tmp/waypoint-site.XXXXXX";
static struct config main_cfg;

static void
write_file(const char *path, const char *text)
{
	FILE *f;

	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* NSITES sites s0..s9, each with a database holding the schema; site s1
 * has Hungarian too, site s2 New York's time. */
static int
setup(void **state)
{
	struct config_sites sites;
	enum store_status st;
	struct store *s;
	char path[256], text[512];
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sites", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	for (i = 0; i < NSITES; i++) {
		snprintf(path, sizeof(path), "%s/sites/s%zu.conf", dir, i);
		snprintf(text, sizeof(text), "[site]\nhost = s%zu.test\n%s"
		    "[paths]\ndatabase = %s/s%zu.db\nmedia = %s/media-s%zu\n",
		    i, i == 1 ? "languages = en hu\n" : i == 2 ?
		    "timezone = America/New_York\n" : "", dir, i, dir, i);
		write_file(path, text);
	}
	snprintf(path, sizeof(path), "%s/waypoint.conf", dir);
	snprintf(text, sizeof(text), "[paths]\nsites = %s/sites\n", dir);
	write_file(path, text);
	assert_int_equal(config_load(&main_cfg, path, true), 0);
	assert_int_equal(config_sites_load(&sites, &main_cfg, path, NULL), 0);
	assert_int_equal(sites.n, NSITES);
	for (i = 0; i < NSITES; i++) {
		assert_non_null(s = store_open(sites.site[i].database,
		    STORE_CREATE, &st));
		assert_int_equal(store_migrate(s), STORE_OK);
		store_close(s);
	}
	assert_int_equal(site_init(&main_cfg, &sites, path, NULL), 0);
	assert_int_equal(sites.n, 0);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	site_fini();
	config_free(&main_cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void
test_by_host(void **state)
{
	const struct config *a, *b;

	(void)state;
	assert_int_equal(site_count(), NSITES);
	assert_non_null(a = site_for_host("s3.test"));
	assert_string_equal(a->site_name, "s3");
	assert_non_null(b = site_for_host("S4.TEST:8080"));
	assert_string_equal(b->site_name, "s4");
	assert_int_not_equal(a->cache_part, b->cache_part);
	assert_null(site_for_host("s3.test.evil"));
	assert_null(site_for_host(NULL));
	assert_int_equal(site_check(), 0);
	/* The templates' languages: every site's, main's default first. */
	assert_int_equal(site_view_config()->nlangs, 2);
	assert_string_equal(site_view_config()->langs[0], "en");
	assert_string_equal(site_view_config()->langs[1], "hu");
}

static void
test_stores_bounded(void **state)
{
	const struct config *c[NSITES];
	struct store *first, *s;
	char host[32];
	size_t i;

	(void)state;
	for (i = 0; i < NSITES; i++) {
		snprintf(host, sizeof(host), "s%zu.test", i);
		assert_non_null(c[i] = site_for_host(host));
	}
	assert_non_null(first = site_store(c[0], false));
	assert_ptr_equal(site_store(c[0], false), first);
	assert_int_equal(site_stores_open(), 1);
	/* A site's editors' connection is another. */
	assert_non_null(s = site_store(c[0], true));
	assert_ptr_not_equal(s, first);
	for (i = 1; i < NSITES; i++) {
		assert_non_null(site_store(c[i], false));
		assert_true(site_stores_open() <= SITE_STORES_MAX);
		/* Site 0's read connection, used the most recently of the
		 * early ones, stays while others go. */
		if (i < SITE_STORES_MAX - 1)
			assert_ptr_equal(site_store(c[0], false), first);
	}
	assert_int_equal(site_stores_open(), SITE_STORES_MAX);
	/* Each answers for its own site still. */
	for (i = 0; i < NSITES; i++)
		assert_non_null(site_store(c[i], false));
	assert_int_equal(site_stores_open(), SITE_STORES_MAX);
	site_stores_close();
	assert_int_equal(site_stores_open(), 0);
}

/* Each site its zone's table, one a zone; a reload gives a site whose
 * zone changed the new one. */
static void
test_zones(void **state)
{
	const struct config *ny, *a, *b;
	char path[256], text[256];
	struct tm tm;

	(void)state;
	assert_non_null(ny = site_for_host("s2.test"));
	assert_non_null(a = site_for_host("s3.test"));
	assert_non_null(b = site_for_host("s4.test"));
	assert_non_null(ny->zone);
	assert_ptr_equal(a->zone, b->zone);
	assert_ptr_not_equal(a->zone, ny->zone);
	assert_non_null(zone_local(ny->zone, 1700000000, &tm));
	assert_int_equal(tm.tm_gmtoff, -5 * 3600);
	assert_non_null(zone_local(a->zone, 1700000000, &tm));
	assert_int_equal(tm.tm_gmtoff, 3600);

	snprintf(path, sizeof(path), "%s/sites/s3.conf", dir);
	snprintf(text, sizeof(text), "[site]\nhost = s3.test\ntimezone = "
	    "Asia/Kolkata\n[paths]\ndatabase = %s/s3.db\n"
	    "media = %s/media-s3\n", dir, dir);
	write_file(path, text);
	assert_int_equal(site_reload(), 0);
	assert_non_null(a = site_for_host("s3.test"));
	assert_string_equal(a->timezone, "Asia/Kolkata");
	assert_non_null(zone_local(a->zone, 1700000000, &tm));
	assert_int_equal(tm.tm_gmtoff, 19800);
	assert_ptr_equal(site_for_host("s2.test")->zone, ny->zone);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_host),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_stores_bounded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

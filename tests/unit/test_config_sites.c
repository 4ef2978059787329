/* test_config_sites.c: unit tests of src/config_sites.c and
 * config_load_site: a good sites folder and what each site gets, and the
 * folders refused: a host two sites name, a key a site file may not hold,
 * a bad name, a missing host, an unknown default_site or time zone; sites
 * in time zones of their own; and which site a Host header picks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

/* A folder for one test: the main file and sites/ in it. */
struct fixture {
	char	 dir[64];
	char	 conf[128];
	char	 sites[128];
};

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char text[256];

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/waypoint-sites.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->conf, sizeof(fx->conf), "%s/waypoint.conf", fx->dir);
	snprintf(fx->sites, sizeof(fx->sites), "%s/sites", fx->dir);
	assert_int_equal(mkdir(fx->sites, 0700), 0);
	snprintf(text, sizeof(text), "[paths]\nsites = %s\n"
	    "database = /srv/wp/main.db\n[site]\nlanguages = en hu\n",
	    fx->sites);
	write_file(fx->dir, "waypoint.conf", text);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* Loads the main file, then its sites; returns config_sites_load's. */
static int
load(struct fixture *fx, struct config *main, struct config_sites *s)
{
	int ret;

	assert_int_equal(config_load(main, fx->conf, true), 0);
	ret = config_sites_load(s, main, fx->conf, NULL);
	return ret;
}

static void
test_good_folder(void **state)
{
	struct fixture *fx = *state;
	struct config main;
	struct config_sites s;
	const struct config *a, *b;

	write_file(fx->sites, "alpha.conf", "[site]\nhost = a.example, "
	    "www.a.example\nbase_url = https://a.example/\n");
	write_file(fx->sites, "beta-2.conf", "[site]\nhost = b.example:8443\n"
	    "languages = fr\ndefault_lang = fr\n[paths]\ndatabase = "
	    "/srv/b/b.db\n");
	write_file(fx->sites, "gamma.conf.removed-20260101", "[x]\ny = 1\n");
	write_file(fx->sites, "README", "not a site\n");
	assert_int_equal(load(fx, &main, &s), 0);
	assert_int_equal(s.n, 2);
	assert_null(s.fallback);
	assert_non_null(a = config_sites_find(&s, "alpha"));
	assert_non_null(b = config_sites_find(&s, "beta-2"));
	assert_null(config_sites_find(&s, "gamma"));
	assert_null(main.site_name);
	assert_string_equal(a->site_name, "alpha");
	assert_int_equal(a->nhosts, 2);
	assert_string_equal(a->hosts[1], "www.a.example");
	assert_string_equal(a->base_url, "https://a.example");
	assert_string_equal(a->database, "var/sites/alpha/waypoint.db");
	assert_string_equal(a->media_dir, "var/sites/alpha/media");
	/* The deployment's settings, and its languages unless the site has
	 * its own. */
	assert_int_equal(a->nlangs, 2);
	assert_string_equal(a->langs[1], "hu");
	assert_int_equal(a->cache_entries, main.cache_entries);
	assert_string_equal(b->database, "/srv/b/b.db");
	assert_string_equal(b->media_dir, "/srv/b/media");
	assert_string_equal(b->base_url, "http://b.example:8443");
	assert_string_equal(b->default_lang, "fr");

	assert_ptr_equal(config_sites_host(&s, "A.Example"), a);
	assert_ptr_equal(config_sites_host(&s, "www.a.example:8080"), a);
	assert_ptr_equal(config_sites_host(&s, "b.example:8443"), b);
	assert_null(config_sites_host(&s, "b.example"));
	assert_null(config_sites_host(&s, "b.example:80"));
	assert_null(config_sites_host(&s, "a.example.evil"));
	assert_null(config_sites_host(&s, "evil"));
	assert_null(config_sites_host(&s, NULL));
	config_sites_free(&s);
	config_free(&main);
}

static void
test_default_site(void **state)
{
	struct fixture *fx = *state;
	struct config main;
	struct config_sites s;
	char text[256];

	write_file(fx->sites, "alpha.conf", "[site]\nhost = a.example\n");
	snprintf(text, sizeof(text), "[paths]\nsites = %s\n[site]\n"
	    "default_site = alpha\n", fx->sites);
	write_file(fx->dir, "waypoint.conf", text);
	assert_int_equal(load(fx, &main, &s), 0);
	assert_non_null(s.fallback);
	assert_string_equal(s.fallback->site_name, "alpha");
	config_sites_free(&s);
	config_free(&main);

	snprintf(text, sizeof(text), "[paths]\nsites = %s\n[site]\n"
	    "default_site = omega\n", fx->sites);
	write_file(fx->dir, "waypoint.conf", text);
	assert_int_equal(load(fx, &main, &s), -1);
	assert_int_equal(s.n, 0);
	config_free(&main);
}

/* Each folder refused, with the site files it holds. */
static void
test_refused(void **state)
{
	static const struct {
		const char	*file, *text;
	} cases[] = {
		/* The same host as alpha's, port or none. */
		{ "dup.conf", "[site]\nhost = other.example a.example\n" },
		{ "dup.conf", "[site]\nhost = a.example:8080\n" },
		{ "bad.conf", "[serve]\nthreads = 4\n[site]\nhost = x.example\n" },
		{ "bad.conf", "[site]\nhost = x.example\nbogus = 1\n" },
		{ "Bad.conf", "[site]\nhost = x.example\n" },
		{ "-bad.conf", "[site]\nhost = x.example\n" },
		{ "a_b.conf", "[site]\nhost = x.example\n" },
		{ "nohost.conf", "[site]\nbase_url = https://x.example\n" },
		{ "badhost.conf", "[site]\nhost = x.example/evil\n" },
		{ "badport.conf", "[site]\nhost = x.example:99999\n" },
		{ "zone.conf", "[site]\nhost = x.example\n"
		    "timezone = Mars/Olympus\n" },
		{ "zone.conf", "[site]\nhost = x.example\n"
		    "timezone = Europe\n" },
		{ "lang.conf", "[site]\nhost = x.example\nlanguages = hu\n"
		    "default_lang = de\n" },
		/* Alpha's database, or its media folder: by default, media/
		 * beside a database in the same folder. */
		{ "samedb.conf", "[site]\nhost = x.example\n[paths]\n"
		    "database = /srv/wp/alpha.db\n" },
		{ "samemedia.conf", "[site]\nhost = x.example\n[paths]\n"
		    "database = /srv/wp/other.db\n" },
		{ "samemedia.conf", "[site]\nhost = x.example\n[paths]\n"
		    "database = /srv/other/x.db\nmedia = /srv/wp/media\n" },
	};
	struct fixture *fx = *state;
	struct config main;
	struct config_sites s;
	char path[256];
	size_t i;

	write_file(fx->sites, "alpha.conf", "[site]\nhost = a.example\n"
	    "[paths]\ndatabase = /srv/wp/alpha.db\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file(fx->sites, cases[i].file, cases[i].text);
		if (load(fx, &main, &s) != -1)
			fail_msg("case %zu (%s) was not refused", i,
			    cases[i].file);
		assert_int_equal(s.n, 0);
		config_free(&main);
		snprintf(path, sizeof(path), "%s/%s", fx->sites,
		    cases[i].file);
		unlink(path);
	}
}

/* Each site its own zone, the main file's where it names none; a zone's
 * table comes with serving (site.c), not with loading. */
static void
test_zones(void **state)
{
	struct fixture *fx = *state;
	struct config main;
	struct config_sites s;

	write_file(fx->sites, "alpha.conf", "[site]\nhost = a.example\n"
	    "timezone = America/New_York\n");
	write_file(fx->sites, "beta.conf", "[site]\nhost = b.example\n"
	    "timezone = Asia/Kolkata\n");
	write_file(fx->sites, "gamma.conf", "[site]\nhost = c.example\n");
	assert_int_equal(load(fx, &main, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(config_sites_find(&s, "alpha")->timezone,
	    "America/New_York");
	assert_string_equal(config_sites_find(&s, "beta")->timezone,
	    "Asia/Kolkata");
	assert_string_equal(config_sites_find(&s, "gamma")->timezone,
	    main.timezone);
	assert_null(config_sites_find(&s, "alpha")->zone);
	config_sites_free(&s);
	config_free(&main);
}

/* Without [paths] sites: one site, as ever. */
static void
test_single_site(void **state)
{
	struct fixture *fx = *state;
	struct config main;
	struct config_sites s;

	write_file(fx->dir, "waypoint.conf", "[site]\nlanguages = en\n");
	assert_int_equal(load(fx, &main, &s), 0);
	assert_int_equal(s.n, 0);
	assert_null(s.fallback);
	assert_string_equal(main.sites_dir, "");
	config_sites_free(&s);
	config_free(&main);
	write_file(fx->dir, "waypoint.conf", "[site]\ndefault_site = a\n");
	assert_int_equal(load(fx, &main, &s), -1);
	config_free(&main);
}

/* A folder with no site yet loads (`waypoint site add` writes the
 * first); main.c refuses to serve it. */
static void
test_empty_folder(void **state)
{
	struct fixture *fx = *state;
	struct config main;
	struct config_sites s;

	assert_int_equal(load(fx, &main, &s), 0);
	assert_int_equal(s.n, 0);
	config_sites_free(&s);
	config_free(&main);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_default_site, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_site, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_folder, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

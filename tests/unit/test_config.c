/* test_config.c: unit tests of src/config.c: the keys of streamed bodies,
 * the tests-only upload route and the list of languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

/* Loads a configuration file holding text into cfg; returns
 * config_load's answer. */
static int
load(struct config *cfg, const char *text)
{
	char path[] = "/tmp/waypoint-config.XXXXXX";
	FILE *f;
	int fd, ret;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
	ret = config_load(cfg, path, true);
	unlink(path);
	return ret;
}

static void
test_spool_default(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "", "var" },
		{ "[paths]\ndatabase = /srv/wp/site.db\n", "/srv/wp" },
		{ "[paths]\ndatabase = site.db\n", "." },
		{ "[paths]\ndatabase = /site.db\n", "/" },
		{ "[paths]\ndatabase = /srv/site.db\nspool = /var/tmp\n",
		    "/var/tmp" },
	};
	struct config cfg;
	size_t i;

	(void)state;
	assert_int_equal(config_load(&cfg, "/nonexistent/waypoint.conf",
	    false), 0);
	assert_string_equal(cfg.spool_dir, "var");
	assert_int_equal(cfg.test_upload, 0);
	config_free(&cfg);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(load(&cfg, cases[i].text), 0);
		assert_string_equal(cfg.spool_dir, cases[i].want);
		config_free(&cfg);
	}
}

static void
test_upload_route(void **state)
{
	struct config cfg;

	(void)state;
	assert_int_equal(load(&cfg, "[test]\nupload_route = 1\n"), 0);
	assert_int_equal(cfg.test_upload, 1);
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[test]\nupload_route = 2\n"), -1);
	config_free(&cfg);
}

/* [site] languages is parsed once: split on spaces, tabs or commas, the
 * default first, each code once; anything that is not a code stops the
 * load. */
static void
test_languages(void **state)
{
	static const char *const bad[] = {
		"EN", "e", "english", "hu/x", "hu-", "hu--x", "hu1",
		"abcd-efgh", "h\xc3\xba",
	};
	struct config cfg;
	char text[128];
	size_t i;

	(void)state;
	assert_int_equal(config_load(&cfg, "/nonexistent/waypoint.conf",
	    false), 0);
	assert_int_equal(cfg.nlangs, 1);
	assert_string_equal(cfg.langs[0], "en");
	assert_null(config_prefix_lang(&cfg, "en", 2));
	config_free(&cfg);

	assert_int_equal(load(&cfg, "[site]\nlanguages = hu,\tuk en hu "
	    "pt-br\n"), 0);
	assert_int_equal(cfg.nlangs, 4);
	assert_string_equal(cfg.langs[0], "en");
	assert_string_equal(cfg.langs[1], "hu");
	assert_string_equal(cfg.langs[2], "uk");
	assert_string_equal(cfg.langs[3], "pt-br");
	assert_string_equal(config_prefix_lang(&cfg, "uk/news", 2), "uk");
	assert_null(config_prefix_lang(&cfg, "en", 2));
	assert_null(config_prefix_lang(&cfg, "h", 1));
	config_free(&cfg);

	assert_int_equal(load(&cfg, "[site]\ndefault_lang = hu\n"
	    "languages = en\n"), 0);
	assert_int_equal(cfg.nlangs, 2);
	assert_string_equal(cfg.langs[0], "hu");
	assert_string_equal(config_prefix_lang(&cfg, "en", 2), "en");
	config_free(&cfg);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "[site]\nlanguages = en %s\n",
		    bad[i]);
		if (load(&cfg, text) != -1)
			fail_msg("languages \"%s\" was taken", bad[i]);
		config_free(&cfg);
	}
	assert_int_equal(load(&cfg, "[site]\nlanguages = aa ab ac ad ae af "
	    "ag ah ai aj ak al am an ao ap aq\n"), -1);
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spool_default),
		cmocka_unit_test(test_upload_route),
		cmocka_unit_test(test_languages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

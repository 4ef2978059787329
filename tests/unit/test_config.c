/* test_config.c: unit tests of src/config.c: the keys of streamed bodies
 * and the tests-only upload route. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spool_default),
		cmocka_unit_test(test_upload_route),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_config.c: unit tests of src/config.c: the keys of streamed bodies,
 * the tests-only upload route, the list of languages, base_url and its
 * origin, the socket mode, the paths of an installed waypoint, the review
 * step and what is refused with its key and value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

/* Loads a configuration file holding text into cfg for an installed
 * waypoint in dirs (NULL: a checkout's); returns config_load_at's
 * answer. */
static int
load_at(struct config *cfg, const char *text, const struct config_dirs *dirs)
{
	char path[] = "/tmp/waypoint-config.XXXXXX";
	FILE *f;
	int fd, ret;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
	ret = config_load_at(cfg, path, true, dirs);
	unlink(path);
	return ret;
}

/* load_at for a checkout. */
static int
load(struct config *cfg, const char *text)
{
	return load_at(cfg, text, NULL);
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

	/* The default must be one of the languages (issue 12). */
	assert_int_equal(load(&cfg, "[site]\ndefault_lang = hu\n"
	    "languages = en\n"), -1);
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[site]\ndefault_lang = hu\n"
	    "languages = en hu\n"), 0);
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

/* base_url: left out, a placeholder serve replaces; set, checked, its
 * trailing slashes dropped; config_origin gives what a browser sends. */
static void
test_base_url(void **state)
{
	static const struct {
		const char	*url;
		const char	*origin;	/* NULL: refused */
	} cases[] = {
		{ "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
		{ "HTTPS://x", NULL },
		{ "https://WWW.Example.org:443/office", "https://www.example.org" },
		{ "http://example.org:80", "http://example.org" },
		{ "http://[::1]:8090", "http://[::1]:8090" },
		{ "https://example.org:8443", "https://example.org:8443" },
		{ "ftp://example.org", NULL },
		{ "example.org", NULL },
		{ "http://", NULL },
		{ "http://exa mple.org", NULL },
		{ "http://user@example.org", NULL },
		{ "http://example.org:0", NULL },
		{ "http://example.org:65536", NULL },
		{ "http://example.org:80x", NULL },
		{ "http://example.org/?q", NULL },
		{ "http://example.org/#f", NULL },
		{ "http://[::1", NULL },
		{ "http://[]:80", NULL },
	};
	struct config cfg;
	char text[256], origin[CONFIG_ORIGIN_MAX];
	size_t i;

	(void)state;
	assert_int_equal(load(&cfg, "[site]\ntimezone = UTC\n"), 0);
	assert_false(cfg.base_url_set);
	assert_string_equal(cfg.base_url, "http://127.0.0.1:8080");
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[site]\nbase_url = https://e.org/x//\n"),
	    0);
	assert_true(cfg.base_url_set);
	assert_string_equal(cfg.base_url, "https://e.org/x");
	config_free(&cfg);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[site]\nbase_url = %s\n",
		    cases[i].url);
		if (cases[i].origin == NULL) {
			assert_int_equal(config_origin(cases[i].url, origin),
			    -1);
			assert_int_equal(load(&cfg, text), -1);
		} else {
			assert_int_equal(config_origin(cases[i].url, origin),
			    0);
			assert_string_equal(origin, cases[i].origin);
			assert_int_equal(load(&cfg, text), 0);
		}
		config_free(&cfg);
	}
}

/* [fcgi] socket_mode is octal, 0 to 0777. */
static void
test_socket_mode(void **state)
{
	static const char *const bad[] = { "0968", "rw-rw----", "-1",
	    "01000", "", "0o660" };
	struct config cfg;
	char text[64];
	size_t i;

	(void)state;
	assert_int_equal(load(&cfg, ""), 0);
	assert_int_equal(cfg.fcgi_mode, 0660);
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[fcgi]\nsocket_mode = 0600\n"), 0);
	assert_int_equal(cfg.fcgi_mode, 0600);
	config_free(&cfg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "[fcgi]\nsocket_mode = %s\n",
		    bad[i]);
		if (load(&cfg, text) != -1)
			fail_msg("socket_mode \"%s\" was taken", bad[i]);
		config_free(&cfg);
	}
}

/* --config naming a folder is refused, even where a missing file is not. */
static void
test_folder(void **state)
{
	struct config cfg;

	(void)state;
	assert_int_equal(config_load(&cfg, "/tmp", false), -1);
	config_free(&cfg);
	assert_int_equal(config_load(&cfg, "/tmp", true), -1);
	config_free(&cfg);
	assert_int_equal(config_load(&cfg, "/nonexistent/w.conf", true), -1);
	config_free(&cfg);
}

/* An installed waypoint reads relative paths from its folders, not the
 * current one, its database defaults to the state folder and its media
 * folder to one of its own beside it (nginx may not enter the state one). */
static void
test_installed(void **state)
{
	struct config_dirs dirs = { "/etc/waypoint/waypoint.conf",
	    "/usr/local/share/waypoint", "/var/lib/waypoint" };
	struct config cfg;

	(void)state;
	assert_int_equal(config_load_at(&cfg, "/nonexistent/w.conf", false,
	    &dirs), 0);
	assert_false(cfg.file_read);
	assert_string_equal(cfg.database, "/var/lib/waypoint/waypoint.db");
	assert_string_equal(cfg.spool_dir, "/var/lib/waypoint");
	assert_string_equal(cfg.templates,
	    "/usr/local/share/waypoint/www/templates");
	assert_string_equal(cfg.static_dir,
	    "/usr/local/share/waypoint/www/static");
	assert_string_equal(cfg.log_file, "");
	assert_string_equal(cfg.media_dir, "/var/lib/waypoint-media");
	config_free(&cfg);
	assert_int_equal(load_at(&cfg, "[paths]\ndatabase = db/site.db\n"
	    "log_file = log/w.log\ntemplates = /srv/t\nstatic = s\n", &dirs),
	    0);
	assert_string_equal(cfg.database, "/var/lib/waypoint/db/site.db");
	assert_string_equal(cfg.media_dir, "/var/lib/waypoint-media");
	assert_string_equal(cfg.spool_dir, "/var/lib/waypoint/db");
	assert_string_equal(cfg.log_file, "/var/lib/waypoint/log/w.log");
	assert_string_equal(cfg.templates, "/srv/t");
	assert_string_equal(cfg.static_dir, "/usr/local/share/waypoint/s");
	config_free(&cfg);
	assert_int_equal(load_at(&cfg, "[paths]\nmedia = files\n", &dirs), 0);
	assert_string_equal(cfg.media_dir, "/var/lib/waypoint/files");
	config_free(&cfg);
	/* A relative sites folder is beside the file read (load_at's, in
	 * /tmp), not beside the installed default /etc/waypoint/waypoint.conf:
	 * --config of a staging file never reaches production's sites. */
	assert_int_equal(load_at(&cfg, "[paths]\nsites = sites\n", &dirs), 0);
	assert_string_equal(cfg.sites_dir, "/tmp/sites");
	config_free(&cfg);

	assert_int_equal(load(&cfg, "[paths]\ndatabase = db/site.db\n"), 0);
	assert_true(cfg.file_read);
	assert_string_equal(cfg.database, "db/site.db");
	assert_string_equal(cfg.templates, "www/templates");
	config_free(&cfg);
	assert_int_equal(config_load(&cfg, "/nonexistent/w.conf", false), 0);
	assert_string_equal(cfg.database, "var/waypoint.db");
	assert_string_equal(cfg.media_dir, "var/media");
	config_free(&cfg);
}

/* [workflow] review: off unless "on"; anything else stops the load with
 * a message naming the key and the value. */
static void
test_review(void **state)
{
	static const char *const bad[] = { "yes", "ON", "1", "", "on off" };
	char path[] = "/tmp/waypoint-stderr.XXXXXX", text[64], said[512];
	struct config cfg;
	size_t i, len;
	FILE *f;
	int fd, saved;

	(void)state;
	assert_int_equal(load(&cfg, ""), 0);
	assert_false(cfg.review);
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[workflow]\nreview = on\n"), 0);
	assert_true(cfg.review);
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[workflow]\nreview = off\n"), 0);
	assert_false(cfg.review);
	config_free(&cfg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true((fd = mkstemp(path)) >= 0);
		fflush(stderr);
		assert_true((saved = dup(2)) >= 0);
		assert_int_equal(dup2(fd, 2), 2);
		snprintf(text, sizeof(text), "[workflow]\nreview = %s\n",
		    bad[i]);
		assert_int_equal(load(&cfg, text), -1);
		config_free(&cfg);
		fflush(stderr);
		assert_int_equal(dup2(saved, 2), 2);
		close(saved);
		assert_non_null(f = fdopen(fd, "r"));
		rewind(f);
		len = fread(said, 1, sizeof(said) - 1, f);
		said[len] = '\0';
		fclose(f);
		unlink(path);
		snprintf(text, sizeof(text), "[workflow] review: expected on "
		    "or off, got \"%s\"", bad[i]);
		assert_non_null(strstr(said, text));
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
}

/* [cache]: the Cache-Control of public pages from its three numbers,
 * and purge_url plain http:// or nothing. */
static void
test_shared_cache(void **state)
{
	static const char *const bad[] = {
		"[cache]\ns_maxage = -1\n",
		"[cache]\nstale_if_error = 31536001\n",
		"[cache]\npurge_url = https://127.0.0.1/purge\n",
		"[cache]\npurge_url = 127.0.0.1:8081/purge\n",
		"[cache]\npurge_url = http://a b/purge\n",
	};
	struct config cfg;
	size_t i;

	(void)state;
	assert_int_equal(load(&cfg, ""), 0);
	assert_string_equal(cfg.public_cache_control, "public, max-age=0, "
	    "s-maxage=60, stale-while-revalidate=30, stale-if-error=86400");
	assert_string_equal(cfg.purge_url, "");
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[cache]\ns_maxage = 5\n"
	    "stale_while_revalidate = 0\nstale_if_error = 600\n"
	    "purge_url = http://127.0.0.1:8081/purge\n"), 0);
	assert_string_equal(cfg.public_cache_control, "public, max-age=0, "
	    "s-maxage=5, stale-while-revalidate=0, stale-if-error=600");
	assert_string_equal(cfg.purge_url, "http://127.0.0.1:8081/purge");
	config_free(&cfg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(load(&cfg, bad[i]), -1);
		config_free(&cfg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spool_default),
		cmocka_unit_test(test_upload_route),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_base_url),
		cmocka_unit_test(test_socket_mode),
		cmocka_unit_test(test_folder),
		cmocka_unit_test(test_installed),
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_shared_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

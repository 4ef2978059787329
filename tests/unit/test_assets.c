/* test_assets.c: unit tests of src/view/assets.c: the gzip copies made at
 * start-up, and nginx's .gz copies left alone (other .gz files served). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/blob.h"
#include "view/assets.h"

static void
put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void
test_gzip_copies(void **state)
{
	char dir[] = "/tmp/waypoint-test-assets-XXXXXX", err[256], cmd[300];
	const struct asset *a;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "site.css", "body { color: black; } body { color: black; } "
	    "body { color: black; }\n");
	put(dir, "site.css.gz", "what make install wrote for nginx");
	put(dir, "logo.png", "\x89PNG not really");
	put(dir, "mark.svg", "<svg a=\"b\">#\xc3\xa9</svg>\n");
	put(dir, "report.tar.gz", "a download, with no file beside it");
	assert_int_equal(assets_load(dir, err, sizeof(err)), 0);

	assert_non_null(a = assets_find("site.css"));
	assert_non_null(a->gz);
	assert_int_equal((unsigned char)a->gz->data[0], 0x1f);
	assert_int_equal(strlen(a->etag_gz), strlen(a->etag) + 3);
	assert_memory_equal(a->etag_gz, a->etag, strlen(a->etag) - 1);
	/* nginx's .gz is not a file of ours to serve. */
	assert_null(assets_find("site.css.gz"));
	/* A .gz with nothing beside it is a file like any other. */
	assert_non_null(assets_find("report.tar.gz"));
	/* An image is compressed already. */
	assert_non_null(a = assets_find("logo.png"));
	assert_null(a->gz);
	assert_null(assets_data_url("logo.png"));
	assert_null(assets_data_url("no-such.svg"));
	/* An SVG is also a data: URL, every unsafe byte encoded. */
	assert_string_equal(assets_data_url("mark.svg"),
	    "data:image/svg+xml,%3Csvg%20a=%22b%22%3E%23%C3%A9%3C/svg%3E%0A");
	assets_free();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_media_vips_load.c: unit tests of src/media/vips_load.c: this
 * binary does not map libvips until the worker's loader opens it; every
 * function is found; a missing library, or one that is not libvips, is
 * refused with a reason that names it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "media/vips_load.h"

/* Whether a file whose name holds needle is mapped into this process. */
static bool
mapped(const char *needle)
{
	char line[1024];
	bool found = false;
	FILE *f;

	assert_non_null(f = fopen("/proc/self/maps", "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, needle) != NULL)
			found = true;
	fclose(f);
	return found;
}

static void
test_soname(void **state)
{
	char buf[32], want[32];

	(void)state;
	snprintf(want, sizeof(want), "libvips.so.%d",
	    VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
	assert_string_equal(vips_load_soname(buf, sizeof(buf)), want);
}

static void
test_missing(void **state)
{
	struct vips_api api;
	char why[512];

	(void)state;
	memset(&api, 0, sizeof(api));
	assert_int_equal(vips_load("libwaypoint-no-such.so.0", &api, why,
	    sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot load libwaypoint-no-such.so.0"));
	assert_non_null(strstr(why, "libvips42"));
	assert_null(api.init);
}

/* A library that loads but is not libvips. */
static void
test_not_vips(void **state)
{
	struct vips_api api;
	char why[512];

	(void)state;
	memset(&api, 0, sizeof(api));
	assert_int_equal(vips_load("libz.so.1", &api, why, sizeof(why)), -1);
	assert_string_equal(why, "libz.so.1 has no vips_version");
	assert_null(api.init);
}

/* Unmapped until loaded (nothing links it); then every member is set. */
static void
test_loads(void **state)
{
	struct vips_api api;
	char soname[32], why[512];
	void (*const *fn)(void);
	size_t i;

	(void)state;
	assert_false(mapped("libvips"));
	assert_false(mapped("libglib"));
	memset(&api, 0, sizeof(api));
	assert_int_equal(vips_load(vips_load_soname(soname, sizeof(soname)),
	    &api, why, sizeof(why)), 0);
	fn = (void (*const *)(void))&api;
	for (i = 0; i < sizeof(api) / sizeof(*fn); i++)
		assert_non_null(fn[i]);
	assert_int_equal(api.version(0), VIPS_MAJOR_VERSION);
	assert_true(mapped("libvips"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soname),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_not_vips),
		cmocka_unit_test(test_loads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_settings_admin.c: the settings screen's store (store/settings_admin.c)
 * over a fresh database with the demo content: each language's own texts,
 * saved and removed together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/settings_admin.h"
#include "store/store.h"
#include "store_fixture.h"

static int
setup(void **state)
{
	return fixture_open(state, 1);
}

/* The demo content's texts, and none for a language without them. */
static void
test_get(void **state)
{
	struct fixture *f = *state;
	struct site_texts t;

	assert_int_equal(store_settings_admin_get(f->s, f->a, "en", &t),
	    STORE_OK);
	assert_string_equal(t.site_name, "IOM Hungary");
	assert_string_equal(t.tagline, "UN Migration — Hungary");
	assert_true(strncmp(t.intro_md, "The International", 17) == 0);
	assert_int_equal(store_settings_admin_get(f->s, f->a, "hu", &t),
	    STORE_OK);
	assert_string_equal(t.site_name, "IOM Magyarország");
	assert_string_equal(t.tagline,
	    "ENSZ Migrációs Ügynökség — Magyarország");
	assert_int_equal(store_settings_admin_get(f->s, f->a, "uk", &t),
	    STORE_OK);
	assert_null(t.site_name);
	assert_null(t.tagline);
	assert_null(t.intro_md);
}

/* Saved: the texts and the rendered introduction, the generation bumped
 * (cached pages show them at once); empty: removed, introduction with its
 * HTML, so the language falls back again. */
static void
test_save(void **state)
{
	struct fixture *f = *state;
	struct site_texts t = { "МОМ Україна", "", "**Вітаємо**" };
	const char *html;
	int64_t gen0, gen1;

	assert_int_equal(store_generation(f->s, &gen0), STORE_OK);
	assert_int_equal(store_settings_admin_save(f->s, "uk", &t,
	    "<p><strong>Вітаємо</strong></p>\n"), STORE_OK);
	assert_int_equal(store_generation(f->s, &gen1), STORE_OK);
	assert_true(gen1 > gen0);
	assert_int_equal(store_settings_admin_get(f->s, f->a, "uk", &t),
	    STORE_OK);
	assert_string_equal(t.site_name, "МОМ Україна");
	assert_null(t.tagline);
	assert_string_equal(t.intro_md, "**Вітаємо**");
	assert_int_equal(store_setting(f->s, f->a, "uk", "intro_html", &html),
	    STORE_OK);
	assert_string_equal(html, "<p><strong>Вітаємо</strong></p>\n");
	/* The other languages' texts are untouched. */
	assert_int_equal(store_settings_admin_get(f->s, f->a, "hu", &t),
	    STORE_OK);
	assert_string_equal(t.site_name, "IOM Magyarország");

	t.site_name = "";
	t.tagline = "";
	t.intro_md = "";
	assert_int_equal(store_settings_admin_save(f->s, "uk", &t, ""),
	    STORE_OK);
	assert_int_equal(store_settings_admin_get(f->s, f->a, "uk", &t),
	    STORE_OK);
	assert_null(t.site_name);
	assert_null(t.intro_md);
	assert_int_equal(store_setting(f->s, f->a, "uk", "intro_html", &html),
	    STORE_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

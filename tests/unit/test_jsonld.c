/* test_jsonld.c: unit tests of src/view/jsonld.c, and of the Open Graph
 * locales and W3C datetimes its callers give it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "view/dates.h"
#include "view/jsonld.h"
#include "view/lang_names.h"

#define XSS	"</script><script>alert(1)</script><!-- & -->"

static const struct jsonld_article statement = {
	.headline = "International Migrants Day Statement",
	.description = "On International Migrants Day",
	.published = "2021-12-17T00:00:00+01:00",
	.modified = "2021-12-18T10:30:00+01:00",
	.dateline = "Geneva",
	.lang = "en",
	.url = "https://www.example.org/news/statement",
	.publisher = "IOM Hungary",
	.logo = "https://www.example.org/static/img/favicon.svg?v=1",
};

/* The text of key in object o, or "" (never NULL, for assert_string). */
static const char *
text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* Every property a NewsArticle needs, and the place only with a dateline. */
static void
test_article(void **state)
{
	struct jsonld_article a = statement;
	json_t *o, *place, *pub;

	(void)state;
	o = jsonld_news_article(&a);
	assert_non_null(o);
	assert_string_equal(text(o, "@context"), "https://schema.org");
	assert_string_equal(text(o, "@type"), "NewsArticle");
	assert_string_equal(text(o, "headline"), a.headline);
	assert_string_equal(text(o, "description"), a.description);
	assert_string_equal(text(o, "datePublished"), a.published);
	assert_string_equal(text(o, "dateModified"), a.modified);
	assert_string_equal(text(o, "inLanguage"), "en");
	assert_string_equal(text(o, "url"), a.url);
	assert_string_equal(text(o, "mainEntityOfPage"), a.url);
	place = json_object_get(o, "locationCreated");
	assert_string_equal(text(place, "@type"), "Place");
	assert_string_equal(text(place, "name"), "Geneva");
	pub = json_object_get(o, "publisher");
	assert_string_equal(text(pub, "@type"), "Organization");
	assert_string_equal(text(pub, "name"), "IOM Hungary");
	assert_string_equal(text(pub, "logo"), a.logo);
	json_decref(o);

	a.dateline = "";
	a.description = NULL;
	o = jsonld_news_article(&a);
	assert_non_null(o);
	assert_null(json_object_get(o, "locationCreated"));
	assert_null(json_object_get(o, "description"));
	json_decref(o);
}

/* A headline made to end the element, open a comment or end a line
 * comes out with none of those characters, and reads back the same. */
static void
test_escaped(void **state)
{
	struct jsonld_article a = statement;
	struct arena *ar = arena_new();
	json_t *o, *back;
	char *s;

	(void)state;
	assert_non_null(ar);
	a.headline = XSS " \xe2\x80\xa8 \xe2\x80\xa9 migr\xc3\xa1nsok";
	a.dateline = "<!--";
	o = jsonld_news_article(&a);
	assert_non_null(o);
	s = jsonld_text(ar, o);
	assert_non_null(s);
	assert_null(strchr(s, '<'));
	assert_null(strchr(s, '>'));
	assert_null(strchr(s, '&'));
	assert_null(strstr(s, "\xe2\x80\xa8"));
	assert_null(strstr(s, "\xe2\x80\xa9"));
	assert_non_null(strstr(s, "\\u003c/script\\u003e"));
	assert_non_null(strstr(s, "\\u003c!--"));
	assert_non_null(strstr(s, "\\u2028 \\u2029"));
	/* Other text stays UTF-8. */
	assert_non_null(strstr(s, "migr\xc3\xa1nsok"));
	back = json_loads(s, 0, NULL);
	assert_non_null(back);
	assert_string_equal(text(back, "headline"), a.headline);
	assert_string_equal(text(json_object_get(back, "locationCreated"),
	    "name"), "<!--");
	json_decref(back);
	json_decref(o);
	arena_free(ar);
}

/* Open Graph locales from CLDR's likely subtags; none for a language
 * with no territory of its own, or for what is no language tag. */
static void
test_og_locale(void **state)
{
	struct arena *a = arena_new();
	const char *eo;

	(void)state;
	assert_non_null(a);
	assert_string_equal(lang_og_locale(a, "en"), "en_US");
	assert_string_equal(lang_og_locale(a, "hu"), "hu_HU");
	assert_string_equal(lang_og_locale(a, "uk"), "uk_UA");
	assert_string_equal(lang_og_locale(a, "ar"), "ar_EG");
	assert_string_equal(lang_og_locale(a, "pt-br"), "pt_BR");
	eo = lang_og_locale(a, "eo");
	assert_true(eo == NULL || strlen(eo) == 5);
	assert_null(lang_og_locale(a, "not a tag"));
	assert_null(lang_og_locale(a, NULL));
	arena_free(a);
}

/* W3C datetimes with the site's offset, +hh:mm, summer and winter. */
static void
test_w3c(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_non_null(a);
	assert_string_equal(time_w3c(a, 1639695600),
	    "2021-12-17T00:00:00+01:00");
	assert_string_equal(time_w3c(a, 1624188600),
	    "2021-06-20T13:30:00+02:00");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_og_locale),
		cmocka_unit_test(test_w3c),
	};

	/* The site's zone, as [site] timezone's default sets it. */
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

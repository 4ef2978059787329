/* test_api_json.c: unit tests of src/view/api_json.c (view models as the
 * JSON API's answers) and of the API's URLs in src/view/urls.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "view/api_json.h"
#include "view/urls.h"

#define BASE	"https://www.example.org/office"

static const struct api_field item_fields[] = {
	{ "title", "title", API_STRING },
	{ "url", "url", API_URL },
	{ "lang", "lang", API_LANG },
	{ "date_iso", "date", API_STRING },
	{ "external", "external", API_BOOL },
	{ "n", "n", API_INT },
	{ "children", "children", API_TREE },
	{ NULL, NULL, API_STRING },
};

/* The API's paths: under the language's prefix as the pages are, each
 * part encoded; page 0 adds no query. */
static void
test_urls(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_non_null(a);
	assert_string_equal(url_api_news_list(a, NULL, 0), "/api/v1/news");
	assert_string_equal(url_api_news_list(a, "hu", 2),
	    "/hu/api/v1/news?page=2");
	assert_string_equal(url_api_news(a, "", "a b/c"),
	    "/api/v1/news/a%20b%2Fc");
	assert_string_equal(url_api_page(a, "hu", "rolunk"),
	    "/hu/api/v1/pages/rolunk");
	assert_string_equal(url_api_menu(a, "uk"), "/uk/api/v1/menu");
	assert_string_equal(url_absolute(a, BASE, url_api_menu(a, NULL)),
	    BASE "/api/v1/menu");
	arena_free(a);
}

/* A path of the site is made absolute from base_url; another site's URL,
 * "//host" and "/\\host" included, is kept as it is. */
static void
test_absolute(void **state)
{
	struct arena *a = arena_new();
	struct api_ctx c = { a, BASE, "en" };

	(void)state;
	assert_non_null(a);
	assert_string_equal(api_json_url(&c, "/news/x"), BASE "/news/x");
	assert_string_equal(api_json_url(&c, "/"), BASE "/");
	assert_string_equal(api_json_url(&c, "https://www.iom.int/"),
	    "https://www.iom.int/");
	assert_string_equal(api_json_url(&c, "//evil.example/x"),
	    "//evil.example/x");
	assert_string_equal(api_json_url(&c, "/\\evil.example"),
	    "/\\evil.example");
	assert_null(api_json_url(&c, NULL));
	arena_free(a);
}

/* Only the table's fields, renamed, in its order; what the model lacks
 * is null; presentation keys are left out; "" as a language is the
 * answer's. */
static void
test_pick(void **state)
{
	struct arena *a = arena_new();
	struct api_ctx c = { a, BASE, "hu" };
	json_t *model, *o;
	char *s;

	(void)state;
	assert_non_null(a);
	model = json_pack("{s:s,s:s,s:s,s:s,s:b,s:i,s:s,s:{s:s}}",
	    "date_text", "17 December 2021", "title", "T", "url", "/hu/x",
	    "lang", "", "external", 1, "n", 7, "date_iso", "2021-12-17",
	    "foreign", "code", "en");
	assert_non_null(model);
	o = api_json_pick(&c, model, item_fields);
	assert_non_null(o);
	s = json_dumps(o, JSON_COMPACT);
	assert_string_equal(s, "{\"title\":\"T\",\"url\":\"" BASE "/hu/x\","
	    "\"lang\":\"hu\",\"date\":\"2021-12-17\",\"external\":true,"
	    "\"n\":7,\"children\":null}");
	free(s);
	json_decref(o);
	/* Values of the wrong type are null, never copied. */
	json_object_set_new(model, "title", json_integer(1));
	json_object_set_new(model, "url", json_string(""));
	json_object_set_new(model, "external", json_string("yes"));
	json_object_set_new(model, "lang", json_string("en"));
	o = api_json_pick(&c, model, item_fields);
	assert_true(json_is_null(json_object_get(o, "title")));
	assert_true(json_is_null(json_object_get(o, "url")));
	assert_true(json_is_null(json_object_get(o, "external")));
	assert_string_equal(json_string_value(json_object_get(o, "lang")),
	    "en");
	json_decref(o);
	json_decref(model);
	arena_free(a);
}

/* A tree (the menu) is picked at every depth by the same table. */
static void
test_tree(void **state)
{
	struct arena *a = arena_new();
	struct api_ctx c = { a, BASE, "en" };
	json_t *menu, *out, *kid;

	(void)state;
	assert_non_null(a);
	menu = json_pack("[{s:s,s:s,s:[{s:s,s:s,s:b,s:[]}]}]", "title", "Top",
	    "url", "/top", "children", "title", "Kid", "url",
	    "https://other.example/", "current", 1, "children");
	assert_non_null(menu);
	out = api_json_pick_all(&c, menu, item_fields);
	assert_non_null(out);
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(out, 0), "url")), BASE "/top");
	kid = json_array_get(json_object_get(json_array_get(out, 0),
	    "children"), 0);
	assert_non_null(kid);
	assert_string_equal(json_string_value(json_object_get(kid, "url")),
	    "https://other.example/");
	assert_null(json_object_get(kid, "current"));
	assert_int_equal(json_array_size(json_object_get(kid, "children")), 0);
	json_decref(out);
	/* Not an array: an empty list. */
	out = api_json_pick_all(&c, NULL, item_fields);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	json_decref(menu);
	arena_free(a);
}

/* The answer is compact JSON ending in a newline; text that could close
 * an element or a string is escaped by JSON's rules, UTF-8 kept. */
static void
test_write(void **state)
{
	struct buf b = BUF_INIT;
	json_t *o = json_pack("{s:s}", "t", "\"</script>\" – ő");

	(void)state;
	assert_int_equal(api_json_write(&b, o), 0);
	assert_string_equal(b.data, "{\"t\":\"\\\"</script>\\\" – ő\"}\n");
	json_decref(o);
	buf_reset(&b);
	assert_int_equal(api_json_write(&b, NULL), -1);
	assert_true(b.failed);
	buf_free(&b);
}

/* An error's answer: its status and message, the message escaped. */
static void
test_error(void **state)
{
	struct buf b = BUF_INIT;
	json_error_t err;
	json_t *o;

	(void)state;
	assert_int_equal(api_json_error(&b, 404, "Not \"found\""), 0);
	assert_string_equal(b.data,
	    "{\"error\":{\"status\":404,\"message\":\"Not \\\"found\\\"\"}}\n");
	o = json_loads(b.data, 0, &err);
	assert_non_null(o);
	json_decref(o);
	buf_reset(&b);
	assert_int_equal(api_json_error(&b, 400, NULL), 0);
	assert_string_equal(b.data,
	    "{\"error\":{\"status\":400,\"message\":\"\"}}\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

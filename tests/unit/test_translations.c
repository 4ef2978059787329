/* test_translations.c: the public reads of a bilingual site: the version
 * of an item in the reader's language, or another one to stand in for it,
 * the lists with one version per group, the menu's labels, settings and
 * redirects in the reader's language or the default's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store_fixture.h"

/* 2030-01-01: after every seeded date. */
#define NOW	((time_t)1893456000)

static const char statement[] = "international-migrants-day-statement-iom-"
    "director-general-antonio-vitorino-harnessing-potential-human-mobility";

/* The integer sql answers on the fixture's file. */
static int64_t
query_int(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t v;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The seed, the site's own demo content in English, with test versions:
 * release 2 and page "about" in Hungarian, release 3 in Hungarian as a
 * draft, a release in Hungarian only, one menu label in Hungarian. */
static int
setup(void **state)
{
	struct fixture *f;

	if (fixture_open(state, 1) != 0)
		return -1;
	f = *state;
	fixture_exec(f, "DELETE FROM news WHERE lang <> 'en';"
	    "DELETE FROM pages WHERE lang <> 'en';"
	    "DELETE FROM menu_texts;"
	    "DELETE FROM settings WHERE lang <> 'en';"
	    "INSERT INTO news (lang, slug, title, pub_date, body_html, status,"
	    " published_at, group_id, source_id) SELECT 'hu', 'oltas',"
	    " 'Oltás', pub_date, '<p>hu</p>', 'published', published_at, id,"
	    " id FROM news WHERE id = 2;"
	    "INSERT INTO news (lang, slug, title, pub_date, body_html, status,"
	    " published_at, group_id) SELECT 'hu', 'vazlat', 'Vázlat',"
	    " pub_date, '<p>hu</p>', 'draft', published_at, id FROM news"
	    " WHERE id = 3;"
	    "INSERT INTO news (lang, slug, title, pub_date, body_html, status,"
	    " published_at) VALUES ('hu', 'csak-magyar', 'Csak magyar',"
	    " '2021-01-01', '<p>hu</p>', 'published', 1609455600);"
	    "INSERT INTO pages (lang, slug, title, body_html, status,"
	    " published_at, group_id) SELECT 'hu', 'rolunk', 'Rólunk',"
	    " '<p>hu</p>', 'published', 0, id FROM pages WHERE slug = 'about';"
	    "INSERT INTO menu_texts (item_id, lang, label, description)"
	    " SELECT id, 'hu', 'Kik vagyunk', '' FROM menu_items"
	    " WHERE label = 'Who We Are';"
	    "INSERT INTO settings (lang, key, value) VALUES"
	    " ('hu', 'site_name', 'IOM Magyarország');");
	return 0;
}

static void
test_news_in_reader_language(void **state)
{
	struct fixture *f = *state;
	const char *version;
	struct news n;

	/* No Hungarian version: the English one stands in. */
	assert_int_equal(store_news_by_slug(f->s, f->a, "hu", "en", statement,
	    NOW, &n, &version), STORE_OK);
	assert_string_equal(n.lang, "en");
	assert_null(version);
	assert_non_null(n.body_html);
	/* An English slug of a release that has a Hungarian version: the
	 * reader is sent to it. */
	assert_int_equal(store_news_by_slug(f->s, f->a, "hu", "en",
	    "covid-19-vaccination-campaign-reaches-migrant-communities-hungary",
	    NOW, &n, &version), STORE_OK);
	assert_string_equal(version, "oltas");
	assert_int_equal(store_news_by_slug(f->s, f->a, "hu", "en", "oltas",
	    NOW, &n, &version), STORE_OK);
	assert_string_equal(n.lang, "hu");
	assert_int_equal(n.group_id, 2);
	assert_null(version);
	/* And back: the Hungarian slug read in English. */
	assert_int_equal(store_news_by_slug(f->s, f->a, "en", "en", "oltas",
	    NOW, &n, &version), STORE_OK);
	assert_string_equal(version,
	    "covid-19-vaccination-campaign-reaches-migrant-communities-hungary");
	/* A draft version is no version: the English one stands in. */
	assert_int_equal(store_news_by_slug(f->s, f->a, "hu", "en",
	    "assisted-voluntary-return-iom-helps-migrants-return-home-safely-"
	    "and-dignity", NOW, &n, &version), STORE_OK);
	assert_string_equal(n.lang, "en");
	assert_null(version);
	assert_int_equal(store_news_by_slug(f->s, f->a, "hu", "en", "vazlat",
	    NOW, &n, &version), STORE_NOTFOUND);
	/* Only in Hungarian: shown in English as it is. */
	assert_int_equal(store_news_by_slug(f->s, f->a, "en", "en",
	    "csak-magyar", NOW, &n, &version), STORE_OK);
	assert_string_equal(n.lang, "hu");
	assert_null(version);
	assert_int_equal(store_news_by_slug(f->s, f->a, "hu", "en", "nope",
	    NOW, &n, &version), STORE_NOTFOUND);
}

/* One version of each group, the reader's where it exists. */
static void
test_news_lists(void **state)
{
	struct fixture *f = *state;
	struct news *items;
	int64_t count, en;
	size_t n, i, hu = 0, groups2 = 0;

	assert_int_equal(store_news_count(f->s, NOW, &count), STORE_OK);
	assert_int_equal(store_news_list(f->s, f->a, "hu", "en", NOW, 0, 100,
	    &items, &n), STORE_OK);
	assert_int_equal((int64_t)n, count);
	for (i = 0; i < n; i++) {
		if (strcmp(items[i].lang, "hu") == 0)
			hu++;
		if (items[i].group_id == 2) {
			groups2++;
			assert_string_equal(items[i].slug, "oltas");
		}
		if (i > 0)
			assert_true(items[i - 1].published_at >=
			    items[i].published_at);
	}
	assert_int_equal(hu, 2);
	assert_int_equal(groups2, 1);
	assert_int_equal(store_news_list(f->s, f->a, "en", "en", NOW, 0, 100,
	    &items, &n), STORE_OK);
	assert_int_equal((int64_t)n, count);
	for (i = 0, en = 0; i < n; i++)
		en += strcmp(items[i].lang, "en") == 0;
	/* The Hungarian-only release is the one not in English. */
	assert_int_equal(en, count - 1);
	/* Paging does not repeat a group. */
	assert_int_equal(store_news_list(f->s, f->a, "hu", "en", NOW, 1, 1,
	    &items, &n), STORE_OK);
	assert_int_equal(n, 1);
}

/* The feed's rows are the list's first page, in order, with their bodies
 * and the time their rows were made. */
static void
test_news_feed(void **state)
{
	struct fixture *f = *state;
	struct news_entry *feed;
	struct news *list;
	size_t n, nlist, i;

	assert_int_equal(store_news_list(f->s, f->a, "hu", "en", NOW, 0, 20,
	    &list, &nlist), STORE_OK);
	assert_int_equal(store_news_feed(f->s, f->a, "hu", "en", NOW, 20,
	    &feed, &n), STORE_OK);
	assert_int_equal(n, nlist);
	assert_true(n > 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(feed[i].news.id, list[i].id);
		assert_string_equal(feed[i].news.slug, list[i].slug);
		assert_string_equal(feed[i].news.lang, list[i].lang);
		assert_int_equal(feed[i].news.updated_at, list[i].updated_at);
		assert_non_null(feed[i].news.body_html);
		assert_true(feed[i].created_at > 0);
		/* The seed's bodies are rendered by db init, not here. */
		if (strcmp(feed[i].news.lang, "hu") == 0)
			assert_string_equal(feed[i].news.body_html,
			    "<p>hu</p>");
	}
	assert_int_equal(store_news_feed(f->s, f->a, "hu", "en", NOW, 2,
	    &feed, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_news_feed(f->s, f->a, "hu", "en", NOW, 0,
	    &feed, &n), STORE_ERROR);
	assert_int_equal(store_news_feed(f->s, f->a, "hu", "en", NOW, 101,
	    &feed, &n), STORE_ERROR);
	/* Before any release was due: an empty feed, not an error. */
	assert_int_equal(store_news_feed(f->s, f->a, "hu", "en", 0, 20,
	    &feed, &n), STORE_OK);
	assert_int_equal(n, 0);
}

static void
test_pages_and_translations(void **state)
{
	struct fixture *f = *state;
	struct translation *t;
	const char *version;
	struct page p;
	size_t n;

	assert_int_equal(store_page_by_slug(f->s, f->a, "hu", "en", "about",
	    NOW, &p, &version), STORE_OK);
	assert_string_equal(version, "rolunk");
	assert_int_equal(store_page_by_slug(f->s, f->a, "hu", "en", "rolunk",
	    NOW, &p, &version), STORE_OK);
	assert_string_equal(p.lang, "hu");
	assert_string_equal(p.title, "Rólunk");
	assert_int_equal(store_translations(f->s, f->a, "page", p.group_id,
	    NOW, &t, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].lang, "en");
	assert_string_equal(t[0].slug, "about");
	assert_string_equal(t[1].lang, "hu");
	assert_string_equal(t[1].slug, "rolunk");
	assert_int_equal(store_page_by_slug(f->s, f->a, "hu", "en",
	    "who-we-are", NOW, &p, &version), STORE_OK);
	assert_string_equal(p.lang, "en");
	assert_null(version);
	/* The draft is no version. */
	assert_int_equal(store_translations(f->s, f->a, "news", 3, NOW, &t,
	    &n), STORE_OK);
	assert_int_equal(n, 1);
}

static void
test_menu_labels(void **state)
{
	struct fixture *f = *state;
	struct menu_item *items;
	size_t n, i;
	bool seen_about = false;

	assert_int_equal(store_menu(f->s, f->a, "hu", NOW, &items, &n),
	    STORE_OK);
	assert_true(n > 5);
	assert_string_equal(items[0].label, "Kik vagyunk");
	assert_null(items[0].label_lang);
	/* The description the Hungarian label lacks is the English one. */
	assert_true(items[0].description[0] != '\0');
	assert_string_equal(items[0].description_lang, "en");
	for (i = 1; i < n; i++) {
		assert_string_equal(items[i].label_lang, "en");
		if (items[i].target == MENU_PAGE &&
		    strcmp(items[i].label, "About") == 0) {
			assert_string_equal(items[i].page_slug, "rolunk");
			assert_true(items[i].page_visible);
			seen_about = true;
		}
	}
	assert_true(seen_about);
	assert_int_equal(store_menu(f->s, f->a, "en", NOW, &items, &n),
	    STORE_OK);
	assert_string_equal(items[0].label, "Who We Are");
	assert_null(items[0].label_lang);
	assert_null(items[0].description_lang);
}

static void
test_settings_and_redirects(void **state)
{
	struct fixture *f = *state;
	const char *value, *in;

	assert_int_equal(store_setting_in(f->s, f->a, "hu", "en", "site_name",
	    &value, &in), STORE_OK);
	assert_string_equal(value, "IOM Magyarország");
	assert_string_equal(in, "hu");
	assert_int_equal(store_setting_in(f->s, f->a, "hu", "en", "tagline",
	    &value, &in), STORE_OK);
	assert_string_equal(in, "en");
	assert_int_equal(store_setting_in(f->s, f->a, "hu", "en", "nope",
	    &value, &in), STORE_OK);
	assert_null(value);
	assert_null(in);

	fixture_exec(f, "INSERT INTO redirects (lang, kind, old_slug, target_id)"
	    " VALUES ('en', 'page', 'old-about', (SELECT id FROM pages"
	    " WHERE slug = 'about'))");
	assert_int_equal(store_redirect(f->s, f->a, "hu", "en", "page",
	    "old-about", NOW, &value), STORE_OK);
	assert_string_equal(value, "about");
	assert_int_equal(store_redirect(f->s, f->a, "hu", "hu", "page",
	    "old-about", NOW, &value), STORE_NOTFOUND);
}

/* Migration 004's triggers: a new row starts its own group; only a
 * changed title or body moves text_rev on. */
static void
test_group_and_text_rev(void **state)
{
	struct fixture *f = *state;
	struct news n;
	const char *version;
	struct translation *t;
	size_t k;

	fixture_exec(f, "UPDATE news SET status = 'published', pub_date = pub_date"
	    " WHERE slug = 'oltas';"
	    "UPDATE news SET title = 'Oltás!' WHERE slug = 'oltas';"
	    "UPDATE news SET title = 'Oltás!' WHERE slug = 'oltas';");
	assert_int_equal(store_news_by_slug(f->s, f->a, "hu", "en",
	    "csak-magyar", NOW, &n, &version), STORE_OK);
	assert_int_equal(n.group_id, n.id);
	assert_int_equal(store_translations(f->s, f->a, "news", n.group_id,
	    NOW, &t, &k), STORE_OK);
	assert_int_equal(k, 1);
	assert_int_equal(query_int(f,
	    "SELECT text_rev FROM news WHERE slug = 'oltas'"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_news_in_reader_language),
		cmocka_unit_test(test_news_lists),
		cmocka_unit_test(test_news_feed),
		cmocka_unit_test(test_pages_and_translations),
		cmocka_unit_test(test_menu_labels),
		cmocka_unit_test(test_settings_and_redirects),
		cmocka_unit_test(test_group_and_text_rev),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

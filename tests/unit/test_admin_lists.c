/* test_admin_lists.c: the editors' list queries (store/admin_lists.c) and
 * the menu editor's reads and writes (store/menu_admin.c), over a fresh
 * database with the demo content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "lib/arena.h"
#include "store/admin_lists.h"
#include "store/menu_admin.h"
#include "store/store.h"
#include "store_fixture.h"

/* Runs sql on the test database through a connection of its own: the
 * set-up the store has no function for (a user, edit times). */
static void
exec_sql(struct fixture *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int
setup(void **state)
{
	return fixture_open(state, 1);
}

/* The menu tests need all three levels and every kind of target, more
 * than the demo menu has (two levels, no news entry): they move the demo's
 * three top-level pages under Cross-cutting (Global) and add a News entry
 * last, ids 1-10 in the order the checks below name them. */
static int
setup_menu(void **state)
{
	if (fixture_open(state, 1) != 0)
		return -1;
	exec_sql(*state,
	    "UPDATE menu_items SET parent_id = 6, position = id - 7"
	    " WHERE id IN (7, 8, 9);"
	    "INSERT INTO menu_items (id, lang, parent_id, position, label,"
	    " description, target, page_id, url)"
	    " VALUES (10, 'en', NULL, 2, 'News', '', 'news', NULL, NULL);");
	return 0;
}

/* The unfiltered queries of each kind, and of none. */
static const struct admin_query q_all = { ADMIN_LIST_ALL, 0, NULL, NULL };
static const struct admin_query q_news = { ADMIN_LIST_NEWS, 0, NULL, NULL };
static const struct admin_query q_pages = { ADMIN_LIST_PAGES, 0, NULL, NULL };
static const struct admin_query q_none = { 0, 0, NULL, NULL };
static const struct admin_query q_entries = { ADMIN_LIST_PROJECTS |
    ADMIN_LIST_EVENTS | ADMIN_LIST_PUBLICATIONS, 0, NULL, NULL };
/* Releases and pages: two pages of the list at 20 a page. */
static const struct admin_query q_both = { ADMIN_LIST_NEWS |
    ADMIN_LIST_PAGES, 0, NULL, NULL };

static void
test_counts(void **state)
{
	struct fixture *f = *state;
	int64_t all, news, pages, entries, projects;

	assert_int_equal(store_admin_count(f->s, &q_all, &all),
	    STORE_OK);
	assert_int_equal(store_admin_count(f->s, &q_news, &news),
	    STORE_OK);
	assert_int_equal(store_admin_count(f->s, &q_pages, &pages),
	    STORE_OK);
	/* Drafts and scheduled items count too. */
	assert_true(news >= 16);
	assert_true(pages >= 9);
	/* The demo's projects, events and publications, translations
	 * included. */
	assert_int_equal(store_admin_count(f->s, &q_entries, &entries),
	    STORE_OK);
	assert_int_equal(entries, 9);
	assert_int_equal(store_admin_count(f->s, &(struct admin_query){
	    ADMIN_LIST_PROJECTS, 0, NULL, NULL }, &projects), STORE_OK);
	assert_int_equal(projects, 3);
	assert_int_equal(all, news + pages + entries);
	assert_int_equal(store_admin_count(f->s, &q_none, &all), STORE_OK);
	assert_int_equal(all, 0);
}

static void
test_list_order(void **state)
{
	struct fixture *f = *state;
	struct admin_entry *e;
	size_t n, i;

	exec_sql(f,
	    "INSERT INTO users (name, role, password_hash)"
	    " VALUES ('Alice', 'editor', 'x');"
	    "UPDATE news SET updated_at = 2000000000,"
	    " updated_by = (SELECT id FROM users WHERE name = 'Alice')"
	    " WHERE slug = 'draft-upcoming-statement';"
	    "UPDATE pages SET updated_at = 2000000001"
	    " WHERE slug = 'internal-draft-page';");
	assert_int_equal(store_admin_list(f->s, f->a, &q_all, 0, 20,
	    &e, &n), STORE_OK);
	assert_int_equal(n, 20);
	/* Last edited first, whatever the kind. */
	assert_int_equal(e[0].kind, CONTENT_PAGE);
	assert_string_equal(e[0].title, "Internal draft page");
	assert_false(e[0].published);
	assert_false(e[0].has_pub_time);
	assert_string_equal(e[0].editor, "");
	assert_int_equal(e[1].kind, CONTENT_NEWS);
	assert_string_equal(e[1].title, "Draft: upcoming statement");
	assert_string_equal(e[1].editor, "Alice");
	assert_true(e[1].has_pub_time);
	for (i = 1; i < n; i++)
		assert_true(e[i - 1].updated_at >= e[i].updated_at);
	assert_int_equal(store_admin_list(f->s, f->a, &q_pages, 0, 20,
	    &e, &n), STORE_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(e[i].kind, CONTENT_PAGE);
	assert_int_equal(store_admin_list(f->s, f->a, &q_news, 0, 20,
	    &e, &n), STORE_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(e[i].kind, CONTENT_NEWS);
}

static void
test_paginate(void **state)
{
	struct fixture *f = *state;
	struct admin_entry *p1, *p2;
	size_t n1, n2, i, j;
	int64_t count;

	assert_int_equal(store_admin_count(f->s, &q_both, &count),
	    STORE_OK);
	assert_int_equal(store_admin_list(f->s, f->a, &q_both, 0, 20,
	    &p1, &n1), STORE_OK);
	assert_int_equal(store_admin_list(f->s, f->a, &q_both, 20, 20,
	    &p2, &n2), STORE_OK);
	assert_int_equal(n1, 20);
	assert_int_equal((int64_t)(n1 + n2), count);
	for (i = 0; i < n1; i++)
		for (j = 0; j < n2; j++)
			assert_false(p1[i].kind == p2[j].kind &&
			    p1[i].id == p2[j].id);
	assert_int_equal(store_admin_list(f->s, f->a, &q_both, 1000,
	    20, &p2, &n2), STORE_OK);
	assert_int_equal(n2, 0);
	assert_int_not_equal(store_admin_list(f->s, f->a, &q_both, 0,
	    0, &p2, &n2), STORE_OK);
	assert_int_not_equal(store_admin_list(f->s, f->a, &q_both, 0,
	    ADMIN_LIST_LIMIT_MAX + 1, &p2, &n2), STORE_OK);
	assert_int_not_equal(store_admin_list(f->s, f->a, &q_both, -1,
	    20, &p2, &n2), STORE_OK);
}

/* The donors the project form offers: those a project names, by name,
 * whatever case a later project typed one in. */
static void
test_donors(void **state)
{
	struct fixture *f = *state;
	const char **names;
	size_t n;

	assert_int_equal(store_admin_donors(f->s, f->a, &names, &n),
	    STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(names[0],
	    "Asylum, Migration and Integration Fund (AMIF)");
	assert_string_equal(names[1], "Ministry of Interior of Hungary");
	assert_string_equal(names[2], "SlovakAid");
	/* A name no project gives any longer is not offered. */
	exec_sql(f, "UPDATE entries SET fields = json_set(fields, '$.donors',"
	    " json_array('slovakaid', 'EU')) WHERE kind = 'project'");
	assert_int_equal(store_admin_donors(f->s, f->a, &names, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "EU");
	assert_string_equal(names[1], "SlovakAid");
}

/* A title search finds the words anywhere in a title, ASCII letters in
 * either case, with LIKE's % and _ as written. */
static void
test_title_search(void **state)
{
	struct fixture *f = *state;
	struct admin_query q = { ADMIN_LIST_ALL, ADMIN_FILTER_TITLE, NULL,
	    "50% OFF_x" };
	char words[ADMIN_WORDS_MAX + 2];
	struct admin_entry *e;
	int64_t count;
	size_t n;

	exec_sql(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " published_at) VALUES ('en', 'sale', 'Now 50% off_x today',"
	    " '2024-01-01', 1704067200), ('en', 'sale-2',"
	    " 'Now 500 offsx today', '2024-01-01', 1704067200);");
	assert_int_equal(store_admin_count(f->s, &q, &count), STORE_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_admin_list(f->s, f->a, &q, 0, 20, &e, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].title, "Now 50% off_x today");
	q.kinds = ADMIN_LIST_PAGES;
	assert_int_equal(store_admin_count(f->s, &q, &count), STORE_OK);
	assert_int_equal(count, 0);
	/* Words past ADMIN_WORDS_MAX (the list answers 400 first). */
	memset(words, 'x', sizeof(words) - 1);
	words[sizeof(words) - 1] = '\0';
	q.words = words;
	assert_int_equal(store_admin_count(f->s, &q, &count), STORE_ERROR);
	assert_int_equal(store_admin_list(f->s, f->a, &q, 0, 20, &e, &n),
	    STORE_ERROR);
}

/* "missing in hu" lists each group with no Hungarian version once, by its
 * oldest row; "outdated in hu" the Hungarian versions whose source's text
 * changed since. Every list flags an outdated row. */
static void
test_filters(void **state)
{
	struct fixture *f = *state;
	const struct admin_query missing = { ADMIN_LIST_NEWS,
	    ADMIN_FILTER_MISSING, "hu", NULL };
	const struct admin_query outdated = { ADMIN_LIST_ALL,
	    ADMIN_FILTER_OUTDATED, "hu", NULL };
	struct admin_entry *e;
	int64_t before, after, count;
	size_t n, i;
	bool seen = false;

	exec_sql(f, "DELETE FROM news WHERE lang <> 'en';"
	    "DELETE FROM pages WHERE lang <> 'en';");
	assert_int_equal(store_admin_count(f->s, &missing, &before),
	    STORE_OK);
	assert_int_equal(store_admin_count(f->s, &q_news, &count), STORE_OK);
	assert_int_equal(before, count);
	exec_sql(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " published_at, group_id, source_id, source_rev, updated_at)"
	    " SELECT 'hu', 'forditas', 'Fordítás', pub_date, published_at,"
	    " group_id, id, text_rev, 2000000000 FROM news"
	    " WHERE slug = 'draft-upcoming-statement';");
	assert_int_equal(store_admin_count(f->s, &missing, &after), STORE_OK);
	assert_int_equal(after, before - 1);
	assert_int_equal(store_admin_list(f->s, f->a, &missing, 0, 20, &e,
	    &n), STORE_OK);
	for (i = 0; i < n; i++)
		assert_string_not_equal(e[i].title,
		    "Draft: upcoming statement");
	assert_int_equal(store_admin_count(f->s, &outdated, &count),
	    STORE_OK);
	assert_int_equal(count, 0);

	/* A status-only change leaves it current; a body change does not. */
	exec_sql(f, "UPDATE news SET status = 'published'"
	    " WHERE slug = 'draft-upcoming-statement';");
	assert_int_equal(store_admin_count(f->s, &outdated, &count),
	    STORE_OK);
	assert_int_equal(count, 0);
	exec_sql(f, "UPDATE news SET body_md = 'New text.'"
	    " WHERE slug = 'draft-upcoming-statement';");
	assert_int_equal(store_admin_count(f->s, &outdated, &count),
	    STORE_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_admin_list(f->s, f->a, &outdated, 0, 20, &e,
	    &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].title, "Fordítás");
	assert_true(e[0].outdated);
	assert_int_equal(store_admin_list(f->s, f->a, &q_all, 0, 20, &e, &n),
	    STORE_OK);
	for (i = 0; i < n; i++)
		if (strcmp(e[i].title, "Fordítás") == 0)
			seen = e[i].outdated;
		else
			assert_false(e[i].outdated);
	assert_true(seen);
}

/* The tree as "label/depth" joined by spaces, for whole-tree checks. */
static const char *
tree_text(struct fixture *f)
{
	struct menu_admin_item *items;
	static char text[4096];
	size_t n, i, len = 0;

	assert_int_equal(store_menu_admin_tree(f->s, f->a, &items, &n),
	    STORE_OK);
	text[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%s%lld/%d", i > 0 ? " " : "", (long long)items[i].id,
		    items[i].depth);
	return text;
}

static void
test_menu_tree(void **state)
{
	struct fixture *f = *state;
	struct menu_admin_item *items, m;
	struct menu_admin_page *pages;
	size_t n, i;

	assert_string_equal(tree_text(f),
	    "1/0 2/1 3/1 4/0 5/1 6/1 7/2 8/2 9/2 10/0");
	assert_int_equal(store_menu_admin_tree(f->s, f->a, &items, &n),
	    STORE_OK);
	assert_string_equal(items[0].label, "Who We Are");
	assert_int_equal(items[0].target, MENU_PAGE);
	assert_string_equal(items[0].page_title, "Who We Are");
	assert_true(items[0].description[0] != '\0');
	assert_int_equal(items[2].target, MENU_URL);
	assert_string_equal(items[2].url, "https://www.iom.int/");
	assert_int_equal(items[9].target, MENU_NEWS);
	/* One tree for every language: each item's own label is English. */
	for (i = 0; i < n; i++)
		assert_string_equal(items[i].lang, "en");

	assert_int_equal(store_menu_admin_item(f->s, f->a, 7, &m),
	    STORE_OK);
	assert_string_equal(m.label, "Data and Resources");
	assert_int_equal(m.parent_id, 6);
	assert_int_equal(m.depth, 2);
	assert_int_equal(store_menu_admin_item(f->s, f->a, 999, &m),
	    STORE_NOTFOUND);

	/* Every page, drafts included, by title. */
	assert_int_equal(store_menu_admin_pages(f->s, f->a, 0, &pages, &n),
	    STORE_OK);
	assert_true(n >= 9);
	for (i = 1; i < n; i++)
		assert_true(strcasecmp(pages[i - 1].title,
		    pages[i].title) <= 0);
	for (i = 0; i < n && strcmp(pages[i].title, "Internal draft page");
	    i++)
		;
	assert_true(i < n);
	assert_false(pages[i].published);
}

/* Past MENU_ADMIN_PAGES_MAX pages, an item's page that sorts after them
 * is still offered: its form shows it chosen and saves it unchanged. */
static void
test_menu_pages_many(void **state)
{
	struct fixture *f = *state;
	struct menu_admin_page *pages;
	int64_t last = 0;
	size_t n, i;

	exec_sql(f, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1"
	    " FROM k WHERE i < 1000) INSERT INTO pages (lang, slug, title)"
	    " SELECT 'en', 'aa-' || i, 'Aa ' || i FROM k;"
	    " INSERT INTO pages (lang, slug, title) VALUES ('en', 'zz',"
	    " 'Zz last');");
	assert_int_equal(store_menu_admin_pages(f->s, f->a, 0, &pages, &n),
	    STORE_OK);
	assert_int_equal(n, MENU_ADMIN_PAGES_MAX);
	for (i = 0; i < n; i++)
		assert_string_not_equal(pages[i].title, "Zz last");
	/* "Zz last" was made last: the id after every listed one. */
	for (i = 0; i < n; i++)
		if (pages[i].id > last)
			last = pages[i].id;
	assert_int_equal(store_menu_admin_pages(f->s, f->a, last + 1, &pages,
	    &n), STORE_OK);
	assert_int_equal(n, MENU_ADMIN_PAGES_MAX + 1);
	assert_string_equal(pages[n - 1].title, "Zz last");
	assert_int_equal(pages[n - 1].id, last + 1);
}

static void
test_menu_add(void **state)
{
	struct fixture *f = *state;
	struct menu_admin_fields fl = {
		0, "Contact", "How to reach the office", MENU_URL, 0,
		"https://example.org/contact", NULL, 0
	};
	enum menu_refusal why;
	struct menu_admin_item m;
	int64_t id, gen0, gen1;

	assert_int_equal(store_generation(f->s, &gen0), STORE_OK);
	assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id, &why),
	    STORE_OK);
	assert_int_equal(why, MENU_REFUSAL_NONE);
	assert_true(id > 10);
	assert_int_equal(store_generation(f->s, &gen1), STORE_OK);
	assert_true(gen1 > gen0);
	/* Last of the top level. */
	assert_string_equal(tree_text(f) + strlen(tree_text(f)) -
	    strlen(" 10/0 11/0"), " 10/0 11/0");
	assert_int_equal(store_menu_admin_item(f->s, f->a, id, &m),
	    STORE_OK);
	assert_string_equal(m.url, "https://example.org/contact");
	assert_string_equal(m.description, "How to reach the office");

	/* Under a third-level item: too deep. */
	fl.parent_id = 7;
	assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_TOO_DEEP);
	fl.parent_id = 999;
	assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_NO_PARENT);
	fl.parent_id = 6;
	fl.target = MENU_PAGE;
	fl.page_id = 9999;
	assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_NO_PAGE);

	/* Under a second-level item: its last child. */
	fl.page_id = 1;
	fl.label = "Who we are, again";
	assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id, &why),
	    STORE_OK);
	assert_int_equal(id, 12);
	assert_string_equal(tree_text(f),
	    "1/0 2/1 3/1 4/0 5/1 6/1 7/2 8/2 9/2 12/2 10/0 11/0");
	assert_int_equal(store_menu_admin_item(f->s, f->a, 12, &m),
	    STORE_OK);
	assert_int_equal(m.target, MENU_PAGE);
	assert_int_equal(m.page_id, 1);
	assert_string_equal(m.url, "");
}

/* The lists of issue 14 as targets: stored by name, read back by the
 * editor and the public menu; the demo's Data and Resources is one. */
static void
test_menu_lists(void **state)
{
	static const enum menu_target lists[] = {
		MENU_PROJECTS, MENU_EVENTS, MENU_RESOURCES,
	};
	struct fixture *f = *state;
	struct menu_admin_fields fl = {
		0, "A list", "", MENU_PROJECTS, 3, "https://example.org/",
		NULL, 0
	};
	enum menu_refusal why;
	struct menu_admin_item m;
	struct menu_item *pub;
	enum menu_target t;
	int64_t id;
	size_t i, j, n;

	assert_int_equal(store_menu_admin_item(f->s, f->a, 7, &m), STORE_OK);
	assert_int_equal(m.target, MENU_RESOURCES);
	assert_int_equal(m.page_id, 0);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		assert_int_equal(store_menu_target_parse(
		    store_menu_target_name(lists[i]), &t), 0);
		assert_int_equal(t, lists[i]);
		fl.target = lists[i];
		assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id,
		    &why), STORE_OK);
		assert_int_equal(store_menu_admin_item(f->s, f->a, id, &m),
		    STORE_OK);
		/* Neither the page nor the address is kept. */
		assert_int_equal(m.target, lists[i]);
		assert_int_equal(m.page_id, 0);
		assert_string_equal(m.url, "");
		assert_int_equal(store_menu(f->s, f->a, "hu", 0, &pub, &n),
		    STORE_OK);
		for (j = 0; j < n && pub[j].id != id; j++)
			;
		assert_true(j < n);
		assert_int_equal(pub[j].target, lists[i]);
	}
	assert_string_equal(store_menu_target_name(MENU_EVENTS), "events");
	assert_int_equal(store_menu_target_parse("publications", &t), -1);
	assert_int_equal(store_menu_target_parse("", &t), -1);
	assert_int_equal(store_menu_target_parse(NULL, &t), -1);
}

static void
test_menu_update(void **state)
{
	struct fixture *f = *state;
	struct menu_admin_fields fl = {
		0, "Our Work", "", MENU_PAGE, 3, NULL, NULL, 0
	};
	enum menu_refusal why;
	struct menu_admin_item m;
	const char *before;

	before = strdup(tree_text(f));
	/* Never under itself or one of its descendants. */
	fl.parent_id = 4;
	assert_int_equal(store_menu_admin_update(f->s, 4, &fl, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_CYCLE);
	fl.parent_id = 6;
	assert_int_equal(store_menu_admin_update(f->s, 4, &fl, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_CYCLE);
	fl.parent_id = 7;
	assert_int_equal(store_menu_admin_update(f->s, 4, &fl, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_CYCLE);
	assert_string_equal(tree_text(f), before);
	free((void *)before);

	/* 6 has children: under 2 it would make a fourth level. */
	fl.label = "Cross-cutting";
	fl.parent_id = 2;
	assert_int_equal(store_menu_admin_update(f->s, 6, &fl, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_TOO_DEEP);
	fl.parent_id = 1;
	assert_int_equal(store_menu_admin_update(f->s, 6, &fl, &why),
	    STORE_OK);
	assert_string_equal(tree_text(f),
	    "1/0 2/1 3/1 6/1 7/2 8/2 9/2 4/0 5/1 10/0");
	assert_int_equal(store_menu_admin_item(f->s, f->a, 6, &m),
	    STORE_OK);
	assert_string_equal(m.label, "Cross-cutting");
	/* To the top level, with a new target. */
	fl.parent_id = 0;
	fl.target = MENU_NEWS;
	assert_int_equal(store_menu_admin_update(f->s, 6, &fl, &why),
	    STORE_OK);
	assert_string_equal(tree_text(f),
	    "1/0 2/1 3/1 4/0 5/1 10/0 6/0 7/1 8/1 9/1");
	assert_int_equal(store_menu_admin_item(f->s, f->a, 6, &m),
	    STORE_OK);
	assert_int_equal(m.target, MENU_NEWS);
	assert_int_equal(m.page_id, 0);
	assert_int_equal(store_menu_admin_update(f->s, 999, &fl, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_GONE);
}

static void
test_menu_move(void **state)
{
	struct fixture *f = *state;
	struct menu_item *pub;
	enum menu_refusal why;
	size_t n;

	assert_int_equal(store_menu_admin_move(f->s, 3, MENU_MOVE_UP,
	    &why), STORE_OK);
	assert_string_equal(tree_text(f),
	    "1/0 3/1 2/1 4/0 5/1 6/1 7/2 8/2 9/2 10/0");
	assert_int_equal(store_menu_admin_move(f->s, 3, MENU_MOVE_UP,
	    &why), STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_NO_SIBLING);
	assert_int_equal(store_menu_admin_move(f->s, 10, MENU_MOVE_DOWN,
	    &why), STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_NO_SIBLING);
	assert_int_equal(store_menu_admin_move(f->s, 1, MENU_MOVE_DOWN,
	    &why), STORE_OK);
	assert_string_equal(tree_text(f),
	    "4/0 5/1 6/1 7/2 8/2 9/2 1/0 3/1 2/1 10/0");
	/* The public menu sees the same order. */
	assert_int_equal(store_menu(f->s, f->a, "en", 0, &pub, &n), STORE_OK);
	assert_int_equal(pub[0].id, 4);
	assert_int_equal(pub[1].id, 1);
	assert_int_equal(pub[2].id, 10);

	/* In: the last child of the previous sibling. */
	assert_int_equal(store_menu_admin_move(f->s, 2, MENU_MOVE_IN,
	    &why), STORE_OK);
	assert_string_equal(tree_text(f),
	    "4/0 5/1 6/1 7/2 8/2 9/2 1/0 3/1 2/2 10/0");
	assert_int_equal(store_menu_admin_move(f->s, 5, MENU_MOVE_IN,
	    &why), STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_NO_SIBLING);
	/* 6 holds a level below it: under 5 it would make a fourth. */
	assert_int_equal(store_menu_admin_move(f->s, 6, MENU_MOVE_IN,
	    &why), STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_TOO_DEEP);
	assert_int_equal(store_menu_admin_move(f->s, 8, MENU_MOVE_IN,
	    &why), STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_TOO_DEEP);

	/* Out: right after the parent. */
	assert_int_equal(store_menu_admin_move(f->s, 7, MENU_MOVE_OUT,
	    &why), STORE_OK);
	assert_string_equal(tree_text(f),
	    "4/0 5/1 6/1 8/2 9/2 7/1 1/0 3/1 2/2 10/0");
	assert_int_equal(store_menu_admin_move(f->s, 5, MENU_MOVE_OUT,
	    &why), STORE_OK);
	assert_string_equal(tree_text(f),
	    "4/0 6/1 8/2 9/2 7/1 5/0 1/0 3/1 2/2 10/0");
	assert_int_equal(store_menu_admin_move(f->s, 5, MENU_MOVE_OUT,
	    &why), STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_TOP_LEVEL);
	assert_int_equal(store_menu_admin_move(f->s, 999, MENU_MOVE_UP,
	    &why), STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_GONE);
}

static void
test_menu_delete(void **state)
{
	struct fixture *f = *state;
	enum menu_refusal why;

	/* The subtree goes with it. */
	assert_int_equal(store_menu_admin_delete(f->s, 4, &why),
	    STORE_OK);
	assert_string_equal(tree_text(f), "1/0 2/1 3/1 10/0");
	assert_int_equal(store_menu_admin_delete(f->s, 4, &why),
	    STORE_NOTFOUND);
	assert_int_equal(why, MENU_REFUSAL_GONE);
	assert_string_equal(tree_text(f), "1/0 2/1 3/1 10/0");
}

/* A page deleted under an item leaves the item pointing nowhere; the
 * editor shows it so. */
static void
test_menu_page_gone(void **state)
{
	struct fixture *f = *state;
	struct menu_admin_item m;

	exec_sql(f, "DELETE FROM pages WHERE slug = 'about'");
	assert_int_equal(store_menu_admin_item(f->s, f->a, 2, &m),
	    STORE_OK);
	assert_int_equal(m.target, MENU_PAGE);
	assert_int_equal(m.page_id, 0);
	assert_string_equal(m.page_title, "");
}

/* The texts of item id as "lang:label:description" joined by spaces. */
static const char *
texts_text(struct fixture *f, int64_t id)
{
	struct menu_text *texts;
	static char text[1024];
	size_t n, i, len = 0;

	assert_int_equal(store_menu_admin_texts(f->s, f->a, id, &texts, &n),
	    STORE_OK);
	text[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%s%s:%s:%s", i > 0 ? " " : "", texts[i].lang,
		    texts[i].label, texts[i].description);
	return text;
}

/* An item's label and description in the other languages: saved with
 * the item, an empty label removing the language's, the languages not
 * named kept, never one in the item's own language; they go with it. */
static void
test_menu_texts(void **state)
{
	struct fixture *f = *state;
	struct menu_text set[] = {
		{ "hu", "Rólunk röviden", "" },
		{ "uk", "Про нас", "Хто ми" },
		{ "en", "Not a translation", "" },
	};
	struct menu_admin_fields fl = {
		1, "About", "", MENU_PAGE, 2, NULL, set, 3
	};
	enum menu_refusal why;
	struct menu_admin_item m;
	int64_t id, gen0, gen1;

	/* The seed's Hungarian menu. */
	assert_string_equal(texts_text(f, 2), "hu:Rólunk:");
	assert_true(strncmp(texts_text(f, 1), "hu:Kik vagyunk:A Nemzetközi",
	    27) == 0);
	assert_string_equal(texts_text(f, 999), "");

	assert_int_equal(store_generation(f->s, &gen0), STORE_OK);
	assert_int_equal(store_menu_admin_update(f->s, 2, &fl, &why),
	    STORE_OK);
	assert_int_equal(store_generation(f->s, &gen1), STORE_OK);
	assert_true(gen1 > gen0);
	assert_string_equal(texts_text(f, 2),
	    "hu:Rólunk röviden: uk:Про нас:Хто ми");
	assert_int_equal(store_menu_admin_item(f->s, f->a, 2, &m), STORE_OK);
	assert_string_equal(m.label, "About");
	assert_string_equal(m.lang, "en");

	/* Empty: no Hungarian label any more; Ukrainian, not named, kept. */
	set[0].label = "";
	fl.ntexts = 1;
	assert_int_equal(store_menu_admin_update(f->s, 2, &fl, &why),
	    STORE_OK);
	assert_string_equal(texts_text(f, 2), "uk:Про нас:Хто ми");

	/* A new item with its texts; deleted, they go with it. */
	set[0].label = "Kapcsolat";
	set[0].description = "Elérhetőségek";
	fl.ntexts = 3;
	fl.label = "Contact";
	assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id, &why),
	    STORE_OK);
	assert_string_equal(texts_text(f, id),
	    "hu:Kapcsolat:Elérhetőségek uk:Про нас:Хто ми");
	assert_int_equal(store_menu_admin_delete(f->s, id, &why), STORE_OK);
	assert_string_equal(texts_text(f, id), "");
}

/* A write that cannot take the lock changes nothing and says so. */
static void
test_menu_busy(void **state)
{
	struct fixture *f = *state;
	struct menu_admin_fields fl = {
		0, "Busy", "", MENU_NEWS, 0, NULL, NULL, 0
	};
	enum menu_refusal why;
	const char *before;
	int64_t id;
	sqlite3 *db;

	before = strdup(tree_text(f));
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	/* The store waits out its busy timeout (5 s) before giving up. */
	assert_int_equal(store_menu_admin_add(f->s, "en", &fl, &id, &why),
	    STORE_BUSY);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_string_equal(tree_text(f), before);
	free((void *)before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_paginate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_search, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_donors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_tree, setup_menu,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_add, setup_menu, teardown),
		cmocka_unit_test_setup_teardown(test_menu_pages_many, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_update, setup_menu,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_move, setup_menu,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_delete, setup_menu,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_page_gone, setup_menu,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_busy, setup_menu,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_texts, setup_menu,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

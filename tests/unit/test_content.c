/* test_content.c: what the editors' writes of store/content.c do to the
 * public generation (migration 003): a draft's saves and deletion leave
 * it alone; publishing, unpublishing, deleting and editing published
 * content bump it. Translation groups (migration 004): a translation joins
 * its source's group, one version a language, and is outdated while its
 * source's title or body changed since it was saved or confirmed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/content.h"
#include "store/store.h"
#include "store_fixture.h"

static const struct content_author who = { 0, "tester", 1700000000 };

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

static int64_t
generation(struct store *s)
{
	int64_t g = -1;

	assert_int_equal(store_generation(s, &g), STORE_OK);
	return g;
}

/* Saves c (a new item when c->id is 0) and checks it saved. */
static void
save(struct fixture *f, struct content *c)
{
	enum content_outcome outcome;

	assert_int_equal(store_content_save(f->s, f->a, c, true, NULL, "save",
	    &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
}

/* A new item of kind with slug and status, not saved yet. */
static void
item(struct content *c, enum content_kind kind, const char *slug,
    enum content_status status)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->lang = "en";
	c->title = "An item";
	c->slug = slug;
	c->dateline = c->summary = "";
	c->pub_date = "2023-11-14";
	c->pub_time = "22:13";
	c->body_md = "Text.";
	c->body_html = "<p>Text.</p>";
	c->status = status;
	c->published_at = 1700000000;
}

static void
set_status(struct fixture *f, struct content *c, enum content_status st)
{
	bool changed;

	assert_int_equal(store_content_set_status(f->s, f->a, c->kind, c->id,
	    st, &who, c, &changed), STORE_OK);
	assert_true(changed);
}

/* A draft of kind saved, edited, published, edited, unpublished, edited
 * and deleted: only the steps a visitor could see bump the generation. */
static void
draft_cycle(void **state, enum content_kind kind)
{
	struct fixture *f = *state;
	struct content c;
	int64_t g;

	item(&c, kind, kind == CONTENT_NEWS ? "a-draft" : "a-draft-page",
	    CONTENT_DRAFT);
	g = generation(f->s);
	save(f, &c);
	assert_true(generation(f->s) == g);
	c.title = "A draft, edited";
	c.slug = kind == CONTENT_NEWS ? "a-draft-moved" : "a-draft-page-moved";
	save(f, &c);
	assert_true(generation(f->s) == g);

	set_status(f, &c, CONTENT_PUBLISHED);
	assert_true(generation(f->s) > g);
	g = generation(f->s);
	c.title = "Published, edited";
	save(f, &c);
	assert_true(generation(f->s) > g);
	g = generation(f->s);
	set_status(f, &c, CONTENT_DRAFT);
	assert_true(generation(f->s) > g);
	g = generation(f->s);
	c.title = "A draft again";
	save(f, &c);
	assert_true(generation(f->s) == g);
	assert_int_equal(store_content_delete(f->s, c.kind, c.id), STORE_OK);
	assert_true(generation(f->s) == g);
}

static void
test_news(void **state)
{
	draft_cycle(state, CONTENT_NEWS);
}

static void
test_pages(void **state)
{
	draft_cycle(state, CONTENT_PAGE);
}

/* Deleting a published item changes the public site. */
static void
test_delete_published(void **state)
{
	struct fixture *f = *state;
	struct content c;
	int64_t g;

	item(&c, CONTENT_NEWS, "out", CONTENT_PUBLISHED);
	g = generation(f->s);
	save(f, &c);
	assert_true(generation(f->s) > g);
	g = generation(f->s);
	assert_int_equal(store_content_delete(f->s, c.kind, c.id), STORE_OK);
	assert_true(generation(f->s) > g);
}

/* Reads item id of kind. */
static void
get(struct fixture *f, enum content_kind kind, int64_t id, struct content *c)
{
	assert_int_equal(store_content_get(f->s, f->a, kind, id, c), STORE_OK);
}

/* An English original and its Hungarian translation of kind, saved. */
static void
pair(struct fixture *f, enum content_kind kind, struct content *en,
    struct content *hu)
{
	item(en, kind, "original", CONTENT_PUBLISHED);
	save(f, en);
	item(hu, kind, "forditas", CONTENT_DRAFT);
	hu->lang = "hu";
	hu->title = "Egy elem";
	hu->source_id = en->id;
	save(f, hu);
}

/* A translation joins its source's group; a second version in a language
 * the group has is refused, in a new item as in an edit. */
static void
translation_group(void **state, enum content_kind kind)
{
	struct fixture *f = *state;
	struct content en, hu, again, got;
	struct content_version *v;
	enum content_outcome outcome;
	size_t n;

	pair(f, kind, &en, &hu);
	get(f, kind, en.id, &got);
	assert_true(got.group_id == en.id);
	assert_true(got.source_id == 0);
	assert_false(got.outdated);
	get(f, kind, hu.id, &got);
	assert_true(got.group_id == en.id);
	assert_true(got.source_id == en.id);
	assert_true(got.source_rev == 1);
	assert_false(got.outdated);

	item(&again, kind, "masik", CONTENT_DRAFT);
	again.lang = "hu";
	again.source_id = en.id;
	assert_int_equal(store_content_save(f->s, f->a, &again, true, NULL,
	    "create", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_LANG_TAKEN);
	assert_true(again.id == 0);

	/* The English one moved to Hungarian: the group has that one. */
	get(f, kind, en.id, &got);
	got.lang = "hu";
	assert_int_equal(store_content_save(f->s, f->a, &got, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_LANG_TAKEN);

	/* A source that is gone. */
	item(&again, kind, "arva", CONTENT_DRAFT);
	again.lang = "uk";
	again.source_id = hu.id + 100;
	assert_int_equal(store_content_save(f->s, f->a, &again, true, NULL,
	    "create", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_NO_SOURCE);

	assert_int_equal(store_content_versions(f->s, f->a, kind, en.id, &v,
	    &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].lang, "en");
	assert_string_equal(v[1].lang, "hu");
	assert_string_equal(v[1].title, "Egy elem");
	assert_false(v[1].published);
}

static void
test_group_news(void **state)
{
	translation_group(state, CONTENT_NEWS);
}

static void
test_group_pages(void **state)
{
	translation_group(state, CONTENT_PAGE);
}

/* Outdated after the source's body (or title) changes, not after its
 * status, slug or date; current again once saved or confirmed. */
static void
outdated_cycle(void **state, enum content_kind kind)
{
	struct fixture *f = *state;
	struct content en, hu, got;
	struct content_version *v;
	size_t n;
	bool changed;

	pair(f, kind, &en, &hu);
	set_status(f, &en, CONTENT_DRAFT);
	get(f, kind, en.id, &en);
	en.slug = "original-moved";
	en.pub_date = "2024-01-02";
	save(f, &en);
	get(f, kind, hu.id, &got);
	assert_false(got.outdated);

	en.body_md = "Text, changed.";
	save(f, &en);
	get(f, kind, hu.id, &got);
	assert_true(got.outdated);
	assert_int_equal(store_content_versions(f->s, f->a, kind, en.id, &v,
	    &n), STORE_OK);
	assert_true(v[1].outdated);

	/* Saved by a translator: current. */
	save(f, &got);
	get(f, kind, hu.id, &got);
	assert_false(got.outdated);

	en.title = "A new title";
	save(f, &en);
	get(f, kind, hu.id, &got);
	assert_true(got.outdated);
	/* Confirmed: current, and nothing else changed. */
	assert_int_equal(store_content_mark_current(f->s, kind, hu.id,
	    &changed), STORE_OK);
	assert_true(changed);
	get(f, kind, hu.id, &en);
	assert_false(en.outdated);
	assert_true(en.version == got.version);
	assert_string_equal(en.title, got.title);
	assert_int_equal(store_content_mark_current(f->s, kind, hu.id,
	    &changed), STORE_OK);
	assert_false(changed);
	assert_int_equal(store_content_mark_current(f->s, kind, hu.id + 100,
	    &changed), STORE_NOTFOUND);
}

static void
test_outdated_news(void **state)
{
	outdated_cycle(state, CONTENT_NEWS);
}

static void
test_outdated_pages(void **state)
{
	outdated_cycle(state, CONTENT_PAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_news, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_published, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_group_news, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_group_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_outdated_news, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_outdated_pages, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_content.c: what the editors' writes of store/content.c do to the
 * public generation (migration 003): a draft's saves and deletion leave
 * it alone; publishing, unpublishing, deleting and editing published
 * content bump it. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_news, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_published, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

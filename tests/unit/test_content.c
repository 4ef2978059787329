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

	item(&c, kind, "a-draft", CONTENT_DRAFT);
	g = generation(f->s);
	save(f, &c);
	assert_true(generation(f->s) == g);
	c.title = "A draft, edited";
	c.slug = "a-draft-moved";
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
	/* The save says which group each joined. */
	assert_true(en.group_id == en.id);
	assert_true(hu.group_id == en.id);
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
test_entries(void **state)
{
	draft_cycle(state, CONTENT_PROJECT);
	draft_cycle(state, CONTENT_EVENT);
	draft_cycle(state, CONTENT_PUBLICATION);
}

/* Reads item (k, id)'s newest revision's fields into *got, with
 * got->lead_media set to lead first (what a revision without one leaves);
 * returns how many revisions the item has. */
static size_t
newest_revision(struct fixture *f, enum content_kind k, int64_t id,
    int64_t lead, struct content *got)
{
	struct revision *revs, rev;
	const char *action;
	int64_t total;
	size_t n;

	assert_int_equal(store_revision_list(f->s, f->a, k, id, 0, 10, &revs,
	    &n, &total), STORE_OK);
	assert_true(n > 0);
	assert_int_equal(store_revision_get(f->s, f->a, k, id, revs[0].id,
	    &rev), STORE_OK);
	memset(got, 0, sizeof(*got));
	got->lead_media = lead;
	assert_int_equal(store_revision_fields(f->a, rev.data, got, &action),
	    0);
	return n;
}

/* A kind's own fields are saved with the row and its revision, and come
 * back from both; a row of one entry kind is not another kind's. */
static void
test_entry_fields(void **state)
{
	struct fixture *f = *state;
	struct content c, got;

	item(&c, CONTENT_PROJECT, "a-project", CONTENT_DRAFT);
	c.fields = "{\"code\":\"HU-01\",\"donors\":[\"SlovakAid\"]}";
	save(f, &c);
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_PROJECT, c.id,
	    &got), STORE_OK);
	assert_string_equal(got.fields, c.fields);
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_EVENT, c.id,
	    &got), STORE_NOTFOUND);
	assert_int_equal(newest_revision(f, CONTENT_PROJECT, c.id, 0, &got),
	    1);
	assert_string_equal(got.fields, c.fields);
	/* Releases and pages have none. */
	item(&c, CONTENT_NEWS, "a-release", CONTENT_DRAFT);
	save(f, &c);
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_NEWS, c.id,
	    &got), STORE_OK);
	assert_string_equal(got.fields, "{}");
}

/* A revision keeps the lead image id (0: none); one written before lead
 * images were kept leaves the caller's value. */
static void
test_revision_lead(void **state)
{
	struct fixture *f = *state;
	struct content c, got;
	const char *action;

	item(&c, CONTENT_NEWS, "a-lead", CONTENT_DRAFT);
	c.lead_media = 7;
	save(f, &c);
	newest_revision(f, CONTENT_NEWS, c.id, 99, &got);
	assert_int_equal(got.lead_media, 7);
	assert_int_equal(store_revision_fields(f->a, "{\"lead_media\":0}",
	    &got, &action), 0);
	assert_int_equal(got.lead_media, 0);
	got.lead_media = 5;
	assert_int_equal(store_revision_fields(f->a, "{\"title\":\"Old\"}",
	    &got, &action), 0);
	assert_int_equal(got.lead_media, 5);
	/* A value no id can be is not taken for one. */
	assert_int_equal(store_revision_fields(f->a,
	    "{\"lead_media\":\"3\"}", &got, &action), 0);
	assert_int_equal(got.lead_media, 5);
}

/* Projects answer at /<slug> as pages do: a slug one has, the other may
 * not take in the same language. */
static void
test_project_page_slugs(void **state)
{
	struct fixture *f = *state;
	enum content_outcome outcome;
	struct content c;

	item(&c, CONTENT_PAGE, "shared", CONTENT_DRAFT);
	save(f, &c);
	item(&c, CONTENT_PROJECT, "shared", CONTENT_DRAFT);
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SLUG_TAKEN);
	item(&c, CONTENT_PROJECT, "shared", CONTENT_DRAFT);
	assert_int_equal(store_content_save(f->s, f->a, &c, false, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
	assert_string_equal(c.slug, "shared-0");
	item(&c, CONTENT_PAGE, "shared-0", CONTENT_DRAFT);
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SLUG_TAKEN);
	/* An event's slugs are its own: /events/<slug>. */
	item(&c, CONTENT_EVENT, "shared", CONTENT_DRAFT);
	save(f, &c);
}

static void
test_kind_names(void **state)
{
	enum content_kind k;
	int i;

	(void)state;
	for (i = 0; i < CONTENT_KINDS; i++) {
		assert_int_equal(store_content_kind_parse(
		    store_content_kind_name((enum content_kind)i), &k), 0);
		assert_int_equal(k, i);
	}
	assert_int_equal(store_content_kind_parse("entries", &k), -1);
	assert_int_equal(store_content_kind_parse(NULL, &k), -1);
	assert_true(store_content_has_fields(CONTENT_EVENT));
	assert_false(store_content_has_fields(CONTENT_PAGE));
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
		cmocka_unit_test_setup_teardown(test_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_revision_lead, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_project_page_slugs, setup,
		    teardown),
		cmocka_unit_test(test_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

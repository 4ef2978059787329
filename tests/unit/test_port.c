/* test_port.c: the store's side of export and import (store/export.c,
 * store/import.c): the lines' order and keys, ids kept or remapped, an
 * item replaced by its kind, language and slug, a group's language taken,
 * the maps, the end of an import (its rollback, a broken reference, the
 * search index left in one segment), and a line's work that does not grow
 * with the lines before it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "store/port.h"
#include "store_fixture.h"

/* The import's time, for a time a line leaves out. */
#define NOW	((time_t)1700000000)

static int
setup(void **state)
{
	return fixture_open(state, 1);
}

/* What the export gave: each type once where a run of lines of it
 * began, and whether any line broke the rules (type not first, the
 * derived intro_html). */
struct seen {
	char		 types[256];
	const char	*last;
	bool		 bad;
};

static int
collect(void *ctx, const json_t *line)
{
	static char last[32];
	struct seen *s = ctx;
	const char *type = json_string_value(json_object_get(line, "type"));
	const char *key = json_string_value(json_object_get(line, "key"));
	size_t len = strlen(s->types);

	if (type == NULL || strcmp(json_object_iter_key(json_object_iter(
	    (json_t *)line)), "type") != 0 ||
	    (key != NULL && strcmp(key, "intro_html") == 0))
		s->bad = true;
	else if (s->last == NULL || strcmp(s->last, type) != 0) {
		snprintf(s->types + len, sizeof(s->types) - len, "%s%s",
		    len > 0 ? " " : "", type);
		snprintf(last, sizeof(last), "%s", type);
		s->last = last;
	}
	return 0;
}

/* The demo content: each type once, in the file's order, "type" first,
 * no derived setting; revisions only when asked. */
static void
test_export_order(void **state)
{
	struct fixture *f = *state;
	struct seen s;

	memset(&s, 0, sizeof(s));
	assert_int_equal(store_export(f->s, false, collect, &s), STORE_OK);
	assert_false(s.bad);
	assert_string_equal(s.types, "setting page news project event "
	    "publication menu");
}

static int
stop(void *ctx, const json_t *line)
{
	(void)ctx;
	(void)line;
	return -1;
}

/* A writer that fails stops the export with an error. */
static void
test_export_stops(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(store_export(f->s, false, stop, NULL), STORE_ERROR);
}

/* A release as a minimal line would make it. */
static struct content
release(const char *lang, const char *slug, int64_t id, int64_t group)
{
	struct content c;

	memset(&c, 0, sizeof(c));
	c.kind = CONTENT_NEWS;
	c.id = id;
	c.group_id = group;
	c.lang = lang;
	c.slug = slug;
	c.title = "A release";
	c.dateline = "Budapest";
	c.pub_date = "2009-03-14";
	c.pub_time = "00:00";
	c.summary = "";
	c.body_md = "Text.";
	c.body_html = "<p>Text.</p>\n";
	c.status = CONTENT_PUBLISHED;
	c.published_at = 1237000000;
	c.version = 3;
	c.text_rev = 2;
	c.created_at = 1237000000;
	c.updated_at = 1237000100;
	return c;
}

/* A free id is kept (its group with it), a taken one replaced; the same
 * kind, language and slug is the same item; a group holds one version a
 * language; everything goes with a rollback. */
static void
test_import_content(void **state)
{
	struct fixture *f = *state;
	enum port_outcome out;
	struct content c, got;
	int64_t id, group;
	bool broken;

	assert_int_equal(store_import_begin(f->s), STORE_OK);
	c = release("en", "r-1", 5000, 0);
	assert_int_equal(store_import_content(f->s, &c, NOW, &out, &id,
	    &group), STORE_OK);
	assert_int_equal(out, PORT_INSERTED);
	assert_int_equal(id, 5000);
	assert_int_equal(group, 5000);
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_NEWS, 5000,
	    &got), STORE_OK);
	assert_int_equal(got.version, 3);
	assert_int_equal(got.text_rev, 2);
	assert_int_equal(got.updated_at, 1237000100);

	c = release("en", "r-2", 5000, 0);
	assert_int_equal(store_import_content(f->s, &c, NOW, &out, &id,
	    &group), STORE_OK);
	assert_int_equal(out, PORT_INSERTED);
	assert_int_not_equal(id, 5000);

	c = release("hu", "r-1-hu", 0, 5000);
	assert_int_equal(store_import_content(f->s, &c, NOW, &out, &id,
	    &group), STORE_OK);
	assert_int_equal(group, 5000);
	c = release("hu", "r-1-hu-2", 0, 5000);
	assert_int_equal(store_import_content(f->s, &c, NOW, &out, &id,
	    &group), STORE_OK);
	assert_int_equal(out, PORT_LANG_TAKEN);

	c = release("en", "r-1", 0, 0);
	c.title = "Replaced";
	c.version = 9;
	assert_int_equal(store_import_content(f->s, &c, NOW, &out, &id,
	    &group), STORE_OK);
	assert_int_equal(out, PORT_UPDATED);
	assert_int_equal(id, 5000);
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_NEWS, 5000,
	    &got), STORE_OK);
	assert_string_equal(got.title, "Replaced");
	assert_int_equal(got.version, 9);

	assert_int_equal(store_import_end(f->s, false, &broken), STORE_OK);
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_NEWS, 5000,
	    &got), STORE_NOTFOUND);
}

/* A page cannot take a project's address, nor a project a page's. */
static void
test_import_shared_addresses(void **state)
{
	struct fixture *f = *state;
	enum port_outcome out;
	struct content c;
	int64_t id, group;
	bool broken;

	assert_int_equal(store_import_begin(f->s), STORE_OK);
	c = release("en", "migrant-crisis-europe-support-stranded-migrants-"
	    "hungary", 0, 0);
	c.kind = CONTENT_PAGE;
	c.dateline = "";
	assert_int_equal(store_import_content(f->s, &c, NOW, &out, &id,
	    &group), STORE_OK);
	assert_int_equal(out, PORT_SLUG_TAKEN);
	assert_int_equal(store_import_end(f->s, false, &broken), STORE_OK);
}

/* The maps answer what was recorded, a slug is claimed once, and a
 * reference to no row stops the commit. */
static void
test_import_maps_and_end(void **state)
{
	struct fixture *f = *state;
	int64_t id, first;
	bool broken, exists;

	assert_int_equal(store_import_begin(f->s), STORE_OK);
	assert_int_equal(store_import_mapped(f->s, PORT_MEDIA, 7, &id),
	    STORE_NOTFOUND);
	assert_int_equal(store_import_map(f->s, PORT_MEDIA, 7, 12), STORE_OK);
	assert_int_equal(store_import_mapped(f->s, PORT_MEDIA, 7, &id),
	    STORE_OK);
	assert_int_equal(id, 12);
	assert_int_equal(store_import_mapped(f->s, PORT_NEWS, 7, &id),
	    STORE_NOTFOUND);
	assert_int_equal(store_import_claim(f->s, "news", "en", "a", 2,
	    &first), STORE_OK);
	assert_int_equal(first, 0);
	assert_int_equal(store_import_claim(f->s, "news", "en", "a", 5,
	    &first), STORE_OK);
	assert_int_equal(first, 2);
	assert_int_equal(store_import_exists(f->s, PORT_PAGE, 1, &exists),
	    STORE_OK);
	assert_true(exists);
	assert_int_equal(store_import_redirect(f->s, "en", "news", "gone",
	    1), STORE_OK);
	assert_int_equal(store_media_set_uses(f->s, CONTENT_NEWS, 1, NULL, 0,
	    424242), STORE_OK);
	assert_int_equal(store_import_end(f->s, true, &broken), STORE_OK);
	assert_true(broken);
	assert_int_equal(store_media_lead(f->s, CONTENT_NEWS, 1, &id),
	    STORE_OK);
	assert_int_equal(id, 0);
}

/* Imports lines first..last-1 as releases with scattered dates; returns
 * the work their statements did. */
static struct store_work
import_releases(struct fixture *f, int first, int last)
{
	struct store_work w;
	enum port_outcome out;
	struct content c;
	int64_t id, group;
	char slug[32];
	int i;

	store_work_reset();
	for (i = first; i < last; i++) {
		snprintf(slug, sizeof(slug), "w-%06d", i);
		c = release("en", slug, 0, 0);
		c.version = 1;
		c.text_rev = 1;
		c.created_at = c.updated_at;
		/* A spread of twenty years in no order, as an archive's
		 * file may list them: the news list's chunks split. */
		c.published_at = 1000000000 + (int64_t)(i * 7919 % 1000) *
		    630720;
		assert_int_equal(store_import_content(f->s, &c, NOW, &out, &id,
		    &group), STORE_OK);
		assert_int_equal(out, PORT_INSERTED);
	}
	store_work_read(&w);
	return w;
}

/* A line's work does not grow with the lines imported before it: 100
 * lines after 1,000 cost what 100 cost after 100 (1.2x and a constant),
 * with no full scan. */
static void
test_import_work_flat(void **state)
{
	struct fixture *f = *state;
	struct store_work early, late;
	bool broken;

	assert_int_equal(store_import_begin(f->s), STORE_OK);
	(void)import_releases(f, 0, 100);
	early = import_releases(f, 100, 200);
	(void)import_releases(f, 200, 1000);
	late = import_releases(f, 1000, 1100);
	assert_true(early.vm_steps > 0);
	assert_true(late.vm_steps <= early.vm_steps * 6 / 5 + 2000);
	assert_int_equal(late.statements, early.statements);
	assert_int_equal(late.fullscan_steps, 0);
	assert_int_equal(store_import_end(f->s, false, &broken), STORE_OK);
}

/* An import indexed in batches, as `waypoint import` does, leaves the
 * search index in one segment, whatever it held before. */
static void
test_import_one_segment(void **state)
{
	struct fixture *f = *state;
	bool broken;
	int i;

	assert_int_equal(store_import_begin(f->s), STORE_OK);
	for (i = 0; i < 6; i++) {
		(void)import_releases(f, i * 50, (i + 1) * 50);
		assert_int_equal(store_import_index(f->s), STORE_OK);
	}
	assert_int_equal(store_import_end(f->s, true, &broken), STORE_OK);
	assert_false(broken);
	assert_int_equal(fixture_index_segments(f), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_stops, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import_content, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import_shared_addresses,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_maps_and_end,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_one_segment, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import_work_flat, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

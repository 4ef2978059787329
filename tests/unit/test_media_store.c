/* test_media_store.c: unit tests of store/media.c (migration 011): an
 * item with its variants and words, versioned edits and replaces, the
 * library's search, filter and paging, where-used and the lead image,
 * and a delete refused while the item is used. */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "store/content.h"
#include "store/media.h"
#include "store/store.h"
#include "store_fixture.h"

static const struct content_author who = { 0, "", 1700000000 };

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* A 64-digit hash made of digit d. */
static const char *
hash_of(char d)
{
	static char h[8][65];
	static int next;
	char *p = h[next++ % 8];

	memset(p, d, 64);
	p[64] = '\0';
	return p;
}

/* Inserts an item of type t, titled title, with alt text alt in English
 * (NULL: none); its id. */
static int64_t
add(struct fixture *f, enum media_type t, const char *title, const char *alt,
    char d)
{
	static struct media_variant v[2] = {
		{ "webp", 320, 240, 1000 },
		{ "jpeg", 320, 240, 2000 },
	};
	struct media_text text = { "en", alt, "A caption" };
	struct media_item m;

	memset(&m, 0, sizeof(m));
	m.type = t;
	m.hash = hash_of(d);
	m.bytes = 12345;
	m.width = t == MEDIA_PDF ? 0 : 1600;
	m.height = t == MEDIA_PDF ? 0 : 1200;
	m.filename = t == MEDIA_PDF ? "report.pdf" : "photo.jpg";
	m.title = title;
	m.credit = "© IOM 2021";
	if (t != MEDIA_PDF) {
		m.variants = v;
		m.nvariants = 2;
	}
	if (alt != NULL) {
		m.texts = &text;
		m.ntexts = 1;
	}
	assert_int_equal(store_media_insert(f->s, &m, &who), STORE_OK);
	assert_true(m.id > 0);
	assert_int_equal(m.version, 1);
	return m.id;
}

static void
test_insert_get(void **state)
{
	struct fixture *f = *state;
	struct media_item m, *many;
	const struct media_text *t;
	int64_t id = add(f, MEDIA_JPEG, "Field visit", "Two women", 'a');
	int64_t doc = add(f, MEDIA_PDF, "Report", NULL, 'b');
	int64_t ids[] = { doc, id, 999, id };
	size_t n;

	assert_int_equal(store_media_get(f->s, f->a, id, &m), STORE_OK);
	assert_int_equal(m.type, MEDIA_JPEG);
	assert_true(media_is_image(&m));
	assert_string_equal(m.hash, hash_of('a'));
	assert_int_equal(m.width, 1600);
	assert_string_equal(m.title, "Field visit");
	assert_string_equal(m.credit, "© IOM 2021");
	assert_int_equal(m.nvariants, 2);
	assert_int_equal(m.ntexts, 1);
	assert_non_null(t = media_text_in(&m, "en"));
	assert_string_equal(t->alt, "Two women");
	assert_string_equal(t->caption, "A caption");
	assert_null(media_text_in(&m, "hu"));
	assert_int_equal(m.uses, 0);

	assert_int_equal(store_media_get(f->s, f->a, doc, &m), STORE_OK);
	assert_int_equal(m.type, MEDIA_PDF);
	assert_false(media_is_image(&m));
	assert_int_equal(m.nvariants, 0);
	assert_int_equal(store_media_get(f->s, f->a, 999, &m),
	    STORE_NOTFOUND);

	assert_int_equal(store_media_get_many(f->s, f->a, ids, 4, &many, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(many[0].nvariants + many[1].nvariants, 2);
	assert_int_equal(many[0].ntexts + many[1].ntexts, 1);
}

/* Many items at once take memory for their own rows: a page of 1,000
 * images, three copies each, well under 16 MB of the heap (each item had
 * room for the whole result's rows: some 100 MB here). */
static void
test_many_memory(void **state)
{
	struct fixture *f = *state;
	struct media_item *many;
	struct mallinfo2 before, after;
	int64_t ids[1000];
	size_t n, i;

	fixture_exec(f, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT"
	    " i + 1 FROM c WHERE i < 1000) INSERT INTO media (id, type, hash,"
	    " bytes, width, height, created_at, updated_at) SELECT 5000 + i,"
	    " 'jpeg', printf('%064d', i), 1, 100, 100, 0, 0 FROM c;"
	    " INSERT INTO media_variants (media_id, format, width, height,"
	    " bytes) SELECT id, 'webp', w, w, 1 FROM media, (SELECT 320 AS w"
	    " UNION ALL SELECT 640 UNION ALL SELECT 960) WHERE id > 5000");
	for (i = 0; i < 1000; i++)
		ids[i] = 5001 + (int64_t)i;
	before = mallinfo2();
	assert_int_equal(store_media_get_many(f->s, f->a, ids, 1000, &many,
	    &n), STORE_OK);
	after = mallinfo2();
	assert_int_equal(n, 1000);
	for (i = 0; i < n; i++)
		assert_int_equal(many[i].nvariants, 3);
	assert_true(after.uordblks + after.hblkhd - before.uordblks -
	    before.hblkhd < 16u << 20);
}

static void
test_update(void **state)
{
	struct fixture *f = *state;
	int64_t id = add(f, MEDIA_PNG, "Old", "Old alt", 'c');
	struct media_text texts[2] = {
		{ "en", "", "" },
		{ "hu", "Két nő", "Felirat" },
	};
	enum media_outcome outcome;
	struct media_item m;

	assert_int_equal(store_media_get(f->s, f->a, id, &m), STORE_OK);
	m.title = "New";
	m.decorative = true;
	m.texts = texts;
	m.ntexts = 2;
	assert_int_equal(store_media_update(f->s, &m, &who, &outcome),
	    STORE_OK);
	assert_int_equal(outcome, MEDIA_SAVED);
	/* The same version again: someone saved in between. */
	assert_int_equal(store_media_update(f->s, &m, &who, &outcome),
	    STORE_OK);
	assert_int_equal(outcome, MEDIA_CONFLICT);

	assert_int_equal(store_media_get(f->s, f->a, id, &m), STORE_OK);
	assert_int_equal(m.version, 2);
	assert_string_equal(m.title, "New");
	assert_true(m.decorative);
	/* English's empty words took its row away. */
	assert_int_equal(m.ntexts, 1);
	assert_string_equal(media_text_in(&m, "hu")->alt, "Két nő");
	m.id = 999;
	assert_int_equal(store_media_update(f->s, &m, &who, &outcome),
	    STORE_NOTFOUND);
}

static void
test_replace(void **state)
{
	struct fixture *f = *state;
	int64_t id = add(f, MEDIA_JPEG, "Photo", "Alt", 'd');
	struct media_variant v = { "webp", 640, 480, 500 };
	enum media_outcome outcome;
	struct media_item m;
	bool used;

	assert_int_equal(store_media_get(f->s, f->a, id, &m), STORE_OK);
	m.type = MEDIA_WEBP;
	m.hash = hash_of('e');
	m.width = 640;
	m.variants = &v;
	m.nvariants = 1;
	m.version = 5;
	assert_int_equal(store_media_replace(f->s, &m, &who, &outcome),
	    STORE_OK);
	assert_int_equal(outcome, MEDIA_CONFLICT);
	m.version = 1;
	assert_int_equal(store_media_replace(f->s, &m, &who, &outcome),
	    STORE_OK);
	assert_int_equal(outcome, MEDIA_SAVED);
	assert_int_equal(store_media_get(f->s, f->a, id, &m), STORE_OK);
	assert_int_equal(m.type, MEDIA_WEBP);
	assert_int_equal(m.nvariants, 1);
	assert_int_equal(m.variants[0].width, 640);
	/* The words stay. */
	assert_string_equal(media_text_in(&m, "en")->alt, "Alt");
	assert_int_equal(store_media_hash_used(f->s, hash_of('d'), &used),
	    STORE_OK);
	assert_false(used);
	assert_int_equal(store_media_hash_used(f->s, hash_of('e'), &used),
	    STORE_OK);
	assert_true(used);
}

static void
test_list(void **state)
{
	struct fixture *f = *state;
	struct media_filter filter = { NULL, 0, 0, 10 };
	struct media_item *items;
	size_t n, total;
	char title[32];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(title, sizeof(title), "Photo %d", i);
		add(f, MEDIA_JPEG, title, i == 0 ? "A boat at dawn" : NULL,
		    (char)('0' + i));
	}
	add(f, MEDIA_PDF, "Situation report 100%", NULL, 'f');
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 6);
	assert_int_equal(n, 6);
	/* Newest first (same time: larger id first). */
	assert_string_equal(items[0].title, "Situation report 100%");
	assert_int_equal(items[5].ntexts, 1);
	assert_string_equal(items[5].texts[0].alt, "A boat at dawn");
	assert_int_equal(items[4].ntexts, 0);
	assert_int_equal(items[4].nvariants, 2);

	filter.kind = 2;
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	filter.kind = 1;
	filter.limit = 2;
	filter.offset = 4;
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 5);
	assert_int_equal(n, 1);

	filter = (struct media_filter){ "boat", 0, 0, 10 };
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	/* % and _ are taken as themselves. */
	filter.q = "100%";
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	filter.q = "%";
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	filter.q = "_";
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 0);
	filter.q = "photo.jpg";
	assert_int_equal(store_media_list(f->s, f->a, &filter, "en", &items,
	    &n, &total), STORE_OK);
	assert_int_equal(total, 5);
}

static void
test_uses_delete(void **state)
{
	struct fixture *f = *state;
	int64_t a = add(f, MEDIA_JPEG, "A", "Alt", 'g');
	int64_t b = add(f, MEDIA_JPEG, "B", "Alt", 'h');
	int64_t news = fixture_release(f, "A release", "a-release", &who);
	int64_t body[] = { a, a, b }, lead;
	enum media_outcome outcome;
	struct media_use *uses;
	struct media_item m;
	size_t n;

	assert_int_equal(store_media_set_uses(f->s, CONTENT_NEWS, news, body,
	    3, a), STORE_OK);
	assert_int_equal(store_media_lead(f->s, CONTENT_NEWS, news, &lead),
	    STORE_OK);
	assert_int_equal(lead, a);
	assert_int_equal(store_media_uses(f->s, f->a, a, 10, &uses, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(uses[0].kind, CONTENT_NEWS);
	assert_int_equal(uses[0].item_id, news);
	assert_string_equal(uses[0].title, "A release");
	assert_string_equal(uses[0].lang, "en");
	assert_false(uses[0].published);
	assert_true(uses[0].lead != uses[1].lead);
	assert_int_equal(store_media_get(f->s, f->a, a, &m), STORE_OK);
	assert_int_equal(m.uses, 1);

	assert_int_equal(store_media_delete(f->s, a, 1, &outcome), STORE_OK);
	assert_int_equal(outcome, MEDIA_IN_USE);
	assert_int_equal(store_media_delete(f->s, b, 7, &outcome), STORE_OK);
	assert_int_equal(outcome, MEDIA_CONFLICT);

	/* A save that no longer shows them. */
	assert_int_equal(store_media_set_uses(f->s, CONTENT_NEWS, news, NULL,
	    0, 0), STORE_OK);
	assert_int_equal(store_media_lead(f->s, CONTENT_NEWS, news, &lead),
	    STORE_OK);
	assert_int_equal(lead, 0);
	assert_int_equal(store_media_delete(f->s, a, 1, &outcome), STORE_OK);
	assert_int_equal(outcome, MEDIA_SAVED);
	assert_int_equal(store_media_get(f->s, f->a, a, &m), STORE_NOTFOUND);
	assert_int_equal(store_media_delete(f->s, a, 1, &outcome),
	    STORE_NOTFOUND);
	/* An item that is not there has no lead to set. */
	assert_int_equal(store_media_set_uses(f->s, CONTENT_PAGE, 999, NULL,
	    0, 0), STORE_NOTFOUND);
	assert_int_equal(store_media_lead(f->s, CONTENT_EVENT, 999, &lead),
	    STORE_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_insert_get, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_memory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uses_delete, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_preview.c: preview links as store/preview.c keeps them (009.sql):
 * found by their token's hash, listed per item, revoked one by one; and
 * what store/content.c does to them: publishing an item (its status set,
 * or a save as published) revokes its links, deleting it deletes them.
 * And the tokens of auth.c: only exactly 43 characters of base64url are
 * one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "store/content.h"
#include "store/preview.h"
#include "store/store.h"
#include "store_fixture.h"

static const struct content_author who = { 0, "tester", 1700000000 };

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* A draft of kind, saved. */
static void
draft(struct fixture *f, struct content *c, enum content_kind kind,
    const char *slug)
{
	enum content_outcome outcome;

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->lang = "en";
	c->title = "A draft";
	c->slug = slug;
	c->dateline = c->summary = "";
	c->pub_date = "2023-11-14";
	c->pub_time = "22:13";
	c->body_md = "Text.";
	c->body_html = "<p>Text.</p>";
	c->status = CONTENT_DRAFT;
	c->published_at = 1700000000;
	assert_int_equal(store_content_save(f->s, f->a, c, true, NULL, "save",
	    &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
}

/* A link to c whose hash is 32 bytes of fill, alive for a day. */
static int64_t
link_to(struct fixture *f, const struct content *c, unsigned char fill)
{
	unsigned char hash[STORE_PREVIEW_HASH_LEN];
	enum preview_outcome outcome;
	int64_t id;

	memset(hash, fill, sizeof(hash));
	assert_int_equal(store_preview_add(f->s, hash, c->kind, c->id,
	    who.now + 86400, &who, &id, &outcome), STORE_OK);
	assert_int_equal(outcome, PREVIEW_MADE);
	assert_true(id > 0);
	return id;
}

static struct preview_link
found(struct fixture *f, unsigned char fill)
{
	unsigned char hash[STORE_PREVIEW_HASH_LEN];
	struct preview_link l;

	memset(hash, fill, sizeof(hash));
	assert_int_equal(store_preview_find(f->s, f->a, hash, &l), STORE_OK);
	return l;
}

static void
test_find_list_revoke(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[STORE_PREVIEW_HASH_LEN];
	struct preview_link l, *items;
	enum preview_outcome outcome;
	struct content c;
	int64_t one, two;
	size_t n;

	draft(f, &c, CONTENT_NEWS, "shared");
	one = link_to(f, &c, 1);
	two = link_to(f, &c, 2);
	l = found(f, 2);
	assert_int_equal(l.id, two);
	assert_int_equal(l.kind, CONTENT_NEWS);
	assert_int_equal(l.item_id, c.id);
	assert_int_equal(l.expires_at, who.now + 86400);
	assert_int_equal(l.revoked_at, 0);
	assert_string_equal(l.username, "tester");
	memset(hash, 3, sizeof(hash));
	assert_int_equal(store_preview_find(f->s, f->a, hash, &l),
	    STORE_NOTFOUND);
	/* Two links to one item, newest first; none of another kind's. */
	assert_int_equal(store_preview_list(f->s, f->a, CONTENT_NEWS, c.id,
	    who.now, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, two);
	assert_int_equal(items[1].id, one);
	assert_int_equal(store_preview_list(f->s, f->a, CONTENT_PAGE, c.id,
	    who.now, &items, &n), STORE_OK);
	assert_int_equal(n, 0);
	/* Revoked once; a second time finds no unrevoked link. */
	assert_int_equal(store_preview_revoke(f->s, one, who.now + 5),
	    STORE_OK);
	assert_int_equal(store_preview_revoke(f->s, one, who.now + 6),
	    STORE_NOTFOUND);
	assert_int_equal(found(f, 1).revoked_at, who.now + 5);
	assert_int_equal(found(f, 2).revoked_at, 0);
	assert_int_equal(store_preview_get(f->s, f->a, one, &l), STORE_OK);
	assert_int_equal(l.revoked_at, who.now + 5);
	assert_int_equal(store_preview_get(f->s, f->a, 987654, &l),
	    STORE_NOTFOUND);
	/* One hash, one link. */
	memset(hash, 2, sizeof(hash));
	assert_int_equal(store_preview_add(f->s, hash, CONTENT_NEWS, c.id,
	    who.now + 60, &who, &one, &outcome), STORE_ERROR);
}

/* The item is read again where the link is written: one published since
 * the editor's page was drawn gets none, whatever kind it is. */
static void
test_add_needs_draft(void **state)
{
	struct fixture *f = *state;
	static const enum content_kind kinds[] = {
		CONTENT_NEWS, CONTENT_PAGE, CONTENT_PROJECT,
	};
	unsigned char hash[STORE_PREVIEW_HASH_LEN];
	enum preview_outcome outcome;
	struct preview_link *items;
	struct content c;
	bool changed;
	int64_t id;
	size_t i, n;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		draft(f, &c, kinds[i], i == 0 ? "a" : i == 1 ? "b" : "c");
		assert_int_equal(store_content_set_status(f->s, f->a, c.kind,
		    c.id, CONTENT_PUBLISHED, &who, &c, &changed), STORE_OK);
		memset(hash, (int)(10 + i), sizeof(hash));
		assert_int_equal(store_preview_add(f->s, hash, c.kind, c.id,
		    who.now + 60, &who, &id, &outcome), STORE_OK);
		assert_int_equal(outcome, PREVIEW_NOT_DRAFT);
		assert_int_equal(id, 0);
		assert_int_equal(store_preview_list(f->s, f->a, c.kind, c.id,
		    who.now, &items, &n), STORE_OK);
		assert_int_equal(n, 0);
		/* Nor one that is gone. */
		assert_int_equal(store_preview_add(f->s, hash, c.kind,
		    c.id + 1000, who.now + 60, &who, &id, &outcome),
		    STORE_OK);
		assert_int_equal(outcome, PREVIEW_NOT_DRAFT);
	}
}

/* No more links than the page lists can be alive at once: the 101st
 * waits until one is revoked or expires, and the alive are listed before
 * the newer revoked ones. */
static void
test_alive_bounded(void **state)
{
	struct fixture *f = *state;
	const struct content_author later = { 0, "tester", who.now + 86400 };
	unsigned char hash[STORE_PREVIEW_HASH_LEN];
	enum preview_outcome outcome;
	struct preview_link *items;
	struct content c;
	int64_t first, id;
	size_t n;
	int i;

	draft(f, &c, CONTENT_NEWS, "popular");
	first = link_to(f, &c, 1);
	for (i = 2; i <= STORE_PREVIEWS_MAX; i++)
		link_to(f, &c, (unsigned char)i);
	memset(hash, 201, sizeof(hash));
	assert_int_equal(store_preview_add(f->s, hash, c.kind, c.id,
	    who.now + 60, &who, &id, &outcome), STORE_OK);
	assert_int_equal(outcome, PREVIEW_TOO_MANY);
	assert_int_equal(id, 0);
	/* Every one alive is on the page, the first one too. */
	assert_int_equal(store_preview_list(f->s, f->a, c.kind, c.id,
	    who.now, &items, &n), STORE_OK);
	assert_int_equal(n, STORE_PREVIEWS_MAX);
	assert_int_equal(items[n - 1].id, first);
	/* One revoked makes room; the newer revoked one is listed after
	 * the first, which is alive. */
	assert_int_equal(store_preview_revoke(f->s, first + 1, who.now),
	    STORE_OK);
	assert_int_equal(store_preview_add(f->s, hash, c.kind, c.id,
	    who.now + 60, &who, &id, &outcome), STORE_OK);
	assert_int_equal(outcome, PREVIEW_MADE);
	assert_int_equal(store_preview_revoke(f->s, id, who.now), STORE_OK);
	assert_int_equal(store_preview_list(f->s, f->a, c.kind, c.id,
	    who.now, &items, &n), STORE_OK);
	assert_int_equal(n, STORE_PREVIEWS_MAX);
	assert_int_equal(items[STORE_PREVIEWS_MAX - 2].id, first);
	assert_int_equal(items[STORE_PREVIEWS_MAX - 1].id, id);
	/* Full again; once they have expired, there is room. */
	link_to(f, &c, 203);
	memset(hash, 202, sizeof(hash));
	assert_int_equal(store_preview_add(f->s, hash, c.kind, c.id,
	    who.now + 60, &who, &id, &outcome), STORE_OK);
	assert_int_equal(outcome, PREVIEW_TOO_MANY);
	assert_int_equal(store_preview_add(f->s, hash, c.kind, c.id,
	    later.now + 60, &later, &id, &outcome), STORE_OK);
	assert_int_equal(outcome, PREVIEW_MADE);
}

static void
test_publish_revokes(void **state)
{
	struct fixture *f = *state;
	enum content_outcome outcome;
	struct content c, p;
	bool changed;

	/* The publish action. */
	draft(f, &c, CONTENT_NEWS, "to-publish");
	link_to(f, &c, 1);
	assert_int_equal(store_content_set_status(f->s, f->a, c.kind, c.id,
	    CONTENT_PUBLISHED, &who, &c, &changed), STORE_OK);
	assert_int_equal(found(f, 1).revoked_at, who.now);
	/* A link made while it is a draft again lives until it is
	 * published again. */
	assert_int_equal(store_content_set_status(f->s, f->a, c.kind, c.id,
	    CONTENT_DRAFT, &who, &c, &changed), STORE_OK);
	link_to(f, &c, 2);
	assert_int_equal(found(f, 2).revoked_at, 0);
	/* A save as published (a page's, a restore's). */
	draft(f, &p, CONTENT_PAGE, "to-save");
	link_to(f, &p, 3);
	p.title = "Still a draft";
	assert_int_equal(store_content_save(f->s, f->a, &p, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(found(f, 3).revoked_at, 0);
	p.status = CONTENT_PUBLISHED;
	assert_int_equal(store_content_save(f->s, f->a, &p, true, NULL,
	    "restore", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
	assert_int_equal(found(f, 3).revoked_at, who.now);
	assert_int_equal(found(f, 2).revoked_at, 0);
}

static void
test_delete_deletes(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[STORE_PREVIEW_HASH_LEN];
	struct preview_link l;
	struct content c, other;

	draft(f, &c, CONTENT_NEWS, "to-delete");
	draft(f, &other, CONTENT_PAGE, "to-keep");
	link_to(f, &c, 1);
	link_to(f, &other, 2);
	assert_int_equal(store_content_delete(f->s, c.kind, c.id), STORE_OK);
	memset(hash, 1, sizeof(hash));
	assert_int_equal(store_preview_find(f->s, f->a, hash, &l),
	    STORE_NOTFOUND);
	assert_int_equal(found(f, 2).item_id, other.id);
}

static void
test_tokens(void **state)
{
	unsigned char hash[AUTH_TOKEN_HASH_LEN], again[AUTH_TOKEN_HASH_LEN];
	struct arena *a = arena_new();
	char *token, bad[64];

	(void)state;
	assert_non_null(a);
	assert_int_equal(auth_init(), 0);
	token = auth_token_new(a, hash);
	assert_non_null(token);
	assert_int_equal(strlen(token), 43);
	assert_int_equal(strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789-_"), 43);
	assert_true(auth_token_hashed(token, again));
	assert_memory_equal(hash, again, sizeof(hash));
	assert_false(auth_token_hashed(NULL, again));
	assert_false(auth_token_hashed("", again));
	assert_false(auth_token_hashed("abc", again));
	snprintf(bad, sizeof(bad), "%.42s", token);
	assert_false(auth_token_hashed(bad, again));
	snprintf(bad, sizeof(bad), "%sA", token);
	assert_false(auth_token_hashed(bad, again));
	snprintf(bad, sizeof(bad), "%.42s+", token);
	assert_false(auth_token_hashed(bad, again));
	snprintf(bad, sizeof(bad), "%.42s=", token);
	assert_false(auth_token_hashed(bad, again));
	/* The last character holds 2 bits to spare, which must be 0: "B"
	 * ends no token, "A" may. */
	snprintf(bad, sizeof(bad), "%.42sB", token);
	assert_false(auth_token_hashed(bad, again));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_list_revoke, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_add_needs_draft, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alive_bounded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_publish_revokes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_delete_deletes, setup,
		    teardown),
		cmocka_unit_test(test_tokens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

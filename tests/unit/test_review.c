/* test_review.c: unit tests of store/review.c (migration 009): a
 * submission and its revision, the queue and its count, one open
 * submission an item, sending back and publishing only what is pending,
 * the comment's limit, the reviewer role, and an item's deletion taking
 * its submissions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/content.h"
#include "store/review.h"
#include "store/store.h"
#include "store/user.h"
#include "store_fixture.h"

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* Submits item id as it is now; the submission's id. */
static int64_t
submit(struct fixture *f, int64_t id, const char *title, bool held,
    const struct content_author *who)
{
	struct content c;
	int64_t rev, sid;

	assert_int_equal(store_content_get(f->s, f->a, CONTENT_NEWS, id, &c),
	    STORE_OK);
	c.title = title;
	assert_int_equal(store_revision_add(f->s, &c, "submit", who, &rev),
	    STORE_OK);
	assert_int_equal(store_review_submit(f->s, CONTENT_NEWS, id, rev,
	    c.version, held, who, &sid), STORE_OK);
	return sid;
}

static int64_t
pending(struct fixture *f)
{
	int64_t n = -1;

	assert_int_equal(store_review_count(f->s, &n), STORE_OK);
	return n;
}

static void
test_queue(void **state)
{
	struct fixture *f = *state;
	struct content_author ed = { 0, "maria", 1700000000 };
	struct content_author rv = { 0, "rita", 1700000100 };
	struct review r, *items;
	struct content sent;
	const char *action;
	int64_t id, sid, sid2;
	bool dup;
	size_t n;

	assert_int_equal(store_user_add(f->s, "maria", "editor", "x", 1,
	    &ed.user_id, &dup), STORE_OK);
	assert_int_equal(store_user_add(f->s, "rita", "editor", "x", 1,
	    &rv.user_id, &dup), STORE_OK);
	id = fixture_release(f, "Draft", "draft", &ed);
	assert_int_equal(pending(f), 0);
	sid = submit(f, id, "Submitted title", true, &ed);
	assert_int_equal(pending(f), 1);
	assert_int_equal(store_review_get(f->s, f->a, sid, &r), STORE_OK);
	assert_int_equal(r.kind, CONTENT_NEWS);
	assert_int_equal(r.item_id, id);
	assert_int_equal(r.state, REVIEW_PENDING);
	assert_true(r.held);
	assert_string_equal(r.title, "Submitted title");
	assert_string_equal(r.lang, "en");
	assert_string_equal(r.submitter, "maria");
	assert_int_equal(store_revision_fields(f->a, r.data, &sent, &action),
	    0);
	assert_string_equal(sent.title, "Submitted title");
	assert_string_equal(action, "submit");
	/* The item itself is as it was. */
	assert_int_equal(store_review_pending(f->s, f->a, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, sid);
	/* Submitting again replaces the open submission. */
	sid2 = submit(f, id, "Second try", false, &ed);
	assert_int_equal(pending(f), 1);
	assert_int_equal(store_review_get(f->s, f->a, sid, &r),
	    STORE_NOTFOUND);
	assert_int_equal(store_review_open(f->s, f->a, CONTENT_NEWS, id, &r),
	    STORE_OK);
	assert_int_equal(r.id, sid2);
	/* Sent back: closed with its comment, listed for its author. */
	assert_int_equal(store_review_close(f->s, sid2, REVIEW_RETURNED,
	    "Name the source.", &rv), STORE_OK);
	assert_int_equal(pending(f), 0);
	assert_int_equal(store_review_close(f->s, sid2, REVIEW_PUBLISHED, "",
	    &rv), STORE_NOTFOUND);
	assert_int_equal(store_review_open(f->s, f->a, CONTENT_NEWS, id, &r),
	    STORE_OK);
	assert_int_equal(r.state, REVIEW_RETURNED);
	assert_string_equal(r.comment, "Name the source.");
	assert_string_equal(r.reviewer, "rita");
	assert_int_equal(r.reviewed_at, 1700000100);
	assert_int_equal(store_review_returned(f->s, f->a, ed.user_id, &items,
	    &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_review_returned(f->s, f->a, rv.user_id, &items,
	    &n), STORE_OK);
	assert_int_equal(n, 0);
	/* Published: no longer open. */
	sid = submit(f, id, "Third", false, &ed);
	assert_int_equal(store_review_close(f->s, sid, REVIEW_PUBLISHED, "",
	    &rv), STORE_OK);
	assert_int_equal(store_review_open(f->s, f->a, CONTENT_NEWS, id, &r),
	    STORE_NOTFOUND);
	/* Deleting the item takes its revisions and its submissions. */
	sid = submit(f, id, "Fourth", false, &ed);
	assert_int_equal(store_content_delete(f->s, CONTENT_NEWS, id),
	    STORE_OK);
	assert_int_equal(store_review_get(f->s, f->a, sid, &r),
	    STORE_NOTFOUND);
	assert_int_equal(pending(f), 0);
}

/* Whether submission sid is dead: still in the table, pending, but out
 * of the queue, its count and its item's form. */
static void
dead(struct fixture *f, int64_t id, int64_t sid)
{
	struct review r, *items;
	size_t n;

	assert_int_equal(pending(f), 0);
	assert_int_equal(store_review_pending(f->s, f->a, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_review_open(f->s, f->a, CONTENT_NEWS, id, &r),
	    STORE_NOTFOUND);
	assert_int_equal(store_review_get(f->s, f->a, sid, &r), STORE_OK);
	assert_int_equal(r.state, REVIEW_PENDING);
}

/* A submission its item outran outside the review step (published,
 * unpublished, saved) could only be refused: it leaves the queue. */
static void
test_outrun(void **state)
{
	struct fixture *f = *state;
	struct content_author ed = { 0, "ed", 1700000000 };
	enum content_outcome outcome;
	struct content c;
	int64_t id, sid;
	bool changed;

	id = fixture_release(f, "Outrun", "outrun", &ed);
	sid = submit(f, id, "Outrun", false, &ed);
	assert_int_equal(pending(f), 1);
	assert_int_equal(store_content_set_status(f->s, f->a, CONTENT_NEWS,
	    id, CONTENT_PUBLISHED, &ed, &c, &changed), STORE_OK);
	dead(f, id, sid);
	sid = submit(f, id, "Held", true, &ed);
	assert_int_equal(pending(f), 1);
	assert_int_equal(store_content_set_status(f->s, f->a, CONTENT_NEWS,
	    id, CONTENT_DRAFT, &ed, &c, &changed), STORE_OK);
	dead(f, id, sid);
	sid = submit(f, id, "Saved over", false, &ed);
	assert_int_equal(pending(f), 1);
	c.title = "Saved directly";
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &ed, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
	dead(f, id, sid);
}

/* The table refuses a comment past 2,000 characters (not bytes). */
static void
test_comment_limit(void **state)
{
	struct fixture *f = *state;
	struct content_author ed = { 0, "ed", 1700000000 };
	char comment[2 * (REVIEW_COMMENT_MAX + 1) + 1];
	int64_t id, sid;
	size_t i;

	id = fixture_release(f, "Long", "long", &ed);
	for (i = 0; i < REVIEW_COMMENT_MAX; i++)
		memcpy(comment + 2 * i, "\xc5\x91", 2);	/* ő */
	comment[2 * REVIEW_COMMENT_MAX] = '\0';
	sid = submit(f, id, "Long", false, &ed);
	assert_int_equal(store_review_close(f->s, sid, REVIEW_RETURNED,
	    comment, &ed), STORE_OK);
	sid = submit(f, id, "Long", false, &ed);
	memcpy(comment + 2 * REVIEW_COMMENT_MAX, "\xc5\x91", 3);
	assert_int_not_equal(store_review_close(f->s, sid, REVIEW_RETURNED,
	    comment, &ed), STORE_OK);
	assert_int_equal(pending(f), 1);
}

static void
test_reviewer_role(void **state)
{
	struct fixture *f = *state;
	struct user u;
	int64_t id;
	bool dup, yes = true;

	assert_int_equal(store_user_add(f->s, "eva", "editor", "x", 1, &id,
	    &dup), STORE_OK);
	assert_int_equal(store_review_is_reviewer(f->s, id, &yes), STORE_OK);
	assert_false(yes);
	assert_int_equal(store_review_set_reviewer(f->s, id, true, 2),
	    STORE_OK);
	assert_int_equal(store_review_is_reviewer(f->s, id, &yes), STORE_OK);
	assert_true(yes);
	assert_int_equal(store_user_by_id(f->s, f->a, id, &u), STORE_OK);
	assert_true(u.reviewer);
	assert_int_equal(store_review_set_reviewer(f->s, id + 100, true, 2),
	    STORE_NOTFOUND);
	assert_int_equal(store_review_is_reviewer(f->s, id + 100, &yes),
	    STORE_NOTFOUND);
	assert_false(yes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outrun, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reviewer_role, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* review.h: the review step's store: changes submitted for review (each a
 * revision of its item), the queue of them, their outcome, and who may
 * review. */
#ifndef WAYPOINT_STORE_REVIEW_H
#define WAYPOINT_STORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/content.h"
#include "store/store.h"

struct arena;

/* The states of a submission: the CHECK of submissions.state. */
enum review_state {
	REVIEW_PENDING,
	REVIEW_RETURNED,
	REVIEW_PUBLISHED,
};

/* 2,000: the longest comment a reviewer may send back (the table's
 * CHECK). */
#define REVIEW_COMMENT_MAX	2000

/* One submission. Strings in the arena of the call that filled it. */
struct review {
	int64_t		 id;
	enum content_kind kind;
	int64_t		 item_id;
	int64_t		 revision_id;
	int64_t		 base_version;	/* the item's version it changes */
	bool		 held;		/* a change kept off a published row */
	enum review_state state;
	int64_t		 submitted_by;	/* 0: the account is gone */
	const char	*submitter;
	time_t		 submitted_at;
	const char	*reviewer;	/* "" until reviewed */
	time_t		 reviewed_at;	/* 0 until reviewed */
	const char	*comment;	/* "" unless sent back */
	const char	*title;		/* the submitted title */
	const char	*lang;		/* the item's language */
	const char	*data;		/* the revision's JSON (review_get
					 * only; else "") */
};

/*
 * Records a submission of item item_id of kind: revision revision_id
 * (store_revision_add), made on the item's version base_version, held or
 * not, by who. Replaces the item's open (pending or returned)
 * submissions. Joins the caller's transaction when one is open. *id is
 * the new submission's.
 */
enum store_status store_review_submit(struct store *, enum content_kind,
		    int64_t item_id, int64_t revision_id, int64_t base_version,
		    bool held, const struct content_author *who, int64_t *id);

/* Submission id with its revision's data, or STORE_NOTFOUND. */
enum store_status store_review_get(struct store *, struct arena *,
		    int64_t id, struct review *r);

/* The latest submission of item item_id of kind while it is open
 * (returned, or pending on the item's version: one the item outran is
 * dead), without data; STORE_NOTFOUND when none is. */
enum store_status store_review_open(struct store *, struct arena *,
		    enum content_kind, int64_t item_id, struct review *r);

/* 200: a queue longer than a reviewer reads in one sitting. */
#define REVIEW_LIST_MAX	200

/* The pending submissions made on their item's version (the others can
 * only be refused), oldest first, at most REVIEW_LIST_MAX (array in the
 * arena, without data). */
enum store_status store_review_pending(struct store *, struct arena *,
		    struct review **items, size_t *n);

/* How many submissions store_review_pending lists. */
enum store_status store_review_count(struct store *, int64_t *n);

/* The submissions of user_id sent back and still open, newest first, at
 * most REVIEW_LIST_MAX (array in the arena, without data). */
enum store_status store_review_returned(struct store *, struct arena *,
		    int64_t user_id, struct review **items, size_t *n);

/* Closes pending submission id as state (returned, with comment, or
 * published), reviewed by who. Joins the caller's transaction when one is
 * open. STORE_NOTFOUND when it is not pending (any more). */
enum store_status store_review_close(struct store *, int64_t id,
		    enum review_state state, const char *comment,
		    const struct content_author *who);

/* Whether account user_id has the reviewer role (admins review whatever
 * it says). STORE_NOTFOUND when there is no such account. */
enum store_status store_review_is_reviewer(struct store *, int64_t user_id,
		    bool *reviewer);

/* Gives account id the reviewer role or takes it away. Joins the
 * caller's transaction when one is open. STORE_NOTFOUND when there is no
 * such account. */
enum store_status store_review_set_reviewer(struct store *, int64_t id,
		    bool reviewer, time_t now);

#endif

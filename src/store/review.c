/* review.c: the queries of the review step: submissions, their queue and
 * outcome, and the reviewer role of accounts. */
#include "lib/arena.h"
#include "store/content_sql.h"
#include "store/db_internal.h"
#include "store/review.h"

/* The columns of a submission, in struct review's order; kind and state
 * as enum content_kind's and enum review_state's numbers. The item's
 * language comes from its own table, whichever of the three it is in. */
#define REVIEW_COLUMNS \
	"s.id, CASE s.kind WHEN 'news' THEN 0 WHEN 'page' THEN 1" \
	" WHEN 'project' THEN 2 WHEN 'event' THEN 3 ELSE 4 END," \
	" s.item_id, s.revision_id, s.base_version, s.held," \
	" CASE s.state WHEN 'pending' THEN 0 WHEN 'returned' THEN 1" \
	" ELSE 2 END, coalesce(s.submitted_by, 0), s.submitter," \
	" s.submitted_at, s.reviewer, coalesce(s.reviewed_at, 0), s.comment," \
	" coalesce(CASE WHEN json_valid(r.data) THEN" \
	" json_extract(r.data, '$.title') END, '')," \
	" coalesce(" ITEM_COL("lang") ", '')"

#define REVIEW_FROM \
	" FROM submissions s JOIN revisions r ON r.id = s.revision_id" \
	ITEM_JOINS("s.kind", "s.item_id")

/* A pending submission still to be dealt with: its item is as it was
 * submitted on. One the item outran (saved, published, unpublished or
 * deleted outside the review step) could only be refused: it leaves the
 * queue and the item's form, kept in the table and the history. */
#define REVIEW_LIVE	" s.state = 'pending' AND " ITEM_COL("version") \
			" = s.base_version"

static const struct db_col review_cols[] = {
	DB_COL(DB_INT64, struct review, id),
	DB_COL(DB_INT, struct review, kind),
	DB_COL(DB_INT64, struct review, item_id),
	DB_COL(DB_INT64, struct review, revision_id),
	DB_COL(DB_INT64, struct review, base_version),
	DB_COL(DB_BOOL, struct review, held),
	DB_COL(DB_INT, struct review, state),
	DB_COL(DB_INT64, struct review, submitted_by),
	DB_COL(DB_TEXT, struct review, submitter),
	DB_COL(DB_TIME, struct review, submitted_at),
	DB_COL(DB_TEXT, struct review, reviewer),
	DB_COL(DB_TIME, struct review, reviewed_at),
	DB_COL(DB_TEXT, struct review, comment),
	DB_COL(DB_TEXT, struct review, title),
	DB_COL(DB_TEXT, struct review, lang),
	DB_COL(DB_TEXT, struct review, data),
};
/* Without data: the lists'. */
#define REVIEW_NCOLS	(sizeof(review_cols) / sizeof(review_cols[0]) - 1)

static const char *const state_names[] = { "pending", "returned",
    "published" };

enum store_status
store_review_submit(struct store *s, enum content_kind k, int64_t item_id,
    int64_t revision_id, int64_t base_version, bool held,
    const struct content_author *who, int64_t *id)
{
	const char *kind = store_content_kind_name(k);
	enum store_status ret;

	*id = 0;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s, "DELETE FROM submissions"
	    " WHERE kind = ?1 AND item_id = ?2"
	    " AND state IN ('pending', 'returned')", "si", kind, item_id),
	    "store_review_submit");
	if (ret == STORE_OK)
		ret = db_run(s, db_query(s, "INSERT INTO submissions (kind,"
		    " item_id, revision_id, base_version, held, submitted_by,"
		    " submitter, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		    " ?7, ?8)", "siiiiusi", kind, item_id, revision_id,
		    base_version, (int64_t)(held ? 1 : 0), who->user_id,
		    who->username, (int64_t)who->now), "store_review_submit");
	if (ret == STORE_OK)
		*id = sqlite3_last_insert_rowid(s->db);
	return db_tx_end(s, ret);
}

enum store_status
store_review_get(struct store *s, struct arena *a, int64_t id,
    struct review *r)
{
	return db_get(s, a, db_query(s, "SELECT " REVIEW_COLUMNS ", r.data"
	    REVIEW_FROM " WHERE s.id = ?1", "i", id), review_cols,
	    REVIEW_NCOLS + 1, r, "store_review_get");
}

enum store_status
store_review_open(struct store *s, struct arena *a, enum content_kind k,
    int64_t item_id, struct review *r)
{
	r->data = "";
	return db_get(s, a, db_query(s, "SELECT " REVIEW_COLUMNS REVIEW_FROM
	    " WHERE s.kind = ?1 AND s.item_id = ?2"
	    " AND (s.state = 'returned' OR" REVIEW_LIVE ")"
	    " ORDER BY s.id DESC LIMIT 1", "si", store_content_kind_name(k),
	    item_id), review_cols, REVIEW_NCOLS, r, "store_review_open");
}

/* A list of submissions from st into *items (n of them), data "". */
static enum store_status
review_list(struct store *s, struct arena *a, sqlite3_stmt *st,
    struct review **items, size_t *n, const char *what)
{
	struct review *v;
	enum store_status ret;
	size_t i;

	*n = 0;
	if ((v = arena_alloc(a, REVIEW_LIST_MAX * sizeof(*v))) == NULL) {
		db_done(st);
		return STORE_ERROR;
	}
	ret = db_list(s, a, st, review_cols, REVIEW_NCOLS, v, sizeof(*v),
	    REVIEW_LIST_MAX, n, what);
	for (i = 0; i < *n; i++)
		v[i].data = "";
	*items = v;
	return ret;
}

enum store_status
store_review_pending(struct store *s, struct arena *a, struct review **items,
    size_t *n)
{
	return review_list(s, a, db_query(s, "SELECT " REVIEW_COLUMNS
	    REVIEW_FROM " WHERE" REVIEW_LIVE
	    " ORDER BY s.submitted_at, s.id LIMIT ?1", "i",
	    (int64_t)REVIEW_LIST_MAX), items, n, "store_review_pending");
}

enum store_status
store_review_count(struct store *s, int64_t *n)
{
	return db_one_int(s, db_query(s, "SELECT count(*)" REVIEW_FROM
	    " WHERE" REVIEW_LIVE, ""), n, "store_review_count");
}

enum store_status
store_review_returned(struct store *s, struct arena *a, int64_t user_id,
    struct review **items, size_t *n)
{
	return review_list(s, a, db_query(s, "SELECT " REVIEW_COLUMNS
	    REVIEW_FROM " WHERE s.state = 'returned' AND s.submitted_by = ?1"
	    " ORDER BY s.reviewed_at DESC, s.id DESC LIMIT ?2", "ii",
	    user_id, (int64_t)REVIEW_LIST_MAX), items, n,
	    "store_review_returned");
}

enum store_status
store_review_close(struct store *s, int64_t id, enum review_state state,
    const char *comment, const struct content_author *who)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run_changed(s, db_query(s, "UPDATE submissions"
	    " SET state = ?2, comment = ?3, reviewed_by = ?4, reviewer = ?5,"
	    " reviewed_at = ?6 WHERE id = ?1 AND state = 'pending'", "issusi",
	    id, state_names[state], comment, who->user_id, who->username,
	    (int64_t)who->now), "store_review_close"));
}

enum store_status
store_review_is_reviewer(struct store *s, int64_t user_id, bool *reviewer)
{
	enum store_status ret;
	int64_t v = 0;

	ret = db_one_int(s, db_query(s, "SELECT reviewer FROM users"
	    " WHERE id = ?1", "i", user_id), &v, "store_review_is_reviewer");
	*reviewer = ret == STORE_OK && v != 0;
	return ret;
}

enum store_status
store_review_set_reviewer(struct store *s, int64_t id, bool reviewer,
    time_t now)
{
	enum store_status ret;

	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return db_tx_end(s, db_run_changed(s, db_query(s, "UPDATE users"
	    " SET reviewer = ?2, updated_at = ?3 WHERE id = ?1", "iii", id,
	    (int64_t)(reviewer ? 1 : 0), (int64_t)now),
	    "store_review_set_reviewer"));
}

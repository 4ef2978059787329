/* news_order.c: the news list's order without OFFSET: how many groups are
 * visible, and the key of the one at a place, from the counts of
 * news_super and news_chunk (sql/migrations/012.sql). */
#include <stdint.h>

#include "store/news_order.h"

/* The groups in news_order in all, and those scheduled after now (at >
 * now: they sort above every visible one, and are few). */
static enum store_status
sizes(struct store *s, time_t now, int64_t *total, int64_t *future)
{
	enum store_status ret;

	ret = db_one_int(s, db_query(s, "SELECT n FROM news_order_size"
	    " WHERE id = 1", ""), total, "news_order size");
	if (ret != STORE_OK)
		return ret;
	return db_one_int(s, db_query(s, "SELECT count(*) FROM news_order"
	    " WHERE at > ?1", "i", (int64_t)now), future,
	    "news_order future");
}

/* A range of the order: keys from lo up to hi (not included), first its
 * n places, below the places under it. */
struct range {
	int64_t	lo[2];
	int64_t	hi[2];
	int64_t	n;
	int64_t	below;
};

/* The row of st (lo_at, lo_gid, n of a counted range within r, walked
 * newest first when down) that holds place pos of the whole order, into
 * *out. Resets st. */
static enum store_status
walk(struct store *s, sqlite3_stmt *st, bool down, const struct range *r,
    int64_t pos, struct range *out)
{
	int64_t seen = 0, n, key[2];
	bool found = false;
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	out->hi[0] = r->hi[0];
	out->hi[1] = r->hi[1];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key[0] = sqlite3_column_int64(st, 0);
		key[1] = sqlite3_column_int64(st, 1);
		if (found) {
			/* Walking up, the next range ends this one. */
			out->hi[0] = key[0];
			out->hi[1] = key[1];
			break;
		}
		n = sqlite3_column_int64(st, 2);
		/* seen: the places above (down) or below (up) this one. */
		out->below = down ? r->below + r->n - seen - n :
		    r->below + seen;
		if (pos >= out->below && pos < out->below + n) {
			out->lo[0] = key[0];
			out->lo[1] = key[1];
			out->n = n;
			found = true;
			if (down)
				break;
		} else if (down) {
			out->hi[0] = key[0];
			out->hi[1] = key[1];
		}
		seen += n;
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_status(s, rc, "news_order walk");
	return found ? STORE_OK : STORE_NOTFOUND;
}

/* The super, then the chunk within it, that holds place pos (from the
 * oldest: 0) of the total: each walked from its nearer end. */
static enum store_status
chunk_of(struct store *s, int64_t pos, int64_t total, struct range *chunk)
{
	struct range all = { { INT64_MIN, INT64_MIN },
	    { INT64_MAX, INT64_MAX }, total, 0 }, super;
	enum store_status ret;
	bool down;

	down = pos - all.below >= all.n / 2;
	ret = walk(s, down ? db_query(s, "SELECT lo_at, lo_gid, n"
	    " FROM news_super ORDER BY lo_at DESC, lo_gid DESC", "") :
	    db_query(s, "SELECT lo_at, lo_gid, n FROM news_super"
	    " ORDER BY lo_at, lo_gid", ""), down, &all, pos, &super);
	if (ret != STORE_OK)
		return ret;
	down = pos - super.below >= super.n / 2;
	return walk(s, down ? db_query(s, "SELECT lo_at, lo_gid, n"
	    " FROM news_chunk WHERE (lo_at, lo_gid) >= (?1, ?2)"
	    " AND (lo_at, lo_gid) < (?3, ?4)"
	    " ORDER BY lo_at DESC, lo_gid DESC", "iiii", super.lo[0],
	    super.lo[1], super.hi[0], super.hi[1]) :
	    db_query(s, "SELECT lo_at, lo_gid, n FROM news_chunk"
	    " WHERE (lo_at, lo_gid) >= (?1, ?2)"
	    " AND (lo_at, lo_gid) < (?3, ?4) ORDER BY lo_at, lo_gid",
	    "iiii", super.lo[0], super.lo[1], super.hi[0], super.hi[1]),
	    down, &super, pos, chunk);
}

enum store_status
news_order_seek(struct store *s, time_t now, int64_t offset, int64_t key[2],
    bool *found)
{
	enum store_status ret;
	int64_t total, future, pos, up, down, sched;
	struct range c;
	sqlite3_stmt *st;
	int rc;

	*found = false;
	if (offset < 0)
		return STORE_OK;
	if ((ret = sizes(s, now, &total, &future)) != STORE_OK)
		return ret;
	if (offset >= total - future)
		return STORE_OK;
	pos = total - 1 - future - offset;
	if ((ret = chunk_of(s, pos, total, &c)) != STORE_OK)
		return ret == STORE_NOTFOUND ? STORE_ERROR : ret;
	/* Within the chunk, from its nearer end: up places below pos, or
	 * down visible ones above it (the scheduled groups are the top
	 * ones of the whole order, and at <= now leaves them out). */
	sched = c.below + c.n - (total - future);
	up = pos - c.below;
	down = c.below + c.n - 1 - pos - (sched > 0 ? sched : 0);
	st = down < up ? db_query(s, "SELECT at, group_id FROM news_order"
	    " WHERE (at, group_id) < (?1, ?2) AND at <= ?4"
	    " ORDER BY at DESC, group_id DESC LIMIT 1 OFFSET ?3", "iiii",
	    c.hi[0], c.hi[1], down, (int64_t)now) :
	    db_query(s, "SELECT at, group_id FROM news_order"
	    " WHERE (at, group_id) >= (?1, ?2) ORDER BY at, group_id"
	    " LIMIT 1 OFFSET ?3", "iii", c.lo[0], c.lo[1], up);
	if (st == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key[0] = sqlite3_column_int64(st, 0);
		key[1] = sqlite3_column_int64(st, 1);
		*found = true;
	}
	db_done(st);
	return rc == SQLITE_ROW ? STORE_OK : db_status(s, rc,
	    "news_order seek");
}

enum store_status
store_news_count(struct store *s, time_t now, int64_t *count)
{
	enum store_status ret;
	int64_t total, future;

	*count = 0;
	if ((ret = sizes(s, now, &total, &future)) == STORE_OK)
		*count = total - future;
	return ret;
}

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

/* The last row (lo_at, lo_gid) of table (news_super or news_chunk) at or
 * below key into lo, and the sum of n over its rows from from (NULL: the
 * first) up to that one, not included, into *sum. The first row of each
 * starts at the least key, so one is always there. */
static enum store_status
range_below(struct store *s, bool super, const int64_t key[2],
    const int64_t *from, int64_t lo[2], int64_t *sum)
{
	static const int64_t least[2] = { INT64_MIN, INT64_MIN };
	sqlite3_stmt *st;
	int rc;

	st = super ? db_query(s, "SELECT lo_at, lo_gid FROM news_super"
	    " WHERE (lo_at, lo_gid) <= (?1, ?2)"
	    " ORDER BY lo_at DESC, lo_gid DESC LIMIT 1", "ii", key[0],
	    key[1]) : db_query(s, "SELECT lo_at, lo_gid FROM news_chunk"
	    " WHERE (lo_at, lo_gid) <= (?1, ?2)"
	    " ORDER BY lo_at DESC, lo_gid DESC LIMIT 1", "ii", key[0],
	    key[1]);
	if (st == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lo[0] = sqlite3_column_int64(st, 0);
		lo[1] = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? STORE_ERROR : db_status(s, rc,
		    "news_order range");
	if (from == NULL)
		from = least;
	return db_one_int(s, super ? db_query(s, "SELECT coalesce(sum(n), 0)"
	    " FROM news_super WHERE (lo_at, lo_gid) >= (?1, ?2)"
	    " AND (lo_at, lo_gid) < (?3, ?4)", "iiii", from[0], from[1],
	    lo[0], lo[1]) : db_query(s, "SELECT coalesce(sum(n), 0)"
	    " FROM news_chunk WHERE (lo_at, lo_gid) >= (?1, ?2)"
	    " AND (lo_at, lo_gid) < (?3, ?4)", "iiii", from[0], from[1],
	    lo[0], lo[1]), sum, "news_order sum");
}

/* The visible groups above key at now, of visible in all, into *place. */
static enum store_status
place_of(struct store *s, time_t now, const int64_t key[2], int64_t visible,
    int64_t *place)
{
	int64_t super[2], chunk[2], below, within, in;
	enum store_status ret;

	*place = 0;
	/* Scheduled: above every visible release. */
	if (key[0] > (int64_t)now)
		return STORE_OK;
	/* The groups at or below key: whole supers, whole chunks of its
	 * super, then its chunk's keys. */
	if ((ret = range_below(s, true, key, NULL, super, &below)) !=
	    STORE_OK ||
	    (ret = range_below(s, false, key, super, chunk, &within)) !=
	    STORE_OK ||
	    (ret = db_one_int(s, db_query(s, "SELECT count(*) FROM news_order"
	    " WHERE (at, group_id) >= (?1, ?2) AND (at, group_id) <= (?3, ?4)",
	    "iiii", chunk[0], chunk[1], key[0], key[1]), &in,
	    "news place chunk")) != STORE_OK)
		return ret;
	*place = visible - below - within - in;
	if (*place < 0)
		*place = 0;
	return STORE_OK;
}

enum store_status
store_news_place(struct store *s, time_t now, int64_t group, time_t at,
    int64_t *place)
{
	int64_t key[2] = { (int64_t)at, group }, total, future, listed;
	enum store_status ret;

	*place = 0;
	if ((ret = sizes(s, now, &total, &future)) != STORE_OK ||
	    (ret = place_of(s, now, key, total - future, place)) != STORE_OK)
		return ret;
	ret = db_one_int(s, db_query(s, "SELECT at FROM news_order"
	    " WHERE group_id = ?1", "i", group), &key[0], "news place at");
	if (ret == STORE_NOTFOUND)
		return STORE_OK;
	/* The same key, or a scheduled one, in no visible page. */
	if (ret != STORE_OK || key[0] == (int64_t)at || key[0] > (int64_t)now)
		return ret;
	if ((ret = place_of(s, now, key, total - future, &listed)) ==
	    STORE_OK &&
	    listed < *place)
		*place = listed;
	return ret;
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

/* news_order.c: the news list's order without OFFSET: how many groups are
 * visible, and the key of the one at a place, from the counts of
 * news_super and news_chunk (sql/migrations/012.sql). */
#include <stdint.h>

#include "store/news_order.h"
#include "store/order_chunks.h"

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

/* news_order's counts (012.sql). */
static const struct order_tables news_tables = {
	"SELECT lo_at, lo_gid, n FROM news_super ORDER BY lo_at, lo_gid",
	"SELECT lo_at, lo_gid, n FROM news_super"
	" ORDER BY lo_at DESC, lo_gid DESC",
	"SELECT lo_at, lo_gid, n FROM news_chunk WHERE (lo_at, lo_gid) >="
	" (?1, ?2) AND (lo_at, lo_gid) < (?3, ?4) ORDER BY lo_at, lo_gid",
	"SELECT lo_at, lo_gid, n FROM news_chunk WHERE (lo_at, lo_gid) >="
	" (?1, ?2) AND (lo_at, lo_gid) < (?3, ?4)"
	" ORDER BY lo_at DESC, lo_gid DESC",
	NULL,
};

enum store_status
news_order_seek(struct store *s, time_t now, int64_t offset, int64_t key[2],
    bool *found)
{
	enum store_status ret;
	int64_t total, future, pos, up, down, sched;
	struct order_range c;

	*found = false;
	if (offset < 0)
		return STORE_OK;
	if ((ret = sizes(s, now, &total, &future)) != STORE_OK)
		return ret;
	if (offset >= total - future)
		return STORE_OK;
	pos = total - 1 - future - offset;
	if ((ret = order_chunk_of(s, &news_tables, pos, total, &c)) !=
	    STORE_OK)
		return ret == STORE_NOTFOUND ? STORE_ERROR : ret;
	/* Within the chunk, from its nearer end: up places below pos, or
	 * down visible ones above it (the scheduled groups are the top
	 * ones of the whole order, and at <= now leaves them out). */
	sched = c.below + c.n - (total - future);
	up = pos - c.below;
	down = c.below + c.n - 1 - pos - (sched > 0 ? sched : 0);
	ret = db_two_ints(s, down < up ? db_query(s, "SELECT at, group_id"
	    " FROM news_order WHERE (at, group_id) < (?1, ?2) AND at <= ?4"
	    " ORDER BY at DESC, group_id DESC LIMIT 1 OFFSET ?3", "iiii",
	    c.hi[0], c.hi[1], down, (int64_t)now) : db_query(s, "SELECT at,"
	    " group_id FROM news_order WHERE (at, group_id) >= (?1, ?2)"
	    " ORDER BY at, group_id LIMIT 1 OFFSET ?3", "iii", c.lo[0],
	    c.lo[1], up), key, "news_order seek");
	*found = ret == STORE_OK;
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
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
	enum store_status ret;

	ret = db_two_ints(s, super ? db_query(s, "SELECT lo_at, lo_gid"
	    " FROM news_super WHERE (lo_at, lo_gid) <= (?1, ?2)"
	    " ORDER BY lo_at DESC, lo_gid DESC LIMIT 1", "ii", key[0],
	    key[1]) : db_query(s, "SELECT lo_at, lo_gid FROM news_chunk"
	    " WHERE (lo_at, lo_gid) <= (?1, ?2)"
	    " ORDER BY lo_at DESC, lo_gid DESC LIMIT 1", "ii", key[0],
	    key[1]), lo, "news_order range");
	if (ret != STORE_OK)
		return ret == STORE_NOTFOUND ? STORE_ERROR : ret;
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

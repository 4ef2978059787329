/* news_order.c: the news list's order without OFFSET: how many groups are
 * visible, and the key of the one at a place, from news_chunk's counts
 * (sql/migrations/012.sql). */
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

/* The chunk holding place pos (from the oldest: 0) of total, of which
 * the top future are scheduled, walked from the nearer end. Walking from
 * the newest (*down), lo gets the key of the chunk above it (the end of
 * its range; INT64_MAX for the top one) and *skip how many visible
 * places it has above pos; else lo gets its own first key and *skip how
 * many places it has below pos. */
static enum store_status
chunk_of(struct store *s, int64_t pos, int64_t total, int64_t future,
    int64_t lo[2], int64_t *skip, bool *down)
{
	sqlite3_stmt *st;
	int64_t seen = 0, n;
	int rc;

	*down = pos >= total / 2;
	lo[0] = lo[1] = INT64_MAX;
	st = *down ? db_query(s, "SELECT lo_at, lo_gid, n FROM news_chunk"
	    " ORDER BY lo_at DESC, lo_gid DESC", "") :
	    db_query(s, "SELECT lo_at, lo_gid, n FROM news_chunk"
	    " ORDER BY lo_at, lo_gid", "");
	if (st == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 2);
		/* Walking down, seen counts the places above the chunk. */
		if (*down ? total - seen - n <= pos : seen + n > pos) {
			if (!*down) {
				lo[0] = sqlite3_column_int64(st, 0);
				lo[1] = sqlite3_column_int64(st, 1);
			}
			/* The scheduled groups are the top ones: those in
			 * this chunk are left out by the seek's at <= now. */
			*skip = *down ? total - 1 - seen - pos -
			    ((future < seen + n ? future : seen + n) -
			    (future < seen ? future : seen)) : pos - seen;
			db_done(st);
			return STORE_OK;
		}
		lo[0] = sqlite3_column_int64(st, 0);
		lo[1] = sqlite3_column_int64(st, 1);
		seen += n;
	}
	db_done(st);
	return rc == SQLITE_DONE ? STORE_NOTFOUND :
	    db_status(s, rc, "news_order chunk");
}

enum store_status
news_order_seek(struct store *s, time_t now, int64_t offset, int64_t key[2],
    bool *found)
{
	enum store_status ret;
	int64_t total, future, pos, lo[2] = { 0, 0 }, skip = 0;
	bool down = false;
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
	if ((ret = chunk_of(s, pos, total, future, lo, &skip, &down)) !=
	    STORE_OK)
		return ret == STORE_NOTFOUND ? STORE_ERROR : ret;
	/* At most a chunk's keys (128) are stepped over, from the end
	 * nearer to pos. */
	st = down ? db_query(s, "SELECT at, group_id FROM news_order"
	    " WHERE (at, group_id) < (?1, ?2) AND at <= ?4"
	    " ORDER BY at DESC, group_id DESC LIMIT 1 OFFSET ?3", "iiii",
	    lo[0], lo[1], skip, (int64_t)now) :
	    db_query(s, "SELECT at, group_id FROM news_order"
	    " WHERE (at, group_id) >= (?1, ?2) ORDER BY at, group_id"
	    " LIMIT 1 OFFSET ?3", "iii", lo[0], lo[1], skip);
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

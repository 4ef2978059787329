/* list_order.c: the key at a place of a list of entries in list_order,
 * from the counts of list_super and list_chunk (017.sql), never by an
 * OFFSET over the list. */
#include "store/list_order.h"

enum store_status
list_order_key(struct store *s, const char *kind, int64_t rank,
    struct list_seek *memo, int64_t key[2], bool *found)
{
	const struct order_tables t = {
		"SELECT lo_at, lo_gid, n FROM list_super WHERE kind = ?1"
		" ORDER BY lo_at, lo_gid",
		"SELECT lo_at, lo_gid, n FROM list_super WHERE kind = ?1"
		" ORDER BY lo_at DESC, lo_gid DESC",
		"SELECT lo_at, lo_gid, n FROM list_chunk WHERE kind = ?5"
		" AND (lo_at, lo_gid) >= (?1, ?2)"
		" AND (lo_at, lo_gid) < (?3, ?4) ORDER BY lo_at, lo_gid",
		"SELECT lo_at, lo_gid, n FROM list_chunk WHERE kind = ?5"
		" AND (lo_at, lo_gid) >= (?1, ?2)"
		" AND (lo_at, lo_gid) < (?3, ?4)"
		" ORDER BY lo_at DESC, lo_gid DESC",
		kind,
	};
	struct order_range c;
	enum store_status ret = STORE_OK;
	int64_t pos, up, down;

	*found = false;
	if (memo->chunk.n == 0)
		ret = db_one_int(s, db_query(s, "SELECT n FROM list_order_size"
		    " WHERE kind = ?1", "t", kind), &memo->total,
		    "list_order size");
	if (ret != STORE_OK || rank < 0 || rank >= memo->total)
		return ret;
	pos = memo->total - 1 - rank;
	c = memo->chunk;
	if ((c.n == 0 || pos < c.below || pos >= c.below + c.n) &&
	    (ret = order_chunk_of(s, &t, pos, memo->total, &c)) != STORE_OK)
		return ret == STORE_NOTFOUND ? STORE_ERROR : ret;
	memo->chunk = c;
	/* Within the chunk, from its nearer end. */
	up = pos - c.below;
	down = c.below + c.n - 1 - pos;
	ret = db_two_ints(s, down < up ? db_query(s, "SELECT at, group_id"
	    " FROM list_order WHERE kind = ?4 AND (at, group_id) < (?1, ?2)"
	    " ORDER BY at DESC, group_id DESC LIMIT 1 OFFSET ?3", "iiit",
	    c.hi[0], c.hi[1], down, kind) : db_query(s, "SELECT at, group_id"
	    " FROM list_order WHERE kind = ?4 AND (at, group_id) >= (?1, ?2)"
	    " ORDER BY at, group_id LIMIT 1 OFFSET ?3", "iiit", c.lo[0],
	    c.lo[1], up, kind), key, "list_order key");
	*found = ret == STORE_OK;
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
}

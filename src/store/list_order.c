/* list_order.c: the key at a place of a list of entries in list_order,
 * from the counts of list_super and list_chunk (017.sql), never by an
 * OFFSET over the list; the place of a list that leaves some groups out,
 * and a page read from it. */
#include "store/list_order.h"

/* Fewer places than the smallest chunk: reading their keys costs less
 * than finding a chunk. */
#define LIST_NEAR	64

/* The key skip places below the first key under from (seek_down), or
 * skip places above from itself (seek_up). */
static enum store_status
seek_down(struct store *s, const char *kind, const int64_t from[2],
    int64_t skip, int64_t key[2])
{
	return db_two_ints(s, db_query(s, "SELECT at, group_id FROM"
	    " list_order WHERE kind = ?4 AND (at, group_id) < (?1, ?2)"
	    " ORDER BY at DESC, group_id DESC LIMIT 1 OFFSET ?3", "iiit",
	    from[0], from[1], skip, kind), key, "list_order key");
}

static enum store_status
seek_up(struct store *s, const char *kind, const int64_t from[2],
    int64_t skip, int64_t key[2])
{
	return db_two_ints(s, db_query(s, "SELECT at, group_id FROM"
	    " list_order WHERE kind = ?4 AND (at, group_id) >= (?1, ?2)"
	    " ORDER BY at, group_id LIMIT 1 OFFSET ?3", "iiit", from[0],
	    from[1], skip, kind), key, "list_order key");
}

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
	/* Near the place found before: from its key, with no chunk read. */
	if (memo->found && pos > memo->pos - LIST_NEAR &&
	    pos < memo->pos + LIST_NEAR)
		ret = pos < memo->pos ? seek_down(s, kind, memo->key,
		    memo->pos - pos - 1, key) : seek_up(s, kind, memo->key,
		    pos - memo->pos, key);
	else {
		c = memo->chunk;
		if ((c.n == 0 || pos < c.below || pos >= c.below + c.n) &&
		    (ret = order_chunk_of(s, &t, pos, memo->total, &c)) !=
		    STORE_OK)
			return ret == STORE_NOTFOUND ? STORE_ERROR : ret;
		memo->chunk = c;
		/* Within the chunk, from its nearer end. */
		up = pos - c.below;
		down = c.below + c.n - 1 - pos;
		ret = down < up ? seek_down(s, kind, c.hi, down, key) :
		    seek_up(s, kind, c.lo, up, key);
	}
	if (ret == STORE_OK) {
		memo->found = true;
		memo->pos = pos;
		memo->key[0] = key[0];
		memo->key[1] = key[1];
	}
	*found = ret == STORE_OK;
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
}

/* The order holds every group: the place p of the order whose key has
 * p - offset groups left out at or above it, found by moving down by
 * those counted until no more are (each round passes at least one of
 * the few left out), or at once when all are above. */
enum store_status
list_order_seek(struct store *s, const char *kind, const char *left_out,
    const struct list_reader *r, int64_t offset, int64_t key[2],
    bool *found)
{
	struct list_seek memo = { 0 };
	enum store_status ret;
	int64_t p = offset, left[2];

	for (;;) {
		ret = list_order_key(s, kind, p, &memo, key, found);
		if (ret != STORE_OK || !*found)
			return ret;
		ret = db_two_ints(s, db_query(s, left_out, "titsii", r->lang,
		    (int64_t)r->now, r->fallback, r->own, key[0], key[1]),
		    left, "list_order left out");
		if (ret != STORE_OK || offset + left[0] == p)
			return ret;
		/* One read transaction: the count only grows with p. */
		if (offset + left[0] < p)
			return STORE_ERROR;
		p = offset + left[0];
		/* All of them above: no more can come, p is the place. */
		if (left[0] == left[1])
			return list_order_key(s, kind, p, &memo, key, found);
	}
}

enum store_status
list_order_page(struct store *s, struct arena *a, const struct list_walk *w,
    const struct list_reader *r, int64_t offset, size_t limit, void *items,
    size_t *n, const char *what)
{
	int64_t key[2] = { INT64_MAX, INT64_MAX };
	enum store_status ret;
	bool found = true;

	*n = 0;
	if (offset > 0 && (ret = list_order_seek(s, w->kind, w->left_out, r,
	    offset, key, &found)) != STORE_OK)
		return ret;
	if (!found)
		return STORE_OK;
	return db_list(s, a, db_query(s, w->walk, "titsiii", r->lang,
	    (int64_t)r->now, r->fallback, r->own, (int64_t)limit, key[0],
	    key[1]), w->cols, w->ncols, items, w->size, limit, n, what);
}

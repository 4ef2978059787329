/* order_chunks.c: the chunk of a counted order that holds a place, from
 * the counts of its supers and chunks, however long the order. */
#include <stdbool.h>

#include "store/order_chunks.h"

/* The row of st (lo_at, lo_gid, n of a counted range within r, walked
 * from the highest key when down) that holds place pos of the whole
 * order, into *out. Resets st. */
static enum store_status
walk(struct store *s, sqlite3_stmt *st, bool down,
    const struct order_range *r, int64_t pos, struct order_range *out)
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
		return db_status(s, rc, "order walk");
	return found ? STORE_OK : STORE_NOTFOUND;
}

enum store_status
order_chunk_of(struct store *s, const struct order_tables *t, int64_t pos,
    int64_t total, struct order_range *chunk)
{
	struct order_range all = { { INT64_MIN, INT64_MIN },
	    { INT64_MAX, INT64_MAX }, total, 0 }, super;
	const char *sql;
	enum store_status ret;
	bool down;

	down = pos - all.below >= all.n / 2;
	sql = down ? t->super_down : t->super_up;
	ret = walk(s, t->kind != NULL ? db_query(s, sql, "t", t->kind) :
	    db_query(s, sql, ""), down, &all, pos, &super);
	if (ret != STORE_OK)
		return ret;
	down = pos - super.below >= super.n / 2;
	sql = down ? t->chunk_down : t->chunk_up;
	return walk(s, db_query(s, sql, t->kind != NULL ? "iiiit" : "iiii",
	    super.lo[0], super.lo[1], super.hi[0], super.hi[1], t->kind),
	    down, &super, pos, chunk);
}

/* list_order.h: places in the orders of entries' lists (list_order.c,
 * 017.sql to 019.sql), for event.c, project.c and publication.c. Not for
 * use outside src/store/. */
#ifndef WAYPOINT_LIST_ORDER_H
#define WAYPOINT_LIST_ORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/db_internal.h"
#include "store/order_chunks.h"

/* What one seek in an order learnt, for the next in the same read
 * transaction: the order's length, the chunk it read (n 0: none) and
 * the place (pos from the lowest key) and key it found, if any. Zeroed
 * before the first. */
struct list_seek {
	int64_t			total;
	struct order_range	chunk;
	bool			found;
	int64_t			pos;
	int64_t			key[2];
};

/* The key (at, group_id) of the group at place rank (0: the highest key)
 * of kind's order in list_order into key; *found false when the order
 * is shorter. Costs what the counts and one chunk's keys cost, however
 * deep the place; a place in the chunk of the seek before (memo) only
 * that chunk's keys, and one near the place it found only the keys
 * between. */
enum store_status list_order_key(struct store *, const char *kind,
		    int64_t rank, struct list_seek *memo, int64_t key[2],
		    bool *found);

/* Who reads a list: the parameters ?1 to ?4 of its queries; ?4, own,
 * is what the list's own queries take (events' and projects' local date,
 * a publication type). */
struct list_reader {
	const char	*lang;
	time_t		 now;
	const char	*fallback;
	const char	*own;
};

/*
 * The key of place offset of a list that shows kind's order from the top
 * but for the groups that left_out selects, into key (*found false past
 * its end). left_out, with r's ?1 to ?4 and a key (?5, ?6), selects two
 * numbers: how many groups it leaves out at or above the key, and how
 * many in all. Those groups must be few: a page past them reads each.
 */
enum store_status list_order_seek(struct store *, const char *kind,
		    const char *left_out, const struct list_reader *r,
		    int64_t offset, int64_t key[2], bool *found);

/* A list read down kind's order: left_out as list_order_seek() takes it,
 * walk a query built on ENTRY_WALK (entry_sql.h) with the reader's ?1 to
 * ?4, the limit ?5 and the key (?6, ?7), and its rows' columns as
 * db_list() reads them into elements of size bytes. */
struct list_walk {
	const char		*kind;
	const char		*left_out;
	const char		*walk;
	const struct db_col	*cols;
	size_t			 ncols;
	size_t			 size;
};

/* At most limit rows of w from place offset into items, *n of them: the
 * top of the order for offset 0, else the key list_order_seek() finds. */
enum store_status list_order_page(struct store *, struct arena *,
		    const struct list_walk *w, const struct list_reader *r,
		    int64_t offset, size_t limit, void *items, size_t *n,
		    const char *what);

#endif

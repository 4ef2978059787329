/* list_order.h: places in the orders of entries' lists (list_order.c,
 * 017.sql), for event.c. Not for use outside src/store/. */
#ifndef WAYPOINT_LIST_ORDER_H
#define WAYPOINT_LIST_ORDER_H

#include <stdbool.h>
#include <stdint.h>

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

#endif

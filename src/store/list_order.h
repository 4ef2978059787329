/* list_order.h: places in the orders of entries' lists (list_order.c,
 * 017.sql), for event.c. Not for use outside src/store/. */
#ifndef WAYPOINT_LIST_ORDER_H
#define WAYPOINT_LIST_ORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db_internal.h"

/* The key (at, group_id) of the group at place rank (0: the highest key)
 * of kind's order in list_order into key; *found false when the order
 * is shorter. Costs what the counts and one chunk's keys cost, however
 * deep the place. */
enum store_status list_order_key(struct store *, const char *kind,
		    int64_t rank, int64_t key[2], bool *found);

#endif

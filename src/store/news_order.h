/* news_order.h: where a place in the news list is (news_order.c), for
 * news.c. Not for use outside src/store/. */
#ifndef WAYPOINT_NEWS_ORDER_H
#define WAYPOINT_NEWS_ORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store/db_internal.h"

/* The key in news_order (at, group_id) of the group at place offset (0:
 * the newest) among those visible at now, into key[0] and key[1]; *found
 * false when the list is shorter. Costs what the chunk counts and one
 * chunk's keys cost, however deep the place. */
enum store_status news_order_seek(struct store *, time_t now,
		    int64_t offset, int64_t key[2], bool *found);

#endif

/* order_chunks.h: finding a place in a counted order (order_chunks.c):
 * an order of keys (at, group_id) cut into chunks, and the chunks into
 * supers, each with the count of keys in its range (012.sql for /news,
 * 017.sql for the lists of entries). Not for use outside src/store/. */
#ifndef WAYPOINT_ORDER_CHUNKS_H
#define WAYPOINT_ORDER_CHUNKS_H

#include <stdint.h>

#include "store/db_internal.h"

/* A range of an order: keys from lo up to hi (not included), its n
 * places, and the places below it. */
struct order_range {
	int64_t	lo[2];
	int64_t	hi[2];
	int64_t	n;
	int64_t	below;
};

/* Where an order's counts are: each text selects lo_at, lo_gid and n of
 * a table's rows, up (lo_at, lo_gid ascending) or down. The supers' take
 * no bounds, the chunks' the range (?1, ?2) to (?3, ?4). kind, when not
 * NULL, is bound after those (?1 for the supers, ?5 for the chunks): the
 * tables that hold several orders. */
struct order_tables {
	const char	*super_up;
	const char	*super_down;
	const char	*chunk_up;
	const char	*chunk_down;
	const char	*kind;
};

/* The chunk that holds place pos (from the lowest key: 0) of an order of
 * total places into *chunk: a super, then a chunk of it, each walked
 * from its nearer end. STORE_NOTFOUND when the counts hold no such
 * place. */
enum store_status order_chunk_of(struct store *, const struct order_tables *,
		    int64_t pos, int64_t total, struct order_range *chunk);

#endif

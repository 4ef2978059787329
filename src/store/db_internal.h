/* db_internal.h: what the files of src/store/ share: the connection and its
 * prepared statements. Not for use outside src/store/. */
#ifndef WAYPOINT_DB_INTERNAL_H
#define WAYPOINT_DB_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* 128: more statements than Waypoint has; each module's SQL literals take
 * their own slots, so no list of statements is kept in one place. */
#define STMT_SLOTS	128

struct stmt_slot {
	const char	*sql;	/* the literal's address is the key */
	sqlite3_stmt	*st;
};

struct store {
	sqlite3		*db;
	struct stmt_slot stmt[STMT_SLOTS];
	enum store_mode	 mode;
	int		 tx_depth;	/* store_tx_begin()s still open */
};

/* The statement of sql (a string literal: its address is the key),
 * prepared on first use and kept for the connection's life; NULL (logged)
 * when it does not prepare. Callers bind, step, then db_done(). */
sqlite3_stmt	*db_stmt(struct store *, const char *sql);

/* Resets st and clears its bindings, so no lock or value outlives a call. */
void		 db_done(sqlite3_stmt *st);

/* Maps an SQLite result code to a store status, logging unexpected ones
 * with what (the function's name). */
enum store_status db_status(struct store *, int rc, const char *what);

/* Column text copied into the arena ("" for NULL; NULL when out of
 * memory). */
const char	*db_text(struct arena *, sqlite3_stmt *st, int col);

/* Steps st, which yields no row, and resets it (db_step.c). */
enum store_status db_run(struct store *, sqlite3_stmt *st, const char *what);

/* Steps st for one integer (the first column of the first row) into *v
 * and resets it; STORE_NOTFOUND when there is no row. */
enum store_status db_one_int(struct store *, sqlite3_stmt *st, int64_t *v,
		    const char *what);

/* Ends a write transaction: commits when ret is STORE_OK, else (or when
 * the commit fails) rolls back. Returns the outcome. */
enum store_status db_tx_end(struct store *, enum store_status ret);

#endif

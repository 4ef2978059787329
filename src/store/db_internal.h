/* db_internal.h: what the files of src/store/ share: the connection and its
 * prepared statements. Not for use outside src/store/. */
#ifndef WAYPOINT_DB_INTERNAL_H
#define WAYPOINT_DB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store/store.h"

/* 512: well over the statements Waypoint has (about 150 call sites, and
 * the content statements once per kind); each module's SQL literals take
 * their own slots, so no list of statements is kept in one place. */
#define STMT_SLOTS	512

/* 5 s: an editor's save waits out another's, never a whole minute. */
#define BUSY_TIMEOUT_MS	5000

struct stmt_slot {
	const char	*sql;	/* the literal's address is the key */
	sqlite3_stmt	*st;
};

struct store {
	sqlite3		*db;
	struct stmt_slot stmt[STMT_SLOTS];
	enum store_mode	 mode;
	int		 tx_depth;	/* store_tx_begin()s still open */
	int		 read_depth;	/* store_read_begin()s still open */
	bool		 search_bulk;	/* within search_bulk_begin/end */
};

/* Registers on db the SQL function store_state()'s query calls,
 * local_instant(W): the instant (Unix time) of W, a wall time in the
 * site's zone written as Unix time as if it were UTC (unixepoch() of a
 * local date and time), read as form_local_time() reads one; NULL for
 * NULL. Returns an SQLite result code. (store/site.c) */
int		 store_state_register(sqlite3 *db);

/* The statement of sql (a string literal: its address is the key),
 * prepared on first use and kept for the connection's life; NULL (logged)
 * when it does not prepare. Callers bind, step, then db_done(). */
sqlite3_stmt	*db_stmt(struct store *, const char *sql);

/* Adds st's work counters since its last reset to this thread's totals
 * (store_work_read) and zeroes them; NULL adds nothing. Called by db_done
 * and before a statement is finalized. */
void		 db_work_add(sqlite3_stmt *st);

/* q as a LIKE pattern (with ESCAPE '\') that finds it anywhere: its own
 * %, _ and \ taken literally, written into out, which has room for
 * 2 * strlen(q) + 3 bytes. Returns out. */
char		*db_like_anywhere(char *out, const char *q);

/* Resets st and clears its bindings, so no lock or value outlives a call. */
void		 db_done(sqlite3_stmt *st);

/* Maps an SQLite result code to a store status, logging unexpected ones
 * with what (the function's name). */
enum store_status db_status(struct store *, int rc, const char *what);

/* Column text copied into the arena ("" for NULL; NULL when out of
 * memory). */
const char	*db_text(struct arena *, sqlite3_stmt *st, int col);

/* Steps st, which yields no row, and resets it (db_step.c). A NULL st
 * (from db_stmt or db_query) is STORE_ERROR, here and in db_one_int. */
enum store_status db_run(struct store *, sqlite3_stmt *st, const char *what);

/* db_run() for a write that must touch a row: STORE_NOTFOUND when it
 * changed none. */
enum store_status db_run_changed(struct store *, sqlite3_stmt *st,
		    const char *what);

/* Steps st for one integer (the first column of the first row) into *v
 * and resets it; STORE_NOTFOUND when there is no row. */
enum store_status db_one_int(struct store *, sqlite3_stmt *st, int64_t *v,
		    const char *what);

/* As db_one_int, for the first two columns into v[0] and v[1]. */
enum store_status db_two_ints(struct store *, sqlite3_stmt *st,
		    int64_t v[2], const char *what);

/* The statement of sql (as db_stmt) with its parameters ?1, ?2 ...
 * bound, in order, to the arguments types describes: 't' a const char *
 * (NULL binds NULL), 's' a const char * (NULL binds ""), 'i' an int64_t,
 * 'u' an int64_t row id, 0 or less binding NULL (no user, the top level
 * of the menu, no page), 'b' a blob given as two arguments, a const
 * void * (NULL binds NULL) and a size_t length. The strings and blobs
 * must outlive the statement's use (they are bound SQLITE_STATIC). NULL
 * (logged) when it does not prepare or a value does not bind; nothing is
 * left bound then. (db_step.c) */
sqlite3_stmt	*db_query(struct store *, const char *sql, const char *types,
		    ...);

/* How a result column fills a field of a struct. */
enum db_type {
	DB_INT64,		/* int64_t */
	DB_TIME,		/* time_t */
	DB_INT,			/* int, or an enum the SQL gives as its value */
	DB_BOOL,		/* bool: the column is not 0 */
	DB_TEXT,		/* const char *, copied; "" for NULL */
	DB_TEXT_OR_NULL,	/* const char *, copied; NULL for NULL */
};

/* Column i of a row goes to the field at off of the struct, as type. */
struct db_col {
	enum db_type	 type;
	size_t		 off;
};
#define DB_COL(type, st, field)	{ (type), offsetof(st, field) }

/* Copies the current row of st into obj, column i by cols[i] (n of them);
 * strings into arena a. STORE_OK, or STORE_ERROR when out of memory. */
enum store_status db_row(struct arena *a, sqlite3_stmt *st,
		    const struct db_col *cols, size_t n, void *obj);

/* Steps st (from db_query; NULL is STORE_ERROR) for one row, copied into
 * obj as db_row does, and resets it. STORE_NOTFOUND when there is no
 * row; what names the caller in the log. */
enum store_status db_get(struct store *, struct arena *a, sqlite3_stmt *st,
		    const struct db_col *cols, size_t n, void *obj,
		    const char *what);

/* Steps st (from db_query; NULL is STORE_ERROR) for at most max rows,
 * each copied as db_row does into items, an array of max elements of
 * size bytes, and resets it; *n is how many were. */
enum store_status db_list(struct store *, struct arena *a, sqlite3_stmt *st,
		    const struct db_col *cols, size_t ncols, void *items,
		    size_t size, size_t max, size_t *n, const char *what);

/* As db_list, for a list with no size known beforehand: the array grows
 * in arena a as rows come (up to max elements of size bytes), *items is
 * it (NULL when there is no row) and *n how many. */
enum store_status db_list_all(struct store *, struct arena *a,
		    sqlite3_stmt *st, const struct db_col *cols, size_t ncols,
		    void **items, size_t size, size_t max, size_t *n,
		    const char *what);

/* Ends a write transaction: commits when ret is STORE_OK, else (or when
 * the commit fails) rolls back. Returns the outcome. */
enum store_status db_tx_end(struct store *, enum store_status ret);

#endif

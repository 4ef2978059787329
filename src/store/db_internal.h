/* db_internal.h: what the files of src/store/ share: the connection and its
 * prepared statements. Not for use outside src/store/. */
#ifndef WAYPOINT_DB_INTERNAL_H
#define WAYPOINT_DB_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* Every statement a connection may prepare, one slot each. */
enum stmt_id {
	STMT_GENERATION,
	STMT_STATE,
	STMT_NEXT_PUBLICATION,
	STMT_SETTING,
	STMT_NEWS_BY_SLUG,
	STMT_NEWS_LIST,
	STMT_NEWS_COUNT,
	STMT_PAGE_BY_SLUG,
	STMT_MENU,
	STMT_REDIRECT_NEWS,
	STMT_REDIRECT_PAGE,
	STMT_COUNT
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*stmt[STMT_COUNT];
	enum store_mode	 mode;
};

/* The statement of slot id, prepared from sql on first use; NULL (logged)
 * when it does not prepare. Callers bind, step, then db_done(). */
sqlite3_stmt	*db_stmt(struct store *, enum stmt_id id, const char *sql);

/* Resets st and clears its bindings, so no lock or value outlives a call. */
void		 db_done(sqlite3_stmt *st);

/* Maps an SQLite result code to a store status, logging unexpected ones
 * with what (the function's name). */
enum store_status db_status(struct store *, int rc, const char *what);

/* Column text copied into the arena ("" for NULL; NULL when out of
 * memory). */
const char	*db_text(struct arena *, sqlite3_stmt *st, int col);

#endif

/* import.h: what the files of `waypoint import` share: the run's state,
 * reading a line's values with the message of the first bad one, and the
 * handler of each type of line (docs/import-export.md). */
#ifndef WAYPOINT_CLI_IMPORT_H
#define WAYPOINT_CLI_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "store/content.h"

struct arena;
struct config;
struct field;
struct form;
struct store;

/* One run of the command. */
struct import {
	const struct config *cfg;
	struct store	*s;
	const char	*name;		/* the file in messages */
	int64_t		 line;		/* read now (1: first) */
	struct arena	*a;		/* the line's, reset after it */
	struct content_author who;	/* nobody, at the run's start */
	bool		 begun;		/* store_import_begin is done */
	bool		 file_revisions; /* the header says it holds them */
	bool		 menu_cleared;	/* its first menu line came */
	size_t		 unindexed;	/* items since store_import_index */
	const char	*md_ahead;	/* the line's body_md rendered ahead */
	const char	*html_ahead;	/* into this; NULL: render it now */
	const char	*within;	/* the array whose object is read */
};

/* Prints "NAME:LINE: field: what" (what a printf format) on stderr, a
 * field of an object in an array as "ARRAY.field" (im->within). Returns
 * -1, so that a handler can return it. */
int		 import_fail(struct import *, const char *field,
		    const char *what, ...)
		    __attribute__((format(printf, 3, 4)));

/* import_fail's words for a source (its id) of another group. */
#define IMPORT_SOURCE_GROUP	"%lld is a version of another group: a " \
				"translation's source is one of its own"

/* The same for a failure of the store. */
int		 import_store_fail(struct import *, const char *field,
		    int status);

/* Refuses a key of o that is not one of keys (NULL-terminated). Returns
 * 0, or -1 (printed). */
int		 import_keys(struct import *, const json_t *o,
		    const char *const *keys);

/* The string at key of o into *v: NULL when absent and not required.
 * Returns 0, or -1 (printed) when missing and required or not a string
 * (or not UTF-8 without NUL). */
int		 import_str(struct import *, const json_t *o,
		    const char *key, bool required, const char **v);

/* The integer at key of o into *v (def when absent), at least min.
 * Returns 0, or -1 (printed). */
int		 import_int(struct import *, const json_t *o,
		    const char *key, int64_t def, int64_t min, int64_t *v);

/* Reads the string values at the keys named by table[0..n] of o (absent:
 * "") into form f (in the line's arena) through the form's checks.
 * Returns 0, or -1 with the first message printed at its key. */
int		 import_form(struct import *, const json_t *o,
		    const struct field *table, size_t n, struct form *f);

/* Row from of an admin form's table t[0..n] as the row key of an import's
 * table, with the flags extra added: the limits and checks are the
 * form's own, so a file's line is refused exactly where the form would
 * refuse it. A form without that row gives one with no limit. */
struct field	 import_row(const struct field *t, size_t n, const char *key,
		    const char *from, unsigned extra);

/* The admin content form's "lang" row as row key: a language code's
 * limit, for the lines that are no items. */
struct field	 import_lang_row(const char *key);

/* Whether lang is one of the site's languages; else printed at field. */
int		 import_lang(struct import *, const char *field,
		    const char *lang);

/* The line's "id" (0 when absent) into *id, in space (enum port_space);
 * -1 (printed) when it is no id or an earlier line of the file had it. */
int		 import_id(struct import *, const json_t *o, int space,
		    int64_t *id);

/* The database's id of the file's id old in space (enum port_space): an
 * earlier line's, else the database's row of that number, else 0, into
 * *id. Returns 0, or -1 (printed at key) when the store failed. */
int		 import_lookup(struct import *, const char *key, int space,
		    int64_t old, int64_t *id);

/* The database's id of the file's id at key of o in space (enum
 * port_space), mapped or else an existing row's, into *id (0 when the key
 * is absent). Returns 0, or -1 (printed) when it names nothing. */
int		 import_ref(struct import *, const json_t *o,
		    const char *key, int space, int64_t *id);

/* The handlers of each type of line: 0, or -1 (printed). */
int		 import_content(struct import *, const json_t *o,
		    enum content_kind k);
int		 import_setting(struct import *, const json_t *o);
int		 import_media(struct import *, const json_t *o);
int		 import_menu(struct import *, const json_t *o);
int		 import_redirect(struct import *, const json_t *o);
int		 import_revision(struct import *, const json_t *o);

/* The progress line on a terminal: done items of total (0: unknown),
 * with the rate and the time left since start; rewritten in place at
 * most a few times a second (force: now). Nothing unless stderr is a
 * terminal. */
void		 import_progress(int64_t done, int64_t total,
		    const struct timespec *start, bool force);

/* Ends the progress line on the terminal, if one is half-written, so
 * that a message starts on a line of its own. */
void		 import_progress_break(void);

/* What the reader thread made of one line of the file. */
enum import_line_state {
	IMPORT_LINE_OBJECT,	/* o: a JSON value, maybe no object */
	IMPORT_LINE_BAD_JSON,	/* err: why it is none */
	IMPORT_LINE_CUT,	/* the last line has no "\n" */
	IMPORT_LINE_TOO_LONG,	/* past IMPORT_LINE_MAX, not read on */
	IMPORT_LINE_READ_ERROR,	/* errnum: why the file could not be read */
	IMPORT_LINE_END		/* the file ended before it */
};

struct import_line {
	enum import_line_state state;
	json_t		*o;
	json_error_t	 err;
	int		 errnum;
	const char	*md;	/* o's body_md when html holds it rendered */
	char		*html;	/* heap; NULL: not rendered ahead */
};

/* 64 MiB: a line past it is refused before all of it is in memory (a
 * file of one endless line would take it all). An export's longest, a
 * revision of an item whose body is at the form's limit, escaped, is
 * far shorter. */
#define IMPORT_LINE_MAX		(64 << 20)

struct import_ahead;

/* Starts a thread reading the lines of f, parsing them and rendering
 * their Markdown bodies at most a few dozen lines ahead of
 * import_ahead_next(); after a line that ends the file it reads no more.
 * NULL when out of memory or no thread could start. */
struct import_ahead *import_ahead_start(FILE *f);

/* The next line, in the file's order, waiting for it; the caller owns
 * it (import_line_free). Not to be called after an end, cut or error. */
void		 import_ahead_next(struct import_ahead *,
		    struct import_line *);

/* Stops the thread once it has finished the line in hand (a read of a
 * pipe waits for its data or its end) and frees what it read; NULL: no
 * effect. */
void		 import_ahead_stop(struct import_ahead *);

/* Frees what l holds. */
void		 import_line_free(struct import_line *l);

#endif

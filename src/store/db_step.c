/* db_step.c: the small steps every store module takes: binding a query,
 * copying its rows into structs (a fixed array or a growing one), running
 * a statement, reading one integer, ending a write transaction. */
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/db_internal.h"

sqlite3_stmt *
db_query(struct store *s, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	const char *text;
	const void *blob;
	va_list ap;
	int64_t id;
	size_t len;
	int i, rc = SQLITE_OK;

	if ((st = db_stmt(s, sql)) == NULL)
		return NULL;
	va_start(ap, types);
	for (i = 0; types[i] != '\0' && rc == SQLITE_OK; i++) {
		switch (types[i]) {
		case 't':
		case 's':
			text = va_arg(ap, const char *);
			if (text == NULL && types[i] == 's')
				text = "";
			rc = sqlite3_bind_text(st, i + 1, text, -1,
			    SQLITE_STATIC);
			break;
		case 'i':
			rc = sqlite3_bind_int64(st, i + 1,
			    va_arg(ap, int64_t));
			break;
		case 'u':
			id = va_arg(ap, int64_t);
			rc = id > 0 ? sqlite3_bind_int64(st, i + 1, id) :
			    sqlite3_bind_null(st, i + 1);
			break;
		case 'b':
			blob = va_arg(ap, const void *);
			len = va_arg(ap, size_t);
			if (blob == NULL)
				rc = sqlite3_bind_null(st, i + 1);
			else
				rc = len > INT_MAX ? SQLITE_TOOBIG :
				    sqlite3_bind_blob(st, i + 1, blob,
				    (int)len, SQLITE_STATIC);
			break;
		default:
			rc = SQLITE_MISUSE;
		}
	}
	va_end(ap);
	if (rc != SQLITE_OK) {
		log_error("bind ?%d: %s: %s", i, sqlite3_errstr(rc), sql);
		db_done(st);
		return NULL;
	}
	return st;
}

enum store_status
db_row(struct arena *a, sqlite3_stmt *st, const struct db_col *cols,
    size_t n, void *obj)
{
	const char *text;
	char *field;
	int64_t v;
	time_t t;
	size_t i;
	bool b;
	int iv;

	/* memcpy: obj's fields are of the types cols name, reached through
	 * their offsets. */
	for (i = 0; i < n; i++) {
		field = (char *)obj + cols[i].off;
		v = sqlite3_column_int64(st, (int)i);
		switch (cols[i].type) {
		case DB_INT64:
			memcpy(field, &v, sizeof(int64_t));
			break;
		case DB_TIME:
			t = (time_t)v;
			memcpy(field, &t, sizeof(t));
			break;
		case DB_INT:
			iv = (int)v;
			memcpy(field, &iv, sizeof(iv));
			break;
		case DB_BOOL:
			b = v != 0;
			memcpy(field, &b, sizeof(b));
			break;
		case DB_TEXT_OR_NULL:
			if (sqlite3_column_type(st, (int)i) == SQLITE_NULL) {
				text = NULL;
				memcpy(field, &text, sizeof(text));
				break;
			}
			/* FALLTHROUGH */
		case DB_TEXT:
			if ((text = db_text(a, st, (int)i)) == NULL)
				return STORE_ERROR;
			memcpy(field, &text, sizeof(text));
			break;
		}
	}
	return STORE_OK;
}

enum store_status
db_get(struct store *s, struct arena *a, sqlite3_stmt *st,
    const struct db_col *cols, size_t n, void *obj, const char *what)
{
	enum store_status ret;
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ret = db_row(a, st, cols, n, obj);
	else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, what);
	db_done(st);
	return ret;
}

/* Steps st for at most max rows, copying each as db_row does into *items,
 * an array of cap elements of size bytes: when it is full below max, a
 * twice larger one is made in arena a (so cap == max never grows). *n is
 * how many rows were copied. Resets st. */
static enum store_status
db_rows(struct store *s, struct arena *a, sqlite3_stmt *st,
    const struct db_col *cols, size_t ncols, char **items, size_t cap,
    size_t size, size_t max, size_t *n, const char *what)
{
	enum store_status ret = STORE_OK;
	char *bigger;
	int rc = SQLITE_DONE;

	*n = 0;
	if (st == NULL)
		return STORE_ERROR;
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			/* 16: the first rows cost little; doubling keeps
			 * the copies to twice the final size. */
			cap = cap ? cap * 2 : 16;
			if (cap > max)
				cap = max;
			if ((bigger = arena_alloc(a, size * cap)) == NULL) {
				ret = STORE_ERROR;
				break;
			}
			if (*n > 0)
				memcpy(bigger, *items, size * *n);
			*items = bigger;
		}
		if ((ret = db_row(a, st, cols, ncols, *items + *n * size)) !=
		    STORE_OK)
			break;
		(*n)++;
	}
	if (ret == STORE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_status(s, rc, what);
	db_done(st);
	return ret;
}

enum store_status
db_list(struct store *s, struct arena *a, sqlite3_stmt *st,
    const struct db_col *cols, size_t ncols, void *items, size_t size,
    size_t max, size_t *n, const char *what)
{
	char *v = items;

	return db_rows(s, a, st, cols, ncols, &v, max, size, max, n, what);
}

enum store_status
db_list_all(struct store *s, struct arena *a, sqlite3_stmt *st,
    const struct db_col *cols, size_t ncols, void **items, size_t size,
    size_t max, size_t *n, const char *what)
{
	enum store_status ret;
	char *v = NULL;

	ret = db_rows(s, a, st, cols, ncols, &v, 0, size, max, n, what);
	*items = v;
	return ret;
}

enum store_status
db_run(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? STORE_OK : db_status(s, rc, what);
}

enum store_status
db_run_changed(struct store *s, sqlite3_stmt *st, const char *what)
{
	enum store_status ret = db_run(s, st, what);

	return ret == STORE_OK && sqlite3_changes(s->db) == 0 ?
	    STORE_NOTFOUND : ret;
}

/* The first n (1 or 2) columns of st's first row into v. */
static enum store_status
db_ints(struct store *s, sqlite3_stmt *st, int64_t *v, int n,
    const char *what)
{
	enum store_status ret;
	int rc, i;

	if (st == NULL)
		return STORE_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			v[i] = sqlite3_column_int64(st, i);
		ret = STORE_OK;
	} else
		ret = rc == SQLITE_DONE ? STORE_NOTFOUND :
		    db_status(s, rc, what);
	db_done(st);
	return ret;
}

enum store_status
db_one_int(struct store *s, sqlite3_stmt *st, int64_t *v, const char *what)
{
	return db_ints(s, st, v, 1, what);
}

enum store_status
db_two_ints(struct store *s, sqlite3_stmt *st, int64_t v[2], const char *what)
{
	return db_ints(s, st, v, 2, what);
}

enum store_status
db_tx_end(struct store *s, enum store_status ret)
{
	if (ret == STORE_OK)
		ret = store_tx_commit(s);
	if (ret != STORE_OK)
		store_tx_rollback(s);
	return ret;
}

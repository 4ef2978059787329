/* db.c: opening the database, pragmas, prepared statements, transactions,
 * schema versions and checks. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/perm.h"
#include "store/db_internal.h"
#include "store/search.h"
#include "store/sql_files.h"

/* Set once at start-up, before any thread opens a connection. */
static long max_pages;

void
store_set_max_pages(long pages)
{
	max_pages = pages;
}

static const struct sql_file *
sql_file(const char *name)
{
	const struct sql_file *f;

	for (f = sql_files; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* Migrations are named NNN.sql; file NNN brings the schema to version NNN.
 * Version 1 is schema.sql. */
static int
migration_number(const char *name)
{
	if (strlen(name) != 7 || strcmp(name + 3, ".sql") != 0 ||
	    name[0] < '0' || name[0] > '9' || name[1] < '0' || name[1] > '9' ||
	    name[2] < '0' || name[2] > '9')
		return 0;
	return (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
}

int
store_schema_version(void)
{
	const struct sql_file *f;
	int v = 1, n;

	for (f = sql_files; f->name != NULL; f++)
		if ((n = migration_number(f->name)) > v)
			v = n;
	return v;
}

enum store_status
db_status(struct store *s, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return STORE_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_error("%s: database busy", what);
		return STORE_BUSY;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		log_error("%s: database not writable: %s", what,
		    s ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		return STORE_READONLY;
	case SQLITE_FULL:
		log_error("%s: database full", what);
		return STORE_FULL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		log_error("%s: database corrupt", what);
		return STORE_CORRUPT;
	default:
		log_error("%s: %s", what,
		    s ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		return STORE_ERROR;
	}
}

const char *
store_strerror(enum store_status st)
{
	switch (st) {
	case STORE_OK:
		return "no error";
	case STORE_NOTFOUND:
		return "not found";
	case STORE_BUSY:
		return "the database is busy; try again in a moment";
	case STORE_READONLY:
		return "the database cannot be written (check the file's and "
		    "its folder's permissions)";
	case STORE_FULL:
		return "the database or its disk is full";
	case STORE_CORRUPT:
		return "the database file is damaged; restore a backup";
	case STORE_STALE_INDEX:
		return "the search index differs from the content (an edit "
		    "made outside waypoint?); run `waypoint db migrate`, which "
		    "rebuilds it";
	case STORE_OLD_SCHEMA:
		return "the database schema is out of date; run "
		    "`waypoint db migrate`";
	case STORE_NEW_SCHEMA:
		return "this waypoint is older than the database, which a "
		    "newer version has upgraded; install that newer waypoint "
		    "and run it instead";
	default:
		return "database error";
	}
}

sqlite3_stmt *
db_stmt(struct store *s, const char *sql)
{
	size_t i, n;
	int rc;

	i = ((uintptr_t)sql >> 4) % STMT_SLOTS;
	for (n = 0; n < STMT_SLOTS; n++, i = (i + 1) % STMT_SLOTS) {
		if (s->stmt[i].sql == sql)
			return s->stmt[i].st;
		if (s->stmt[i].sql == NULL)
			break;
	}
	if (n == STMT_SLOTS) {
		log_error("prepare: more than %d statements", STMT_SLOTS);
		return NULL;
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->stmt[i].st, NULL);
	if (rc != SQLITE_OK) {
		log_error("prepare: %s: %s", sqlite3_errmsg(s->db), sql);
		sqlite3_finalize(s->stmt[i].st);
		s->stmt[i].st = NULL;
		return NULL;
	}
	s->stmt[i].sql = sql;
	return s->stmt[i].st;
}

/* What this thread's statements have done since store_work_reset(): each
 * worker thread serves one request at a time, so the access log can give
 * a request's own work. */
static _Thread_local struct store_work work;

void
store_work_reset(void)
{
	memset(&work, 0, sizeof(work));
}

void
store_work_read(struct store_work *w)
{
	*w = work;
}

void
db_work_add(sqlite3_stmt *st)
{
	int misses, highest;

	if (st == NULL)
		return;
	/* 1: each read zeroes the counter, so a statement kept for the
	 * connection's life adds only what it did since. */
	work.vm_steps += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
	work.fullscan_steps += sqlite3_stmt_status(st,
	    SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
	work.sort += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_SORT, 1);
	work.statements++;
	/* The connection's count, zeroed as read: each thread has its own
	 * connection, so what it read since goes to this request. */
	if (sqlite3_db_status(sqlite3_db_handle(st), SQLITE_DBSTATUS_CACHE_MISS,
	    &misses, &highest, 1) == SQLITE_OK)
		work.page_reads += misses;
}

void
db_done(sqlite3_stmt *st)
{
	db_work_add(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

const char *
db_text(struct arena *a, sqlite3_stmt *st, int col)
{
	const unsigned char *p = sqlite3_column_text(st, col);
	int len = sqlite3_column_bytes(st, col);

	if (p == NULL)
		return "";
	return arena_strndup(a, (const char *)p, (size_t)len);
}

static int
exec(struct store *s, const char *sql)
{
	char *err = NULL;
	int rc;

	rc = sqlite3_exec(s->db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_error("%s", err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
	}
	return rc;
}

/* The database file made for db init, before SQLite opens it: SQLite
 * would make it with the umask's mode, and gives its -wal and -shm the
 * file's own. 0 or -1 (logged). */
static int
create_file(const char *path)
{
	int fd;

	if ((fd = perm_create(path, O_RDWR, PERM_DATA)) == -1) {
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* The database and its -wal and -shm (which SQLite makes with the
 * database's mode but the process's group) under perm.c's rules, so that a
 * file restored or copied with a looser mode is tightened at the next
 * start. A file that cannot be changed is logged, and served all the same:
 * refusing would stop the site over what only its administrator can fix. */
static void
tighten(const char *path)
{
	char side[PATH_MAX];

	perm_tighten(path, PERM_DATA);
	if (snprintf(side, sizeof(side), "%s-wal", path) < (int)sizeof(side))
		perm_tighten(side, PERM_DATA);
	if (snprintf(side, sizeof(side), "%s-shm", path) < (int)sizeof(side))
		perm_tighten(side, PERM_DATA);
}

/* A write cut short (a crash, a kill) leaves a hot journal behind, which a
 * read-only connection cannot roll back (SQLITE_READONLY_ROLLBACK on its
 * first read). A read-write one rolls it back as it first reads, as the
 * server or any command would; after that STORE_INSPECT reads what was
 * last committed, the file otherwise left as it is. */
static void
roll_back_cut_write(struct store *s, const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_exec(s->db, "PRAGMA user_version", NULL, NULL, NULL) ==
	    SQLITE_OK || sqlite3_extended_errcode(s->db) !=
	    SQLITE_READONLY_ROLLBACK)
		return;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_NOMUTEX |
	    SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
		(void)sqlite3_exec(db, "PRAGMA user_version", NULL, NULL, NULL);
	sqlite3_close(db);
}

struct store *
store_open(const char *path, enum store_mode mode, enum store_status *status)
{
	struct store *s;
	char pragma[64];
	bool created = false;
	int flags, rc, version;

	*status = STORE_ERROR;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->mode = mode;
	if (mode == STORE_CREATE) {
		if (create_file(path) == -1)
			goto fail;
		created = true;
	}
	/* One connection per thread, so SQLite's own mutexes are not needed. */
	flags = SQLITE_OPEN_NOMUTEX | (mode == STORE_INSPECT ?
	    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		log_error("%s: %s", path, s->db ? sqlite3_errmsg(s->db) :
		    sqlite3_errstr(rc));
		*status = rc == SQLITE_CANTOPEN ? STORE_NOTFOUND : STORE_ERROR;
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	/* search_index cannot be read or written without its tokenizer. */
	if ((rc = search_register(s->db, &s->search_bulk)) != SQLITE_OK) {
		*status = db_status(s, rc, "search tokenizer");
		goto fail;
	}
	if ((rc = store_state_register(s->db)) != SQLITE_OK) {
		*status = db_status(s, rc, "local_instant");
		goto fail;
	}
	/* WAL lets readers run beside the one writer; FULL makes an
	 * acknowledged save survive a power cut (PITFALLS.md). */
	rc = exec(s, mode == STORE_INSPECT ? "PRAGMA trusted_schema=OFF;" :
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	    "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;");
	if (rc != SQLITE_OK) {
		*status = db_status(s, rc, path);
		goto fail;
	}
	if (mode != STORE_INSPECT)
		tighten(path);
	else
		roll_back_cut_write(s, path);
	if (mode != STORE_CREATE) {
		if ((*status = store_file_version(s, &version)) != STORE_OK)
			goto fail;
		/* A newer schema is never touched: this binary does not
		 * know what its tables mean. */
		if (version > store_schema_version()) {
			*status = STORE_NEW_SCHEMA;
			goto fail;
		}
		if (version != store_schema_version()) {
			*status = STORE_OLD_SCHEMA;
			if (mode == STORE_READ)
				goto fail;
		}
	}
	/* A reader's cache at 512 KiB, not SQLite's 2 MiB: every write
	 * empties it anyway (WAL), so it serves one answer's queries, whose
	 * pages fit; at 2 MiB a server's readers held 3 MiB more under
	 * `make load SCALE=100000`, over its 32 MiB. Pages are read, not
	 * mapped (mmap_size stays 0): with the file mapped, an answer after a
	 * write took 1.5 to 3 times as long at 100,000 releases (faults
	 * where the reads were), and the map would count in the 32 MiB. */
	if (mode == STORE_READ && exec(s, "PRAGMA query_only=ON; "
	    "PRAGMA cache_size=-512") != SQLITE_OK) {
		*status = STORE_ERROR;
		goto fail;
	}
	/* A writer's too: each of a server's threads has one, and each
	 * commit of the other empties it, so more pages than a save touches
	 * would not stay; at 2 MiB they held 1 MiB more under `make load
	 * SCALE=100000`. import sets its own. */
	if (mode == STORE_WRITE && exec(s, "PRAGMA cache_size=-512")
	    != SQLITE_OK) {
		*status = STORE_ERROR;
		goto fail;
	}
	if (mode == STORE_WRITE && max_pages > 0) {
		snprintf(pragma, sizeof(pragma), "PRAGMA max_page_count=%ld",
		    max_pages);
		if (exec(s, pragma) != SQLITE_OK) {
			*status = STORE_ERROR;
			goto fail;
		}
	}
	if (*status != STORE_OLD_SCHEMA)
		*status = STORE_OK;
	return s;
fail:
	store_close(s);
	/* db init may be run again: it refuses a file that exists. */
	if (created)
		unlink(path);
	return NULL;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < STMT_SLOTS; i++) {
		db_work_add(s->stmt[i].st);
		sqlite3_finalize(s->stmt[i].st);
	}
	sqlite3_close(s->db);
	free(s);
}

enum store_status
store_tx_begin(struct store *s)
{
	enum store_status st;

	/* SQLite ends a transaction by itself on some errors (a full disk,
	 * I/O): nothing is open then, whatever the count says. */
	if (sqlite3_get_autocommit(s->db))
		s->tx_depth = 0;
	st = db_status(s, exec(s, s->tx_depth == 0 ? "BEGIN IMMEDIATE" :
	    "SAVEPOINT nested"), "begin");
	if (st == STORE_OK)
		s->tx_depth++;
	return st;
}

enum store_status
store_tx_commit(struct store *s)
{
	enum store_status st;

	st = db_status(s, exec(s, s->tx_depth > 1 ? "RELEASE nested" :
	    "COMMIT"), "commit");
	if (st == STORE_OK)
		s->tx_depth = s->tx_depth > 1 ? s->tx_depth - 1 : 0;
	return st;
}

void
store_tx_rollback(struct store *s)
{
	if (sqlite3_get_autocommit(s->db))
		s->tx_depth = 0;
	else if (s->tx_depth > 1) {
		/* ROLLBACK TO keeps the savepoint open: release it too. */
		exec(s, "ROLLBACK TO nested");
		exec(s, "RELEASE nested");
		s->tx_depth--;
	} else {
		exec(s, "ROLLBACK");
		s->tx_depth = 0;
	}
}

enum store_status
store_read_begin(struct store *s)
{
	enum store_status st;

	/* SQLite may have ended the outer one by itself (an I/O error):
	 * then this one begins anew. */
	if (s->read_depth > 0 && !sqlite3_get_autocommit(s->db)) {
		s->read_depth++;
		return STORE_OK;
	}
	st = db_run(s, db_query(s, "BEGIN", ""), "read begin");
	s->read_depth = st == STORE_OK ? 1 : 0;
	return st;
}

void
store_read_end(struct store *s)
{
	if (s->read_depth > 1) {
		s->read_depth--;
		return;
	}
	s->read_depth = 0;
	/* SQLite may have ended it already (an I/O error). */
	if (!sqlite3_get_autocommit(s->db))
		db_run(s, db_query(s, "COMMIT", ""), "read end");
}

enum store_status
store_file_version(struct store *s, int *version)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_status(s, rc, "user_version");
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? STORE_OK : db_status(s, rc, "user_version");
}

/* Whether PRAGMA foreign_key_check finds nothing. */
static bool
foreign_keys_hold(struct store *s)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK)
		return false;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/* A migration that rebuilds tables keeps the text of the indexes,
 * triggers and views that go with them in temp.migration_kept, in the
 * order they were made (020.sql): they are made again here once the
 * tables are back, from the database's own text rather than a copy in the
 * file. SQLITE_OK when the migration kept none. */
static int
remake_kept(struct store *s)
{
	sqlite3_stmt *st;
	char *sql = NULL;
	size_t len = 0;
	FILE *fp;
	int rc, kept;

	rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM"
	    " temp.sqlite_schema WHERE name = 'migration_kept'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	kept = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	if ((rc = sqlite3_finalize(st)) != SQLITE_OK || !kept)
		return rc;
	if ((fp = open_memstream(&sql, &len)) == NULL)
		return SQLITE_NOMEM;
	rc = sqlite3_prepare_v2(s->db, "SELECT sql FROM temp.migration_kept"
	    " ORDER BY rowid", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(fp, "%s;\n", (const char *)sqlite3_column_text(st, 0));
		rc = SQLITE_OK;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (fclose(fp) != 0 && rc == SQLITE_OK)
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK)
		rc = exec(s, sql);
	free(sql);
	return rc != SQLITE_OK ? rc : exec(s, "DROP TABLE temp.migration_kept");
}

static enum store_status
apply(struct store *s, const struct sql_file *f, int version)
{
	char pragma[64];
	enum store_status st;
	int rc;

	/* Foreign keys off, as SQLite asks of a migration that rebuilds a
	 * table (dropping the old one would otherwise cascade into the rows
	 * that refer to it); checked before the commit instead. The pragma
	 * is a no-op inside a transaction, so it comes first. */
	if (exec(s, "PRAGMA foreign_keys=OFF") != SQLITE_OK)
		return STORE_ERROR;
	if ((st = store_tx_begin(s)) != STORE_OK)
		goto out;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", version);
	if ((rc = exec(s, f->text)) != SQLITE_OK ||
	    (rc = remake_kept(s)) != SQLITE_OK ||
	    (rc = exec(s, pragma)) != SQLITE_OK) {
		/* Before the rollback, which would put "not an error" in
		 * SQLite's message. */
		st = db_status(s, rc, f->name);
		store_tx_rollback(s);
		log_error("%s: not applied", f->name);
		goto out;
	}
	if (!foreign_keys_hold(s)) {
		store_tx_rollback(s);
		log_error("%s: not applied: it breaks a foreign key", f->name);
		st = STORE_ERROR;
		goto out;
	}
	st = store_tx_commit(s);
out:
	if (exec(s, "PRAGMA foreign_keys=ON") != SQLITE_OK)
		st = STORE_ERROR;
	return st;
}

enum store_status
store_migrate(struct store *s)
{
	const struct sql_file *f;
	enum store_status st;
	char name[16];
	int v, target = store_schema_version();

	if ((st = store_file_version(s, &v)) != STORE_OK)
		return st;
	if (v > target) {
		log_error("the database has schema version %d; this waypoint "
		    "knows only up to %d", v, target);
		return STORE_NEW_SCHEMA;
	}
	if (v == 0) {
		if ((f = sql_file("schema.sql")) == NULL)
			return STORE_ERROR;
		if ((st = apply(s, f, 1)) != STORE_OK)
			return st;
		v = 1;
	}
	while (v < target) {
		v++;
		snprintf(name, sizeof(name), "%03d.sql", v);
		if ((f = sql_file(name)) == NULL) {
			log_error("migration %s is missing", name);
			return STORE_ERROR;
		}
		if ((st = apply(s, f, v)) != STORE_OK)
			return st;
		log_info("applied migration %s", name);
	}
	/* The index is filled in C, from the rows as they now are: after
	 * 007.sql made it, or when the tokenizer changed. */
	return search_build(s);
}

/* A demo row of table t in a language the site does not serve (?1: its
 * codes, each between spaces), other than English: the demo is written
 * in English, and a site without it keeps those versions to stand in
 * for its languages' missing ones. */
#define SEED_GONE(t)	"(SELECT id FROM " t " WHERE lang <> 'en' AND" \
			" instr(?1, ' ' || lang || ' ') = 0)"
#define SEED_GONE_ITEM(col) "(kind = 'news' AND " col " IN " \
			SEED_GONE("news") " OR kind = 'page' AND " col " IN " \
			SEED_GONE("pages") " OR kind NOT IN ('news', 'page')" \
			" AND " col " IN " SEED_GONE("entries") ")"
#define SEED_GONE_LANG	"lang <> 'en' AND instr(?1, ' ' || lang || ' ') = 0"

/* The demo's rows a site of other languages would never show: what names
 * an item first (no id may outlive its row), then the items, then the
 * texts kept by language. */
static const char *const seed_prune_sql[] = {
	"DELETE FROM revisions WHERE " SEED_GONE_ITEM("item_id"),
	"DELETE FROM media_uses WHERE " SEED_GONE_ITEM("item_id"),
	"DELETE FROM redirects WHERE " SEED_GONE_ITEM("target_id")
	    " OR " SEED_GONE_LANG,
	"DELETE FROM news WHERE " SEED_GONE_LANG,
	"DELETE FROM pages WHERE " SEED_GONE_LANG,
	"DELETE FROM entries WHERE " SEED_GONE_LANG,
	"DELETE FROM settings WHERE " SEED_GONE_LANG,
	"DELETE FROM menu_texts WHERE " SEED_GONE_LANG,
	"DELETE FROM media_text WHERE " SEED_GONE_LANG,
};

enum store_status
store_load_seed(struct store *s, const char *const *langs, size_t nlangs)
{
	const struct sql_file *f = sql_file("seed.sql");
	enum store_status st;
	size_t i, len = 2;
	char *list;
	int rc;

	if (f == NULL)
		return STORE_ERROR;
	for (i = 0; i < nlangs; i++)
		len += strlen(langs[i]) + 1;
	if ((list = malloc(len)) == NULL)
		return STORE_ERROR;
	strcpy(list, " ");
	for (i = 0; i < nlangs; i++)
		strcat(strcat(list, langs[i]), " ");
	if ((st = store_tx_begin(s)) != STORE_OK) {
		free(list);
		return st;
	}
	if ((rc = exec(s, f->text)) != SQLITE_OK) {
		/* As apply(): the message before the rollback replaces it. */
		st = db_status(s, rc, "seed.sql");
		store_tx_rollback(s);
		free(list);
		return st;
	}
	for (i = 0; st == STORE_OK && i < sizeof(seed_prune_sql) /
	    sizeof(seed_prune_sql[0]); i++)
		st = db_run(s, db_query(s, seed_prune_sql[i], "t", list),
		    "seed languages");
	free(list);
	return db_tx_end(s, st == STORE_OK ? search_rebuild(s) : st);
}

static int
print_problem(void *arg, int ncol, char **val, char **col)
{
	int *problems = arg;
	int i;

	if (ncol == 1 && val[0] != NULL && strcmp(val[0], "ok") == 0)
		return 0;
	(*problems)++;
	for (i = 0; i < ncol; i++)
		fprintf(stderr, "%s%s=%s", i ? " " : "", col[i],
		    val[i] ? val[i] : "NULL");
	fputc('\n', stderr);
	return 0;
}

enum store_status
store_check(struct store *s)
{
	enum store_status st;
	char *err = NULL;
	int problems = 0, rc, version;

	rc = sqlite3_exec(s->db, "PRAGMA integrity_check; "
	    "PRAGMA foreign_key_check;", print_problem, &problems, &err);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "check: %s\n", err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		return db_status(s, rc, "check");
	}
	/* 7: the schema that has the search index (007.sql). */
	if ((st = store_file_version(s, &version)) != STORE_OK)
		return st;
	if (problems)
		return STORE_CORRUPT;
	if (version >= 7 && (st = search_check(s, &problems)) != STORE_OK)
		return st;
	return problems ? STORE_STALE_INDEX : STORE_OK;
}

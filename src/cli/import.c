/* import.c: `waypoint import FILE`: reads an export's lines one by one
 * into one transaction, stopping at the first bad one; the helpers the
 * line handlers share. */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/import.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "store/port.h"
#include "store/store.h"
#include "view/markdown.h"

int
import_fail(struct import *im, const char *field, const char *what, ...)
{
	va_list ap;

	import_progress_break();
	if (im->within != NULL && strcmp(field, im->within) != 0)
		fprintf(stderr, "%s:%lld: %s.%s: ", im->name,
		    (long long)im->line, im->within, field);
	else
		fprintf(stderr, "%s:%lld: %s: ", im->name,
		    (long long)im->line, field);
	va_start(ap, what);
	vfprintf(stderr, what, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

int
import_store_fail(struct import *im, const char *field, int status)
{
	return import_fail(im, field, "%s",
	    store_strerror((enum store_status)status));
}

int
import_keys(struct import *im, const json_t *o, const char *const *keys)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)o, key, v) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], key) == 0)
				break;
		if (keys[i] == NULL)
			return import_fail(im, key, "is not a key of this "
			    "type of line");
	}
	return 0;
}

/* 9999-12-31T23:59:59Z: the last time Waypoint's dates can show (a
 * pub_date's year is at most 9999 too). */
#define IMPORT_TIME_MAX		INT64_C(253402300799)
/* A version the editors' form reads (18 digits) after as many saves as
 * anyone makes. */
#define IMPORT_VERSION_MAX	INT64_C(999999999999999)

/* The largest value of key: a time's (..._at) or a version's; else
 * none. */
static int64_t
key_max(const char *key)
{
	size_t len = strlen(key);

	if (strcmp(key, "version") == 0)
		return IMPORT_VERSION_MAX;
	if (len > 3 && strcmp(key + len - 3, "_at") == 0)
		return IMPORT_TIME_MAX;
	return INT64_MAX;
}

int
import_str(struct import *im, const json_t *o, const char *key,
    bool required, const char **v)
{
	const json_t *j = json_object_get(o, key);

	*v = NULL;
	if (j == NULL || json_is_null(j)) {
		if (required)
			return import_fail(im, key, "is required");
		return 0;
	}
	if (!json_is_string(j))
		return import_fail(im, key, "must be a string");
	/* A NUL inside would cut the text short without a word. */
	if (strlen(json_string_value(j)) != json_string_length(j))
		return import_fail(im, key, "holds a NUL character");
	*v = json_string_value(j);
	return 0;
}

int
import_int(struct import *im, const json_t *o, const char *key, int64_t def,
    int64_t min, int64_t *v)
{
	const json_t *j = json_object_get(o, key);

	*v = def;
	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_integer(j))
		return import_fail(im, key, "must be an integer");
	*v = json_integer_value(j);
	if (*v < min)
		return import_fail(im, key, "must be at least %lld",
		    (long long)min);
	if (*v > key_max(key))
		return import_fail(im, key, "must be at most %lld%s",
		    (long long)key_max(key), strcmp(key, "version") == 0 ? "" :
		    " (9999-12-31T23:59:59Z)");
	return 0;
}

int
import_form(struct import *im, const json_t *o, const struct field *table,
    size_t n, struct form *f)
{
	const char *v;
	size_t i;

	if (form_init(f, im->a, table, n) == -1)
		return import_fail(im, "type", "out of memory");
	for (i = 0; i < n; i++) {
		if (import_str(im, o, table[i].name, false, &v) == -1)
			return -1;
		form_set(f, table[i].name, v, false);
	}
	for (i = 0; i < n; i++)
		if (f->state[i].error != NULL)
			return import_fail(im, table[i].name, "%s",
			    f->state[i].error);
	return 0;
}

struct field
import_row(const struct field *t, size_t n, const char *key,
    const char *from, unsigned extra)
{
	const struct field *f = form_table_row(t, n, from);
	struct field r = { key, extra, 0, NULL };

	if (f != NULL) {
		r.flags |= f->flags;
		r.max = f->max;
		r.check = f->check;
	}
	return r;
}

struct field
import_lang_row(const char *key)
{
	const struct field *t;
	size_t n;

	t = admin_content_fields(&admin_kind_news, &n);
	return import_row(t, n, key, "lang", FIELD_REQUIRED);
}

int
import_lang(struct import *im, const char *field, const char *lang)
{
	size_t i;

	for (i = 0; i < im->cfg->nlangs; i++)
		if (strcmp(im->cfg->langs[i], lang) == 0)
			return 0;
	return import_fail(im, field, "\"%s\" is not one of the site's "
	    "languages ([site] languages = %s)", lang, im->cfg->languages);
}

int
import_id(struct import *im, const json_t *o, int space, int64_t *id)
{
	enum store_status st;
	int64_t row;

	if (import_int(im, o, "id", 0, 1, id) == -1)
		return -1;
	if (*id == 0)
		return 0;
	if (*id > STORE_ID_MAX)
		return import_fail(im, "id", "must be at most %lld",
		    (long long)STORE_ID_MAX);
	/* The maps hold this file's ids only (store_import_begin). */
	st = store_import_mapped(im->s, (enum port_space)space, *id, &row);
	if (st == STORE_OK)
		return import_fail(im, "id", "%lld is an earlier line's id too",
		    (long long)*id);
	return st == STORE_NOTFOUND ? 0 : import_store_fail(im, "id", st);
}

int
import_lookup(struct import *im, const char *key, int space, int64_t old,
    int64_t *id)
{
	enum store_status st;
	bool exists = false;

	*id = 0;
	st = store_import_mapped(im->s, (enum port_space)space, old, id);
	if (st == STORE_NOTFOUND && (st = store_import_exists(im->s,
	    (enum port_space)space, old, &exists)) == STORE_OK && exists)
		*id = old;
	return st == STORE_OK ? 0 : import_store_fail(im, key, st);
}

int
import_ref(struct import *im, const json_t *o, const char *key, int space,
    int64_t *id)
{
	int64_t old;

	*id = 0;
	if (import_int(im, o, key, 0, 1, &old) == -1)
		return -1;
	if (old == 0)
		return 0;
	if (import_lookup(im, key, space, old, id) == -1)
		return -1;
	if (*id == 0)
		return import_fail(im, key, "%lld is no earlier line's id, "
		    "nor in the database", (long long)old);
	return 0;
}

/* Line 1: {"waypoint":"export","version":1,"schema":N,"revisions":B},
 * as strict as every other line. */
static int
header(struct import *im, const json_t *o)
{
	static const char *const keys[] = {
		"waypoint", "version", "schema", "revisions", NULL
	};
	const json_t *revisions = json_object_get(o, "revisions");
	const char *what = NULL;
	int64_t version, schema;

	if (import_str(im, o, "waypoint", false, &what) == -1 ||
	    what == NULL || strcmp(what, "export") != 0)
		return import_fail(im, "waypoint", "line 1 must be the header "
		    "of a Waypoint export, {\"waypoint\":\"export\",...}");
	if (import_keys(im, o, keys) == -1 ||
	    import_int(im, o, "version", 0, 0, &version) == -1 ||
	    import_int(im, o, "schema", 0, 0, &schema) == -1)
		return -1;
	if (version != 1)
		return import_fail(im, "version", "%lld: this waypoint reads "
		    "version 1", (long long)version);
	if (revisions != NULL && !json_is_boolean(revisions))
		return import_fail(im, "revisions", "must be true or false");
	im->file_revisions = json_is_true(revisions);
	return 0;
}

/* The handler of each type, as the file names it. */
static int
dispatch(struct import *im, const json_t *o, const char *type)
{
	enum content_kind k;

	if (store_content_kind_parse(type, &k) == 0)
		return import_content(im, o, k);
	if (strcmp(type, "setting") == 0)
		return import_setting(im, o);
	if (strcmp(type, "media") == 0)
		return import_media(im, o);
	if (strcmp(type, "menu") == 0)
		return import_menu(im, o);
	if (strcmp(type, "redirect") == 0)
		return import_redirect(im, o);
	if (strcmp(type, "revision") == 0)
		return import_revision(im, o);
	return import_fail(im, "type", "\"%s\" is no type of line (setting, "
	    "media, page, news, project, event, publication, menu, "
	    "redirect, revision)", type);
}

/* One parsed line handed on. */
static int
one_line(struct import *im, const json_t *o)
{
	const char *type;

	if (!json_is_object(o))
		return import_fail(im, "json", "a line must be an object");
	if (im->line == 1)
		return header(im, o);
	if (json_object_iter((json_t *)o) == NULL || strcmp(
	    json_object_iter_key(json_object_iter((json_t *)o)), "type") != 0)
		return import_fail(im, "type", "must be the line's first key");
	if (import_str(im, o, "type", true, &type) == -1)
		return -1;
	return dispatch(im, o, type);
}

/* The line l of the reader thread handed on, or its failure printed. */
static int
take_line(struct import *im, const struct import_line *l)
{
	int ret;

	switch (l->state) {
	case IMPORT_LINE_BAD_JSON:
		return import_fail(im, "json", "%s (column %d)", l->err.text,
		    l->err.column);
	case IMPORT_LINE_CUT:
		return import_fail(im, "json", "the last line has no "
		    "\"\\n\" (a file cut short?)");
	case IMPORT_LINE_TOO_LONG:
		return import_fail(im, "json", "the line is longer than %d "
		    "MiB: no line of an export is", IMPORT_LINE_MAX >> 20);
	case IMPORT_LINE_OBJECT:
		im->md_ahead = l->md;
		im->html_ahead = l->html;
		ret = one_line(im, l->o);
		im->md_ahead = im->html_ahead = NULL;
		return ret;
	default:
		return -1;
	}
}

/* How many lines f holds when it is a regular file and the progress
 * line is shown (on a terminal); 0 otherwise, or when unknown. The
 * position is put back. */
static int64_t
count_lines(FILE *f)
{
	char buf[65536];
	struct stat st;
	int64_t n = 0;
	size_t got, i;
	long at;

	if (!isatty(STDERR_FILENO) || fstat(fileno(f), &st) == -1 ||
	    !S_ISREG(st.st_mode) || (at = ftell(f)) == -1)
		return 0;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		for (i = 0; i < got; i++)
			n += buf[i] == '\n';
	clearerr(f);
	if (fseek(f, at, SEEK_SET) == -1)
		return 0;
	return n;
}

/* Sets the sources named before their lines (store_import_sources); a
 * number no line had is refused at the line that named it. */
static int
later_sources(struct import *im)
{
	struct import_source_fault f;
	enum store_status st;
	int64_t at = im->line;

	st = store_import_sources(im->s, &f);
	if (st == STORE_OK && f.line == 0)
		return 0;
	/* A failure before any row names no line: the file's last. */
	if (f.line > 0)
		im->line = f.line;
	if (st == STORE_NOTFOUND)
		import_fail(im, "source", "%lld is the id of no \"%s\" line "
		    "in the file, nor of one in the database", (long long)f.old,
		    store_content_kind_name(f.kind));
	else if (st == STORE_OK && f.why == SOURCE_OTHER_GROUP)
		import_fail(im, "source", IMPORT_SOURCE_GROUP,
		    (long long)f.old);
	else if (st == STORE_OK)
		import_fail(im, "source", "%lld: a version cannot be the "
		    "source of its own source", (long long)f.old);
	else
		import_store_fail(im, "source", st);
	im->line = at;
	return -1;
}

/* Reads every line of f into the open import, the reader thread parsing
 * and rendering ahead while this one writes. 0, or -1 (printed). */
static int
read_lines(struct import *im, FILE *f)
{
	struct import_ahead *ah;
	struct import_line l;
	struct timespec start;
	enum store_status st;
	int64_t total = count_lines(f);
	int ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((ah = import_ahead_start(f)) == NULL)
		return import_fail(im, "json", "out of memory");
	while (ret == 0) {
		import_ahead_next(ah, &l);
		if (l.state == IMPORT_LINE_END)
			break;
		/* The write lock once there is a line to write: an import
		 * waiting for its input locks no editor out. */
		if (!im->begun && (st = store_import_begin(im->s)) !=
		    STORE_OK) {
			fprintf(stderr, "%s: %s\n", im->cfg->database,
			    store_strerror(st));
			import_line_free(&l);
			ret = -1;
			break;
		}
		im->begun = true;
		im->line++;
		if (l.state == IMPORT_LINE_READ_ERROR) {
			ret = import_fail(im, "json", "%s",
			    strerror(l.errnum));
			break;
		}
		ret = take_line(im, &l);
		import_line_free(&l);
		arena_reset(im->a);
		/* Items: the lines after the header; after a bad line, its
		 * message is the last word. */
		if (ret == 0)
			import_progress(im->line - 1, total - 1, &start,
			    false);
	}
	import_ahead_stop(ah);
	if (ret == 0 && im->line == 0) {
		im->line = 1;
		ret = import_fail(im, "waypoint", "the file is empty: line 1 "
		    "must be the header of a Waypoint export");
		im->line = 0;
	}
	if (ret == 0)
		ret = later_sources(im);
	/* The whole count once all is in; after a bad line, its message
	 * is the last word. */
	if (ret == 0 && im->line > 0)
		import_progress(im->line - 1, total - 1, &start, true);
	return ret;
}

int
cli_import(const struct config *cfg, int argc, char **argv)
{
	struct import im = { 0 };
	struct stat st_file;
	enum store_status st;
	bool broken;
	FILE *f;
	int ret;

	if (argc == 0)
		return cli_refuse("import", NULL);
	if (argc > 1 || (argv[0][0] == '-' && argv[0][1] != '\0'))
		return cli_refuse("import", argv[argc > 1 ? 1 : 0]);
	if (cli_render_check() == -1)
		return 1;
	im.cfg = cfg;
	im.name = argv[0];
	im.who.username = "import";
	im.who.now = time(NULL);
	if (strcmp(argv[0], "-") == 0)
		f = stdin;
	else if ((f = fopen(argv[0], "r")) == NULL ||
	    (fstat(fileno(f), &st_file) == 0 && S_ISDIR(st_file.st_mode))) {
		fprintf(stderr, "%s: %s\n", argv[0], f == NULL ?
		    strerror(errno) : "a folder; give the export's file");
		if (f != NULL)
			fclose(f);
		return 1;
	}
	store_memory_unmetered();
	if ((im.s = store_open(cfg->database, STORE_WRITE, &st)) == NULL) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		if (f != stdin)
			fclose(f);
		return 1;
	}
	if ((im.a = arena_new()) == NULL) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(
		    STORE_ERROR));
		ret = 1;
	} else {
		ret = read_lines(&im, f) == 0 ? 0 : 1;
		if (im.begun && ((st = store_import_end(im.s, ret == 0,
		    &broken)) != STORE_OK || broken)) {
			fprintf(stderr, "%s: %s\n", cfg->database, broken ?
			    "a reference of the file names no row (PRAGMA "
			    "foreign_key_check)" : store_strerror(st));
			ret = 1;
		}
	}
	if (ret == 0)
		printf("imported %lld lines from %s\n",
		    (long long)(im.line - 1), im.name);
	else
		fprintf(stderr, "waypoint import: nothing was imported\n");
	markdown_stop();
	arena_free(im.a);
	store_close(im.s);
	if (f != stdin)
		fclose(f);
	return ret;
}

/* export.c: `waypoint export FILE [--revisions]`: the site's content as
 * JSON Lines (docs/import-export.md). */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "config.h"
#include "store/port.h"
#include "store/store.h"

/* Writes one line: the object in its keys' order, compact, UTF-8 as it
 * is, then "\n". */
static int
write_line(void *ctx, const json_t *line)
{
	FILE *f = ctx;

	if (json_dumpf(line, f, JSON_COMPACT | JSON_PRESERVE_ORDER) == -1 ||
	    putc('\n', f) == EOF)
		return -1;
	return 0;
}

/*
 * Where the export goes: *f open on it, and *tmp the file to rename to
 * *path once whole, or NULL. A regular file (or none yet) is written
 * beside its place and renamed there: a failed export leaves no half file
 * that looks like one. Through a symbolic link, beside the file it names
 * (the link stays). Anything else (a pipe, >(gzip), /dev/stdout, a
 * device) is written as it is: renaming over it would replace it. 0, or
 * -1 (said).
 */
static int
open_out(const char **path, char *part, size_t size, char **real,
    const char **tmp, FILE **f)
{
	struct stat st;

	*tmp = NULL;
	if (strcmp(*path, "-") == 0) {
		*f = stdout;
		return 0;
	}
	if (stat(*path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((*f = fopen(*path, "w")) != NULL)
			return 0;
	} else if (lstat(*path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (*real = realpath(*path, NULL)) == NULL) {
		/* A link to nothing yet: the file is made where it points. */
		if ((*f = fopen(*path, "w")) != NULL)
			return 0;
	} else {
		if (*real != NULL)
			*path = *real;
		errno = ENAMETOOLONG;
		if (snprintf(part, size, "%s.part", *path) < (int)size &&
		    (*f = fopen(*tmp = part, "w")) != NULL)
			return 0;
		*tmp = NULL;
	}
	fprintf(stderr, "%s: %s\n", *path, strerror(errno));
	return -1;
}

int
cli_export(const struct config *cfg, int argc, char **argv)
{
	const char *path = NULL, *tmp = NULL;
	char *real = NULL;
	enum store_status st;
	struct store *s;
	json_t *head;
	bool revisions = false;
	char part[4096];
	FILE *f;
	int i, ret = 1;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--revisions") == 0)
			revisions = true;
		else if (path == NULL && (argv[i][0] != '-' ||
		    strcmp(argv[i], "-") == 0))
			path = argv[i];
		else
			return cli_refuse("export", argv[i]);
	}
	if (path == NULL)
		return cli_refuse("export", NULL);
	if ((s = store_open(cfg->database, STORE_READ, &st)) == NULL) {
		fprintf(stderr, "%s: %s\n", cfg->database, store_strerror(st));
		return 1;
	}
	if (open_out(&path, part, sizeof(part), &real, &tmp, &f) == -1) {
		free(real);
		store_close(s);
		return 1;
	}
	head = json_pack("{s:s, s:i, s:i, s:b}", "waypoint", "export",
	    "version", 1, "schema", store_schema_version(), "revisions",
	    revisions);
	if (head == NULL || write_line(f, head) == -1)
		st = STORE_ERROR;
	else
		st = store_export(s, revisions, write_line, f);
	json_decref(head);
	if (fflush(f) == EOF || ferror(f))
		st = STORE_ERROR;
	if (tmp != NULL && fsync(fileno(f)) == -1)
		st = STORE_ERROR;
	if (f != stdout && fclose(f) == EOF)
		st = STORE_ERROR;
	if (st != STORE_OK)
		fprintf(stderr, "waypoint export: %s: %s\n", path,
		    errno != 0 ? strerror(errno) : store_strerror(st));
	else if (tmp != NULL && rename(tmp, path) == -1)
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
	else
		ret = 0;
	if (ret != 0 && tmp != NULL)
		unlink(tmp);
	free(real);
	store_close(s);
	return ret;
}

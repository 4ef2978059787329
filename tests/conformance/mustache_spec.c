/* mustache_spec.c: runs the official Mustache spec tests (JSON) against
 * view/mustache.c: `mustache_spec DIR` reads every .json file of DIR. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/buf.h"
#include "view/mustache.h"

/* A name no spec partial uses, for the template under test. */
#define SPEC_TEMPLATE	"mustache-spec-template"

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints s as a JSON string, so that blanks and newlines show. */
static void
show(const char *label, const char *s, size_t len)
{
	json_t *j = json_stringn(s, len);
	char *txt = j != NULL ? json_dumps(j, JSON_ENCODE_ANY) : NULL;

	printf("  %-9s %s\n", label, txt != NULL ? txt : "(out of memory)");
	free(txt);
	json_decref(j);
}

/* Runs one test; returns 0 when it passed. */
static int
run_test(const char *file, json_t *test)
{
	const char *name, *tmpl, *want, *pname;
	json_t *partials, *pval, *data;
	struct mustache_set *set;
	struct buf out = BUF_INIT;
	char err[512];
	int rc = -1;

	name = json_string_value(json_object_get(test, "name"));
	tmpl = json_string_value(json_object_get(test, "template"));
	want = json_string_value(json_object_get(test, "expected"));
	data = json_object_get(test, "data");
	partials = json_object_get(test, "partials");
	if (name == NULL)
		name = "(no name)";
	if (tmpl == NULL || want == NULL) {
		printf("FAIL %s: %s: malformed test\n", file, name);
		return -1;
	}
	if ((set = mustache_set_new()) == NULL) {
		printf("FAIL %s: %s: out of memory\n", file, name);
		return -1;
	}
	err[0] = '\0';
	json_object_foreach(partials, pname, pval) {
		if (!json_is_string(pval) ||
		    strcmp(pname, SPEC_TEMPLATE) == 0 ||
		    mustache_set_add(set, pname, json_string_value(pval),
		    json_string_length(pval), err, sizeof(err)) == -1)
			goto fail;
	}
	if (mustache_set_add(set, SPEC_TEMPLATE, tmpl,
	    json_string_length(json_object_get(test, "template")), err,
	    sizeof(err)) == -1)
		goto fail;
	if (mustache_render(set, SPEC_TEMPLATE, data, &out) == -1) {
		snprintf(err, sizeof(err), "render failed");
		goto fail;
	}
	if (out.len == strlen(want) &&
	    (out.len == 0 || memcmp(out.data, want, out.len) == 0))
		rc = 0;
fail:
	if (rc != 0) {
		printf("FAIL %s: %s\n", file, name);
		if (err[0] != '\0')
			printf("  error     %s\n", err);
		show("expected", want, strlen(want));
		show("got", out.data != NULL ? out.data : "", out.len);
	}
	buf_free(&out);
	mustache_set_free(set);
	return rc;
}

int
main(int argc, char *argv[])
{
	char **files = NULL, **more, path[4096];
	size_t nfiles = 0, cap = 0, i, k;
	unsigned long passed = 0, failed = 0;
	json_error_t jerr;
	struct dirent *de;
	json_t *root, *tests;
	size_t len;
	DIR *d;

	if (argc != 2) {
		fprintf(stderr, "usage: mustache_spec DIR\n");
		return 2;
	}
	if ((d = opendir(argv[1])) == NULL) {
		perror(argv[1]);
		return 2;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (nfiles == cap) {
			cap = cap ? cap * 2 : 16;
			if ((more = realloc(files, cap * sizeof(*files))) ==
			    NULL) {
				perror("realloc");
				return 2;
			}
			files = more;
		}
		if ((files[nfiles++] = strdup(de->d_name)) == NULL) {
			perror("strdup");
			return 2;
		}
	}
	closedir(d);
	if (nfiles > 0)
		qsort(files, nfiles, sizeof(*files), cmp_names);
	for (i = 0; i < nfiles; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[1], files[i]);
		if ((root = json_load_file(path, 0, &jerr)) == NULL) {
			printf("FAIL %s: line %d: %s\n", files[i], jerr.line,
			    jerr.text);
			failed++;
			continue;
		}
		tests = json_object_get(root, "tests");
		if (!json_is_array(tests)) {
			printf("FAIL %s: no \"tests\" array\n", files[i]);
			failed++;
		}
		for (k = 0; k < json_array_size(tests); k++) {
			if (run_test(files[i], json_array_get(tests, k)) == 0)
				passed++;
			else
				failed++;
		}
		json_decref(root);
	}
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	printf("%lu passed, %lu failed\n", passed, failed);
	return failed == 0 && passed > 0 ? 0 : 1;
}

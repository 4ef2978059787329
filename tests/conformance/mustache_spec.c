/* mustache_spec.c: runs the official Mustache spec tests (JSON) against
 * view/mustache*.c: `mustache_spec DIR` reads the modules listed below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/buf.h"
#include "view/mustache.h"

/* A name no spec partial uses, for the template under test. */
#define SPEC_TEMPLATE	"mustache-spec-template"

/*
 * The spec's modules and how many tests each holds (163 in all, the copy
 * vendored in tests/conformance/spec/): a file missing, unreadable or
 * holding fewer tests is a failure, so the run cannot pass by running
 * less of the spec than it claims.
 */
static const struct {
	const char	*file;
	size_t		 tests;
} modules[] = {
	{ "comments.json", 12 },
	{ "delimiters.json", 14 },
	{ "interpolation.json", 42 },
	{ "inverted.json", 22 },
	{ "partials.json", 12 },
	{ "sections.json", 34 },
	{ "inheritance.json", 27 },
};

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

/* Runs every test of one spec file; adds to *passed and *failed. Returns
 * how many tests it ran, or -1 (one failure, said in a FAIL line) when the
 * file is missing, unreadable or holds no "tests" array. */
static long
run_file(const char *dir, const char *file, unsigned long *passed,
    unsigned long *failed)
{
	char path[4096];
	json_error_t jerr;
	json_t *root, *tests;
	size_t k, n;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path)) {
		printf("FAIL %s: path too long\n", file);
		(*failed)++;
		return -1;
	}
	if ((root = json_load_file(path, 0, &jerr)) == NULL) {
		if (jerr.line > 0)
			printf("FAIL %s: line %d: %s\n", file, jerr.line,
			    jerr.text);
		else
			printf("FAIL %s: %s\n", file, jerr.text);
		(*failed)++;
		return -1;
	}
	tests = json_object_get(root, "tests");
	if (!json_is_array(tests)) {
		printf("FAIL %s: no \"tests\" array\n", file);
		(*failed)++;
		json_decref(root);
		return -1;
	}
	n = json_array_size(tests);
	for (k = 0; k < n; k++) {
		if (run_test(file, json_array_get(tests, k)) == 0)
			(*passed)++;
		else
			(*failed)++;
	}
	json_decref(root);
	return (long)n;
}

int
main(int argc, char *argv[])
{
	unsigned long passed = 0, failed = 0;
	size_t i, total = 0, want = 0;
	long n;

	if (argc != 2) {
		fprintf(stderr, "usage: mustache_spec DIR\n");
		return 2;
	}
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		want += modules[i].tests;
		n = run_file(argv[1], modules[i].file, &passed, &failed);
		if (n < 0)
			continue;
		if ((size_t)n < modules[i].tests) {
			printf("FAIL %s: %ld tests ran, want %zu\n",
			    modules[i].file, n, modules[i].tests);
			failed++;
		}
		total += (size_t)n;
	}
	if (total < want) {
		printf("FAIL spec: %zu of %zu tests ran\n", total, want);
		failed++;
	}
	printf("%lu passed, %lu failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}

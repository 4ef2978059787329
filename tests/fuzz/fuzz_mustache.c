/* fuzz_mustache.c: libFuzzer target for the Mustache engine
 * (src/view/mustache*.c). The input is TEMPLATE NUL JSON [NUL PARTIAL]:
 * the template is compiled as "t", the partial (when present) as "p", and
 * "t" and "p" are rendered over the JSON data into a buffer of at most
 * 1 MiB. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/buf.h"
#include "view/mustache.h"

/* The output limit: a partial that includes itself under a list may
 * otherwise grow the page without end. */
#define FUZZ_OUT_MAX	(1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *tpl = (const char *)data, *json = "", *partial = NULL;
	const char *nul, *end = tpl + size;
	size_t tlen = size, jlen = 0, plen = 0;
	struct mustache_set *set;
	struct buf out = BUF_INIT;
	json_error_t jerr;
	json_t *j = NULL;
	char err[256];

	if ((nul = memchr(tpl, '\0', size)) != NULL) {
		tlen = (size_t)(nul - tpl);
		json = nul + 1;
		jlen = (size_t)(end - json);
		if ((nul = memchr(json, '\0', jlen)) != NULL) {
			jlen = (size_t)(nul - json);
			partial = nul + 1;
			plen = (size_t)(end - partial);
		}
	}
	if ((set = mustache_set_new()) == NULL)
		abort();
	if (mustache_set_add(set, "t", tpl, tlen, err, sizeof(err)) == -1 &&
	    strncmp(err, "t:", 2) != 0)
		abort();
	if (partial != NULL)
		(void)mustache_set_add(set, "p", partial, plen, err,
		    sizeof(err));
	if (jlen > 0)
		j = json_loadb(json, jlen, JSON_DECODE_ANY, &jerr);
	out.max = FUZZ_OUT_MAX;
	if (mustache_set_has(set, "t"))
		(void)mustache_render(set, "t", j, &out);
	if (out.len > FUZZ_OUT_MAX)
		abort();
	buf_free(&out);
	out.max = FUZZ_OUT_MAX;
	if (mustache_set_has(set, "p"))
		(void)mustache_render(set, "p", j, &out);
	buf_free(&out);
	/* A missing template is an error, not a crash. */
	out.max = FUZZ_OUT_MAX;
	if (mustache_render(set, "missing", j, &out) != -1)
		abort();
	buf_free(&out);
	json_decref(j);
	mustache_set_free(set);
	return 0;
}

/* fuzz_multipart.c: libFuzzer target for multipart/form-data bodies.
 * Waypoint parses only urlencoded forms, by design: a multipart body must
 * give no field at all (request_form returns NULL), whatever it holds. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "fuzz_input.h"
#include "lib/arena.h"
#include "request.h"

static const char *const names[] = { "title", "body", "csrf_token",
    "file", "status", "", "a" };

static const struct field fields[] = {
	{ "title",	FIELD_REQUIRED,	200,	NULL },
	{ "body",	FIELD_MULTILINE, 0,	NULL },
};

/* Content types a client may send for a multipart body, including ones
 * that start like the urlencoded type without being it. */
static const char *const types[] = {
	"multipart/form-data; boundary=----wpfuzz",
	"multipart/form-data; boundary=\"a=b&c\"",
	"MULTIPART/FORM-DATA;boundary=x",
	"application/x-www-form-urlencodedx",
	"application/x-www-form-urlencoded-multipart; boundary=x",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request rq;
	struct form f;
	struct arena *a;
	char *s;
	size_t i, t;
	bool bad;

	a = fuzz_arena();
	s = fuzz_string(data, size);

	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		request_init(&rq, a);
		rq.method = METHOD_POST;
		rq.body = s;
		rq.body_len = size;
		if (request_add_header(&rq, "content-type", types[t]) != 0)
			abort();
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			bad = true;
			if (request_form(&rq, names[i], &bad) != NULL || bad)
				abort();
		}
		/* The form reader sees every field absent. */
		if (form_init(&f, a, fields, 2) != 0)
			abort();
		form_read(&f, &rq);
		if (form_value(&f, "title") != NULL ||
		    form_error(&f, "title") == NULL ||
		    strcmp(form_field(&f, "body")->raw, "") != 0)
			abort();
	}
	free(s);
	arena_free(a);
	return 0;
}

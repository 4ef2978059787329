/* fuzz_form.c: libFuzzer target for urlencoded bodies: request_form
 * (src/request.c) and form_init/form_read with the validators
 * (src/form.c). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "lib/utf8.h"
#include "fuzz_input.h"
#include "lib/arena.h"
#include "request.h"

/* The shape of the news release form of the admin. */
static const struct field fields[] = {
	{ "title",	FIELD_REQUIRED,	200,	NULL },
	{ "slug",	0,		0,	form_check_slug },
	{ "dateline",	0,		100,	NULL },
	{ "date",	FIELD_REQUIRED,	0,	form_check_date },
	{ "time",	0,		0,	form_check_time },
	{ "summary",	FIELD_MULTILINE, 500,	NULL },
	{ "body",	FIELD_MULTILINE | FIELD_BYTES, 4096, NULL },
	{ "status",	FIELD_REQUIRED,	0,	form_check_status },
	{ "version",	0,		0,	form_check_version },
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

static const char *const extra[] = { "csrf_token", "a b", "", "x" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_state(const struct form *f)
{
	const struct field_state *st;
	size_t i;
	time_t t;

	for (i = 0; i < NFIELDS; i++) {
		if ((st = form_field(f, fields[i].name)) == NULL)
			abort();
		/* A value and an error never come together, and what is
		 * shown again is always printable UTF-8. */
		if ((st->value == NULL) == (st->error == NULL))
			abort();
		if (st->raw == NULL || st->shown == NULL ||
		    !utf8_valid(st->shown, strlen(st->shown)))
			abort();
		if (st->value != NULL &&
		    !utf8_valid(st->value, strlen(st->value)))
			abort();
	}
	if (form_value(f, "date") != NULL && form_value(f, "time") != NULL)
		(void)form_local_time(form_value(f, "date"),
		    form_value(f, "time"), &t);
	(void)form_ok(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request rq;
	struct form f;
	struct arena *a;
	const char *v;
	char *s;
	size_t i;
	bool bad;

	a = fuzz_arena();
	s = fuzz_string(data, size);

	request_init(&rq, a);
	rq.method = METHOD_POST;
	rq.body = s;
	rq.body_len = size;
	if (request_add_header(&rq, "content-type",
	    "application/x-www-form-urlencoded; charset=UTF-8") != 0)
		abort();
	for (i = 0; i < NFIELDS; i++)
		if ((v = request_form(&rq, fields[i].name, &bad)) != NULL &&
		    (bad || strlen(v) > size))
			abort();
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		(void)request_form(&rq, extra[i], NULL);

	if (form_init(&f, a, fields, NFIELDS) != 0)
		abort();
	form_read(&f, &rq);
	check_state(&f);
	/* The same text straight into a field, as a cross-field check would
	 * give it; and printable() over the raw bytes. */
	form_set(&f, "summary", s, false);
	form_set(&f, "title", s, true);
	form_fail(&f, "slug", "taken");
	check_state(&f);
	if (form_printable(a, s) == NULL)
		abort();
	free(s);
	arena_free(a);
	return 0;
}

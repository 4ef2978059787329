/* fuzz_cookie.c: libFuzzer target for the Cookie header parser
 * (request_cookie in src/request.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "lib/arena.h"
#include "request.h"

/* The session and pre-session cookies, and names that border on them. */
static const char *const names[] = { "wp_session", "wp_pre", "sid", "a",
    "", " ", "a b", "=" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request rq;
	struct arena *a;
	const char *v;
	char *s, *half;
	size_t i;

	a = fuzz_arena();
	s = fuzz_string(data, size);

	request_init(&rq, a);
	if (request_add_header(&rq, "Cookie", s) != 0)
		abort();
	/* A second Cookie header: the parser looks at each. */
	half = s + strlen(s) / 2;
	if (request_add_header(&rq, "cookie", half) != 0)
		abort();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = request_cookie(&rq, names[i]);
		if (v != NULL && strlen(v) > strlen(s))
			abort();
		if (names[i][0] == '\0' && v != NULL)
			abort();
	}
	free(s);
	arena_free(a);
	return 0;
}

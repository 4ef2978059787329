/* fuzz_url.c: libFuzzer target for request targets, query parameters and
 * url_decode (src/request.c). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "lib/arena.h"
#include "request.h"

/* Names a real query might carry, and the odd ones a decoder trips on. */
static const char *const names[] = { "q", "page", "lang", "a b", "",
    "x+y", "\xc3\xa9" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request rq;
	struct arena *a;
	const char *v;
	char *s, *d;
	size_t i;
	int st;

	a = fuzz_arena();
	s = fuzz_string(data, size);

	request_init(&rq, a);
	st = request_set_target(&rq, s);
	if (st != 0 && st != 400 && st != 414)
		abort();
	if (st == 0) {
		/* The contract: a path that starts with '/', no control
		 * bytes, and the query is the part after the first '?'. */
		if (rq.path[0] != '/')
			abort();
		for (i = 0; rq.path[i] != '\0'; i++)
			if ((unsigned char)rq.path[i] < 0x20 ||
			    rq.path[i] == 0x7f)
				abort();
		if (strchr(rq.target, '?') != NULL &&
		    rq.query != strchr(rq.target, '?') + 1)
			abort();
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if ((v = request_query(&rq, names[i])) != NULL)
				(void)strlen(v);
	}
	/* The raw bytes, NULs included, through both decodings. */
	if ((d = url_decode(a, (const char *)data, size, false)) != NULL &&
	    strlen(d) > size)
		abort();
	if ((d = url_decode(a, (const char *)data, size, true)) != NULL &&
	    strlen(d) > size)
		abort();
	free(s);
	arena_free(a);
	return 0;
}

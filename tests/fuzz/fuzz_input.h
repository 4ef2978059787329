/* fuzz_input.h: the input as the request parsers receive it, for the
 * targets that feed them (fuzz_url, fuzz_cookie, fuzz_form): a
 * NUL-terminated heap copy, since a transport never
 * passes more, and a fresh request arena. Header-only: each target is one
 * program. */
#ifndef WAYPOINT_FUZZ_INPUT_H
#define WAYPOINT_FUZZ_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"

/* data[0..size] as a string the caller frees; aborts when out of memory,
 * which a fuzzer must not take for a finding elsewhere. */
static char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A new arena; aborts when out of memory. */
static struct arena *
fuzz_arena(void)
{
	struct arena *a;

	if ((a = arena_new()) == NULL)
		abort();
	return a;
}

#endif

/* utf8.h: the one UTF-8 decoder: validating, counting, trimming. */
#ifndef WAYPOINT_UTF8_H
#define WAYPOINT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s[0..len] into *cp. Returns its length in
 * bytes (1 to 4), or 0 when len is 0 or s does not start with a valid
 * sequence: overlong forms, surrogates, values past U+10FFFF and
 * sequences cut short are refused. *cp is left alone then. */
size_t	utf8_next(const char *s, size_t len, uint32_t *cp);

/* Whether s[0..len] is valid UTF-8 throughout (NUL bytes included). */
bool	utf8_valid(const char *s, size_t len);

/* The number of code points of s[0..len], or SIZE_MAX when it is not
 * valid UTF-8. */
size_t	utf8_chars(const char *s, size_t len);

/* Whether cp is white space as Unicode defines it (White_Space): ASCII
 * tab to carriage return and space, NEL, no-break space, the spaces of
 * U+2000 to U+200A, line and paragraph separators, and the narrow,
 * mathematical and ideographic spaces. */
bool	utf8_is_space(uint32_t cp);

/* Whether cp is a C0 or C1 control character or DEL. */
bool	utf8_is_control(uint32_t cp);

/* s[0..*len] without the white space (utf8_is_space) at either end:
 * returns a pointer into s and sets *len to the length kept. A byte that
 * is not valid UTF-8 counts as text, never as space. */
const char *utf8_trim(const char *s, size_t *len);

#endif

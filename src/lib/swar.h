/* swar.h: tests of eight bytes at once in a 64-bit word, for the scans
 * every request makes of its target and of its answer's header values
 * (a byte at a time, they were a tenth of a cached page's own work). */
#ifndef WAYPOINT_SWAR_H
#define WAYPOINT_SWAR_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define SWAR_ONES	UINT64_C(0x0101010101010101)
#define SWAR_HIGHS	UINT64_C(0x8080808080808080)

/* The eight bytes at p, in any alignment. */
static inline uint64_t
swar_load(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* Whether a byte of w is below n (n at most 128; a byte of 128 or more
 * is never below it). */
static inline bool
swar_has_less(uint64_t w, unsigned char n)
{
	return ((w - SWAR_ONES * n) & ~w & SWAR_HIGHS) != 0;
}

/* Whether a byte of w is c. */
static inline bool
swar_has(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (SWAR_ONES * c);

	return ((x - SWAR_ONES) & ~x & SWAR_HIGHS) != 0;
}

/* Whether a byte of w is an ASCII control character (below 0x20, or
 * DEL). */
static inline bool
swar_has_control(uint64_t w)
{
	return swar_has_less(w, 0x20) || swar_has(w, 0x7f);
}

/* Whether a byte of w is 128 or more. */
static inline bool
swar_has_high(uint64_t w)
{
	return (w & SWAR_HIGHS) != 0;
}

#endif

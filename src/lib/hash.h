/* hash.h: a fast non-cryptographic hash, for ETags and table slots. */
#ifndef WAYPOINT_HASH_H
#define WAYPOINT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a of p[0..len]. */
uint64_t	hash64(const void *p, size_t len);

#endif

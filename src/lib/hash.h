/* hash.h: a fast non-cryptographic hash, for ETags and table slots. */
#ifndef WAYPOINT_HASH_H
#define WAYPOINT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* A 64-bit hash of p[0..len], eight bytes a step (hash.c). */
uint64_t	hash64(const void *p, size_t len);

#endif

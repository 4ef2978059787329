/* arena.h: per-request bump allocator, freed in one step. */
#ifndef WAYPOINT_ARENA_H
#define WAYPOINT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new, empty arena, or NULL when out of memory. Free with arena_free(). */
struct arena	*arena_new(void);

/* The same, taking memory in blocks of block bytes (larger allocations get
 * a block of their own) rather than arena_new's 16 KiB: for what lives as
 * long as the server and is small, such as a compiled template, whose
 * unused tail would stay allocated for good. */
struct arena	*arena_new_sized(size_t block);

/* Runs every deferred cleanup, then frees the arena and all it gave out. */
void		 arena_free(struct arena *);

/* Runs every deferred cleanup and forgets all allocations, keeping the first
 * block for reuse. */
void		 arena_reset(struct arena *);

/* size bytes, aligned for any type, zeroed; NULL when out of memory.
 * Lives until the arena is reset or freed. */
void		*arena_alloc(struct arena *, size_t size);

/* Copies of strings, NUL-terminated, in the arena; NULL when out of memory
 * (or when s is NULL). */
char		*arena_strdup(struct arena *, const char *s);
char		*arena_strndup(struct arena *, const char *s, size_t len);

/* printf into the arena; NULL when out of memory. */
char		*arena_printf(struct arena *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *fmt, va_list);

/* Calls fn(arg) when the arena is next reset or freed, latest first.
 * Returns 0, or -1 when out of memory (fn is then called at once). */
int		 arena_defer(struct arena *, void (*fn)(void *), void *arg);

#endif

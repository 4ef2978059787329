/* arena.c: per-request bump allocator with deferred cleanups. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Let AddressSanitizer see overruns inside a block: the unused tail of
 * each block stays poisoned until handed out. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
/* A poisoned gap after each allocation catches off-by-one writes. */
#define REDZONE		16
#else
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#define REDZONE		0
#endif

/* 16 KiB: a typical page request fits in the first block. */
#define BLOCK_SIZE	(16 * 1024)
#define ALIGN		16

struct block {
	struct block	*next;
	size_t		 size;	/* usable bytes in data */
	size_t		 used;
	_Alignas(ALIGN) unsigned char data[];
};

struct defer {
	struct defer	*next;
	void		(*fn)(void *);
	void		*arg;
};

struct arena {
	struct block	*head;	/* current block; the first block is last */
	struct defer	*defers;
	size_t		 block;	/* the size of a new block */
};

static struct block *
block_new(size_t size)
{
	struct block *b;

	if (size > SIZE_MAX - sizeof(*b))
		return NULL;
	if ((b = malloc(sizeof(*b) + size)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	POISON(b->data, size);
	return b;
}

struct arena *
arena_new_sized(size_t block)
{
	struct arena *a;

	if ((a = malloc(sizeof(*a))) == NULL)
		return NULL;
	a->defers = NULL;
	a->block = block > ALIGN ? block : ALIGN;
	if ((a->head = block_new(a->block)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

struct arena *
arena_new(void)
{
	return arena_new_sized(BLOCK_SIZE);
}

static void
run_defers(struct arena *a)
{
	struct defer *d;

	/* Each defer record lives in the arena itself, so read next first. */
	while ((d = a->defers) != NULL) {
		a->defers = d->next;
		d->fn(d->arg);
	}
}

void
arena_reset(struct arena *a)
{
	struct block *b, *next;

	run_defers(a);
	for (b = a->head; b->next != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = b;
	b->used = 0;
	POISON(b->data, b->size);
}

void
arena_free(struct arena *a)
{
	struct block *b, *next;

	if (a == NULL)
		return;
	run_defers(a);
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct block *b = a->head;
	size_t need, off;
	void *p;

	if (size > SIZE_MAX / 2)
		return NULL;
	need = (size + REDZONE + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need == 0)
		need = ALIGN;
	off = b->used;
	if (need > b->size - off) {
		/* Large requests get a block of their own. */
		b = block_new(need > a->block ? need : a->block);
		if (b == NULL)
			return NULL;
		b->next = a->head;
		a->head = b;
		off = 0;
	}
	p = b->data + off;
	b->used = off + need;
	UNPOISON(p, size);
	memset(p, 0, size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (s == NULL || (p = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	char *p;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

int
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct defer *d;

	if ((d = arena_alloc(a, sizeof(*d))) == NULL) {
		fn(arg);
		return -1;
	}
	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
	return 0;
}

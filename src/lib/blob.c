/* blob.c: immutable, reference-counted byte strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"

struct blob *
blob_new(const void *p, size_t len)
{
	struct blob *b;

	if (len > SIZE_MAX - sizeof(*b) - 1)
		return NULL;
	if ((b = malloc(sizeof(*b) + len + 1)) == NULL)
		return NULL;
	b->refs = 1;
	b->len = len;
	if (len > 0)
		memcpy(b->data, p, len);
	b->data[len] = '\0';
	return b;
}

struct blob *
blob_ref(struct blob *b)
{
	if (b != NULL)
		__atomic_add_fetch(&b->refs, 1, __ATOMIC_RELAXED);
	return b;
}

void
blob_unref(struct blob *b)
{
	if (b != NULL && __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(b);
}

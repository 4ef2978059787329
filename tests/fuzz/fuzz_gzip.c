/* fuzz_gzip.c: libFuzzer target for src/lib/gzip.c: Accept-Encoding as a
 * client sends it, and the gzip copy, which must inflate to its input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "lib/blob.h"
#include "lib/gzip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether s names gzip or "*" at all: gzip_accepted may say yes only
 * then. */
static int
names_gzip(const char *s)
{
	return strcasestr(s, "gzip") != NULL || strchr(s, '*') != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct blob *gz;
	unsigned char *back;
	uLongf len = size;
	z_stream z;
	char *s;

	/* As a transport passes a header: up to the first NUL. */
	if ((s = strndup((const char *)data, size)) == NULL)
		abort();
	if (gzip_accepted(s) && !names_gzip(s))
		abort();
	free(s);

	if ((gz = gzip_blob(data, size, GZIP_ON_MISS)) == NULL)
		abort();
	if ((back = malloc(size + 1)) == NULL)
		abort();
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		abort();
	z.next_in = (Bytef *)gz->data;
	z.avail_in = (uInt)gz->len;
	z.next_out = back;
	z.avail_out = (uInt)size + 1;
	if (inflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out != len ||
	    memcmp(back, data, size) != 0)
		abort();
	inflateEnd(&z);
	free(back);
	blob_unref(gz);
	return 0;
}

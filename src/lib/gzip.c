/* gzip.c: zlib's deflate with a gzip wrapper, and Accept-Encoding's
 * q-values. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "lib/blob.h"
#include "lib/gzip.h"

/* 15 + 16: the largest window, with a gzip header and trailer. */
#define GZIP_WINDOW	(15 + 16)
/* Deflate states kept between bodies, one for each of the 2 cores: a new
 * one is 256 KiB of fresh pages the kernel zeroes, 60 of the 100 us a
 * 12 kB page's compression took; a kept one is reset in 2. */
#define GZIP_KEPT	2

static struct {
	pthread_mutex_t	 lock;
	z_stream	*z[GZIP_KEPT];
	size_t		 n;
} kept = { PTHREAD_MUTEX_INITIALIZER, { NULL }, 0 };

static void
stream_free(z_stream *z)
{
	deflateEnd(z);
	free(z);
}

/* A deflate state at level, kept or new; NULL when out of memory. */
static z_stream *
stream_take(int level)
{
	z_stream *z = NULL;

	pthread_mutex_lock(&kept.lock);
	if (kept.n > 0)
		z = kept.z[--kept.n];
	pthread_mutex_unlock(&kept.lock);
	if (z != NULL) {
		if (deflateReset(z) == Z_OK &&
		    deflateParams(z, level, Z_DEFAULT_STRATEGY) == Z_OK)
			return z;
		stream_free(z);
	}
	if ((z = calloc(1, sizeof(*z))) == NULL)
		return NULL;
	if (deflateInit2(z, level, Z_DEFLATED, GZIP_WINDOW, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	return z;
}

static void
stream_give(z_stream *z)
{
	pthread_mutex_lock(&kept.lock);
	if (kept.n < GZIP_KEPT) {
		kept.z[kept.n++] = z;
		z = NULL;
	}
	pthread_mutex_unlock(&kept.lock);
	if (z != NULL)
		stream_free(z);
}

struct blob *
gzip_blob(const void *p, size_t len, int level)
{
	z_stream *z;
	struct blob *b = NULL;
	unsigned char *out;
	size_t size;

	if (len > UINT32_MAX || (z = stream_take(level)) == NULL)
		return NULL;
	size = deflateBound(z, (uLong)len);
	if ((out = malloc(size)) != NULL) {
		z->next_in = (Bytef *)(uintptr_t)p;
		z->avail_in = (uInt)len;
		z->next_out = out;
		z->avail_out = (uInt)size;
		/* deflateBound leaves room for all of it in one call. */
		if (deflate(z, Z_FINISH) == Z_STREAM_END)
			b = blob_new(out, z->total_out);
		free(out);
	}
	stream_give(z);
	return b;
}

bool
gzip_worth(const char *type)
{
	static const char *const types[] = {
		"application/javascript", "application/json",
		"application/xml", "application/atom+xml",
		"application/rss+xml", "image/svg+xml",
	};
	size_t i;

	if (type == NULL)
		return false;
	if (strncasecmp(type, "text/", 5) == 0)
		return true;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strncasecmp(type, types[i], strlen(types[i])) == 0 &&
		    (type[strlen(types[i])] == '\0' ||
		    type[strlen(types[i])] == ';'))
			return true;
	return false;
}

/* The q-value of one list member's parameters ("; q=0.5"), in thousandths:
 * 1000 when there is none, -1 when malformed. */
static int
qvalue(const char *p, const char *end)
{
	int q = 0, digits = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
		p++;
	if (p == end)
		return 1000;
	if (end - p < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return -1;
	p += 2;
	if (*p != '0' && *p != '1')
		return -1;
	q = (*p++ - '0') * 1000;
	if (p < end && *p == '.')
		for (p++; p < end && digits < 3 && *p >= '0' && *p <= '9';
		    p++, digits++)
			q += (*p - '0') * (digits == 0 ? 100 : digits == 1 ?
			    10 : 1);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p == end && q <= 1000 ? q : -1;
}

bool
gzip_accepted(const char *ae)
{
	const char *p = ae, *end, *name_end;
	int gzip = -1, star = -1, identity = -1, q;
	size_t len;

	if (ae == NULL)
		return false;
	while (*p != '\0') {
		p += strspn(p, " \t,");
		end = p + strcspn(p, ",");
		name_end = p + strcspn(p, " \t;,");
		len = (size_t)(name_end - p);
		/* A malformed member counts as refused, not as 1. */
		if (len > 0 && (q = qvalue(name_end, end)) >= 0) {
			if ((len == 4 && strncasecmp(p, "gzip", 4) == 0) ||
			    (len == 6 && strncasecmp(p, "x-gzip", 6) == 0))
				gzip = q > gzip ? q : gzip;
			else if (len == 1 && *p == '*')
				star = q;
			else if (len == 8 && strncasecmp(p, "identity", 8) == 0)
				identity = q;
		}
		p = end;
	}
	if (gzip == -1)
		gzip = star;
	return gzip > 0 && gzip >= identity;
}

void
gzip_etags(uint64_t hash, char etag[GZIP_ETAG_SIZE],
    char etag_gz[GZIP_ETAG_GZ_SIZE])
{
	snprintf(etag, GZIP_ETAG_SIZE, "\"%016llx\"", (unsigned long long)hash);
	snprintf(etag_gz, GZIP_ETAG_GZ_SIZE, "\"%016llx-gz\"",
	    (unsigned long long)hash);
}

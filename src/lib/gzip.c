/* gzip.c: libdeflate's whole-buffer gzip, and Accept-Encoding's
 * q-values. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libdeflate.h>

#include "lib/blob.h"
#include "lib/gzip.h"

/* Compressors at GZIP_ON_MISS kept between bodies, one for each of the 2
 * cores: a new one is 200 KiB of fresh pages the kernel zeroes, more than
 * a 12 kB page's compression takes. */
#define GZIP_KEPT	2

static struct {
	pthread_mutex_t			 lock;
	struct libdeflate_compressor	*c[GZIP_KEPT];
	size_t				 n;
} kept = { PTHREAD_MUTEX_INITIALIZER, { NULL }, 0 };

/* A compressor at level, kept or new; NULL when out of memory. */
static struct libdeflate_compressor *
compressor_take(int level)
{
	struct libdeflate_compressor *c = NULL;

	if (level == GZIP_ON_MISS) {
		pthread_mutex_lock(&kept.lock);
		if (kept.n > 0)
			c = kept.c[--kept.n];
		pthread_mutex_unlock(&kept.lock);
	}
	return c != NULL ? c : libdeflate_alloc_compressor(level);
}

static void
compressor_give(struct libdeflate_compressor *c, int level)
{
	if (level == GZIP_ON_MISS) {
		pthread_mutex_lock(&kept.lock);
		if (kept.n < GZIP_KEPT) {
			kept.c[kept.n++] = c;
			c = NULL;
		}
		pthread_mutex_unlock(&kept.lock);
	}
	libdeflate_free_compressor(c);
}

struct blob *
gzip_blob(const void *p, size_t len, int level)
{
	struct libdeflate_compressor *c;
	struct blob *b = NULL;
	unsigned char *out;
	size_t size, n;

	if (len > UINT32_MAX || (c = compressor_take(level)) == NULL)
		return NULL;
	size = libdeflate_gzip_compress_bound(c, len);
	if ((out = malloc(size)) != NULL) {
		/* The bound leaves room for all of it: 0 is never "too
		 * small" here, only a failure. */
		if ((n = libdeflate_gzip_compress(c, p, len, out, size)) > 0)
			b = blob_new(out, n);
		free(out);
	}
	compressor_give(c, level);
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

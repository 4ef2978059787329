/* fuzz_media_upload.c: libFuzzer target for the upload path before
 * libvips: the input is a multipart/form-data body (src/multipart.c) whose
 * file parts are sniffed as an upload is (src/media/sniff.c), and whose
 * file names are tried as /media/ names (media_name_ok). libvips itself is
 * the media worker's, behind its limits, and not fuzzed here. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/files.h"
#include "media/sniff.h"
#include "multipart.h"

#define TYPE	"multipart/form-data; boundary=----wpmedia"

/* The first bytes of the file part being read. */
struct upload {
	unsigned char	 head[MEDIA_SNIFF_LEN];
	size_t		 len;
	bool		 file;
};

/* What a sniff must give: a known type and no name, or a refusal with a
 * name from the table (a non-empty string) or none. */
static void
sniff_check(const unsigned char *p, size_t len)
{
	enum media_type t = MEDIA_TYPES;
	const char *what = "unset";
	int rc = media_sniff(p, len, &t, &what);

	if (rc == 0 && (what != NULL || (unsigned)t >= MEDIA_TYPES))
		abort();
	if (rc == -1 && what != NULL && *what == '\0')
		abort();
	if (rc != 0 && rc != -1)
		abort();
	/* The allowed types need their signature's bytes. */
	if (rc == 0 && len < 3)
		abort();
}

/* A name media_name_ok() takes is a bare file name of the folder. */
static void
name_check(const char *name)
{
	if (media_name_ok(name) && (strchr(name, '/') != NULL ||
	    strstr(name, "..") != NULL || name[0] == '.' ||
	    strlen(name) >= MEDIA_NAME_MAX))
		abort();
}

static int
on_begin(void *ctx, const struct multipart_part *p)
{
	struct upload *u = ctx;

	u->len = 0;
	u->file = p->filename != NULL;
	if (p->filename != NULL)
		name_check(p->filename);
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct upload *u = ctx;
	size_t n = sizeof(u->head) - u->len;

	if (n > len)
		n = len;
	memcpy(u->head + u->len, p, n);
	u->len += n;
	return 0;
}

static int
on_end(void *ctx)
{
	struct upload *u = ctx;

	if (u->file)
		sniff_check(u->head, u->len);
	return 0;
}

static const struct multipart_callbacks cb = { on_begin, on_data, on_end };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct multipart mp;
	struct upload u;
	char *s;

	memset(&u, 0, sizeof(u));
	if (multipart_init(&mp, TYPE, &cb, &u) != MULTIPART_OK)
		abort();
	multipart_feed(&mp, (const char *)data, size);
	multipart_finish(&mp);

	/* The input itself as a file's first bytes, and as a name. */
	sniff_check(data, size < MEDIA_SNIFF_LEN ? size : MEDIA_SNIFF_LEN);
	if ((s = strndup((const char *)data, size)) == NULL)
		abort();
	name_check(s);
	free(s);
	return 0;
}

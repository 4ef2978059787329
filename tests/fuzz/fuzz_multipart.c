/* fuzz_multipart.c: libFuzzer target for src/multipart.c. The input is one
 * byte choosing the Content-Type, two bytes saying where to cut, then the
 * body. The body is parsed whole and cut in three: both parses must see
 * the same parts, bytes and status, and every callback's contract must
 * hold. The body is also tried as a Content-Type, for its parameters. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

static const char *const types[] = {
	"multipart/form-data; boundary=----wpfuzz",
	"multipart/form-data; boundary=x",
	"Multipart/Form-Data;boundary=\"a b'()+_,-./:=?\"",
	"multipart/form-data; charset=utf-8; boundary=\"--\"",
};

/* What the callbacks saw: a hash of every event and byte, and counts. */
struct trace {
	uint64_t	 hash;
	size_t		 parts, bytes;
	bool		 in_part;
};

static void
mix(struct trace *t, const void *p, size_t len)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		t->hash = (t->hash ^ c[i]) * 0x100000001b3ULL;
}

/* A part's string: within max bytes, no control byte. */
static void
check_string(const char *s, size_t max, bool empty_ok)
{
	size_t len = strlen(s), i;

	if (len > max || (len == 0 && !empty_ok))
		abort();
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			abort();
}

static int
on_begin(void *ctx, const struct multipart_part *p)
{
	struct trace *t = ctx;

	if (t->in_part || ++t->parts > MULTIPART_PARTS_MAX)
		abort();
	t->in_part = true;
	check_string(p->name, MULTIPART_NAME_MAX, false);
	check_string(p->type, MULTIPART_TYPE_MAX, true);
	if (p->filename != NULL)
		check_string(p->filename, MULTIPART_FILENAME_MAX, true);
	mix(t, "B", 1);
	mix(t, p->name, strlen(p->name) + 1);
	mix(t, p->filename != NULL ? p->filename : "\x01", p->filename != NULL ?
	    strlen(p->filename) + 1 : 1);
	mix(t, p->type, strlen(p->type) + 1);
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct trace *t = ctx;

	if (!t->in_part || len == 0)
		abort();
	t->bytes += len;
	mix(t, p, len);
	return 0;
}

static int
on_end(void *ctx)
{
	struct trace *t = ctx;

	if (!t->in_part)
		abort();
	t->in_part = false;
	mix(t, "E", 1);
	return 0;
}

static const struct multipart_callbacks cb = { on_begin, on_data, on_end };

/* Parses body[0..len] cut at a and b into t; returns the status. */
static enum multipart_status
parse(const char *type, const char *body, size_t len, size_t a, size_t b,
    struct trace *t)
{
	struct multipart mp;
	enum multipart_status st;

	memset(t, 0, sizeof(*t));
	if (multipart_init(&mp, type, &cb, t) != MULTIPART_OK)
		abort();
	multipart_feed(&mp, body, a);
	multipart_feed(&mp, body + a, b - a);
	multipart_feed(&mp, body + b, len - b);
	st = multipart_finish(&mp);
	if (t->bytes > len || (st == MULTIPART_OK && t->in_part) ||
	    (unsigned)st >= MULTIPART_STATUS_COUNT)
		abort();
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct multipart mp;
	struct trace whole, cut;
	const char *type, *body;
	size_t len, a, b;
	char *s;

	if (size < 3)
		return 0;
	type = types[data[0] % (sizeof(types) / sizeof(types[0]))];
	body = (const char *)data + 3;
	len = size - 3;
	a = len > 0 ? data[1] * len / 255 : 0;
	b = a + (len - a) * data[2] / 255;
	if (parse(type, body, len, len, len, &whole) !=
	    parse(type, body, len, a, b, &cut) ||
	    whole.hash != cut.hash || whole.parts != cut.parts ||
	    whole.bytes != cut.bytes)
		abort();

	/* The body as a Content-Type (up to a NUL, as a header value ends):
	 * its parameters, quoted or not. */
	if ((s = strndup(body, len)) == NULL)
		abort();
	if (multipart_init(&mp, s, &cb, &whole) == MULTIPART_OK &&
	    (mp.dlen < 5 || mp.dlen > 4 + MULTIPART_BOUNDARY_MAX))
		abort();
	free(s);
	return 0;
}

/* request.c: the transport-neutral request: target, headers, query, body,
 * cookies. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/swar.h"
#include "request.h"

void
request_init(struct request *rq, struct arena *a)
{
	memset(rq, 0, sizeof(*rq));
	rq->arena = a;
	rq->method_name = "";
	rq->target = "";
	rq->path = "/";
	rq->query = "";
	rq->body = "";
	rq->body_fd = -1;
	rq->lang = "";
}

/* The bytes of an HTTP token (RFC 9110): letters, digits and
 * !#$%&'*+-.^_`|~. A table, as every request and response checks a
 * dozen names. */
static const unsigned char tchar[256] = {
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
	['*'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['^'] = 1, ['_'] = 1,
	['`'] = 1, ['|'] = 1, ['~'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

bool
request_tchar(unsigned char c)
{
	return tchar[c];
}

enum method
request_method(const char *name)
{
	static const struct {
		const char	*name;
		enum method	 method;
	} methods[] = {
		{ "GET", METHOD_GET },
		{ "HEAD", METHOD_HEAD },
		{ "POST", METHOD_POST },
		{ "PUT", METHOD_PUT },
		{ "DELETE", METHOD_DELETE },
		{ "PATCH", METHOD_PATCH },
		{ "OPTIONS", METHOD_OPTIONS },
	};
	size_t i;

	if (name == NULL)
		return METHOD_OTHER;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(name, methods[i].name) == 0)
			return methods[i].method;
	return METHOD_OTHER;
}

int
url_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte the escape at s[0..2] ("%XX") stands for; -1 when it is not
 * one or would give a NUL. n is how many bytes remain at s. */
static int
escape_at(const char *s, size_t n)
{
	int hi, lo;

	if (n < 3 || (hi = url_hexval((unsigned char)s[1])) < 0 ||
	    (lo = url_hexval((unsigned char)s[2])) < 0 || (hi | lo) == 0)
		return -1;
	return hi << 4 | lo;
}

/* escape_at() into *out: 0, or -1 when it is no escape. */
static int
decode_escape(const char *s, size_t n, unsigned char *out)
{
	int c = escape_at(s, n);

	if (c == -1)
		return -1;
	*out = (unsigned char)c;
	return 0;
}

char *
url_decode(struct arena *a, const char *src, size_t len, bool plus)
{
	unsigned char c;
	char *out, *p;
	size_t i;

	if ((out = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	for (p = out, i = 0; i < len; i++) {
		c = (unsigned char)src[i];
		if (c == '%') {
			if (decode_escape(src + i, len - i, &c) == -1)
				return NULL;
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		else if (c == '\0')
			return NULL;
		*p++ = (char)c;
	}
	*p = '\0';
	return out;
}

/* Only visible ASCII belongs in a target: a browser escapes the rest. */
static bool
target_visible(unsigned char c)
{
	return c - 0x21u < 0x7f - 0x21u;
}

/* Whether the eight bytes of w are all visible ASCII and no '%' (and no
 * '?' unless query): nothing to decode or split there. */
static inline bool
target_plain(uint64_t w, bool query)
{
	return !swar_has_less(w, 0x21) && !swar_has_high(w) &&
	    !swar_has(w, 0x7f) && !swar_has(w, '%') &&
	    (query || !swar_has(w, '?'));
}

/* One pass over the target, as it is read on every request: the path
 * decoded beside a copy of the whole, and the query checked. */
int
request_set_target(struct request *rq, const char *target)
{
	const char *q = NULL;
	unsigned char c;
	size_t len, i;
	char *copy, *path, *p;
	uint64_t w;
	int e;

	len = strnlen(target, REQUEST_TARGET_MAX + 1);
	if (len > REQUEST_TARGET_MAX)
		return 414;
	/* Origin-form only: the transports make it of absolute-form (serve
	 * in httpd_origin_form, nginx for fcgi); authority-form and "*"
	 * are not ours to serve. */
	if (target[0] != '/')
		return 400;
	if ((copy = arena_alloc(rq->arena, 2 * len + 2)) == NULL)
		return 500;
	memcpy(copy, target, len);
	copy[len] = '\0';
	path = p = copy + len + 1;
	for (i = 0; i < len; ) {
		if (len - i >= 8 && target_plain(w = swar_load(target + i),
		    false)) {
			memcpy(p, &w, sizeof(w));
			p += sizeof(w);
			i += sizeof(w);
			continue;
		}
		c = (unsigned char)target[i];
		if (target_visible(c) && c != '%' && c != '?') {
			*p++ = (char)c;
			i++;
			continue;
		}
		if (c == '?') {
			q = copy + i;
			break;
		}
		if (c != '%' || (e = escape_at(target + i, len - i)) == -1)
			return 400;
		/* A decoded control byte has no place in any path of ours,
		 * and refusing it here keeps CR/LF out of any Location
		 * built from it. */
		if (e < 0x20 || e == 0x7f)
			return 400;
		*p++ = (char)e;
		i += 3;
	}
	rq->empty_query = q != NULL && q[1] == '\0';
	*p = '\0';
	/* The query is decoded where it is read (request_query); here it
	 * is only checked. */
	while (i < len) {
		if (len - i >= 8 && target_plain(swar_load(target + i), true)) {
			i += 8;
			continue;
		}
		c = (unsigned char)target[i];
		if (!target_visible(c) || (c == '%' &&
		    escape_at(target + i, len - i) == -1))
			return 400;
		i++;
	}
	rq->target = copy;
	rq->target_len = len;
	rq->path_len = q != NULL ? (size_t)(q - copy) : len;
	rq->path = path;
	rq->query = q != NULL ? q + 1 : "";
	return 0;
}

int
request_add_header(struct request *rq, const char *name, const char *value)
{
	struct header *h;
	char *n;
	size_t i;

	if (rq->nheaders >= REQUEST_HEADER_COUNT)
		return 431;
	h = &rq->headers[rq->nheaders];
	if ((n = arena_strdup(rq->arena, name)) == NULL ||
	    (h->value = arena_strdup(rq->arena, value)) == NULL)
		return 500;
	for (i = 0; n[i] != '\0'; i++)
		if (n[i] >= 'A' && n[i] <= 'Z')
			n[i] = (char)(n[i] - 'A' + 'a');
	h->name = n;
	rq->nheaders++;
	return 0;
}

const char *
request_header(const struct request *rq, const char *name)
{
	size_t i;

	for (i = 0; i < rq->nheaders; i++)
		if (strcasecmp(rq->headers[i].name, name) == 0)
			return rq->headers[i].value;
	return NULL;
}

/* Whether the form-encoded key raw[0..len] decodes to name, decoding on the
 * fly so that a miss allocates nothing. */
static bool
query_key_is(const char *raw, size_t len, const char *name)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++, name++) {
		c = (unsigned char)raw[i];
		if (c == '%') {
			if (decode_escape(raw + i, len - i, &c) == -1)
				return false;
			i += 2;
		} else if (c == '+')
			c = ' ';
		if (*name == '\0' || (unsigned char)*name != c)
			return false;
	}
	return *name == '\0';
}

/* Finds field name in a urlencoded string ("a=1&b=2"); *bad is set when
 * it is there but does not decode. */
static const char *
field_find(struct arena *a, const char *s, const char *name, bool *bad)
{
	const char *p, *end, *eq, *v;
	size_t len;

	for (p = s; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, "&");
		len = (size_t)(end - p);
		eq = memchr(p, '=', len);
		if (!query_key_is(p, eq != NULL ? (size_t)(eq - p) : len, name))
			continue;
		if (eq == NULL)
			return "";
		v = url_decode(a, eq + 1, (size_t)(end - eq - 1), true);
		if (v == NULL && bad != NULL)
			*bad = true;
		return v;
	}
	return NULL;
}

const char *
request_query(const struct request *rq, const char *name)
{
	return field_find(rq->arena, rq->query, name, NULL);
}

const char *
request_form(const struct request *rq, const char *name, bool *bad)
{
	const char *type = request_header(rq, "content-type");
	size_t len = sizeof("application/x-www-form-urlencoded") - 1;

	if (bad != NULL)
		*bad = false;
	/* Only a urlencoded body holds fields; a charset may follow. */
	if (type == NULL || strncasecmp(type,
	    "application/x-www-form-urlencoded", len) != 0 ||
	    (type[len] != '\0' && type[len] != ';' && type[len] != ' '))
		return NULL;
	return field_find(rq->arena, rq->body, name, bad);
}

ssize_t
request_body_read(struct request *rq, void *buf, size_t size)
{
	size_t left = rq->body_len - rq->body_read;
	ssize_t n;

	if (size > left)
		size = left;
	if (size == 0)
		return 0;
	if (rq->body_fd == -1) {
		memcpy(buf, rq->body + rq->body_read, size);
		n = (ssize_t)size;
	} else {
		do
			n = pread(rq->body_fd, buf, size,
			    (off_t)rq->body_read);
		while (n == -1 && errno == EINTR);
		/* The transport wrote body_len bytes: fewer is an error. */
		if (n <= 0) {
			log_error("reading a request body back: %s",
			    n == 0 ? "file cut short" : strerror(errno));
			return -1;
		}
	}
	rq->body_read += (size_t)n;
	return n;
}

/* Looks for cookie name in one Cookie header value ("a=b; c=d"). */
static const char *
cookie_find(struct arena *a, const char *s, const char *name)
{
	const char *end, *eq, *k, *kend, *v, *vend;

	for (; *s != '\0'; s = *end != '\0' ? end + 1 : end) {
		end = s + strcspn(s, ";");
		if ((eq = memchr(s, '=', (size_t)(end - s))) == NULL)
			continue;
		for (k = s; k < eq && (*k == ' ' || *k == '\t'); k++)
			;
		for (kend = eq; kend > k && (kend[-1] == ' ' ||
		    kend[-1] == '\t'); kend--)
			;
		if ((size_t)(kend - k) != strlen(name) ||
		    memcmp(k, name, (size_t)(kend - k)) != 0)
			continue;
		for (v = eq + 1; v < end && (*v == ' ' || *v == '\t'); v++)
			;
		for (vend = end; vend > v && (vend[-1] == ' ' ||
		    vend[-1] == '\t'); vend--)
			;
		/* RFC 6265 allows the value in double quotes. */
		if (vend - v >= 2 && *v == '"' && vend[-1] == '"') {
			v++;
			vend--;
		}
		return arena_strndup(a, v, (size_t)(vend - v));
	}
	return NULL;
}

const char *
request_cookie(const struct request *rq, const char *name)
{
	const char *v;
	size_t i;

	if (*name == '\0')
		return NULL;
	/* HTTP/1.1 clients send one Cookie header, but look at each. */
	for (i = 0; i < rq->nheaders; i++) {
		if (strcmp(rq->headers[i].name, "cookie") != 0)
			continue;
		if ((v = cookie_find(rq->arena, rq->headers[i].value,
		    name)) != NULL)
			return v;
	}
	return NULL;
}

const char *
route_arg(const struct request *rq, size_t i)
{
	if (i >= rq->nargs || i >= REQUEST_ARGS_MAX || rq->args[i] == NULL)
		return "";
	return rq->args[i];
}

int64_t
route_id(const struct request *rq, size_t i)
{
	if (i >= rq->nargs || i >= REQUEST_ARGS_MAX)
		return 0;
	return rq->ids[i];
}

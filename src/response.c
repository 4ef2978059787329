/* response.c: the transport-neutral response: status, headers, one body. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/blob.h"
#include "lib/buf.h"
#include "lib/gzip.h"
#include "lib/swar.h"
#include "request.h"
#include "response.h"

void
response_init(struct response *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->status = 200;
	rs->body = (struct buf)BUF_INIT;
	rs->file_fd = -1;
}

/* Closes the file body, if any. */
static void
drop_file(struct response *rs)
{
	if (rs->file_fd != -1)
		close(rs->file_fd);
	rs->file_fd = -1;
	rs->file_offset = rs->file_len = 0;
}

void
response_free(struct response *rs)
{
	buf_free(&rs->body);
	blob_unref(rs->shared);
	rs->shared = NULL;
	drop_file(rs);
}

/* A header name is an HTTP token, and a value holds no CR, LF or other
 * control byte but tab, so nothing the app sets can split the header block
 * (the FastCGI transport writes headers as they are). */
static bool
header_ok(const char *name, const char *value)
{
	const unsigned char *p;
	size_t len, i;

	if (name == NULL || value == NULL || *name == '\0')
		return false;
	/* Letters and '-' make nearly every name: request_tchar() only for
	 * the rest. Through it for every byte, the checks of a cached page's
	 * headers cost as much as finding the page. */
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if ((unsigned)((*p | 0x20) - 'a') >= 26 && *p != '-' &&
		    !request_tchar(*p))
			return false;
	/* Eight bytes at a time while none is a control byte; a tab (or a
	 * bad byte) is then found one byte at a time. */
	len = strlen(value);
	for (i = 0; len - i >= 8; i += 8)
		if (swar_has_control(swar_load(value + i)))
			break;
	for (p = (const unsigned char *)value + i; *p != '\0'; p++)
		if ((unsigned)(*p - 0x20) >= 0x7f - 0x20 && *p != '\t' &&
		    *p < 0x80)
			return false;
	return true;
}

/* Appends within limit entries: RESPONSE_HEADER_COUNT for the app, the
 * whole table for response_security_headers. */
static int
header_add(struct response *rs, const char *name, size_t name_len,
    const char *value, size_t limit)
{
	if (rs->nheaders >= limit) {
		rs->header_failed = true;
		return -1;
	}
	rs->headers[rs->nheaders].name = name;
	rs->headers[rs->nheaders].value = value;
	rs->headers[rs->nheaders].name_len = name_len;
	rs->nheaders++;
	return 0;
}

/* Whether header h is called name (of len bytes), case-insensitively: a
 * dozen headers are looked up a dozen times on every answer, and the
 * lengths tell most apart. */
static bool
header_is(const struct response_header *h, const char *name, size_t len)
{
	return h->name_len == len && strcasecmp(h->name, name) == 0;
}

int
response_header(struct response *rs, const char *name, const char *value)
{
	if (!header_ok(name, value)) {
		rs->header_failed = true;
		return -1;
	}
	return header_add(rs, name, strlen(name), value,
	    RESPONSE_HEADER_COUNT);
}

int
response_set_header(struct response *rs, const char *name, const char *value)
{
	size_t i, j, len;

	if (!header_ok(name, value)) {
		rs->header_failed = true;
		return -1;
	}
	len = strlen(name);
	for (i = 0; i < rs->nheaders; i++)
		if (header_is(&rs->headers[i], name, len))
			break;
	if (i == rs->nheaders)
		return header_add(rs, name, len, value,
		    RESPONSE_HEADER_COUNT);
	rs->headers[i].value = value;
	/* Keep exactly one: drop any later copies. */
	for (j = ++i; i < rs->nheaders; i++)
		if (!header_is(&rs->headers[i], name, len))
			rs->headers[j++] = rs->headers[i];
	rs->nheaders = j;
	return 0;
}

const char *
response_get_header(const struct response *rs, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < rs->nheaders; i++)
		if (header_is(&rs->headers[i], name, len))
			return rs->headers[i].value;
	return NULL;
}

void
response_unset_header(struct response *rs, const char *name)
{
	size_t i, j, len = strlen(name);

	for (i = j = 0; i < rs->nheaders; i++)
		if (!header_is(&rs->headers[i], name, len))
			rs->headers[j++] = rs->headers[i];
	rs->nheaders = j;
}

/* SECURITY.md's headers, and when each applies. Their values are
 * constants, so they need no check; what the app set under these names is
 * replaced. */
enum when { ALWAYS, HTTPS_ONLY, HTML_ONLY };
static const struct header_name security_names[] = {
	HEADER_NAME("X-Content-Type-Options"),
	HEADER_NAME("Referrer-Policy"),
	HEADER_NAME("Cross-Origin-Opener-Policy"),
	HEADER_NAME("Cross-Origin-Resource-Policy"),
	HEADER_NAME("Permissions-Policy"),
	HEADER_NAME("Strict-Transport-Security"),
	HEADER_NAME("Content-Security-Policy"),
	HEADER_NAME("X-Frame-Options"),
};
#define NSECURITY	(sizeof(security_names) / sizeof(security_names[0]))
/* Their values, in the same order. */
static const struct {
	const char	*value;
	enum when	 when;
} security[NSECURITY] = {
	{ "nosniff", ALWAYS },
	{ "strict-origin-when-cross-origin", ALWAYS },
	{ "same-origin", ALWAYS },
	{ "same-origin", ALWAYS },
	{ "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
	    ALWAYS },
	{ "max-age=63072000; includeSubDomains", HTTPS_ONLY },
	{ "default-src 'self'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; font-src 'self'; object-src 'none'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	    HTML_ONLY },
	{ "DENY", HTML_ONLY },
};

/* response_name_in for a name whose length is known. */
static bool
name_in(const char *name, size_t len, const struct header_name *names,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i].len == len &&
		    strcasecmp(name, names[i].name) == 0)
			return true;
	return false;
}

bool
response_name_in(const char *name, const struct header_name *names,
    size_t n)
{
	return name_in(name, strlen(name), names, n);
}

void
response_security_headers(struct response *rs, bool https, bool admin)
{
	const char *type = response_get_header(rs, "Content-Type");
	bool html = type != NULL && strncmp(type, "text/html", 9) == 0;
	size_t i, j, all = RESPONSE_HEADER_COUNT + RESPONSE_RESERVED;

	_Static_assert(1 + NSECURITY <= RESPONSE_RESERVED,
	    "room for every security header and a Content-Type");
	/* One pass drops the app's copies. The app's entries fit in
	 * RESPONSE_HEADER_COUNT, so what is added below always fits. */
	for (i = j = 0; i < rs->nheaders; i++)
		if (!name_in(rs->headers[i].name, rs->headers[i].name_len,
		    security_names, NSECURITY))
			rs->headers[j++] = rs->headers[i];
	rs->nheaders = j;
	if (type == NULL)
		header_add(rs, "Content-Type", strlen("Content-Type"),
		    "text/plain; charset=utf-8", all);
	for (i = 0; i < NSECURITY; i++)
		if (security[i].when == ALWAYS ||
		    (security[i].when == HTTPS_ONLY && https) ||
		    (security[i].when == HTML_ONLY && (html || admin)))
			header_add(rs, security_names[i].name,
			    security_names[i].len, security[i].value, all);
	/* In the room the page's CSP would have taken. */
	if (!html && !admin && rs->csp != NULL)
		header_add(rs, "Content-Security-Policy",
		    strlen("Content-Security-Policy"), rs->csp, all);
}

int
response_share_encoded(struct response *rs, const char *accept_encoding,
    struct blob *body, const char *etag, struct blob *gz, const char *etag_gz,
    bool varies)
{
	bool zipped = gz != NULL && gzip_accepted(accept_encoding);
	int ret = 0;

	response_share(rs, zipped ? gz : body);
	ret |= response_set_header(rs, "ETag", zipped ? etag_gz : etag);
	if (varies)
		ret |= response_set_header(rs, "Vary", "Accept-Encoding");
	if (zipped)
		ret |= response_set_header(rs, "Content-Encoding", "gzip");
	else
		response_unset_header(rs, "Content-Encoding");
	return ret == 0 ? 0 : -1;
}

const char *
response_body(const struct response *rs, size_t *len)
{
	if (rs->shared != NULL) {
		*len = rs->shared->len;
		return rs->shared->data;
	}
	*len = rs->body.len;
	return rs->body.data != NULL ? rs->body.data : "";
}

void
response_share(struct response *rs, struct blob *b)
{
	struct blob *old = rs->shared;

	buf_free(&rs->body);
	drop_file(rs);
	/* Take the new reference first: b may be the blob already held. */
	rs->shared = blob_ref(b);
	blob_unref(old);
}

void
response_file(struct response *rs, int fd, uint64_t offset, uint64_t len)
{
	response_share(rs, NULL);
	rs->file_fd = fd;
	rs->file_offset = offset;
	rs->file_len = len;
}

uint64_t
response_body_len(const struct response *rs)
{
	size_t len;

	if (rs->file_fd != -1)
		return rs->file_len;
	response_body(rs, &len);
	return len;
}

/* RFC 9110's phrases. */
static const struct {
	int		 status;
	const char	*reason;
} reasons[] = {
	{ 200, "OK" },
	{ 201, "Created" },
	{ 204, "No Content" },
	{ 206, "Partial Content" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 304, "Not Modified" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Range Not Satisfiable" },
	{ 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 503, "Service Unavailable" },
};

const char *
response_reason(int status)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return "Unknown";
}

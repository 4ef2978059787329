/* response.h: the transport-neutral response: status, headers, one body. */
#ifndef WAYPOINT_RESPONSE_H
#define WAYPOINT_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* 32: the app's own headers; room for the headers of SECURITY.md is kept
 * apart (RESPONSE_RESERVED), so a full table can never crowd them out. */
#define RESPONSE_HEADER_COUNT	32
/* Content-Type and the eight of SECURITY.md's "every response" and "HTML
 * pages" lists: see response_security_headers. */
#define RESPONSE_RESERVED	9

struct response_header {
	const char	*name;
	const char	*value;
	size_t		 name_len;	/* strlen(name): compared before the
					   letters on every lookup */
};

/* The body is either built in body (owned, freed by response_free),
 * borrowed from a shared, reference-counted blob (cached page or static file)
 * that the response holds until response_free, or a piece of an open file
 * (a media file: never read into memory), whose descriptor the response
 * owns until a transport takes it or response_free closes it. */
struct blob;

struct config;

/* The page of the page cache an answer is (page_reuse.h): its site (NULL:
 * the answer is no such page), its route's scopes and first capture, its
 * key (these two in the request's arena) and the body sent. */
struct page_origin {
	const struct config	*cfg;
	unsigned		 scopes;
	const char		*slug;
	const char		*key;
	const struct blob	*body;
};

struct response {
	int		 status;
	struct response_header headers[RESPONSE_HEADER_COUNT +
			    RESPONSE_RESERVED];
	size_t		 nheaders;
	bool		 header_failed;	/* a header was refused: see
					   response_header */
	struct buf	 body;
	struct blob	*shared;
	int		 file_fd;	/* -1, or the file body's descriptor */
	uint64_t	 file_offset;	/* where its bytes start */
	uint64_t	 file_len;	/* how many are sent */
	const char	*csp;		/* the Content-Security-Policy of an
					   answer that is no page (a PDF's
					   own), or NULL: see
					   response_security_headers */
	bool		 close;		/* close the connection after this one */
	bool		 head;		/* HEAD: send headers only */
	const char	*cache;		/* the page cache's answer, for the
					   access log: "hit", "miss", or NULL
					   when the page is not one it keeps
					   ("off") */
	struct page_origin origin;
};

/* A header name with its length, for tables searched on every response:
 * the length is compared before the letters. */
struct header_name {
	const char	*name;
	size_t		 len;
};
#define HEADER_NAME(s)	{ s, sizeof(s) - 1 }

/* Whether name is one of names[0..n], case-insensitively. */
bool		 response_name_in(const char *name,
		    const struct header_name *names, size_t n);

/* Makes an empty 200 response. */
void		 response_init(struct response *);

/* Frees the body and drops the shared blob, if any. */
void		 response_free(struct response *);

/* Adds a header. name and value must outlive the response (string literals,
 * or the request's arena). Returns 0, or -1 when the table is full, the name
 * is not a token or the value holds a control byte (CR, LF ...); a refused
 * header also sets header_failed, which app_handle turns into a 500, so no
 * caller can drop a header unnoticed. */
int		 response_header(struct response *, const char *name,
		    const char *value);

/* Replaces the value of header name if present (dropping any further
 * copies), else adds it. Returns 0 or -1 as response_header. */
int		 response_set_header(struct response *, const char *name,
		    const char *value);

/* The value of header name (case-insensitive), or NULL. */
const char	*response_get_header(const struct response *, const char *name);

/* Removes every header called name. */
void		 response_unset_header(struct response *, const char *name);

/* Gives the response the headers of SECURITY.md, in room that
 * response_header never uses: X-Content-Type-Options, Referrer-Policy, the
 * two Cross-Origin policies, Permissions-Policy, HSTS when https, and for
 * HTML (Content-Type text/html) or any editors' answer (admin) the CSP and
 * X-Frame-Options; for any other answer the CSP in rs->csp, when set.
 * Adds Content-Type text/plain when none was set. Copies
 * the app set of these names are dropped first. Cannot fail; call once,
 * last. */
void		 response_security_headers(struct response *, bool https,
		    bool admin);

/* Shares body, or gz when it is not NULL and accept_encoding (the request's
 * header, or NULL) allows gzip, as the body, with the ETag of the one sent
 * (etag or etag_gz) and, when varies (a gzip copy is or will be made for
 * those who take it), Vary: Accept-Encoding, and for the gzip copy
 * Content-Encoding: gzip. The strings must outlive the response. Returns
 * 0, or -1 when a header was refused (see response_header). */
int		 response_share_encoded(struct response *,
		    const char *accept_encoding, struct blob *body,
		    const char *etag, struct blob *gz, const char *etag_gz,
		    bool varies);

/* The body to send: pointer and length (from body or the shared blob). */
const char	*response_body(const struct response *, size_t *len);

/* Takes a reference to blob b as the body, dropping any built body. */
void		 response_share(struct response *, struct blob *b);

/* Takes open file descriptor fd (closed by response_free, or by the
 * transport that sends it) as the body: len bytes from offset, which the
 * caller has checked lie within the file. Drops any other body. */
void		 response_file(struct response *, int fd, uint64_t offset,
		    uint64_t len);

/* How many body bytes rs holds: its file's, else response_body's. */
uint64_t	 response_body_len(const struct response *);

/* Standard reason phrase of an HTTP status ("Not Found"). */
const char	*response_reason(int status);

#endif

/* multipart.h: a push parser of multipart/form-data bodies (RFC 7578). */
#ifndef WAYPOINT_MULTIPART_H
#define WAYPOINT_MULTIPART_H

#include <stddef.h>

/* Limits; past any of them the body is refused. */
#define MULTIPART_BOUNDARY_MAX	70	/* RFC 2046 5.1.1 */
#define MULTIPART_LINE_MAX	1024	/* a part header line, with CRLF */
#define MULTIPART_HEADERS_MAX	4096	/* all header lines of one part */
#define MULTIPART_PARTS_MAX	64	/* a form of ours has a dozen fields */
#define MULTIPART_NAME_MAX	256	/* a field name, in bytes */
#define MULTIPART_FILENAME_MAX	255	/* a file name, as most file systems */
#define MULTIPART_TYPE_MAX	255	/* a part's Content-Type (RFC 6838) */

enum multipart_status {
	MULTIPART_OK,
	MULTIPART_BAD_TYPE,		/* not multipart/form-data */
	MULTIPART_BAD_BOUNDARY,		/* missing or not RFC 2046's shape */
	MULTIPART_BAD_DELIMITER,	/* a boundary line with more after it */
	MULTIPART_HEADERS_TOO_LARGE,
	MULTIPART_BAD_HEADER,		/* no colon, a control byte, a fold */
	MULTIPART_BAD_DISPOSITION,	/* not form-data with one name */
	MULTIPART_NAME_TOO_LONG,	/* name, filename or type */
	MULTIPART_TOO_MANY_PARTS,
	MULTIPART_TRUNCATED,		/* the body ends before the last
					   boundary */
	MULTIPART_STOPPED,		/* a callback said stop */
	MULTIPART_STATUS_COUNT
};

/* One part's headers, valid from begin() until the next part begins. The
 * strings hold no control byte; they are not checked for UTF-8. */
struct multipart_part {
	const char	*name;		/* the form field's name */
	const char	*filename;	/* NULL when the part is not a file */
	const char	*type;		/* its Content-Type, or "" */
};

/* What the parser calls, in order: begin, data any number of times (never
 * with len 0), end; then the next part. A callback returns 0 to go on, any
 * other value to stop the parse with MULTIPART_STOPPED. */
struct multipart_callbacks {
	int	(*begin)(void *ctx, const struct multipart_part *);
	int	(*data)(void *ctx, const char *p, size_t len);
	int	(*end)(void *ctx);
};

/* The parser's state: fixed size, no allocation, so that any body costs a
 * request the same memory. Opaque to callers. */
struct multipart {
	const struct multipart_callbacks *cb;
	void		*ctx;
	int		 state;
	enum multipart_status status;
	char		 delim[4 + MULTIPART_BOUNDARY_MAX + 1];	/* CRLF--b */
	size_t		 dlen;
	size_t		 match;		/* bytes of delim matched so far */
	size_t		 nparts;
	size_t		 padding;	/* blanks after a boundary */
	size_t		 hlen;		/* header bytes of this part */
	size_t		 llen;		/* bytes in line */
	char		 line[MULTIPART_LINE_MAX + 1];
	char		 name[MULTIPART_NAME_MAX + 1];
	char		 filename[MULTIPART_FILENAME_MAX + 1];
	char		 type[MULTIPART_TYPE_MAX + 1];
	int		 has_disposition, has_filename, has_type;
};

/* Starts a parse of a body of Content-Type content_type (the request's
 * header value, which gives the boundary), calling cb with ctx. Returns
 * MULTIPART_OK, MULTIPART_BAD_TYPE or MULTIPART_BAD_BOUNDARY; on an error
 * every later call returns it too. */
enum multipart_status	 multipart_init(struct multipart *,
			    const char *content_type,
			    const struct multipart_callbacks *cb, void *ctx);

/* Parses the next len bytes of the body, however it is cut into pieces.
 * Returns MULTIPART_OK or the first error (which stays). */
enum multipart_status	 multipart_feed(struct multipart *, const char *p,
			    size_t len);

/* The body has ended. Returns MULTIPART_OK when it ended with the closing
 * boundary, MULTIPART_TRUNCATED before it, or the earlier error. */
enum multipart_status	 multipart_finish(struct multipart *);

/* A sentence for the editor saying what was wrong; static. */
const char		*multipart_strerror(enum multipart_status);

#endif

/* multipart.c: a push parser of multipart/form-data bodies (RFC 7578). */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"
#include "request.h"

enum {
	S_PREAMBLE,	/* before the first boundary: thrown away */
	S_DELIM_END,	/* a boundary matched: "--", blanks or CRLF next */
	S_CLOSE,	/* "-" seen after a boundary */
	S_PADDING,	/* blanks after a boundary */
	S_DELIM_LF,	/* CR seen after a boundary */
	S_HEADER,	/* in a part's header line */
	S_HEADER_LF,	/* CR seen in a header line */
	S_DATA,		/* in a part's content */
	S_EPILOGUE,	/* after the closing boundary: thrown away */
};

static const char *const messages[MULTIPART_STATUS_COUNT] = {
	[MULTIPART_OK] = "no error",
	[MULTIPART_BAD_TYPE] = "the body is not multipart/form-data",
	[MULTIPART_BAD_BOUNDARY] = "the multipart boundary is missing, longer "
	    "than 70 characters or holds a character RFC 2046 does not allow",
	[MULTIPART_BAD_DELIMITER] = "a multipart boundary line has more after "
	    "the boundary than blanks and a line end, or \"--\"",
	[MULTIPART_HEADERS_TOO_LARGE] = "the headers of a part are longer "
	    "than 4096 bytes, or one line longer than 1024",
	[MULTIPART_BAD_HEADER] = "a part header is malformed (no colon, a "
	    "control character, a bare line feed or a folded line)",
	[MULTIPART_BAD_DISPOSITION] = "a part lacks a Content-Disposition of "
	    "form-data with one non-empty name",
	[MULTIPART_NAME_TOO_LONG] = "a part's name is longer than 256 bytes, "
	    "its file name longer than 255, or its Content-Type longer than "
	    "255",
	[MULTIPART_TOO_MANY_PARTS] = "the form has more than 64 parts",
	[MULTIPART_TRUNCATED] = "the body ends before its closing multipart "
	    "boundary",
	[MULTIPART_STOPPED] = "the parse was stopped",
};

const char *
multipart_strerror(enum multipart_status st)
{
	if ((unsigned)st >= MULTIPART_STATUS_COUNT)
		return "unknown error";
	return messages[st];
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 2046 bchars: 1 to 70 of them, not ending in a space. */
static bool
boundary_ok(const char *b, size_t len)
{
	size_t i;

	if (len == 0 || len > MULTIPART_BOUNDARY_MAX || b[len - 1] == ' ')
		return false;
	for (i = 0; i < len; i++)
		if (!((b[i] >= 'a' && b[i] <= 'z') ||
		    (b[i] >= 'A' && b[i] <= 'Z') ||
		    (b[i] >= '0' && b[i] <= '9') ||
		    (b[i] != '\0' && strchr("'()+_,-./:=? ", b[i]) != NULL)))
			return false;
	return true;
}

/*
 * One parameter of a header value at *s ("; name=value"): sets *name,
 * *nlen, *val, *vlen and moves *s past it. A quoted value runs to the next
 * quote, with no backslash escapes: browsers percent-encode a quote, CR
 * and LF in names and leave backslashes as they are (the WHATWG form
 * encoding), so a Windows path keeps its backslashes. Returns 1 for a
 * parameter, 0 at the end of the value, -1 when malformed.
 */
static int
next_param(const char **s, const char **name, size_t *nlen,
    const char **val, size_t *vlen)
{
	const char *p = *s, *q;

	while (is_blank(*p))
		p++;
	if (*p == '\0')
		return 0;
	if (*p++ != ';')
		return -1;
	while (is_blank(*p))
		p++;
	for (*name = p; request_tchar((unsigned char)*p); p++)
		;
	if ((*nlen = (size_t)(p - *name)) == 0)
		return -1;
	while (is_blank(*p))
		p++;
	if (*p++ != '=')
		return -1;
	while (is_blank(*p))
		p++;
	if (*p == '"') {
		if ((q = strchr(p + 1, '"')) == NULL)
			return -1;
		*val = p + 1;
		*vlen = (size_t)(q - p - 1);
		p = q + 1;
	} else {
		for (*val = p; *p != '\0' && *p != ';' && !is_blank(*p); p++)
			;
		if ((*vlen = (size_t)(p - *val)) == 0)
			return -1;
	}
	*s = p;
	return 1;
}

/* Whether s[0..len] is name, ignoring case. */
static bool
word_is(const char *s, size_t len, const char *name)
{
	return len == strlen(name) && strncasecmp(s, name, len) == 0;
}

enum multipart_status
multipart_init(struct multipart *mp, const char *content_type,
    const struct multipart_callbacks *cb, void *ctx)
{
	static const char type[] = "multipart/form-data";
	const char *p = content_type, *name, *val, *b = NULL;
	size_t nlen, vlen, blen = 0;
	int r;

	memset(mp, 0, sizeof(*mp));
	mp->cb = cb;
	mp->ctx = ctx;
	mp->state = S_PREAMBLE;
	if (p == NULL || strncasecmp(p, type, sizeof(type) - 1) != 0)
		return mp->status = MULTIPART_BAD_TYPE;
	p += sizeof(type) - 1;
	if (*p != '\0' && *p != ';' && !is_blank(*p))
		return mp->status = MULTIPART_BAD_TYPE;
	while ((r = next_param(&p, &name, &nlen, &val, &vlen)) == 1) {
		if (!word_is(name, nlen, "boundary"))
			continue;
		if (b != NULL)
			return mp->status = MULTIPART_BAD_BOUNDARY;
		b = val;
		blen = vlen;
	}
	if (r == -1 || b == NULL || !boundary_ok(b, blen))
		return mp->status = MULTIPART_BAD_BOUNDARY;
	memcpy(mp->delim, "\r\n--", 4);
	memcpy(mp->delim + 4, b, blen);
	mp->dlen = 4 + blen;
	/* The body starts as if after a line end, so the first boundary
	 * needs none before it (RFC 2046: the preamble may be empty). */
	mp->match = 2;
	return MULTIPART_OK;
}

static void
fail(struct multipart *mp, enum multipart_status st)
{
	if (mp->status == MULTIPART_OK)
		mp->status = st;
}

/* Passes content on to the data callback (in a part) or drops it (the
 * preamble). Returns false when the parse stops. */
static bool
emit(struct multipart *mp, const char *p, size_t len)
{
	if (mp->state != S_DATA || len == 0)
		return true;
	if (mp->cb->data(mp->ctx, p, len) != 0) {
		fail(mp, MULTIPART_STOPPED);
		return false;
	}
	return true;
}

/*
 * Content up to the next boundary, which may be cut across calls: the
 * bytes that match the start of the delimiter are held back (as a count:
 * they are the delimiter's own bytes) until it matches or does not. The
 * delimiter holds a CR only at its start, so after a mismatch only the
 * byte that broke it can start a new match. Returns the bytes used.
 */
static size_t
scan(struct multipart *mp, const char *p, size_t len)
{
	const char *cr;
	size_t i = 0, start = 0;

	while (i < len) {
		if (mp->match == 0) {
			if ((cr = memchr(p + i, '\r', len - i)) == NULL) {
				i = len;
				break;
			}
			i = (size_t)(cr - p);
		}
		if (p[i] != mp->delim[mp->match]) {
			if (!emit(mp, mp->delim, mp->match))
				return len;
			mp->match = 0;
			start = i;
			continue;
		}
		if (mp->match == 0) {
			if (!emit(mp, p + start, i - start))
				return len;
			start = i;
		}
		i++;
		if (++mp->match == mp->dlen) {
			mp->match = 0;
			if (mp->state == S_DATA && mp->cb->end(mp->ctx) != 0)
				fail(mp, MULTIPART_STOPPED);
			mp->state = S_DELIM_END;
			return i;
		}
	}
	if (mp->match == 0)
		emit(mp, p + start, len - start);
	return len;
}

/* Copies val[0..len] into out, of max + 1 bytes. */
static enum multipart_status
copy_value(char *out, size_t max, const char *val, size_t len)
{
	if (len > max)
		return MULTIPART_NAME_TOO_LONG;
	memcpy(out, val, len);
	out[len] = '\0';
	return MULTIPART_OK;
}

/* Content-Disposition: form-data; name="..."[; filename="..."]. */
static enum multipart_status
disposition(struct multipart *mp, const char *v)
{
	const char *p = v, *name, *val;
	size_t nlen, vlen;
	bool has_name = false;
	enum multipart_status st;
	int r;

	if (mp->has_disposition)
		return MULTIPART_BAD_DISPOSITION;
	mp->has_disposition = 1;
	while (request_tchar((unsigned char)*p))
		p++;
	if (!word_is(v, (size_t)(p - v), "form-data"))
		return MULTIPART_BAD_DISPOSITION;
	while ((r = next_param(&p, &name, &nlen, &val, &vlen)) == 1) {
		if (word_is(name, nlen, "name")) {
			if (has_name || vlen == 0)
				return MULTIPART_BAD_DISPOSITION;
			has_name = true;
			st = copy_value(mp->name, MULTIPART_NAME_MAX, val,
			    vlen);
		} else if (word_is(name, nlen, "filename")) {
			if (mp->has_filename)
				return MULTIPART_BAD_DISPOSITION;
			mp->has_filename = 1;
			st = copy_value(mp->filename, MULTIPART_FILENAME_MAX,
			    val, vlen);
		} else
			continue;	/* RFC 7578 4.2: no filename* */
		if (st != MULTIPART_OK)
			return st;
	}
	return r == -1 || !has_name ? MULTIPART_BAD_DISPOSITION : MULTIPART_OK;
}

/* One header line of a part, without its CRLF, in mp->line. */
static enum multipart_status
header_line(struct multipart *mp)
{
	char *line = mp->line, *colon, *v, *end;
	size_t i;

	line[mp->llen] = '\0';
	for (i = 0; i < mp->llen; i++)
		if (((unsigned char)line[i] < 0x20 && line[i] != '\t') ||
		    line[i] == 0x7f)
			return MULTIPART_BAD_HEADER;
	/* A line starting with a blank continues the previous one: RFC 7578
	 * has no use for that, and it hides what a header says. */
	if ((colon = strchr(line, ':')) == NULL || colon == line ||
	    is_blank(line[0]))
		return MULTIPART_BAD_HEADER;
	for (v = line; v < colon; v++)
		if (!request_tchar((unsigned char)*v))
			return MULTIPART_BAD_HEADER;
	*colon = '\0';
	for (v = colon + 1; is_blank(*v); v++)
		;
	for (end = v + strlen(v); end > v && is_blank(end[-1]); end--)
		;
	*end = '\0';
	if (strcasecmp(line, "content-disposition") == 0)
		return disposition(mp, v);
	if (strcasecmp(line, "content-type") == 0) {
		if (mp->has_type)
			return MULTIPART_BAD_HEADER;
		mp->has_type = 1;
		return copy_value(mp->type, MULTIPART_TYPE_MAX, v,
		    (size_t)(end - v));
	}
	return MULTIPART_OK;
}

/* The blank line after a part's headers: the part begins. */
static void
part_begin(struct multipart *mp)
{
	struct multipart_part part;

	if (!mp->has_disposition) {
		fail(mp, MULTIPART_BAD_DISPOSITION);
		return;
	}
	part.name = mp->name;
	part.filename = mp->has_filename ? mp->filename : NULL;
	part.type = mp->has_type ? mp->type : "";
	mp->state = S_DATA;
	if (mp->cb->begin(mp->ctx, &part) != 0)
		fail(mp, MULTIPART_STOPPED);
}

/* A part's header lines begin: forgets the previous part's. */
static void
headers_begin(struct multipart *mp)
{
	if (++mp->nparts > MULTIPART_PARTS_MAX) {
		fail(mp, MULTIPART_TOO_MANY_PARTS);
		return;
	}
	mp->hlen = 0;
	mp->llen = 0;
	mp->has_disposition = mp->has_filename = mp->has_type = 0;
	mp->name[0] = mp->filename[0] = mp->type[0] = '\0';
	mp->state = S_HEADER;
}

/* One byte of a boundary line or of a part's headers. */
static void
byte(struct multipart *mp, char c)
{
	enum multipart_status st;

	switch (mp->state) {
	case S_DELIM_END:
		if (c == '-')
			mp->state = S_CLOSE;
		else if (is_blank(c)) {
			mp->padding = 1;
			mp->state = S_PADDING;
		} else if (c == '\r')
			mp->state = S_DELIM_LF;
		else
			fail(mp, MULTIPART_BAD_DELIMITER);
		break;
	case S_CLOSE:
		if (c == '-')
			mp->state = S_EPILOGUE;
		else
			fail(mp, MULTIPART_BAD_DELIMITER);
		break;
	case S_PADDING:
		/* Blanks are allowed there (RFC 2046 transport-padding),
		 * but not without end. */
		if (is_blank(c) && ++mp->padding <= MULTIPART_LINE_MAX)
			break;
		if (c == '\r')
			mp->state = S_DELIM_LF;
		else
			fail(mp, MULTIPART_BAD_DELIMITER);
		break;
	case S_DELIM_LF:
		if (c == '\n')
			headers_begin(mp);
		else
			fail(mp, MULTIPART_BAD_DELIMITER);
		break;
	case S_HEADER:
		if (c == '\r')
			mp->state = S_HEADER_LF;
		else if (c == '\n')
			fail(mp, MULTIPART_BAD_HEADER);
		else if (mp->llen + 2 >= MULTIPART_LINE_MAX)
			fail(mp, MULTIPART_HEADERS_TOO_LARGE);
		else
			mp->line[mp->llen++] = c;
		break;
	case S_HEADER_LF:
		if (c != '\n') {
			fail(mp, MULTIPART_BAD_HEADER);
			break;
		}
		if ((mp->hlen += mp->llen + 2) > MULTIPART_HEADERS_MAX) {
			fail(mp, MULTIPART_HEADERS_TOO_LARGE);
			break;
		}
		if (mp->llen == 0) {
			part_begin(mp);
			break;
		}
		if ((st = header_line(mp)) != MULTIPART_OK)
			fail(mp, st);
		mp->llen = 0;
		mp->state = S_HEADER;
		break;
	}
}

enum multipart_status
multipart_feed(struct multipart *mp, const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && mp->status == MULTIPART_OK) {
		switch (mp->state) {
		case S_PREAMBLE:
		case S_DATA:
			i += scan(mp, p + i, len - i);
			break;
		case S_EPILOGUE:
			i = len;
			break;
		default:
			byte(mp, p[i++]);
		}
	}
	return mp->status;
}

enum multipart_status
multipart_finish(struct multipart *mp)
{
	if (mp->status == MULTIPART_OK && mp->state != S_EPILOGUE)
		mp->status = MULTIPART_TRUNCATED;
	return mp->status;
}

/* access_log.c: the one access-log line per request. */
#include <stddef.h>
#include <string.h>

#include "lib/log.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "transport/access_log.h"

/* Copies at most n bytes of s, up to stop (a byte, or '\0' for none), into
 * out (of size n + 1), as visible ASCII; "-" when nothing is left. Returns
 * the length of what it wrote. The span is measured first and the copy
 * tests nothing else: a test of every byte for the end was a tenth of an
 * access line's cost. */
static size_t
visible_copy(char *out, size_t n, const char *s, char stop)
{
	const char stops[2] = { stop, '\0' };
	unsigned char c;
	size_t i, len;

	len = s == NULL ? 0 : stop == '\0' ? strnlen(s, n) : strcspn(s, stops);
	if (len > n)
		len = n;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		out[i] = c - 0x21u < 0x7f - 0x21u ? (char)c : '?';
	}
	if (len == 0)
		out[len++] = '-';
	out[len] = '\0';
	return len;
}

static const char *
visible(char *out, size_t n, const char *s, char stop)
{
	visible_copy(out, n, s, stop);
	return out;
}

/* What a preview link's token is logged as, after the path before it
 * (at most PREFIX_MAX bytes of it). */
#define TOKEN_SHOWN	"(token)"
#define PREFIX_MAX	(ACCESS_PATH_MAX - sizeof(TOKEN_SHOWN) + 1)

/* Where the token of a preview link starts in target (/preview/<token>,
 * or under a language prefix: /hu/preview/<token>), or NULL when target
 * is no preview link's. The token opens a draft to whoever holds it: it
 * is never logged. */
static const char *
preview_token(const char *target)
{
	static const char dir[] = "/preview/";
	const char *seg;

	if (target == NULL || *target != '/')
		return NULL;
	if (strncmp(target, dir, sizeof(dir) - 1) == 0)
		return target + sizeof(dir) - 1;
	seg = strpbrk(target + 1, "/?");
	if (seg == NULL || *seg != '/' ||
	    strncmp(seg, dir, sizeof(dir) - 1) != 0)
		return NULL;
	return seg + sizeof(dir) - 1;
}

const char *
access_log_path(const struct request *rq, char out[ACCESS_PATH_MAX + 1])
{
	const char *base = rq->target, *token = preview_token(base);
	size_t len;

	/* The decoded path too: "/%70review/" is routed as "/preview/". */
	if (token == NULL && (token = preview_token(rq->path)) != NULL)
		base = rq->path;
	/* A target request_set_target() took is visible ASCII already:
	 * copied as it is, its length known. */
	if (token == NULL && rq->target_len > 0) {
		len = rq->path_len < ACCESS_PATH_MAX ? rq->path_len :
		    ACCESS_PATH_MAX;
		memcpy(out, rq->target, len);
		out[len] = '\0';
		return out;
	}
	if (token == NULL)
		return visible(out, ACCESS_PATH_MAX, rq->target != NULL ?
		    rq->target : rq->path, '?');
	len = (size_t)(token - base);
	visible(out, len < PREFIX_MAX ? len : PREFIX_MAX, base, '?');
	strcat(out, TOKEN_SHOWN);
	return out;
}

/* An access line as it is made, by hand: with printf, its formatting was
 * a twentieth of a cached page's cost. */
struct line {
	char	text[1024];	/* 1024: the longest, ACCESS_PATH_MAX of
				   path with the rest, fits */
	size_t	len;
};

static void
put(struct line *l, const char *s)
{
	size_t n = strlen(s);

	memcpy(l->text + l->len, s, n);
	l->len += n;
}

/* Appends at most n bytes of s as visible() shows them. */
static void
put_visible(struct line *l, size_t n, const char *s, char stop)
{
	l->len += visible_copy(l->text + l->len, n, s, stop);
}

static void
put_num(struct line *l, long long v)
{
	char digits[24];
	unsigned long long u;
	size_t n = 0;

	u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		l->text[l->len++] = '-';
	while (n > 0)
		l->text[l->len++] = digits[--n];
}

void
access_log(const struct request *rq, const struct response *rs,
    size_t bytes, long usec)
{
	char path[ACCESS_PATH_MAX + 1];
	struct store_work w;
	struct line l;

	/* steps and reads: the store's work for this request (app_handle
	 * zeroed it), which the bench prints beside the time. Zeroed here
	 * too: a request refused before app_handle would else log the
	 * previous one's on this thread. */
	store_work_read(&w);
	store_work_reset();
	l.len = 0;
	put(&l, "access client=");
	put_visible(&l, sizeof(rq->client) - 1, rq->client, '\0');
	put(&l, " method=");
	put_visible(&l, 16, rq->method_name, '\0');
	put(&l, " path=");
	put(&l, access_log_path(rq, path));
	put(&l, " status=");
	put_num(&l, rs->status);
	put(&l, " bytes=");
	put_num(&l, (long long)bytes);
	put(&l, " usec=");
	put_num(&l, usec);
	put(&l, " steps=");
	put_num(&l, (long long)w.vm_steps);
	put(&l, " reads=");
	put_num(&l, (long long)w.page_reads);
	put(&l, " cache=");
	put(&l, rs->cache != NULL ? rs->cache : "off");
	log_info_text(l.text, l.len);
}

/* conditional.c: conditional requests: a 200 whose validators match what
 * the client holds becomes a 304. */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "conditional.h"
#include "lib/httpdate.h"
#include "request.h"
#include "response.h"

/* true when the comma-separated If-None-Match list names etag. */
static bool
etag_matches(const char *list, const char *etag)
{
	const char *p = list, *end;
	size_t len;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		end = strchrnul(p, ',');
		len = (size_t)(end - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == strlen(etag) && strncmp(p, etag, len) == 0)
			return true;
		p = end;
	}
	return false;
}

void
conditional_apply(struct request *rq, struct response *rs)
{
	const char *inm = request_header(rq, "if-none-match");
	const char *ims = request_header(rq, "if-modified-since");
	const char *etag = response_get_header(rs, "ETag");
	const char *lm = response_get_header(rs, "Last-Modified");
	time_t since, modified;
	bool fresh = false;

	if (rs->status != 200)
		return;
	if (inm != NULL)
		fresh = etag != NULL && etag_matches(inm, etag);
	else if (ims != NULL && lm != NULL &&
	    httpdate_parse(ims, &since) == 0 &&
	    httpdate_parse(lm, &modified) == 0)
		fresh = modified <= since;
	/* The body stays: a transport states its length and sends none. */
	if (fresh)
		rs->status = 304;
}

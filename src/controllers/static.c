/* static.c: /static/<path>, answered from the files read at start-up. */
#include <string.h>

#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/httpdate.h"
#include "request.h"
#include "response.h"
#include "view/assets.h"

/* GET /static/<path>: a file of www/static, gzipped when it is text and
 * the client takes gzip. The URL only selects among the files loaded at
 * start-up; it never reaches the file system. A refused header is caught
 * by app_handle (response.h). */
int
static_show(struct request *rq, struct response *rs)
{
	const struct asset *a = assets_find(route_arg(rq, 0));
	char *lm;

	if (a == NULL)
		return 404;
	if ((lm = arena_alloc(rq->arena, HTTPDATE_LEN)) == NULL)
		return 500;
	httpdate_format(a->mtime, lm);
	response_share_encoded(rs, request_header(rq, "accept-encoding"),
	    a->body, a->etag, a->gz, a->etag_gz, a->gz != NULL);
	response_set_header(rs, "Content-Type", a->content_type);
	response_set_header(rs, "Last-Modified", lm);
	/* A year: the pages link each file with its content's hash in the
	 * query, so a changed file gets a new URL. */
	response_set_header(rs, "Cache-Control",
	    "public, max-age=31536000, immutable");
	return 200;
}

/* render.c: one public URL answered in process through app_handle, with
 * a request made as a transport makes one. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "export_site/render.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"

int
export_render(struct arena *a, const char *target, time_t now,
    struct export_page *out)
{
	struct request rq;
	struct response rs;
	const char *body, *type;
	char *copy;
	size_t len;
	int ret = 0;

	request_init(&rq, a);
	rq.method = METHOD_GET;
	rq.method_name = "GET";
	rq.now = now;
	snprintf(rq.client, sizeof(rq.client), "export-site");
	if (request_set_target(&rq, target) != 0) {
		fprintf(stderr, "%s: not a target a request may have\n",
		    target);
		return -1;
	}
	response_init(&rs);
	app_handle(&rq, &rs);
	out->status = rs.status;
	body = response_body(&rs, &len);
	type = response_get_header(&rs, "Content-Type");
	out->type = type != NULL ? arena_strdup(a, type) : NULL;
	/* A file's body (a media file) is never asked for here. */
	if (rs.file_fd != -1 || (copy = arena_alloc(a, len + 1)) == NULL ||
	    (type != NULL && out->type == NULL)) {
		fprintf(stderr, "%s: the answer could not be kept\n", target);
		ret = -1;
	} else {
		memcpy(copy, body, len);
		out->body = copy;
		out->len = len;
	}
	response_free(&rs);
	return ret;
}

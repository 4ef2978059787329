/* page_reuse.c: when a public page's answer may be given again without
 * routing (page_reuse.h). */
#include <stdbool.h>
#include <string.h>

#include "config.h"
#include "generation.h"
#include "lib/blob.h"
#include "lib/gzip.h"
#include "page_cache.h"
#include "page_reuse.h"
#include "request.h"
#include "site.h"

/* The request headers a page's answer may depend on besides Host and
 * Accept-Encoding (conditional.c, the byte ranges of files, a session's
 * cookie): a request with one goes through app_handle. Names are lower
 * case (request_add_header). */
static bool
page_reuse_header(const char *name)
{
	static const char *const names[] = {
		"cookie", "if-none-match", "if-modified-since", "if-range",
		"range", "authorization",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

bool
page_reuse_request(const struct request *rq, const struct config **site,
    bool *gzip)
{
	const char *ae = NULL, *host = NULL;
	size_t i;

	if (rq->method != METHOD_GET || rq->body_len != 0 ||
	    rq->body_fd != -1)
		return false;
	for (i = 0; i < rq->nheaders; i++) {
		/* The first of each, as request_header() reads them. */
		if (strcmp(rq->headers[i].name, "host") == 0) {
			if (host == NULL)
				host = rq->headers[i].value;
		} else if (strcmp(rq->headers[i].name, "accept-encoding") ==
		    0) {
			if (ae == NULL)
				ae = rq->headers[i].value;
		} else if (page_reuse_header(rq->headers[i].name))
			return false;
	}
	if ((*site = site_for_host(host)) == NULL)
		return false;
	*gzip = gzip_accepted(ae);
	return true;
}

bool
page_reuse_current(const struct page_origin *o, bool gzip, time_t now)
{
	struct cache_deps deps;
	struct cached_page page;
	bool same;

	if (!generation_recent(o->cfg, o->scopes, o->slug, &deps) ||
	    page_cache_get(o->cfg->cache_part, o->key, &deps, now, gzip,
	    &page) != 0)
		return false;
	/* The memo holds a reference to the body it sent: no other page's
	 * body can be at that address meanwhile. */
	same = (gzip && page.gz != NULL ? page.gz : page.body) == o->body;
	page_cache_release(&page);
	return same;
}

/* pager.c: paging through a list: reading ?page=, counting pages, and the
 * model of the links either side. */
#include "controllers/pager.h"
#include "lib/num.h"

int
pager_start(struct pager *p, const char *arg, int per_page)
{
	p->page = 0;
	p->pages = 1;
	p->total = 0;
	p->per_page = per_page > 0 ? per_page : 1;
	if (arg != NULL && num_parse_page(arg, &p->page) == -1)
		return 400;
	return 0;
}

int64_t
pager_offset(const struct pager *p)
{
	return p->page * p->per_page;
}

int
pager_count(struct pager *p, int64_t total)
{
	p->total = total > 0 ? total : 0;
	p->pages = p->total == 0 ? 1 :
	    (p->total + p->per_page - 1) / p->per_page;
	return p->page < p->pages ? 0 : 404;
}

/* Sets key to the URL of page n, or to null when there is no page n. */
static int
set_link(json_t *m, const char *key, const struct pager *p, struct arena *a,
    pager_url_fn url, const void *ctx, int64_t n)
{
	json_t *v;

	if (n < 0 || n >= p->pages)
		v = json_null();
	else {
		const char *s = url(a, ctx, n);

		if (s == NULL)
			return -1;
		v = json_string(s);
	}
	return json_object_set_new(m, key, v);
}

int
pager_model(json_t *m, const struct pager *p, struct arena *a,
    pager_url_fn url, const void *ctx)
{
	if (json_object_set_new(m, "page", json_integer(p->page)) == -1 ||
	    json_object_set_new(m, "page_human",
	    json_integer(p->page + 1)) == -1 ||
	    json_object_set_new(m, "page_count", json_integer(p->pages)) ==
	    -1 ||
	    json_object_set_new(m, "has_pages",
	    json_boolean(p->pages > 1)) == -1 ||
	    set_link(m, "prev_url", p, a, url, ctx, p->page - 1) == -1 ||
	    set_link(m, "next_url", p, a, url, ctx, p->page + 1) == -1)
		return -1;
	return 0;
}

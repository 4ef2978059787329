/* page.c: the site's pages (About, What we do, ...). */
#include "controllers/controllers.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/urls.h"

/* GET /<slug>: one published page. */
int
page_show(struct request *rq, struct response *rs)
{
	const char *slug = route_arg(rq, 0), *moved, *url;
	struct page p;
	json_t *model, *o;

	if (!slug_valid(slug))
		return 404;
	switch (store_page_by_slug(rq->db, rq->arena, rq->lang, slug, rq->now,
	    &p)) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		if (store_redirect(rq->db, rq->arena, rq->lang, "page", slug,
		    rq->now, &moved) != STORE_OK)
			return 404;
		response_set_header(rs, "Location",
		    url_page(rq->arena, link_lang(rq), moved));
		return 301;
	default:
		return 500;
	}
	url = url_page(rq->arena, link_lang(rq), p.slug);
	if ((model = layout_model(rq, p.title, url)) == NULL)
		return 500;
	o = json_object();
	model_set(o, "title", p.title);
	model_set(o, "summary", p.summary);
	model_set(o, "body_html", p.body_html);
	model_set(o, "url", url);
	json_object_set_new(model, "page", o);
	return layout_render(rq, rs, "page", model, 200);
}

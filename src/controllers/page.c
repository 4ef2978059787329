/* page.c: the site's pages (About, What we do, ...). */
#include "config.h"
#include "controllers/controllers.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/urls.h"

/* GET /<slug>: one published page, chosen as news_show() chooses a
 * release. The layout is read first: a failing store answers 503, never a
 * 404. */
int
page_show(struct request *rq, struct response *rs)
{
	const char *slug = route_arg(rq, 0), *url, *version;
	enum store_status st;
	struct page p;
	json_t *model, *o;
	int ret;

	url = url_page(rq->arena, link_lang(rq), slug);
	if ((model = layout_model(rq, NULL, url)) == NULL)
		return 503;
	if (!slug_valid(slug))
		return 404;
	st = store_page_by_slug(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, slug, rq->now, &p, &version);
	if (st == STORE_NOTFOUND)
		return moved_or_missing(rq, rs, "page", slug, url_page);
	if (st != STORE_OK)
		return store_http_status(st);
	if (version != NULL)
		return moved_to(rs, url_page(rq->arena, link_lang(rq),
		    version));
	if ((ret = layout_languages_item(rq, model, "page", p.group_id,
	    p.slug, url_page)) != 0)
		return ret;
	model_set(model, "title", p.title);
	if ((o = json_object()) == NULL ||
	    json_object_set_new(model, "page", o) == -1 ||
	    mark_foreign(rq, o, p.lang) == -1)
		return 503;
	model_set(o, "title", p.title);
	model_set(o, "summary", p.summary);
	model_set(o, "body_html", p.body_html);
	model_set(o, "url", url);
	return layout_render(rq, rs, "page", model, 200);
}

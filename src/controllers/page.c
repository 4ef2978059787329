/* page.c: the site's pages (About, What we do, ...). */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "store/content.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/urls.h"

/* Page p as its page shows it, into model. */
static int
page_body_model(struct request *rq, const struct page *p, json_t *model)
{
	struct media_shown it = { CONTENT_PAGE, p->id, -1, p->lang,
	    p->body_html };
	json_t *o;
	int ret;

	model_set(model, "title", p->title);
	if ((o = json_object()) == NULL ||
	    json_object_set_new(model, "page", o) == -1 ||
	    mark_foreign(rq, o, p->lang) == -1)
		return 503;
	model_set(o, "title", p->title);
	model_set(o, "slug", p->slug);
	model_set(o, "lang", p->lang);
	model_set(o, "summary", p->summary);
	if ((ret = media_item_set(rq, model, o, &it)) != 0)
		return ret;
	model_set(o, "url", url_page(rq->arena, link_lang(rq), p->slug));
	model_set(o, "updated_iso", time_iso(rq->arena, p->updated_at));
	return 0;
}

/* The content of /<slug>, for the HTML page and the API; url makes the
 * redirects' Location (controllers.h). */
int
page_show_model(struct request *rq, struct response *rs,
    char *(*url)(struct arena *, const char *lang, const char *slug),
    struct page *p, json_t *model)
{
	const char *slug = route_arg(rq, 0), *version;
	enum store_status st;

	if (!slug_valid(slug))
		return 404;
	st = store_page_by_slug(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, slug, rq->now, p, &version);
	if (st == STORE_NOTFOUND)
		return moved_or_missing(rq, rs, "page", slug, url);
	if (st != STORE_OK)
		return store_http_status(st);
	if (version != NULL)
		return moved_to(rs, url(rq->arena, link_lang(rq), version));
	return page_body_model(rq, p, model);
}

/* The rest of page p's page, model holding its layout and body. */
static int
page_show_render(struct request *rq, struct response *rs,
    const struct page *p, json_t *model)
{
	int ret;

	if ((ret = layout_languages_item(rq, model, "page", p->group_id,
	    p->slug, p->lang, url_page)) != 0)
		return ret;
	return layout_render(rq, rs, "page", model, 200);
}

/* Whether a visible page in the reader's own language has the route's
 * slug: 1 or 0, or the status to answer (503). */
static int
page_in_lang(struct request *rq)
{
	const char *slug = route_arg(rq, 0), *version;
	enum store_status st;
	struct page p;

	if (!slug_valid(slug))
		return 0;
	st = store_page_by_slug(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, slug, rq->now, &p, &version);
	if (st == STORE_NOTFOUND)
		return 0;
	if (st != STORE_OK)
		return store_http_status(st);
	return strcmp(p.lang, rq->lang) == 0;
}

/* GET /<slug>: one published page, chosen as news_show() chooses a
 * release, or a project. The layout is read first: a failing store
 * answers 503, never a 404. */
int
page_show(struct request *rq, struct response *rs)
{
	struct page p;
	json_t *model;
	int ret;

	/* Projects answer at /<slug> too, sharing the slugs of a language
	 * with the pages (project.c); their old slugs after the pages'.
	 * Slugs are unique within one language only: a page in the
	 * reader's language wins over a project in another, which the
	 * project's lookup would take as a stand-in. */
	if ((ret = page_in_lang(rq)) > 1)
		return ret;
	if (ret == 0 && (ret = project_show(rq, rs)) != 404)
		return ret;
	if ((model = layout_model(rq, NULL, url_page(rq->arena, link_lang(rq),
	    route_arg(rq, 0)))) == NULL)
		return 503;
	if ((ret = page_show_model(rq, rs, url_page, &p, model)) != 0)
		return ret == 404 ? project_moved(rq, rs) : ret;
	return page_show_render(rq, rs, &p, model);
}

int
page_page(struct request *rq, struct response *rs, const struct content *c)
{
	struct page p = {
		.id = c->id, .group_id = c->group_id, .lang = c->lang,
		.slug = c->slug, .title = c->title, .summary = c->summary,
		.body_html = c->body_html, .updated_at = c->updated_at,
	};
	json_t *model;
	int ret;

	if ((model = layout_model(rq, NULL, url_page(rq->arena, link_lang(rq),
	    p.slug))) == NULL)
		return 503;
	if ((ret = page_body_model(rq, &p, model)) != 0)
		return ret;
	return page_show_render(rq, rs, &p, model);
}

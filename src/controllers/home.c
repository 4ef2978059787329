/* home.c: the home page: the introduction and the latest releases. */
#include "config.h"
#include "controllers/controllers.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/urls.h"

/* 5: the latest releases the home page lists. */
#define HOME_LATEST	5

/* The home page in lang. */
static char *
home_url_in(struct arena *a, const char *lang, const void *ctx)
{
	(void)ctx;
	return url_home(a, lang);
}

/* GET /: introduction and latest releases. The layout is read first, so
 * that a failing store answers 503 before anything else is read. */
int
home_show(struct request *rq, struct response *rs)
{
	struct news *items;
	enum store_status st;
	json_t *model, *list;
	size_t n, i;
	int ret;

	if ((model = layout_model(rq, NULL, url_home(rq->arena,
	    link_lang(rq)))) == NULL)
		return 503;
	if (!read_setting(rq, model, "intro_html", "intro_html", ""))
		return 503;
	if ((st = store_news_list(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, rq->now, 0, HOME_LATEST, &items, &n)) !=
	    STORE_OK)
		return store_http_status(st);
	if (layout_languages_all(rq, model, home_url_in, NULL) == -1)
		return 503;
	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "latest", list) == -1)
		return 503;
	for (i = 0; i < n; i++)
		if ((ret = media_list_append(rq, list, news_item_model(rq,
		    &items[i]), CONTENT_NEWS, items[i].id, items[i].lead_media,
		    items[i].lang)) != 0)
			return ret;
	json_object_set_new(model, "has_latest", json_boolean(n > 0));
	return layout_render(rq, rs, "home", model, 200);
}

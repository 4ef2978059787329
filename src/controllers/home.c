/* home.c: the home page: the introduction and the latest releases. */
#include "controllers/controllers.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/urls.h"

/* 5: the latest releases the home page lists. */
#define HOME_LATEST	5

/* GET /: introduction and latest releases. */
int
home_show(struct request *rq, struct response *rs)
{
	struct news *items;
	const char *intro = NULL, *name = NULL;
	json_t *model, *list;
	size_t n, i;

	if (store_setting(rq->db, rq->arena, rq->lang, "intro_html", &intro) ==
	    STORE_ERROR ||
	    store_setting(rq->db, rq->arena, rq->lang, "site_name", &name) ==
	    STORE_ERROR ||
	    store_news_list(rq->db, rq->arena, rq->lang, rq->now, 0,
	    HOME_LATEST, &items, &n) != STORE_OK)
		return 500;
	if ((model = layout_model(rq, name, url_home(rq->arena, link_lang(rq)))) ==
	    NULL)
		return 500;
	model_set(model, "intro_html", intro);
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, news_item_model(rq, &items[i]));
	json_object_set_new(model, "latest", list);
	json_object_set_new(model, "has_latest", json_boolean(n > 0));
	return layout_render(rq, rs, "home", model, 200);
}

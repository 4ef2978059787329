/* layout.c: the part of every page's view model that the layout shows:
 * site name, menu, assets, year. */
#include <string.h>
#include <time.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/store.h"
#include "view/assets.h"
#include "view/render.h"
#include "view/urls.h"

/* 3: the depth of the deepest menu the layout draws. */
#define MENU_DEPTH	3

const char *
link_lang(const struct request *rq)
{
	return strcmp(rq->lang, rq->cfg->default_lang) == 0 ? NULL : rq->lang;
}

int
store_http_status(enum store_status st)
{
	switch (st) {
	case STORE_NOTFOUND:
		return 404;
	case STORE_BUSY:
	case STORE_READONLY:
	case STORE_FULL:
		return 503;
	default:
		return 500;
	}
}

void
model_set(json_t *o, const char *key, const char *v)
{
	json_t *s = json_string(v != NULL ? v : "");

	json_object_set_new(o, key, s != NULL ? s : json_string(""));
}

static void
release_model(void *p)
{
	json_decref(p);
}

/* The URL of a menu item, or NULL when it points nowhere public. */
static const char *
item_url(struct request *rq, const struct menu_item *m)
{
	switch (m->target) {
	case MENU_NEWS:
		return url_news_list(rq->arena, link_lang(rq), 0);
	case MENU_URL:
		return m->url;
	default:
		if (m->page_slug == NULL || !m->page_visible)
			return NULL;
		return url_page(rq->arena, link_lang(rq), m->page_slug);
	}
}

/* Builds the tree from rows that come parents first: each row's parent has
 * its json node already, or the row is dropped with its subtree. */
static json_t *
menu_model(struct request *rq, const struct menu_item *items, size_t n,
    const char *current)
{
	json_t **nodes, **kids, *top, *o, *parent_kids;
	int *depth;
	const char *url;
	size_t i, j = 0;

	if ((top = json_array()) == NULL)
		return NULL;
	nodes = arena_alloc(rq->arena, sizeof(*nodes) * (n + 1));
	kids = arena_alloc(rq->arena, sizeof(*kids) * (n + 1));
	depth = arena_alloc(rq->arena, sizeof(*depth) * (n + 1));
	if (nodes == NULL || kids == NULL || depth == NULL)
		return top;
	for (i = 0; i < n; i++) {
		const struct menu_item *m = &items[i];

		parent_kids = top;
		depth[i] = 0;
		if (m->parent_id != 0) {
			for (j = 0; j < i && items[j].id != m->parent_id; j++)
				;
			if (j == i || nodes[j] == NULL ||
			    depth[j] + 1 >= MENU_DEPTH)
				continue;
			parent_kids = kids[j];
			depth[i] = depth[j] + 1;
		}
		if ((url = item_url(rq, m)) == NULL)
			continue;
		if (m->parent_id != 0)
			json_object_set(nodes[j], "has_children", json_true());
		o = json_object();
		kids[i] = json_array();
		model_set(o, "label", m->label);
		model_set(o, "url", url);
		model_set(o, "description", m->parent_id == 0 ?
		    m->description : "");
		json_object_set_new(o, "external",
		    json_boolean(m->target == MENU_URL));
		json_object_set_new(o, "current", json_boolean(current != NULL &&
		    m->target != MENU_URL && strcmp(url, current) == 0));
		json_object_set_new(o, "has_children", json_false());
		json_object_set_new(o, "children", kids[i]);
		json_array_append_new(parent_kids, o);
		nodes[i] = o;
	}
	return top;
}

json_t *
layout_model(struct request *rq, const char *title, const char *current)
{
	struct menu_item *items;
	const char *name = NULL, *tagline = NULL;
	json_t *m, *site, *assets;
	struct tm tm;
	size_t n;

	if ((m = json_object()) == NULL)
		return NULL;
	arena_defer(rq->arena, release_model, m);
	if (store_setting(rq->db, rq->arena, rq->lang, "site_name", &name) ==
	    STORE_ERROR ||
	    store_setting(rq->db, rq->arena, rq->lang, "tagline", &tagline) ==
	    STORE_ERROR ||
	    store_menu(rq->db, rq->arena, rq->lang, rq->now, &items, &n) !=
	    STORE_OK)
		return NULL;
	site = json_object();
	model_set(site, "name", name != NULL ? name : "Waypoint");
	model_set(site, "tagline", tagline);
	model_set(site, "lang", rq->lang);
	model_set(site, "home_url", url_home(rq->arena, link_lang(rq)));
	model_set(site, "news_url", url_news_list(rq->arena, link_lang(rq), 0));
	json_object_set_new(m, "site", site);
	assets = json_object();
	model_set(assets, "css", assets_url("css/site.css"));
	model_set(assets, "icon", assets_url("img/favicon.svg"));
	json_object_set_new(m, "assets", assets);
	json_object_set_new(m, "menu", menu_model(rq, items, n, current));
	model_set(m, "title", title);
	gmtime_r(&rq->now, &tm);
	json_object_set_new(m, "year", json_integer(tm.tm_year + 1900));
	return m;
}

json_t *
layout_model_fallback(struct request *rq, const char *title)
{
	json_t *m, *site, *assets;

	if (rq->db != NULL && (m = layout_model(rq, title, NULL)) != NULL)
		return m;
	if ((m = json_object()) == NULL)
		return NULL;
	arena_defer(rq->arena, release_model, m);
	site = json_object();
	model_set(site, "name", "Waypoint");
	model_set(site, "lang", rq->lang ? rq->lang : "en");
	model_set(site, "home_url", "/");
	model_set(site, "news_url", "/news");
	json_object_set_new(m, "site", site);
	assets = json_object();
	model_set(assets, "css", assets_url("css/site.css"));
	model_set(assets, "icon", assets_url("img/favicon.svg"));
	json_object_set_new(m, "assets", assets);
	json_object_set_new(m, "menu", json_array());
	model_set(m, "title", title);
	return m;
}

int
layout_render(struct request *rq, struct response *rs, const char *name,
    json_t *model, int status)
{
	(void)rq;
	if (model == NULL)
		return 500;
	return view_render(rs, name, model, status);
}

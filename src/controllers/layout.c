/* layout.c: the part of every page's view model that the layout shows:
 * site name, menu, assets, year. */
#include <string.h>
#include <time.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/assets.h"
#include "view/i18n.h"
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
	/* Busy, locked, read-only, full, corrupt or out of memory: none of
	 * them says the page is missing, and each may pass. */
	return st == STORE_NOTFOUND ? 404 : 503;
}

int
moved_or_missing(struct request *rq, struct response *rs, const char *kind,
    const char *slug,
    char *(*url)(struct arena *, const char *lang, const char *slug))
{
	enum store_status st;
	const char *moved;

	if ((st = store_redirect(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, kind, slug, rq->now, &moved)) != STORE_OK)
		return store_http_status(st);
	return moved_to(rs, url(rq->arena, link_lang(rq), moved));
}

int
moved_to(struct response *rs, const char *to)
{
	if (to == NULL || response_set_header(rs, "Location", to) == -1)
		return 500;
	return 301;
}

/* jansson's own check reads the key and the value a byte at a time: on a
 * feed of long entries it was a tenth of the miss. utf8_valid reads
 * eight bytes a step; invalid text is stored as "", as before. */
void
model_set(json_t *o, const char *key, const char *v)
{
	size_t len = v != NULL ? strlen(v) : 0;

	if (!utf8_valid(key, strlen(key)))
		return;
	if (!utf8_valid(v, len))
		len = 0;
	json_object_set_new_nocheck(o, key,
	    json_stringn_nocheck(len > 0 ? v : "", len));
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
	case MENU_PROJECTS:
	case MENU_EVENTS:
	case MENU_RESOURCES:
		return url_kind_list(rq->arena, link_lang(rq),
		    store_menu_target_name(m->target));
	default:
		if (m->page_slug == NULL || !m->page_visible)
			return NULL;
		return url_page(rq->arena, link_lang(rq), m->page_slug);
	}
}

/* Builds the tree from rows that come parents first: each row's parent has
 * its json node already, or the row is dropped with its subtree. */
static json_t *
menu_tree(struct request *rq, const struct menu_item *items, size_t n,
    const char *current)
{
	json_t **nodes, **kids, *top, *o, *parent_kids;
	int *depth;
	const char *url;
	size_t i, j = 0;

	nodes = arena_alloc(rq->arena, sizeof(*nodes) * (n + 1));
	kids = arena_alloc(rq->arena, sizeof(*kids) * (n + 1));
	depth = arena_alloc(rq->arena, sizeof(*depth) * (n + 1));
	/* Out of memory is a failed page, never a page without its menu. */
	if (nodes == NULL || kids == NULL || depth == NULL ||
	    (top = json_array()) == NULL)
		return NULL;
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
		/* o is top's (through parent_kids) once appended, and kids[i]
		 * is o's once set: releasing top releases them all. */
		if ((o = json_object()) == NULL ||
		    json_array_append_new(parent_kids, o) == -1 ||
		    (kids[i] = json_array()) == NULL ||
		    json_object_set_new(o, "children", kids[i]) == -1) {
			json_decref(top);
			return NULL;
		}
		model_set(o, "label", m->label);
		model_set(o, "url", url);
		model_set(o, "description", m->parent_id == 0 ?
		    m->description : "");
		model_set(o, "label_lang", m->label_lang);
		model_set(o, "description_lang", m->description_lang);
		json_object_set_new(o, "external",
		    json_boolean(m->target == MENU_URL));
		json_object_set_new(o, "current", json_boolean(
		    current != NULL && m->target != MENU_URL &&
		    strcmp(url, current) == 0));
		json_object_set_new(o, "has_children", json_false());
		nodes[i] = o;
	}
	return top;
}

/* The menu every page shows, and the API's /api/v1/menu answers. */
json_t *
menu_model(struct request *rq, const char *current)
{
	struct menu_item *items;
	size_t n;

	if (store_menu(rq->db, rq->arena, rq->lang, rq->now, &items, &n) !=
	    STORE_OK)
		return NULL;
	return menu_tree(rq, items, n, current);
}

bool
read_setting(struct request *rq, json_t *o, const char *key,
    const char *name, const char *unset)
{
	const char *value, *in;

	if (store_setting_in(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, key, &value, &in) != STORE_OK)
		return false;
	model_set(o, name, value != NULL ? value : unset);
	/* A setting the page's language lacks is the default language's:
	 * named so, for the lang attribute around it. */
	if (in != NULL && strcmp(in, rq->lang) != 0)
		model_set(o, arena_printf(rq->arena, "%s_lang", name), in);
	return true;
}

/* A view model released with the request; NULL when out of memory (a
 * failed arena_defer() has released it already). */
json_t *
model_new(struct request *rq)
{
	json_t *o;

	if ((o = json_object()) == NULL ||
	    arena_defer(rq->arena, release_model, o) == -1)
		return NULL;
	return o;
}

/* The site's assets, as every layout links them. */
static json_t *
assets_model(void)
{
	json_t *assets = json_object();
	const char *logo = assets_data_url("img/favicon.svg");

	model_set(assets, "css", assets_url("css/site.css"));
	/* The logo is the icon, both in the page itself: the first paint
	 * waits for no image, and the browser makes no request of its own
	 * for the icon. */
	if (logo == NULL)
		logo = assets_url("img/favicon.svg");
	model_set(assets, "icon", logo);
	model_set(assets, "logo", logo);
	model_set(assets, "js", assets_url("js/site.js"));
	return assets;
}

json_t *
layout_model(struct request *rq, const char *title, const char *current)
{
	json_t *m, *site, *menu;
	struct tm tm;

	if ((m = model_new(rq)) == NULL)
		return NULL;
	if ((site = json_object()) == NULL ||
	    json_object_set_new(m, "site", site) == -1 ||
	    !read_setting(rq, site, "site_name", "name", "Waypoint") ||
	    !read_setting(rq, site, "tagline", "tagline", "") ||
	    (menu = menu_model(rq, current)) == NULL)
		return NULL;
	if (json_object_set_new(m, "menu", menu) == -1 ||
	    json_object_set_new(m, "assets", assets_model()) == -1)
		return NULL;
	model_set(site, "lang", rq->lang);
	json_object_set_new(site, "rtl", json_boolean(i18n_rtl(rq->lang)));
	model_set(site, "home_url", url_home(rq->arena, link_lang(rq)));
	model_set(site, "news_url", url_news_list(rq->arena, link_lang(rq), 0));
	/* Every page links the feed of its language. */
	model_set(site, "feed_url", url_news_feed(rq->arena, link_lang(rq)));
	model_set(site, "search_url", url_search(rq->arena, link_lang(rq)));
	model_set(m, "title", title);
	/* A draft is marked, and not indexed: the layout draws both. */
	json_object_set_new(m, "preview", json_boolean(rq->preview));
	json_object_set_new(m, "noindex", json_boolean(rq->preview));
	if (meta_social(rq, m) == -1)
		return NULL;
	gmtime_r(&rq->now, &tm);
	json_object_set_new(m, "year", json_integer(tm.tm_year + 1900));
	return m;
}

json_t *
layout_model_fallback(struct request *rq, const char *title)
{
	json_t *m, *site;

	if (rq->db != NULL && (m = layout_model(rq, title, NULL)) != NULL)
		return meta_canonical_asked(rq, m) == -1 ? NULL : m;
	if ((m = model_new(rq)) == NULL ||
	    (site = json_object()) == NULL ||
	    json_object_set_new(m, "site", site) == -1 ||
	    json_object_set_new(m, "assets", assets_model()) == -1 ||
	    json_object_set_new(m, "menu", json_array()) == -1)
		return NULL;
	model_set(site, "name", "Waypoint");
	model_set(site, "lang", rq->lang ? rq->lang : "en");
	json_object_set_new(site, "rtl", json_boolean(i18n_rtl(rq->lang)));
	model_set(site, "home_url", url_home(rq->arena, NULL));
	model_set(site, "news_url", url_news_list(rq->arena, NULL, 0));
	model_set(site, "search_url", url_search(rq->arena, NULL));
	model_set(m, "title", title);
	if (meta_social(rq, m) == -1 || meta_canonical_asked(rq, m) == -1)
		return NULL;
	return m;
}

int
layout_render(struct request *rq, struct response *rs, const char *name,
    json_t *model, int status)
{
	if (model == NULL)
		return 500;
	return view_render(rs, rq->lang, name, model, status);
}

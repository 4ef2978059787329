/* sitemap.c: what search engines read first: /sitemap.xml, every public
 * URL in every language with its translations, and /robots.txt. */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/render.h"
#include "view/urls.h"

/* 200: groups rendered at a time. Their rows, model and arena are all the
 * sitemap holds besides the answer itself, however many items there are. */
#define SITEMAP_BATCH	200

/* The URL of an item of a kind in a language. */
typedef char *(*item_url_fn)(struct arena *, const char *lang,
    const char *slug);

/* Appends {loc, lastmod (when t is not 0), alternates} to urls; alts is
 * shared by the versions of one group. 0, or -1 when out of memory. */
static int
add_url(struct arena *a, json_t *urls, const char *loc, time_t t,
    json_t *alts)
{
	json_t *o;

	if (loc == NULL || (o = json_object()) == NULL ||
	    json_array_append_new(urls, o) == -1)
		return -1;
	model_set(o, "loc", loc);
	if (t != 0)
		model_set(o, "lastmod", time_w3c(a, t));
	return json_object_set(o, "alternates", alts);
}

/* Appends a page every language has, url in each, with lastmod t. */
static int
add_everywhere(struct request *rq, json_t *urls, time_t t,
    char *(*url)(struct arena *, const char *lang))
{
	const struct config *cfg = rq->cfg;
	struct lang_version v[CONFIG_LANGS_MAX];
	json_t *alts;
	size_t i;
	int ret = 0;

	for (i = 0; i < cfg->nlangs; i++) {
		v[i].path = url(rq->arena, lang_link(rq, cfg->langs[i]));
		v[i].exists = true;
	}
	if ((alts = lang_alternates(cfg, rq->arena, v)) == NULL)
		return -1;
	for (i = 0; i < cfg->nlangs && ret == 0; i++)
		ret = add_url(rq->arena, urls, url_absolute(rq->arena,
		    cfg->base_url, v[i].path), t, alts);
	json_decref(alts);
	return ret;
}

/* The first page of the news list in lang. */
static char *
news_list_url(struct arena *a, const char *lang)
{
	return url_news_list(a, lang, 0);
}

/* The first page, unfiltered, of the lists of projects, events and
 * publications in lang. */
static char *
projects_url(struct arena *a, const char *lang)
{
	return url_kind_list(a, lang, "projects");
}

static char *
events_url(struct arena *a, const char *lang)
{
	return url_kind_list(a, lang, "events");
}

static char *
resources_url(struct arena *a, const char *lang)
{
	return url_kind_list(a, lang, "resources");
}

/* The kinds listed after the releases and pages, each with its list: an
 * entry kind's name, its items' URL and its list's. A project answers at
 * /<slug>, beside the pages. */
static const struct {
	const char	*kind;
	item_url_fn	 url;
	char		*(*list)(struct arena *, const char *lang);
} entry_kinds[] = {
	{ "project", url_page, projects_url },
	{ "event", url_event, events_url },
	{ "publication", url_resource, resources_url },
};
#define NENTRY_KINDS	(sizeof(entry_kinds) / sizeof(entry_kinds[0]))

/* Appends the versions of one group, e[0..n), each in a language of the
 * site (a version in a language the site no longer has is left out: no
 * URL reaches it). */
static int
add_group(struct request *rq, struct arena *a, json_t *urls,
    const struct sitemap_entry *e, size_t n, item_url_fn url)
{
	const struct config *cfg = rq->cfg;
	struct lang_version v[CONFIG_LANGS_MAX];
	const struct sitemap_entry *at[CONFIG_LANGS_MAX];
	json_t *alts;
	size_t i, j;
	int ret = 0;

	for (i = 0; i < cfg->nlangs; i++) {
		for (j = 0; j < n && strcmp(e[j].lang, cfg->langs[i]) != 0; j++)
			;
		at[i] = j < n ? &e[j] : NULL;
		v[i].exists = at[i] != NULL;
		v[i].path = at[i] != NULL ? url(a, lang_link(rq,
		    cfg->langs[i]), at[i]->slug) : NULL;
		if (v[i].exists && v[i].path == NULL)
			return -1;
	}
	if ((alts = lang_alternates(cfg, a, v)) == NULL)
		return -1;
	for (i = 0; i < cfg->nlangs && ret == 0; i++)
		if (at[i] != NULL)
			ret = add_url(a, urls, url_absolute(a, cfg->base_url,
			    v[i].path), at[i]->lastmod, alts);
	json_decref(alts);
	return ret;
}

/* Renders urls as one part of the sitemap; open and close add its first
 * and last lines. */
static int
render_urls(struct request *rq, struct response *rs, json_t *urls,
    bool open, bool close)
{
	json_t *m = json_object();
	int ret;

	if (m == NULL)
		return -1;
	json_object_set_new(m, "open", json_boolean(open));
	json_object_set_new(m, "close", json_boolean(close));
	ret = json_object_set(m, "urls", urls) == -1 ? -1 :
	    view_render_part(rs, rq->lang, "sitemap", m);
	json_decref(m);
	return ret;
}

/* Renders every visible item of kind, SITEMAP_BATCH groups at a time,
 * each batch in an arena of its own freed once rendered. Returns 0, or
 * the status to answer with. */
static int
render_kind(struct request *rq, struct response *rs, const char *kind,
    item_url_fn url)
{
	struct sitemap_entry *e;
	enum store_status st;
	struct arena *a;
	json_t *urls;
	int64_t after = 0;
	size_t n, i, j;
	int ret = 0;

	do {
		if ((a = arena_new()) == NULL)
			return 503;
		if ((urls = json_array()) == NULL) {
			arena_free(a);
			return 503;
		}
		st = store_sitemap_page(rq->db, a, kind, rq->now, after,
		    SITEMAP_BATCH, &e, &n);
		if (st != STORE_OK)
			ret = store_http_status(st);
		/* e[i..j) are the versions of one group. */
		for (i = 0; ret == 0 && i < n; i = j) {
			for (j = i; j < n && e[j].group_id == e[i].group_id;
			    j++)
				;
			if (add_group(rq, a, urls, e + i, j - i, url) == -1)
				ret = 503;
			after = e[i].group_id;
		}
		if (ret == 0 && render_urls(rq, rs, urls, false, false) == -1)
			ret = 500;
		json_decref(urls);
		arena_free(a);
	} while (ret == 0 && n > 0);
	return ret;
}

/* Renders each of entry_kinds: its list in every language, then its
 * items. Returns 0, or the status to answer with. */
static int
render_entries(struct request *rq, struct response *rs)
{
	enum store_status st;
	json_t *urls;
	time_t newest;
	size_t k;
	int ret = 0;

	for (k = 0; ret == 0 && k < NENTRY_KINDS; k++) {
		if ((st = store_sitemap_newest_entry(rq->db,
		    entry_kinds[k].kind, rq->now, &newest)) != STORE_OK)
			return store_http_status(st);
		if ((urls = json_array()) == NULL)
			return 503;
		if (add_everywhere(rq, urls, newest, entry_kinds[k].list) ==
		    -1)
			ret = 503;
		else if (render_urls(rq, rs, urls, false, false) == -1)
			ret = 500;
		json_decref(urls);
		if (ret == 0)
			ret = render_kind(rq, rs, entry_kinds[k].kind,
			    entry_kinds[k].url);
	}
	return ret;
}

/* GET /sitemap.xml: the home page and news list in each language, then
 * every visible release and page version (never the stand-in for a
 * missing one), each with the alternates of its group, then the lists of
 * entry_kinds and their items likewise. At the site's root
 * only: /hu/sitemap.xml is a 404. */
int
sitemap_show(struct request *rq, struct response *rs)
{
	enum store_status st;
	json_t *urls;
	time_t newest;
	int ret;

	if (link_lang(rq) != NULL)
		return 404;
	if ((st = store_sitemap_newest(rq->db, rq->now, &newest)) != STORE_OK)
		return store_http_status(st);
	if ((urls = json_array()) == NULL)
		return 503;
	buf_reset(&rs->body);
	if (add_everywhere(rq, urls, newest, url_home) == -1 ||
	    add_everywhere(rq, urls, newest, news_list_url) == -1)
		ret = 503;
	else if (render_urls(rq, rs, urls, true, false) == -1)
		ret = 500;
	else if ((ret = render_kind(rq, rs, "news", url_news)) == 0 &&
	    (ret = render_kind(rq, rs, "page", url_page)) == 0 &&
	    (ret = render_entries(rq, rs)) == 0) {
		json_array_clear(urls);
		ret = render_urls(rq, rs, urls, false, true) == -1 ? 500 : 200;
	}
	json_decref(urls);
	/* No part of a sitemap that failed: app.c draws the error page over
	 * an empty body only. */
	if (ret != 200)
		buf_reset(&rs->body);
	return ret;
}

/* GET /robots.txt: everything in but the editors' pages (under every
 * language's prefix), and where the sitemap is. At the site's root
 * only. */
int
robots_show(struct request *rq, struct response *rs)
{
	const struct config *cfg = rq->cfg;
	json_t *m, *out;
	size_t i;
	int ret;

	if (link_lang(rq) != NULL)
		return 404;
	if ((m = json_object()) == NULL)
		return 503;
	if ((out = json_array()) == NULL ||
	    json_object_set_new(m, "disallow", out) == -1) {
		json_decref(m);
		return 503;
	}
	for (i = 0; i < cfg->nlangs; i++)
		if (json_array_append_new(out, json_string(url_admin_in(
		    rq->arena, lang_link(rq, cfg->langs[i])))) == -1) {
			json_decref(m);
			return 503;
		}
	model_set(m, "sitemap", url_absolute(rq->arena, cfg->base_url,
	    url_sitemap(rq->arena)));
	buf_reset(&rs->body);
	ret = view_render_part(rs, rq->lang, "robots", m) == -1 ? 500 : 200;
	json_decref(m);
	if (ret != 200)
		buf_reset(&rs->body);
	return ret;
}

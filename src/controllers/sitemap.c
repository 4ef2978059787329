/* sitemap.c: what search engines read first: /sitemap.xml, the index of
 * the sitemap's files, each file (every public URL in every language with
 * its translations, a range of them), and /robots.txt. */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/num.h"
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

/* Renders every visible item of kind whose group id is above after and
 * below before, SITEMAP_BATCH groups at a time, each batch in an arena of
 * its own freed once rendered. Returns 0, or the status to answer with. */
static int
render_kind(struct request *rq, struct response *rs, const char *kind,
    item_url_fn url, int64_t after, int64_t before)
{
	struct sitemap_entry *e;
	enum store_status st;
	struct arena *a;
	json_t *urls;
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
		    before, SITEMAP_BATCH, &e, &n);
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

/* The pages every language has, each with the kind whose latest change
 * is its lastmod: the sitemap's "site" part. */
static const struct {
	char		*(*url)(struct arena *, const char *lang);
	const char	*kind;
} fixed[] = {
	{ url_home, "news" },
	{ url_news_first, "news" },
	{ url_projects_first, "project" },
	{ url_events_first, "event" },
	{ url_resources_first, "publication" },
};
#define NFIXED	((int64_t)(sizeof(fixed) / sizeof(fixed[0])))

/* The parts of the sitemap, each a run of files: the fixed pages, then
 * the items of each kind (the part's name is the store's kind) by ranges
 * of group ids, so that a file reads the rows of its range only and a new
 * item lands in the last file of its kind. A project answers at /<slug>,
 * beside the pages. */
static const struct {
	const char	*part;
	item_url_fn	 url;	/* NULL: the fixed pages */
} parts[] = {
	{ "site", NULL },
	{ "news", url_news },
	{ "page", url_page },
	{ "project", url_page },
	{ "event", url_event },
	{ "publication", url_resource },
};
#define NPARTS	(sizeof(parts) / sizeof(parts[0]))

/* Groups (or fixed pages) a file holds: each has at most one URL a
 * language, so a file holds at most [test] sitemap_urls URLs (50,000,
 * sitemaps.org's limit). At least 1: config.c keeps the limit at or
 * above the most languages a site has. */
static int64_t
per_file(const struct config *cfg)
{
	int64_t n = cfg->test_sitemap_urls / (int64_t)cfg->nlangs;

	return n > 0 ? n : 1;
}

/* Whether part k has file n: n holds a fixed page, or an item visible at
 * now of a group of its range of ids. 0 or 404; else the status to answer
 * with. */
static int
has_file(struct request *rq, size_t k, int64_t n)
{
	int64_t per = per_file(rq->cfg), g;
	enum store_status st;

	if (n < 0 || n > NUM_ID_MAX / per)
		return 404;
	if (parts[k].url == NULL)
		return n * per < NFIXED ? 0 : 404;
	st = store_sitemap_next(rq->db, parts[k].part, rq->now, n * per, &g);
	if (st == STORE_NOTFOUND || (st == STORE_OK && g >= (n + 1) * per))
		return 404;
	return st == STORE_OK ? 0 : store_http_status(st);
}

/* Calls each(ctx, part, n) for each file n of part k with an item, in
 * order, a seek each. 0, or the status to answer with: the store's, or
 * each's when not 0 (which ends the walk). */
static int
each_file(struct request *rq, size_t k, sitemap_file_fn each, void *ctx)
{
	int64_t per = per_file(rq->cfg), n, g = 0;
	enum store_status st;
	int ret;

	for (n = 0; ; n = g / per + 1) {
		if (parts[k].url == NULL)
			g = n * per < NFIXED ? n * per : -1;
		else if ((st = store_sitemap_next(rq->db, parts[k].part,
		    rq->now, n * per, &g)) == STORE_NOTFOUND)
			g = -1;
		else if (st != STORE_OK)
			return store_http_status(st);
		if (g < 0)
			return 0;
		if ((ret = each(ctx, parts[k].part, g / per)) != 0)
			return ret;
	}
}

int64_t
sitemap_file_of(const struct config *cfg, const char *kind, int64_t group_id)
{
	size_t k;

	for (k = 0; k < NPARTS; k++)
		if (parts[k].url != NULL && strcmp(parts[k].part, kind) == 0)
			return group_id >= 0 ? group_id / per_file(cfg) : -1;
	return -1;
}

int
sitemap_files(struct request *rq, sitemap_file_fn each, void *ctx)
{
	size_t k;
	int ret = 0;

	for (k = 0; ret == 0 && k < NPARTS; k++)
		ret = each_file(rq, k, each, ctx);
	return ret;
}

/* The index's list of files, as it is made. */
struct index_files {
	struct request	*rq;
	json_t		*files;
};

/* Appends the URL of file n of part to the index's list of files. */
static int
index_file(void *ctx, const char *part, int64_t n)
{
	struct index_files *x = ctx;

	return json_array_append_new(x->files, json_string(url_absolute(
	    x->rq->arena, x->rq->cfg->base_url, url_sitemap_file(x->rq->arena,
	    part, n)))) == -1 ? 503 : 0;
}

/* The latest public change of kind, at now. */
static enum store_status
newest(struct request *rq, const char *kind, time_t *t)
{
	if (strcmp(kind, "news") == 0)
		return store_sitemap_newest(rq->db, rq->now, t);
	return store_sitemap_newest_entry(rq->db, kind, rq->now, t);
}

/* Renders the fixed pages of file n, each in every language. Returns 0,
 * or the status to answer with. */
static int
render_fixed(struct request *rq, struct response *rs, int64_t n)
{
	int64_t per = per_file(rq->cfg), i;
	enum store_status st;
	json_t *urls;
	time_t t;
	int ret = 0;

	if ((urls = json_array()) == NULL)
		return 503;
	for (i = n * per; ret == 0 && i < NFIXED && i < (n + 1) * per; i++) {
		if ((st = newest(rq, fixed[i].kind, &t)) != STORE_OK)
			ret = store_http_status(st);
		else if (add_everywhere(rq, urls, t, fixed[i].url) == -1)
			ret = 503;
	}
	if (ret == 0 && render_urls(rq, rs, urls, false, false) == -1)
		ret = 500;
	json_decref(urls);
	return ret;
}

/* Reads name, "<part>-<n>", into the part's index *k and *n; -1 when it
 * names no part or n is not a number. */
static int
parse_name(const char *name, size_t *k, int64_t *n)
{
	size_t len;

	for (*k = 0; *k < NPARTS; (*k)++) {
		len = strlen(parts[*k].part);
		if (strncmp(name, parts[*k].part, len) == 0 &&
		    name[len] == '-')
			return num_parse(name + len + 1, 0, NUM_ID_MAX, n);
	}
	return -1;
}

/* A model {key: []}, its list in *list; NULL when out of memory. */
static json_t *
list_model(const char *key, json_t **list)
{
	json_t *m = json_object();

	if (m == NULL || (*list = json_array()) == NULL ||
	    json_object_set_new(m, key, *list) == -1) {
		json_decref(m);
		return NULL;
	}
	return m;
}

/* Renders template name with m as the whole answer when status is 0, and
 * frees m. 200, or status (500 when it did not render) over an empty
 * body: app.c draws the error page over an empty body only. */
static int
render_whole(struct request *rq, struct response *rs, const char *name,
    json_t *m, int status)
{
	buf_reset(&rs->body);
	if (status == 0)
		status = view_render_part(rs, rq->lang, name, m) == -1 ? 500 :
		    200;
	json_decref(m);
	if (status != 200)
		buf_reset(&rs->body);
	return status;
}

/* GET /sitemap.xml: the sitemap index (sitemaps.org 0.9): the files of
 * each part that hold any URL (never an empty one). A seek a file,
 * however many items the site has. At the site's root only:
 * /hu/sitemap.xml is a 404. */
int
sitemap_show(struct request *rq, struct response *rs)
{
	struct index_files x = { rq, NULL };
	json_t *m;

	if (link_lang(rq) != NULL)
		return 404;
	if ((m = list_model("files", &x.files)) == NULL)
		return 503;
	return render_whole(rq, rs, "sitemap_index", m, sitemap_files(rq,
	    index_file, &x));
}

/* GET /sitemap-<part>-<n>.xml: file n of a part of the sitemap: its
 * fixed pages, or every visible version of the groups of its range of
 * ids (never the stand-in for a missing one), each with the alternates of
 * its group. A file the index does not list (with nothing visible), or a
 * name that is none, is a 404; at the site's root only. */
int
sitemap_file_show(struct request *rq, struct response *rs)
{
	int64_t n, per = per_file(rq->cfg);
	json_t *urls;
	size_t k;
	int ret;

	if (link_lang(rq) != NULL ||
	    parse_name(route_arg(rq, 0), &k, &n) == -1)
		return 404;
	if ((ret = has_file(rq, k, n)) != 0)
		return ret;
	if ((urls = json_array()) == NULL)
		return 503;
	buf_reset(&rs->body);
	if (render_urls(rq, rs, urls, true, false) == -1)
		ret = 500;
	else if (parts[k].url == NULL)
		ret = render_fixed(rq, rs, n);
	else
		ret = render_kind(rq, rs, parts[k].part, parts[k].url,
		    n * per - 1, (n + 1) * per);
	if (ret == 0)
		ret = render_urls(rq, rs, urls, false, true) == -1 ? 500 : 200;
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
	int ret = 0;

	if (link_lang(rq) != NULL)
		return 404;
	if ((m = list_model("disallow", &out)) == NULL)
		return 503;
	for (i = 0; ret == 0 && i < cfg->nlangs; i++)
		if (json_array_append_new(out, json_string(url_admin_in(
		    rq->arena, lang_link(rq, cfg->langs[i])))) == -1)
			ret = 503;
	model_set(m, "sitemap", url_absolute(rq->arena, cfg->base_url,
	    url_sitemap(rq->arena)));
	return render_whole(rq, rs, "robots", m, ret);
}

/* news.c: the news releases: the paginated list and one release. */
#include <ctype.h>
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "store/content.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

time_t
news_changed(const struct news *n)
{
	return n->updated_at > n->published_at ? n->updated_at :
	    n->published_at;
}

/* A release as lists show it. */
json_t *
news_item_model(struct request *rq, const struct news *n)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	model_set(o, "title", n->title);
	model_set(o, "slug", n->slug);
	model_set(o, "lang", n->lang);
	model_set(o, "url", url_news(rq->arena, link_lang(rq), n->slug));
	model_set(o, "dateline", n->dateline);
	model_set(o, "date_iso", n->pub_date);
	model_set(o, "date_text", date_text_lang(rq->arena, rq->lang,
	    n->pub_date));
	model_set(o, "published_iso", time_iso(rq->arena, n->published_at));
	model_set(o, "updated_iso", time_iso(rq->arena, news_changed(n)));
	model_set(o, "summary", n->summary);
	if (mark_foreign(rq, o, n->lang) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The entity cmark-gfm writes for c in HTML text, or NULL when it writes c
 * as it is. */
static const char *
html_entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	default:
		return NULL;
	}
}

bool
news_dateline_leads(const char *dateline, const char *body_html)
{
	const char *h = body_html, *e;
	unsigned char next;

	if (dateline == NULL || *dateline == '\0' || h == NULL)
		return false;
	/* Tags first: <p>, and emphasis an editor may have put on it. */
	while (*h == '<' && (e = strchr(h, '>')) != NULL)
		h = e + 1;
	for (; *dateline != '\0'; dateline++) {
		e = html_entity(*dateline);
		if (e != NULL && strncmp(h, e, strlen(e)) == 0)
			h += strlen(e);
		else if (e == NULL && *h == *dateline)
			h++;
		else
			return false;
	}
	/* "Geneva" leads "Geneva – …" and "Geneva, …", not "Genevans …". */
	next = (unsigned char)*h;
	if (next < 0x80)
		return !isalnum(next);
	/* U+2013 and U+2014, the en and em dash. */
	return strncmp(h, "\u2013", 3) == 0 || strncmp(h, "\u2014", 3) == 0;
}

/* The URL of page n of the news list; ctx is the link language. */
static char *
list_url(struct arena *a, const void *ctx, int64_t n)
{
	return url_news_list(a, ctx, n);
}

/* The URL of the same page of the list in lang; ctx is its number. */
static char *
list_url_in(struct arena *a, const char *lang, const void *ctx)
{
	return url_news_list(a, lang, *(const int64_t *)ctx);
}

/* The content of a page of /news, for the HTML list and the API. */
int
news_list_model(struct request *rq, struct pager *pg, json_t *model)
{
	struct news *items;
	enum store_status st;
	int64_t count;
	json_t *list;
	size_t n, i;
	int ret;

	if ((st = store_news_count(rq->db, rq->now, &count)) != STORE_OK)
		return store_http_status(st);
	if ((ret = pager_count(pg, count)) != 0)
		return ret;
	if ((st = store_news_list(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, rq->now, pager_offset(pg), NEWS_PER_PAGE,
	    &items, &n)) != STORE_OK)
		return store_http_status(st);
	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "items", list) == -1)
		return 503;
	for (i = 0; i < n; i++)
		if ((ret = media_list_append(rq, list, news_item_model(rq,
		    &items[i]), CONTENT_NEWS, items[i].id, items[i].lead_media,
		    items[i].lang)) != 0)
			return ret;
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	if (pager_model(model, pg, rq->arena, list_url, link_lang(rq)) == -1)
		return 503;
	return 0;
}

/* GET /news, /news?page=N: releases newest first. */
int
news_index(struct request *rq, struct response *rs)
{
	struct pager pg;
	json_t *model;
	int ret;

	if ((ret = news_list_start(&pg, rq)) != 0)
		return ret;
	if ((model = layout_model(rq, T(rq->lang, "News"),
	    url_news_list(rq->arena, link_lang(rq), 0))) == NULL)
		return 503;
	if ((ret = news_list_model(rq, &pg, model)) != 0)
		return ret;
	if (layout_languages_all(rq, model, list_url_in, &pg.page) == -1)
		return 503;
	return layout_render(rq, rs, "news_list", model, 200);
}

/* ?page= of the news list, 10 a page, for the HTML list and the API. */
int
news_list_start(struct pager *pg, struct request *rq)
{
	return pager_start(pg, request_query(rq, "page"), NEWS_PER_PAGE);
}

/* Release n as its page shows it, into model. */
static int
news_body_model(struct request *rq, const struct news *n, json_t *model)
{
	int ret;
	struct media_shown it = { CONTENT_NEWS, n->id, -1, n->lang,
	    n->body_html };
	json_t *o;

	model_set(model, "title", n->title);
	if ((o = news_item_model(rq, n)) == NULL ||
	    json_object_set_new(model, "news", o) == -1)
		return 503;
	if ((ret = media_item_set(rq, model, o, &it)) != 0)
		return ret;
	json_object_set_new(o, "dateline_leads",
	    json_boolean(news_dateline_leads(n->dateline, n->body_html)));
	return 0;
}

/* The content of /news/<slug>, for the HTML page and the API; url makes
 * the redirects' Location (controllers.h). */
int
news_show_model(struct request *rq, struct response *rs,
    char *(*url)(struct arena *, const char *lang, const char *slug),
    struct news *n, json_t *model)
{
	const char *slug = route_arg(rq, 0), *version;
	enum store_status st;

	if (!slug_valid(slug))
		return 404;
	st = store_news_by_slug(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, slug, rq->now, n, &version);
	if (st == STORE_NOTFOUND)
		return moved_or_missing(rq, rs, "news", slug, url);
	if (st != STORE_OK)
		return store_http_status(st);
	if (version != NULL)
		return moved_to(rs, url(rq->arena, link_lang(rq), version));
	return news_body_model(rq, n, model);
}

/* The rest of release n's page, model holding its layout and body. */
static int
news_show_render(struct request *rq, struct response *rs,
    const struct news *n, json_t *model)
{
	int ret;

	if ((ret = layout_languages_item(rq, model, "news", n->group_id,
	    n->slug, n->lang, url_news)) != 0)
		return ret;
	if (meta_news_jsonld(rq, model, n) == -1)
		return 503;
	return layout_render(rq, rs, "news_show", model, 200);
}

/* GET /news/<slug>: one published release; its version in the reader's
 * language when the slug is another version's; the redirect from a slug
 * it had. A release with no version in the reader's language is shown as
 * it is, marked. The layout is read first: a failing store answers 503,
 * never a 404. */
int
news_show(struct request *rq, struct response *rs)
{
	struct news n;
	json_t *model;
	int ret;

	if ((model = layout_model(rq, NULL,
	    url_news_list(rq->arena, link_lang(rq), 0))) == NULL)
		return 503;
	if ((ret = news_show_model(rq, rs, url_news, &n, model)) != 0)
		return ret;
	return news_show_render(rq, rs, &n, model);
}

int
news_page(struct request *rq, struct response *rs, const struct content *c)
{
	struct news n = {
		.id = c->id, .group_id = c->group_id, .lang = c->lang,
		.slug = c->slug, .title = c->title, .dateline = c->dateline,
		.pub_date = c->pub_date, .summary = c->summary,
		.body_html = c->body_html, .published_at = c->published_at,
		.updated_at = c->updated_at,
	};
	json_t *model;
	int ret;

	if ((model = layout_model(rq, NULL,
	    url_news_list(rq->arena, link_lang(rq), 0))) == NULL)
		return 503;
	if ((ret = news_body_model(rq, &n, model)) != 0)
		return ret;
	return news_show_render(rq, rs, &n, model);
}

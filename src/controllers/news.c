/* news.c: the news releases: the paginated list and one release. */
#include <stdlib.h>
#include <string.h>

#include "controllers/controllers.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/urls.h"

/* 10: releases a page, as on the site Waypoint replaces. */
#define NEWS_PER_PAGE	10
/* 6 digits: 10 million releases, far beyond any office's archive. */
#define PAGE_DIGITS_MAX	6

/* A release as lists show it. */
json_t *
news_item_model(struct request *rq, const struct news *n)
{
	json_t *o = json_object();

	model_set(o, "title", n->title);
	model_set(o, "url", url_news(rq->arena, link_lang(rq), n->slug));
	model_set(o, "dateline", n->dateline);
	model_set(o, "date_iso", n->pub_date);
	model_set(o, "date_text", date_text(rq->arena, n->pub_date));
	model_set(o, "summary", n->summary);
	return o;
}

/* ?page=N counted from 0: digits only, no sign, no leading zero. Returns
 * 0 and sets *page, or -1. */
static int
parse_page(const char *s, int64_t *page)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > PAGE_DIGITS_MAX || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*page = strtoll(s, NULL, 10);
	return 0;
}

/* GET /news, /news?page=N: releases newest first. */
int
news_index(struct request *rq, struct response *rs)
{
	struct news *items;
	const char *arg = request_query(rq, "page");
	int64_t page = 0, count, pages;
	json_t *model, *list;
	size_t n, i;

	if (arg != NULL && parse_page(arg, &page) == -1)
		return 400;
	if (store_news_count(rq->db, rq->lang, rq->now, &count) != STORE_OK)
		return 500;
	pages = count == 0 ? 1 : (count + NEWS_PER_PAGE - 1) / NEWS_PER_PAGE;
	if (page >= pages)
		return 404;
	if (store_news_list(rq->db, rq->arena, rq->lang, rq->now,
	    page * NEWS_PER_PAGE, NEWS_PER_PAGE, &items, &n) != STORE_OK)
		return 500;
	if ((model = layout_model(rq, "News",
	    url_news_list(rq->arena, link_lang(rq), 0))) == NULL)
		return 500;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, news_item_model(rq, &items[i]));
	json_object_set_new(model, "items", list);
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	json_object_set_new(model, "page", json_integer(page));
	json_object_set_new(model, "page_human", json_integer(page + 1));
	json_object_set_new(model, "page_count", json_integer(pages));
	if (page > 0)
		model_set(model, "prev_url",
		    url_news_list(rq->arena, link_lang(rq), page - 1));
	else
		json_object_set_new(model, "prev_url", json_null());
	if (page + 1 < pages)
		model_set(model, "next_url",
		    url_news_list(rq->arena, link_lang(rq), page + 1));
	else
		json_object_set_new(model, "next_url", json_null());
	return layout_render(rq, rs, "news_list", model, 200);
}

/* GET /news/<slug>: one published release. */
int
news_show(struct request *rq, struct response *rs)
{
	const char *slug = route_arg(rq, 0), *moved;
	struct news n;
	json_t *model, *o;

	if (!slug_valid(slug))
		return 404;
	switch (store_news_by_slug(rq->db, rq->arena, rq->lang, slug, rq->now,
	    &n)) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		if (store_redirect(rq->db, rq->arena, rq->lang, "news", slug,
		    rq->now, &moved) != STORE_OK)
			return 404;
		response_set_header(rs, "Location",
		    url_news(rq->arena, link_lang(rq), moved));
		return 301;
	default:
		return 500;
	}
	if ((model = layout_model(rq, n.title,
	    url_news_list(rq->arena, link_lang(rq), 0))) == NULL)
		return 500;
	o = news_item_model(rq, &n);
	model_set(o, "body_html", n.body_html);
	json_object_set_new(model, "news", o);
	return layout_render(rq, rs, "news_show", model, 200);
}

/* admin_dashboard.c: the editors' lists: the dashboard (releases and pages
 * together) and the list of each kind, newest edit first, paginated. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/admin_lists.h"
#include "view/dates.h"

/* 20: rows a page, enough to see the recent work at a glance. */
#define ADMIN_PER_PAGE		20
/* 6 digits: a million list pages, far beyond any office's archive. */
#define ADMIN_PAGE_DIGITS_MAX	6

/* What a list page shows: the kinds, its heading and its address. */
struct admin_list_kind {
	unsigned	 kinds;
	const char	*section;
	const char	*title;
	const char	*url;
	const char	*empty;
};

static const struct admin_list_kind dashboard_list = {
	ADMIN_LIST_ALL, "dashboard", "Dashboard", "/admin",
	"There are no releases or pages yet."
};
static const struct admin_list_kind news_list = {
	ADMIN_LIST_NEWS, "news", "News releases", "/admin/news",
	"There are no releases yet."
};
static const struct admin_list_kind pages_list = {
	ADMIN_LIST_PAGES, "pages", "Pages", "/admin/pages",
	"There are no pages yet."
};

/* ?page=N counted from 0: digits only, no sign, no leading zero. Returns
 * 0 and sets *page, or -1. */
static int
admin_parse_page(const char *s, int64_t *page)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > ADMIN_PAGE_DIGITS_MAX || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*page = strtoll(s, NULL, 10);
	return 0;
}

static json_t *
entry_model(struct request *rq, const struct admin_entry *e)
{
	const char *pub = "", *pub_iso = "", *edited;
	json_t *o;

	if ((o = json_object()) == NULL)
		return NULL;
	model_set(o, "title", *e->title != '\0' ? e->title : "(untitled)");
	model_set(o, "kind", e->is_news ? "news" : "page");
	model_set(o, "kind_label", e->is_news ? "Release" : "Page");
	model_set(o, "lang", e->lang);
	model_set(o, "edit_url", arena_printf(rq->arena, "/admin/%s/%lld/edit",
	    e->is_news ? "news" : "pages", (long long)e->id));
	if (e->has_pub_time) {
		pub = when_text(rq->arena, e->published_at);
		pub_iso = time_format(rq->arena, e->published_at,
		    "%Y-%m-%dT%H:%M", false);
	}
	model_set(o, "pub_text", *pub != '\0' ? pub : "\u2014");
	model_set(o, "pub_iso", pub_iso);
	if (!e->published) {
		model_set(o, "status", "draft");
		model_set(o, "status_label", "Draft");
	} else if (e->has_pub_time && e->published_at > rq->now) {
		model_set(o, "status", "scheduled");
		model_set(o, "status_label", arena_printf(rq->arena,
		    "Scheduled for %s", *pub != '\0' ? pub : "a later date"));
	} else {
		model_set(o, "status", "published");
		model_set(o, "status_label", "Published");
	}
	edited = when_text(rq->arena, e->updated_at);
	model_set(o, "edited_text", *edited != '\0' ? edited : "\u2014");
	model_set(o, "edited_iso", time_format(rq->arena, e->updated_at,
	    "%Y-%m-%dT%H:%M", false));
	model_set(o, "editor", *e->editor != '\0' ? e->editor : "\u2014");
	return o;
}

/* Whether the site serves a language besides the default one. */
static bool
several_languages(const struct config *cfg)
{
	const char *p, *end;
	size_t len;

	if (cfg == NULL || cfg->languages == NULL || cfg->default_lang == NULL)
		return false;
	for (p = cfg->languages; *p != '\0'; p = end) {
		p += strspn(p, " \t,");
		end = p + strcspn(p, " \t,");
		len = (size_t)(end - p);
		if (len > 0 && (len != strlen(cfg->default_lang) ||
		    strncmp(p, cfg->default_lang, len) != 0))
			return true;
	}
	return false;
}

static const char *
list_page_url(struct request *rq, const char *base, int64_t page)
{
	if (page == 0)
		return base;
	return arena_printf(rq->arena, "%s?page=%lld", base, (long long)page);
}

/* GET of a list: ?page=N from 0; 400 for a malformed N, 404 past the
 * end. */
static int
admin_list(struct request *rq, struct response *rs,
    const struct admin_list_kind *k)
{
	const char *arg = request_query(rq, "page");
	struct admin_entry *items;
	int64_t page = 0, count, pages;
	enum store_status st;
	json_t *model, *list;
	size_t n, i;

	if (arg != NULL && admin_parse_page(arg, &page) == -1)
		return 400;
	if ((st = store_admin_count(rq->db, k->kinds, &count)) != STORE_OK)
		return store_http_status(st);
	pages = count == 0 ? 1 : (count + ADMIN_PER_PAGE - 1) / ADMIN_PER_PAGE;
	if (page >= pages)
		return 404;
	if ((st = store_admin_list(rq->db, rq->arena, k->kinds,
	    page * ADMIN_PER_PAGE, ADMIN_PER_PAGE, &items, &n)) != STORE_OK)
		return store_http_status(st);
	if ((model = admin_model(rq, k->title, k->section)) == NULL ||
	    (list = json_array()) == NULL)
		return 500;
	json_object_set_new(model, "items", list);
	for (i = 0; i < n; i++)
		json_array_append_new(list, entry_model(rq, &items[i]));
	model_set(model, "heading", k->title);
	model_set(model, "empty", k->empty);
	json_object_set_new(model, "has_items", json_boolean(n > 0));
	json_object_set_new(model, "show_kind",
	    json_boolean(k->kinds == ADMIN_LIST_ALL));
	json_object_set_new(model, "new_news",
	    json_boolean(k->kinds & ADMIN_LIST_NEWS));
	json_object_set_new(model, "new_page",
	    json_boolean(k->kinds & ADMIN_LIST_PAGES));
	/* Items of every language are listed; say which only when the site
	 * has more than one. */
	json_object_set_new(model, "show_lang",
	    json_boolean(several_languages(rq->cfg)));
	json_object_set_new(model, "count", json_integer(count));
	json_object_set_new(model, "page_human", json_integer(page + 1));
	json_object_set_new(model, "page_count", json_integer(pages));
	json_object_set_new(model, "has_pages", json_boolean(pages > 1));
	if (page > 0)
		model_set(model, "prev_url", list_page_url(rq, k->url,
		    page - 1));
	else
		json_object_set_new(model, "prev_url", json_null());
	if (page + 1 < pages)
		model_set(model, "next_url", list_page_url(rq, k->url,
		    page + 1));
	else
		json_object_set_new(model, "next_url", json_null());
	return layout_render(rq, rs, "admin_dashboard", model, 200);
}

/* GET /admin: releases and pages together. */
int
admin_dashboard(struct request *rq, struct response *rs)
{
	return admin_list(rq, rs, &dashboard_list);
}

/* GET /admin/news: the releases, drafts and scheduled ones included. */
int
admin_news_index(struct request *rq, struct response *rs)
{
	return admin_list(rq, rs, &news_list);
}

/* GET /admin/pages: the pages, drafts and scheduled ones included. */
int
admin_pages_index(struct request *rq, struct response *rs)
{
	return admin_list(rq, rs, &pages_list);
}

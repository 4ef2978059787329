/* feed.c: the Atom feed (RFC 4287) of releases, one for each language. */
#include <string.h>
#include <time.h>

#include "config.h"
#include "controllers/controllers.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/render.h"
#include "view/urls.h"
#include "view/xml.h"

/* 20: the newest releases a feed holds, as the issue asks. */
#define FEED_ENTRIES	20

/* Entry e of the feed; *changed is its last public change: its last save,
 * or its publication when that came later (a scheduled release becomes
 * public when it falls due). NULL when out of memory. */
static json_t *
entry_model(struct request *rq, const struct news_entry *e, time_t *changed)
{
	const struct news *n = &e->news;
	json_t *o;

	if ((o = json_object()) == NULL)
		return NULL;
	*changed = news_changed(n);
	model_set(o, "id", url_news_tag(rq->arena, rq->cfg->base_url,
	    e->created_at, n->id));
	model_set(o, "title", n->title);
	model_set(o, "url", url_absolute(rq->arena, rq->cfg->base_url,
	    url_news(rq->arena, link_lang(rq), n->slug)));
	model_set(o, "published", time_iso(rq->arena, n->published_at));
	model_set(o, "updated", time_iso(rq->arena, *changed));
	model_set(o, "summary", n->summary);
	if (media_body_set(rq, o, n->body_html, n->lang, false) != 0) {
		json_decref(o);
		return NULL;
	}
	/* A release the feed's language lacks stands in, said so. */
	if (strcmp(n->lang, rq->lang) != 0)
		model_set(o, "foreign_lang", n->lang);
	return o;
}

/* The feed's own part: its language, names, links and id (its own URL:
 * there is one feed per language). 0, or the status to answer with. */
static int
feed_head(struct request *rq, json_t *model)
{
	const char *self = url_absolute(rq->arena, rq->cfg->base_url,
	    url_news_feed(rq->arena, link_lang(rq)));
	const char *tagline;
	enum store_status st;

	if (!read_setting(rq, model, "site_name", "name", "Waypoint"))
		return 503;
	/* The tagline is the subtitle only in the feed's own language. */
	st = store_setting(rq->db, rq->arena, rq->lang, "tagline", &tagline);
	if (st != STORE_OK && st != STORE_NOTFOUND)
		return store_http_status(st);
	model_set(model, "subtitle", st == STORE_OK ? tagline : NULL);
	model_set(model, "lang", rq->lang);
	model_set(model, "id", self);
	model_set(model, "self_url", self);
	model_set(model, "news_url", url_absolute(rq->arena,
	    rq->cfg->base_url, url_news_list(rq->arena, link_lang(rq), 0)));
	model_set(model, "home_url", url_absolute(rq->arena,
	    rq->cfg->base_url, url_home(rq->arena, link_lang(rq))));
	return 0;
}

/* Fills model with the feed; 0, or the status to answer with. */
static int
feed_model(struct request *rq, json_t *model)
{
	struct news_entry *items;
	enum store_status st;
	time_t changed, updated = 0;
	json_t *list, *o;
	size_t n, i;
	int ret;

	if ((ret = feed_head(rq, model)) != 0)
		return ret;
	if ((st = store_news_feed(rq->db, rq->arena, rq->lang,
	    rq->cfg->default_lang, rq->now, FEED_ENTRIES, &items, &n)) !=
	    STORE_OK)
		return store_http_status(st);
	if ((list = json_array()) == NULL ||
	    json_object_set_new(model, "entries", list) == -1)
		return 503;
	for (i = 0; i < n; i++) {
		if ((o = entry_model(rq, &items[i], &changed)) == NULL ||
		    json_array_append_new(list, o) == -1)
			return 503;
		if (changed > updated)
			updated = changed;
	}
	/* The newest change of an entry; an empty feed has never changed
	 * (1970-01-01T00:00:00Z), which keeps its bytes, and so its ETag,
	 * the same until a release appears. */
	model_set(model, "updated", time_iso(rq->arena, updated));
	return 0;
}

/* GET /news/feed: the newest releases in the reader's language, with the
 * default language's (else any) standing in, marked with xml:lang. */
int
feed_show(struct request *rq, struct response *rs)
{
	json_t *model;
	int ret;

	if ((model = json_object()) == NULL)
		return 503;
	/* A part leaves the route's type, the feed's, in place. */
	if ((ret = feed_model(rq, model)) == 0 && view_render_part(rs,
	    rq->lang, "news_feed", model) == -1) {
		buf_reset(&rs->body);
		ret = 500;
	}
	json_decref(model);
	if (ret != 0)
		return ret;
	/* Content comes from editors and imports: a control character in
	 * it would make the whole feed unreadable to an XML parser. */
	if (xml_fix(&rs->body) == -1) {
		buf_reset(&rs->body);
		return 500;
	}
	return 200;
}

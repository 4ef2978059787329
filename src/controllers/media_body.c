/* media_body.c: the media an item shows, read from the library and put in
 * the models of its public page, the lists, the feed and the API: its
 * body's pictures and file links, and its lead image. */
#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/media.h"
#include "view/media_html.h"
#include "view/urls.h"

/* About the width social sites draw a shared link's picture at. */
#define OG_IMAGE_WIDTH	1200

/* Pictures and links of the API and the feed carry the site's address:
 * they are read away from it. */
static struct media_html_opts
opts(const struct request *rq, const char *lang, bool eager_first)
{
	struct media_html_opts o = { lang != NULL ? lang : rq->lang, NULL,
	    eager_first };

	if (url_read_elsewhere(rq->path))
		o.base_url = rq->cfg->base_url;
	return o;
}

int
media_body_set(struct request *rq, json_t *o, const char *html,
    const char *lang, bool eager_first)
{
	struct media_html_opts mo = opts(rq, lang, eager_first);
	struct media_item *items;
	struct media_ref *refs;
	enum store_status st;
	size_t n, nids, nitems;
	int64_t *ids;
	const char *out;
	bool bad;

	if (html == NULL)
		html = "";
	if (media_html_refs(rq->arena, html, &refs, &n, &bad) == -1)
		return 503;
	if (n == 0) {
		model_set(o, "body_html", html);
		return 0;
	}
	if ((ids = arena_alloc(rq->arena, n * sizeof(*ids))) == NULL)
		return 503;
	nids = media_html_ids(refs, n, ids);
	if ((st = store_media_get_many(rq->db, rq->arena, ids, nids, &items,
	    &nitems)) != STORE_OK)
		return store_http_status(st);
	if ((out = media_html_expand(rq->arena, html, refs, n, items, nitems,
	    &mo)) == NULL)
		return 503;
	model_set(o, "body_html", out);
	return 0;
}

/* Item mid of the library into *m when it is an image (arena; NULL: none,
 * gone, or a document now). 0 or the status to answer with. */
static int
lead_item(struct request *rq, int64_t mid, struct media_item **m)
{
	enum store_status st;

	*m = NULL;
	if (mid <= 0)
		return 0;
	if ((*m = arena_alloc(rq->arena, sizeof(**m))) == NULL)
		return 503;
	st = store_media_get(rq->db, rq->arena, mid, *m);
	if (st == STORE_NOTFOUND || (st == STORE_OK && !media_is_image(*m)))
		*m = NULL;
	else if (st != STORE_OK)
		return store_http_status(st);
	return 0;
}

/* Sets o's lead_image to m's model (false when NULL): in a list when
 * page is NULL, else on its page, whose og_image it sets. 0 or 503. */
static int
lead_set(struct request *rq, json_t *page, json_t *o,
    const struct media_item *m, const struct media_html_opts *mo)
{
	json_t *j = NULL;

	if (m != NULL && (j = media_html_lead_model(rq->arena, m,
	    page == NULL ? MEDIA_LEAD_LIST : MEDIA_LEAD_PAGE, mo)) == NULL)
		return 503;
	json_object_set_new(o, "lead_image", j != NULL ? j : json_false());
	if (page == NULL || m == NULL)
		return 0;
	/* The page's own: Open Graph's picture of a shared link. */
	model_set(page, "og_image", media_html_image_url(rq->arena, m,
	    OG_IMAGE_WIDTH, rq->cfg->base_url));
	model_set(page, "og_image_alt", media_html_alt(m, mo->lang));
	return 0;
}

int
media_lead_read(struct request *rq, enum content_kind kind, int64_t id,
    struct media_item **lead)
{
	enum store_status st;
	int64_t mid;

	*lead = NULL;
	if ((st = store_media_lead(rq->db, kind, id, &mid)) != STORE_OK)
		return store_http_status(st);
	return lead_item(rq, mid, lead);
}

int
media_list_append(struct request *rq, json_t *list, json_t *o,
    enum content_kind kind, int64_t id, int64_t lead, const char *lang)
{
	struct media_html_opts mo = opts(rq, lang, false);
	struct media_item *m;
	int ret;

	if (o == NULL || json_array_append_new(list, o) == -1)
		return 503;
	if ((ret = lead >= 0 ? lead_item(rq, lead, &m) :
	    media_lead_read(rq, kind, id, &m)) != 0)
		return ret;
	return lead_set(rq, NULL, o, m, &mo);
}

int
media_item_set(struct request *rq, json_t *page, json_t *o,
    const struct media_shown *it)
{
	struct media_html_opts mo = opts(rq, it->lang, false);
	struct media_item *m;
	int ret;

	if (it->lead >= 0)
		ret = lead_item(rq, it->lead, &m);
	else
		ret = media_lead_read(rq, it->kind, it->id, &m);
	if (ret != 0 || (ret = lead_set(rq, page, o, m, &mo)) != 0)
		return ret;
	return media_body_set(rq, o, it->html, it->lang, m == NULL);
}

/* preview.c: GET /preview/<token>: the draft a preview link shares, shown
 * as its public page will show it once published, marked as a draft; or a
 * plain page saying the link is unknown (404) or no longer works (410).
 * app.c gives every answer under /preview/ its headers (no-store,
 * noindex, no referrer) and keeps it out of the page cache. */
#include "auth.h"
#include "config.h"
#include "controllers/controllers.h"
#include "request.h"
#include "response.h"
#include "store/content.h"
#include "store/preview.h"
#include "view/i18n.h"

/* The public page of each kind, drawn from the item itself. */
static int (*const kind_pages[CONTENT_KINDS])(struct request *,
    struct response *, const struct content *) = {
	[CONTENT_NEWS] = news_page,
	[CONTENT_PAGE] = page_page,
	[CONTENT_PROJECT] = project_page,
	[CONTENT_EVENT] = event_page,
	[CONTENT_PUBLICATION] = publication_page,
};

/* The page of a link that shows nothing: the same whatever the token or
 * its item, so that it tells nothing about either. */
static int
unavailable(struct request *rq, struct response *rs, int status)
{
	const char *heading, *message;
	json_t *m;

	if (status == 404) {
		heading = T(rq->lang, "Preview link not found");
		message = T(rq->lang, "This preview link is not known here. "
		    "Check that the whole address was copied.");
	} else {
		heading = T(rq->lang, "Preview link no longer works");
		message = T(rq->lang, "This preview link has expired or was "
		    "withdrawn. Ask whoever sent it for a new one.");
	}
	if ((m = layout_model(rq, heading, NULL)) == NULL)
		return 503;
	json_object_set_new(m, "noindex", json_true());
	json_object_set_new(m, "status", json_integer(status));
	model_set(m, "heading", heading);
	model_set(m, "message", message);
	return layout_render(rq, rs, "error", m, status);
}

int
preview_show(struct request *rq, struct response *rs)
{
	unsigned char hash[AUTH_TOKEN_HASH_LEN];
	struct preview_link l;
	struct content c;
	enum store_status st;
	const char *lang;

	/* A token of the wrong length or alphabet is no link's. */
	if (!auth_token_hashed(route_arg(rq, 0), hash))
		return unavailable(rq, rs, 404);
	st = store_preview_find(rq->db, rq->arena, hash, &l);
	if (st == STORE_OK && (l.revoked_at != 0 || l.expires_at <= rq->now))
		return unavailable(rq, rs, 410);
	/* A link's item is there: deleting it deletes its links
	 * (content.c), so only a delete meanwhile finds none. */
	if (st == STORE_OK)
		st = store_content_get(rq->db, rq->arena, l.kind, l.item_id,
		    &c);
	if (st == STORE_NOTFOUND)
		return unavailable(rq, rs, 404);
	if (st != STORE_OK)
		return 503;
	/* Publishing revokes an item's links in its own transaction; an
	 * item public by any other way is past review all the same. */
	if (c.status != CONTENT_DRAFT)
		return unavailable(rq, rs, 410);
	/* As its public address will show it: in its own language. */
	if ((lang = admin_lang_known(rq, c.lang)) != NULL)
		rq->lang = lang;
	rq->preview = true;
	return kind_pages[l.kind](rq, rs, &c);
}

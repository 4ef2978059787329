/* admin_content_media.c: the media an item's form names: its body's
 * media: references and its lead image checked at save, recorded as the
 * item's uses with the save, and the picker that offers the library. */
#include <string.h>

#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/media.h"
#include "view/assets.h"
#include "view/i18n.h"
#include "view/media_html.h"
#include "view/urls.h"

/* 24: the recent items the picker lists; the library finds the rest. */
#define PICKER_ITEMS	24
/* The thumbnail's width in the picker, in CSS pixels (admin.css). */
#define PICKER_THUMB	160

/* The items body html refers to into *items, its references into *refs
 * and their distinct ids into *ids. STORE_OK, or the failure. */
static enum store_status
read_refs(struct request *rq, const char *html, struct media_ref **refs,
    size_t *n, bool *bad, int64_t **ids, size_t *nids,
    struct media_item **items, size_t *nitems)
{
	*nids = 0;
	*nitems = 0;
	*items = NULL;
	if (media_html_refs(rq->arena, html, refs, n, bad) == -1)
		return STORE_ERROR;
	if ((*ids = arena_alloc(rq->arena, (*n + 1) * sizeof(**ids))) ==
	    NULL)
		return STORE_ERROR;
	*nids = media_html_ids(*refs, *n, *ids);
	if (*nids == 0)
		return STORE_OK;
	return store_media_get_many(rq->db, rq->arena, *ids, *nids, items,
	    nitems);
}

/* field's message for problem p with item id. */
static void
fail(struct request *rq, struct submission *sub, const char *field,
    enum media_problem p, int64_t id)
{
	form_fail(&sub->f, field, arena_printf(rq->arena, T(rq->lang,
	    media_html_problem(p)), (long long)id));
}

/* The lead image field: an image of the library with alt text in the
 * item's language, or decorative. */
static void
check_lead(struct request *rq, struct submission *sub)
{
	struct media_item m;
	enum media_problem p;
	enum store_status st;
	int64_t id = form_id(&sub->f, "lead_media");

	sub->c.lead_media = id;
	/* A language the site lacks is refused at its own field and leaves
	 * sub->c.lang NULL: no alt text can be looked up in it. */
	if (id == 0 || sub->c.lang == NULL ||
	    form_error(&sub->f, "lead_media") != NULL)
		return;
	st = store_media_get(rq->db, rq->arena, id, &m);
	if (st == STORE_NOTFOUND)
		p = MEDIA_PROBLEM_MISSING;
	else if (st != STORE_OK) {
		form_fail(&sub->f, "lead_media", T(rq->lang, "could not be "
		    "checked: the database cannot be read at the moment"));
		sub->server_fail = true;
		return;
	} else
		p = media_html_check_lead(&m, sub->c.lang);
	if (p != MEDIA_PROBLEM_NONE)
		fail(rq, sub, "lead_media", p, id);
}

void
admin_content_media_check(struct request *rq, struct submission *sub)
{
	struct media_item *items;
	struct media_ref *refs;
	enum media_problem p;
	enum store_status st;
	size_t n, nids, nitems;
	int64_t *ids, which;
	bool bad;

	check_lead(rq, sub);
	/* No language (as above), no alt text to check the body's images
	 * against. */
	if (sub->c.lang == NULL || sub->c.body_html == NULL ||
	    form_error(&sub->f, "body") != NULL)
		return;
	st = read_refs(rq, sub->c.body_html, &refs, &n, &bad, &ids, &nids,
	    &items, &nitems);
	if (st != STORE_OK) {
		form_fail(&sub->f, "body", T(rq->lang, "could not be checked: "
		    "the database cannot be read at the moment"));
		sub->server_fail = true;
		return;
	}
	if (bad)
		fail(rq, sub, "body", MEDIA_PROBLEM_NOT_A_NUMBER, 0);
	else if ((p = media_html_check(refs, n, items, nitems, sub->c.lang,
	    &which)) != MEDIA_PROBLEM_NONE)
		fail(rq, sub, "body", p, which);
}

enum store_status
admin_content_media_uses(struct request *rq, const struct content *c)
{
	struct media_item *items;
	struct media_ref *refs;
	enum store_status st;
	size_t n, nids, nitems, i, k = 0;
	int64_t *ids;
	bool bad;

	st = read_refs(rq, c->body_html != NULL ? c->body_html : "", &refs,
	    &n, &bad, &ids, &nids, &items, &nitems);
	if (st != STORE_OK)
		return st;
	/* A held change published later may name an item deleted since:
	 * only what is there is shown, so only that is a use. */
	for (i = 0; i < nitems; i++)
		ids[k++] = items[i].id;
	return store_media_set_uses(rq->db, c->kind, c->id, ids, k,
	    c->lead_media);
}

enum store_status
admin_content_media_lead_kept(struct request *rq, struct content *c,
    bool *gone)
{
	struct media_item m;
	enum store_status st;

	*gone = false;
	if (c->lead_media <= 0)
		return STORE_OK;
	st = store_media_get(rq->db, rq->arena, c->lead_media, &m);
	if (st != STORE_NOTFOUND)
		return st;
	c->lead_media = 0;
	*gone = true;
	return STORE_OK;
}

/* s with the characters that would end or escape a link's text (\ [ ])
 * escaped, in the arena: a document's title as a Markdown link's text. */
static const char *
link_text(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, 2 * strlen(s) + 1), *o = out;

	if (out == NULL)
		return "";
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '[' || *s == ']')
			*o++ = '\\';
		/* A line break would end the link: a space reads the same. */
		*o++ = *s == '\n' || *s == '\r' ? ' ' : *s;
	}
	*o = '\0';
	return out;
}

/* The picker's row of item m: {id, title, thumb, is_image, ref}. */
static json_t *
picker_item(struct request *rq, const struct media_item *m)
{
	json_t *o = json_object();
	const char *thumb = NULL;
	bool image = media_is_image(m);

	if (o == NULL)
		return NULL;
	if (image)
		thumb = media_html_image_url(rq->arena, m, PICKER_THUMB, NULL);
	json_object_set_new(o, "id", json_integer(m->id));
	model_set(o, "title", *m->title != '\0' ? m->title : m->filename);
	if (thumb != NULL)
		model_set(o, "thumb", thumb);
	else
		json_object_set_new(o, "thumb", json_false());
	json_object_set_new(o, "is_image", json_boolean(image));
	/* An image's alt text comes from the library in the body's
	 * language when the brackets are empty; a link needs its text. */
	model_set(o, "ref", image ? arena_printf(rq->arena, "![](media:%lld)",
	    (long long)m->id) : arena_printf(rq->arena, "[%s](media:%lld)",
	    link_text(rq->arena, *m->title != '\0' ? m->title : m->filename),
	    (long long)m->id));
	return o;
}

json_t *
admin_content_media_picker(struct request *rq)
{
	struct media_filter flt = { NULL, 0, 0, PICKER_ITEMS };
	struct media_item *items;
	size_t n, total, i;
	json_t *list, *o;

	/* An aside: a form whose library cannot be read still opens. */
	if (store_media_list(rq->db, rq->arena, &flt, rq->cfg->default_lang,
	    &items, &n, &total) != STORE_OK || (list = json_array()) == NULL)
		return json_false();
	for (i = 0; i < n; i++)
		if ((o = picker_item(rq, &items[i])) != NULL)
			json_array_append_new(list, o);
	o = json_object();
	json_object_set_new(o, "items", list);
	json_object_set_new(o, "has_items", json_boolean(n > 0));
	model_set(o, "js", assets_url("js/media-picker.js"));
	return o;
}

/* admin_media_item.c: one item of the media library: its page (preview,
 * the reference to paste, where it is used), its words in each language,
 * a new file in place of its own, and its deletion while nothing uses
 * it. */
#include <string.h>

#include "audit.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/admin_media.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 100: more places than an item is shown in; the page says "at least". */
#define MEDIA_USES_SHOWN	100
/* 640: the preview's width, as the body's column shows an image. */
#define MEDIA_PREVIEW_WIDTH	640

/* The fields every item's form has; alt_<lang> and caption_<lang> for
 * each of the site's languages follow (metadata_fields). */
static const struct field base_fields[] = {
	{ "version", FIELD_REQUIRED | FIELD_ID, 0, NULL },
	{ "title", 0, MEDIA_TITLE_MAX, NULL },
	{ "credit", 0, MEDIA_CREDIT_MAX, NULL },
	{ "decorative", 0, 1, admin_media_check_flag },
};
#define BASE_FIELDS	FORM_FIELDS(base_fields)

/* The version field of the replace and delete forms. */
static const struct field version_fields[] = {
	{ "version", FIELD_REQUIRED | FIELD_ID, 0, NULL },
};

/* The words form of the site's languages, with the names and labels of
 * its fields for admin_form_errors. */
struct words_form {
	struct form	 f;
	const char	**names, **labels;
	size_t		 n;
};

static int
words_init(struct request *rq, struct words_form *w)
{
	const struct config *cfg = rq->cfg;
	struct field *fields;
	size_t i, n = BASE_FIELDS + 2 * cfg->nlangs;

	if ((fields = arena_alloc(rq->arena, n * sizeof(*fields))) == NULL ||
	    (w->names = arena_alloc(rq->arena, n * sizeof(char *))) ==
	    NULL || (w->labels = arena_alloc(rq->arena, n *
	    sizeof(char *))) == NULL)
		return -1;
	memcpy(fields, base_fields, sizeof(base_fields));
	for (i = 0; i < BASE_FIELDS; i++) {
		w->names[i] = base_fields[i].name;
		w->labels[i] = base_fields[i].name;
	}
	w->labels[1] = T(rq->lang, "Title");
	w->labels[2] = T(rq->lang, "Credit");
	w->labels[3] = T(rq->lang, "Decorative");
	for (i = 0; i < cfg->nlangs; i++) {
		struct field *alt = &fields[BASE_FIELDS + 2 * i];
		const char *name = lang_name(rq, cfg->langs[i]);

		alt[0] = (struct field){ arena_printf(rq->arena, "alt_%s",
		    cfg->langs[i]), 0, MEDIA_ALT_MAX, NULL };
		alt[1] = (struct field){ arena_printf(rq->arena, "caption_%s",
		    cfg->langs[i]), FIELD_MULTILINE | FIELD_TRIM,
		    MEDIA_CAPTION_MAX, NULL };
		if (alt[0].name == NULL || alt[1].name == NULL)
			return -1;
		w->names[BASE_FIELDS + 2 * i] = alt[0].name;
		w->names[BASE_FIELDS + 2 * i + 1] = alt[1].name;
		w->labels[BASE_FIELDS + 2 * i] = arena_printf(rq->arena,
		    T(rq->lang, "Alternative text (%s)"), name);
		w->labels[BASE_FIELDS + 2 * i + 1] = arena_printf(rq->arena,
		    T(rq->lang, "Caption (%s)"), name);
	}
	w->n = n;
	if (form_init(&w->f, rq->arena, fields, n) == -1)
		return -1;
	w->f.lang = rq->lang;
	return 0;
}

/* The words of m as the form shows them when nothing was typed. */
static void
words_fill(struct request *rq, struct words_form *w,
    const struct media_item *m)
{
	const struct media_text *t;
	size_t i;

	form_set(&w->f, "version", arena_printf(rq->arena, "%lld",
	    (long long)m->version), false);
	form_set(&w->f, "title", m->title, false);
	form_set(&w->f, "credit", m->credit, false);
	form_set(&w->f, "decorative", m->decorative ? "1" : "", false);
	for (i = 0; i < rq->cfg->nlangs; i++) {
		t = media_text_in(m, rq->cfg->langs[i]);
		form_set(&w->f, w->names[BASE_FIELDS + 2 * i],
		    t != NULL ? t->alt : "", false);
		form_set(&w->f, w->names[BASE_FIELDS + 2 * i + 1],
		    t != NULL ? t->caption : "", false);
	}
}

/* "![](media:12)" for an image, "[Title](media:12)" for a document: what
 * an editor pastes into a body. Brackets leave the title, where they
 * would end the link's text. */
static const char *
reference(struct request *rq, const struct media_item *m)
{
	char *t, *p;

	if (media_is_image(m))
		return arena_printf(rq->arena, "![](media:%lld)",
		    (long long)m->id);
	if ((t = arena_strdup(rq->arena, *m->title != '\0' ? m->title :
	    m->filename)) == NULL)
		return NULL;
	for (p = t; *p != '\0'; p++)
		if (*p == '[' || *p == ']')
			*p = ' ';
	return arena_printf(rq->arena, "[%s](media:%lld)", t,
	    (long long)m->id);
}

/* Where m is used, for its page: [{kind_label, title, url, lang,
 * lang_name, lead, published}]. */
static json_t *
uses_model(struct request *rq, const struct media_item *m, size_t *n)
{
	struct media_use *uses;
	json_t *list = json_array(), *o;
	size_t i;

	*n = 0;
	if (store_media_uses(rq->db, rq->arena, m->id, MEDIA_USES_SHOWN,
	    &uses, n) != STORE_OK)
		return list;
	for (i = 0; i < *n; i++) {
		const struct admin_kind *k = admin_kind_of(uses[i].kind);

		o = json_object();
		model_set(o, "kind_label", T(rq->lang, k->label));
		model_set(o, "title", *uses[i].title != '\0' ? uses[i].title :
		    T(rq->lang, "(untitled)"));
		model_set(o, "url", url_admin_item(rq->arena, k->section,
		    uses[i].item_id, "edit"));
		model_set(o, "lang", uses[i].lang);
		model_set(o, "lang_name", lang_name(rq, uses[i].lang));
		model_set(o, "role", uses[i].lead ? T(rq->lang, "Lead image") :
		    T(rq->lang, "In the text"));
		model_set(o, "status", uses[i].published ? T(rq->lang,
		    "Published") : T(rq->lang, "Draft"));
		json_object_set_new(o, "published",
		    json_boolean(uses[i].published));
		json_array_append_new(list, o);
	}
	return list;
}

/* The fields of the words form as the template reads them: f.<name>
 * {value, checked} and langs [{code, name, alt, caption}], each field
 * {name, value, invalid, message}. */
static void
words_model(struct request *rq, json_t *m, const struct words_form *w)
{
	json_t *f = json_object(), *langs = json_array(), *o, *fld;
	size_t i, j;

	for (i = 0; i < BASE_FIELDS; i++) {
		o = json_object();
		model_set(o, "value", form_shown(&w->f, w->names[i]));
		json_object_set_new(f, w->names[i], o);
	}
	json_object_set_new(m, "f", f);
	json_object_set_new(m, "decorative_checked",
	    json_boolean(strcmp(form_shown(&w->f, "decorative"), "1") == 0));
	for (i = 0; i < rq->cfg->nlangs; i++) {
		o = json_object();
		model_set(o, "code", rq->cfg->langs[i]);
		model_set(o, "name", lang_name(rq, rq->cfg->langs[i]));
		for (j = 0; j < 2; j++) {
			const char *name = w->names[BASE_FIELDS + 2 * i + j];
			const char *msg = form_message(&w->f, name,
			    w->labels[BASE_FIELDS + 2 * i + j]);

			fld = json_object();
			model_set(fld, "name", name);
			model_set(fld, "value", form_shown(&w->f, name));
			model_set(fld, "message", msg);
			json_object_set_new(fld, "invalid",
			    json_boolean(msg != NULL));
			json_object_set_new(o, j == 0 ? "alt" : "caption", fld);
		}
		json_array_append_new(langs, o);
	}
	json_object_set_new(m, "langs", langs);
}

/* The item's page: w as typed (NULL: its saved words), error above the
 * forms when not NULL, with status. */
static int
item_page(struct request *rq, struct response *rs, const struct media_item *m,
    struct words_form *w, const char *error, int status)
{
	struct words_form saved;
	const char *title;
	size_t nuses;
	json_t *model, *uses;
	int pw = 0, ph = 0;
	bool image = media_is_image(m);

	if (w == NULL) {
		if (words_init(rq, &saved) == -1)
			return 500;
		words_fill(rq, &saved, m);
		w = &saved;
	}
	title = *m->title != '\0' ? m->title : *m->filename != '\0' ?
	    m->filename : T(rq->lang, "(untitled)");
	if ((model = admin_model(rq, title, "media")) == NULL)
		return 500;
	model_set(model, "heading", title);
	model_set(model, "list_url", url_admin_items(rq->arena, "media", 0));
	json_object_set_new(model, "is_image", json_boolean(image));
	model_set(model, "preview_url", media_variant_url(rq->arena, m,
	    MEDIA_PREVIEW_WIDTH, &pw, &ph));
	json_object_set_new(model, "preview_width", json_integer(pw));
	json_object_set_new(model, "preview_height", json_integer(ph));
	model_set(model, "preview_alt", media_text_in(m, rq->cfg->default_lang)
	    != NULL ? media_text_in(m, rq->cfg->default_lang)->alt : "");
	model_set(model, "file_url", media_file_url(rq->arena, m));
	model_set(model, "filename", m->filename);
	model_set(model, "type_label", admin_media_type_label(rq, m));
	model_set(model, "size", admin_media_size_text(rq->arena, m->bytes));
	if (image)
		model_set(model, "dimensions", arena_printf(rq->arena,
		    "%d × %d", m->width, m->height));
	model_set(model, "saved_text", arena_printf(rq->arena, T(rq->lang,
	    "%s by %s"), when_text_lang(rq->arena, rq->lang, m->updated_at),
	    *m->updated_by != '\0' ? m->updated_by : "—"));
	json_object_set_new(model, "version", json_integer(m->version));
	json_object_set_new(model, "needs_alt", json_boolean(image &&
	    !m->decorative && (media_text_in(m, rq->cfg->default_lang) ==
	    NULL || *media_text_in(m, rq->cfg->default_lang)->alt == '\0')));
	model_set(model, "reference", reference(rq, m));
	model_set(model, "action_url", url_admin_item(rq->arena, "media",
	    m->id, NULL));
	model_set(model, "file_action_url", url_admin_item(rq->arena, "media",
	    m->id, "file"));
	model_set(model, "delete_url", url_admin_item(rq->arena, "media",
	    m->id, "delete"));
	model_set(model, "accept", image ?
	    "image/jpeg,image/png,image/webp,image/heic" : "application/pdf");
	uses = uses_model(rq, m, &nuses);
	json_object_set_new(model, "uses", uses);
	json_object_set_new(model, "used", json_boolean(nuses > 0));
	words_model(rq, model, w);
	admin_form_errors(model, &w->f, w->names, w->labels, w->n);
	model_set(model, "error", error);
	return layout_render(rq, rs, "admin_media_item", model, status);
}

/* Item route_id(rq, 0) into *m, or the status to answer. */
static int
load(struct request *rq, struct media_item *m)
{
	enum store_status st;

	st = store_media_get(rq->db, rq->arena, route_id(rq, 0), m);
	return st == STORE_OK ? 0 : store_http_status(st);
}

/* Item route_id(rq, 0) into *m and f set up over the version field of
 * its replace and delete forms, or the status to answer. */
static int
load_versioned(struct request *rq, struct media_item *m, struct form *f)
{
	int status;

	if ((status = load(rq, m)) != 0)
		return status;
	if (form_init(f, rq->arena, version_fields,
	    FORM_FIELDS(version_fields)) == -1)
		return 500;
	return 0;
}

/* "media 12: Title", for the audit log. */
static const char *
audit_detail(struct request *rq, const struct media_item *m)
{
	return arena_printf(rq->arena, "media %lld: %s", (long long)m->id,
	    *m->title != '\0' ? m->title : m->filename);
}

/* The text for a change refused because someone saved first. */
#define CONFLICT_TEXT	N_("Not saved: someone changed this item after " \
	"you opened it. Its page shows it as it is now; what you typed is " \
	"kept below.")

int
admin_media_show(struct request *rq, struct response *rs)
{
	struct media_item m;
	int status;

	if ((status = load(rq, &m)) != 0)
		return status;
	return item_page(rq, rs, &m, NULL, NULL, 200);
}

int
admin_media_update(struct request *rq, struct response *rs)
{
	struct content_author who = admin_content_author(rq);
	struct words_form w;
	struct media_item m, now;
	struct media_text *texts;
	enum media_outcome outcome;
	enum store_status st;
	size_t i;
	int status;
	bool unrecorded = false;

	if ((status = load(rq, &m)) != 0)
		return status;
	if (words_init(rq, &w) == -1)
		return 500;
	form_read(&w.f, rq);
	if (!form_ok(&w.f))
		return item_page(rq, rs, &m, &w, NULL, 422);
	now = m;
	now.version = form_id(&w.f, "version");
	now.title = form_value(&w.f, "title");
	now.credit = form_value(&w.f, "credit");
	now.decorative = *form_value(&w.f, "decorative") != '\0';
	if ((texts = arena_alloc(rq->arena, (rq->cfg->nlangs + 1) *
	    sizeof(*texts))) == NULL)
		return 500;
	for (i = 0; i < rq->cfg->nlangs; i++) {
		texts[i].lang = rq->cfg->langs[i];
		texts[i].alt = form_value(&w.f, w.names[BASE_FIELDS + 2 * i]);
		texts[i].caption = form_value(&w.f,
		    w.names[BASE_FIELDS + 2 * i + 1]);
	}
	now.texts = texts;
	now.ntexts = rq->cfg->nlangs;
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	st = store_media_update(rq->db, &now, &who, &outcome);
	if (st != STORE_OK || outcome != MEDIA_SAVED) {
		store_tx_rollback(rq->db);
		if (st != STORE_OK)
			return store_http_status(st);
		/* Sent again, what was typed is saved over the item as it is
		 * now, which its page shows. */
		form_set(&w.f, "version", arena_printf(rq->arena, "%lld",
		    (long long)m.version), false);
		return item_page(rq, rs, &m, &w, T(rq->lang, CONFLICT_TEXT),
		    409);
	}
	st = audit_commit(rq, "edit", audit_detail(rq, &now), T(rq->lang,
	    SAVED_FLASH), &unrecorded);
	if (st != STORE_OK)
		return item_page(rq, rs, &m, &w, T(rq->lang,
		    audit_failure_text(st, unrecorded)),
		    store_http_status(st));
	return admin_media_see_other(rs, url_admin_item(rq->arena, "media",
	    m.id, NULL));
}

/* What a replace's body holds as it is read. */
struct replacement {
	struct media_item	 m;
	bool			 have;
	const char		*refused;
	int			 status;
};

static int
take_replacement(struct media_upload *u, int fd, const char *filename)
{
	struct replacement *r = u->ctx;
	enum media_ingest_status st;
	const char *what = NULL;

	/* One file replaces one file: a second is not read. */
	if (r->have)
		return -1;
	memset(&r->m, 0, sizeof(r->m));
	st = media_ingest(u->rq->cfg, u->rq->arena, fd, filename, &r->m,
	    &what);
	if (st != MEDIA_INGEST_OK) {
		r->refused = admin_media_refusal(u->rq, filename, st, what);
		r->status = media_upload_status(st);
		return -1;
	}
	r->have = true;
	return 0;
}

int
admin_media_replace(struct request *rq, struct response *rs)
{
	struct content_author who = admin_content_author(rq);
	struct media_upload u = { .rq = rq };
	struct replacement r = { .have = false };
	struct media_item m;
	struct form f;
	enum media_outcome outcome;
	enum store_status st;
	const char *why;
	int status;
	bool unrecorded = false;

	if ((status = load_versioned(rq, &m, &f)) != 0)
		return status;
	u.text = &f;
	u.file = take_replacement;
	u.ctx = &r;
	if ((status = media_upload_read(&u, &why)) != 0) {
		media_upload_release(&u);
		if (r.have)
			admin_media_discard(rq, &r.m);
		if (status != 400)
			return status;
		return item_page(rq, rs, &m, NULL, T(rq->lang, why), 400);
	}
	if (r.refused != NULL)
		return item_page(rq, rs, &m, NULL, r.refused, r.status);
	if (!r.have || !form_ok(&f)) {
		/* The new file's copies are written already: no row will
		 * have them. */
		media_upload_release(&u);
		if (r.have)
			admin_media_discard(rq, &r.m);
		return item_page(rq, rs, &m, NULL, T(rq->lang, "Choose the "
		    "new file."), 422);
	}
	if (media_is_image(&r.m) != media_is_image(&m)) {
		media_upload_release(&u);
		admin_media_discard(rq, &r.m);
		return item_page(rq, rs, &m, NULL, media_is_image(&m) ?
		    T(rq->lang, "An image can only be replaced by an image "
		    "(JPEG, PNG, WebP or HEIC).") : T(rq->lang, "A document "
		    "can only be replaced by a PDF document."), 415);
	}
	r.m.id = m.id;
	r.m.version = form_id(&f, "version");
	if ((st = store_tx_begin(rq->db)) != STORE_OK) {
		media_upload_release(&u);
		admin_media_discard(rq, &r.m);
		return store_http_status(st);
	}
	st = store_media_replace(rq->db, &r.m, &who, &outcome);
	if (st != STORE_OK || outcome != MEDIA_SAVED) {
		store_tx_rollback(rq->db);
		media_upload_release(&u);
		admin_media_discard(rq, &r.m);
		if (st != STORE_OK)
			return store_http_status(st);
		return item_page(rq, rs, &m, NULL, T(rq->lang, CONFLICT_TEXT),
		    409);
	}
	st = audit_commit(rq, "replace", arena_printf(rq->arena,
	    "%s (%s, %lld bytes)", audit_detail(rq, &m), r.m.filename,
	    (long long)r.m.bytes), T(rq->lang, "The file was replaced; every "
	    "page that shows it shows the new one."), &unrecorded);
	if (st != STORE_OK) {
		media_upload_release(&u);
		admin_media_discard(rq, &r.m);
		return item_page(rq, rs, &m, NULL, T(rq->lang,
		    audit_failure_text(st, unrecorded)),
		    store_http_status(st));
	}
	/* The old files, once no row has them; the new ones' row is in. */
	media_upload_release(&u);
	admin_media_discard(rq, &m);
	return admin_media_see_other(rs, url_admin_item(rq->arena, "media",
	    m.id, NULL));
}

int
admin_media_delete(struct request *rq, struct response *rs)
{
	struct media_item m;
	struct form f;
	enum media_outcome outcome;
	enum store_status st;
	int status;
	bool unrecorded = false;

	if ((status = load_versioned(rq, &m, &f)) != 0)
		return status;
	form_read(&f, rq);
	if (!form_ok(&f))
		return 400;
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	st = store_media_delete(rq->db, m.id, form_id(&f, "version"),
	    &outcome);
	if (st != STORE_OK || outcome != MEDIA_SAVED) {
		store_tx_rollback(rq->db);
		if (st != STORE_OK)
			return store_http_status(st);
		return item_page(rq, rs, &m, NULL, outcome == MEDIA_IN_USE ?
		    T(rq->lang, "Not deleted: this item is used on the pages "
		    "listed below. Take it out of them first.") :
		    T(rq->lang, CONFLICT_TEXT), 409);
	}
	st = audit_commit(rq, "delete", audit_detail(rq, &m), arena_printf(
	    rq->arena, T(rq->lang, "%s was deleted."), *m.title != '\0' ?
	    m.title : m.filename), &unrecorded);
	if (st != STORE_OK)
		return item_page(rq, rs, &m, NULL, T(rq->lang,
		    audit_failure_text(st, unrecorded)),
		    store_http_status(st));
	admin_media_discard(rq, &m);
	return admin_media_see_other(rs, url_admin_items(rq->arena, "media",
	    0));
}

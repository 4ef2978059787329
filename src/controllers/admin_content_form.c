/* admin_content_form.c: the form of an item of any kind: its fields, its
 * page, filling it from a saved item, and its checks. */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "content_fields.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/markdown.h"
#include "view/urls.h"

/* 300: the longest title the issue allows; 1,000 for a summary; 100 for a
 * dateline (a place name). */
#define TITLE_MAX	300
#define SUMMARY_MAX	1000
#define DATELINE_MAX	100
/* 35: a language tag as config.c accepts it, with room to spare; the
 * value must be one of the configured codes anyway. */
#define LANG_MAX	35

enum fld {
	F_LANG,
	F_TITLE,
	F_SLUG,
	F_DATELINE,
	F_DATE,
	F_TIME,
	F_SUMMARY,
	F_LEAD,
	F_BODY,
	F_STATUS,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"lang", "title", "slug", "dateline", "date", "time", "summary",
	"lead_media", "body", "status"
};

static const char *const field_labels[F_COUNT] = {
	N_("Language"), N_("Title"), N_("Address (slug)"),
	N_("Dateline"), N_("Date"), N_("Time"), N_("Summary"),
	N_("Lead image"), N_("Body"), N_("Status")
};

static const struct field news_fields[] = {
	{ "lang",	0,		LANG_MAX,	NULL },
	{ "title",	FIELD_REQUIRED,	TITLE_MAX,	NULL },
	{ "slug",	0,		0,		form_check_slug },
	{ "dateline",	0,		DATELINE_MAX,	NULL },
	{ "date",	FIELD_REQUIRED | FIELD_DATE, 0,	NULL },
	{ "time",	FIELD_TIME,	0,		NULL },
	{ "summary",	FIELD_MULTILINE, SUMMARY_MAX,	NULL },
	{ "lead_media",	FIELD_ID,	0,		NULL },
	{ "body",	FIELD_MARKDOWN | FIELD_BYTES, MARKDOWN_INPUT_MAX,
	    NULL },
	{ "status",	FIELD_REQUIRED,	0,		form_check_status },
	{ "version",	0,		0,		form_check_version },
	{ "source",	FIELD_ID,	0,		NULL },
	/* The open submission the form was shown with (admin_review.c). */
	{ "held",	0,		20,		NULL },
};

static const struct field page_fields[] = {
	{ "lang",	0,		LANG_MAX,	NULL },
	{ "title",	FIELD_REQUIRED,	TITLE_MAX,	NULL },
	{ "slug",	0,		0,		form_check_slug },
	{ "date",	FIELD_REQUIRED | FIELD_DATE, 0,	NULL },
	{ "time",	FIELD_TIME,	0,		NULL },
	{ "summary",	FIELD_MULTILINE, SUMMARY_MAX,	NULL },
	{ "lead_media",	FIELD_ID,	0,		NULL },
	{ "body",	FIELD_MARKDOWN | FIELD_BYTES, MARKDOWN_INPUT_MAX,
	    NULL },
	{ "status",	FIELD_REQUIRED,	0,		form_check_status },
	{ "version",	0,		0,		form_check_version },
	{ "source",	FIELD_ID,	0,		NULL },
	/* The open submission the form was shown with (admin_review.c). */
	{ "held",	0,		20,		NULL },
};

/* Page slugs the site's own paths use: a page there could never be
 * reached. Language codes are added from the configuration. */
static const char *const reserved_paths[] = {
	"admin", "news", "static", "feed", "search", "api", "projects",
	"events", "resources", "preview", NULL
};

static const struct field *
kind_fields(const struct admin_kind *k, size_t *n)
{
	if (k->dateline) {
		*n = sizeof(news_fields) / sizeof(news_fields[0]);
		return news_fields;
	}
	*n = sizeof(page_fields) / sizeof(page_fields[0]);
	return page_fields;
}

const struct field *
admin_content_fields(const struct admin_kind *k, size_t *n)
{
	return kind_fields(k, n);
}

/* What the editor is told when a write could not happen: an msgid. */
static const char *
store_notice(enum store_status st)
{
	if (st == STORE_BUSY)
		return N_("The database is busy; your text is kept "
		    "\xe2\x80\x94 try again.");
	return N_("The database cannot be written to at the moment; your "
	    "text is kept \xe2\x80\x94 try again later, and tell the site "
	    "administrator if it happens again.");
}

/* The edit form's page over the submission's fields. */
int
admin_content_form_page(struct request *rq, struct response *rs,
    struct submission *sub, bool errors, int status)
{
	const struct admin_kind *k = sub->k;
	const char *title, *msg, *label;
	enum content_status shown;
	json_t *m, *fs, *list, *o;
	size_t i, nerr = 0;

	title = T(rq->lang, sub->id != 0 ? k->edit_title : k->new_title);
	if ((m = admin_model(rq, title, k->section)) == NULL)
		return 500;
	model_set(m, "heading", sub->have_cur ? arena_printf(rq->arena,
	    "%s: %s", T(rq->lang, k->edit_title), sub->cur.title) : title);
	json_object_set_new(m, "kind_news", json_boolean(k->dateline));
	model_set(m, "noun", T(rq->lang, k->noun));
	model_set(m, "list_url", url_admin_items(rq->arena, k->section, 0));
	/* The address with an empty slug: what precedes the slug. */
	if (k->url != NULL)
		model_set(m, "slug_prefix", k->url(rq->arena, NULL, ""));
	else
		json_object_set_new(m, "slug_prefix", json_false());
	model_set(m, "action_url", sub->action_url != NULL ? sub->action_url :
	    sub->id != 0 ? url_admin_item(rq->arena, k->section, sub->id,
	    NULL) : url_admin_items(rq->arena, k->section, 0));
	/* A translation's draft is kept apart from other new items'. */
	model_set(m, "draft_key", sub->id != 0 ? arena_printf(rq->arena,
	    "wp-draft:%s:%lld", store_content_kind_name(k->kind),
	    (long long)sub->id) : sub->source != NULL ? arena_printf(rq->arena,
	    "wp-draft:%s:new:%lld:%s", store_content_kind_name(k->kind),
	    (long long)sub->source->id, form_shown(&sub->f, "lang")) :
	    arena_printf(rq->arena, "wp-draft:%s:new",
	    store_content_kind_name(k->kind)));
	json_object_set_new(m, "lang_options", admin_lang_options(rq,
	    form_shown(&sub->f, "lang")));
	model_set(m, "source", sub->id == 0 ? form_shown(&sub->f, "source") :
	    "");
	if (sub->source != NULL) {
		o = json_object();
		model_set(o, "title", sub->source->title);
		model_set(o, "lang", lang_name(rq, sub->source->lang));
		model_set(o, "edit_url", url_admin_item(rq->arena, k->section,
		    sub->source->id, "edit"));
		json_object_set_new(m, "translating", o);
	} else
		json_object_set_new(m, "translating", json_false());
	/* The list of versions is an aside: a form that cannot read it
	 * still comes back with the editor's text. */
	if (sub->have_cur && admin_content_versions_model(rq, k, &sub->cur,
	    &o) == 0)
		json_object_set_new(m, "translations", o);
	else
		json_object_set_new(m, "translations", json_false());
	json_object_set_new(m, "saved", json_boolean(!errors &&
	    rq->session != NULL && rq->session->flash != NULL &&
	    strncmp(rq->session->flash, T(rq->lang, SAVED_FLASH),
	    strlen(T(rq->lang, SAVED_FLASH))) == 0));
	model_set(m, "version", sub->version != NULL ? sub->version :
	    form_shown(&sub->f, "version"));
	fs = json_object();
	list = json_array();
	for (i = 0; i < F_COUNT; i++) {
		if (i == F_DATELINE && !k->dateline)
			continue;
		label = T(rq->lang, field_labels[i]);
		json_object_set_new(fs, field_names[i],
		    admin_content_field_model(rq->arena, &sub->f,
		    field_names[i], label, errors));
		if (errors)
			nerr += (size_t)admin_content_error_item(rq, &sub->f,
			    field_names[i], label, list);
		/* The kind's own fields follow the common ones, before the
		 * status; so do their problems in the list. */
		if (i == F_BODY)
			json_object_set_new(m, "own", admin_content_own_model(
			    rq, sub, errors, list, &nerr));
	}
	if (errors && (msg = form_error(&sub->f, "version")) != NULL) {
		o = json_object();
		model_set(o, "href", "#item-form");
		model_set(o, "text", form_message(&sub->f, "version",
		    T(rq->lang, "The version")));
		json_array_append_new(list, o);
		nerr++;
	}
	json_object_set_new(m, "f", fs);
	json_object_set_new(m, "errors", list);
	json_object_set_new(m, "has_errors", json_boolean(nerr > 0));
	json_object_set_new(m, "error_count", json_integer((json_int_t)nerr));
	json_object_set_new(m, "one_error", json_boolean(nerr == 1));
	json_object_set_new(m, "status_published", json_boolean(
	    store_content_status_parse(form_shown(&sub->f, "status"),
	    &shown) == 0 && shown == CONTENT_PUBLISHED));
	if (sub->notice != NULL)
		model_set(m, "notice", sub->notice);
	else
		json_object_set_new(m, "notice", json_false());
	if (sub->have_cur)
		json_object_set_new(m, "item", admin_content_item_model(rq, k,
		    &sub->cur));
	else
		json_object_set_new(m, "item", json_false());
	json_object_set_new(m, "media_picker", admin_content_media_picker(rq));
	json_object_set_new(m, "previews", admin_previews_model(rq,
	    sub->have_cur ? &sub->cur : NULL));
	if (sub->conflict != NULL) {
		o = admin_content_fields_model(rq, sub->conflict);
		json_object_set_new(o, "version",
		    json_integer(sub->conflict->version));
		model_set(o, "saved_text", arena_printf(rq->arena, "%s%s%s",
		    when_text_lang(rq->arena, rq->lang,
		    sub->conflict->updated_at),
		    *sub->conflict->updated_by ? " by " : "",
		    sub->conflict->updated_by));
		json_object_set_new(m, "conflict", o);
	} else
		json_object_set_new(m, "conflict", json_false());
	admin_review_form_model(rq, m, sub);
	return layout_render(rq, rs, "admin_item_form", m, status);
}

/* Sets up sub for kind k and item id, reading the saved item into
 * sub->cur. Returns 0 or an HTTP status; with keep (a submission, whose
 * text must not be lost) a failed read is left in sub->read instead. */
int
admin_content_init(struct request *rq, struct submission *sub,
    const struct admin_kind *k, int64_t id, bool keep)
{
	const struct field *common;
	struct field *fields;
	size_t ncommon, n;

	memset(sub, 0, sizeof(*sub));
	sub->k = k;
	sub->id = id;
	if (id != 0) {
		sub->read = store_content_get(rq->db, rq->arena, k->kind, id,
		    &sub->cur);
		if (sub->read != STORE_OK && !keep)
			return store_http_status(sub->read);
		sub->have_cur = sub->read == STORE_OK;
	}
	common = kind_fields(k, &ncommon);
	if ((fields = content_fields_form(rq->arena, k->kind, common, ncommon,
	    &n)) == NULL ||
	    form_init(&sub->f, rq->arena, fields, n) == -1)
		return 500;
	return 0;
}

/* The form again after the saved item could not be read: deleted
 * meanwhile (409, and saving makes it anew), or the database failing. */
int
admin_content_unreadable(struct request *rq, struct response *rs,
    struct submission *sub)
{
	switch (sub->read) {
	case STORE_NOTFOUND:
		sub->notice = arena_printf(rq->arena, T(rq->lang, "This %s "
		    "was deleted after you opened it. Your text is kept "
		    "below; saving it makes a new %s."), T(rq->lang,
		    sub->k->noun), T(rq->lang, sub->k->noun));
		sub->action_url = url_admin_items(rq->arena, sub->k->section,
		    0);
		sub->version = "";
		sub->have_cur = false;
		return admin_content_form_page(rq, rs, sub, true, 409);
	default:
		/* Any other failure may pass: the text is kept. */
		sub->notice = T(rq->lang, store_notice(sub->read));
		return admin_content_form_page(rq, rs, sub, true, 503);
	}
}

/* Fills the form from a saved item (or a revision's fields). */
void
admin_content_fill(struct submission *sub, const struct content *c,
    const char *version)
{
	form_set(&sub->f, "lang", c->lang, false);
	form_set(&sub->f, "title", c->title, false);
	form_set(&sub->f, "slug", c->slug, false);
	form_set(&sub->f, "dateline", c->dateline, false);
	form_set(&sub->f, "date", c->pub_date, false);
	form_set(&sub->f, "time", c->pub_time, false);
	form_set(&sub->f, "summary", c->summary, false);
	form_set(&sub->f, "body", c->body_md, false);
	form_set(&sub->f, "lead_media", c->lead_media > 0 ? arena_printf(
	    sub->f.arena, "%lld", (long long)c->lead_media) : "", false);
	form_set(&sub->f, "status", store_content_status_name(c->status),
	    false);
	form_set(&sub->f, "version", version, false);
	content_fields_fill(&sub->f, c->kind, c->fields);
}

/* The slugs an item may not take: for a page, and a project (which
 * shares /<slug> with the pages), the site's own paths and its language
 * codes, NULL-terminated, in the arena; for a release the paths under
 * /news that are not releases; none for an event or a publication, whose
 * slugs ([a-z0-9-]) cannot be their lists' other paths (/events/x.ics). */
const char *const *
admin_content_reserved(struct request *rq, const struct admin_kind *k)
{
	static const char *const none[] = { NULL };
	const size_t nfixed = sizeof(reserved_paths) /
	    sizeof(reserved_paths[0]) - 1;
	const char **list;
	size_t n = 0, i;

	if (k->kind == CONTENT_NEWS)
		return url_news_reserved;
	if (k->kind != CONTENT_PAGE && k->kind != CONTENT_PROJECT)
		return none;
	list = arena_alloc(rq->arena, sizeof(*list) *
	    (nfixed + rq->cfg->nlangs + 1));
	if (list == NULL)
		return reserved_paths;
	for (i = 0; i < nfixed; i++)
		list[n++] = reserved_paths[i];
	/* A language code is a URL prefix, the default's included: a page
	 * there would hide the language or read as its home. */
	for (i = 0; i < rq->cfg->nlangs; i++)
		list[n++] = rq->cfg->langs[i];
	list[n] = NULL;
	return list;
}

static bool
is_reserved(const char *const *list, const char *slug)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, slug) == 0)
			return true;
	return false;
}

/* The checks that look at more than one field, the Markdown rendering,
 * and sub->c made from the clean values. */
void
admin_content_check(struct request *rq, struct submission *sub)
{
	struct form *f = &sub->f;
	struct content *c = &sub->c;
	enum markdown_status ms;
	const char *v, *body;
	char slug[SLUG_MAX + 1], *html = NULL;
	int64_t group;

	memset(c, 0, sizeof(*c));
	c->kind = sub->k->kind;
	c->id = sub->id;
	c->lang = sub->have_cur ? sub->cur.lang : rq->ui_lang;
	v = form_value(f, "lang");
	if (v != NULL && *v != '\0' && (c->lang = admin_lang_known(rq,
	    v)) == NULL)
		form_fail(f, "lang", T(rq->lang, "is not one of the site's "
		    "languages"));
	admin_content_read_source(rq, sub);
	if (sub->source != NULL)
		c->source_id = sub->source->id;
	if (sub->id != 0) {
		v = form_value(f, "version");
		if (v != NULL && *v == '\0')
			form_fail(f, "version", T(rq->lang, "is missing; "
			    "reload the page (your text is kept in this "
			    "browser)"));
		else if (v != NULL)
			c->version = strtoll(v, NULL, 10);
	}
	group = sub->have_cur ? sub->cur.group_id : sub->source != NULL ?
	    sub->source->group_id : 0;
	v = form_value(f, "slug");
	c->title = form_value(f, "title");
	if (v != NULL && *v == '\0' && c->title != NULL) {
		/* A title with nothing to make a slug of: the item takes
		 * its group's number, never an empty slug (a new group's
		 * is given by the store, which knows it). */
		if (slug_from_title_lang(c->lang, c->title, slug) == 0)
			c->slug = group != 0 ? arena_printf(rq->arena, "%lld",
			    (long long)group) : "";
		else
			c->slug = arena_strdup(rq->arena, slug);
	} else if (v != NULL) {
		if (is_reserved(admin_content_reserved(rq, sub->k), v))
			form_fail(f, "slug", T(rq->lang, "is an address the "
			    "site itself uses; choose another"));
		c->slug = v;
		sub->slug_given = true;
	}
	c->dateline = sub->k->dateline ? form_value(f, "dateline") : "";
	c->pub_date = form_value(f, "date");
	c->pub_time = form_value(f, "time");
	if (c->pub_date != NULL && c->pub_time != NULL &&
	    form_local_time(c->pub_date, c->pub_time, &c->published_at) == -1)
		form_fail(f, "date", T(rq->lang, "could not be read as a time "
		    "in the site's time zone"));
	c->summary = form_value(f, "summary");
	/* A status the form did not accept has failed it already. */
	if (store_content_status_parse(form_value(f, "status"), &c->status) ==
	    -1)
		c->status = CONTENT_DRAFT;
	/* After every check of a single field: these look at several. */
	content_fields_check(f, c->kind, &c->fields);
	if ((body = form_value(f, "body")) == NULL)
		return;
	c->body_md = body;
	/* Rendered here, at save and preview, never per public request. */
	ms = markdown_render(body, strlen(body), &html);
	if (ms != MARKDOWN_OK) {
		form_fail(f, "body", T(rq->lang, markdown_message(ms)));
		if (ms == MARKDOWN_FAILED)
			sub->server_fail = true;
		return;
	}
	c->body_html = arena_strdup(rq->arena, html);
	free(html);
	if (c->body_html == NULL) {
		form_fail(f, "body", T(rq->lang,
		    markdown_message(MARKDOWN_FAILED)));
		sub->server_fail = true;
	}
	admin_content_media_check(rq, sub);
}

int
admin_content_new(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	struct submission sub;
	char today[11];
	int ret;

	if ((ret = admin_content_translate_new(rq, rs, k)) != -1)
		return ret;
	if ((ret = admin_content_init(rq, &sub, k, 0, false)) != 0)
		return ret;
	form_set(&sub.f, "lang", rq->ui_lang, false);
	form_today(rq->now, today);
	form_set(&sub.f, "date", today, false);
	form_set(&sub.f, "status", store_content_status_name(CONTENT_DRAFT),
	    false);
	return admin_content_form_page(rq, rs, &sub, false, 200);
}

int
admin_content_edit(struct request *rq, struct response *rs)
{
	const struct admin_kind *k = rq->route_ctx;
	struct submission sub;
	int64_t id = route_id(rq, 0);
	int ret;

	if ((ret = admin_content_init(rq, &sub, k, id, false)) != 0)
		return ret;
	admin_content_fill(&sub, &sub.cur, arena_printf(rq->arena, "%lld",
	    (long long)sub.cur.version));
	return admin_content_form_page(rq, rs, &sub, false, 200);
}

/* admin_content.c: the editor of releases and pages: the form, its
 * checks, preview, saving against the version the form was opened at,
 * publishing, deleting, history and restoring a revision. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "lib/slug.h"
#include "request.h"
#include "response.h"
#include "view/assets.h"
#include "view/dates.h"
#include "view/markdown.h"
#include "view/urls.h"

/* The flash of a successful save; the edit page it leads to tells the
 * browser script, which then forgets its copy of the text. */
#define SAVED_FLASH	"Saved."
/* 50: revisions a page of history shows. */
#define HISTORY_PER_PAGE	50
/* 300: the longest title the issue allows; 1,000 for a summary; 100 for a
 * dateline (a place name). */
#define TITLE_MAX	300
#define SUMMARY_MAX	1000
#define DATELINE_MAX	100

enum fld {
	F_TITLE,
	F_SLUG,
	F_DATELINE,
	F_DATE,
	F_TIME,
	F_SUMMARY,
	F_BODY,
	F_STATUS,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"title", "slug", "dateline", "date", "time", "summary", "body", "status"
};

static const char *const field_labels[F_COUNT] = {
	"Title", "Address (slug)", "Dateline", "Date", "Time", "Summary",
	"Body", "Status"
};

static const struct field news_fields[] = {
	{ "title",	FIELD_REQUIRED,	TITLE_MAX,	NULL },
	{ "slug",	0,		0,		form_check_slug },
	{ "dateline",	0,		DATELINE_MAX,	NULL },
	{ "date",	FIELD_REQUIRED,	0,		form_check_date },
	{ "time",	0,		0,		form_check_time },
	{ "summary",	FIELD_MULTILINE, SUMMARY_MAX,	NULL },
	{ "body",	FIELD_MULTILINE | FIELD_BYTES, MARKDOWN_INPUT_MAX,
	    NULL },
	{ "status",	FIELD_REQUIRED,	0,		form_check_status },
	{ "version",	0,		0,		form_check_version },
};

static const struct field page_fields[] = {
	{ "title",	FIELD_REQUIRED,	TITLE_MAX,	NULL },
	{ "slug",	0,		0,		form_check_slug },
	{ "date",	FIELD_REQUIRED,	0,		form_check_date },
	{ "time",	0,		0,		form_check_time },
	{ "summary",	FIELD_MULTILINE, SUMMARY_MAX,	NULL },
	{ "body",	FIELD_MULTILINE | FIELD_BYTES, MARKDOWN_INPUT_MAX,
	    NULL },
	{ "status",	FIELD_REQUIRED,	0,		form_check_status },
	{ "version",	0,		0,		form_check_version },
};

/* Page slugs the site's own paths use: a page there could never be
 * reached. Language codes are added from the configuration. */
static const char *const reserved_paths[] = {
	"admin", "news", "static", "feed", "search"
};

/* One submission of the form, from reading it to answering. */
struct submission {
	const struct admin_kind *k;
	struct form	 f;
	int64_t		 id;		/* 0: a new item */
	bool		 have_cur;
	struct content	 cur;		/* the saved item, when have_cur */
	struct content	 c;		/* what would be saved */
	bool		 slug_given;
	bool		 server_fail;	/* a check failed on our side */
	const char	*notice;	/* a message above the form */
	const struct content *conflict;	/* the version saved meanwhile */
	const char	*version;	/* hidden field, when not the form's */
	const char	*action_url;	/* when not the usual one */
	const char	*fallback_slug;	/* a restore: if the slug is taken */
	const char	*audit_note;	/* appended to the audit detail */
	enum store_status read;		/* reading the saved item */
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

/* What the editor is told when a write could not happen. */
static const char *
store_notice(enum store_status st)
{
	if (st == STORE_BUSY)
		return "The database is busy; your text is kept \xe2\x80\x94 "
		    "try again.";
	return "The database cannot be written to at the moment; your text "
	    "is kept \xe2\x80\x94 try again later, and tell the site "
	    "administrator if it happens again.";
}

/* A field's message as a sentence: a message starting in lower case
 * says something of the field ("is required"), so the label leads. */
static const char *
sentence(struct arena *a, const char *label, const char *msg)
{
	if (msg == NULL)
		return NULL;
	if (*msg >= 'a' && *msg <= 'z')
		return arena_printf(a, "%s %s.", label, msg);
	return msg;
}

/* The language to put in public links to an item of lang. */
static const char *
item_link_lang(const struct request *rq, const char *lang)
{
	if (rq->cfg == NULL || lang == NULL ||
	    strcmp(lang, rq->cfg->default_lang) == 0)
		return NULL;
	return lang;
}

static const char *
public_url(struct request *rq, const struct admin_kind *k, const char *lang,
    const char *slug)
{
	if (k->kind == CONTENT_NEWS)
		return url_news(rq->arena, item_link_lang(rq, lang), slug);
	return url_page(rq->arena, item_link_lang(rq, lang), slug);
}

static const char *
item_url(struct request *rq, const struct admin_kind *k, int64_t id,
    const char *what)
{
	return arena_printf(rq->arena, "%s/%lld%s", k->base, (long long)id,
	    what);
}

/* "news 12: Title", for the audit log. */
static const char *
audit_detail(struct request *rq, const struct content *c)
{
	return arena_printf(rq->arena, "%s %lld: %s",
	    store_content_kind_name(c->kind), (long long)c->id, c->title);
}

static struct content_author
author(const struct request *rq)
{
	struct content_author who = { 0, "", rq->now };

	if (rq->session != NULL) {
		who.user_id = rq->session->user_id;
		who.username = rq->session->username;
	}
	return who;
}

static bool
is_scheduled(const struct request *rq, const struct content *c)
{
	return strcmp(c->status, "published") == 0 && c->published_at > rq->now;
}

/* The saved item as the form's header shows it. */
static json_t *
item_model(struct request *rq, const struct admin_kind *k,
    const struct content *c)
{
	json_t *o = json_object();
	bool published = strcmp(c->status, "published") == 0;
	bool scheduled = is_scheduled(rq, c);

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "is_published", json_boolean(published));
	json_object_set_new(o, "is_scheduled", json_boolean(scheduled));
	model_set(o, "status_class", scheduled ? "scheduled" : published ?
	    "published" : "draft");
	if (scheduled)
		model_set(o, "status_text", arena_printf(rq->arena,
		    "Scheduled for %s", when_text(rq->arena, c->published_at)));
	else
		model_set(o, "status_text", published ? "Published" : "Draft");
	if (published && !scheduled)
		model_set(o, "public_url", public_url(rq, k, c->lang, c->slug));
	else
		json_object_set_new(o, "public_url", json_false());
	model_set(o, "saved_text", arena_printf(rq->arena, "%s%s%s",
	    when_text(rq->arena, c->updated_at), *c->updated_by ? " by " : "",
	    c->updated_by));
	model_set(o, "edit_url", item_url(rq, k, c->id, "/edit"));
	model_set(o, "history_url", item_url(rq, k, c->id, "/history"));
	model_set(o, "publish_url", item_url(rq, k, c->id,
	    "/confirm?action=publish"));
	model_set(o, "unpublish_url", item_url(rq, k, c->id,
	    "/confirm?action=unpublish"));
	model_set(o, "delete_url", item_url(rq, k, c->id,
	    "/confirm?action=delete"));
	model_set(o, "title", c->title);
	return o;
}

/* The fields of a saved version, for the page of a conflict or of a
 * revision. */
static json_t *
fields_model(const struct content *c)
{
	json_t *o = json_object();

	model_set(o, "title", c->title);
	model_set(o, "slug", c->slug);
	model_set(o, "dateline", c->dateline);
	model_set(o, "date", c->pub_date);
	model_set(o, "time", c->pub_time);
	model_set(o, "summary", c->summary);
	model_set(o, "body", c->body_md);
	model_set(o, "status", c->status);
	return o;
}

/* One field of the form: its text, and its message when errors. */
static json_t *
field_model(struct arena *a, const struct form *f, enum fld i, bool errors)
{
	const char *name = field_names[i];
	const char *msg = errors ? sentence(a, field_labels[i],
	    form_error(f, name)) : NULL;
	json_t *o = json_object();

	model_set(o, "value", form_shown(f, name));
	if (msg != NULL)
		model_set(o, "message", msg);
	else
		json_object_set_new(o, "message", json_false());
	json_object_set_new(o, "invalid", json_boolean(msg != NULL));
	model_set(o, "describedby", msg != NULL ? arena_printf(a,
	    "f-%s-hint f-%s-error", name, name) : arena_printf(a,
	    "f-%s-hint", name));
	/* A date or time input empties a value it cannot parse, so one the
	 * editor must correct is shown as text. */
	if (i == F_DATE || i == F_TIME)
		model_set(o, "type", msg != NULL ? "text" :
		    i == F_DATE ? "date" : "time");
	return o;
}

/* The edit form's page over the submission's fields. */
static int
form_page(struct request *rq, struct response *rs, struct submission *sub,
    bool errors, int status)
{
	const struct admin_kind *k = sub->k;
	const char *title, *msg, *status_value;
	json_t *m, *fs, *list, *o;
	size_t i, nerr = 0;

	title = sub->id != 0 ? k->edit_title : k->new_title;
	if ((m = admin_model(rq, title, k->section)) == NULL)
		return 500;
	model_set(m, "heading", sub->have_cur ? arena_printf(rq->arena,
	    "%s: %s", k->edit_title, sub->cur.title) : title);
	json_object_set_new(m, "kind_news", json_boolean(k->dateline));
	model_set(m, "noun", k->noun);
	model_set(m, "list_url", k->base);
	model_set(m, "slug_prefix", k->kind == CONTENT_NEWS ? "/news/" : "/");
	model_set(m, "action_url", sub->action_url != NULL ? sub->action_url :
	    sub->id != 0 ? item_url(rq, k, sub->id, "") : k->base);
	model_set(m, "draft_key", sub->id != 0 ? arena_printf(rq->arena,
	    "wp-draft:%s:%lld", store_content_kind_name(k->kind),
	    (long long)sub->id) : arena_printf(rq->arena, "wp-draft:%s:new",
	    store_content_kind_name(k->kind)));
	json_object_set_new(m, "saved", json_boolean(!errors &&
	    rq->session != NULL && rq->session->flash != NULL &&
	    strncmp(rq->session->flash, SAVED_FLASH,
	    strlen(SAVED_FLASH)) == 0));
	model_set(m, "version", sub->version != NULL ? sub->version :
	    form_shown(&sub->f, "version"));
	fs = json_object();
	list = json_array();
	for (i = 0; i < F_COUNT; i++) {
		if (i == F_DATELINE && !k->dateline)
			continue;
		json_object_set_new(fs, field_names[i],
		    field_model(rq->arena, &sub->f, (enum fld)i, errors));
		if (!errors || (msg = form_error(&sub->f, field_names[i])) ==
		    NULL)
			continue;
		/* In the list at the top a whole sentence needs its field. */
		msg = *msg >= 'a' && *msg <= 'z' ? sentence(rq->arena,
		    field_labels[i], msg) : arena_printf(rq->arena, "%s: %s",
		    field_labels[i], msg);
		o = json_object();
		model_set(o, "href", arena_printf(rq->arena, "#f-%s",
		    field_names[i]));
		model_set(o, "text", msg);
		json_array_append_new(list, o);
		nerr++;
	}
	if (errors && (msg = form_error(&sub->f, "version")) != NULL) {
		o = json_object();
		model_set(o, "href", "#item-form");
		model_set(o, "text", sentence(rq->arena, "The version", msg));
		json_array_append_new(list, o);
		nerr++;
	}
	json_object_set_new(m, "f", fs);
	json_object_set_new(m, "errors", list);
	json_object_set_new(m, "has_errors", json_boolean(nerr > 0));
	json_object_set_new(m, "error_count", json_integer((json_int_t)nerr));
	json_object_set_new(m, "one_error", json_boolean(nerr == 1));
	status_value = form_shown(&sub->f, "status");
	json_object_set_new(m, "status_published",
	    json_boolean(strcmp(status_value, "published") == 0));
	if (sub->notice != NULL)
		model_set(m, "notice", sub->notice);
	else
		json_object_set_new(m, "notice", json_false());
	if (sub->have_cur)
		json_object_set_new(m, "item", item_model(rq, k, &sub->cur));
	else
		json_object_set_new(m, "item", json_false());
	if (sub->conflict != NULL) {
		o = fields_model(sub->conflict);
		json_object_set_new(o, "version",
		    json_integer(sub->conflict->version));
		model_set(o, "saved_text", arena_printf(rq->arena, "%s%s%s",
		    when_text(rq->arena, sub->conflict->updated_at),
		    *sub->conflict->updated_by ? " by " : "",
		    sub->conflict->updated_by));
		json_object_set_new(m, "conflict", o);
	} else
		json_object_set_new(m, "conflict", json_false());
	return layout_render(rq, rs, "admin_item_form", m, status);
}

/* Sets up sub for kind k and item id, reading the saved item into
 * sub->cur. Returns 0 or an HTTP status; with keep (a submission, whose
 * text must not be lost) a failed read is left in sub->read instead. */
static int
submission_init(struct request *rq, struct submission *sub,
    const struct admin_kind *k, int64_t id, bool keep)
{
	const struct field *fields;
	size_t n;

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
	fields = kind_fields(k, &n);
	if (form_init(&sub->f, rq->arena, fields, n) == -1)
		return 500;
	return 0;
}

/* The form again after the saved item could not be read: deleted
 * meanwhile (409, and saving makes it anew), or the database failing. */
static int
unreadable(struct request *rq, struct response *rs, struct submission *sub)
{
	switch (sub->read) {
	case STORE_NOTFOUND:
		sub->notice = arena_printf(rq->arena, "This %s was deleted "
		    "after you opened it. Your text is kept below; saving it "
		    "makes a new %s.", sub->k->noun, sub->k->noun);
		sub->action_url = sub->k->base;
		sub->version = "";
		sub->have_cur = false;
		return form_page(rq, rs, sub, true, 409);
	case STORE_BUSY:
	case STORE_READONLY:
	case STORE_FULL:
		sub->notice = store_notice(sub->read);
		return form_page(rq, rs, sub, true, 503);
	default:
		return 500;
	}
}

/* Fills the form from a saved item (or a revision's fields). */
static void
form_from_content(struct submission *sub, const struct content *c,
    const char *version)
{
	form_set(&sub->f, "title", c->title, false);
	form_set(&sub->f, "slug", c->slug, false);
	form_set(&sub->f, "dateline", c->dateline, false);
	form_set(&sub->f, "date", c->pub_date, false);
	form_set(&sub->f, "time", c->pub_time, false);
	form_set(&sub->f, "summary", c->summary, false);
	form_set(&sub->f, "body", c->body_md, false);
	form_set(&sub->f, "status", c->status, false);
	form_set(&sub->f, "version", version, false);
}

/* The page slugs a page may not take: the site's own paths and its
 * language codes. NULL-terminated, in the arena; NULL for releases. */
static const char *const *
reserved_slugs(struct request *rq, const struct admin_kind *k)
{
	const size_t nfixed = sizeof(reserved_paths) /
	    sizeof(reserved_paths[0]);
	const char *langs, *p, **list;
	size_t n = 0, i, len;

	if (k->kind != CONTENT_PAGE)
		return NULL;
	langs = rq->cfg != NULL && rq->cfg->languages != NULL ?
	    rq->cfg->languages : "";
	/* At most one code per two bytes ("a b"), the fixed ones, the
	 * default language and the terminator. */
	list = arena_alloc(rq->arena, sizeof(*list) *
	    (nfixed + strlen(langs) / 2 + 3));
	if (list == NULL)
		return reserved_paths;
	for (i = 0; i < nfixed; i++)
		list[n++] = reserved_paths[i];
	if (rq->cfg != NULL && rq->cfg->default_lang != NULL)
		list[n++] = rq->cfg->default_lang;
	for (p = langs; *p != '\0'; p += len) {
		p += strspn(p, " \t,");
		if ((len = strcspn(p, " \t,")) == 0)
			break;
		if ((list[n] = arena_strndup(rq->arena, p, len)) != NULL)
			n++;
	}
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
static void
check(struct request *rq, struct submission *sub)
{
	struct form *f = &sub->f;
	struct content *c = &sub->c;
	enum markdown_status ms;
	const char *v, *body;
	char slug[SLUG_MAX + 1], *html = NULL;

	memset(c, 0, sizeof(*c));
	c->kind = sub->k->kind;
	c->id = sub->id;
	c->lang = sub->have_cur ? sub->cur.lang : rq->lang;
	if (sub->id != 0) {
		v = form_value(f, "version");
		if (v != NULL && *v == '\0')
			form_fail(f, "version", "is missing; reload the page "
			    "(your text is kept in this browser)");
		else if (v != NULL)
			c->version = strtoll(v, NULL, 10);
	}
	v = form_value(f, "slug");
	c->title = form_value(f, "title");
	if (v != NULL && *v == '\0' && c->title != NULL) {
		if (slug_from_title(c->title, slug) == 0)
			form_fail(f, "slug", "could not be made from the "
			    "title; enter one with letters a-z, digits and "
			    "hyphens");
		else
			c->slug = arena_strdup(rq->arena, slug);
	} else if (v != NULL) {
		if (is_reserved(reserved_slugs(rq, sub->k), v))
			form_fail(f, "slug", "is an address the site itself "
			    "uses; choose another");
		c->slug = v;
		sub->slug_given = true;
	}
	c->dateline = sub->k->dateline ? form_value(f, "dateline") : "";
	c->pub_date = form_value(f, "date");
	c->pub_time = form_value(f, "time");
	if (c->pub_date != NULL && c->pub_time != NULL &&
	    form_local_time(c->pub_date, c->pub_time, &c->published_at) == -1)
		form_fail(f, "date", "could not be read as a time in the "
		    "site's time zone");
	c->summary = form_value(f, "summary");
	c->status = form_value(f, "status");
	if ((body = form_value(f, "body")) == NULL)
		return;
	c->body_md = body;
	/* Rendered here, at save and preview, never per public request. */
	ms = markdown_render(body, strlen(body), &html);
	if (ms != MARKDOWN_OK) {
		form_fail(f, "body", markdown_message(ms));
		if (ms == MARKDOWN_FAILED)
			sub->server_fail = true;
		return;
	}
	c->body_html = arena_strdup(rq->arena, html);
	free(html);
	if (c->body_html == NULL) {
		form_fail(f, "body", markdown_message(MARKDOWN_FAILED));
		sub->server_fail = true;
	}
}

/* The release or page as the public site would show it, through its own
 * template (admin_preview extends news_show or page). */
static int
preview_page(struct request *rq, struct response *rs, struct submission *sub)
{
	const struct content *c = &sub->c;
	const char *lang = item_link_lang(rq, c->lang), *url;
	json_t *m, *o;

	url = public_url(rq, sub->k, c->lang, c->slug);
	if (sub->k->kind == CONTENT_NEWS)
		m = layout_model(rq, c->title, url_news_list(rq->arena, lang,
		    0));
	else
		m = layout_model(rq, c->title, url);
	if (m == NULL)
		return 503;
	o = json_object();
	model_set(o, "title", c->title);
	model_set(o, "url", url);
	model_set(o, "summary", c->summary);
	model_set(o, "body_html", c->body_html);
	if (sub->k->kind == CONTENT_NEWS) {
		model_set(o, "dateline", c->dateline);
		model_set(o, "date_iso", c->pub_date);
		model_set(o, "date_text", date_text(rq->arena, c->pub_date));
	}
	json_object_set_new(m, sub->k->kind == CONTENT_NEWS ? "news" : "page",
	    o);
	json_object_set_new(m, sub->k->kind == CONTENT_NEWS ? "is_news" :
	    "is_page", json_true());
	model_set(m, "preview_js", assets_url("js/admin.js"));
	return layout_render(rq, rs, "admin_preview", m, 200);
}

/* Writes the audit lines of a save: create or edit, and publish or
 * unpublish when the status changed. */
static void
audit_save(struct request *rq, struct submission *sub, const char *action)
{
	const char *detail = arena_printf(rq->arena, "%s%s",
	    audit_detail(rq, &sub->c), sub->audit_note != NULL ?
	    sub->audit_note : "");
	bool was_published = sub->have_cur &&
	    strcmp(sub->cur.status, "published") == 0;
	bool published = strcmp(sub->c.status, "published") == 0;

	auth_audit(rq, NULL, action, detail);
	if (published != was_published && (published || sub->have_cur))
		auth_audit(rq, NULL, published ? "publish" : "unpublish",
		    detail);
}

/* Saves sub->c; answers with the redirect, or the form again with why it
 * was not saved. tag is the revision's action, audit the audit line's;
 * done is the flash of success. */
static int
save_steps(struct request *rq, struct response *rs, struct submission *sub,
    const char *tag, const char *audit, const char *done)
{
	struct content_author who = author(rq);
	enum content_outcome outcome;
	enum store_status st;
	struct content *now;

again:
	st = store_content_save(rq->db, rq->arena, &sub->c, sub->slug_given,
	    reserved_slugs(rq, sub->k), tag, &who, &outcome);
	switch (st) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
	case STORE_BUSY:
	case STORE_READONLY:
	case STORE_FULL:
		sub->read = st;
		return unreadable(rq, rs, sub);
	default:
		return 500;
	}
	if (outcome == CONTENT_SLUG_TAKEN && sub->fallback_slug != NULL &&
	    strcmp(sub->fallback_slug, sub->c.slug) != 0) {
		sub->c.slug = sub->fallback_slug;
		sub->fallback_slug = NULL;
		done = arena_printf(rq->arena, "%s Its old address is another "
		    "%s's now, so it keeps %s.", done, sub->k->noun,
		    public_url(rq, sub->k, sub->c.lang, sub->c.slug));
		goto again;
	}
	if (outcome == CONTENT_SLUG_TAKEN) {
		form_fail(&sub->f, "slug", sub->slug_given ?
		    arena_printf(rq->arena, "is already the address of another "
		    "%s; choose another", sub->k->noun) :
		    "could not be made unique from the title; enter one");
		return form_page(rq, rs, sub, true, 422);
	}
	if (outcome == CONTENT_CONFLICT) {
		if ((now = arena_alloc(rq->arena, sizeof(*now))) == NULL)
			return 500;
		st = store_content_get(rq->db, rq->arena, sub->k->kind,
		    sub->id, now);
		if (st != STORE_OK) {
			/* The form again, as typed, whatever the read says. */
			sub->read = st;
			return unreadable(rq, rs, sub);
		}
		sub->conflict = now;
		sub->cur = *now;
		sub->version = arena_printf(rq->arena, "%lld",
		    (long long)now->version);
		sub->notice = arena_printf(rq->arena, "Someone saved this %s "
		    "(version %lld) after you opened it, so nothing was "
		    "saved. Your text is kept in the form; the version now "
		    "saved is shown beside it. Saving the form again "
		    "replaces that version with yours.", sub->k->noun,
		    (long long)now->version);
		return form_page(rq, rs, sub, true, 409);
	}
	audit_save(rq, sub, audit);
	auth_flash(rq, done);
	response_set_header(rs, "Location", item_url(rq, sub->k, sub->c.id,
	    "/edit"));
	return 303;
}

/* save_steps() as one commit with its audit lines and flash message: the
 * save and its record land together or not at all, with one fsync where
 * three were. A commit that fails shows the form again, as it was sent. */
static int
save(struct request *rq, struct response *rs, struct submission *sub,
    const char *tag, const char *audit, const char *done)
{
	struct content sent = sub->c;
	enum store_status st;
	int ret;

	if ((st = store_tx_begin(rq->db)) != STORE_OK) {
		sub->read = st;
		return unreadable(rq, rs, sub);
	}
	if ((ret = save_steps(rq, rs, sub, tag, audit, done)) != 303) {
		store_tx_rollback(rq->db);
		return ret;
	}
	if ((st = store_tx_commit(rq->db)) != STORE_OK) {
		store_tx_rollback(rq->db);
		sub->c = sent;
		sub->read = st;
		response_unset_header(rs, "Location");
		return unreadable(rq, rs, sub);
	}
	return 303;
}

/* POST of the form: create (id 0) or save item id. */
static int
submit(struct request *rq, struct response *rs, const struct admin_kind *k,
    int64_t id)
{
	struct submission sub;
	const char *action, *tag;
	bool bad, preview;
	int ret;

	action = request_form(rq, "action", &bad);
	if (action == NULL || strcmp(action, "save") == 0)
		preview = false;
	else if (strcmp(action, "preview") == 0)
		preview = true;
	else
		return 400;
	if ((ret = submission_init(rq, &sub, k, id, true)) != 0)
		return ret;
	form_read(&sub.f, rq);
	check(rq, &sub);
	if (!form_ok(&sub.f))
		return form_page(rq, rs, &sub, true, sub.server_fail ? 503 :
		    422);
	if (preview)
		return preview_page(rq, rs, &sub);
	if (sub.read != STORE_OK)
		return unreadable(rq, rs, &sub);
	tag = id == 0 ? "create" : strcmp(sub.c.status, sub.cur.status) == 0 ?
	    "save" : strcmp(sub.c.status, "published") == 0 ? "publish" :
	    "unpublish";
	return save(rq, rs, &sub, tag, id == 0 ? "create" : "edit",
	    SAVED_FLASH);
}

int
admin_content_new(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	struct submission sub;
	char today[11];
	int ret;

	if ((ret = submission_init(rq, &sub, k, 0, false)) != 0)
		return ret;
	form_today(rq->now, today);
	form_set(&sub.f, "date", today, false);
	form_set(&sub.f, "status", "draft", false);
	return form_page(rq, rs, &sub, false, 200);
}

int
admin_content_create(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	return submit(rq, rs, k, 0);
}

int
admin_content_edit(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	struct submission sub;
	int64_t id = route_id(rq, 0);
	int ret;

	if ((ret = submission_init(rq, &sub, k, id, false)) != 0)
		return ret;
	form_from_content(&sub, &sub.cur, arena_printf(rq->arena, "%lld",
	    (long long)sub.cur.version));
	return form_page(rq, rs, &sub, false, 200);
}

int
admin_content_update(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	int64_t id = route_id(rq, 0);

	return submit(rq, rs, k, id);
}

/* The three changes behind a confirmation page. */
enum change {
	CHANGE_PUBLISH,
	CHANGE_UNPUBLISH,
	CHANGE_DELETE,
	CHANGE_COUNT
};

static const struct {
	const char	*action;
	const char	*verb;
} changes[CHANGE_COUNT] = {
	{ "publish",	"Publish" },
	{ "unpublish",	"Unpublish" },
	{ "delete",	"Delete" },
};

int
admin_content_confirm(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	const char *action = request_query(rq, "action"), *text;
	struct content c;
	enum store_status st;
	int64_t id = route_id(rq, 0), nrev = 0;
	size_t i, n;
	struct revision *revs;
	json_t *m;

	for (i = 0; i < CHANGE_COUNT; i++)
		if (action != NULL && strcmp(action, changes[i].action) == 0)
			break;
	if (i == CHANGE_COUNT)
		return 400;
	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, &c)) !=
	    STORE_OK)
		return store_http_status(st);
	switch ((enum change)i) {
	case CHANGE_PUBLISH:
		if (strcmp(c.status, "published") == 0)
			text = arena_printf(rq->arena, "This %s is already "
			    "published.", k->noun);
		else if (c.published_at > rq->now)
			text = arena_printf(rq->arena, "Its date and time are "
			    "in the future: it will appear on the public site "
			    "on %s, and not before.", when_text(rq->arena,
			    c.published_at));
		else
			text = "It will appear on the public site at once.";
		break;
	case CHANGE_UNPUBLISH:
		text = arena_printf(rq->arena, "It will disappear from the "
		    "public site at once and stay here as a draft.");
		break;
	default:
		st = store_revision_list(rq->db, rq->arena, k->kind, id, 0, 1,
		    &revs, &n, &nrev);
		if (st != STORE_OK)
			return store_http_status(st);
		text = arena_printf(rq->arena, "This deletes the %s and its "
		    "%lld saved versions for good; its address will answer "
		    "\xe2\x80\x9cnot found\xe2\x80\x9d. It cannot be undone.",
		    k->noun, (long long)nrev);
		break;
	}
	if ((m = admin_model(rq, arena_printf(rq->arena, "%s %s",
	    changes[i].verb, k->noun), k->section)) == NULL)
		return 500;
	model_set(m, "verb", changes[i].verb);
	model_set(m, "noun", k->noun);
	model_set(m, "text", text);
	model_set(m, "post_url", item_url(rq, k, id, arena_printf(rq->arena,
	    "/%s", changes[i].action)));
	model_set(m, "cancel_url", item_url(rq, k, id, "/edit"));
	json_object_set_new(m, "danger", json_boolean(i == CHANGE_DELETE));
	json_object_set_new(m, "item", item_model(rq, k, &c));
	return layout_render(rq, rs, "admin_confirm", m, 200);
}

/* Ends the transaction a handler's steps ran in: committed when they
 * answered with their redirect, else rolled back. A failed commit answers
 * as the store says (503 when busy, read-only or full). */
static int
end_tx(struct request *rq, struct response *rs, int ret)
{
	enum store_status st;

	if (ret == 303 && (st = store_tx_commit(rq->db)) != STORE_OK) {
		response_unset_header(rs, "Location");
		ret = store_http_status(st);
	}
	if (ret != 303)
		store_tx_rollback(rq->db);
	return ret;
}

static int
set_status_steps(struct request *rq, struct response *rs,
    const struct admin_kind *k, const char *status)
{
	struct content_author who = author(rq);
	struct content c;
	enum store_status st;
	int64_t id = route_id(rq, 0);
	bool changed, published = strcmp(status, "published") == 0;

	st = store_content_set_status(rq->db, rq->arena, k->kind, id, status,
	    &who, &c, &changed);
	if (st != STORE_OK)
		return store_http_status(st);
	if (!changed)
		auth_flash(rq, arena_printf(rq->arena, "\xe2\x80\x9c%s\xe2\x80"
		    "\x9d was already %s.", c.title, published ? "published" :
		    "a draft"));
	else {
		auth_audit(rq, NULL, published ? "publish" : "unpublish",
		    audit_detail(rq, &c));
		if (is_scheduled(rq, &c))
			auth_flash(rq, arena_printf(rq->arena, "\xe2\x80\x9c%s"
			    "\xe2\x80\x9d is scheduled for %s.", c.title,
			    when_text(rq->arena, c.published_at)));
		else
			auth_flash(rq, arena_printf(rq->arena, "\xe2\x80\x9c%s"
			    "\xe2\x80\x9d is %s.", c.title, published ?
			    "published" : "now a draft"));
	}
	response_set_header(rs, "Location", k->base);
	return 303;
}

/* POST …/publish and …/unpublish: the change, its audit line and its
 * flash message in one commit. */
static int
set_status(struct request *rq, struct response *rs,
    const struct admin_kind *k, const char *status)
{
	enum store_status st;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	return end_tx(rq, rs, set_status_steps(rq, rs, k, status));
}

int
admin_content_publish(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	return set_status(rq, rs, k, "published");
}

int
admin_content_unpublish(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	return set_status(rq, rs, k, "draft");
}

static int
delete_steps(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	struct content c;
	enum store_status st;
	int64_t id = route_id(rq, 0);

	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, &c)) !=
	    STORE_OK)
		return store_http_status(st);
	if ((st = store_content_delete(rq->db, k->kind, id)) != STORE_OK)
		return store_http_status(st);
	auth_audit(rq, NULL, "delete", audit_detail(rq, &c));
	auth_flash(rq, arena_printf(rq->arena, "Deleted \xe2\x80\x9c%s\xe2\x80"
	    "\x9d.", c.title));
	response_set_header(rs, "Location", k->base);
	return 303;
}

/* POST …/delete: the deletion, its audit line and its flash message in
 * one commit. */
int
admin_content_delete(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	enum store_status st;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	return end_tx(rq, rs, delete_steps(rq, rs, k));
}

/* What a revision's action tag says in the history. */
static const char *
action_text(const char *tag)
{
	static const struct {
		const char	*tag;
		const char	*text;
	} texts[] = {
		{ "create", "Created" },
		{ "save", "Saved" },
		{ "publish", "Published" },
		{ "unpublish", "Unpublished" },
		{ "restore", "Restored" },
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(tag, texts[i].tag) == 0)
			return texts[i].text;
	return "Saved";
}

/* ?page=N of the history: digits, counted from 0; -1 when malformed. */
static int64_t
history_page(const struct request *rq)
{
	const char *s = request_query(rq, "page");
	size_t len;

	if (s == NULL)
		return 0;
	len = strlen(s);
	/* 6 digits: 50 million revisions, far past any item's. */
	if (len == 0 || len > 6 || (len > 1 && s[0] == '0') ||
	    s[strspn(s, "0123456789")] != '\0')
		return -1;
	return strtoll(s, NULL, 10);
}

int
admin_content_history(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	struct content c;
	struct revision *revs;
	enum store_status st;
	int64_t id = route_id(rq, 0), page = history_page(rq), total;
	size_t n, i;
	json_t *m, *list, *o;

	if (page < 0)
		return 400;
	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, &c)) !=
	    STORE_OK)
		return store_http_status(st);
	st = store_revision_list(rq->db, rq->arena, k->kind, id,
	    page * HISTORY_PER_PAGE, HISTORY_PER_PAGE, &revs, &n, &total);
	if (st != STORE_OK)
		return store_http_status(st);
	if (page > 0 && n == 0)
		return 404;
	if ((m = admin_model(rq, arena_printf(rq->arena, "History: %s",
	    c.title), k->section)) == NULL)
		return 500;
	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "version",
		    json_integer(revs[i].version));
		model_set(o, "who", *revs[i].username ? revs[i].username :
		    "(unknown)");
		model_set(o, "when", when_text(rq->arena, revs[i].created_at));
		model_set(o, "url", item_url(rq, k, id, arena_printf(rq->arena,
		    "/revisions/%lld", (long long)revs[i].id)));
		json_object_set_new(o, "current",
		    json_boolean(revs[i].version == c.version));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "revisions", list);
	json_object_set_new(m, "has_revisions", json_boolean(n > 0));
	json_object_set_new(m, "total", json_integer(total));
	json_object_set_new(m, "item", item_model(rq, k, &c));
	model_set(m, "noun", k->noun);
	if (page > 0)
		model_set(m, "newer_url", arena_printf(rq->arena,
		    "%s/%lld/history?page=%lld", k->base, (long long)id,
		    (long long)(page - 1)));
	else
		json_object_set_new(m, "newer_url", json_false());
	if ((page + 1) * HISTORY_PER_PAGE < total)
		model_set(m, "older_url", arena_printf(rq->arena,
		    "%s/%lld/history?page=%lld", k->base, (long long)id,
		    (long long)(page + 1)));
	else
		json_object_set_new(m, "older_url", json_false());
	return layout_render(rq, rs, "admin_history", m, 200);
}

/* Reads item id and its revision rev (the route's second "*"). Returns
 * 0 or an HTTP status. */
static int
load_revision(struct request *rq, const struct admin_kind *k,
    struct content *item, struct revision *r, struct content *fields,
    const char **tag)
{
	enum store_status st;
	int64_t id = route_id(rq, 0), rev = route_id(rq, 1);

	if ((st = store_content_get(rq->db, rq->arena, k->kind, id, item)) !=
	    STORE_OK ||
	    (st = store_revision_get(rq->db, rq->arena, k->kind, id, rev,
	    r)) != STORE_OK)
		return store_http_status(st);
	memset(fields, 0, sizeof(*fields));
	fields->kind = k->kind;
	if (store_revision_fields(rq->arena, r->data, fields, tag) == -1)
		return 500;
	return 0;
}

int
admin_content_revision(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	struct content item, fields;
	struct revision r;
	const char *tag;
	json_t *m, *o;
	int ret;

	if ((ret = load_revision(rq, k, &item, &r, &fields, &tag)) != 0)
		return ret;
	if ((m = admin_model(rq, arena_printf(rq->arena, "Version %lld: %s",
	    (long long)r.version, item.title), k->section)) == NULL)
		return 500;
	o = fields_model(&fields);
	json_object_set_new(o, "version", json_integer(r.version));
	model_set(o, "who", *r.username ? r.username : "(unknown)");
	model_set(o, "when", when_text(rq->arena, r.created_at));
	model_set(o, "action", action_text(tag));
	model_set(o, "restore_url", item_url(rq, k, item.id,
	    arena_printf(rq->arena, "/revisions/%lld/restore",
	    (long long)r.id)));
	json_object_set_new(o, "is_current",
	    json_boolean(r.version == item.version));
	json_object_set_new(m, "revision", o);
	json_object_set_new(m, "item", item_model(rq, k, &item));
	json_object_set_new(m, "kind_news", json_boolean(k->dateline));
	model_set(m, "noun", k->noun);
	return layout_render(rq, rs, "admin_revision", m, 200);
}

int
admin_content_restore(struct request *rq, struct response *rs,
    const struct admin_kind *k)
{
	struct submission sub;
	struct content fields;
	struct revision r;
	const char *tag, *done;
	int64_t id = route_id(rq, 0);
	int ret;

	if ((ret = submission_init(rq, &sub, k, 0, false)) != 0 ||
	    (ret = load_revision(rq, k, &sub.cur, &r, &fields, &tag)) != 0)
		return ret;
	sub.id = id;
	sub.have_cur = true;
	/* Publishing has its own confirmed step: a restore brings back the
	 * text, address and date, and leaves the status as it is. */
	fields.status = sub.cur.status;
	form_from_content(&sub, &fields, arena_printf(rq->arena, "%lld",
	    (long long)sub.cur.version));
	check(rq, &sub);
	if (!form_ok(&sub.f)) {
		sub.notice = arena_printf(rq->arena, "Version %lld cannot be "
		    "restored as it was saved: correct what is marked below, "
		    "then save.", (long long)r.version);
		return form_page(rq, rs, &sub, true, sub.server_fail ? 503 :
		    422);
	}
	/* The old address may belong to another item by now: the current
	 * one is kept then. */
	sub.fallback_slug = sub.cur.slug;
	sub.audit_note = arena_printf(rq->arena, " (version %lld)",
	    (long long)r.version);
	done = arena_printf(rq->arena, "Restored version %lld; it is now "
	    "version %lld.", (long long)r.version,
	    (long long)sub.cur.version + 1);
	return save(rq, rs, &sub, "restore", "restore", done);
}

/* admin_review.c: the review step before publishing ([workflow] review =
 * on): who must submit, submitting, the queue, a submission's word diff
 * against the published version, publishing it or sending it back, and
 * what the editor's form and dashboard say of it. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "lib/worddiff.h"
#include "purge.h"
#include "request.h"
#include "response.h"
#include "store/review.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/markdown.h"
#include "view/urls.h"

/* The send-back form: its one field. */
static const struct field return_fields[] = {
	{ "comment", FIELD_REQUIRED | FIELD_MULTILINE | FIELD_TRIM,
	    REVIEW_COMMENT_MAX, NULL },
};

/* The submission form of a draft (POST /admin/review). */
static const struct field submit_fields[] = {
	{ "kind", FIELD_REQUIRED, 16, NULL },
	{ "id", FIELD_REQUIRED | FIELD_ID, 0, NULL },
	{ "version", FIELD_REQUIRED | FIELD_ID, 0, NULL },
};

/* 303 to url: where a change made leads. */
static int
see_other(struct response *rs, const char *url)
{
	if (url == NULL || response_set_header(rs, "Location", url) == -1)
		return 500;
	return 303;
}

/* Whether the signed-in account may publish and review: an admin, or an
 * editor given the reviewer role. A store failure answers no. */
static bool
may_review(struct request *rq)
{
	bool reviewer = false;

	if (rq->session == NULL)
		return false;
	if (rq->session->is_admin)
		return true;
	store_review_is_reviewer(rq->db, rq->session->user_id, &reviewer);
	return reviewer;
}

bool
admin_review_needed(struct request *rq)
{
	return rq->cfg != NULL && rq->cfg->review && !may_review(rq);
}

/* The edit page of item id of kind k (arena). */
static const char *
edit_url(struct request *rq, enum content_kind k, int64_t id)
{
	return url_admin_item(rq->arena, admin_kind_of(k)->section, id,
	    "edit");
}

/* "news 12: Title (submission 5)", for the audit log (arena). */
static const char *
audit_detail(struct request *rq, const struct review *r)
{
	return arena_printf(rq->arena, "%s %lld: %s (submission %lld)",
	    store_content_kind_name(r->kind), (long long)r->item_id, r->title,
	    (long long)r->id);
}

/* The form's word for the open submission: its id, or "none". */
static const char *
held_text(struct request *rq, int64_t id)
{
	return id > 0 ? arena_printf(rq->arena, "%lld", (long long)id) :
	    "none";
}

const char *
admin_review_held(struct request *rq, enum content_kind k, int64_t id)
{
	struct review r;

	return held_text(rq, rq->cfg != NULL && rq->cfg->review &&
	    store_review_open(rq->db, rq->arena, k, id, &r) == STORE_OK ?
	    r.id : 0);
}

/* Whether a save of sub's item replaces no open submission its editor
 * was not shown: none is open, or the one its form or page was shown
 * with (its "held" field; one without it is not asked) still is. Its id
 * into *open (0: none). 0, or the store's status. */
static enum store_status
held_same(struct request *rq, const struct submission *sub, int64_t *open,
    bool *same)
{
	const char *shown = form_value(&sub->f, "held");
	struct review r;
	enum store_status st;

	*open = 0;
	*same = true;
	st = store_review_open(rq->db, rq->arena, sub->c.kind, sub->id, &r);
	if (st == STORE_NOTFOUND)
		st = STORE_OK;
	else if (st == STORE_OK)
		*open = r.id;
	if (st == STORE_OK && *open > 0 && shown != NULL && *shown != '\0')
		*same = strcmp(shown, held_text(rq, *open)) == 0;
	return st;
}

/* The change sub made to a published item, kept as a pending submission
 * (its revision) while the public site keeps showing the item as it is,
 * with its audit line and flash, in one commit. */
static int
hold(struct request *rq, struct response *rs, struct submission *sub)
{
	struct content_author who = admin_content_author(rq);
	struct content c = sub->c, now;
	struct review r = { 0 };
	enum store_status st;
	const char *done;
	int64_t rev = 0, open;
	bool unrecorded = false, same;

	c.id = sub->id;
	c.status = CONTENT_PUBLISHED;
	if (c.fields == NULL)
		c.fields = sub->cur.fields;
	if (c.lang == NULL)
		c.lang = sub->cur.lang;
	/* A submission keeps the text, not the language (its revision has
	 * none): a held change of language would be lost unseen. */
	if (strcmp(c.lang, sub->cur.lang) != 0) {
		form_fail(&sub->f, "lang", T(rq->lang, "is changed by a "
		    "reviewer only while the item is published: choose its "
		    "language again, or ask a reviewer"));
		return admin_content_form_page(rq, rs, sub, true, 422);
	}
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		goto fail;
	/* A form opened before someone else's save would submit changes
	 * to text its editor never saw: refused as a normal save is, read
	 * under the write lock so no save slips in after the check. */
	if ((st = store_content_get(rq->db, rq->arena, c.kind, c.id,
	    &now)) == STORE_OK && now.version != c.version) {
		store_tx_rollback(rq->db);
		return admin_content_conflict(rq, rs, sub);
	}
	/* Nor does one replace changes submitted after it was opened,
	 * which its editor never saw: the item's version stays as it is
	 * while a change is held. */
	if (st == STORE_OK && (st = held_same(rq, sub, &open, &same)) ==
	    STORE_OK && !same) {
		store_tx_rollback(rq->db);
		form_set(&sub->f, "held", held_text(rq, open), false);
		sub->notice = arena_printf(rq->arena, T(rq->lang, "Changes "
		    "to this %s were submitted for review after you opened "
		    "it, so nothing was submitted. Your text is kept in the "
		    "form; the submitted changes are shown above it. "
		    "Submitting the form again replaces them with yours."),
		    T(rq->lang, sub->k->noun));
		return admin_content_form_page(rq, rs, sub, true, 409);
	}
	if (st == STORE_OK)
		st = store_revision_add(rq->db, &c, "submit", &who, &rev);
	if (st == STORE_OK)
		st = store_review_submit(rq->db, c.kind, c.id, rev, c.version,
		    true, &who, &r.id);
	if (st != STORE_OK) {
		store_tx_rollback(rq->db);
		goto fail;
	}
	r.kind = c.kind;
	r.item_id = c.id;
	r.title = c.title;
	done = T(rq->lang, "Your changes were submitted for review. The "
	    "public site shows the published version until a reviewer "
	    "publishes them.");
	if (sub->flash_note != NULL)
		done = arena_printf(rq->arena, "%s %s", done, sub->flash_note);
	st = audit_commit(rq, "submit", audit_detail(rq, &r), done,
	    &unrecorded);
	if (st != STORE_OK)
		goto fail;
	return see_other(rs, edit_url(rq, c.kind, c.id));
fail:
	sub->notice = T(rq->lang, audit_failure_text(st, unrecorded));
	return admin_content_form_page(rq, rs, sub, true,
	    store_http_status(st));
}

int
admin_review_save(struct request *rq, struct response *rs,
    struct submission *sub)
{
	if (!admin_review_needed(rq))
		return -1;
	if (sub->have_cur && sub->cur.status == CONTENT_PUBLISHED)
		return hold(rq, rs, sub);
	if (sub->c.status != CONTENT_PUBLISHED)
		return -1;
	form_fail(&sub->f, "status", T(rq->lang, "needs a reviewer: save it "
	    "as a draft, then submit it for review"));
	return admin_content_form_page(rq, rs, sub, true, 422);
}

/* The submitted text of r for the editor's form: title, summary, body. */
static json_t *
submitted_model(struct request *rq, const struct review *r)
{
	struct content c;
	const char *action;
	json_t *o;

	memset(&c, 0, sizeof(c));
	if (store_revision_fields(rq->arena, r->data, &c, &action) == -1)
		return json_false();
	o = json_object();
	model_set(o, "title", c.title);
	model_set(o, "summary", c.summary);
	model_set(o, "body", c.body_md);
	return o;
}

void
admin_review_form_model(struct request *rq, json_t *m,
    const struct submission *sub)
{
	struct review r, full;
	json_t *o;
	bool needed = admin_review_needed(rq), open;

	open = sub->have_cur && rq->cfg != NULL && rq->cfg->review &&
	    store_review_open(rq->db, rq->arena, sub->k->kind, sub->id,
	    &r) == STORE_OK;
	json_object_set_new(m, "review_needed", json_boolean(needed));
	/* As the editor was shown it, or the open submission now. */
	model_set(m, "held", *form_shown(&sub->f, "held") != '\0' ?
	    form_shown(&sub->f, "held") : held_text(rq, open ? r.id : 0));
	json_object_set_new(m, "review_held", json_boolean(needed &&
	    sub->have_cur && sub->cur.status == CONTENT_PUBLISHED));
	model_set(m, "review_kind", store_content_kind_name(sub->k->kind));
	if (!open) {
		json_object_set_new(m, "review", json_false());
		model_set(m, "review_submit_url", url_admin_items(rq->arena,
		    "review", 0));
		return;
	}
	o = json_object();
	json_object_set_new(o, "pending", json_boolean(r.state ==
	    REVIEW_PENDING));
	json_object_set_new(o, "held", json_boolean(r.held));
	model_set(o, "submitted_text", arena_printf(rq->arena, T(rq->lang,
	    "%s by %s"), when_text_lang(rq->arena, rq->lang, r.submitted_at),
	    r.submitter));
	model_set(o, "reviewed_text", arena_printf(rq->arena, T(rq->lang,
	    "%s by %s"), when_text_lang(rq->arena, rq->lang, r.reviewed_at),
	    r.reviewer));
	model_set(o, "comment", r.comment);
	if (store_review_get(rq->db, rq->arena, r.id, &full) == STORE_OK)
		json_object_set_new(o, "text", submitted_model(rq, &full));
	else
		json_object_set_new(o, "text", json_false());
	json_object_set_new(m, "review", o);
	model_set(m, "review_submit_url", url_admin_items(rq->arena, "review",
	    0));
}

const char *
admin_review_nav_label(struct request *rq)
{
	int64_t n = 0;

	if (rq->cfg == NULL || !rq->cfg->review || !may_review(rq))
		return NULL;
	if (store_review_count(rq->db, &n) != STORE_OK || n == 0)
		return T(rq->lang, "Review");
	/* TRANSLATORS: the navigation's entry with the count waiting. */
	return arena_printf(rq->arena, T(rq->lang, "Review (%lld)"),
	    (long long)n);
}

void
admin_review_dashboard(struct request *rq, json_t *m)
{
	struct review *items;
	size_t n = 0, i;
	json_t *list, *o;

	if (rq->cfg == NULL || !rq->cfg->review || rq->session == NULL ||
	    store_review_returned(rq->db, rq->arena, rq->session->user_id,
	    &items, &n) != STORE_OK || n == 0) {
		json_object_set_new(m, "review_returned", json_false());
		return;
	}
	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		model_set(o, "title", items[i].title);
		model_set(o, "edit_url", edit_url(rq, items[i].kind,
		    items[i].item_id));
		model_set(o, "reviewed_text", arena_printf(rq->arena,
		    T(rq->lang, "%s by %s"), when_text_lang(rq->arena, rq->lang,
		    items[i].reviewed_at), items[i].reviewer));
		model_set(o, "comment", items[i].comment);
		json_array_append_new(list, o);
	}
	o = json_object();
	json_object_set_new(o, "items", list);
	json_object_set_new(m, "review_returned", o);
}

/* POST /admin/review: submits a saved draft as it is (kind, id, and the
 * version the editor saw). */
int
admin_review_submit(struct request *rq, struct response *rs)
{
	struct content_author who = admin_content_author(rq);
	struct form f;
	struct content c;
	struct review r = { 0 };
	enum content_kind k;
	enum store_status st;
	int64_t rev = 0;
	bool unrecorded = false;

	if (rq->cfg == NULL || !rq->cfg->review)
		return 404;
	if (form_init(&f, rq->arena, submit_fields,
	    FORM_FIELDS(submit_fields)) == -1)
		return 500;
	form_read(&f, rq);
	if (!form_ok(&f) || store_content_kind_parse(form_value(&f, "kind"),
	    &k) == -1)
		return 400;
	st = store_content_get(rq->db, rq->arena, k, form_id(&f, "id"), &c);
	if (st != STORE_OK)
		return store_http_status(st);
	/* A published item's changes are submitted by saving its form. */
	if (c.status == CONTENT_PUBLISHED || c.version != form_id(&f,
	    "version")) {
		audit_flash(rq, T(rq->lang, "Nothing was submitted: this "
		    "item changed after you opened it. Check it, then submit "
		    "it again."));
		return see_other(rs, edit_url(rq, k, c.id));
	}
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	/* The draft as it is now, whatever wrote it last (the shell, db
	 * init): a revision of its own. */
	st = store_revision_add(rq->db, &c, "submit", &who, &rev);
	if (st == STORE_OK)
		st = store_review_submit(rq->db, k, c.id, rev, c.version, false,
		    &who, &r.id);
	if (st != STORE_OK) {
		store_tx_rollback(rq->db);
		return store_http_status(st);
	}
	r.kind = k;
	r.item_id = c.id;
	r.title = c.title;
	st = audit_commit(rq, "submit", audit_detail(rq, &r), arena_printf(
	    rq->arena, T(rq->lang, "\xe2\x80\x9c%s\xe2\x80\x9d was submitted "
	    "for review."), c.title), &unrecorded);
	if (st != STORE_OK)
		return store_http_status(st);
	return see_other(rs, edit_url(rq, k, c.id));
}

/* GET /admin/review: the pending submissions, oldest first. */
int
admin_review_index(struct request *rq, struct response *rs)
{
	struct review *items;
	enum store_status st;
	size_t n, i;
	json_t *m, *list, *o;

	if (rq->cfg == NULL || !rq->cfg->review)
		return 404;
	if (!may_review(rq))
		return 403;
	if ((st = store_review_pending(rq->db, rq->arena, &items, &n)) !=
	    STORE_OK)
		return store_http_status(st);
	if ((m = admin_model(rq, T(rq->lang, "Review"), "review")) == NULL)
		return 500;
	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		model_set(o, "title", *items[i].title != '\0' ?
		    items[i].title : T(rq->lang, "(untitled)"));
		model_set(o, "kind_label", T(rq->lang,
		    admin_kind_of(items[i].kind)->label));
		model_set(o, "lang", items[i].lang);
		model_set(o, "lang_name", lang_name(rq, items[i].lang));
		model_set(o, "submitter", items[i].submitter);
		model_set(o, "when", when_text_lang(rq->arena, rq->lang,
		    items[i].submitted_at));
		model_set(o, "when_iso", time_format(rq->arena,
		    items[i].submitted_at, "%Y-%m-%dT%H:%M", false));
		model_set(o, "url", url_admin_item(rq->arena, "review",
		    items[i].id, NULL));
		json_object_set_new(o, "held", json_boolean(items[i].held));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "items", list);
	json_object_set_new(m, "empty", json_boolean(n == 0));
	return layout_render(rq, rs, "admin_review", m, 200);
}

/* The word diff of old into new as the template's parts: [{text, ins,
 * del}]; *replaced set when it was past the limits. */
static json_t *
diff_model(struct request *rq, const char *old, const char *new,
    bool *replaced)
{
	struct worddiff_part *p;
	size_t n, i;
	json_t *list, *o;

	*replaced = false;
	if (worddiff(rq->arena, old, strlen(old), new, strlen(new), &p, &n,
	    replaced) == -1)
		return NULL;
	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		model_set(o, "text", p[i].text);
		json_object_set_new(o, "ins", json_boolean(p[i].op ==
		    WORDDIFF_INS));
		json_object_set_new(o, "del", json_boolean(p[i].op ==
		    WORDDIFF_DEL));
		json_array_append_new(list, o);
	}
	return list;
}

/* "media:N", lead image id's reference as a body writes it, or "" for
 * none (arena): what the review page's diff compares. */
static const char *
lead_text(struct request *rq, int64_t id)
{
	return id > 0 ? arena_printf(rq->arena, "media:%lld", (long long)id) :
	    "";
}

/* The review page of submission r: what it changes, word by word, in the
 * title, the body and the lead image against the published version (the
 * live row when published, else nothing), and its two actions; error,
 * when set, says why the action just asked for was not taken, with f the
 * send-back form as typed. */
static int
show_page(struct request *rq, struct response *rs, const struct review *r,
    const struct form *f, const char *error, int status)
{
	struct content sent, live;
	const char *action, *old_title = "", *old_body = "", *old_lead = "";
	const char *new_lead, *msg;
	enum store_status st;
	json_t *m, *d;
	bool published = false, replaced;

	st = store_content_get(rq->db, rq->arena, r->kind, r->item_id, &live);
	if (st != STORE_OK)
		return store_http_status(st);
	memset(&sent, 0, sizeof(sent));
	/* Submitted before lead images were kept: the item's stays. */
	sent.lead_media = live.lead_media;
	if (store_revision_fields(rq->arena, r->data, &sent, &action) == -1)
		return 500;
	if (live.status == CONTENT_PUBLISHED) {
		published = true;
		old_title = live.title;
		old_body = live.body_md;
		old_lead = lead_text(rq, live.lead_media);
	}
	if ((m = admin_model(rq, arena_printf(rq->arena, T(rq->lang,
	    "Review: %s"), sent.title), "review")) == NULL)
		return 500;
	model_set(m, "heading", sent.title);
	model_set(m, "kind_label", T(rq->lang, admin_kind_of(r->kind)->label));
	model_set(m, "lang_name", lang_name(rq, r->lang));
	model_set(m, "submitted_text", arena_printf(rq->arena, T(rq->lang,
	    "%s by %s"), when_text_lang(rq->arena, rq->lang, r->submitted_at),
	    r->submitter));
	json_object_set_new(m, "published", json_boolean(published));
	json_object_set_new(m, "pending", json_boolean(r->state ==
	    REVIEW_PENDING));
	model_set(m, "edit_url", edit_url(rq, r->kind, r->item_id));
	model_set(m, "list_url", url_admin_items(rq->arena, "review", 0));
	model_set(m, "publish_url", url_admin_item(rq->arena, "review", r->id,
	    "publish"));
	model_set(m, "return_url", url_admin_item(rq->arena, "review", r->id,
	    "return"));
	if ((d = diff_model(rq, old_title, sent.title, &replaced)) == NULL)
		return 500;
	json_object_set_new(m, "title_diff", d);
	json_object_set_new(m, "title_replaced", json_boolean(replaced));
	if ((d = diff_model(rq, old_body, sent.body_md, &replaced)) == NULL)
		return 500;
	json_object_set_new(m, "body_diff", d);
	json_object_set_new(m, "body_replaced", json_boolean(replaced &&
	    published));
	new_lead = lead_text(rq, sent.lead_media);
	if ((d = diff_model(rq, old_lead, new_lead, &replaced)) == NULL)
		return 500;
	json_object_set_new(m, "lead_diff", d);
	json_object_set_new(m, "has_lead", json_boolean(*old_lead != '\0' ||
	    *new_lead != '\0'));
	model_set(m, "error", error);
	msg = f != NULL ? form_message(f, "comment", T(rq->lang,
	    "The comment")) : NULL;
	model_set(m, "comment", f != NULL ? form_shown(f, "comment") : "");
	model_set(m, "comment_error", msg);
	json_object_set_new(m, "comment_invalid", json_boolean(msg != NULL));
	return layout_render(rq, rs, "admin_review_show", m, status);
}

/* Reads submission route_id(rq, 0) into *r for a reviewer: 0, or the
 * HTTP status to answer (404 with review off: there is no queue). */
static int
load(struct request *rq, struct review *r)
{
	enum store_status st;

	if (rq->cfg == NULL || !rq->cfg->review)
		return 404;
	if (!may_review(rq))
		return 403;
	if ((st = store_review_get(rq->db, rq->arena, route_id(rq, 0), r)) !=
	    STORE_OK)
		return store_http_status(st);
	return 0;
}

/* GET /admin/review/<id>. */
int
admin_review_show(struct request *rq, struct response *rs)
{
	struct review r;
	int ret;

	if ((ret = load(rq, &r)) != 0)
		return ret;
	return show_page(rq, rs, &r, NULL, NULL, 200);
}

/* The submitted fields of r over the live item c, ready to save as
 * published on the version it was submitted on. Returns NULL, or why it
 * cannot be (an msgid). */
static const char *
submitted_item(struct request *rq, const struct review *r, struct content *c)
{
	struct content sent;
	const char *action;
	char *html = NULL;

	memset(&sent, 0, sizeof(sent));
	/* Submitted before lead images were kept: the item's stays. */
	sent.lead_media = c->lead_media;
	if (store_revision_fields(rq->arena, r->data, &sent, &action) == -1)
		return N_("The submitted version cannot be read.");
	c->title = sent.title;
	c->lead_media = sent.lead_media;
	c->slug = sent.slug;
	c->dateline = sent.dateline;
	c->pub_date = sent.pub_date;
	c->pub_time = sent.pub_time;
	c->summary = sent.summary;
	c->fields = sent.fields;
	c->status = CONTENT_PUBLISHED;
	c->version = r->base_version;
	if (form_local_time(c->pub_date, c->pub_time, &c->published_at) == -1)
		return N_("Its date and time cannot be read in the site's time "
		    "zone: send it back.");
	if (strcmp(sent.body_md, c->body_md) != 0) {
		/* Rendered as the editor's save renders it. */
		if (markdown_render(sent.body_md, strlen(sent.body_md),
		    &html) != MARKDOWN_OK)
			return N_("Its body cannot be rendered: send it back.");
		c->body_html = arena_strdup(rq->arena, html);
		free(html);
		if (c->body_html == NULL)
			return N_("Its body cannot be rendered: send it back.");
		c->body_md = sent.body_md;
	}
	return NULL;
}

/* POST /admin/review/<id>/publish: the submitted version saved over the
 * item through the editor's own save (refused when the item changed
 * since), published, the submission closed, with its audit line. */
int
admin_review_publish(struct request *rq, struct response *rs)
{
	struct content_author who = admin_content_author(rq);
	struct content c, live;
	struct review r;
	enum content_outcome outcome;
	enum store_status st;
	const char *why, *done;
	int64_t lead;
	bool unrecorded = false, gone;
	int ret;

	if ((ret = load(rq, &r)) != 0)
		return ret;
	if (r.state != REVIEW_PENDING)
		return show_page(rq, rs, &r, NULL, T(rq->lang, "This "
		    "submission was already dealt with."), 409);
	if ((st = store_content_get(rq->db, rq->arena, r.kind, r.item_id,
	    &c)) != STORE_OK)
		return store_http_status(st);
	/* As it was, for the purge: its old address and its old place in
	 * the lists, which the submission may have moved. */
	live = c;
	if ((why = submitted_item(rq, &r, &c)) != NULL)
		return show_page(rq, rs, &r, NULL, T(rq->lang, why), 409);
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	/* Its lead image may have left the library since it was submitted
	 * (only the published item's is a use, kept from deletion): read
	 * under the write lock, so none leaves between check and save. */
	lead = c.lead_media;
	if ((st = admin_content_media_lead_kept(rq, &c, &gone)) != STORE_OK) {
		store_tx_rollback(rq->db);
		return store_http_status(st);
	}
	/* The slugs a normal save refuses: a held change's slug was never
	 * checked against them. */
	st = store_content_save(rq->db, rq->arena, &c, true,
	    admin_content_reserved(rq, admin_kind_of(r.kind)), "publish",
	    &who, &outcome);
	if (st == STORE_OK && outcome == CONTENT_SAVED &&
	    (st = admin_content_media_uses(rq, &c)) == STORE_OK)
		st = store_review_close(rq->db, r.id, REVIEW_PUBLISHED, "",
		    &who);
	if (st != STORE_OK || outcome != CONTENT_SAVED) {
		store_tx_rollback(rq->db);
		if (st != STORE_OK)
			return store_http_status(st);
		why = outcome == CONTENT_CONFLICT ? N_("The item was saved "
		    "again after this was submitted, so nothing was "
		    "published: send it back, so that its author submits it "
		    "again.") : outcome == CONTENT_SLUG_TAKEN ? N_("Its "
		    "address is another item's now, so nothing was published: "
		    "send it back.") : N_("It cannot be published as it is: "
		    "send it back.");
		return show_page(rq, rs, &r, NULL, T(rq->lang, why), 409);
	}
	purge_item_first(rq, &c, &live);
	done = arena_printf(rq->arena, T(rq->lang, "\xe2\x80\x9c%s\xe2\x80\x9d "
	    "is published."), c.title);
	if (gone)
		done = arena_printf(rq->arena, "%s %s", done, arena_printf(
		    rq->arena, T(rq->lang, LEAD_GONE), (long long)lead));
	st = audit_commit(rq, "review publish", audit_detail(rq, &r), done,
	    &unrecorded);
	if (st != STORE_OK)
		return show_page(rq, rs, &r, NULL, T(rq->lang,
		    audit_failure_text(st, unrecorded)), store_http_status(st));
	return see_other(rs, url_admin_items(rq->arena, "review", 0));
}

/* POST /admin/review/<id>/return: sent back to its author with a comment
 * (required, up to 2,000 characters); the item stays as it is. */
int
admin_review_return(struct request *rq, struct response *rs)
{
	struct content_author who = admin_content_author(rq);
	struct review r;
	struct form f;
	enum store_status st;
	const char *comment;
	bool unrecorded = false;
	int ret;

	if ((ret = load(rq, &r)) != 0)
		return ret;
	if (form_init(&f, rq->arena, return_fields,
	    FORM_FIELDS(return_fields)) == -1)
		return 500;
	form_read(&f, rq);
	if (!form_ok(&f))
		return show_page(rq, rs, &r, &f, NULL, 422);
	if (r.state != REVIEW_PENDING)
		return show_page(rq, rs, &r, &f, T(rq->lang, "This "
		    "submission was already dealt with."), 409);
	comment = form_value(&f, "comment");
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return show_page(rq, rs, &r, &f, T(rq->lang,
		    audit_failure_text(st, false)), store_http_status(st));
	if ((st = store_review_close(rq->db, r.id, REVIEW_RETURNED, comment,
	    &who)) != STORE_OK) {
		store_tx_rollback(rq->db);
		return show_page(rq, rs, &r, &f, T(rq->lang,
		    audit_failure_text(st, false)), store_http_status(st));
	}
	/* The comment's length, not its text: the log is not for content. */
	st = audit_commit(rq, "review return", arena_printf(rq->arena,
	    "%s; comment of %zu characters", audit_detail(rq, &r),
	    utf8_chars(comment, strlen(comment))), arena_printf(rq->arena,
	    T(rq->lang, "\xe2\x80\x9c%s\xe2\x80\x9d was sent back to %s."),
	    r.title, r.submitter), &unrecorded);
	if (st != STORE_OK)
		return show_page(rq, rs, &r, &f, T(rq->lang,
		    audit_failure_text(st, unrecorded)), store_http_status(st));
	return see_other(rs, url_admin_items(rq->arena, "review", 0));
}

/* admin_content.h: the editor of every kind of content, shared by the
 * admin_content*.c files that make it up and by admin_kinds.c, which
 * describes each kind. */
#ifndef WAYPOINT_ADMIN_CONTENT_H
#define WAYPOINT_ADMIN_CONTENT_H

#include <stdbool.h>

#include <jansson.h>

#include "form.h"
#include "store/content.h"
#include "view/i18n.h"

struct arena;
struct request;
struct response;

/* What differs between the kinds; the route table hands each handler its
 * kind's (rq->route_ctx, controllers.h). */
struct admin_kind {
	enum content_kind kind;
	const char	*section;	/* "news", "pages", ...: the URLs'
					 * segment and the admin navigation's */
	const char	*noun;		/* "release", "page" */
	const char	*label;		/* "Release", "Page": a list's column */
	const char	*new_title;	/* heading of the new form */
	const char	*edit_title;	/* heading of the edit form */
	bool		 dateline;	/* the form has a dateline field */
	/* The item's public URL (view/urls.c) with lang's prefix (NULL:
	 * none); NULL while the kind has no public page. */
	char		*(*url)(struct arena *, const char *lang,
			    const char *slug);
	unsigned	 list;		/* ADMIN_LIST_* of its list page */
	const char	*list_title;	/* heading of its list page */
	const char	*list_empty;	/* what that page says when empty */
};

/* admin_kinds.c */

/* The descriptor of kind (one of controllers.h's admin_kind_*); static. */
const struct admin_kind *admin_kind_of(enum content_kind kind);

/* What the admin_content*.c files share; not for other controllers. */

/* The flash of a successful save; the edit page it leads to tells the
 * browser script, which then forgets its copy of the text. */
#define SAVED_FLASH	N_("Saved.")
/* What a restore or a held change's publish adds when the lead image it
 * names was deleted from the library since (%lld: its id). */
#define LEAD_GONE	N_("Its lead image, media:%lld, was deleted from the " \
	    "library since, so it has no lead image now.")

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
	const char	*flash_note;	/* appended to the flash: a restore's
					   lead image gone (LEAD_GONE) */
	const struct content *source;	/* the version a new one translates */
	enum store_status read;		/* reading the saved item */
};

/* admin_content.c */

/* The language to put in public links to an item of lang: NULL for the
 * default language. */
const char	*admin_content_link_lang(const struct request *,
		    const char *lang);

/* The public URL of the item of kind k with lang and slug (arena); NULL
 * when the kind has no public page. */
const char	*admin_content_public_url(struct request *,
		    const struct admin_kind *k, const char *lang,
		    const char *slug);

/* "news 12: Title", for the audit log (arena). */
const char	*admin_content_audit_detail(struct request *,
		    const struct content *c);

/* The signed-in editor, and the request's time, as a save records them. */
struct content_author admin_content_author(const struct request *);

/* Whether c is published with a time still to come. */
bool		 admin_content_scheduled(const struct request *,
		    const struct content *c);

/* The saved item c as the pages' header shows it: status, links. */
json_t		*admin_content_item_model(struct request *,
		    const struct admin_kind *k, const struct content *c);

/* The fields of a saved version, for the page of a conflict or of a
 * revision: the common ones, and the kind's own under "own"
 * (admin_content_own_text). */
json_t		*admin_content_fields_model(struct request *,
		    const struct content *c);

/* admin_content_form.c */

/* Sets up sub for kind k and item id, reading the saved item into
 * sub->cur. Returns 0 or an HTTP status; with keep (a submission, whose
 * text must not be lost) a failed read is left in sub->read instead. */
int	admin_content_init(struct request *, struct submission *sub,
	    const struct admin_kind *k, int64_t id, bool keep);

/* The edit form's page over sub's fields, with their messages when
 * errors, answered with status. */
int	admin_content_form_page(struct request *, struct response *,
	    struct submission *sub, bool errors, int status);

/* The form again, 409, after someone saved item sub->id since the form
 * was opened: sub's text kept, the version now saved read and shown
 * beside it, and its version the form's, so a second save replaces it.
 * A normal save's and a change held for review's. */
int	admin_content_conflict(struct request *, struct response *,
	    struct submission *sub);

/* The form again after the saved item could not be read (sub->read):
 * 409 when it was deleted meanwhile, 503 when the store fails. */
int	admin_content_unreadable(struct request *, struct response *,
	    struct submission *sub);

/* Fills sub's form from a saved item (or a revision's fields), with the
 * hidden version field version. */
void	admin_content_fill(struct submission *sub, const struct content *c,
	    const char *version);

/* The slugs an item of k may not take, NULL-terminated: for a page and a
 * project the site's own paths and its language codes (in the arena), for
 * a release url_news_reserved ("feed": /news/feed is the feed), for an
 * event or a publication none. */
const char *const *admin_content_reserved(struct request *,
	    const struct admin_kind *k);

/* The form's table of the fields every item of k has (named as the form
 * names them: "date", "time", "body"), static, *n its rows: `waypoint
 * import` checks a file's items by the same rows. */
const struct field *admin_content_fields(const struct admin_kind *k,
	    size_t *n);

/* The checks that look at more than one field, the Markdown rendering,
 * and sub->c made from the clean values. */
void	admin_content_check(struct request *, struct submission *sub);

/* admin_content_translate.c */

/* The translations of saved item c for its edit page: {versions: [{lang,
 * name, title, status_class, status_text, edit_url, outdated, is_this}],
 * missing: [{lang, name, url}], has_missing, outdated, source_url,
 * source_title, source_lang, current_url} into *out, which the caller
 * owns. Returns 0 or an HTTP status. */
int	admin_content_versions_model(struct request *,
	    const struct admin_kind *k, const struct content *c, json_t **out);

/* The new-item form of a translation, when the query asks for one
 * (?source=ID&lang=CODE): prefilled from the source as a draft in CODE.
 * Returns -1 when the query asks for none, else the HTTP status answered:
 * 400 for a malformed id or a language the site lacks, 404 for a source
 * that is not there, 409 when its group has CODE already. */
int	admin_content_translate_new(struct request *, struct response *,
	    const struct admin_kind *k);

/* The source a new translation names in the form (field "source"), read
 * into sub->source; a source that is gone fails the form. */
void	admin_content_read_source(struct request *, struct submission *sub);

/* Makes sub a text of its own, no longer the translation of a source that
 * is gone: its form names none. */
void	admin_content_forget_source(struct submission *sub);

/* admin_content_fields.c */

/* Field name of form f as the template shows it: {name, value, message
 * (or false), invalid, describedby}, the message (when errors) being a
 * sentence that names label. */
json_t	*admin_content_field_model(struct arena *a, const struct form *f,
	    const char *name, const char *label, bool errors);

/* Appends field name's message, if it has one, to list (the problems at
 * the top of the form: {href, text}), named by label. Returns 1 when it
 * did, else 0. */
int	 admin_content_error_item(struct request *, const struct form *f,
	    const char *name, const char *label, json_t *list);

/* The kind's own fields of sub's form, in their order: each a field
 * model with label, hint, required, max and what it is (is_text,
 * is_select with options, is_names with the known names, is_documents
 * with rows of title, url and lang, ...); with errors, their messages
 * appended to problems and counted in *nerr. */
json_t	*admin_content_own_model(struct request *,
	    const struct submission *sub, bool errors, json_t *problems,
	    size_t *nerr);

/* The kind's own fields of saved version c as text: [{label, value}], a
 * documents field with documents: [{title, url, lang}] instead. */
json_t	*admin_content_own_text(struct request *, const struct content *c);

/* admin_content_save.c */

/* Saves sub->c with its revision (tagged tag), audit lines (audit) and
 * flash message (done) as one commit: 303 to the edit page, or the form
 * again, as it was sent, with why nothing was saved. */
int	admin_content_save(struct request *, struct response *,
	    struct submission *sub, const char *tag, const char *audit,
	    const char *done);

/* admin_content_media.c: media in bodies and lead images (issue 15). */

/* The lead image field (into sub->c.lead_media) and the body's media:
 * references (sub->c.body_html, rendered) checked against the library:
 * every item there, images shown with alt text in sub->c.lang or
 * decorative, documents only linked; a problem is a message at its
 * field. */
void	admin_content_media_check(struct request *, struct submission *sub);

/* Records what saved item c shows (its body's items still in the
 * library, its lead image) as its uses, inside the caller's transaction.
 * STORE_OK or the failure. */
enum store_status admin_content_media_uses(struct request *,
	    const struct content *c);

/* Takes c's lead image off c when it is no longer in the library (deleted
 * since the revision that names it was saved), setting *gone; a restore
 * or a held change's publish then goes on without one. STORE_OK or the
 * failure. */
enum store_status admin_content_media_lead_kept(struct request *,
	    struct content *c, bool *gone);

/* The form's picker: {items: [{id, title, thumb, is_image, ref}],
 * has_items} of the library's newest items, or false when it cannot be
 * read. A new reference. */
json_t	*admin_content_media_picker(struct request *);

/* admin_review.c: the review step's hooks in the editor. */

/* Before sub, checked, is saved: with review needed (controllers.h), a
 * change to a published item is kept as a pending submission instead of
 * saved, and a draft sent as published is refused at its status field.
 * Returns the HTTP status answered, or -1 to save as usual. */
int	admin_review_save(struct request *, struct response *,
	    struct submission *sub);

/* What a form or page that saves item id of kind k says it was shown
 * with, in its hidden "held": the id of the item's open submission, or
 * "none" (arena). */
const char *admin_review_held(struct request *, enum content_kind k,
	    int64_t id);

/* Sets the form's review_needed, review_held, review_submit_url and
 * review ({pending, held, submitted_text, reviewed_text, comment, text:
 * {title, summary, body}} of the item's open submission, or false). */
void	admin_review_form_model(struct request *, json_t *m,
	    const struct submission *sub);

#endif

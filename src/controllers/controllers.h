/* controllers.h: the handlers the route table calls. Each takes the
 * request, fills the response and returns the HTTP status; for a 4xx/5xx
 * with an empty body, app.c draws the error page. */
#ifndef WAYPOINT_CONTROLLERS_H
#define WAYPOINT_CONTROLLERS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "store/content.h"

struct arena;
struct request;
struct response;
enum store_status;

int	home_show(struct request *, struct response *);	/* / */
int	news_index(struct request *, struct response *);	/* /news */
int	news_show(struct request *, struct response *);		/* /news/<slug> */
int	page_show(struct request *, struct response *);		/* /<slug> */
int	static_show(struct request *, struct response *);	/* /static/... */

/* The editors' pages (src/controllers/admin_*.c). The route table has
 * checked the session, role and CSRF token before any of these runs. */
int	admin_login_form(struct request *, struct response *);
int	admin_login(struct request *, struct response *);
int	admin_logout(struct request *, struct response *);
int	admin_dashboard(struct request *, struct response *);

int	admin_menu_index(struct request *, struct response *);
int	admin_menu_new(struct request *, struct response *);
int	admin_menu_create(struct request *, struct response *);
int	admin_menu_edit(struct request *, struct response *);
int	admin_menu_update(struct request *, struct response *);
int	admin_menu_confirm(struct request *, struct response *);
int	admin_menu_delete(struct request *, struct response *);
int	admin_menu_move(struct request *, struct response *);

int	admin_settings_edit(struct request *, struct response *);
int	admin_settings_update(struct request *, struct response *);
/* The settings form's table (lang, site_name, tagline, intro_md), static,
 * *n its rows: `waypoint import` checks a file's settings by it. */
struct field;
const struct field *admin_settings_fields(size_t *n);

int	admin_users_index(struct request *, struct response *);
int	admin_users_new(struct request *, struct response *);
int	admin_users_create(struct request *, struct response *);
int	admin_users_edit(struct request *, struct response *);
int	admin_users_update(struct request *, struct response *);
int	admin_account_edit(struct request *, struct response *);
int	admin_account_update(struct request *, struct response *);
int	admin_login_code_form(struct request *, struct response *);
int	admin_login_code(struct request *, struct response *);
int	admin_password_form(struct request *, struct response *);
int	admin_password_update(struct request *, struct response *);
int	admin_totp_start(struct request *, struct response *);
int	admin_totp_confirm(struct request *, struct response *);
int	admin_totp_disable_form(struct request *, struct response *);
int	admin_totp_disable(struct request *, struct response *);

/* Where a sign-in goes on to (admin_login.c): next when it is a path of
 * this site, as a Location value, else the dashboard. In the arena. */
const char *admin_login_next(struct request *, const char *next);

struct user;

/* The page that enrols account u in TOTP (admin_totp.c): its unconfirmed
 * key as a QR code, by hand and as an otpauth:// URI, and a form posting
 * a code (with csrf, and next when not NULL) to action; error above it
 * when not NULL. signin: a step of signing in (no account shown, no
 * navigation). Answers status. */
int	admin_totp_enrol_page(struct request *, struct response *,
	    const struct user *u, const char *key, const char *action,
	    const char *csrf, const char *next, const char *error,
	    bool signin, int status);

/* The page showing the new recovery codes once (admin_totp.c), with a
 * link on to next_url. */
int	admin_totp_codes_page(struct request *, struct response *,
	    const char *const *codes, const char *next_url);
int	admin_audit_index(struct request *, struct response *);
int	admin_device_forget(struct request *, struct response *);

/* Adds the signed-in editor's devices (admin_devices.c) to the account
 * page's model: devices [{created, created_iso, last_used,
 * last_used_iso, forget_action}], has_devices. 0, or -1 on failure. */
int	admin_account_devices(struct request *, json_t *model);

/* The view model every editors' page starts from (admin_layout.c): site
 * name, assets, the signed-in user ({name, role, is_admin}), csrf_token,
 * the flash message, and the admin navigation with the current section
 * marked; released with the request. NULL on failure. section is one of
 * "dashboard", "news", "pages", "menu", "settings", "users", "audit" or
 * NULL. */
json_t	*admin_model(struct request *, const char *title, const char *section);

struct form;

/* Puts a form's messages into model (admin_layout.c): "errors" maps each
 * of names[0..n] that has one to its sentence (form_message, after
 * labels[i]); "error_list" lists them in order as {anchor: the name,
 * message}; "has_field_errors". Returns the number of messages. */
size_t	admin_form_errors(json_t *model, const struct form *f,
	    const char *const *names, const char *const *labels, size_t n);

/* The configured language code s names (the default included), or NULL
 * when it names none (admin_layout.c). */
const char *admin_lang_known(const struct request *, const char *s);

/* The configured languages as a select's options, [{code, name,
 * selected}], the one equal to selected marked; NULL on failure. */
json_t	*admin_lang_options(struct request *, const char *selected);

/* A new view model with what every page shows (site, assets, menu, year,
 * title), released with the request's arena; NULL when the store fails or
 * memory runs out, which a page answers with 503 (never with an empty
 * menu or an unset site name). current is the URL of the page shown, for
 * aria-current. */
json_t	*layout_model(struct request *, const char *title, const char *current);

/* Like layout_model, but never NULL for want of the database: the error
 * page must render even when the store is down. */
json_t	*layout_model_fallback(struct request *, const char *title);

/* Renders template name over model as the response, with status. */
int	layout_render(struct request *, struct response *, const char *name,
	    json_t *model, int status);

struct news;

/* 10: releases a page of /news and /api/v1/news, as on the site Waypoint
 * replaces; the other paged lists show as many (src/purge_urls.c reads
 * them all). */
#define NEWS_PER_PAGE		10
#define EVENTS_PER_PAGE		10
#define PROJECT_PER_PAGE	10
#define PUBLICATIONS_PER_PAGE	10

/* A release's last public change (news.c): its last save, or its
 * publication when that came later (one saved before its time falls due
 * then). */
time_t	news_changed(const struct news *);

/* A release as lists show it (news.c): title, slug, lang (its own), url,
 * dateline, date_iso, date_text, published_iso, updated_iso, summary, and
 * foreign when not in the page's language. */
json_t	*news_item_model(struct request *, const struct news *);

/* True when body_html, a release's rendered body, opens with dateline as
 * its first words (the seed's "Geneva – International Migrants Day …"):
 * the release page then does not print the dateline a second time. False
 * for an empty dateline (news.c). */
bool	news_dateline_leads(const char *dateline, const char *body_html);

/* The language to put in links: NULL for the default language, which is
 * served without a prefix. */
const char *link_lang(const struct request *);

/* The same for language code lang (languages.c). */
const char *lang_link(const struct request *, const char *lang);

/* The name of language code in the page's language (rq->lang: on the
 * editors' pages, the editor's), e.g. "angol" for "en" on a Hungarian
 * page; code itself when unknown (languages.c). */
const char *lang_name(struct request *, const char *code);

/* Marks o as shown in lang when that is not the page's language: o gets
 * "foreign": {code, name in the page's language}, which templates put in
 * a lang attribute and a notice. Returns 0, or -1 when out of memory
 * (languages.c). */
int	mark_foreign(struct request *, json_t *o, const char *lang);

/* Where a page is in one of the site's languages: its path, and whether a
 * version in that language exists (else the path shows this one, marked). */
struct lang_version {
	const char	*path;
	bool		 exists;
};

/* Puts the page's languages into model (languages.c): "languages", the
 * switcher, [{code, name in itself, url, current}] in the order of the
 * configuration; "alternates", [{hreflang, href}] of the versions that
 * exist plus x-default (the default language's, else the first);
 * "canonical", the page's own absolute URL; "has_languages" when the site
 * has more than one. v has one entry per configured language. Returns 0,
 * or -1 when out of memory. */
int	layout_languages(struct request *, json_t *model,
	    const struct lang_version *v);

struct config;

/* The "alternates" of layout_languages alone (languages.c): [{hreflang,
 * href}] of the versions in v (one per language of cfg) that exist, made
 * absolute in arena a, plus x-default; a new reference, NULL when out of
 * memory. */
json_t	*lang_alternates(const struct config *cfg, struct arena *a,
	    const struct lang_version *v);

/* layout_languages for a page every language has (the home page, the news
 * list): url(arena, link language, ctx) in each. */
int	layout_languages_all(struct request *, json_t *model,
	    char *(*url)(struct arena *, const char *lang, const void *ctx),
	    const void *ctx);

/* layout_languages for an item of kind ("news" or "page") in group
 * group_id shown under slug, its version in language lang: each
 * language's version, or slug where there is none. A page standing in
 * for a missing version names the shown version's own address as its
 * canonical one. Returns 0, or the status to answer with. */
int	layout_languages_item(struct request *, json_t *model,
	    const char *kind, int64_t group_id, const char *slug,
	    const char *lang,
	    char *(*url)(struct arena *, const char *lang, const char *slug));

/* The one answer to a store status other than STORE_OK: 404 for
 * STORE_NOTFOUND, 503 (with Retry-After, from app.c) for every failure:
 * busy, locked, read-only, full, corrupt or out of memory. */
int	store_http_status(enum store_status);

/* The answer for slug of kind ("news" or "page") that no visible item
 * has: 301 to url(arena, link language, current slug) when it is an old
 * slug of one, 404 when it is not, 503 when the store fails (500 when the
 * header cannot be set). */
int	moved_or_missing(struct request *, struct response *, const char *kind,
	    const char *slug,
	    char *(*url)(struct arena *, const char *lang, const char *slug));

/* Sets o's name to setting key in the page's language, or the default
 * language's (then also name_lang, its language), or unset when neither
 * has it. False when the store failed (layout.c). */
bool	read_setting(struct request *, json_t *o, const char *key,
	    const char *name, const char *unset);

/* 301 to path to (500 when it is NULL or the header cannot be set). */
int	moved_to(struct response *, const char *to);

/* Sets key of object o to string v ("" when v is NULL or not UTF-8). */
void	model_set(json_t *o, const char *key, const char *v);

/* Tests only ([test] upload_route): POST /admin/test/upload. */
int	test_upload(struct request *, struct response *);

/* Feeds (issue 13): GET /news/feed, the Atom feed of releases (feed.c). */
int	feed_show(struct request *, struct response *);

/* The JSON API (issue 13, api.c): the view models below, which the HTML
 * pages render, answered as JSON (docs/api.md). No route of theirs reads
 * a session. */
int	api_news_index(struct request *, struct response *); /* /api/v1/news */
int	api_news_show(struct request *, struct response *);
int	api_page_show(struct request *, struct response *);
int	api_menu(struct request *, struct response *);	/* /api/v1/menu */
int	api_search(struct request *, struct response *); /* /api/v1/search */

struct pager;
struct page;

/* A new, empty view model released with the request's arena; NULL when
 * out of memory (layout.c). */
json_t	*model_new(struct request *);

/* The menu's tree in the page's language (layout.c): [{label, url,
 * description, label_lang, description_lang, external, current,
 * has_children, children}], current marking the item whose URL is
 * current (NULL: none). A new reference; NULL when the store fails or
 * memory runs out. */
json_t	*menu_model(struct request *, const char *current);

/* Starts pg at the news list's ?page= (news.c): 0, or 400 for a page
 * that is not a number. */
int	news_list_start(struct pager *pg, struct request *);

/* Puts pg's page of the news list into model (news.c): items (each
 * news_item_model), has_items and the pager's fields (pager_model, with
 * the HTML list's links). Returns 0, or the status to answer: 404 past
 * the last page, 503 when the store fails or memory runs out. */
int	news_list_model(struct request *, struct pager *pg, json_t *model);

/* Finds the release at the route's slug (news.c) into *n and puts it into
 * model: title, and news (news_item_model with body_html and
 * dateline_leads). Returns 0, or the status to answer: 301 to url(arena,
 * link language, slug) of its current slug or of its version in the
 * reader's language, 404, 503. */
int	news_show_model(struct request *, struct response *,
	    char *(*url)(struct arena *, const char *lang, const char *slug),
	    struct news *n, json_t *model);

/* The same for a page (page.c): title, and page {title, slug, lang,
 * summary, body_html, url, updated_iso, foreign when not in the page's
 * language}. */
int	page_show_model(struct request *, struct response *,
	    char *(*url)(struct arena *, const char *lang, const char *slug),
	    struct page *p, json_t *model);

/* Search, the visitor's side (search.c). */
/* GET /search?q=…&type=…&year=…&page=N: the search page. */
int	search_show(struct request *, struct response *);

/* Fills model with the search the request's query asks for, for the HTML
 * page and the JSON API alike: search_query (the normalised text), type
 * (the kind filtered on, "" for all), types [{value, label, selected}],
 * year, year_min, year_max, per_page, title, heading,
 * description, the languages (layout_languages_all), has_query; when
 * searched, notice (the count or "no results", in words), results
 * [{title, slug, lang, kind, kind_text, url, date_iso, date_text, snippet
 * [{text, mark}], has_snippet, foreign}], has_results, first (the number
 * of the first result), total and the pager's fields
 * (pager_model); first_url
 * on a page past the last. Returns 0; 400 with "error" (why, in words)
 * and error_q, error_type or error_year (true: the field it is about)
 * set when the query is refused, or without them for an unreadable ?page=;
 * 503 when the store fails or memory runs out. */
int	search_model(struct request *, json_t *model);

/* Sitemap, robots, metadata (issue 13): sitemap.c and meta.c. */
/* /sitemap.xml */
int	sitemap_show(struct request *, struct response *);
/* /robots.txt */
int	robots_show(struct request *, struct response *);

/* Puts into a public page's model (meta.c) "og": {locale, alternates}, its
 * language and the site's others as Open Graph locales (en_US). Returns
 * 0, or -1 when out of memory. */
int	meta_social(struct request *, json_t *model);

/* Puts "canonical" into an error page's model (meta.c): the absolute URL
 * asked for, without its query. Returns 0, or -1 when out of memory. */
int	meta_canonical_asked(struct request *, json_t *model);

/* Puts "jsonld" into a release page's model (meta.c): its schema.org
 * NewsArticle as the text of a script element, escaped by
 * view/jsonld.c. Call after layout_languages (its canonical is the
 * article's URL). Returns 0, or -1 when out of memory. */
int	meta_news_jsonld(struct request *, json_t *model,
	    const struct news *n);

/* Events, the visitors' side (issue 14, events: event.c, event_ics.c,
 * api_event.c). */
struct content;
/* GET /events, /events?page=N: upcoming events first, then past ones. */
int	events_index(struct request *, struct response *);
/* GET /events/<slug>, and /events/<slug>.ics its iCalendar file. */
int	event_show(struct request *, struct response *);
/* The full public page of event c as given, whatever its status (no
 * store lookup of c itself; its layout, menu and language versions are
 * read): 200, or 503 when the store fails or memory runs out, 500 when
 * c's fields are not an event's. For the preview of a draft too. */
int	event_page(struct request *, struct response *,
	    const struct content *c);
/* GET /api/v1/events (?page=N) and /api/v1/events/<slug>: the same as
 * JSON (docs/api.md). */
int	api_events_index(struct request *, struct response *);
int	api_event_show(struct request *, struct response *);

/* Projects, the public side (issue 14): project.c, api_project.c. */

/* Renders the full public page of project c as given, whatever its
 * status (no store lookup of c itself; its translations are the
 * published ones): title, summary, body, the definition list of its
 * fields, the language switcher. Answers 200, or 503. For /<slug> and
 * the preview of a draft. */
int	project_page(struct request *, struct response *,
	    const struct content *c);

/* GET /<slug> for a project (page.c asks before its pages): the visible
 * project with the route's slug through project_page(), 301 to its
 * version in the reader's language, 404 when none has the slug (no
 * redirect looked up), 503. */
int	project_show(struct request *, struct response *);

/* The answer for the route's slug that neither a page nor a project has:
 * 301 when it is an old slug of a project, else 404 (moved_or_missing). */
int	project_moved(struct request *, struct response *);

int	projects_index(struct request *, struct response *);	/* /projects */
int	api_projects_index(struct request *, struct response *);
int	api_project_show(struct request *, struct response *);

/* The editor of every kind of content (admin_kinds.c, admin_content*.c):
 * each handler edits the kind the route table hands it as rq->route_ctx,
 * one of these. */
struct admin_kind;
extern const struct admin_kind admin_kind_news, admin_kind_pages,
    admin_kind_projects, admin_kind_events, admin_kind_publications;

int	admin_content_index(struct request *, struct response *);
		/* GET /admin/<section>: the kind's list (admin_dashboard.c) */
int	admin_content_new(struct request *, struct response *);
		/* GET .../new: the empty form, or a translation's */
int	admin_content_create(struct request *, struct response *);
		/* POST /admin/<section>: makes one from the form */
int	admin_content_edit(struct request *, struct response *);
		/* GET .../<id>/edit: the form over the saved item */
int	admin_content_update(struct request *, struct response *);
		/* POST .../<id>: saves the form */
int	admin_content_confirm(struct request *, struct response *);
		/* GET .../<id>/confirm?action=publish|unpublish|delete */
int	admin_content_publish(struct request *, struct response *);
int	admin_content_unpublish(struct request *, struct response *);
int	admin_content_delete(struct request *, struct response *);
		/* POST .../<id>/publish, unpublish, delete */
int	admin_content_history(struct request *, struct response *);
		/* GET .../<id>/history: revisions, newest first */
int	admin_content_revision(struct request *, struct response *);
		/* GET .../<id>/revisions/<rev> */
int	admin_content_restore(struct request *, struct response *);
		/* POST .../<id>/revisions/<rev>/restore */
int	admin_content_current(struct request *, struct response *);
		/* POST .../<id>/current: the translation is still current */

/* Publications (issue 14, publication.c): /resources, "Data and
 * Resources", and its JSON answers (docs/api.md). */
int	publication_index(struct request *, struct response *); /* /resources */
int	publication_show(struct request *, struct response *);
int	api_publication_index(struct request *, struct response *);
int	api_publication_show(struct request *, struct response *);

/* Renders the whole public page of publication c as given, whatever its
 * status and without looking it up (the preview shows a draft through
 * it): its title, type, date, summary, body and documents, with the
 * layout, the language switcher and the alternates of its group's
 * visible versions. Returns 200, or the status to answer (503 when the
 * store fails or memory runs out). */
int	publication_page(struct request *, struct response *,
	    const struct content *c);

/* The options of a select filtering a list (filter.c), [{value, label,
 * selected}]: a new array holding the option of no filter (value "",
 * all_label), to which filter_option() appends each other; NULL when out
 * of memory. */
json_t	*filter_options(const char *all_label, bool all_selected);

/* Appends the option value, label to list. 0, or -1 when out of
 * memory. */
int	filter_option(json_t *list, const char *value, const char *label,
	    bool selected);

/* Preview links (issue 14: sharing a draft for review). */
struct content;

/* Item c's public page as its address will show it once published,
 * rendered from c itself rather than looked up by slug: a release
 * (news.c), a page (page.c). Return the HTTP status. */
int	news_page(struct request *, struct response *, const struct content *c);
int	page_page(struct request *, struct response *, const struct content *c);

/* GET /preview/<token> (preview.c): the draft a preview link shares,
 * marked; 404 for a token that is none or unknown, 410 for a link
 * expired, revoked or whose item is published. */
int	preview_show(struct request *, struct response *);

/* POST /admin/previews (admin_previews.c): a new preview link for the
 * draft the form names (kind, id) for the lifetime chosen, shown once. */
int	admin_previews_create(struct request *, struct response *);

/* POST /admin/previews/<id>/revoke: revokes link id, then back to its
 * item's edit page. */
int	admin_previews_revoke(struct request *, struct response *);

/* The preview links of saved item c (NULL: an item not saved yet) for
 * its edit page's admin_item_previews partial: {can_share, post_url,
 * kind, id, lifetimes, links, has_links}, or false when there is nothing
 * to show. A new reference; never NULL. */
json_t	*admin_previews_model(struct request *, const struct content *c);

/* The review step before publishing (issue 14, admin_review.c). */
int	admin_review_index(struct request *, struct response *);
		/* GET /admin/review: the pending submissions (reviewers) */
int	admin_review_submit(struct request *, struct response *);
		/* POST /admin/review: submit a saved draft (kind, id,
		 * version) */
int	admin_review_show(struct request *, struct response *);
		/* GET /admin/review/<id>: the word diff and the actions */
int	admin_review_publish(struct request *, struct response *);
int	admin_review_return(struct request *, struct response *);
		/* POST /admin/review/<id>/publish, return (comment) */

/* Whether the signed-in account must submit for review what it would
 * publish: [workflow] review is on and it is neither an admin nor an
 * editor given the reviewer role. */
bool	admin_review_needed(struct request *);

/* The navigation's label of the queue, with the count pending ("Review
 * (3)", arena); NULL when the account does not review or review is off. */
const char *admin_review_nav_label(struct request *);

/* Sets m's review_returned: the signed-in editor's submissions sent back
 * {items: [{title, edit_url, reviewed_text, comment}]}, or false. */
void	admin_review_dashboard(struct request *, json_t *m);

/* Media in bodies and lead images (issue 15, rendering: media_body.c). */

struct media_item;

/* Sets o's "body_html" to html, a body in lang (NULL: the page's), with
 * its media references drawn from the library (view/media_html.h):
 * absolute URLs under /api/ and in the feed, paths elsewhere; the first
 * picture not lazy when eager_first (no lead image above it). Returns 0,
 * or the status to answer with when the store fails or memory runs out. */
int	media_body_set(struct request *, json_t *o, const char *html,
	    const char *lang, bool eager_first);

/* The lead image of item (kind, id) into *lead (arena; NULL: none, or
 * one no longer an image). Returns 0 or the status to answer with. */
int	media_lead_read(struct request *, enum content_kind kind, int64_t id,
	    struct media_item **lead);

/* Appends o (NULL: out of memory), an item of a list, to list, with its
 * "lead_image" set to the thumbnail model of media_picture.mustache of
 * item (kind, id)'s lead image in lang (lazy), or false: lead, when the
 * list read it with the item (0: none), else -1 to look it up. Returns 0
 * or the status to answer with. */
int	media_list_append(struct request *, json_t *list, json_t *o,
	    enum content_kind kind, int64_t id, int64_t lead,
	    const char *lang);

/* An item as its own page shows it. */
struct media_shown {
	enum content_kind kind;
	int64_t		 id;
	int64_t		 lead;		/* its lead image; -1: read it */
	const char	*lang;		/* its text's */
	const char	*html;		/* its body */
};

/* Sets o's "lead_image" (a figure, eager, of high priority) and
 * "body_html" (media_body_set(), its first picture eager when there is
 * no lead image), and page's og_image and og_image_alt: an item's own
 * page. Returns 0 or the status to answer with. */
int	media_item_set(struct request *, json_t *page, json_t *o,
	    const struct media_shown *it);

/* The media library (issue 15, the library part: admin_media.c,
 * admin_media_item.c). The upload routes are stream routes: each reads
 * its csrf_token from its body. */
int	admin_media_index(struct request *, struct response *);	/* GET */
int	admin_media_upload(struct request *, struct response *);	/* POST */
int	admin_media_show(struct request *, struct response *);	/* /# */
int	admin_media_update(struct request *, struct response *);
int	admin_media_replace(struct request *, struct response *); /* /#/file */
int	admin_media_delete(struct request *, struct response *);

/* Media serving and operations (issue 15, media_file.c). */
int	media_file_show(struct request *, struct response *);
		/* GET /media/<hash>[-<width>].<ext>,
		 * /media/<hash>/<filename>.pdf: a file of the media folder */

/* Sitemap files (issue 16, the find part): sitemap.c. */
/* /sitemap-<part>-<n>.xml: one file of those /sitemap.xml lists. */
int	sitemap_file_show(struct request *, struct response *);
/* Called with each file /sitemap.xml lists, /sitemap-<part>-<n>.xml; 0
 * to go on, else the status to end the walk with. */
typedef int (*sitemap_file_fn)(void *ctx, const char *part, int64_t n);
/* Calls each for every file of the sitemap that holds a URL at rq->now
 * (those the index lists, in its order), reading rq->db: a seek a file.
 * 0, or the status to answer with (the store's, or each's). */
int	sitemap_files(struct request *, sitemap_file_fn each, void *ctx);
/* The number n of the file of part kind (a kind as the store names it)
 * that lists group group_id when one of its versions is public, or -1
 * when no file of the sitemap lists items of kind. */
int64_t	sitemap_file_of(const struct config *, const char *kind,
	    int64_t group_id);

#endif

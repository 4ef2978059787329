/* app.c: the route table and the one path every request takes: language,
 * routing, the page cache, conditional requests, error pages and the
 * headers every response carries. Past 600 lines because of the table: its
 * rows are about 90 of them, one or two per route. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "conditional.h"
#include "config.h"
#include "controllers/controllers.h"
#include "controllers/project.h"
#include "controllers/publication.h"
#include "generation.h"
#include "lib/arena.h"
#include "lib/blob.h"
#include "lib/changes.h"
#include "lib/gzip.h"
#include "lib/httpdate.h"
#include "lib/log.h"
#include "lib/num.h"
#include "lib/slug.h"
#include "lib/zone.h"
#include "media/slots.h"
#include "page_cache.h"
#include "request.h"
#include "response.h"
#include "purge.h"
#include "purge_served.h"
#include "search_query.h"
#include "site.h"
#include "transport/access_log.h"
#include "store/store.h"
#include "view/api_json.h"
#include "view/assets.h"
#include "view/i18n.h"
#include "view/render.h"
#include "view/urls.h"

enum route_flags {
	ROUTE_PUBLIC	= 1 << 0,	/* a public page: cached, validators */
	ROUTE_STATIC	= 1 << 1,	/* no database needed */
	ROUTE_ADMIN	= 1 << 2,	/* editors' pages: write connection,
					   session read, no-store */
	ROUTE_SIGNED_IN	= 1 << 3,	/* needs a session */
	ROUTE_ADMIN_ROLE = 1 << 4,	/* needs the admin role */
	ROUTE_CSRF	= 1 << 5,	/* a POST carrying the session's token */
	ROUTE_STREAM	= 1 << 6,	/* the body comes as a stream of up to
					   REQUEST_UPLOAD_MAX (a spooled file,
					   request_body_read), to signed-in
					   editors only; no ROUTE_CSRF: the
					   token is inside that body, and its
					   controller checks it */
	ROUTE_TEST	= 1 << 7,	/* tests only: there when [test]
					   upload_route is set */
	ROUTE_API	= 1 << 8,	/* the JSON API: public, GET and HEAD
					   only, under /api/ (app_init checks
					   all three) */
	ROUTE_PREVIEW	= 1 << 9,	/* a draft shared for review: no
					   session, never cached, no
					   validators (preview_headers) */
	ROUTE_MEDIA	= 1 << 10,	/* a media upload (with ROUTE_STREAM):
					   its body may be [media]
					   max_upload_mib and its form */
};

struct route {
	const char	*pattern;	/* "*" one segment, "#" one segment that
					   is an id (lib/num.h), "**" the rest */
	unsigned	 methods;
	unsigned	 flags;
	int		(*handler)(struct request *, struct response *);
	const char	*type;		/* the Content-Type it answers,
					   unless its controller sets one
					   (a file's); NULL: the file's */
	const struct query_field *query; /* the query fields a public
					   route reads, and so what its
					   cache key holds besides the path
					   (page_cache.h); NULL: none */
	unsigned	 scopes;	/* what a public route's pages
					   depend on (generation.h): a
					   change to another scope keeps
					   them cached; 0: every change */
	const void	*arg;		/* given to the handler as
					   rq->route_ctx; NULL for most, and
					   so left out of their rows */
};

#define GET_HEAD	(METHOD_GET | METHOD_HEAD)
#define EDITOR		(ROUTE_ADMIN | ROUTE_SIGNED_IN)
#define EDITOR_POST	(EDITOR | ROUTE_CSRF)
#define ADMIN		(EDITOR | ROUTE_ADMIN_ROLE)
#define ADMIN_POST	(ADMIN | ROUTE_CSRF)
#define HTML		"text/html; charset=utf-8"
#define JSON		"application/json"
#define ATOM		"application/atom+xml; charset=utf-8"
#define PAGED		page_cache_query_page
#define API		(ROUTE_PUBLIC | ROUTE_API)
/* The scopes routes declare (generation.h). Every page shows the menu and
 * the settings, and may show media: the site scope. Be conservative: a
 * route that may read a scope names it. */
#define SITE		SCOPES(SCOPE_SITE)
#define ON_NEWS		(SITE | SCOPES(SCOPE_NEWS))
#define ON_RELEASE	(SITE | SCOPES_NEWS_ITEM)
#define ON_PAGE		(SITE | SCOPES_PAGE_ITEM)
/* /<slug>: a page, else a project of that slug (page_show). */
#define ON_PAGE_PROJECT	(ON_PAGE | SCOPES(SCOPE_PROJECT))
#define ON_PROJECTS	(SITE | SCOPES(SCOPE_PROJECT))
#define ON_EVENTS	(SITE | SCOPES(SCOPE_EVENT))
#define ON_PUBLICATIONS	(SITE | SCOPES(SCOPE_PUBLICATION))
#define ON_ALL		(SITE | SCOPES_CONTENT)

/* The editor of one kind of content (section: its URLs' segment; k: its
 * struct admin_kind, which each admin_content_* handler reads from
 * rq->route_ctx). */
#define EDITOR_ROUTE(path, methods, flags, handler, k) \
	{ "/admin/" path, methods, flags, handler, HTML, NULL, 0, k }
#define EDITOR_ROUTES(section, k) \
	EDITOR_ROUTE(section, GET_HEAD, EDITOR, admin_content_index, k), \
	EDITOR_ROUTE(section, METHOD_POST, EDITOR_POST, \
	    admin_content_create, k), \
	EDITOR_ROUTE(section "/new", GET_HEAD, EDITOR, admin_content_new, k), \
	EDITOR_ROUTE(section "/#", METHOD_POST, EDITOR_POST, \
	    admin_content_update, k), \
	EDITOR_ROUTE(section "/#/edit", GET_HEAD, EDITOR, \
	    admin_content_edit, k), \
	EDITOR_ROUTE(section "/#/confirm", GET_HEAD, EDITOR, \
	    admin_content_confirm, k), \
	EDITOR_ROUTE(section "/#/publish", METHOD_POST, EDITOR_POST, \
	    admin_content_publish, k), \
	EDITOR_ROUTE(section "/#/unpublish", METHOD_POST, EDITOR_POST, \
	    admin_content_unpublish, k), \
	EDITOR_ROUTE(section "/#/delete", METHOD_POST, EDITOR_POST, \
	    admin_content_delete, k), \
	EDITOR_ROUTE(section "/#/history", GET_HEAD, EDITOR, \
	    admin_content_history, k), \
	EDITOR_ROUTE(section "/#/revisions/#", GET_HEAD, EDITOR, \
	    admin_content_revision, k), \
	EDITOR_ROUTE(section "/#/revisions/#/restore", METHOD_POST, \
	    EDITOR_POST, admin_content_restore, k), \
	EDITOR_ROUTE(section "/#/current", METHOD_POST, EDITOR_POST, \
	    admin_content_current, k)

/* First match wins, so fixed paths come before captures. The rows leave
 * arg out (NULL) unless they need it: the warning about a missing field
 * initializer would otherwise ask every row for it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct route routes[] = {
	{ "/", GET_HEAD, ROUTE_PUBLIC, home_show, HTML, NULL, ON_NEWS },
	{ "/static/**", GET_HEAD, ROUTE_STATIC, static_show, NULL, NULL },
	/* The media folder: no database, a file named by its hash. */
	{ "/media/", GET_HEAD, ROUTE_STATIC, media_file_show, NULL, NULL },
	{ "/media/**", GET_HEAD, ROUTE_STATIC, media_file_show, NULL, NULL },
	{ "/news", GET_HEAD, ROUTE_PUBLIC, news_index, HTML, PAGED, ON_NEWS },
	/* Before the releases: a release may not take the slug "feed". */
	{ "/news/feed", GET_HEAD, ROUTE_PUBLIC, feed_show, ATOM, NULL,
	    ON_NEWS },
	{ "/news/*", GET_HEAD, ROUTE_PUBLIC, news_show, HTML, NULL,
	    ON_RELEASE },
	{ "/search", GET_HEAD, ROUTE_PUBLIC, search_show, HTML,
	    search_query_fields, ON_ALL },
	{ "/events", GET_HEAD, ROUTE_PUBLIC, events_index, HTML, PAGED,
	    ON_EVENTS },
	/* <slug>.ics answers text/calendar: event_show sets it. */
	{ "/events/*", GET_HEAD, ROUTE_PUBLIC, event_show, HTML, NULL,
	    ON_EVENTS },
	{ "/resources", GET_HEAD, ROUTE_PUBLIC, publication_index, HTML,
	    publication_query_fields, ON_PUBLICATIONS },
	{ "/resources/*", GET_HEAD, ROUTE_PUBLIC, publication_show, HTML,
	    NULL, ON_PUBLICATIONS },
	{ "/api/v1/news", GET_HEAD, API, api_news_index, JSON, PAGED,
	    ON_NEWS },
	{ "/api/v1/news/*", GET_HEAD, API, api_news_show, JSON, NULL,
	    ON_RELEASE },
	{ "/api/v1/pages/*", GET_HEAD, API, api_page_show, JSON, NULL,
	    ON_PAGE },
	{ "/api/v1/menu", GET_HEAD, API, api_menu, JSON, NULL, SITE },
	{ "/api/v1/events", GET_HEAD, API, api_events_index, JSON, PAGED,
	    ON_EVENTS },
	{ "/api/v1/events/*", GET_HEAD, API, api_event_show, JSON, NULL,
	    ON_EVENTS },
	{ "/api/v1/search", GET_HEAD, API, api_search, JSON,
	    search_query_fields, ON_ALL },
	{ "/projects", GET_HEAD, ROUTE_PUBLIC, projects_index, HTML,
	    project_query_fields, ON_PROJECTS },
	{ "/api/v1/projects", GET_HEAD, API, api_projects_index, JSON,
	    project_query_fields, ON_PROJECTS },
	{ "/api/v1/projects/*", GET_HEAD, API, api_project_show, JSON,
	    NULL, ON_PROJECTS },
	{ "/api/v1/publications", GET_HEAD, API, api_publication_index,
	    JSON, publication_query_fields, ON_PUBLICATIONS },
	{ "/api/v1/publications/*", GET_HEAD, API, api_publication_show,
	    JSON, NULL, ON_PUBLICATIONS },
	/* For search engines: at the site's root only (404 under /hu/). */
	{ "/sitemap.xml", GET_HEAD, ROUTE_PUBLIC, sitemap_show,
	    "application/xml; charset=utf-8", NULL, ON_ALL },
	/* Its files: a slug has no '.', so no page is hidden. */
	{ "/sitemap-*.xml", GET_HEAD, ROUTE_PUBLIC, sitemap_file_show,
	    "application/xml; charset=utf-8", NULL, ON_ALL },
	{ "/robots.txt", GET_HEAD, ROUTE_PUBLIC, robots_show,
	    "text/plain; charset=utf-8", NULL, SITE },
	{ "/preview/**", GET_HEAD, ROUTE_PREVIEW, preview_show, HTML, NULL },

	{ "/admin/login", GET_HEAD, ROUTE_ADMIN, admin_login_form, HTML, NULL },
	{ "/admin/login", METHOD_POST, ROUTE_ADMIN, admin_login, HTML, NULL },
	{ "/admin/login/code", GET_HEAD, ROUTE_ADMIN,
	    admin_login_code_form, HTML, NULL },
	{ "/admin/login/code", METHOD_POST, ROUTE_ADMIN,
	    admin_login_code, HTML, NULL },
	{ "/admin/logout", METHOD_POST, EDITOR_POST, admin_logout, HTML, NULL },
	{ "/admin", GET_HEAD, EDITOR, admin_dashboard, HTML, NULL },

	EDITOR_ROUTES("news", &admin_kind_news),
	EDITOR_ROUTES("pages", &admin_kind_pages),
	EDITOR_ROUTES("projects", &admin_kind_projects),
	EDITOR_ROUTES("events", &admin_kind_events),
	EDITOR_ROUTES("publications", &admin_kind_publications),

	{ "/admin/review", GET_HEAD, EDITOR, admin_review_index, HTML, NULL },
	{ "/admin/review", METHOD_POST, EDITOR_POST,
	    admin_review_submit, HTML, NULL },
	{ "/admin/review/#", GET_HEAD, EDITOR, admin_review_show, HTML, NULL },
	{ "/admin/review/#/publish", METHOD_POST, EDITOR_POST,
	    admin_review_publish, HTML, NULL },
	{ "/admin/review/#/return", METHOD_POST, EDITOR_POST,
	    admin_review_return, HTML, NULL },

	/* The media library: uploads are streams (ROUTE_MEDIA: their limit
	 * is [media] max_upload_mib's). */
	{ "/admin/media", GET_HEAD, EDITOR, admin_media_index, HTML, NULL },
	{ "/admin/media", METHOD_POST, EDITOR | ROUTE_STREAM | ROUTE_MEDIA,
	    admin_media_upload, HTML, NULL },
	{ "/admin/media/#", GET_HEAD, EDITOR, admin_media_show, HTML, NULL },
	{ "/admin/media/#", METHOD_POST, EDITOR_POST,
	    admin_media_update, HTML, NULL },
	{ "/admin/media/#/file", METHOD_POST,
	    EDITOR | ROUTE_STREAM | ROUTE_MEDIA, admin_media_replace, HTML,
	    NULL },
	{ "/admin/media/#/delete", METHOD_POST, EDITOR_POST,
	    admin_media_delete, HTML, NULL },

	{ "/admin/menu", GET_HEAD, ADMIN, admin_menu_index, HTML, NULL },
	{ "/admin/menu", METHOD_POST, ADMIN_POST,
	    admin_menu_create, HTML, NULL },
	{ "/admin/menu/new", GET_HEAD, ADMIN, admin_menu_new, HTML, NULL },
	{ "/admin/menu/#", METHOD_POST, ADMIN_POST,
	    admin_menu_update, HTML, NULL },
	{ "/admin/menu/#/edit", GET_HEAD, ADMIN, admin_menu_edit, HTML, NULL },
	{ "/admin/menu/#/delete", GET_HEAD, ADMIN,
	    admin_menu_confirm, HTML, NULL },
	{ "/admin/menu/#/delete", METHOD_POST, ADMIN_POST,
	    admin_menu_delete, HTML, NULL },
	{ "/admin/menu/#/move", METHOD_POST, ADMIN_POST,
	    admin_menu_move, HTML, NULL },

	{ "/admin/settings", GET_HEAD, ADMIN, admin_settings_edit, HTML, NULL },
	{ "/admin/settings", METHOD_POST, ADMIN_POST,
	    admin_settings_update, HTML, NULL },
	{ "/admin/users", GET_HEAD, ADMIN, admin_users_index, HTML, NULL },
	{ "/admin/users", METHOD_POST, ADMIN_POST,
	    admin_users_create, HTML, NULL },
	{ "/admin/users/new", GET_HEAD, ADMIN, admin_users_new, HTML, NULL },
	{ "/admin/users/#", METHOD_POST, ADMIN_POST,
	    admin_users_update, HTML, NULL },
	{ "/admin/users/#/edit", GET_HEAD, ADMIN,
	    admin_users_edit, HTML, NULL },
	{ "/admin/audit", GET_HEAD, ADMIN, admin_audit_index, HTML, NULL },
	{ "/admin/previews", METHOD_POST, EDITOR_POST,
	    admin_previews_create, HTML, NULL },
	{ "/admin/previews/#/revoke", METHOD_POST, EDITOR_POST,
	    admin_previews_revoke, HTML, NULL },
	{ "/admin/account", GET_HEAD, EDITOR, admin_account_edit, HTML, NULL },
	{ "/admin/account", METHOD_POST, EDITOR_POST,
	    admin_account_update, HTML, NULL },
	{ "/admin/account/devices/#/forget", METHOD_POST, EDITOR_POST,
	    admin_device_forget, HTML, NULL },
	{ "/admin/account/password", GET_HEAD, EDITOR,
	    admin_password_form, HTML, NULL },
	{ "/admin/account/password", METHOD_POST, EDITOR_POST,
	    admin_password_update, HTML, NULL },
	{ "/admin/account/totp", METHOD_POST, EDITOR_POST,
	    admin_totp_start, HTML, NULL },
	{ "/admin/account/totp/confirm", METHOD_POST, EDITOR_POST,
	    admin_totp_confirm, HTML, NULL },
	{ "/admin/account/totp/disable", GET_HEAD, EDITOR,
	    admin_totp_disable_form, HTML, NULL },
	{ "/admin/account/totp/disable", METHOD_POST, EDITOR_POST,
	    admin_totp_disable, HTML, NULL },
	{ "/admin/test/upload", METHOD_POST, ADMIN | ROUTE_STREAM | ROUTE_TEST,
	    test_upload, JSON, NULL },
	{ "/*", GET_HEAD, ROUTE_PUBLIC, page_show, HTML, NULL,
	    ON_PAGE_PROJECT },
};
#pragma GCC diagnostic pop
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* The deployment's configuration: what is not a site's (the log, the
 * tests-only routes, upload limits). A request's site is rq->cfg. */
static const struct config *cfg;
/* Whether app_init made the one site of cfg itself (no site_init before:
 * the unit tests), and so app_fini forgets it. */
static bool own_sites;

/* Each thread opens its connections to rq's site on first use and keeps
 * them (site.c): one that public pages read through (query_only), one for
 * the editors. */
static struct store *
thread_store(struct request *rq, bool write)
{
	return site_store(rq->cfg, write);
}

/* Under /api/ every route is ROUTE_API and every ROUTE_API route is there:
 * public (public_page never reads a session, so no API answer depends on
 * one), GET and HEAD only (a CORS answer to anything else would be a
 * promise the API does not make). */
static bool
api_route_ok(const struct route *r)
{
	bool under = strncmp(r->pattern, "/api/", 5) == 0;

	if (!(r->flags & ROUTE_API))
		return !under;
	return under && (r->flags & (ROUTE_PUBLIC | ROUTE_ADMIN | ROUTE_STATIC |
	    ROUTE_STREAM)) == ROUTE_PUBLIC && (r->methods & ~GET_HEAD) == 0;
}

int
app_init(const struct config *c)
{
	char err[512];
	size_t i;

	cfg = c;
	/* A cached page keeps its type: a public route must name one. */
	for (i = 0; i < NROUTES; i++)
		if ((routes[i].flags & ROUTE_PUBLIC) && routes[i].type == NULL) {
			fprintf(stderr, "route %s: a public route needs a "
			    "Content-Type\n", routes[i].pattern);
			return -1;
		}
	for (i = 0; i < NROUTES; i++)
		if (!api_route_ok(&routes[i])) {
			fprintf(stderr, "route %s: an API route is public, "
			    "GET and HEAD only, under /api/\n",
			    routes[i].pattern);
			return -1;
		}
	if (!site_ready()) {
		if (site_init(c, NULL, NULL, NULL) == -1)
			return -1;
		own_sites = true;
	}
	if (auth_init() == -1)
		return -1;
	/* The templates and catalogs of every site's languages. */
	if (view_init(site_view_config()) == -1)
		return -1;
	if (assets_load(c->static_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "static files: %s\n", err);
		return -1;
	}
	/* 16 MiB: each thread's reader may keep 512 KiB of pages and its
	 * writer 2 MiB (store/db.c), so SQLite's memory would grow with
	 * [serve] threads; this bounds it whatever their number. Not
	 * lower: at 4 MiB the pages SQLite gave back made uncached answers
	 * at 100,000 releases a third slower (schemas and statements alone
	 * take most of it). */
	store_memory_limit((size_t)16 << 20);
	if (page_cache_init((size_t)c->cache_entries,
	    (size_t)c->cache_max_mib << 20) == -1 ||
	    changes_init() == -1 || purge_served_init() == -1 ||
	    media_slots_init() == -1)
		return -1;
	page_cache_sites(site_count());
	return 0;
}

void
app_workers(unsigned threads)
{
	auth_signin_workers(threads);
}

int
app_reload(void)
{
	int ret = 0;

	if (log_open(cfg->log_file) == -1) {
		log_error("cannot reopen the log file %s", cfg->log_file);
		ret = -1;
	}
	if (view_reload() == -1)
		ret = -1;
	if (site_reload() == -1)
		ret = -1;
	page_cache_sites(site_count());
	page_cache_flush();
	if (ret == 0)
		log_info("reloaded the log file and the templates");
	return ret;
}

void
app_fini(void)
{
	site_stores_close();
	if (own_sites)
		site_fini();
	own_sites = false;
	page_cache_fini();
	changes_fini();
	purge_served_fini();
	media_slots_fini();
	assets_free();
	view_fini();
}

/* Matches path against pattern, capturing into rq->args (and rq->ids for
 * "#": a segment that is not an id does not match). Text after a capture
 * in the same segment ends it: "/sitemap-*.xml". */
static bool
match(const char *pattern, const char *path, struct request *rq)
{
	const char *p = pattern, *s = path, *end;
	size_t tail;

	rq->nargs = 0;
	while (*p != '\0') {
		if (p[0] == '*' && p[1] == '*') {
			if (*s == '\0' || rq->nargs == REQUEST_ARGS_MAX)
				return false;
			rq->args[rq->nargs++] = s;
			return true;
		}
		if (*p == '*' || *p == '#') {
			end = strchrnul(s, '/');
			tail = strcspn(p + 1, "/");
			if (end - s <= (ptrdiff_t)tail ||
			    strncmp(end - tail, p + 1, tail) != 0 ||
			    rq->nargs == REQUEST_ARGS_MAX)
				return false;
			end -= tail;
			rq->args[rq->nargs] = arena_strndup(rq->arena, s,
			    (size_t)(end - s));
			rq->ids[rq->nargs] = 0;
			if (*p == '#' && num_parse_id(rq->args[rq->nargs],
			    &rq->ids[rq->nargs]) == -1)
				return false;
			rq->nargs++;
			s = end;
			p++;
			continue;
		}
		if (*p++ != *s++)
			return false;
	}
	return *s == '\0';
}

/* Takes /<code>/ off the path when code is one of the site's languages
 * other than the default (the default has none: /en/news is not /news);
 * sets rq->lang. */
static void
strip_language(struct request *rq)
{
	const char *p = rq->path + 1, *slash = strchrnul(p, '/'), *lang;

	rq->lang = rq->cfg->default_lang;
	if ((lang = config_prefix_lang(rq->cfg, p, (size_t)(slash - p))) !=
	    NULL) {
		rq->lang = lang;
		rq->path = *slash ? slash : "/";
	}
}

/* Editors' pages are never stored by a browser or a proxy, nor indexed. */
static void
admin_headers(struct response *rs)
{
	response_set_header(rs, "Cache-Control", "no-store");
	response_set_header(rs, "X-Robots-Tag", "noindex, nofollow");
	response_unset_header(rs, "ETag");
	response_unset_header(rs, "Last-Modified");
}

static const struct {
	int		 status;
	const char	*heading;
	const char	*message;
} errors[] = {
	{ 400, N_("Bad request"), N_("The address or the data sent could "
	    "not be understood. Please check the link.") },
	{ 403, N_("Forbidden"), N_("You do not have access to this page, or "
	    "your session has ended. Sign in again at /admin/login; what you "
	    "typed is kept in this browser.") },
	{ 404, N_("Page not found"), N_("The page you are looking for does "
	    "not exist or has moved. The menu above and the home page may "
	    "help you find it.") },
	{ 405, N_("Method not allowed"), N_("This address cannot be used "
	    "that way.") },
	{ 409, N_("Changed meanwhile"), N_("Someone saved this item after "
	    "you opened it. Your text is kept below.") },
	{ 413, N_("Request too large"), N_("What was sent is larger than "
	    "this site accepts.") },
	{ 414, N_("Address too long"), N_("The address is longer than this "
	    "site accepts.") },
	{ 429, N_("Too many attempts"), N_("Too many attempts to sign in. "
	    "Please wait a few minutes and try again.") },
	{ 431, N_("Request headers too large"), N_("The request carried "
	    "more headers than this site accepts.") },
	{ 503, N_("Service unavailable"), N_("The site is busy. Please try "
	    "again in a moment.") },
};

static bool
is_admin_path(const char *path)
{
	return strncmp(path, "/admin", 6) == 0 &&
	    (path[6] == '/' || path[6] == '\0');
}

/* Whether path is under prefix ("/api/"), with or without a language
 * prefix: app_handle sees it without, app_error as it came. */
static bool
is_under(const struct config *c, const char *path, const char *prefix)
{
	const char *p, *slash;
	size_t len = strlen(prefix);

	if (path == NULL || *path != '/')
		return false;
	if (strncmp(path, prefix, len) == 0)
		return true;
	p = path + 1;
	slash = strchrnul(p, '/');
	return c != NULL && config_prefix_lang(c, p,
	    (size_t)(slash - p)) != NULL && strncmp(slash, prefix, len) == 0;
}

static bool
is_api_path(const struct request *rq, const char *path)
{
	return is_under(rq->cfg, path, "/api/");
}

/* Whether rq is the API's: its path, or its target as received when that
 * was refused before routing (the path is then "/"). */
static bool
api_request(const struct request *rq)
{
	return is_api_path(rq, rq->path) || (rq->target != NULL &&
	    is_api_path(rq, rq->target));
}

/* Any site's script may read what the API answers GET and HEAD, errors
 * included: all of it is public, and none depends on a cookie. Other
 * methods, refused (405), are told nothing of the kind; an OPTIONS
 * preflight among them, since a GET with no headers of its own is a
 * simple request that needs none, and a browser's revalidation sends its
 * If-None-Match without one. */
static void
api_headers(struct request *rq, struct response *rs)
{
	if (api_request(rq) && (rq->method & GET_HEAD) != 0)
		response_set_header(rs, "Access-Control-Allow-Origin", "*");
}

/* Whether rq is under /preview/ (or is /preview/ itself): by its path, or
 * by its target as received when it was refused before routing. */
static bool
preview_request(const struct request *rq)
{
	return is_under(rq->cfg, rq->path, "/preview/") ||
	    is_under(rq->cfg, rq->target, "/preview/");
}

/* Every answer under /preview/, whatever its status: stored by no
 * browser or proxy, indexed by no search engine, and no Referer naming
 * the token to the sites its links lead to. Call after
 * response_security_headers, whose Referrer-Policy this replaces in its
 * place. No cookie is ever set there: no session is read. */
static void
preview_headers(const struct request *rq, struct response *rs)
{
	if (!preview_request(rq))
		return;
	response_set_header(rs, "Cache-Control", "private, no-store");
	response_set_header(rs, "X-Robots-Tag", "noindex");
	response_unset_header(rs, "ETag");
	response_unset_header(rs, "Last-Modified");
	response_unset_header(rs, "Set-Cookie");
	response_set_header(rs, "Referrer-Policy", "no-referrer");
}

/* Sign-in, then back to the page the refused form was on: the Referer's
 * path when it is this site's, else the dashboard. */
static const char *
signin_url(struct request *rq)
{
	const char *path = url_site_path(rq->cfg->base_url,
	    request_header(rq, "referer"));

	return url_signin(rq->arena, path != NULL ? path : "/admin");
}

/* The error page, in the layout when the database answers; said, when
 * not NULL, is its message (translated already) instead of the status's. */
static void
error_page(struct request *rq, struct response *rs, int status,
    const char *said)
{
	const char *heading = N_("Something went wrong");
	const char *message = N_("The page could not be shown. The problem "
	    "has been logged; please try again later.");
	json_t *model;
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].status == status) {
			heading = errors[i].heading;
			message = errors[i].message;
		}
	heading = T(rq->lang, heading);
	message = said != NULL ? said : T(rq->lang, message);
	rs->status = status;
	response_unset_header(rs, "ETag");
	response_unset_header(rs, "Last-Modified");
	/* A program reading the API gets JSON, whose message is the
	 * heading: the page's sentence speaks of the menu above it. */
	if (api_request(rq)) {
		buf_reset(&rs->body);
		api_json_error(&rs->body, status, said != NULL ? said :
		    heading);
		response_set_header(rs, "Content-Type", JSON);
		return;
	}
	model = layout_model_fallback(rq, heading);
	if (model != NULL) {
		json_object_set_new(model, "status", json_integer(status));
		model_set(model, "heading", heading);
		model_set(model, "message", message);
		if (status == 403 && rq->path != NULL &&
		    is_admin_path(rq->path))
			model_set(model, "signin_url", signin_url(rq));
		if (view_render(rs, rq->lang, "error", model, status) == status)
			return;
	}
	buf_reset(&rs->body);
	buf_printf(&rs->body, "%d %s\n", status, heading);
	response_set_header(rs, "Content-Type", "text/plain; charset=utf-8");
}

/* Answers with page (cached or just made): its type, the encoding the
 * client takes, and the validators of that encoding. The strings go to the
 * arena, as page is the caller's copy. */
static int
send_page(struct request *rq, struct response *rs,
    const struct cached_page *p)
{
	char *lm = arena_alloc(rq->arena, HTTPDATE_LEN);
	char *type = arena_strdup(rq->arena, p->type);
	char *etag = arena_strdup(rq->arena, p->etag);
	char *etag_gz = arena_strdup(rq->arena, p->etag_gz);

	if (lm == NULL || type == NULL || etag == NULL || etag_gz == NULL)
		return 500;
	httpdate_format(p->last_modified, lm);
	/* A page kept without its gzip copy still varies: the copy is made
	 * for the first client that takes it (page_cache.c). */
	if (response_share_encoded(rs, request_header(rq, "accept-encoding"),
	    p->body, etag, p->gz, etag_gz, p->gz != NULL ||
	    gzip_worth(p->type)) == -1 ||
	    response_set_header(rs, "Content-Type", type) == -1 ||
	    response_set_header(rs, "Last-Modified", lm) == -1)
		return 500;
	return 200;
}

/* Forgets a page already drawn into rs, so that the error page of a
 * failure after the render is drawn in its place (app_handle draws one
 * only over an empty body). */
static void
drop_page(struct response *rs)
{
	static const char *const drawn[] = {
		"Content-Type", "Content-Encoding", "ETag", "Last-Modified",
		"Vary",
	};
	size_t i;

	buf_reset(&rs->body);
	response_share(rs, NULL);
	rs->origin.cfg = NULL;
	for (i = 0; i < sizeof(drawn) / sizeof(drawn[0]); i++)
		response_unset_header(rs, drawn[i]);
}

/* What only a 200 or a 304 of a public page may say: an error (a 503
 * above all) is kept by no shared cache, and an answer that sets a cookie
 * is no one else's. */
static void
shared_cache_guard(struct response *rs, int status)
{
	const char *cc = response_get_header(rs, "Cache-Control");

	if (cc == NULL || strncmp(cc, "public", 6) != 0)
		return;
	if (response_get_header(rs, "Set-Cookie") != NULL)
		response_set_header(rs, "Cache-Control", "private, no-store");
	else if (status >= 400)
		response_set_header(rs, "Cache-Control", "no-cache");
}

/* A public page: from the cache while the scopes its route reads are
 * unchanged, else rendered and kept. */
static int
public_page(const struct route *r, struct request *rq, struct response *rs,
    const char *full_path)
{
	struct cached_page page;
	struct cache_deps deps;
	struct store_state state;
	const char *key = page_cache_key(rq, full_path, r->query);
	const char *type, *slug = route_arg(rq, 0);
	bool gzip = gzip_accepted(request_header(rq, "accept-encoding"));
	int64_t deep;
	int status;

	/* Browsers ask again every time; shared caches keep it ([cache]). */
	response_set_header(rs, "Cache-Control",
	    rq->cfg->public_cache_control);
	/* A page from the cache needs no connection (generation.c): one is
	 * taken only to read the generations or to render. */
	rq->db = NULL;
	if (!generation_recent(rq->cfg, r->scopes, slug, &deps) &&
	    ((rq->db = thread_store(rq, false)) == NULL ||
	    generation_read(rq->cfg, rq->db, r->scopes, slug, &deps) !=
	    STORE_OK))
		return 503;
	if (key != NULL && page_cache_get(rq->cfg->cache_part, key, &deps,
	    rq->now, gzip, &page) == 0) {
		rs->cache = "hit";
		goto send;
	}
	/* An item's bucket is its slug's as 013.sql computes it, which
	 * cache_scope_bucket() matches for valid slugs only; others are
	 * 404s, never kept. Checked after the lookup: a key is the whole
	 * path, so one that is found was kept with a valid slug, and the
	 * hit, the page read most, skips the check. */
	if ((r->scopes & (SCOPES_NEWS_ITEM | SCOPES_PAGE_ITEM)) &&
	    (slug == NULL || !slug_valid(slug)))
		key = NULL;
	rs->cache = key != NULL && rq->cfg->cache_entries > 0 ? "miss" : NULL;
	if (rq->db == NULL && (rq->db = thread_store(rq, false)) == NULL)
		return 503;
	/* The page and the state it is kept with, from one snapshot. */
	if (store_read_begin(rq->db) != STORE_OK)
		return 503;
	status = r->handler(rq, rs);
	/* Only a 200 made while the store answered is kept: an error page,
	 * a 503 above all, is made again for the next request. */
	if (status == 200 && !rs->body.failed &&
	    store_state(rq->db, rq->now, &state) != STORE_OK) {
		drop_page(rs);
		status = 503;
	}
	store_read_end(rq->db);
	if (status != 200 || rs->body.failed)
		return status;
	if ((type = response_get_header(rs, "Content-Type")) == NULL)
		type = r->type;
	/* The generations read before rendering: a change made meanwhile
	 * makes this page stale at once rather than cached for good. */
	if (page_cache_put(rq->cfg->cache_part, key, &deps,
	    state.next_publication, state.changed_at, type, gzip,
	    rs->body.data, rs->body.len, &page) == -1) {
		drop_page(rs);
		return 500;
	}
send:
	status = send_page(rq, rs, &page);
	/* nginx may keep it under a key no purge list names. */
	if ((status == 200 || status == 304) && *rq->cfg->purge_url != '\0' &&
	    purge_served_wanted(r->pattern, rq->query, &deep))
		purge_served_note(rq->cfg, rq->target, r->scopes, deep);
	if (status != 200)
		drop_page(rs);
	else if (rs->cache != NULL)
		rs->origin = (struct page_origin){ rq->cfg, r->scopes, slug,
		    key, rs->shared };
	page_cache_release(&page);
	return status;
}

/* A POST refused by the CSRF checks (why): audited, and its page says
 * which check failed and what to do. */
static int
csrf_refused(struct request *rq, struct response *rs, enum auth_csrf why)
{
	error_page(rq, rs, 403, auth_csrf_refused(rq, why, NULL));
	return 403;
}

/* An editor on an admin's page: audited (with the account and address),
 * then the 403 page. */
static int
role_refused(struct request *rq)
{
	log_info("role refused: %s %s for %s from %s", rq->method_name,
	    rq->path, rq->session->username, rq->client);
	/* Refused all the same: audit_add logs its own failure. */
	audit_add(rq, NULL, "role refused", arena_printf(rq->arena,
	    "%s %s: needs the admin role", rq->method_name, rq->path));
	return 403;
}

/* An editors' page: the session, the role and the CSRF token are checked
 * here, once, before the controller runs. */
static int
admin_page(const struct route *r, struct request *rq, struct response *rs,
    const char *full_path)
{
	struct purge_mark mark = { .set = false };
	const char *next;
	enum auth_csrf why;
	int status;

	if ((status = auth_session_load(rq)) != 0)
		return status;
	/* An editors' page, its messages and its error pages speak the
	 * editor's language. */
	if (rq->ui_lang != NULL)
		rq->lang = rq->ui_lang;
	if ((r->flags & ROUTE_SIGNED_IN) && rq->session == NULL) {
		if (rq->method == METHOD_POST)
			return 403;
		/* Back to this page after signing in. */
		next = *rq->query ? arena_printf(rq->arena, "%s?%s",
		    full_path, rq->query) : full_path;
		if (next == NULL || (next = url_signin(rq->arena,
		    next)) == NULL)
			return 500;
		response_set_header(rs, "Location", next);
		return 302;
	}
	if ((r->flags & ROUTE_ADMIN_ROLE) && !rq->session->is_admin)
		return role_refused(rq);
	if ((r->flags & ROUTE_CSRF) && (why = auth_csrf_why(rq)) !=
	    AUTH_CSRF_OK)
		return csrf_refused(rq, rs, why);
	/* A stream's token is inside the body, for its controller to check
	 * (auth_csrf_token_ok); where the request came from is checked here. */
	if ((r->flags & ROUTE_STREAM) && (why = auth_origin_why(rq)) !=
	    AUTH_CSRF_OK)
		return csrf_refused(rq, rs, why);
	if (rq->method == METHOD_POST)
		purge_mark(rq, &mark);
	status = r->handler(rq, rs);
	/* Every write to content is an editor's POST that succeeded,
	 * committed by now: tell the other threads and processes to look at
	 * the database again. A refused one (a failed sign-in, a form sent
	 * back) changed nothing. */
	if (rq->method == METHOD_POST && status < 400)
		changes_bump();
	/* And nginx's cache drops the pages it changed. */
	if (rq->method == METHOD_POST)
		purge_changed(rq, &mark, status);
	return status;
}

/* Whether route r is there: a tests-only one is not, unless configured. */
static bool
route_on(const struct route *r)
{
	return !(r->flags & ROUTE_TEST) || cfg->test_upload;
}

/* Whether rq may send stream route r its body: the checks admin_page
 * makes before the controller runs, made before the body is read. The
 * session read stays in rq for admin_page. */
static bool
may_stream(const struct route *r, struct request *rq)
{
	if (!auth_origin_ok(rq) || (rq->db = thread_store(rq, true)) == NULL ||
	    auth_session_load(rq) != 0 || rq->session == NULL)
		return false;
	return !(r->flags & ROUTE_ADMIN_ROLE) || rq->session->is_admin;
}

/* The largest body stream route r takes: a media upload's file of
 * [media] max_upload_mib with room for its form (the token, the words,
 * each part's headers), else REQUEST_UPLOAD_MAX; never past
 * REQUEST_STREAM_MAX. */
static size_t
stream_limit(const struct route *r)
{
	size_t limit = REQUEST_UPLOAD_MAX;

	if (r->flags & ROUTE_MEDIA)
		limit = (size_t)cfg->media_max_upload_mib * 1024 * 1024 +
		    REQUEST_FORM_ROOM;
	return limit < REQUEST_STREAM_MAX ? limit : REQUEST_STREAM_MAX;
}

/* The request's site, by its Host (NULL: no site names it), into
 * rq->cfg; its time zone becomes this thread's, before any date is shown
 * or read (lib/zone.h). */
static const struct config *
choose_site(struct request *rq)
{
	rq->cfg = site_for_host(request_header(rq, "host"));
	zone_use(rq->cfg != NULL ? rq->cfg->zone : NULL);
	return rq->cfg;
}

size_t
app_body_limit(struct request *rq, bool *stream)
{
	const char *path = rq->path, *lang = rq->lang;
	size_t i, limit = REQUEST_BODY_MAX;

	*stream = false;
	/* An unknown host's request gets its 421 from app_handle. */
	if (choose_site(rq) == NULL)
		return limit;
	strip_language(rq);
	for (i = 0; i < NROUTES; i++)
		if (route_on(&routes[i]) && (routes[i].methods & rq->method) &&
		    match(routes[i].pattern, rq->path, rq)) {
			*stream = (routes[i].flags & ROUTE_STREAM) != 0 &&
			    may_stream(&routes[i], rq);
			if (*stream)
				limit = stream_limit(&routes[i]);
			break;
		}
	/* app_handle does all this again, on the request as it came. */
	rq->path = path;
	rq->lang = lang;
	rq->nargs = 0;
	return limit;
}

static int
route(struct request *rq, struct response *rs, const char *full_path)
{
	char *allow, *p;
	unsigned allowed = 0;
	size_t i;

	for (i = 0; i < NROUTES; i++) {
		if (!route_on(&routes[i]) ||
		    !match(routes[i].pattern, rq->path, rq))
			continue;
		if ((routes[i].methods & rq->method) == 0) {
			allowed |= routes[i].methods;
			continue;
		}
		rq->route_ctx = routes[i].arg;
		if (routes[i].flags & ROUTE_STATIC)
			return routes[i].handler(rq, rs);
		/* The route's type, unless its controller sets another (a
		 * public page gets the type it was cached with). */
		if (routes[i].type != NULL && !(routes[i].flags & ROUTE_PUBLIC))
			response_set_header(rs, "Content-Type", routes[i].type);
		if (routes[i].flags & ROUTE_PUBLIC)
			return public_page(&routes[i], rq, rs, full_path);
		if ((rq->db = thread_store(rq, routes[i].flags &
		    ROUTE_ADMIN)) == NULL) {
			/* The editors' connection failed: the 503 page still
			 * shows the menu when it can be read. */
			rq->db = thread_store(rq, false);
			return 503;
		}
		if (routes[i].flags & ROUTE_PREVIEW)
			return routes[i].handler(rq, rs);
		return admin_page(&routes[i], rq, rs, full_path);
	}
	/* A miss under any path shows the site's own name and menu, as
	 * every page does. */
	if (allowed == 0) {
		rq->db = thread_store(rq, false);
		return 404;
	}
	if ((allow = arena_alloc(rq->arena, 64)) == NULL)
		return 500;
	p = allow;
	if (allowed & METHOD_GET)
		p = stpcpy(p, "GET, ");
	if (allowed & METHOD_HEAD)
		p = stpcpy(p, "HEAD, ");
	if (allowed & METHOD_POST)
		p = stpcpy(p, "POST, ");
	p[-2] = '\0';
	response_set_header(rs, "Allow", allow);
	return 405;
}

/* Whether path has a "." or ".." segment. */
static bool
dot_segment(const char *path)
{
	const char *p;

	for (p = strstr(path, "/."); p != NULL; p = strstr(p + 1, "/."))
		if (p[2] == '/' || p[2] == '\0' || (p[2] == '.' &&
		    (p[3] == '/' || p[3] == '\0')))
			return true;
	return false;
}

/* One URL a page: "/about/" -> 301 "/about", path being the whole path
 * ("/hu/news/" -> "/hu/news"), when slash; and "/about?" (a '?' with no
 * query) -> 301 "/about", the URL Waypoint links to, which a shared
 * cache keeps and purges (its key has the target as received). Paths
 * with "//" are not redirected (a Location of "//host" names another
 * site), nor static files' trailing slashes (no folder there is a page);
 * a dot segment is left to the routes, which find nothing. */
static int
canonical(struct request *rq, struct response *rs, const char *path,
    bool slash)
{
	size_t len = strlen(path);
	char *to;

	if (strstr(path, "//") != NULL || (slash &&
	    strncmp(rq->path, "/static/", 8) == 0))
		return 404;
	while (slash && len > 1 && path[len - 1] == '/')
		len--;
	/* The path was decoded: encode it again for the header. The query is
	 * still as received, and request_set_target let no control byte or
	 * space through. */
	if ((to = url_encode_n(rq->arena, path, len, true)) == NULL)
		return 500;
	if (*rq->query)
		to = arena_printf(rq->arena, "%s?%s", to, rq->query);
	if (to == NULL)
		return 500;
	response_set_header(rs, "Location", to);
	return 301;
}

/* 5 s: the store's busy timeout; most failures behind a 503 (a lock, a
 * full disk being cleared) pass within a few seconds. */
#define RETRY_AFTER	"5"

/* Every 503 tells the client when to try again. */
static void
retry_after(struct response *rs)
{
	if (rs->status == 503 &&
	    response_set_header(rs, "Retry-After", RETRY_AFTER) == -1)
		log_error("503 sent without Retry-After");
}

/* A page names its language (static files have none). */
static void
content_language(struct request *rq, struct response *rs)
{
	const char *type = response_get_header(rs, "Content-Type");

	if (type != NULL && strncmp(type, "text/html", 9) == 0)
		response_set_header(rs, "Content-Language", rq->lang);
}

/* 1 KiB: below it gzip saves less than the header it adds. */
#define ERROR_GZIP_MIN	1024

/* Compresses the page of an error answer (made for this request, never
 * cached, so not compressed by the page cache) when the client takes gzip:
 * a refused filter or a 404 must fit the first round trip as a page does.
 * Never an editor's or a preview's page, which hold a secret (a CSRF
 * token, a preview's address) beside text the request chose: compressed
 * together, their length would tell one from the other (BREACH). */
static void
gzip_error_page(struct request *rq, struct response *rs)
{
	const char *type = response_get_header(rs, "Content-Type");
	struct blob *gz;

	if (rs->status < 400 || rs->shared != NULL ||
	    rs->body.len < ERROR_GZIP_MIN || is_admin_path(rq->path) ||
	    preview_request(rq) || type == NULL || !gzip_worth(type) ||
	    response_get_header(rs, "Content-Encoding") != NULL)
		return;
	/* The answer depends on Accept-Encoding whichever way it goes. */
	if (response_set_header(rs, "Vary", "Accept-Encoding") == -1 ||
	    !gzip_accepted(request_header(rq, "accept-encoding")) ||
	    (gz = gzip_blob(rs->body.data, rs->body.len,
	    GZIP_ON_MISS)) == NULL)
		return;
	response_share(rs, gz);
	blob_unref(gz);
	response_set_header(rs, "Content-Encoding", "gzip");
}

/* 421 for a Host no site names, with no default_site: plain text, no
 * office's name or menu, and the headers every answer carries. */
static void
misdirected(struct request *rq, struct response *rs)
{
	rs->status = 421;
	rs->close = true;
	buf_reset(&rs->body);
	buf_printf(&rs->body, "421 Misdirected Request\nThis server has no "
	    "site for that host name.\n");
	response_set_header(rs, "Content-Type", "text/plain; charset=utf-8");
	response_set_header(rs, "Cache-Control", "no-store");
	response_security_headers(rs, rq->https, false);
}

void
app_handle(struct request *rq, struct response *rs)
{
	const char *full_path = rq->path;
	size_t len = strlen(rq->path);
	char logged[ACCESS_PATH_MAX + 1];
	bool slash;
	int status;

	rs->head = rq->method == METHOD_HEAD;
	/* The access log's steps=N are this request's alone. */
	store_work_reset();
	if (choose_site(rq) == NULL) {
		misdirected(rq, rs);
		return;
	}
	strip_language(rq);
	/* On the whole path: the language prefix stays in the redirect.
	 * Under /media/ there are files only: media_file_show refuses any
	 * other name. */
	slash = len > 1 && full_path[len - 1] == '/' &&
	    strncmp(rq->path, "/media/", 7) != 0;
	if ((rq->method & GET_HEAD) != 0 && (slash || (rq->empty_query &&
	    !dot_segment(full_path))))
		status = canonical(rq, rs, full_path, slash);
	else
		status = route(rq, rs, full_path);
	rs->status = status;
	if (status == 200)
		conditional_apply(rq, rs);
	else if (status >= 400 && rs->body.len == 0 && rs->shared == NULL)
		error_page(rq, rs, status, NULL);
	gzip_error_page(rq, rs);
	if (status >= 300 && status < 400 && status != 304)
		response_set_header(rs, "Cache-Control", "no-cache");
	shared_cache_guard(rs, status);
	retry_after(rs);
	content_language(rq, rs);
	api_headers(rq, rs);
	if (is_admin_path(rq->path))
		admin_headers(rs);
	if (rs->body.failed || rs->header_failed) {
		/* Out of memory while building the body, or a header refused
		 * (a full table, a control byte): a 500 rather than a page
		 * cut short or sent without it, whichever transport sends
		 * it. */
		/* The path as the access log shows it: a preview link's
		 * token opens a draft, and no log may hold one. */
		log_error("%s %s: response %s", rq->method_name,
		    access_log_path(rq, logged),
		    rs->body.failed ? "body cut short" : "header refused");
		response_free(rs);
		response_init(rs);
		app_error(rq, rs, 500);
		return;
	}
	response_security_headers(rs, rq->https, is_admin_path(rq->path));
	preview_headers(rq, rs);
}

/* The language of a request refused before its path was read (a bad
 * target, too many headers): its raw target's /<code>/ when that is one
 * of the site's, else the site's default. */
static const char *
refused_lang(const struct request *rq)
{
	const char *p, *lang;

	if (rq->cfg == NULL)
		return "en";
	if (rq->target != NULL && rq->target[0] == '/') {
		p = rq->target + 1;
		if ((lang = config_prefix_lang(rq->cfg, p, strcspn(p,
		    "/?"))) != NULL)
			return lang;
	}
	return rq->cfg->default_lang;
}

void
app_error(struct request *rq, struct response *rs, int status)
{
	/* Refused before app_handle chose its site: the Host's, else the
	 * deployment's, whose page shows no office's content. */
	if (rq->cfg == NULL && (rq->cfg = site_for_host(request_header(rq,
	    "host"))) == NULL)
		rq->cfg = cfg;
	zone_use(rq->cfg != NULL ? rq->cfg->zone : NULL);
	if (rq->lang == NULL || *rq->lang == '\0')
		rq->lang = refused_lang(rq);
	rq->db = NULL;
	rs->close = true;
	error_page(rq, rs, status, NULL);
	response_set_header(rs, "Cache-Control", "no-store");
	retry_after(rs);
	api_headers(rq, rs);
	response_security_headers(rs, rq->https, rq->path != NULL &&
	    is_admin_path(rq->path));
	if (rq->path != NULL && is_admin_path(rq->path))
		admin_headers(rs);
	preview_headers(rq, rs);
}

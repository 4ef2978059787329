/* app.c: the route table and the one path every request takes: language,
 * routing, the page cache, conditional requests, error pages and the
 * headers every response carries. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/blob.h"
#include "lib/changes.h"
#include "lib/httpdate.h"
#include "lib/log.h"
#include "lib/num.h"
#include "page_cache.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/assets.h"
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
					   REQUEST_STREAM_MAX (a spooled file,
					   request_body_read); no ROUTE_CSRF:
					   the token is inside that body */
	ROUTE_TEST	= 1 << 7,	/* tests only: there when [test]
					   upload_route is set */
};

struct route {
	const char	*pattern;	/* "*" one segment, "#" one segment that
					   is an id (lib/num.h), "**" the rest */
	unsigned	 methods;
	unsigned	 flags;
	int		(*handler)(struct request *, struct response *);
};

#define GET_HEAD	(METHOD_GET | METHOD_HEAD)
#define EDITOR		(ROUTE_ADMIN | ROUTE_SIGNED_IN)
#define EDITOR_POST	(EDITOR | ROUTE_CSRF)
#define ADMIN		(EDITOR | ROUTE_ADMIN_ROLE)
#define ADMIN_POST	(ADMIN | ROUTE_CSRF)

/* First match wins, so fixed paths come before captures. */
static const struct route routes[] = {
	{ "/",		GET_HEAD, ROUTE_PUBLIC,	home_show },
	{ "/static/**",	GET_HEAD, ROUTE_STATIC,	static_show },
	{ "/news",	GET_HEAD, ROUTE_PUBLIC,	news_index },
	{ "/news/*",	GET_HEAD, ROUTE_PUBLIC,	news_show },

	{ "/admin/login",  GET_HEAD,	ROUTE_ADMIN,	admin_login_form },
	{ "/admin/login",  METHOD_POST,	ROUTE_ADMIN,	admin_login },
	{ "/admin/logout", METHOD_POST,	EDITOR_POST,	admin_logout },
	{ "/admin",	   GET_HEAD,	EDITOR,		admin_dashboard },

	{ "/admin/news",	GET_HEAD,	EDITOR,	admin_news_index },
	{ "/admin/news",	METHOD_POST,	EDITOR_POST, admin_news_create },
	{ "/admin/news/new",	GET_HEAD,	EDITOR,	admin_news_new },
	{ "/admin/news/#",	METHOD_POST,	EDITOR_POST, admin_news_update },
	{ "/admin/news/#/edit",	GET_HEAD,	EDITOR,	admin_news_edit },
	{ "/admin/news/#/confirm", GET_HEAD,	EDITOR,	admin_news_confirm },
	{ "/admin/news/#/publish", METHOD_POST,	EDITOR_POST,
	    admin_news_publish },
	{ "/admin/news/#/unpublish", METHOD_POST, EDITOR_POST,
	    admin_news_unpublish },
	{ "/admin/news/#/delete", METHOD_POST,	EDITOR_POST, admin_news_delete },
	{ "/admin/news/#/history", GET_HEAD,	EDITOR,	admin_news_history },
	{ "/admin/news/#/revisions/#", GET_HEAD, EDITOR, admin_news_revision },
	{ "/admin/news/#/revisions/#/restore", METHOD_POST, EDITOR_POST,
	    admin_news_restore },

	{ "/admin/pages",	GET_HEAD,	EDITOR,	admin_pages_index },
	{ "/admin/pages",	METHOD_POST,	EDITOR_POST, admin_pages_create },
	{ "/admin/pages/new",	GET_HEAD,	EDITOR,	admin_pages_new },
	{ "/admin/pages/#",	METHOD_POST,	EDITOR_POST, admin_pages_update },
	{ "/admin/pages/#/edit", GET_HEAD,	EDITOR,	admin_pages_edit },
	{ "/admin/pages/#/confirm", GET_HEAD,	EDITOR,	admin_pages_confirm },
	{ "/admin/pages/#/publish", METHOD_POST, EDITOR_POST,
	    admin_pages_publish },
	{ "/admin/pages/#/unpublish", METHOD_POST, EDITOR_POST,
	    admin_pages_unpublish },
	{ "/admin/pages/#/delete", METHOD_POST,	EDITOR_POST,
	    admin_pages_delete },
	{ "/admin/pages/#/history", GET_HEAD,	EDITOR,	admin_pages_history },
	{ "/admin/pages/#/revisions/#", GET_HEAD, EDITOR,
	    admin_pages_revision },
	{ "/admin/pages/#/revisions/#/restore", METHOD_POST, EDITOR_POST,
	    admin_pages_restore },

	{ "/admin/menu",	GET_HEAD,	ADMIN,	admin_menu_index },
	{ "/admin/menu",	METHOD_POST,	ADMIN_POST, admin_menu_create },
	{ "/admin/menu/new",	GET_HEAD,	ADMIN,	admin_menu_new },
	{ "/admin/menu/#",	METHOD_POST,	ADMIN_POST, admin_menu_update },
	{ "/admin/menu/#/edit",	GET_HEAD,	ADMIN,	admin_menu_edit },
	{ "/admin/menu/#/delete", GET_HEAD,	ADMIN,	admin_menu_confirm },
	{ "/admin/menu/#/delete", METHOD_POST,	ADMIN_POST, admin_menu_delete },
	{ "/admin/menu/#/move",	METHOD_POST,	ADMIN_POST, admin_menu_move },

	{ "/admin/users",	GET_HEAD,	ADMIN,	admin_users_index },
	{ "/admin/users",	METHOD_POST,	ADMIN_POST, admin_users_create },
	{ "/admin/users/new",	GET_HEAD,	ADMIN,	admin_users_new },
	{ "/admin/users/#",	METHOD_POST,	ADMIN_POST, admin_users_update },
	{ "/admin/users/#/edit", GET_HEAD,	ADMIN,	admin_users_edit },
	{ "/admin/audit",	GET_HEAD,	ADMIN,	admin_audit_index },
	{ "/admin/test/upload",	METHOD_POST, ADMIN | ROUTE_STREAM | ROUTE_TEST,
	    test_upload },
	{ "/*",		GET_HEAD, ROUTE_PUBLIC,	page_show },
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

static const struct config *cfg;
/* Each thread opens its connections on first use and keeps them: one that
 * public pages read through (query_only), one for the editors. */
static pthread_key_t read_key, write_key;

static void
close_store(void *p)
{
	store_close(p);
}

static struct store *
thread_store(bool write)
{
	pthread_key_t key = write ? write_key : read_key;
	struct store *s = pthread_getspecific(key);
	enum store_status st;

	if (s != NULL)
		return s;
	s = store_open(cfg->database, write ? STORE_WRITE : STORE_READ, &st);
	if (s == NULL) {
		log_error("%s: %s", cfg->database, store_strerror(st));
		return NULL;
	}
	pthread_setspecific(key, s);
	return s;
}

int
app_init(const struct config *c)
{
	char err[512];

	cfg = c;
	if (pthread_key_create(&read_key, close_store) != 0 ||
	    pthread_key_create(&write_key, close_store) != 0 ||
	    auth_init() == -1)
		return -1;
	if (view_init(c->templates) == -1)
		return -1;
	if (assets_load(c->static_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "static files: %s\n", err);
		return -1;
	}
	if (page_cache_init((size_t)c->cache_entries) == -1 ||
	    changes_init() == -1)
		return -1;
	return 0;
}

int
app_reload(void)
{
	int ret = 0;

	if (log_open(cfg->log_file) == -1) {
		log_error("cannot reopen the log file %s", cfg->log_file);
		ret = -1;
	}
	if (view_reload(cfg->templates) == -1)
		ret = -1;
	page_cache_flush();
	if (ret == 0)
		log_info("reloaded the log file and the templates");
	return ret;
}

void
app_fini(void)
{
	store_close(pthread_getspecific(read_key));
	store_close(pthread_getspecific(write_key));
	pthread_setspecific(read_key, NULL);
	pthread_setspecific(write_key, NULL);
	page_cache_fini();
	changes_fini();
	assets_free();
	view_fini();
}

/* Matches path against pattern, capturing into rq->args (and rq->ids for
 * "#": a segment that is not an id does not match). */
static bool
match(const char *pattern, const char *path, struct request *rq)
{
	const char *p = pattern, *s = path, *end;

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
			if (end == s || rq->nargs == REQUEST_ARGS_MAX)
				return false;
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
 * other than the default; sets rq->lang. */
static void
strip_language(struct request *rq)
{
	const char *p = rq->path + 1, *slash = strchrnul(p, '/');
	const char *l = cfg->languages, *end;
	size_t len = (size_t)(slash - p);

	rq->lang = cfg->default_lang;
	/* The default language has no prefix: /en/news is not /news. */
	if (len == 0 || len > 8 || (len == strlen(cfg->default_lang) &&
	    strncmp(p, cfg->default_lang, len) == 0))
		return;
	/* Separated as the admin reads the list: spaces, tabs or commas. */
	for (; *l != '\0'; l = end) {
		l += strspn(l, " \t,");
		end = l + strcspn(l, " \t,");
		if ((size_t)(end - l) == len && strncmp(l, p, len) == 0) {
			rq->lang = arena_strndup(rq->arena, p, len);
			rq->path = *slash ? slash : "/";
			return;
		}
	}
}

/* Gives every response a Content-Type; true when it is HTML. */
static bool
is_html(struct response *rs)
{
	const char *type = response_get_header(rs, "Content-Type");

	if (type == NULL) {
		response_header(rs, "Content-Type",
		    "text/plain; charset=utf-8");
		return false;
	}
	return strncmp(type, "text/html", 9) == 0;
}

/* The headers of SECURITY.md. Appended, not set: nothing before this
 * sets them, and every response pays for a lookup otherwise. */
static void
security_headers(struct request *rq, struct response *rs, bool html)
{
	response_header(rs, "X-Content-Type-Options", "nosniff");
	response_header(rs, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	response_header(rs, "Cross-Origin-Opener-Policy", "same-origin");
	response_header(rs, "Cross-Origin-Resource-Policy", "same-origin");
	response_header(rs, "Permissions-Policy", "camera=(), "
	    "microphone=(), geolocation=(), payment=(), usb=()");
	if (rq->https)
		response_header(rs, "Strict-Transport-Security",
		    "max-age=63072000; includeSubDomains");
	if (html) {
		response_header(rs, "Content-Security-Policy",
		    "default-src 'self'; script-src 'self'; style-src 'self'; "
		    "img-src 'self' data:; font-src 'self'; object-src 'none'; "
		    "base-uri 'none'; form-action 'self'; "
		    "frame-ancestors 'none'");
		response_header(rs, "X-Frame-Options", "DENY");
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
	{ 400, "Bad request", "The address or the data sent could not be "
	    "understood. Please check the link." },
	{ 403, "Forbidden", "You do not have access to this page, or your "
	    "session has ended. Sign in again at /admin/login; what you typed "
	    "is kept in this browser." },
	{ 404, "Page not found", "The page you are looking for does not exist "
	    "or has moved. The menu above and the home page may help you "
	    "find it." },
	{ 405, "Method not allowed", "This address cannot be used that way." },
	{ 409, "Changed meanwhile", "Someone saved this item after you "
	    "opened it. Your text is kept below." },
	{ 413, "Request too large", "What was sent is larger than this site "
	    "accepts." },
	{ 414, "Address too long", "The address is longer than this site "
	    "accepts." },
	{ 429, "Too many attempts", "Too many attempts to sign in. Please "
	    "wait a few minutes and try again." },
	{ 431, "Request headers too large", "The request carried more "
	    "headers than this site accepts." },
	{ 503, "Service unavailable", "The site is busy. Please try again in "
	    "a moment." },
};

static bool
is_admin_path(const char *path)
{
	return strncmp(path, "/admin", 6) == 0 &&
	    (path[6] == '/' || path[6] == '\0');
}

/* Sign-in, then back to the page the refused form was on: the Referer's
 * path when it is this site's, else the dashboard. */
static const char *
signin_url(struct request *rq)
{
	const char *ref = request_header(rq, "referer"), *path = "/admin";
	size_t base = strlen(cfg->base_url);

	if (ref != NULL && strncmp(ref, cfg->base_url, base) == 0 &&
	    ref[base] == '/' && ref[base + 1] != '/' && ref[base + 1] != '\\')
		path = ref + base;
	if ((path = url_encode(rq->arena, path)) == NULL)
		path = "%2Fadmin";
	return arena_printf(rq->arena, "/admin/login?next=%s", path);
}

/* The error page, in the layout when the database answers. */
static void
error_page(struct request *rq, struct response *rs, int status)
{
	const char *heading = "Something went wrong";
	const char *message = "The page could not be shown. The problem has "
	    "been logged; please try again later.";
	json_t *model;
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].status == status) {
			heading = errors[i].heading;
			message = errors[i].message;
		}
	rs->status = status;
	response_unset_header(rs, "ETag");
	response_unset_header(rs, "Last-Modified");
	model = layout_model_fallback(rq, heading);
	if (model != NULL) {
		json_object_set_new(model, "status", json_integer(status));
		model_set(model, "heading", heading);
		model_set(model, "message", message);
		if (status == 403 && rq->path != NULL &&
		    is_admin_path(rq->path))
			model_set(model, "signin_url", signin_url(rq));
		if (view_render(rs, "error", model, status) == status)
			return;
	}
	buf_reset(&rs->body);
	buf_printf(&rs->body, "%d %s\n", status, heading);
	response_set_header(rs, "Content-Type", "text/plain; charset=utf-8");
}

/* true when the comma-separated If-None-Match list names etag. */
static bool
etag_matches(const char *list, const char *etag)
{
	const char *p = list, *end;
	size_t len;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		end = strchrnul(p, ',');
		len = (size_t)(end - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == strlen(etag) && strncmp(p, etag, len) == 0)
			return true;
		p = end;
	}
	return false;
}

/* Turns a 200 into a 304 when the client's copy is current. */
static void
conditional(struct request *rq, struct response *rs)
{
	const char *inm = request_header(rq, "if-none-match");
	const char *ims = request_header(rq, "if-modified-since");
	const char *etag = response_get_header(rs, "ETag");
	const char *lm = response_get_header(rs, "Last-Modified");
	time_t since, modified;
	bool fresh = false;

	if (rs->status != 200)
		return;
	if (inm != NULL)
		fresh = etag != NULL && etag_matches(inm, etag);
	else if (ims != NULL && lm != NULL && httpdate_parse(ims, &since) == 0 &&
	    httpdate_parse(lm, &modified) == 0)
		fresh = modified <= since;
	/* The body stays: a transport states its length and sends none. */
	if (fresh)
		rs->status = 304;
}

/* The cache key of a public page: the path, and the one query field a
 * public page reads (?page=N, news.c), so a link with tracking fields
 * (?utm_source=, ?fbclid=) is served from the cache too; NULL when the
 * request is not worth caching. A public page that comes to read another
 * field must add it here. */
static const char *
cache_key(struct request *rq, const char *full_path)
{
	const char *page = request_query(rq, "page"), *d;

	if (page == NULL)
		return full_path;
	for (d = page; *d >= '0' && *d <= '9' && d - page < 7; d++)
		;
	if (*d != '\0' || d == page)
		return NULL;
	/* A decoded path may hold '?' (from %3F) but never a control byte,
	 * so "\n" keeps "/news%3Fpage=1" apart from "/news?page=1". */
	return arena_printf(rq->arena, "%s\npage=%s", full_path, page);
}

static void
set_validators(struct request *rq, struct response *rs,
    const struct cached_page *p)
{
	char *lm = arena_alloc(rq->arena, HTTPDATE_LEN);
	char *etag = arena_strdup(rq->arena, p->etag);

	if (lm != NULL) {
		httpdate_format(p->last_modified, lm);
		response_set_header(rs, "Last-Modified", lm);
	}
	if (etag != NULL)
		response_set_header(rs, "ETag", etag);
}

/* 1 s: how long a change made to the database by another program (the
 * sqlite3 shell, a second server on the same file) may take to show;
 * changes made through this server's processes show at once. */
#define GENERATION_RECHECK_MS	1000

/*
 * The content generation, without a database read on most requests.
 * Reading it costs a read transaction: two fcntl locks and an fstat, as
 * many system calls as the request itself. So each thread keeps the value
 * it last read, and reads again when a write went through any of this
 * server's processes (the shared counter, bumped after the write
 * committed) or a second has passed. The counter is read before the
 * database, so a write that commits in between is seen next time.
 */
static enum store_status
current_generation(struct request *rq, int64_t *generation)
{
	static _Thread_local struct {
		struct store	*db;
		uint64_t	 changes;
		int64_t		 generation;
		int64_t		 read_ms;
	} seen;
	struct timespec ts;
	enum store_status st;
	uint64_t changes = changes_read();
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (seen.db == rq->db && seen.changes == changes &&
	    ms - seen.read_ms < GENERATION_RECHECK_MS) {
		*generation = seen.generation;
		return STORE_OK;
	}
	if ((st = store_generation(rq->db, generation)) != STORE_OK) {
		seen.db = NULL;
		return st;
	}
	seen.db = rq->db;
	seen.changes = changes;
	seen.generation = *generation;
	seen.read_ms = ms;
	return STORE_OK;
}

/* A public page: from the cache while the content is unchanged, else
 * rendered and kept. */
static int
public_page(const struct route *r, struct request *rq, struct response *rs,
    const char *full_path)
{
	struct cached_page page;
	struct store_state state;
	const char *key = cache_key(rq, full_path);
	int64_t generation;
	int status;

	response_set_header(rs, "Cache-Control", "no-cache");
	if (current_generation(rq, &generation) != STORE_OK)
		return 503;
	if (key != NULL && page_cache_get(key, generation, rq->now, &page) == 0)
		goto send;
	status = r->handler(rq, rs);
	if (status != 200 || rs->body.failed)
		return status;
	if (store_state(rq->db, rq->now, &state) != STORE_OK)
		return 503;
	/* The generation read before rendering: a change made meanwhile
	 * makes this page stale at once rather than cached for good. */
	if (page_cache_put(key, generation, state.next_publication,
	    state.changed_at, rs->body.data, rs->body.len, &page) == -1)
		return 500;
send:
	response_share(rs, page.body);
	blob_unref(page.body);
	response_set_header(rs, "Content-Type", "text/html; charset=utf-8");
	set_validators(rq, rs, &page);
	return 200;
}

/* An editors' page: the session, the role and the CSRF token are checked
 * here, once, before the controller runs. */
static int
admin_page(const struct route *r, struct request *rq, struct response *rs,
    const char *full_path)
{
	const char *next;
	int status;

	if ((status = auth_session_load(rq)) != 0)
		return status;
	if ((r->flags & ROUTE_SIGNED_IN) && rq->session == NULL) {
		if (rq->method == METHOD_POST)
			return 403;
		/* Back to this page after signing in. */
		next = url_encode(rq->arena, *rq->query ? arena_printf(
		    rq->arena, "%s?%s", full_path, rq->query) : full_path);
		response_set_header(rs, "Location", arena_printf(rq->arena,
		    "/admin/login?next=%s", next != NULL ? next : "%2Fadmin"));
		return 302;
	}
	if ((r->flags & ROUTE_ADMIN_ROLE) && !rq->session->is_admin)
		return 403;
	if ((r->flags & ROUTE_CSRF) && !auth_csrf_ok(rq))
		return 403;
	status = r->handler(rq, rs);
	/* Every write to content is an editor's POST, committed by now: tell
	 * the other threads and processes to look at the database again. */
	if (rq->method == METHOD_POST)
		changes_bump();
	return status;
}

/* Whether route r is there: a tests-only one is not, unless configured. */
static bool
route_on(const struct route *r)
{
	return !(r->flags & ROUTE_TEST) || cfg->test_upload;
}

size_t
app_body_limit(struct request *rq, bool *stream)
{
	const char *path = rq->path, *lang = rq->lang;
	size_t i;

	*stream = false;
	strip_language(rq);
	for (i = 0; i < NROUTES; i++)
		if (route_on(&routes[i]) && (routes[i].methods & rq->method) &&
		    match(routes[i].pattern, rq->path, rq)) {
			*stream = (routes[i].flags & ROUTE_STREAM) != 0;
			break;
		}
	/* app_handle does all this again, on the request as it came. */
	rq->path = path;
	rq->lang = lang;
	rq->nargs = 0;
	return *stream ? REQUEST_STREAM_MAX : REQUEST_BODY_MAX;
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
		if (routes[i].flags & ROUTE_STATIC)
			return routes[i].handler(rq, rs);
		if ((rq->db = thread_store(routes[i].flags &
		    ROUTE_ADMIN)) == NULL)
			return 503;
		if (routes[i].flags & ROUTE_PUBLIC)
			return public_page(&routes[i], rq, rs, full_path);
		return admin_page(&routes[i], rq, rs, full_path);
	}
	if (allowed == 0)
		return 404;
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

/* "/about/" -> 301 "/about", path being the whole path ("/hu/news/" ->
 * "/hu/news"). Paths with "//" are not redirected (a Location of "//host"
 * names another site), nor static files (no folder there is a page). */
static int
trailing_slash(struct request *rq, struct response *rs, const char *path)
{
	size_t len = strlen(path);
	char *to;

	if (strstr(path, "//") != NULL ||
	    strncmp(rq->path, "/static/", 8) == 0)
		return 404;
	while (len > 1 && path[len - 1] == '/')
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

void
app_handle(struct request *rq, struct response *rs)
{
	const char *full_path = rq->path;
	size_t len = strlen(rq->path);
	int status;

	rq->cfg = cfg;
	rs->head = rq->method == METHOD_HEAD;
	strip_language(rq);
	/* On the whole path: the language prefix stays in the redirect. */
	if (len > 1 && full_path[len - 1] == '/' &&
	    (rq->method & GET_HEAD) != 0)
		status = trailing_slash(rq, rs, full_path);
	else
		status = route(rq, rs, full_path);
	rs->status = status;
	if (status == 200)
		conditional(rq, rs);
	else if (status >= 400 && rs->body.len == 0 && rs->shared == NULL)
		error_page(rq, rs, status);
	if (status >= 300 && status < 400 && status != 304)
		response_set_header(rs, "Cache-Control", "no-cache");
	if (rs->body.failed) {
		/* Out of memory while building the body: a 500 rather than
		 * a page cut short, whichever transport sends it. */
		log_error("%s %s: response body cut short", rq->method_name,
		    rq->path);
		response_free(rs);
		response_init(rs);
		app_error(rq, rs, 500);
		return;
	}
	retry_after(rs);
	if (is_admin_path(rq->path))
		admin_headers(rs);
	security_headers(rq, rs, is_html(rs));
}

void
app_error(struct request *rq, struct response *rs, int status)
{
	if (rq->lang == NULL || *rq->lang == '\0')
		rq->lang = cfg != NULL ? cfg->default_lang : "en";
	rq->db = NULL;
	rs->close = true;
	error_page(rq, rs, status);
	response_set_header(rs, "Cache-Control", "no-store");
	retry_after(rs);
	if (rq->path != NULL && is_admin_path(rq->path))
		admin_headers(rs);
	security_headers(rq, rs, is_html(rs));
}

/* urls.c: the site's URLs, built from percent-encoded parts. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "view/urls.h"

static bool
unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

char *
url_absolute(struct arena *a, const char *base_url, const char *path)
{
	/* config.c drops base_url's trailing slashes. */
	return path != NULL ? arena_printf(a, "%s%s", base_url, path) : NULL;
}

const char *
url_site_path(const char *base_url, const char *url)
{
	size_t len = strlen(base_url);

	if (url == NULL || strncmp(url, base_url, len) != 0 ||
	    url[len] != '/' || url[len + 1] == '/' || url[len + 1] == '\\')
		return NULL;
	return url + len;
}

char *
url_signin(struct arena *a, const char *next)
{
	const char *enc = url_encode(a, next);

	return enc != NULL ? arena_printf(a, "/admin/login?next=%s", enc) :
	    NULL;
}

char *
url_encode(struct arena *a, const char *s)
{
	return url_encode_n(a, s, strlen(s), false);
}

char *
url_encode_n(struct arena *a, const char *s, size_t len, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, j = 0;
	char *out;

	if ((out = arena_alloc(a, len * 3 + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c) || (keep_slash && c == '/'))
			out[j++] = (char)c;
		else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}

/* "/hu" for a non-default language, "" otherwise. */
static char *
prefix(struct arena *a, const char *lang)
{
	if (lang == NULL || *lang == '\0')
		return "";
	return arena_printf(a, "/%s", url_encode(a, lang));
}

char *
url_home(struct arena *a, const char *lang)
{
	const char *p = prefix(a, lang);

	/* "/hu", not "/hu/": that one only redirects here. */
	return *p == '\0' ? "/" : arena_strdup(a, p);
}

/* base, or base?page=N past the first page. */
static char *
paged(struct arena *a, const char *base, int64_t page)
{
	if (base == NULL || page <= 0)
		return arena_strdup(a, base);
	return arena_printf(a, "%s?page=%lld", base, (long long)page);
}

char *
url_news_list(struct arena *a, const char *lang, int64_t page)
{
	return paged(a, arena_printf(a, "%s/news", prefix(a, lang)), page);
}

char *
url_news(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/news/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_page(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/%s", prefix(a, lang), url_encode(a, slug));
}

char *
url_news_feed(struct arena *a, const char *lang)
{
	return arena_printf(a, "%s/news/feed", prefix(a, lang));
}

char *
url_search(struct arena *a, const char *lang)
{
	return arena_printf(a, "%s/search", prefix(a, lang));
}

/* url with name=value added to its query (value encoded); NULL when url
 * or value is NULL, or out of memory. */
static char *
with_param(struct arena *a, char *url, const char *name, const char *value)
{
	const char *enc;

	if (url == NULL || value == NULL ||
	    (enc = url_encode(a, value)) == NULL)
		return NULL;
	return arena_printf(a, "%s%c%s=%s", url,
	    strchr(url, '?') != NULL ? '&' : '?', name, enc);
}

/* url with ?page=N added after its other fields, left out for page 0. */
static char *
with_page(struct arena *a, char *url, int64_t page)
{
	if (page <= 0)
		return url;
	return with_param(a, url, "page", arena_printf(a, "%lld",
	    (long long)page));
}

/* url with the query of a search or a filtered list: q, type, year and
 * page. */
static char *
with_search(struct arena *a, char *url, const char *q, const char *type,
    int year, int64_t page)
{
	if (q != NULL && *q != '\0')
		url = with_param(a, url, "q", q);
	if (type != NULL && *type != '\0')
		url = with_param(a, url, "type", type);
	if (year != 0)
		url = with_param(a, url, "year", arena_printf(a, "%d", year));
	return with_page(a, url, page);
}

char *
url_search_results(struct arena *a, const char *lang, const char *q,
    const char *type, int year, int64_t page)
{
	return with_search(a, url_search(a, lang), q, type, year, page);
}

char *
url_api_search(struct arena *a, const char *lang, const char *q,
    const char *type, int year, int64_t page)
{
	return with_search(a, arena_printf(a, "%s/api/v1/search",
	    prefix(a, lang)), q, type, year, page);
}

const char *const url_news_reserved[] = { "feed", NULL };

/* base_url's host, lower-case, without port or IPv6 brackets, in the
 * arena; NULL when it has none or out of memory. */
static char *
url_host(struct arena *a, const char *base_url)
{
	const char *host = strstr(base_url, "://"), *end;
	char *h;
	size_t i;

	if (host == NULL)
		return NULL;
	host += 3;
	/* config.c admits http(s)://HOST[:PORT][/PATH], HOST maybe [IPv6]. */
	if (*host == '[') {
		host++;
		end = strchrnul(host, ']');
	} else
		end = host + strcspn(host, ":/");
	if (end == host || (h = arena_strndup(a, host,
	    (size_t)(end - host))) == NULL)
		return NULL;
	/* Host names are case-insensitive; an id is compared as a string. */
	for (i = 0; h[i] != '\0'; i++)
		h[i] = (char)tolower((unsigned char)h[i]);
	return h;
}

char *
url_news_tag(struct arena *a, const char *base_url, time_t created,
    int64_t id)
{
	char date[16], *h;
	struct tm tm;

	if (gmtime_r(&created, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 0 ||
	    (h = url_host(a, base_url)) == NULL)
		return NULL;
	return arena_printf(a, "tag:%s,%s:news/%lld", h, date, (long long)id);
}

char *
url_api_news_list(struct arena *a, const char *lang, int64_t page)
{
	return paged(a, arena_printf(a, "%s/api/v1/news", prefix(a, lang)),
	    page);
}

char *
url_api_news(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/api/v1/news/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_api_page(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/api/v1/pages/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_api_menu(struct arena *a, const char *lang)
{
	return arena_printf(a, "%s/api/v1/menu", prefix(a, lang));
}

char *
url_sitemap(struct arena *a)
{
	return arena_strdup(a, "/sitemap.xml");
}

char *
url_sitemap_file(struct arena *a, const char *part, int64_t n)
{
	return arena_printf(a, "/sitemap-%s-%lld.xml", part, (long long)n);
}

char *
url_admin_in(struct arena *a, const char *lang)
{
	return arena_printf(a, "%s/admin", prefix(a, lang));
}

/* Admin: releases and pages. */

char *
url_admin_dashboard(struct arena *a, int64_t page)
{
	return paged(a, "/admin", page);
}

char *
url_admin_items(struct arena *a, const char *section, int64_t page)
{
	return paged(a, arena_printf(a, "/admin/%s", section), page);
}

char *
url_admin_item(struct arena *a, const char *section, int64_t id,
    const char *action)
{
	if (action == NULL || *action == '\0')
		return arena_printf(a, "/admin/%s/%lld", section,
		    (long long)id);
	return arena_printf(a, "/admin/%s/%lld/%s", section, (long long)id,
	    action);
}

char *
url_admin_confirm(struct arena *a, const char *section, int64_t id,
    const char *action)
{
	return arena_printf(a, "/admin/%s/%lld/confirm?action=%s", section,
	    (long long)id, action);
}

char *
url_admin_history(struct arena *a, const char *section, int64_t id,
    int64_t page)
{
	return paged(a, url_admin_item(a, section, id, "history"), page);
}

char *
url_admin_revision(struct arena *a, const char *section, int64_t id,
    int64_t rev, bool restore)
{
	return arena_printf(a, "/admin/%s/%lld/revisions/%lld%s", section,
	    (long long)id, (long long)rev, restore ? "/restore" : "");
}

char *
url_admin_audit(struct arena *a, int64_t page)
{
	return paged(a, "/admin/audit", page);
}

/* Admin: menu, accounts, sign-in. */

char *
url_admin_new(struct arena *a, const char *section)
{
	return arena_printf(a, "/admin/%s/new", section);
}

char *
url_admin_menu_new(struct arena *a, int64_t parent_id)
{
	if (parent_id <= 0)
		return url_admin_new(a, "menu");
	return arena_printf(a, "/admin/menu/new?parent_id=%lld",
	    (long long)parent_id);
}

char *
url_admin_settings(struct arena *a, const char *lang)
{
	if (lang == NULL || *lang == '\0')
		return arena_strdup(a, "/admin/settings");
	return arena_printf(a, "/admin/settings?lang=%s", url_encode(a, lang));
}

char *
url_admin_login(struct arena *a)
{
	return arena_strdup(a, "/admin/login");
}

char *
url_admin_login_device(struct arena *a, const char *ticket)
{
	return arena_printf(a, "/admin/login?device=%s", url_encode(a, ticket));
}

char *
url_admin_logout(struct arena *a)
{
	return arena_strdup(a, "/admin/logout");
}

char *
url_admin_translate(struct arena *a, const char *section, int64_t source_id,
    const char *lang)
{
	const char *l = url_encode(a, lang);

	if (l == NULL)
		return NULL;
	return arena_printf(a, "/admin/%s/new?source=%lld&lang=%s", section,
	    (long long)source_id, l);
}

char *
url_admin_filtered(struct arena *a, const char *section, const char *filter,
    const char *lang, int64_t page)
{
	const char *base = strcmp(section, "dashboard") == 0 ? "/admin" :
	    arena_printf(a, "/admin/%s", section);
	const char *l = url_encode(a, lang);

	if (base == NULL || l == NULL)
		return NULL;
	if (page <= 0)
		return arena_printf(a, "%s?%s=%s", base, filter, l);
	return arena_printf(a, "%s?%s=%s&page=%lld", base, filter, l,
	    (long long)page);
}

char *
url_admin_account(struct arena *a)
{
	return arena_strdup(a, "/admin/account");
}

char *
url_admin_device_forget(struct arena *a, int64_t id)
{
	return arena_printf(a, "/admin/account/devices/%lld/forget",
	    (long long)id);
}

char *
url_admin_login_code(struct arena *a, const char *next)
{
	const char *enc;

	if (next == NULL || *next == '\0')
		return arena_strdup(a, "/admin/login/code");
	enc = url_encode(a, next);
	return enc != NULL ? arena_printf(a, "/admin/login/code?next=%s",
	    enc) : NULL;
}

char *
url_admin_account_password(struct arena *a)
{
	return arena_strdup(a, "/admin/account/password");
}

char *
url_admin_account_totp(struct arena *a, const char *action)
{
	return action != NULL ? arena_printf(a, "/admin/account/totp/%s",
	    action) : arena_strdup(a, "/admin/account/totp");
}

char *
url_events_list(struct arena *a, const char *lang, int64_t page)
{
	return paged(a, arena_printf(a, "%s/events", prefix(a, lang)), page);
}

char *
url_event(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/events/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_event_ics(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/events/%s.ics", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_api_events_list(struct arena *a, const char *lang, int64_t page)
{
	return paged(a, arena_printf(a, "%s/api/v1/events", prefix(a, lang)),
	    page);
}

char *
url_api_event(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/api/v1/events/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_event_uid(struct arena *a, const char *base_url, int64_t group_id)
{
	char *h = url_host(a, base_url);

	if (h == NULL)
		return NULL;
	return arena_printf(a, "event-%lld@%s", (long long)group_id, h);
}

/* url with a project list's query: status, donor and page. */
static char *
with_projects(struct arena *a, char *url, const char *status,
    const char *donor, int64_t page)
{
	if (status != NULL && *status != '\0')
		url = with_param(a, url, "status", status);
	if (donor != NULL && *donor != '\0')
		url = with_param(a, url, "donor", donor);
	return with_page(a, url, page);
}

char *
url_projects(struct arena *a, const char *lang, const char *status,
    const char *donor, int64_t page)
{
	return with_projects(a, arena_printf(a, "%s/projects",
	    prefix(a, lang)), status, donor, page);
}

char *
url_api_projects(struct arena *a, const char *lang, const char *status,
    const char *donor, int64_t page)
{
	return with_projects(a, arena_printf(a, "%s/api/v1/projects",
	    prefix(a, lang)), status, donor, page);
}

char *
url_api_project(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/api/v1/projects/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_resources(struct arena *a, const char *lang, const char *type, int year,
    int64_t page)
{
	return with_search(a, arena_printf(a, "%s/resources", prefix(a,
	    lang)), NULL, type, year, page);
}

char *
url_resource(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/resources/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_api_publications(struct arena *a, const char *lang, const char *type,
    int year, int64_t page)
{
	return with_search(a, arena_printf(a, "%s/api/v1/publications",
	    prefix(a, lang)), NULL, type, year, page);
}

char *
url_api_publication(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/api/v1/publications/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_kind_list(struct arena *a, const char *lang, const char *list)
{
	return arena_printf(a, "%s/%s", prefix(a, lang), list);
}

char *
url_news_first(struct arena *a, const char *lang)
{
	return url_news_list(a, lang, 0);
}

char *
url_projects_first(struct arena *a, const char *lang)
{
	return url_kind_list(a, lang, "projects");
}

char *
url_events_first(struct arena *a, const char *lang)
{
	return url_kind_list(a, lang, "events");
}

char *
url_resources_first(struct arena *a, const char *lang)
{
	return url_kind_list(a, lang, "resources");
}

char *
url_preview(struct arena *a, const char *token)
{
	return arena_printf(a, "/preview/%s", url_encode(a, token));
}

char *
url_admin_previews(struct arena *a)
{
	return arena_strdup(a, "/admin/previews");
}

char *
url_admin_preview_revoke(struct arena *a, int64_t id)
{
	return arena_printf(a, "/admin/previews/%lld/revoke", (long long)id);
}

char *
url_media_file(struct arena *a, const char *name)
{
	return arena_printf(a, "/media/%s", url_encode(a, name));
}

char *
url_media_document(struct arena *a, const char *hash, const char *filename)
{
	return arena_printf(a, "/media/%s/%s", url_encode(a, hash),
	    url_encode(a, filename));
}

bool
url_read_elsewhere(const char *path)
{
	return strncmp(path, "/api/", strlen("/api/")) == 0 ||
	    strcmp(path, "/news/feed") == 0;
}

/* The media library (issue 15, the library part). */

char *
url_admin_media(struct arena *a, const char *q, int kind, int64_t page)
{
	char *url = arena_strdup(a, "/admin/media");

	if (q != NULL && *q != '\0')
		url = with_param(a, url, "q", q);
	if (kind == 1 || kind == 2)
		url = with_param(a, url, "type", kind == 1 ? "image" :
		    "document");
	return with_page(a, url, page);
}

char *
url_admin_media_uploaded(struct arena *a, size_t n)
{
	return arena_printf(a, "/admin/media?uploaded=%zu", n);
}

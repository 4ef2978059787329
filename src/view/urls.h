/* urls.h: every href the site prints is made here, each part
 * percent-encoded. */
#ifndef WAYPOINT_URLS_H
#define WAYPOINT_URLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;

/* Path-relative URLs in the arena; lang is dropped when it is the default
 * language (NULL or ""). NULL when out of memory. */
char	*url_home(struct arena *, const char *lang);
char	*url_news_list(struct arena *, const char *lang, int64_t page);
char	*url_news(struct arena *, const char *lang, const char *slug);
char	*url_page(struct arena *, const char *lang, const char *slug);
/* /news/feed: the Atom feed of releases in lang. */
char	*url_news_feed(struct arena *, const char *lang);
/* /search: the search form's action (its query is the form's). */
char	*url_search(struct arena *, const char *lang);
/* /search?q=…&type=…&year=…&page=N: a page of search results, each value
 * encoded; q and type left out when NULL or "", year when 0, page when 0. */
char	*url_search_results(struct arena *, const char *lang, const char *q,
	    const char *type, int year, int64_t page);
/* /api/v1/search?q=…: the same results as the API answers them. */
char	*url_api_search(struct arena *, const char *lang, const char *q,
	    const char *type, int year, int64_t page);

/* The read-only JSON API (docs/api.md): /api/v1/news (?page=N past the
 * first page), /api/v1/news/<slug>, /api/v1/pages/<slug>, /api/v1/menu,
 * under lang's prefix as the pages are. In the arena; NULL when out of
 * memory. */
char	*url_api_news_list(struct arena *, const char *lang, int64_t page);
char	*url_api_news(struct arena *, const char *lang, const char *slug);
char	*url_api_page(struct arena *, const char *lang, const char *slug);
char	*url_api_menu(struct arena *, const char *lang);

/* /sitemap.xml: every public URL, for search engines (only ever at the
 * site's root). */
char	*url_sitemap(struct arena *);
/* /admin, or /hu/admin under lang's prefix: where the editors' pages are
 * reached, which robots.txt keeps out. */
char	*url_admin_in(struct arena *, const char *lang);

/* The absolute URL of path (a URL made by the functions above, starting
 * with '/'): base_url ([site] base_url, never the Host header) followed by
 * path, in the arena. For feeds, sitemaps, canonical links and mail. NULL
 * when path is NULL or out of memory. */
char	*url_absolute(struct arena *, const char *base_url, const char *path);

/* The path of url when it is an absolute URL of this site (base_url
 * followed by '/' and not by "//" or "/\"), pointing into url; NULL
 * otherwise (another site, NULL). */
const char *url_site_path(const char *base_url, const char *url);

/* The sign-in page, coming back to next (a same-site path and query,
 * encoded here) after signing in: "/admin/login?next=%2Fadmin%2Fnews".
 * NULL when out of memory. */
char	*url_signin(struct arena *, const char *next);

/* s[0..len] with every byte outside [A-Za-z0-9-._~] percent-encoded; with
 * keep_slash, '/' stays as it is (for a whole path). */
char	*url_encode_n(struct arena *, const char *s, size_t len,
	    bool keep_slash);

/* s with every byte outside [A-Za-z0-9-._~] percent-encoded. */
char	*url_encode(struct arena *, const char *s);

/*
 * Admin: releases and pages. Path-absolute URLs in the arena (NULL when
 * out of memory); section is the list's path segment, "news" or "pages",
 * a literal, as is action; page counts from 0 and 0 adds no ?page=.
 */
/* /admin, the dashboard. */
char	*url_admin_dashboard(struct arena *, int64_t page);
/* /admin/news: the list of a section. */
char	*url_admin_items(struct arena *, const char *section, int64_t page);
/* /admin/news/12 (action NULL or ""), /admin/news/12/edit, .../publish. */
char	*url_admin_item(struct arena *, const char *section, int64_t id,
	    const char *action);
/* /admin/news/12/confirm?action=publish (or unpublish, delete). */
char	*url_admin_confirm(struct arena *, const char *section, int64_t id,
	    const char *action);
/* /admin/news/12/history: its saved versions. */
char	*url_admin_history(struct arena *, const char *section, int64_t id,
	    int64_t page);
/* /admin/news/12/revisions/7, and with restore its .../restore. */
char	*url_admin_revision(struct arena *, const char *section, int64_t id,
	    int64_t rev, bool restore);
/* /admin/audit: the audit log. */
char	*url_admin_audit(struct arena *, int64_t page);

/* Admin: menu, accounts, sign-in (their lists and items: above, with
 * section "menu" or "users"). In the arena; NULL when out of memory. */
/* /admin/users/new: the form of a new item of section. */
char	*url_admin_new(struct arena *, const char *section);
/* /admin/menu/new, or /admin/menu/new?parent_id=12 to go under item 12. */
char	*url_admin_menu_new(struct arena *, int64_t parent_id);
/* /admin/settings, the site texts of the default language (lang NULL),
 * or /admin/settings?lang=hu those of another. */
char	*url_admin_settings(struct arena *, const char *lang);
/* /admin/login, the sign-in form. */
char	*url_admin_login(struct arena *);
/* /admin/login?device=TICKET, where signing out sends a browser to have
 * its device cookie back. */
char	*url_admin_login_device(struct arena *, const char *ticket);
/* /admin/logout, where signing out posts. */
char	*url_admin_logout(struct arena *);

/* Admin: translations and the editor's own account. */
/* /admin/news/new?source=12&lang=hu: the form of the translation of item
 * 12 of section into lang. */
char	*url_admin_translate(struct arena *, const char *section,
	    int64_t source_id, const char *lang);
/* /admin?missing=hu (filter "missing" or "outdated"; section "dashboard"
 * or a list's), and &page=N past the first page. */
char	*url_admin_filtered(struct arena *, const char *section,
	    const char *filter, const char *lang, int64_t page);
/* /admin/account: the signed-in editor's own settings. */
char	*url_admin_account(struct arena *);
/* /admin/account/devices/3/forget: where forgetting device 3 posts. */
char	*url_admin_device_forget(struct arena *, int64_t id);
/* /admin/login/code: the second step of signing in (a code), coming
 * back to next (a same-site path, encoded here; NULL or "": none). */
char	*url_admin_login_code(struct arena *, const char *next);
/* /admin/account/password: the signed-in editor's own password. */
char	*url_admin_account_password(struct arena *);
/* /admin/account/totp, and /admin/account/totp/ACTION when action is not
 * NULL ("confirm", "disable"): the editor's second factor. */
char	*url_admin_account_totp(struct arena *, const char *action);

/* Feeds (issue 13). */
/* The Atom id of release id, made at created (its row's creation time):
 * "tag:www.example.org,2024-12-18:news/12" (RFC 4151), the authority
 * being base_url's host, lower-case, without port or IPv6 brackets.
 * Neither a slug nor base_url's path is in it, so it survives their
 * change. In the arena; NULL when out of memory or base_url has no
 * host. */
char	*url_news_tag(struct arena *, const char *base_url, time_t created,
	    int64_t id);
/* The slugs url_news() cannot give a release, NULL-terminated: the paths
 * under /news that are something else ("feed", url_news_feed()'s). */
extern const char *const url_news_reserved[];

/* Events (issue 14, the events part). Path-relative URLs under lang's
 * prefix, in the arena; NULL when out of memory. */
/* /events, ?page=N past the first page. */
char	*url_events_list(struct arena *, const char *lang, int64_t page);
/* /events/<slug>, and its iCalendar file /events/<slug>.ics. */
char	*url_event(struct arena *, const char *lang, const char *slug);
char	*url_event_ics(struct arena *, const char *lang, const char *slug);
/* /api/v1/events (?page=N) and /api/v1/events/<slug>. */
char	*url_api_events_list(struct arena *, const char *lang, int64_t page);
char	*url_api_event(struct arena *, const char *lang, const char *slug);
/* The iCalendar UID of the events of translation group group_id:
 * "event-12@www.example.org", the host as url_news_tag() takes it, so
 * that a calendar updates the event it imported rather than adding it
 * again. NULL when base_url has no host or out of memory. */
char	*url_event_uid(struct arena *, const char *base_url,
	    int64_t group_id);

/* Projects (issue 14). /projects?status=…&donor=…&page=N, each value
 * encoded, status and donor left out when NULL or "", page when 0; its
 * answer /api/v1/projects?…; one project's answer /api/v1/projects/<slug>
 * (its page is url_page's). In the arena; NULL when out of memory. */
char	*url_projects(struct arena *, const char *lang, const char *status,
	    const char *donor, int64_t page);
char	*url_api_projects(struct arena *, const char *lang,
	    const char *status, const char *donor, int64_t page);
char	*url_api_project(struct arena *, const char *lang, const char *slug);

/* Publications (issue 14): /resources?type=…&year=…&page=N, the "Data
 * and Resources" list (type left out when NULL or "", year when 0, page
 * when 0), /resources/<slug>, and their answers /api/v1/publications and
 * /api/v1/publications/<slug>. In the arena; NULL when out of memory. */
char	*url_resources(struct arena *, const char *lang, const char *type,
	    int year, int64_t page);
char	*url_resource(struct arena *, const char *lang, const char *slug);
char	*url_api_publications(struct arena *, const char *lang,
	    const char *type, int year, int64_t page);
char	*url_api_publication(struct arena *, const char *lang,
	    const char *slug);
/* /projects, /events or /resources, the first page of the list named by
 * list ("projects", "events", "resources": a literal), unfiltered: what
 * the menu and the sitemap link to. */
char	*url_kind_list(struct arena *, const char *lang, const char *list);
/* The first page of each paged list in lang, as a function of the
 * language alone, for the tables of the sitemap and export-site: /news,
 * /projects, /events, /resources. */
char	*url_news_first(struct arena *, const char *lang);
char	*url_projects_first(struct arena *, const char *lang);
char	*url_events_first(struct arena *, const char *lang);
char	*url_resources_first(struct arena *, const char *lang);

/* Preview links (issue 14). */
/* /preview/<token>: a draft shared for review. */
char	*url_preview(struct arena *, const char *token);
/* /admin/previews: where an editor makes a preview link. */
char	*url_admin_previews(struct arena *);
/* /admin/previews/12/revoke: where revoking link 12 posts. */
char	*url_admin_preview_revoke(struct arena *, int64_t id);

/* Media in bodies and lead images (issue 15, rendering). */
/* /media/<name>: a file of the media folder, name being one
 * media_original_name() or media_variant_name() made. */
char	*url_media_file(struct arena *, const char *name);
/* /media/<hash>/<filename>: a document under its download name, which
 * nginx puts in Content-Disposition from the URL alone. */
char	*url_media_document(struct arena *, const char *hash,
	    const char *filename);
/* Whether the answer at path (language prefix stripped) is read away from
 * the site, so that its media URLs must be absolute: the JSON API and the
 * Atom feed. */
bool	url_read_elsewhere(const char *path);

/* The media library (issue 15, the library part). */
/* /admin/media, with ?q= (NULL or "": none), &type=image (kind 1) or
 * document (2), and &page=N past the first page. */
char	*url_admin_media(struct arena *, const char *q, int kind,
	    int64_t page);
/* /admin/media?uploaded=3: the library after an upload of 3 files. */
char	*url_admin_media_uploaded(struct arena *, size_t n);

/* Sitemap files (issue 16, the find part). */
/* /sitemap-<part>-<n>.xml: file n of part (a sitemap part's name: lower-
 * case letters) of the sitemap, which /sitemap.xml lists (at the site's
 * root only, where every URL it holds is below it). */
char	*url_sitemap_file(struct arena *, const char *part, int64_t n);

#endif

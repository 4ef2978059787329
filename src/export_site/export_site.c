/* export_site.c: `waypoint export-site DIR`: every public URL of the
 * site, found from the store (as the sitemap finds them) and rendered
 * through the app, written as files nginx's plain try_files serves. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "export_site/export_site.h"
#include "export_site/internal.h"
#include "export_site/render.h"
#include "export_site/tree.h"
#include "lib/arena.h"
#include "lib/slug.h"
#include "site.h"
#include "store/store.h"
#include "view/urls.h"

/* 200: groups read at a time, as the sitemap reads them. */
#define EXPORT_BATCH	200
/* A list has fewer pages than this; past it the export stops rather
 * than run on. */
#define EXPORT_PAGES_MAX	1000000

typedef char *(*item_url_fn)(struct arena *, const char *lang,
    const char *slug);

/* The kinds of item, each by its sitemap name and its page's URL; an
 * event has its iCalendar file too. */
static const struct {
	const char	*kind;
	item_url_fn	 url;
	item_url_fn	 file_url;	/* a second URL served as a file */
} kinds[] = {
	{ "news", url_news, NULL },
	{ "page", url_page, NULL },
	{ "project", url_page, NULL },
	{ "event", url_event, url_event_ics },
	{ "publication", url_resource, NULL },
};
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

/* The paged lists, each by its first page's URL in a language. */
static char *(*const lists[])(struct arena *, const char *) = {
	url_news_first, url_events_first, url_projects_first,
	url_resources_first,
};
#define NLISTS	(sizeof(lists) / sizeof(lists[0]))

/* The file a path is served from: "/" and "/news/x" as folders
 * (index.html, news/x/index.html), as_is for a file (sitemap.xml,
 * news/feed, an .ics). In arena a; NULL when out of memory. */
static char *
file_of(struct arena *a, const char *path, bool as_is)
{
	if (as_is)
		return arena_strdup(a, path + 1);
	if (strcmp(path, "/") == 0)
		return arena_strdup(a, "index.html");
	return arena_printf(a, "%s/index.html", path + 1);
}

int
export_page(struct exporter *ex, const char *target, const char *file,
    bool missing_ok)
{
	struct export_page p;

	if (file == NULL || target == NULL) {
		fprintf(stderr, "export-site: out of memory\n");
		return -1;
	}
	if (tree_has(&ex->tree, file))
		return 0;
	arena_reset(ex->page);
	if (export_render(ex->page, target, ex->now, &p) == -1)
		return -1;
	if (p.status == 404 && missing_ok)
		return 1;
	if (p.status != 200) {
		fprintf(stderr, "%s: answered %d, not 200: nothing exported\n",
		    target, p.status);
		return -1;
	}
	return tree_put(&ex->tree, file, p.body, p.len);
}

/* The link language of site language i: NULL for the default. */
static const char *
link_lang(const struct exporter *ex, size_t i)
{
	const struct config *cfg = ex->cfg;

	return strcmp(cfg->langs[i], cfg->default_lang) == 0 ? NULL :
	    cfg->langs[i];
}

/* The home page, each list's pages and the feed, in each language. */
static int
export_fixed(struct exporter *ex)
{
	struct arena *a = ex->urls;
	const char *lang, *first;
	size_t i, k;
	int64_t n;
	int ret;

	for (i = 0; i < ex->cfg->nlangs; i++) {
		arena_reset(a);
		lang = link_lang(ex, i);
		if (export_page(ex, url_home(a, lang), file_of(a,
		    url_home(a, lang), false), false) == -1 ||
		    export_page(ex, url_news_feed(a, lang), file_of(a,
		    url_news_feed(a, lang), true), false) == -1)
			return -1;
		for (k = 0; k < NLISTS; k++) {
			if ((first = lists[k](a, lang)) == NULL ||
			    export_page(ex, first, file_of(a, first, false),
			    false) == -1)
				return -1;
			/* ?page=N, from 0 (the same list as without it) to
			 * the last, which the list's 404 past it tells. */
			for (n = 0, ret = 0; ret == 0 && n < EXPORT_PAGES_MAX;
			    n++)
				ret = export_page(ex, arena_printf(a,
				    "%s?page=%" PRId64, first, n),
				    arena_printf(a, "%s/page/%" PRId64
				    "/index.html", first + 1, n), n > 0);
			if (ret == -1)
				return -1;
		}
	}
	return 0;
}

/* Item slug of a kind in link language lang: its page, and its file
 * when the kind has one. */
static int
export_item(struct exporter *ex, size_t k, const char *lang,
    const char *slug)
{
	struct arena *a = ex->urls;
	const char *u;

	/* A slug no URL can reach (an import's) is no page: the site
	 * answers it 404 too. */
	if (!slug_valid(slug)) {
		fprintf(stderr, "export-site: %s \"%s\" left out: not a "
		    "valid slug\n", kinds[k].kind, slug);
		return 0;
	}
	u = kinds[k].url(a, lang, slug);
	if (export_page(ex, u, u != NULL ? file_of(a, u, false) : NULL,
	    false) == -1)
		return -1;
	if (kinds[k].file_url == NULL)
		return 0;
	u = kinds[k].file_url(a, lang, slug);
	return export_page(ex, u, u != NULL ? file_of(a, u, true) : NULL,
	    false);
}

/* One group's versions e[0..n) in every language of the site: a
 * language's own version, or, where it has none, each version under its
 * prefix, as the lists there link the one they show. */
static int
export_group(struct exporter *ex, size_t k, const struct sitemap_entry *e,
    size_t n)
{
	size_t i, j;

	for (i = 0; i < ex->cfg->nlangs; i++) {
		for (j = 0; j < n && strcmp(e[j].lang, ex->cfg->langs[i]) != 0;
		    j++)
			;
		if (j < n) {
			if (export_item(ex, k, link_lang(ex, i),
			    e[j].slug) == -1)
				return -1;
			continue;
		}
		for (j = 0; j < n; j++)
			if (export_item(ex, k, link_lang(ex, i),
			    e[j].slug) == -1)
				return -1;
	}
	return 0;
}

/* Every visible item of kind k, EXPORT_BATCH groups at a time. */
static int
export_kind(struct exporter *ex, size_t k)
{
	struct sitemap_entry *e;
	enum store_status st;
	struct arena *batch;
	int64_t after = -1;
	size_t n, i, j;
	int ret = 0;

	if ((batch = arena_new()) == NULL)
		return -1;
	do {
		arena_reset(batch);
		st = store_sitemap_page(ex->db, batch, kinds[k].kind, ex->now,
		    after, INT64_MAX, EXPORT_BATCH, &e, &n);
		if (st != STORE_OK) {
			fprintf(stderr, "%s: %s\n", ex->cfg->database,
			    store_strerror(st));
			ret = -1;
		}
		for (i = 0; ret == 0 && i < n; i = j) {
			for (j = i; j < n && e[j].group_id == e[i].group_id;
			    j++)
				;
			arena_reset(ex->urls);
			ret = export_group(ex, k, e + i, j - i);
			after = e[i].group_id;
		}
	} while (ret == 0 && n > 0);
	arena_free(batch);
	return ret;
}

/* Everything but the static and media files. */
static int
export_pages(struct exporter *ex)
{
	size_t k;

	if (export_fixed(ex) == -1)
		return -1;
	for (k = 0; k < NKINDS; k++)
		if (export_kind(ex, k) == -1)
			return -1;
	arena_reset(ex->urls);
	if (export_page(ex, "/robots.txt", "robots.txt", false) == -1)
		return -1;
	return export_sitemap(ex);
}

int
export_site(const struct config *cfg, const char *dir, bool verbose)
{
	struct exporter ex;
	enum store_status st;
	int ret = -1;

	memset(&ex, 0, sizeof(ex));
	ex.tree.old_fd = ex.tree.new_fd = ex.tree.lock_fd = -1;
	ex.cfg = cfg;
	ex.now = time(NULL);
	if (!cfg->base_url_set)
		fprintf(stderr, "export-site: [site] base_url is not set: "
		    "feeds and the sitemap name %s; set it to the address "
		    "the export is served at\n", cfg->base_url);
	/* The connection app_handle reads the pages through, in one read
	 * transaction: every page, list and the sitemap come from one
	 * snapshot, so that a release an editor unpublishes meanwhile is
	 * in all of them or in none. */
	if ((ex.db = site_store(cfg, false)) == NULL ||
	    (st = store_read_begin(ex.db)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", cfg->database, ex.db == NULL ?
		    "cannot be opened" : store_strerror(st));
		return -1;
	}
	if ((ex.urls = arena_new()) == NULL ||
	    (ex.page = arena_new()) == NULL)
		fprintf(stderr, "export-site: out of memory\n");
	else if (tree_open(&ex.tree, dir, verbose) == 0) {
		if (export_pages(&ex) == -1 || export_static(&ex) == -1 ||
		    export_media(&ex) == -1)
			tree_abort(&ex.tree);
		else if ((ret = tree_commit(&ex.tree)) == 0)
			tree_report(&ex.tree, dir);
	}
	if (ret == -1)
		fprintf(stderr, "export-site: %s left as it was\n", dir);
	tree_free(&ex.tree);
	arena_free(ex.page);
	arena_free(ex.urls);
	store_read_end(ex.db);
	return ret;
}

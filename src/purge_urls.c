/* purge_urls.c: which public paths a change can alter, from the cache
 * scopes it moved (as src/app.c's routes declare what they read), in
 * every language of the site. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/slug.h"
#include "purge.h"
#include "purge_served.h"
#include "request.h"
#include "store/content.h"
#include "store/purge_rows.h"
#include "view/urls.h"

/* The newest releases purged before the other items: their pages are
 * the ones readers ask (500: years of an office's releases). */
#define PURGE_NEWEST		500
/* Sitemap files /sitemap-<part>-<n>.xml purged whatever they hold, n from
 * 0; past them, those the index lists (purge_sitemap). */
#define PURGE_SITEMAP_FILES	4

#define SC(s)	(1u << (s))
#define ANY_CONTENT	(SC(SCOPE_NEWS) | SC(SCOPE_PAGES) | SC(SCOPE_PROJECT) | \
    SC(SCOPE_EVENT) | SC(SCOPE_PUBLICATION))

/* The lists, as src/app.c's routes declare their scopes (less the site's,
 * which purges all). A list with other query fields (a filter, a search)
 * is purged when Waypoint answered it lately (purge_served.h), else left
 * to s-maxage. */
static const struct {
	const char	*path;
	unsigned	 scopes;
	bool		 paged;
	bool		 root;		/* at the site's root only */
} lists[] = {
	{ "/", SC(SCOPE_NEWS), false, false },
	{ "/news", SC(SCOPE_NEWS), true, false },
	{ "/news/feed", SC(SCOPE_NEWS), false, false },
	{ "/search", ANY_CONTENT, false, false },
	{ "/events", SC(SCOPE_EVENT), true, false },
	{ "/resources", SC(SCOPE_PUBLICATION), true, false },
	{ "/projects", SC(SCOPE_PROJECT), true, false },
	{ "/api/v1/news", SC(SCOPE_NEWS), true, false },
	{ "/api/v1/menu", 0, false, false },
	{ "/api/v1/events", SC(SCOPE_EVENT), true, false },
	{ "/api/v1/projects", SC(SCOPE_PROJECT), false, false },
	{ "/api/v1/publications", SC(SCOPE_PUBLICATION), false, false },
	{ "/sitemap.xml", ANY_CONTENT, false, true },
	{ "/robots.txt", 0, false, true },
};

/* An item's pages, by the kind of its row (store/purge_rows.h). */
static const struct {
	const char	*kind;
	const char	*fmt[3];
} items[] = {
	{ "news", { "/news/%s", "/api/v1/news/%s", NULL } },
	{ "page", { "/%s", "/api/v1/pages/%s", NULL } },
	{ "project", { "/%s", "/api/v1/projects/%s", NULL } },
	{ "event", { "/events/%s", "/events/%s.ics", "/api/v1/events/%s" } },
	{ "publication", { "/resources/%s", "/api/v1/publications/%s",
	    NULL } },
};

/* The kinds the paged lists show, the scope their pages move with and
 * the rows a page shows. The releases come last: there are thousands of
 * them, and a few dozen of the others. */
static const struct {
	unsigned	 scope;
	const char	*kind;		/* NULL: the releases */
	int64_t		 per_page;
} paged_kinds[] = {
	{ SCOPE_EVENT, "event", EVENTS_PER_PAGE },
	{ SCOPE_PUBLICATION, "publication", PUBLICATIONS_PER_PAGE },
	{ SCOPE_PROJECT, "project", PROJECT_PER_PAGE },
	{ SCOPE_NEWS, NULL, NEWS_PER_PAGE },
};

static const char *const sitemap_parts[] = {
	"site", "news", "page", "project", "event", "publication",
};

bool
purge_paged_list(const char *route)
{
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (lists[i].paged && strcmp(lists[i].path, route) == 0)
			return true;
	return false;
}

void
purge_list_add(struct purge_list *l, const char *path)
{
	size_t len = strlen(path) + 1, cap;
	char *p;

	if (l->failed || l->full)
		return;
	if (l->n >= PURGE_CHANGE_MAX) {
		l->full = true;
		return;
	}
	if (l->len + len > l->cap) {
		cap = l->cap > 0 ? l->cap * 2 : 4096;
		while (cap < l->len + len)
			cap *= 2;
		if ((p = realloc(l->data, cap)) == NULL) {
			l->failed = true;
			return;
		}
		l->data = p;
		l->cap = cap;
	}
	memcpy(l->data + l->len, path, len);
	l->len += len;
	l->n++;
}

/* Adds path under every language prefix of cfg's site (the default has
 * none), or at the root only. */
static void
add_langs(struct purge_list *l, struct arena *a, const struct config *cfg,
    const char *path, bool root)
{
	size_t i;
	char *p;

	purge_list_add(l, path);
	for (i = 1; i < cfg->nlangs && !root; i++) {
		p = arena_printf(a, "/%s%s", cfg->langs[i],
		    strcmp(path, "/") == 0 ? "" : path);
		if (p == NULL)
			l->failed = true;
		else
			purge_list_add(l, p);
	}
}

/* The item kinds' scopes: a release or page by its slug's bucket, the
 * others by their kind. */
static bool
item_moved(const char *kind, const char *slug, const bool *moved)
{
	unsigned b = cache_scope_bucket(slug);

	if (moved[SCOPE_SITE])
		return true;
	if (strcmp(kind, "news") == 0)
		return moved[SCOPE_NEWS_BUCKET + b];
	if (strcmp(kind, "page") == 0)
		return moved[SCOPE_PAGE_BUCKET + b];
	if (strcmp(kind, "project") == 0)
		return moved[SCOPE_PROJECT] || moved[SCOPE_PAGE_BUCKET + b];
	if (strcmp(kind, "event") == 0)
		return moved[SCOPE_EVENT];
	return strcmp(kind, "publication") == 0 && moved[SCOPE_PUBLICATION];
}

/* The pages of an item of kind at slug, when its scope moved. */
static void
add_item(struct purge_list *l, struct request *rq, const char *kind,
    const char *slug, const bool *moved)
{
	size_t k, f;
	char *p;

	/* A slug is checked when saved; one that is not valid makes no
	 * URL here. */
	if (l->failed || l->full || !slug_valid(slug) ||
	    !item_moved(kind, slug, moved))
		return;
	for (k = 0; k < sizeof(items) / sizeof(items[0]); k++)
		if (strcmp(items[k].kind, kind) == 0)
			break;
	for (f = 0; k < sizeof(items) / sizeof(items[0]) && f < 3 &&
	    items[k].fmt[f] != NULL; f++) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		p = arena_printf(rq->arena, items[k].fmt[f], slug);
#pragma GCC diagnostic pop
		if (p == NULL)
			l->failed = true;
		else
			add_langs(l, rq->arena, rq->cfg, p, false);
	}
}

static int
row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct purge_row *)a)->slug,
	    ((const struct purge_row *)b)->slug);
}

/* Whether a bucket's scope from first on moved. */
static bool
bucket_moved(const bool *moved, size_t first)
{
	size_t b;

	for (b = 0; b < SCOPE_BUCKETS; b++)
		if (moved[first + b])
			return true;
	return false;
}

/* Whether the scope of some release moved. */
static bool
releases_moved(const bool *moved)
{
	return moved[SCOPE_SITE] || bucket_moved(moved, SCOPE_NEWS_BUCKET);
}

/* Whether the scope of a page or of an item of another kind moved (as
 * item_moved reads them). */
static bool
others_moved(const bool *moved)
{
	return moved[SCOPE_SITE] || moved[SCOPE_PROJECT] ||
	    moved[SCOPE_EVENT] || moved[SCOPE_PUBLICATION] ||
	    bucket_moved(moved, SCOPE_PAGE_BUCKET);
}

void
purge_item_first(struct request *rq, const struct content *c,
    const struct content *before)
{
	rq->changed_kind = arena_strdup(rq->arena,
	    store_content_kind_name(c->kind));
	rq->changed_slug = arena_strdup(rq->arena, c->slug);
	/* Its old address answers a redirect now, which nginx must ask
	 * for: no row has that slug any more to name it. */
	rq->changed_old_slug = before != NULL && before->slug != NULL &&
	    c->slug != NULL && strcmp(before->slug, c->slug) != 0 ?
	    arena_strdup(rq->arena, before->slug) : NULL;
	rq->changed_group = c->group_id;
	/* A date moved back: its old place is the newer one. */
	rq->changed_at = before != NULL &&
	    before->published_at > c->published_at ? before->published_at :
	    c->published_at;
	/* Published, taken down, made or deleted (no before), or due on
	 * the other side of now: every page of its lists shows another
	 * count (the API's total, a page's "of N"). */
	rq->changed_count = before == NULL || before->status != c->status ||
	    (before->published_at <= rq->now) != (c->published_at <= rq->now);
}

/* Whether kind at slug is the item rq's write changed, queued first. */
static bool
changed_item(const struct request *rq, const char *kind, const char *slug)
{
	return rq->changed_kind != NULL && rq->changed_slug != NULL &&
	    strcmp(rq->changed_kind, kind) == 0 &&
	    strcmp(rq->changed_slug, slug) == 0;
}

/* The items whose pages moved: the newest releases, then pages and the
 * other kinds, then the other releases, so that a change purged only up
 * to PURGE_CHANGE_MAX purges what readers likeliest ask, and those
 * first. A kind none of whose scopes moved is not read: a release's
 * publish reads no page's slug, a page's edit no release's. */
static void
add_items(struct purge_list *l, struct request *rq, const bool *moved)
{
	struct purge_row *rows, *newest = NULL, *others = NULL;
	size_t i, n, nn = 0, no = 0, limit = STORE_PURGE_ROWS_MAX;
	bool news = releases_moved(moved);

	if ((news && store_purge_newest(rq->db, rq->arena, PURGE_NEWEST,
	    &newest, &nn) != STORE_OK) || (others_moved(moved) &&
	    store_purge_others(rq->db, rq->arena, &others, &no) !=
	    STORE_OK)) {
		l->failed = true;
		return;
	}
	for (i = 0; i < nn; i++)
		if (!changed_item(rq, "news", newest[i].slug))
			add_item(l, rq, "news", newest[i].slug, moved);
	for (i = 0; i < no; i++)
		if (!changed_item(rq, others[i].kind, others[i].slug))
			add_item(l, rq, others[i].kind, others[i].slug, moved);
	if (l->failed || l->full || !news)
		return;
	/* With the site, every release moves and adds a URL at least: more
	 * slugs than the room left (and the newest, added already) would
	 * be read for nothing, 40 ms of them at 100,000 releases. */
	if (moved[SCOPE_SITE])
		limit = PURGE_CHANGE_MAX - l->n + nn;
	if (store_purge_releases(rq->db, rq->arena, limit, &rows, &n) !=
	    STORE_OK) {
		l->failed = true;
		return;
	}
	if (nn > 0)
		qsort(newest, nn, sizeof(*newest), row_cmp);
	for (i = 0; i < n; i++)
		if ((nn == 0 || bsearch(&rows[i], newest, nn, sizeof(*newest),
		    row_cmp) == NULL) && !changed_item(rq, "news", rows[i].slug))
			add_item(l, rq, "news", rows[i].slug, moved);
}

/* A purge list as the sitemap's files are added to it. */
struct sitemap_purge {
	struct purge_list	*l;
	struct request		*rq;
	int64_t			 changed;	/* changed_file's n, or -1 */
};

/* The number of the sitemap file that lists the changed item (past
 * those purged whatever they hold), or -1. */
static int64_t
changed_file(const struct request *rq)
{
	int64_t n;

	if (rq->changed_kind == NULL || rq->changed_group <= 0)
		return -1;
	n = sitemap_file_of(rq->cfg, rq->changed_kind, rq->changed_group);
	return n >= PURGE_SITEMAP_FILES ? n : -1;
}

/* Adds file n of part, past those added whatever they hold and the
 * changed item's. */
static int
purge_sitemap_file(void *ctx, const char *part, int64_t n)
{
	struct sitemap_purge *x = ctx;
	char *p;

	if (n < PURGE_SITEMAP_FILES || (n == x->changed &&
	    strcmp(part, x->rq->changed_kind) == 0))
		return 0;
	if ((p = url_sitemap_file(x->rq->arena, part, n)) == NULL)
		return 503;
	purge_list_add(x->l, p);
	return 0;
}

/* The sitemap's files: the first few of each part whatever they hold (an
 * unpublish may have emptied one nginx still holds), the changed item's
 * (which the index no longer lists once its unpublish emptied it), then
 * every later one the index lists, where a release of a group numbered
 * past the first files' range is (an import keeps its group ids). */
static void
purge_sitemap(struct purge_list *l, struct request *rq)
{
	struct sitemap_purge x = { l, rq, changed_file(rq) };
	size_t i, k;
	char *p;

	for (i = 0; i < sizeof(sitemap_parts) / sizeof(sitemap_parts[0]); i++)
		for (k = 0; k < PURGE_SITEMAP_FILES; k++) {
			p = url_sitemap_file(rq->arena, sitemap_parts[i],
			    (int64_t)k);
			if (p == NULL)
				l->failed = true;
			else
				purge_list_add(l, p);
		}
	if (x.changed >= 0) {
		if ((p = url_sitemap_file(rq->arena, rq->changed_kind,
		    x.changed)) == NULL)
			l->failed = true;
		else
			purge_list_add(l, p);
	}
	if (sitemap_files(rq, purge_sitemap_file, &x) != 0)
		l->failed = true;
}

static void
add_served_one(void *ctx, const char *target, int64_t page)
{
	/* A list's deep page comes with the others (add_deep_pages). */
	if (page < 0)
		purge_list_add(ctx, target);
}

/* The pages with a query (a filter, a search) that Waypoint answered
 * lately and that read a scope that moved: nginx may hold them, under
 * keys no list above names. */
static void
add_served(struct purge_list *l, struct request *rq, const bool *moved)
{
	unsigned mask = 0;
	size_t i;

	for (i = 0; i <= SCOPE_PUBLICATION; i++)
		if (moved[i])
			mask |= SC(i);
	purge_served_each(rq->cfg, mask, moved[SCOPE_SITE], add_served_one, l);
}

/* The lists and sitemap files whose scopes moved. */
static void
add_lists(struct purge_list *l, struct request *rq, const bool *moved)
{
	unsigned mask = 0;
	size_t i, k;
	char *p;

	for (i = 0; i <= SCOPE_PUBLICATION; i++)
		if (moved[i])
			mask |= SC(i);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (!moved[SCOPE_SITE] && !(lists[i].scopes & mask))
			continue;
		add_langs(l, rq->arena, rq->cfg, lists[i].path, lists[i].root);
		for (k = 0; lists[i].paged && k < PURGE_PAGES; k++) {
			p = arena_printf(rq->arena, "%s?page=%zu",
			    lists[i].path, k);
			if (p == NULL)
				l->failed = true;
			else
				add_langs(l, rq->arena, rq->cfg, p, false);
		}
	}
	if (moved[SCOPE_SITE] || (mask & ANY_CONTENT))
		purge_sitemap(l, rq);
}

/* The pages from first (past PURGE_PAGES) of the paged lists of scope, up
 * to page last, while the list has fewer than bound URLs. Returns the
 * last page it walked (first - 1: none). */
static int64_t
add_pages_past(struct purge_list *l, struct request *rq, unsigned scope,
    int64_t first, int64_t last, size_t bound)
{
	int64_t k;
	size_t i;
	char *p;

	for (k = first; k <= last && !l->failed && !l->full &&
	    l->n < bound; k++)
		for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
			if (!lists[i].paged || lists[i].scopes != SC(scope))
				continue;
			if ((p = arena_printf(rq->arena, "%s?page=%lld",
			    lists[i].path, (long long)k)) == NULL)
				l->failed = true;
			else
				add_langs(l, rq->arena, rq->cfg, p, false);
		}
	return k - 1;
}

/* The deep pages noted as answered (purge_served.h) from first on that
 * the walk left: those past the page it reached. */
struct deep_noted {
	struct purge_list	*l;
	int64_t			 first, reached;
};

static void
add_deep_noted(void *ctx, const char *target, int64_t page)
{
	struct deep_noted *d = ctx;

	if (page >= d->first && page > d->reached)
		purge_list_add(d->l, target);
}

/* The first page past PURGE_PAGES of the news lists that the changed
 * release moved: the one at its place (store_news_place), as those above
 * it hold the same releases, when the lists' count stayed; PURGE_PAGES
 * when it did not (each page shows it), or the place is not known (a
 * change to the whole site, another kind, a store error: all go). */
static int64_t
news_first_page(struct request *rq, const bool *moved)
{
	int64_t place, page;

	if (moved[SCOPE_SITE] || rq->changed_count ||
	    rq->changed_kind == NULL ||
	    strcmp(rq->changed_kind, "news") != 0 || rq->changed_group <= 0 ||
	    store_news_place(rq->db, rq->now, rq->changed_group,
	    rq->changed_at, &place) != STORE_OK)
		return PURGE_PAGES;
	page = place / NEWS_PER_PAGE;
	return page > PURGE_PAGES ? page : PURGE_PAGES;
}

/* The pages of the paged lists past PURGE_PAGES. An item published or
 * taken down moves every later one by a place, so each page from its own
 * to the last changes, and one page more than there are now (the one an
 * unpublish emptied), up to PURGE_DEEP_MAX URLs in all; past those, the
 * ones Waypoint answered lately, which nginx may hold. Last in the list,
 * after every item's URLs: readers ask for deep pages least. */
static void
add_deep_pages(struct purge_list *l, struct request *rq, const bool *moved)
{
	size_t bound = l->n + (rq->cfg->test_purge_deep > 0 ?
	    (size_t)rq->cfg->test_purge_deep : PURGE_DEEP_MAX), j;
	struct deep_noted d = { l, 0, 0 };
	enum store_status st;
	int64_t count;

	for (j = 0; j < sizeof(paged_kinds) / sizeof(paged_kinds[0]); j++) {
		if (l->failed || l->full)
			return;
		if (!moved[paged_kinds[j].scope] && !moved[SCOPE_SITE])
			continue;
		st = paged_kinds[j].kind == NULL ? store_news_count(rq->db,
		    rq->now, &count) : store_purge_kind_count(rq->db,
		    paged_kinds[j].kind, rq->now, &count);
		if (st != STORE_OK) {
			l->failed = true;
			return;
		}
		d.first = paged_kinds[j].kind == NULL ?
		    news_first_page(rq, moved) : PURGE_PAGES;
		d.reached = add_pages_past(l, rq, paged_kinds[j].scope,
		    d.first, count / paged_kinds[j].per_page + 1, bound);
		purge_served_each(rq->cfg, SC(paged_kinds[j].scope), false,
		    add_deep_noted, &d);
	}
}

void
purge_mark(struct request *rq, struct purge_mark *m)
{
	/* 013.sql has no row for some ids: those read as 0 each time. */
	memset(m->gens, 0, sizeof(m->gens));
	m->set = *rq->cfg->purge_url != '\0' && rq->db != NULL &&
	    store_cache_scopes(rq->db, m->gens, SCOPE_COUNT) == STORE_OK;
}

void
purge_changed(struct request *rq, const struct purge_mark *m, int status)
{
	int64_t now[SCOPE_COUNT] = { 0 };
	bool moved[SCOPE_COUNT] = { false }, any = false;
	struct purge_list l = { 0 };
	size_t i;

	if (!m->set || status >= 400 ||
	    store_cache_scopes(rq->db, now, SCOPE_COUNT) != STORE_OK)
		return;
	/* SCOPE_ANY moves with every change, and is no page's own. */
	for (i = 0; i < SCOPE_ANY; i++)
		any |= (moved[i] = now[i] != m->gens[i]);
	if (!any)
		return;
	/* The changed item's own pages first: its editor looks at them
	 * next, and an old release's come after thousands of its bucket's. */
	if (rq->changed_kind != NULL && rq->changed_slug != NULL)
		add_item(&l, rq, rq->changed_kind, rq->changed_slug, moved);
	if (rq->changed_kind != NULL && rq->changed_old_slug != NULL)
		add_item(&l, rq, rq->changed_kind, rq->changed_old_slug, moved);
	add_lists(&l, rq, moved);
	add_served(&l, rq, moved);
	add_items(&l, rq, moved);
	add_deep_pages(&l, rq, moved);
	if (l.failed) {
		log_error("purge: out of memory; nginx's copies last until "
		    "s-maxage");
		free(l.data);
		return;
	}
	if (l.full)
		log_info("purge: over %d pages; the first %zu (the lists, "
		    "newest releases and pages) are queued, the others left "
		    "to s-maxage", PURGE_CHANGE_MAX, l.n);
	purge_queue(rq->cfg, &l);
}

/* project.h: what the project pages (project.c) share with their JSON
 * API (api_project.c) and the route table: the list's query fields and
 * its view model. */
#ifndef WAYPOINT_CONTROLLERS_PROJECT_H
#define WAYPOINT_CONTROLLERS_PROJECT_H

#include <stdbool.h>

#include <jansson.h>

#include "controllers/pager.h"
#include "page_cache.h"
#include "store/store.h"

struct content;
struct request;
struct response;

/* A project's statuses, in the order the filter offers them: value as
 * stored, filtered on and answered by the API; label, the msgid shown. */
struct project_status {
	const char	*value;
	const char	*label;
};
#define PROJECT_NSTATUSES	3
extern const struct project_status project_statuses[PROJECT_NSTATUSES];

/* The index in project_statuses of the status named s, or -1. */
int	project_status_index(const char *s);

/* The site's date at the request's time, YYYY-MM-DD, in the arena: a
 * project's derived status turns with the day in the site's time zone
 * (TZ), not in UTC. */
const char *project_today(struct request *);

/* The query of /projects as read: the filter (status and donor NULL for
 * any; today the site's date) and the page. */
struct project_query {
	struct project_filter filter;
	struct pager	 pg;
};

/* The query fields /projects reads (status, donor, page), for its route's
 * cache key: each canonical as project_query_read() reads it, and a
 * malformed one no key at all. */
extern const struct query_field project_query_fields[];

/* Reads ?status=, ?donor= and ?page= of rq into *q and sets the filter
 * form's fields in model: status, statuses [{value, label, selected}],
 * donor, donors [{name, selected}]. Returns 0; 400 with "error" (why, in
 * words) set in model for a status not in the list or a donor name that
 * no donor can have (past 200 characters, a control character), or
 * without it for an unreadable page number; 503 when the
 * store fails or memory runs out. */
int	project_query_read(struct request *, struct project_query *q,
	    json_t *model);

/* The URL of page n of the list q filters, in lang (link_lang's): for
 * the HTML list (api false) or its answer. In the arena. */
char	*project_list_url(struct arena *, const char *lang,
	    const struct project_query *q, bool api, int64_t n);

/* Puts q's page of the list into model: items (each as
 * project_item_model gives it), has_items, total and the pager's fields
 * with the HTML list's links. Returns 0, or 404 past the last page, 503
 * when the store fails or memory runs out. */
int	project_list_model(struct request *, struct project_query *q,
	    json_t *model);

/* A project as lists show it: title, slug, lang (its own), url, summary,
 * code, coverage, start_iso, end_iso, duration, status, status_text,
 * donors (names), has_donors, budget (minor units, or null), currency,
 * budget_text, cofunding, contact, updated_iso, foreign when not in the
 * page's language. NULL when out of memory. */
json_t	*project_item_model(struct request *, const struct content *c);

/* Finds the project at the route's slug into *c and puts it into model:
 * title, and project (project_item_model with body_html). Returns 0, or
 * the status to answer: 301 to url(arena, link language, slug) of its
 * version in the reader's language, 404 when no visible project has the
 * slug (no redirect looked up: moved_or_missing() does that), 503. */
int	project_show_model(struct request *, struct response *,
	    char *(*url)(struct arena *, const char *lang, const char *slug),
	    struct content *c, json_t *model);

#endif

/* api.h: the JSON API's answers of an item and of a page of a list
 * (api.c), for the API handlers of each kind's own file. */
#ifndef WAYPOINT_CONTROLLERS_API_H
#define WAYPOINT_CONTROLLERS_API_H

#include <stdint.h>

#include <jansson.h>

#include "store/content.h"
#include "view/api_json.h"

struct arena;
struct pager;
struct request;
struct response;

/* The path of an item's page or answer in a language (lang as link_lang
 * gives it), as url_news and url_api_news make them. */
typedef char	*(*item_url_fn)(struct arena *, const char *lang,
		    const char *slug);

/* The path of page n of a list in a language; ctx is the list's own (a
 * query, for a search). */
typedef char	*(*list_url_fn)(struct arena *, const char *lang,
		    const void *ctx, int64_t n);

/* A list answer's shape: the model's key of its items and their table,
 * the answer of one item (NULL: the answer of its kind, a search's), the
 * list's pages and answers. */
struct api_list {
	const struct api_field *top;	/* the model's fields the answer
					   opens with (NULL: none) */
	const char	*items;
	const struct api_field *fields;
	item_url_fn	 item_api;
	list_url_fn	 html;
	list_url_fn	 api;
	const void	*ctx;
};

/* Answers item (a view model's release, page, event or project) picked
 * by fields and extra (NULL: none), with its answer's URL (api) and its
 * versions in the configured languages (store_translations of kind and
 * group_id, as html and api make their URLs). Returns the status: 200, or 404/503. */
int	api_item(struct request *, struct response *, const json_t *item,
	    const struct api_field *fields, const struct api_field *extra,
	    const char *kind, int64_t group_id, item_url_fn html,
	    item_url_fn api);

/* Sets item's (a view model's release, page, event or project, with
 * its "lang") lead image for api_item(): {url, width, height, alt} of
 * item (kind, id)'s lead image, its largest file as an absolute URL, or
 * null when it has none. Returns 0 or the status to answer with. */
int	api_lead_set(struct request *, json_t *item, enum content_kind kind,
	    int64_t id);

/* Answers page pg of a list whose view model is model, shaped by l: its
 * items, where it is among its pages (page, page_count, per_page, total
 * and the links to self, first, last, prev and next), its versions.
 * Returns the status: 200 or 503. */
int	api_list(struct request *, struct response *, const json_t *model,
	    const struct pager *pg, const struct api_list *l);

/* The answer to a query a view model refused: status, with the model's
 * "error" (why, in words) as the message when it has one, else the
 * status alone for app.c's error answer. Returns status, or 503. */
int	api_refused(struct response *, int status, const json_t *model);

#endif

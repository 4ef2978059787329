/* api_json.h: view models as the JSON API's answers (docs/api.md): their
 * content fields picked by a table, renamed, their site paths made
 * absolute, and the answer written. */
#ifndef WAYPOINT_API_JSON_H
#define WAYPOINT_API_JSON_H

#include <jansson.h>

struct arena;
struct buf;

enum api_kind {
	API_STRING,	/* a string, copied */
	API_URL,	/* a path of this site ("/news/x"), made absolute from
			   base_url; an absolute URL (an external menu link)
			   is kept as it is */
	API_LANG,	/* a language code; "" (the model's "the page's
			   language") is the answer's language */
	API_BOOL,
	API_INT,
	API_TREE,	/* an array of objects, each picked by the same table
			   (a menu's children) */
	API_PARTS,	/* an array of {text, mark} (a search snippet), copied */
};

/* One field of an answer: key model of the view model, answered as key
 * api. A table ends with a NULL model. */
struct api_field {
	const char	*model;
	const char	*api;
	enum api_kind	 kind;
};

/* What the answers' values are made with: the arena the strings go to,
 * [site] base_url (never the Host header) and the answer's language. */
struct api_ctx {
	struct arena	*arena;
	const char	*base_url;
	const char	*lang;
};

/* path made absolute: base_url followed by path when path starts with
 * one '/' (not "//", another host), else path itself. In the arena; NULL
 * when path is NULL or out of memory. */
const char *api_json_url(const struct api_ctx *, const char *path);

/* A new object holding fields of model, in the table's order; a field
 * model lacks (or holds a value of another type) is null. NULL when out
 * of memory. The caller owns the reference. */
json_t	*api_json_pick(const struct api_ctx *, const json_t *model,
	    const struct api_field *fields);

/* A new array of api_json_pick of each object of array (NULL or not an
 * array: empty). NULL when out of memory. The caller owns it. */
json_t	*api_json_pick_all(const struct api_ctx *, const json_t *array,
	    const struct api_field *fields);

/* Appends answer to b as compact UTF-8 JSON and a newline. Returns 0, or
 * -1 when out of memory (b is then marked failed). */
int	api_json_write(struct buf *b, const json_t *answer);

/* Appends the answer of an error to b: {"error": {"status": status,
 * "message": message}}. Returns 0 or -1 as api_json_write. */
int	api_json_error(struct buf *b, int status, const char *message);

#endif

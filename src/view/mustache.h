/* mustache.h: Mustache templates (spec v1.3 with inheritance, no lambdas),
 * compiled once and rendered over jansson values. */
#ifndef WAYPOINT_MUSTACHE_H
#define WAYPOINT_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "lib/buf.h"

/* 1 MiB: far above any page layout, small enough to compile at once. */
#define MUSTACHE_MAX_SIZE	(1024 * 1024)
/* 100: section, block and parent tags nested in one template. */
#define MUSTACHE_MAX_NEST	100
/* 64: partials, parents and block overrides expanded inside each other
 * while rendering; a self-including template stops there with an error. */
#define MUSTACHE_MAX_DEPTH	64
/* 255: the longest tag or template name. */
#define MUSTACHE_MAX_NAME	255

/* A set of named, compiled templates. Immutable once loaded, so any number
 * of threads may render from it at once. */
struct mustache_set;

/* A new, empty set, or NULL when out of memory. Free with
 * mustache_set_free(). */
struct mustache_set	*mustache_set_new(void);

/* Frees the set and every template in it. NULL is allowed. */
void	mustache_set_free(struct mustache_set *);

/* Compiles text[0..len] (at most MUSTACHE_MAX_SIZE bytes) as template name,
 * replacing a template of that name. Partials and parents are looked up by
 * name in the same set when rendering, so they may be added in any order; a
 * missing one renders as empty. The set keeps its own copy of everything.
 * Returns 0, or -1 with "NAME:LINE: message" written into err (errsize
 * bytes; err may be NULL) on a parse error or when out of memory. */
int	mustache_set_add(struct mustache_set *, const char *name,
	    const char *text, size_t len, char *err, size_t errsize);

/* Adds every regular file NAME.mustache of dir as template NAME. Symbolic
 * links, other non-regular entries, dot files and subfolders are skipped.
 * Returns 0, or -1 with "dir/NAME.mustache:LINE: message" (or an I/O error)
 * in err; templates added before the error stay in the set. */
int	mustache_set_load_dir(struct mustache_set *, const char *dir,
	    char *err, size_t errsize);

/* Whether the set holds a template called name. */
bool	mustache_set_has(const struct mustache_set *, const char *name);

/* Renders template name over data (any JSON value; NULL for none),
 * appending to out. {{x}} is escaped with escape_html(), {{{x}}} and {{&x}}
 * are not. Returns 0, or -1 when the template is missing, when partials,
 * parents or sections nest too deep (MUSTACHE_MAX_DEPTH), or when out failed;
 * out then holds a partial page. Reentrant: it changes neither the set nor
 * data. */
int	mustache_render(const struct mustache_set *, const char *name,
	    json_t *data, struct buf *out);

#endif

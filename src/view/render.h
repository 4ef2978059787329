/* render.h: the compiled templates of www/templates and rendering a view
 * model into a response. */
#ifndef WAYPOINT_RENDER_H
#define WAYPOINT_RENDER_H

#include <jansson.h>

struct buf;
struct config;
struct response;

/* Loads the catalogs (i18n_init) and compiles every template of
 * cfg->templates once for each of cfg's languages, with that language's
 * interface text in it (i18n_template). On a broken catalog or template,
 * prints its file and line to stderr and returns -1. Call once, before
 * serving; cfg must outlive the view. */
int	view_init(const struct config *cfg);
void	view_fini(void);

/* Loads the catalogs and compiles the templates again and, when all
 * load, replaces those in use (renders in flight finish with the old
 * ones). On a broken file logs it, keeps the templates in use and returns
 * -1. */
int	view_reload(void);

/* Renders template name in language lang (NULL or one not configured:
 * the default) over model into rs's body as HTML; returns status (the
 * status to answer with) or 500 when rendering failed. Does not take
 * model's reference. */
int	view_render(struct response *rs, const char *lang, const char *name,
	    json_t *model, int status);

/* Renders template name in language lang over model, appending to rs's
 * body and leaving its Content-Type (the route's): for an answer that is
 * not HTML (the sitemap, robots.txt), which may be rendered a part at a
 * time so that no model of the whole needs to be held. Returns 0, or -1
 * when rendering failed (rs's body then holds a partial answer). Does
 * not take model's reference. */
int	view_render_part(struct response *rs, const char *lang,
	    const char *name, json_t *model);

/* Renders template name in language lang over model, appending to out:
 * a partial whose HTML goes into another value (media_html.c's pictures
 * inside a body). Returns 0, or -1 when rendering failed. Does not take
 * model's reference. */
int	view_render_buf(struct buf *out, const char *lang, const char *name,
	    json_t *model);

#endif

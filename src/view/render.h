/* render.h: the compiled templates of www/templates and rendering a view
 * model into a response. */
#ifndef WAYPOINT_RENDER_H
#define WAYPOINT_RENDER_H

#include <jansson.h>

struct response;

/* Compiles every template of dir. On a broken template, prints its file and
 * line to stderr and returns -1. Call once, before serving. */
int	view_init(const char *dir);
void	view_fini(void);

/* Compiles dir again and, when every template parses, replaces the set in
 * use (renders in flight finish with the old one). On a broken template
 * logs it, keeps the old set and returns -1. */
int	view_reload(const char *dir);

/* Renders template name over model into rs's body as HTML; returns status
 * (the status to answer with) or 500 when rendering failed. Does not take
 * model's reference. */
int	view_render(struct response *rs, const char *name, json_t *model,
	    int status);

#endif

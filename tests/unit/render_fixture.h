/* render_fixture.h: Markdown rendered for store_render_missing() in unit
 * tests, as `waypoint db init` renders the seed's bodies. */
#ifndef WAYPOINT_RENDER_FIXTURE_H
#define WAYPOINT_RENDER_FIXTURE_H

#include <string.h>

#include "view/markdown.h"

/* md's HTML (heap), or NULL when it does not render; what is unused. */
static inline char *
fixture_render(const char *md, const char *what)
{
	char *html;

	(void)what;
	return markdown_render(md, strlen(md), &html) == MARKDOWN_OK ?
	    html : NULL;
}

#endif

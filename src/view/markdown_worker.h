/* markdown_worker.h: the child process that runs cmark-gfm for
 * view/markdown.c. Internal to the Markdown module. */
#ifndef WAYPOINT_MARKDOWN_WORKER_H
#define WAYPOINT_MARKDOWN_WORKER_H

#include <stddef.h>

#include "view/markdown.h"

/*
 * Renders md[0..len], already checked and pre-scanned, in the render
 * worker, starting the worker first when there is none. The deadline of
 * ms milliseconds counts from when this render has the worker, not from
 * the wait for another thread's render to finish. A worker that misses
 * the deadline, dies or answers out of turn is killed and reaped; the next
 * render starts a new one. On MARKDOWN_OK *html is a heap string.
 */
enum markdown_status	markdown_worker_render(const char *md, size_t len,
			    char **html, unsigned ms);

#endif

/* markdown.h: Markdown bodies to safe HTML with cmark-gfm, within limits. */
#ifndef WAYPOINT_MARKDOWN_H
#define WAYPOINT_MARKDOWN_H

#include <stddef.h>

/* 1 MiB: the body limit the admin form states. */
#define MARKDOWN_INPUT_MAX	(1024 * 1024)

/* 2 s of wall-clock time: a 1 MiB article renders in 0.1-0.25 s here and
 * the slowest inputs that are merely large in under 1 s, so only a
 * pathological text (one cmark-gfm 0.29 takes quadratic time on) or a
 * badly overloaded machine reaches it. */
#define MARKDOWN_DEADLINE_MS	2000

enum markdown_status {
	MARKDOWN_OK,
	MARKDOWN_TOO_LONG,
	MARKDOWN_TOO_DEEP,
	MARKDOWN_TABLE_TOO_LARGE,
	MARKDOWN_OUTPUT_TOO_LARGE,
	MARKDOWN_TOO_SLOW,
	MARKDOWN_INVALID_UTF8,
	MARKDOWN_FAILED
};

/*
 * Renders md[0..len] (CommonMark with GFM tables, strikethrough and
 * autolinks) to HTML. Raw HTML is omitted and javascript:, vbscript:, file:
 * and data: (non-image) link URLs are dropped. The work runs in a child
 * process, the render worker, that is killed after MARKDOWN_DEADLINE_MS,
 * so call this only when an editor saves or previews, never per public
 * request. Threads take turns with the worker. On MARKDOWN_OK *html is a
 * NUL-terminated heap string the caller frees; otherwise *html is NULL and
 * markdown_message() says what to fix.
 */
enum markdown_status	markdown_render(const char *md, size_t len,
			    char **html);

/* As markdown_render(), with a deadline of ms milliseconds instead of
 * MARKDOWN_DEADLINE_MS (tests use it to prove the deadline holds). */
enum markdown_status	markdown_render_deadline(const char *md, size_t len,
			    char **html, unsigned ms);

/* Whether the render worker's program (waypoint-render, beside this
 * binary) is there to start: 0, or -1 with its path into path[size] when
 * it cannot be run, so that a server says so before it listens rather
 * than at an editor's first save. */
int			markdown_check(char *path, size_t size);

/* Kills and reaps the render worker, if one runs; the next render starts
 * another. (A worker also ends by itself when this process exits.) */
void			markdown_stop(void);

/* One sentence for the editor about status: an msgid, to translate with
 * T(). */
const char		*markdown_message(enum markdown_status);

#endif

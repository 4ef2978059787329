/* main.c: waypoint-render, the render worker: runs cmark-gfm for a
 * waypoint process (src/view/markdown_worker.c), one render at a time,
 * bounded in memory and output.
 *
 * Why a program of its own rather than the waypoint binary started again:
 * that one maps every library waypoint links (ICU, SQLite, GnuTLS through
 * libmicrohttpd, ...) and runs their constructors, 9 MiB resident for a
 * process that needs libc and cmark-gfm, 1.6 MiB. It is still a new
 * program image, never a fork: nothing of the server's memory (its
 * secrets among it) is within reach of a flaw in cmark-gfm. */
#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "lib/file.h"
#include "render/protocol.h"
#include "view/markdown.h"

/* 128 MiB of live heap for one render: a 1 MiB article needs 15 MiB, and
 * a few short references used many times can ask for gigabytes. */
#define MEMORY_MAX	((size_t)128 * 1024 * 1024)

/* cmark-gfm's safe default: raw HTML omitted, dangerous URLs dropped. Never
 * add CMARK_OPT_UNSAFE. */
#define OPTIONS		CMARK_OPT_DEFAULT

/* tagfilter is defence in depth: it only acts on raw HTML, which the safe
 * default already omits. */
static const char *const extension_names[] = {
	"table", "strikethrough", "autolink", "tagfilter"
};
#define EXTENSION_COUNT \
	(sizeof(extension_names) / sizeof(extension_names[0]))

static cmark_syntax_extension *extensions[EXTENSION_COUNT];

/* Live heap bytes of the current render. */
static size_t render_live;

/* The extensions by name; false when cmark-gfm lacks one. */
static bool
extensions_setup(void)
{
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < EXTENSION_COUNT; i++) {
		extensions[i] = cmark_find_syntax_extension(extension_names[i]);
		if (extensions[i] == NULL) {
			fprintf(stderr, "waypoint-render: no cmark-gfm "
			    "extension %s\n", extension_names[i]);
			return false;
		}
	}
	return true;
}

/*
 * The allocator for cmark-gfm: it counts live bytes and ends the worker
 * when a render wants more than MEMORY_MAX, before the machine runs short.
 * (cmark-gfm aborts on a failed allocation anyway.)
 */
static void
render_count(void *p, size_t old)
{
	if (p == NULL)
		_exit(RENDER_FAILED);
	render_live = render_live > old ? render_live - old : 0;
	render_live += malloc_usable_size(p);
	if (render_live > MEMORY_MAX)
		_exit(RENDER_TOO_LARGE);
}

static void *
render_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	render_count(p, 0);
	return p;
}

static void *
render_realloc(void *p, size_t size)
{
	size_t old = p != NULL ? malloc_usable_size(p) : 0;

	p = realloc(p, size ? size : 1);
	render_count(p, old);
	return p;
}

static void
render_free(void *p)
{
	size_t old;

	if (p == NULL)
		return;
	old = malloc_usable_size(p);
	render_live = render_live > old ? render_live - old : 0;
	free(p);
}

static cmark_mem render_mem = { render_calloc, render_realloc, render_free };

/* Blocking read of a whole buffer: 1, or 0 at end of file before the
 * first byte, -1 otherwise. */
static int
read_full(int fd, void *p, size_t n)
{
	char *s = p;
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		if ((r = read(fd, s + got, n - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

static void
write_full(int fd, const void *p, size_t n)
{
	if (file_write_all(fd, p, n) == -1)
		_exit(RENDER_FAILED);
}

/* One render: the reply and the HTML go back on fd. */
static void
render(int fd, const char *md, size_t len)
{
	struct render_reply r = { RENDER_OK, 0 };
	cmark_parser *parser;
	cmark_node *doc;
	char *html;
	size_t i, n;

	render_live = 0;
	parser = cmark_parser_new_with_mem(OPTIONS, &render_mem);
	for (i = 0; i < EXTENSION_COUNT; i++)
		if (!cmark_parser_attach_syntax_extension(parser,
		    extensions[i]))
			_exit(RENDER_FAILED);
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	html = cmark_render_html_with_mem(doc, OPTIONS,
	    cmark_parser_get_syntax_extensions(parser), &render_mem);
	if ((n = strlen(html)) > RENDER_OUTPUT_MAX)
		r.status = RENDER_TOO_LARGE;
	else
		r.len = (uint32_t)n;
	write_full(fd, &r, sizeof(r));
	write_full(fd, html, r.len);
	render_free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

/*
 * The worker's life: render what the parent sends on RENDER_FD until it
 * closes its end. It dies with SIGPIPE if the parent has gone mid-answer,
 * and exits with _exit, leaving its memory to the kernel.
 */
int
main(void)
{
	struct stat st;
	uint32_t len;
	char *md = NULL, *grown;

	if (fstat(RENDER_FD, &st) == -1 || !S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "waypoint-render: waypoint starts this program "
		    "itself, with its socket as descriptor %d\n", RENDER_FD);
		return 2;
	}
	if (!extensions_setup())
		_exit(RENDER_FAILED);
	for (;;) {
		switch (read_full(RENDER_FD, &len, sizeof(len))) {
		case 0:
			_exit(RENDER_OK);
		case -1:
			_exit(RENDER_FAILED);
		}
		if (len > MARKDOWN_INPUT_MAX ||
		    (grown = realloc(md, len ? len : 1)) == NULL)
			_exit(RENDER_FAILED);
		md = grown;
		if (read_full(RENDER_FD, md, len) != 1)
			_exit(RENDER_FAILED);
		render(RENDER_FD, md, len);
	}
}

/* fuzz_markdown.c: libFuzzer target for Markdown rendering within its
 * limits (src/view/markdown.c): the UTF-8 check and the pre-scan run in
 * this process, cmark-gfm in the render worker (waypoint-render, built
 * beside the targets by fuzz.mk, src/view/markdown_worker.c). A worker that dies (a crash, a
 * sanitizer report) comes back as MARKDOWN_FAILED, which aborts here; so
 * does unsafe HTML in the output. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/markdown.h"

/* What must never reach a page from an editor's Markdown: raw HTML is
 * omitted and script URLs dropped. Matched on the lower-cased output. */
static const char *const forbidden[] = { "<script", "<iframe", "<object",
    "<embed", "<style", "<img src=\"javascript:", "href=\"javascript:",
    "href=\"vbscript:", "href=\"file:", "src=\"javascript:",
    "<a href=\"data:text" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum markdown_status st;
	char *html, *p;
	size_t i;

	st = markdown_render_deadline((const char *)data, size, &html, 2000);
	if (st == MARKDOWN_FAILED) {
		fprintf(stderr, "fuzz_markdown: MARKDOWN_FAILED (the render "
		    "child died?)\n");
		abort();
	}
	if (st != MARKDOWN_OK) {
		if (html != NULL || markdown_message(st) == NULL)
			abort();
		return 0;
	}
	if (html == NULL)
		abort();
	for (p = html; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	for (i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
		if (strstr(html, forbidden[i]) != NULL) {
			fprintf(stderr, "fuzz_markdown: %s in the output\n",
			    forbidden[i]);
			abort();
		}
	free(html);
	return 0;
}

/* search_marks.c: waypoint_marks(), where a search hit's matched words
 * are in one column, for its snippet (search_snippet.c). The window query
 * reads them beside the rank, so a snippet needs no query of its own. */
#include <stdio.h>

#include "store/search.h"

struct mark {
	int		 off, len;
};

/*
 * waypoint_marks(search_index, col, span): the phrase instances of the
 * row's match in column col that start before its first one's offset plus
 * span, as "offset+words" separated by spaces in offset order (words: the
 * phrase's length); NULL when none is in col.
 */
static void
marks(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *out,
    int argc, sqlite3_value **argv)
{
	struct mark m[SEARCH_MARKS_MAX], t;
	char buf[SEARCH_MARKS_MAX * 24];
	int ninst, i, j, p, c, off, col, span, first = -1, n = 0, len = 0;

	if (argc != 2) {
		sqlite3_result_error(out, "waypoint_marks: col, span", -1);
		return;
	}
	col = sqlite3_value_int(argv[0]);
	span = sqlite3_value_int(argv[1]);
	if (api->xInstCount(ctx, &ninst) != SQLITE_OK) {
		sqlite3_result_error_code(out, SQLITE_NOMEM);
		return;
	}
	for (i = 0; i < ninst; i++)
		if (api->xInst(ctx, i, &p, &c, &off) == SQLITE_OK &&
		    c == col && (first < 0 || off < first))
			first = off;
	if (first < 0) {
		sqlite3_result_null(out);
		return;
	}
	for (i = 0; i < ninst && n < SEARCH_MARKS_MAX; i++) {
		if (api->xInst(ctx, i, &p, &c, &off) != SQLITE_OK ||
		    c != col || off - first >= span)
			continue;
		/* Kept in offset order as they come. */
		t = (struct mark){ off, api->xPhraseSize(ctx, p) };
		for (j = n++; j > 0 && m[j - 1].off > t.off; j--)
			m[j] = m[j - 1];
		m[j] = t;
	}
	for (i = 0; i < n; i++)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%s%d+%d",
		    i > 0 ? " " : "", m[i].off, m[i].len);
	sqlite3_result_text(out, buf, len, SQLITE_TRANSIENT);
}

int
search_marks_create(fts5_api *api)
{
	return api->xCreateFunction(api, "waypoint_marks", NULL, marks, NULL);
}

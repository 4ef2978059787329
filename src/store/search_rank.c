/* search_rank.c: waypoint_rank(), the FTS5 rank of a search hit: bm25's
 * term-frequency part, column weights and length normalisation, without
 * its IDF, which costs a scan of every matching row. */
#include <stdlib.h>

#include "store/search.h"

/* bm25's usual constants. */
#define K1	1.2
#define B	0.75
/* 8: more columns than search_index has. */
#define COLS_MAX	8
/* 64: the phrases a query may have (16 terms, each one phrase). */
#define PHRASES_MAX	64

/* What is the same for every row of one query: each column's mean
 * length. */
struct totals {
	double		 avg[COLS_MAX];
};

static struct totals *
totals(const Fts5ExtensionApi *api, Fts5Context *ctx, int ncol)
{
	struct totals *t;
	sqlite3_int64 rows, size;
	int i;

	if ((t = api->xGetAuxdata(ctx, 0)) != NULL)
		return t;
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    api->xRowCount(ctx, &rows) != SQLITE_OK) {
		free(t);
		return NULL;
	}
	for (i = 0; i < ncol; i++) {
		if (api->xColumnTotalSize(ctx, i, &size) != SQLITE_OK)
			size = 0;
		t->avg[i] = rows > 0 && size > 0 ? (double)size / rows : 1.0;
	}
	if (api->xSetAuxdata(ctx, t, free) != SQLITE_OK)
		return NULL;
	return t;
}

/*
 * waypoint_rank(search_index, w0, w1 ...): minus the sum, over the
 * query's phrases and the columns, of w[col] * tf (K1 + 1) / (tf + K1 (1
 * - B + B len / avglen)); lower is better, as with bm25(). Without IDF
 * every phrase of a query weighs the same: a hit must hold every phrase
 * anyway (they are ANDed), so this changes only how much a repeated rare
 * word counts beside a repeated common one.
 */
static void
rank(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *out,
    int argc, sqlite3_value **argv)
{
	double tf[PHRASES_MAX][COLS_MAX] = { { 0 } };
	double w[COLS_MAX], score = 0;
	struct totals *t;
	int ncol, nphrase, ninst, i, p, c, off, len;

	ncol = api->xColumnCount(ctx);
	nphrase = api->xPhraseCount(ctx);
	if (ncol > COLS_MAX)
		ncol = COLS_MAX;
	if (nphrase > PHRASES_MAX)
		nphrase = PHRASES_MAX;
	for (i = 0; i < ncol; i++)
		w[i] = i < argc ? sqlite3_value_double(argv[i]) : 1.0;
	if ((t = totals(api, ctx, ncol)) == NULL ||
	    api->xInstCount(ctx, &ninst) != SQLITE_OK) {
		sqlite3_result_error_code(out, SQLITE_NOMEM);
		return;
	}
	for (i = 0; i < ninst; i++)
		if (api->xInst(ctx, i, &p, &c, &off) == SQLITE_OK &&
		    p < nphrase && c < ncol)
			tf[p][c] += 1;
	for (c = 0; c < ncol; c++) {
		if (w[c] == 0)
			continue;
		if (api->xColumnSize(ctx, c, &len) != SQLITE_OK)
			len = 0;
		for (p = 0; p < nphrase; p++)
			if (tf[p][c] > 0)
				score += w[c] * tf[p][c] * (K1 + 1) /
				    (tf[p][c] + K1 * (1 - B + B * len /
				    t->avg[c]));
	}
	sqlite3_result_double(out, -score);
}

int
search_rank_create(fts5_api *api)
{
	return api->xCreateFunction(api, "waypoint_rank", NULL, rank, NULL);
}

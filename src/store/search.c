/* search.c: the search query: a visitor's terms made into an FTS5 match
 * expression, ranked hits of what is visible, their count and snippets. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "store/db_internal.h"
#include "store/search.h"

/* 100: ten pages' worth, more than a results page shows. */
#define LIMIT_MAX	100

/* The window: the latest published ?2 (STORE_SEARCH_TOTAL_MAX + 1) rows
 * matching ?1 up to today (rowids below ?4, the first of tomorrow:
 * scheduled items are indexed but take no place among the matches a
 * reader could see), walked in rowid order, which is publication order
 * (search_rowid) and the index's own (FTS5 reads its doclists backwards
 * and stops at the limit), each with its rank: title
 * 10, summary 4, body 1, dateline 2, facets nothing; and where its words
 * are in the body and the summary, for a snippet of ?3 words. Both come
 * from the doclists FTS5 reads anyway: nothing else is read per match,
 * so that a word every release holds costs what a word of
 * STORE_SEARCH_TOTAL_MAX releases costs. */
#define SEARCH_WINDOW "SELECT rowid," \
	" waypoint_rank(search_index, 10.0, 4.0, 1.0, 2.0, 0.0)," \
	" waypoint_marks(search_index, 2, ?3)," \
	" waypoint_marks(search_index, 1, ?3)" \
	" FROM search_index WHERE search_index MATCH ?1 AND rowid < ?4" \
	" ORDER BY rowid DESC LIMIT ?2"

/* A match's row t when it is the version a reader sees: published, due
 * at ?2 (due(t)), and no better ranked version of its group visible, b
 * (from its table, as FROM names it) being the others: ?1 the reader's
 * language, ?3 the site's default, as news.c ranks. ?4 the row's id. The
 * kind comes from the rowid or, for an entry, its kind column. One
 * fragment for the three tables; the unary + (pb "+b") keeps SQLite from
 * walking a published_at index for the better version when the group's
 * index finds its few rows at once. */
#define SEARCH_RANK(t)	"(CASE " t ".lang WHEN ?1 THEN 0 WHEN ?3 THEN 1 " \
			"ELSE 2 END), " t ".id"
#define SEARCH_HIT(kind, from, b_from, pb, due) "SELECT " kind ", x.id," \
	" x.group_id, x.lang, x.slug, x.title, x.pub_date, x.updated_at" \
	" FROM " from " x WHERE x.id = ?4 AND x.status = 'published'" \
	" AND " due("x") " AND NOT EXISTS (SELECT 1 FROM " b_from \
	" WHERE b.group_id = x.group_id AND b.id <> x.id" \
	" AND " pb ".status = 'published' AND " due(pb) \
	" AND (" SEARCH_RANK("b") ") < (" SEARCH_RANK("x") "))"
#define DUE(t)		t ".published_at <= ?2"
#define PAGE_DUE(t)	"coalesce(" t ".published_at, 0) <= ?2"

/* By a rowid's kind part (SEARCH_ROWID_KIND): news 0, page 1, entries 2
 * to 7. */
static const char *const hit_sql[] = {
	SEARCH_HIT("'news'", "news", "news b", "+b", DUE),
	SEARCH_HIT("'page'", "pages", "pages b", "+b", PAGE_DUE),
	SEARCH_HIT("x.kind", "entries",
	    "entries b INDEXED BY entries_group", "b", DUE),
};

/* The columns a visitor's words are matched in: not the facets. */
#define TEXT_COLUMNS	"{title summary body dateline} : "

/* A match of the window: its rowid, rank (lower is better), and where
 * its words are in the body and the summary (waypoint_marks(); NULL:
 * nowhere in it). */
struct match {
	int64_t		 rid;
	double		 score;
	const char	*marks[2];
};

static const struct db_col hit_cols[] = {
	DB_COL(DB_TEXT, struct search_hit, kind),
	DB_COL(DB_INT64, struct search_hit, id),
	DB_COL(DB_INT64, struct search_hit, group_id),
	DB_COL(DB_TEXT, struct search_hit, lang),
	DB_COL(DB_TEXT, struct search_hit, slug),
	DB_COL(DB_TEXT, struct search_hit, title),
	DB_COL(DB_TEXT, struct search_hit, pub_date),
	DB_COL(DB_TIME, struct search_hit, updated_at),
};

/* Appends term t as one FTS5 string: the marker of the languages to stem
 * in, then its text with each '"' doubled, so that nothing a visitor
 * types is read as FTS5 syntax (NEAR, *, ^, column filters, AND ...). */
static void
add_term(struct buf *b, const char *langs, const char *text)
{
	const char *q;

	buf_addc(b, '"');
	buf_addc(b, SEARCH_MARK);
	buf_adds(b, langs);
	buf_addc(b, SEARCH_MARK);
	while ((q = strchr(text, '"')) != NULL) {
		buf_add(b, text, (size_t)(q - text));
		buf_adds(b, "\"\"");
		text = q + 1;
	}
	buf_adds(b, text);
	buf_addc(b, '"');
}

/* Whether term t takes part: it has a word. Punctuation alone ("!!!",
 * "-") would be a phrase of no word, which FTS5 matches nowhere: the rest
 * of the query would find nothing. */
static bool
has_words(struct store *s, const struct search_term *t)
{
	int n;

	return t->text != NULL && search_words(s->db, t->text, &n) ==
	    SQLITE_OK && n > 0;
}

/* The match expression of terms and filters into b: ({text columns} :
 * (a AND b ...)) NOT ({text columns} : (c)) ... AND facets : "knews" AND
 * facets : "y2024"; 0, or -1 when there is no positive term, kind is not
 * a kind's name, or b failed. A phrase is one string, whose words FTS5
 * matches in a row; a word is a string too, so that its punctuation
 * splits it as it splits the text. */
static int
match_expr(struct store *s, struct buf *b, const char *lang,
    const char *fallback, const struct search_term *terms, size_t nterms,
    const char *kind, int year)
{
	char langs[80];
	size_t i, npos = 0;

	snprintf(langs, sizeof(langs), "%s,%s", lang, fallback);
	buf_adds(b, "(" TEXT_COLUMNS "(");
	for (i = 0; i < nterms; i++) {
		if (terms[i].exclude || !has_words(s, &terms[i]))
			continue;
		if (npos++ > 0)
			buf_adds(b, " AND ");
		add_term(b, langs, terms[i].text);
	}
	buf_adds(b, "))");
	for (i = 0; i < nterms; i++) {
		if (!terms[i].exclude || !has_words(s, &terms[i]))
			continue;
		buf_adds(b, " NOT (" TEXT_COLUMNS "(");
		add_term(b, langs, terms[i].text);
		buf_adds(b, "))");
	}
	/* 16 lower-case letters: more than a kind's name has. */
	if (kind != NULL) {
		if (strlen(kind) == 0 || strlen(kind) > 16 ||
		    strspn(kind, "abcdefghijklmnopqrstuvwxyz") != strlen(kind))
			return -1;
		buf_printf(b, " AND facets : \"k%s\"", kind);
	}
	if (year != 0)
		buf_printf(b, " AND facets : \"y%04d\"", year);
	return npos == 0 || b->failed ? -1 : 0;
}

/* s without the language markers ("\x1Fhu\x1F") a snippet may hold, in
 * place. */
static void
strip_markers(char *s)
{
	char *w = s, *end;

	while (*s != '\0') {
		if (*s == SEARCH_MARK &&
		    (end = strchr(s + 1, SEARCH_MARK)) != NULL) {
			s = end + 1;
			continue;
		}
		*w++ = *s++;
	}
	*w = '\0';
}

/* The indexed text of a hit: the columns a snippet comes from. */
struct hit_text {
	const char	*summary, *body;
};

/* Whether an indexed value holds more than its language marker. */
static bool
has_text(const char *s)
{
	const char *end;

	if (*s == SEARCH_MARK && (end = strchr(s + 1, SEARCH_MARK)) != NULL)
		s = end + 1;
	return *s != '\0';
}

/* The snippet of hit h (match m): from the body where it matches, else
 * from the summary where it matches, else the summary's start when it
 * has one, else the body's. */
static enum store_status
snippet(struct store *s, struct arena *a, struct search_words *w,
    const struct match *m, struct search_hit *h)
{
	static const struct db_col cols[] = {
		DB_COL(DB_TEXT, struct hit_text, summary),
		DB_COL(DB_TEXT, struct hit_text, body),
	};
	struct buf b = BUF_INIT;
	struct hit_text t;
	enum store_status ret;
	const char *text, *marks;

	/* A rowid's row of search_index: a lookup, no query run. */
	ret = db_get(s, a, db_query(s, "SELECT summary, body"
	    " FROM search_index WHERE rowid = ?1", "i", m->rid), cols, 2, &t,
	    "store_search snippet");
	if (ret != STORE_OK)
		return ret;
	if (m->marks[0] != NULL || (m->marks[1] == NULL &&
	    !has_text(t.summary))) {
		text = t.body;
		marks = m->marks[0];
	} else {
		text = t.summary;
		marks = m->marks[1];
	}
	if (search_snippet(w, &b, text, marks) != SQLITE_OK ||
	    (h->snippet = arena_strndup(a, b.data, b.len)) == NULL) {
		buf_free(&b);
		return STORE_ERROR;
	}
	buf_free(&b);
	strip_markers((char *)h->snippet);
	return STORE_OK;
}

/* Best rank first; among equals the newer. */
static int
by_rank(const void *x, const void *y)
{
	const struct match *a = x, *b = y;

	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->rid > b->rid ? -1 : a->rid < b->rid;
}

/* Column col of st, waypoint_marks()'s, in arena a; NULL for NULL. */
static const char *
column_marks(struct arena *a, sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL :
	    db_text(a, st, col);
}

/* The window of match into *m (arena a), *n of them: at most
 * STORE_SEARCH_TOTAL_MAX + 1, the latest published up to today. */
static enum store_status
window(struct store *s, struct arena *a, const char *match, time_t now,
    struct match **m, size_t *n)
{
	sqlite3_stmt *st;
	enum store_status ret = STORE_OK;
	int rc = SQLITE_DONE;

	*n = 0;
	if ((*m = arena_alloc(a, sizeof(**m) *
	    (STORE_SEARCH_TOTAL_MAX + 1))) == NULL)
		return STORE_ERROR;
	if ((st = db_query(s, SEARCH_WINDOW, "tiii", match,
	    (int64_t)STORE_SEARCH_TOTAL_MAX + 1,
	    (int64_t)SEARCH_SNIPPET_WORDS,
	    search_rowid(CONTENT_NEWS, 0, (int64_t)now + 86400))) == NULL)
		return STORE_ERROR;
	while (*n < STORE_SEARCH_TOTAL_MAX + 1 &&
	    (rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*m)[*n].rid = sqlite3_column_int64(st, 0);
		(*m)[*n].score = sqlite3_column_double(st, 1);
		(*m)[*n].marks[0] = column_marks(a, st, 2);
		(*m)[*n].marks[1] = column_marks(a, st, 3);
		(*n)++;
	}
	if (*n < STORE_SEARCH_TOTAL_MAX + 1 && rc != SQLITE_DONE)
		ret = db_status(s, rc, "store_search window");
	db_done(st);
	return ret;
}

/* Match m into *h when a reader of lang sees it at now; STORE_NOTFOUND
 * when not (scheduled, or another version of its group shows). */
static enum store_status
visible(struct store *s, struct arena *a, const char *lang,
    const char *fallback, time_t now, const struct match *m,
    struct search_hit *h)
{
	int64_t k = SEARCH_ROWID_KIND(m->rid);

	return db_get(s, a, db_query(s, hit_sql[k < 2 ? k : 2], "titi",
	    lang, (int64_t)now, fallback, SEARCH_ROWID_ID(m->rid)), hit_cols,
	    sizeof(hit_cols) / sizeof(hit_cols[0]), h, "store_search hit");
}

enum store_status
store_search(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const struct search_term *terms, size_t nterms,
    const char *kind, int year, time_t now, int64_t offset, int limit,
    struct search_hit **hits, size_t *n, int64_t *total, int64_t *shown)
{
	struct buf match = BUF_INIT;
	struct search_hit h;
	struct search_words *w = NULL;
	struct match *m;
	const struct match **hm;
	enum store_status ret;
	size_t nm, i;
	int64_t seen = 0;
	bool full, on_page;

	*hits = NULL;
	*n = 0;
	*total = *shown = 0;
	if (limit <= 0 || limit > LIMIT_MAX || offset < 0) {
		log_error("store_search: limit %d, offset %lld", limit,
		    (long long)offset);
		return STORE_ERROR;
	}
	if (match_expr(s, &match, lang, fallback, terms, nterms, kind,
	    year) == -1) {
		ret = match.failed ? STORE_ERROR : STORE_OK;
		buf_free(&match);
		return ret;
	}
	if ((*hits = arena_alloc(a, sizeof(**hits) * (size_t)limit)) ==
	    NULL || (hm = arena_alloc(a, sizeof(*hm) * (size_t)limit)) ==
	    NULL || (ret = window(s, a, match.data, now, &m, &nm)) != STORE_OK) {
		buf_free(&match);
		return STORE_ERROR;
	}
	/* A full window (one past STORE_SEARCH_TOTAL_MAX: "more") ranks
	 * its newest STORE_SEARCH_TOTAL_MAX; their versions are looked at
	 * best first until the page is whole and one more is seen, so that
	 * a page links to a next one only when it has a hit: on a bilingual
	 * site the other language's versions of a group take places among
	 * them. Otherwise every match is looked at, to count what a reader
	 * sees. */
	full = nm > STORE_SEARCH_TOTAL_MAX;
	if (full)
		nm = STORE_SEARCH_TOTAL_MAX;
	qsort(m, nm, sizeof(*m), by_rank);
	for (i = 0; i < nm && ret == STORE_OK; i++) {
		if (full && seen > offset + limit)
			break;
		on_page = seen >= offset && *n < (size_t)limit;
		ret = visible(s, a, lang, fallback, now, &m[i], &h);
		if (ret == STORE_NOTFOUND) {
			ret = STORE_OK;
			continue;
		}
		if (ret == STORE_OK && on_page) {
			hm[*n] = &m[i];
			(*hits)[(*n)++] = h;
		}
		seen++;
	}
	*total = full ? STORE_SEARCH_TOTAL_MAX + 1 : seen;
	*shown = full && i < nm ? STORE_SEARCH_TOTAL_MAX : seen;
	buf_free(&match);
	if (ret == STORE_OK && *n > 0 &&
	    (w = search_words_open(s->db)) == NULL)
		ret = STORE_ERROR;
	for (i = 0; ret == STORE_OK && i < *n; i++)
		ret = snippet(s, a, w, hm[i], &(*hits)[i]);
	search_words_close(w);
	if (ret != STORE_OK)
		*n = 0;
	return ret;
}

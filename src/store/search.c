/* search.c: the search query: a visitor's terms made into an FTS5 match
 * expression, ranked hits of what is visible, their count and snippets. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "store/db_internal.h"
#include "store/search.h"

/* 100: ten pages' worth, more than a results page shows. */
#define LIMIT_MAX	100

/* The visible version of each group, of every kind (the unary + keep
 * SQLite from walking news_published for the better version, when
 * news_group finds a group's few rows at once): ?1 the reader's
 * language, ?2 now, ?3 the site's default language, as in news.c. A
 * match counts only when its row is that version (published, due, and no
 * better ranked version visible in its group), so a draft or a scheduled
 * item neither shows nor counts. The kind comes from the rowid: reading
 * search_index's own kind column would load each match's whole stored
 * text. ?4 the match expression (filters included). The matches are
 * walked newest first (rowid order, in the index itself), at most ?5
 * (STORE_SEARCH_TOTAL_MAX + 1) of them, so that no query ranks more. The
 * rank weighs title 10, summary 4, body 1, dateline 2, facets nothing. */
#define SEARCH_RANK(t)	"(CASE " t ".lang WHEN ?1 THEN 0 WHEN ?3 THEN 1 " \
			"ELSE 2 END), " t ".id"
#define SEARCH_HITS \
	"WITH hits AS (SELECT i.rowid AS rid," \
	" CASE i.rowid & 7 WHEN 0 THEN 'news' WHEN 1 THEN 'page'" \
	" ELSE e.kind END AS kind," \
	" coalesce(n.id, p.id, e.id) AS id," \
	" coalesce(n.group_id, p.group_id, e.group_id) AS group_id," \
	" coalesce(n.lang, p.lang, e.lang) AS lang," \
	" coalesce(n.slug, p.slug, e.slug) AS slug," \
	" coalesce(n.title, p.title, e.title) AS title," \
	" coalesce(n.pub_date, p.pub_date, e.pub_date) AS pub_date," \
	" coalesce(n.updated_at, p.updated_at, e.updated_at) AS updated_at," \
	" waypoint_rank(search_index, 10.0, 4.0, 1.0, 2.0, 0.0) AS score" \
	" FROM search_index i" \
	" LEFT JOIN news n ON i.rowid & 7 = 0 AND n.id = i.rowid >> 3" \
	" AND n.status = 'published' AND n.published_at <= ?2" \
	" AND NOT EXISTS (SELECT 1 FROM news b WHERE b.group_id = n.group_id" \
	" AND b.id <> n.id AND +b.status = 'published'" \
	" AND +b.published_at <= ?2" \
	" AND (" SEARCH_RANK("b") ") < (" SEARCH_RANK("n") "))" \
	" LEFT JOIN pages p ON i.rowid & 7 = 1 AND p.id = i.rowid >> 3" \
	" AND p.status = 'published' AND coalesce(p.published_at, 0) <= ?2" \
	" AND NOT EXISTS (SELECT 1 FROM pages b WHERE b.group_id = p.group_id" \
	" AND b.id <> p.id AND +b.status = 'published'" \
	" AND coalesce(b.published_at, 0) <= ?2" \
	" AND (" SEARCH_RANK("b") ") < (" SEARCH_RANK("p") "))" \
	" LEFT JOIN entries e ON i.rowid & 7 >= 2 AND e.id = i.rowid >> 3" \
	" AND e.status = 'published' AND e.published_at <= ?2" \
	" AND NOT EXISTS (SELECT 1 FROM entries b INDEXED BY entries_group" \
	" WHERE b.group_id = e.group_id AND b.id <> e.id" \
	" AND b.status = 'published' AND b.published_at <= ?2" \
	" AND (" SEARCH_RANK("b") ") < (" SEARCH_RANK("e") "))" \
	" WHERE search_index MATCH ?4 AND (n.id IS NOT NULL OR" \
	" p.id IS NOT NULL OR e.id IS NOT NULL)" \
	" ORDER BY i.rowid DESC LIMIT ?5) "

/* The columns a visitor's words are matched in: not the facets. */
#define TEXT_COLUMNS	"{title summary body dateline} : "

/* A hit as the query gives it, with the count of all hits beside it. */
struct row {
	struct search_hit h;
	int64_t		 total;
};

static const struct db_col row_cols[] = {
	DB_COL(DB_TEXT, struct row, h.kind),
	DB_COL(DB_INT64, struct row, h.id),
	DB_COL(DB_INT64, struct row, h.group_id),
	DB_COL(DB_TEXT, struct row, h.lang),
	DB_COL(DB_TEXT, struct row, h.slug),
	DB_COL(DB_TEXT, struct row, h.title),
	DB_COL(DB_TEXT, struct row, h.pub_date),
	DB_COL(DB_TIME, struct row, h.updated_at),
	DB_COL(DB_INT64, struct row, total),
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

/* The snippet of hit h: from the body where it matches, else from the
 * summary where it matches, else the summary's start (or the body's). */
static enum store_status
snippet(struct store *s, struct arena *a, const char *match,
    struct search_hit *h)
{
	static const struct db_col col[] = {
		DB_COL(DB_TEXT, struct search_hit, snippet),
	};
	enum store_status ret;
	enum content_kind kind;

	if (store_content_kind_parse(h->kind, &kind) == -1)
		return STORE_ERROR;

	/* 24 tokens: about two lines of a results page. char(2) and
	 * char(3) are SEARCH_HIT_OPEN and _CLOSE; a summary no longer
	 * than its marker is empty. */
	ret = db_get(s, a, db_query(s, "SELECT CASE"
	    " WHEN instr(sb, char(2)) THEN sb"
	    " WHEN instr(ss, char(2)) OR length(summary) > length(lang) + 2"
	    " THEN ss ELSE sb END FROM (SELECT"
	    " snippet(search_index, 2, char(2), char(3), '…', 24) AS sb,"
	    " snippet(search_index, 1, char(2), char(3), '…', 24) AS ss,"
	    " summary, lang FROM search_index WHERE search_index MATCH ?1"
	    " AND rowid = ?2)", "ti", match, SEARCH_ROWID(kind, h->id)),
	    col, 1, h, "store_search snippet");
	if (ret == STORE_OK)
		strip_markers((char *)h->snippet);
	return ret;
}

enum store_status
store_search(struct store *s, struct arena *a, const char *lang,
    const char *fallback, const struct search_term *terms, size_t nterms,
    const char *kind, int year, time_t now, int64_t offset, int limit,
    struct search_hit **hits, size_t *n, int64_t *total)
{
	struct buf match = BUF_INIT;
	struct row *rows;
	enum store_status ret;
	size_t i;

	*hits = NULL;
	*n = 0;
	*total = 0;
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
	if ((rows = arena_alloc(a, sizeof(*rows) * (size_t)limit)) == NULL ||
	    (*hits = arena_alloc(a, sizeof(**hits) * (size_t)limit)) ==
	    NULL) {
		buf_free(&match);
		return STORE_ERROR;
	}
	/* The newest ?8 (STORE_SEARCH_TOTAL_MAX) are ranked and paged; the
	 * one past them, the oldest, only counts, to say "more". Windows
	 * over the whole of hits: one pass, no sort. */
	ret = db_list(s, a, db_query(s, SEARCH_HITS
	    "SELECT kind, id, group_id, lang, slug, title, pub_date,"
	    " updated_at, total FROM (SELECT *, count(*) OVER () AS total,"
	    " min(rid) OVER () AS oldest FROM hits)"
	    " WHERE total <= ?8 OR rid > oldest"
	    " ORDER BY score, rid DESC LIMIT ?6 OFFSET ?7",
	    "tissiiii", lang, (int64_t)now, fallback, match.data,
	    (int64_t)STORE_SEARCH_TOTAL_MAX + 1, (int64_t)limit, offset,
	    (int64_t)STORE_SEARCH_TOTAL_MAX),
	    row_cols, sizeof(row_cols) / sizeof(row_cols[0]), rows,
	    sizeof(*rows), (size_t)limit, n, "store_search");
	for (i = 0; i < *n; i++)
		(*hits)[i] = rows[i].h;
	/* Every row carries the count; a page past the end has none. */
	if (ret == STORE_OK && *n > 0)
		*total = rows[0].total;
	else if (ret == STORE_OK && offset > 0)
		ret = db_one_int(s, db_query(s, SEARCH_HITS
		    "SELECT count(*) FROM hits", "tissi", lang,
		    (int64_t)now, fallback, match.data,
		    (int64_t)STORE_SEARCH_TOTAL_MAX + 1), total,
		    "store_search count");
	for (i = 0; ret == STORE_OK && i < *n; i++)
		ret = snippet(s, a, match.data, &(*hits)[i]);
	buf_free(&match);
	if (ret != STORE_OK)
		*n = 0;
	return ret;
}

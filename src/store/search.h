/* search.h: what the store's search files share: the tokenizer, the text
 * an item is indexed with, and keeping the index in step with the content.
 * Not for use outside src/store/. */
#ifndef WAYPOINT_STORE_SEARCH_H
#define WAYPOINT_STORE_SEARCH_H

#include <stdint.h>

#include <sqlite3.h>

#include "store/content.h"
#include "store/store.h"

struct buf;

/* "\x1F<lang>\x1F" opens every indexed value and every query string: the
 * languages its words are stemmed in ("\x1Fhu,en\x1F" in a query: the
 * stems of both are alternatives). Indexed text never holds the byte. */
#define SEARCH_MARK	'\x1f'
/* Snippets mark the matched words with these; indexed text never holds
 * them either. */
#define SEARCH_HIT_OPEN		"\x02"
#define SEARCH_HIT_CLOSE	"\x03"

/* Bumped whenever the tokenizer would split or stem a text differently:
 * `db migrate` then rebuilds the index (search_state.tokenizer). */
#define SEARCH_TOKENIZER_VERSION	1

/* A row's rowid in search_index (022.sql): the day of the item's
 * publication (t, Unix time) from 1970, plus 2^21 so that earlier days
 * sort before, above 40 bits of its id times 8 plus its kind's number
 * (news 0, page 1; later kinds take 2..7). Rowid order is publication
 * order, a day's items in the order they were made: the newest matches,
 * which a search reads, are the latest published. */
static inline int64_t
search_rowid(enum content_kind kind, int64_t id, int64_t t)
{
	/* 2^21 days either side of 1970: a time past them (written by
	 * hand) takes the last day there is. */
	const int64_t span = (INT64_C(1) << 21) * 86400;
	int64_t day;

	if (t < -span)
		t = -span;
	else if (t >= span)
		t = span - 1;
	day = (t >= 0 ? t / 86400 : -((-t + 86399) / 86400)) +
	    (INT64_C(1) << 21);
	return day << 40 | (id & ((INT64_C(1) << 37) - 1)) << 3 |
	    (int64_t)kind;
}
/* The time a page is placed by in the index (search_rowid's t), in SQL:
 * one with no publication time by when it was made. Releases and entries
 * go by published_at. */
#define SEARCH_PAGE_TIME	"coalesce(published_at, created_at)"

/* search_rowid's order in SQL, of columns k (kind), id and t (time):
 * FTS5 writes out what it has gathered whenever a rowid is not above the
 * last one, so a fill in any other order writes a segment a row. */
#define SEARCH_ROWID_ORDER "(coalesce(t, 0) - ((coalesce(t, 0) % 86400)" \
	" + 86400) % 86400), id, k"
_Static_assert(STORE_ID_MAX < INT64_C(1) << 37,
    "an id fits search_rowid's 37 bits");
#define SEARCH_ROWID_KIND(r)	((r) & 7)
#define SEARCH_ROWID_ID(r)	(((r) >> 3) & ((INT64_C(1) << 37) - 1))

/* Registers the 'waypoint' tokenizer and waypoint_rank() on db
 * (search_tokenizer.c): every connection needs them before it touches
 * search_index. While *bulk is true (search_bulk_begin to
 * search_bulk_end), the tokenizer keeps the stems of the words it met
 * (search_stems.c). An SQLite code. */
int		 search_register(sqlite3 *db, const bool *bulk);

/* How many words the tokenizer finds in text (no marker: no stems) into
 * *n: a term of none ("!!!") would match nothing as a phrase. An SQLite
 * code. */
int		 search_words(sqlite3 *db, const char *text, int *n);

/* Adds waypoint_rank(search_index, weight ...) to FTS5 (search_rank.c):
 * bm25 without its IDF, lower is better. An SQLite code. */
int		 search_rank_create(fts5_api *api);

/* The words a snippet shows: about two lines of a results page. */
#define SEARCH_SNIPPET_WORDS	24
/* The matched words' places waypoint_marks() lists for one column at
 * most: a snippet's window holds no more. */
#define SEARCH_MARKS_MAX	SEARCH_SNIPPET_WORDS

/* Adds waypoint_marks(search_index, col, span) to FTS5 (search_marks.c):
 * the matched words of a column as "offset+words ...", for
 * search_snippet(). An SQLite code. */
int		 search_marks_create(fts5_api *api);

/* The tokenizer's words of a text, as the index counts their positions
 * (search_tokenizer.c). */
struct search_words;
/* One for db, or NULL (out of memory, no FTS5). */
struct search_words *search_words_open(sqlite3 *db);
/* Calls word(ctx, start, end) with each word's bytes text[start..end] in
 * order until it returns other than SQLITE_OK; SQLITE_DONE stops the
 * walk without an error. An SQLite code. */
int		 search_words_each(struct search_words *, const char *text,
		    int len, int (*word)(void *ctx, int start, int end),
		    void *ctx);
void		 search_words_close(struct search_words *);

/* Appends to b the snippet of text, an indexed column's value, whose
 * matched words marks gives (waypoint_marks(); NULL: none, the text's
 * start): SEARCH_SNIPPET_WORDS words from a few before the first mark,
 * the marked words between SEARCH_HIT_OPEN and _CLOSE, "…" where words
 * are left out (search_snippet.c). Words past the window are not read.
 * An SQLite code. */
int		 search_snippet(struct search_words *, struct buf *b,
		    const char *text, const char *marks);

/* Appends to b the marker of lang, then s with every control character
 * (the marker's byte and the snippet marks among them) a space
 * (search_text.c). -1 when b failed (memory). */
int		 search_text_plain(struct buf *b, const char *lang,
		    const char *s);

/* As search_text_plain, for HTML from cmark-gfm: the text without its
 * tags (a block's end a space), entities decoded. */
int		 search_text_html(struct buf *b, const char *lang,
		    const char *html);

/* Appends to b the facets column of an item of kind ("news") and year
 * ("2024"; else none): "knews y2024". -1 when b failed. */
int		 search_facets(struct buf *b, const char *kind,
		    const char *year);

/* Makes item id of kind's index row what the row is now: its text when it
 * is published (scheduled or due), no row when it is a draft or gone.
 * Runs inside the caller's transaction (search_sync.c). */
enum store_status search_sync(struct store *, enum content_kind, int64_t id);

/* Empties the index and fills it from every published row, inside the
 * caller's transaction, leaving it in one segment. */
enum store_status search_rebuild(struct store *);

/* Around a fill of many rows, inside the caller's transaction (so that a
 * rollback takes it back too): begin stops FTS5 merging the index's
 * segments at each write, end merges them all into one and has FTS5
 * merge as it did before, for the editors' saves. */
enum store_status search_bulk_begin(struct store *);
enum store_status search_bulk_end(struct store *);

/* Rebuilds the index, in a transaction of its own, when it differs from
 * the content (search_check's differences, unreported): just after
 * migration 007, or built by another tokenizer version, or edited by
 * hand. */
enum store_status search_build(struct store *);

/* Compares the index with the content: prints each difference to stderr
 * (and how to mend them) and adds their number to *problems. STORE_OK
 * unless the reading failed. */
enum store_status search_check(struct store *, int *problems);

#endif

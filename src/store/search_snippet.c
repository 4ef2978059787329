/* search_snippet.c: a search hit's snippet, made from its column's text
 * and where waypoint_marks() says its matched words are, reading the text
 * only as far as the snippet goes. FTS5's snippet() ran the query again
 * for each hit and read each word of the column: at 100,000 releases the
 * snippets were two fifths of a results page's cost. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "store/search.h"

/* Words shown before the first matched one, so that it has a context. */
#define LEAD_WORDS	4

struct mark {
	int		 off, len;
};

/* A snippet being made: words [from, to) of text. */
struct snip {
	struct buf	*out;
	const char	*text;
	struct mark	 m[SEARCH_MARKS_MAX];
	size_t		 nm, next;
	int		 from, to;
	int		 pos;		/* the position of the next word */
	int		 last_end;	/* the end of the last word shown */
	int		 close_after;	/* the open mark's last position, or
					   -1 */
	bool		 more;		/* a word follows the window */
};

/* Reads marks ("offset+words ..." in offset order) into s->m. */
static void
parse_marks(struct snip *s, const char *marks)
{
	char *end;
	long off, len;

	while (marks != NULL && *marks != '\0' && s->nm < SEARCH_MARKS_MAX) {
		off = strtol(marks, &end, 10);
		if (end == marks || *end != '+')
			return;
		len = strtol(end + 1, &end, 10);
		if (off < 0 || off > 1000000000 || len < 1 || len > 1000)
			return;
		s->m[s->nm++] = (struct mark){ (int)off, (int)len };
		marks = *end == ' ' ? end + 1 : end;
	}
}

static int
word(void *ctx, int start, int end)
{
	struct snip *s = ctx;
	int pos = s->pos++;

	if (pos < s->from)
		return SQLITE_OK;
	if (pos >= s->to) {
		s->more = true;
		return SQLITE_DONE;
	}
	/* What comes before the word: the text's start (its language
	 * marker, taken out later, among it) or the gap after the last. */
	if (s->last_end >= 0)
		buf_add(s->out, s->text + s->last_end,
		    (size_t)(start - s->last_end));
	else if (s->from > 0)
		buf_adds(s->out, "…");
	else
		buf_add(s->out, s->text, (size_t)start);
	/* Marks a window starts inside of are skipped. */
	while (s->next < s->nm && s->m[s->next].off < pos)
		s->next++;
	if (s->next < s->nm && s->m[s->next].off == pos) {
		if (s->close_after < 0)
			buf_adds(s->out, SEARCH_HIT_OPEN);
		if (pos + s->m[s->next].len - 1 > s->close_after)
			s->close_after = pos + s->m[s->next].len - 1;
		s->next++;
	}
	buf_add(s->out, s->text + start, (size_t)(end - start));
	if (s->close_after >= 0 && pos >= s->close_after) {
		buf_adds(s->out, SEARCH_HIT_CLOSE);
		s->close_after = -1;
	}
	s->last_end = end;
	return s->out->failed ? SQLITE_NOMEM : SQLITE_OK;
}

int
search_snippet(struct search_words *w, struct buf *b, const char *text,
    const char *marks)
{
	struct snip s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.out = b;
	s.text = text;
	s.last_end = -1;
	s.close_after = -1;
	parse_marks(&s, marks);
	s.from = s.nm > 0 && s.m[0].off > LEAD_WORDS ?
	    s.m[0].off - LEAD_WORDS : 0;
	s.to = s.from + SEARCH_SNIPPET_WORDS;
	if ((rc = search_words_each(w, text, (int)strlen(text), word, &s)) !=
	    SQLITE_OK)
		return rc;
	if (s.close_after >= 0)
		buf_adds(b, SEARCH_HIT_CLOSE);
	/* No word at all ("!!!"): the text as it is. */
	if (s.last_end < 0)
		buf_adds(b, text);
	else if (s.more)
		buf_adds(b, "…");
	else
		buf_adds(b, text + s.last_end);
	return b->failed ? SQLITE_NOMEM : SQLITE_OK;
}

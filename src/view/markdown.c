/* markdown.c: Markdown to HTML within limits: the length, UTF-8 and
 * pre-scan checks here, then cmark-gfm in the render worker
 * (view/markdown_worker.c), bounded in time, memory and output. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/utf8.h"
#include "view/i18n.h"
#include "view/markdown.h"
#include "view/markdown_worker.h"

/* 16: no reader follows deeper lists or quotes, and cmark-gfm 0.29 is
 * quadratic in nesting depth (">"*n + "a*"*n: 110 KB takes 10 s here). */
#define MARKDOWN_DEPTH_MAX	16

/* 100 columns, 5,000 cells: a 1000x1000 table is 6 KB of Markdown, costs
 * 2 s and 10 MB of HTML; a table a reader can use is far smaller. */
#define MARKDOWN_TABLE_COLS_MAX		100
#define MARKDOWN_TABLE_CELLS_MAX	5000

static const char *const messages[] = {
	[MARKDOWN_OK] = N_("The text was converted."),
	[MARKDOWN_TOO_LONG] = N_("The text is longer than 1 MB; shorten it or "
	    "split it into several pages."),
	[MARKDOWN_TOO_DEEP] = N_("Lists or quotes are nested more than 16 "
	    "levels deep; reduce the nesting."),
	[MARKDOWN_TABLE_TOO_LARGE] = N_("A table is too large (more than 100 "
	    "columns or 5,000 cells); split it into smaller tables."),
	[MARKDOWN_OUTPUT_TOO_LARGE] = N_("The text would make more than 4 MB "
	    "of HTML or need too much memory to convert; shorten it or split "
	    "it into several pages."),
	[MARKDOWN_TOO_SLOW] = N_("The text took too long to convert, which "
	    "comes from unusual formatting such as long runs of *, _, [, < or "
	    "www.; simplify that part."),
	[MARKDOWN_INVALID_UTF8] = N_("The text contains bytes that are not "
	    "valid UTF-8 or a NUL character; paste it again as plain text."),
	[MARKDOWN_FAILED] = N_("The text could not be converted because of a "
	    "server error; try again, and tell the site administrator if it "
	    "happens again."),
};

const char *
markdown_message(enum markdown_status st)
{
	if ((size_t)st >= sizeof(messages) / sizeof(messages[0]))
		return messages[MARKDOWN_FAILED];
	return messages[st];
}

/*
 * The pre-scan looks at each line as cmark-gfm's block parser would, but
 * roughly, and errs on the side of counting too much: a text it passes may
 * still be refused by the deadline, a real article never reaches its limits.
 */

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Past a list marker at p ("-", "+", "*", or 1-9 digits then "." or ")")
 * that a blank or the end of the line follows; NULL if there is none. */
static const char *
list_marker(const char *p, const char *e)
{
	const char *q = p;

	if (*q == '-' || *q == '+' || *q == '*')
		q++;
	else {
		while (q < e && q - p < 9 && *q >= '0' && *q <= '9')
			q++;
		if (q == p || q == e || (*q != '.' && *q != ')'))
			return NULL;
		q++;
	}
	if (q < e && !blank(*q))
		return NULL;
	return q;
}

/* Where the line's tail made of one of "-*_" and blanks starts, or e: a
 * marker there may open a thematic break ("- - -") rather than a list. */
static const char *
break_tail(const char *p, const char *e)
{
	const char *t = e;
	char c;

	while (t > p && blank(t[-1]))
		t--;
	if (t == p || (t[-1] != '-' && t[-1] != '*' && t[-1] != '_'))
		return e;
	c = t[-1];
	while (t > p && (t[-1] == c || blank(t[-1])))
		t--;
	return t;
}

static size_t
count_char(const char *p, const char *e, char c)
{
	size_t n = 0;

	for (; p < e; p++)
		n += *p == c;
	return n;
}

/*
 * How deeply the line [p, e) nests: one level per ">" or list marker it
 * opens with, plus one per two columns of indentation before them (a
 * nested list item sits at least two columns right of its parent's marker).
 */
static size_t
line_depth(const char *p, const char *e)
{
	const char *tail = break_tail(p, e), *q;
	size_t depth = 0, indent = 0, pending = 0, col = 0, n;
	bool tail_checked = false;

	while (p < e) {
		if (blank(*p)) {
			n = *p == '\t' ? 4 - col % 4 : 1;
			pending += n;
			col += n;
			p++;
			continue;
		}
		if (*p == '>')
			q = p + 1;
		else if ((q = list_marker(p, e)) == NULL)
			break;
		else if (p >= tail && !tail_checked) {
			/* Checked once: from later markers fewer remain. */
			tail_checked = true;
			if (count_char(p, e, *p) >= 3)
				break;
		}
		depth++;
		indent += pending;
		pending = 0;
		col += (size_t)(q - p);
		p = q;
		if (p < e && *p == ' ') {
			p++;
			col++;
		}
	}
	return depth + indent / 2;
}

/* The line without its quote markers, leading and trailing blanks. */
static const char *
strip(const char *p, const char **e)
{
	while (p < *e && (blank(*p) || *p == '>'))
		p++;
	while (*e > p && blank((*e)[-1]))
		(*e)--;
	return p;
}

/* Cells of a table row: unescaped pipes split it; an edge pipe adds none. */
static size_t
row_cells(const char *p, const char *e)
{
	const char *s = p, *last = NULL;
	size_t n = 1;

	for (; p < e; p++) {
		if (*p == '\\' && p + 1 < e)
			p++;
		else if (*p == '|') {
			n++;
			last = p;
		}
	}
	if (e > s && *s == '|')
		n--;
	if (last != NULL && last == e - 1 && last != s)
		n--;
	return n == 0 ? 1 : n;
}

/* A delimiter row ("|---|:--:|"): only pipes, dashes, colons and blanks. */
static bool
delimiter_row(const char *p, const char *e)
{
	bool dash = false;

	for (; p < e; p++) {
		if (*p == '-')
			dash = true;
		else if (*p != '|' && *p != ':' && *p != ' ' && *p != '\t' &&
		    *p != '\v' && *p != '\f')
			return false;
	}
	return dash;
}

/* prev: the last line if it was not blank, else NULL. */
struct scan {
	const char	*prev;
	const char	*prev_end;
	bool		 in_table;
	size_t		 cols;
	size_t		 cells;
};

/* A GFM table runs from its header row to the next blank line, each row
 * padded to the header's columns. */
static enum markdown_status
scan_line(struct scan *s, const char *p, const char *e)
{
	const char *q;
	size_t n, h;

	if (line_depth(p, e) > MARKDOWN_DEPTH_MAX)
		return MARKDOWN_TOO_DEEP;
	q = strip(p, &e);
	if (q == e) {
		s->prev = NULL;
		s->in_table = false;
		return MARKDOWN_OK;
	}
	if (s->in_table) {
		n = row_cells(q, e);
		if (n < s->cols)
			n = s->cols;
	} else if (s->prev != NULL && delimiter_row(q, e)) {
		n = row_cells(q, e);
		h = row_cells(s->prev, s->prev_end);
		s->cols = n = n > h ? n : h;
		s->cells = 0;
		s->in_table = true;
	} else {
		s->prev = q;
		s->prev_end = e;
		return MARKDOWN_OK;
	}
	if (n > MARKDOWN_TABLE_COLS_MAX)
		return MARKDOWN_TABLE_TOO_LARGE;
	s->cells += n;
	if (s->cells > MARKDOWN_TABLE_CELLS_MAX)
		return MARKDOWN_TABLE_TOO_LARGE;
	return MARKDOWN_OK;
}

static enum markdown_status
prescan(const char *md, size_t len)
{
	struct scan s = { NULL, NULL, false, 0, 0 };
	const char *p = md, *e = md + len, *eol;
	enum markdown_status st;

	while (p < e) {
		for (eol = p; eol < e && *eol != '\n' && *eol != '\r'; eol++)
			;
		if ((st = scan_line(&s, p, eol)) != MARKDOWN_OK)
			return st;
		p = eol;
		if (p < e && *p == '\r')
			p++;
		if (p < e && *p == '\n')
			p++;
	}
	return MARKDOWN_OK;
}

enum markdown_status
markdown_render_deadline(const char *md, size_t len, char **html,
    unsigned ms)
{
	enum markdown_status st;

	*html = NULL;
	if (len > MARKDOWN_INPUT_MAX)
		return MARKDOWN_TOO_LONG;
	if (md == NULL) {
		if (len > 0)
			return MARKDOWN_FAILED;
		md = "";
	}
	/* cmark-gfm would stop at a NUL; the editor would lose the rest. */
	if (memchr(md, '\0', len) != NULL || !utf8_valid(md, len))
		return MARKDOWN_INVALID_UTF8;
	if ((st = prescan(md, len)) != MARKDOWN_OK)
		return st;
	return markdown_worker_render(md, len, html, ms);
}

enum markdown_status
markdown_render(const char *md, size_t len, char **html)
{
	return markdown_render_deadline(md, len, html, MARKDOWN_DEADLINE_MS);
}

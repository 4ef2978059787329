/* markdown.c: Markdown to HTML with cmark-gfm, pre-scanned, then rendered
 * in a child process bounded in time, memory and output. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "lib/buf.h"
#include "lib/log.h"
#include "view/markdown.h"

/* 16: no reader follows deeper lists or quotes, and cmark-gfm 0.29 is
 * quadratic in nesting depth (">"*n + "a*"*n: 110 KB takes 10 s here). */
#define MARKDOWN_DEPTH_MAX	16

/* 100 columns, 5,000 cells: a 1000x1000 table is 6 KB of Markdown, costs
 * 2 s and 10 MB of HTML; a table a reader can use is far smaller. */
#define MARKDOWN_TABLE_COLS_MAX		100
#define MARKDOWN_TABLE_CELLS_MAX	5000

/* 4 MiB: four times the input limit, more than any real body makes (1 MiB
 * of text gives 1.4 MiB), less than link references can expand to. */
#define MARKDOWN_OUTPUT_MAX	(4 * 1024 * 1024)

/* 128 MiB of live heap in the child: a 1 MiB article needs 15 MiB, and a
 * few short references used many times can ask for gigabytes. */
#define MARKDOWN_MEMORY_MAX	((size_t)128 * 1024 * 1024)

/* cmark-gfm's safe default: raw HTML omitted, dangerous URLs dropped. Never
 * add CMARK_OPT_UNSAFE. */
#define MARKDOWN_OPTIONS	CMARK_OPT_DEFAULT

/* Why the child ended, as its exit status. */
enum {
	CHILD_OK,
	CHILD_FAILED,
	CHILD_TOO_LARGE
};

/* tagfilter is defence in depth: it only acts on raw HTML, which the safe
 * default already omits. */
static const char *const extension_names[] = {
	"table", "strikethrough", "autolink", "tagfilter"
};
#define EXTENSION_COUNT \
	(sizeof(extension_names) / sizeof(extension_names[0]))

static cmark_syntax_extension *extensions[EXTENSION_COUNT];
static bool extensions_ready;
static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

/* Live heap bytes of a render; only the child touches it. */
static size_t child_live;

static const char *const messages[] = {
	[MARKDOWN_OK] = "The text was converted.",
	[MARKDOWN_TOO_LONG] = "The text is longer than 1 MB; shorten it or "
	    "split it into several pages.",
	[MARKDOWN_TOO_DEEP] = "Lists or quotes are nested more than 16 levels "
	    "deep; reduce the nesting.",
	[MARKDOWN_TABLE_TOO_LARGE] = "A table is too large (more than 100 "
	    "columns or 5,000 cells); split it into smaller tables.",
	[MARKDOWN_OUTPUT_TOO_LARGE] = "The text would make more than 4 MB of "
	    "HTML or need too much memory to convert; shorten it or split it "
	    "into several pages.",
	[MARKDOWN_TOO_SLOW] = "The text took too long to convert, which comes "
	    "from unusual formatting such as long runs of *, _, [, < or www.; "
	    "simplify that part.",
	[MARKDOWN_INVALID_UTF8] = "The text contains bytes that are not valid "
	    "UTF-8 or a NUL character; paste it again as plain text.",
	[MARKDOWN_FAILED] = "The text could not be converted because of a "
	    "server error; try again, and tell the site administrator if it "
	    "happens again.",
};

const char *
markdown_message(enum markdown_status st)
{
	if ((size_t)st >= sizeof(messages) / sizeof(messages[0]))
		return messages[MARKDOWN_FAILED];
	return messages[st];
}

/* Well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF) without NUL bytes. */
static bool
utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0, k, n;
	unsigned char c, lo, hi;

	while (i < len) {
		c = s[i];
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c == 0xe0) {
			n = 2;
			lo = 0xa0;
		} else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef)
			n = 2;
		else if (c == 0xed) {
			n = 2;
			hi = 0x9f;
		} else if (c == 0xf0) {
			n = 3;
			lo = 0x90;
		} else if (c >= 0xf1 && c <= 0xf3)
			n = 3;
		else if (c == 0xf4) {
			n = 3;
			hi = 0x8f;
		} else
			return false;
		if (len - i - 1 < n || s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (k = 2; k <= n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		i += n + 1;
	}
	return true;
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

static void
extensions_setup(void)
{
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < EXTENSION_COUNT; i++) {
		extensions[i] = cmark_find_syntax_extension(extension_names[i]);
		if (extensions[i] == NULL) {
			log_error("markdown: no cmark-gfm extension %s",
			    extension_names[i]);
			return;
		}
	}
	extensions_ready = true;
}

/*
 * The child's allocator for cmark-gfm: it counts live bytes and ends the
 * child when a render wants more than MARKDOWN_MEMORY_MAX, before the
 * machine runs short. (cmark-gfm aborts on a failed allocation anyway.)
 */
static void
child_count(void *p, size_t old)
{
	if (p == NULL)
		_exit(CHILD_FAILED);
	child_live = child_live > old ? child_live - old : 0;
	child_live += malloc_usable_size(p);
	if (child_live > MARKDOWN_MEMORY_MAX)
		_exit(CHILD_TOO_LARGE);
}

static void *
child_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	child_count(p, 0);
	return p;
}

static void *
child_realloc(void *p, size_t size)
{
	size_t old = p != NULL ? malloc_usable_size(p) : 0;

	p = realloc(p, size ? size : 1);
	child_count(p, old);
	return p;
}

static void
child_free(void *p)
{
	size_t old;

	if (p == NULL)
		return;
	old = malloc_usable_size(p);
	child_live = child_live > old ? child_live - old : 0;
	free(p);
}

static cmark_mem child_mem = { child_calloc, child_realloc, child_free };

/*
 * Runs in the forked child of a multi-threaded process: it only renders,
 * writes the pipe and _exits (no atexit handlers, no stdio, no locks that
 * another thread held at fork). Memory is left to the exit.
 */
static _Noreturn void
child_render(const char *md, size_t len, int fd)
{
	cmark_parser *parser;
	cmark_node *doc;
	const char *html;
	size_t i, n;
	ssize_t w;

	/* Others' sockets and files: let the parent close them for real. A
	 * kernel without close_range(2) only delays that until our exit. */
	if (fd > 3)
		close_range(3, (unsigned)fd - 1, 0);
	close_range((unsigned)fd + 1, ~0U, 0);

	parser = cmark_parser_new_with_mem(MARKDOWN_OPTIONS, &child_mem);
	for (i = 0; i < EXTENSION_COUNT; i++)
		if (!cmark_parser_attach_syntax_extension(parser,
		    extensions[i]))
			_exit(CHILD_FAILED);
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	html = cmark_render_html_with_mem(doc, MARKDOWN_OPTIONS,
	    cmark_parser_get_syntax_extensions(parser), &child_mem);
	if ((n = strlen(html)) > MARKDOWN_OUTPUT_MAX)
		_exit(CHILD_TOO_LARGE);
	while (n > 0) {
		if ((w = write(fd, html, n)) == -1) {
			if (errno == EINTR)
				continue;
			_exit(CHILD_FAILED);
		}
		html += w;
		n -= (size_t)w;
	}
	_exit(CHILD_OK);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the child's HTML until end of file (MARKDOWN_OK), the deadline or
 * the output limit. Reading while waiting keeps the child from blocking on
 * a full pipe. */
static enum markdown_status
collect(int fd, struct buf *out, unsigned ms)
{
	char chunk[16384];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t deadline = now_ms() + ms, left;
	ssize_t n;

	for (;;) {
		if ((left = deadline - now_ms()) <= 0)
			return MARKDOWN_TOO_SLOW;
		switch (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left)) {
		case -1:
			if (errno == EINTR)
				continue;
			return MARKDOWN_FAILED;
		case 0:
			return MARKDOWN_TOO_SLOW;
		}
		if ((n = read(fd, chunk, sizeof(chunk))) == 0)
			return MARKDOWN_OK;
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return MARKDOWN_FAILED;
		}
		if ((size_t)n > MARKDOWN_OUTPUT_MAX - out->len)
			return MARKDOWN_OUTPUT_TOO_LARGE;
		if (buf_add(out, chunk, (size_t)n) == -1)
			return MARKDOWN_FAILED;
	}
}

/* Forks, reads the HTML back within ms milliseconds, and always reaps the
 * child (killed first unless it finished). */
static enum markdown_status
render_in_child(const char *md, size_t len, char **html, unsigned ms)
{
	struct buf out = BUF_INIT;
	enum markdown_status st;
	char err[128];
	int fds[2], ws;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		log_error("markdown: pipe: %s",
		    strerror_r(errno, err, sizeof(err)));
		return MARKDOWN_FAILED;
	}
	if ((pid = fork()) == -1) {
		log_error("markdown: fork: %s",
		    strerror_r(errno, err, sizeof(err)));
		close(fds[0]);
		close(fds[1]);
		return MARKDOWN_FAILED;
	}
	if (pid == 0) {
		close(fds[0]);
		child_render(md, len, fds[1]);
	}
	close(fds[1]);
	st = collect(fds[0], &out, ms);
	close(fds[0]);
	if (st != MARKDOWN_OK)
		kill(pid, SIGKILL);
	while (waitpid(pid, &ws, 0) == -1) {
		if (errno != EINTR) {
			/* ECHILD: someone set SIGCHLD to SIG_IGN. */
			log_error("markdown: waitpid: %s",
			    strerror_r(errno, err, sizeof(err)));
			buf_free(&out);
			return MARKDOWN_FAILED;
		}
	}
	if (st == MARKDOWN_OK) {
		if (WIFEXITED(ws) && WEXITSTATUS(ws) == CHILD_TOO_LARGE)
			st = MARKDOWN_OUTPUT_TOO_LARGE;
		else if (!WIFEXITED(ws) || WEXITSTATUS(ws) != CHILD_OK) {
			log_error("markdown: render child ended with status "
			    "%#x", (unsigned)ws);
			st = MARKDOWN_FAILED;
		}
	}
	if (st == MARKDOWN_OK && (*html = buf_release(&out)) == NULL)
		st = MARKDOWN_FAILED;
	buf_free(&out);
	return st;
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
	if (!utf8_valid((const unsigned char *)md, len))
		return MARKDOWN_INVALID_UTF8;
	if ((st = prescan(md, len)) != MARKDOWN_OK)
		return st;
	if (pthread_once(&extensions_once, extensions_setup) != 0 ||
	    !extensions_ready)
		return MARKDOWN_FAILED;
	return render_in_child(md, len, html, ms);
}

enum markdown_status
markdown_render(const char *md, size_t len, char **html)
{
	return markdown_render_deadline(md, len, html, MARKDOWN_DEADLINE_MS);
}

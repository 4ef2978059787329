/* test_markdown.c: unit tests for view/markdown.c. */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "view/markdown.h"

static int64_t
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Every render worker has been reaped. */
static void
assert_no_children(void)
{
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* Stops the render worker, then checks it is gone. */
static void
stop_worker(void)
{
	markdown_stop();
	assert_no_children();
}

/* The live children of this process, from /proc; the last one's pid goes
 * to *pid. */
static int
children(pid_t *pid)
{
	char path[300], line[512], *p;
	struct dirent *d;
	DIR *dir;
	FILE *f;
	long ppid;
	int n = 0;

	assert_non_null(dir = opendir("/proc"));
	while ((d = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		/* pid (comm) state ppid: comm may hold spaces, so after the
		 * last ')'. */
		if (fgets(line, sizeof(line), f) != NULL &&
		    (p = strrchr(line, ')')) != NULL &&
		    sscanf(p + 1, " %*c %ld", &ppid) == 1 &&
		    ppid == (long)getpid() && p[2] != 'Z') {
			n++;
			*pid = (pid_t)atol(d->d_name);
		}
		fclose(f);
	}
	closedir(dir);
	return n;
}

/* s repeated n times, in a heap buffer; its length goes to *len. */
static char *
repeat(const char *s, size_t n, size_t *len)
{
	struct buf b = BUF_INIT;

	while (n-- > 0)
		buf_adds(&b, s);
	assert_false(b.failed);
	*len = b.len;
	return buf_release(&b);
}

/* Renders the C string md, expecting want; returns the HTML (or NULL). The
 * deadline is generous: these checks are about output, and the test machine
 * may be busy. */
static char *
render(const char *md, enum markdown_status want)
{
	char *html = (char *)1;
	enum markdown_status st;

	st = markdown_render_deadline(md, strlen(md), &html, 30000);

	if (st != want)
		fail_msg("status %d, want %d, for \"%.60s\"", st, want, md);
	if (want == MARKDOWN_OK)
		assert_non_null(html);
	else
		assert_null(html);
	return html;
}

static void
check_html(const char *md, const char *want)
{
	char *html = render(md, MARKDOWN_OK);

	assert_string_equal(html, want);
	free(html);
}

static void
test_basic(void **state)
{
	(void)state;
	check_html("", "");
	check_html("Hello *world*.", "<p>Hello <em>world</em>.</p>\n");
	check_html("# IOM Hungary\n\n- one\n- two\n",
	    "<h1>IOM Hungary</h1>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
	check_html("~~old~~ new", "<p><del>old</del> new</p>\n");
	check_html("| Year | Arrivals |\n|---|---:|\n| 2023 | 10 |\n",
	    "<table>\n<thead>\n<tr>\n<th>Year</th>\n"
	    "<th align=\"right\">Arrivals</th>\n</tr>\n</thead>\n<tbody>\n"
	    "<tr>\n<td>2023</td>\n<td align=\"right\">10</td>\n</tr>\n"
	    "</tbody>\n</table>\n");
	/* External links stay plain. */
	check_html("[IOM](https://www.iom.int/)",
	    "<p><a href=\"https://www.iom.int/\">IOM</a></p>\n");
	check_html("See www.iom.int today.",
	    "<p>See <a href=\"http://www.iom.int\">www.iom.int</a> today."
	    "</p>\n");
	check_html("Mail hungary@iom.int",
	    "<p>Mail <a href=\"mailto:hungary@iom.int\">hungary@iom.int</a>"
	    "</p>\n");
	check_html("<https://hungary.iom.int/news>",
	    "<p><a href=\"https://hungary.iom.int/news\">"
	    "https://hungary.iom.int/news</a></p>\n");
	check_html("![map](data:image/png;base64,AAAA)",
	    "<p><img src=\"data:image/png;base64,AAAA\" alt=\"map\" /></p>\n");
	check_html("`<b>`", "<p><code>&lt;b&gt;</code></p>\n");
	check_html("* * *\n- - - - - - - - - - - - - - - - - - - -\n",
	    "<hr />\n<hr />\n");
	stop_worker();
}

static const char *const allowed_tags[] = {
	"a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
	"h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "table",
	"tbody", "td", "th", "thead", "tr", "ul", NULL
};

/* A URL (lower-cased) whose scheme runs script or reads local files. */
static bool
dangerous_url(const char *url)
{
	size_t n = strcspn(url, ":/?#");

	if (url[n] != ':')
		return false;
	return (n == 10 && strncmp(url, "javascript", n) == 0) ||
	    (n == 8 && strncmp(url, "vbscript", n) == 0) ||
	    (n == 4 && strncmp(url, "file", n) == 0) ||
	    (n == 4 && strncmp(url, "data", n) == 0 &&
	    strncmp(url, "data:image/", 11) != 0);
}

static const char *const allowed_attrs[] = {
	"align", "alt", "href", "src", "title", NULL
};

/* The attributes after a tag name, up to end, are name="value" pairs with
 * known names, and no href or src holds a script URL. */
static void
assert_safe_attrs(const char *p, const char *end)
{
	char value[4096];
	const char *q;
	size_t n, i;

	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p == end || (*p == '/' && p + 1 == end))
			return;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz");
		for (i = 0; allowed_attrs[i] != NULL; i++)
			if (strlen(allowed_attrs[i]) == n &&
			    strncmp(allowed_attrs[i], p, n) == 0)
				break;
		if (allowed_attrs[i] == NULL)
			fail_msg("attribute %.20s", p);
		if (strncmp(p + n, "=\"", 2) != 0)
			fail_msg("unquoted attribute %.20s", p);
		q = strchr(p + n + 2, '"');
		if (q == NULL || q > end)
			fail_msg("unclosed attribute %.20s", p);
		assert_true((size_t)(q - (p + n + 2)) < sizeof(value));
		for (i = 0; p + n + 2 + i < q; i++)
			value[i] = (char)tolower((unsigned char)p[n + 2 + i]);
		value[i] = '\0';
		if ((strncmp(p, "href", n) == 0 || strncmp(p, "src", n) == 0) &&
		    dangerous_url(value))
			fail_msg("dangerous URL %s", value);
		p = q + 1;
	}
}

/* Every tag in html is one cmark-gfm makes from Markdown, with safe
 * attributes, or the comment that replaces raw HTML. */
static void
assert_safe_html(const char *md, const char *html)
{
	const char *p = html, *end;
	size_t n, i;

	while ((p = strchr(p, '<')) != NULL) {
		if (strncmp(p, "<!-- raw HTML omitted -->", 25) == 0) {
			p += 25;
			continue;
		}
		p++;
		if (*p == '/')
			p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		for (i = 0; allowed_tags[i] != NULL; i++)
			if (strlen(allowed_tags[i]) == n &&
			    strncmp(allowed_tags[i], p, n) == 0)
				break;
		if (allowed_tags[i] == NULL)
			fail_msg("tag <%.20s> from \"%s\"", p, md);
		if ((end = strchr(p, '>')) == NULL)
			fail_msg("unclosed tag from \"%s\"", md);
		assert_safe_attrs(p + n, end);
		p = end;
	}
}

static void
test_no_script(void **state)
{
	static const char *const attacks[] = {
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](vbscript:msgbox(1))",
		"[x](file:///etc/passwd)",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg)",
		"[x](java&#115;cript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](<javascript:alert(1)>)",
		"[x](javascript&#58;alert(1))",
		"![x](javascript:alert(1))",
		"![x](data:text/html,<script>alert(1)</script>)",
		"<javascript:alert(1)>",
		"<JAVASCRIPT:alert(1)>",
		"[x]\n\n[x]: javascript:alert(1)",
		"[x](https://e.org \"a\\\" onmouseover=\\\"alert(1)\")",
		"[x](https://e.org/\"onmouseover=\"alert(1))",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<div onmouseover=\"alert(1)\">\nx\n</div>",
		"<svg onload=alert(1)>",
		"<iframe src=//example.org></iframe>",
		"<style>body{}</style>",
		"<textarea><script>alert(1)</script></textarea>",
		"<!-- x --><script>alert(1)</script>",
		"<scr<script>ipt>alert(1)</script>",
		"| a |\n|---|\n| <script>alert(1)</script> |",
		"> <img src=x onerror=alert(1)>",
		"- <script>alert(1)</script>",
		"www.example.org/<script>alert(1)</script>",
		"http://example.org/\"><script>alert(1)</script>",
		"```\n</code><script>alert(1)</script>\n```",
		"`</code><script>alert(1)</script>`",
		"<x onclick=alert(1)>text",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		NULL
	};
	size_t i;
	char *html;

	(void)state;
	for (i = 0; attacks[i] != NULL; i++) {
		html = render(attacks[i], MARKDOWN_OK);
		assert_safe_html(attacks[i], html);
		free(html);
	}
	stop_worker();
}

static void
test_too_long(void **state)
{
	char *md, *html = NULL;
	size_t len = MARKDOWN_INPUT_MAX + 1;

	(void)state;
	md = malloc(len);
	assert_non_null(md);
	memset(md, 'a', len);
	assert_int_equal(markdown_render(md, len, &html), MARKDOWN_TOO_LONG);
	assert_null(html);
	/* Exactly the limit is accepted. */
	assert_int_equal(markdown_render(md, len - 1, &html), MARKDOWN_OK);
	assert_non_null(html);
	assert_int_equal(strlen(html), MARKDOWN_INPUT_MAX + 8);
	free(html);
	free(md);
	stop_worker();
}

static void
test_utf8(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
	} bad[] = {
		{ "a\0b", 3 },
		{ "\xff", 1 },
		{ "\x80", 1 },
		{ "\xc0\xaf", 2 },		/* overlong "/" */
		{ "\xe0\x80\xaf", 3 },		/* overlong */
		{ "\xed\xa0\x80", 3 },		/* surrogate */
		{ "\xf4\x90\x80\x80", 4 },	/* past U+10FFFF */
		{ "\xf5\x80\x80\x80", 4 },
		{ "x\xe2\x82", 3 },		/* cut short */
		{ "\xc3(", 2 },
	};
	char *html = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(markdown_render(bad[i].s, bad[i].len, &html),
		    MARKDOWN_INVALID_UTF8);
		assert_null(html);
	}
	check_html("António, Győr, 10 €, 𝄞",
	    "<p>António, Győr, 10 €, 𝄞</p>\n");
	stop_worker();
}

static void
test_depth(void **state)
{
	struct buf b = BUF_INIT;
	char *html = NULL;
	size_t i;
	int64_t t;

	(void)state;
	free(render("> > > > > > > > > > > > > > > > a", MARKDOWN_OK));
	render(">>>>>>>>>>>>>>>>>a", MARKDOWN_TOO_DEEP);
	render("- - - - - - - - - - - - - - - - - a", MARKDOWN_TOO_DEEP);
	render("1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. a",
	    MARKDOWN_TOO_DEEP);
	render("> - > - > - > - > - > - > - > - > a", MARKDOWN_TOO_DEEP);

	/* A list nested by indentation, one level a line. */
	for (i = 0; i < 16; i++)
		buf_printf(&b, "%*s- level %zu\n", (int)(2 * i), "", i + 1);
	free(render(b.data, MARKDOWN_OK));
	buf_printf(&b, "%*s- level 17\n", 32, "");
	render(b.data, MARKDOWN_TOO_DEEP);
	buf_free(&b);

	/* The pitfall: quadratic in cmark-gfm 0.29, refused at once. */
	b = (struct buf)BUF_INIT;
	for (i = 0; i < 24333; i++)
		buf_addc(&b, '>');
	for (i = 0; i < 24333; i++)
		buf_adds(&b, "a*");
	t = ms_now();
	assert_int_equal(markdown_render(b.data, b.len, &html),
	    MARKDOWN_TOO_DEEP);
	assert_true(ms_now() - t < 100);
	assert_null(html);
	buf_free(&b);
	stop_worker();
}

static void
test_tables(void **state)
{
	struct buf b = BUF_INIT;
	char *html = NULL;
	size_t i, j;
	int64_t t;

	(void)state;
	/* The pitfall: 6 KB for a 1000x1000 table, refused at once. */
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "a|");
	buf_addc(&b, '\n');
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "-|");
	buf_addc(&b, '\n');
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "a\n");
	t = ms_now();
	assert_int_equal(markdown_render(b.data, b.len, &html),
	    MARKDOWN_TABLE_TOO_LARGE);
	assert_true(ms_now() - t < 100);
	assert_null(html);

	/* 100 columns by 50 rows is the largest allowed. */
	buf_reset(&b);
	for (i = 0; i < 51; i++) {
		for (j = 0; j < 100; j++)
			buf_adds(&b, i == 1 ? "|-" : "| x");
		buf_adds(&b, "|\n");
	}
	free(render(b.data, MARKDOWN_OK));
	buf_adds(&b, "| one more row |\n");
	render(b.data, MARKDOWN_TABLE_TOO_LARGE);

	/* A blank line ends a table: two tables each within the limit. */
	buf_reset(&b);
	for (i = 0; i < 2; i++) {
		buf_adds(&b, "| a | b |\n|---|---|\n");
		for (j = 0; j < 2000; j++)
			buf_adds(&b, "| 1 | 2 |\n");
		buf_addc(&b, '\n');
	}
	free(render(b.data, MARKDOWN_OK));

	buf_reset(&b);
	for (j = 0; j < 101; j++)
		buf_adds(&b, "a|");
	buf_adds(&b, "\n-|-\n");
	render(b.data, MARKDOWN_TABLE_TOO_LARGE);
	free(render("> | a | b |\n> |---|---|\n> | 1 | 2 |\n", MARKDOWN_OK));
	buf_free(&b);
	stop_worker();
}

static void
test_output_limit(void **state)
{
	struct buf b = BUF_INIT;
	char *html = NULL;
	size_t i;

	(void)state;
	/* One 100 KB reference used 50 times: 5 MB of HTML. */
	buf_adds(&b, "[a]: /");
	for (i = 0; i < 100000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\n\n");
	for (i = 0; i < 50; i++)
		buf_adds(&b, "[a] ");
	assert_int_equal(markdown_render(b.data, b.len, &html),
	    MARKDOWN_OUTPUT_TOO_LARGE);
	assert_null(html);

	/* 200 KB used 5,000 times: gigabytes, stopped by the memory cap. */
	buf_reset(&b);
	buf_adds(&b, "[a]: /");
	for (i = 0; i < 200000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\n\n");
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "[a]");
	assert_int_equal(markdown_render(b.data, b.len, &html),
	    MARKDOWN_OUTPUT_TOO_LARGE);
	assert_null(html);
	buf_free(&b);
	stop_worker();
}

/* A realistic body of about len bytes: paragraphs, lists, links, tables. */
static char *
article(size_t len, size_t *out_len)
{
	struct buf b = BUF_INIT;
	size_t i = 0;

	while (b.len < len) {
		buf_printf(&b, "## Section %zu\n\nIOM Hungary **supports** "
		    "migrants and host communities in *Budapest* and beyond, "
		    "with [partners](https://hungary.iom.int/partners) and "
		    "www.iom.int.\n\n- Health: screening, %zu people\n"
		    "- Labour mobility\n- Return and reintegration\n\n"
		    "| Year | Arrivals |\n|---|---:|\n| 2022 | %zu |\n"
		    "| 2023 | %zu |\n\n> A quote from the head of office.\n\n",
		    i, i * 7, i * 11, i * 13);
		i++;
	}
	assert_false(b.failed);
	*out_len = b.len;
	return buf_release(&b);
}

static void
test_speed(void **state)
{
	char *md, *html = NULL;
	size_t len;
	int64_t t;

	(void)state;
	md = article(4000, &len);
	t = ms_now();
	assert_int_equal(markdown_render(md, len, &html), MARKDOWN_OK);
	/* A few ms here; 200 leaves room for sanitizers and a busy box. */
	assert_true(ms_now() - t < 200);
	assert_non_null(strstr(html, "<table>"));
	assert_non_null(strstr(html, "<a href=\"http://www.iom.int\">"));
	free(html);
	free(md);
	stop_worker();
}

static void
test_deadline(void **state)
{
	char *md, *html = NULL;
	size_t len;
	int64_t t;
	enum markdown_status st;

	(void)state;
	/* A normal 1 MB body against a 1 ms deadline. */
	md = article(1000000, &len);
	t = ms_now();
	assert_int_equal(markdown_render_deadline(md, len, &html, 1),
	    MARKDOWN_TOO_SLOW);
	assert_true(ms_now() - t < 1000);
	assert_null(html);
	/* The worker that missed the deadline was killed and reaped. */
	assert_no_children();
	/* Given time, the same body renders (0.25 s here, more under ASan). */
	assert_int_equal(markdown_render_deadline(md, len, &html, 30000),
	    MARKDOWN_OK);
	free(html);
	free(md);

	/* Passes the pre-scan, quadratic in cmark-gfm 0.29's autolink
	 * extension (5 s here); a fixed cmark-gfm may render it in time. */
	md = repeat("www.a_", 50000, &len);
	t = ms_now();
	st = markdown_render(md, len, &html);
	assert_true(st == MARKDOWN_TOO_SLOW || st == MARKDOWN_OK);
	/* The child is killed at the deadline; the margin is for a busy box. */
	assert_true(ms_now() - t < MARKDOWN_DEADLINE_MS + 1000);
	free(html);
	free(md);
	stop_worker();
}

/* Random Markdown-like text: refused by a limit or rendered safely, never a
 * crash or an overread (the sanitizers watch the pre-scan). */
static void
test_random(void **state)
{
	static const char *const tokens[] = {
		"|", "-", ">", " ", "  ", "\n", "\r", "\t", "*", "_", "[", "]",
		"(", ")", "a", "1.", "`", "<", "www.", "\xc3\xa9", "~", "!",
		"\\",
		"http://", ":", "&", "#", "=", "<script>", "javascript:",
	};
	struct buf b = BUF_INIT;
	uint32_t seed = 42;
	enum markdown_status st;
	char *html;
	size_t i, j, n;

	(void)state;
	for (i = 0; i < 60; i++) {
		buf_reset(&b);
		n = 1 + i * 50;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			buf_adds(&b, tokens[(seed >> 16) %
			    (sizeof(tokens) / sizeof(tokens[0]))]);
		}
		st = markdown_render_deadline(b.data, b.len, &html, 30000);
		assert_true(st == MARKDOWN_OK || st == MARKDOWN_TOO_DEEP ||
		    st == MARKDOWN_TABLE_TOO_LARGE);
		if (st == MARKDOWN_OK) {
			assert_safe_html(b.data, html);
			free(html);
		}
	}
	buf_free(&b);
	stop_worker();
}

struct job {
	const char		*md;
	size_t			 len;
	unsigned		 ms;
	enum markdown_status	 st;
	char			*html;
};

static void *
run_job(void *arg)
{
	struct job *j = arg;

	j->st = markdown_render_deadline(j->md, j->len, &j->html, j->ms);
	return NULL;
}

/* Renders from several threads at once, one of them timing out. */
static void
test_threads(void **state)
{
	struct job jobs[6];
	pthread_t th[6];
	char *slow;
	size_t slow_len, i;

	(void)state;
	slow = repeat("www.a_", 50000, &slow_len);
	for (i = 0; i < 6; i++) {
		jobs[i] = (struct job){ "Hello *there*.", 14, 2000,
		    MARKDOWN_FAILED, NULL };
		if (i == 0) {
			jobs[i].md = slow;
			jobs[i].len = slow_len;
			jobs[i].ms = 300;
		}
		assert_int_equal(pthread_create(&th[i], NULL, run_job,
		    &jobs[i]), 0);
	}
	for (i = 0; i < 6; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	assert_int_equal(jobs[0].st, MARKDOWN_TOO_SLOW);
	for (i = 1; i < 6; i++) {
		assert_int_equal(jobs[i].st, MARKDOWN_OK);
		assert_string_equal(jobs[i].html,
		    "<p>Hello <em>there</em>.</p>\n");
		free(jobs[i].html);
	}
	free(slow);
	stop_worker();
}

/* The worker holds descriptors 0 to 3 only: /dev/null in and out, our
 * stderr and its socket; none of ours leaks into it. */
static void
assert_worker_fds(pid_t pid)
{
	char path[300], target[64];
	struct dirent *d;
	DIR *dir;
	ssize_t n;
	int fd, seen = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	assert_non_null(dir = opendir(path));
	while ((d = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		fd = atoi(d->d_name);
		assert_in_range(fd, 0, 3);
		seen |= 1 << fd;
		if (fd > 1)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fd/%d", (long)pid, fd);
		assert_true((n = readlink(path, target, sizeof(target) - 1)) >
		    0);
		target[n] = '\0';
		assert_string_equal(target, "/dev/null");
	}
	closedir(dir);
	assert_int_equal(seen, 0xf);
}

/* One worker serves render after render; it is started again when it was
 * killed between renders, and after a render that missed its deadline. */
static void
test_worker(void **state)
{
	pid_t first = 0, pid = 0;
	char *html, *slow;
	size_t len;
	int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		assert_int_equal(markdown_render("*a*", 3, &html), MARKDOWN_OK);
		assert_string_equal(html, "<p><em>a</em></p>\n");
		free(html);
		assert_int_equal(children(&pid), 1);
		if (i == 0) {
			first = pid;
			assert_worker_fds(pid);
		}
		assert_int_equal(pid, first);
	}
	/* Killed from outside: the next render does not fail for it. */
	assert_int_equal(kill(first, SIGKILL), 0);
	for (i = 0; i < 1000 && children(&pid) > 0; i++)
		usleep(1000);
	assert_int_equal(children(&pid), 0);
	assert_int_equal(markdown_render("b", 1, &html), MARKDOWN_OK);
	assert_string_equal(html, "<p>b</p>\n");
	free(html);
	assert_int_equal(children(&pid), 1);
	assert_true(pid != first);

	slow = repeat("www.a_", 50000, &len);
	if (markdown_render_deadline(slow, len, &html, 50) == MARKDOWN_TOO_SLOW)
		assert_int_equal(children(&pid), 0);
	else
		free(html);
	free(slow);
	assert_int_equal(markdown_render("c", 1, &html), MARKDOWN_OK);
	assert_string_equal(html, "<p>c</p>\n");
	free(html);
	stop_worker();
}

/* waypoint-render started by hand, with no socket on its descriptor 3,
 * says who starts it and exits 2 rather than reading what is there. */
static void
test_worker_by_hand(void **state)
{
	char path[4096], line[256];
	ssize_t n;
	FILE *p;
	int st;

	(void)state;
	assert_true((n = readlink("/proc/self/exe", path, sizeof(path) - 64)) >
	    0);
	path[n] = '\0';
	*strrchr(path, '/') = '\0';
	snprintf(path + strlen(path), 64, "/waypoint-render 3</dev/null 2>&1");
	assert_non_null(p = popen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), p));
	assert_non_null(strstr(line, "waypoint starts this program itself"));
	st = pclose(p);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 2);
}

static void
test_messages(void **state)
{
	int st;
	const char *m;

	(void)state;
	for (st = MARKDOWN_OK; st <= MARKDOWN_FAILED; st++) {
		m = markdown_message((enum markdown_status)st);
		assert_non_null(m);
		assert_true(strlen(m) > 10);
		assert_int_equal(m[strlen(m) - 1], '.');
	}
	assert_string_equal(markdown_message((enum markdown_status)99),
	    markdown_message(MARKDOWN_FAILED));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_no_script),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_worker),
		cmocka_unit_test(test_worker_by_hand),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

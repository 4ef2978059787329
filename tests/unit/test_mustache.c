/* test_mustache.c: unit tests for view/mustache*.c and view/escape.c. */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "lib/buf.h"
#include "view/escape.h"
#include "view/mustache.h"

/* Compiles the (name, text) pairs of tmpl (NULL-ended) into a new set. */
static struct mustache_set *
make_set(const char *const *tmpl)
{
	struct mustache_set *set = mustache_set_new();
	char err[256];

	assert_non_null(set);
	for (; tmpl[0] != NULL; tmpl += 2) {
		if (mustache_set_add(set, tmpl[0], tmpl[1], strlen(tmpl[1]),
		    err, sizeof(err)) == -1)
			fail_msg("%s", err);
	}
	return set;
}

/* Renders name over the JSON text data and checks the output. */
static void
check_render(const struct mustache_set *set, const char *name,
    const char *data, const char *want)
{
	struct buf out = BUF_INIT;
	json_error_t jerr;
	json_t *j;

	j = json_loads(data, JSON_DECODE_ANY, &jerr);
	assert_non_null(j);
	assert_int_equal(mustache_render(set, name, j, &out), 0);
	assert_string_equal(out.data != NULL ? out.data : "", want);
	buf_free(&out);
	json_decref(j);
}

/* One template called "t" over data. */
static void
check_one(const char *tmpl, const char *data, const char *want)
{
	const char *const t[] = { "t", tmpl, NULL };
	struct mustache_set *set = make_set(t);

	check_render(set, "t", data, want);
	mustache_set_free(set);
}

/* Expects tmpl to fail to compile with exactly the message want. */
static void
check_error(const char *tmpl, const char *want)
{
	struct mustache_set *set = mustache_set_new();
	char err[256];

	assert_non_null(set);
	assert_int_equal(mustache_set_add(set, "page", tmpl, strlen(tmpl), err,
	    sizeof(err)), -1);
	assert_string_equal(err, want);
	assert_false(mustache_set_has(set, "page"));
	mustache_set_free(set);
}

static void
test_escape(void **state)
{
	struct buf out = BUF_INIT;
	static const char nul[] = "a\0<";

	(void)state;
	assert_int_equal(escape_html(&out, "a & b < c > d \" e ' f", 21), 0);
	assert_string_equal(out.data,
	    "a &amp; b &lt; c &gt; d &quot; e &#39; f");
	buf_reset(&out);
	assert_int_equal(escape_html(&out, "<<>>", 4), 0);
	assert_string_equal(out.data, "&lt;&lt;&gt;&gt;");
	buf_reset(&out);
	assert_int_equal(escape_html(&out, "plain text", 10), 0);
	assert_string_equal(out.data, "plain text");
	buf_reset(&out);
	assert_int_equal(escape_html(&out, "", 0), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(escape_html(&out, nul, 3), 0);
	assert_int_equal(out.len, 6);
	assert_memory_equal(out.data, "a\0&lt;", 6);
	buf_free(&out);

	/* An output limit makes it fail, not overflow. */
	out.max = 4;
	assert_int_equal(escape_html(&out, "<>", 2), -1);
	assert_true(out.failed);
	buf_free(&out);
}

static void
test_interpolation(void **state)
{
	(void)state;
	check_one("{{x}}|{{{x}}}|{{&x}}", "{\"x\": \"<a href='x'>&\\\"\"}",
	    "&lt;a href=&#39;x&#39;&gt;&amp;&quot;|<a href='x'>&\"|"
	    "<a href='x'>&\"");
	check_one("{{ x }}{{missing}}{{n}}", "{\"x\": \"y\", \"n\": null}",
	    "y");
	check_one("{{i}} {{r}} {{w}} {{t}} {{f}} {{neg}}",
	    "{\"i\": 85, \"r\": 1.21, \"w\": 2.0, \"t\": true, \"f\": false,"
	    " \"neg\": -3}", "85 1.21 2 true false -3");
	check_one("{{a.b.c}}|{{a.x.c}}|{{#a}}{{b.c}}{{/a}}",
	    "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep||deep");
	check_one("{{.}}", "\"root string\"", "root string");
}

static void
test_sections(void **state)
{
	const char *tmpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}";

	(void)state;
	check_one(tmpl, "{\"v\": true}", "T");
	check_one(tmpl, "{\"v\": false}", "F");
	check_one(tmpl, "{\"v\": null}", "F");
	check_one(tmpl, "{}", "F");
	check_one(tmpl, "{\"v\": \"\"}", "F");
	check_one(tmpl, "{\"v\": 0}", "F");
	check_one(tmpl, "{\"v\": 0.0}", "F");
	check_one(tmpl, "{\"v\": []}", "F");
	check_one(tmpl, "{\"v\": {}}", "T");
	check_one(tmpl, "{\"v\": \"s\"}", "T");
	check_one(tmpl, "{\"v\": 7}", "T");
	check_one(tmpl, "{\"v\": [0, 0]}", "TT");
	check_one("{{#list}}<{{name}}:{{top}}>{{/list}}",
	    "{\"top\": 1, \"list\": [{\"name\": \"a\"}, {\"name\": \"b\","
	    " \"top\": 2}]}", "<a:1><b:2>");
	check_one("{{#list}}({{.}}){{/list}}", "{\"list\": [1, \"<\", 2.5]}",
	    "(1)(&lt;)(2.5)");
	check_one("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n",
	    "{\"items\": [\"a\", \"b\"]}",
	    "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
	check_one("{{=<% %>=}}<% x %>{{x}}<%={{ }}=%>{{x}}", "{\"x\": 1}",
	    "1{{x}}1");
	check_one("a{{! a comment }}b\n  {{! standalone }}\nc", "{}",
	    "ab\nc");
}

static void
test_partials(void **state)
{
	const char *const t[] = {
		"page", "<div>\n  {{>item}}\n</div>\n{{>nothing}}",
		"item", "<p>\n  {{x}}\n</p>\n",
		"inline", "[{{>item}}]",
		NULL
	};
	struct mustache_set *set = make_set(t);

	(void)state;
	assert_true(mustache_set_has(set, "item"));
	assert_false(mustache_set_has(set, "nothing"));
	check_render(set, "page", "{\"x\": \"a\\nb\"}",
	    "<div>\n  <p>\n    a\nb\n  </p>\n</div>\n");
	check_render(set, "inline", "{\"x\": 1}", "[<p>\n  1\n</p>\n]");
	mustache_set_free(set);
}

static void
test_inheritance(void **state)
{
	const char *const t[] = {
		"layout",
		"<html>\n"
		"<head><title>{{$title}}Waypoint{{/title}}</title></head>\n"
		"<body>\n"
		"  {{$body}}\n"
		"  <p>empty</p>\n"
		"  {{/body}}\n"
		"</body>\n"
		"</html>\n",
		"news",
		"{{<layout}}\n"
		"{{$title}}{{headline}}{{/title}}\n"
		"{{$body}}\n"
		"<h1>{{headline}}</h1>\n"
		"{{/body}}\n"
		"{{/layout}}\n",
		"bare", "{{<layout}}{{/layout}}",
		NULL
	};
	struct mustache_set *set = make_set(t);

	(void)state;
	check_render(set, "news", "{\"headline\": \"A & B\"}",
	    "<html>\n"
	    "<head><title>A &amp; B</title></head>\n"
	    "<body>\n"
	    "  <h1>A &amp; B</h1>\n"
	    "</body>\n"
	    "</html>\n");
	check_render(set, "bare", "{}",
	    "<html>\n"
	    "<head><title>Waypoint</title></head>\n"
	    "<body>\n"
	    "  <p>empty</p>\n"
	    "</body>\n"
	    "</html>\n");
	mustache_set_free(set);
}

static void
test_parse_errors(void **state)
{
	char deep[8 * 102 + 1];
	size_t i;

	(void)state;
	check_error("line 1\nline 2\n{{x\n", "page:3: unclosed tag");
	check_error("a\n{{#s}}\nb\n{{#t}}\n{{/t}}\n",
	    "page:2: \"s\" is never closed");
	check_error("{{#s}}\n\n{{/t}}\n",
	    "page:3: {{/t}} does not close \"s\" (opened on line 1)");
	check_error("x\n{{/s}}", "page:2: {{/s}} closes nothing");
	check_error("\n\n\n{{=<% %%>}}", "page:4: unclosed tag");
	check_error("\n{{=<%%>=}}", "page:2: bad delimiters");
	check_error("{{=a= b=}}", "page:1: bad delimiters");
	check_error("{{!\n\n}}{{ }}", "page:3: empty tag");
	check_error("{{a b}}",
	    "page:1: space or control character in tag name");
	check_error("{{a..b}}", "page:1: empty part in name \"a..b\"");

	/* 101 nested sections: one past the limit. */
	deep[0] = '\0';
	for (i = 0; i < MUSTACHE_MAX_NEST + 1; i++)
		strcat(deep, "{{#a}}\n");
	check_error(deep, "page:101: sections nested deeper than 100");
}

static void
test_limits(void **state)
{
	const char *const t[] = {
		"self", "x{{>self}}",
		"parent", "{{<parent}}{{/parent}}",
		"p", "{{$a}}{{/a}}",
		"block", "{{<p}}{{$a}}x{{$a}}y{{/a}}{{/a}}{{/p}}",
		"tree", "{{name}}({{#kids}}{{>tree}}{{/kids}})",
		NULL
	};
	struct mustache_set *set = make_set(t);
	struct buf out = BUF_INIT;
	char *big, err[128];

	(void)state;
	assert_int_equal(mustache_render(set, "self", NULL, &out), -1);
	buf_reset(&out);
	assert_int_equal(mustache_render(set, "parent", NULL, &out), -1);
	buf_reset(&out);
	assert_int_equal(mustache_render(set, "block", NULL, &out), -1);
	buf_reset(&out);
	assert_int_equal(mustache_render(set, "missing", NULL, &out), -1);
	buf_free(&out);
	check_render(set, "tree",
	    "{\"name\": \"a\", \"kids\": [{\"name\": \"b\", \"kids\": []},"
	    " {\"name\": \"c\", \"kids\": false}]}", "a(b()c())");

	/* A full output buffer fails the render. */
	out.max = 1;
	assert_int_equal(mustache_render(set, "tree", NULL, &out), -1);
	buf_free(&out);

	big = malloc(MUSTACHE_MAX_SIZE + 1);
	assert_non_null(big);
	memset(big, 'x', MUSTACHE_MAX_SIZE + 1);
	assert_int_equal(mustache_set_add(set, "big", big, MUSTACHE_MAX_SIZE,
	    err, sizeof(err)), 0);
	assert_int_equal(mustache_set_add(set, "big2", big,
	    MUSTACHE_MAX_SIZE + 1, err, sizeof(err)), -1);
	assert_string_equal(err, "big2: template larger than 1 MiB");
	free(big);

	/* Adding a name again replaces the template. */
	assert_int_equal(mustache_set_add(set, "self", "new", 3, err,
	    sizeof(err)), 0);
	check_render(set, "self", "{}", "new");
	mustache_set_free(set);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void
remove_tree(const char *dir)
{
	static const char *const names[] = {
		"page.mustache", "item.mustache", "link.mustache",
		"notes.txt", ".hidden.mustache", "bad.mustache", NULL
	};
	char path[512];
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/sub.mustache", dir);
	rmdir(path);
	rmdir(dir);
}

static void
test_load_dir(void **state)
{
	char dir[] = "/tmp/test_mustache.XXXXXX", path[512], err[512];
	char want[600];
	struct mustache_set *set;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "page.mustache", "<ul>\n  {{>item}}\n</ul>\n");
	write_file(dir, "item.mustache", "<li>{{x}}</li>\n");
	write_file(dir, "notes.txt", "{{#unclosed}}");
	write_file(dir, ".hidden.mustache", "{{#unclosed}}");
	snprintf(path, sizeof(path), "%s/sub.mustache", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/item.mustache", dir);
	assert_int_equal(symlink(path, strcat(strcpy(want, dir),
	    "/link.mustache")), 0);

	set = mustache_set_new();
	assert_non_null(set);
	assert_int_equal(mustache_set_load_dir(set, dir, err, sizeof(err)), 0);
	assert_true(mustache_set_has(set, "page"));
	assert_true(mustache_set_has(set, "item"));
	assert_false(mustache_set_has(set, "link"));
	assert_false(mustache_set_has(set, "notes"));
	assert_false(mustache_set_has(set, "sub"));
	assert_false(mustache_set_has(set, ".hidden"));
	check_render(set, "page", "{\"x\": \"<b>\"}",
	    "<ul>\n  <li>&lt;b&gt;</li>\n</ul>\n");
	mustache_set_free(set);

	write_file(dir, "bad.mustache", "ok\n{{#s}}\n{{/t}}\n");
	set = mustache_set_new();
	assert_non_null(set);
	assert_int_equal(mustache_set_load_dir(set, dir, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want), "%s/bad.mustache:3: {{/t}} does not "
	    "close \"s\" (opened on line 2)", dir);
	assert_string_equal(err, want);
	mustache_set_free(set);
	remove_tree(dir);

	set = mustache_set_new();
	assert_non_null(set);
	assert_int_equal(mustache_set_load_dir(set, dir, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", dir);
	assert_string_equal(err, want);
	mustache_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_interpolation),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_load_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

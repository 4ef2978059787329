/* test_i18n_template.c: unit tests for view/i18n_template.c and the
 * lookups of view/i18n.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "response.h"
#include "view/i18n.h"
#include "view/i18n_template.h"
#include "view/render.h"

static char dir[] = "/tmp/test_i18n.XXXXXX";
static char templates[300];
static struct config cfg;

static const char hu_po[] =
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Language: hu\\n\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
    "\n"
    "msgid \"Skip to main content\"\n"
    "msgstr \"Ugrás a tartalomra\"\n"
    "\n"
    "msgid \"Page {{page}} of {{pages}}\"\n"
    "msgstr \"{{pages}} / {{page}}. oldal\"\n"
    "\n"
    "msgid \"Fish & chips\"\n"
    "msgstr \"Hal <és> \\\"sült\\\" 'krumpli' & co\"\n"
    "\n"
    "msgid \"Hello {{name}}\"\n"
    "msgstr \"Szia {{{name}}}\"\n"
    "\n"
    "msgid \"%d release\"\n"
    "msgid_plural \"%d releases\"\n"
    "msgstr[0] \"%d közlemény\"\n"
    "msgstr[1] \"%d közlemény\"\n";

static int
setup(void **state)
{
	char path[400];
	FILE *f;

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/www", dir);
	snprintf(templates, sizeof(templates), "%s/www/templates", dir);
	if (mkdir(path, 0700) == -1 || mkdir(templates, 0700) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/po", dir);
	if (mkdir(path, 0700) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/po/hu.po", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(hu_po, f);
	fclose(f);
	cfg.templates = templates;
	cfg.default_lang = "en";
	cfg.langs[0] = "en";
	cfg.langs[1] = "hu";
	cfg.langs[2] = "uk";
	cfg.nlangs = 3;
	return i18n_init(&cfg);
}

static int
teardown(void **state)
{
	char cmd[400];

	(void)state;
	i18n_fini();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The pass over text in lang; NULL with the message in err on an error. */
static char *
pass(const char *lang, const char *text, char *err, size_t errsize)
{
	struct buf out = BUF_INIT;

	err[0] = '\0';
	if (i18n_template(lang, "t", text, strlen(text), &out, err,
	    errsize) == -1) {
		buf_free(&out);
		return NULL;
	}
	return buf_release(&out);
}

static void
check(const char *lang, const char *text, const char *want)
{
	char err[300], *got = pass(lang, text, err, sizeof(err));

	if (got == NULL)
		fail_msg("refused \"%s\": %s", text, err);
	if (strcmp(got, want) != 0)
		fail_msg("\"%s\" in %s gave \"%s\", want \"%s\"", text, lang,
		    got, want);
	free(got);
}

static void
refused(const char *text, const char *want)
{
	char err[300], *got = pass("hu", text, err, sizeof(err));

	if (got != NULL)
		fail_msg("accepted \"%s\" as \"%s\"", text, got);
	if (strcmp(err, want) != 0)
		fail_msg("\"%s\": got \"%s\", want \"%s\"", text, err, want);
}

static void
test_markers(void **state)
{
	(void)state;
	check("hu", "<a href=\"#main\">{{_ Skip to main content _}}</a>",
	    "<a href=\"#main\">Ugrás a tartalomra</a>");
	check("en", "<a>{{_ Skip to main content _}}</a>",
	    "<a>Skip to main content</a>");
	check(NULL, "<a>{{_ Skip to main content _}}</a>",
	    "<a>Skip to main content</a>");
	/* A language without a catalog shows the msgid. */
	check("uk", "{{_ Skip to main content _}}", "Skip to main content");
	/* Blanks around the msgid are not part of it; two on a line. */
	check("hu", "{{_   Skip to main content  _}}|{{_ Fish & chips _}}",
	    "Ugrás a tartalomra|Hal &lt;és&gt; &quot;sült&quot; "
	    "&#39;krumpli&#39; &amp; co");
	/* Untranslated text is escaped the same way. */
	check("hu", "{{_ Tom & \"Jerry\" _}}", "Tom &amp; &quot;Jerry&quot;");
	check("hu", "no markers {{x}} here\n", "no markers {{x}} here\n");
	check("hu", "", "");
}

static void
test_tags_kept(void **state)
{
	(void)state;
	check("hu", "<p>{{_ Page {{page}} of {{pages}} _}}</p>",
	    "<p>{{pages}} / {{page}}. oldal</p>");
	check("en", "<p>{{_ Page {{page}} of {{pages}} _}}</p>",
	    "<p>Page {{page}} of {{pages}}</p>");
	check("en", "{{_ Triple {{{raw}}} & more _}}",
	    "Triple {{{raw}}} &amp; more");
}

static void
test_errors(void **state)
{
	(void)state;
	refused("line 1\n<p>{{_ Skip to main content</p>\n",
	    "t:2: {{_ marker not closed with _}} on its line");
	refused("a\nb\n{{_ Skip to\nmain content _}}",
	    "t:3: {{_ marker not closed with _}} on its line");
	refused("{{_ _}}", "t:1: empty {{_ _}} marker");
	refused("{{_    _}}", "t:1: empty {{_ _}} marker");
	refused("{{_ Broken {{tag _}}", "t:1: a tag not closed in "
	    "\"Broken {{tag\"");
	refused("{{_ a {{_ b _}}", "t:1: a marker inside \"a {{_ b\"");
	/* The Hungarian text turns {{name}} into {{{name}}}: refused. */
	refused("\n{{_ Hello {{name}} _}}", "t:2: a translation changes the "
	    "tags of \"Hello {{name}}\"");
}

static void
test_lookups(void **state)
{
	(void)state;
	assert_string_equal(T("hu", "Skip to main content"),
	    "Ugrás a tartalomra");
	assert_string_equal(T("en", "Skip to main content"),
	    "Skip to main content");
	assert_string_equal(T("hu", "Not there"), "Not there");
	assert_string_equal(T("xx", "Skip to main content"),
	    "Skip to main content");
	assert_string_equal(TN("hu", "%d release", "%d releases", 1),
	    "%d közlemény");
	assert_string_equal(TN("uk", "%d release", "%d releases", 1),
	    "%d release");
	assert_string_equal(TN("en", "%d release", "%d releases", 0),
	    "%d releases");
	assert_true(i18n_rtl("ar"));
	assert_true(i18n_rtl("he"));
	assert_true(i18n_rtl("fa"));
	assert_true(i18n_rtl("ku-arab"));
	assert_true(i18n_rtl("pa-Arab-pk"));
	assert_false(i18n_rtl("en"));
	assert_false(i18n_rtl("hu"));
	assert_false(i18n_rtl("uk"));
	assert_false(i18n_rtl("ku"));
	assert_false(i18n_rtl("ara"));
	assert_false(i18n_rtl("pt-arabx"));
	assert_false(i18n_rtl(NULL));
	assert_int_equal(i18n_reload(), 0);
	assert_string_equal(T("hu", "Skip to main content"),
	    "Ugrás a tartalomra");
}

/* Writes text into file name under the temporary folder. */
static void
put(const char *name, const char *text)
{
	char path[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Renders template name in lang; the body, or NULL when it failed. */
static char *
render(const char *lang, const char *name)
{
	struct response rs;
	const char *body;
	size_t len;
	char *out = NULL;

	response_init(&rs);
	if (view_render(&rs, lang, name, NULL, 200) == 200 &&
	    (body = response_body(&rs, &len)) != NULL)
		out = strndup(body, len);
	response_free(&rs);
	return out;
}

static void
test_view_per_language(void **state)
{
	char *got;

	(void)state;
	i18n_fini();
	put("www/templates/skip.mustache",
	    "<a href=\"#main\">{{_ Skip to main content _}}</a>");
	assert_int_equal(view_init(&cfg), 0);
	got = render("hu", "skip");
	assert_string_equal(got, "<a href=\"#main\">Ugrás a tartalomra</a>");
	free(got);
	got = render("en", "skip");
	assert_string_equal(got, "<a href=\"#main\">Skip to main content</a>");
	free(got);
	/* No catalog, or a language not configured: the msgids. */
	got = render("uk", "skip");
	assert_string_equal(got, "<a href=\"#main\">Skip to main content</a>");
	free(got);
	got = render("fr", "skip");
	assert_string_equal(got, "<a href=\"#main\">Skip to main content</a>");
	free(got);
	/* A broken marker: the reload is refused, the old set stays. */
	put("www/templates/broken.mustache", "\n<p>{{_ Menu</p>\n");
	assert_int_equal(view_reload(), -1);
	got = render("hu", "skip");
	assert_string_equal(got, "<a href=\"#main\">Ugrás a tartalomra</a>");
	free(got);
	view_fini();
	/* ... and stops a start. */
	assert_int_equal(view_init(&cfg), -1);
	put("www/templates/broken.mustache", "");
	assert_int_equal(i18n_init(&cfg), 0);
}

static void
test_broken_catalog(void **state)
{
	(void)state;
	i18n_fini();
	put("po/uk.po", "msgid \"a\"\nmsgstr \"b\" junk\n");
	assert_int_equal(i18n_init(&cfg), -1);
	put("po/uk.po", "msgid \"Menu\"\nmsgstr \"Меню\"\n");
	assert_int_equal(i18n_init(&cfg), 0);
	assert_string_equal(T("uk", "Menu"), "Меню");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_tags_kept),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_view_per_language),
		cmocka_unit_test(test_broken_catalog),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

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
#include "view/i18n.h"
#include "view/i18n_template.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_tags_kept),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lookups),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

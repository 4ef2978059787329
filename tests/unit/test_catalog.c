/* test_catalog.c: unit tests for lib/catalog.c and lib/plural.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/catalog.h"
#include "lib/plural.h"

static char path[] = "/tmp/test_catalog.XXXXXX";

#define HEADER(plural) \
	"msgid \"\"\n" \
	"msgstr \"\"\n" \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n" \
	"\"Plural-Forms: " plural "\\n\"\n\n"

#define HU	"nplurals=2; plural=(n != 1);"
#define UK	"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && " \
	"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
#define AR	"nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : " \
	"n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"

/* Writes text to the temporary file and loads it; err gets the message. */
static struct catalog *
load(const char *text, char *err, size_t errsize)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	err[0] = '\0';
	return catalog_load(path, err, errsize);
}

static struct catalog *
must_load(const char *text)
{
	char err[300];
	struct catalog *c = load(text, err, sizeof(err));

	if (c == NULL)
		fail_msg("refused: %s", err);
	return c;
}

/* Checks that text is refused with "PATH:line: …why…". */
static void
refused(const char *text, int line, const char *why)
{
	char err[300], want[300];

	if (load(text, err, sizeof(err)) != NULL)
		fail_msg("accepted: %s", text);
	snprintf(want, sizeof(want), "%s:%d: ", path, line);
	if (strncmp(err, want, strlen(want)) != 0 || strstr(err, why) == NULL)
		fail_msg("got \"%s\", want \"%s…%s\"", err, want, why);
}

static void
test_parse(void **state)
{
	struct catalog *c;

	(void)state;
	c = must_load(HEADER(HU)
	    "# A translator's comment\n"
	    "#: www/templates/layout.mustache:13\n"
	    "msgid \"Skip to main content\"\n"
	    "msgstr \"Ugrás a tartalomra\"\n"
	    "\n"
	    "msgid \"Menu\"\nmsgstr \"Menü\"\n"
	    "msgid \"Long\"\n"
	    "msgstr \"\"\n"
	    "\"first \"\n"
	    "  \"second\"\n"
	    "msgid \"\"\n\"Split \"\n\"id\"\nmsgstr \"kettő\"\n"
	    "msgid \"Escapes\"\n"
	    "msgstr \"a\\nb\\tc\\\"d\\\\e\"\n"
	    "msgctxt \"button\"\nmsgid \"Open\"\nmsgstr \"Megnyitás\"\n");
	assert_string_equal(catalog_get(c, "Skip to main content"),
	    "Ugrás a tartalomra");
	assert_string_equal(catalog_get(c, "Menu"), "Menü");
	assert_string_equal(catalog_get(c, "Long"), "first second");
	assert_string_equal(catalog_get(c, "Split id"), "kettő");
	assert_string_equal(catalog_get(c, "Escapes"), "a\nb\tc\"d\\e");
	assert_string_equal(catalog_get(c, "button\004Open"), "Megnyitás");
	assert_null(catalog_get(c, "Open"));
	assert_null(catalog_get(c, "Missing"));
	assert_null(catalog_get(c, ""));
	assert_null(catalog_get(NULL, "Menu"));
	catalog_free(c);
}

static void
test_untranslated(void **state)
{
	struct catalog *c;

	(void)state;
	c = must_load(HEADER(HU)
	    "#, fuzzy\n"
	    "msgid \"Fuzzy\"\nmsgstr \"Bolyhos\"\n\n"
	    "#, c-format, fuzzy\n"
	    "msgid \"Fuzzy %s\"\nmsgstr \"Bolyhos %s\"\n\n"
	    "msgid \"Empty\"\nmsgstr \"\"\n\n"
	    "#, fuzzy\n"
	    "#~ msgid \"Gone\"\n#~ msgstr \"Elment\"\n\n"
	    "msgid \"Kept\"\nmsgstr \"Megvan\"\n"
	    "#, c-format\n"
	    "msgid \"Flagged %d\"\nmsgstr \"Jelölt %d\"\n");
	assert_null(catalog_get(c, "Fuzzy"));
	assert_null(catalog_get(c, "Fuzzy %s"));
	assert_null(catalog_get(c, "Empty"));
	assert_null(catalog_get(c, "Gone"));
	/* The obsolete entry's fuzzy flag is not the next entry's. */
	assert_string_equal(catalog_get(c, "Kept"), "Megvan");
	assert_string_equal(catalog_get(c, "Flagged %d"), "Jelölt %d");
	catalog_free(c);
}

static const char *
nget(const struct catalog *c, unsigned long n)
{
	const char *s = catalog_nget(c, "%lu item", "%lu items", n);

	return s != NULL ? s : "(none)";
}

static void
test_plurals(void **state)
{
	static const unsigned long ns[] = { 0, 1, 2, 5, 11, 21, 22, 25, 101 };
	static const char *const hu[] = { "sok", "egy", "sok", "sok", "sok",
	    "sok", "sok", "sok", "sok" };
	static const char *const uk[] = { "many", "one", "few", "many",
	    "many", "one", "few", "many", "one" };
	static const char *const ar[] = { "zero", "one", "two", "few",
	    "many", "many", "many", "many", "other" };
	struct catalog *c;
	size_t i;

	(void)state;
	c = must_load(HEADER(HU) "msgid \"%lu item\"\n"
	    "msgid_plural \"%lu items\"\n"
	    "msgstr[0] \"egy\"\nmsgstr[1] \"sok\"\n");
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		assert_string_equal(nget(c, ns[i]), hu[i]);
	assert_null(catalog_nget(c, "other", "others", 1));
	catalog_free(c);

	c = must_load(HEADER(UK) "msgid \"%lu item\"\n"
	    "msgid_plural \"%lu items\"\n"
	    "msgstr[0] \"one\"\nmsgstr[1] \"few\"\nmsgstr[2] \"many\"\n");
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		assert_string_equal(nget(c, ns[i]), uk[i]);
	catalog_free(c);

	c = must_load(HEADER(AR) "msgid \"%lu item\"\n"
	    "msgid_plural \"%lu items\"\n"
	    "msgstr[0] \"zero\"\nmsgstr[1] \"one\"\nmsgstr[2] \"two\"\n"
	    "msgstr[3] \"few\"\nmsgstr[4] \"many\"\nmsgstr[5] \"other\"\n");
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		assert_string_equal(nget(c, ns[i]), ar[i]);
	/* 102: n%100 is 2, neither few nor many. */
	assert_string_equal(nget(c, 102), "other");
	assert_string_equal(nget(c, 103), "few");
	catalog_free(c);

	/* No Plural-Forms: English's rule. */
	c = must_load("msgid \"%lu item\"\nmsgid_plural \"%lu items\"\n"
	    "msgstr[0] \"one\"\nmsgstr[1] \"\"\n");
	assert_string_equal(nget(c, 1), "one");
	assert_string_equal(nget(c, 2), "(none)");
	catalog_free(c);
}

static void
test_plural_rules(void **state)
{
	static const char *const bad[] = {
		"", "n +", "(n", "n)", "n = 1", "n & 1", "n ? 1", "x", "-1",
		"n == 1 ? 0 : 1 : 2", "9999999999", "n >> 1", "n; 1",
	};
	struct plural *p;
	unsigned long v;
	char err[160], deep[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if ((p = plural_compile(bad[i], err, sizeof(err))) != NULL)
			fail_msg("compiled \"%s\"", bad[i]);
		assert_non_null(strstr(err, "plural rule"));
	}
	p = plural_compile("!(n <= 1) + (n >= 3) * 2 - n / 2 % 3", err,
	    sizeof(err));
	assert_non_null(p);
	assert_int_equal(plural_eval(p, 4, &v), 0);
	/* 1 + 2 - (2 % 3) */
	assert_int_equal(v, 1);
	plural_free(p);
	p = plural_compile("n / (n - 1)", err, sizeof(err));
	assert_non_null(p);
	assert_int_equal(plural_eval(p, 1, &v), -1);
	assert_int_equal(plural_eval(p, 3, &v), 0);
	assert_int_equal(v, 1);
	plural_free(p);
	/* Nested past PLURAL_MAX_NEST. */
	memset(deep, '(', 40);
	deep[40] = 'n';
	memset(deep + 41, ')', 40);
	deep[81] = '\0';
	assert_null(plural_compile(deep, err, sizeof(err)));
	assert_non_null(strstr(err, "nested too deep"));
}

static void
test_malformed(void **state)
{
	char big[CATALOG_MAX_MESSAGE + 64];
	char *huge;
	FILE *f;
	size_t n;

	(void)state;
	refused("msgid \"a\"\nmsgstr \"b\n", 2, "string not closed");
	refused("msgid \"a\"\nmsgstr \"\\x41\"\n", 2, "unknown escape");
	refused("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n", 1,
	    "msgid without msgstr");
	refused("msgid \"a\"\n", 1, "msgid without msgstr");
	refused("msgstr \"a\"\n", 1, "msgstr out of place");
	refused("\"a\"\n", 1, "outside an entry");
	refused("msgid \"a\"\nmsgstr \"b\" x\n", 2, "text after");
	refused("msgid \"a\"\nmsgstr[0] \"b\"\n", 2, "without msgid_plural");
	refused("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"\n", 3,
	    "msgstr[0] expected");
	refused("msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", 5,
	    "duplicate");
	refused("bogus\n", 1, "unexpected text");
	refused("msgid \"a\"\nmsgstr \"\xff\"\n", 1, "UTF-8");
	refused("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; "
	    "plural=n/0;\\n\"\n", 2, "divides by zero");
	refused("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; "
	    "plural=n;\\n\"\n", 2, "past nplurals");
	refused("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; "
	    "plural=n ** 2;\\n\"\n", 2, "plural rule");
	refused("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=0; "
	    "plural=0;\\n\"\n", 2, "nplurals must be");
	refused("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	    "charset=ISO-8859-2\\n\"\n", 2, "UTF-8");
	/* A message past CATALOG_MAX_MESSAGE. */
	n = (size_t)snprintf(big, sizeof(big), "msgid \"a\"\nmsgstr \"");
	memset(big + n, 'x', CATALOG_MAX_MESSAGE + 1);
	strcpy(big + n + CATALOG_MAX_MESSAGE + 1, "\"\n");
	refused(big, 2, "longer than");
	/* A file past CATALOG_MAX_FILE. */
	huge = malloc(CATALOG_MAX_FILE + 2);
	assert_non_null(huge);
	memset(huge, '#', CATALOG_MAX_FILE + 1);
	huge[CATALOG_MAX_FILE + 1] = '\0';
	refused(huge, 0, "larger than");
	free(huge);
	/* A missing file. */
	unlink(path);
	assert_null(catalog_load(path, big, sizeof(big)));
	assert_non_null(strstr(big, "No such file"));
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_untranslated),
		cmocka_unit_test(test_plurals),
		cmocka_unit_test(test_plural_rules),
		cmocka_unit_test(test_malformed),
	};
	int fd, ret;

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	return ret;
}

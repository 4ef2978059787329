/* test_search_query.c: unit tests of src/search_query.c: the search text
 * read into words, phrases and words left out, FTS5's syntax taken as
 * plain text, the limits, and /search's cache keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "page_cache.h"
#include "request.h"
#include "search_query.h"
#include "store/store.h"

static struct arena *a;

static int
setup(void **state)
{
	(void)state;
	a = arena_new();
	return a == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

/* Parses q, which must be accepted, into *q. */
static void
parse_ok(const char *text, struct search_query *q)
{
	assert_int_equal(search_query_parse(a, text, q), SEARCH_QUERY_OK);
}

/* Term i of q is text, a phrase or not, left out or not. */
static void
term_is(const struct search_query *q, size_t i, const char *text,
    bool phrase, bool exclude)
{
	assert_true(i < q->nterms);
	assert_string_equal(q->terms[i].text, text);
	assert_int_equal(q->terms[i].phrase, phrase);
	assert_int_equal(q->terms[i].exclude, exclude);
}

static void
test_words(void **state)
{
	struct search_query q;

	(void)state;
	parse_ok("  migrants   Hungary\t2021 ", &q);
	assert_string_equal(q.text, "migrants Hungary 2021");
	assert_int_equal(q.nterms, 3);
	assert_int_equal(q.nwanted, 3);
	term_is(&q, 0, "migrants", false, false);
	term_is(&q, 1, "Hungary", false, false);
	term_is(&q, 2, "2021", false, false);

	/* Accented and Cyrillic words stay whole. */
	parse_ok("migránsok António мігранти", &q);
	assert_int_equal(q.nterms, 3);
	term_is(&q, 0, "migránsok", false, false);
	term_is(&q, 1, "António", false, false);
	term_is(&q, 2, "мігранти", false, false);
}

static void
test_phrases_and_exclusion(void **state)
{
	struct search_query q;

	(void)state;
	parse_ok("\"human mobility\" -Geneva -\"press release\" migration",
	    &q);
	assert_int_equal(q.nterms, 4);
	assert_int_equal(q.nwanted, 2);
	term_is(&q, 0, "human mobility", true, false);
	term_is(&q, 1, "Geneva", false, true);
	term_is(&q, 2, "press release", true, true);
	term_is(&q, 3, "migration", false, false);

	/* Punctuation inside a phrase separates its words. */
	parse_ok("\"human, mobility!\"", &q);
	term_is(&q, 0, "human mobility", true, false);

	/* Hungarian, English and Ukrainian typographic quotes. */
	parse_ok("„emberi mobilitás” “human mobility” «людська мобільність»",
	    &q);
	assert_int_equal(q.nterms, 3);
	term_is(&q, 0, "emberi mobilitás", true, false);
	term_is(&q, 1, "human mobility", true, false);
	term_is(&q, 2, "людська мобільність", true, false);

	/* A hyphen inside a word separates; only a leading one excludes. */
	parse_ok("covid-19 - alone", &q);
	assert_int_equal(q.nterms, 3);
	term_is(&q, 0, "covid", false, false);
	term_is(&q, 1, "19", false, false);
	term_is(&q, 2, "alone", false, false);

	/* Nothing but words left out: terms, none wanted. */
	parse_ok("-migration", &q);
	assert_int_equal(q.nterms, 1);
	assert_int_equal(q.nwanted, 0);
}

static void
test_unbalanced_quotes(void **state)
{
	struct search_query q;

	(void)state;
	/* The rest is a phrase. */
	parse_ok("migration \"human mobility", &q);
	assert_int_equal(q.nterms, 2);
	term_is(&q, 0, "migration", false, false);
	term_is(&q, 1, "human mobility", true, false);

	/* A quote alone, or quotes with nothing in them, are no term. */
	parse_ok("\"", &q);
	assert_int_equal(q.nterms, 0);
	parse_ok("\"\" \"!!\" x", &q);
	assert_int_equal(q.nterms, 1);
	term_is(&q, 0, "x", false, false);
}

static void
test_fts5_syntax_is_text(void **state)
{
	struct search_query q;

	(void)state;
	parse_ok("NEAR(migration mobility, 5)", &q);
	assert_int_equal(q.nterms, 4);
	term_is(&q, 0, "NEAR", false, false);
	term_is(&q, 1, "migration", false, false);
	term_is(&q, 2, "mobility", false, false);
	term_is(&q, 3, "5", false, false);

	parse_ok("title:migration body : x", &q);
	assert_int_equal(q.nterms, 4);
	term_is(&q, 0, "title", false, false);
	term_is(&q, 1, "migration", false, false);

	parse_ok("migra* ^start {title body}:x a+b", &q);
	assert_int_equal(q.nterms, 7);
	term_is(&q, 0, "migra", false, false);
	term_is(&q, 1, "start", false, false);
	term_is(&q, 2, "title", false, false);
	term_is(&q, 4, "x", false, false);
	term_is(&q, 6, "b", false, false);

	/* Operators are words like any other. */
	parse_ok("migration AND OR NOT mobility", &q);
	assert_int_equal(q.nterms, 5);
	term_is(&q, 2, "OR", false, false);

	/* Only punctuation: the empty search, no error. */
	parse_ok("*** ( ) : ^ \" - + {}", &q);
	assert_int_equal(q.nterms, 0);
	parse_ok("", &q);
	assert_int_equal(q.nterms, 0);
	assert_string_equal(q.text, "");
	parse_ok(NULL, &q);
	assert_int_equal(q.nterms, 0);
}

static void
test_limits(void **state)
{
	struct search_query q;
	char text[1024];
	size_t i;

	(void)state;
	/* 200 characters, counted as characters: 200 "é" (400 bytes). */
	for (i = 0; i < 200; i++)
		memcpy(text + 2 * i, "é", 2);
	text[400] = '\0';
	parse_ok(text, &q);
	assert_int_equal(q.nterms, 1);
	memcpy(text + 400, "é", 3);
	assert_int_equal(search_query_parse(a, text, &q),
	    SEARCH_QUERY_TOO_LONG);

	/* White space outside the words does not count. */
	memset(text, ' ', 600);
	memset(text + 300, 'x', 200);
	text[600] = '\0';
	parse_ok(text, &q);

	/* 16 terms, then 17. */
	strcpy(text, "a b c d e f g h i j k l m n o \"p q\"");
	parse_ok(text, &q);
	assert_int_equal(q.nterms, 16);
	strcat(text, " -r");
	assert_int_equal(search_query_parse(a, text, &q),
	    SEARCH_QUERY_TOO_MANY);

	/* Not UTF-8: a lone byte, an overlong form, a surrogate. */
	assert_int_equal(search_query_parse(a, "migr\xff", &q),
	    SEARCH_QUERY_NOT_TEXT);
	assert_int_equal(search_query_parse(a, "\xc0\xaf", &q),
	    SEARCH_QUERY_NOT_TEXT);
	assert_int_equal(search_query_parse(a, "\xed\xa0\x80", &q),
	    SEARCH_QUERY_NOT_TEXT);
}

static void
test_normalise(void **state)
{
	enum search_query_status why;

	(void)state;
	/* Control characters are spaces; runs of space are one. */
	assert_string_equal(search_query_normalise(a,
	    "\x01 a\n\r\x7f b\xc2\xa0\xe3\x80\x80 c ", &why), "a b c");
	/* NFC: "e" and a combining acute accent are one "é". */
	assert_string_equal(search_query_normalise(a, "Ante\xcc\x81", &why),
	    "Ant\xc3\xa9");
	assert_string_equal(search_query_normalise(a, "Ant\xc3\xa9", &why),
	    "Ant\xc3\xa9");
	assert_null(search_query_normalise(a, "\xff", &why));
	assert_int_equal(why, SEARCH_QUERY_NOT_TEXT);
}

static void
test_type_and_year(void **state)
{
	const char *kind;
	int year;

	(void)state;
	assert_int_equal(search_query_type(NULL, &kind), 0);
	assert_null(kind);
	assert_int_equal(search_query_type("", &kind), 0);
	assert_null(kind);
	assert_int_equal(search_query_type("news", &kind), 0);
	assert_string_equal(kind, "news");
	assert_int_equal(search_query_type("page", &kind), 0);
	assert_string_equal(kind, "page");
	assert_int_equal(search_query_type("pages", &kind), -1);
	assert_int_equal(search_query_type("News", &kind), -1);

	assert_int_equal(search_query_year(NULL, &year), 0);
	assert_int_equal(year, 0);
	assert_int_equal(search_query_year("", &year), 0);
	assert_int_equal(year, 0);
	assert_int_equal(search_query_year("2021", &year), 0);
	assert_int_equal(year, 2021);
	assert_int_equal(search_query_year("1900", &year), 0);
	assert_int_equal(search_query_year("2100", &year), 0);
	assert_int_equal(search_query_year("1899", &year), -1);
	assert_int_equal(search_query_year("2101", &year), -1);
	assert_int_equal(search_query_year("02021", &year), -1);
	assert_int_equal(search_query_year("2021x", &year), -1);
	assert_int_equal(search_query_year("-2021", &year), -1);
}

/* The cache key of target through /search's fields; "" when not cached. */
static const char *
key_of(const char *target)
{
	struct request rq;
	const char *k;

	request_init(&rq, a);
	assert_int_equal(request_set_target(&rq, target), 0);
	k = page_cache_key(&rq, rq.path, search_query_fields);
	return k != NULL ? k : "";
}

static void
test_cache_keys(void **state)
{
	(void)state;
	/* The example: one entry. */
	assert_string_equal(key_of("/search?q=a%20%20b&utm=x"),
	    key_of("/search?q=a+b"));
	assert_string_equal(key_of("/search?q=a+b"), "/search\nq=a b");
	assert_string_equal(key_of("/search?q=+a+b+&page=0&type=&year="),
	    "/search\nq=a b");
	/* NFC: decomposed and composed are one entry. */
	assert_string_equal(key_of("/search?q=Ante%CC%81"),
	    key_of("/search?q=Ant%C3%A9"));
	/* Every field, in the route's order whatever the query's. */
	assert_string_equal(key_of("/search?page=2&year=2021&type=news&q=x"),
	    "/search\nq=x\ntype=news\nyear=2021\npage=2");
	/* A newline typed into q cannot forge another field. */
	assert_string_equal(key_of("/search?q=x%0Atype=news"),
	    "/search\nq=x type=news");
	/* No query, an empty one: the empty search page. */
	assert_string_equal(key_of("/search"), "/search");
	assert_string_equal(key_of("/search?q="), "/search");

	/* Malformed fields are never cached. */
	assert_string_equal(key_of("/search?q=%FF"), "");
	assert_string_equal(key_of("/search?q=x&type=all"), "");
	assert_string_equal(key_of("/search?q=x&year=99"), "");
	assert_string_equal(key_of("/search?q=x&page=-1"), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_phrases_and_exclusion),
		cmocka_unit_test(test_unbalanced_quotes),
		cmocka_unit_test(test_fts5_syntax_is_text),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_type_and_year),
		cmocka_unit_test(test_cache_keys),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

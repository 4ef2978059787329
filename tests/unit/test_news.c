/* test_news.c: unit tests for controllers/news.c's pure helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "controllers/controllers.h"

/* The seed's shape: the dateline opens the first paragraph. */
static void
test_leads(void **state)
{
	(void)state;
	assert_true(news_dateline_leads("Geneva",
	    "<p>Geneva \u2013 International Migrants Day this year falls</p>"));
	assert_true(news_dateline_leads("Geneva",
	    "<p>Geneva\u2014International Migrants Day</p>"));
	assert_true(news_dateline_leads("Budapest", "<p>Budapest, 10 May</p>"));
	assert_true(news_dateline_leads("Budapest", "<p>Budapest - IOM</p>"));
	assert_true(news_dateline_leads("Budapest",
	    "<p><strong>Budapest</strong> \u2013 IOM</p>"));
	/* cmark-gfm escapes these four in text; an apostrophe it keeps. */
	assert_true(news_dateline_leads("A & B <\"x\">",
	    "<p>A &amp; B &lt;&quot;x&quot;&gt; \u2013 text</p>"));
	assert_true(news_dateline_leads("N'Djamena",
	    "<p>N'Djamena \u2013 text</p>"));
	assert_true(news_dateline_leads("Geneva", "<p>Geneva"));
}

/* Anything else: the page prints the dateline apart, once. */
static void
test_does_not_lead(void **state)
{
	(void)state;
	assert_false(news_dateline_leads("", "<p>Geneva \u2013 text</p>"));
	assert_false(news_dateline_leads(NULL, "<p>Geneva \u2013 text</p>"));
	assert_false(news_dateline_leads("Geneva", NULL));
	assert_false(news_dateline_leads("Geneva", ""));
	assert_false(news_dateline_leads("Geneva",
	    "<p>International Migrants Day, Geneva \u2013 text</p>"));
	assert_false(news_dateline_leads("Geneva", "<p>Genevans say</p>"));
	assert_false(news_dateline_leads("Geneva", "<p>Geneva\u2019s mayor</p>"));
	assert_false(news_dateline_leads("Genf", "<p>Geneva \u2013 text</p>"));
	assert_false(news_dateline_leads("A & B", "<p>A & B \u2013 text</p>"));
	assert_false(news_dateline_leads("Geneva", "<p"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leads),
		cmocka_unit_test(test_does_not_lead),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

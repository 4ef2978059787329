/* test_slug.c: unit tests for lib/slug.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/slug.h"

static void
check(const char *title, const char *want)
{
	char out[SLUG_MAX + 1];
	size_t len;

	memset(out, 'X', sizeof(out));
	len = slug_from_title(title, out);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" gave \"%s\", want \"%s\"", title, out, want);
	assert_int_equal(len, strlen(want));
	if (len > 0)
		assert_true(slug_valid(out));
}

static void
test_site_titles(void **state)
{
	(void)state;
	check("International Migrants Day Statement, IOM Director General "
	    "António Vitorino: “Harnessing the Potential of Human Mobility”",
	    "international-migrants-day-statement-iom-director-general-"
	    "antonio-vitorino-harnessing-potential-human-mobility");
	check("Cross-cutting (Global)", "cross-cutting-global");
	check("2030 Agenda", "2030-agenda");
	check("Data and Resources", "data-and-resources");
	check("Who We Are", "who-we-are");
	check("The Role of the State", "role-state");
	check("What We Do", "what-we-do");
}

static void
test_transliteration(void **state)
{
	(void)state;
	check("António", "antonio");
	check("Győr Szeged Pécs Debrecen", "gyor-szeged-pecs-debrecen");
	check("ŐRÜLT ŰR őrült űr", "orult-ur-orult-ur");
	check("Straße", "strasse");
	check("Æsir encyclopædia Œuvre cœur", "aesir-encyclopaedia-oeuvre-coeur");
	check("Søren Łódź Đakovo Þingvellir", "soren-lodz-dakovo-thingvellir");
	check("Ñandú Çelik Ýmir ÿ", "nandu-celik-ymir-y");
	check("Čeština Škoda Žilina Řeka", "cestina-skoda-zilina-reka");
	check("Timișoara Constanța", "timisoara-constanta");
	check("Ĳssel ĸ Ŋ ſ", "ijssel-k-ng-s");
	/* Decomposed accents: the combining mark is dropped. */
	check("Anto\xcc\x81nio", "antonio");
	/* Other scripts are dropped. */
	check("Москва Budapest 東京", "budapest");
	check("Κρήτη", "");
}

static void
test_punctuation(void **state)
{
	(void)state;
	check("The General's Report", "generals-report");
	check("IOM’s ‘new’ \"plan\" «now» „here”", "ioms-new-plan-now-here");
	check("Q&A: 1,000 migrants (2.5%)!", "qa-1000-migrants-25");
	check("Health/Migration_Data", "health-migration-data");
	check("Before – during — after", "during-after");
	check("  many   spaces\tand\nlines  ", "many-spaces-and-lines");
	check("non\xc2\xa0" "breaking space", "non-breaking-space");
	check("soft\xc2\xad" "hyphen", "softhyphen");
	check("--- trim ---", "trim");
	check("a_b-c/d", "b-c-d");
	check("Emoji 🎉 party", "emoji-party");
}

static void
test_stop_words(void **state)
{
	(void)state;
	check("A an AS at Before but BY for from is in into like of off on "
	    "onto per since than the this that to up via with", "");
	check("The", "");
	check("!!!", "");
	check("", "");
	check(NULL, "");
	check("Theory of Everything", "theory-everything");
	check("Upon a Time in the West", "upon-time-west");
	check("À la carte", "la-carte");
	check("In-Between", "between");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	check("ab\xff" "cd", "abcd");
	check("\xc3" "x", "x");
	check("x\xe2\x80", "x");
	check("\xc0\xaf" "ok", "ok");
	check("\xed\xa0\x80" "s", "s");
	check("\xf4\x90\x80\x80" "t", "t");
	check("caf\xc3\xa9\xc3", "cafe");
}

static void
test_length(void **state)
{
	char title[2048], want[SLUG_MAX + 1], out[SLUG_MAX + 1];
	size_t i;

	(void)state;
	/* 25 words of "word5" make 149 bytes: cut after 21 (125 bytes). */
	title[0] = want[0] = '\0';
	for (i = 0; i < 25; i++)
		strcat(title, "word5 ");
	for (i = 0; i < 21; i++)
		strcat(want, i ? "-word5" : "word5");
	check(title, want);

	/* Exactly 128 bytes are kept, 129 are not. */
	memset(title, 'a', 120);
	strcpy(title + 120, " bcdefgh");
	memcpy(want, title, 120);
	strcpy(want + 120, "-bcdefgh");
	check(title, want);
	strcpy(title + 120, " bcdefghi");
	want[120] = '\0';
	check(title, want);

	/* One word longer than a slug is cut hard. */
	memset(title, 'z', 300);
	title[300] = '\0';
	memset(want, 'z', SLUG_MAX);
	want[SLUG_MAX] = '\0';
	check(title, want);
	memcpy(title, "The ", 4);
	check(title, want);

	/* A long title of stop words leaves nothing. */
	for (i = 0; i + 4 < sizeof(title); i += 4)
		memcpy(title + i, "the ", 4);
	title[i] = '\0';
	assert_int_equal(slug_from_title(title, out), 0);
	assert_string_equal(out, "");
}

static void
test_valid(void **state)
{
	char s[SLUG_MAX + 2];

	(void)state;
	assert_true(slug_valid("a"));
	assert_true(slug_valid("2030-agenda"));
	assert_true(slug_valid("who-we-are-0"));
	assert_false(slug_valid(NULL));
	assert_false(slug_valid(""));
	assert_false(slug_valid("-a"));
	assert_false(slug_valid("a-"));
	assert_false(slug_valid("a--b"));
	assert_false(slug_valid("A"));
	assert_false(slug_valid("a b"));
	assert_false(slug_valid("a_b"));
	assert_false(slug_valid("a/b"));
	assert_false(slug_valid("caf\xc3\xa9"));
	assert_false(slug_valid("-"));
	memset(s, 'a', SLUG_MAX);
	s[SLUG_MAX] = '\0';
	assert_true(slug_valid(s));
	s[SLUG_MAX] = 'a';
	s[SLUG_MAX + 1] = '\0';
	assert_false(slug_valid(s));
}

static void
check_suffix(const char *base, unsigned n, const char *want)
{
	char out[SLUG_MAX + 1];
	size_t len;

	len = slug_with_suffix(base, n, out);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	assert_true(slug_valid(out));
}

static void
test_suffix(void **state)
{
	char base[SLUG_MAX + 1], want[SLUG_MAX + 1];
	size_t i;

	(void)state;
	check_suffix("who-we-are", 0, "who-we-are-0");
	check_suffix("who-we-are", 1, "who-we-are-1");
	check_suffix("news", 4294967295u, "news-4294967295");
	check_suffix("", 3, "3");
	check_suffix(NULL, 3, "3");

	/* 126 bytes fit with "-0"; "-10" needs a cut at a word boundary. */
	memset(base, 'a', 126);
	base[126] = '\0';
	memcpy(base + 100, "-", 1);
	memcpy(want, base, 126);
	strcpy(want + 126, "-0");
	check_suffix(base, 0, want);
	memcpy(want, base, 100);
	strcpy(want + 100, "-10");
	check_suffix(base, 10, want);

	/* A 128-byte slug without boundary is cut hard. */
	memset(base, 'b', SLUG_MAX);
	base[SLUG_MAX] = '\0';
	memcpy(want, base, SLUG_MAX - 2);
	strcpy(want + SLUG_MAX - 2, "-7");
	check_suffix(base, 7, want);

	/* A boundary right where the cut falls. */
	for (i = 0; i < SLUG_MAX; i++)
		base[i] = (char)('a' + i % 26);
	base[SLUG_MAX - 2] = '-';
	memcpy(want, base, SLUG_MAX - 2);
	strcpy(want + SLUG_MAX - 2, "-9");
	check_suffix(base, 9, want);
}

/* Random bytes, biased towards UTF-8 lead bytes: always a valid slug or
 * nothing, never a read past the end (the sanitizers watch). */
static void
test_random(void **state)
{
	char title[64], out[SLUG_MAX + 1];
	uint32_t seed = 12345;
	size_t i, j, len;

	(void)state;
	for (i = 0; i < 20000; i++) {
		len = i % sizeof(title);
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245 + 12345;
			title[j] = (char)(seed >> 16);
			if (title[j] == '\0')
				title[j] = ' ';
			else if ((seed >> 8) % 4 == 0)
				title[j] = (char)(0xc0 | (seed >> 24));
		}
		title[len] = '\0';
		if (slug_from_title(title, out) > 0)
			assert_true(slug_valid(out));
		else
			assert_string_equal(out, "");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_titles),
		cmocka_unit_test(test_transliteration),
		cmocka_unit_test(test_punctuation),
		cmocka_unit_test(test_stop_words),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_suffix),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_slug.c: unit tests for lib/slug.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <cmocka.h>

#include "lib/slug.h"

/* The slug of title in lang, or by slug_from_title() when plain. */
static void
check_slug(const char *lang, bool plain, const char *title,
    const char *want)
{
	char out[SLUG_MAX + 1];
	size_t len;

	memset(out, 'X', sizeof(out));
	len = plain ? slug_from_title(title, out) :
	    slug_from_title_lang(lang, title, out);
	if (strcmp(out, want) != 0)
		fail_msg("%s \"%s\" gave \"%s\", want \"%s\"",
		    plain || lang == NULL ? "" : lang, title, out, want);
	assert_int_equal(len, strlen(want));
	if (len > 0)
		assert_true(slug_valid(out));
}

static void
check(const char *title, const char *want)
{
	check_slug(NULL, true, title, want);
}

static void
check_lang(const char *lang, const char *title, const char *want)
{
	check_slug(lang, false, title, want);
}

/* A title that must give some slug: valid, plain ASCII. */
static void
check_some(const char *lang, const char *title)
{
	char out[SLUG_MAX + 1];

	if (slug_from_title_lang(lang, title, out) == 0)
		fail_msg("%s \"%s\" gave no slug", lang, title);
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

/* n titles of random bytes, biased towards UTF-8 lead bytes, slugged in
 * lang (NULL: by slug_from_title): always a valid slug or nothing, never
 * a read past the end (the sanitizers watch). */
static void
check_random(const char *lang, uint32_t seed, size_t n)
{
	char title[64], out[SLUG_MAX + 1];
	size_t i, j, len, got;

	for (i = 0; i < n; i++) {
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
		got = lang == NULL ? slug_from_title(title, out) :
		    slug_from_title_lang(lang, title, out);
		if (got > 0)
			assert_true(slug_valid(out));
		else
			assert_string_equal(out, "");
	}
}

static void
test_random(void **state)
{
	(void)state;
	check_random(NULL, 12345, 20000);
}

static void
test_lang_scripts(void **state)
{
	(void)state;
	/* The Hungarian site's menu. */
	check_lang("hu", "Kik vagyunk", "kik-vagyunk");
	check_lang("hu", "Rólunk", "rolunk");
	check_lang("hu", "IOM a világban", "iom-a-vilagban");
	check_lang("hu", "Átfogó (globális)", "atfogo-globalis");
	check_lang("hu", "Adat és források", "adat-es-forrasok");
	check_lang("hu", "Cselekedj!", "cselekedj");
	check_lang("hu", "ŐRÜLT ŰR őrült űr", "orult-ur-orult-ur");
	check_lang("hu", "2030 Agenda", "2030-agenda");
	/* Cyrillic, Greek: letters, not dropped as slug_from_title does. */
	check_lang("uk", "Україна", "ukraina");
	check_lang("uk", "Україна — допомога", "ukraina-dopomoga");
	check_lang("ru", "Москва Budapest", "moskva-budapest");
	check_lang("el", "Κρήτη", "krete");
	check_lang("pt-br", "Migração e Refúgio", "migracao-e-refugio");
	check_some("ar", "المنظمة الدولية للهجرة");
	check_some("zh", "国际移民组织");
	check_some("ja", "東京");
	check_some("ko", "국제이주기구");
	check_some("he", "ארגון");
	check_some("hi", "अंतर्राष्ट्रीय");
}

static void
test_lang_stop_words(void **state)
{
	(void)state;
	/* English, and English only, leaves out its stop words. */
	check_lang("en", "The Role of the State", "role-state");
	check_lang("en-gb", "The Role of the State", "role-state");
	check_lang(NULL, "The Role of the State", "role-state");
	check_lang("hu", "The Role of the State", "the-role-of-the-state");
	check_lang("hu", "A migráció", "a-migracio");
	/* "en" is slug_from_title() itself: other scripts are dropped. */
	check_lang("en", "Москва Budapest 東京", "budapest");
	check_lang("en", "In-Between", "between");
	check_lang("eng", "In-Between", "in-between");
}

static void
test_lang_empty(void **state)
{
	(void)state;
	/* Nothing to transliterate: 0, and the caller uses the group id. */
	check_lang("hu", "", "");
	check_lang("hu", NULL, "");
	check_lang("hu", "!!! ?", "");
	check_lang("uk", "🎉 ★ ♥", "");
	check_lang("ar", "\xef\xb7\xbd", "");	/* U+FDFD, a ligature */
	check_lang("hu", "\xff\xfe", "");
}

static void
test_lang_invalid_utf8(void **state)
{
	(void)state;
	check_lang("hu", "ab\xff" "cd", "abcd");
	check_lang("hu", "\xc3" "x", "x");
	check_lang("hu", "x\xe2\x80", "x");
	check_lang("hu", "\xed\xa0\x80" "s", "s");
	check_lang("uk", "Укр\xff" "аїна", "ukraina");
	check_lang("hu", "caf\xc3\xa9\xc3", "cafe");
}

static void
test_lang_length(void **state)
{
	char title[4096], want[SLUG_MAX + 1], out[SLUG_MAX + 1];
	size_t i;

	(void)state;
	/* 30 "Україна" make 239 bytes of slug: cut after 16 (127 bytes). */
	title[0] = want[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(title, "Україна ");
	for (i = 0; i < 16; i++)
		strcat(want, i ? "-ukraina" : "ukraina");
	check_lang("uk", title, want);

	/* Past what ICU is given (512 UTF-16 units): still cut the same. */
	title[0] = want[0] = '\0';
	for (i = 0; i < 250; i++)
		strcat(title, "Київ ");
	for (i = 0; i < 25; i++)
		strcat(want, i ? "-kiiv" : "kiiv");
	check_lang("uk", title, want);

	/* One word longer than a slug is cut hard. */
	memset(title, 'z', 3000);
	title[3000] = '\0';
	memset(want, 'z', SLUG_MAX);
	want[SLUG_MAX] = '\0';
	check_lang("hu", title, want);

	/* U+FDFA grows 18-fold, more than the work buffer holds: the title
	 * goes to ICU in halves. */
	title[0] = '\0';
	for (i = 0; i < 400; i++)
		strcat(title, "\xef\xb7\xba");
	check_some("ar", title);
	assert_true(slug_from_title_lang("ar", title, out) > SLUG_MAX - 20);
}

/* Random bytes in another language: a valid slug or nothing. */
static void
test_lang_random(void **state)
{
	(void)state;
	check_random("uk", 54321, 5000);
}

/* Each thread slugs titles in three scripts over and over; returns arg
 * on a wrong slug, else NULL. */
static void *
slug_worker(void *arg)
{
	char out[SLUG_MAX + 1];
	int i;

	(void)arg;
	for (i = 0; i < 2000; i++) {
		if (slug_from_title_lang("uk", "Україна", out) != 7 ||
		    strcmp(out, "ukraina") != 0 ||
		    slug_from_title_lang("hu", "Kik vagyunk", out) != 11 ||
		    strcmp(out, "kik-vagyunk") != 0 ||
		    slug_from_title_lang("el", "Κρήτη", out) != 5 ||
		    strcmp(out, "krete") != 0)
			return arg;
	}
	return NULL;
}

/* Transliterators are not safe to share: each thread has its own. */
static void
test_lang_threads(void **state)
{
	pthread_t th[2];
	void *bad;
	int i;

	(void)state;
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, slug_worker,
		    th), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(th[i], &bad), 0);
		assert_null(bad);
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
		cmocka_unit_test(test_lang_scripts),
		cmocka_unit_test(test_lang_stop_words),
		cmocka_unit_test(test_lang_empty),
		cmocka_unit_test(test_lang_invalid_utf8),
		cmocka_unit_test(test_lang_length),
		cmocka_unit_test(test_lang_random),
		cmocka_unit_test(test_lang_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

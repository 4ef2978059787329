/* test_search_stems.c: unit tests of src/store/search_stems.c, the
 * tokenizer's cache of stems. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "store/search_stems.h"

/* Stems a and b (NULL: none); a stem too long to keep keeps its length
 * and what fits of it, as the tokenizer gives it. */
static struct stems
stems_of(const char *a, const char *b)
{
	const char *in[2] = { a, b };
	struct stems st = { 0 };
	size_t len;
	int i;

	for (i = 0; i < 2; i++) {
		if (in[i] == NULL)
			continue;
		len = strlen(in[i]);
		st.len[st.n] = (int)len;
		memcpy(st.s[st.n++], in[i], len < STEMS_WORD_MAX ? len :
		    STEMS_WORD_MAX);
	}
	return st;
}

static bool
get(struct stem_cache *c, const char *langs, const char *word,
    struct stems *out)
{
	return stem_cache_get(c, langs, (int)strlen(langs), word,
	    (int)strlen(word), out);
}

static void
put(struct stem_cache *c, const char *langs, const char *word,
    struct stems st)
{
	stem_cache_put(c, langs, (int)strlen(langs), word, (int)strlen(word),
	    &st);
}

/* A word is found with the stems kept for it, in its languages only; no
 * stem at all is an answer too. */
static void
test_kept_by_word_and_languages(void **state)
{
	struct stem_cache *c = stem_cache_new();
	struct stems got;

	(void)state;
	assert_non_null(c);
	assert_false(get(c, "en", "migrants", &got));
	put(c, "en", "migrants", stems_of("migrant", NULL));
	put(c, "hu", "migránsoknak", stems_of("migrans", NULL));
	put(c, "en", "the", stems_of(NULL, NULL));
	put(c, "hu,en", "migrants", stems_of("migrants2", "migrant"));
	assert_true(get(c, "en", "migrants", &got));
	assert_int_equal(got.n, 1);
	assert_int_equal(got.len[0], 7);
	assert_memory_equal(got.s[0], "migrant", 7);
	assert_true(get(c, "hu,en", "migrants", &got));
	assert_int_equal(got.n, 2);
	assert_memory_equal(got.s[1], "migrant", 7);
	assert_true(get(c, "en", "the", &got));
	assert_int_equal(got.n, 0);
	assert_false(get(c, "hu", "migrants", &got));
	/* The languages' length is part of the key. */
	put(c, "e", "nglish", stems_of("x", NULL));
	assert_false(get(c, "en", "glish", &got));
	stem_cache_free(c);
}

/* Words, keys or stems too long to keep are not kept, and answer as
 * unknown. */
static void
test_too_long_is_not_kept(void **state)
{
	struct stem_cache *c = stem_cache_new();
	char word[STEMS_KEY_MAX + 1], stem[STEMS_WORD_MAX + 2];
	struct stems got;

	(void)state;
	memset(word, 'a', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	put(c, "en", word, stems_of("a", NULL));
	assert_false(get(c, "en", word, &got));
	/* The longest that fits: one byte for the languages' length. */
	word[STEMS_KEY_MAX - 3] = '\0';
	put(c, "en", word, stems_of("a", NULL));
	assert_true(get(c, "en", word, &got));
	memset(stem, 's', sizeof(stem) - 1);
	stem[sizeof(stem) - 1] = '\0';
	put(c, "en", "word", stems_of(stem, NULL));
	assert_false(get(c, "en", "word", &got));
	stem[STEMS_WORD_MAX] = '\0';
	put(c, "en", "word", stems_of(stem, NULL));
	assert_true(get(c, "en", "word", &got));
	assert_int_equal(got.len[0], STEMS_WORD_MAX);
	stem_cache_free(c);
}

/* Many words: each is found with its own stems or not at all, never
 * with another's (a slot holds the last word put there). */
static void
test_never_another_words(void **state)
{
	struct stem_cache *c = stem_cache_new();
	char word[16], stem[16];
	struct stems got;
	int i, found = 0;

	(void)state;
	for (i = 0; i < 10000; i++) {
		snprintf(word, sizeof(word), "w%d", i);
		snprintf(stem, sizeof(stem), "s%d", i);
		put(c, "en", word, stems_of(stem, NULL));
	}
	for (i = 0; i < 10000; i++) {
		snprintf(word, sizeof(word), "w%d", i);
		snprintf(stem, sizeof(stem), "s%d", i);
		if (!get(c, "en", word, &got))
			continue;
		found++;
		assert_int_equal(got.n, 1);
		assert_int_equal(got.len[0], (int)strlen(stem));
		assert_memory_equal(got.s[0], stem, strlen(stem));
	}
	/* The last ones put are there. */
	assert_true(found > 0);
	assert_true(get(c, "en", "w9999", &got));
	stem_cache_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_by_word_and_languages),
		cmocka_unit_test(test_too_long_is_not_kept),
		cmocka_unit_test(test_never_another_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

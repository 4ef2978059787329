/* search_stems.h: the stems the tokenizer made for the words a bulk
 * fill of the index met before, so that a word seen again is not stemmed
 * again. */
#ifndef WAYPOINT_SEARCH_STEMS_H
#define WAYPOINT_SEARCH_STEMS_H

#include <stdbool.h>

/* 2: a word's stems in the marker's languages, once each (the
 * tokenizer's limit). 32 bytes: longer words and stems are made anew each
 * time; few words are that long. */
#define STEMS_MAX	2
#define STEMS_KEY_MAX	48
#define STEMS_WORD_MAX	32

/* What the tokenizer emits beside a word: n folded stems. */
struct stems {
	int		 n;
	int		 len[STEMS_MAX];
	char		 s[STEMS_MAX][STEMS_WORD_MAX];
};

struct stem_cache;

/* A cache, or NULL when out of memory (the tokenizer then stems every
 * word, as before). */
struct stem_cache	*stem_cache_new(void);
void			 stem_cache_free(struct stem_cache *c);

/* Whether the stems of word[0..len] in langs[0..langs_len] are known:
 * then *out holds them. */
bool	stem_cache_get(struct stem_cache *c, const char *langs,
	    int langs_len, const char *word, int len, struct stems *out);

/* Keeps *in as the stems of word[0..len] in langs[0..langs_len], in
 * the place of whatever word had its slot; a key or a stem too long is
 * not kept. */
void	stem_cache_put(struct stem_cache *c, const char *langs,
	    int langs_len, const char *word, int len, const struct stems *in);

#endif

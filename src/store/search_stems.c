/* search_stems.c: a word's stems by its text and languages, in a table
 * of fixed size where a word takes the slot its hash names, replacing the
 * one there. Text follows Zipf's law: a few hundred words make most of
 * any body, so most words of an index write are found here, and the three
 * passes a word otherwise costs (lower-case, Snowball, fold) are spared. */
#include <stdlib.h>
#include <string.h>

#include "lib/hash.h"
#include "store/search_stems.h"

/* 65,536 slots of 128 bytes: 8 MiB, held only while a bulk fill runs
 * (search_tokenizer.c). A word's text is its key as written (its
 * capitals too), and a slot holds one: the 100,000 releases of `make
 * bench SCALE=100000` (11,672 such words in 20,000 of them) missed for
 * 40% of their words with 2,048 slots, 8% with 16,384, 3% with these. */
#define SLOTS	65536

struct slot {
	unsigned char	 key_len;	/* 0: empty */
	char		 key[STEMS_KEY_MAX];
	struct stems	 stems;
};

struct stem_cache {
	struct slot	 slot[SLOTS];
};

struct stem_cache *
stem_cache_new(void)
{
	return calloc(1, sizeof(struct stem_cache));
}

void
stem_cache_free(struct stem_cache *c)
{
	free(c);
}

/* The key of a word, its languages' length first so that "en" + "glish"
 * and "eng" + "lish" differ; its length, or 0 when it does not fit. */
static size_t
make_key(char key[STEMS_KEY_MAX], const char *langs, int langs_len,
    const char *word, int len)
{
	size_t n;

	if (langs_len < 0 || len <= 0)
		return 0;
	n = 1 + (size_t)langs_len + (size_t)len;
	if (n > STEMS_KEY_MAX)
		return 0;
	key[0] = (char)langs_len;
	memcpy(key + 1, langs, (size_t)langs_len);
	memcpy(key + 1 + langs_len, word, (size_t)len);
	return n;
}

static struct slot *
slot_of(struct stem_cache *c, const char *key, size_t n)
{
	return &c->slot[hash64(key, n) & (SLOTS - 1)];
}

bool
stem_cache_get(struct stem_cache *c, const char *langs, int langs_len,
    const char *word, int len, struct stems *out)
{
	char key[STEMS_KEY_MAX];
	struct slot *s;
	size_t n;

	if ((n = make_key(key, langs, langs_len, word, len)) == 0)
		return false;
	s = slot_of(c, key, n);
	if (s->key_len != n || memcmp(s->key, key, n) != 0)
		return false;
	*out = s->stems;
	return true;
}

void
stem_cache_put(struct stem_cache *c, const char *langs, int langs_len,
    const char *word, int len, const struct stems *in)
{
	char key[STEMS_KEY_MAX];
	struct slot *s;
	size_t n;
	int i;

	if ((n = make_key(key, langs, langs_len, word, len)) == 0 ||
	    in->n < 0 || in->n > STEMS_MAX)
		return;
	for (i = 0; i < in->n; i++)
		if (in->len[i] <= 0 || in->len[i] > STEMS_WORD_MAX)
			return;
	s = slot_of(c, key, n);
	s->key_len = (unsigned char)n;
	memcpy(s->key, key, n);
	s->stems = *in;
}

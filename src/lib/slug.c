/* slug.c: slugs from titles: transliteration, stop words, length. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "lib/slug.h"
#include "lib/utf8.h"

/* Returned by next_cp() for a byte that does not start valid UTF-8. */
#define INVALID_CP	UINT32_MAX

/* Latin letters with accents and ligatures, as the old site's
 * transliteration wrote them: Latin-1 Supplement, Latin Extended-A, and the
 * Romanian comma-below letters of Latin Extended-B. */
static const struct {
	uint32_t	 first;
	uint32_t	 last;
	const char	*ascii;
} latin[] = {
	{ 0x00c0, 0x00c5, "a" },	/* À..Å */
	{ 0x00c6, 0x00c6, "ae" },	/* Æ */
	{ 0x00c7, 0x00c7, "c" },	/* Ç */
	{ 0x00c8, 0x00cb, "e" },	/* È..Ë */
	{ 0x00cc, 0x00cf, "i" },	/* Ì..Ï */
	{ 0x00d0, 0x00d0, "d" },	/* Ð */
	{ 0x00d1, 0x00d1, "n" },	/* Ñ */
	{ 0x00d2, 0x00d6, "o" },	/* Ò..Ö */
	{ 0x00d8, 0x00d8, "o" },	/* Ø */
	{ 0x00d9, 0x00dc, "u" },	/* Ù..Ü */
	{ 0x00dd, 0x00dd, "y" },	/* Ý */
	{ 0x00de, 0x00de, "th" },	/* Þ */
	{ 0x00df, 0x00df, "ss" },	/* ß */
	{ 0x00e0, 0x00e5, "a" },	/* à..å */
	{ 0x00e6, 0x00e6, "ae" },	/* æ */
	{ 0x00e7, 0x00e7, "c" },	/* ç */
	{ 0x00e8, 0x00eb, "e" },	/* è..ë */
	{ 0x00ec, 0x00ef, "i" },	/* ì..ï */
	{ 0x00f0, 0x00f0, "d" },	/* ð */
	{ 0x00f1, 0x00f1, "n" },	/* ñ */
	{ 0x00f2, 0x00f6, "o" },	/* ò..ö */
	{ 0x00f8, 0x00f8, "o" },	/* ø */
	{ 0x00f9, 0x00fc, "u" },	/* ù..ü */
	{ 0x00fd, 0x00fd, "y" },	/* ý */
	{ 0x00fe, 0x00fe, "th" },	/* þ */
	{ 0x00ff, 0x00ff, "y" },	/* ÿ */
	{ 0x0100, 0x0105, "a" },	/* Ā..ą */
	{ 0x0106, 0x010d, "c" },	/* Ć..č */
	{ 0x010e, 0x0111, "d" },	/* Ď..đ */
	{ 0x0112, 0x011b, "e" },	/* Ē..ě */
	{ 0x011c, 0x0123, "g" },	/* Ĝ..ģ */
	{ 0x0124, 0x0127, "h" },	/* Ĥ..ħ */
	{ 0x0128, 0x0131, "i" },	/* Ĩ..ı */
	{ 0x0132, 0x0133, "ij" },	/* Ĳ ĳ */
	{ 0x0134, 0x0135, "j" },	/* Ĵ ĵ */
	{ 0x0136, 0x0138, "k" },	/* Ķ ķ ĸ */
	{ 0x0139, 0x0142, "l" },	/* Ĺ..ł */
	{ 0x0143, 0x0149, "n" },	/* Ń..ŉ */
	{ 0x014a, 0x014b, "ng" },	/* Ŋ ŋ */
	{ 0x014c, 0x0151, "o" },	/* Ō..ő */
	{ 0x0152, 0x0153, "oe" },	/* Œ œ */
	{ 0x0154, 0x0159, "r" },	/* Ŕ..ř */
	{ 0x015a, 0x0161, "s" },	/* Ś..š */
	{ 0x0162, 0x0167, "t" },	/* Ţ..ŧ */
	{ 0x0168, 0x0173, "u" },	/* Ũ..ų */
	{ 0x0174, 0x0175, "w" },	/* Ŵ ŵ */
	{ 0x0176, 0x0178, "y" },	/* Ŷ ŷ Ÿ */
	{ 0x0179, 0x017e, "z" },	/* Ź..ž */
	{ 0x017f, 0x017f, "s" },	/* ſ */
	{ 0x0218, 0x0219, "s" },	/* Ș ș */
	{ 0x021a, 0x021b, "t" },	/* Ț ț */
};

/*
 * ICU's transliteration, in three steps: any script to Latin, Latin to
 * ASCII, lower case.
 */
static const UChar transliteration[] = u"Any-Latin; Latin-ASCII; Lower";

/* 512: titles are at most 300 characters; what passes this is cut at a
 * word boundary before ICU sees it. */
#define ICU_TEXT_MAX	512
/* 8: a generous expansion per UTF-16 unit (a Han character gives a
 * syllable and a space); a title that grows more is given to ICU in
 * halves until it fits. */
#define ICU_WORK_MAX	(8 * ICU_TEXT_MAX)

/* Words the old site left out of its aliases, sorted. */
static const char *const stop_words[] = {
	"a", "an", "as", "at", "before", "but", "by", "for", "from", "in",
	"into", "is", "like", "of", "off", "on", "onto", "per", "since", "than",
	"that", "the", "this", "to", "up", "via", "with",
};

/* The code point at *pp (end: the terminating NUL), moving past it; an
 * invalid byte gives INVALID_CP and is passed alone. */
static uint32_t
next_cp(const unsigned char **pp, const unsigned char *end)
{
	uint32_t cp;
	size_t n = utf8_next((const char *)*pp, (size_t)(end - *pp), &cp);

	*pp += n > 0 ? n : 1;
	return n > 0 ? cp : INVALID_CP;
}

/* Whitespace, hyphens, dashes, slashes and underscores split words. */
static bool
separator(uint32_t cp)
{
	if (utf8_is_space(cp))
		return true;
	if (cp < 0x80)
		return cp == '-' || cp == '/' || cp == '_';
	return (cp >= 0x2010 && cp <= 0x2015) ||	/* hyphens and dashes */
	    cp == 0x2212 || cp == 0x2044 || cp == 0x2215 ||
	    cp == 0xfe58 || cp == 0xfe63 || cp == 0xff0d || cp == 0xff0f ||
	    cp == 0xff3f;
}

/* The lower-case ASCII letters cp stands for, or NULL when it is dropped
 * (punctuation, quotes, apostrophes, symbols, other scripts). */
static const char *
letters(uint32_t cp, char one[2])
{
	size_t i;

	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
		one[0] = (char)cp;
		return one;
	}
	if (cp >= 'A' && cp <= 'Z') {
		one[0] = (char)(cp - 'A' + 'a');
		return one;
	}
	for (i = 0; i < sizeof(latin) / sizeof(latin[0]); i++)
		if (cp >= latin[i].first && cp <= latin[i].last)
			return latin[i].ascii;
	return NULL;
}

static bool
stop_word(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++)
		if (strlen(stop_words[i]) == len &&
		    memcmp(stop_words[i], w, len) == 0)
			return true;
	return false;
}

/* A slug being built from code points, one word at a time. */
struct words {
	char	*out;			/* SLUG_MAX + 1 bytes */
	size_t	 len;			/* of out so far */
	char	 word[SLUG_MAX + 1];
	size_t	 wlen;			/* past SLUG_MAX: the word was cut */
	bool	 stop;			/* leave out the English stop words */
	bool	 full;			/* no further word fits */
};

/* Ends the word in progress: appends it to the slug unless it is a stop
 * word, or marks the slug full when it does not fit. */
static void
words_flush(struct words *w)
{
	size_t wlen = w->wlen;

	w->wlen = 0;
	if (w->full || wlen == 0 || (w->stop && stop_word(w->word, wlen)))
		return;
	if (w->len == 0 && wlen > SLUG_MAX) {
		/* One word longer than a slug: no boundary to cut at. */
		memcpy(w->out, w->word, SLUG_MAX);
		w->len = SLUG_MAX;
		w->full = true;
		return;
	}
	if (w->len + (w->len > 0) + wlen > SLUG_MAX) {
		w->full = true;
		return;
	}
	if (w->len > 0)
		w->out[w->len++] = '-';
	memcpy(w->out + w->len, w->word, wlen);
	w->len += wlen;
}

/* Feeds one code point (INVALID_CP is skipped) to the slug. */
static void
words_add(struct words *w, uint32_t cp)
{
	char one[2] = { 0, 0 };
	const char *t;

	if (separator(cp)) {
		words_flush(w);
		return;
	}
	if (cp == INVALID_CP || (t = letters(cp, one)) == NULL)
		return;
	/* Past SLUG_MAX only the count goes on, capped. */
	for (; *t != '\0'; t++)
		if (w->wlen < SLUG_MAX)
			w->word[w->wlen++] = *t;
		else
			w->wlen = SLUG_MAX + 1;
}

/* Ends the slug: its length, out NUL-terminated. */
static size_t
words_end(struct words *w)
{
	words_flush(w);
	w->out[w->len] = '\0';
	return w->len;
}

/* The slug of the UTF-8 text into out, as slug_from_title() describes. */
static size_t
slug_from_utf8(const char *text, bool stop, char *out)
{
	struct words w = { .out = out, .stop = stop };
	const unsigned char *p, *end;

	p = (const unsigned char *)(text != NULL ? text : "");
	end = p + strlen((const char *)p);
	while (p < end && !w.full)
		words_add(&w, next_cp(&p, end));
	return words_end(&w);
}

size_t
slug_from_title(const char *title, char *out)
{
	return slug_from_utf8(title, true, out);
}

static pthread_key_t trans_key;
static pthread_once_t trans_once = PTHREAD_ONCE_INIT;
static bool trans_key_ok;

static void
trans_free(void *t)
{
	utrans_close(t);
}

static void
trans_key_make(void)
{
	trans_key_ok = pthread_key_create(&trans_key, trans_free) == 0;
}

/* The calling thread's transliterator, opened on first use and closed
 * when the thread exits (ICU's are not safe to share between threads),
 * or NULL when ICU cannot open one. */
static UTransliterator *
trans_get(void)
{
	UTransliterator *t;
	UErrorCode err = U_ZERO_ERROR;

	if (pthread_once(&trans_once, trans_key_make) != 0 || !trans_key_ok)
		return NULL;
	if ((t = pthread_getspecific(trans_key)) != NULL)
		return t;
	t = utrans_openU(transliteration, -1, UTRANS_FORWARD, NULL, 0, NULL,
	    &err);
	if (U_FAILURE(err))
		return NULL;
	if (pthread_setspecific(trans_key, t) != 0) {
		utrans_close(t);
		return NULL;
	}
	return t;
}

/* The UTF-8 title as UTF-16 into text (ICU_TEXT_MAX units), invalid bytes
 * skipped, cut after the last separator that fits when it is longer.
 * Returns the number of units. */
static int32_t
title_utf16(const char *title, UChar *text)
{
	const unsigned char *p, *end;
	int32_t n = 0, kept = 0;
	uint32_t cp;

	p = (const unsigned char *)title;
	end = p + strlen(title);
	while (p < end) {
		if ((cp = next_cp(&p, end)) == INVALID_CP)
			continue;
		if (n + U16_LENGTH(cp) > ICU_TEXT_MAX)
			return kept > 0 ? kept : n;
		U16_APPEND_UNSAFE(text, n, cp);
		if (separator(cp))
			kept = n;
	}
	return n;
}

/* Transliterates text[0..n) into work (ICU_WORK_MAX units). Returns the
 * length of the result, or -1 when ICU fails. */
static int32_t
transliterate(UTransliterator *t, const UChar *text, int32_t n,
    UChar *work)
{
	UErrorCode err;
	int32_t len, limit;

	for (;;) {
		memcpy(work, text, (size_t)n * sizeof(*work));
		len = limit = n;
		err = U_ZERO_ERROR;
		utrans_transUChars(t, work, &len, ICU_WORK_MAX, 0, &limit,
		    &err);
		if (U_SUCCESS(err))
			return len;
		if (err != U_BUFFER_OVERFLOW_ERROR || n < 2)
			return -1;
		/* Half the text, never half a surrogate pair. */
		n /= 2;
		if (U16_IS_TRAIL(text[n]))
			n--;
	}
}

/* Whether lang names English ("en", "en-gb"…): the old site's rules. */
static bool
english(const char *lang)
{
	return lang == NULL || strcmp(lang, "en") == 0 ||
	    strncmp(lang, "en-", 3) == 0;
}

size_t
slug_from_title_lang(const char *lang, const char *title, char *out)
{
	struct words w = { .out = out };
	UChar text[ICU_TEXT_MAX], work[ICU_WORK_MAX];
	UTransliterator *t;
	int32_t n, i = 0;
	UChar32 cp;

	if (english(lang))
		return slug_from_title(title, out);
	if (title == NULL)
		title = "";
	/* Without ICU, the Latin letters still make a slug. */
	if ((t = trans_get()) == NULL ||
	    (n = transliterate(t, text, title_utf16(title, text), work)) < 0)
		return slug_from_utf8(title, false, out);
	while (i < n && !w.full) {
		U16_NEXT(work, i, n, cp);
		words_add(&w, U_IS_SURROGATE(cp) ? INVALID_CP : (uint32_t)cp);
	}
	return words_end(&w);
}

bool
slug_valid(const char *s)
{
	size_t len, i;

	if (s == NULL)
		return false;
	len = strnlen(s, SLUG_MAX + 1);
	if (len == 0 || len > SLUG_MAX || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] == '-') {
			if (s[i + 1] == '-')
				return false;
		} else if (!(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= '0' && s[i] <= '9'))
			return false;
	}
	return true;
}

size_t
slug_with_suffix(const char *base, unsigned n, char *out)
{
	char suffix[16];
	size_t blen, slen, room, cut, i;

	/* At most "-4294967295": 11 bytes. */
	slen = (size_t)snprintf(suffix, sizeof(suffix), "-%u", n);
	blen = base != NULL ? strnlen(base, SLUG_MAX + 1) : 0;
	room = SLUG_MAX - slen;
	cut = blen;
	if (blen > room) {
		/* Back to the last word boundary that fits, else cut hard. */
		for (i = room; i > 0 && base[i] != '-'; i--)
			;
		cut = i > 0 ? i : room;
	}
	while (cut > 0 && base[cut - 1] == '-')
		cut--;
	if (cut == 0) {
		memcpy(out, suffix + 1, slen);
		return slen - 1;
	}
	memcpy(out, base, cut);
	memcpy(out + cut, suffix, slen + 1);
	return cut + slen;
}

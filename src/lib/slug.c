/* slug.c: slugs from titles: transliteration, stop words, length. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

/* Appends word (wlen may exceed SLUG_MAX: the word was longer than what was
 * kept) to out[0..*len). Returns 0, or -1 when the slug is full. */
static int
add_word(char *out, size_t *len, const char *word, size_t wlen)
{
	if (wlen == 0 || stop_word(word, wlen))
		return 0;
	if (*len == 0 && wlen > SLUG_MAX) {
		/* One word longer than a slug: no boundary to cut at. */
		memcpy(out, word, SLUG_MAX);
		*len = SLUG_MAX;
		return -1;
	}
	if (*len + (*len > 0) + wlen > SLUG_MAX)
		return -1;
	if (*len > 0)
		out[(*len)++] = '-';
	memcpy(out + *len, word, wlen);
	*len += wlen;
	return 0;
}

size_t
slug_from_title(const char *title, char *out)
{
	const unsigned char *p, *end;
	char word[SLUG_MAX + 1], one[2] = { 0, 0 };
	const char *t;
	size_t len = 0, wlen = 0;
	uint32_t cp;

	if (title == NULL)
		title = "";
	p = (const unsigned char *)title;
	end = p + strlen(title);
	for (;;) {
		cp = *p == '\0' ? ' ' : next_cp(&p, end);
		if (separator(cp)) {
			if (add_word(out, &len, word, wlen) == -1 || *p == '\0')
				break;
			wlen = 0;
		} else if (cp != INVALID_CP && (t = letters(cp, one)) != NULL) {
			/* Past SLUG_MAX only the count goes on, capped. */
			for (; *t != '\0'; t++)
				if (wlen < SLUG_MAX)
					word[wlen++] = *t;
				else
					wlen = SLUG_MAX + 1;
		}
	}
	out[len] = '\0';
	return len;
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

/* search_query.c: the visitor's search text read into terms (words,
 * phrases, words left out) with FTS5's syntax taken as plain text, and the
 * canonical forms of /search's query fields. */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "lib/arena.h"
#include "lib/num.h"
#include "lib/utf8.h"
#include "search_query.h"
#include "store/content.h"
#include "store/store.h"

/* Letters, digits and combining marks make words; the index's tokenizer
 * splits text at everything else, so the query does too. */
static bool
is_word(uint32_t cp)
{
	return (U_GET_GC_MASK((UChar32)cp) &
	    (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

/* The ASCII quote, and the typographic ones visitors' keyboards make:
 * “ ” (English), „ ” (Hungarian), « » (Ukrainian). */
static bool
is_quote(uint32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E ||
	    cp == 0xAB || cp == 0xBB;
}

/* s[0..len] in NFC, in the arena; s itself when it is already. NULL when
 * out of memory or ICU fails. */
static const char *
nfc(struct arena *a, const char *s, size_t len)
{
	const UNormalizer2 *norm;
	UErrorCode err = U_ZERO_ERROR;
	UChar *in, *out;
	int32_t nin, nout, n8;
	char *res;
	size_t i;

	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == len)
		return s;
	/* UTF-16 takes at most one unit for each byte of UTF-8, and NFC at
	 * most three code points for one (Unicode's stability limit). */
	if ((in = arena_alloc(a, (len + 1) * sizeof(*in))) == NULL ||
	    (norm = unorm2_getNFCInstance(&err)) == NULL || U_FAILURE(err))
		return NULL;
	u_strFromUTF8(in, (int32_t)len + 1, &nin, s, (int32_t)len, &err);
	if (U_FAILURE(err))
		return NULL;
	if (unorm2_quickCheck(norm, in, nin, &err) == UNORM_YES &&
	    U_SUCCESS(err))
		return s;
	err = U_ZERO_ERROR;
	if ((out = arena_alloc(a, ((size_t)nin * 3 + 1) * sizeof(*out))) ==
	    NULL)
		return NULL;
	nout = unorm2_normalize(norm, in, nin, out, nin * 3 + 1, &err);
	if (U_FAILURE(err))
		return NULL;
	/* Four bytes of UTF-8 at most for each UTF-16 unit's share. */
	if ((res = arena_alloc(a, (size_t)nout * 4 + 1)) == NULL)
		return NULL;
	u_strToUTF8(res, nout * 4 + 1, &n8, out, nout, &err);
	return U_FAILURE(err) ? NULL : res;
}

const char *
search_query_normalise(struct arena *a, const char *q,
    enum search_query_status *why)
{
	const char *out;
	char *p, *start;
	size_t len, i, n;
	uint32_t cp;
	bool space = false;

	*why = SEARCH_QUERY_OK;
	if (q == NULL)
		return "";
	len = strlen(q);
	if (!utf8_valid(q, len)) {
		*why = SEARCH_QUERY_NOT_TEXT;
		return NULL;
	}
	if ((start = p = arena_alloc(a, len + 1)) == NULL) {
		*why = SEARCH_QUERY_NOMEM;
		return NULL;
	}
	for (i = 0; i < len; i += n) {
		n = utf8_next(q + i, len - i, &cp);
		/* A control character is no text to look for; as a space
		 * it also keeps "\n" out of the cache key (page_cache.c). */
		if (utf8_is_space(cp) || utf8_is_control(cp)) {
			space = p != start;
			continue;
		}
		if (space)
			*p++ = ' ';
		space = false;
		memcpy(p, q + i, n);
		p += n;
	}
	*p = '\0';
	if ((out = nfc(a, start, (size_t)(p - start))) == NULL) {
		*why = SEARCH_QUERY_NOMEM;
		return NULL;
	}
	if (utf8_chars(out, strlen(out)) > SEARCH_QUERY_CHARS_MAX) {
		*why = SEARCH_QUERY_TOO_LONG;
		return NULL;
	}
	return out;
}

/* Adds the term text[0..len] to q. */
static enum search_query_status
add_term(struct arena *a, struct search_query *q, const char *text,
    size_t len, bool phrase, bool exclude)
{
	struct search_term *t;

	if (q->nterms == SEARCH_QUERY_TERMS_MAX)
		return SEARCH_QUERY_TOO_MANY;
	t = &q->terms[q->nterms];
	if ((t->text = arena_strndup(a, text, len)) == NULL)
		return SEARCH_QUERY_NOMEM;
	t->phrase = phrase;
	t->exclude = exclude;
	q->nterms++;
	if (!exclude)
		q->nwanted++;
	return SEARCH_QUERY_OK;
}

/* The end of the word that starts at s[i] (s is s[0..len]). */
static size_t
word_end(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	size_t n;

	while (i < len && (n = utf8_next(s + i, len - i, &cp)) > 0 &&
	    is_word(cp))
		i += n;
	return i;
}

/* The phrase whose opening quote ends at s[*i]: its words up to the next
 * quote, or to the end when it is left open; *i moves past it. */
static enum search_query_status
read_phrase(struct arena *a, const char *s, size_t len, size_t *i,
    bool exclude, struct search_query *q)
{
	char *words, *p;
	size_t n, end;
	uint32_t cp;

	if ((words = p = arena_alloc(a, len + 1)) == NULL)
		return SEARCH_QUERY_NOMEM;
	while (*i < len) {
		n = utf8_next(s + *i, len - *i, &cp);
		if (is_quote(cp)) {
			*i += n;
			break;
		}
		if (!is_word(cp)) {
			*i += n;
			continue;
		}
		end = word_end(s, len, *i);
		if (p != words)
			*p++ = ' ';
		memcpy(p, s + *i, end - *i);
		p += end - *i;
		*i = end;
	}
	if (p == words)
		return SEARCH_QUERY_OK;
	return add_term(a, q, words, (size_t)(p - words), true, exclude);
}

/* Whether s[0..len] starts with a word or a phrase. */
static bool
starts_term(const char *s, size_t len)
{
	uint32_t cp;

	return utf8_next(s, len, &cp) > 0 && (is_word(cp) || is_quote(cp));
}

enum search_query_status
search_query_parse(struct arena *a, const char *q, struct search_query *out)
{
	enum search_query_status st = SEARCH_QUERY_OK;
	const char *s;
	size_t len, i = 0, n, end;
	uint32_t cp;
	bool exclude;

	memset(out, 0, sizeof(*out));
	if ((s = search_query_normalise(a, q, &st)) == NULL)
		return st;
	out->text = s;
	len = strlen(s);
	if ((out->terms = arena_alloc(a, sizeof(*out->terms) *
	    SEARCH_QUERY_TERMS_MAX)) == NULL)
		return SEARCH_QUERY_NOMEM;
	while (i < len && st == SEARCH_QUERY_OK) {
		n = utf8_next(s + i, len - i, &cp);
		/* "-word" leaves it out; "covid-19" is two words. */
		exclude = cp == '-' && (i == 0 || s[i - 1] == ' ') &&
		    starts_term(s + i + n, len - i - n);
		if (exclude) {
			i += n;
			n = utf8_next(s + i, len - i, &cp);
		}
		if (is_quote(cp)) {
			i += n;
			st = read_phrase(a, s, len, &i, exclude, out);
		} else if (is_word(cp)) {
			end = word_end(s, len, i);
			st = add_term(a, out, s + i, end - i, false, exclude);
			i = end;
		} else
			i += n;
	}
	return st;
}

int
search_query_type(const char *value, const char **kind)
{
	enum content_kind k;

	*kind = NULL;
	if (value == NULL || *value == '\0')
		return 0;
	/* The kinds search_sync() indexes: every content kind. */
	if (store_content_kind_parse(value, &k) == -1)
		return -1;
	*kind = store_content_kind_name(k);
	return 0;
}

int
search_query_year(const char *value, int *year)
{
	int64_t n;

	*year = 0;
	if (value == NULL || *value == '\0')
		return 0;
	if (num_parse(value, SEARCH_YEAR_MIN, SEARCH_YEAR_MAX, &n) == -1)
		return -1;
	*year = (int)n;
	return 0;
}

/* ?q=: its normalised text. */
static const char *
canon_q(struct arena *a, const char *value)
{
	enum search_query_status why;

	return search_query_normalise(a, value, &why);
}

/* ?type=: the kind, "" for every kind. */
static const char *
canon_type(struct arena *a, const char *value)
{
	const char *kind;

	(void)a;
	if (search_query_type(value, &kind) == -1)
		return NULL;
	return kind != NULL ? kind : "";
}

const char *
search_query_canon_year(struct arena *a, const char *value)
{
	int year;

	if (search_query_year(value, &year) == -1)
		return NULL;
	return year == 0 ? "" : arena_printf(a, "%d", year);
}

const struct query_field search_query_fields[] = {
	{ "q", canon_q },
	{ "type", canon_type },
	{ "year", search_query_canon_year },
	{ "page", page_cache_canon_page },
	{ NULL, NULL },
};

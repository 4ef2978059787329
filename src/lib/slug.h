/* slug.h: URL slugs made from titles as the site Waypoint replaces made
 * them, so that its links keep working. */
#ifndef WAYPOINT_SLUG_H
#define WAYPOINT_SLUG_H

#include <stdbool.h>
#include <stddef.h>

/* 128: the longest path alias the old site made. */
#define SLUG_MAX	128

/*
 * Makes the slug of the UTF-8 title into out (SLUG_MAX + 1 bytes): lower-case
 * ASCII words joined by '-', accents transliterated, punctuation and other
 * characters dropped, short words such as "the" and "of" left out, cut at a
 * word boundary to SLUG_MAX. Invalid UTF-8 bytes are skipped. Returns the
 * length; 0 (out is "") when nothing usable remains.
 */
size_t	slug_from_title(const char *title, char *out);

/*
 * The slug of a title in the language lang (a code such as "hu", "uk" or
 * "pt-br"; NULL counts as English) into out (SLUG_MAX + 1 bytes). English
 * ("en", "en-…") follows slug_from_title() exactly. Every other language
 * has its own script transliterated to lower-case ASCII by ICU (Україна:
 * "ukraina", Átfogó: "atfogo") and then the same word and length rules,
 * without the English stop words. Invalid UTF-8 bytes are skipped; only
 * the first 512 UTF-16 units of a title, cut at a word boundary, are
 * read. Returns the length; 0 (out is "") when nothing usable remains,
 * such as a title of symbols only: the caller then makes the slug from
 * the item's translation group id, never leaves it empty. Safe in any
 * thread: each opens its own transliterator on first use, closed when
 * it exits.
 */
size_t	slug_from_title_lang(const char *lang, const char *title,
	    char *out);

/* True when s is 1..SLUG_MAX bytes of [a-z0-9-], neither starting nor ending
 * with '-', without "--". */
bool	slug_valid(const char *s);

/*
 * For a clash: writes base with "-n" appended into out (SLUG_MAX + 1
 * bytes), cutting base (at a word boundary if it can) so that the result
 * fits in SLUG_MAX. An empty base gives just the number. Returns the length.
 */
size_t	slug_with_suffix(const char *base, unsigned n, char *out);

#endif

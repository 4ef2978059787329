/* lang_names.h: the site's language codes as ICU locales, and the names
 * of the languages. */
#ifndef WAYPOINT_LANG_NAMES_H
#define WAYPOINT_LANG_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

struct arena;

/* 64: room for any code the configuration accepts, and far more. */
#define LANG_LOCALE_MAX	64

/*
 * Writes the ICU locale ID of the language code lang (BCP 47: "hu",
 * "pt-br"; NULL is "en") into out (LANG_LOCALE_MAX bytes). "en" gives
 * "en_001", international English, which writes the day before the month
 * as the organisation's site does; other codes name themselves ("pt_BR").
 * Returns 0, or -1 (out is "") when lang is not a language tag.
 */
int		 lang_icu_locale(const char *lang, char *out);

/*
 * The name of the language code in the language in_lang, as CLDR writes
 * it in running text: ("hu", "en") "Hungarian", ("en", "hu") "angol",
 * ("hu", "hu") "magyar", ("uk", "uk") "українська"; a code with a region
 * adds it ("pt-br": "português (Brasil)"). In the arena; never NULL: code
 * itself (or "") when there is no name or the arena is out of memory.
 */
const char	*lang_display_name(struct arena *, const char *code,
		    const char *in_lang);

/*
 * The language code lang ("en", "hu", "pt-br") as language_TERRITORY, the
 * form Open Graph's og:locale takes ("en_US", "hu_HU", "pt_BR"): the
 * territory the code names, else the one CLDR's likely subtags give it
 * (ICU's uloc_addLikelySubtags). In the arena; NULL when lang is not a
 * language tag, no territory is known, or the arena is out of memory.
 */
const char	*lang_og_locale(struct arena *, const char *lang);

/* ICU's UTF-16 text s[0..len) (len -1: up to a NUL) as UTF-8 in the
 * arena; NULL when it is not valid UTF-16 or the arena is out of memory. */
const char	*lang_utf8(struct arena *, const UChar *s, int32_t len);

#endif

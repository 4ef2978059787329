/* lang_names.c: the site's language codes as ICU locales, and the names
 * of the languages. */
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "lib/arena.h"
#include "view/lang_names.h"

/* 128: the longest language name CLDR has is well under 64 units. */
#define NAME_MAX_UNITS	128

/* The ICU locale ID of the BCP 47 tag into out (LANG_LOCALE_MAX bytes):
 * 0, or -1 (out is "") when ICU does not read the whole tag. */
static int
tag_locale(const char *tag, char *out)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t parsed = 0, len;
	size_t tlen = strnlen(tag, LANG_LOCALE_MAX);

	out[0] = '\0';
	if (tlen == 0 || tlen == LANG_LOCALE_MAX)
		return -1;
	len = uloc_forLanguageTag(tag, out, LANG_LOCALE_MAX, &parsed, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ||
	    len == 0 || (size_t)parsed != tlen) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int
lang_icu_locale(const char *lang, char *out)
{
	if (lang == NULL || strcmp(lang, "en") == 0) {
		strcpy(out, "en_001");
		return 0;
	}
	return tag_locale(lang, out);
}

const char *
lang_display_name(struct arena *a, const char *code, const char *in_lang)
{
	char id[LANG_LOCALE_MAX], in[LANG_LOCALE_MAX];
	UChar name[NAME_MAX_UNITS];
	UErrorCode err = U_ZERO_ERROR;
	const char *s;
	int32_t len;

	if (code == NULL)
		return "";
	/* The code itself, not "en_001": English, not "English (World)". */
	if (tag_locale(code, id) == -1 || lang_icu_locale(in_lang, in) == -1)
		return code;
	len = uloc_getDisplayName(id, in, name, NAME_MAX_UNITS, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ||
	    len == 0 || (s = lang_utf8(a, name, len)) == NULL)
		return code;
	return s;
}

const char *
lang_og_locale(struct arena *a, const char *lang)
{
	char id[LANG_LOCALE_MAX], full[LANG_LOCALE_MAX];
	char language[LANG_LOCALE_MAX], country[LANG_LOCALE_MAX];
	UErrorCode err = U_ZERO_ERROR;

	if (lang == NULL || tag_locale(lang, id) == -1)
		return NULL;
	uloc_addLikelySubtags(id, full, sizeof(full), &err);
	uloc_getLanguage(full, language, sizeof(language), &err);
	uloc_getCountry(full, country, sizeof(country), &err);
	/* A territory of digits (en_001, the world) is no Open Graph one. */
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ||
	    *language == '\0' || strlen(country) != 2)
		return NULL;
	return arena_printf(a, "%s_%s", language, country);
}

const char *
lang_utf8(struct arena *a, const UChar *s, int32_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	char *out;

	u_strToUTF8(NULL, 0, &n, s, len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	if ((out = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	err = U_ZERO_ERROR;
	u_strToUTF8(out, n + 1, NULL, s, len, &err);
	return U_SUCCESS(err) ? out : NULL;
}

/* money.c: amounts of money as the site shows them, by CLDR's rules
 * through ICU's number formatter, with the ISO 4217 code. */
#include <stdio.h>
#include <string.h>

#include <unicode/unum.h>

#include "lib/arena.h"
#include "view/lang_names.h"
#include "view/money.h"

/* 64: the longest amount, 10^13 with its grouping, code and spaces, is
 * under 32 units. */
#define MONEY_MAX_UNITS	64

/* Whether s is three letters A-Z, the shape of an ISO 4217 code. */
static int
iso_code(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 3)
		return 0;
	for (i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

const char *
money_text(struct arena *a, const char *lang, int64_t minor,
    const char *currency)
{
	char loc[LANG_LOCALE_MAX], number[40];
	UChar code[4], out[MONEY_MAX_UNITS];
	UErrorCode err = U_ZERO_ERROR;
	UNumberFormat *f;
	int32_t digits = MONEY_MINOR_DIGITS, len;
	int64_t unit = 100;

	if (minor < 0 || minor > MONEY_MINOR_MAX || !iso_code(currency) ||
	    lang_icu_locale(lang != NULL ? lang : "en", loc) == -1)
		return NULL;
	u_charsToUChars(currency, code, 4);
	/* Always hundredths, as the form stores them, not the code's own
	 * minor units from ICU (0 for some currencies), which would show
	 * the stored number 100 times too large. As a decimal string so
	 * that ICU reads it exactly, not through a double. */
	snprintf(number, sizeof(number), "%lld.%0*lld",
	    (long long)(minor / unit), (int)digits, (long long)(minor % unit));
	/* Opened for each amount: a page shows one or a few, and this
	 * costs microseconds beside the page's render. */
	f = unum_open(UNUM_CURRENCY_ISO, NULL, 0, loc, NULL, &err);
	if (U_FAILURE(err))
		return NULL;
	unum_setTextAttribute(f, UNUM_CURRENCY_CODE, code, 3, &err);
	if (minor % unit == 0)
		digits = 0;
	unum_setAttribute(f, UNUM_MIN_FRACTION_DIGITS, digits);
	unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, digits);
	len = unum_formatDecimal(f, number, -1, out, MONEY_MAX_UNITS, NULL,
	    &err);
	unum_close(f);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
		return NULL;
	return lang_utf8(a, out, len);
}

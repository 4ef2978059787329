/* money.h: amounts of money as the site shows them, in each language by
 * CLDR's rules (through ICU), with the currency's ISO 4217 code. */
#ifndef WAYPOINT_MONEY_H
#define WAYPOINT_MONEY_H

#include <stdint.h>

#include "money_limit.h"

struct arena;

/*
 * minor, an amount in hundredths (MONEY_MINOR_DIGITS) of currency (an ISO 4217 code:
 * "EUR", "HUF", "USD"), as CLDR writes it in the language lang (NULL is
 * "en") with the code, not the symbol: "EUR 77,000" in English, "77 000
 * EUR" in Hungarian (grouped and spaced with U+00A0 NO-BREAK SPACE); the
 * minor part shown only when it is not zero ("EUR 77,000.50"). In the
 * arena; NULL when minor is outside 0 to MONEY_MINOR_MAX, currency is not
 * three letters A-Z, lang is not a language tag, ICU fails or the arena
 * is out of memory. Any thread.
 */
const char	*money_text(struct arena *, const char *lang, int64_t minor,
		    const char *currency);

#endif

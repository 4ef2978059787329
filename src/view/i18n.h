/* i18n.h: the interface text of every configured language, from the
 * gettext catalogs po/<lang>.po; T() and TN() look texts up. */
#ifndef WAYPOINT_I18N_H
#define WAYPOINT_I18N_H

#include <stdbool.h>
#include <stddef.h>

struct config;

/* Marks a text in a static table for extraction (xgettext --keyword=N_);
 * it is translated where it is shown, with T(). */
#define N_(s)	(s)

/* The folder of the catalogs: po/ beside the www/ folder holding
 * templates_dir ("www/templates" gives "www/templates/../../po"). Into
 * out (size bytes); returns 0, or -1 when it does not fit. */
int	i18n_po_dir(const char *templates_dir, char *out, size_t size);

/* Loads po/<lang>.po for each of cfg's languages, from the folder
 * i18n_po_dir() names. A language without a file (other than English,
 * the language of the msgids) is allowed with a warning on stderr; a
 * file that does not load stops it: the message ("FILE:LINE: why") goes
 * to stderr and it returns -1. Call once, before serving; cfg must
 * outlive every other call. */
int	i18n_init(const struct config *cfg);

/* Loads the catalogs again and, when all load, puts them in use; the old
 * ones stay in memory until i18n_fini(), as texts looked up in them may
 * still be in use. On a broken file logs it, keeps the catalogs in use
 * and returns -1. */
int	i18n_reload(void);

/* Frees every catalog, those in use and those replaced by reloads. */
void	i18n_fini(void);

/* The text of msgid in language lang (NULL: the default), or msgid
 * itself when the catalog has none. The text lives until i18n_fini(). */
const char	*T(const char *lang, const char *msgid)
		    __attribute__((format_arg(2)));

/* The text for count n of singular/plural by lang's plural rule, or
 * English's (singular for 1, else plural) when untranslated. Lives until
 * i18n_fini(). */
const char	*TN(const char *lang, const char *singular, const char *plural,
		    unsigned long n)
		    __attribute__((format_arg(2), format_arg(3)));

/* Whether lang is written right to left (Arabic, Hebrew, Persian, Urdu,
 * Pashto, Yiddish, Dhivehi, Sorani Kurdish, Sindhi, Uyghur, and any code
 * with the script subtag -arab or -hebr). */
bool	i18n_rtl(const char *lang);

#endif

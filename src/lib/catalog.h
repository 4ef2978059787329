/* catalog.h: one GNU gettext message catalog (.po file), loaded once and
 * looked up by any number of threads. */
#ifndef WAYPOINT_CATALOG_H
#define WAYPOINT_CATALOG_H

#include <stddef.h>

/* 4 MiB: a complete catalog of this program is about 60 KiB. */
#define CATALOG_MAX_FILE	(4 * 1024 * 1024)
/* 16 KiB: the longest message (a form's help) is under 1 KiB. */
#define CATALOG_MAX_MESSAGE	(16 * 1024)
/* 8: more plural forms than any language has (Arabic has 6). */
#define CATALOG_MAX_FORMS	8

/* An immutable catalog. */
struct catalog;

/* Loads the .po file at path: msgctxt, msgid, msgid_plural, msgstr and
 * msgstr[N], strings continued over lines, the escapes \n \t \r \" \\,
 * and the header's Plural-Forms rule (plural.h). Fuzzy entries, obsolete
 * (#~) entries and empty translations count as untranslated. Returns the
 * catalog (free with catalog_free), or NULL with "PATH:LINE: message" in
 * err (errsize bytes) when the file cannot be read, is too big, or is
 * malformed. */
struct catalog	*catalog_load(const char *path, char *err, size_t errsize);

/* Frees a catalog; NULL is allowed. */
void		 catalog_free(struct catalog *);

/* The translation of msgid, or NULL when the catalog (which may be NULL)
 * has none. The string lives as long as the catalog. */
const char	*catalog_get(const struct catalog *, const char *msgid);

/* The translation of singular/plural for count n by the catalog's plural
 * rule, or NULL when it has none (or none for that form). The string
 * lives as long as the catalog. */
const char	*catalog_nget(const struct catalog *, const char *singular,
		    const char *plural, unsigned long n);

#endif

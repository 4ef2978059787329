/* i18n_template.h: the pass that puts a language's interface text into a
 * template's source before it is compiled. */
#ifndef WAYPOINT_I18N_TEMPLATE_H
#define WAYPOINT_I18N_TEMPLATE_H

#include <stddef.h>

#include "lib/buf.h"

/* 32: {{…}} tags in one marked text; the longest has two. */
#define I18N_TEMPLATE_MAX_TAGS	32

/*
 * Appends text[0..len], the source of template name, to out with each
 * marker "{{_ msgid _}}" (on one line; blanks around msgid are not part
 * of it) replaced by T(lang, msgid) escaped as HTML (& < > " '), except
 * for the mustache tags {{…}} inside it, which stay tags. A translation
 * must hold the same tags as its msgid. Returns 0, or -1 with
 * "NAME:LINE: message" in err (errsize bytes) for a marker not closed on
 * its line, an empty one, a tag not closed, a translation whose tags
 * differ, or when out failed.
 */
int	i18n_template(const char *lang, const char *name, const char *text,
	    size_t len, struct buf *out, char *err, size_t errsize);

#endif

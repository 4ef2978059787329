/* settings_admin.h: the site texts of one language as the admins' settings
 * screen reads and saves them: site name, tagline, home page introduction. */
#ifndef WAYPOINT_SETTINGS_ADMIN_H
#define WAYPOINT_SETTINGS_ADMIN_H

#include "store/store.h"

struct arena;

/* The texts of one language. NULL (when read) or "" (when saved): the
 * language has none of its own, and the site shows the default
 * language's. */
struct site_texts {
	const char	*site_name;
	const char	*tagline;
	const char	*intro_md;
};

/* The texts lang has of its own into *t, strings in arena a (NULL for
 * each it lacks). STORE_OK, or the database's failure. */
enum store_status store_settings_admin_get(struct store *, struct arena *a,
		    const char *lang, struct site_texts *t);

/* Sets the texts of lang to t, intro_html being intro_md rendered: each
 * non-empty one is stored, each empty one removed (intro_html with
 * intro_md). One transaction of its own (a savepoint of the caller's,
 * when one is open: the screen commits it with its audit line); STORE_OK,
 * or the database's failure with nothing changed. */
enum store_status store_settings_admin_save(struct store *, const char *lang,
		    const struct site_texts *t, const char *intro_html);

#endif

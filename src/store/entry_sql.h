/* entry_sql.h: the SQL the public reads of projects, events and
 * publications share (store/project.c, event.c, publication.c): which rows
 * a visitor may see, how the versions of a group rank for a reader, and
 * the version in the reader's language. Not part of the store's
 * interface. */
#ifndef WAYPOINT_STORE_ENTRY_SQL_H
#define WAYPOINT_STORE_ENTRY_SQL_H

#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct arena;

/* What a public read may show of row e: an entry of kind k (a literal),
 * published and due at ?2. A read by slug names INDEXED BY entries_slug
 * (017.sql): for this range SQLite would walk every published entry of
 * the kind down entries_published. */
#define ENTRY_VISIBLE(e, k)	e ".kind = '" k "' AND " e ".status =" \
				" 'published' AND " e ".published_at <= ?2"
/* The rank of row e for a reader of ?1 whose site defaults to ?3, as
 * NEWS_RANK in news.c ranks a release: its own language, the default,
 * then the oldest version. */
#define ENTRY_RANK(e)	"(CASE " e ".lang WHEN ?1 THEN 0 WHEN ?3 THEN 1 " \
			"ELSE 2 END), " e ".id"
/* Whether row e is the best ranked visible version of its group (b names
 * the others): what makes a list show one version per group. INDEXED BY,
 * as NEWS_BEST: left to itself SQLite walks entries_published for every
 * row, quadratic in the entries. */
#define ENTRY_BEST(e, b, k)	" NOT EXISTS (SELECT 1 FROM entries " b \
			" INDEXED BY entries_group WHERE " b ".group_id = " \
			e ".group_id AND " b ".id <> " e ".id AND " \
			ENTRY_VISIBLE(b, k) " AND (" ENTRY_RANK(b) ") < (" \
			ENTRY_RANK(e) "))"

/* The slug of group group_id's visible version (at now) of kind in lang
 * into *slug (arena a): where a reader of lang is sent from another
 * version. *slug is NULL when the group has none in lang. */
enum store_status entry_version_slug(struct store *, struct arena *a,
		    const char *kind, const char *lang, time_t now,
		    int64_t group_id, const char **slug);

/* The translation groups of kind with a version published by now into
 * *count: the rows an unfiltered list shows, one each. Reads two counts,
 * however many groups there are. */
enum store_status entry_visible_groups(struct store *, const char *kind,
		    time_t now, int64_t *count);

#endif

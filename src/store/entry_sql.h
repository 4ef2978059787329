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
#define ENTRY_BEST(e, b, k)	ENTRY_BEST_IF(e, b, ENTRY_VISIBLE(b, k))
/* The same among the versions of b that visible (a condition on b)
 * admits. */
#define ENTRY_BEST_IF(e, b, visible) " NOT EXISTS (SELECT 1 FROM entries " \
			b " INDEXED BY entries_group WHERE " b ".group_id = " \
			e ".group_id AND " b ".id <> " e ".id AND " visible \
			" AND (" ENTRY_RANK(b) ") < (" ENTRY_RANK(e) "))"

/* The id of the version of group o.group_id a reader of ?1 sees among
 * those that visible (a condition on b) admits, or NULL when there is
 * none: ENTRY_RANK's order as three lookups (as news.c's NEWS_BEST_IN),
 * for a list walked by group. */
#define ENTRY_BEST_IN(l, visible) "(SELECT b.id FROM entries b INDEXED BY" \
			" entries_group WHERE b.group_id = o.group_id AND" \
			" b.lang = " l " AND " visible ")"
#define ENTRY_SHOWN_IF(visible) "coalesce(" ENTRY_BEST_IN("?1", visible) \
			", " ENTRY_BEST_IN("?3", visible) ", (SELECT" \
			" min(b.id) FROM entries b INDEXED BY entries_group" \
			" WHERE b.group_id = o.group_id AND " visible "))"

/* The groups of kind k (a literal) with a published version but none due
 * at ?2: scheduled ones, few, found by entries_published; a group once
 * for each of its versions. */
#define ENTRY_NOT_DUE(k)	ENTRY_NOT_DUE_IF(k, "", ENTRY_VISIBLE("b", k))
/* The same of the rows d that also (" AND ...", or "") admits, with no
 * version due among those that visible (a condition on b) admits. */
#define ENTRY_NOT_DUE_IF(k, also, visible) "SELECT d.group_id FROM" \
			" entries d INDEXED BY entries_published WHERE" \
			" d.kind = '" k "' AND d.status = 'published' AND" \
			" d.published_at > ?2" also " AND NOT EXISTS (SELECT" \
			" 1 FROM entries b INDEXED BY entries_group WHERE" \
			" b.group_id = d.group_id AND " visible ")"
/* A list's left_out for list_order_seek() (list_order.h): of groups, a
 * query selecting the group_ids a list leaves out of kind k's order,
 * each once, those from the key (?5, ?6) up and all. CROSS JOIN: from
 * those few to their places. ENTRY_LEFT_OUT_IN takes the order's kind as
 * an SQL expression. */
#define ENTRY_LEFT_OUT(k, groups) ENTRY_LEFT_OUT_IN("'" k "'", groups)
#define ENTRY_LEFT_OUT_IN(order, groups) "SELECT coalesce(sum((o.at," \
			" o.group_id) >= (?5, ?6)), 0), count(*) FROM (" \
			groups ") x CROSS JOIN list_order o WHERE o.kind = " \
			order " AND o.group_id = x.group_id"
/* The rows of a list walked down kind k's order in list_order from the
 * key (?6, ?7), each group's version as its reader sees it (ENTRY_SHOWN_IF
 * as e): the caller adds its WHERE, "ORDER BY o.at DESC, o.group_id
 * DESC" and its LIMIT, ?5. In the index's order, no sort: a page costs
 * its rows and those it skips. ENTRY_WALK_IN takes the order's kind as
 * an SQL expression and the versions it may show as a condition on b. */
#define ENTRY_WALK(k, cols)	ENTRY_WALK_IN("'" k "'", \
			ENTRY_VISIBLE("b", k), cols)
#define ENTRY_WALK_IN(order, visible, cols) "SELECT " cols " FROM" \
			" (SELECT group_id, at FROM list_order WHERE kind = " \
			order " AND (at, group_id) <= (?6, ?7) ORDER BY at" \
			" DESC, group_id DESC) o JOIN entries e ON e.id = " \
			ENTRY_SHOWN_IF(visible)
#define ENTRY_WALK_ORDER	" ORDER BY o.at DESC, o.group_id DESC LIMIT ?5"

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

/* content_sql.h: the SQL of releases and pages, kind by kind, for the
 * store's content modules (not part of the store's interface). */
#ifndef WAYPOINT_STORE_CONTENT_SQL_H
#define WAYPOINT_STORE_CONTENT_SQL_H

#include <stdbool.h>

#include "store/content.h"

/* The item of kind name k (an SQL expression: 'news', 'page', 'project'
 * ...) and id i, from its own table, as n, p or e: a left join to each,
 * which finds the row by its id, where a join to the three tables' union
 * makes SQLite read every row of them. ITEM_COL(c) is its column c. */
#define ITEM_JOINS(k, i) \
	" LEFT JOIN news n ON " k " = 'news' AND n.id = " i \
	" LEFT JOIN pages p ON " k " = 'page' AND p.id = " i \
	" LEFT JOIN entries e ON " k " NOT IN ('news', 'page')" \
	" AND e.id = " i " AND e.kind = " k
#define ITEM_COL(c)	"coalesce(n." c ", p." c ", e." c ")"

/* The SQL of each kind: the tables differ in name and in the dateline,
 * and a table name cannot be a bound parameter. Parameters of a write:
 * ?1 lang, ?2 slug, ?3 title, ?4 dateline, ?5 pub_date, ?6 pub_time,
 * ?7 summary, ?8 body_md, ?9 body_html, ?10 status, ?11 published_at,
 * ?12 now, ?13 updated_by, ?14 id (an insert's: 0 for the next free
 * one, else the id an import keeps), ?15 version, and of an insert also
 * ?16 group_id (0: a group of its own), ?17 source_id (NULL: none), and
 * of a kind with fields ?18 fields (its statements reach ?18). A
 * write sets source_rev to the source's text_rev: saving a translation
 * confirms it against the source as it is now. */
struct kind_sql {
	const char	*name;
	bool		 fields;	/* in entries, with fields (?18) */
	const char	*get;
	const char	*head;
	const char	*slug_owner;
	const char	*lang_owner;
	const char	*source;
	const char	*insert;
	const char	*update;
	const char	*set_status;
	const char	*is_draft;	/* ?1 id: one row of 1 or 0 */
	const char	*mark_current;
	const char	*versions;
	const char	*delete;
	const char	*next_id;
};

/* The statements of kind k (an unknown k is a release's). */
const struct kind_sql	*kind_sql(enum content_kind k);

#endif

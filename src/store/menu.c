/* menu.c: the queries of the menu tree, its labels in the reader's
 * language. */
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/menu_sql.h"

/* 500: far more items than a site's menu holds; the rest are not shown. */
#define MENU_MAX	500

/* The names of the targets, by enum menu_target: the CHECK of
 * menu_items.target (008.sql) and MENU_TARGET_SQL's. */
static const char *const target_names[MENU_TARGET_COUNT] = {
	[MENU_PAGE] = "page",
	[MENU_NEWS] = "news",
	[MENU_URL] = "url",
	[MENU_PROJECTS] = "projects",
	[MENU_EVENTS] = "events",
	[MENU_RESOURCES] = "resources",
};

const char *
store_menu_target_name(enum menu_target t)
{
	return (unsigned)t < MENU_TARGET_COUNT ? target_names[t] : "page";
}

int
store_menu_target_parse(const char *s, enum menu_target *t)
{
	size_t i;

	for (i = 0; s != NULL && i < MENU_TARGET_COUNT; i++)
		if (strcmp(s, target_names[i]) == 0) {
			*t = (enum menu_target)i;
			return 0;
		}
	return -1;
}

static const struct db_col menu_cols[] = {
	DB_COL(DB_INT64, struct menu_item, id),
	DB_COL(DB_INT64, struct menu_item, parent_id),
	DB_COL(DB_TEXT, struct menu_item, label),
	DB_COL(DB_TEXT_OR_NULL, struct menu_item, label_lang),
	DB_COL(DB_TEXT, struct menu_item, description),
	DB_COL(DB_TEXT_OR_NULL, struct menu_item, description_lang),
	DB_COL(DB_INT, struct menu_item, target),
	DB_COL(DB_TEXT_OR_NULL, struct menu_item, page_slug),
	DB_COL(DB_BOOL, struct menu_item, page_visible),
	DB_COL(DB_TEXT, struct menu_item, url),
};

enum store_status
store_menu(struct store *s, struct arena *a, const char *lang, time_t now,
    struct menu_item **items, size_t *n)
{
	*n = 0;
	if ((*items = arena_alloc(a, sizeof(**items) * MENU_MAX)) == NULL)
		return STORE_ERROR;
	/* Parents first (by depth), then each level in order. A label or
	 * description missing in lang is the item's own, named with its
	 * language; a page link goes to the page's version in lang when one
	 * is visible. */
	return db_list(s, a, db_query(s,
	    "WITH RECURSIVE tree(id, depth) AS ("
	    " SELECT id, 0 FROM menu_items WHERE parent_id IS NULL"
	    " UNION ALL SELECT m.id, t.depth + 1 FROM menu_items m"
	    " JOIN tree t ON m.parent_id = t.id WHERE t.depth < 8)"
	    " SELECT m.id, coalesce(m.parent_id, 0),"
	    " coalesce(x.label, m.label),"
	    " CASE WHEN x.label IS NULL AND m.lang <> ?1 THEN m.lang END,"
	    " CASE WHEN x.description <> '' OR m.description = ''"
	    " THEN coalesce(x.description, '') ELSE m.description END,"
	    " CASE WHEN coalesce(x.description, '') = '' AND"
	    " m.description <> '' AND m.lang <> ?1 THEN m.lang END,"
	    MENU_TARGET_SQL("m") ","
	    " coalesce(v.slug, p.slug), v.id IS NOT NULL OR"
	    " (p.status = 'published' AND coalesce(p.published_at, 0) <= ?2),"
	    " m.url"
	    " FROM tree t JOIN menu_items m ON m.id = t.id"
	    " LEFT JOIN menu_texts x ON x.item_id = m.id AND x.lang = ?1"
	    " LEFT JOIN pages p ON p.id = m.page_id"
	    " LEFT JOIN pages v ON v.group_id = p.group_id AND v.lang = ?1"
	    " AND +v.status = 'published' AND coalesce(v.published_at, 0) <= ?2"
	    " ORDER BY t.depth, m.parent_id, m.position, m.id", "ti", lang,
	    (int64_t)now), menu_cols, sizeof(menu_cols) / sizeof(menu_cols[0]),
	    *items, sizeof(**items), MENU_MAX, n, "store_menu");
}

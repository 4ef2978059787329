/* menu.c: the queries of the menu tree. */
#include <string.h>

#include "lib/arena.h"
#include "store/db_internal.h"

/* 500: far more items than a site's menu holds; the rest are not shown. */
#define MENU_MAX	500

enum store_status
store_menu(struct store *s, struct arena *a, const char *lang, time_t now,
    struct menu_item **items, size_t *n)
{
	sqlite3_stmt *st;
	struct menu_item *m;
	const char *target;
	enum store_status ret = STORE_OK;
	int rc;

	*n = 0;
	if ((*items = arena_alloc(a, sizeof(**items) * MENU_MAX)) == NULL)
		return STORE_ERROR;
	/* Parents first (by depth), then each level in order. */
	st = db_stmt(s,
	    "WITH RECURSIVE tree(id, depth) AS ("
	    " SELECT id, 0 FROM menu_items WHERE lang = ?1 AND parent_id IS NULL"
	    " UNION ALL SELECT m.id, t.depth + 1 FROM menu_items m"
	    " JOIN tree t ON m.parent_id = t.id WHERE t.depth < 8)"
	    " SELECT m.id, coalesce(m.parent_id, 0), m.label, m.description,"
	    " m.target, p.slug, p.status = 'published' AND"
	    " coalesce(p.published_at, 0) <= ?2, m.url"
	    " FROM tree t JOIN menu_items m ON m.id = t.id"
	    " LEFT JOIN pages p ON p.id = m.page_id"
	    " ORDER BY t.depth, m.parent_id, m.position, m.id");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < MENU_MAX) {
		m = &(*items)[(*n)++];
		m->id = sqlite3_column_int64(st, 0);
		m->parent_id = sqlite3_column_int64(st, 1);
		m->label = db_text(a, st, 2);
		m->description = db_text(a, st, 3);
		target = (const char *)sqlite3_column_text(st, 4);
		if (target != NULL && strcmp(target, "news") == 0)
			m->target = MENU_NEWS;
		else if (target != NULL && strcmp(target, "url") == 0)
			m->target = MENU_URL;
		else
			m->target = MENU_PAGE;
		m->page_slug = sqlite3_column_type(st, 5) == SQLITE_NULL ?
		    NULL : db_text(a, st, 5);
		m->page_visible = sqlite3_column_int(st, 6) != 0;
		m->url = db_text(a, st, 7);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_status(s, rc, "store_menu");
	db_done(st);
	return ret;
}

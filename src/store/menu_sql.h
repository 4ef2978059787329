/* menu_sql.h: the SQL of a menu item's target, shared by the public menu
 * (menu.c) and the editor's (menu_admin.c); not part of the store's
 * interface. */
#ifndef WAYPOINT_STORE_MENU_SQL_H
#define WAYPOINT_STORE_MENU_SQL_H

#include "store/store.h"

/* The target of item m as enum menu_target's value, for a DB_INT column:
 * the names of store_menu_target_name(), in the enum's order. */
#define MENU_TARGET_SQL(m) \
	" CASE " m ".target WHEN 'news' THEN 1 WHEN 'url' THEN 2" \
	" WHEN 'projects' THEN 3 WHEN 'events' THEN 4" \
	" WHEN 'resources' THEN 5 ELSE 0 END"

_Static_assert(sizeof(enum menu_target) == sizeof(int) && MENU_PAGE == 0 &&
    MENU_NEWS == 1 && MENU_URL == 2 && MENU_PROJECTS == 3 &&
    MENU_EVENTS == 4 && MENU_RESOURCES == 5,
    "MENU_TARGET_SQL gives menu_target");

#endif

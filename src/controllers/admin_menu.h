/* admin_menu.h: what the menu editor's two files share: admin_menu.c
 * (the tree, deleting, moving) and admin_menu_form.c (the item form). */
#ifndef WAYPOINT_ADMIN_MENU_H
#define WAYPOINT_ADMIN_MENU_H

#include <stdbool.h>
#include <stddef.h>

#include "store/menu_admin.h"

struct request;
struct response;

/* The levels of the subtree of items[i] (1: no children); items come in
 * reading order, so the subtree is the run of deeper items after it. */
int	admin_menu_levels(const struct menu_admin_item *items, size_t n,
	    size_t i);

/* The item of the route's first capture into *m: 0, or the status to
 * answer with (404 for an unknown id). Strings in the request's arena. */
int	admin_menu_item(struct request *, struct menu_admin_item *m);

/* After a change made in the transaction the caller began: its audit
 * line ("verb label") and flash, committed. STORE_OK, or the failure with
 * all rolled back (*unrecorded: as audit_commit sets it). */
enum store_status admin_menu_commit(struct request *, const char *verb,
	    const char *label, bool *unrecorded);

/* The item form's table (label, description, target, page_id, url,
 * parent_id), static, *n its rows: `waypoint import` checks a file's menu
 * items by it. */
struct field;
const struct field *admin_menu_fields(size_t *n);

/* Back to the menu after a change: 303 with its Location. */
int	admin_menu_done(struct request *, struct response *);

#endif

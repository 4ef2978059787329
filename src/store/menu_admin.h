/* menu_admin.h: the menu as the editors' menu page reads and changes it:
 * the one tree of every language with its targets, each item's label and
 * description in its own language and in the others, and adding, editing,
 * removing, moving and nesting items. */
#ifndef WAYPOINT_MENU_ADMIN_H
#define WAYPOINT_MENU_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

/* 3: the levels the public menu draws (layout.c); deeper items would not
 * show, so none may be made. */
#define MENU_ADMIN_LEVELS	3
/* 500: the items store_menu() reads; more would not show. */
#define MENU_ADMIN_MAX		500
/* 1000: pages offered as targets; far more than an office's site has. */
#define MENU_ADMIN_PAGES_MAX	1000
/* 16: CONFIG_LANGS_MAX, the languages a site may have. */
#define MENU_ADMIN_TEXTS_MAX	16

struct menu_admin_item {
	int64_t		 id;
	int64_t		 parent_id;	/* 0: a top-level section */
	int		 depth;		/* 0 for the top level */
	const char	*lang;		/* the language of label and
					   description */
	const char	*label;
	const char	*description;
	enum menu_target target;
	int64_t		 page_id;	/* MENU_PAGE: 0 when the page is gone */
	const char	*page_title;	/* MENU_PAGE: "" if the page is gone */
	const char	*url;		/* MENU_URL, else "" */
	const char	*text_langs;	/* the languages it has a label in
					   besides its own, space-separated */
};

/* An item's label and description in a language other than its own
 * (menu_texts). Saved, an empty label means none: the public menu then
 * shows the item's own label, marked with its language. */
struct menu_text {
	const char	*lang;
	const char	*label;
	const char	*description;
};

/* What an editor sets on an item; strings already validated. */
struct menu_admin_fields {
	int64_t		 parent_id;	/* 0: top level */
	const char	*label;
	const char	*description;
	enum menu_target target;
	int64_t		 page_id;	/* read for MENU_PAGE only */
	const char	*url;		/* read for MENU_URL only */
	const struct menu_text *texts;	/* in other languages: each one
					   named is set or (empty label)
					   removed; the others are kept */
	size_t		 ntexts;
};

/* Why a change was refused (the store function then returns
 * STORE_NOTFOUND and has changed nothing). */
enum menu_refusal {
	MENU_REFUSAL_NONE = 0,
	MENU_REFUSAL_GONE,		/* no such item */
	MENU_REFUSAL_NO_PARENT,		/* the parent named does not exist */
	MENU_REFUSAL_CYCLE,		/* the parent is the item or below it */
	MENU_REFUSAL_TOO_DEEP,		/* past MENU_ADMIN_LEVELS */
	MENU_REFUSAL_NO_PAGE,		/* the page named does not exist */
	MENU_REFUSAL_NO_SIBLING,	/* first or last: none to pass */
	MENU_REFUSAL_TOP_LEVEL,		/* at the top: cannot move out */
	MENU_REFUSAL_FULL,		/* MENU_ADMIN_MAX items already */
};

enum menu_move {
	MENU_MOVE_UP,		/* swap with the previous sibling */
	MENU_MOVE_DOWN,		/* swap with the next sibling */
	MENU_MOVE_IN,		/* the previous sibling's last child */
	MENU_MOVE_OUT,		/* become the sibling right after the parent */
};

struct menu_admin_page {
	int64_t		 id;
	const char	*lang;
	const char	*title;
	bool		 published;
};

/* The menu in reading order (each item followed by its subtree, siblings
 * by position), depth filled in; at most MENU_ADMIN_MAX items. Items
 * whose parent is missing are left out. The array and its strings live in
 * arena a. */
enum store_status store_menu_admin_tree(struct store *, struct arena *a,
		    struct menu_admin_item **items, size_t *n);

/* Item id into *m (strings in arena a; depth filled in), or
 * STORE_NOTFOUND. */
enum store_status store_menu_admin_item(struct store *, struct arena *a,
		    int64_t id, struct menu_admin_item *m);

/* The labels and descriptions item id has in languages other than its
 * own, by language code; at most MENU_ADMIN_TEXTS_MAX. Array and strings
 * in arena a; none for an unknown item. */
enum store_status store_menu_admin_texts(struct store *, struct arena *a,
		    int64_t id, struct menu_text **texts, size_t *n);

/* Every page of every language, any status, by title: the targets an
 * item may have (the public menu links to the reader's version of it).
 * The first MENU_ADMIN_PAGES_MAX, and page chosen (0: none) wherever it
 * sorts, so that a form shows the page an item links to and saves it
 * unchanged; array and strings in arena a. */
enum store_status store_menu_admin_pages(struct store *, struct arena *a,
		    int64_t chosen,
		    struct menu_admin_page **pages, size_t *n);

/* The four changes below each run in one transaction of their own (a
 * savepoint of the caller's, when one is open: the editor's pages commit
 * the change with its audit line) and either complete or change nothing.
 * They return STORE_OK when done,
 * STORE_NOTFOUND when refused (*why says why), or the database's failure
 * (STORE_BUSY, STORE_READONLY, STORE_FULL ...). */

/* Adds an item whose label and description (f's) are in lang, with its
 * texts in other languages, as the last child of f->parent_id; sets *id
 * to the new item's id. */
enum store_status store_menu_admin_add(struct store *, const char *lang,
		    const struct menu_admin_fields *f, int64_t *id,
		    enum menu_refusal *why);

/* Sets the fields of item id, and its texts in other languages (never in
 * its own). A new parent must not be the item or one of its descendants,
 * and the item's subtree must fit within MENU_ADMIN_LEVELS there; the
 * item then becomes its last child. */
enum store_status store_menu_admin_update(struct store *, int64_t id,
		    const struct menu_admin_fields *f, enum menu_refusal *why);

/* Deletes item id, its texts and everything below it. */
enum store_status store_menu_admin_delete(struct store *, int64_t id,
		    enum menu_refusal *why);

/* Moves item id (with its subtree) as move says. */
enum store_status store_menu_admin_move(struct store *, int64_t id,
		    enum menu_move move, enum menu_refusal *why);

#endif

/* admin_lists.h: what the editors' dashboard lists: releases and pages in
 * every state, newest edit first, with their last editor. */
#ifndef WAYPOINT_ADMIN_LISTS_H
#define WAYPOINT_ADMIN_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct arena;

/* Which kinds a list holds; or them together for both. */
#define ADMIN_LIST_NEWS		(1u << 0)
#define ADMIN_LIST_PAGES	(1u << 1)
#define ADMIN_LIST_ALL		(ADMIN_LIST_NEWS | ADMIN_LIST_PAGES)

/* 100: the longest list page an editor's screen needs. */
#define ADMIN_LIST_LIMIT_MAX	100

struct admin_entry {
	int64_t		 id;
	bool		 is_news;	/* else a page */
	const char	*lang;
	const char	*title;
	bool		 published;	/* status 'published' (due or not) */
	bool		 has_pub_time;	/* false: a page never given a date */
	time_t		 published_at;	/* when has_pub_time */
	time_t		 updated_at;
	const char	*editor;	/* last editor's name, "" if none */
};

/* How many items of kinds (ADMIN_LIST_*) there are, in every language and
 * state. */
enum store_status store_admin_count(struct store *, unsigned kinds,
		    int64_t *count);

/* Items of kinds, last edited first (then releases before pages, newest
 * id first): at most limit (1..ADMIN_LIST_LIMIT_MAX) from offset. The
 * array and its strings live in arena a. */
enum store_status store_admin_list(struct store *, struct arena *a,
		    unsigned kinds, int64_t offset, int limit,
		    struct admin_entry **items, size_t *n);

#endif

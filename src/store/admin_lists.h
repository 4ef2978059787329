/* admin_lists.h: what the editors' dashboard lists: items of every kind in
 * every state, newest edit first, with their last editor; and the donors
 * the project form offers. */
#ifndef WAYPOINT_ADMIN_LISTS_H
#define WAYPOINT_ADMIN_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/content.h"
#include "store/store.h"

struct arena;

/* Which kinds a list holds (bit 1 << enum content_kind); or them together
 * for several. */
#define ADMIN_LIST_NEWS		(1u << CONTENT_NEWS)
#define ADMIN_LIST_PAGES	(1u << CONTENT_PAGE)
#define ADMIN_LIST_PROJECTS	(1u << CONTENT_PROJECT)
#define ADMIN_LIST_EVENTS	(1u << CONTENT_EVENT)
#define ADMIN_LIST_PUBLICATIONS	(1u << CONTENT_PUBLICATION)
#define ADMIN_LIST_ALL		(ADMIN_LIST_NEWS | ADMIN_LIST_PAGES | \
				 ADMIN_LIST_PROJECTS | ADMIN_LIST_EVENTS | \
				 ADMIN_LIST_PUBLICATIONS)

/* 100: the longest list page an editor's screen needs. */
#define ADMIN_LIST_LIMIT_MAX	100

struct admin_entry {
	int64_t		 id;
	enum content_kind kind;
	const char	*lang;
	const char	*title;
	bool		 published;	/* status 'published' (due or not) */
	bool		 has_pub_time;	/* false: a page never given a date */
	time_t		 published_at;	/* when has_pub_time */
	time_t		 updated_at;
	const char	*editor;	/* last editor's name, "" if none */
	bool		 outdated;	/* a translation whose source changed */
};

/* Which items a list holds, besides their kinds. */
enum admin_filter {
	ADMIN_FILTER_NONE,
	ADMIN_FILTER_MISSING,	/* one item a group with no version in lang */
	ADMIN_FILTER_OUTDATED,	/* the outdated versions in lang */
	ADMIN_FILTER_TITLE,	/* the items whose title holds words */
};

/* 200: the longest words a title search takes (the public search's). */
#define ADMIN_WORDS_MAX		200

/* A list's choice of items: kinds (ADMIN_LIST_*), and filter with its
 * language or words (neither read by ADMIN_FILTER_NONE). */
struct admin_query {
	unsigned	 kinds;
	enum admin_filter filter;
	const char	*lang;
	const char	*words;	/* ADMIN_FILTER_TITLE: at most
				   ADMIN_WORDS_MAX bytes, found as they
				   are (ASCII letters in either case) */
};

/* How many items q chooses there are, in every state (and, unfiltered,
 * every language). */
enum store_status store_admin_count(struct store *,
		    const struct admin_query *q, int64_t *count);

/* The items q chooses, last edited first (then newest id first, then by
 * kind, releases first): at most limit (1..ADMIN_LIST_LIMIT_MAX) from
 * offset.
 * A group missing a language is listed once, by its oldest version. The
 * array and its strings live in arena a. */
enum store_status store_admin_list(struct store *, struct arena *a,
		    const struct admin_query *q, int64_t offset, int limit,
		    struct admin_entry **items, size_t *n);

/* 500: more donors than an office's projects name; the form offers the
 * first ones by name. */
#define ADMIN_DONORS_MAX	500

/* The donors' names projects have given (the donors table), by name, at
 * most ADMIN_DONORS_MAX, into *names (an array of *n in arena a). */
enum store_status store_admin_donors(struct store *, struct arena *a,
		    const char ***names, size_t *n);

#endif

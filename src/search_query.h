/* search_query.h: what a visitor types into the search box, read into the
 * terms the store looks for, and the query fields of /search. */
#ifndef WAYPOINT_SEARCH_QUERY_H
#define WAYPOINT_SEARCH_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "page_cache.h"

struct arena;
struct search_term;

/* 200 characters and 16 terms: the limits; a longer query is
 * refused, never cut short, so what is searched is what was typed. */
#define SEARCH_QUERY_CHARS_MAX	200
#define SEARCH_QUERY_TERMS_MAX	16

/* 1900 to 2100: the years ?year= may name. */
#define SEARCH_YEAR_MIN		1900
#define SEARCH_YEAR_MAX		2100

enum search_query_status {
	SEARCH_QUERY_OK,
	SEARCH_QUERY_NOT_TEXT,	/* not UTF-8 */
	SEARCH_QUERY_TOO_LONG,	/* past SEARCH_QUERY_CHARS_MAX characters */
	SEARCH_QUERY_TOO_MANY,	/* past SEARCH_QUERY_TERMS_MAX terms */
	SEARCH_QUERY_NOMEM,
};

/* A query read: its normalised text and its terms, in the arena. */
struct search_query {
	const char		*text;	 /* normalised; "" for none */
	struct search_term	*terms;
	size_t			 nterms;
	size_t			 nwanted; /* terms not excluded */
};

/* q (NULL: none) trimmed, each run of white space or control characters
 * one space, in Unicode NFC: the text a search shows and is cached by, in
 * the arena. NULL, with *why set, when q is not UTF-8, is longer than
 * SEARCH_QUERY_CHARS_MAX characters once normalised, or memory ran out. */
const char *search_query_normalise(struct arena *, const char *q,
	    enum search_query_status *why);

/*
 * Reads q (NULL: none) into *out. A term is a word (a run of letters,
 * digits and combining marks) or a phrase between double quotes (" or the
 * typographic “ ” „ « »), whose text is its words joined by one space; a
 * '-' at the start of the query or after a space leaves the word or phrase
 * after it out. Every other character, FTS5's syntax included (NEAR( * ^
 * : ( ) + { }, column filters), only separates words, and AND, OR, NOT
 * and NEAR are words like any other. A quote left open runs to the end: the
 * rest is a phrase. A phrase with no word in it is no term. Returns
 * SEARCH_QUERY_OK (maybe with no term: the empty search) or why q is
 * refused; out->text is set whenever q is text within the length limit.
 */
enum search_query_status search_query_parse(struct arena *, const char *q,
	    struct search_query *out);

/* ?type=: NULL or "" is every kind (*kind NULL), a content kind's name
 * ("news", "page", "project", "event", "publication") that kind. Returns
 * 0, or -1 for any other value. */
int	search_query_type(const char *value, const char **kind);

/* ?year=: NULL or "" is any year (0), else SEARCH_YEAR_MIN to
 * SEARCH_YEAR_MAX written as lib/num.h reads numbers. Returns 0, or -1
 * for any other value. */
int	search_query_year(const char *value, int *year);

/* ?year= (search_query_year) as a query_field's canon: the year, "" for
 * any; NULL when malformed. The publications' list reads it too. In the
 * arena. */
const char *search_query_canon_year(struct arena *, const char *value);

/* The query fields /search reads (q, type, year, page), for its route:
 * each canonical as the functions above read it, so "?q=a%20%20b&utm=x"
 * and "?q=a+b" are one page, and a malformed field is no key at all. */
extern const struct query_field search_query_fields[];

#endif

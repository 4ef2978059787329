/* jsonld.h: schema.org data as JSON-LD (a release as a NewsArticle), and
 * its text made safe to sit inside <script type="application/ld+json">. */
#ifndef WAYPOINT_JSONLD_H
#define WAYPOINT_JSONLD_H

#include <jansson.h>

struct arena;

/* What a NewsArticle says of a release. Every string may be NULL or "",
 * which leaves its property out. */
struct jsonld_article {
	const char	*headline;	/* the title */
	const char	*description;	/* the summary */
	/* W3C datetimes: ISO 8601 with the offset. */
	const char	*published;
	const char	*modified;
	const char	*dateline;	/* the place: locationCreated */
	const char	*lang;		/* inLanguage: the text's */
	const char	*url;		/* absolute, the canonical */
	const char	*publisher;	/* the site's name */
	const char	*logo;		/* the site's mark, absolute */
	const char	*image;		/* its lead image's URL, absolute */
};

/* The schema.org NewsArticle of a: a new reference, NULL when out of
 * memory. */
json_t	*jsonld_news_article(const struct jsonld_article *a);

/* v as compact JSON in which every '<', '>' and '&' and every U+2028 and
 * U+2029 are written as \u escapes: no value can end the script element,
 * open a comment or end a line in it, and the JSON means the same. In the
 * arena; NULL when out of memory. */
char	*jsonld_text(struct arena *, const json_t *v);

#endif

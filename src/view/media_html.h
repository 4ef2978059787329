/* media_html.h: the media:N references of a rendered body: found, checked
 * when the body is saved, and expanded into pictures and file links
 * (www/templates/media_picture.mustache) when a page is made. */
#ifndef WAYPOINT_MEDIA_HTML_H
#define WAYPOINT_MEDIA_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/media.h"

struct arena;

/* One reference, as cmark-gfm wrote it: an image <img src="media:N"
 * alt="..." /> or a link <a href="media:N" ...>. */
struct media_ref {
	int64_t		 id;
	bool		 image;		/* an <img>; else a link */
	bool		 alone;		/* an image alone in its paragraph */
	const char	*alt;		/* an image's alt text, unescaped */
	/* The bytes of the body the reference stands on: an image's <img>
	 * (with its <p> and </p> when alone), a link's href value; a
	 * link's whole opening tag and its closing tag (dropped with the
	 * reference when the item is gone). */
	size_t		 start, end;
	size_t		 open_start, open_end, close_start, close_end;
};

/* The references of body html (NUL-terminated), in order, into *refs
 * (arena a; NULL when none). Text that only looks like one (inside code,
 * escaped) is text. *bad is set when a media: address is not a number
 * (refused at save). Returns 0, or -1 when out of memory. */
int		 media_html_refs(struct arena *a, const char *html,
		    struct media_ref **refs, size_t *n, bool *bad);

/* The distinct ids of refs[0..n] into ids (room for n), in first-use
 * order; returns how many. */
size_t		 media_html_ids(const struct media_ref *refs, size_t n,
		    int64_t *ids);

/* What a body's save refuses. */
enum media_problem {
	MEDIA_PROBLEM_NONE,
	MEDIA_PROBLEM_NOT_A_NUMBER,	/* media: without a number */
	MEDIA_PROBLEM_MISSING,		/* no such item */
	MEDIA_PROBLEM_NO_ALT,		/* an image shown without alt text */
	MEDIA_PROBLEM_DOCUMENT_SHOWN,	/* ![...](media:N) of a PDF */
	MEDIA_PROBLEM_NOT_IMAGE,	/* a lead image that is a document */
};

/* The first problem of refs[0..n] given the items they name
 * (items[0..nitems], as store_media_get_many() read them) in a body of
 * language lang: every item there, an image shown with alt text (its
 * own, else the item's in lang) unless decorative, a document only
 * linked. *which is the id at fault. */
enum media_problem media_html_check(const struct media_ref *refs, size_t n,
		    const struct media_item *items, size_t nitems,
		    const char *lang, int64_t *which);

/* The same checks of item m as a lead image of an item in lang. */
enum media_problem media_html_check_lead(const struct media_item *m,
		    const char *lang);

/* The editor's sentence for problem p, an msgid to translate, with one
 * %lld: the item's number (after "Body" or "Lead image"). */
const char	*media_html_problem(enum media_problem p);

/* How pictures are drawn. */
struct media_html_opts {
	const char	*lang;		/* the text's: alt, caption, template */
	const char	*base_url;	/* absolute URLs (feeds, API); NULL:
					 * paths */
	bool		 eager_first;	/* the first image is not lazy (no
					 * lead image above it) */
};

/* Body html with its references (refs[0..n], media_html_refs()) made
 * into pictures, figures and file links over items[0..nitems]; a
 * reference to an item missing is dropped (logged). In arena a; NULL
 * when out of memory or a template failed. */
char		*media_html_expand(struct arena *a, const char *html,
		    const struct media_ref *refs, size_t n,
		    const struct media_item *items, size_t nitems,
		    const struct media_html_opts *o);

/* Where a lead image stands. */
enum media_lead_place {
	MEDIA_LEAD_PAGE,	/* above its item's body: eager, first */
	MEDIA_LEAD_LIST,	/* a thumbnail in a list: lazy */
};

/* The model of media_picture.mustache for image m as a lead image in
 * place (a figure with caption and credit on its page, a thumbnail in
 * lists), or NULL when out of memory. The caller owns it. */
json_t		*media_html_lead_model(struct arena *a,
		    const struct media_item *m, enum media_lead_place place,
		    const struct media_html_opts *o);

/* The URL of image m's variant closest above width px in its original's
 * format (the largest when none is so wide): og:image and JSON-LD's
 * image. Absolute when base_url is given. In arena a; NULL when out of
 * memory. */
const char	*media_html_image_url(struct arena *a,
		    const struct media_item *m, int width,
		    const char *base_url);

/* Alt text of image m in lang ("" when decorative or none). */
const char	*media_html_alt(const struct media_item *m, const char *lang);

#endif

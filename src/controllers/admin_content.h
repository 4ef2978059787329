/* admin_content.h: the editor of releases and pages, shared by
 * admin_news.c and admin_pages.c, which describe their kind. */
#ifndef WAYPOINT_ADMIN_CONTENT_H
#define WAYPOINT_ADMIN_CONTENT_H

#include <stdbool.h>

#include "store/content.h"

struct request;
struct response;

/* What differs between releases and pages. */
struct admin_kind {
	enum content_kind kind;
	const char	*base;		/* "/admin/news": list and create URL */
	const char	*section;	/* admin navigation: "news", "pages" */
	const char	*noun;		/* "release", "page" */
	const char	*new_title;	/* heading of the new form */
	const char	*edit_title;	/* heading of the edit form */
	bool		 dateline;	/* the form has a dateline field */
};

/* The handlers, each as its controllers.h namesake for kind k. Each
 * returns the HTTP status; ids in the path are checked here (404 when
 * they are not 1..18 digits). */
int	admin_content_new(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_create(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_edit(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_update(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_confirm(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_publish(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_unpublish(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_delete(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_history(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_revision(struct request *, struct response *,
	    const struct admin_kind *k);
int	admin_content_restore(struct request *, struct response *,
	    const struct admin_kind *k);

#endif

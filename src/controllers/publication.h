/* publication.h: what the route table needs of the publications'
 * controller beyond its handlers: the query fields of /resources. */
#ifndef WAYPOINT_CONTROLLERS_PUBLICATION_H
#define WAYPOINT_CONTROLLERS_PUBLICATION_H

#include "page_cache.h"

/* The query fields /resources and /api/v1/publications read (type, year,
 * page), each canonical as the list reads it; a malformed one is no key
 * (the page is not cached; it answers 400). */
extern const struct query_field publication_query_fields[];

#endif

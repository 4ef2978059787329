/* changes.h: a counter of the writes made by this server's processes, in
 * memory they all share, so that a cached page can tell without asking the
 * database whether anything may have changed. */
#ifndef WAYPOINT_CHANGES_H
#define WAYPOINT_CHANGES_H

#include <stdint.h>

/* Maps the shared counter; call once before any fork (fcgi workers inherit
 * it). Returns 0, or -1 (then every read reports a change). */
int		changes_init(void);
void		changes_fini(void);

/* Counts a write, after it committed. */
void		changes_bump(void);

/* The count so far. */
uint64_t	changes_read(void);

#endif

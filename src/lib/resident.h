/* resident.h: give back the pages of the program's and its libraries'
 * read-only segments that no request is touching. */
#ifndef WAYPOINT_RESIDENT_H
#define WAYPOINT_RESIDENT_H

/*
 * Drops from the process's resident set the pages of every read-only
 * segment of the program and the libraries it loaded (code, read-only
 * data, ICU's data), as the kernel's reclaim would: they stay in the page
 * cache, and the ones still in use come back on their next touch. A few
 * microseconds of work; call it once a server is ready, after a reload,
 * and now and then. Returns the number of segments dropped.
 */
int	resident_drop_file_pages(void);

#endif

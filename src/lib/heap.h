/* heap.h: how a long-lived server's malloc holds memory: few arenas, and
 * what is freed given back to the kernel now and then, with the file
 * pages no longer in use. */
#ifndef WAYPOINT_HEAP_H
#define WAYPOINT_HEAP_H

/*
 * Sets glibc malloc's options for a server process; call it before any
 * thread starts.
 */
void	heap_tune(void);

/*
 * Starts a thread that gives the kernel back, every few seconds, the pages
 * malloc holds free (malloc_trim) and the read-only file pages
 * (resident_drop_file_pages()). It blocks every signal, so that those a
 * server waits for reach its own thread. Returns 0, or -1 (logged) when the
 * thread cannot start; the server then runs without it.
 */
int	heap_trim_start(void);

/* Stops and joins the thread heap_trim_start() started, if it did. */
void	heap_trim_stop(void);

#endif

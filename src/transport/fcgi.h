/* fcgi.h: the FastCGI transport (libfcgi): worker processes under a
 * supervisor, each a pool of threads answering requests from nginx. */
#ifndef WAYPOINT_FCGI_H
#define WAYPOINT_FCGI_H

struct config;

/* Threads a worker may run. libfcgi watches connections with select(), so
 * no descriptor may reach FD_SETSIZE (1024): each thread holds one
 * connection and its SQLite files, and 64 threads stay far below. */
#define FCGI_THREADS_MAX	64

/* Serves FastCGI on listen_fd (a listening socket the caller keeps open
 * and closes) with processes worker processes of threads threads each,
 * until SIGTERM or SIGINT; SIGHUP reopens cfg->log_file. app_init must have
 * succeeded. Returns 0 after a clean stop, -1 when it could not start. */
int	fcgi_serve(const struct config *cfg, int listen_fd, int processes,
	    int threads);

/* Threads a worker runs when the config says 0: one per online core, at
 * least 2 (so one slow peer never holds a whole worker). */
int	fcgi_default_threads(void);

#endif

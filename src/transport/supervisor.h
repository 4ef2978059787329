/* supervisor.h: the listening socket of `waypoint fcgi` and the parent
 * process that holds it, runs the worker processes and replaces any that
 * dies. */
#ifndef WAYPOINT_SUPERVISOR_H
#define WAYPOINT_SUPERVISOR_H

#include <sys/types.h>

#define SUPERVISOR_PROCESSES_MAX	64

/* A unix socket at path, listening, with group group (a name or a number;
 * NULL or "": the process's own) and permissions mode (at most 0777), both
 * set by Waypoint, never left to the umask. A stale socket file at path (no
 * one listening) is replaced; a live one or any other file is an error.
 * Returns the descriptor, or -1 after printing why on stderr. */
int	supervisor_listen_unix(const char *path, const char *group,
	    mode_t mode);

/* A TCP socket listening on "HOST:PORT" or "[HOST]:PORT", where HOST is a
 * loopback address (127.0.0.0/8, ::1 or localhost): only nginx may reach
 * libfcgi (see PITFALLS). Returns the descriptor, or -1 after printing why
 * on stderr. */
int	supervisor_listen_tcp(const char *hostport);

/* The listening socket this process inherited: from systemd socket
 * activation (LISTEN_PID and LISTEN_FDS=1: fd 3), else on fd 0 (spawn-fcgi,
 * StandardInput=socket). An inherited TCP socket must be bound to loopback.
 * Returns the descriptor, or -1 after printing why on stderr. */
int	supervisor_listen_inherited(void);

/* What the supervisor runs. worker(arg) runs in each child process, with
 * SIGTERM, SIGINT and SIGHUP blocked (it takes them with sigwait: SIGTERM
 * and SIGINT ask it to finish its requests and return, SIGHUP to reopen the
 * log), SIGPIPE and SIGUSR1 ignored; its return value is the child's exit
 * status. */
struct supervisor {
	int		 processes;	/* up to SUPERVISOR_PROCESSES_MAX */
	int		(*worker)(void *arg);
	void		*arg;
	const char	*log_file;	/* reopened on SIGHUP; "": stderr */
};

/* Starts sv->processes workers and keeps that many running: one that dies
 * is replaced at once (after a growing pause when it died before calling
 * supervisor_ready, so that a worker that cannot start does not spin; and
 * never more than 10 a second after a burst of 20), and its death is
 * logged with the signal or exit status. SIGHUP reopens the log
 * here and is passed on to the workers. SIGTERM or SIGINT is passed on as
 * SIGTERM; workers still running 4.5 s later are killed. The caller keeps
 * the listening socket open all along. Returns 0 once every worker is gone
 * after SIGTERM/SIGINT, or -1 when signals could not be set up. */
int	supervisor_run(const struct supervisor *sv);

/* Called by a worker once it serves: from then on, its death is a crash,
 * not a failure to start. Harmless outside a worker. */
void	supervisor_ready(void);

#endif

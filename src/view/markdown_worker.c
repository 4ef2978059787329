/* markdown_worker.c: the render worker as this process sees it: the child
 * that runs cmark-gfm (waypoint-render, src/render/main.c), one render at
 * a time, bounded in time, memory and output.
 *
 * Why a long-lived child rather than a fork per render: after every fork
 * each page the server writes is copy-on-write again, and every thread
 * pays a fault and a TLB shoot-down for it. With ten editors saving every
 * 200 ms, reads through `waypoint serve` fell from 34,000 to 1,900 a
 * second; with the worker they stay where they were.
 *
 * Why a program of its own, spawned, rather than a fork: a fork would
 * carry whatever the server had in memory at that moment, a password
 * hash's 64 MiB among it, for the worker's whole life, and with it the
 * server's secrets within reach of a flaw in cmark-gfm. It is found beside
 * this process's own binary (waypoint, a test, a fuzzer: the Makefiles put
 * one beside each), so /proc must be mounted.
 *
 * A render that is too slow or too big costs only the worker, which is
 * killed; the next render starts another. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "render/protocol.h"
#include "view/markdown.h"
#include "view/markdown_worker.h"

/* The worker, as the parent sees it; all under worker_lock. used: it has
 * answered before, so a failure may be its own death since then rather
 * than this render's doing. */
static pthread_mutex_t worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t worker_pid = -1;
static int worker_fd = -1;
static bool worker_used;

/* Waits until fd is ready for events or the deadline: 1, 0 at the
 * deadline, -1 on an error. */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;

	for (;;) {
		if ((left = deadline - clock_ms()) <= 0)
			return 0;
		switch (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left)) {
		case -1:
			if (errno == EINTR)
				continue;
			return -1;
		case 0:
			return 0;
		default:
			return 1;
		}
	}
}

/* Parent-side transfers, never blocking past the deadline (MSG_DONTWAIT,
 * then poll): 1 when done, 0 at the deadline, -1 when the worker has gone
 * (or answered out of turn). */
static int
send_all(int fd, const void *p, size_t n, int64_t deadline)
{
	const char *s = p;
	ssize_t w;
	int r;

	while (n > 0) {
		w = send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w >= 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if ((r = wait_fd(fd, POLLOUT, deadline)) != 1)
			return r;
	}
	return 1;
}

static int
recv_all(int fd, void *p, size_t n, int64_t deadline)
{
	char *s = p;
	ssize_t got;
	int r;

	while (n > 0) {
		got = recv(fd, s, n, MSG_DONTWAIT);
		if (got > 0) {
			s += got;
			n -= (size_t)got;
			continue;
		}
		if (got == 0)
			return -1;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if ((r = wait_fd(fd, POLLIN, deadline)) != 1)
			return r;
	}
	return 1;
}

/* The worker's program: RENDER_PROGRAM in the folder of this process's
 * binary, into path[size]; -1 when that cannot be read or is too long. */
static int
program_path(char *path, size_t size)
{
	char err[128];
	ssize_t n;
	char *slash;

	if ((n = readlink("/proc/self/exe", path, size)) == -1) {
		log_error("markdown: /proc/self/exe: %s",
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	/* A binary replaced since it started reads "... (deleted)": its
	 * folder is still the one its worker was installed in. */
	if ((size_t)n >= size ||
	    (slash = memrchr(path, '/', (size_t)n)) == NULL ||
	    (size_t)(slash - path) + sizeof("/" RENDER_PROGRAM) > size) {
		log_error("markdown: cannot place the render worker beside "
		    "this binary");
		return -1;
	}
	memcpy(slash, "/" RENDER_PROGRAM, sizeof("/" RENDER_PROGRAM));
	return 0;
}

int
markdown_check(char *path, size_t size)
{
	if (program_path(path, size) == -1) {
		snprintf(path, size, "/proc/self/exe");
		return -1;
	}
	return access(path, X_OK);
}

/* Spawns the worker, with the child's end of a socket pair as RENDER_FD,
 * /dev/null as its input (in `waypoint fcgi` descriptor 0 may be the
 * listening socket) and output (it would hold a caller's pipe open), our
 * stderr (its log lines and sanitizer reports), nothing else of ours, and
 * default signals; under worker_lock. */
static int
worker_start(void)
{
	char *const argv[] = { RENDER_ARGV0, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	char err[128], path[PATH_MAX];
	int fds[2], rc = -1;
	pid_t pid;

	if (program_path(path, sizeof(path)) == -1)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == -1) {
		log_error("markdown: socketpair: %s",
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	sigemptyset(&none);
	sigfillset(&all);
	if (posix_spawn_file_actions_init(&fa) != 0)
		goto out;
	if (posix_spawnattr_init(&attr) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		goto out;
	}
	if (posix_spawn_file_actions_adddup2(&fa, fds[1], RENDER_FD) == 0 &&
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
	    0) == 0 &&
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
	    0) == 0 &&
	    posix_spawn_file_actions_addclosefrom_np(&fa, RENDER_FD + 1) == 0 &&
	    posix_spawnattr_setsigmask(&attr, &none) == 0 &&
	    posix_spawnattr_setsigdefault(&attr, &all) == 0 &&
	    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF) == 0) {
		if ((rc = posix_spawn(&pid, path, &fa, &attr, argv,
		    environ)) != 0) {
			log_error("markdown: cannot start the render worker "
			    "%s: %s", path, strerror_r(rc, err, sizeof(err)));
			rc = -1;
		}
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
out:
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		return -1;
	}
	worker_pid = pid;
	worker_fd = fds[0];
	worker_used = false;
	return 0;
}

/* Kills and reaps the worker; under worker_lock. Returns its wait status,
 * or -1 when it could not be had (SIGCHLD ignored: reaped already). */
static int
worker_end(void)
{
	char err[128];
	int ws = -1;

	if (worker_pid == -1)
		return -1;
	kill(worker_pid, SIGKILL);
	while (waitpid(worker_pid, &ws, 0) == -1) {
		if (errno != EINTR) {
			log_error("markdown: waitpid: %s",
			    strerror_r(errno, err, sizeof(err)));
			ws = -1;
			break;
		}
	}
	close(worker_fd);
	worker_pid = -1;
	worker_fd = -1;
	return ws;
}

/* Why a worker that stopped answering did: it ends itself only when a
 * render outgrows its memory. */
static enum markdown_status
worker_death(int ws)
{
	if (ws != -1 && WIFEXITED(ws) && WEXITSTATUS(ws) == RENDER_TOO_LARGE)
		return MARKDOWN_OUTPUT_TOO_LARGE;
	if (ws != -1 && WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL)
		log_error("markdown: the render worker was killed");
	else
		log_error("markdown: the render worker ended with status %#x",
		    (unsigned)ws);
	return MARKDOWN_FAILED;
}

/* One exchange with a running worker; under worker_lock. */
static enum markdown_status
exchange(const char *md, size_t len, char **html, int64_t deadline)
{
	struct render_reply r;
	uint32_t n = (uint32_t)len;
	char *out = NULL;
	int rc;

	rc = send_all(worker_fd, &n, sizeof(n), deadline);
	if (rc == 1)
		rc = send_all(worker_fd, md, len, deadline);
	if (rc == 1)
		rc = recv_all(worker_fd, &r, sizeof(r), deadline);
	if (rc == 1 && r.status == RENDER_TOO_LARGE && r.len == 0) {
		worker_used = true;
		return MARKDOWN_OUTPUT_TOO_LARGE;
	}
	if (rc == 1 && (r.status != RENDER_OK || r.len > RENDER_OUTPUT_MAX))
		rc = -1;
	if (rc == 1 && (out = malloc((size_t)r.len + 1)) == NULL) {
		/* Its answer is still in the socket: a new worker it is. */
		worker_end();
		return MARKDOWN_FAILED;
	}
	if (rc == 1)
		rc = recv_all(worker_fd, out, r.len, deadline);
	if (rc == 1) {
		out[r.len] = '\0';
		*html = out;
		worker_used = true;
		return MARKDOWN_OK;
	}
	free(out);
	if (rc == 0) {
		worker_end();
		return MARKDOWN_TOO_SLOW;
	}
	return worker_death(worker_end());
}

enum markdown_status
markdown_worker_render(const char *md, size_t len, char **html, unsigned ms)
{
	enum markdown_status st;
	int64_t deadline;
	bool retry;

	*html = NULL;
	pthread_mutex_lock(&worker_lock);
	/* From here: the wait for other threads' renders does not count,
	 * a new worker's start-up does. */
	deadline = clock_ms() + ms;
	do {
		if (worker_pid == -1 && worker_start() == -1) {
			st = MARKDOWN_FAILED;
			break;
		}
		/* A worker that served before may have died since (killed
		 * by hand, say): that is not this text's fault, so one more
		 * try on a new worker. */
		retry = worker_used;
		st = exchange(md, len, html, deadline);
	} while (st == MARKDOWN_FAILED && retry);
	pthread_mutex_unlock(&worker_lock);
	return st;
}

void
markdown_stop(void)
{
	pthread_mutex_lock(&worker_lock);
	worker_end();
	pthread_mutex_unlock(&worker_lock);
}

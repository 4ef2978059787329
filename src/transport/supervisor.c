/* supervisor.c: the listening socket of `waypoint fcgi` (unix, loopback TCP
 * or inherited) and the parent process that holds it while worker processes
 * come and go. Debian's libfcgi still aborts on some crafted records
 * (PITFALLS), so a worker may die at any time: the socket stays open here
 * and the worker is replaced at once. */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/netaddr.h"
#include "lib/perm.h"
#include "transport/supervisor.h"

/* Seconds the workers get to finish their requests after SIGTERM: the
 * whole service must be gone within 5 s. */
#define STOP_GRACE	4.5
/* A worker that dies before it is ready (it cannot start: say, out of
 * memory) is restarted after a pause that doubles, up to
 * RESTART_PAUSE_MAX, while its successors fail the same way. One that dies
 * later, serving (libfcgi's abort), is replaced at once, however soon: a
 * pause then could leave no worker at all. */
#define RESTART_PAUSE	0.1
#define RESTART_PAUSE_MAX	5.0
/* However they die, workers are started at most RESTART_RATE a second
 * once a burst of RESTART_BURST is spent, so that a worker crashing as soon
 * as it serves cannot make the supervisor fork (and log) without pause. */
#define RESTART_BURST	20.0
#define RESTART_RATE	10.0

int
supervisor_listen_unix(const char *path, const char *group, mode_t mode)
{
	struct sockaddr_un sa;
	struct stat st;
	gid_t gid = (gid_t)-1;
	mode_t old;
	int fd, probe, r;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (*path == '\0' || strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "%s: a socket path must have 1 to %zu bytes\n",
		    path, sizeof(sa.sun_path) - 1);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if ((mode & ~(mode_t)0777) != 0) {
		fprintf(stderr, "%s: socket mode %o is more than permissions\n",
		    path, (unsigned)mode);
		return -1;
	}
	if (group != NULL && *group != '\0' &&
	    perm_group_id(group, &gid) == -1) {
		fprintf(stderr, "%s: no group \"%s\"\n", path, group);
		return -1;
	}
	/* A socket file left by a process that died is replaced; a live one
	 * means another waypoint (or something else) serves there. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "%s: exists and is not a socket\n",
			    path);
			return -1;
		}
		if ((probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC,
		    0)) == -1) {
			fprintf(stderr, "socket: %s\n", strerror(errno));
			return -1;
		}
		r = connect(probe, (struct sockaddr *)&sa, sizeof(sa));
		close(probe);
		if (r == 0) {
			fprintf(stderr, "%s: another process listens on this "
			    "socket\n", path);
			return -1;
		}
		if (unlink(path) == -1) {
			fprintf(stderr, "%s: cannot remove the stale socket: "
			    "%s\n", path, strerror(errno));
			return -1;
		}
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		fprintf(stderr, "socket: %s\n", strerror(errno));
		return -1;
	}
	/* bind() creates the file with 0777 less the umask: make the umask
	 * give exactly mode, so the socket is never more open than asked. */
	old = umask(~mode & 0777);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (gid != (gid_t)-1 && lchown(path, (uid_t)-1, gid) == -1) {
		fprintf(stderr, "%s: cannot give the socket to group %s: %s\n",
		    path, group, strerror(errno));
		goto fail;
	}
	if (listen(fd, SOMAXCONN) == -1) {
		fprintf(stderr, "%s: listen: %s\n", path, strerror(errno));
		goto fail;
	}
	return fd;
fail:
	unlink(path);
	close(fd);
	return -1;
}

static bool
is_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

	if (sa->sa_family == AF_INET)
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) &&
		    in6->sin6_addr.s6_addr[12] == 127);
	return false;
}

int
supervisor_listen_tcp(const char *hostport)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (netaddr_parse(hostport, &ss, &len) == -1) {
		fprintf(stderr, "%s: expected HOST:PORT or [HOST]:PORT with a "
		    "numeric address\n", hostport);
		return -1;
	}
	if (!is_loopback((struct sockaddr *)&ss)) {
		fprintf(stderr, "%s: not a loopback address; only nginx on "
		    "this machine may reach the FastCGI socket\n", hostport);
		return -1;
	}
	if ((fd = netaddr_listen(&ss, len)) == -1)
		fprintf(stderr, "%s: %s\n", hostport, strerror(errno));
	return fd;
}

int
supervisor_listen_inherited(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd = 0, v, type;

	/* systemd passes its sockets from fd 3 on, naming the process they
	 * are meant for. */
	if (pid != NULL && fds != NULL && strtol(pid, NULL, 10) == getpid()) {
		if (strcmp(fds, "1") != 0) {
			fprintf(stderr, "waypoint fcgi: systemd passed %s "
			    "sockets; give the unit exactly one\n", fds);
			return -1;
		}
		fd = 3;
		unsetenv("LISTEN_PID");
		unsetenv("LISTEN_FDS");
		unsetenv("LISTEN_FDNAMES");
	}
	v = 0;
	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == -1 ||
	    v == 0) {
		fprintf(stderr, "waypoint fcgi: fd %d is not a listening "
		    "socket.\nGive --socket PATH or --listen HOST:PORT (or "
		    "[fcgi] socket or listen in the config), or start it "
		    "under spawn-fcgi or systemd socket activation.\n", fd);
		return -1;
	}
	len = sizeof(type);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
	    type != SOCK_STREAM) {
		fprintf(stderr, "waypoint fcgi: fd %d is not a stream socket\n",
		    fd);
		return -1;
	}
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
		fprintf(stderr, "waypoint fcgi: fd %d: %s\n", fd,
		    strerror(errno));
		return -1;
	}
	if (ss.ss_family != AF_UNIX && !is_loopback((struct sockaddr *)&ss)) {
		fprintf(stderr, "waypoint fcgi: the socket on fd %d is not "
		    "bound to a loopback address; only nginx on this machine "
		    "may reach it (spawn-fcgi: -a 127.0.0.1)\n", fd);
		return -1;
	}
	return fd;
}

struct slot {
	pid_t	 pid;		/* 0: none running */
	double	 started;
	double	 due;		/* when to start one; < 0: not due */
	int	 failed;	/* starts in a row that never got ready */
};

/* One flag per slot, shared with the workers (set by supervisor_ready),
 * and, in a worker, the slot it fills. */
static atomic_int *ready;
static int own_slot = -1;

void
supervisor_ready(void)
{
	if (ready != NULL && own_slot >= 0)
		atomic_store(&ready[own_slot], 1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t
start_worker(const struct supervisor *sv, pid_t parent, int slot)
{
	pid_t pid;

	/* Nothing buffered may be written twice, by parent and child. */
	fflush(stdout);
	fflush(stderr);
	atomic_store(&ready[slot], 0);
	if ((pid = fork()) == -1) {
		log_error("fcgi: cannot start a worker: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* A worker never outlives its supervisor. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 ||
		    getppid() != parent)
			_exit(1);
		own_slot = slot;
		exit(sv->worker(sv->arg));
	}
	log_info("fcgi: worker %ld started", (long)pid);
	return pid;
}

/* Logs how a worker ended: its signal or exit status, how long it ran and,
 * unless stopping, when its replacement starts (pause < 0: none). */
static void
log_death(pid_t pid, int status, double lived, double pause)
{
	char next[64] = "";

	if (pause == 0)
		snprintf(next, sizeof(next), "; starting another");
	else if (pause > 0)
		snprintf(next, sizeof(next), "; starting another in %.1f s",
		    pause);
	if (WIFSIGNALED(status))
		log_error("fcgi: worker %ld killed by signal %d (%s) after "
		    "%.1f s%s", (long)pid, WTERMSIG(status),
		    strsignal(WTERMSIG(status)), lived, next);
	else if (pause >= 0 || WEXITSTATUS(status) != 0)
		log_error("fcgi: worker %ld exited with status %d after %.1f s%s",
		    (long)pid, WEXITSTATUS(status), lived, next);
	else
		log_info("fcgi: worker %ld stopped", (long)pid);
}

/* Collects every worker that has ended; when not stopping, schedules its
 * replacement. Returns how many are still running. */
static int
reap(struct slot *slots, int n, bool stopping)
{
	pid_t pid;
	double t, pause;
	int status, i, alive = 0;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < n && slots[i].pid != pid; i++)
			;
		if (i == n)
			continue;
		t = now();
		slots[i].pid = 0;
		pause = -1;
		if (!stopping) {
			if (atomic_load(&ready[i]))
				slots[i].failed = 0;
			else
				slots[i].failed++;
			pause = slots[i].failed == 0 ? 0 :
			    slots[i].failed > 6 ? RESTART_PAUSE_MAX :
			    RESTART_PAUSE * (double)(1 << (slots[i].failed - 1));
			if (pause > RESTART_PAUSE_MAX)
				pause = RESTART_PAUSE_MAX;
			slots[i].due = t + pause;
		}
		log_death(pid, status, t - slots[i].started, pause);
	}
	for (i = 0; i < n; i++)
		if (slots[i].pid > 0)
			alive++;
	return alive;
}

static void
signal_all(const struct slot *slots, int n, int sig)
{
	int i;

	for (i = 0; i < n; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, sig);
}

static struct timespec
timespec_of(double s)
{
	struct timespec ts;

	if (s < 0)
		s = 0;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	return ts;
}

/* Stops every worker: SIGTERM, then SIGKILL for those still running when
 * the grace period ends. */
static void
stop_all(struct slot *slots, int n)
{
	struct timespec ts;
	sigset_t chld;
	double end = now() + STOP_GRACE;
	int i, status;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	signal_all(slots, n, SIGTERM);
	while (reap(slots, n, true) > 0) {
		if (now() >= end) {
			for (i = 0; i < n; i++) {
				if (slots[i].pid <= 0)
					continue;
				log_error("fcgi: worker %ld still busy after "
				    "%.1f s; killing it", (long)slots[i].pid,
				    STOP_GRACE);
				kill(slots[i].pid, SIGKILL);
				waitpid(slots[i].pid, &status, 0);
				slots[i].pid = 0;
			}
			break;
		}
		ts = timespec_of(end - now() < 0.1 ? end - now() : 0.1);
		sigtimedwait(&chld, NULL, &ts);
	}
}

int
supervisor_run(const struct supervisor *sv)
{
	struct slot slots[SUPERVISOR_PROCESSES_MAX];
	struct sigaction sa;
	struct timespec ts;
	sigset_t set;
	pid_t self = getpid();
	double t, wait, tokens, refilled;
	int i, n = sv->processes, sig;

	if (n < 1 || n > SUPERVISOR_PROCESSES_MAX)
		return -1;
	if ((ready = mmap(NULL, (size_t)n * sizeof(*ready), PROT_READ |
	    PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED) {
		ready = NULL;
		return -1;
	}
	/* Signals are taken with sigtimedwait, here and (inherited) in the
	 * workers, so no handler ever interrupts libfcgi. A broken pipe is
	 * a client gone, seen as EPIPE; libfcgi's SIGUSR1 "shutdown" is not
	 * ours to honour. */
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1 ||
	    sigaction(SIGUSR1, &sa, NULL) == -1)
		return -1;
	/* Children are reaped here: SIGCHLD must not be ignored. */
	sa.sa_handler = SIG_DFL;
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		return -1;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		return -1;

	t = refilled = now();
	tokens = n + RESTART_BURST;
	for (i = 0; i < n; i++) {
		slots[i].pid = 0;
		slots[i].started = t;
		slots[i].due = t;
		slots[i].failed = 0;
	}
	for (;;) {
		t = now();
		wait = 60;
		tokens += (t - refilled) * RESTART_RATE;
		if (tokens > n + RESTART_BURST)
			tokens = n + RESTART_BURST;
		refilled = t;
		for (i = 0; i < n; i++) {
			if (slots[i].pid > 0 || slots[i].due < 0)
				continue;
			if (slots[i].due > t) {
				if (slots[i].due - t < wait)
					wait = slots[i].due - t;
				continue;
			}
			if (tokens < 1) {
				if ((1 - tokens) / RESTART_RATE < wait)
					wait = (1 - tokens) / RESTART_RATE;
				continue;
			}
			tokens -= 1;
			slots[i].started = t;
			if ((slots[i].pid = start_worker(sv, self, i)) > 0)
				slots[i].due = -1;
			else {
				slots[i].pid = 0;
				slots[i].due = t + 1;
				wait = wait < 1 ? wait : 1;
			}
		}
		ts = timespec_of(wait);
		if ((sig = sigtimedwait(&set, NULL, &ts)) == -1)
			continue;
		if (sig == SIGCHLD)
			reap(slots, n, false);
		else if (sig == SIGHUP) {
			if (log_open(sv->log_file) == -1)
				log_error("fcgi: cannot reopen the log file %s",
				    sv->log_file);
			signal_all(slots, n, SIGHUP);
		} else
			break;
	}
	log_info("fcgi: stopping on signal %d (%s)", sig, strsignal(sig));
	stop_all(slots, n);
	munmap(ready, (size_t)n * sizeof(*ready));
	ready = NULL;
	log_info("fcgi: stopped");
	return 0;
}

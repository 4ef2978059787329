/* markdown_worker.c: the render worker, a child process that runs
 * cmark-gfm for this process, one render at a time, bounded in time,
 * memory and output.
 *
 * Why a long-lived child rather than a fork per render: after every fork
 * each page the server writes is copy-on-write again, and every thread
 * pays a fault and a TLB shoot-down for it. With ten editors saving every
 * 200 ms, reads through `waypoint serve` fell from 34,000 to 1,900 a
 * second; with the worker they stay where they were.
 *
 * Why a new program image (this binary, spawned again) rather than a
 * fork: a fork would carry whatever the server had in memory at that
 * moment, a password hash's 64 MiB among it, for the worker's whole life,
 * and with it the server's secrets within reach of a flaw in cmark-gfm.
 * The spawned image finds WORKER_ENV in its environment and becomes the
 * worker in a constructor, before main(): so every binary that links this
 * file (waypoint, the tests, the fuzzers) can be its own worker.
 *
 * A render that is too slow or too big costs only the worker, which is
 * killed; the next render starts another. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "lib/file.h"
#include "lib/log.h"
#include "lib/spawn.h"
#include "view/markdown.h"
#include "view/markdown_worker.h"

/* 4 MiB: four times the input limit, more than any real body makes (1 MiB
 * of text gives 1.4 MiB), less than link references can expand to. */
#define MARKDOWN_OUTPUT_MAX	(4 * 1024 * 1024)

/* 128 MiB of live heap for one render: a 1 MiB article needs 15 MiB, and
 * a few short references used many times can ask for gigabytes. */
#define MARKDOWN_MEMORY_MAX	((size_t)128 * 1024 * 1024)

/* cmark-gfm's safe default: raw HTML omitted, dangerous URLs dropped. Never
 * add CMARK_OPT_UNSAFE. */
#define MARKDOWN_OPTIONS	CMARK_OPT_DEFAULT

/* The worker's answer, and its exit status when it has to end. */
enum {
	WORKER_OK,
	WORKER_FAILED,
	WORKER_TOO_LARGE
};

/* A render on the wire: the request is a uint32_t length and the
 * Markdown; the answer a struct reply and the HTML. Both ends are this
 * binary on this machine, so host byte order. */
struct reply {
	uint32_t	status;
	uint32_t	len;
};

/* Set, with the descriptor number, in the spawned worker's environment
 * only; the socket to the parent is always descriptor WORKER_FD. */
#define WORKER_ENV	"WAYPOINT_RENDER_WORKER"
#define WORKER_FD	3

/* tagfilter is defence in depth: it only acts on raw HTML, which the safe
 * default already omits. */
static const char *const extension_names[] = {
	"table", "strikethrough", "autolink", "tagfilter"
};
#define EXTENSION_COUNT \
	(sizeof(extension_names) / sizeof(extension_names[0]))

static cmark_syntax_extension *extensions[EXTENSION_COUNT];
static bool extensions_ready;

/* The worker, as the parent sees it; all under worker_lock. used: it has
 * answered before, so a failure may be its own death since then rather
 * than this render's doing. */
static pthread_mutex_t worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t worker_pid = -1;
static int worker_fd = -1;
static bool worker_used;

/* Live heap bytes of the current render; only the worker touches it. */
static size_t render_live;

static void
extensions_setup(void)
{
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < EXTENSION_COUNT; i++) {
		extensions[i] = cmark_find_syntax_extension(extension_names[i]);
		if (extensions[i] == NULL) {
			log_error("markdown: no cmark-gfm extension %s",
			    extension_names[i]);
			return;
		}
	}
	extensions_ready = true;
}

/*
 * The worker's allocator for cmark-gfm: it counts live bytes and ends the
 * worker when a render wants more than MARKDOWN_MEMORY_MAX, before the
 * machine runs short. (cmark-gfm aborts on a failed allocation anyway.)
 */
static void
render_count(void *p, size_t old)
{
	if (p == NULL)
		_exit(WORKER_FAILED);
	render_live = render_live > old ? render_live - old : 0;
	render_live += malloc_usable_size(p);
	if (render_live > MARKDOWN_MEMORY_MAX)
		_exit(WORKER_TOO_LARGE);
}

static void *
render_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	render_count(p, 0);
	return p;
}

static void *
render_realloc(void *p, size_t size)
{
	size_t old = p != NULL ? malloc_usable_size(p) : 0;

	p = realloc(p, size ? size : 1);
	render_count(p, old);
	return p;
}

static void
render_free(void *p)
{
	size_t old;

	if (p == NULL)
		return;
	old = malloc_usable_size(p);
	render_live = render_live > old ? render_live - old : 0;
	free(p);
}

static cmark_mem render_mem = { render_calloc, render_realloc, render_free };

/* Blocking reads and writes of whole buffers, in the worker. read_full
 * returns 0 at end of file before the first byte. */
static int
read_full(int fd, void *p, size_t n)
{
	char *s = p;
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		if ((r = read(fd, s + got, n - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

static void
write_full(int fd, const void *p, size_t n)
{
	if (file_write_all(fd, p, n) == -1)
		_exit(WORKER_FAILED);
}

/* One render in the worker: the reply and the HTML go back on fd. */
static void
worker_render(int fd, const char *md, size_t len)
{
	struct reply r = { WORKER_OK, 0 };
	cmark_parser *parser;
	cmark_node *doc;
	char *html;
	size_t i, n;

	render_live = 0;
	parser = cmark_parser_new_with_mem(MARKDOWN_OPTIONS, &render_mem);
	for (i = 0; i < EXTENSION_COUNT; i++)
		if (!cmark_parser_attach_syntax_extension(parser,
		    extensions[i]))
			_exit(WORKER_FAILED);
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	html = cmark_render_html_with_mem(doc, MARKDOWN_OPTIONS,
	    cmark_parser_get_syntax_extensions(parser), &render_mem);
	if ((n = strlen(html)) > MARKDOWN_OUTPUT_MAX)
		r.status = WORKER_TOO_LARGE;
	else
		r.len = (uint32_t)n;
	write_full(fd, &r, sizeof(r));
	write_full(fd, html, r.len);
	render_free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

/*
 * The worker's life: render what the parent sends until it closes its
 * end. It dies with SIGPIPE if the parent has gone mid-answer, and exits
 * with _exit, leaving its memory to the kernel.
 */
static _Noreturn void
worker_main(int fd)
{
	uint32_t len;
	char *md = NULL, *grown;

	extensions_setup();
	if (!extensions_ready)
		_exit(WORKER_FAILED);
	for (;;) {
		switch (read_full(fd, &len, sizeof(len))) {
		case 0:
			_exit(WORKER_OK);
		case -1:
			_exit(WORKER_FAILED);
		}
		if (len > MARKDOWN_INPUT_MAX ||
		    (grown = realloc(md, len ? len : 1)) == NULL)
			_exit(WORKER_FAILED);
		md = grown;
		if (read_full(fd, md, len) != 1)
			_exit(WORKER_FAILED);
		worker_render(fd, md, len);
	}
}

/* In the spawned image, before main(): become the worker. */
__attribute__((constructor)) static void
worker_become(void)
{
	const char *v = getenv(WORKER_ENV);

	if (v != NULL && strcmp(v, "1") == 0)
		worker_main(WORKER_FD);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline: 1, 0 at the
 * deadline, -1 on an error. */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;

	for (;;) {
		if ((left = deadline - now_ms()) <= 0)
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

/* Spawns the worker, with the child's end of a socket pair as WORKER_FD,
 * /dev/null as its input (in `waypoint fcgi` descriptor 0 may be the
 * listening socket) and output (it would hold a caller's pipe open), our
 * stderr (its log lines and sanitizer reports), nothing else of ours, and
 * default signals; under worker_lock. */
static int
worker_start(void)
{
	char *const argv[] = { "waypoint-render-worker", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	char err[128], **env = NULL;
	int fds[2], rc = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == -1) {
		log_error("markdown: socketpair: %s",
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	sigemptyset(&none);
	sigfillset(&all);
	if ((env = spawn_environ(WORKER_ENV "=1")) == NULL ||
	    posix_spawn_file_actions_init(&fa) != 0)
		goto out;
	if (posix_spawnattr_init(&attr) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		goto out;
	}
	if (posix_spawn_file_actions_adddup2(&fa, fds[1], WORKER_FD) == 0 &&
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
	    0) == 0 &&
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
	    0) == 0 &&
	    posix_spawn_file_actions_addclosefrom_np(&fa, WORKER_FD + 1) == 0 &&
	    posix_spawnattr_setsigmask(&attr, &none) == 0 &&
	    posix_spawnattr_setsigdefault(&attr, &all) == 0 &&
	    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF) == 0) {
		if ((rc = posix_spawn(&pid, "/proc/self/exe", &fa, &attr,
		    argv, env)) != 0) {
			log_error("markdown: cannot start the render worker: "
			    "%s", strerror_r(rc, err, sizeof(err)));
			rc = -1;
		}
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
out:
	free(env);
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
	if (ws != -1 && WIFEXITED(ws) && WEXITSTATUS(ws) == WORKER_TOO_LARGE)
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
	struct reply r;
	uint32_t n = (uint32_t)len;
	char *out = NULL;
	int rc;

	rc = send_all(worker_fd, &n, sizeof(n), deadline);
	if (rc == 1)
		rc = send_all(worker_fd, md, len, deadline);
	if (rc == 1)
		rc = recv_all(worker_fd, &r, sizeof(r), deadline);
	if (rc == 1 && r.status == WORKER_TOO_LARGE && r.len == 0) {
		worker_used = true;
		return MARKDOWN_OUTPUT_TOO_LARGE;
	}
	if (rc == 1 && (r.status != WORKER_OK || r.len > MARKDOWN_OUTPUT_MAX))
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
	deadline = now_ms() + ms;
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

/* worker.c: the media worker's process: spawned for one job, limited in
 * memory, CPU time and file size, given a deadline, killed and reaped
 * however the job ends; and the parent's side of its records.
 *
 * Why a new program image of this binary rather than a fork: the child
 * carries none of the server's memory (sessions, a password hash's
 * buffers) within reach of a flaw in an image decoder, and libvips and
 * GLib, with their threads and global state, are only ever loaded
 * (vips_load.c) and started in it. The spawned image finds WORKER_ENV in
 * its environment and becomes the worker in a constructor, before main(),
 * so the tests that link this file are their own worker.
 *
 * Why one job per process rather than a long-lived worker as the
 * render's: uploads are rare (a few an hour) and each may take hundreds
 * of megabytes, which a fresh process gives back at once; the limits
 * (CPU seconds above all) then bound one file, never a sequence of them;
 * and nothing one hostile file did to libvips's state can touch the
 * next. A small photo's whole job, spawn included, takes 40 ms. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "lib/spawn.h"
#include "media/files.h"
#include "media/folder.h"
#include "media/slots.h"
#include "media/worker.h"

/* Set in the spawned worker's environment only, to "<type> <max
 * pixels>"; the upload is descriptor IN_FD, the socket to the parent
 * OUT_FD. */
#define WORKER_ENV	"WAYPOINT_MEDIA_WORKER"
#define IN_FD		3
#define OUT_FD		4

/* 2 GiB of address space: a 50-megapixel JPEG decoded and turned took
 * 885 MB at its peak, a 16-bit RGBA PNG as large 1.1 GB (docs/media.md). */
#define WORKER_AS	((rlim_t)2 << 30)
/* 120 s of CPU and of wall-clock time: a 50-megapixel photo takes 3 to
 * 5 s here; the deadline also covers a worker that waits forever. */
#define WORKER_CPU_S	120
#define WORKER_MS	(WORKER_CPU_S * 1000)
/* 64 MiB per file written: the worker writes none (it decodes to
 * memory and sends through a socket), but libvips may spill to a
 * temporary file, and its stderr may be a log file. */
#define WORKER_FSIZE	((rlim_t)64 << 20)
/* 60 s: the longest a job waits for a slot. Past it the site is too busy
 * (a request must end within nginx's fastcgi_read_timeout), and the file
 * is refused as one that took too long (MEDIA_INGEST_WORKER). */
#define SLOT_WAIT_S	60

/* 64 KiB: the pieces a file is copied in from the socket. */
#define CHUNK		(64 * 1024)

/* Whether this build runs under AddressSanitizer, whose shadow memory
 * takes terabytes of address space before main(): RLIMIT_AS would stop
 * every allocation there. */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD	1
#endif
#endif
#ifndef ASAN_BUILD
#define ASAN_BUILD	0
#endif

static void
limit(int resource, rlim_t value)
{
	struct rlimit rl = { value, value };

	if (setrlimit(resource, &rl) == -1)
		_exit(1);
}

/* The worker's limits, set before libvips starts. */
static void
worker_limits(void)
{
	if (!ASAN_BUILD)
		limit(RLIMIT_AS, WORKER_AS);
	limit(RLIMIT_CPU, WORKER_CPU_S);
	limit(RLIMIT_FSIZE, WORKER_FSIZE);
	limit(RLIMIT_CORE, 0);
	/* A file past the size limit fails its write, not the process. */
	signal(SIGXFSZ, SIG_IGN);
	/* Dies with the server rather than decode for no one; can never
	 * gain privileges (a set-user-ID program it might be made to run). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* In the spawned image, before main(): become the worker. */
__attribute__((constructor)) static void
worker_become(void)
{
	const char *v = getenv(WORKER_ENV);
	char type[8];
	long long max;
	enum media_type t;
	int end;

	if (v == NULL)
		return;
	if (sscanf(v, "%7s %lld%n", type, &max, &end) != 2 ||
	    v[end] != '\0' || max <= 0 ||
	    media_type_parse(type, &t) == -1 || t == MEDIA_PDF)
		_exit(1);
	worker_limits();
	media_vips_job(IN_FD, t, max, OUT_FD);
}

/* Reads up to n bytes (all n when full) from the worker before the
 * deadline: the count read, 0 at end of file, -1 at the deadline or on
 * an error. */
static ssize_t
recv_deadline(int fd, void *p, size_t n, bool full, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char *s = p;
	size_t got = 0;
	ssize_t r;
	int64_t left;

	while (got < n) {
		r = recv(fd, s + got, n - got, MSG_DONTWAIT);
		if (r > 0) {
			got += (size_t)r;
			if (!full)
				break;
			continue;
		}
		if (r == 0)
			return got == 0 ? 0 : -1;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if ((left = deadline - clock_ms()) <= 0)
			return -1;
		if (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left) == -1 &&
		    errno != EINTR)
			return -1;
	}
	return (ssize_t)got;
}

/* Spawns a worker for the image of type t in fd, with its end of a
 * socket pair as OUT_FD, /dev/null as input and output, our stderr (its
 * sanitizer reports), nothing else of ours, default signals. Returns 0
 * with *pid and *sock, or -1 (logged). */
static int
worker_start(int fd, enum media_type t, int64_t max_pixels, pid_t *pid,
    int *sock)
{
	char *const argv[] = { "waypoint-media-worker", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	char err[128], value[64], **env = NULL;
	int fds[2], in = -1, out = -1, rc = -1;

	snprintf(value, sizeof(value), WORKER_ENV "=%s %lld",
	    media_type_name(t), (long long)max_pixels);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == -1) {
		log_error("media: socketpair: %s",
		    strerror_r(errno, err, sizeof(err)));
		return -1;
	}
	/* Above the descriptors the child is given, so that no dup2 of
	 * the spawn overwrites the source of another. */
	in = fcntl(fd, F_DUPFD_CLOEXEC, OUT_FD + 1);
	out = fcntl(fds[1], F_DUPFD_CLOEXEC, OUT_FD + 1);
	sigemptyset(&none);
	sigfillset(&all);
	if (in == -1 || out == -1 || (env = spawn_environ(value)) == NULL ||
	    posix_spawn_file_actions_init(&fa) != 0)
		goto out;
	if (posix_spawnattr_init(&attr) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		goto out;
	}
	if (posix_spawn_file_actions_adddup2(&fa, in, IN_FD) == 0 &&
	    posix_spawn_file_actions_adddup2(&fa, out, OUT_FD) == 0 &&
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
	    0) == 0 &&
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
	    0) == 0 &&
	    posix_spawn_file_actions_addclosefrom_np(&fa, OUT_FD + 1) == 0 &&
	    posix_spawnattr_setsigmask(&attr, &none) == 0 &&
	    posix_spawnattr_setsigdefault(&attr, &all) == 0 &&
	    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF) == 0) {
		if ((rc = posix_spawn(pid, "/proc/self/exe", &fa, &attr,
		    argv, env)) != 0) {
			log_error("media: cannot start the media worker: %s",
			    strerror_r(rc, err, sizeof(err)));
			rc = -1;
		}
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
out:
	free(env);
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
	close(fds[1]);
	if (rc != 0) {
		if (in == -1 || out == -1 || env == NULL)
			log_error("media: cannot set up the media worker");
		close(fds[0]);
		return -1;
	}
	*sock = fds[0];
	return 0;
}

/* Kills and reaps the worker (it may have ended already: a zombie takes
 * the signal harmlessly). Returns its wait status, or -1. */
static int
worker_end(pid_t pid)
{
	int ws = -1;

	kill(pid, SIGKILL);
	while (waitpid(pid, &ws, 0) == -1)
		if (errno != EINTR)
			return -1;
	return ws;
}

/* Whether r is a record the parent takes: a FILE of a known format and a
 * size the image's pixels bound, or a DONE with a known status and a
 * short message. */
static bool
record_ok(const struct media_wire *r, int64_t max_pixels)
{
	if (r->kind == MEDIA_WIRE_DONE)
		return r->status <= MEDIA_INGEST_ERROR &&
		    r->len <= MEDIA_WIRE_MESSAGE_MAX;
	/* 8 bytes a pixel: 16-bit RGBA, stored without compression, more
	 * than any encoder writes; plus room for headers. */
	return r->kind == MEDIA_WIRE_FILE &&
	    memchr(r->format, '\0', sizeof(r->format)) != NULL &&
	    media_format_ext(r->format) != NULL &&
	    r->width > 0 && r->height > 0 &&
	    (int64_t)r->width * r->height <= max_pixels &&
	    r->len <= (uint64_t)r->width * (uint64_t)r->height * 8 + 65536;
}

char *
media_wire_escape(char *out, size_t outlen, const char *in, size_t n)
{
	unsigned char c;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		c = (unsigned char)in[i];
		if (c < 0x20 || c == 0x7f || c == '\\') {
			if (outlen - o < 5)
				break;
			snprintf(out + o, 5, "\\x%02x", c);
			o += 4;
		} else {
			if (outlen - o < 2)
				break;
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

/* Passes the len bytes of one file from the worker to sink. Returns 0,
 * -1 when the worker failed, -2 when the sink did. */
static int
relay(int sock, uint64_t len, const struct media_worker_sink *sink,
    void *ctx, char *buf, int64_t deadline)
{
	ssize_t got;
	size_t want;

	while (len > 0) {
		want = len < CHUNK ? (size_t)len : CHUNK;
		if ((got = recv_deadline(sock, buf, want, false,
		    deadline)) <= 0)
			return -1;
		if (sink->data(ctx, buf, (size_t)got) != 0)
			return -2;
		len -= (uint64_t)got;
	}
	return 0;
}

/* Takes one of the MEDIA_SLOTS, waiting at most SLOT_WAIT_S for one.
 * Returns its number, or -1 when none came free (logged). */
static int
slot_take(void)
{
	int slot = media_slot_take(SLOT_WAIT_S * 1000);

	if (slot == -1)
		log_error("media: the media worker is busy: no slot came "
		    "free within %d s, the file is refused",
		    SLOT_WAIT_S);
	return slot;
}

/* The records of one job, until its DONE. */
static enum media_ingest_status
receive(int sock, int64_t max_pixels, const struct media_worker_sink *sink,
    void *ctx, char *buf)
{
	int64_t deadline = clock_ms() + WORKER_MS;
	char msg[MEDIA_WIRE_ESCAPED_MAX];
	struct media_wire r;
	size_t files = 0;
	int rc;

	for (;;) {
		if (recv_deadline(sock, &r, sizeof(r), true, deadline) !=
		    (ssize_t)sizeof(r) || !record_ok(&r, max_pixels))
			return MEDIA_INGEST_WORKER;
		if (r.kind == MEDIA_WIRE_DONE)
			break;
		if (++files > MEDIA_BATCH_MAX)
			return MEDIA_INGEST_WORKER;
		if (sink->begin(ctx, &r) != 0)
			return MEDIA_INGEST_DISK;
		if ((rc = relay(sock, r.len, sink, ctx, buf, deadline)) != 0)
			return rc == -2 ? MEDIA_INGEST_DISK :
			    MEDIA_INGEST_WORKER;
	}
	if (r.len > 0 && recv_deadline(sock, buf, r.len, true, deadline) ==
	    (ssize_t)r.len)
		log_error(r.status == MEDIA_INGEST_NO_LIBRARY ?
		    "media: the media worker cannot process images: %s" :
		    "media: the image was refused: %s",
		    media_wire_escape(msg, sizeof(msg), buf, r.len));
	if (r.status == MEDIA_INGEST_OK && files == 0)
		return MEDIA_INGEST_WORKER;
	return (enum media_ingest_status)r.status;
}

enum media_ingest_status
media_worker_run(int fd, enum media_type t, int64_t max_pixels,
    const struct media_worker_sink *sink, void *ctx)
{
	enum media_ingest_status st;
	char *buf;
	pid_t pid;
	int sock, ws, slot;

	if ((buf = malloc(CHUNK)) == NULL)
		return MEDIA_INGEST_ERROR;
	if ((slot = slot_take()) == -1) {
		free(buf);
		return MEDIA_INGEST_WORKER;
	}

	if (worker_start(fd, t, max_pixels, &pid, &sock) == -1) {
		st = MEDIA_INGEST_ERROR;
	} else {
		st = receive(sock, max_pixels, sink, ctx, buf);
		close(sock);
		ws = worker_end(pid);
		if (st == MEDIA_INGEST_WORKER)
			log_error("media: the media worker failed (wait "
			    "status %#x)", (unsigned)ws);
	}

	media_slot_give(slot);
	free(buf);
	return st;
}

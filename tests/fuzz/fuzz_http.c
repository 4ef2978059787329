/* fuzz_http.c: libFuzzer target for the HTTP request checks of `waypoint
 * serve` (src/transport/httpd.c): the real server runs on a loopback port
 * in this process, and each input is sent over a new connection, read
 * until the server closes it or is silent for FUZZ_WAIT_MS. The
 * sanitizers and crashes are the oracle, and the answer must start as an
 * HTTP/1.x status line when there is one. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_app.h"
#include "transport/httpd.h"

/* How long to wait for an answer to begin (an unfinished request gets
 * none, and libmicrohttpd keeps the connection even after the client has
 * shut down its side), and the silence after which a begun answer is
 * taken as complete. They bound the speed: about 10 inputs a second
 * when no answer comes, 50 when one does. */
#define FUZZ_WAIT_MS	100
#define FUZZ_QUIET_MS	20
/* Time allowed for the server to start listening. */
#define FUZZ_START_MS	10000

static struct sockaddr_in fuzz_addr;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
fuzz_server(void *arg)
{
	(void)arg;
	if (httpd_serve(&fuzz_cfg) != 0) {
		fprintf(stderr, "fuzz_http: httpd_serve failed\n");
		_exit(2);
	}
	return NULL;
}

static int
fuzz_connect(void)
{
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int fd, rc, err = 0;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		abort();
	if (connect(fd, (struct sockaddr *)&fuzz_addr,
	    sizeof(fuzz_addr)) == 0)
		return fd;
	/* libFuzzer's timeout alarm can interrupt a connect that waits (a
	 * busy machine): the connection goes on being made, so wait for it
	 * rather than take the signal for the server's fault. */
	if (errno == EINTR) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		while ((rc = poll(&pfd, 1, FUZZ_START_MS)) == -1 &&
		    errno == EINTR)
			;
		if (rc == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
		    &len) == 0 && err == 0)
			return fd;
		errno = rc == 0 ? ETIMEDOUT : err != 0 ? err : errno;
	}
	close(fd);
	return -1;
}

/* A port that was free a moment ago. */
static int
fuzz_free_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd, port;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		abort();
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct timespec pause = { 0, 20 * 1000000L };
	char listen[64];
	pthread_t tid;
	int port, fd, i;

	(void)argc;
	(void)argv;
	port = fuzz_free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	fuzz_app_start(listen);
	memset(&fuzz_addr, 0, sizeof(fuzz_addr));
	fuzz_addr.sin_family = AF_INET;
	fuzz_addr.sin_port = htons((uint16_t)port);
	fuzz_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (pthread_create(&tid, NULL, fuzz_server, NULL) != 0)
		abort();
	pthread_detach(tid);
	for (i = 0; i < FUZZ_START_MS / 20; i++) {
		if ((fd = fuzz_connect()) != -1) {
			close(fd);
			return 0;
		}
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "fuzz_http: the server did not start on %s\n",
	    listen);
	exit(2);
}

/* Reads what is there into a rolling buffer, keeping the first bytes in
 * head. Returns the bytes read, 0 at the end, -1 on an error. */
static ssize_t
fuzz_read(int fd, char head[8], size_t *total)
{
	char chunk[16384];
	ssize_t n;
	size_t i;

	if ((n = recv(fd, chunk, sizeof(chunk), 0)) <= 0)
		return n;
	for (i = 0; *total + i < 8 && i < (size_t)n; i++)
		head[*total + i] = chunk[i];
	*total += (size_t)n;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pollfd pfd;
	char head[8];
	size_t off = 0, total = 0;
	ssize_t n;
	int fd;

	if ((fd = fuzz_connect()) == -1) {
		fprintf(stderr, "fuzz_http: connect: %s\n", strerror(errno));
		abort();
	}
	pfd.fd = fd;
	/* Write what the server takes, reading meanwhile so that neither
	 * side blocks on a full buffer. */
	while (off < size) {
		pfd.events = POLLIN | POLLOUT;
		if (poll(&pfd, 1, FUZZ_WAIT_MS) <= 0)
			break;
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			if (fuzz_read(fd, head, &total) <= 0)
				goto done;
		} else if (pfd.revents & POLLOUT) {
			n = send(fd, data + off, size - off, MSG_NOSIGNAL);
			if (n <= 0)
				break;
			off += (size_t)n;
		}
	}
	/* The end of the request: an unfinished one is answered or dropped
	 * now, and a finished one closed after its answer. */
	shutdown(fd, SHUT_WR);
	pfd.events = POLLIN;
	while (poll(&pfd, 1, total > 0 ? FUZZ_QUIET_MS : FUZZ_WAIT_MS) > 0 &&
	    fuzz_read(fd, head, &total) > 0)
		;
done:
	close(fd);
	/* Whatever the input, an answer is an HTTP/1.x response. */
	if (total > 0 && memcmp(head, "HTTP/1.", total < 7 ? total : 7) != 0) {
		fprintf(stderr, "fuzz_http: the answer starts %.*s\n",
		    (int)(total < 8 ? total : 8), head);
		abort();
	}
	return 0;
}

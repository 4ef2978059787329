/* bare_mhd.c: the bench's ceiling for `waypoint serve`: libmicrohttpd
 * answering every request with one stored answer from memory. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "bare_answer.h"

/* httpd.c's HTTPD_MEMORY_LIMIT: 0.9.75 zeroes the whole connection pool
 * after every request, so its size is part of the ceiling's cost; left
 * at the default (32 KiB), the ceiling would leave that cost out. */
#define BARE_MEMORY_LIMIT	(48 * 1024)

static struct MHD_Response	*answer;
static unsigned int		 answer_status;

/* Queues the stored answer on the second call, as waypoint does: queued
 * on the first, 0.9.75 would close the connection (PITFALLS.md). */
static enum MHD_Result
bare_access(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	static int started;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	if (*con_cls == NULL) {
		*con_cls = &started;
		return MHD_YES;
	}
	*upload_size = 0;
	return MHD_queue_response(c, answer_status, answer);
}

static int
bare_header(void *cls, const char *name, const char *value)
{
	return MHD_add_response_header(cls, name, value) == MHD_YES;
}

/*
 * bare_mhd PORT FILE [THREADS]: serves FILE (an HTTP answer as waypoint
 * sent it: status line, headers, blank line, body) on 127.0.0.1:PORT with
 * the options `waypoint serve` starts libmicrohttpd with (an epoll thread
 * pool, its timeout, connection limits and connection memory), until
 * SIGTERM or SIGINT.
 */
int
main(int argc, char **argv)
{
	struct bare_answer a;
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	sigset_t sigs;
	int sig;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: bare_mhd PORT FILE [THREADS]\n");
		return 2;
	}
	if (bare_answer_load(argv[2], &a) == -1)
		return 1;
	answer = MHD_create_response_from_buffer(a.body_len, a.body,
	    MHD_RESPMEM_PERSISTENT);
	if (answer == NULL || bare_answer_headers(&a, bare_header,
	    answer) == -1)
		return 1;
	answer_status = (unsigned int)a.status;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, bare_access, NULL,
	    MHD_OPTION_SOCK_ADDR, &sin,
	    MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned int)(argc == 4 ? atoi(argv[3]) : 2),
	    MHD_OPTION_CONNECTION_TIMEOUT, 10u,
	    MHD_OPTION_CONNECTION_LIMIT, 4096u,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, 64u,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)BARE_MEMORY_LIMIT,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bare_mhd: cannot listen on port %s\n",
		    argv[1]);
		return 1;
	}
	sigwait(&sigs, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(answer);
	bare_answer_free(&a);
	return 0;
}

/* bare_fcgi.c: the bench's ceiling for `waypoint fcgi`: libfcgi answering
 * every request with one stored answer from memory. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "bare_answer.h"

static char	*out;
static size_t	 out_len;
static int	 listen_fd;

/* Appends "name: value\r\n" to out, which holds room for it. */
static int
bare_header(void *cls, const char *name, const char *value)
{
	(void)cls;
	out_len += (size_t)sprintf(out + out_len, "%s: %s\r\n", name, value);
	return 1;
}

static void *
bare_thread(void *p)
{
	FCGX_Request req;

	(void)p;
	if (FCGX_InitRequest(&req, listen_fd, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(out, (int)out_len, req.out);
		FCGX_Finish_r(&req);
	}
	return NULL;
}

/* One worker process: threads accepting on the shared socket. */
static void
bare_worker(int nthreads)
{
	pthread_t tid;
	int i;

	for (i = 1; i < nthreads; i++)
		pthread_create(&tid, NULL, bare_thread, NULL);
	bare_thread(NULL);
	exit(0);
}

/*
 * bare_fcgi SOCKET FILE [PROCESSES THREADS]: serves FILE (an HTTP answer
 * as waypoint sent it: status line, headers, blank line, body) on the unix
 * socket SOCKET, written as `waypoint fcgi` writes an answer, from
 * PROCESSES worker processes of THREADS threads each (2 and 2: waypoint
 * fcgi's on this 2-core machine), until killed.
 */
int
main(int argc, char **argv)
{
	struct bare_answer a;
	int i, procs, threads;

	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: bare_fcgi SOCKET FILE "
		    "[PROCESSES THREADS]\n");
		return 2;
	}
	procs = argc == 5 ? atoi(argv[3]) : 2;
	threads = argc == 5 ? atoi(argv[4]) : 2;
	if (bare_answer_load(argv[2], &a) == -1)
		return 1;
	/* The file holds the status line; 64 bytes more hold the
	 * Content-Length line. */
	if ((out = malloc((size_t)(a.body + a.body_len - a.text) + 64)) ==
	    NULL)
		return 1;
	/* "Status: 200 OK": the code and reason of the status line. */
	out_len = (size_t)sprintf(out, "Status: %.*s\r\n",
	    (int)(a.headers - 2 - (a.text + 9)), a.text + 9);
	bare_answer_headers(&a, bare_header, NULL);
	out_len += (size_t)sprintf(out + out_len, "Content-Length: %zu\r\n\r\n",
	    a.body_len);
	memcpy(out + out_len, a.body, a.body_len);
	out_len += a.body_len;

	if (FCGX_Init() != 0 || (listen_fd = FCGX_OpenSocket(argv[1],
	    128)) < 0 || chmod(argv[1], 0666) == -1) {
		fprintf(stderr, "bare_fcgi: cannot listen on %s\n", argv[1]);
		return 1;
	}
	for (i = 0; i < procs; i++)
		if (fork() == 0) {
			/* The bench stops the parent: the workers go too. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			bare_worker(threads);
		}
	while (wait(NULL) > 0)
		;
	return 0;
}

/* fuzz_fcgi_params.c: libFuzzer target for the mapping of FastCGI
 * parameters to a request (map_request and read_body, static in
 * src/transport/fcgi.c, reached by including that file), then the app's
 * answer and write_response over in-memory streams. The input is
 * NAME=value strings separated by NUL bytes (at most 200); an empty one
 * ends them, and what follows is the body on stdin. */
#include "transport/fcgi.c"

#include "fuzz_app.h"
#include "lib/buf.h"

#define FUZZ_PARAMS_MAX	200

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A reader that has nothing past its buffer. */
static void
fuzz_fill(FCGX_Stream *s)
{
	s->isClosed = 1;
}

/* A writer whose buffer is emptied into the struct buf in s->data. */
static void
fuzz_empty(FCGX_Stream *s, int doClose)
{
	unsigned char *start = s->stop - 4096;

	(void)doClose;
	if (buf_add(s->data, start, (size_t)(s->wrNext - start)) == -1)
		abort();
	s->wrNext = start;
}

/* The header block as a FastCGI responder sends it: "Status: ..." then
 * "Name: value" lines, with no CR or LF inside a line. */
static void
check_output(const struct buf *out)
{
	const char *p = out->data, *end, *eol;

	if (p == NULL || strncmp(p, "Status: ", 8) != 0)
		abort();
	if ((end = strstr(p, "\r\n\r\n")) == NULL)
		abort();
	for (; p < end + 2; p = eol + 2) {
		eol = strstr(p, "\r\n");
		if (memchr(p, '\n', (size_t)(eol - p)) != NULL ||
		    memchr(p, '\r', (size_t)(eol - p)) != NULL ||
		    memchr(p, ':', (size_t)(eol - p)) == NULL)
			abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_app_start(NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *envp[FUZZ_PARAMS_MAX + 1], *copy, *p, *end;
	unsigned char wbuf[4096];
	FCGX_Stream in, out;
	struct buf got = BUF_INIT;
	struct request rq;
	struct response rs;
	struct arena *a;
	size_t n = 0;
	int status;

	if ((copy = malloc(size + 1)) == NULL || (a = arena_new()) == NULL)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	end = copy + size;
	for (p = copy; p < end && n < FUZZ_PARAMS_MAX && *p != '\0';
	    p += strlen(p) + 1)
		envp[n++] = p;
	envp[n] = NULL;
	if (p < end && *p == '\0')
		p++;
	if (p > end)
		p = end;

	memset(&in, 0, sizeof(in));
	in.rdNext = in.stopUnget = (unsigned char *)p;
	in.wrNext = in.stop = (unsigned char *)end;
	in.isReader = 1;
	in.fillBuffProc = fuzz_fill;
	memset(&out, 0, sizeof(out));
	out.wrNext = wbuf;
	out.rdNext = out.stop = wbuf + sizeof(wbuf);
	out.emptyBuffProc = fuzz_empty;
	out.data = &got;

	request_init(&rq, a);
	response_init(&rs);
	rq.now = time(NULL);
	if ((status = map_request(&rq, envp)) == 0)
		status = read_body(&rq, envp, &in, &fuzz_cfg);
	if (status == 0)
		app_handle(&rq, &rs);
	else {
		if (status != 400 && status != 413 && status != 414 &&
		    status != 431)
			abort();
		keep_raw_target(&rq, envp);
		app_error(&rq, &rs, status);
	}
	(void)write_response(&out, &rq, &rs);
	fuzz_empty(&out, 1);
	check_output(&got);
	buf_free(&got);
	response_free(&rs);
	arena_free(a);
	free(copy);
	return 0;
}

/* test_spool.c: unit tests of src/spool.c, read back through
 * request_body_read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "request.h"
#include "spool.h"

struct fixture {
	struct request	 rq;
	char		 dir[64];
};

static int
setup(void **state)
{
	struct fixture *f;
	struct arena *a;

	if ((f = calloc(1, sizeof(*f))) == NULL || (a = arena_new()) == NULL)
		return -1;
	request_init(&f->rq, a);
	snprintf(f->dir, sizeof(f->dir), "/tmp/waypoint-spool.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->rq.arena);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The entries of dir but . and .. */
static int
entries(const char *dir)
{
	struct dirent *e;
	DIR *d;
	int n = 0;

	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_write_read(void **state)
{
	struct fixture *f = *state;
	struct request *rq = &f->rq;
	static char big[200000], back[200000];
	char buf[7];
	size_t i, got;
	ssize_t n;
	int fd;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 251);
	assert_int_equal(spool_open(rq, f->dir), 0);
	assert_true(rq->body_fd >= 0);
	fd = rq->body_fd;
	/* Unlinked from the start, and private. */
	assert_int_equal(entries(f->dir), 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(spool_write(rq, "abc", 3), 0);
	assert_int_equal(spool_write(rq, "", 0), 0);
	assert_int_equal(spool_write(rq, big, sizeof(big)), 0);
	assert_int_equal(rq->body_len, 3 + sizeof(big));

	assert_int_equal(request_body_read(rq, buf, 2), 2);
	assert_memory_equal(buf, "ab", 2);
	assert_int_equal(request_body_read(rq, buf, 1), 1);
	assert_memory_equal(buf, "c", 1);
	for (got = 0; (n = request_body_read(rq, back + got,
	    got + 65536 < sizeof(back) ? 65536 : sizeof(back) - got)) > 0;)
		got += (size_t)n;
	assert_int_equal(n, 0);
	assert_int_equal(got, sizeof(big));
	assert_memory_equal(back, big, sizeof(big));

	/* The file goes with the request. */
	arena_reset(rq->arena);
	assert_int_equal(fcntl(fd, F_GETFD), -1);
}

static void
test_short_file(void **state)
{
	struct fixture *f = *state;
	struct request *rq = &f->rq;
	char buf[16];

	assert_int_equal(spool_open(rq, f->dir), 0);
	assert_int_equal(spool_write(rq, "0123456789", 10), 0);
	/* A file shorter than the length written is an error, not an end. */
	assert_int_equal(ftruncate(rq->body_fd, 4), 0);
	assert_int_equal(request_body_read(rq, buf, 3), 3);
	assert_int_equal(request_body_read(rq, buf, sizeof(buf)), 1);
	assert_int_equal(request_body_read(rq, buf, sizeof(buf)), -1);
}

static void
test_no_folder(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(log_open("/dev/null"), 0);
	assert_int_equal(spool_open(&f->rq, "/nonexistent/waypoint"), -1);
	assert_int_equal(f->rq.body_fd, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_short_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_folder, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

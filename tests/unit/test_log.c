/* test_log.c: unit tests for lib/log.c's gathered lines. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/log.h"

static char	path[] = "/tmp/waypoint-test-log-XXXXXX";

/* The log file's text, in a static buffer. */
static const char *
text(void)
{
	static char buf[256 * 1024];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int
setup(void **state)
{
	int fd;

	(void)state;
	strcpy(path, "/tmp/waypoint-test-log-XXXXXX");
	fd = mkstemp(path);
	if (fd == -1)
		return -1;
	close(fd);
	return log_open(path);
}

static int
teardown(void **state)
{
	(void)state;
	log_open(NULL);
	unlink(path);
	return 0;
}

/* A gathering thread's info lines wait for log_flush(); an error line
 * goes out at once, after the lines before it. */
static void *
gathering(void *arg)
{
	const char *third;

	(void)arg;
	assert_int_equal(log_gather(), 0);
	log_info("first %d", 1);
	log_info("second %d", 2);
	assert_null(strstr(text(), "first 1"));
	log_flush();
	assert_non_null(strstr(text(), "info first 1\n"));
	assert_non_null(strstr(text(), "info second 2\n"));
	log_info("third");
	log_error("broken");
	third = strstr(text(), "info third\n");
	assert_non_null(third);
	assert_non_null(strstr(third, "error broken\n"));
	log_info_text("last\nwords", 10);
	return NULL;
}

/* ... and when the thread ends, what it gathered is written. */
static void
test_gather(void **state)
{
	pthread_t t;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, gathering, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_non_null(strstr(text(), "error broken\n"));
	/* log_info_text's line, its LF a space. */
	assert_non_null(strstr(text(), "info last words\n"));
}

/* Lines past 64 KiB go out whole, in order, with none lost; a thread that
 * does not gather writes each line at once. */
static void *
many(void *arg)
{
	int i;

	(void)arg;
	assert_int_equal(log_gather(), 0);
	for (i = 0; i < 3000; i++)
		log_info("line %04d of many", i);
	return NULL;
}

static void
test_many(void **state)
{
	pthread_t t;
	const char *s, *p;
	char want[32];
	int i;

	(void)state;
	log_info("not gathered");
	assert_non_null(strstr(text(), "info not gathered\n"));
	assert_int_equal(pthread_create(&t, NULL, many, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	s = text();
	for (p = s, i = 0; i < 3000; i++) {
		snprintf(want, sizeof(want), "info line %04d of many\n", i);
		p = strstr(p, want);
		assert_non_null(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gather, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

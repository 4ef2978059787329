/* test_media_slots.c: unit tests of src/media/slots.c, the media
 * worker's slots: MEDIA_SLOTS at once in one process, a bound shared with
 * the processes forked after media_slots_init() (as `waypoint fcgi`'s
 * are), and a slot whose holder died freed for the next taker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "media/slots.h"

static int
setup(void **state)
{
	(void)state;
	return media_slots_init();
}

static int
teardown(void **state)
{
	(void)state;
	media_slots_fini();
	return 0;
}

/* Takes n slots in a child process and returns its exit status: 0 when
 * it got them (given back unless keep), 1 when one did not come in
 * wait_ms. */
static int
child_takes(int n, int wait_ms, int keep)
{
	int status, slot[MEDIA_SLOTS], i;
	pid_t pid = fork();

	if (pid == 0) {
		for (i = 0; i < n; i++)
			if ((slot[i] = media_slot_take(wait_ms)) == -1)
				_exit(1);
		for (i = 0; i < n && !keep; i++)
			media_slot_give(slot[i]);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_bound_in_one_process(void **state)
{
	int a, b;

	(void)state;
	assert_int_equal(MEDIA_SLOTS, 2);
	assert_int_not_equal(a = media_slot_take(0), -1);
	assert_int_not_equal(b = media_slot_take(0), -1);
	assert_int_not_equal(a, b);
	/* A third waits, and gets none while both are held. */
	assert_int_equal(media_slot_take(120), -1);
	media_slot_give(a);
	assert_int_equal(media_slot_take(0), a);
	media_slot_give(a);
	media_slot_give(b);
}

static void
test_bound_across_processes(void **state)
{
	int a, b;

	(void)state;
	assert_int_not_equal(a = media_slot_take(0), -1);
	/* One left: another process takes it; with both held here, none. */
	assert_int_equal(child_takes(1, 0, 0), 0);
	assert_int_not_equal(b = media_slot_take(0), -1);
	assert_int_equal(child_takes(1, 120, 0), 1);
	media_slot_give(b);
	assert_int_equal(child_takes(1, 0, 0), 0);
	media_slot_give(a);
}

static void
test_dead_holder_frees(void **state)
{
	(void)state;
	/* A process that ends holding both slots (killed mid-upload). */
	assert_int_equal(child_takes(2, 0, 1), 0);
	assert_int_not_equal(media_slot_take(0), -1);
	assert_int_not_equal(media_slot_take(0), -1);
	assert_int_equal(media_slot_take(0), -1);
}

/* Unmapped (media_slots_fini, as app_fini leaves it), a process still
 * has its own bound. */
static void
test_unshared(void **state)
{
	int a, b;

	(void)state;
	media_slots_fini();
	assert_int_not_equal(a = media_slot_take(0), -1);
	assert_int_not_equal(b = media_slot_take(0), -1);
	assert_int_equal(media_slot_take(0), -1);
	media_slot_give(a);
	media_slot_give(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bound_in_one_process,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bound_across_processes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_dead_holder_frees, setup,
		    teardown),
		cmocka_unit_test(test_unshared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

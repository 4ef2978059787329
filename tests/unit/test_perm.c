/* test_perm.c: unit tests of src/lib/perm.c: modes whatever the umask, the
 * group, tightening a looser file and leaving other file types alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/log.h"
#include "lib/perm.h"

struct fixture {
	char	 dir[64];
	char	 path[96];
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/waypoint-perm.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/file", f->dir);
	/* Tightening is logged: not on the test's output. */
	if (log_open("/dev/null") == -1 || perm_set_group(NULL) == -1)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	free(f);
	perm_set_group(NULL);
	return 0;
}

static mode_t
mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

/* Creates f->path as kind under umask um and returns its mode. */
static mode_t
create_under(struct fixture *f, mode_t um, enum perm_kind kind)
{
	mode_t old = umask(um);
	int fd = perm_create(f->path, O_WRONLY, kind);

	umask(old);
	assert_true(fd >= 0);
	close(fd);
	return mode_of(f->path);
}

static void
test_modes_whatever_the_umask(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(create_under(f, 0, PERM_DATA), 0600);
	unlink(f->path);
	assert_int_equal(create_under(f, 077, PERM_DATA), 0600);
	unlink(f->path);
	assert_int_equal(create_under(f, 0, PERM_LOG), 0640);
	unlink(f->path);
	assert_int_equal(create_under(f, 077, PERM_LOG), 0640);
}

static void
test_group(void **state)
{
	struct fixture *f = *state;
	struct stat sb;
	char gid[32];

	snprintf(gid, sizeof(gid), "%u", (unsigned)getegid());
	assert_int_equal(perm_set_group(gid), 0);
	assert_int_equal(perm_mode(PERM_DATA), 0640);
	assert_int_equal(create_under(f, 077, PERM_DATA), 0640);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_gid, getegid());
	assert_int_equal(perm_set_group("no-such-group-waypoint"), -1);
	assert_int_equal(perm_mode(PERM_DATA), 0600);
	assert_int_equal(perm_set_group(""), 0);
	assert_int_equal(perm_mode(PERM_DATA), 0600);
}

static void
test_exists(void **state)
{
	struct fixture *f = *state;
	int fd;

	create_under(f, 022, PERM_DATA);
	fd = perm_create(f->path, O_WRONLY, PERM_DATA);
	assert_int_equal(fd, -1);
	assert_int_equal(errno, EEXIST);
	/* The file that was there is left. */
	assert_int_equal(access(f->path, F_OK), 0);
}

static void
test_tighten(void **state)
{
	struct fixture *f = *state;

	create_under(f, 022, PERM_DATA);
	assert_int_equal(chmod(f->path, 0666), 0);
	assert_int_equal(perm_tighten(f->path, PERM_DATA), 0);
	assert_int_equal(mode_of(f->path), 0600);
	assert_int_equal(chmod(f->path, 0604), 0);
	assert_int_equal(perm_tighten(f->path, PERM_LOG), 0);
	assert_int_equal(mode_of(f->path), 0600);
	/* Stricter than allowed stays as it is. */
	assert_int_equal(chmod(f->path, 0400), 0);
	assert_int_equal(perm_tighten(f->path, PERM_LOG), 0);
	assert_int_equal(mode_of(f->path), 0400);
}

static void
test_tighten_leaves_others(void **state)
{
	struct fixture *f = *state;
	char link[128];

	/* Missing: nothing to do. */
	assert_int_equal(perm_tighten(f->path, PERM_DATA), 0);
	/* A link is not followed: its target keeps its mode. */
	create_under(f, 022, PERM_DATA);
	assert_int_equal(chmod(f->path, 0644), 0);
	snprintf(link, sizeof(link), "%s/link", f->dir);
	assert_int_equal(symlink(f->path, link), 0);
	assert_int_equal(perm_tighten(link, PERM_DATA), 0);
	assert_int_equal(mode_of(f->path), 0644);
	unlink(link);
	/* A device (a log sent to /dev/null) is never changed. */
	assert_int_equal(perm_tighten("/dev/null", PERM_DATA), 0);
	assert_int_equal(mode_of("/dev/null"), 0666);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_modes_whatever_the_umask,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tighten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tighten_leaves_others,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

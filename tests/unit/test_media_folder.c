/* test_media_folder.c: unit tests of the media folder's lock and reused
 * files (src/media/folder.c), the inventory's view of the lock file
 * (src/media/inventory.c) and the escaping of the worker's messages
 * (src/media/worker.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "media/folder.h"
#include "media/inventory.h"
#include "media/worker.h"

/* A name of ours: 64 hex digits and an extension. */
#define NAME \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png"

struct fixture {
	char	dir[64];
	char	media[96];
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/waypoint-folder.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->media, sizeof(f->media), "%s/media", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Writes a file of content s named name into the media folder. */
static void
put(const struct fixture *f, const char *name, const char *s)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->media, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(s, fp);
	assert_int_equal(fclose(fp), 0);
}

/* An upload's shared hold stops a remover that does not wait, and only
 * it; two uploads share it; once let go, the remover gets it. */
static void
test_lock(void **state)
{
	struct fixture *f = *state;
	int a, b, ex;

	errno = 0;
	assert_int_equal(media_folder_lock(f->media, LOCK_EX | LOCK_NB,
	    false), -1);
	assert_int_equal(errno, ENOENT);
	assert_true((a = media_folder_lock(f->media, LOCK_SH, true)) >= 0);
	assert_true((b = media_folder_lock(f->media, LOCK_SH | LOCK_NB,
	    false)) >= 0);
	errno = 0;
	assert_int_equal(media_folder_lock(f->media, LOCK_EX | LOCK_NB,
	    false), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	close(a);
	errno = 0;
	assert_int_equal(media_folder_lock(f->media, LOCK_EX | LOCK_NB,
	    false), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	close(b);
	assert_true((ex = media_folder_lock(f->media, LOCK_EX | LOCK_NB,
	    false)) >= 0);
	errno = 0;
	assert_int_equal(media_folder_lock(f->media, LOCK_SH | LOCK_NB,
	    false), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	close(ex);
}

/* The lock file is neither an orphan nor a name not ours. */
static void
test_inventory_passes_lock(void **state)
{
	struct fixture *f = *state;
	struct media_inventory inv;
	struct arena *a;
	int fd;

	assert_true((fd = media_folder_lock(f->media, LOCK_SH, true)) >= 0);
	put(f, NAME, "x");
	assert_non_null(a = arena_new());
	assert_int_equal(media_inventory_read(f->media, a, NULL, 0, &inv), 0);
	assert_int_equal(inv.nentries, 1);
	assert_string_equal(inv.entries[0].name, NAME);
	assert_int_equal(inv.counts[MEDIA_ENTRY_ORPHAN], 1);
	assert_int_equal(inv.counts[MEDIA_ENTRY_FOREIGN], 0);
	arena_free(a);
	close(fd);
}

/* A file placed under a name that is there already leaves the old file
 * (the same content), its time now: gc's grace covers it as it would the
 * new one. */
static void
test_reused_file_renewed(void **state)
{
	struct fixture *f = *state;
	struct media_batch b;
	struct timeval old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	struct stat sb;
	char path[256];
	size_t i;
	int fd;

	assert_int_equal(media_batch_open(&b, f->media), 0);
	put(f, NAME, "same");
	snprintf(path, sizeof(path), "%s/%s", f->media, NAME);
	assert_int_equal(utimes(path, old), 0);
	assert_true((fd = media_batch_add(&b, &i)) >= 0);
	assert_int_equal(write(fd, "same", 4), 4);
	assert_int_equal(media_batch_place(&b, i, NAME), 0);
	assert_int_equal(media_batch_commit(&b), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_mtime > time(NULL) - 60);
	assert_int_equal(sb.st_size, 4);
}

/* How many files of the media folder have a temporary name. */
static int
temporaries(const struct fixture *f)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	assert_non_null(d = opendir(f->media));
	while ((de = readdir(d)) != NULL)
		n += strncmp(de->d_name, ".tmp-", 5) == 0;
	closedir(d);
	return n;
}

/* An upload that fails after placing a file leaves it (a second upload
 * of the same content may have found it there, and commit its row) and
 * removes what is still under a temporary name. */
static void
test_abort_keeps_placed(void **state)
{
	struct fixture *f = *state;
	struct media_batch one, two;
	char path[256];
	size_t i, j;
	int fd;

	assert_int_equal(media_batch_open(&one, f->media), 0);
	assert_int_equal(media_batch_open(&two, f->media), 0);
	assert_true((fd = media_batch_add(&one, &i)) >= 0);
	assert_int_equal(write(fd, "same", 4), 4);
	assert_int_equal(media_batch_place(&one, i, NAME), 0);
	assert_true((fd = media_batch_add(&two, &j)) >= 0);
	assert_int_equal(write(fd, "same", 4), 4);
	assert_int_equal(media_batch_place(&two, j, NAME), 0);
	assert_true((fd = media_batch_add(&one, &i)) >= 0);
	media_batch_abort(&one);
	assert_int_equal(media_batch_commit(&two), 0);
	snprintf(path, sizeof(path), "%s/%s", f->media, NAME);
	assert_int_equal(access(path, R_OK), 0);
	assert_int_equal(temporaries(f), 0);
}

/* A worker's message logged as one line: control bytes and backslashes
 * written \xNN, cut short rather than overflow. */
static void
test_escape(void **state)
{
	char out[MEDIA_WIRE_ESCAPED_MAX], small[7];
	const char in[] = "bad\n\x1b[31mred\\\x7f\tend\xc3\xa9";

	(void)state;
	assert_string_equal(media_wire_escape(out, sizeof(out), in,
	    sizeof(in) - 1), "bad\\x0a\\x1b[31mred\\x5c\\x7f\\x09end\xc3\xa9");
	assert_string_equal(media_wire_escape(small, sizeof(small), in,
	    sizeof(in) - 1), "bad");
	assert_string_equal(media_wire_escape(small, sizeof(small), "a\0b",
	    3), "a\\x00b");
	assert_string_equal(media_wire_escape(small, 1, "abc", 3), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inventory_passes_lock,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_keeps_placed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reused_file_renewed, setup,
		    teardown),
		cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

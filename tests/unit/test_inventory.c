/* test_inventory.c: unit tests of src/media/inventory.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "media/inventory.h"

#define H1	"1111111111111111111111111111111111111111111111111111111111111111"
#define H2	"2222222222222222222222222222222222222222222222222222222222222222"
#define H3	"3333333333333333333333333333333333333333333333333333333333333333"

static void
touch(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
}

static const struct media_entry *
entry(const struct media_inventory *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inv->nentries; i++)
		if (strcmp(inv->entries[i].name, name) == 0)
			return &inv->entries[i];
	return NULL;
}

static void
test_classify(void **state)
{
	static const struct media_file_ref refs[] = {
		{ 1, H1, "jpeg", NULL, 0 },
		{ 1, H1, "webp", "webp", 320 },
		{ 1, H1, "jpeg", "jpeg", 320 },
		{ 2, H2, "pdf", NULL, 0 },
	};
	char dir[] = "/tmp/test_inventory.XXXXXX", path[512];
	struct media_inventory inv;
	struct arena *a;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(a = arena_new());
	touch(dir, H1 ".jpg");
	touch(dir, H1 "-320.webp");
	/* H1-320.jpg and H2.pdf missing; H3's files no row has. */
	touch(dir, H3 ".png");
	touch(dir, H3 "-640.webp");
	touch(dir, ".tmp-upload1");
	touch(dir, "notes.txt");
	snprintf(path, sizeof(path), "%s/" H3 ".jpg", dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	snprintf(path, sizeof(path), "%s/" H3 "-320.jpg", dir);
	assert_int_equal(mkdir(path, 0700), 0);

	assert_int_equal(media_inventory_read(dir, a, refs, 4, &inv), 0);
	assert_false(inv.no_folder);
	assert_int_equal(inv.nentries, 8);
	assert_int_equal(entry(&inv, H1 ".jpg")->kind, MEDIA_ENTRY_USED);
	assert_int_equal(entry(&inv, H1 "-320.webp")->kind,
	    MEDIA_ENTRY_USED);
	assert_int_equal(entry(&inv, H3 ".png")->kind, MEDIA_ENTRY_ORPHAN);
	assert_int_equal(entry(&inv, H3 "-640.webp")->kind,
	    MEDIA_ENTRY_ORPHAN);
	assert_int_equal(entry(&inv, ".tmp-upload1")->kind, MEDIA_ENTRY_TEMP);
	assert_int_equal(entry(&inv, "notes.txt")->kind, MEDIA_ENTRY_FOREIGN);
	/* A link or a folder is never ours, whatever its name. */
	assert_int_equal(entry(&inv, H3 ".jpg")->kind, MEDIA_ENTRY_FOREIGN);
	assert_int_equal(entry(&inv, H3 "-320.jpg")->kind,
	    MEDIA_ENTRY_FOREIGN);
	assert_int_equal(inv.counts[MEDIA_ENTRY_USED], 2);
	assert_int_equal(inv.counts[MEDIA_ENTRY_ORPHAN], 2);
	assert_int_equal(inv.counts[MEDIA_ENTRY_TEMP], 1);
	assert_int_equal(inv.counts[MEDIA_ENTRY_FOREIGN], 3);
	assert_int_equal(inv.nmissing, 2);
	assert_string_equal(inv.missing[0].name, H1 "-320.jpg");
	assert_int_equal(inv.missing[0].media_id, 1);
	assert_string_equal(inv.missing[1].name, H2 ".pdf");
	assert_int_equal(inv.missing[1].media_id, 2);

	/* No folder: every file referred to is missing. */
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(media_inventory_read(path, a, refs, 4, &inv), 0);
	assert_true(inv.no_folder);
	assert_int_equal(inv.nentries, 0);
	assert_int_equal(inv.nmissing, 4);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

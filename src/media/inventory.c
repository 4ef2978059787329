/* inventory.c: what the media folder holds against what the rows refer
 * to. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/arena.h"
#include "media/files.h"
#include "media/folder.h"
#include "media/inventory.h"

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The file name ref refers to, in arena a; "" when its row holds no name
 * of ours (a type or hash the schema's checks would refuse). */
static const char *
ref_name(struct arena *a, const struct media_file_ref *ref)
{
	char name[MEDIA_NAME_MAX];
	enum media_type t;

	if (strlen(ref->hash) != 64 || media_type_parse(ref->type, &t) == -1)
		return "";
	if (ref->format == NULL)
		media_original_name(name, ref->hash, t);
	else if (media_format_ext(ref->format) == NULL || ref->width <= 0)
		return "";
	else
		media_variant_name(name, ref->hash, ref->width, ref->format);
	return media_name_ok(name) ? arena_strdup(a, name) : "";
}

/* Whether name is among sorted[0..n]. */
static bool
referred(const char *name, const char **sorted, size_t n)
{
	return bsearch(&name, sorted, n, sizeof(*sorted), compare_names) !=
	    NULL;
}

/* Appends the entries of dir, each classified against sorted[0..n]. */
static int
scan(DIR *d, struct arena *a, const char **sorted, size_t n,
    struct media_inventory *inv)
{
	struct media_entry *e;
	struct dirent *de;
	struct stat sb;
	size_t room = 0;
	bool regular;

	errno = 0;
	while ((de = readdir(d)) != NULL) {
		/* The lock file is the folder's own, not a file in it. */
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, MEDIA_LOCK_NAME) == 0)
			continue;
		if (inv->nentries == room) {
			room = room == 0 ? 64 : room * 2;
			e = arena_alloc(a, room * sizeof(*e));
			if (e == NULL)
				return -1;
			if (inv->nentries > 0)
				memcpy(e, inv->entries,
				    inv->nentries * sizeof(*e));
			inv->entries = e;
		}
		e = &inv->entries[inv->nentries];
		if (fstatat(dirfd(d), de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1) {
			/* Gone meanwhile (gc, a replace): not there. */
			if (errno == ENOENT) {
				errno = 0;
				continue;
			}
			return -1;
		}
		regular = S_ISREG(sb.st_mode);
		if ((e->name = arena_strdup(a, de->d_name)) == NULL)
			return -1;
		e->mtime = sb.st_mtime;
		if (regular && media_name_ok(e->name))
			e->kind = referred(e->name, sorted, n) ?
			    MEDIA_ENTRY_USED : MEDIA_ENTRY_ORPHAN;
		else if (regular && strncmp(e->name, MEDIA_TMP_PREFIX,
		    strlen(MEDIA_TMP_PREFIX)) == 0)
			e->kind = MEDIA_ENTRY_TEMP;
		else
			e->kind = MEDIA_ENTRY_FOREIGN;
		inv->counts[e->kind]++;
		inv->nentries++;
		errno = 0;
	}
	return errno == 0 ? 0 : -1;
}

/* The names of refs not among the folder's files in use. */
static int
find_missing(struct arena *a, const struct media_file_ref *refs,
    const char **names, size_t nrefs, struct media_inventory *inv)
{
	const char **present;
	size_t i, n = 0;

	present = arena_alloc(a, (inv->nentries + 1) * sizeof(*present));
	inv->missing = arena_alloc(a, (nrefs + 1) * sizeof(*inv->missing));
	if (present == NULL || inv->missing == NULL)
		return -1;
	for (i = 0; i < inv->nentries; i++)
		if (inv->entries[i].kind == MEDIA_ENTRY_USED)
			present[n++] = inv->entries[i].name;
	qsort(present, n, sizeof(*present), compare_names);
	for (i = 0; i < nrefs; i++)
		if (*names[i] == '\0' || !referred(names[i], present, n)) {
			inv->missing[inv->nmissing].media_id =
			    refs[i].media_id;
			inv->missing[inv->nmissing++].name = *names[i] ?
			    names[i] : refs[i].hash;
		}
	return 0;
}

int
media_inventory_read(const char *dir, struct arena *a,
    const struct media_file_ref *refs, size_t nrefs,
    struct media_inventory *inv)
{
	const char **names, **sorted;
	DIR *d;
	size_t i;
	int ret;

	memset(inv, 0, sizeof(*inv));
	names = arena_alloc(a, (nrefs + 1) * sizeof(*names));
	sorted = arena_alloc(a, (nrefs + 1) * sizeof(*sorted));
	if (names == NULL || sorted == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < nrefs; i++)
		if ((names[i] = sorted[i] = ref_name(a, &refs[i])) == NULL) {
			errno = ENOMEM;
			return -1;
		}
	qsort(sorted, nrefs, sizeof(*sorted), compare_names);
	if ((d = opendir(dir)) == NULL) {
		if (errno != ENOENT)
			return -1;
		inv->no_folder = true;
	} else {
		ret = scan(d, a, sorted, nrefs, inv);
		closedir(d);
		if (ret == -1)
			return -1;
	}
	if (find_missing(a, refs, names, nrefs, inv) == -1) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

const char *
media_entry_kind_name(enum media_entry_kind kind)
{
	static const char *const names[] = {
		"in use", "orphan", "temporary", "not ours",
	};

	return names[kind];
}

/* vips_load.c: libvips opened with dlopen in the media worker, and the
 * table of its functions filled with dlsym (vips_load.h says why). */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "media/vips_load.h"

/* Each member of struct vips_api with the symbol it is found by. */
#define ENTRY(member, symbol) { #symbol, offsetof(struct vips_api, member) }

static const struct {
	const char	*symbol;
	size_t		 offset;
} entries[] = {
	ENTRY(version, vips_version),
	ENTRY(init, vips_init),
	ENTRY(error_buffer, vips_error_buffer),
	ENTRY(concurrency_set, vips_concurrency_set),
	ENTRY(cache_set_max, vips_cache_set_max),
	ENTRY(block_untrusted_set, vips_block_untrusted_set),
	ENTRY(source_new_from_descriptor, vips_source_new_from_descriptor),
	ENTRY(jpegload_source, vips_jpegload_source),
	ENTRY(pngload_source, vips_pngload_source),
	ENTRY(webpload_source, vips_webpload_source),
	ENTRY(heifload_source, vips_heifload_source),
	ENTRY(copy, vips_copy),
	ENTRY(image_get_fields, vips_image_get_fields),
	ENTRY(image_remove, vips_image_remove),
	ENTRY(image_get_typeof, vips_image_get_typeof),
	ENTRY(image_hasalpha, vips_image_hasalpha),
	ENTRY(image_copy_memory, vips_image_copy_memory),
	ENTRY(image_get_orientation, vips_image_get_orientation),
	ENTRY(icc_transform, vips_icc_transform),
	ENTRY(autorot, vips_autorot),
	ENTRY(resize, vips_resize),
	ENTRY(premultiply, vips_premultiply),
	ENTRY(unpremultiply, vips_unpremultiply),
	ENTRY(cast, vips_cast),
	ENTRY(jpegsave_buffer, vips_jpegsave_buffer),
	ENTRY(pngsave_buffer, vips_pngsave_buffer),
	ENTRY(webpsave_buffer, vips_webpsave_buffer),
	ENTRY(log_set_default_handler, g_log_set_default_handler),
	ENTRY(object_ref, g_object_ref),
	ENTRY(object_unref, g_object_unref),
	ENTRY(strfreev, g_strfreev),
	ENTRY(free, g_free),
};
#define ENTRY_COUNT	(sizeof(entries) / sizeof(entries[0]))

/* Every member is found, none left NULL: a table and a struct that
 * drifted apart fail the build rather than a call. */
_Static_assert(ENTRY_COUNT * sizeof(void (*)(void)) ==
    sizeof(struct vips_api), "struct vips_api and entries[] differ");

/* The ABI the headers were written for, which the soname's number is
 * on Linux (libtool: current - age). */
#define ABI	(VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE)

char *
vips_load_soname(char *buf, size_t len)
{
	snprintf(buf, len, "libvips.so.%d", ABI);
	return buf;
}

int
vips_load(const char *soname, struct vips_api *api, char *why, size_t len)
{
	struct vips_api found;
	void *lib, *sym;
	const char *err;
	size_t i;
	int abi;

	/* Its own symbols kept to itself (RTLD_LOCAL): nothing of ours is
	 * bound to GLib's by accident; all bound now (RTLD_NOW), so a
	 * missing one fails here, not halfway through an image. */
	if ((lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err = dlerror();
		snprintf(why, len, "cannot load %s (libvips, package "
		    "libvips42): %s", soname, err != NULL ? err : "?");
		return -1;
	}
	for (i = 0; i < ENTRY_COUNT; i++) {
		dlerror();
		if ((sym = dlsym(lib, entries[i].symbol)) == NULL) {
			snprintf(why, len, "%s has no %s", soname,
			    entries[i].symbol);
			dlclose(lib);
			return -1;
		}
		/* POSIX: dlsym's pointer converts to the function's. */
		memcpy((char *)&found + entries[i].offset, &sym, sizeof(sym));
	}
	abi = found.version(3) - found.version(5);
	if (abi != ABI) {
		snprintf(why, len, "%s has ABI %d, this waypoint was built "
		    "for %d", soname, abi, ABI);
		dlclose(lib);
		return -1;
	}
	*api = found;
	return 0;
}

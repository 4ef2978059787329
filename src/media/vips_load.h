/* vips_load.h: libvips opened at run time, in the media worker only, and
 * the functions of it the worker's job calls. Internal to src/media/. */
#ifndef WAYPOINT_MEDIA_VIPS_LOAD_H
#define WAYPOINT_MEDIA_VIPS_LOAD_H

#include <stddef.h>

#include <vips/vips.h>

/*
 * Why not linked: libvips, GLib and the hundred libraries under them
 * take 20 MiB of every process that maps them (relocations, their
 * constructors' state), and only a worker spawned for one upload uses
 * them; the server and the render worker stay small.
 *
 * Each member has the type of the libvips or GLib function it stands
 * for (its header's own declaration), so a call through it is checked
 * as a direct call would be. The names drop the prefix: GLib defines
 * some functions as macros of the same name (g_object_ref).
 */
struct vips_api {
	__typeof__(vips_version)		*version;
	__typeof__(vips_init)			*init;
	__typeof__(vips_error_buffer)		*error_buffer;
	__typeof__(vips_concurrency_set)	*concurrency_set;
	__typeof__(vips_cache_set_max)		*cache_set_max;
	__typeof__(vips_block_untrusted_set)	*block_untrusted_set;
	__typeof__(vips_source_new_from_descriptor) *source_new_from_descriptor;
	__typeof__(vips_jpegload_source)	*jpegload_source;
	__typeof__(vips_pngload_source)		*pngload_source;
	__typeof__(vips_webpload_source)	*webpload_source;
	__typeof__(vips_heifload_source)	*heifload_source;
	__typeof__(vips_copy)			*copy;
	__typeof__(vips_image_get_fields)	*image_get_fields;
	__typeof__(vips_image_remove)		*image_remove;
	__typeof__(vips_image_get_typeof)	*image_get_typeof;
	__typeof__(vips_image_hasalpha)		*image_hasalpha;
	__typeof__(vips_image_copy_memory)	*image_copy_memory;
	__typeof__(vips_image_get_orientation)	*image_get_orientation;
	__typeof__(vips_icc_transform)		*icc_transform;
	__typeof__(vips_autorot)		*autorot;
	__typeof__(vips_resize)			*resize;
	__typeof__(vips_premultiply)		*premultiply;
	__typeof__(vips_unpremultiply)		*unpremultiply;
	__typeof__(vips_cast)			*cast;
	__typeof__(vips_jpegsave_buffer)	*jpegsave_buffer;
	__typeof__(vips_pngsave_buffer)		*pngsave_buffer;
	__typeof__(vips_webpsave_buffer)	*webpsave_buffer;
	__typeof__(g_log_set_default_handler)	*log_set_default_handler;
	__typeof__(g_object_ref)		*object_ref;
	__typeof__(g_object_unref)		*object_unref;
	__typeof__(g_strfreev)			*strfreev;
	__typeof__(g_free)			*free;
};

/* The file name the dynamic loader knows libvips by: the soname of the
 * libvips whose headers this was built with ("libvips.so.42" for
 * 8.14), written into buf of len bytes. Returns buf. */
char	*vips_load_soname(char *buf, size_t len);

/*
 * Opens the library named soname (vips_load_soname()'s, or another for
 * the tests) and fills api with its functions, then checks that its ABI
 * is the headers'. Returns 0; or -1 with why (len bytes), which names
 * the library and what failed, and api untouched. The library stays
 * open for the life of the process (the worker's one job).
 */
int	 vips_load(const char *soname, struct vips_api *api, char *why,
	    size_t len);

#endif

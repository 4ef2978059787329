/* vips_job.c: the media worker's one job, run by libvips in the child
 * process: the upload decoded by the loader of its sniffed type only,
 * turned upright, stripped of every metadata field but its colour
 * profile, saved again at full size and at the variants' widths. Every
 * libvips and GLib function is called through the table vips_load()
 * filled: the binary does not link them (vips_load.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vips/vips.h>

#include "lib/file.h"
#include "media/vips_load.h"
#include "media/worker.h"

/* The widths a page asks for (320 px phones to 1600 px wide screens);
 * an image's own width is added when it is narrower than the last. */
static const int variant_widths[] = { 320, 640, 1024, 1600 };
#define WIDTH_COUNT	(sizeof(variant_widths) / sizeof(variant_widths[0]))

/* Qualities: the original kept close to what was uploaded, the variants
 * as light as a photo on a page allows. */
#define ORIGINAL_Q	90
#define VARIANT_JPEG_Q	80
#define VARIANT_WEBP_Q	75

/* libvips, loaded by the job before anything else. */
static struct vips_api vips;

static void
write_full(int fd, const void *p, size_t n)
{
	if (file_write_all(fd, p, n) == -1)
		_exit(1);
}

/* Ends the job with status and, when it failed, libvips's reason for the
 * parent's log. */
static _Noreturn void
done(int out, enum media_ingest_status status, const char *why)
{
	struct media_wire w = { .kind = MEDIA_WIRE_DONE, .status = status };
	size_t len = why != NULL ? strlen(why) : 0;

	if (len > MEDIA_WIRE_MESSAGE_MAX)
		len = MEDIA_WIRE_MESSAGE_MAX;
	w.len = len;
	write_full(out, &w, sizeof(w));
	write_full(out, why, len);
	_exit(0);
}

static _Noreturn void
failed(int out, enum media_ingest_status status)
{
	done(out, status, vips.error_buffer());
}

/* The upload, opened lazily: only its header is read here. Sequential
 * access: decoded top to bottom once, never to a temporary file. */
static VipsImage *
load(VipsSource *src, enum media_type t)
{
	VipsImage *img = NULL;
	int rc = -1;

	switch (t) {
	case MEDIA_JPEG:
		rc = vips.jpegload_source(src, &img, "access",
		    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED,
		    NULL);
		break;
	case MEDIA_PNG:
		rc = vips.pngload_source(src, &img, "access",
		    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED,
		    NULL);
		break;
	case MEDIA_WEBP:
		rc = vips.webpload_source(src, &img, "access",
		    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED,
		    NULL);
		break;
	case MEDIA_HEIC:
		rc = vips.heifload_source(src, &img, "access",
		    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED,
		    NULL);
		break;
	case MEDIA_PDF:
		break;
	}
	return rc == 0 ? img : NULL;
}

/* A copy of in that shares its pixels and carries no metadata but its
 * ICC profile: GPS position, camera serial numbers, maker notes, XMP,
 * IPTC, comments, orientation all gone. (libvips 8.14's "strip" would
 * drop the profile too, and colours with it.) NULL on failure. */
static VipsImage *
strip(VipsImage *in)
{
	VipsImage *out;
	gchar **fields;
	int i;

	if (vips.copy(in, &out, NULL) != 0)
		return NULL;
	fields = vips.image_get_fields(out);
	for (i = 0; fields[i] != NULL; i++)
		if (strcmp(fields[i], VIPS_META_ICC_NAME) != 0)
			vips.image_remove(out, fields[i]);
	vips.strfreev(fields);
	return out;
}

/* Whether img is grey (with or without alpha) and carries a profile. */
static bool
grey_with_profile(VipsImage *img)
{
	return (img->Type == VIPS_INTERPRETATION_B_W ||
	    img->Type == VIPS_INTERPRETATION_GREY16) &&
	    vips.image_get_typeof(img, VIPS_META_ICC_NAME) != 0;
}

/* img encoded as format (the original's quality when original), stripped
 * first, and sent. */
static int
send_file(int out, VipsImage *img, const char *format, bool original)
{
	struct media_wire w = { .kind = MEDIA_WIRE_FILE };
	VipsImage *clean, *rgb = NULL;
	void *buf = NULL;
	size_t len = 0;
	int rc;

	/* WebP holds RGB only: a grey image's profile would not fit the
	 * RGB pixels libwebp is given, so it is taken to sRGB through its
	 * profile first. */
	if (strcmp(format, "webp") == 0 && grey_with_profile(img)) {
		if (vips.icc_transform(img, &rgb, "srgb", "embedded", TRUE,
		    NULL) != 0)
			return -1;
		img = rgb;
	}
	clean = strip(img);
	if (rgb != NULL)
		vips.object_unref(rgb);
	if (clean == NULL)
		return -1;
	w.width = clean->Xsize;
	w.height = clean->Ysize;
	if (strcmp(format, "jpeg") == 0)
		rc = vips.jpegsave_buffer(clean, &buf, &len, "Q", original ?
		    ORIGINAL_Q : VARIANT_JPEG_Q, "interlace", !original,
		    "optimize_coding", TRUE, NULL);
	else if (strcmp(format, "png") == 0)
		rc = vips.pngsave_buffer(clean, &buf, &len, NULL);
	else
		rc = vips.webpsave_buffer(clean, &buf, &len, "Q", original ?
		    ORIGINAL_Q : VARIANT_WEBP_Q, NULL);
	vips.object_unref(clean);
	if (rc != 0)
		return -1;
	snprintf(w.format, sizeof(w.format), "%s", format);
	w.len = len;
	write_full(out, &w, sizeof(w));
	write_full(out, buf, len);
	vips.free(buf);
	return 0;
}

/* in at width, never wider; with an alpha band premultiplied while it is
 * resampled, so that transparent pixels' colour does not bleed into the
 * edges. NULL on failure. */
static VipsImage *
resize(VipsImage *in, int width)
{
	VipsImage *t[3] = { NULL, NULL, NULL }, *out = NULL;
	double scale = (double)width / in->Xsize;
	int i;

	if (!vips.image_hasalpha(in)) {
		if (vips.resize(in, &out, scale, NULL) != 0)
			return NULL;
		return out;
	}
	if (vips.premultiply(in, &t[0], NULL) != 0 ||
	    vips.resize(t[0], &t[1], scale, NULL) != 0 ||
	    vips.unpremultiply(t[1], &t[2], NULL) != 0 ||
	    vips.cast(t[2], &out, in->BandFmt, NULL) != 0)
		out = NULL;
	for (i = 0; i < 3; i++)
		if (t[i] != NULL)
			vips.object_unref(t[i]);
	return out;
}

/* The image decoded once into memory, upright and in RGB (a CMYK JPEG's
 * colours taken through its profile: web browsers and WebP want RGB). */
static VipsImage *
decode(VipsImage *img)
{
	VipsImage *mem, *t;

	if ((mem = vips.image_copy_memory(img)) == NULL)
		return NULL;
	if (vips.image_get_orientation(mem) > 1) {
		if (vips.autorot(mem, &t, NULL) != 0) {
			vips.object_unref(mem);
			return NULL;
		}
		vips.object_unref(mem);
		mem = vips.image_copy_memory(t);
		vips.object_unref(t);
		if (mem == NULL)
			return NULL;
	}
	if (mem->Type == VIPS_INTERPRETATION_CMYK) {
		if (vips.icc_transform(mem, &t, "srgb", "embedded", TRUE,
		    "input_profile", "cmyk", NULL) != 0) {
			vips.object_unref(mem);
			return NULL;
		}
		vips.object_unref(mem);
		mem = t;
	}
	return mem;
}

/* Discards libvips's and GLib's warnings (a damaged file's): the job's
 * outcome goes to the parent, which logs it. */
static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *message,
    gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

void
media_vips_job(int in, enum media_type t, int64_t max_pixels, int out)
{
	VipsSource *src;
	VipsImage *img, *up, *v;
	const char *stored, *formats[2];
	size_t i, k, nformats;
	char soname[32], why[MEDIA_WIRE_MESSAGE_MAX];
	int width;

	/* A server without libvips still serves and checks its database;
	 * only its uploads of images are refused. */
	if (vips_load(vips_load_soname(soname, sizeof(soname)), &vips, why,
	    sizeof(why)) != 0)
		done(out, MEDIA_INGEST_NO_LIBRARY, why);
	vips.log_set_default_handler(quiet, NULL);
	/* VIPS_INIT() less its ABI check, which vips_load() made. */
	if (vips.init("waypoint-media-worker") != 0)
		done(out, MEDIA_INGEST_ERROR, "libvips did not start");
	/* One thread; nothing kept between operations; only the loaders
	 * libvips deems fit for untrusted input, of which load() names
	 * one. */
	vips.concurrency_set(1);
	vips.cache_set_max(0);
	vips.block_untrusted_set(TRUE);
	if ((src = vips.source_new_from_descriptor(in)) == NULL)
		failed(out, MEDIA_INGEST_ERROR);
	if ((img = load(src, t)) == NULL)
		failed(out, MEDIA_INGEST_BROKEN);
	/* Before a single pixel is decoded: the header's claim. */
	if ((int64_t)img->Xsize * img->Ysize > max_pixels)
		done(out, MEDIA_INGEST_TOO_MANY_PIXELS, NULL);
	if ((up = decode(img)) == NULL)
		failed(out, MEDIA_INGEST_BROKEN);
	vips.object_unref(img);

	/* A HEIC photo is kept as a JPEG: what every browser shows. */
	stored = t == MEDIA_PNG ? "png" : t == MEDIA_WEBP ? "webp" : "jpeg";
	if (send_file(out, up, stored, true) != 0)
		failed(out, MEDIA_INGEST_BROKEN);
	nformats = 0;
	formats[nformats++] = "webp";
	if (strcmp(stored, "webp") != 0)
		formats[nformats++] = stored;
	for (k = 0; k < nformats; k++)
		for (i = 0; i <= WIDTH_COUNT; i++) {
			if (i < WIDTH_COUNT && variant_widths[i] < up->Xsize)
				width = variant_widths[i];
			else if (i == WIDTH_COUNT &&
			    up->Xsize < variant_widths[WIDTH_COUNT - 1])
				width = up->Xsize;
			else
				continue;
			if (width == up->Xsize) {
				vips.object_ref(up);
				v = up;
			} else if ((v = resize(up, width)) == NULL) {
				failed(out, MEDIA_INGEST_BROKEN);
			}
			if (send_file(out, v, formats[k], false) != 0)
				failed(out, MEDIA_INGEST_BROKEN);
			vips.object_unref(v);
		}
	done(out, MEDIA_INGEST_OK, NULL);
}

/* test_media_ingest.c: unit tests of src/media/ingest.c and the media
 * worker: the fixtures of tests/fixtures/media made into files, the GPS
 * photo's metadata gone from every one of them (read back by exiftool),
 * the variants' widths, and hostile files refused without leaving a file
 * or a process behind; a worker that cannot load libvips refuses images
 * (503), not documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <zlib.h>

#include "config.h"
#include "controllers/admin_media.h"
#include "lib/arena.h"
#include "media/files.h"
#include "media/ingest.h"
#include "media/vips_load.h"

#define FIXTURES	"tests/fixtures/media/"

struct fixture {
	struct config	 cfg;
	struct arena	*a;
	char		 dir[64];
	char		 media[96];
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->a = arena_new()) == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/waypoint-media.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->media, sizeof(f->media), "%s/media", f->dir);
	f->cfg.media_dir = f->media;
	f->cfg.media_max_upload_mib = 32;
	f->cfg.media_max_megapixels = 50;
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
	arena_free(f->a);
	free(f);
	/* Every worker was reaped. */
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD)
		return -1;
	return 0;
}

/* The files of the media folder (0 when it is missing). */
static int
entries(const char *dir)
{
	struct dirent *e;
	DIR *d;
	int n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static enum media_ingest_status
ingest_path(struct fixture *f, const char *path, const char *name,
    struct media_item *m, const char **what)
{
	enum media_ingest_status st;
	int fd;

	memset(m, 0, sizeof(*m));
	assert_true((fd = open(path, O_RDONLY)) != -1);
	st = media_ingest(&f->cfg, f->a, fd, name, m, what);
	close(fd);
	return st;
}

/* p[0..len] uploaded as a file of its own. */
static enum media_ingest_status
ingest_bytes(struct fixture *f, const void *p, size_t len, const char *name,
    struct media_item *m, const char **what)
{
	enum media_ingest_status st;
	int fd;

	memset(m, 0, sizeof(*m));
	assert_true((fd = open(f->dir, O_TMPFILE | O_RDWR, 0600)) != -1);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	st = media_ingest(&f->cfg, f->a, fd, name, m, what);
	close(fd);
	return st;
}

/* The whole of file path, into a heap buffer. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	struct stat sb;
	unsigned char *p;
	int fd;

	assert_true((fd = open(path, O_RDONLY)) != -1);
	assert_int_equal(fstat(fd, &sb), 0);
	assert_non_null(p = malloc((size_t)sb.st_size + 1));
	assert_int_equal(read(fd, p, (size_t)sb.st_size), sb.st_size);
	close(fd);
	*len = (size_t)sb.st_size;
	return p;
}

/* The path of media file name in f. */
static const char *
media_path(struct fixture *f, const char *name)
{
	return arena_printf(f->a, "%s/%s", f->media, name);
}

/* The original's bytes hash to its name, and m counts them. */
static void
check_original(struct fixture *f, const struct media_item *m)
{
	unsigned char digest[crypto_hash_sha256_BYTES], *p;
	char hex[65], name[MEDIA_NAME_MAX];
	size_t len;

	media_original_name(name, m->hash, m->type);
	p = slurp(media_path(f, name), &len);
	assert_int_equal(len, m->bytes);
	crypto_hash_sha256(digest, p, len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	assert_string_equal(hex, m->hash);
	free(p);
}

/* Every variant's file is there with the size m records. */
static void
check_variants(struct fixture *f, const struct media_item *m)
{
	char name[MEDIA_NAME_MAX];
	struct stat sb;
	size_t i;

	for (i = 0; i < m->nvariants; i++) {
		media_variant_name(name, m->hash, m->variants[i].width,
		    m->variants[i].format);
		assert_true(media_name_ok(name));
		assert_int_equal(stat(media_path(f, name), &sb), 0);
		assert_int_equal(sb.st_size, m->variants[i].bytes);
		assert_int_equal(sb.st_mode & 0777, 0640);
	}
}

/* m's variants are format at widths[0..n] in that order from index
 * first, with heights in the image's proportion. */
static void
check_widths(const struct media_item *m, size_t first, const char *format,
    const int *widths, size_t n)
{
	size_t i;
	long h;

	for (i = 0; i < n; i++) {
		assert_string_equal(m->variants[first + i].format, format);
		assert_int_equal(m->variants[first + i].width, widths[i]);
		h = ((long)m->height * widths[i] + m->width / 2) / m->width;
		assert_true(labs(m->variants[first + i].height - h) <= 1);
	}
}

/* exiftool's account of file path: every tag, with its group, lower
 * case, in a heap string. */
static char *
exif_dump(const char *path)
{
	char cmd[512], *out;
	size_t len = 0, got;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "exiftool -a -u -s -G1 '%s' 2>&1", path);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(out = calloc(1, 65536));
	while ((got = fread(out + len, 1, 65535 - len, p)) > 0)
		len += got;
	assert_int_equal(pclose(p), 0);
	for (got = 0; got < len; got++)
		if (out[got] >= 'A' && out[got] <= 'Z')
			out[got] = (char)(out[got] - 'A' + 'a');
	return out;
}

/* The file path carries none of the GPS photo's private metadata, keeps
 * its colour profile and has no orientation left to apply. (libvips
 * writes a fresh EXIF block of its own into a JPEG or WebP: resolution,
 * size, orientation "normal"; nothing of the upload's.) */
static void
check_private(const char *path)
{
	static const char *const gone[] = {
		"gps", "serial", "canon", "eos 5d", "rotate",
		"[xmp", "xmp-", "[iptc]", "by-line", "pecs", "migrants",
		"photographer", "border", "usercomment", "ownername",
		"field officer", "imageuniqueid", "0123456789", "lsn555",
	};
	char *dump = exif_dump(path), *o;
	size_t i;

	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		if (strstr(dump, gone[i]) != NULL)
			fail_msg("%s keeps \"%s\":\n%s", path, gone[i], dump);
	if ((o = strstr(dump, "orientation")) != NULL &&
	    strncmp(strchr(o, ':'), ": horizontal (normal)\n", 22) != 0)
		fail_msg("%s is not upright:\n%s", path, dump);
	if (strstr(dump, "artifex software a98") == NULL)
		fail_msg("%s lost its colour profile:\n%s", path, dump);
	free(dump);
}

static void
test_gps_photo_stripped(void **state)
{
	struct fixture *f = *state;
	char name[MEDIA_NAME_MAX];
	struct media_item m;
	const char *what;
	size_t i;

	/* The fixture carries all that is to go. */
	{
		char *dump = exif_dump(FIXTURES "gps.jpg");

		assert_non_null(strstr(dump, "gpslongitude"));
		assert_non_null(strstr(dump, "sn0123456789"));
		assert_non_null(strstr(dump, "[iptc]"));
		assert_non_null(strstr(dump, "[xmp-dc]"));
		assert_non_null(strstr(dump, "rotate 90 cw"));
		free(dump);
	}
	assert_int_equal(ingest_path(f, FIXTURES "gps.jpg", "DSC_0042.JPG",
	    &m, &what), MEDIA_INGEST_OK);
	assert_int_equal(m.type, MEDIA_JPEG);
	/* Turned upright: the 400 x 200 picture was taken on its side. */
	assert_int_equal(m.width, 200);
	assert_int_equal(m.height, 400);
	assert_string_equal(m.filename, "dsc-0042.jpg");
	assert_string_equal(m.title, "DSC_0042");
	check_original(f, &m);
	check_variants(f, &m);
	/* Narrower than 320: its own width only, in WebP and JPEG. */
	assert_int_equal(m.nvariants, 2);
	check_widths(&m, 0, "webp", (const int[]){ 200 }, 1);
	check_widths(&m, 1, "jpeg", (const int[]){ 200 }, 1);

	media_original_name(name, m.hash, m.type);
	check_private(media_path(f, name));
	for (i = 0; i < m.nvariants; i++) {
		media_variant_name(name, m.hash, m.variants[i].width,
		    m.variants[i].format);
		check_private(media_path(f, name));
	}
	assert_int_equal(entries(f->media), 3);
}

/* The same for a PNG: text chunks (author, comment, camera), EXIF, XMP
 * and the orientation in its EXIF. */
static void
test_gps_png_stripped(void **state)
{
	struct fixture *f = *state;
	char name[MEDIA_NAME_MAX];
	struct media_item m;
	const char *what;
	size_t i;

	{
		char *dump = exif_dump(FIXTURES "gps.png");

		assert_non_null(strstr(dump, "gpslatitude"));
		assert_non_null(strstr(dump, "field officer"));
		assert_non_null(strstr(dump, "[xmp-dc]"));
		free(dump);
	}
	assert_int_equal(ingest_path(f, FIXTURES "gps.png", "scan.png", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(m.type, MEDIA_PNG);
	assert_int_equal(m.width, 40);
	assert_int_equal(m.height, 80);
	assert_int_equal(m.nvariants, 2);
	media_original_name(name, m.hash, m.type);
	check_private(media_path(f, name));
	for (i = 0; i < m.nvariants; i++) {
		media_variant_name(name, m.hash, m.variants[i].width,
		    m.variants[i].format);
		check_private(media_path(f, name));
	}
}

/* exiftool's account of media file name (of m's hash) in f. */
static char *
media_dump(struct fixture *f, const struct media_item *m, int variant)
{
	char name[MEDIA_NAME_MAX];

	if (variant < 0)
		media_original_name(name, m->hash, m->type);
	else
		media_variant_name(name, m->hash, m->variants[variant].width,
		    m->variants[variant].format);
	return exif_dump(media_path(f, name));
}

/* Colours a browser shows right: a CMYK JPEG (no profile of its own)
 * becomes sRGB everywhere; a grey JPEG keeps its grey profile, but its
 * WebP variant, which libwebp makes RGB, gets the pixels and profile of
 * sRGB. */
static void
test_colour_profiles(void **state)
{
	struct fixture *f = *state;
	struct media_item m;
	const char *what;
	char *d;
	int i;

	assert_int_equal(ingest_path(f, FIXTURES "cmyk.jpg", "c.jpg", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(m.nvariants, 2);
	for (i = -1; i < 2; i++) {
		d = media_dump(f, &m, i);
		assert_null(strstr(d, "cmyk"));
		assert_non_null(strstr(d, "profiledescription              : "
		    "srgb"));
		free(d);
	}

	assert_int_equal(ingest_path(f, FIXTURES "grey.jpg", "g.jpg", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(m.nvariants, 2);
	assert_string_equal(m.variants[0].format, "webp");
	d = media_dump(f, &m, 0);
	assert_null(strstr(d, "gray"));
	assert_non_null(strstr(d, "colorspacedata                  : rgb"));
	free(d);
	d = media_dump(f, &m, -1);
	assert_non_null(strstr(d, "colorspacedata                  : gray"));
	assert_non_null(strstr(d, "colorcomponents                 : 1"));
	free(d);
}

static void
test_wide_jpeg_variants(void **state)
{
	static const int widths[] = { 320, 640, 1024, 1600 };
	struct fixture *f = *state;
	struct media_item m;
	const char *what;

	assert_int_equal(ingest_path(f, FIXTURES "wide.jpg", "wide.jpg", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(m.width, 2000);
	assert_int_equal(m.height, 60);
	assert_int_equal(m.nvariants, 8);
	check_widths(&m, 0, "webp", widths, 4);
	check_widths(&m, 4, "jpeg", widths, 4);
	check_original(f, &m);
	check_variants(f, &m);
	assert_int_equal(entries(f->media), 9);
}

static void
test_small_png_variants(void **state)
{
	static const int widths[] = { 320, 500 };
	struct fixture *f = *state;
	struct media_item m;
	const char *what;

	assert_int_equal(ingest_path(f, FIXTURES "small.png", "logo.png", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(m.type, MEDIA_PNG);
	assert_int_equal(m.width, 500);
	assert_int_equal(m.nvariants, 4);
	check_widths(&m, 0, "webp", widths, 2);
	check_widths(&m, 2, "png", widths, 2);
	check_original(f, &m);
	check_variants(f, &m);
}

static void
test_webp(void **state)
{
	struct fixture *f = *state;
	struct media_item m;
	const char *what;

	assert_int_equal(ingest_path(f, FIXTURES "photo.webp", "a.webp", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(m.type, MEDIA_WEBP);
	assert_int_equal(m.width, 300);
	assert_int_equal(m.height, 200);
	/* The original's format is WebP: one variant, not the same twice. */
	assert_int_equal(m.nvariants, 1);
	check_widths(&m, 0, "webp", (const int[]){ 300 }, 1);
	check_original(f, &m);
	check_variants(f, &m);
}

/* A HEIC photo is stored as a JPEG, which every browser shows. */
static void
test_heic_stored_as_jpeg(void **state)
{
	struct fixture *f = *state;
	struct media_item m;
	const char *what;

	assert_int_equal(ingest_path(f, FIXTURES "photo.heic", "IMG_1.HEIC",
	    &m, &what), MEDIA_INGEST_OK);
	assert_int_equal(m.type, MEDIA_JPEG);
	assert_string_equal(m.filename, "img-1.jpg");
	assert_int_equal(m.width, 64);
	assert_int_equal(m.height, 48);
	assert_int_equal(m.nvariants, 2);
	check_widths(&m, 0, "webp", (const int[]){ 64 }, 1);
	check_widths(&m, 1, "jpeg", (const int[]){ 64 }, 1);
	check_original(f, &m);
}

static void
test_pdf_kept_as_is(void **state)
{
	struct fixture *f = *state;
	char name[MEDIA_NAME_MAX];
	unsigned char *in, *out;
	struct media_item m;
	const char *what;
	size_t inlen, outlen;

	assert_int_equal(ingest_path(f, FIXTURES "report.pdf",
	    "C:\\Reports\\Situation Report: June 2021.PDF", &m, &what),
	    MEDIA_INGEST_OK);
	assert_int_equal(m.type, MEDIA_PDF);
	assert_int_equal(m.width, 0);
	assert_int_equal(m.height, 0);
	assert_int_equal(m.nvariants, 0);
	assert_string_equal(m.filename, "situation-report-june-2021.pdf");
	assert_string_equal(m.title, "Situation Report: June 2021");
	check_original(f, &m);
	in = slurp(FIXTURES "report.pdf", &inlen);
	media_original_name(name, m.hash, m.type);
	out = slurp(media_path(f, name), &outlen);
	assert_int_equal(inlen, outlen);
	assert_memory_equal(in, out, inlen);
	free(in);
	free(out);
	assert_int_equal(entries(f->media), 1);
}

/* The editor's title stays; names without words fall back. */
static void
test_names_and_titles(void **state)
{
	struct fixture *f = *state;
	struct media_item m;
	const char *what;
	char longname[300];

	memset(&m, 0, sizeof(m));
	m.title = "Annual report";
	{
		int fd = open(FIXTURES "report.pdf", O_RDONLY);

		assert_true(fd != -1);
		assert_int_equal(media_ingest(&f->cfg, f->a, fd, "../../x.pdf",
		    &m, &what), MEDIA_INGEST_OK);
		close(fd);
	}
	assert_string_equal(m.title, "Annual report");
	assert_string_equal(m.filename, "x.pdf");

	assert_int_equal(ingest_path(f, FIXTURES "report.pdf", "«»!.pdf", &m,
	    &what), MEDIA_INGEST_OK);
	assert_string_equal(m.filename, "document.pdf");
	assert_string_equal(m.title, "«»!");

	assert_int_equal(ingest_path(f, FIXTURES "report.pdf", NULL, &m,
	    &what), MEDIA_INGEST_OK);
	assert_string_equal(m.filename, "document.pdf");
	assert_string_equal(m.title, "document");

	memset(longname, 0, sizeof(longname));
	for (size_t i = 0; i + 6 < 250; i += 6)
		memcpy(longname + i, "words ", 6);
	assert_int_equal(ingest_path(f, FIXTURES "report.pdf", longname, &m,
	    &what), MEDIA_INGEST_OK);
	assert_true(strlen(m.filename) <= 104);
	assert_true(strncmp(m.filename, "words-words-", 12) == 0);
	assert_string_equal(m.filename + strlen(m.filename) - 10,
	    "-words.pdf");
}

/* The same upload twice: the same files, both times fine. */
static void
test_same_file_twice(void **state)
{
	struct fixture *f = *state;
	struct media_item m1, m2;
	const char *what;

	assert_int_equal(ingest_path(f, FIXTURES "wide.jpg", "a.jpg", &m1,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(ingest_path(f, FIXTURES "wide.jpg", "b.jpg", &m2,
	    &what), MEDIA_INGEST_OK);
	assert_string_equal(m1.hash, m2.hash);
	assert_int_equal(entries(f->media), 9);
	check_variants(f, &m2);
}

static void
test_remove_files(void **state)
{
	struct fixture *f = *state;
	struct media_item m;
	const char *what;

	assert_int_equal(ingest_path(f, FIXTURES "wide.jpg", "a.jpg", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(ingest_path(f, FIXTURES "small.png", "b.png", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(entries(f->media), 14);
	assert_int_equal(media_remove_files(&f->cfg, m.hash, m.type, &m), 0);
	assert_int_equal(entries(f->media), 9);
	/* Again: nothing left to remove is fine. */
	assert_int_equal(media_remove_files(&f->cfg, m.hash, m.type, &m), 0);

	assert_int_equal(ingest_path(f, FIXTURES "wide.jpg", "a.jpg", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(media_remove_files(&f->cfg, m.hash, m.type, NULL),
	    0);
	assert_int_equal(entries(f->media), 0);
	assert_int_equal(media_remove_files(&f->cfg, "../../etc/passwd",
	    MEDIA_JPEG, NULL), -1);
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A PNG chunk of type and data[0..len] at out; returns its length. */
static size_t
png_chunk(unsigned char *out, const char *type, const void *data,
    size_t len)
{
	put32(out, (uint32_t)len);
	memcpy(out + 4, type, 4);
	if (len > 0)
		memcpy(out + 8, data, len);
	put32(out + 8 + len, (uint32_t)crc32(0, out + 4, (uInt)(len + 4)));
	return 12 + len;
}

/* A decompression bomb: a header claiming 100000 x 100000 pixels (10
 * gigapixels, 30 GB decoded) in a file of some hundred bytes. */
static void
test_png_bomb_refused_before_decoding(void **state)
{
	struct fixture *f = *state;
	unsigned char png[512], ihdr[13], zero[64] = { 0 }, z[128];
	uLongf zlen = sizeof(z);
	struct media_item m;
	struct timespec t0, t1;
	const char *what;
	size_t len = 8;

	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	put32(ihdr, 100000);
	put32(ihdr + 4, 100000);
	memcpy(ihdr + 8, "\x08\x02\x00\x00\x00", 5);
	len += png_chunk(png + len, "IHDR", ihdr, sizeof(ihdr));
	assert_int_equal(compress(z, &zlen, zero, sizeof(zero)), Z_OK);
	len += png_chunk(png + len, "IDAT", z, zlen);
	len += png_chunk(png + len, "IEND", NULL, 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(ingest_bytes(f, png, len, "bomb.png", &m, &what),
	    MEDIA_INGEST_TOO_MANY_PIXELS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* The header alone was read: well under the worker's deadline. */
	assert_true(t1.tv_sec - t0.tv_sec < 10);
	assert_int_equal(entries(f->media), 0);

	/* The limit is the configured one: 0.0012 megapixels is too many
	 * when the limit is 1 million... and the GPS photo's 80000 pass. */
	f->cfg.media_max_megapixels = 1;
	assert_int_equal(ingest_path(f, FIXTURES "wide.jpg", "w.jpg", &m,
	    &what), MEDIA_INGEST_OK);
}

static void
test_truncated_jpeg_broken(void **state)
{
	struct fixture *f = *state;
	unsigned char *p;
	struct media_item m;
	const char *what;
	size_t len;

	p = slurp(FIXTURES "gps.jpg", &len);
	assert_int_equal(ingest_bytes(f, p, len * 2 / 3, "cut.jpg", &m,
	    &what), MEDIA_INGEST_BROKEN);
	assert_null(what);
	assert_int_equal(entries(f->media), 0);
	free(p);
}

/* Random bytes behind each allowed image signature. */
static void
test_random_bytes_broken(void **state)
{
	static const struct {
		const char	*head;
		size_t		 len;
	} heads[] = {
		{ "\xff\xd8\xff\xe0", 4 },
		{ "\x89PNG\r\n\x1a\n", 8 },
		{ "RIFF\x10\0\0\0WEBP", 12 },
		{ "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24 },
	};
	struct fixture *f = *state;
	unsigned char buf[4096];
	struct media_item m;
	const char *what;
	size_t i;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		randombytes_buf(buf, sizeof(buf));
		memcpy(buf, heads[i].head, heads[i].len);
		assert_int_equal(ingest_bytes(f, buf, sizeof(buf), "r", &m,
		    &what), MEDIA_INGEST_BROKEN);
	}
	assert_int_equal(entries(f->media), 0);
}

static void
test_refusals(void **state)
{
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\">"
	    "<script>alert(1)</script></svg>";
	static const char html[] = "<!DOCTYPE html><title>x</title>";
	struct fixture *f = *state;
	struct media_item m;
	const char *what;

	/* The name and type a client gives count for nothing. */
	assert_int_equal(ingest_bytes(f, svg, sizeof(svg) - 1, "photo.jpg",
	    &m, &what), MEDIA_INGEST_TYPE);
	assert_string_equal(what, "an SVG image");
	assert_int_equal(ingest_bytes(f, html, sizeof(html) - 1, "a.pdf", &m,
	    &what), MEDIA_INGEST_TYPE);
	assert_string_equal(what, "an HTML page");
	assert_int_equal(ingest_bytes(f, "", 0, "empty.jpg", &m, &what),
	    MEDIA_INGEST_EMPTY);

	/* One byte over [media] max_upload_mib (a sparse file). */
	f->cfg.media_max_upload_mib = 1;
	{
		int fd = open(f->dir, O_TMPFILE | O_RDWR, 0600);

		assert_true(fd != -1);
		assert_int_equal(write(fd, "%PDF-1.4\n", 9), 9);
		assert_int_equal(ftruncate(fd, (1 << 20) + 1), 0);
		assert_int_equal(media_ingest(&f->cfg, f->a, fd, "big.pdf", &m,
		    &what), MEDIA_INGEST_TOO_LARGE);
		close(fd);
	}
	assert_int_equal(entries(f->media), 0);
	assert_non_null(media_ingest_message(MEDIA_INGEST_TYPE));
	assert_non_null(media_ingest_message((enum media_ingest_status)99));
}

/* A worker whose libvips is not one (an empty file found first, through
 * LD_LIBRARY_PATH, under its soname): the image is refused as
 * NO_LIBRARY, 503, nothing written, no process left; a PDF is still
 * taken; and the next worker, which finds the real one, makes the
 * image. */
static void
test_library_missing(void **state)
{
	struct fixture *f = *state;
	struct media_item m;
	const char *what;
	char soname[32], *path;
	int fd;

	vips_load_soname(soname, sizeof(soname));
	path = arena_printf(f->a, "%s/%s", f->dir, soname);
	assert_true((fd = open(path, O_CREAT | O_WRONLY, 0600)) != -1);
	close(fd);
	assert_int_equal(setenv("LD_LIBRARY_PATH", f->dir, 1), 0);
	assert_int_equal(ingest_path(f, FIXTURES "gps.jpg", "gps.jpg", &m,
	    &what), MEDIA_INGEST_NO_LIBRARY);
	assert_int_equal(entries(f->media), 0);
	assert_int_equal(media_upload_status(MEDIA_INGEST_NO_LIBRARY), 503);
	assert_non_null(strstr(media_ingest_message(MEDIA_INGEST_NO_LIBRARY),
	    "libvips"));
	assert_int_equal(ingest_bytes(f, "%PDF-1.4\n%%EOF\n", 15, "a.pdf",
	    &m, &what), MEDIA_INGEST_OK);
	assert_int_equal(unsetenv("LD_LIBRARY_PATH"), 0);
	assert_int_equal(ingest_path(f, FIXTURES "gps.jpg", "gps.jpg", &m,
	    &what), MEDIA_INGEST_OK);
}

/* A media folder that cannot be made: nothing written, DISK. */
static void
test_folder_unwritable(void **state)
{
	struct fixture *f = *state;
	struct media_item m;
	const char *what;
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/file", f->dir);
	assert_true((fd = open(path, O_CREAT | O_WRONLY, 0600)) != -1);
	close(fd);
	snprintf(f->media, sizeof(f->media), "%s/file/media", f->dir);
	assert_int_equal(ingest_path(f, FIXTURES "wide.jpg", "a.jpg", &m,
	    &what), MEDIA_INGEST_DISK);
	assert_int_equal(ingest_path(f, FIXTURES "report.pdf", "a.pdf", &m,
	    &what), MEDIA_INGEST_DISK);
}

/* An ingest run in a thread of its own. */
struct background {
	struct fixture	*f;
	struct arena	*a;		/* NULL: f's */
	const char	*path;
	struct media_item m;
	enum media_ingest_status st;
};

static void *
ingest_thread(void *arg)
{
	struct background *bg = arg;
	const char *what;
	int fd = open(bg->path, O_RDONLY);

	memset(&bg->m, 0, sizeof(bg->m));
	bg->st = media_ingest(&bg->f->cfg, bg->a != NULL ? bg->a : bg->f->a,
	    fd, "big.jpg", &bg->m, &what);
	close(fd);
	return NULL;
}

/* The pid of our media worker, or 0: a child of ours whose command line
 * starts with the name worker.c gives it. */
static pid_t
find_worker(void)
{
	char path[300], buf[256];
	struct dirent *e;
	pid_t found = 0;
	long ppid;
	DIR *d;
	FILE *fp;

	assert_non_null(d = opendir("/proc"));
	while (found == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		/* pid (comm) state ppid: comm is the binary's name here. */
		if (fgets(buf, sizeof(buf), fp) != NULL &&
		    strrchr(buf, ')') != NULL &&
		    sscanf(strrchr(buf, ')') + 2, "%*c %ld", &ppid) == 1 &&
		    ppid == (long)getpid()) {
			fclose(fp);
			snprintf(path, sizeof(path), "/proc/%s/cmdline",
			    e->d_name);
			if ((fp = fopen(path, "r")) == NULL)
				continue;
			if (fgets(buf, sizeof(buf), fp) != NULL &&
			    strcmp(buf, "waypoint-media-worker") == 0)
				found = (pid_t)atol(e->d_name);
		}
		fclose(fp);
	}
	closedir(d);
	return found;
}

/* A worker that dies mid-job (killed here as the kernel kills one past
 * its memory or CPU limit): the upload fails as WORKER, every file it had
 * sent is removed, the worker is reaped (teardown), and the next upload
 * works. */
static void
test_worker_death(void **state)
{
	struct fixture *f = *state;
	struct background bg = { .f = f, .st = MEDIA_INGEST_OK };
	struct timespec pause = { 0, 1000000 };
	struct media_item m;
	const char *what;
	char cmd[512];
	pthread_t th;
	pid_t pid = 0;
	int i;

	/* Some 12 megapixels of noise: a job of a second or so. */
	bg.path = arena_printf(f->a, "%s/big.jpg", f->dir);
	snprintf(cmd, sizeof(cmd), "cd '%s' && vips gaussnoise n.v 4000 3000 "
	    "&& vips cast n.v c.v uchar && vips bandjoin 'c.v c.v c.v' "
	    "rgb.v && vips copy rgb.v big.jpg && rm n.v c.v rgb.v", f->dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(pthread_create(&th, NULL, ingest_thread, &bg), 0);
	for (i = 0; i < 20000 && pid == 0; i++) {
		pid = find_worker();
		if (pid == 0)
			nanosleep(&pause, NULL);
	}
	assert_true(pid > 0);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(bg.st, MEDIA_INGEST_WORKER);
	assert_int_equal(entries(f->media), 0);

	assert_int_equal(ingest_path(f, FIXTURES "gps.jpg", "a.jpg", &m,
	    &what), MEDIA_INGEST_OK);
	assert_int_equal(entries(f->media), 3);
}

/* More uploads at once than workers may run: each waits its turn, all
 * are made. */
static void
test_concurrent_uploads(void **state)
{
	static const char *const paths[] = {
		FIXTURES "gps.jpg", FIXTURES "wide.jpg", FIXTURES "small.png",
		FIXTURES "photo.webp", FIXTURES "report.pdf",
		FIXTURES "photo.heic",
	};
	enum { N = sizeof(paths) / sizeof(paths[0]) };
	struct fixture *f = *state;
	struct background bg[N];
	pthread_t th[N];
	size_t i;

	for (i = 0; i < N; i++) {
		bg[i] = (struct background){ .f = f, .path = paths[i] };
		assert_non_null(bg[i].a = arena_new());
		assert_int_equal(pthread_create(&th[i], NULL, ingest_thread,
		    &bg[i]), 0);
	}
	for (i = 0; i < N; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(bg[i].st, MEDIA_INGEST_OK);
		check_variants(f, &bg[i].m);
		arena_free(bg[i].a);
	}
	/* 3 + 9 + 5 + 2 + 1 + 3 files. */
	assert_int_equal(entries(f->media), 23);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gps_photo_stripped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gps_png_stripped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_colour_profiles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wide_jpeg_variants,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_png_variants,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_webp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heic_stored_as_jpeg,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_kept_as_is, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_names_and_titles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_same_file_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_remove_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_png_bomb_refused_before_decoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_jpeg_broken,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_bytes_broken,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_library_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_folder_unwritable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_worker_death, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_uploads, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

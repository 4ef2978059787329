/* test_media_sniff.c: unit tests of src/media/sniff.c (every allowed
 * type, every refused one with its name) and of src/media/files.c (the
 * media folder's names, and which names /media/ may ask for). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "media/files.h"
#include "media/sniff.h"

#define HASH	"0123456789abcdef0123456789abcdef" \
		"0123456789abcdef0123456789abcdef"

/* One row of the table: the first bytes and what they must be. */
struct sample {
	const char	*bytes;
	size_t		 len;
	int		 type;		/* enum media_type, or -1: refused */
	const char	*what;		/* when refused; NULL: nothing known */
};

#define S(s)	s, sizeof(s) - 1

static const struct sample samples[] = {
	{ S("\xff\xd8\xff\xe0\0\x10JFIF"), MEDIA_JPEG, NULL },
	{ S("\xff\xd8\xff\xe1\0\0Exif"), MEDIA_JPEG, NULL },
	{ S("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), MEDIA_PNG, NULL },
	{ S("RIFF\x24\0\0\0WEBPVP8 "), MEDIA_WEBP, NULL },
	{ S("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic"), MEDIA_HEIC, NULL },
	{ S("\0\0\0\x18" "ftypheix\0\0\0\0mif1heix"), MEDIA_HEIC, NULL },
	{ S("\0\0\0\x18" "ftypmif1\0\0\0\0mif1heic"), MEDIA_HEIC, NULL },
	{ S("\0\0\0\x14" "ftypmsf1\0\0\0\0msf1"), MEDIA_HEIC, NULL },
	/* A major brand of its own, HEIF among the compatible ones. */
	{ S("\0\0\0\x1c" "ftypMiHE\0\0\0\0MiHEmiafheic"), MEDIA_HEIC, NULL },
	{ S("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), MEDIA_PDF, NULL },

	{ S("<svg xmlns=\"http://www.w3.org/2000/svg\">"), -1,
	    "an SVG image" },
	{ S("\xef\xbb\xbf\n  <SVG>"), -1, "an SVG image" },
	{ S("<?xml version=\"1.0\"?><svg/>"), -1,
	    "an SVG image or other XML document" },
	{ S("<!DOCTYPE html><html>"), -1, "an HTML page" },
	{ S("\r\n<html><body>"), -1, "an HTML page" },
	{ S("<script>alert(1)</script>"), -1, "an HTML page" },
	{ S("<!-- x --><p>"), -1, "an HTML page" },
	{ S("#!/bin/sh\nrm -rf /\n"), -1, "a script" },
	{ S("GIF89a\x01\0\x01\0"), -1, "a GIF image" },
	{ S("GIF87a\x01\0\x01\0"), -1, "a GIF image" },
	{ S("II*\0\x08\0\0\0"), -1, "a TIFF image" },
	{ S("MM\0*\0\0\0\x08"), -1, "a TIFF image" },
	{ S("BM\x36\0\0\0"), -1, "a BMP image" },
	{ S("8BPS\0\x01"), -1, "a Photoshop document" },
	{ S("PK\3\4\x14\0\x06\0"), -1,
	    "a ZIP archive or an Office document" },
	{ S("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0"), -1, "an Office document" },
	{ S("{\\rtf1\\ansi"), -1, "an RTF document" },
	{ S("\x7f" "ELF\x02\x01\x01"), -1, "a program" },
	{ S("MZ\x90\0\x03"), -1, "a program" },
	{ S("\x1f\x8b\x08\0"), -1, "a compressed archive" },
	{ S("Rar!\x1a\x07"), -1, "a compressed archive" },
	{ S("7z\xbc\xaf\x27\x1c\0\x04"), -1, "a compressed archive" },
	{ S("%!PS-Adobe-3.0"), -1, "a PostScript document" },
	{ S("\0\0\0\x1c" "ftypavif\0\0\0\0avifmif1miaf"), -1,
	    "an AVIF image" },
	/* An AVIF whose major brand is a HEIF one, as some encoders write. */
	{ S("\0\0\0\x1c" "ftypmif1\0\0\0\0mif1avifmiaf"), -1,
	    "an AVIF image" },
	{ S("\0\0\0\x18" "ftypisom\0\0\x02\0isomiso2"), -1, "a video" },
	{ S("\0\0\0\x14" "ftypqt  \0\0\0\0qt  "), -1, "a video" },

	/* Nothing known. */
	{ S("hello, world"), -1, NULL },
	{ S(""), -1, NULL },
	{ S("\xff\xd8"), -1, NULL },		/* a JPEG cut short */
	{ S("RIFF\x24\0\0\0WAVEfmt "), -1, NULL },
	{ S("%PDF"), -1, NULL },
	{ S("\0\0\0\x18" "ftyp"), -1, NULL },	/* a box cut short */
};

static void
test_sniff_table(void **state)
{
	enum media_type t;
	const char *what;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		t = (enum media_type)-1;
		what = "unset";
		rc = media_sniff((const unsigned char *)samples[i].bytes,
		    samples[i].len, &t, &what);
		if (samples[i].type >= 0) {
			if (rc != 0 || (int)t != samples[i].type)
				fail_msg("sample %zu: type %d, rc %d", i,
				    (int)t, rc);
			assert_null(what);
			continue;
		}
		if (rc != -1)
			fail_msg("sample %zu taken as type %d", i, (int)t);
		if (samples[i].what == NULL)
			assert_null(what);
		else
			assert_string_equal(what, samples[i].what);
	}
}

/* A box size that claims more than was read is read no further. */
static void
test_sniff_bmff_bounds(void **state)
{
	unsigned char box[20];
	enum media_type t;
	const char *what;

	(void)state;
	memcpy(box, "\xff\xff\xff\xff" "ftypxxxx\0\0\0\0abcd", 20);
	assert_int_equal(media_sniff(box, sizeof(box), &t, &what), -1);
	assert_string_equal(what, "a video");
	memcpy(box + 16, "heic", 4);
	assert_int_equal(media_sniff(box, sizeof(box), &t, &what), 0);
	assert_int_equal(t, MEDIA_HEIC);
}

static void
test_types(void **state)
{
	enum media_type t;
	int i;

	(void)state;
	for (i = 0; i < MEDIA_TYPES; i++) {
		assert_int_equal(media_type_parse(media_type_name(
		    (enum media_type)i), &t), 0);
		assert_int_equal(t, i);
	}
	assert_int_equal(media_type_parse("svg", &t), -1);
	assert_int_equal(media_type_parse("", &t), -1);
	assert_string_equal(media_type_mime(MEDIA_JPEG), "image/jpeg");
	assert_string_equal(media_type_mime(MEDIA_PDF), "application/pdf");
	assert_string_equal(media_type_ext(MEDIA_JPEG), "jpg");
	assert_string_equal(media_type_ext(MEDIA_HEIC), "heic");
	assert_string_equal(media_format_ext("jpeg"), "jpg");
	assert_string_equal(media_format_ext("webp"), "webp");
	assert_string_equal(media_format_ext("png"), "png");
	assert_null(media_format_ext("pdf"));
	assert_null(media_format_ext("gif"));
	assert_null(media_format_ext(NULL));
	assert_string_equal(media_format_mime("webp"), "image/webp");
	assert_null(media_format_mime("heic"));
}

static void
test_names(void **state)
{
	char name[MEDIA_NAME_MAX];

	(void)state;
	media_original_name(name, HASH, MEDIA_JPEG);
	assert_string_equal(name, HASH ".jpg");
	assert_true(media_name_ok(name));
	media_original_name(name, HASH, MEDIA_PDF);
	assert_string_equal(name, HASH ".pdf");
	assert_true(media_name_ok(name));
	media_variant_name(name, HASH, 320, "webp");
	assert_string_equal(name, HASH "-320.webp");
	assert_true(media_name_ok(name));
	media_variant_name(name, HASH, 1600, "jpeg");
	assert_string_equal(name, HASH "-1600.jpg");
	assert_true(media_name_ok(name));
	media_variant_name(name, HASH, 64, "png");
	assert_true(media_name_ok(name));
}

static void
test_names_refused(void **state)
{
	static const char *const bad[] = {
		"", "x", HASH, HASH ".", HASH ".svg", HASH ".html",
		HASH ".jpg/", HASH ".jpg.html", HASH ".JPG",
		/* Upper case; one digit short. */
		"0123456789ABCDEF0123456789abcdef"
		"0123456789abcdef0123456789abcdef.jpg",
		"0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcde.jpg",
		HASH "0.jpg", HASH "-.jpg", HASH "-0320.jpg", HASH "-320",
		HASH "-320.pdf", HASH "-320.heic", HASH "-123456.jpg",
		HASH "--320.jpg", HASH "-32x.jpg", HASH "-320.jpg/..",
		"../" HASH ".jpg", HASH "/../x.jpg", ".tmp-0123456789abcdef",
		HASH ".jpg\n", HASH ".jpg ", HASH "-320.webp%00",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (media_name_ok(bad[i]))
			fail_msg("\"%s\" taken as a media file's name", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_table),
		cmocka_unit_test(test_sniff_bmff_bounds),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_names_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sniff.c: an upload's type from its first bytes: the five the library
 * takes, and a name for the common ones it refuses. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "media/sniff.h"
#include "view/i18n.h"

/* Whether p[0..len] starts with the n bytes of sig. */
static bool
starts(const unsigned char *p, size_t len, const char *sig, size_t n)
{
	return len >= n && memcmp(p, sig, n) == 0;
}

/* The same, ignoring ASCII case (markup). */
static bool
starts_nocase(const unsigned char *p, size_t len, const char *sig)
{
	size_t n = strlen(sig);

	return len >= n && strncasecmp((const char *)p, sig, n) == 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The brands a HEIF image (one still picture, HEVC or any codec) is
 * written with; AVIF, a HEIF of AV1 pictures, is told apart by its major
 * brand before these are looked for. */
static bool
heif_brand(const unsigned char *b)
{
	return memcmp(b, "heic", 4) == 0 || memcmp(b, "heix", 4) == 0 ||
	    memcmp(b, "mif1", 4) == 0 || memcmp(b, "msf1", 4) == 0;
}

/* Whether b is an AVIF brand. */
static bool
avif_brand(const unsigned char *b)
{
	return memcmp(b, "avif", 4) == 0 || memcmp(b, "avis", 4) == 0;
}

/* An ISO-BMFF file (HEIF, AVIF, MP4, QuickTime) from its leading ftyp
 * box: 0 for a HEIF image, else -1 with *what. AVIF is refused by any of
 * its brands, major or compatible: some encoders write the major brand
 * mif1, which a HEIF image has too. */
static int
sniff_bmff(const unsigned char *p, size_t len, const char **what)
{
	size_t size = be32(p), i;
	bool heif = heif_brand(p + 8);

	/* The compatible brands follow the minor version, up to the box's
	 * end or what was read of it. */
	if (size > len)
		size = len;
	if (avif_brand(p + 8)) {
		*what = N_("an AVIF image");
		return -1;
	}
	for (i = 16; i + 4 <= size; i += 4) {
		if (avif_brand(p + i)) {
			*what = N_("an AVIF image");
			return -1;
		}
		heif = heif || heif_brand(p + i);
	}
	if (heif)
		return 0;
	*what = N_("a video");
	return -1;
}

/* Markup a browser would run or draw (HTML, SVG, XML), after a byte
 * order mark and white space: its name, or NULL. */
static const char *
markup(const unsigned char *p, size_t len)
{
	if (starts(p, len, "\xef\xbb\xbf", 3)) {
		p += 3;
		len -= 3;
	}
	while (len > 0 && isspace(*p)) {
		p++;
		len--;
	}
	if (starts_nocase(p, len, "<svg"))
		return N_("an SVG image");
	if (starts_nocase(p, len, "<?xml"))
		return N_("an SVG image or other XML document");
	if (starts_nocase(p, len, "<!doctype html") ||
	    starts_nocase(p, len, "<html") || starts_nocase(p, len, "<head") ||
	    starts_nocase(p, len, "<body") ||
	    starts_nocase(p, len, "<script") ||
	    starts_nocase(p, len, "<!--"))
		return N_("an HTML page");
	return NULL;
}

/* Formats refused by name: signature and what to call it. */
static const struct {
	const char	*sig;
	size_t		 len;
	const char	*what;
} refused[] = {
	{ "GIF87a", 6, N_("a GIF image") },
	{ "GIF89a", 6, N_("a GIF image") },
	{ "II*\0", 4, N_("a TIFF image") },
	{ "MM\0*", 4, N_("a TIFF image") },
	{ "BM", 2, N_("a BMP image") },
	{ "8BPS", 4, N_("a Photoshop document") },
	{ "PK\3\4", 4, N_("a ZIP archive or an Office document") },
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, N_("an Office document") },
	{ "{\\rtf", 5, N_("an RTF document") },
	{ "\x7f" "ELF", 4, N_("a program") },
	{ "MZ", 2, N_("a program") },
	{ "#!", 2, N_("a script") },
	{ "\x1f\x8b", 2, N_("a compressed archive") },
	{ "Rar!", 4, N_("a compressed archive") },
	{ "7z\xbc\xaf\x27\x1c", 6, N_("a compressed archive") },
	{ "%!PS", 4, N_("a PostScript document") },
};

int
media_sniff(const unsigned char *p, size_t len, enum media_type *t,
    const char **what)
{
	size_t i;

	*what = NULL;
	if (starts(p, len, "\xff\xd8\xff", 3)) {
		*t = MEDIA_JPEG;
		return 0;
	}
	if (starts(p, len, "\x89PNG\r\n\x1a\n", 8)) {
		*t = MEDIA_PNG;
		return 0;
	}
	if (len >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0) {
		*t = MEDIA_WEBP;
		return 0;
	}
	if (starts(p, len, "%PDF-", 5)) {
		*t = MEDIA_PDF;
		return 0;
	}
	if (len >= 16 && memcmp(p + 4, "ftyp", 4) == 0) {
		if (sniff_bmff(p, len, what) == -1)
			return -1;
		*t = MEDIA_HEIC;
		return 0;
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (starts(p, len, refused[i].sig, refused[i].len)) {
			*what = refused[i].what;
			return -1;
		}
	*what = markup(p, len);
	return -1;
}

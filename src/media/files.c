/* files.c: the names of the media folder's files and of the types and
 * formats they hold. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "media/files.h"

/* Indexed by enum media_type. */
static const struct {
	const char	*name, *mime, *ext;
} types[MEDIA_TYPES] = {
	[MEDIA_JPEG] = { "jpeg", "image/jpeg", "jpg" },
	[MEDIA_PNG] = { "png", "image/png", "png" },
	[MEDIA_WEBP] = { "webp", "image/webp", "webp" },
	[MEDIA_HEIC] = { "heic", "image/heic", "heic" },
	[MEDIA_PDF] = { "pdf", "application/pdf", "pdf" },
};

/* The formats a variant is written in: 011.sql's names, as types'. */
static const enum media_type formats[] = { MEDIA_WEBP, MEDIA_JPEG, MEDIA_PNG };
#define FORMAT_COUNT	(sizeof(formats) / sizeof(formats[0]))

/* 64: a SHA-256 in hex. */
#define HASH_LEN	64

const char *
media_type_name(enum media_type t)
{
	return (unsigned)t < MEDIA_TYPES ? types[t].name : "";
}

int
media_type_parse(const char *s, enum media_type *t)
{
	int i;

	for (i = 0; i < MEDIA_TYPES; i++)
		if (strcmp(s, types[i].name) == 0) {
			*t = (enum media_type)i;
			return 0;
		}
	return -1;
}

const char *
media_type_mime(enum media_type t)
{
	return (unsigned)t < MEDIA_TYPES ? types[t].mime :
	    "application/octet-stream";
}

const char *
media_type_ext(enum media_type t)
{
	return (unsigned)t < MEDIA_TYPES ? types[t].ext : "";
}

/* The type of variant format name, or -1. */
static int
format_type(const char *format)
{
	size_t i;

	for (i = 0; format != NULL && i < FORMAT_COUNT; i++)
		if (strcmp(format, types[formats[i]].name) == 0)
			return (int)formats[i];
	return -1;
}

const char *
media_format_ext(const char *format)
{
	int t = format_type(format);

	return t == -1 ? NULL : types[t].ext;
}

const char *
media_format_mime(const char *format)
{
	int t = format_type(format);

	return t == -1 ? NULL : types[t].mime;
}

void
media_original_name(char *out, const char *hash, enum media_type t)
{
	snprintf(out, MEDIA_NAME_MAX, "%s.%s", hash, media_type_ext(t));
}

void
media_variant_name(char *out, const char *hash, int width,
    const char *format)
{
	const char *ext = media_format_ext(format);

	snprintf(out, MEDIA_NAME_MAX, "%s-%d.%s", hash, width,
	    ext != NULL ? ext : "");
}

/* Whether ext is the extension of an original (any type) or, when
 * variant, of a variant's format. */
static bool
ext_ok(const char *ext, bool variant)
{
	size_t i;

	if (variant) {
		for (i = 0; i < FORMAT_COUNT; i++)
			if (strcmp(ext, types[formats[i]].ext) == 0)
				return true;
		return false;
	}
	for (i = 0; i < MEDIA_TYPES; i++)
		if (strcmp(ext, types[i].ext) == 0)
			return true;
	return false;
}

int
media_name_ok(const char *name)
{
	const char *p = name;
	size_t i, digits = 0;
	bool variant = false;

	for (i = 0; i < HASH_LEN; i++, p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	if (*p == '-') {
		variant = true;
		/* 1 to 5 digits, no leading zero: the widths a variant has
		 * (at most 1600) with room, written as %d writes them. */
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
		if (digits == 0 || digits > 5 || p[-(long)digits] == '0')
			return 0;
	}
	if (*p != '.')
		return 0;
	return ext_ok(p + 1, variant);
}

bool
media_name_public(const char *name)
{
	const char *dot = strrchr(name, '.');

	return media_name_ok(name) && dot != NULL &&
	    strcmp(dot + 1, types[MEDIA_HEIC].ext) != 0;
}

bool
media_document_name_ok(const char *name)
{
	size_t len = strlen(name), i;

	if (len < 5 || len - 4 > MEDIA_DOC_NAME_MAX ||
	    strcmp(name + len - 4, ".pdf") != 0)
		return false;
	for (i = 0; i < len - 4; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			return false;
	return true;
}

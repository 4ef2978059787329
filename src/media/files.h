/* files.h: the media folder ([paths] media): what its files are called and
 * how one is put there so that a crash never leaves a row without its
 * file. Names come from content hashes only, never from user input. */
#ifndef WAYPOINT_MEDIA_FILES_H
#define WAYPOINT_MEDIA_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "store/media.h"

/* 64 hex digits, a dash, a width, a dot, an extension, with room. */
#define MEDIA_NAME_MAX	96

/* 011.sql's name of t ("jpeg", "png", "webp", "heic", "pdf"). */
const char	*media_type_name(enum media_type t);

/* The type named s into *t. Returns 0, or -1 when s names none. */
int		 media_type_parse(const char *s, enum media_type *t);

/* The MIME type a file of type t is served with ("image/jpeg" ...,
 * "application/pdf"). */
const char	*media_type_mime(enum media_type t);

/* The extension of type t's files ("jpg", "png", "webp", "heic", "pdf"),
 * and of a variant's format ("webp", "jpeg" -> "jpg", "png"); NULL for an
 * unknown format. */
const char	*media_type_ext(enum media_type t);
const char	*media_format_ext(const char *format);

/* The MIME type of a variant's format ("image/webp" ...), or NULL. */
const char	*media_format_mime(const char *format);

/* The stored original's file name, "<hash>.<ext>", into out
 * (MEDIA_NAME_MAX bytes). */
void		 media_original_name(char *out, const char *hash,
		    enum media_type t);

/* A variant's file name, "<hash>-<width>.<ext>", into out. */
void		 media_variant_name(char *out, const char *hash, int width,
		    const char *format);

/* Whether name is one media_original_name or media_variant_name can
 * make: what /media/<name> may ask for, checked before any file system
 * call. */
int		 media_name_ok(const char *name);

/* 100: the longest document name (without ".pdf") a browser shows
 * whole in its download, as an upload cleans it. */
#define MEDIA_DOC_NAME_MAX	100

/* Whether name is a document's download name as an upload makes it:
 * 1 to MEDIA_DOC_NAME_MAX lower-case letters, digits and hyphens, then
 * ".pdf"; what /media/<hash>/<name> takes. */
bool		 media_document_name_ok(const char *name);

/* Whether name (media_name_ok's) is a file the public may have: not a
 * HEIC file, which /media/ never serves (an upload's HEIC is stored as
 * a JPEG, its metadata removed: one in the folder came another way). A
 * PDF is, under its document's name. */
bool		 media_name_public(const char *name);

#endif

/* form.h: field tables and validators for the editors' forms. */
#ifndef WAYPOINT_FORM_H
#define WAYPOINT_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct request;

enum field_flags {
	FIELD_REQUIRED	= 1 << 0,	/* empty (after trimming) is an error */
	FIELD_MULTILINE	= 1 << 1,	/* newlines and tabs allowed; CR LF
					   and lone CR become LF */
	FIELD_BYTES	= 1 << 2,	/* max counts bytes, not characters */
	FIELD_TRIM	= 1 << 3,	/* multi-line text trimmed too */
	FIELD_SECRET	= 1 << 4,	/* kept exactly as typed (no trim),
					   never shown back */
	/*
	 * What the field holds, one of these (none: plain text). Each kind
	 * has its rule, applied before the table's validator; empty text
	 * passes all but FIELD_DATE (FIELD_REQUIRED, or a form's own rule,
	 * asks for a value). A choice among fixed values is a validator
	 * calling form_check_choice().
	 */
	FIELD_MARKDOWN	= 1 << 8,	/* lines of Markdown: multi-line */
	FIELD_DATE	= 2 << 8,	/* form_check_date */
	FIELD_TIME	= 3 << 8,	/* form_check_time */
	FIELD_URL	= 4 << 8,	/* form_check_url */
	FIELD_ID	= 5 << 8,	/* form_check_id; form_id() reads it */
	FIELD_KIND	= 15 << 8,	/* the mask of the kinds */
};

/*
 * A validator: lang is the language of the editor's messages (NULL: the
 * default), in is the field's text, already valid UTF-8 without
 * forbidden control characters, trimmed (single-line fields) and within
 * its length. Returns NULL when it is acceptable, setting *out to the
 * clean value (in itself, or a normalised copy in the arena); else a
 * message for the editor in lang (T(), or a string in the arena).
 */
typedef const char *(*field_check)(struct arena *, const char *lang,
    const char *in, const char **out);

/* One row of a form's table. flags: enum field_flags, a kind among
 * them. max: 0 for no limit. check: NULL for any text. */
struct field {
	const char	*name;
	unsigned	 flags;
	size_t		 max;
	field_check	 check;
};

/* The number of rows of a field table. */
#define FORM_FIELDS(t)	(sizeof(t) / sizeof((t)[0]))

/* What parsing made of one field. raw is exactly what was sent ("" when
 * absent); shown is raw made fit to print again (invalid UTF-8 and control
 * bytes replaced by U+FFFD); value is the clean value, NULL when error is
 * set. */
struct field_state {
	const char	*raw;
	const char	*shown;
	const char	*value;
	const char	*error;
};

struct form {
	struct arena		*arena;
	const struct field	*fields;
	size_t			 n;
	struct field_state	*state;		/* n entries */
	size_t			 nerrors;
	const char		*lang;		/* of the messages; NULL: the
						   default */
};

/* Sets f up over fields[0..n] in arena a, every field empty and not yet
 * checked, its messages in the default language (form_read takes the
 * request's). Returns 0, or -1 when out of memory. */
int		 form_init(struct form *f, struct arena *a,
		    const struct field *fields, size_t n);

/* Reads every field of the table from rq's urlencoded body and checks
 * it (form_set). A field that does not decode (an encoded NUL, a bad
 * escape) keeps a lenient decoding as its raw text and gets the message
 * "contains characters that are not allowed". */
void		 form_read(struct form *f, const struct request *rq);

/* Gives field name the text raw (NULL: absent) and checks it: UTF-8,
 * control characters, length, required, allowed characters, the kind's
 * rule, then the table's validator. bad
 * marks text that did not decode. Unknown names are ignored. The strings
 * are copied into the form's arena. */
void		 form_set(struct form *f, const char *name, const char *raw,
		    bool bad);

/* Adds message to field name (for checks that look at several fields);
 * the field's value becomes NULL. The first message of a field stays. */
void		 form_fail(struct form *f, const char *name,
		    const char *message);

/* Drops the message of field name, for a field the rest of the form
 * makes irrelevant (a URL when the item links to a page); its text stays
 * as typed and its value becomes "". */
void		 form_ignore(struct form *f, const char *name);

/* The state of field name, or NULL when the table has no such field. */
const struct field_state *form_field(const struct form *f, const char *name);

/* Shortcuts: the clean value (NULL when invalid or unknown), the text to
 * show ("" when unknown), and the message (NULL when none). */
const char	*form_value(const struct form *f, const char *name);
const char	*form_shown(const struct form *f, const char *name);
const char	*form_error(const struct form *f, const char *name);

/* The message of field name as a sentence for the editor: a message that
 * is not a sentence (form_sentence) follows label ("Label is required."),
 * a sentence stands alone. NULL when none; in the arena. */
const char	*form_message(const struct form *f, const char *name,
		    const char *label);

/* Whether msg is a whole sentence (it ends with . ? or !), not a part to
 * follow a field's label ("is required"): a test that holds in every
 * language, where the case of the first letter does not. */
bool		 form_sentence(const char *msg);

/* The value of a FIELD_ID field, or 0 when it is empty, invalid or
 * unknown. */
int64_t		 form_id(const struct form *f, const char *name);

/* True when no field has a message. */
bool		 form_ok(const struct form *f);

/* s made printable: invalid UTF-8 and control characters other than tab,
 * newline and carriage return replaced by U+FFFD. s itself when it needs
 * no change, else a copy in arena a; NULL when out of memory. */
const char	*form_printable(struct arena *a, const char *s);

/* Validators (form_check.c): the kinds' rules, and those of the content
 * forms. */

/* Empty, or an address on another site: http:// or https://, then a
 * host, and no space or control character. */
const char	*form_check_url(struct arena *, const char *lang,
		    const char *in, const char **out);

/* Empty, or a row id as lib/num.h reads it. */
const char	*form_check_id(struct arena *, const char *lang,
		    const char *in, const char **out);

/* For a form's own validators: NULL when in is empty or one of choices
 * (NULL-terminated), else a message. */
const char	*form_check_choice(const char *lang, const char *in,
		    const char *const *choices);

/* For a form's own validators: NULL when every byte of in is one of the
 * ASCII bytes of allowed, else a message naming the first that is not;
 * in the arena. */
const char	*form_check_allowed(struct arena *, const char *lang,
		    const char *in, const char *allowed);

/* YYYY-MM-DD, a real calendar day from 1900-01-01 to 9999-12-31. */
const char	*form_check_date(struct arena *, const char *lang,
		    const char *in,
		    const char **out);

/* HH:MM (00:00 to 23:59); empty becomes "00:00". */
const char	*form_check_time(struct arena *, const char *lang,
		    const char *in,
		    const char **out);

/* Empty (the caller makes one from the title) or a valid slug
 * (lib/slug.h). */
const char	*form_check_slug(struct arena *, const char *lang,
		    const char *in,
		    const char **out);

/* "draft" or "published". */
const char	*form_check_status(struct arena *, const char *lang,
		    const char *in,
		    const char **out);

/* Empty (a new item) or 1 to 18 digits, not starting with 0. */
const char	*form_check_version(struct arena *, const char *lang,
		    const char *in,
		    const char **out);

/* Empty (kept as it is, where the table allows it) or a password
 * auth_password_problem() accepts. */
const char	*form_check_password(struct arena *, const char *lang,
		    const char *in, const char **out);

/* The row of table t[0..n] named name, NULL when it has none: how
 * `waypoint import` takes its limits from the admin forms' tables. */
const struct field *form_table_row(const struct field *t, size_t n,
		    const char *name);

/* The Unix time of date (YYYY-MM-DD) and hhmm (HH:MM) read in the site's
 * time zone (the thread's, lib/zone.h's zone_used()); a time the clocks
 * read twice is its first reading. Returns 0, or -1 when they do not
 * parse, are out of range, or that time does not exist there (the hour
 * the clocks skip when they go forward). */
int		 form_local_time(const char *date, const char *hhmm,
		    time_t *t);

/* Today's date in the site's time zone (as form_local_time()'s), as
 * YYYY-MM-DD, into out (11 bytes). */
void		 form_today(time_t now, char out[11]);

#endif

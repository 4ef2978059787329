/* content_fields.h: the fields each kind of content has of its own
 * (docs/content-kinds.md): their table, their rows in the editor's form,
 * their checks, and their JSON (struct content's fields). */
#ifndef WAYPOINT_CONTENT_FIELDS_H
#define WAYPOINT_CONTENT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"
#include "store/content.h"

struct arena;

/* What a field holds, and so how the form shows and reads it. */
enum content_field_type {
	CONTENT_FIELD_TEXT,		/* one line */
	CONTENT_FIELD_MULTILINE,	/* lines of plain text */
	CONTENT_FIELD_DATE,		/* YYYY-MM-DD */
	CONTENT_FIELD_TIME,		/* HH:MM, "" when not given */
	CONTENT_FIELD_CHOICE,		/* one of choices */
	CONTENT_FIELD_MONEY,		/* typed in major units, kept in
					   minor units (content_money_parse) */
	CONTENT_FIELD_CURRENCY,		/* one of choices: an ISO 4217 code */
	CONTENT_FIELD_NAMES,		/* one name a line, kept as an array */
	CONTENT_FIELD_DOCUMENTS,	/* CONTENT_DOC_ROWS rows of title, URL
					   and language, kept as an array of
					   objects */
};

/* One field of a kind. Its form row's name is its JSON key; a documents
 * field has rows of its own instead (content_doc_field). */
struct content_field {
	struct field	 form;		/* name (the key), flags, max, check */
	enum content_field_type type;
	size_t		 max_items;	/* names, documents: how many */
	const char *const *choices;	/* choice, currency: the values,
					   NULL-terminated; "" first when it
					   may be left empty */
	const char *const *choice_labels; /* their msgids, in that order */
	const char	*label;		/* msgid */
	const char	*hint;		/* msgid */
};

/* 5: the document rows the form shows, enough for a publication's
 * language versions; the form needs no script to add one. */
#define CONTENT_DOC_ROWS	5

/* The parts of a document row, in the order of its JSON object. */
enum content_doc_part {
	CONTENT_DOC_TITLE,
	CONTENT_DOC_URL,
	CONTENT_DOC_LANG,
	CONTENT_DOC_PARTS
};

/* The JSON keys of a document's parts ("title", "url", "lang"). */
extern const char *const content_doc_keys[CONTENT_DOC_PARTS];

/* The fields of kind k, in the order docs/content-kinds.md gives them
 * (and the JSON keeps), into *n; none (NULL, 0) for news and pages.
 * Static. */
const struct content_field *content_fields(enum content_kind k, size_t *n);

/* The form's name of part of document row (0 .. CONTENT_DOC_ROWS - 1):
 * "doc1_title" ... "doc5_lang". Static. */
const char	*content_doc_field(size_t row, enum content_doc_part part);

/* The table of kind k's form: common[0..ncommon] then a row for each of
 * the kind's fields (three for each document row), in arena a, its size
 * into *n. NULL when out of memory. */
struct field	*content_fields_form(struct arena *a, enum content_kind k,
		    const struct field *common, size_t ncommon, size_t *n);

/* The checks of kind k's fields that look at more than one (an end before
 * its start, a budget without its currency, a time the clocks skip, a
 * publication without a document), as messages at their fields in f.
 * When f then has no message, *json is the fields as compact JSON, keys
 * in the table's order, in f's arena; else NULL. "{}" for a kind without
 * fields. */
void		 content_fields_check(struct form *f, enum content_kind k,
		    const char **json);

/* Fills kind k's fields of form f from their JSON (a saved item's or a
 * revision's): a budget in major units, donors one a line, documents in
 * their rows. Keys it lacks, and JSON that does not parse, leave fields
 * empty. */
void		 content_fields_fill(struct form *f, enum content_kind k,
		    const char *json);

/* 20: a minor-unit amount up to 10^15, its NUL and room to spare. */
#define CONTENT_MONEY_SIZE	20

/* An amount typed in major units (in: trimmed, not empty) as minor units
 * (decimal digits, no leading zero) into out: digits with groups of three
 * set off by commas, spaces or apostrophes ("77,000", "77 000"), then at
 * most two decimals after a point, or after a comma that one or two
 * digits end ("77000.50", "77 000,5"). Returns NULL, or the msgid of why
 * it is refused: letters, a sign, a third decimal, more than 10^15 minor
 * units. */
const char	*content_money_parse(const char *in,
		    char out[CONTENT_MONEY_SIZE]);

/* Minor units (as content_money_parse makes them) in major units as the
 * form shows them: "77000", "77000.50". In arena a; NULL when out of
 * memory. */
const char	*content_money_major(struct arena *a, const char *minor);

/* Form validators of the kinds' fields (NULL or a message in lang; see
 * form.h's field_check). */

/* Empty, or a date as form_check_date. */
const char	*content_check_date(struct arena *, const char *lang,
		    const char *in, const char **out);

/* Empty (kept empty: no time given), or a time as form_check_time. */
const char	*content_check_time(struct arena *, const char *lang,
		    const char *in, const char **out);

/* Empty, or an amount content_money_parse takes: *out is its minor
 * units. */
const char	*content_check_money(struct arena *, const char *lang,
		    const char *in, const char **out);

/* Names one a line: each 1 to 200 characters once trimmed, at most 20,
 * blank lines and repeats (ignoring case) left out; *out is them one a
 * line. */
const char	*content_check_names(struct arena *, const char *lang,
		    const char *in, const char **out);

/* Empty, or a language code (config_lang_code_ok), upper case taken as
 * lower. */
const char	*content_check_lang(struct arena *, const char *lang,
		    const char *in, const char **out);

#endif

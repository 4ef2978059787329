/* content_fields.c: the fields of projects, events and publications as
 * docs/content-kinds.md gives them: the table of each kind, their form
 * rows and checks, money typed in major units, and their JSON. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "config.h"
#include "content_fields.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "money_limit.h"
#include "view/i18n.h"

/* The limits of docs/content-kinds.md. */
#define CODE_MAX	100
#define COVERAGE_MAX	300
#define COFUNDING_MAX	1000
#define CONTACT_MAX	200
#define PLACE_MAX	200
#define DONOR_MAX	200
#define DONORS_MAX	20
#define DOC_TITLE_MAX	300
#define DOC_URL_MAX	2000
#define DOCUMENTS_MAX	20
/* 8: the longest language code config_lang_code_ok takes; the field
 * allows a little more so that a longer one gets its own message. */
#define DOC_LANG_MAX	35
/* 40: an amount up to 10^13 in major units with its separators. */
#define MONEY_MAX	40
/* 10^15 minor units: 10^13 in major units (14 digits), then two
 * decimals; a longer number is refused before it can overflow. */
#define MONEY_MAJOR_DIGITS	14

#define MSG_NOT_AMOUNT	N_("must be an amount in figures, such as 77,000 or " \
			    "77000.50")
#define MSG_GROUPS	N_("has its digits grouped wrongly: groups of " \
			    "three, such as 77,000 or 1 250 000")
#define MSG_TOO_LARGE	N_("is too large: at most 10,000,000,000,000")

static const char *const state_values[] = {
	"", "ongoing", "completed", "closed", NULL
};
static const char *const state_labels[] = {
	N_("From the dates"), N_("Ongoing"), N_("Completed"), N_("Closed")
};
static const char *const currency_values[] = {
	"", "EUR", "HUF", "USD", NULL
};
static const char *const currency_labels[] = {
	N_("No budget"), N_("EUR \xe2\x80\x93 euro"),
	N_("HUF \xe2\x80\x93 Hungarian forint"),
	N_("USD \xe2\x80\x93 US dollar")
};
static const char *const type_values[] = {
	"report", "factsheet", "situation-report", "map", NULL
};
static const char *const type_labels[] = {
	N_("Report"), N_("Factsheet"), N_("Situation report"), N_("Map")
};

static const char *
check_state(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return form_check_choice(lang, in, state_values);
}

static const char *
check_currency(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return form_check_choice(lang, in, currency_values);
}

static const char *
check_type(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return form_check_choice(lang, in, type_values);
}

#define TRIMMED		(FIELD_MULTILINE | FIELD_TRIM)

static const struct content_field project_fields[] = {
	{ { "code", 0, CODE_MAX, NULL }, CONTENT_FIELD_TEXT, 0, NULL, NULL,
	    N_("Project code"),
	    N_("Such as HU-2022-01; at most 100 characters.") },
	{ { "coverage", 0, COVERAGE_MAX, NULL }, CONTENT_FIELD_TEXT, 0, NULL,
	    NULL, N_("Geographical coverage"),
	    N_("Where the project works, such as Hungary; at most 300 "
	    "characters.") },
	{ { "start_date", FIELD_REQUIRED | FIELD_DATE, 0, NULL },
	    CONTENT_FIELD_DATE, 0, NULL, NULL, N_("Start date"),
	    N_("Required; the day the project starts.") },
	{ { "end_date", 0, 0, content_check_date }, CONTENT_FIELD_DATE, 0,
	    NULL, NULL, N_("End date"),
	    N_("Not before the start; leave it empty while the end is "
	    "open.") },
	{ { "state", 0, 0, check_state }, CONTENT_FIELD_CHOICE, 0,
	    state_values, state_labels, N_("Project status"),
	    N_("From the dates: ongoing until the end date has passed, then "
	    "completed. Choose one only to set it by hand.") },
	{ { "budget", 0, MONEY_MAX, content_check_money },
	    CONTENT_FIELD_MONEY, 0, NULL, NULL, N_("Budget"),
	    N_("The amount in the currency below, in figures: 77,000 or "
	    "77 000, and at most two decimals after a point (77000.50). "
	    "Leave it empty when there is none.") },
	{ { "currency", 0, 0, check_currency }, CONTENT_FIELD_CURRENCY, 0,
	    currency_values, currency_labels, N_("Currency"),
	    N_("Required with a budget, and only with one.") },
	{ { "donors", TRIMMED, 0, content_check_names }, CONTENT_FIELD_NAMES,
	    DONORS_MAX, NULL, NULL, N_("Donors"),
	    N_("One a line, at most 20, each at most 200 characters. Write "
	    "a donor named before as the list below has it.") },
	{ { "cofunding", TRIMMED, COFUNDING_MAX, NULL },
	    CONTENT_FIELD_MULTILINE, 0, NULL, NULL, N_("Co-funding notice"),
	    N_("Such as the European Union's; at most 1,000 characters.") },
	{ { "contact", 0, CONTACT_MAX, NULL }, CONTENT_FIELD_TEXT, 0, NULL,
	    NULL, N_("Contact person"), N_("At most 200 characters.") },
};

static const struct content_field event_fields[] = {
	{ { "start_date", FIELD_REQUIRED | FIELD_DATE, 0, NULL },
	    CONTENT_FIELD_DATE, 0, NULL, NULL, N_("Start date"),
	    N_("Required; the day the event starts, in the site's time "
	    "zone.") },
	{ { "start_time", 0, 0, content_check_time }, CONTENT_FIELD_TIME, 0,
	    NULL, NULL, N_("Start time"),
	    N_("HH:MM, 24-hour clock; leave it empty for an event that lasts "
	    "the whole day.") },
	{ { "end_date", 0, 0, content_check_date }, CONTENT_FIELD_DATE, 0,
	    NULL, NULL, N_("End date"),
	    N_("Not before the start; leave it empty when it ends on the day "
	    "it starts.") },
	{ { "end_time", 0, 0, content_check_time }, CONTENT_FIELD_TIME, 0,
	    NULL, NULL, N_("End time"),
	    N_("HH:MM; leave it empty when no end time is given.") },
	{ { "place", 0, PLACE_MAX, NULL }, CONTENT_FIELD_TEXT, 0, NULL, NULL,
	    N_("Place"), N_("Such as Záhony; at most 200 characters.") },
};

static const struct content_field publication_fields[] = {
	{ { "type", FIELD_REQUIRED, 0, check_type }, CONTENT_FIELD_CHOICE, 0,
	    type_values, type_labels, N_("Type"), N_("Required.") },
	{ { "documents", 0, 0, NULL }, CONTENT_FIELD_DOCUMENTS, DOCUMENTS_MAX,
	    NULL, NULL, N_("Documents"),
	    N_("At least one: its title (at most 300 characters), its "
	    "address (https://…) and the code of its language (en, hu, "
	    "uk). Rows left empty are ignored.") },
};

const char *const content_doc_keys[CONTENT_DOC_PARTS] = {
	"title", "url", "lang"
};

/* The form names of the document rows, row by row. */
static const char *const doc_names[CONTENT_DOC_ROWS][CONTENT_DOC_PARTS] = {
	{ "doc1_title", "doc1_url", "doc1_lang" },
	{ "doc2_title", "doc2_url", "doc2_lang" },
	{ "doc3_title", "doc3_url", "doc3_lang" },
	{ "doc4_title", "doc4_url", "doc4_lang" },
	{ "doc5_title", "doc5_url", "doc5_lang" },
};

static const struct field doc_rows[CONTENT_DOC_PARTS] = {
	{ NULL, 0, DOC_TITLE_MAX, NULL },
	{ NULL, FIELD_URL, DOC_URL_MAX, NULL },
	{ NULL, 0, DOC_LANG_MAX, content_check_lang },
};

const struct content_field *
content_fields(enum content_kind k, size_t *n)
{
	switch (k) {
	case CONTENT_PROJECT:
		*n = FORM_FIELDS(project_fields);
		return project_fields;
	case CONTENT_EVENT:
		*n = FORM_FIELDS(event_fields);
		return event_fields;
	case CONTENT_PUBLICATION:
		*n = FORM_FIELDS(publication_fields);
		return publication_fields;
	case CONTENT_NEWS:
	case CONTENT_PAGE:
		break;
	}
	*n = 0;
	return NULL;
}

const char *
content_doc_field(size_t row, enum content_doc_part part)
{
	return doc_names[row][part];
}

struct field *
content_fields_form(struct arena *a, enum content_kind k,
    const struct field *common, size_t ncommon, size_t *n)
{
	const struct content_field *cf;
	struct field *rows;
	size_t ncf, i, r, p, max;

	cf = content_fields(k, &ncf);
	max = ncommon + ncf + CONTENT_DOC_ROWS * CONTENT_DOC_PARTS;
	if ((rows = arena_alloc(a, sizeof(*rows) * max)) == NULL)
		return NULL;
	if (ncommon > 0)
		memcpy(rows, common, sizeof(*rows) * ncommon);
	*n = ncommon;
	for (i = 0; i < ncf; i++) {
		if (cf[i].type != CONTENT_FIELD_DOCUMENTS) {
			rows[(*n)++] = cf[i].form;
			continue;
		}
		for (r = 0; r < CONTENT_DOC_ROWS; r++)
			for (p = 0; p < CONTENT_DOC_PARTS; p++) {
				rows[*n] = doc_rows[p];
				rows[(*n)++].name = doc_names[r][p];
			}
	}
	return rows;
}

const char *
content_check_date(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	*out = in;
	return *in == '\0' ? NULL : form_check_date(a, lang, in, out);
}

const char *
content_check_time(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	*out = in;
	return *in == '\0' ? NULL : form_check_time(a, lang, in, out);
}

const char *
content_check_lang(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	char *low;
	size_t i;

	*out = in;
	if (*in == '\0')
		return NULL;
	if ((low = arena_strdup(a, in)) == NULL)
		return T(lang, "could not be read (out of memory)");
	for (i = 0; low[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	if (!config_lang_code_ok(low, i))
		return T(lang, "must be a language code, such as en, hu or "
		    "pt-br");
	*out = low;
	return NULL;
}

/* The separators of groups of three digits: a comma, an apostrophe, a
 * space, a no-break space (U+00A0), a thin space (U+2009) and a narrow
 * no-break space (U+202F), as spreadsheets and word processors paste
 * them. Returns the separator's length at s, or 0. */
static size_t
group_separator(const char *s)
{
	if (*s == ',' || *s == '\'' || *s == ' ')
		return 1;
	if (strncmp(s, "\xc2\xa0", 2) == 0)
		return 2;
	if (strncmp(s, "\xe2\x80\x89", 3) == 0 ||
	    strncmp(s, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/* The decimal mark of in: its point, or its last comma when one or two
 * digits end the text after it; NULL when it has none. Sets *bad when it
 * has more than one point. */
static const char *
decimal_mark(const char *in, bool *bad)
{
	const char *point = strchr(in, '.'), *comma = strrchr(in, ',');
	size_t after;

	*bad = point != NULL && strchr(point + 1, '.') != NULL;
	if (point != NULL)
		return point;
	if (comma == NULL)
		return NULL;
	after = strspn(comma + 1, "0123456789");
	return after >= 1 && after <= 2 && comma[1 + after] == '\0' ?
	    comma : NULL;
}

const char *
content_money_parse(const char *in, char out[CONTENT_MONEY_SIZE])
{
	const char *mark, *p, *end;
	char digits[MONEY_MAJOR_DIGITS + 1];
	size_t nd = 0, group = 0, sep, ndec = 0;
	bool grouped = false, bad, any = false;
	unsigned long long v = 0;
	int cents = 0;

	out[0] = '\0';
	if (*in == '-' || strncmp(in, "\xe2\x88\x92", 3) == 0)
		return N_("may not be negative");
	mark = decimal_mark(in, &bad);
	if (bad)
		return N_("may have one decimal point only");
	end = mark != NULL ? mark : in + strlen(in);
	for (p = in; p < end; ) {
		if (*p >= '0' && *p <= '9') {
			any = true;
			group++;
			/* Leading zeros count for nothing. */
			if (nd > 0 || *p != '0') {
				if (nd == MONEY_MAJOR_DIGITS)
					return MSG_TOO_LARGE;
				digits[nd++] = *p;
			}
			p++;
			continue;
		}
		if ((sep = group_separator(p)) == 0)
			return MSG_NOT_AMOUNT;
		/* 1 to 3 digits before the first separator, then groups of
		 * exactly three. */
		if (group == 0 || group > 3 || (grouped && group != 3))
			return MSG_GROUPS;
		grouped = true;
		group = 0;
		p += sep;
	}
	if (grouped && group != 3)
		return MSG_GROUPS;
	if (mark != NULL) {
		for (p = mark + 1; *p != '\0'; p++, ndec++) {
			if (*p < '0' || *p > '9')
				return MSG_NOT_AMOUNT;
			if (ndec >= 2)
				return N_("may have at most two decimals");
			cents = cents * 10 + (*p - '0');
			any = true;
		}
		if (ndec == 1)
			cents *= 10;
	}
	if (!any)
		return MSG_NOT_AMOUNT;
	for (p = digits; p < digits + nd; p++)
		v = v * 10 + (unsigned long long)(*p - '0');
	v = v * 100 + (unsigned long long)cents;
	if (v > MONEY_MINOR_MAX)
		return MSG_TOO_LARGE;
	snprintf(out, CONTENT_MONEY_SIZE, "%llu", v);
	return NULL;
}

const char *
content_money_major(struct arena *a, const char *minor)
{
	size_t len = strlen(minor);
	const char *cents;

	if (len <= 2)
		return len == 0 ? "" : arena_printf(a, "0.%s%s", len == 1 ?
		    "0" : "", minor);
	cents = minor + len - 2;
	if (strcmp(cents, "00") == 0)
		return arena_strndup(a, minor, len - 2);
	return arena_printf(a, "%.*s.%s", (int)(len - 2), minor, cents);
}

const char *
content_check_money(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	char minor[CONTENT_MONEY_SIZE];
	const char *why;

	*out = in;
	if (*in == '\0')
		return NULL;
	if ((why = content_money_parse(in, minor)) != NULL)
		return T(lang, why);
	if ((*out = arena_strdup(a, minor)) == NULL)
		return T(lang, "could not be read (out of memory)");
	return NULL;
}

const char *
content_check_names(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	const char *line = in, *nl, *kept[DONORS_MAX];
	size_t n = 0, len, chars, lineno = 0, i, total = 0;
	char *o;

	*out = in;
	for (; *line != '\0'; line = *nl != '\0' ? nl + 1 : nl) {
		nl = line + strcspn(line, "\n");
		lineno++;
		len = (size_t)(nl - line);
		line = utf8_trim(line, &len);
		if (len == 0)
			continue;
		if ((chars = utf8_chars(line, len)) > DONOR_MAX)
			return arena_printf(a, T(lang, "has a name of %zu "
			    "characters on line %zu: at most %d"), chars,
			    lineno, DONOR_MAX);
		for (i = 0; i < n; i++)
			if (strlen(kept[i]) == len &&
			    strncasecmp(kept[i], line, len) == 0)
				break;
		if (i < n)
			continue;
		if (n == DONORS_MAX)
			return arena_printf(a, T(lang, "may hold at most %d "
			    "names"), DONORS_MAX);
		if ((kept[n] = arena_strndup(a, line, len)) == NULL)
			return T(lang, "could not be read (out of memory)");
		total += len + 1;
		n++;
	}
	if ((o = arena_alloc(a, total + 1)) == NULL)
		return T(lang, "could not be read (out of memory)");
	*out = o;
	for (i = 0; i < n; i++)
		o = stpcpy(stpcpy(o, kept[i]), i + 1 < n ? "\n" : "");
	*o = '\0';
	return NULL;
}

/* The value of field name in f, "" when it has none. */
static const char *
value_of(const struct form *f, const char *name)
{
	const char *v = form_value(f, name);

	return v != NULL ? v : "";
}

/* The local time of date and hhmm; hhmm "" is the day's start. A time
 * the clocks skip fails f's field named field (both given, both valid).
 * Returns 0, or -1 when it does not exist. */
static int
local_time(struct form *f, const char *field, const char *date,
    const char *hhmm, time_t *t)
{
	if (form_local_time(date, *hhmm != '\0' ? hhmm : "00:00", t) == 0)
		return 0;
	form_fail(f, field, T(f->lang, "does not exist in the site's time "
	    "zone on that day: the clocks go forward then"));
	return -1;
}

/* A project: its end not before its start; a budget and its currency
 * together. */
static void
check_project(struct form *f)
{
	const char *start = form_value(f, "start_date");
	const char *end = form_value(f, "end_date");
	const char *budget = form_value(f, "budget");
	const char *currency = form_value(f, "currency");

	if (start != NULL && end != NULL && *end != '\0' &&
	    strcmp(end, start) < 0)
		form_fail(f, "end_date", T(f->lang, "is before the start "
		    "date"));
	if (budget == NULL || currency == NULL)
		return;
	if (*budget != '\0' && *currency == '\0')
		form_fail(f, "currency", T(f->lang, "is required with a "
		    "budget"));
	else if (*budget == '\0' && *currency != '\0')
		form_fail(f, "budget", T(f->lang, "is required with a "
		    "currency; choose \u201cNo budget\u201d if there is "
		    "none"));
}

/* An event: times that exist in the site's time zone, an end not before
 * its start (an end time alone ends on the day it starts), and no end
 * time without a start time: a whole-day event has none to end. */
static void
check_event(struct form *f)
{
	const char *sd = form_value(f, "start_date");
	const char *st = form_value(f, "start_time");
	const char *ed = form_value(f, "end_date");
	const char *et = form_value(f, "end_time");
	time_t from, to;

	if (sd == NULL || st == NULL || ed == NULL || et == NULL)
		return;
	if (local_time(f, *st != '\0' ? "start_time" : "start_date", sd, st,
	    &from) == -1)
		return;
	if (*ed == '\0' && *et == '\0')
		return;
	if (*et != '\0' && *st == '\0') {
		form_fail(f, "end_time", T(f->lang, "needs a start time"));
		return;
	}
	if (local_time(f, *et != '\0' ? "end_time" : "end_date",
	    *ed != '\0' ? ed : sd, et, &to) == -1)
		return;
	if (*ed != '\0' && strcmp(ed, sd) < 0)
		form_fail(f, "end_date", T(f->lang, "is before the start "
		    "date"));
	else if (*et != '\0' && *st != '\0' && to < from)
		form_fail(f, "end_time", T(f->lang, "is before the start"));
}

/* A publication: each row given whole or not at all, and one at least. */
static void
check_documents(struct form *f)
{
	const char *v[CONTENT_DOC_PARTS];
	size_t r, p, given, rows = 0;
	bool broken = false;

	for (r = 0; r < CONTENT_DOC_ROWS; r++) {
		given = 0;
		for (p = 0; p < CONTENT_DOC_PARTS; p++) {
			v[p] = form_value(f, doc_names[r][p]);
			if (v[p] == NULL)
				broken = true;
			else if (*v[p] != '\0')
				given++;
		}
		if (given == 0)
			continue;
		rows++;
		for (p = 0; p < CONTENT_DOC_PARTS; p++)
			if (v[p] != NULL && *v[p] == '\0')
				form_fail(f, doc_names[r][p], T(f->lang,
				    "is required for each document"));
	}
	if (rows == 0 && !broken)
		form_fail(f, doc_names[0][CONTENT_DOC_TITLE], T(f->lang,
		    "A publication needs at least one document."));
}

/* The JSON value of field cf from f's clean values. */
static json_t *
field_json(const struct form *f, const struct content_field *cf)
{
	const char *v, *nl;
	json_t *list, *o;
	size_t r, p;

	if (cf->type == CONTENT_FIELD_NAMES) {
		list = json_array();
		for (v = value_of(f, cf->form.name); list != NULL && *v != '\0';
		    v = *nl != '\0' ? nl + 1 : nl) {
			nl = v + strcspn(v, "\n");
			json_array_append_new(list, json_stringn(v,
			    (size_t)(nl - v)));
		}
		return list;
	}
	if (cf->type != CONTENT_FIELD_DOCUMENTS)
		return json_string(value_of(f, cf->form.name));
	list = json_array();
	for (r = 0; list != NULL && r < CONTENT_DOC_ROWS; r++) {
		if (*value_of(f, doc_names[r][CONTENT_DOC_URL]) == '\0')
			continue;
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			break;
		for (p = 0; p < CONTENT_DOC_PARTS; p++)
			json_object_set_new(o, content_doc_keys[p],
			    json_string(value_of(f, doc_names[r][p])));
	}
	return list;
}

void
content_fields_check(struct form *f, enum content_kind k, const char **json)
{
	const struct content_field *cf;
	size_t n, i;
	json_t *o;
	char *text;

	*json = NULL;
	cf = content_fields(k, &n);
	if (k == CONTENT_PROJECT)
		check_project(f);
	else if (k == CONTENT_EVENT)
		check_event(f);
	else if (k == CONTENT_PUBLICATION)
		check_documents(f);
	if (!form_ok(f))
		return;
	if ((o = json_object()) == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		if (json_object_set_new(o, cf[i].form.name,
		    field_json(f, &cf[i])) == -1)
			goto fail;
	if ((text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		goto fail;
	*json = arena_strdup(f->arena, text);
	free(text);
	json_decref(o);
	if (*json == NULL)
		form_fail(f, n > 0 ? cf[0].form.name : "title",
		    T(f->lang, "could not be read (out of memory)"));
	return;
fail:
	json_decref(o);
	form_fail(f, n > 0 ? cf[0].form.name : "title", T(f->lang,
	    "could not be read (out of memory)"));
}

/* A string member of o, "" when it is not one. */
static const char *
member(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* The names of array list, one a line, in arena a. */
static const char *
names_text(struct arena *a, const json_t *list)
{
	size_t i, total = 1;
	char *out, *o;

	for (i = 0; i < json_array_size(list); i++)
		total += json_string_length(json_array_get(list, i)) + 1;
	if ((out = o = arena_alloc(a, total)) == NULL)
		return "";
	*o = '\0';
	for (i = 0; i < json_array_size(list); i++) {
		if (!json_is_string(json_array_get(list, i)))
			continue;
		if (o != out)
			*o++ = '\n';
		o = stpcpy(o, json_string_value(json_array_get(list, i)));
	}
	return out;
}

void
content_fields_fill(struct form *f, enum content_kind k, const char *json)
{
	const struct content_field *cf;
	const json_t *v, *doc;
	json_t *o;
	size_t n, i, r, p;

	cf = content_fields(k, &n);
	if (n == 0 || json == NULL || (o = json_loads(json, 0, NULL)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		v = json_object_get(o, cf[i].form.name);
		switch (cf[i].type) {
		case CONTENT_FIELD_NAMES:
			form_set(f, cf[i].form.name, names_text(f->arena, v),
			    false);
			break;
		case CONTENT_FIELD_DOCUMENTS:
			for (r = 0; r < CONTENT_DOC_ROWS; r++) {
				doc = json_array_get(v, r);
				for (p = 0; p < CONTENT_DOC_PARTS; p++)
					form_set(f, doc_names[r][p],
					    member(doc, content_doc_keys[p]),
					    false);
			}
			break;
		case CONTENT_FIELD_MONEY:
			form_set(f, cf[i].form.name, content_money_major(
			    f->arena, member(o, cf[i].form.name)), false);
			break;
		default:
			form_set(f, cf[i].form.name, member(o,
			    cf[i].form.name), false);
		}
	}
	json_decref(o);
}

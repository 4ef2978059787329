/* form.c: parsing editors' forms against their field tables (kinds,
 * lengths, allowed characters); the validators are in form_check.c. */
#include <stdint.h>
#include <string.h>

#include "form.h"
#include "lib/arena.h"
#include "lib/num.h"
#include "lib/swar.h"
#include "lib/utf8.h"
#include "request.h"
#include "view/i18n.h"

#define MSG_NOT_ALLOWED	N_("contains characters that are not allowed")

/* U+FFFD, put where a byte could not be kept. */
static const char replacement[] = "\xef\xbf\xbd";

/* Whether cp may be printed back: not a control character other than
 * tab, newline and carriage return. */
static bool
printable_cp(uint32_t cp)
{
	return !utf8_is_control(cp) || cp == '\t' || cp == '\n' || cp == '\r';
}

/* Whether the eight bytes at p are ASCII with no control character:
 * most of a field's text, passed over eight at a time by the scans below
 * (a code point at a time, form_set was 8% of an import's writer). */
static bool
plain8(const char *p)
{
	uint64_t w = swar_load(p);

	return !swar_has_high(w) && !swar_has_control(w);
}

/* Whether s[0..len] needs no change to be printed. */
static bool
printable(const char *p, size_t len)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		if (len - i >= 8 && plain8(p + i)) {
			i += 8;
			continue;
		}
		k = utf8_next(p + i, len - i, &cp);
		if (k == 0 || !printable_cp(cp))
			return false;
		i += k;
	}
	return true;
}

const char *
form_printable(struct arena *a, const char *s)
{
	const char *p = s;
	size_t len = strlen(s), i = 0, k;
	char *out, *o;
	uint32_t cp;

	if (printable(p, len))
		return s;
	/* Each byte becomes at most three. */
	if (len > (SIZE_MAX - 1) / 3 || (out = arena_alloc(a, len * 3 + 1)) ==
	    NULL)
		return NULL;
	for (o = out; i < len; i += k) {
		k = utf8_next(p + i, len - i, &cp);
		if (k == 0 || !printable_cp(cp)) {
			memcpy(o, replacement, 3);
			o += 3;
			if (k == 0)
				k = 1;
			continue;
		}
		memcpy(o, p + i, k);
		o += k;
	}
	*o = '\0';
	return out;
}

int
form_init(struct form *f, struct arena *a, const struct field *fields,
    size_t n)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->arena = a;
	f->fields = fields;
	f->n = n;
	if ((f->state = arena_alloc(a, sizeof(*f->state) * (n + 1))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		f->state[i].raw = "";
		f->state[i].shown = "";
		f->state[i].value = "";
	}
	return 0;
}

static int
field_index(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Decodes s[0..len] as a urlencoded value without failing: an encoded NUL
 * becomes U+FFFD and a bad escape stays as it was, so that what the editor
 * typed can be shown back. In the arena. */
static char *
lenient_decode(struct arena *a, const char *s, size_t len)
{
	char *out, *o;
	size_t i;
	int hi, lo;

	if (len > (SIZE_MAX - 1) / 3 || (out = arena_alloc(a, len * 3 + 1)) ==
	    NULL)
		return NULL;
	for (o = out, i = 0; i < len; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < len &&
		    (hi = url_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = url_hexval((unsigned char)s[i + 2])) >= 0) {
			if ((hi | lo) == 0) {
				memcpy(o, replacement, 3);
				o += 3;
			} else
				*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* The first value of name in the urlencoded body, decoded leniently; ""
 * when it cannot be found. Field names are plain ASCII, so the key is
 * compared as sent. */
static const char *
lenient_field(const struct request *rq, const char *name)
{
	const char *p, *end, *eq, *v;
	size_t nlen = strlen(name);

	for (p = rq->body; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, "&");
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL || (size_t)(eq - p) != nlen ||
		    memcmp(p, name, nlen) != 0)
			continue;
		v = lenient_decode(rq->arena, eq + 1, (size_t)(end - eq - 1));
		return v != NULL ? v : "";
	}
	return "";
}

void
form_read(struct form *f, const struct request *rq)
{
	const char *v;
	size_t i;
	bool bad;

	f->lang = rq->lang;
	for (i = 0; i < f->n; i++) {
		v = request_form(rq, f->fields[i].name, &bad);
		if (bad)
			v = lenient_field(rq, f->fields[i].name);
		form_set(f, f->fields[i].name, v, bad);
	}
}

void
form_fail(struct form *f, const char *name, const char *message)
{
	int i = field_index(f, name);

	if (i < 0 || f->state[i].error != NULL)
		return;
	f->state[i].error = message;
	f->state[i].value = NULL;
	f->nerrors++;
}

/* The text of a multi-line field with CR LF and lone CR made LF. */
static char *
newlines(struct arena *a, const char *s)
{
	char *out, *o;

	if ((out = arena_strdup(a, s)) == NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		if (*s == '\r') {
			*o++ = '\n';
			if (s[1] == '\n')
				s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* s without white space at either end (lib/utf8.h), in the arena. */
static char *
trim(struct arena *a, const char *s)
{
	size_t len = strlen(s);

	s = utf8_trim(s, &len);
	return arena_strndup(a, s, len);
}

/* Whether s holds a control character the field does not allow. */
static bool
has_forbidden(const char *s, size_t len, bool multiline)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		if (len - i >= 8 && plain8(s + i)) {
			i += 8;
			continue;
		}
		k = utf8_next(s + i, len - i, &cp);
		if (k == 0)
			return true;
		if (utf8_is_control(cp) && !(multiline && (cp == '\t' ||
		    cp == '\n' || cp == '\r')))
			return true;
		i += k;
	}
	return false;
}

/* The rule of fd's kind over in: NULL when it passes (*out set), else the
 * message. */
static const char *
kind_check(struct arena *a, const char *lang, const struct field *fd,
    const char *in, const char **out)
{
	*out = in;
	switch (fd->flags & FIELD_KIND) {
	case FIELD_DATE:
		return form_check_date(a, lang, in, out);
	case FIELD_TIME:
		return form_check_time(a, lang, in, out);
	case FIELD_URL:
		return form_check_url(a, lang, in, out);
	case FIELD_ID:
		return form_check_id(a, lang, in, out);
	default:
		return NULL;
	}
}

/* The text as it will be kept: a multi-line field's line breaks made LF
 * (and trimmed with FIELD_TRIM), a single-line field trimmed, a secret
 * as typed. In the arena; NULL when out of memory. */
static const char *
kept_text(struct arena *a, const struct field *fd, const char *raw,
    bool multiline)
{
	const char *in;

	if (fd->flags & FIELD_SECRET)
		return raw;
	if (!multiline)
		return trim(a, raw);
	in = newlines(a, raw);
	return in != NULL && (fd->flags & FIELD_TRIM) ? trim(a, in) : in;
}

void
form_set(struct form *f, const char *name, const char *raw, bool bad)
{
	const struct field *fd;
	struct field_state *st;
	const char *in, *out = NULL, *msg;
	size_t len, chars;
	bool multiline;
	int i;

	if ((i = field_index(f, name)) < 0)
		return;
	fd = &f->fields[i];
	st = &f->state[i];
	multiline = (fd->flags & FIELD_MULTILINE) ||
	    (fd->flags & FIELD_KIND) == FIELD_MARKDOWN;
	if (st->error != NULL)
		f->nerrors--;
	st->error = NULL;
	st->raw = arena_strdup(f->arena, raw != NULL ? raw : "");
	st->shown = fd->flags & FIELD_SECRET ? "" : st->raw != NULL ?
	    form_printable(f->arena, st->raw) : NULL;
	if (st->raw == NULL || st->shown == NULL) {
		st->raw = st->shown = "";
		form_fail(f, name, T(f->lang, "could not be read (out of "
		    "memory)"));
		return;
	}
	len = strlen(st->raw);
	if (bad) {
		form_fail(f, name, T(f->lang, MSG_NOT_ALLOWED));
		return;
	}
	if (!utf8_valid(st->raw, len)) {
		form_fail(f, name, T(f->lang, "is not valid UTF-8 text"));
		return;
	}
	if (has_forbidden(st->raw, len, multiline)) {
		form_fail(f, name, T(f->lang, MSG_NOT_ALLOWED));
		return;
	}
	/* Lengths count the text as it will be kept: a browser sends each
	 * line break of a textarea as CR LF but counts it as one. */
	if ((in = kept_text(f->arena, fd, st->raw, multiline)) == NULL) {
		form_fail(f, name, T(f->lang, "could not be read (out of "
		    "memory)"));
		return;
	}
	len = strlen(in);
	chars = fd->flags & FIELD_BYTES ? len : utf8_chars(in, len);
	if (fd->max > 0 && chars > fd->max) {
		form_fail(f, name, arena_printf(f->arena,
		    fd->flags & FIELD_BYTES ? T(f->lang, "is too long: at "
		    "most %zu bytes, and this has %zu") : T(f->lang, "is too "
		    "long: at most %zu characters, and this has %zu"),
		    fd->max, chars));
		return;
	}
	chars = len;
	utf8_trim(in, &chars);
	if ((fd->flags & FIELD_REQUIRED) && chars == 0) {
		form_fail(f, name, T(f->lang, "is required"));
		return;
	}
	if ((msg = kind_check(f->arena, f->lang, fd, in, &out)) != NULL ||
	    (fd->check != NULL && (msg = fd->check(f->arena, f->lang, out,
	    &out)) != NULL)) {
		form_fail(f, name, msg);
		return;
	}
	st->value = out;
}

void
form_ignore(struct form *f, const char *name)
{
	int i = field_index(f, name);

	if (i < 0)
		return;
	if (f->state[i].error != NULL)
		f->nerrors--;
	f->state[i].error = NULL;
	f->state[i].value = "";
}

const struct field_state *
form_field(const struct form *f, const char *name)
{
	int i = field_index(f, name);

	return i < 0 ? NULL : &f->state[i];
}

const char *
form_value(const struct form *f, const char *name)
{
	const struct field_state *st = form_field(f, name);

	return st != NULL ? st->value : NULL;
}

const char *
form_shown(const struct form *f, const char *name)
{
	const struct field_state *st = form_field(f, name);

	return st != NULL ? st->shown : "";
}

const char *
form_error(const struct form *f, const char *name)
{
	const struct field_state *st = form_field(f, name);

	return st != NULL ? st->error : NULL;
}

bool
form_ok(const struct form *f)
{
	return f->nerrors == 0;
}

const char *
form_message(const struct form *f, const char *name, const char *label)
{
	const char *msg = form_error(f, name);

	if (msg == NULL)
		return NULL;
	if (label == NULL || form_sentence(msg))
		return msg;
	/* TRANSLATORS: a field's label, then what is wrong with it: "Title
	 * is required." */
	return arena_printf(f->arena, T(f->lang, "%s %s."), label, msg);
}

bool
form_sentence(const char *msg)
{
	size_t len = strlen(msg);

	while (len > 0 && msg[len - 1] == ' ')
		len--;
	return len > 0 && strchr(".?!", msg[len - 1]) != NULL;
}

int64_t
form_id(const struct form *f, const char *name)
{
	const char *v = form_value(f, name);
	int64_t id;

	return v != NULL && num_parse_id(v, &id) == 0 ? id : 0;
}

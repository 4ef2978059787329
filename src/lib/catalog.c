/* catalog.c: reading a .po file into a hash table of translations, and
 * looking messages up in it. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>

#include "lib/buf.h"
#include "lib/catalog.h"
#include "lib/file.h"
#include "lib/hash.h"
#include "lib/plural.h"
#include "lib/utf8.h"

/* 1001: the rule is checked for every count up to this, which covers each
 * remainder by 10 and 100 that real rules test. */
#define PLURAL_CHECK_UPTO	1001UL

struct entry {
	char		*key;	/* msgctxt "\004" msgid, or msgid */
	int		 line;	/* of its msgstr, for a duplicate */
	size_t		 nstr;
	/* Each form's text, "" when untranslated. */
	char		*str[CATALOG_MAX_FORMS];
};

struct catalog {
	struct entry	*entries;
	size_t		 n, cap;
	size_t		*slots;		/* index + 1 into entries; 0: empty */
	size_t		 nslots;	/* a power of two, at least 2n */
	struct plural	*plural;
	unsigned long	 nplurals;
};

enum part { PART_NONE, PART_CTXT, PART_ID, PART_PLURAL, PART_STR };

/* The entry being read. */
struct pending {
	bool		 fuzzy, has_ctxt, has_id, has_plural, has_str;
	size_t		 nstr;
	int		 id_line, str_line;
	enum part	 cur;
	size_t		 cur_form;
	struct buf	 ctxt, id, plural, str[CATALOG_MAX_FORMS];
};

struct reader {
	const char	*path;
	int		 line;
	char		*err;
	size_t		 errsize;
	struct catalog	*cat;
	struct pending	 pe;
};

static int
fail(struct reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct reader *r, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->err != NULL && r->errsize > 0)
		snprintf(r->err, r->errsize, "%s:%d: %s", r->path, line, msg);
	return -1;
}

static void
pending_clear(struct pending *pe)
{
	size_t i;

	pe->fuzzy = pe->has_ctxt = pe->has_id = pe->has_plural = false;
	pe->has_str = false;
	pe->nstr = 0;
	pe->cur = PART_NONE;
	buf_reset(&pe->ctxt);
	buf_reset(&pe->id);
	buf_reset(&pe->plural);
	for (i = 0; i < CATALOG_MAX_FORMS; i++)
		buf_reset(&pe->str[i]);
}

static void
pending_free(struct pending *pe)
{
	size_t i;

	buf_free(&pe->ctxt);
	buf_free(&pe->id);
	buf_free(&pe->plural);
	for (i = 0; i < CATALOG_MAX_FORMS; i++)
		buf_free(&pe->str[i]);
}

static const char *
text(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

static struct entry *
find(const struct catalog *cat, const char *key)
{
	size_t i, k;

	if (cat == NULL || cat->nslots == 0)
		return NULL;
	i = (size_t)hash64(key, strlen(key)) & (cat->nslots - 1);
	while ((k = cat->slots[i]) != 0) {
		if (strcmp(cat->entries[k - 1].key, key) == 0)
			return &cat->entries[k - 1];
		i = (i + 1) & (cat->nslots - 1);
	}
	return NULL;
}

/* Builds the slot table once every entry is in; a message defined twice
 * refuses the file, as msgfmt does. */
static int
index_entries(struct reader *r)
{
	struct catalog *cat = r->cat;
	const struct entry *en;
	size_t i, k;

	for (cat->nslots = 16; cat->nslots < cat->n * 2; cat->nslots *= 2)
		;
	if ((cat->slots = calloc(cat->nslots, sizeof(size_t))) == NULL)
		return fail(r, r->line, "out of memory");
	for (k = 0; k < cat->n; k++) {
		en = &cat->entries[k];
		i = (size_t)hash64(en->key, strlen(en->key)) &
		    (cat->nslots - 1);
		while (cat->slots[i] != 0) {
			if (strcmp(cat->entries[cat->slots[i] - 1].key,
			    en->key) == 0)
				return fail(r, en->line, "duplicate message "
				    "\"%.40s\"", en->key);
			i = (i + 1) & (cat->nslots - 1);
		}
		cat->slots[i] = k + 1;
	}
	return 0;
}

/* Reads nplurals= and plural= from the header's Plural-Forms line and
 * checks the rule gives a form below nplurals for every count. */
static int
read_plural_forms(struct reader *r, const char *header, int line)
{
	const char *p = strstr(header, "Plural-Forms:"), *e;
	char expr[512], why[160];
	unsigned long n, form, nplurals;
	char *end;

	if (p == NULL)
		return 0;
	if ((p = strstr(p, "nplurals=")) == NULL)
		return fail(r, line, "Plural-Forms without nplurals=");
	errno = 0;
	nplurals = strtoul(p + 9, &end, 10);
	if (end == p + 9 || errno != 0 || nplurals < 1 ||
	    nplurals > CATALOG_MAX_FORMS)
		return fail(r, line, "nplurals must be 1 to %d",
		    CATALOG_MAX_FORMS);
	if ((p = strstr(end, "plural=")) == NULL)
		return fail(r, line, "Plural-Forms without plural=");
	p += 7;
	e = p + strcspn(p, ";\n");
	if ((size_t)(e - p) >= sizeof(expr))
		return fail(r, line, "plural rule too long");
	memcpy(expr, p, (size_t)(e - p));
	expr[e - p] = '\0';
	if ((r->cat->plural = plural_compile(expr, why, sizeof(why))) == NULL)
		return fail(r, line, "%s", why);
	r->cat->nplurals = nplurals;
	for (n = 0; n <= PLURAL_CHECK_UPTO; n++) {
		if (plural_eval(r->cat->plural, n, &form) == -1)
			return fail(r, line, "plural rule divides by zero "
			    "for n=%lu", n);
		if (form >= nplurals)
			return fail(r, line, "plural rule gives form %lu for "
			    "n=%lu, past nplurals=%lu", form, n, nplurals);
	}
	return 0;
}

static int
check_charset(struct reader *r, const char *header, int line)
{
	const char *p = strstr(header, "charset=");

	if (p != NULL && strncmp(p + 8, "UTF-8", 5) != 0)
		return fail(r, line, "only UTF-8 catalogs are read");
	return 0;
}

/* Ends the entry read so far (if any): the header, a translation, or
 * nothing when it is fuzzy or untranslated. */
static int
finish(struct reader *r)
{
	struct pending *pe = &r->pe;
	struct catalog *cat = r->cat;
	struct entry *en, *grown;
	struct buf key = BUF_INIT;
	size_t i;
	bool any = false;

	if (!pe->has_id) {
		if (pe->has_ctxt)
			return fail(r, r->line, "msgctxt without msgid");
		pe->fuzzy = false;
		return 0;
	}
	if (!pe->has_str && pe->nstr == 0)
		return fail(r, pe->id_line, "msgid without msgstr");
	if (!pe->has_ctxt && pe->id.len == 0) {
		if (cat->plural != NULL)
			return fail(r, pe->str_line, "a second header");
		if (check_charset(r, text(&pe->str[0]), pe->str_line) == -1 ||
		    read_plural_forms(r, text(&pe->str[0]), pe->str_line) ==
		    -1)
			return -1;
		pending_clear(pe);
		return 0;
	}
	for (i = 0; i < pe->nstr; i++)
		any = any || pe->str[i].len > 0;
	if (pe->fuzzy || !any) {
		pending_clear(pe);
		return 0;
	}
	if (pe->has_ctxt) {
		buf_add(&key, text(&pe->ctxt), pe->ctxt.len);
		buf_addc(&key, '\004');
	}
	buf_add(&key, text(&pe->id), pe->id.len);
	if (key.failed)
		goto oom;
	if (cat->n == cat->cap) {
		cat->cap = cat->cap ? cat->cap * 2 : 64;
		grown = realloc(cat->entries, cat->cap * sizeof(*grown));
		if (grown == NULL)
			goto oom;
		cat->entries = grown;
	}
	en = &cat->entries[cat->n];
	memset(en, 0, sizeof(*en));
	en->key = buf_release(&key);
	en->line = pe->str_line;
	cat->n++;
	if (en->key == NULL)
		goto oom;
	for (i = 0; i < pe->nstr; i++) {
		if ((en->str[i] = strdup(text(&pe->str[i]))) == NULL)
			goto oom;
		en->nstr = i + 1;
	}
	pending_clear(pe);
	return 0;
oom:
	buf_free(&key);
	return fail(r, r->line, "out of memory");
}

/* Appends the quoted string at s (up to the line's end e) to out. */
static int
read_string(struct reader *r, const char *s, const char *e, struct buf *out)
{
	const char *p;
	char c;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s == e || *s != '"')
		return fail(r, r->line, "expected a quoted string");
	for (p = s + 1; p < e && *p != '"'; p++) {
		c = *p;
		if (c == '\\') {
			if (++p == e)
				break;
			switch (*p) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			default:
				return fail(r, r->line, "unknown escape \\%c",
				    *p);
			}
		}
		if (out->len >= CATALOG_MAX_MESSAGE)
			return fail(r, r->line, "message longer than %d "
			    "bytes", CATALOG_MAX_MESSAGE);
		if (buf_addc(out, c) == -1)
			return fail(r, r->line, "out of memory");
	}
	if (p >= e)
		return fail(r, r->line, "string not closed");
	for (p++; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return fail(r, r->line, "text after the string");
	return 0;
}

/* Whether the line s..e starts with keyword kw and a blank; *rest is then
 * what follows kw. */
static bool
keyword(const char *s, const char *e, const char *kw, const char **rest)
{
	size_t len = strlen(kw);

	if ((size_t)(e - s) <= len || strncmp(s, kw, len) != 0 ||
	    (s[len] != ' ' && s[len] != '\t'))
		return false;
	*rest = s + len;
	return true;
}

static int
read_msgstr_n(struct reader *r, const char *s, const char *e)
{
	struct pending *pe = &r->pe;
	unsigned long form;
	char *end;

	if (!pe->has_plural)
		return fail(r, r->line, "msgstr[N] without msgid_plural");
	form = strtoul(s + 7, &end, 10);
	if (end == s + 7 || *end != ']' || form != pe->nstr)
		return fail(r, r->line, "msgstr[%zu] expected", pe->nstr);
	if (form >= CATALOG_MAX_FORMS)
		return fail(r, r->line, "more than %d plural forms",
		    CATALOG_MAX_FORMS);
	pe->cur = PART_STR;
	pe->cur_form = pe->nstr++;
	if (pe->cur_form == 0)
		pe->str_line = r->line;
	return read_string(r, end + 1, e, &pe->str[pe->cur_form]);
}

static int
read_line(struct reader *r, const char *s, const char *e)
{
	struct pending *pe = &r->pe;
	const char *rest;
	bool done = pe->has_str || pe->nstr > 0;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s == e || *s == '\r')
		return done ? finish(r) : 0;
	if (*s == '#') {
		if (done && finish(r) == -1)
			return -1;
		/* An obsolete entry's flags are not the next entry's. */
		if (s + 1 < e && s[1] == '~')
			pe->fuzzy = false;
		else if (s + 1 < e && s[1] == ',' && memmem(s, (size_t)(e - s),
		    "fuzzy", 5) != NULL)
			pe->fuzzy = true;
		return 0;
	}
	if (*s == '"') {
		switch (pe->cur) {
		case PART_CTXT:
			return read_string(r, s, e, &pe->ctxt);
		case PART_ID:
			return read_string(r, s, e, &pe->id);
		case PART_PLURAL:
			return read_string(r, s, e, &pe->plural);
		case PART_STR:
			return read_string(r, s, e, &pe->str[pe->cur_form]);
		default:
			return fail(r, r->line, "a string outside an entry");
		}
	}
	if (keyword(s, e, "msgctxt", &rest)) {
		if (done && finish(r) == -1)
			return -1;
		if (pe->has_ctxt || pe->has_id)
			return fail(r, r->line, "msgctxt out of place");
		pe->has_ctxt = true;
		pe->cur = PART_CTXT;
		return read_string(r, rest, e, &pe->ctxt);
	}
	if (keyword(s, e, "msgid", &rest)) {
		if (done && finish(r) == -1)
			return -1;
		if (pe->has_id)
			return fail(r, pe->id_line, "msgid without msgstr");
		pe->has_id = true;
		pe->id_line = r->line;
		pe->cur = PART_ID;
		return read_string(r, rest, e, &pe->id);
	}
	if (keyword(s, e, "msgid_plural", &rest)) {
		if (!pe->has_id || pe->has_plural || done)
			return fail(r, r->line, "msgid_plural out of place");
		pe->has_plural = true;
		pe->cur = PART_PLURAL;
		return read_string(r, rest, e, &pe->plural);
	}
	if (keyword(s, e, "msgstr", &rest)) {
		if (!pe->has_id || pe->has_plural || done)
			return fail(r, r->line, "msgstr out of place");
		pe->has_str = true;
		pe->nstr = 1;
		pe->cur = PART_STR;
		pe->cur_form = 0;
		pe->str_line = r->line;
		return read_string(r, rest, e, &pe->str[0]);
	}
	if ((size_t)(e - s) > 7 && strncmp(s, "msgstr[", 7) == 0)
		return read_msgstr_n(r, s, e);
	return fail(r, r->line, "unexpected text");
}

static int
read_all(struct reader *r, const char *data, size_t len)
{
	const char *s = data, *end = data + len, *e;

	if (!utf8_valid(data, len))
		return fail(r, 1, "not valid UTF-8");
	if (memchr(data, '\0', len) != NULL)
		return fail(r, 1, "a NUL byte");
	for (r->line = 1; s < end; r->line++, s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		if (read_line(r, s, e) == -1)
			return -1;
		if (e == end)
			break;
	}
	if (finish(r) == -1)
		return -1;
	if (r->cat->plural == NULL) {
		/* No Plural-Forms: the rule of English, as gettext does. */
		r->cat->plural = plural_compile("n != 1", NULL, 0);
		r->cat->nplurals = 2;
		if (r->cat->plural == NULL)
			return fail(r, r->line, "out of memory");
	}
	return index_entries(r);
}

struct catalog *
catalog_load(const char *path, char *err, size_t errsize)
{
	struct reader r;
	char *data;
	size_t len = 0;
	int ret;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.err = err;
	r.errsize = errsize;
	if ((data = file_read_at(AT_FDCWD, path, CATALOG_MAX_FILE, &len)) ==
	    NULL) {
		fail(&r, 0, "%s", errno == EFBIG ? "larger than "
		    "CATALOG_MAX_FILE (4 MiB)" : errno == EINVAL ?
		    "not a regular file" : strerror(errno));
		return NULL;
	}
	if ((r.cat = calloc(1, sizeof(*r.cat))) == NULL) {
		fail(&r, 0, "out of memory");
		free(data);
		return NULL;
	}
	ret = read_all(&r, data, len);
	pending_free(&r.pe);
	free(data);
	if (ret == -1) {
		catalog_free(r.cat);
		return NULL;
	}
	return r.cat;
}

void
catalog_free(struct catalog *cat)
{
	size_t i, k;

	if (cat == NULL)
		return;
	for (i = 0; i < cat->n; i++) {
		free(cat->entries[i].key);
		for (k = 0; k < cat->entries[i].nstr; k++)
			free(cat->entries[i].str[k]);
	}
	free(cat->entries);
	free(cat->slots);
	plural_free(cat->plural);
	free(cat);
}

const char *
catalog_get(const struct catalog *cat, const char *msgid)
{
	const struct entry *en = find(cat, msgid);

	return en != NULL && en->str[0][0] != '\0' ? en->str[0] : NULL;
}

const char *
catalog_nget(const struct catalog *cat, const char *singular,
    const char *plural, unsigned long n)
{
	const struct entry *en = find(cat, singular);
	unsigned long form;

	(void)plural;
	if (en == NULL || plural_eval(cat->plural, n, &form) == -1 ||
	    form >= en->nstr || en->str[form][0] == '\0')
		return NULL;
	return en->str[form];
}

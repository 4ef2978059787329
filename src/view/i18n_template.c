/* i18n_template.c: replacing the {{_ … _}} markers of a template's source
 * by a language's text, escaped, with the mustache tags in it kept. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/escape.h"
#include "view/i18n.h"
#include "view/i18n_template.h"

#define OPEN	"{{_ "
#define CLOSE	" _}}"

struct tags {
	size_t		 n;
	const char	*at[I18N_TEMPLATE_MAX_TAGS];
	size_t		 len[I18N_TEMPLATE_MAX_TAGS];
};

/* The length of the tag starting at s ("{{" or "{{{"), up to end, or 0
 * when it is not closed. */
static size_t
tag_len(const char *s, const char *end)
{
	const char *close = s[2] == '{' ? "}}}" : "}}";
	const char *p = memmem(s + 2, (size_t)(end - s - 2), close,
	    strlen(close));

	return p == NULL ? 0 : (size_t)(p - s) + strlen(close);
}

/* Writes s[0..len] to out (when out is not NULL) escaped, its tags as
 * they are, and lists the tags in *t. Returns 0, or -1 for a tag not
 * closed or too many tags. */
static int
write_text(const char *s, size_t len, struct buf *out, struct tags *t)
{
	const char *end = s + len, *p, *q;
	size_t k;

	t->n = 0;
	for (p = s; p < end; p = q + k) {
		q = memmem(p, (size_t)(end - p), "{{", 2);
		if (q == NULL)
			q = end;
		if (out != NULL)
			escape_html(out, p, (size_t)(q - p));
		if (q == end)
			break;
		if ((k = tag_len(q, end)) == 0 ||
		    t->n == I18N_TEMPLATE_MAX_TAGS)
			return -1;
		t->at[t->n] = q;
		t->len[t->n++] = k;
		if (out != NULL)
			buf_add(out, q, k);
	}
	return 0;
}

/* Whether a and b hold the same tags, in any order. */
static bool
same_tags(const struct tags *a, const struct tags *b)
{
	bool used[I18N_TEMPLATE_MAX_TAGS] = { false };
	size_t i, k;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		for (k = 0; k < b->n; k++)
			if (!used[k] && a->len[i] == b->len[k] &&
			    memcmp(a->at[i], b->at[k], a->len[i]) == 0)
				break;
		if (k == b->n)
			return false;
		used[k] = true;
	}
	return true;
}

static int
fail(char *err, size_t errsize, const char *name, int line, const char *msg,
    const char *id)
{
	if (err != NULL && errsize > 0)
		snprintf(err, errsize, "%s:%d: %s%s%.60s%s", name, line, msg,
		    id != NULL ? " \"" : "", id != NULL ? id : "",
		    id != NULL ? "\"" : "");
	return -1;
}

/* Appends the marker's msgid s[0..len] in lang to out. */
static int
write_marker(const char *lang, const char *name, int line, const char *s,
    size_t len, struct buf *out, char *err, size_t errsize)
{
	struct tags want, got;
	const char *tr;
	char *id;
	int ret;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return fail(err, errsize, name, line, "empty {{_ _}} marker",
		    NULL);
	if ((id = strndup(s, len)) == NULL)
		return fail(err, errsize, name, line, "out of memory", NULL);
	ret = -1;
	tr = T(lang, id);
	if (strstr(id, OPEN) != NULL)
		fail(err, errsize, name, line, "a marker inside", id);
	else if (write_text(id, len, NULL, &want) == -1)
		fail(err, errsize, name, line, "a tag not closed in", id);
	else if (write_text(tr, strlen(tr), NULL, &got) == -1 ||
	    !same_tags(&want, &got))
		fail(err, errsize, name, line, "a translation changes the "
		    "tags of", id);
	else
		ret = write_text(tr, strlen(tr), out, &got);
	free(id);
	return ret;
}

int
i18n_template(const char *lang, const char *name, const char *text,
    size_t len, struct buf *out, char *err, size_t errsize)
{
	const char *end = text + len, *p = text, *open, *body, *close, *eol;
	int line = 1;

	while ((open = memmem(p, (size_t)(end - p), OPEN, strlen(OPEN))) !=
	    NULL) {
		buf_add(out, p, (size_t)(open - p));
		for (; p < open; p++)
			line += *p == '\n';
		if ((eol = memchr(open, '\n', (size_t)(end - open))) == NULL)
			eol = end;
		/* "{{_ _}}": the blank after {{_ is also the one before _}}. */
		body = open + strlen(OPEN);
		close = memmem(body - 1, (size_t)(eol - body + 1), CLOSE,
		    strlen(CLOSE));
		if (close == NULL)
			return fail(err, errsize, name, line, "{{_ marker not "
			    "closed with _}} on its line", NULL);
		if (write_marker(lang, name, line, body, close < body ? 0 :
		    (size_t)(close - body), out, err, errsize) == -1)
			return -1;
		p = close + strlen(CLOSE);
	}
	buf_add(out, p, (size_t)(end - p));
	if (out->failed)
		return fail(err, errsize, name, line, "out of memory", NULL);
	return 0;
}

/* jsonld.c: schema.org JSON-LD, escaped for a script element. */
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "view/jsonld.h"

/* Sets key of o to s unless s is NULL or "". 0, or -1 when out of memory
 * or s is not UTF-8. */
static int
set_text(json_t *o, const char *key, const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	return json_object_set_new(o, key, json_string(s));
}

/* {"@type": type, "name": name}. */
static json_t *
named(const char *type, const char *name)
{
	json_t *o = json_object();

	if (o == NULL || set_text(o, "@type", type) == -1 ||
	    set_text(o, "name", name) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
jsonld_news_article(const struct jsonld_article *a)
{
	json_t *o = json_object(), *pub = NULL;

	if (o == NULL ||
	    set_text(o, "@context", "https://schema.org") == -1 ||
	    set_text(o, "@type", "NewsArticle") == -1 ||
	    set_text(o, "headline", a->headline) == -1 ||
	    set_text(o, "description", a->description) == -1 ||
	    set_text(o, "datePublished", a->published) == -1 ||
	    set_text(o, "dateModified", a->modified) == -1 ||
	    set_text(o, "inLanguage", a->lang) == -1 ||
	    set_text(o, "url", a->url) == -1 ||
	    set_text(o, "mainEntityOfPage", a->url) == -1 ||
	    set_text(o, "image", a->image) == -1)
		goto fail;
	if (a->dateline != NULL && *a->dateline != '\0' &&
	    json_object_set_new(o, "locationCreated", named("Place",
	    a->dateline)) == -1)
		goto fail;
	if ((pub = named("Organization", a->publisher)) == NULL ||
	    set_text(pub, "logo", a->logo) == -1 ||
	    json_object_set_new(o, "publisher", pub) == -1)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* The escape of the character at s (len bytes left), and how many bytes
 * it replaces; NULL when it stays as it is. */
static const char *
escape_at(const char *s, size_t len, size_t *n)
{
	*n = 1;
	switch (*s) {
	case '<':
		return "\\u003c";
	case '>':
		return "\\u003e";
	case '&':
		return "\\u0026";
	}
	/* U+2028 and U+2029 end a line in a script before ES2019. */
	if (len >= 3 && memcmp(s, "\xe2\x80", 2) == 0 &&
	    (s[2] == '\xa8' || s[2] == '\xa9')) {
		*n = 3;
		return s[2] == '\xa8' ? "\\u2028" : "\\u2029";
	}
	return NULL;
}

char *
jsonld_text(struct arena *a, const json_t *v)
{
	char *json, *out = NULL, *p;
	const char *e;
	size_t len, size, i, n;

	/* Outside strings JSON has none of these characters, and inside a
	 * string the escape stands for the same character. */
	if ((json = json_dumps(v, JSON_COMPACT)) == NULL)
		return NULL;
	len = strlen(json);
	for (size = 1, i = 0; i < len; i += n)
		size += (e = escape_at(json + i, len - i, &n)) != NULL ?
		    strlen(e) : n;
	if ((out = arena_alloc(a, size)) != NULL) {
		for (p = out, i = 0; i < len; i += n) {
			if ((e = escape_at(json + i, len - i, &n)) != NULL)
				p = stpcpy(p, e);
			else {
				memcpy(p, json + i, n);
				p += n;
			}
		}
		*p = '\0';
	}
	free(json);
	return out;
}

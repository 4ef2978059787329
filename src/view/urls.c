/* urls.c: the site's URLs, built from percent-encoded parts. */
#include <stdbool.h>
#include <string.h>

#include "lib/arena.h"
#include "view/urls.h"

static bool
unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

char *
url_encode(struct arena *a, const char *s)
{
	return url_encode_n(a, s, strlen(s), false);
}

char *
url_encode_n(struct arena *a, const char *s, size_t len, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, j = 0;
	char *out;

	if ((out = arena_alloc(a, len * 3 + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c) || (keep_slash && c == '/'))
			out[j++] = (char)c;
		else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}

/* "/hu" for a non-default language, "" otherwise. */
static char *
prefix(struct arena *a, const char *lang)
{
	if (lang == NULL || *lang == '\0')
		return "";
	return arena_printf(a, "/%s", url_encode(a, lang));
}

char *
url_home(struct arena *a, const char *lang)
{
	const char *p = prefix(a, lang);

	return *p == '\0' ? "/" : arena_printf(a, "%s/", p);
}

char *
url_news_list(struct arena *a, const char *lang, int64_t page)
{
	if (page <= 0)
		return arena_printf(a, "%s/news", prefix(a, lang));
	return arena_printf(a, "%s/news?page=%lld", prefix(a, lang),
	    (long long)page);
}

char *
url_news(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/news/%s", prefix(a, lang),
	    url_encode(a, slug));
}

char *
url_page(struct arena *a, const char *lang, const char *slug)
{
	return arena_printf(a, "%s/%s", prefix(a, lang), url_encode(a, slug));
}

/* meta.c: what a public page tells search engines and social sites beyond
 * its text: its Open Graph locales, an error page's canonical link, and a
 * release's schema.org NewsArticle. */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/store.h"
#include "view/assets.h"
#include "view/dates.h"
#include "view/jsonld.h"
#include "view/lang_names.h"
#include "view/urls.h"

/* The string at key of object o (o itself may be NULL), or NULL. */
static const char *
model_text(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int
meta_social(struct request *rq, json_t *model)
{
	const struct config *cfg = rq->cfg;
	const char *locale, *lang = rq->lang;
	json_t *og, *alts;
	size_t i;

	/* An error page drawn before the request was read has neither. */
	if (cfg == NULL || lang == NULL)
		return 0;
	if ((og = json_object()) == NULL ||
	    json_object_set_new(model, "og", og) == -1 ||
	    (alts = json_array()) == NULL ||
	    json_object_set_new(og, "alternates", alts) == -1)
		return -1;
	model_set(og, "locale", lang_og_locale(rq->arena, lang));
	for (i = 0; i < cfg->nlangs; i++) {
		/* A language with no territory of its own has no locale. */
		if (strcmp(cfg->langs[i], lang) == 0 ||
		    (locale = lang_og_locale(rq->arena, cfg->langs[i])) == NULL)
			continue;
		if (json_array_append_new(alts, json_string(locale)) == -1)
			return -1;
	}
	return 0;
}

int
meta_canonical_asked(struct request *rq, json_t *model)
{
	const char *path = rq->target, *q, *canonical;

	if (rq->cfg == NULL || path == NULL || *path != '/')
		return 0;
	q = strchrnul(path, '?');
	if ((path = arena_strndup(rq->arena, path, (size_t)(q - path))) ==
	    NULL || (canonical = url_absolute(rq->arena, rq->cfg->base_url,
	    path)) == NULL)
		return -1;
	model_set(model, "canonical", canonical);
	return 0;
}

int
meta_news_jsonld(struct request *rq, json_t *model, const struct news *n)
{
	struct jsonld_article a = {
		.headline = n->title,
		.description = n->summary,
		.dateline = n->dateline,
		.lang = n->lang,
		.url = model_text(model, "canonical"),
		.publisher = model_text(json_object_get(model, "site"), "name"),
		/* The lead image's, as Open Graph's (media_item_set). */
		.image = model_text(model, "og_image"),
	};
	json_t *o;
	char *text;

	a.published = time_w3c(rq->arena, n->published_at);
	a.modified = time_w3c(rq->arena, news_changed(n));
	/* The site's mark as a file of its own (an SVG), not the data: URL
	 * the page draws it from. */
	a.logo = url_absolute(rq->arena, rq->cfg->base_url,
	    assets_url("img/favicon.svg"));
	if ((o = jsonld_news_article(&a)) == NULL)
		return -1;
	text = jsonld_text(rq->arena, o);
	json_decref(o);
	if (text == NULL)
		return -1;
	model_set(model, "jsonld", text);
	return 0;
}

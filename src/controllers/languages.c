/* languages.c: what a public page says about its languages: the switcher
 * to the same item in each other language, the alternate links of its
 * translations, its canonical link, and the marks on text shown in a
 * language other than the page's. */
#include <string.h>

#include "config.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/store.h"
#include "view/lang_names.h"
#include "view/urls.h"

const char *
lang_link(const struct request *rq, const char *lang)
{
	return strcmp(lang, rq->cfg->default_lang) == 0 ? NULL : lang;
}

/* {code, name} of a language other than the page's. */
static json_t *
foreign_model(struct request *rq, const char *code)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	model_set(o, "code", code);
	model_set(o, "name", lang_name(rq, code));
	return o;
}

int
mark_foreign(struct request *rq, json_t *o, const char *lang)
{
	json_t *f;

	if (lang == NULL || strcmp(lang, rq->lang) == 0)
		return 0;
	if ((f = foreign_model(rq, lang)) == NULL ||
	    json_object_set_new(o, "foreign", f) == -1)
		return -1;
	return 0;
}

json_t *
lang_alternates(const struct config *cfg, struct arena *a,
    const struct lang_version *v)
{
	const char *x_default = NULL, *abs;
	json_t *alts, *o;
	size_t i;

	if ((alts = json_array()) == NULL)
		return NULL;
	for (i = 0; i < cfg->nlangs; i++) {
		/* Only a real version is an alternate: a page that stands in
		 * for a missing one is not in that language. */
		if (!v[i].exists)
			continue;
		if ((abs = url_absolute(a, cfg->base_url, v[i].path)) ==
		    NULL || (o = json_object()) == NULL ||
		    json_array_append_new(alts, o) == -1)
			goto fail;
		model_set(o, "hreflang", cfg->langs[i]);
		model_set(o, "href", abs);
		/* For everyone else: the default language's version (the
		 * first configured), or the first there is. */
		if (x_default == NULL)
			x_default = abs;
	}
	if (x_default != NULL) {
		if ((o = json_object()) == NULL ||
		    json_array_append_new(alts, o) == -1)
			goto fail;
		model_set(o, "hreflang", "x-default");
		model_set(o, "href", x_default);
	}
	return alts;
fail:
	json_decref(alts);
	return NULL;
}

int
layout_languages(struct request *rq, json_t *model,
    const struct lang_version *v)
{
	const struct config *cfg = rq->cfg;
	json_t *langs, *o;
	const char *self = NULL, *abs;
	size_t i;

	if ((langs = json_array()) == NULL ||
	    json_object_set_new(model, "languages", langs) == -1)
		return -1;
	for (i = 0; i < cfg->nlangs; i++) {
		const char *code = cfg->langs[i];
		bool current = strcmp(code, rq->lang) == 0;

		if (v[i].path == NULL)
			return -1;
		if (current)
			self = v[i].path;
		if ((o = json_object()) == NULL ||
		    json_array_append_new(langs, o) == -1)
			return -1;
		model_set(o, "code", code);
		/* Each language named in itself, as its readers look for
		 * it. */
		model_set(o, "name", lang_display_name(rq->arena, code, code));
		model_set(o, "url", v[i].path);
		json_object_set_new(o, "current", json_boolean(current));
	}
	if (json_object_set_new(model, "alternates",
	    lang_alternates(cfg, rq->arena, v)) == -1)
		return -1;
	json_object_set_new(model, "has_languages", json_boolean(
	    cfg->nlangs > 1));
	if (self == NULL ||
	    (abs = url_absolute(rq->arena, cfg->base_url, self)) == NULL)
		return -1;
	model_set(model, "canonical", abs);
	return 0;
}

int
layout_languages_all(struct request *rq, json_t *model,
    char *(*url)(struct arena *, const char *lang, const void *ctx),
    const void *ctx)
{
	struct lang_version v[CONFIG_LANGS_MAX];
	size_t i;

	for (i = 0; i < rq->cfg->nlangs; i++) {
		v[i].path = url(rq->arena, lang_link(rq, rq->cfg->langs[i]),
		    ctx);
		v[i].exists = true;
	}
	return layout_languages(rq, model, v);
}

int
layout_languages_item(struct request *rq, json_t *model, const char *kind,
    int64_t group_id, const char *slug, const char *lang,
    char *(*url)(struct arena *, const char *lang, const char *slug))
{
	struct lang_version v[CONFIG_LANGS_MAX];
	struct translation *t;
	enum store_status st;
	const char *own;
	size_t i, j, n;

	if ((st = store_translations(rq->db, rq->arena, kind, group_id,
	    rq->now, &t, &n)) != STORE_OK)
		return store_http_status(st);
	for (i = 0; i < rq->cfg->nlangs; i++) {
		const char *code = rq->cfg->langs[i];

		for (j = 0; j < n && strcmp(t[j].lang, code) != 0; j++)
			;
		/* A language without a version shows this one, marked. */
		v[i].exists = j < n;
		v[i].path = url(rq->arena, lang_link(rq, code),
		    j < n ? t[j].slug : slug);
	}
	if (layout_languages(rq, model, v) == -1)
		return 503;
	/* A stand-in repeats another language's version: search engines
	 * are pointed to that one (the sitemap lists it, not this). */
	if (lang != NULL && strcmp(lang, rq->lang) != 0) {
		if ((own = url_absolute(rq->arena, rq->cfg->base_url,
		    url(rq->arena, lang_link(rq, lang), slug))) == NULL)
			return 503;
		model_set(model, "canonical", own);
	}
	return 0;
}

const char *
lang_name(struct request *rq, const char *code)
{
	return lang_display_name(rq->arena, code, rq->lang);
}

/* admin_settings.c: the settings screen (admins only): the site name,
 * tagline and home page introduction of each configured language, saved
 * with their audit line in one commit. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/settings_admin.h"
#include "view/i18n.h"
#include "view/lang_names.h"
#include "view/markdown.h"
#include "view/urls.h"

/* The limits the form states, in characters: a name fits the header, a
 * tagline one line under it, an introduction a few paragraphs. */
#define SITE_NAME_MAX	100
#define TAGLINE_MAX	200
#define INTRO_MAX	10000
/* 8: the longest language code config.c accepts. */
#define LANG_CODE_MAX	8

static const struct field settings_fields[] = {
	{ "lang",	FIELD_REQUIRED | FIELD_BYTES, LANG_CODE_MAX, NULL },
	{ "site_name",	0,		SITE_NAME_MAX,	NULL },
	{ "tagline",	0,		TAGLINE_MAX,	NULL },
	{ "intro_md",	FIELD_MARKDOWN | FIELD_TRIM, INTRO_MAX, NULL },
};
#define SETTINGS_NFIELDS	FORM_FIELDS(settings_fields)

/* The names of settings_fields in order, and how the form labels them. */
static const char *const settings_names[SETTINGS_NFIELDS] = {
	"lang", "site_name", "tagline", "intro_md"
};
static const char *const settings_labels[SETTINGS_NFIELDS] = {
	N_("Language"), N_("Site name"), N_("Tagline"),
	N_("Home page introduction")
};

/* The form of one language: its fields as typed or stored, and a message
 * about the whole form (NULL when none). */
struct settings_form {
	struct form	 f;
	const char	*lang;
	const char	*error;
};

/* The configured language code names (the default for NULL or ""), as
 * the configuration holds it; NULL when the site has no such language. */
static const char *
settings_lang(const struct request *rq, const char *code)
{
	return admin_lang_known(rq, code == NULL || *code == '\0' ?
	    rq->cfg->default_lang : code);
}

static bool
is_default(const struct request *rq, const char *lang)
{
	return strcmp(lang, rq->cfg->default_lang) == 0;
}

/* The link to lang's form: no query for the default language. */
static const char *
lang_url(struct request *rq, const char *lang)
{
	return url_admin_settings(rq->arena, is_default(rq, lang) ? NULL :
	    lang);
}

/* The configured languages as the screen's selector shows them. */
static json_t *
languages_model(struct request *rq, const char *current)
{
	json_t *list = json_array(), *o;
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < rq->cfg->nlangs; i++) {
		if ((o = json_object()) == NULL)
			break;
		model_set(o, "code", rq->cfg->langs[i]);
		model_set(o, "name", lang_display_name(rq->arena,
		    rq->cfg->langs[i], rq->lang));
		model_set(o, "url", lang_url(rq, rq->cfg->langs[i]));
		json_object_set_new(o, "current",
		    json_boolean(strcmp(rq->cfg->langs[i], current) == 0));
		json_object_set_new(o, "is_default", json_boolean(i == 0));
		json_array_append_new(list, o);
	}
	return list;
}

/* Renders the form of sf->lang as typed, with its messages, answering
 * with status. The default language's own texts show beside each field
 * of another language: what the site shows while the field is empty. */
static int
settings_render(struct request *rq, struct response *rs,
    const struct settings_form *sf, int status)
{
	struct site_texts def = { NULL, NULL, NULL };
	bool own = is_default(rq, sf->lang);
	json_t *model, *form, *fallback;
	size_t nerr;

	/* The fallbacks are an aside: a form that cannot read them still
	 * comes back with the editor's text, without them. */
	if (!own && store_settings_admin_get(rq->db, rq->arena,
	    rq->cfg->default_lang, &def) != STORE_OK)
		def = (struct site_texts){ NULL, NULL, NULL };
	if ((model = admin_model(rq, T(rq->lang, "Site settings"),
	    "settings")) == NULL ||
	    (form = json_object()) == NULL ||
	    json_object_set_new(model, "form", form) == -1 ||
	    (fallback = json_object()) == NULL ||
	    json_object_set_new(model, "fallback", fallback) == -1)
		return status >= 500 ? status : 503;
	model_set(model, "action", url_admin_settings(rq->arena, NULL));
	model_set(model, "lang", sf->lang);
	model_set(model, "lang_name", lang_display_name(rq->arena, sf->lang,
	    rq->lang));
	model_set(model, "default_lang", rq->cfg->default_lang);
	model_set(model, "default_lang_name", lang_display_name(rq->arena,
	    rq->cfg->default_lang, rq->lang));
	json_object_set_new(model, "is_default", json_boolean(own));
	json_object_set_new(model, "languages", languages_model(rq,
	    sf->lang));
	json_object_set_new(model, "many_languages",
	    json_boolean(rq->cfg->nlangs > 1));
	model_set(form, "site_name", form_shown(&sf->f, "site_name"));
	model_set(form, "tagline", form_shown(&sf->f, "tagline"));
	model_set(form, "intro_md", form_shown(&sf->f, "intro_md"));
	model_set(fallback, "site_name", def.site_name);
	model_set(fallback, "tagline", def.tagline);
	json_object_set_new(fallback, "has_intro", json_boolean(
	    def.intro_md != NULL && *def.intro_md != '\0'));
	nerr = admin_form_errors(model, &sf->f, settings_names,
	    settings_labels, SETTINGS_NFIELDS);
	model_set(model, "error", sf->error);
	json_object_set_new(model, "has_errors",
	    json_boolean(nerr > 0 || sf->error != NULL));
	return layout_render(rq, rs, "admin_settings", model, status);
}

const struct field *
admin_settings_fields(size_t *n)
{
	*n = SETTINGS_NFIELDS;
	return settings_fields;
}

/* GET /admin/settings[?lang=hu]: the form of one language, as stored;
 * 404 for a language the site does not have. */
int
admin_settings_edit(struct request *rq, struct response *rs)
{
	struct settings_form sf = { .error = NULL };
	struct site_texts t;
	enum store_status st;

	if ((sf.lang = settings_lang(rq, request_query(rq, "lang"))) == NULL)
		return 404;
	if ((st = store_settings_admin_get(rq->db, rq->arena, sf.lang, &t)) !=
	    STORE_OK)
		return store_http_status(st);
	if (form_init(&sf.f, rq->arena, settings_fields, SETTINGS_NFIELDS) ==
	    -1)
		return 500;
	form_set(&sf.f, "lang", sf.lang, false);
	form_set(&sf.f, "site_name", t.site_name, false);
	form_set(&sf.f, "tagline", t.tagline, false);
	form_set(&sf.f, "intro_md", t.intro_md, false);
	return settings_render(rq, rs, &sf, 200);
}

/* The introduction of a valid form rendered into *html (arena), "" when
 * it is empty. 0; or a message at the field and the status to answer
 * with (422, or 503 when the renderer failed on our side). */
static int
settings_intro_html(struct request *rq, struct settings_form *sf,
    const char **html)
{
	const char *md = form_value(&sf->f, "intro_md");
	enum markdown_status ms;
	char *out = NULL;

	*html = "";
	if (md == NULL || *md == '\0')
		return 0;
	/* Rendered here, at save, never per public request. */
	if ((ms = markdown_render(md, strlen(md), &out)) == MARKDOWN_OK) {
		*html = arena_strdup(rq->arena, out);
		free(out);
		if (*html != NULL)
			return 0;
		ms = MARKDOWN_FAILED;
	}
	form_fail(&sf->f, "intro_md", T(rq->lang, markdown_message(ms)));
	return ms == MARKDOWN_FAILED ? 503 : 422;
}

/* POST /admin/settings: saves the texts of the form's language with
 * their audit line in one commit; the form again, as typed, when they
 * are not valid or not kept. */
int
admin_settings_update(struct request *rq, struct response *rs)
{
	struct settings_form sf = { .error = NULL };
	struct site_texts t;
	enum store_status st;
	const char *html;
	bool unrecorded = false;
	int status;

	if (form_init(&sf.f, rq->arena, settings_fields, SETTINGS_NFIELDS) ==
	    -1)
		return 500;
	form_read(&sf.f, rq);
	/* The form always sends its language: none is a bad request, one
	 * the site does not have (or no code at all) is not found. */
	if (*form_field(&sf.f, "lang")->raw == '\0')
		return 400;
	if (form_value(&sf.f, "lang") == NULL || (sf.lang = settings_lang(rq,
	    form_value(&sf.f, "lang"))) == NULL)
		return 404;
	/* The default language is what the others fall back to: it must
	 * name the site. */
	if (is_default(rq, sf.lang) &&
	    form_value(&sf.f, "site_name") != NULL &&
	    *form_value(&sf.f, "site_name") == '\0')
		form_fail(&sf.f, "site_name", T(rq->lang, "is required in "
		    "the default language, which the others fall back to"));
	if (!form_ok(&sf.f))
		return settings_render(rq, rs, &sf, 422);
	if ((status = settings_intro_html(rq, &sf, &html)) != 0)
		return settings_render(rq, rs, &sf, status);
	t.site_name = form_value(&sf.f, "site_name");
	t.tagline = form_value(&sf.f, "tagline");
	t.intro_md = form_value(&sf.f, "intro_md");
	if ((st = store_tx_begin(rq->db)) == STORE_OK) {
		if ((st = store_settings_admin_save(rq->db, sf.lang, &t,
		    html)) != STORE_OK)
			store_tx_rollback(rq->db);
		else
			st = audit_commit(rq, "settings", arena_printf(
			    rq->arena, "site texts (%s)", sf.lang),
			    T(rq->lang, "Settings saved."), &unrecorded);
	}
	if (st != STORE_OK) {
		sf.error = T(rq->lang, audit_failure_text(st, unrecorded));
		return settings_render(rq, rs, &sf, store_http_status(st));
	}
	if (response_set_header(rs, "Location", lang_url(rq, sf.lang)) == -1)
		return 500;
	return 303;
}

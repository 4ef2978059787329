/* admin_layout.c: the view model every editors' page starts from: site
 * name, assets, the signed-in editor, the CSRF token, the flash message,
 * the admin navigation, and the languages the editors choose among. */
#include <string.h>

#include "auth.h"
#include "config.h"
#include "form.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/store.h"
#include "view/assets.h"
#include "view/i18n.h"
#include "view/lang_names.h"
#include "view/urls.h"

static const struct {
	const char	*section;
	const char	*label;
	bool		 admin_only;
} admin_nav[] = {
	{ "dashboard",	N_("Dashboard"),	false },
	{ "news",	N_("News"),		false },
	{ "pages",	N_("Pages"),	false },
	{ "projects",	N_("Projects"),	false },
	{ "events",	N_("Events"),	false },
	{ "publications", N_("Publications"), false },
	{ "media",	N_("Media"),	false },
	{ "review",	N_("Review"),	false },
	{ "menu",	N_("Menu"),		true },
	{ "settings",	N_("Settings"),	true },
	{ "users",	N_("Accounts"),	true },
	{ "audit",	N_("Audit log"),	true },
	{ "account",	N_("My account"),	false },
};
#define ADMIN_NAV_COUNT	(sizeof(admin_nav) / sizeof(admin_nav[0]))

static void
admin_model_release(void *p)
{
	json_decref(p);
}

static json_t *
nav_model(struct request *rq, const struct session *se, const char *section)
{
	json_t *nav = json_array(), *o;
	const char *label;
	size_t i;

	if (nav == NULL)
		return NULL;
	for (i = 0; i < ADMIN_NAV_COUNT; i++) {
		if (admin_nav[i].admin_only && !se->is_admin)
			continue;
		label = T(rq->lang, admin_nav[i].label);
		/* The queue is there for reviewers, with review on only. */
		if (strcmp(admin_nav[i].section, "review") == 0 &&
		    (label = admin_review_nav_label(rq)) == NULL)
			continue;
		if ((o = json_object()) == NULL)
			break;
		model_set(o, "label", label);
		model_set(o, "url", strcmp(admin_nav[i].section,
		    "dashboard") == 0 ? url_admin_dashboard(rq->arena, 0) :
		    strcmp(admin_nav[i].section, "account") == 0 ?
		    url_admin_account(rq->arena) :
		    url_admin_items(rq->arena, admin_nav[i].section, 0));
		json_object_set_new(o, "current", json_boolean(
		    section != NULL &&
		    strcmp(section, admin_nav[i].section) == 0));
		json_array_append_new(nav, o);
	}
	return nav;
}

json_t *
admin_model(struct request *rq, const char *title, const char *section)
{
	const struct session *se = rq->session;
	const char *name = NULL, *lang;
	json_t *m, *site, *assets, *urls, *user;

	if ((m = json_object()) == NULL)
		return NULL;
	if (arena_defer(rq->arena, admin_model_release, m) == -1)
		return NULL;
	/* The editor's language names the page; the site's name stays the
	 * default language's, as the public home page without a prefix. */
	lang = rq->ui_lang != NULL ? rq->ui_lang : rq->cfg != NULL ?
	    rq->cfg->default_lang : "en";
	/* The sign-in page must show even when the settings cannot be read:
	 * the name falls back rather than failing the page. */
	if (rq->db == NULL || store_setting(rq->db, rq->arena,
	    rq->cfg != NULL ? rq->cfg->default_lang : "en", "site_name",
	    &name) != STORE_OK || name == NULL)
		name = "Waypoint";
	if ((site = json_object()) == NULL ||
	    json_object_set_new(m, "site", site) == -1)
		return NULL;
	model_set(site, "name", name);
	model_set(site, "lang", lang);
	json_object_set_new(site, "rtl", json_boolean(i18n_rtl(lang)));
	if ((assets = json_object()) == NULL ||
	    json_object_set_new(m, "assets", assets) == -1)
		return NULL;
	model_set(assets, "css", assets_url("css/site.css"));
	model_set(assets, "admin_css", assets_url("css/admin.css"));
	if (assets_find("js/admin.js") != NULL)
		model_set(assets, "admin_js", assets_url("js/admin.js"));
	model_set(assets, "icon", assets_url("img/favicon.svg"));
	model_set(m, "title", title);
	if ((urls = json_object()) == NULL ||
	    json_object_set_new(m, "urls", urls) == -1)
		return NULL;
	model_set(urls, "dashboard", url_admin_dashboard(rq->arena, 0));
	model_set(urls, "logout", url_admin_logout(rq->arena));
	model_set(urls, "site", url_home(rq->arena, NULL));
	if (se == NULL)
		return m;
	if ((user = json_object()) == NULL ||
	    json_object_set_new(m, "user", user) == -1)
		return NULL;
	model_set(user, "name", se->username);
	/* admin.js keeps each account's unsaved text under its id, so that
	 * the next account on the browser is never offered it. */
	json_object_set_new(user, "id", json_integer(se->user_id));
	model_set(user, "role", T(rq->lang, se->role));
	json_object_set_new(user, "is_admin", json_boolean(se->is_admin));
	model_set(m, "csrf_token", se->csrf_token);
	model_set(m, "flash", se->flash);
	if (json_object_set_new(m, "nav", nav_model(rq, se, section)) == -1)
		return NULL;
	return m;
}

size_t
admin_form_errors(json_t *model, const struct form *f,
    const char *const *names, const char *const *labels, size_t n)
{
	json_t *errors = json_object(), *list = json_array(), *o;
	const char *msg;
	size_t i, count = 0;

	json_object_set_new(model, "errors", errors);
	json_object_set_new(model, "error_list", list);
	for (i = 0; i < n; i++) {
		if ((msg = form_message(f, names[i], T(f->lang, labels[i]))) ==
		    NULL)
			continue;
		count++;
		model_set(errors, names[i], msg);
		if ((o = json_object()) == NULL)
			continue;
		model_set(o, "anchor", names[i]);
		model_set(o, "message", msg);
		json_array_append_new(list, o);
	}
	json_object_set_new(model, "has_field_errors", json_boolean(count > 0));
	return count;
}

const char *
admin_lang_known(const struct request *rq, const char *s)
{
	if (s == NULL || rq->cfg == NULL)
		return NULL;
	if (strcmp(s, rq->cfg->default_lang) == 0)
		return rq->cfg->default_lang;
	return config_prefix_lang(rq->cfg, s, strlen(s));
}

json_t *
admin_lang_options(struct request *rq, const char *selected)
{
	json_t *list = json_array(), *o;
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < rq->cfg->nlangs; i++) {
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1) {
			json_decref(list);
			return NULL;
		}
		model_set(o, "code", rq->cfg->langs[i]);
		model_set(o, "name", lang_name(rq, rq->cfg->langs[i]));
		json_object_set_new(o, "selected", json_boolean(selected !=
		    NULL && strcmp(selected, rq->cfg->langs[i]) == 0));
	}
	return list;
}

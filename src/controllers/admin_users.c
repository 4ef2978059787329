/* admin_users.c: the accounts pages (admins only): list, new, edit; and
 * every editor's own account page (the interface language; links to the
 * password and the second factor). Each change
 * commits with its audit line and flash message, or not at all. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "auth_totp.h"
#include "config.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "request.h"
#include "response.h"
#include "store/review.h"
#include "store/totp.h"
#include "store/user.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 256: longer than any valid name; a longer one is not shown back. */
#define ECHO_MAX	256

static const char *const roles[] = { N_("editor"), N_("admin"), NULL };
static const char *const states[] = { "0", "1", NULL };

/* name: the table bounds its length; the characters are checked here. */
static const char *
check_name(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	*out = in;
	return form_check_allowed(a, lang, in, AUTH_USERNAME_CHARS) == NULL ?
	    NULL : T(lang, "Use 1 to 64 letters (A-Z, a-z), digits, dots, "
	    "hyphens or underscores.");
}

static const char *
check_role(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return form_check_choice(lang, in, roles) != NULL ?
	    T(lang, "Choose editor or admin.") : NULL;
}

static const char *
check_disabled(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return form_check_choice(lang, in, states) != NULL ?
	    T(lang, "Choose enabled or disabled.") : NULL;
}

static const char *
check_reviewer(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return form_check_choice(lang, in, states) != NULL ?
	    T(lang, "Tick the box or leave it empty.") : NULL;
}

/* 35: a language tag as config.c accepts it; the value must be one of
 * the configured codes anyway (lang_problem). */
#define LANG_MAX	35

/* A new account: all three required. */
static const struct field new_fields[] = {
	{ "name", FIELD_REQUIRED | FIELD_BYTES, AUTH_USERNAME_MAX, check_name },
	{ "role", FIELD_REQUIRED, 0, check_role },
	{ "password", FIELD_REQUIRED | FIELD_SECRET | FIELD_BYTES,
	    AUTH_PASSWORD_MAX, form_check_password },
};

/* An account edited: a field left out or empty keeps what is stored. */
static const struct field edit_fields[] = {
	{ "role", 0, 0, check_role },
	{ "disabled", 0, 0, check_disabled },
	{ "password", FIELD_SECRET | FIELD_BYTES, AUTH_PASSWORD_MAX,
	    form_check_password },
	{ "lang", 0, LANG_MAX, NULL },
	{ "reviewer", 0, 0, check_reviewer },
};

/* The editor's own account: the language only. */
static const struct field own_fields[] = {
	{ "lang", 0, LANG_MAX, NULL },
};

static const char *const names[] = { "name", "role", "disabled",
	"password", "lang", "reviewer" };
static const char *const labels[] = { N_("User name"), N_("Role"),
	N_("Status"), N_("Password"), N_("Language"), N_("Reviewer") };

/* What the form shows: the fields, whose account, a message above. */
struct user_form {
	struct form	 f;
	int64_t		 id;		/* 0 for a new account */
	const char	*name;		/* the account's, when editing */
	bool		 self;		/* the signed-in admin's own account */
	const char	*form_error;	/* not about one field (busy ...) */
};

static int
form_page(struct request *rq, struct response *rs, const struct user_form *u,
    int status)
{
	const char *name, *role;
	json_t *model;
	size_t nerr;

	model = admin_model(rq, u->id ? T(rq->lang, "Edit account") :
	    T(rq->lang, "New account"),
	    "users");
	if (model == NULL)
		return status >= 500 ? status : 503;
	name = u->id ? u->name : form_shown(&u->f, "name");
	role = form_shown(&u->f, "role");
	json_object_set_new(model, "is_new", json_boolean(u->id == 0));
	model_set(model, "form_action", u->id ? url_admin_item(rq->arena,
	    "users", u->id, NULL) : url_admin_items(rq->arena, "users", 0));
	model_set(model, "name", strnlen(name, ECHO_MAX + 1) <= ECHO_MAX ?
	    name : "");
	json_object_set_new(model, "role_editor",
	    json_boolean(strcmp(role, "editor") == 0));
	json_object_set_new(model, "role_admin",
	    json_boolean(strcmp(role, "admin") == 0));
	json_object_set_new(model, "disabled", json_boolean(
	    strcmp(form_shown(&u->f, "disabled"), "1") == 0));
	json_object_set_new(model, "is_self", json_boolean(u->self));
	json_object_set_new(model, "reviewer", json_boolean(
	    strcmp(form_shown(&u->f, "reviewer"), "1") == 0));
	json_object_set_new(model, "lang_options", admin_lang_options(rq,
	    form_shown(&u->f, "lang")));
	model_set(model, "users_url", url_admin_items(rq->arena, "users", 0));
	nerr = admin_form_errors(model, &u->f, names, labels,
	    sizeof(names) / sizeof(names[0]));
	json_object_set_new(model, "has_errors", json_boolean(nerr > 0 ||
	    u->form_error != NULL));
	model_set(model, "form_error", u->form_error);
	return layout_render(rq, rs, "admin_user_form", model, status);
}

/* The form again after a change that was not kept (st from the store or
 * audit_commit, unrecorded as audit_commit set it), answered as every
 * store failure is (store_http_status). */
static int
not_kept(struct request *rq, struct response *rs, struct user_form *u,
    enum store_status st, bool unrecorded)
{
	u->form_error = T(rq->lang, audit_failure_text(st, unrecorded));
	return form_page(rq, rs, u, store_http_status(st));
}

/* GET /admin/users: every account. */
int
admin_users_index(struct request *rq, struct response *rs)
{
	struct user *users;
	enum store_status st;
	json_t *model, *list, *o;
	size_t n, i;

	if ((st = store_user_list(rq->db, rq->arena, &users, &n)) != STORE_OK)
		return store_http_status(st);
	if ((model = admin_model(rq, T(rq->lang, "Accounts"), "users")) == NULL)
		return 500;
	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		model_set(o, "name", users[i].name);
		model_set(o, "role", T(rq->lang, users[i].role));
		model_set(o, "status", users[i].disabled ?
		    T(rq->lang, "disabled") : T(rq->lang, "enabled"));
		json_object_set_new(o, "disabled",
		    json_boolean(users[i].disabled));
		json_object_set_new(o, "is_self", json_boolean(
		    users[i].id == rq->session->user_id));
		model_set(o, "created", time_format(rq->arena,
		    users[i].created_at, "%Y-%m-%d %H:%M", false));
		model_set(o, "created_iso", time_format(rq->arena,
		    users[i].created_at, "%Y-%m-%dT%H:%M:%SZ", true));
		model_set(o, "edit_url", url_admin_item(rq->arena, "users",
		    users[i].id, "edit"));
		json_array_append_new(list, o);
	}
	json_object_set_new(model, "users", list);
	json_object_set_new(model, "has_users", json_boolean(n > 0));
	model_set(model, "new_url", url_admin_new(rq->arena, "users"));
	return layout_render(rq, rs, "admin_users", model, 200);
}

/* GET /admin/users/new: the form for a new account. */
int
admin_users_new(struct request *rq, struct response *rs)
{
	struct user_form u = { 0 };

	if (form_init(&u.f, rq->arena, new_fields, FORM_FIELDS(new_fields)) ==
	    -1)
		return 500;
	form_set(&u.f, "role", "editor", false);
	return form_page(rq, rs, &u, 200);
}

/* The account of a valid new-account form, its audit line and flash, in
 * one transaction. 303 to the list, or the form again. */
static int
create(struct request *rq, struct response *rs, struct user_form *u,
    const char *hash)
{
	const char *name = form_value(&u->f, "name");
	const char *role = form_value(&u->f, "role");
	enum store_status st;
	bool duplicate = false, unrecorded = false;
	int64_t id;

	if ((st = store_tx_begin(rq->db)) == STORE_OK) {
		st = store_user_add(rq->db, name, role, hash, rq->now, &id,
		    &duplicate);
		if (st != STORE_OK || duplicate)
			store_tx_rollback(rq->db);
		else
			st = audit_commit(rq, "account", arena_printf(rq->arena,
			    "%s: created (%s)", name, role), arena_printf(
			    rq->arena, T(rq->lang, "Account %s created."),
			    name),
			    &unrecorded);
	}
	if (st != STORE_OK)
		return not_kept(rq, rs, u, st, unrecorded);
	if (duplicate) {
		form_fail(&u->f, "name", T(rq->lang,
		    "There is already an account with "
		    "this name."));
		return form_page(rq, rs, u, 422);
	}
	response_set_header(rs, "Location", url_admin_items(rq->arena, "users",
	    0));
	return 303;
}

/* POST /admin/users: name, role, password. 303 to the list when the
 * account is made; 422 with the form as typed when a field is wrong. */
int
admin_users_create(struct request *rq, struct response *rs)
{
	struct user_form u = { 0 };
	struct user existing;
	enum store_status st;
	char *hash;
	int status;

	if (form_init(&u.f, rq->arena, new_fields, FORM_FIELDS(new_fields)) ==
	    -1)
		return 500;
	form_read(&u.f, rq);
	if (form_value(&u.f, "name") != NULL) {
		st = store_user_by_name(rq->db, rq->arena,
		    form_value(&u.f, "name"), &existing);
		if (st == STORE_OK)
			form_fail(&u.f, "name", T(rq->lang,
			    "There is already an account "
			    "with this name."));
		else if (st != STORE_NOTFOUND)
			return not_kept(rq, rs, &u, st, false);
	}
	if (!form_ok(&u.f))
		return form_page(rq, rs, &u, 422);
	/* Hashed before the transaction: it takes a core for ~50 ms, and
	 * the write lock would be held meanwhile. */
	if ((hash = auth_hash_password(form_value(&u.f, "password"))) ==
	    NULL) {
		u.form_error = T(rq->lang, "The password could not be stored. "
		    "Please try again in a moment.");
		return form_page(rq, rs, &u, 503);
	}
	status = create(rq, rs, &u, hash);
	free(hash);
	return status;
}

/* Loads account id into a user_form for editing, its table filled with
 * the stored values; 0 or the status to answer with. */
static int
load(struct request *rq, int64_t id, struct user *acc, struct user_form *u)
{
	enum store_status st;

	if (id <= 0)
		return 404;
	if ((st = store_user_by_id(rq->db, rq->arena, id, acc)) != STORE_OK)
		return store_http_status(st);
	memset(u, 0, sizeof(*u));
	if (form_init(&u->f, rq->arena, edit_fields,
	    FORM_FIELDS(edit_fields)) == -1)
		return 500;
	u->id = acc->id;
	u->name = acc->name;
	u->self = acc->id == rq->session->user_id;
	form_set(&u->f, "role", acc->role, false);
	form_set(&u->f, "disabled", acc->disabled ? "1" : "0", false);
	form_set(&u->f, "lang", acc->lang, false);
	form_set(&u->f, "reviewer", acc->reviewer ? "1" : "0", false);
	return 0;
}

/* Fails field lang of f unless it is empty (the site's default) or one of
 * the configured languages. */
static void
check_lang(struct request *rq, struct form *f)
{
	const char *v = form_value(f, "lang");

	if (v != NULL && *v != '\0' && admin_lang_known(rq, v) == NULL)
		form_fail(f, "lang", T(rq->lang, "Choose one of the site's "
		    "languages."));
}

/* GET /admin/users/<id>/edit: role, enabled or not, a new password. */
int
admin_users_edit(struct request *rq, struct response *rs)
{
	struct user_form u;
	struct user acc;
	int status;

	if ((status = load(rq, route_id(rq, 0), &acc, &u)) != 0)
		return status;
	return form_page(rq, rs, &u, 200);
}

/* What changed, for the audit log: "NAME: role changed from editor to
 * admin; disabled; password reset"; NULL when nothing did. */
static const char *
changes(struct request *rq, const struct user *acc, const char *role,
    bool disabled, bool password, const char *lang, bool reviewer)
{
	struct buf b = BUF_INIT;
	const char *out;

	if (strcmp(acc->lang, lang) != 0)
		buf_printf(&b, "; language set to %s", *lang != '\0' ? lang :
		    "the site's default");
	if (strcmp(acc->role, role) != 0)
		buf_printf(&b, "; role changed from %s to %s", acc->role, role);
	if (acc->disabled != disabled)
		buf_adds(&b, disabled ? "; disabled" : "; enabled");
	if (acc->reviewer != reviewer)
		buf_adds(&b, reviewer ? "; reviewer role given" :
		    "; reviewer role taken away");
	if (password)
		buf_adds(&b, "; password reset");
	if (b.len == 0 || b.failed) {
		buf_free(&b);
		return NULL;
	}
	out = arena_printf(rq->arena, "%s: %s", acc->name, b.data + 2);
	buf_free(&b);
	return out;
}

/* Reads the edit form over the stored values: a field left out or empty
 * keeps its value. An admin can neither demote nor disable themselves. */
static void
read_edit(struct request *rq, const struct user *acc, struct user_form *u)
{
	const char *role, *disabled;
	bool bad;

	form_read(&u->f, rq);
	/* Empty is a choice here (the site's default); left out keeps it. */
	if (request_form(rq, "lang", &bad) == NULL)
		form_set(&u->f, "lang", acc->lang, false);
	if (*form_field(&u->f, "role")->raw == '\0')
		form_set(&u->f, "role", acc->role, false);
	if (*form_field(&u->f, "disabled")->raw == '\0')
		form_set(&u->f, "disabled", acc->disabled ? "1" : "0", false);
	/* An unticked box sends nothing: the form says it showed one. */
	if (request_form(rq, "reviewer_shown", &bad) == NULL)
		form_set(&u->f, "reviewer", acc->reviewer ? "1" : "0", false);
	else if (*form_field(&u->f, "reviewer")->raw == '\0')
		form_set(&u->f, "reviewer", "0", false);
	role = form_value(&u->f, "role");
	disabled = form_value(&u->f, "disabled");
	if (u->self && role != NULL && strcmp(role, "admin") != 0)
		form_fail(&u->f, "role", T(rq->lang,
		    "You cannot take away your own admin "
		    "role; ask another admin."));
	if (u->self && disabled != NULL && strcmp(disabled, "1") == 0)
		form_fail(&u->f, "disabled", T(rq->lang,
		    "You cannot disable your own "
		    "account."));
	/* Changing one's own password takes the current one. */
	if (u->self && *form_field(&u->f, "password")->raw != '\0')
		form_fail(&u->f, "password", T(rq->lang, "Change your own "
		    "password from your account page, giving the current "
		    "one."));
	check_lang(rq, &u->f);
}

/* The change of a valid edit form (hash: the new password's, or NULL),
 * its audit line and flash, in one transaction; the editor's own session
 * is renewed within it when theirs went with the others. */
static int
update(struct request *rq, struct response *rs, struct user_form *u,
    const struct user *acc, const char *hash, const char *detail)
{
	const char *role = form_value(&u->f, "role");
	bool disabled = strcmp(form_value(&u->f, "disabled"), "1") == 0;
	struct session *own = rq->session;
	enum store_status st;
	bool end_sessions, unrecorded = false;

	/* Disabling ends sessions too, though a disabled account's are
	 * refused anyway: no row outlives the reason it was made for. */
	end_sessions = hash != NULL || strcmp(acc->role, role) != 0 ||
	    (disabled && !acc->disabled);
	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return not_kept(rq, rs, u, st, false);
	st = store_user_update(rq->db, acc->id, role, disabled, hash, rq->now,
	    end_sessions);
	if (st == STORE_OK && strcmp(acc->lang, form_value(&u->f, "lang")) != 0)
		st = store_user_set_lang(rq->db, acc->id, form_value(&u->f,
		    "lang"), rq->now);
	if (st == STORE_OK && acc->reviewer != (strcmp(form_value(&u->f,
	    "reviewer"), "1") == 0))
		st = store_review_set_reviewer(rq->db, acc->id, !acc->reviewer,
		    rq->now);
	if (st == STORE_OK && u->self && end_sessions &&
	    auth_session_start(rq, rs, acc->id, acc->name, role) != AUTH_OK)
		st = STORE_ERROR;
	if (st != STORE_OK)
		store_tx_rollback(rq->db);
	else
		st = audit_commit(rq, "account", detail, arena_printf(
		    rq->arena, T(rq->lang, "Account %s saved."), acc->name),
		    &unrecorded);
	if (st == STORE_NOTFOUND)
		return 404;
	if (st != STORE_OK) {
		/* The renewed session went with the rest. */
		response_unset_header(rs, "Set-Cookie");
		rq->session = own;
		return not_kept(rq, rs, u, st, unrecorded);
	}
	response_set_header(rs, "Location", url_admin_items(rq->arena, "users",
	    0));
	return 303;
}

/* POST /admin/users/<id>: role, disabled (0|1), password (empty: kept).
 * A new role or password ends the account's sessions (the editor's own is
 * renewed). */
int
admin_users_update(struct request *rq, struct response *rs)
{
	struct user_form u;
	struct user acc;
	const char *password, *detail;
	char *hash = NULL;
	int status;

	if ((status = load(rq, route_id(rq, 0), &acc, &u)) != 0)
		return status;
	read_edit(rq, &acc, &u);
	if (!form_ok(&u.f))
		return form_page(rq, rs, &u, 422);
	password = form_value(&u.f, "password");
	if (*password != '\0' && (hash = auth_hash_password(password)) ==
	    NULL) {
		u.form_error = T(rq->lang, "The password could not be stored. "
		    "Please try again in a moment.");
		return form_page(rq, rs, &u, 503);
	}
	detail = changes(rq, &acc, form_value(&u.f, "role"),
	    strcmp(form_value(&u.f, "disabled"), "1") == 0, hash != NULL,
	    form_value(&u.f, "lang"), strcmp(form_value(&u.f, "reviewer"),
	    "1") == 0);
	if (detail == NULL) {
		/* Nothing to record: a lost message costs nothing. */
		audit_flash(rq, T(rq->lang, "Nothing was changed."));
		response_set_header(rs, "Location", url_admin_items(rq->arena,
		    "users", 0));
		return 303;
	}
	status = update(rq, rs, &u, &acc, hash, detail);
	free(hash);
	return status;
}

/* The account page's second factor and password links into model: on
 * or not (and required), recovery codes left, where to change them. */
static int
own_totp(struct request *rq, json_t *model)
{
	struct store_totp t;

	if (store_totp_get(rq->db, rq->arena, rq->session->user_id, &t) !=
	    STORE_OK)
		return -1;
	json_object_set_new(model, "totp_enabled", json_boolean(t.enabled));
	json_object_set_new(model, "totp_required", json_boolean(
	    auth_totp_required(rq, rq->session->role)));
	json_object_set_new(model, "recovery_left",
	    json_integer(t.recovery_left));
	model_set(model, "totp_start_url", url_admin_account_totp(rq->arena,
	    NULL));
	model_set(model, "totp_disable_url", url_admin_account_totp(
	    rq->arena, "disable"));
	model_set(model, "password_url", url_admin_account_password(
	    rq->arena));
	return 0;
}

/* The editor's own account page: the form, with its message when
 * errors. */
static int
own_page(struct request *rq, struct response *rs, const struct form *f,
    const char *name, const char *form_error, int status)
{
	static const char *const own_names[] = { "lang" };
	static const char *const own_labels[] = { N_("Language") };
	json_t *model;
	size_t nerr;

	if ((model = admin_model(rq, T(rq->lang, "My account"),
	    "account")) == NULL)
		return status >= 500 ? status : 503;
	model_set(model, "name", name);
	model_set(model, "form_action", url_admin_account(rq->arena));
	json_object_set_new(model, "lang_options", admin_lang_options(rq,
	    form_shown(f, "lang")));
	model_set(model, "default_lang", lang_name(rq,
	    rq->cfg->default_lang));
	if (own_totp(rq, model) == -1)
		return 503;
	nerr = admin_form_errors(model, f, own_names, own_labels, 1);
	json_object_set_new(model, "has_errors", json_boolean(nerr > 0 ||
	    form_error != NULL));
	model_set(model, "form_error", form_error);
	if (admin_account_devices(rq, model) == -1)
		return 500;
	return layout_render(rq, rs, "admin_account", model, status);
}

/* Reads the signed-in editor's account into acc and sets f up over its
 * form; 0, or the status to answer with. */
static int
own_load(struct request *rq, struct user *acc, struct form *f)
{
	enum store_status st;

	if ((st = store_user_by_id(rq->db, rq->arena, rq->session->user_id,
	    acc)) != STORE_OK)
		return store_http_status(st);
	if (form_init(f, rq->arena, own_fields, FORM_FIELDS(own_fields)) ==
	    -1)
		return 500;
	return 0;
}

/* GET /admin/account: the signed-in editor's interface language. */
int
admin_account_edit(struct request *rq, struct response *rs)
{
	struct form f;
	struct user acc;
	int ret;

	if ((ret = own_load(rq, &acc, &f)) != 0)
		return ret;
	form_set(&f, "lang", acc.lang, false);
	return own_page(rq, rs, &f, acc.name, NULL, 200);
}

/* POST /admin/account: lang, a configured language or empty (the site's
 * default). 303 back to the page, now in that language. */
int
admin_account_update(struct request *rq, struct response *rs)
{
	struct form f;
	struct user acc;
	enum store_status st;
	const char *lang;
	bool unrecorded = false;
	int ret;

	if ((ret = own_load(rq, &acc, &f)) != 0)
		return ret;
	form_read(&f, rq);
	check_lang(rq, &f);
	if (!form_ok(&f))
		return own_page(rq, rs, &f, acc.name, NULL, 422);
	/* Its flash is in the new language: the next page speaks it. */
	lang = form_value(&f, "lang");
	if (strcmp(lang, acc.lang) == 0)
		audit_flash(rq, T(rq->lang, "Nothing was changed."));
	else if ((st = store_tx_begin(rq->db)) != STORE_OK ||
	    (st = store_user_set_lang(rq->db, acc.id, lang, rq->now)) !=
	    STORE_OK ||
	    (st = audit_commit(rq, "account", changes(rq, &acc, acc.role,
	    acc.disabled, false, lang, acc.reviewer), T(*lang != '\0' ? lang : NULL,
	    "Your account is saved."), &unrecorded)) != STORE_OK) {
		store_tx_rollback(rq->db);
		return own_page(rq, rs, &f, acc.name, T(rq->lang,
		    audit_failure_text(st, unrecorded)), store_http_status(st));
	}
	response_set_header(rs, "Location", url_admin_account(rq->arena));
	return 303;
}

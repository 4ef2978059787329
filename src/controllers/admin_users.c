/* admin_users.c: the accounts pages (admins only): list, new, edit. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "request.h"
#include "response.h"
#include "store/user.h"
#include "view/dates.h"

/* 256: longer than any valid name; a longer one is not shown back. */
#define ECHO_MAX	256

/* What the form shows: the values as typed and a message per field. */
struct user_form {
	int64_t		 id;		/* 0 for a new account */
	const char	*name;
	const char	*role;
	bool		 disabled;
	bool		 self;		/* the signed-in admin's own account */
	const char	*name_error;
	const char	*role_error;
	const char	*disabled_error;
	const char	*password_error;
	const char	*form_error;	/* not about one field (busy ...) */
};

/* Adds {anchor, message} to list when message is set: the summary at the
 * top of the form links to each field in error. */
static void
error_item(json_t *list, const char *anchor, const char *message)
{
	json_t *o;

	if (message == NULL || (o = json_object()) == NULL)
		return;
	model_set(o, "anchor", anchor);
	model_set(o, "message", message);
	json_array_append_new(list, o);
}

static int
form_page(struct request *rq, struct response *rs, const struct user_form *f,
    int status)
{
	json_t *model, *errors;

	model = admin_model(rq, f->id ? "Edit account" : "New account",
	    "users");
	if (model == NULL)
		return status >= 500 ? status : 503;
	json_object_set_new(model, "is_new", json_boolean(f->id == 0));
	model_set(model, "form_action", f->id ? arena_printf(rq->arena,
	    "/admin/users/%lld", (long long)f->id) : "/admin/users");
	model_set(model, "name", f->name != NULL &&
	    strnlen(f->name, ECHO_MAX + 1) <= ECHO_MAX ? f->name : "");
	json_object_set_new(model, "role_editor", json_boolean(f->role &&
	    strcmp(f->role, "editor") == 0));
	json_object_set_new(model, "role_admin", json_boolean(f->role &&
	    strcmp(f->role, "admin") == 0));
	json_object_set_new(model, "disabled", json_boolean(f->disabled));
	json_object_set_new(model, "is_self", json_boolean(f->self));
	errors = json_array();
	error_item(errors, "name", f->name_error);
	error_item(errors, "role", f->role_error);
	error_item(errors, "disabled", f->disabled_error);
	error_item(errors, "password", f->password_error);
	json_object_set_new(model, "has_errors", json_boolean(
	    json_array_size(errors) > 0 || f->form_error != NULL));
	json_object_set_new(model, "has_field_errors",
	    json_boolean(json_array_size(errors) > 0));
	json_object_set_new(model, "error_list", errors);
	model_set(model, "name_error", f->name_error);
	model_set(model, "role_error", f->role_error);
	model_set(model, "disabled_error", f->disabled_error);
	model_set(model, "password_error", f->password_error);
	model_set(model, "form_error", f->form_error);
	return layout_render(rq, rs, "admin_user_form", model, status);
}

/* A store failure on a write: busy, read-only or full come back as 503
 * with the form as typed; anything else is a 500. */
static int
store_failed(struct request *rq, struct response *rs, struct user_form *f,
    enum store_status st)
{
	if (st != STORE_BUSY && st != STORE_READONLY && st != STORE_FULL)
		return 500;
	f->form_error = "The account could not be saved: the database is "
	    "busy or cannot be written. Please try again in a moment.";
	return form_page(rq, rs, f, 503);
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
	if ((model = admin_model(rq, "Accounts", "users")) == NULL)
		return 500;
	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		model_set(o, "name", users[i].name);
		model_set(o, "role", users[i].role);
		model_set(o, "status", users[i].disabled ? "disabled" :
		    "enabled");
		json_object_set_new(o, "disabled",
		    json_boolean(users[i].disabled));
		json_object_set_new(o, "is_self", json_boolean(
		    users[i].id == rq->session->user_id));
		model_set(o, "created", time_format(rq->arena,
		    users[i].created_at, "%Y-%m-%d %H:%M", false));
		model_set(o, "created_iso", time_format(rq->arena,
		    users[i].created_at, "%Y-%m-%dT%H:%M:%SZ", true));
		model_set(o, "edit_url", arena_printf(rq->arena,
		    "/admin/users/%lld/edit", (long long)users[i].id));
		json_array_append_new(list, o);
	}
	json_object_set_new(model, "users", list);
	json_object_set_new(model, "has_users", json_boolean(n > 0));
	return layout_render(rq, rs, "admin_users", model, 200);
}

/* GET /admin/users/new: the form for a new account. */
int
admin_users_new(struct request *rq, struct response *rs)
{
	struct user_form f = { .role = "editor" };

	return form_page(rq, rs, &f, 200);
}

/* A form field: NULL when absent; *problem set when it does not decode. */
static const char *
field(const struct request *rq, const char *name, const char **problem)
{
	const char *v;
	bool bad;

	v = request_form(rq, name, &bad);
	if (bad)
		*problem = "This field holds characters that cannot be read.";
	return v;
}

/* POST /admin/users: name, role, password. 303 to the list when the
 * account is made; 422 with the form as typed when a field is wrong. */
int
admin_users_create(struct request *rq, struct response *rs)
{
	struct user_form f = { 0 };
	struct user existing;
	const char *password, *detail;
	enum store_status st;
	char *hash;
	int64_t id;
	bool duplicate;

	f.name = field(rq, "name", &f.name_error);
	f.role = field(rq, "role", &f.role_error);
	password = field(rq, "password", &f.password_error);
	if (f.name_error == NULL) {
		if (f.name == NULL || *f.name == '\0')
			f.name_error = "Enter a user name.";
		else if (!auth_username_valid(f.name))
			f.name_error = "Use 1 to 64 letters (A-Z, a-z), "
			    "digits, dots, hyphens or underscores.";
	}
	if (f.role_error == NULL && !auth_role_valid(f.role))
		f.role_error = "Choose editor or admin.";
	if (f.password_error == NULL)
		f.password_error = auth_password_problem(password);
	if (f.name_error == NULL) {
		st = store_user_by_name(rq->db, rq->arena, f.name, &existing);
		if (st == STORE_OK)
			f.name_error = "There is already an account with this "
			    "name.";
		else if (st != STORE_NOTFOUND)
			return store_failed(rq, rs, &f, st);
	}
	if (f.name_error || f.role_error || f.password_error)
		return form_page(rq, rs, &f, 422);
	if ((hash = auth_hash_password(password)) == NULL) {
		f.form_error = "The password could not be stored. Please try "
		    "again in a moment.";
		return form_page(rq, rs, &f, 503);
	}
	st = store_user_add(rq->db, f.name, f.role, hash, rq->now, &id,
	    &duplicate);
	free(hash);
	if (st != STORE_OK)
		return store_failed(rq, rs, &f, st);
	if (duplicate) {
		f.name_error = "There is already an account with this name.";
		return form_page(rq, rs, &f, 422);
	}
	detail = arena_printf(rq->arena, "%s: created (%s)", f.name, f.role);
	audit_add(rq, NULL, "account", detail);
	audit_flash(rq, arena_printf(rq->arena, "Account %s created.", f.name));
	response_set_header(rs, "Location", "/admin/users");
	return 303;
}

/* Loads account id into a form; 0 or the status to answer with. */
static int
load(struct request *rq, int64_t id, struct user *u, struct user_form *f)
{
	enum store_status st;

	if (id <= 0)
		return 404;
	if ((st = store_user_by_id(rq->db, rq->arena, id, u)) != STORE_OK)
		return store_http_status(st);
	memset(f, 0, sizeof(*f));
	f->id = u->id;
	f->name = u->name;
	f->role = u->role;
	f->disabled = u->disabled;
	f->self = u->id == rq->session->user_id;
	return 0;
}

/* GET /admin/users/<id>/edit: role, enabled or not, a new password. */
int
admin_users_edit(struct request *rq, struct response *rs)
{
	struct user_form f;
	struct user u;
	int status;

	if ((status = load(rq, route_id(rq, 0), &u, &f)) != 0)
		return status;
	return form_page(rq, rs, &f, 200);
}

/* What changed, for the audit log: "NAME: role changed from editor to
 * admin; disabled; password reset"; NULL when nothing did. */
static const char *
changes(struct request *rq, const struct user *u, const struct user_form *f,
    bool password)
{
	struct buf b = BUF_INIT;
	const char *out;

	if (strcmp(u->role, f->role) != 0)
		buf_printf(&b, "; role changed from %s to %s", u->role,
		    f->role);
	if (u->disabled != f->disabled)
		buf_adds(&b, f->disabled ? "; disabled" : "; enabled");
	if (password)
		buf_adds(&b, "; password reset");
	if (b.len == 0 || b.failed) {
		buf_free(&b);
		return NULL;
	}
	out = arena_printf(rq->arena, "%s: %s", u->name, b.data + 2);
	buf_free(&b);
	return out;
}

/* POST /admin/users/<id>: role, disabled (0|1), password (empty: kept).
 * An admin can neither demote nor disable themselves. A new role or
 * password ends the account's sessions (the editor's own is renewed). */
int
admin_users_update(struct request *rq, struct response *rs)
{
	struct user_form f;
	struct user u;
	const char *role, *dis, *password, *detail;
	enum store_status st;
	char *hash = NULL;
	int status;
	bool end_sessions;

	if ((status = load(rq, route_id(rq, 0), &u, &f)) != 0)
		return status;
	role = field(rq, "role", &f.role_error);
	dis = field(rq, "disabled", &f.disabled_error);
	password = field(rq, "password", &f.password_error);
	/* An absent field keeps its value. */
	if (role != NULL)
		f.role = role;
	if (f.role_error == NULL && !auth_role_valid(f.role))
		f.role_error = "Choose editor or admin.";
	else if (f.role_error == NULL && f.self && strcmp(f.role, "admin"))
		f.role_error = "You cannot take away your own admin role; "
		    "ask another admin.";
	if (dis != NULL && f.disabled_error == NULL) {
		if (strcmp(dis, "0") == 0 || strcmp(dis, "1") == 0)
			f.disabled = dis[0] == '1';
		else
			f.disabled_error = "Choose enabled or disabled.";
	}
	if (f.disabled_error == NULL && f.self && f.disabled)
		f.disabled_error = "You cannot disable your own account.";
	if (f.password_error == NULL && password != NULL && *password != '\0')
		f.password_error = auth_password_problem(password);
	if (f.role_error || f.disabled_error || f.password_error)
		return form_page(rq, rs, &f, 422);
	if (password != NULL && *password != '\0' &&
	    (hash = auth_hash_password(password)) == NULL) {
		f.form_error = "The password could not be stored. Please try "
		    "again in a moment.";
		return form_page(rq, rs, &f, 503);
	}
	if ((detail = changes(rq, &u, &f, hash != NULL)) == NULL) {
		audit_flash(rq, "Nothing was changed.");
		response_set_header(rs, "Location", "/admin/users");
		return 303;
	}
	/* Disabling ends sessions too, though a disabled account's are
	 * refused anyway: no row outlives the reason it was made for. */
	end_sessions = hash != NULL || strcmp(u.role, f.role) != 0 ||
	    (f.disabled && !u.disabled);
	st = store_user_update(rq->db, u.id, f.role, f.disabled, hash,
	    rq->now, end_sessions);
	free(hash);
	if (st == STORE_NOTFOUND)
		return 404;
	if (st != STORE_OK)
		return store_failed(rq, rs, &f, st);
	/* The editor changed their own password: their session went with
	 * the others, so a new one keeps them signed in. */
	if (f.self && end_sessions && auth_session_start(rq, rs, u.id, u.name,
	    f.role) != AUTH_OK)
		log_error("account %s: session not renewed", u.name);
	audit_add(rq, NULL, "account", detail);
	audit_flash(rq, arena_printf(rq->arena, "Account %s saved.", u.name));
	response_set_header(rs, "Location", "/admin/users");
	return 303;
}

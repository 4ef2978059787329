/* admin_password.c: the signed-in editor changes their own password,
 * giving the current one; the change ends the account's other sessions
 * and renews this one. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "auth_totp.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/user.h"
#include "view/i18n.h"
#include "view/urls.h"

static const struct field fields[] = {
	{ "current_password", FIELD_REQUIRED | FIELD_SECRET | FIELD_BYTES,
	    AUTH_PASSWORD_MAX, NULL },
	{ "new_password", FIELD_REQUIRED | FIELD_SECRET | FIELD_BYTES,
	    AUTH_PASSWORD_MAX, form_check_password },
};

static const char *const names[] = { "current_password", "new_password" };
static const char *const labels[] = { N_("Current password"),
	N_("New password") };

/* The form, with its messages; the new password as typed (this editor's
 * own, back to the same browser on a no-store page), the current one
 * never. */
static int
page(struct request *rq, struct response *rs, const struct form *f,
    const char *form_error, int status)
{
	json_t *model;
	size_t nerr;

	if ((model = admin_model(rq, T(rq->lang, "Change your password"),
	    "account")) == NULL)
		return status >= 500 ? status : 503;
	model_set(model, "form_action", url_admin_account_password(
	    rq->arena));
	model_set(model, "account_url", url_admin_account(rq->arena));
	model_set(model, "new_password", form_field(f, "new_password")->raw);
	nerr = admin_form_errors(model, f, names, labels, 2);
	json_object_set_new(model, "has_errors", json_boolean(nerr > 0 ||
	    form_error != NULL));
	model_set(model, "form_error", form_error);
	return layout_render(rq, rs, "admin_password", model, status);
}

/* GET /admin/account/password: the form. */
int
admin_password_form(struct request *rq, struct response *rs)
{
	struct form f;

	if (form_init(&f, rq->arena, fields, FORM_FIELDS(fields)) == -1)
		return 500;
	return page(rq, rs, &f, NULL, 200);
}

/* The new password (hash) of u, its other sessions ended and this one
 * renewed, the audit line and flash, in one transaction. */
static int
change(struct request *rq, struct response *rs, struct form *f,
    const struct user *u, const char *hash)
{
	struct session *own = rq->session;
	enum store_status st;
	bool unrecorded = false;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return page(rq, rs, f, T(rq->lang, audit_failure_text(st,
		    false)), store_http_status(st));
	st = store_user_update(rq->db, u->id, u->role, u->disabled, hash,
	    rq->now, true);
	if (st == STORE_OK && auth_session_start(rq, rs, u->id, u->name,
	    u->role) != AUTH_OK)
		st = STORE_ERROR;
	if (st != STORE_OK)
		store_tx_rollback(rq->db);
	else
		st = audit_commit(rq, "account", arena_printf(rq->arena,
		    "%s: password changed", u->name), T(rq->lang, "Your "
		    "password is changed. Every other session of your "
		    "account has ended."), &unrecorded);
	if (st != STORE_OK) {
		response_unset_header(rs, "Set-Cookie");
		rq->session = own;
		return page(rq, rs, f, T(rq->lang, audit_failure_text(st,
		    unrecorded)), store_http_status(st));
	}
	response_set_header(rs, "Location", url_admin_account(rq->arena));
	return 303;
}

/* POST /admin/account/password: current_password, new_password. 303 to
 * the account page when changed; 422 with the form (the new password as
 * typed) when a field is wrong, 429 when the account's or the address's
 * failed attempts are too many. */
int
admin_password_update(struct request *rq, struct response *rs)
{
	struct form f;
	struct user u;
	enum store_status st;
	char *hash;
	int status;

	if (form_init(&f, rq->arena, fields, FORM_FIELDS(fields)) == -1)
		return 500;
	form_read(&f, rq);
	if (!form_ok(&f))
		return page(rq, rs, &f, NULL, 422);
	if ((st = store_user_by_id(rq->db, rq->arena, rq->session->user_id,
	    &u)) != STORE_OK)
		return store_http_status(st);
	/* Counted by the sign-in throttle: a stolen session must not let
	 * anyone guess the password at leisure. */
	switch (auth_totp_check(rq, &u, form_value(&f, "current_password"),
	    AUTH_TOTP_PASSWORD)) {
	case AUTH_OK:
		break;
	case AUTH_DENIED:
		form_fail(&f, "current_password", T(rq->lang, "This is not "
		    "your current password."));
		return page(rq, rs, &f, NULL, 422);
	case AUTH_THROTTLED:
		return page(rq, rs, &f, T(rq->lang, "Too many failed "
		    "attempts. Please wait 15 minutes and try again."), 429);
	default:
		return page(rq, rs, &f, T(rq->lang, "The site is busy. Please "
		    "try again in a moment."), 503);
	}
	if ((hash = auth_hash_password(form_value(&f, "new_password"))) ==
	    NULL)
		return page(rq, rs, &f, T(rq->lang, "The password could not be "
		    "stored. Please try again in a moment."), 503);
	status = change(rq, rs, &f, &u, hash);
	free(hash);
	return status;
}

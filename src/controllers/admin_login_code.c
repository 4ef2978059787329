/* admin_login_code.c: the second step of signing in: a sign-in whose
 * password was right asks for a code (or a recovery code), or, for an
 * account that must have a second factor and has none, sets one up. No
 * session exists until this step passes. */
#include <string.h>

#include "auth.h"
#include "auth_internal.h"
#include "auth_totp.h"
#include "controllers/controllers.h"
#include "form.h"
#include "request.h"
#include "response.h"
#include "store/totp.h"
#include "store/user.h"
#include "view/i18n.h"
#include "view/urls.h"

static const struct field code_fields[] = {
	{ "code", FIELD_SECRET | FIELD_BYTES, AUTH_TOTP_CODE_MAX, NULL },
	{ "next", FIELD_BYTES, AUTH_NEXT_MAX, NULL },
};

/* The code form for u (or its enrolment, when its second factor is not
 * on yet), with error when not NULL; status is the answer's. */
static int
code_page(struct request *rq, struct response *rs, const struct user *u,
    const char *next, const char *error, int status)
{
	struct store_totp t;
	enum store_status st;
	const char *token, *action;
	json_t *model;

	if ((token = auth_prelogin(rq, rs)) == NULL)
		return 500;
	if ((st = store_totp_get(rq->db, rq->arena, u->id, &t)) != STORE_OK)
		return store_http_status(st);
	next = auth_next_ok(next) ? next : "";
	action = url_admin_login_code(rq->arena, NULL);
	if (!t.enabled)
		return admin_totp_enrol_page(rq, rs, u, t.secret, action, token,
		    next, error, true, status);
	if ((model = admin_model(rq, T(rq->lang, "Sign in: code"), NULL)) ==
	    NULL)
		return 503;
	json_object_del(model, "user");
	json_object_del(model, "nav");
	model_set(model, "csrf_token", token);
	model_set(model, "action", action);
	model_set(model, "next", next);
	model_set(model, "error", error);
	model_set(model, "restart_url", url_admin_login(rq->arena));
	return layout_render(rq, rs, "admin_login_code", model, status);
}

/* To the first step again: no sign-in is waiting for a code here. */
static int
restart(struct request *rq, struct response *rs)
{
	response_set_header(rs, "Location", url_admin_login(rq->arena));
	return 303;
}

/* GET /admin/login/code[?next=PATH]: the code form of the browser's
 * waiting sign-in; 303 to the sign-in form when none is waiting. */
int
admin_login_code_form(struct request *rq, struct response *rs)
{
	struct user u;
	enum store_status st;

	if ((st = auth_totp_pending(rq, &u)) == STORE_NOTFOUND)
		return restart(rq, rs);
	if (st != STORE_OK)
		return store_http_status(st);
	return code_page(rq, rs, &u, request_query(rq, "next"), NULL, 200);
}

/* POST /admin/login/code: code, next, csrf_token (the pre-session
 * cookie's). 303 to next when signed in (or, after setting up a second
 * factor, the recovery codes once); the form again with 401 on a wrong
 * or used code, 429 when throttled, 403 (audited, the page saying which
 * check failed) when the form's token or Origin is refused; 303 to the sign-in form when no sign-in is waiting. */
int
admin_login_code(struct request *rq, struct response *rs)
{
	const char *codes[AUTH_TOTP_RECOVERY_N], *code, *next;
	struct store_totp t;
	struct form f;
	struct user u;
	enum store_status st;
	enum auth_result r;
	enum auth_csrf why;

	if ((st = auth_totp_pending(rq, &u)) == STORE_NOTFOUND)
		return restart(rq, rs);
	if (st != STORE_OK)
		return store_http_status(st);
	if (form_init(&f, rq->arena, code_fields, FORM_FIELDS(code_fields)) ==
	    -1)
		return 500;
	form_read(&f, rq);
	code = form_field(&f, "code")->raw;
	next = form_field(&f, "next")->raw;
	/* Logged, audited and explained as the first step's refusals are:
	 * the same pre-session cookie and Origin are checked. */
	if ((why = auth_prelogin_why(rq)) != AUTH_CSRF_OK)
		return code_page(rq, rs, &u, next, auth_csrf_refused(rq, why,
		    u.name), 403);
	if ((st = store_totp_get(rq->db, rq->arena, u.id, &t)) != STORE_OK)
		return store_http_status(st);
	r = t.enabled ? auth_totp_check(rq, &u, code,
	    AUTH_TOTP_CODE | AUTH_TOTP_RECOVERY) :
	    auth_totp_confirm(rq, &u, code, codes);
	if (r == AUTH_OK && (r = auth_totp_signed_in(rq, rs, &u)) == AUTH_OK) {
		if (!t.enabled)
			return admin_totp_codes_page(rq, rs, codes,
			    admin_login_next(rq, next));
		response_set_header(rs, "Location", admin_login_next(rq, next));
		return 303;
	}
	switch (r) {
	case AUTH_DENIED:
		return code_page(rq, rs, &u, next, t.enabled ? T(rq->lang,
		    "That code is not right, or it was used already. Enter "
		    "the code your app shows now, or a recovery code.") :
		    T(rq->lang, "That code is not right, or it was used "
		    "already. Enter the code your app shows now."), 401);
	case AUTH_THROTTLED:
		return code_page(rq, rs, &u, next, T(rq->lang, "Too many "
		    "failed attempts to sign in. Please wait 15 minutes and "
		    "try again."), 429);
	default:
		return code_page(rq, rs, &u, next, T(rq->lang, "The site is "
		    "busy. Please try again in a moment."), 503);
	}
}

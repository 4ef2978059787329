/* admin_login.c: signing in to the editors' pages and signing out. */
#include <string.h>

#include "auth.h"
#include "auth_internal.h"
#include "controllers/controllers.h"
#include "form.h"
#include "request.h"
#include "response.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 256: a name typed into a 64-character field, in UTF-8, with room to
 * spare; anything longer is not shown back. */
#define ECHO_MAX	256

static const char *
check_next(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return *in == '\0' || auth_next_ok(in) ? NULL : T(lang, "is not a page "
	    "of this site");
}

/* The sign-in form. Its limits are the accounts' own: a name or password
 * past them matches no account. */
static const struct field login_fields[] = {
	{ "username", FIELD_BYTES, AUTH_USERNAME_MAX, NULL },
	{ "password", FIELD_SECRET | FIELD_BYTES, AUTH_PASSWORD_MAX, NULL },
	{ "next", FIELD_BYTES, AUTH_NEXT_MAX, check_next },
};

/* The sign-in form, with the user name as typed and a message; status is
 * the answer's. */
static int
login_page(struct request *rq, struct response *rs, const char *username,
    const char *next, const char *error, int status)
{
	const char *token;
	json_t *model;

	if ((token = auth_prelogin(rq, rs)) == NULL)
		return 500;
	if ((model = admin_model(rq, T(rq->lang, "Sign in"), NULL)) == NULL)
		return 503;
	/* Someone already signed in may sign in again (as someone else):
	 * this page still shows no account and no navigation. */
	json_object_del(model, "user");
	json_object_del(model, "nav");
	model_set(model, "csrf_token", token);
	model_set(model, "action", url_admin_login(rq->arena));
	model_set(model, "username", username != NULL &&
	    strnlen(username, ECHO_MAX + 1) <= ECHO_MAX ? username : "");
	model_set(model, "next", auth_next_ok(next) ? next : "");
	model_set(model, "error", error);
	return layout_render(rq, rs, "admin_login", model, status);
}

const char *
admin_login_next(struct request *rq, const char *next)
{
	const char *to;

	if (!auth_next_ok(next) || (to = auth_next_location(rq, next)) == NULL)
		return url_admin_dashboard(rq->arena, 0);
	return to;
}

/* GET /admin/login[?next=PATH]: the form, or on to next when signed in. */
int
admin_login_form(struct request *rq, struct response *rs)
{
	const char *next = request_query(rq, "next");
	const char *ticket = request_query(rq, "device");

	if (ticket != NULL && rq->session == NULL) {
		/* Back from signing out: the device cookie again, and the
		 * form at its plain address. */
		auth_device_restore(rq, rs, ticket);
		response_set_header(rs, "Location", url_admin_login(rq->arena));
		return 303;
	}
	if (rq->session != NULL) {
		response_set_header(rs, "Location", admin_login_next(rq, next));
		return 303;
	}
	return login_page(rq, rs, "", next, NULL, 200);
}

/* POST /admin/login: username, password, next, csrf_token (matched with
 * the pre-session cookie). 303 to next when signed in, or to the code
 * step when the account has a second factor; 401 with the form
 * on a wrong name or password (one message for both); 429 when
 * throttled; 403 when the form's token or Origin is refused (audited, the
 * page saying which and what to do). A browser that signs in gets a device
 * cookie (auth_device.c). */
int
admin_login(struct request *rq, struct response *rs)
{
	const char *username, *shown, *password, *next;
	enum auth_csrf why;
	struct form f;

	if (form_init(&f, rq->arena, login_fields,
	    FORM_FIELDS(login_fields)) == -1)
		return 500;
	form_read(&f, rq);
	username = form_field(&f, "username")->raw;
	shown = form_shown(&f, "username");
	/* A next the table refuses (another site's address) is dropped:
	 * admin_login_next() falls back to the dashboard. */
	next = form_value(&f, "next");
	/* A name or password the table refuses belongs to no account: the
	 * attempt still goes through the throttle and the same hashing, and
	 * fails as any other would. */
	password = form_error(&f, "username") == NULL &&
	    form_error(&f, "password") == NULL ?
	    form_value(&f, "password") : "";
	/* Which check failed, and what to do: a laptop's base_url left at
	 * another port refuses every sign-in, and must say so. */
	if ((why = auth_prelogin_why(rq)) != AUTH_CSRF_OK)
		return login_page(rq, rs, shown, next, auth_csrf_refused(rq,
		    why, username != NULL ? username : ""), 403);
	switch (auth_sign_in(rq, rs, username, password)) {
	case AUTH_OK:
		auth_prelogin_end(rq, rs);
		response_set_header(rs, "Location", admin_login_next(rq, next));
		return 303;
	case AUTH_CODE_NEEDED:
		response_set_header(rs, "Location", url_admin_login_code(
		    rq->arena, auth_next_ok(next) ? next : NULL));
		return 303;
	case AUTH_DENIED:
		return login_page(rq, rs, shown, next,
		    T(rq->lang, "Unknown user name or wrong password."), 401);
	case AUTH_THROTTLED:
		return login_page(rq, rs, shown, next, T(rq->lang, "Too many "
		    "failed attempts to sign in. Please wait 15 minutes and "
		    "try again."), 429);
	default:
		return login_page(rq, rs, shown, next, T(rq->lang, "The site "
		    "is busy. Please try again in a moment."), 503);
	}
}

/* POST /admin/logout (csrf_token checked by the route): ends the session
 * and goes to the sign-in form. */
int
admin_logout(struct request *rq, struct response *rs)
{
	const char *ticket = NULL;
	int64_t device;
	int status;

	/* Sign-out clears the site's cookies in the browser, the device
	 * cookie among them: the redirect carries a ticket for it. */
	if (rq->session != NULL && (device = auth_device_of(rq,
	    rq->session->username)) > 0)
		ticket = auth_device_ticket(rq, device);
	if ((status = auth_sign_out(rq, rs)) != 0)
		return status;
	response_set_header(rs, "Location", ticket != NULL ?
	    url_admin_login_device(rq->arena, ticket) :
	    url_admin_login(rq->arena));
	return 303;
}

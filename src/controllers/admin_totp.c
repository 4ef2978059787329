/* admin_totp.c: the second factor from the editor's account page: set it
 * up (a QR code, the key by hand, a confirming code, recovery codes shown
 * once) and turn it off (with a current code or the password); and the
 * enrolment and recovery-code pages the sign-in's code step shares. */
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "auth_internal.h"
#include "auth_totp.h"
#include "config.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "request.h"
#include "response.h"
#include "store/totp.h"
#include "store/user.h"
#include "view/i18n.h"
#include "view/qr.h"
#include "view/urls.h"

/* A code, a recovery code or (to turn the second factor off) a
 * password: the password's limit bounds them all. */
#define CODE_MAX	AUTH_PASSWORD_MAX

static const struct field code_fields[] = {
	{ "code", FIELD_SECRET | FIELD_BYTES, CODE_MAX, NULL },
};

/* 303 to the account page. */
static int
to_account(struct request *rq, struct response *rs)
{
	response_set_header(rs, "Location", url_admin_account(rq->arena));
	return 303;
}

/* The name authenticator apps show for this site: base_url's host. */
static const char *
issuer(struct request *rq)
{
	const char *url = rq->cfg->base_url, *host = strstr(url, "://");

	host = host != NULL ? host + 3 : url;
	/* An IPv6 address keeps its brackets; a port goes. */
	return arena_strndup(rq->arena, host, *host == '[' ?
	    strcspn(host, "]") + (strchr(host, ']') != NULL) :
	    strcspn(host, "/:?#"));
}

/* A model for a page of the second factor: the sign-in's (no account,
 * no navigation) or the account's. */
static json_t *
page_model(struct request *rq, const char *title, bool signin)
{
	json_t *model = admin_model(rq, title, signin ? NULL : "account");

	if (model != NULL && signin) {
		json_object_del(model, "user");
		json_object_del(model, "nav");
	}
	return model;
}

int
admin_totp_enrol_page(struct request *rq, struct response *rs,
    const struct user *u, const char *key, const char *action,
    const char *csrf, const char *next, const char *error, bool signin,
    int status)
{
	const char *uri = auth_totp_uri(rq->arena, issuer(rq), u->name, key);
	const char *qr = uri != NULL ? view_qr_data_url(rq->arena, uri) : NULL;
	json_t *model;

	if (qr == NULL)
		return 500;
	if ((model = page_model(rq, T(rq->lang, "Set up two-step sign-in"),
	    signin)) == NULL)
		return 503;
	json_object_set_new(model, "signin", json_boolean(signin));
	model_set(model, "qr_url", qr);
	model_set(model, "key", auth_totp_key_grouped(rq->arena, key));
	model_set(model, "uri", uri);
	model_set(model, "action", action);
	model_set(model, "csrf_token", csrf);
	model_set(model, "next", next);
	model_set(model, "error", error);
	model_set(model, "account_url", url_admin_account(rq->arena));
	return layout_render(rq, rs, "admin_totp_enrol", model, status);
}

int
admin_totp_codes_page(struct request *rq, struct response *rs,
    const char *const *codes, const char *next_url)
{
	json_t *model, *list = json_array();
	size_t i;

	for (i = 0; i < AUTH_TOTP_RECOVERY_N; i++)
		json_array_append_new(list, json_string(codes[i]));
	if ((model = page_model(rq, T(rq->lang, "Your recovery codes"),
	    false)) == NULL) {
		json_decref(list);
		return 503;
	}
	json_object_set_new(model, "codes", list);
	model_set(model, "next_url", next_url);
	return layout_render(rq, rs, "admin_totp_codes", model, 200);
}

/* POST /admin/account/totp: starts enrolment with a new key (replacing an
 * unconfirmed one) and shows it; 303 back to the account page when the
 * second factor is on already. */
int
admin_totp_start(struct request *rq, struct response *rs)
{
	struct user u;
	enum store_status st;
	const char *key;

	if ((st = store_user_by_id(rq->db, rq->arena, rq->session->user_id,
	    &u)) != STORE_OK)
		return store_http_status(st);
	if ((key = auth_totp_key_new(rq->arena)) == NULL)
		return 500;
	st = store_totp_begin(rq->db, u.id, key, rq->now);
	if (st == STORE_NOTFOUND) {
		return to_account(rq, rs);
	}
	if (st != STORE_OK)
		return store_http_status(st);
	return admin_totp_enrol_page(rq, rs, &u, key,
	    url_admin_account_totp(rq->arena, "confirm"),
	    rq->session->csrf_token, NULL, NULL, false, 200);
}

/* The message for a refused code, and the status to answer with. */
static const char *
refusal(struct request *rq, enum auth_result r, int *status)
{
	switch (r) {
	case AUTH_DENIED:
		*status = 422;
		return T(rq->lang, "That code is not right, or it was used "
		    "already. Enter the code your app shows now.");
	case AUTH_THROTTLED:
		*status = 429;
		return T(rq->lang, "Too many wrong codes. Please wait 15 "
		    "minutes and try again.");
	default:
		*status = 503;
		return T(rq->lang, "The site is busy. Please try again in a "
		    "moment.");
	}
}

/* POST /admin/account/totp/confirm: code. Turns the second factor on when
 * the code matches the unconfirmed key and shows the recovery codes; else
 * the enrolment page again with a message (the same key). */
int
admin_totp_confirm(struct request *rq, struct response *rs)
{
	const char *codes[AUTH_TOTP_RECOVERY_N], *error;
	struct store_totp t;
	struct form f;
	struct user u;
	enum store_status st;
	enum auth_result r;
	int status;

	if ((st = store_user_by_id(rq->db, rq->arena, rq->session->user_id,
	    &u)) != STORE_OK ||
	    (st = store_totp_get(rq->db, rq->arena, u.id, &t)) != STORE_OK)
		return store_http_status(st);
	if (t.enabled || *t.secret == '\0') {
		return to_account(rq, rs);
	}
	if (form_init(&f, rq->arena, code_fields, FORM_FIELDS(code_fields)) ==
	    -1)
		return 500;
	form_read(&f, rq);
	r = auth_totp_confirm(rq, &u, form_field(&f, "code")->raw, codes);
	if (r == AUTH_OK) {
		audit_flash(rq, T(rq->lang, "Two-step sign-in is on."));
		return admin_totp_codes_page(rq, rs, codes,
		    url_admin_account(rq->arena));
	}
	error = refusal(rq, r, &status);
	return admin_totp_enrol_page(rq, rs, &u, t.secret,
	    url_admin_account_totp(rq->arena, "confirm"),
	    rq->session->csrf_token, NULL, error, false, status);
}

/* The page that turns the second factor off, with error above its form
 * when not NULL. */
static int
disable_page(struct request *rq, struct response *rs, const char *error,
    int status)
{
	json_t *model;

	if ((model = admin_model(rq, T(rq->lang, "Turn off two-step sign-in"),
	    "account")) == NULL)
		return 503;
	model_set(model, "action", url_admin_account_totp(rq->arena,
	    "disable"));
	model_set(model, "account_url", url_admin_account(rq->arena));
	model_set(model, "error", error);
	return layout_render(rq, rs, "admin_totp_disable", model, status);
}

/* GET /admin/account/totp/disable: the form (a current code or the
 * password). */
int
admin_totp_disable_form(struct request *rq, struct response *rs)
{
	return disable_page(rq, rs, NULL, 200);
}

/* POST /admin/account/totp/disable: proof (a current code, a recovery
 * code or the password). 303 to the account page with the second factor
 * off; the form again with a message when proof is wrong. */
int
admin_totp_disable(struct request *rq, struct response *rs)
{
	static const struct field fields[] = {
		{ "proof", FIELD_SECRET | FIELD_BYTES, CODE_MAX, NULL },
	};
	struct store_totp t;
	struct form f;
	struct user u;
	enum store_status st;
	enum auth_result r;
	const char *error;
	bool unrecorded = false;
	int status;

	if ((st = store_user_by_id(rq->db, rq->arena, rq->session->user_id,
	    &u)) != STORE_OK)
		return store_http_status(st);
	if (form_init(&f, rq->arena, fields, FORM_FIELDS(fields)) == -1)
		return 500;
	form_read(&f, rq);
	if ((st = store_totp_get(rq->db, rq->arena, u.id, &t)) != STORE_OK)
		return store_http_status(st);
	if (!t.enabled) {
		return to_account(rq, rs);
	}
	/* A recovery code too: a lost phone is why one turns it off. */
	if ((r = auth_totp_check(rq, &u, form_field(&f, "proof")->raw,
	    AUTH_TOTP_CODE | AUTH_TOTP_RECOVERY | AUTH_TOTP_PASSWORD)) !=
	    AUTH_OK) {
		error = refusal(rq, r, &status);
		if (r == AUTH_DENIED)
			error = T(rq->lang, "That is neither a current code "
			    "nor your password.");
		return disable_page(rq, rs, error, status);
	}
	if ((st = store_tx_begin(rq->db)) != STORE_OK ||
	    (st = store_totp_clear(rq->db, u.id, false, rq->now)) !=
	    STORE_OK ||
	    (st = audit_commit(rq, "account", arena_printf(rq->arena,
	    "%s: two-step sign-in turned off", u.name), T(rq->lang,
	    "Two-step sign-in is off."), &unrecorded)) != STORE_OK) {
		store_tx_rollback(rq->db);
		return disable_page(rq, rs, T(rq->lang,
		    audit_failure_text(st, unrecorded)),
		    store_http_status(st));
	}
	return to_account(rq, rs);
}

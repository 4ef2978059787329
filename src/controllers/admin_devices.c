/* admin_devices.c: the browsers the signed-in editor's account signed in
 * from (device cookies), as the account page lists them, and forgetting
 * one. */
#include "audit.h"
#include "auth.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/device.h"
#include "view/dates.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 20: as many as an account keeps (AUTH_DEVICES_MAX). */
#define DEVICES_SHOWN	20

int
admin_account_devices(struct request *rq, json_t *model)
{
	struct device *items;
	json_t *list, *o;
	size_t n, i;

	if (store_device_list(rq->db, rq->arena, rq->session->user_id,
	    DEVICES_SHOWN, &items, &n) != STORE_OK ||
	    (list = json_array()) == NULL ||
	    json_object_set_new(model, "devices", list) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			return -1;
		model_set(o, "created", time_format(rq->arena,
		    items[i].created_at, "%Y-%m-%d %H:%M", false));
		model_set(o, "created_iso", time_format(rq->arena,
		    items[i].created_at, "%Y-%m-%dT%H:%M:%SZ", true));
		model_set(o, "last_used", time_format(rq->arena,
		    items[i].last_used, "%Y-%m-%d %H:%M", false));
		model_set(o, "last_used_iso", time_format(rq->arena,
		    items[i].last_used, "%Y-%m-%dT%H:%M:%SZ", true));
		model_set(o, "forget_action", url_admin_device_forget(
		    rq->arena, items[i].id));
	}
	json_object_set_new(model, "has_devices", json_boolean(n > 0));
	return 0;
}

/* POST /admin/account/devices/<id>/forget (csrf_token checked by the
 * route): revokes one of the editor's own devices, so its cookie no
 * longer passes the per-account lock; 303 back to the account page, 404
 * for a device that is not the editor's. */
int
admin_device_forget(struct request *rq, struct response *rs)
{
	enum store_status st;
	bool unrecorded;

	if ((st = store_tx_begin(rq->db)) != STORE_OK)
		return store_http_status(st);
	if ((st = store_device_forget(rq->db, rq->session->user_id,
	    route_id(rq, 0))) != STORE_OK) {
		store_tx_rollback(rq->db);
		return store_http_status(st);
	}
	if ((st = audit_commit(rq, "device forgotten", arena_printf(rq->arena,
	    "device %lld", (long long)route_id(rq, 0)), T(rq->lang,
	    "The device is forgotten: signing in from it counts as from any "
	    "other browser."), &unrecorded)) != STORE_OK)
		return store_http_status(st);
	response_set_header(rs, "Location", url_admin_account(rq->arena));
	return 303;
}

/* admin_audit.c: the audit log (admins only), newest first, a page at a
 * time. */
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/user.h"
#include "view/dates.h"
#include "view/urls.h"

/* 50: a screenful of lines that still loads at once. */
#define AUDIT_PER_PAGE	50

/* The URL of page n of the audit log. */
static char *
audit_url(struct arena *a, const void *ctx, int64_t n)
{
	(void)ctx;
	return url_admin_audit(a, n);
}

/* GET /admin/audit[?page=N]: who did what, when, from where. */
int
admin_audit_index(struct request *rq, struct response *rs)
{
	struct audit_entry *items;
	struct pager pg;
	int64_t count;
	enum store_status st;
	json_t *model, *list, *o;
	size_t n, i;
	int ret;

	if ((ret = pager_start(&pg, request_query(rq, "page"),
	    AUDIT_PER_PAGE)) != 0)
		return ret;
	if ((st = store_audit_count(rq->db, &count)) != STORE_OK)
		return store_http_status(st);
	if ((ret = pager_count(&pg, count)) != 0)
		return ret;
	if ((st = store_audit_list(rq->db, rq->arena, pager_offset(&pg),
	    AUDIT_PER_PAGE, &items, &n)) != STORE_OK)
		return store_http_status(st);
	if ((model = admin_model(rq, "Audit log", "audit")) == NULL ||
	    (list = json_array()) == NULL ||
	    json_object_set_new(model, "entries", list) == -1)
		return 500;
	for (i = 0; i < n; i++) {
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) == -1)
			return 500;
		model_set(o, "at", time_format(rq->arena, items[i].at,
		    "%Y-%m-%d %H:%M:%S", false));
		model_set(o, "at_iso", time_format(rq->arena, items[i].at,
		    "%Y-%m-%dT%H:%M:%SZ", true));
		model_set(o, "username", items[i].username);
		model_set(o, "action", items[i].action);
		model_set(o, "detail", items[i].detail);
		model_set(o, "client", items[i].client);
	}
	json_object_set_new(model, "has_entries", json_boolean(n > 0));
	if (pager_model(model, &pg, rq->arena, audit_url, NULL) == -1)
		return 500;
	return layout_render(rq, rs, "admin_audit", model, 200);
}

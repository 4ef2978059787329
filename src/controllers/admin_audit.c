/* admin_audit.c: the audit log (admins only), newest first, a page at a
 * time. */
#include <stdlib.h>
#include <string.h>

#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/user.h"
#include "view/dates.h"

/* 50: a screenful of lines that still loads at once. */
#define AUDIT_PER_PAGE	50
/* 6 digits: 50 million lines, far beyond any office's log. */
#define PAGE_DIGITS_MAX	6

/* ?page=N counted from 0: digits only, no sign, no leading zero. Returns
 * 0 and sets *page, or -1. */
static int
parse_page(const char *s, int64_t *page)
{
	size_t len = strlen(s);

	if (len == 0 || len > PAGE_DIGITS_MAX || (len > 1 && s[0] == '0') ||
	    strspn(s, "0123456789") != len)
		return -1;
	*page = strtoll(s, NULL, 10);
	return 0;
}

/* GET /admin/audit[?page=N]: who did what, when, from where. */
int
admin_audit_index(struct request *rq, struct response *rs)
{
	struct audit_entry *items;
	const char *arg = request_query(rq, "page");
	int64_t page = 0, count, pages;
	enum store_status st;
	json_t *model, *list, *o;
	size_t n, i;

	if (arg != NULL && parse_page(arg, &page) == -1)
		return 400;
	if ((st = store_audit_count(rq->db, &count)) != STORE_OK)
		return store_http_status(st);
	pages = count == 0 ? 1 : (count + AUDIT_PER_PAGE - 1) / AUDIT_PER_PAGE;
	if (page >= pages)
		return 404;
	if ((st = store_audit_list(rq->db, rq->arena, page * AUDIT_PER_PAGE,
	    AUDIT_PER_PAGE, &items, &n)) != STORE_OK)
		return store_http_status(st);
	if ((model = admin_model(rq, "Audit log", "audit")) == NULL)
		return 500;
	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		model_set(o, "at", time_format(rq->arena, items[i].at,
		    "%Y-%m-%d %H:%M:%S", false));
		model_set(o, "at_iso", time_format(rq->arena, items[i].at,
		    "%Y-%m-%dT%H:%M:%SZ", true));
		model_set(o, "username", items[i].username);
		model_set(o, "action", items[i].action);
		model_set(o, "detail", items[i].detail);
		model_set(o, "client", items[i].client);
		json_array_append_new(list, o);
	}
	json_object_set_new(model, "entries", list);
	json_object_set_new(model, "has_entries", json_boolean(n > 0));
	json_object_set_new(model, "page_human", json_integer(page + 1));
	json_object_set_new(model, "page_count", json_integer(pages));
	json_object_set_new(model, "has_pages", json_boolean(pages > 1));
	if (page > 0)
		model_set(model, "prev_url", page == 1 ? "/admin/audit" :
		    arena_printf(rq->arena, "/admin/audit?page=%lld",
		    (long long)(page - 1)));
	else
		json_object_set_new(model, "prev_url", json_null());
	if (page + 1 < pages)
		model_set(model, "next_url", arena_printf(rq->arena,
		    "/admin/audit?page=%lld", (long long)(page + 1)));
	else
		json_object_set_new(model, "next_url", json_null());
	return layout_render(rq, rs, "admin_audit", model, 200);
}

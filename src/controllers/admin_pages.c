/* admin_pages.c: the editors' pages of the site's pages; the editor itself
 * is admin_content.c. */
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "view/i18n.h"

static const struct admin_kind pages_kind = {
	.kind = CONTENT_PAGE,
	.section = "pages",
	.noun = N_("page"),
	.new_title = N_("New page"),
	.edit_title = N_("Edit page"),
	.dateline = false,
};

/* GET /admin/pages/new: the empty form. */
int
admin_pages_new(struct request *rq, struct response *rs)
{
	return admin_content_new(rq, rs, &pages_kind);
}

/* POST /admin/pages: makes one from the form. */
int
admin_pages_create(struct request *rq, struct response *rs)
{
	return admin_content_create(rq, rs, &pages_kind);
}

/* GET /admin/pages/<id>/edit: the form over the saved item. */
int
admin_pages_edit(struct request *rq, struct response *rs)
{
	return admin_content_edit(rq, rs, &pages_kind);
}

/* POST /admin/pages/<id>: saves the form. */
int
admin_pages_update(struct request *rq, struct response *rs)
{
	return admin_content_update(rq, rs, &pages_kind);
}

/* GET /admin/pages/<id>/confirm?action=publish|unpublish|delete. */
int
admin_pages_confirm(struct request *rq, struct response *rs)
{
	return admin_content_confirm(rq, rs, &pages_kind);
}

/* POST /admin/pages/<id>/publish. */
int
admin_pages_publish(struct request *rq, struct response *rs)
{
	return admin_content_publish(rq, rs, &pages_kind);
}

/* POST /admin/pages/<id>/unpublish. */
int
admin_pages_unpublish(struct request *rq, struct response *rs)
{
	return admin_content_unpublish(rq, rs, &pages_kind);
}

/* POST /admin/pages/<id>/delete. */
int
admin_pages_delete(struct request *rq, struct response *rs)
{
	return admin_content_delete(rq, rs, &pages_kind);
}

/* GET /admin/pages/<id>/history: revisions, newest first. */
int
admin_pages_history(struct request *rq, struct response *rs)
{
	return admin_content_history(rq, rs, &pages_kind);
}

/* GET /admin/pages/<id>/revisions/<rev>. */
int
admin_pages_revision(struct request *rq, struct response *rs)
{
	return admin_content_revision(rq, rs, &pages_kind);
}

/* POST /admin/pages/<id>/revisions/<rev>/restore. */
int
admin_pages_restore(struct request *rq, struct response *rs)
{
	return admin_content_restore(rq, rs, &pages_kind);
}

/* POST /admin/pages/<id>/current: the translation is still current. */
int
admin_pages_current(struct request *rq, struct response *rs)
{
	return admin_content_current(rq, rs, &pages_kind);
}

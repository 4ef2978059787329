/* admin_news.c: the editors' pages of news releases; the editor itself is
 * admin_content.c. */
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "view/i18n.h"

static const struct admin_kind news_kind = {
	.kind = CONTENT_NEWS,
	.section = "news",
	.noun = N_("release"),
	.new_title = N_("New statement"),
	.edit_title = N_("Edit release"),
	.dateline = true,
};

/* GET /admin/news/new: the empty form. */
int
admin_news_new(struct request *rq, struct response *rs)
{
	return admin_content_new(rq, rs, &news_kind);
}

/* POST /admin/news: makes one from the form. */
int
admin_news_create(struct request *rq, struct response *rs)
{
	return admin_content_create(rq, rs, &news_kind);
}

/* GET /admin/news/<id>/edit: the form over the saved item. */
int
admin_news_edit(struct request *rq, struct response *rs)
{
	return admin_content_edit(rq, rs, &news_kind);
}

/* POST /admin/news/<id>: saves the form. */
int
admin_news_update(struct request *rq, struct response *rs)
{
	return admin_content_update(rq, rs, &news_kind);
}

/* GET /admin/news/<id>/confirm?action=publish|unpublish|delete. */
int
admin_news_confirm(struct request *rq, struct response *rs)
{
	return admin_content_confirm(rq, rs, &news_kind);
}

/* POST /admin/news/<id>/publish. */
int
admin_news_publish(struct request *rq, struct response *rs)
{
	return admin_content_publish(rq, rs, &news_kind);
}

/* POST /admin/news/<id>/unpublish. */
int
admin_news_unpublish(struct request *rq, struct response *rs)
{
	return admin_content_unpublish(rq, rs, &news_kind);
}

/* POST /admin/news/<id>/delete. */
int
admin_news_delete(struct request *rq, struct response *rs)
{
	return admin_content_delete(rq, rs, &news_kind);
}

/* GET /admin/news/<id>/history: revisions, newest first. */
int
admin_news_history(struct request *rq, struct response *rs)
{
	return admin_content_history(rq, rs, &news_kind);
}

/* GET /admin/news/<id>/revisions/<rev>. */
int
admin_news_revision(struct request *rq, struct response *rs)
{
	return admin_content_revision(rq, rs, &news_kind);
}

/* POST /admin/news/<id>/revisions/<rev>/restore. */
int
admin_news_restore(struct request *rq, struct response *rs)
{
	return admin_content_restore(rq, rs, &news_kind);
}

/* POST /admin/news/<id>/current: the translation is still current. */
int
admin_news_current(struct request *rq, struct response *rs)
{
	return admin_content_current(rq, rs, &news_kind);
}

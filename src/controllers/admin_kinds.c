/* admin_kinds.c: the kinds the editor edits, each as the route table hands
 * it to the admin_content_* handlers: its URLs' section, its words and its
 * list. */
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "store/admin_lists.h"
#include "view/i18n.h"
#include "view/urls.h"

const struct admin_kind admin_kind_news = {
	.kind = CONTENT_NEWS,
	.section = "news",
	.label = N_("Release"),
	.noun = N_("release"),
	.new_title = N_("New statement"),
	.edit_title = N_("Edit release"),
	.dateline = true,
	.url = url_news,
	.list = ADMIN_LIST_NEWS,
	.list_title = N_("News releases"),
	.list_empty = N_("There are no releases yet."),
};

const struct admin_kind admin_kind_pages = {
	.kind = CONTENT_PAGE,
	.section = "pages",
	.label = N_("Page"),
	.noun = N_("page"),
	.new_title = N_("New page"),
	.edit_title = N_("Edit page"),
	.url = url_page,
	.list = ADMIN_LIST_PAGES,
	.list_title = N_("Pages"),
	.list_empty = N_("There are no pages yet."),
};

const struct admin_kind admin_kind_projects = {
	.kind = CONTENT_PROJECT,
	.section = "projects",
	.label = N_("Project"),
	.noun = N_("project"),
	.new_title = N_("New project"),
	.edit_title = N_("Edit project"),
	/* A project answers at /<slug> beside the pages. */
	.url = url_page,
	.list = ADMIN_LIST_PROJECTS,
	.list_title = N_("Projects"),
	.list_empty = N_("There are no projects yet."),
};

const struct admin_kind admin_kind_events = {
	.kind = CONTENT_EVENT,
	.section = "events",
	.label = N_("Event"),
	.noun = N_("event"),
	.new_title = N_("New event"),
	.edit_title = N_("Edit event"),
	.url = url_event,
	.list = ADMIN_LIST_EVENTS,
	.list_title = N_("Events"),
	.list_empty = N_("There are no events yet."),
};

const struct admin_kind admin_kind_publications = {
	.kind = CONTENT_PUBLICATION,
	.section = "publications",
	.label = N_("Publication"),
	.noun = N_("publication"),
	.new_title = N_("New publication"),
	.edit_title = N_("Edit publication"),
	/* /resources/<slug>: the slug's prefix, the public link and the
	 * "old address taken" message need it. */
	.url = url_resource,
	.list = ADMIN_LIST_PUBLICATIONS,
	.list_title = N_("Publications"),
	.list_empty = N_("There are no publications yet."),
};

const struct admin_kind *
admin_kind_of(enum content_kind kind)
{
	switch (kind) {
	case CONTENT_NEWS:
		return &admin_kind_news;
	case CONTENT_PAGE:
		return &admin_kind_pages;
	case CONTENT_PROJECT:
		return &admin_kind_projects;
	case CONTENT_EVENT:
		return &admin_kind_events;
	case CONTENT_PUBLICATION:
		break;
	}
	return &admin_kind_publications;
}

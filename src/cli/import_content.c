/* import_content.c: a line of `waypoint import` that is an item (page,
 * news, project, event, publication): checked by the admin form's rules,
 * its ids mapped, its Markdown rendered, written with its media uses and
 * (unless the file brings them) a revision. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/import.h"
#include "config.h"
#include "content_fields.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "form.h"
#include "lib/arena.h"
#include "money_limit.h"
#include "request.h"
#include "store/media.h"
#include "store/port.h"
#include "view/markdown.h"
#include "view/media_html.h"

/* The fields every item has, named by their keys in the file, and the
 * rows of the admin form (admin_content_form.c) whose limits and checks
 * they take; a language and a slug are required (the form makes a slug
 * from the title and takes the language from the page). */
static const struct {
	const char	*key, *form;
	unsigned	 extra;
} common[] = {
	{ "lang",	"lang",		FIELD_REQUIRED },
	{ "slug",	"slug",		FIELD_REQUIRED },
	{ "title",	"title",	0 },
	{ "dateline",	"dateline",	0 },
	{ "pub_date",	"date",		0 },
	{ "pub_time",	"time",		0 },
	{ "summary",	"summary",	0 },
	{ "body_md",	"body",		0 },
	{ "status",	"status",	0 },
};
#define NCOMMON	(sizeof(common) / sizeof(common[0]))

/* Items whose search index rows are written together: a batch's rows are
 * still in SQLite's page cache, and FTS5 writes their words as a segment
 * or two (store_import_index). */
#define INDEX_BATCH	1000

/* The keys of an item's line besides common's. */
static const char *const item_keys[] = {
	"type", "id", "group", "lang", "slug", "title", "dateline",
	"pub_date", "pub_time", "summary", "body_md", "status", "fields",
	"lead_media", "source", "source_rev", "text_rev", "version",
	"created_at", "updated_at", NULL
};

static const struct admin_kind *const admin_kinds[CONTENT_KINDS] = {
	[CONTENT_NEWS] = &admin_kind_news,
	[CONTENT_PAGE] = &admin_kind_pages,
	[CONTENT_PROJECT] = &admin_kind_projects,
	[CONTENT_EVENT] = &admin_kind_events,
	[CONTENT_PUBLICATION] = &admin_kind_publications,
};

/* Whether v is a string with no NUL, which content_fields_fill reads
 * back whole (a NUL would make the object unreadable to it). */
static bool
plain_string(const json_t *v)
{
	return json_is_string(v) &&
	    strlen(json_string_value(v)) == json_string_length(v);
}

/* Whether s is an amount as kept: "", or hundredths in figures with no
 * leading zero, at most MONEY_MINOR_MAX. */
static bool
money_minor(const char *s)
{
	size_t len = strspn(s, "0123456789");

	if (s[len] != '\0' || (len > 1 && *s == '0'))
		return false;
	return len < 16 || (len == 16 && strtoll(s, NULL, 10) <=
	    MONEY_MINOR_MAX);
}

/* Checks value v of field cf (key at key) as its type is kept: a string,
 * an array of one-line names, or an array of documents, each an object
 * of content_doc_keys' strings. 0, or -1 (printed). */
static int
field_value(struct import *im, const struct content_field *cf,
    const char *key, const json_t *v)
{
	const char *at = arena_printf(im->a, "fields.%s", key), *dk;
	const json_t *e, *dv;
	size_t i, p;

	if (at == NULL)
		return import_fail(im, "fields", "out of memory");
	switch (cf->type) {
	case CONTENT_FIELD_NAMES:
		if (!json_is_array(v))
			return import_fail(im, at, "must be an array of names");
		json_array_foreach(v, i, e)
			if (!plain_string(e) || strpbrk(json_string_value(e),
			    "\r\n") != NULL)
				return import_fail(im, at, "must be an array "
				    "of names, each a string of one line "
				    "(item %zu is not)", i + 1);
		return 0;
	case CONTENT_FIELD_DOCUMENTS:
		/* The form has CONTENT_DOC_ROWS rows: more would be lost. */
		if (!json_is_array(v))
			return import_fail(im, at, "must be an array of "
			    "documents");
		if (json_array_size(v) > CONTENT_DOC_ROWS)
			return import_fail(im, at, "more than %d documents "
			    "(the editor's form holds %d)", CONTENT_DOC_ROWS,
			    CONTENT_DOC_ROWS);
		json_array_foreach(v, i, e) {
			if (!json_is_object(e))
				return import_fail(im, at, "document %zu is "
				    "not an object", i + 1);
			json_object_foreach((json_t *)e, dk, dv) {
				for (p = 0; p < CONTENT_DOC_PARTS &&
				    strcmp(content_doc_keys[p], dk) != 0; p++)
					continue;
				if (p == CONTENT_DOC_PARTS)
					return import_fail(im, at, "document "
					    "%zu: \"%s\" is not one of title, "
					    "url and lang", i + 1, dk);
				if (!plain_string(dv))
					return import_fail(im, at, "document "
					    "%zu: %s must be a string with no "
					    "NUL character", i + 1, dk);
			}
		}
		return 0;
	case CONTENT_FIELD_MONEY:
		/* Kept in hundredths, as export writes it: the form's
		 * checks would speak of the amount an editor types. */
		if (!json_is_string(v) || !money_minor(json_string_value(v)))
			return import_fail(im, at, "must be a whole number of "
			    "hundredths of the currency as a string (\"7700000"
			    "\" is 77,000.00), at most \"%lld\", or \"\"",
			    MONEY_MINOR_MAX);
		return 0;
	default:
		if (!plain_string(v))
			return import_fail(im, at, "must be a string with no "
			    "NUL character");
		return 0;
	}
}

/* The kind's fields object of o as the form's values (content_fields_fill
 * reads the JSON a save writes). Its keys must be the kind's, each value
 * of its type; none given is an empty object, whose required fields the
 * checks then ask for. */
static int
fill_fields(struct import *im, struct form *f, const json_t *o,
    enum content_kind k)
{
	const struct content_field *cf;
	const json_t *fields = json_object_get(o, "fields");
	const char *key;
	json_t *v;
	char *text;
	size_t n, i;

	cf = content_fields(k, &n);
	if (fields == NULL) {
		if (n > 0)
			content_fields_fill(f, k, "{}");
		return 0;
	}
	if (n == 0)
		return import_fail(im, "fields", "only projects, events and "
		    "publications have fields");
	if (!json_is_object(fields))
		return import_fail(im, "fields", "must be an object");
	json_object_foreach((json_t *)fields, key, v) {
		for (i = 0; i < n && strcmp(cf[i].form.name, key) != 0; i++)
			continue;
		if (i == n)
			return import_fail(im, "fields", "\"%s\" is not a "
			    "field of a %s", key, store_content_kind_name(k));
		if (field_value(im, &cf[i], key, v) == -1)
			return -1;
	}
	if ((text = json_dumps(fields, JSON_COMPACT)) == NULL)
		return import_fail(im, "fields", "out of memory");
	content_fields_fill(f, k, text);
	free(text);
	return 0;
}

/* The first message of form f, at its key in the file (a kind's field
 * as fields.NAME). */
static int
form_failed(struct import *im, const struct form *f)
{
	size_t i;
	unsigned row;
	char part[8];

	for (i = 0; i < f->n; i++) {
		if (f->state[i].error == NULL)
			continue;
		/* A document's row of the form is one of the file's
		 * documents. */
		if (i >= NCOMMON && sscanf(f->fields[i].name, "doc%u_%7s",
		    &row, part) == 2)
			return import_fail(im, "fields.documents",
			    "document %u, %s: %s", row, part,
			    f->state[i].error);
		return import_fail(im, i < NCOMMON ? f->fields[i].name :
		    arena_printf(im->a, "fields.%s", f->fields[i].name), "%s",
		    f->state[i].error);
	}
	return 0;
}

/* Reads the common fields of o into f and c. 0, or -1 (printed). */
static int
read_common(struct import *im, const json_t *o, struct form *f,
    struct content *c)
{
	const char *v;
	size_t i;

	for (i = 0; i < NCOMMON; i++) {
		if (import_str(im, o, common[i].key, false, &v) == -1)
			return -1;
		if (v == NULL && strcmp(common[i].key, "pub_time") == 0)
			v = "00:00";
		if (c->kind != CONTENT_NEWS && v != NULL &&
		    strcmp(common[i].key, "dateline") == 0)
			return import_fail(im, "dateline", "only releases "
			    "have one");
		form_set(f, common[i].key, v, false);
	}
	content_fields_check(f, c->kind, &c->fields);
	if (form_failed(im, f) == -1)
		return -1;
	c->lang = form_value(f, "lang");
	c->slug = form_value(f, "slug");
	c->title = form_value(f, "title");
	c->dateline = form_value(f, "dateline");
	c->pub_date = form_value(f, "pub_date");
	c->pub_time = form_value(f, "pub_time");
	c->summary = form_value(f, "summary");
	c->body_md = form_value(f, "body_md");
	store_content_status_parse(form_value(f, "status"), &c->status);
	return 0;
}

/* Whether slug is one the site keeps for itself for items of kind k. */
static bool
reserved(struct import *im, enum content_kind k, const char *slug)
{
	struct request rq;
	const char *const *list;

	memset(&rq, 0, sizeof(rq));
	rq.arena = im->a;
	rq.cfg = im->cfg;
	for (list = admin_content_reserved(&rq, admin_kinds[k]);
	    *list != NULL; list++)
		if (strcmp(*list, slug) == 0)
			return true;
	return false;
}

/* body with each media:N of the file made the database's media:M. In the
 * line's arena; NULL when out of memory or a store read fails. */
static const char *
map_media(struct import *im, const char *body)
{
	const char *p = body, *hit;
	char *out, *end;
	int64_t old, id;
	size_t len = 0, size, refs = 0;

	/* A reference's number, at least one digit, becomes one of 20
	 * characters at most (INT64_MIN's): 19 more bytes each, whatever
	 * the body holds between them. */
	for (hit = body; (hit = strstr(hit, "media:")) != NULL; hit += 6)
		refs++;
	size = strlen(body) + 1;
	if (refs > (SIZE_MAX - size) / 19)
		return NULL;
	size += refs * 19;
	if ((out = arena_alloc(im->a, size)) == NULL)
		return NULL;
	while ((hit = strstr(p, "media:")) != NULL) {
		memcpy(out + len, p, (size_t)(hit - p) + 6);
		len += (size_t)(hit - p) + 6;
		p = hit + 6;
		if (*p < '0' || *p > '9')
			continue;
		old = strtoll(p, &end, 10);
		if (store_import_mapped(im->s, PORT_MEDIA, old, &id) !=
		    STORE_OK)
			id = old;
		len += (size_t)snprintf(out + len, size - len, "%lld",
		    (long long)id);
		p = end;
	}
	memcpy(out + len, p, strlen(p) + 1);
	return out;
}

/* The body's Markdown rendered, its media references checked. The ids
 * it shows into *ids, *nids. 0, or -1 (printed). */
static int
render(struct import *im, struct content *c, int64_t **ids, size_t *nids)
{
	struct media_item *items, lead;
	struct media_ref *refs;
	enum markdown_status ms;
	enum media_problem p = MEDIA_PROBLEM_NONE;
	size_t n, nitems = 0;
	int64_t which = 0;
	char *html;
	bool bad;

	*nids = 0;
	if (strstr(c->body_md, "media:") != NULL &&
	    (c->body_md = map_media(im, c->body_md)) == NULL)
		return import_fail(im, "body_md", "out of memory");
	if (im->md_ahead != NULL && strcmp(c->body_md, im->md_ahead) == 0)
		c->body_html = arena_strdup(im->a, im->html_ahead);
	else {
		ms = markdown_render(c->body_md, strlen(c->body_md), &html);
		if (ms != MARKDOWN_OK)
			return import_fail(im, "body_md", "%s",
			    markdown_message(ms));
		c->body_html = arena_strdup(im->a, html);
		free(html);
	}
	if (c->body_html == NULL || media_html_refs(im->a, c->body_html,
	    &refs, &n, &bad) == -1 || (*ids = arena_alloc(im->a,
	    (n + 1) * sizeof(**ids))) == NULL)
		return import_fail(im, "body_md", "out of memory");
	if (bad)
		p = MEDIA_PROBLEM_NOT_A_NUMBER;
	else if ((*nids = media_html_ids(refs, n, *ids)) > 0) {
		if (store_media_get_many(im->s, im->a, *ids, *nids, &items,
		    &nitems) != STORE_OK)
			return import_fail(im, "body_md", "the media items "
			    "could not be read");
		p = media_html_check(refs, n, items, nitems, c->lang,
		    &which);
	}
	if (p != MEDIA_PROBLEM_NONE)
		return import_fail(im, "body_md", media_html_problem(p),
		    (long long)which);
	if (c->lead_media == 0)
		return 0;
	if (store_media_get(im->s, im->a, c->lead_media, &lead) != STORE_OK)
		return import_fail(im, "lead_media", "the media item could "
		    "not be read");
	if ((p = media_html_check_lead(&lead, c->lang)) != MEDIA_PROBLEM_NONE)
		return import_fail(im, "lead_media", media_html_problem(p),
		    (long long)c->lead_media);
	return 0;
}

/* The version the line is a translation of, in the database's numbers,
 * into *id: an earlier line's. A number no earlier line had goes to
 * *later (0 otherwise), for the row to take once every line is in
 * (store_import_sources): a translation can come before its source, as
 * an export lists versions by id, and a later line's number is that
 * line's even where the database has a row of the same number. */
static int
source_of(struct import *im, const json_t *o, enum content_kind k,
    int64_t line_id, int64_t *id, int64_t *later)
{
	enum store_status st;

	*id = *later = 0;
	if (import_int(im, o, "source", 0, 1, later) == -1)
		return -1;
	if (*later == 0)
		return 0;
	if (*later == line_id)
		return import_fail(im, "source", "%lld is the line's own id: a "
		    "version is not its own source", (long long)line_id);
	st = store_import_mapped(im->s, store_port_space(k), *later, id);
	if (st == STORE_OK)
		*later = 0;
	else if (st != STORE_NOTFOUND)
		return import_store_fail(im, "source", st);
	return 0;
}

/* The group of the line, in the database's numbers: the one the file's
 * group number was given by an earlier line, else that number when no
 * row has it, else 0 (a group of its own). A line whose group is its own
 * id, or that names none, joins the group an earlier line gave its id as
 * a group number (a translation whose id is below its group's comes first
 * in a file), else starts it. */
static int
group_of(struct import *im, const json_t *o, enum content_kind k,
    int64_t line_id, int64_t *group, int64_t *old)
{
	enum port_space sp = store_port_group_space(k);
	enum store_status st;
	bool taken;

	*group = 0;
	if (import_int(im, o, "group", 0, 1, old) == -1)
		return -1;
	/* No group, or its own id, is a group of its own: the one numbered
	 * by its id, which an earlier line may have joined already. */
	if (*old == 0 || *old == line_id) {
		if (line_id <= 0)
			return 0;
		st = store_import_mapped(im->s, sp, line_id, group);
		if (st == STORE_NOTFOUND)
			st = STORE_OK;
		return st == STORE_OK ? 0 : import_store_fail(im, "group", st);
	}
	st = store_import_mapped(im->s, sp, *old, group);
	if (st == STORE_NOTFOUND) {
		*group = 0;
		if ((st = store_import_exists(im->s, sp, *old, &taken)) ==
		    STORE_OK && !taken)
			*group = *old;
	}
	return st == STORE_OK ? 0 : import_store_fail(im, "group", st);
}

/* Writes c as read from line o: the row, its maps, media uses and
 * revision; source_later, a source to set once every line is in. */
static int
write_item(struct import *im, struct content *c, int64_t group_old,
    int64_t source_later, const int64_t *ids, size_t nids)
{
	enum store_status st;
	enum port_outcome out;
	int64_t line_id = c->id, id, group, rev;
	bool no_media, same;

	st = store_import_content(im->s, c, im->who.now, &out, &id, &group);
	if (st != STORE_OK)
		return import_store_fail(im, "slug", st);
	if (out == PORT_LANG_TAKEN)
		return import_fail(im, "group", "already has a version in "
		    "\"%s\"", c->lang);
	if (out == PORT_SLUG_TAKEN)
		return import_fail(im, "slug", "is already the address of "
		    "a %s", c->kind == CONTENT_PAGE ? "project" : "page");
	/* A new row showing no media has no uses to clear and no lead to
	 * set: most of a big file's lines, spared the statements. */
	no_media = out == PORT_INSERTED && nids == 0 && c->lead_media == 0;
	if ((line_id > 0 && (st = store_import_map(im->s,
	    store_port_space(c->kind), line_id, id)) != STORE_OK) ||
	    ((group_old > 0 || line_id > 0) && (st = store_import_map(im->s,
	    store_port_group_space(c->kind), group_old > 0 ? group_old :
	    line_id, group)) != STORE_OK) ||
	    (!no_media && (st = store_media_set_uses(im->s, c->kind, id, ids,
	    nids, c->lead_media)) != STORE_OK))
		return import_store_fail(im, "id", st);
	if (source_later > 0 && (st = store_import_source_later(im->s,
	    c->kind, id, source_later, im->line)) != STORE_OK)
		return import_store_fail(im, "source", st);
	if (c->source_id > 0) {
		if ((st = store_import_same_group(im->s, c->kind, id,
		    c->source_id, &same)) != STORE_OK)
			return import_store_fail(im, "source", st);
		if (!same)
			return import_fail(im, "source", IMPORT_SOURCE_GROUP,
			    (long long)c->source_id);
	}
	c->id = id;
	if (++im->unindexed == INDEX_BATCH) {
		im->unindexed = 0;
		if ((st = store_import_index(im->s)) != STORE_OK)
			return import_store_fail(im, "id", st);
	}
	/* A new row's first revision; an item imported again over itself
	 * gets none, so that the same file twice changes nothing. */
	if (!im->file_revisions && (st = out == PORT_INSERTED ?
	    store_revision_add(im->s, c, "import", &im->who, &rev) :
	    store_revision_add_changed(im->s, c, "import", &im->who)) !=
	    STORE_OK)
		return import_store_fail(im, "id", st);
	return 0;
}

/* The rows of common as the admin form of kind k has them, in the line's
 * arena; NULL when out of memory. */
static struct field *
common_table(struct import *im, enum content_kind k)
{
	const struct field *form;
	struct field *t;
	size_t n, i;

	form = admin_content_fields(admin_kinds[k], &n);
	if ((t = arena_alloc(im->a, NCOMMON * sizeof(*t))) == NULL)
		return NULL;
	for (i = 0; i < NCOMMON; i++)
		t[i] = import_row(form, n, common[i].key, common[i].form,
		    common[i].extra);
	return t;
}

int
import_content(struct import *im, const json_t *o, enum content_kind k)
{
	struct content c;
	struct field *table, *rows;
	struct form f;
	int64_t *ids = NULL, first, group_old, source_later, created, updated;
	size_t n, nids = 0;

	memset(&c, 0, sizeof(c));
	c.kind = k;
	if (import_keys(im, o, item_keys) == -1)
		return -1;
	if ((rows = common_table(im, k)) == NULL || (table =
	    content_fields_form(im->a, k, rows, NCOMMON, &n)) == NULL ||
	    form_init(&f, im->a, table, n) == -1)
		return import_fail(im, "type", "out of memory");
	if (fill_fields(im, &f, o, k) == -1 || read_common(im, o, &f, &c) ==
	    -1 || import_lang(im, "lang", c.lang) == -1)
		return -1;
	if (reserved(im, k, c.slug))
		return import_fail(im, "slug", "\"%s\" is an address the site "
		    "itself uses", c.slug);
	/* A time the clocks skip is the time's fault, not the day's. */
	if (form_local_time(c.pub_date, c.pub_time, &c.published_at) == -1)
		return form_local_time(c.pub_date, "00:00",
		    &c.published_at) == 0 ? import_fail(im, "pub_time",
		    "%s does not exist in the site's time zone on %s: the "
		    "clocks go forward then", c.pub_time, c.pub_date) :
		    import_fail(im, "pub_date", "could not be read as a time "
		    "in the site's time zone");
	if (import_id(im, o, store_port_space(k), &c.id) == -1 ||
	    group_of(im, o, k, c.id, &c.group_id, &group_old) == -1 ||
	    source_of(im, o, k, c.id, &c.source_id, &source_later) == -1 ||
	    import_ref(im, o, "lead_media", PORT_MEDIA,
	    &c.lead_media) == -1 ||
	    import_int(im, o, "source_rev", 0, 0, &c.source_rev) == -1 ||
	    import_int(im, o, "text_rev", 1, 1, &c.text_rev) == -1 ||
	    import_int(im, o, "version", 1, 1, &c.version) == -1 ||
	    import_int(im, o, "created_at", 0, 0, &created) ==
	    -1 || import_int(im, o, "updated_at", 0, 0, &updated) ==
	    -1)
		return -1;
	c.created_at = (time_t)created;
	c.updated_at = (time_t)updated;
	if (store_import_claim(im->s, store_content_kind_name(k), c.lang,
	    c.slug, im->line, &first) != STORE_OK)
		return import_fail(im, "slug", "could not be checked");
	if (first != 0)
		return import_fail(im, "slug", "\"%s\" is line %lld's too",
		    c.slug, (long long)first);
	if (render(im, &c, &ids, &nids) == -1)
		return -1;
	return write_item(im, &c, group_old, source_later, ids, nids);
}

/* admin_media.c: the media library (GET /admin/media: the upload form,
 * search, filter and the items a page at a time) and its upload (POST
 * /admin/media: one file or several, streamed). */
#include <errno.h>
#include <stdint.h>
#include <sys/file.h>
#include <unistd.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "controllers/admin_content.h"
#include "controllers/admin_media.h"
#include "controllers/controllers.h"
#include "controllers/pager.h"
#include "form.h"
#include "media/folder.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/num.h"
#include "request.h"
#include "response.h"
#include "view/i18n.h"
#include "view/urls.h"

/* 24: a grid of four or six across, a page a glance can take in. */
#define MEDIA_PER_PAGE		24
/* 200: longer than any search an editor types; the store escapes it. */
#define MEDIA_QUERY_MAX		200
/* 20 files an upload: a 50-megapixel photo takes up to 3.5 s of one of
 * the two worker slots (docs/media.md), so twenty keep a request within
 * nginx's 300 s fastcgi_read_timeout even on a busy site. */
#define MEDIA_FILES_MAX		20

/* The upload's text fields, applied to every image it holds. */
static const struct field upload_fields[] = {
	/* Its messages only: a file part is read as a file. */
	{ "file", 0, MEDIA_FILENAME_MAX, NULL },
	{ "alt", 0, MEDIA_ALT_MAX, NULL },
	{ "caption", FIELD_MULTILINE | FIELD_TRIM, MEDIA_CAPTION_MAX, NULL },
	{ "credit", 0, MEDIA_CREDIT_MAX, NULL },
	{ "title", 0, MEDIA_TITLE_MAX, NULL },
	{ "decorative", 0, 1, admin_media_check_flag },
};
static const char *const upload_names[] = {
	"file", "alt", "caption", "credit", "title", "decorative",
};
static const char *const upload_labels[] = {
	N_("File"), N_("Alternative text"), N_("Caption"), N_("Credit"),
	N_("Title"), N_("Decorative"),
};

const char *
admin_media_check_flag(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	if (*in == '\0' || strcmp(in, "1") == 0) {
		*out = in;
		return NULL;
	}
	return T(lang, "is not a choice offered");
}

/* 0 any, 1 images, 2 documents: ?type= (image, document), or -1 when it
 * names none. */
static int
kind_of(const char *type)
{
	if (type == NULL || *type == '\0')
		return 0;
	if (strcmp(type, "image") == 0)
		return 1;
	if (strcmp(type, "document") == 0)
		return 2;
	return -1;
}

static char *
page_url(struct arena *a, const void *ctx, int64_t page)
{
	const struct media_filter *f = ctx;

	return url_admin_media(a, f->q, f->kind, page);
}

const char *
admin_media_size_text(struct arena *a, int64_t bytes)
{
	if (bytes >= 1024 * 1024)
		return arena_printf(a, "%.1f MB", (double)bytes /
		    (1024.0 * 1024.0));
	if (bytes >= 1024)
		return arena_printf(a, "%lld KB", (long long)(bytes / 1024));
	return arena_printf(a, "%lld B", (long long)bytes);
}

const char *
admin_media_type_label(struct request *rq, const struct media_item *m)
{
	static const char *const labels[MEDIA_TYPES] = {
		[MEDIA_JPEG] = N_("JPEG image"),
		[MEDIA_PNG] = N_("PNG image"),
		[MEDIA_WEBP] = N_("WebP image"),
		[MEDIA_HEIC] = N_("HEIC image"),
		[MEDIA_PDF] = N_("PDF document"),
	};

	return T(rq->lang, labels[(unsigned)m->type < MEDIA_TYPES ? m->type :
	    MEDIA_PDF]);
}

/* One item as the library lists it. */
static json_t *
item_model(struct request *rq, const struct media_item *m)
{
	json_t *o = json_object();
	const char *thumb;
	int w = 0, h = 0;
	bool image = media_is_image(m);

	model_set(o, "url", url_admin_item(rq->arena, "media", m->id, NULL));
	model_set(o, "title", *m->title != '\0' ? m->title : *m->filename !=
	    '\0' ? m->filename : T(rq->lang, "(untitled)"));
	model_set(o, "type_label", admin_media_type_label(rq, m));
	model_set(o, "size", admin_media_size_text(rq->arena, m->bytes));
	if (image)
		model_set(o, "dimensions", arena_printf(rq->arena,
		    "%d × %d", m->width, m->height));
	/* 160: a thumbnail's box; the narrowest variant is wider. */
	thumb = media_variant_url(rq->arena, m, 160, &w, &h);
	model_set(o, "thumb_url", thumb);
	json_object_set_new(o, "thumb_width", json_integer(w));
	json_object_set_new(o, "thumb_height", json_integer(h));
	json_object_set_new(o, "is_document", json_boolean(!image));
	json_object_set_new(o, "needs_alt", json_boolean(image &&
	    !m->decorative && (m->ntexts == 0 || *m->texts[0].alt == '\0')));
	json_object_set_new(o, "decorative", json_boolean(image &&
	    m->decorative));
	json_object_set_new(o, "uses", json_integer(m->uses));
	model_set(o, "uses_text", arena_printf(rq->arena, TN(rq->lang,
	    "Used in %lld place", "Used in %lld places",
	    (unsigned long)m->uses), (long long)m->uses));
	return o;
}

/* The fields of the upload form as typed ({value, message, invalid}),
 * each under its name in model m's "f"; f NULL: all empty. */
static void
fields_model(json_t *m, const struct form *f)
{
	json_t *fields = json_object(), *o;
	size_t i;

	for (i = 1; i < FORM_FIELDS(upload_names); i++) {
		o = json_object();
		model_set(o, "value", f != NULL ? form_shown(f,
		    upload_names[i]) : "");
		json_object_set_new(fields, upload_names[i], o);
	}
	json_object_set_new(m, "f", fields);
}

/* The library page: the upload form (f as typed, with its messages, and
 * error above it when not NULL), the filter and the items of the page
 * asked for. */
static int
library_page(struct request *rq, struct response *rs, const struct form *f,
    const char *error, int status)
{
	struct media_filter filter = { NULL, 0, 0, MEDIA_PER_PAGE };
	struct media_item *items;
	struct pager pg;
	enum store_status st;
	const char *q = request_query(rq, "q"), *uploaded;
	size_t n, total, i;
	json_t *m, *list, *types, *o;
	int64_t count;
	int ret;
	static const char *const type_names[] = { "", "image", "document" };
	static const char *const type_labels[] = {
		N_("All"), N_("Images"), N_("Documents"),
	};

	if ((ret = pager_start(&pg, request_query(rq, "page"),
	    MEDIA_PER_PAGE)) != 0)
		return ret;
	if ((filter.kind = kind_of(request_query(rq, "type"))) == -1)
		return 400;
	/* A longer search is no search of ours: cut, never refused. */
	if (q != NULL && strlen(q) > MEDIA_QUERY_MAX)
		q = arena_strndup(rq->arena, q, MEDIA_QUERY_MAX);
	filter.q = q != NULL ? form_printable(rq->arena, q) : NULL;
	filter.offset = (size_t)pager_offset(&pg);
	st = store_media_list(rq->db, rq->arena, &filter,
	    rq->cfg->default_lang, &items, &n, &total);
	if (st != STORE_OK)
		return store_http_status(st);
	if (status == 200 && (ret = pager_count(&pg, (int64_t)total)) != 0)
		return ret;
	if ((m = admin_model(rq, T(rq->lang, "Media library"), "media")) ==
	    NULL)
		return 500;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, item_model(rq, &items[i]));
	json_object_set_new(m, "items", list);
	json_object_set_new(m, "empty", json_boolean(n == 0));
	json_object_set_new(m, "total", json_integer((json_int_t)total));
	types = json_array();
	for (i = 0; i < 3; i++) {
		o = json_object();
		model_set(o, "value", type_names[i]);
		model_set(o, "label", T(rq->lang, type_labels[i]));
		json_object_set_new(o, "selected", json_boolean(filter.kind ==
		    (int)i));
		json_array_append_new(types, o);
	}
	json_object_set_new(m, "types", types);
	model_set(m, "q", filter.q != NULL ? filter.q : "");
	json_object_set_new(m, "filtered", json_boolean(filter.kind != 0 ||
	    (filter.q != NULL && *filter.q != '\0')));
	model_set(m, "action_url", url_admin_items(rq->arena, "media", 0));
	model_set(m, "unfiltered_url", url_admin_items(rq->arena, "media",
	    0));
	json_object_set_new(m, "max_mib",
	    json_integer(rq->cfg->media_max_upload_mib));
	if ((uploaded = request_query(rq, "uploaded")) != NULL &&
	    num_parse_id(uploaded, &count) == 0)
		model_set(m, "uploaded", arena_printf(rq->arena, TN(rq->lang,
		    "%lld file was uploaded.", "%lld files were uploaded.",
		    (unsigned long)count), (long long)count));
	fields_model(m, f);
	if (f != NULL)
		admin_form_errors(m, f, upload_names, upload_labels,
		    FORM_FIELDS(upload_names));
	model_set(m, "error", error);
	if (pager_model(m, &pg, rq->arena, page_url, &filter) == -1)
		return 500;
	return layout_render(rq, rs, "admin_media", m, status);
}

int
admin_media_index(struct request *rq, struct response *rs)
{
	return library_page(rq, rs, NULL, NULL, 200);
}

void
admin_media_discard(struct request *rq, const struct media_item *m)
{
	bool used = true;
	int lock;

	/* An upload holding the lock may be about to commit a row with
	 * these very files. A request's thread does not wait for it: the
	 * files stay, and gc finds them as orphans once no row has them. */
	if ((lock = media_folder_lock(rq->cfg->media_dir, LOCK_EX | LOCK_NB,
	    false)) == -1) {
		if (errno == EWOULDBLOCK)
			log_info("media: the files of %s are left to `waypoint "
			    "media gc`: an upload is in progress", m->hash);
		return;
	}
	/* Another row may have the same file (the same photo twice). */
	if (store_media_hash_used(rq->db, m->hash, &used) == STORE_OK && !used)
		media_remove_files(rq->cfg, m->hash, m->type, m);
	close(lock);
}

const char *
admin_media_refusal(struct request *rq, const char *filename,
    enum media_ingest_status st, const char *what)
{
	const char *why = T(rq->lang, media_ingest_message(st));

	/* The client's name for it, which may be any bytes but control
	 * ones (the multipart parser refuses those). */
	if ((filename = form_printable(rq->arena, filename)) == NULL)
		filename = "";
	if (st == MEDIA_INGEST_TYPE && what != NULL)
		/* TRANSLATORS: a file refused: its name, what it was found
		 * to be ("an SVG image"), and why. */
		return arena_printf(rq->arena, T(rq->lang, "%s was not "
		    "uploaded: it is %s. %s"), filename, T(rq->lang, what),
		    why);
	return arena_printf(rq->arena, T(rq->lang, "%s was not uploaded: %s"),
	    filename, why);
}

/* What an upload holds as it is read. */
struct upload {
	struct media_item	 items[MEDIA_FILES_MAX];
	size_t			 n;
	const char		*refused;	/* the refusal's sentence */
	int			 status;	/* and its status */
};

static int
take_file(struct media_upload *u, int fd, const char *filename)
{
	struct upload *up = u->ctx;
	struct media_item *m;
	enum media_ingest_status st;
	const char *what = NULL;

	if (up->n == MEDIA_FILES_MAX) {
		if ((filename = form_printable(u->rq->arena, filename)) ==
		    NULL)
			filename = "";
		up->refused = arena_printf(u->rq->arena, T(u->rq->lang, "%s "
		    "was not uploaded: one upload takes at most %d files. "
		    "Upload the rest in another."), filename,
		    MEDIA_FILES_MAX);
		up->status = 422;
		return -1;
	}
	m = &up->items[up->n];
	memset(m, 0, sizeof(*m));
	st = media_ingest(u->rq->cfg, u->rq->arena, fd, filename, m, &what);
	if (st != MEDIA_INGEST_OK) {
		up->refused = admin_media_refusal(u->rq, filename, st, what);
		up->status = media_upload_status(st);
		return -1;
	}
	up->n++;
	return 0;
}

/* Gives m the upload's words (f): an image its alt text and caption in
 * lang, every item its credit, its title when one was typed. */
static void
apply_words(struct request *rq, struct media_item *m, const struct form *f,
    const char *lang)
{
	const char *title = form_value(f, "title");
	struct media_text *t;

	m->credit = form_value(f, "credit");
	if (*title != '\0')
		m->title = title;
	if (!media_is_image(m))
		return;
	m->decorative = *form_value(f, "decorative") != '\0';
	if ((t = arena_alloc(rq->arena, sizeof(*t))) == NULL)
		return;
	t->lang = lang;
	t->alt = form_value(f, "alt");
	t->caption = form_value(f, "caption");
	m->texts = t;
	m->ntexts = 1;
}

/* Inserts m with its audit line. On failure m->id is 0 and the sentence
 * for the editor is returned: its files are the caller's to discard. */
static const char *
save_item(struct request *rq, struct media_item *m)
{
	struct content_author who = admin_content_author(rq);
	enum store_status st;
	bool unrecorded = false;

	if ((st = store_tx_begin(rq->db)) == STORE_OK &&
	    (st = store_media_insert(rq->db, m, &who)) != STORE_OK)
		store_tx_rollback(rq->db);
	if (st == STORE_OK)
		st = audit_commit(rq, "upload", arena_printf(rq->arena,
		    "media %lld: %s (%s, %lld bytes)", (long long)m->id,
		    m->filename, admin_media_type_label(rq, m),
		    (long long)m->bytes), NULL, &unrecorded);
	if (st == STORE_OK)
		return NULL;
	m->id = 0;
	return T(rq->lang, audit_failure_text(st, unrecorded));
}

int
admin_media_upload(struct request *rq, struct response *rs)
{
	struct upload *up;
	struct media_upload u = { .rq = rq };
	struct form f;
	const char *lang, *why, *error = NULL;
	size_t i, saved = 0;
	int status;

	if ((up = arena_alloc(rq->arena, sizeof(*up))) == NULL ||
	    form_init(&f, rq->arena, upload_fields,
	    FORM_FIELDS(upload_fields)) == -1)
		return 500;
	up->n = 0;
	up->refused = NULL;
	f.lang = rq->lang;
	u.text = &f;
	u.file = take_file;
	u.ctx = up;
	for (i = 0; i < FORM_FIELDS(upload_fields); i++)
		form_set(&f, upload_fields[i].name, NULL, false);
	status = media_upload_read(&u, &why);
	if (status != 0 || !form_ok(&f) ||
	    (up->n == 0 && up->refused == NULL)) {
		/* Nothing is kept of a body that did not arrive whole or
		 * whose words are refused. */
		media_upload_release(&u);
		for (i = 0; i < up->n; i++)
			admin_media_discard(rq, &up->items[i]);
		if (status == 403 || status == 500)
			return status;
		if (status == 400)
			return library_page(rq, rs, &f, T(rq->lang, why), 400);
		if (form_ok(&f))
			form_fail(&f, "file", T(rq->lang, "Choose a file to "
			    "upload."));
		return library_page(rq, rs, &f, NULL, 422);
	}
	lang = admin_lang_known(rq, rq->lang);
	if (lang == NULL)
		lang = rq->cfg->default_lang;
	/* After a failed insert the rest are not tried. */
	for (i = 0; i < up->n && error == NULL; i++) {
		apply_words(rq, &up->items[i], &f, lang);
		if ((error = save_item(rq, &up->items[i])) == NULL)
			saved++;
	}
	/* Every row is in that will be: the files of the others go. */
	media_upload_release(&u);
	for (i = 0; i < up->n; i++)
		if (up->items[i].id == 0)
			admin_media_discard(rq, &up->items[i]);
	if (error == NULL && up->refused == NULL) {
		if (saved == 1) {
			audit_flash(rq, arena_printf(rq->arena, T(rq->lang,
			    "%s was uploaded."), up->items[0].filename));
			return admin_media_see_other(rs, url_admin_item(
			    rq->arena, "media", up->items[0].id, NULL));
		}
		return admin_media_see_other(rs,
		    url_admin_media_uploaded(rq->arena, saved));
	}
	if (error == NULL)
		error = up->refused;
	if (saved > 0)
		error = arena_printf(rq->arena, "%s %s", error, arena_printf(
		    rq->arena, TN(rq->lang, "The %zu file before it was "
		    "uploaded.", "The %zu files before it were uploaded.",
		    saved), saved));
	form_fail(&f, "file", error);
	return library_page(rq, rs, &f, NULL, up->refused != NULL ?
	    up->status : 500);
}

int
admin_media_see_other(struct response *rs, const char *url)
{
	if (url == NULL || response_set_header(rs, "Location", url) == -1)
		return 500;
	return 303;
}

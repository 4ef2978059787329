/* media_html.c: a rendered body's media:N references found, checked at
 * save and expanded at view time through media_picture.mustache. */
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "media/files.h"
#include "view/media_html.h"
#include "view/i18n.h"
#include "view/render.h"
#include "view/urls.h"

/* Exactly what cmark-gfm writes for ![alt](media:N) and [text](media:N):
 * raw HTML never passes (safe mode) and text has its '<' escaped, so these
 * bytes come from image and link nodes only. */
#define IMG_OPEN	"<img src=\"media:"
#define IMG_ALT		"\" alt=\""
#define IMG_TITLE	"\" title=\""
#define IMG_CLOSE	"\" />"
#define LINK_OPEN	"<a href=\"media:"
#define PARA_OPEN	"<p>"
#define PARA_CLOSE	"</p>"

/* 18 digits: any id SQLite's INTEGER holds that a person would type. */
#define ID_DIGITS_MAX	18

/* The body column: .prose is 70ch of the body font, about 38em, within
 * the page's 1rem gutters on a narrow screen (site.css). */
#define SIZES_COLUMN	"(min-width: 40em) 38em, calc(100vw - 2rem)"
/* A list's thumbnail: .media-thumb is 10rem wide (site.css). */
#define SIZES_THUMB	"10rem"
/* The fallback <img src>: about a column's width on a 2x screen. */
#define SRC_WIDTH	1024

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The number at *s followed by '"', moving *s past the number; 0 when
 * there is none. */
static int64_t
ref_id(const char **s)
{
	const char *p = *s;
	int64_t id = 0;
	size_t n = 0;

	while (*p >= '0' && *p <= '9' && n < ID_DIGITS_MAX) {
		id = id * 10 + (*p++ - '0');
		n++;
	}
	if (n == 0 || *p != '"' || id == 0)
		return 0;
	*s = p;
	return id;
}

/* s[0..len] with cmark-gfm's escapes (escape_html: & < > " and ') undone,
 * in the arena: the alt text as the editor wrote it, escaped again by the
 * template. */
static char *
unescape(struct arena *a, const char *s, size_t len)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&#x27;", '\'' },
	};
	char *out = arena_alloc(a, len + 1);
	size_t i = 0, j = 0, k;

	if (out == NULL)
		return NULL;
	while (i < len) {
		for (k = 0; s[i] == '&' && k < sizeof(ents) / sizeof(*ents);
		    k++)
			if (len - i >= strlen(ents[k].ent) && strncmp(s + i,
			    ents[k].ent, strlen(ents[k].ent)) == 0)
				break;
		if (s[i] == '&' && k < sizeof(ents) / sizeof(*ents)) {
			out[j++] = ents[k].c;
			i += strlen(ents[k].ent);
		} else
			out[j++] = s[i++];
	}
	out[j] = '\0';
	return out;
}

/* The image at html + at (IMG_OPEN) into *r: 1, 0 when it is not in
 * cmark-gfm's form, -1 when out of memory. */
static int
parse_image(struct arena *a, const char *html, size_t at, struct media_ref *r)
{
	const char *p = html + at + strlen(IMG_OPEN), *alt, *q;

	if ((r->id = ref_id(&p)) == 0 || !starts(p, IMG_ALT))
		return 0;
	alt = p + strlen(IMG_ALT);
	if ((q = strchr(alt, '"')) == NULL)
		return 0;
	if (starts(q, IMG_TITLE) && (q = strchr(q + strlen(IMG_TITLE),
	    '"')) == NULL)
		return 0;
	if (!starts(q, IMG_CLOSE))
		return 0;
	if ((r->alt = unescape(a, alt, (size_t)(strchr(alt, '"') - alt))) ==
	    NULL)
		return -1;
	r->image = true;
	r->start = at;
	r->end = (size_t)(q - html) + strlen(IMG_CLOSE);
	r->alone = at >= strlen(PARA_OPEN) && strncmp(html + at -
	    strlen(PARA_OPEN), PARA_OPEN, strlen(PARA_OPEN)) == 0 &&
	    starts(html + r->end, PARA_CLOSE);
	if (r->alone) {
		r->start -= strlen(PARA_OPEN);
		r->end += strlen(PARA_CLOSE);
	}
	return 1;
}

/* The link at html + at (LINK_OPEN) into *r; false when it is not in
 * cmark-gfm's form. Links do not nest, so the next </a> closes it. */
static bool
parse_link(const char *html, size_t at, struct media_ref *r)
{
	const char *p = html + at + strlen(LINK_OPEN), *gt, *close;

	r->start = (size_t)(p - html) - strlen("media:");
	if ((r->id = ref_id(&p)) == 0 || (gt = strchr(p, '>')) == NULL ||
	    (close = strstr(gt, "</a>")) == NULL)
		return false;
	r->image = false;
	r->end = (size_t)(p - html);
	r->open_start = at;
	r->open_end = (size_t)(gt + 1 - html);
	r->close_start = (size_t)(close - html);
	r->close_end = r->close_start + strlen("</a>");
	return true;
}

int
media_html_refs(struct arena *a, const char *html, struct media_ref **refs,
    size_t *n, bool *bad)
{
	const char *p;
	size_t max = 0;

	*refs = NULL;
	*n = 0;
	*bad = false;
	for (p = html; (p = strstr(p, "=\"media:")) != NULL; p++)
		max++;
	if (max == 0)
		return 0;
	if ((*refs = arena_alloc(a, max * sizeof(**refs))) == NULL)
		return -1;
	for (p = html; (p = strchr(p, '<')) != NULL && *n < max; p++) {
		struct media_ref r;
		size_t at = (size_t)(p - html);
		int ok;

		memset(&r, 0, sizeof(r));
		if (starts(p, IMG_OPEN))
			ok = parse_image(a, html, at, &r);
		else if (starts(p, LINK_OPEN))
			ok = parse_link(html, at, &r) ? 1 : 0;
		else
			continue;
		if (ok == -1)
			return -1;
		if (ok == 1)
			(*refs)[(*n)++] = r;
		else
			*bad = true;
	}
	return 0;
}

size_t
media_html_ids(const struct media_ref *refs, size_t n, int64_t *ids)
{
	size_t i, j, k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < k && ids[j] != refs[i].id; j++)
			;
		if (j == k)
			ids[k++] = refs[i].id;
	}
	return k;
}

static const struct media_item *
find(const struct media_item *items, size_t nitems, int64_t id)
{
	size_t i;

	for (i = 0; i < nitems; i++)
		if (items[i].id == id)
			return &items[i];
	return NULL;
}

const char *
media_html_alt(const struct media_item *m, const char *lang)
{
	const struct media_text *t = media_text_in(m, lang);

	return t != NULL && t->alt != NULL && !m->decorative ? t->alt : "";
}

enum media_problem
media_html_check_lead(const struct media_item *m, const char *lang)
{
	if (!media_is_image(m))
		return MEDIA_PROBLEM_NOT_IMAGE;
	if (!m->decorative && *media_html_alt(m, lang) == '\0')
		return MEDIA_PROBLEM_NO_ALT;
	return MEDIA_PROBLEM_NONE;
}

enum media_problem
media_html_check(const struct media_ref *refs, size_t n,
    const struct media_item *items, size_t nitems, const char *lang,
    int64_t *which)
{
	const struct media_item *m;
	size_t i;

	for (i = 0; i < n; i++) {
		*which = refs[i].id;
		if ((m = find(items, nitems, refs[i].id)) == NULL)
			return MEDIA_PROBLEM_MISSING;
		if (!refs[i].image)
			continue;
		if (!media_is_image(m))
			return MEDIA_PROBLEM_DOCUMENT_SHOWN;
		if (*refs[i].alt == '\0' && !m->decorative &&
		    *media_html_alt(m, lang) == '\0')
			return MEDIA_PROBLEM_NO_ALT;
	}
	*which = 0;
	return MEDIA_PROBLEM_NONE;
}

const char *
media_html_problem(enum media_problem p)
{
	switch (p) {
	case MEDIA_PROBLEM_NOT_A_NUMBER:
		return N_("has a media: reference that is not an item's "
		    "number");
	case MEDIA_PROBLEM_MISSING:
		return N_("refers to media:%lld, which is not in the media "
		    "library");
	case MEDIA_PROBLEM_NO_ALT:
		return N_("shows image media:%lld without alt text: write it "
		    "between the brackets, give the image alt text in this "
		    "language in the media library, or mark it decorative "
		    "there");
	case MEDIA_PROBLEM_DOCUMENT_SHOWN:
		return N_("shows media:%lld, a document, as an image: link "
		    "to it instead (without the \"!\")");
	case MEDIA_PROBLEM_NOT_IMAGE:
		return N_("is media:%lld, a document, not an image");
	case MEDIA_PROBLEM_NONE:
		break;
	}
	return "";
}

/* The format of the variants drawn in the original's place: HEIC, which
 * browsers do not show, has JPEG variants. */
static const char *
fallback_format(const struct media_item *m)
{
	switch (m->type) {
	case MEDIA_PNG:
		return "png";
	case MEDIA_WEBP:
		return "webp";
	default:
		return "jpeg";
	}
}

/* path made absolute when o asks for it. */
static const char *
site_url(struct arena *a, const char *path, const char *base_url)
{
	if (path == NULL || base_url == NULL)
		return path;
	return url_absolute(a, base_url, path);
}

static const char *
variant_url(struct arena *a, const struct media_item *m,
    const struct media_variant *v, const char *base_url)
{
	char name[MEDIA_NAME_MAX];

	media_variant_name(name, m->hash, v->width, v->format);
	return site_url(a, url_media_file(a, name), base_url);
}

/* The variant of format closest above width (the widest when none is so
 * wide), or NULL when m has none in format. */
static const struct media_variant *
variant_near(const struct media_item *m, const char *format, int width)
{
	const struct media_variant *best = NULL, *v;
	size_t i;

	for (i = 0; i < m->nvariants; i++) {
		v = &m->variants[i];
		if (strcmp(v->format, format) != 0)
			continue;
		if (best == NULL || (best->width < width ?
		    v->width > best->width : v->width >= width &&
		    v->width < best->width))
			best = v;
	}
	return best;
}

const char *
media_html_image_url(struct arena *a, const struct media_item *m, int width,
    const char *base_url)
{
	const struct media_variant *v = variant_near(m, fallback_format(m),
	    width);
	char name[MEDIA_NAME_MAX];

	if (v != NULL)
		return variant_url(a, m, v, base_url);
	if (m->type == MEDIA_HEIC)
		return NULL;
	media_original_name(name, m->hash, m->type);
	return site_url(a, url_media_file(a, name), base_url);
}

/* Where a link to item m leads: a document under its download name, an
 * image's largest file. */
static const char *
link_url(struct arena *a, const struct media_item *m, const char *base_url)
{
	if (!media_is_image(m))
		return site_url(a, url_media_document(a, m->hash,
		    m->filename), base_url);
	return media_html_image_url(a, m, m->width, base_url);
}

static int
cmp_width(const void *x, const void *y)
{
	const struct media_variant *a = *(const struct media_variant *const *)x;
	const struct media_variant *b = *(const struct media_variant *const *)y;

	return (a->width > b->width) - (a->width < b->width);
}

/* "URL 320w, URL 640w, ..." of m's variants in format, narrowest first;
 * "" when it has none. In the arena. */
static const char *
srcset(struct arena *a, const struct media_item *m, const char *format,
    const char *base_url)
{
	const struct media_variant *list[MEDIA_VARIANTS_MAX];
	struct buf out = BUF_INIT;
	const char *url, *s;
	size_t i, k = 0;

	for (i = 0; i < m->nvariants && k < MEDIA_VARIANTS_MAX; i++)
		if (strcmp(m->variants[i].format, format) == 0)
			list[k++] = &m->variants[i];
	qsort(list, k, sizeof(*list), cmp_width);
	for (i = 0; i < k; i++) {
		if ((url = variant_url(a, m, list[i], base_url)) == NULL)
			out.failed = true;
		else
			buf_printf(&out, "%s%s %dw", i > 0 ? ", " : "", url,
			    list[i]->width);
	}
	s = out.failed ? NULL : arena_strndup(a, out.data != NULL ?
	    out.data : "", out.len);
	buf_free(&out);
	return s;
}

static void
set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v != NULL && *v != '\0' ?
	    json_string(v) : json_false());
}

/* How one picture is drawn. */
struct look {
	const char	*alt;
	const char	*sizes;
	bool		 figure, lead, thumb, lazy, high;
};

/* media_picture.mustache's model of image m; every key set, so that none
 * is looked up in the page's model around it. NULL when out of memory or
 * m has nothing a browser shows. */
static json_t *
picture_model(struct arena *a, const struct media_item *m,
    const struct look *l, const struct media_html_opts *o)
{
	const struct media_text *t = media_text_in(m, o->lang);
	const char *fmt = fallback_format(m), *src, *set, *webp;
	const char *caption = t != NULL ? t->caption : NULL;
	json_t *j;

	if ((src = media_html_image_url(a, m, SRC_WIDTH, o->base_url)) ==
	    NULL || (set = srcset(a, m, fmt, o->base_url)) == NULL ||
	    (webp = strcmp(fmt, "webp") == 0 ? "" : srcset(a, m, "webp",
	    o->base_url)) == NULL || (j = json_object()) == NULL)
		return NULL;
	json_object_set_new(j, "href", json_false());
	json_object_set_new(j, "picture", json_true());
	json_object_set_new(j, "figure", json_boolean(l->figure));
	json_object_set_new(j, "lead", json_boolean(l->lead));
	json_object_set_new(j, "thumb", json_boolean(l->thumb));
	set_str(j, "src", src);
	set_str(j, "srcset", set);
	set_str(j, "webp_srcset", webp);
	set_str(j, "sizes", l->sizes);
	json_object_set_new(j, "width", json_integer(m->width));
	json_object_set_new(j, "height", json_integer(m->height));
	json_object_set_new(j, "alt", json_string(l->alt));
	json_object_set_new(j, "lazy", json_boolean(l->lazy));
	json_object_set_new(j, "high", json_boolean(l->high));
	set_str(j, "caption", l->figure ? caption : NULL);
	set_str(j, "credit", l->figure ? m->credit : NULL);
	json_object_set_new(j, "has_caption", json_boolean(l->figure &&
	    ((caption != NULL && *caption != '\0') || *m->credit != '\0')));
	return j;
}

json_t *
media_html_lead_model(struct arena *a, const struct media_item *m,
    enum media_lead_place place, const struct media_html_opts *o)
{
	struct look l = {
		.alt = media_html_alt(m, o->lang),
		.sizes = place == MEDIA_LEAD_PAGE ? SIZES_COLUMN : SIZES_THUMB,
		.figure = place == MEDIA_LEAD_PAGE,
		.lead = place == MEDIA_LEAD_PAGE,
		.thumb = place == MEDIA_LEAD_LIST,
		.lazy = place == MEDIA_LEAD_LIST,
		.high = place == MEDIA_LEAD_PAGE,
	};

	return picture_model(a, m, &l, o);
}

/* One change to the body: bytes [start, end) replaced by ref's picture
 * or URL, or by nothing. */
struct edit {
	size_t			 start, end;
	const struct media_ref	*ref;		/* NULL: dropped */
	const struct media_item	*item;
};

static int
cmp_edit(const void *x, const void *y)
{
	const struct edit *a = x, *b = y;

	return (a->start > b->start) - (a->start < b->start);
}

/* The partial over model j appended to out, j released. */
static int
render(struct buf *out, const char *lang, json_t *j)
{
	int ret;

	if (j == NULL)
		return -1;
	ret = view_render_buf(out, lang, "media_picture", j);
	json_decref(j);
	return ret;
}

/* Edit e's replacement appended to out; *first is true until the first
 * picture is drawn. */
static int
apply(struct arena *a, struct buf *out, const struct edit *e, bool *first,
    const struct media_html_opts *o)
{
	const struct media_ref *r = e->ref;
	struct look l = { .sizes = SIZES_COLUMN };
	json_t *j;

	if (r == NULL)
		return 0;
	if (!r->image) {
		if ((j = json_object()) == NULL)
			return -1;
		json_object_set_new(j, "picture", json_false());
		json_object_set_new(j, "href", json_string(link_url(a,
		    e->item, o->base_url)));
		return render(out, o->lang, j);
	}
	l.alt = *r->alt != '\0' ? r->alt : media_html_alt(e->item, o->lang);
	l.figure = r->alone;
	l.lazy = !(*first && o->eager_first);
	*first = false;
	return render(out, o->lang, picture_model(a, e->item, &l, o));
}

/* The edits refs[0..n] make, sorted, into e (room for 2n); how many. A
 * missing item's image goes, a missing item's link keeps its text. */
static size_t
edits(const struct media_ref *refs, size_t n, const struct media_item *items,
    size_t nitems, struct edit *e)
{
	const struct media_item *m;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		m = find(items, nitems, refs[i].id);
		if (m != NULL && refs[i].image && (!media_is_image(m) ||
		    (m->type == MEDIA_HEIC && variant_near(m, "jpeg", 0) ==
		    NULL)))
			m = NULL;
		if (m == NULL)
			log_info("media:%lld in a body is gone: not shown",
			    (long long)refs[i].id);
		if (m != NULL || refs[i].image) {
			e[k++] = (struct edit){ refs[i].start, refs[i].end,
			    m != NULL ? &refs[i] : NULL, m };
			continue;
		}
		e[k++] = (struct edit){ refs[i].open_start, refs[i].open_end,
		    NULL, NULL };
		e[k++] = (struct edit){ refs[i].close_start,
		    refs[i].close_end, NULL, NULL };
	}
	qsort(e, k, sizeof(*e), cmp_edit);
	return k;
}

char *
media_html_expand(struct arena *a, const char *html,
    const struct media_ref *refs, size_t n, const struct media_item *items,
    size_t nitems, const struct media_html_opts *o)
{
	struct buf out = BUF_INIT;
	struct edit *e;
	size_t i, k, at = 0;
	bool first = true;
	char *s = NULL;
	int ret = 0;

	if (n == 0)
		return (char *)html;
	if ((e = arena_alloc(a, 2 * n * sizeof(*e))) == NULL)
		return NULL;
	k = edits(refs, n, items, nitems, e);
	for (i = 0; i < k && ret == 0; i++) {
		/* A link dropped around a dropped image: nothing overlaps
		 * what was already written. */
		if (e[i].start < at)
			continue;
		buf_add(&out, html + at, e[i].start - at);
		ret = apply(a, &out, &e[i], &first, o);
		at = e[i].end;
	}
	buf_adds(&out, html + at);
	if (ret == 0 && !out.failed)
		s = arena_strndup(a, out.data, out.len);
	else
		log_error("a body's media could not be drawn");
	buf_free(&out);
	return s;
}

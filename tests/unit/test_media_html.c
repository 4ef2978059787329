/* test_media_html.c: unit tests of src/view/media_html.c: the media:N
 * references of a rendered body, the checks a save makes, and their
 * expansion through www/templates/media_picture.mustache. Run from the
 * top of the tree (the templates and catalogs are read from there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "lib/arena.h"
#include "view/media_html.h"
#include "view/render.h"

#define HASH	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define DOCHASH	"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define XSS	"\"><script>alert(1)</script>&amp;"

static struct config cfg;
static struct arena *a;

/* Widest last within a format, as the store gives them; the order of the
 * formats mixed on purpose. */
static struct media_variant photo_variants[] = {
	{ "webp", 320, 213, 9000 },
	{ "jpeg", 320, 213, 12000 },
	{ "webp", 1024, 683, 60000 },
	{ "webp", 640, 427, 25000 },
	{ "jpeg", 640, 427, 30000 },
	{ "jpeg", 1024, 683, 90000 },
};

static struct media_text photo_texts[] = {
	{ "en", "Children at a reception centre", XSS },
	{ "hu", "Gyerekek egy befogadóállomáson", "Felirat" },
};

static struct media_item photo = {
	.id = 42, .type = MEDIA_JPEG, .hash = HASH, .bytes = 400000,
	.width = 1600, .height = 1067, .filename = "photo.jpg",
	.title = "Reception", .credit = "\xc2\xa9 IOM 2021 <b>",
	.variants = photo_variants, .nvariants = 6,
	.texts = photo_texts, .ntexts = 2,
};

static struct media_item bare = {
	.id = 7, .type = MEDIA_PNG, .hash = HASH, .bytes = 1000,
	.width = 300, .height = 200, .filename = "bare.png", .title = "",
	.credit = "",
};

static struct media_item report = {
	.id = 43, .type = MEDIA_PDF, .hash = DOCHASH, .bytes = 200000,
	.filename = "situation-report.pdf", .title = "Report", .credit = "",
};

static int
setup(void **state)
{
	(void)state;
	cfg.templates = "www/templates";
	cfg.default_lang = "en";
	cfg.langs[0] = "en";
	cfg.langs[1] = "hu";
	cfg.nlangs = 2;
	if ((a = arena_new()) == NULL)
		return -1;
	return view_init(&cfg);
}

static int
teardown(void **state)
{
	(void)state;
	view_fini();
	arena_free(a);
	return 0;
}

/* html's references, asserting it parses with *bad as want_bad. */
static struct media_ref *
refs_of(const char *html, size_t *n, bool want_bad)
{
	struct media_ref *refs;
	bool bad;

	assert_int_equal(media_html_refs(a, html, &refs, n, &bad), 0);
	assert_int_equal(bad, want_bad);
	return refs;
}

/* html expanded over the three items in lang, absolute when base. */
static const char *
expand(const char *html, const char *lang, const char *base, bool eager)
{
	struct media_item items[] = { photo, bare, report };
	struct media_html_opts o = { lang, base, eager };
	struct media_ref *refs;
	const char *out;
	size_t n;

	refs = refs_of(html, &n, false);
	out = media_html_expand(a, html, refs, n, items, 3, &o);
	assert_non_null(out);
	return out;
}

static void
test_refs(void **state)
{
	struct media_ref *r;
	int64_t ids[8];
	size_t n;

	(void)state;
	r = refs_of("<p><img src=\"media:42\" alt=\"a &quot;b&quot; &amp; "
	    "&lt;c&gt;\" title=\"T\" /></p>\n<p>x <img src=\"media:7\" "
	    "alt=\"\" /> <a href=\"media:43\">doc</a> <code>&lt;img "
	    "src=&quot;media:5&quot;</code></p>\n<p><a href=\"media:42\">"
	    "<img src=\"media:42\" alt=\"in\" /></a></p>\n", &n, false);
	assert_int_equal(n, 5);
	assert_true(r[0].image && r[0].alone && r[0].id == 42);
	assert_string_equal(r[0].alt, "a \"b\" & <c>");
	assert_int_equal(r[0].start, 0);
	assert_true(r[1].image && !r[1].alone && r[1].id == 7);
	assert_string_equal(r[1].alt, "");
	assert_true(!r[2].image && r[2].id == 43);
	/* A link around an image: both are references, neither alone. */
	assert_true(!r[3].image && r[3].id == 42);
	assert_true(r[4].image && !r[4].alone);
	assert_int_equal(media_html_ids(r, n, ids), 3);
	assert_true(ids[0] == 42 && ids[1] == 7 && ids[2] == 43);

	refs_of("<p>no media here, media:42 as text</p>", &n, false);
	assert_int_equal(n, 0);
	refs_of("<p><img src=\"media:x\" alt=\"\" /></p>", &n, true);
	assert_int_equal(n, 0);
	refs_of("<p><a href=\"media:0\">zero</a></p>", &n, true);
	assert_int_equal(n, 0);
}

static void
test_check(void **state)
{
	struct media_item items[] = { photo, bare, report };
	struct media_ref *r;
	int64_t which;
	size_t n;

	(void)state;
	/* The item's own alt text in the body's language serves. */
	r = refs_of("<p><img src=\"media:42\" alt=\"\" /></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "hu", &which),
	    MEDIA_PROBLEM_NONE);
	/* None in the language, none typed: refused, naming the item. */
	r = refs_of("<p><img src=\"media:7\" alt=\"\" /></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "en", &which),
	    MEDIA_PROBLEM_NO_ALT);
	assert_int_equal(which, 7);
	r = refs_of("<p><img src=\"media:7\" alt=\"typed\" /></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "en", &which),
	    MEDIA_PROBLEM_NONE);
	items[1].decorative = true;
	r = refs_of("<p><img src=\"media:7\" alt=\"\" /></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "en", &which),
	    MEDIA_PROBLEM_NONE);
	r = refs_of("<p><img src=\"media:999\" alt=\"x\" /></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "en", &which),
	    MEDIA_PROBLEM_MISSING);
	assert_int_equal(which, 999);
	r = refs_of("<p><a href=\"media:998\">x</a></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "en", &which),
	    MEDIA_PROBLEM_MISSING);
	/* A document is linked, never shown as an image. */
	r = refs_of("<p><img src=\"media:43\" alt=\"x\" /></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "en", &which),
	    MEDIA_PROBLEM_DOCUMENT_SHOWN);
	r = refs_of("<p><a href=\"media:43\">x</a></p>", &n, false);
	assert_int_equal(media_html_check(r, n, items, 3, "en", &which),
	    MEDIA_PROBLEM_NONE);
	/* Lead images. */
	assert_int_equal(media_html_check_lead(&photo, "uk"),
	    MEDIA_PROBLEM_NO_ALT);
	assert_int_equal(media_html_check_lead(&photo, "en"),
	    MEDIA_PROBLEM_NONE);
	assert_int_equal(media_html_check_lead(&report, "en"),
	    MEDIA_PROBLEM_NOT_IMAGE);
	assert_int_equal(media_html_check_lead(&items[1], "en"),
	    MEDIA_PROBLEM_NONE);
}

static void
test_figure(void **state)
{
	const char *out;

	(void)state;
	out = expand("<p>Before.</p>\n<p><img src=\"media:42\" alt=\"\" />"
	    "</p>\n<p>After.</p>\n", "en", NULL, false);
	assert_non_null(strstr(out, "<p>Before.</p>\n<figure class=\"media\">"
	    "\n<picture class=\"media-picture\"><source type=\"image/webp\" "
	    "srcset=\"/media/" HASH "-320.webp 320w, /media/" HASH "-640.webp "
	    "640w, /media/" HASH "-1024.webp 1024w\" sizes=\"(min-width: 40em)"
	    " 38em, calc(100vw - 2rem)\"><img src=\"/media/" HASH
	    "-1024.jpg\" srcset=\"/media/" HASH "-320.jpg 320w, /media/" HASH
	    "-640.jpg 640w, /media/" HASH "-1024.jpg 1024w\" sizes=\""
	    "(min-width: 40em) 38em, calc(100vw - 2rem)\" width=\"1600\" "
	    "height=\"1067\" alt=\"Children at a reception centre\" "
	    "loading=\"lazy\" decoding=\"async\"></picture>\n<figcaption>"
	    "<span class=\"media-caption\">&quot;&gt;&lt;script&gt;alert(1)"
	    "&lt;/script&gt;&amp;amp;</span> <span class=\"media-credit\">"
	    "\xc2\xa9 IOM 2021 &lt;b&gt;</span></figcaption>\n</figure>\n"
	    "<p>After.</p>"));
	/* The reader's language: Hungarian alt text and caption. */
	out = expand("<p><img src=\"media:42\" alt=\"\" /></p>", "hu", NULL,
	    true);
	assert_non_null(strstr(out, "alt=\"Gyerekek egy befogadóállomáson\""));
	assert_non_null(strstr(out, ">Felirat</span>"));
	/* First on a page without a lead image: not lazy. */
	assert_null(strstr(out, "loading="));
}

static void
test_inline_and_escaping(void **state)
{
	const char *out;

	(void)state;
	/* Typed alt text, hostile, escaped once again; inside text: the
	 * picture only, no figure, no caption. */
	out = expand("<p>See <img src=\"media:42\" alt=\"&quot;&gt;&lt;"
	    "script&gt;x&lt;/script&gt;\" /> here.</p>", "en", NULL, true);
	assert_null(strstr(out, "<figure"));
	assert_null(strstr(out, "figcaption"));
	assert_null(strstr(out, "<script"));
	assert_non_null(strstr(out, "<p>See <picture class=\"media-picture\">"));
	assert_non_null(strstr(out, "alt=\"&quot;&gt;&lt;script&gt;x&lt;/"
	    "script&gt;\""));
	assert_non_null(strstr(out, "</picture> here.</p>"));
	/* Two images: only the first is eager. */
	out = expand("<p><img src=\"media:42\" alt=\"a\" /> <img "
	    "src=\"media:42\" alt=\"b\" /></p>", "en", NULL, true);
	assert_non_null(strstr(out, "alt=\"a\" decoding=\"async\""));
	assert_non_null(strstr(out, "alt=\"b\" loading=\"lazy\""));
}

static void
test_decorative_and_bare(void **state)
{
	struct media_item items[] = { photo, bare, report };
	struct media_html_opts o = { "en", NULL, false };
	struct media_ref *refs;
	const char *out, *html = "<p><img src=\"media:7\" alt=\"\" /></p>";
	size_t n;

	(void)state;
	items[1].decorative = true;
	refs = refs_of(html, &n, false);
	out = media_html_expand(a, html, refs, n, items, 3, &o);
	/* No variants: the original, no srcset, no WebP source; no caption
	 * or credit, no figcaption. */
	assert_non_null(strstr(out, "<picture class=\"media-picture\"><img "
	    "src=\"/media/" HASH ".png\" width=\"300\" height=\"200\" "
	    "alt=\"\" loading=\"lazy\" decoding=\"async\"></picture>"));
	assert_null(strstr(out, "figcaption"));
	assert_null(strstr(out, "srcset"));
}

static void
test_links(void **state)
{
	const char *out;

	(void)state;
	out = expand("<p>Read <a href=\"media:43\" title=\"t\">the report"
	    "</a>.</p>", "en", NULL, false);
	assert_string_equal(out, "<p>Read <a href=\"/media/" DOCHASH
	    "/situation-report.pdf\" title=\"t\">the report</a>.</p>");
	/* An image as a link's target: its largest file. */
	out = expand("<p><a href=\"media:42\">big</a></p>", "en", NULL, false);
	assert_string_equal(out, "<p><a href=\"/media/" HASH "-1024.jpg\">"
	    "big</a></p>");
	/* An image that links to its largest file: the link, then the
	 * picture inside it, not a figure. */
	out = expand("<p><a href=\"media:42\"><img src=\"media:42\" "
	    "alt=\"zoom\" /></a></p>", "en", NULL, false);
	assert_non_null(strstr(out, "<p><a href=\"/media/" HASH "-1024.jpg\">"
	    "<picture class=\"media-picture\">"));
	assert_non_null(strstr(out, "alt=\"zoom\""));
	assert_non_null(strstr(out, "</picture></a></p>"));
	assert_null(strstr(out, "<figure"));
	/* Feeds and the API: absolute. */
	out = expand("<p><a href=\"media:43\">r</a></p>", "en",
	    "https://example.org", false);
	assert_string_equal(out, "<p><a href=\"https://example.org/media/"
	    DOCHASH "/situation-report.pdf\">r</a></p>");
}

static void
test_missing(void **state)
{
	const char *out;

	(void)state;
	/* Deleted since the save: the image goes, the link keeps its text,
	 * the rest is as it was. */
	out = expand("<p>A</p>\n<p><img src=\"media:5\" alt=\"x\" /></p>\n"
	    "<p>B <img src=\"media:6\" alt=\"y\" /> <a href=\"media:8\">"
	    "gone</a> C</p>\n<p><a href=\"media:9\"><img src=\"media:9\" "
	    "alt=\"z\" /></a></p>", "en", NULL, false);
	assert_string_equal(out, "<p>A</p>\n\n<p>B  gone C</p>\n<p></p>");
}

static void
test_lead(void **state)
{
	struct media_html_opts o = { "en", NULL, false };
	json_t *j;

	(void)state;
	j = media_html_lead_model(a, &photo, MEDIA_LEAD_PAGE, &o);
	assert_true(json_is_true(json_object_get(j, "figure")));
	assert_true(json_is_true(json_object_get(j, "high")));
	assert_true(json_is_false(json_object_get(j, "lazy")));
	json_decref(j);
	j = media_html_lead_model(a, &photo, MEDIA_LEAD_LIST, &o);
	assert_true(json_is_false(json_object_get(j, "figure")));
	assert_true(json_is_true(json_object_get(j, "lazy")));
	assert_string_equal(json_string_value(json_object_get(j, "sizes")),
	    "10rem");
	json_decref(j);
	/* og:image: the variant closest above 1200, else the widest. */
	assert_string_equal(media_html_image_url(a, &photo, 1200,
	    "https://example.org"), "https://example.org/media/" HASH
	    "-1024.jpg");
	assert_string_equal(media_html_image_url(a, &photo, 600, NULL),
	    "/media/" HASH "-640.jpg");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_figure),
		cmocka_unit_test(test_inline_and_escaping),
		cmocka_unit_test(test_decorative_and_bare),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_lead),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

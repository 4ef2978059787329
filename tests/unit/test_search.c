/* test_search.c: the search index and its query: folding and stemming,
 * only what is public found and counted, the index kept by every write,
 * one version per group, phrases, exclusions, filters, paging, FTS5
 * syntax taken as words, snippets, db check, and the bound on what one
 * search ranks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "store/content.h"
#include "store/search.h"
#include "store_fixture.h"

/* 2030-01-01 00:00 UTC. */
#define NOW	((time_t)1893456000)

static const struct content_author who = { 0, "test", NOW };

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* Saves a new item; its id. status: published unless draft. */
static int64_t
add(struct fixture *f, enum content_kind kind, const char *lang,
    const char *title, const char *body_html, bool draft, time_t at,
    int64_t source_id)
{
	static int serial;
	enum content_outcome outcome;
	char slug[32];
	struct content c = {
		.kind = kind, .lang = lang, .title = title, .slug = slug,
		.dateline = kind == CONTENT_NEWS ? "Budapest" : "",
		.pub_date = "2029-06-01", .pub_time = "00:00",
		.summary = "", .body_md = "", .body_html = body_html,
		.status = draft ? CONTENT_DRAFT : CONTENT_PUBLISHED,
		.published_at = at, .source_id = source_id,
	};

	snprintf(slug, sizeof(slug), "item-%d", ++serial);
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
	return c.id;
}

static int64_t
news(struct fixture *f, const char *lang, const char *title,
    const char *body_html)
{
	return add(f, CONTENT_NEWS, lang, title, body_html, false, NOW - 60,
	    0);
}

/* Searches for one term q (a phrase when it holds a space) as a reader
 * of lang on an English site; the number of hits there are. */
static int64_t
count_in(struct fixture *f, const char *lang, const char *q, time_t now,
    struct search_hit **hits)
{
	struct search_term t = { q, strchr(q, ' ') != NULL, false };
	size_t n;
	int64_t total, shown;

	assert_int_equal(store_search(f->s, f->a, lang, "en", &t, 1, NULL, 0,
	    now, 0, 10, hits, &n, &total, &shown), STORE_OK);
	assert_int_equal((int64_t)n, total < 10 ? total : 10);
	return total;
}

static int64_t
count(struct fixture *f, const char *q)
{
	struct search_hit *hits;

	return count_in(f, "en", q, NOW, &hits);
}

static void
test_folding_and_stemming(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;

	news(f, "en", "A migrant's journey", "<p>Stories.</p>");
	news(f, "hu", "Hírek", "<p>A migránsok helyzete.</p>");
	news(f, "en", "Statement", "<p>Director General Ant&#243;nio "
	    "<em>Vitorino</em> said</p>");
	/* English stems: migrants finds migrant. */
	assert_int_equal(count(f, "migrants"), 1);
	assert_int_equal(count(f, "journeys"), 1);
	/* Hungarian stems, for a Hungarian reader: migránsoknak finds
	 * migránsok. */
	assert_int_equal(count_in(f, "hu", "migránsoknak", NOW, &hits), 1);
	assert_string_equal(hits[0].title, "Hírek");
	/* Accents and case fold: antonio finds António (an entity in the
	 * HTML), MIGRANSOK finds migránsok. */
	assert_int_equal(count(f, "antonio"), 1);
	assert_int_equal(count(f, "ANTÓNIO"), 1);
	assert_int_equal(count_in(f, "hu", "MIGRANSOK", NOW, &hits), 1);
	assert_int_equal(count_in(f, "hu", "migransok", NOW, &hits), 1);
	/* Tags are not words: em is not found, Vitorino is. */
	assert_int_equal(count(f, "em"), 0);
	assert_int_equal(count(f, "vitorino"), 1);
	assert_int_equal(count(f, "refugees"), 0);
}

static void
test_only_public_is_found(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;
	struct content c;
	int64_t draft, sched, pub;
	bool changed;

	draft = add(f, CONTENT_NEWS, "en", "Draft about floods",
	    "<p>floods</p>", true, NOW - 60, 0);
	sched = add(f, CONTENT_NEWS, "en", "Scheduled about floods",
	    "<p>floods</p>", false, NOW + 3600, 0);
	pub = news(f, "en", "Public about floods", "<p>floods</p>");
	(void)draft;
	/* Neither the draft nor the scheduled one is found or counted. */
	assert_int_equal(count_in(f, "en", "floods", NOW, &hits), 1);
	assert_int_equal(hits[0].id, pub);
	assert_int_equal(count(f, "draft"), 0);
	assert_int_equal(count(f, "scheduled"), 0);
	/* The second it falls due, with no write. */
	assert_int_equal(count_in(f, "en", "floods", NOW + 3600, &hits), 2);
	assert_int_equal(count_in(f, "en", "scheduled", NOW + 3600, &hits),
	    1);
	assert_int_equal(hits[0].id, sched);
	/* Unpublished: gone at once; published again: back. */
	assert_int_equal(store_content_set_status(f->s, f->a, CONTENT_NEWS,
	    pub, CONTENT_DRAFT, &who, &c, &changed), STORE_OK);
	assert_int_equal(count(f, "floods"), 0);
	assert_int_equal(store_content_set_status(f->s, f->a, CONTENT_NEWS,
	    pub, CONTENT_PUBLISHED, &who, &c, &changed), STORE_OK);
	assert_int_equal(count(f, "floods"), 1);
	/* Deleted: gone. */
	assert_int_equal(store_content_delete(f->s, CONTENT_NEWS, pub),
	    STORE_OK);
	assert_int_equal(count(f, "floods"), 0);
	assert_int_equal(store_check(f->s), STORE_OK);
}

static void
test_edits_follow(void **state)
{
	struct fixture *f = *state;
	enum content_outcome outcome;
	struct search_hit *hits;
	struct content c;
	int64_t id;

	id = news(f, "en", "Water supply", "<p>Wells were dug.</p>");
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_NEWS, id, &c),
	    STORE_OK);
	c.title = "Sanitation";
	c.slug = "sanitation-news";
	c.body_html = "<p>Latrines were built.</p>";
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
	/* The old words are gone, the new ones found, under the new slug. */
	assert_int_equal(count(f, "wells"), 0);
	assert_int_equal(count(f, "water"), 0);
	assert_int_equal(count_in(f, "en", "latrines", NOW, &hits), 1);
	assert_string_equal(hits[0].slug, "sanitation-news");
	assert_string_equal(hits[0].kind, "news");
	assert_string_equal(hits[0].pub_date, "2029-06-01");
	assert_int_equal(count(f, "sanitation"), 1);
	/* A page is found as one. */
	add(f, CONTENT_PAGE, "en", "About latrines", "<p>x</p>", false, 0, 0);
	assert_int_equal(count(f, "latrines"), 2);
	assert_int_equal(store_check(f->s), STORE_OK);
}

static void
test_one_version_per_group(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;
	int64_t en, hu;

	/* English only: a Hungarian reader finds it, in English. */
	news(f, "en", "Border crossing", "<p>Crossings rose.</p>");
	assert_int_equal(count_in(f, "hu", "crossing", NOW, &hits), 1);
	assert_string_equal(hits[0].lang, "en");
	/* Both: each reader finds the version in their language only. */
	en = news(f, "en", "Health", "<p>Vaccination campaign.</p>");
	hu = add(f, CONTENT_NEWS, "hu", "Egészség",
	    "<p>Vaccination kampány.</p>", false, NOW - 60, en);
	assert_int_equal(count_in(f, "hu", "vaccination", NOW, &hits), 1);
	assert_int_equal(hits[0].id, hu);
	assert_int_equal(hits[0].group_id, en);
	assert_int_equal(count_in(f, "en", "vaccination", NOW, &hits), 1);
	assert_int_equal(hits[0].id, en);
	/* The version the lists show is the one searched: a Hungarian
	 * reader does not find the group by its English words. */
	assert_int_equal(count_in(f, "hu", "campaign", NOW, &hits), 0);
}

static void
test_phrase_and_exclusion(void **state)
{
	struct fixture *f = *state;
	struct search_term t[3];
	struct search_hit *hits;
	size_t n;
	int64_t total, shown;

	news(f, "en", "One", "<p>Human mobility matters.</p>");
	news(f, "en", "Two", "<p>Mobility of every human.</p>");
	assert_int_equal(count(f, "human mobility"), 1);
	assert_int_equal(count(f, "mobility"), 2);
	t[0] = (struct search_term){ "mobility", false, false };
	t[1] = (struct search_term){ "matters", false, true };
	assert_int_equal(store_search(f->s, f->a, "en", "en", t, 2, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 1);
	assert_string_equal(hits[0].title, "Two");
	/* Two words, not a phrase: both, in any order. */
	t[0] = (struct search_term){ "human", false, false };
	t[1] = (struct search_term){ "mobility", false, false };
	assert_int_equal(store_search(f->s, f->a, "en", "en", t, 2, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 2);
	/* Only exclusions, or nothing: no hit, no error. */
	t[0].exclude = true;
	t[1].exclude = true;
	assert_int_equal(store_search(f->s, f->a, "en", "en", t, 2, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	assert_int_equal(store_search(f->s, f->a, "en", "en", t, 0, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 0);
	/* A limit out of range is the caller's error. */
	assert_int_equal(store_search(f->s, f->a, "en", "en", t, 1, NULL, 0,
	    NOW, 0, 0, &hits, &n, &total, &shown), STORE_ERROR);
	assert_int_equal(store_search(f->s, f->a, "en", "en", t, 1, NULL, 0,
	    NOW, -1, 10, &hits, &n, &total, &shown), STORE_ERROR);
}

static void
test_filters_and_paging(void **state)
{
	struct fixture *f = *state;
	struct search_term t = { "report", false, false };
	struct search_hit *hits;
	enum content_outcome outcome;
	struct content c;
	char title[32];
	size_t n;
	int64_t total, shown, id;
	int i;

	for (i = 0; i < 25; i++) {
		snprintf(title, sizeof(title), "Report %d", i);
		news(f, "en", title, "<p>x</p>");
	}
	id = add(f, CONTENT_PAGE, "en", "Annual report", "<p>x</p>", false, 0,
	    0);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 10);
	assert_int_equal(total, 26);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 20, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 6);
	assert_int_equal(total, 26);
	/* A page past the end: no hit, the count all the same. */
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 30, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 26);
	/* Kinds. */
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, "page",
	    0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(hits[0].id, id);
	assert_string_equal(hits[0].kind, "page");
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, "news",
	    0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, "event",
	    0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 0);
	/* Years, of pub_date. */
	assert_int_equal(store_content_get(f->s, f->a, CONTENT_PAGE, id, &c),
	    STORE_OK);
	c.pub_date = "2021-03-04";
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL,
	    2021, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 1);
	assert_string_equal(hits[0].pub_date, "2021-03-04");
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL,
	    2029, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL,
	    1999, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 0);
	/* The filters' own index entries are not words a visitor finds. */
	assert_int_equal(count(f, "knews"), 0);
	assert_int_equal(count(f, "y2029"), 0);
	/* A kind that is no kind's name finds nothing. */
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1,
	    "news\" OR \"x", 0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 0);
}

/* A snippet: SEARCH_SNIPPET_WORDS (24) words from four before the first
 * match, "…" where words are left out, a phrase marked as one span, the
 * words past it untouched. */
static void
test_snippet_window(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;
	char body[1024], want[512];
	size_t len = 0, wl = 0;
	int i;

	len += (size_t)snprintf(body + len, sizeof(body) - len, "<p>");
	for (i = 0; i < 70; i++)
		len += (size_t)snprintf(body + len, sizeof(body) - len,
		    i == 40 ? "drought " : i == 12 ? "human " : i == 13 ?
		    "mobility, " : "w%02d ", i);
	snprintf(body + len - 1, sizeof(body) - len + 1, ".</p>");
	news(f, "en", "Long", body);

	wl += (size_t)snprintf(want + wl, sizeof(want) - wl, "…");
	for (i = 36; i < 60; i++)
		wl += (size_t)snprintf(want + wl, sizeof(want) - wl,
		    i == 40 ? "\x02" "drought" "\x03" " " : "w%02d ", i);
	snprintf(want + wl - 1, sizeof(want) - wl + 1, "…");
	assert_int_equal(count_in(f, "en", "drought", NOW, &hits), 1);
	assert_string_equal(hits[0].snippet, want);

	/* A phrase: one mark over its words; the punctuation inside it
	 * and the text's start are kept. */
	assert_int_equal(count_in(f, "en", "human mobility", NOW, &hits), 1);
	assert_non_null(strstr(hits[0].snippet,
	    "…w08 w09 w10 w11 " "\x02" "human mobility" "\x03" ", w14 "));
	/* Near the start: no "…" before it. */
	assert_int_equal(count_in(f, "en", "w02", NOW, &hits), 1);
	assert_memory_equal(hits[0].snippet, "w00 w01 " "\x02" "w02" "\x03",
	    strlen("w00 w01 " "\x02" "w02" "\x03"));
}

static void
test_ranking_and_snippet(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;

	news(f, "en", "Other news", "<p>Many words here, and then drought "
	    "comes at the end of a long line of text.</p>");
	news(f, "en", "Drought in the east", "<p>Rain failed.</p>");
	assert_int_equal(count_in(f, "en", "drought", NOW, &hits), 2);
	/* The title weighs more than the body. */
	assert_string_equal(hits[0].title, "Drought in the east");
	assert_string_equal(hits[1].title, "Other news");
	/* The body's matched word is marked; no language marker is left;
	 * it is text, not HTML. */
	assert_non_null(strstr(hits[1].snippet, "\x02" "drought" "\x03"));
	assert_null(strchr(hits[1].snippet, '\x1f'));
	assert_null(strchr(hits[1].snippet, '<'));
	/* No match in the body: its start. */
	assert_string_equal(hits[0].snippet, "Rain failed.");
	/* Control characters typed into a text are not markers. */
	news(f, "en", "Odd \x1f" "hu\x1f title \x02", "<p>a \x02 b \x1f</p>");
	assert_int_equal(count_in(f, "en", "odd", NOW, &hits), 1);
	assert_null(strchr(hits[0].snippet, '\x1f'));
	assert_int_equal(store_check(f->s), STORE_OK);
}

static void
test_syntax_is_words(void **state)
{
	static const char *const odd[] = {
		"NEAR(", "NEAR(a b)", "*", "a*", "title:", "title:x", "^",
		"^x", "\"", "\"\"", "-", "(", ")", "AND", "OR", "NOT", "a OR",
		"{title body}: x", "+", "!!!", "", " ", "\xff\xfe", "é\"",
		"\x1f", "\x1fxx", "x\x1f", NULL,
	};
	const struct search_term mixed[] = {
		{ "rock", false, false }, { "!!!", false, false },
		{ "-", false, true },
	};
	struct fixture *f = *state;
	struct search_term t = { NULL, false, false };
	struct search_hit *hits;
	size_t i, n;
	int64_t total, shown;

	news(f, "en", "Rock and roll", "<p>The title: near the end, or not "
	    "(sic).</p>");
	for (i = 0; odd[i] != NULL; i++) {
		t.text = odd[i];
		t.phrase = false;
		assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1,
		    NULL, 0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
		t.phrase = true;
		assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1,
		    NULL, 0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	}
	/* Operators and column names are plain words. */
	assert_int_equal(count(f, "AND"), 1);
	assert_int_equal(count(f, "NOT"), 1);
	assert_int_equal(count(f, "title:"), 1);
	assert_int_equal(count(f, "NEAR("), 1);
	assert_int_equal(count(f, "(sic)"), 1);
	assert_int_equal(count(f, "title body"), 0);
	/* A term of punctuation only is no term: the others still find. */
	t = (struct search_term){ "!!!", false, false };
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(store_search(f->s, f->a, "en", "en", mixed, 3, NULL,
	    0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 1);
}

static void
test_seed_and_rendering_indexed(void **state)
{
	struct fixture *f = *state;

	/* The fixture's empty database, then the demo content: found by
	 * its titles, and its bodies once rendered. */
	assert_int_equal(store_load_seed(f->s, DEMO_LANGS), STORE_OK);
	assert_int_equal(count(f, "vitorino"), 1);
	assert_int_equal(store_check(f->s), STORE_OK);
}

static void
test_migrate_builds_index(void **state)
{
	struct fixture *f = *state;
	enum store_status st;

	/* A database of schema 6, before the index, made from this one: the
	 * shell cannot drop search_index (no tokenizer), so its schema rows
	 * go and VACUUM drops their pages; what 008.sql to 013.sql and
	 * 021.sql add goes too (the tables 008.sql rebuilds, it rebuilds
	 * again; 013.sql's triggers name its table; 017.sql's and 018.sql's
	 * triggers go with entries). */
	assert_int_equal(store_load_seed(f->s, DEMO_LANGS), STORE_OK);
	store_close(f->s);
	f->s = NULL;
	fixture_exec(f, FIXTURE_UNDO_023 "DROP TRIGGER news_listing_ai;"
	    "DROP TRIGGER news_listing_au; DROP TRIGGER news_listing_ad;"
	    "DROP VIEW news_listing_sync; DROP TABLE news_listing;"
	    "DROP VIEW news_order_move; DROP TABLE news_order;"
	    "DROP TABLE news_chunk; DROP TABLE news_super;"
	    "DROP TABLE news_order_size; DROP TRIGGER news_order_ai;"
	    "DROP TRIGGER news_order_au; DROP TRIGGER news_order_ad;"
	    "DROP INDEX news_slug; DROP INDEX pages_slug;"
	    "DROP INDEX pages_published;"
	    "DROP TABLE media_uses; DROP TABLE media_text;"
	    "DROP TABLE media_variants; DROP TRIGGER news_media_ad;"
	    "DROP TRIGGER pages_media_ad; DROP TRIGGER entries_media_ad;"
	    "ALTER TABLE news DROP COLUMN"
	    " lead_media; ALTER TABLE pages DROP COLUMN lead_media;"
	    "DROP TABLE media;"
	    "DROP TABLE submissions;"
	    "ALTER TABLE users DROP COLUMN reviewer;"
	    "DROP TABLE entry_donors; DROP TABLE donors;"
	    "DROP TABLE entries; DROP TABLE preview_links;"
	    "DROP TABLE cache_scopes;"
	    "DROP VIEW entry_order_move; DROP TABLE entry_order;"
	    "DROP TABLE entry_order_size;"
	    "DROP VIEW list_order_move; DROP VIEW list_at;"
	    "DROP VIEW list_type_start; DROP VIEW list_type_at;"
	    "DROP TABLE list_order; DROP TABLE list_chunk;"
	    "DROP TABLE list_super; DROP TABLE list_order_size;"
	    "PRAGMA writable_schema = ON;"
	    "DELETE FROM sqlite_schema WHERE name LIKE 'search%';"
	    "DELETE FROM sqlite_schema WHERE type = 'trigger' AND"
	    " name LIKE '%\\_scope\\_%' ESCAPE '\\';"
	    "PRAGMA writable_schema = OFF;"
	    "PRAGMA user_version = 6;");
	fixture_exec(f, "VACUUM");
	f->s = store_open(f->path, STORE_WRITE, &st);
	assert_non_null(f->s);
	assert_int_equal(st, STORE_OLD_SCHEMA);
	assert_int_equal(store_check(f->s), STORE_OK);
	/* db migrate: 007.sql, then the index filled from the content. */
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(count(f, "vitorino"), 1);
	assert_int_equal(store_check(f->s), STORE_OK);
	/* A newer tokenizer's index would be rebuilt the same way. */
	fixture_exec(f, "DELETE FROM search_index_content;"
	    "UPDATE search_state SET tokenizer = 0");
	assert_int_equal(store_check(f->s), STORE_STALE_INDEX);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(store_check(f->s), STORE_OK);
}

static void
test_check_finds_tampering(void **state)
{
	struct fixture *f = *state;

	news(f, "en", "Intact", "<p>text</p>");
	news(f, "en", "Other", "<p>text</p>");
	assert_int_equal(store_check(f->s), STORE_OK);
	/* The sqlite3 shell can edit the index's stored text. */
	fixture_exec(f, "UPDATE search_index_content SET c2 = 'changed' WHERE"
	    " id = (SELECT min(id) FROM search_index_content)");
	assert_int_equal(store_check(f->s), STORE_STALE_INDEX);
	fixture_exec(f, "DELETE FROM search_index_content");
	assert_int_equal(store_check(f->s), STORE_STALE_INDEX);
	/* db migrate mends it: the index is made again from the content. */
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(store_check(f->s), STORE_OK);
	assert_int_equal(count(f, "intact"), 1);
	assert_int_equal(count(f, "changed"), 0);
}

static void
test_check_finds_stale_rows(void **state)
{
	struct fixture *f = *state;

	news(f, "en", "Kept", "<p>text</p>");
	news(f, "en", "Unpublished by hand", "<p>text</p>");
	fixture_exec(f, "UPDATE news SET status = 'draft' WHERE title LIKE 'Unp%'");
	assert_int_equal(store_check(f->s), STORE_STALE_INDEX);
}

/* Projects, events and publications are found as releases are: their
 * visible version of each group, by kind; an event by its place and a
 * project by its coverage (the dateline column); a draft never. */
static void
test_entry_kinds(void **state)
{
	struct fixture *f = *state;
	enum content_outcome outcome;
	struct search_hit *hits;
	struct search_term t = { "Zahony", false, false };
	struct content c = {
		.kind = CONTENT_EVENT, .lang = "en", .title = "Information day",
		.slug = "info-day", .dateline = "", .pub_date = "2029-06-01",
		.pub_time = "00:00", .summary = "", .body_md = "",
		.body_html = "<p>Counsellors answer questions.</p>",
		.status = CONTENT_PUBLISHED, .published_at = NOW - 60,
		.fields = "{\"place\":\"Z\u00e1hony\"}",
	};
	int64_t total, shown, project, draft;
	size_t n;

	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(outcome, CONTENT_SAVED);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, "event",
	    0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 1);
	assert_string_equal(hits[0].kind, "event");
	assert_string_equal(hits[0].slug, "info-day");
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1,
	    "publication", 0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 0);
	c.kind = CONTENT_PROJECT;
	c.id = 0;
	c.slug = "border-aid";
	c.title = "Border aid";
	c.fields = "{\"coverage\":\"Z\u00e1hony and Beregsurány\"}";
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	project = c.id;
	c.id = 0;
	c.lang = "hu";
	c.slug = "hatar-segitseg";
	c.title = "Határ segítség";
	c.source_id = project;
	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	/* One version of the group: the reader's. */
	assert_int_equal(store_search(f->s, f->a, "hu", "en", &t, 1,
	    "project", 0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 1);
	assert_string_equal(hits[0].slug, "hatar-segitseg");
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 2);
	draft = add(f, CONTENT_PUBLICATION, "en", "Zahony report",
	    "<p>Zahony</p>", true, NOW - 60, 0);
	assert_true(draft > 0);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1,
	    "publication", 0, NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, 0);
}

/* An event whose fields are no JSON (written with the sqlite3 shell):
 * it is unpublished and published again, indexed without its place. */
static void
test_bad_fields_sync(void **state)
{
	struct fixture *f = *state;
	enum content_outcome outcome;
	struct content c = {
		.kind = CONTENT_EVENT, .lang = "en", .title = "Open day",
		.slug = "open-day", .dateline = "", .pub_date = "2029-06-01",
		.pub_time = "00:00", .summary = "", .body_md = "",
		.body_html = "<p>Doors open.</p>",
		.status = CONTENT_PUBLISHED, .published_at = NOW - 60,
		.fields = "{\"place\":\"Szeged\"}",
	}, now;
	bool changed;

	assert_int_equal(store_content_save(f->s, f->a, &c, true, NULL,
	    "save", &who, &outcome), STORE_OK);
	assert_int_equal(count(f, "szeged"), 1);
	fixture_exec(f, "UPDATE entries SET fields = 'not json'"
	    " WHERE slug = 'open-day'");
	assert_int_equal(store_content_set_status(f->s, f->a, CONTENT_EVENT,
	    c.id, CONTENT_DRAFT, &who, &now, &changed), STORE_OK);
	assert_true(changed);
	assert_int_equal(count(f, "doors"), 0);
	assert_int_equal(store_content_set_status(f->s, f->a, CONTENT_EVENT,
	    c.id, CONTENT_PUBLISHED, &who, &now, &changed), STORE_OK);
	assert_int_equal(count(f, "doors"), 1);
	assert_int_equal(count(f, "szeged"), 0);
}

/* Past STORE_SEARCH_TOTAL_MAX matches, a search ranks the newest that
 * many and says "more" (issue 16: its cost stays that of that many,
 * however many releases hold the word): the last page of them is whole,
 * the one after it empty, an older match is on none; a word only the
 * oldest holds is still found. */
static void
test_bound(void **state)
{
	struct fixture *f = *state;
	struct search_term t = { "bound", false, false };
	struct search_hit *hits;
	size_t n;
	int64_t total, shown, oldest;
	int page;
	char sql[512];

	/* STORE_SEARCH_TOTAL_MAX + 5 releases, by the shell as an import
	 * would, then the index built from them as db migrate does. */
	snprintf(sql, sizeof(sql), "WITH RECURSIVE c(i) AS (SELECT 1 UNION"
	    " ALL SELECT i + 1 FROM c WHERE i < %d) INSERT INTO news (lang,"
	    " slug, title, dateline, pub_date, summary, body_md, body_html,"
	    " status, published_at) SELECT 'en', 'b-' || i, 'Bound ' || i,"
	    " 'Budapest', '2029-06-01', '', '', '<p>bound' || CASE i WHEN 1"
	    " THEN ' eldest' ELSE '' END || '</p>', 'published', %lld FROM c;"
	    " DELETE FROM search_index_content;"
	    " UPDATE search_state SET tokenizer = 0",
	    STORE_SEARCH_TOTAL_MAX + 5, (long long)(NOW - 60));
	fixture_exec(f, sql);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	oldest = count_in(f, "en", "eldest", NOW, &hits);
	assert_int_equal(oldest, 1);
	oldest = hits[0].id;
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 10);
	assert_int_equal(total, STORE_SEARCH_TOTAL_MAX + 1);
	for (page = 0; page < STORE_SEARCH_TOTAL_MAX / 10; page++) {
		assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1,
		    NULL, 0, NOW, page * 10, 10, &hits, &n, &total, &shown),
		    STORE_OK);
		assert_int_equal(shown, STORE_SEARCH_TOTAL_MAX);
		assert_int_equal(n, 10);
		while (n-- > 0)
			assert_true(hits[n].id != oldest);
	}
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, STORE_SEARCH_TOTAL_MAX, 10, &hits, &n, &total, &shown),
	    STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, STORE_SEARCH_TOTAL_MAX + 1);
}

/* A rowid's order is the day's, then the id's: before 1970 too, and a
 * time far past either end (written by hand) takes the last day. */
static void
test_rowid_order(void **state)
{
	(void)state;
	assert_true(search_rowid(CONTENT_PAGE, 1, -1) <
	    search_rowid(CONTENT_NEWS, 1, 0));
	assert_true(search_rowid(CONTENT_NEWS, 9, -86401) <
	    search_rowid(CONTENT_NEWS, 1, -1));
	assert_true(search_rowid(CONTENT_NEWS, 2, 0) <
	    search_rowid(CONTENT_NEWS, 1, 86400));
	assert_true(search_rowid(CONTENT_NEWS, 1, 86399) <
	    search_rowid(CONTENT_NEWS, 2, 0));
	assert_int_equal(SEARCH_ROWID_ID(search_rowid(CONTENT_EVENT,
	    STORE_ID_MAX, NOW)), STORE_ID_MAX);
	assert_int_equal(SEARCH_ROWID_KIND(search_rowid(CONTENT_EVENT,
	    STORE_ID_MAX, NOW)), CONTENT_EVENT);
	assert_true(search_rowid(CONTENT_NEWS, 1, INT64_MIN) > 0);
	assert_true(search_rowid(CONTENT_NEWS, 1, INT64_MIN) <
	    search_rowid(CONTENT_NEWS, 1, INT64_MAX));
	assert_int_equal(search_rowid(CONTENT_NEWS, 1, INT64_MAX),
	    search_rowid(CONTENT_NEWS, 1, INT64_MAX - 86400 * 1000));
}

/* The bound keeps the latest published, not the latest made: a release
 * made first (the lowest id) and dated last is found among matches that
 * an import made later with older dates; a scheduled one takes no place
 * among them. Dated back, it leaves its old place in the index. */
static void
test_bound_by_date(void **state)
{
	struct fixture *f = *state;
	struct search_term t = { "dated", false, false };
	struct search_hit *hits;
	size_t n, i;
	int64_t total, shown, latest;
	bool found;
	char sql[640];

	latest = add(f, CONTENT_NEWS, "en", "Dated latest", "<p>dated</p>",
	    false, NOW - 60, 0);
	add(f, CONTENT_NEWS, "en", "Dated in three days", "<p>dated</p>",
	    false, NOW + 3 * 86400, 0);
	snprintf(sql, sizeof(sql), "WITH RECURSIVE c(i) AS (SELECT 1 UNION"
	    " ALL SELECT i + 1 FROM c WHERE i < %d) INSERT INTO news (id,"
	    " lang, slug, title, dateline, pub_date, summary, body_md,"
	    " body_html, status, published_at) SELECT 1000 + i, 'en',"
	    " 'd-' || i, 'Old ' || i, 'Budapest', '2019-06-01', '', '',"
	    " '<p>dated</p>', 'published', %lld + i * 86400 FROM c;"
	    " DELETE FROM search_index_content;"
	    " UPDATE search_state SET tokenizer = 0",
	    STORE_SEARCH_TOTAL_MAX + 5, (long long)(NOW - 3650 * 86400));
	fixture_exec(f, sql);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(total, STORE_SEARCH_TOTAL_MAX + 1);
	assert_int_equal(n, 10);
	assert_int_equal(hits[0].id, latest);
	/* Dated back before the others: out of the window, one row kept. */
	fixture_exec(f, "UPDATE news SET published_at = 1000000000,"
	    " pub_date = '2001-09-09' WHERE title = 'Dated latest'");
	assert_int_equal(search_sync(f->s, CONTENT_NEWS, latest), STORE_OK);
	for (found = false, i = 0; i < STORE_SEARCH_TOTAL_MAX / 10; i++) {
		assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1,
		    NULL, 0, NOW, (int64_t)i * 10, 10, &hits, &n, &total,
		    &shown), STORE_OK);
		while (n-- > 0)
			found = found || hits[n].id == latest;
	}
	assert_false(found);
	assert_int_equal(store_check(f->s), STORE_OK);
}

/* Past the bound on a bilingual site, both versions of a group may be
 * among the ranked matches, and a reader sees one: the pages are made of
 * the hits seen, so that no page links to an empty one. Here the newest
 * 40 matches are 20 groups in both languages, the English versions
 * ranked first (the word is in their titles). */
static void
test_bound_bilingual(void **state)
{
	struct fixture *f = *state;
	struct search_term t = { "paired", false, false };
	struct search_hit *hits;
	char title[32];
	size_t n;
	int64_t total, shown, en;
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(title, sizeof(title), "Paired single %d", i);
		news(f, "en", title, "<p>paired</p>");
	}
	for (i = 0; i < STORE_SEARCH_TOTAL_MAX / 2; i++) {
		snprintf(title, sizeof(title), "Paired %d", i);
		en = news(f, "en", title, "<p>paired</p>");
		snprintf(title, sizeof(title), "Párban %d", i);
		add(f, CONTENT_NEWS, "hu", title, "<p>paired</p>", false,
		    NOW - 60, en);
	}
	/* The first page does not look at them all: "more" pages. */
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 0, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 10);
	assert_int_equal(total, STORE_SEARCH_TOTAL_MAX + 1);
	assert_int_equal(shown, STORE_SEARCH_TOTAL_MAX);
	/* The second has looked at every one for its next: it is the last. */
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 10, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 10);
	assert_int_equal(shown, STORE_SEARCH_TOTAL_MAX / 2);
	while (n-- > 0)
		assert_string_equal(hits[n].lang, "en");
	assert_int_equal(store_search(f->s, f->a, "en", "en", &t, 1, NULL, 0,
	    NOW, 20, 10, &hits, &n, &total, &shown), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(shown, STORE_SEARCH_TOTAL_MAX / 2);
}

/* A rebuild (db init's seed, db migrate after a tokenizer change) leaves
 * the index in one segment however many words it held: here more than
 * FTS5 keeps in memory before it writes a segment (1 MiB), so that a
 * fill without the merge leaves several. */
static void
test_rebuild_one_segment(void **state)
{
	struct fixture *f = *state;

	fixture_exec(f, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT"
	    " i + 1 FROM c WHERE i < 3000), w(j) AS (SELECT 1 UNION ALL"
	    " SELECT j + 1 FROM w WHERE j < 100) INSERT INTO news (lang,"
	    " slug, title, dateline, pub_date, summary, body_md, body_html,"
	    " status, published_at) SELECT 'en', 'r-' || i, 'Release ' || i,"
	    " 'Budapest', '2029-06-01', '', '', '<p>' || (SELECT"
	    " group_concat('w' || ((i * 101 + j * 7919) % 50021), ' ')"
	    " FROM w) || '</p>', 'published', 1893455940 FROM c;"
	    " DELETE FROM search_index_content;"
	    " UPDATE search_state SET tokenizer = 0");
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(store_check(f->s), STORE_OK);
	assert_int_equal(fixture_index_segments(f), 1);
	assert_int_equal(count(f, "release"), STORE_SEARCH_TOTAL_MAX + 1);
}

/* search_text_plain of s, as the text it indexes after the marker. */
static void
text_is(const char *s, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(search_text_plain(&b, "en", s), 0);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

/* The indexed text: runs of printable ASCII pass whole, any run of
 * white space or control characters is one space (none at the ends),
 * bytes that are not UTF-8 go, other letters stay. */
static void
test_indexed_text(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	text_is("", "\x1f" "en\x1f");
	text_is("Migrants' Day, 2021!", "\x1f" "en\x1f" "Migrants' Day, 2021!");
	text_is("  a\t\n\x01\x7f b  ", "\x1f" "en\x1f" "a b");
	text_is("a\xc2\xa0\xe3\x80\x80" "b\x1f" "c", "\x1f" "en\x1f" "a b c");
	text_is("ab\xff" "cd\xe3\x80", "\x1f" "en\x1f" "abcd");
	text_is("k\xc3\xb6zlem\xc3\xa9ny~", "\x1f" "en\x1f"
	    "k\xc3\xb6zlem\xc3\xa9ny~");
	assert_int_equal(search_text_html(&b, "hu", "<p>Egy <em>k\xc3\xa9t"
	    "</em></p><p>h\xc3\xa1rom&amp;</p>"), 0);
	assert_string_equal(b.data, "\x1f" "hu\x1f" "Egy k\xc3\xa9t h\xc3\xa1rom&");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indexed_text),
		cmocka_unit_test_setup_teardown(test_folding_and_stemming,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_public_is_found,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_edits_follow, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_one_version_per_group,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_phrase_and_exclusion,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters_and_paging,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_window, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ranking_and_snippet,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_is_words, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seed_and_rendering_indexed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_builds_index,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_tampering,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_stale_rows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_fields_sync, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_entry_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bound, setup, teardown),
		cmocka_unit_test(test_rowid_order),
		cmocka_unit_test_setup_teardown(test_bound_by_date, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bound_bilingual, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rebuild_one_segment, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

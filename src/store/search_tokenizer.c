/* search_tokenizer.c: the FTS5 tokenizer 'waypoint': unicode61 words with
 * case and accents folded, each with its Snowball stem in the language
 * that the text's leading marker names. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "store/db_internal.h"
#include "store/search.h"
#include "store/search_stems.h"

/* 16: the languages a site may have (CONFIG_LANGS_MAX). */
#define STEMMERS_MAX	16
/* 4: a primary language subtag is 2 or 3 letters, and its NUL. */
#define CODE_MAX	4
/* 256 bytes: longer "words" (a URL, a long number) get no stem, which
 * Snowball would only return unchanged anyway. */
#define WORD_MAX	256

struct stemmer {
	char		 code[CODE_MAX];
	struct sb_stemmer *sb;		/* NULL: Snowball has none */
};

/* One tokenizer: a table's on a connection, so used by one thread. */
struct wtok {
	fts5_tokenizer	 base;		/* unicode61's methods */
	Fts5Tokenizer	*fold;		/* remove_diacritics 2 */
	Fts5Tokenizer	*lower;		/* remove_diacritics 0 */
	struct stemmer	 stem[STEMMERS_MAX];
	size_t		 nstem;
	const bool	*bulk;		/* the store's search_bulk; NULL */
	struct stem_cache *cache;	/* while *bulk */
};

/* What a connection's 'waypoint' tokenizers are made with. */
struct wtok_conn {
	fts5_api	*api;
	const bool	*bulk;
};

/* One call of xTokenize. */
struct run {
	struct wtok	*w;
	void		*ctx;
	int		(*token)(void *, int, const char *, int, int, int);
	const char	*text;		/* after the marker */
	int		 off;		/* the marker's length */
	const char	*langs;		/* "hu" or "hu,en"; NULL: no stems */
	int		 langs_len;
};

/* Words collected from a nested tokenization into one buffer. */
struct word {
	char		 s[WORD_MAX];
	int		 len;
	bool		 over;
};

static void
wtok_delete(Fts5Tokenizer *t)
{
	struct wtok *w = (struct wtok *)t;
	size_t i;

	if (w == NULL)
		return;
	if (w->fold != NULL)
		w->base.xDelete(w->fold);
	if (w->lower != NULL)
		w->base.xDelete(w->lower);
	for (i = 0; i < w->nstem; i++)
		sb_stemmer_delete(w->stem[i].sb);
	stem_cache_free(w->cache);
	free(w);
}

static int
wtok_create(void *conn, const char **argv, int argc, Fts5Tokenizer **out)
{
	static const char *fold_args[] = { "remove_diacritics", "2" };
	static const char *lower_args[] = { "remove_diacritics", "0" };
	const struct wtok_conn *c = conn;
	fts5_api *api = c->api;
	struct wtok *w;
	void *ud;
	int rc;

	(void)argv;
	*out = NULL;
	/* Its behaviour is fixed (SEARCH_TOKENIZER_VERSION): no options. */
	if (argc != 0)
		return SQLITE_ERROR;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return SQLITE_NOMEM;
	w->bulk = c->bulk;
	if ((rc = api->xFindTokenizer(api, "unicode61", &ud, &w->base)) !=
	    SQLITE_OK ||
	    (rc = w->base.xCreate(ud, fold_args, 2, &w->fold)) != SQLITE_OK ||
	    (rc = w->base.xCreate(ud, lower_args, 2, &w->lower)) !=
	    SQLITE_OK) {
		wtok_delete((Fts5Tokenizer *)w);
		return rc;
	}
	*out = (Fts5Tokenizer *)w;
	return SQLITE_OK;
}

/* The stemmer of language code[0..len] (its primary subtag: "pt" of
 * "pt-br"), made on first use; NULL when Snowball has none. */
static struct sb_stemmer *
stemmer(struct wtok *w, const char *code, int len)
{
	char c[CODE_MAX];
	size_t i;
	int n;

	for (n = 0; n < len && code[n] != '-'; n++)
		;
	if (n < 2 || n >= CODE_MAX)
		return NULL;
	memcpy(c, code, (size_t)n);
	c[n] = '\0';
	for (i = 0; i < w->nstem; i++)
		if (strcmp(w->stem[i].code, c) == 0)
			return w->stem[i].sb;
	if (w->nstem == STEMMERS_MAX)
		return NULL;
	memcpy(w->stem[w->nstem].code, c, sizeof(c));
	w->stem[w->nstem].sb = sb_stemmer_new(c, "UTF_8");
	return w->stem[w->nstem++].sb;
}

static int
collect(void *arg, int flags, const char *tok, int len, int start, int end)
{
	struct word *wd = arg;

	(void)flags;
	(void)start;
	(void)end;
	if (wd->len + len > WORD_MAX) {
		wd->over = true;
		return SQLITE_OK;
	}
	memcpy(wd->s + wd->len, tok, (size_t)len);
	wd->len += len;
	return SQLITE_OK;
}

/* What tokenizer t makes of s[0..len], concatenated into *wd. */
static int
retokenize(struct wtok *w, Fts5Tokenizer *t, const char *s, int len,
    struct word *wd)
{
	wd->len = 0;
	wd->over = false;
	return w->base.xTokenize(t, wd, FTS5_TOKENIZE_DOCUMENT, s, len,
	    collect);
}

/* The stems of the word at r->text[start..end] (tok[0..len], folded) in
 * the marker's languages into folded[0..*n]: Snowball stems the
 * lower-case accented word (its rules know the accents), and the stem is
 * folded as the word is; a stem equal to the word or to an earlier one is
 * left out. */
static int
make_stems(struct run *r, const char *tok, int len, int start, int end,
    struct word folded[STEMS_MAX], int *n)
{
	struct word lower;
	struct sb_stemmer *sb;
	const sb_symbol *stem;
	const char *l, *lend;
	int rc, i, k;

	*n = 0;
	rc = retokenize(r->w, r->w->lower, r->text + start, end - start,
	    &lower);
	if (rc != SQLITE_OK || lower.over || lower.len == 0)
		return rc;
	lend = r->langs + r->langs_len;
	for (l = r->langs; l < lend && *n < STEMS_MAX; l += k + 1) {
		for (k = 0; l + k < lend && l[k] != ','; k++)
			;
		if ((sb = stemmer(r->w, l, k)) == NULL)
			continue;
		stem = sb_stemmer_stem(sb, (const sb_symbol *)lower.s,
		    lower.len);
		if (stem == NULL)
			return SQLITE_NOMEM;
		rc = retokenize(r->w, r->w->fold, (const char *)stem,
		    sb_stemmer_length(sb), &folded[*n]);
		if (rc != SQLITE_OK)
			return rc;
		if (folded[*n].over || folded[*n].len == 0 ||
		    (folded[*n].len == len &&
		    memcmp(folded[*n].s, tok, (size_t)len) == 0))
			continue;
		for (i = 0; i < *n; i++)
			if (folded[i].len == folded[*n].len &&
			    memcmp(folded[i].s, folded[*n].s,
			    (size_t)folded[i].len) == 0)
				break;
		if (i == *n)
			(*n)++;
	}
	return SQLITE_OK;
}

/* Keeps the stems of the word at r->text[start..end], folded[0..n], in
 * cache; stems too long for it are not kept. */
static void
remember(struct stem_cache *cache, const struct run *r, int start, int end,
    const struct word *folded, int n)
{
	struct stems st;
	int i;

	st.n = n;
	for (i = 0; i < n; i++) {
		if (folded[i].len > STEMS_WORD_MAX)
			return;
		st.len[i] = folded[i].len;
		memcpy(st.s[i], folded[i].s, (size_t)folded[i].len);
	}
	stem_cache_put(cache, r->langs, r->langs_len, r->text + start,
	    end - start, &st);
}

/* A folded word, and beside it (at its position) its stems, from the
 * cache when the bulk fill met the word before. */
static int
on_word(void *arg, int flags, const char *tok, int len, int start, int end)
{
	struct run *r = arg;
	struct stem_cache *cache = r->w->cache;
	struct word folded[STEMS_MAX];
	struct stems st;
	int rc, n, i;

	(void)flags;
	if ((rc = r->token(r->ctx, 0, tok, len, start + r->off,
	    end + r->off)) != SQLITE_OK || r->langs == NULL)
		return rc;
	if (cache != NULL && stem_cache_get(cache, r->langs, r->langs_len,
	    r->text + start, end - start, &st)) {
		for (i = 0; i < st.n && rc == SQLITE_OK; i++)
			rc = r->token(r->ctx, FTS5_TOKEN_COLOCATED, st.s[i],
			    st.len[i], start + r->off, end + r->off);
		return rc;
	}
	if ((rc = make_stems(r, tok, len, start, end, folded, &n)) !=
	    SQLITE_OK)
		return rc;
	for (i = 0; i < n && rc == SQLITE_OK; i++)
		rc = r->token(r->ctx, FTS5_TOKEN_COLOCATED, folded[i].s,
		    folded[i].len, start + r->off, end + r->off);
	if (cache != NULL && rc == SQLITE_OK)
		remember(cache, r, start, end, folded, n);
	return rc;
}

static int
wtok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
    int len, int (*token)(void *, int, const char *, int, int, int))
{
	struct run r = { (struct wtok *)t, ctx, token, text, 0, NULL, 0 };
	const char *end;
	bool stems;

	if (len > 0 && text[0] == SEARCH_MARK) {
		end = memchr(text + 1, SEARCH_MARK, (size_t)len - 1);
		if (end != NULL) {
			r.langs = text + 1;
			r.langs_len = (int)(end - r.langs);
			r.off = (int)(end + 1 - text);
			r.text = end + 1;
			/* Snippets (FTS5_TOKENIZE_AUX) count positions
			 * only, which stems do not take. */
			stems = r.langs_len > 0 &&
			    (flags & FTS5_TOKENIZE_AUX) == 0;
			if (!stems)
				r.langs = NULL;
		}
	}
	/* Stems are kept while a bulk fill (an import, a rebuild) writes
	 * thousands of items; a server's save writes one, and each of its
	 * connections would hold the cache for nothing. */
	if (r.w->bulk != NULL && *r.w->bulk && r.w->cache == NULL &&
	    (flags & FTS5_TOKENIZE_DOCUMENT))
		r.w->cache = stem_cache_new();
	else if ((r.w->bulk == NULL || !*r.w->bulk) && r.w->cache != NULL) {
		stem_cache_free(r.w->cache);
		r.w->cache = NULL;
	}
	return r.w->base.xTokenize(r.w->fold, &r, flags, r.text, len - r.off,
	    on_word);
}

/* The FTS5 API of db (the documented way to reach it from outside), or
 * NULL. */
static fts5_api *
fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	if (sqlite3_finalize(st) != SQLITE_OK || api == NULL ||
	    api->iVersion < 2)
		return NULL;
	return api;
}

int
search_register(sqlite3 *db, const bool *bulk)
{
	static fts5_tokenizer methods = { wtok_create, wtok_delete,
	    wtok_tokenize };
	struct wtok_conn *c;
	fts5_api *api;
	int rc;

	if ((api = fts5_api_of(db)) == NULL)
		return SQLITE_ERROR;
	if ((c = malloc(sizeof(*c))) == NULL)
		return SQLITE_NOMEM;
	c->api = api;
	c->bulk = bulk;
	/* FTS5 frees c with the connection; not when it refuses it. */
	if ((rc = api->xCreateTokenizer(api, "waypoint", c, &methods,
	    free)) != SQLITE_OK) {
		free(c);
		return rc;
	}
	if ((rc = search_rank_create(api)) != SQLITE_OK)
		return rc;
	return search_marks_create(api);
}

static int
count_word(void *arg, int flags, const char *tok, int len, int start,
    int end)
{
	(void)flags;
	(void)tok;
	(void)len;
	(void)start;
	(void)end;
	(*(int *)arg)++;
	return SQLITE_OK;
}

int
search_words(sqlite3 *db, const char *text, int *n)
{
	struct wtok_conn c = { fts5_api_of(db), NULL };
	Fts5Tokenizer *t;
	int rc;

	*n = 0;
	if (c.api == NULL)
		return SQLITE_ERROR;
	if ((rc = wtok_create(&c, NULL, 0, &t)) != SQLITE_OK)
		return rc;
	rc = wtok_tokenize(t, n, FTS5_TOKENIZE_QUERY, text, (int)strlen(text),
	    count_word);
	wtok_delete(t);
	return rc;
}

struct search_words {
	Fts5Tokenizer	*t;
};

struct search_words *
search_words_open(sqlite3 *db)
{
	struct wtok_conn c = { fts5_api_of(db), NULL };
	struct search_words *w;

	if (c.api == NULL || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	if (wtok_create(&c, NULL, 0, &w->t) != SQLITE_OK) {
		free(w);
		return NULL;
	}
	return w;
}

/* A search_words_each() walk. */
struct each {
	int		(*word)(void *, int, int);
	void		*ctx;
};

static int
each_word(void *arg, int flags, const char *tok, int len, int start, int end)
{
	struct each *e = arg;

	(void)tok;
	(void)len;
	/* A stem shares its word's position. */
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	return e->word(e->ctx, start, end);
}

int
search_words_each(struct search_words *w, const char *text, int len,
    int (*word)(void *ctx, int start, int end), void *ctx)
{
	struct each e = { word, ctx };
	int rc;

	/* As a snippet's (FTS5_TOKENIZE_AUX): positions, no stems. */
	rc = wtok_tokenize(w->t, &e, FTS5_TOKENIZE_AUX, text, len, each_word);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void
search_words_close(struct search_words *w)
{
	if (w == NULL)
		return;
	wtok_delete(w->t);
	free(w);
}

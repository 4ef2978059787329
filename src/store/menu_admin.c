/* menu_admin.c: the menu editor's queries: the one tree with its targets
 * and its labels in every language, and the changes, each in one
 * transaction. */
#include "lib/arena.h"
#include "store/db_internal.h"
#include "store/menu_admin.h"
#include "store/menu_sql.h"

/* 64: ancestors followed before a chain counts as a loop (one made by hand
 * in the database); far above MENU_ADMIN_LEVELS. */
#define ANCESTORS_MAX	64

/* The columns every item read selects, in the order of item_cols. The
 * depth is 0 until the tree is walked. A page deleted under the item
 * leaves page_id NULL (the schema's ON DELETE SET NULL) and the join no
 * title: page_id 0 and "" then. */
#define ITEM_COLUMNS \
	"m.id, coalesce(m.parent_id, 0), 0, m.lang, m.label, m.description," \
	MENU_TARGET_SQL("m") "," \
	" iif(p.title IS NULL, 0, coalesce(m.page_id, 0))," \
	" coalesce(p.title, ''), coalesce(m.url, '')," \
	" (SELECT group_concat(lang, ' ') FROM menu_texts" \
	" WHERE item_id = m.id)"

static const struct db_col item_cols[] = {
	DB_COL(DB_INT64, struct menu_admin_item, id),
	DB_COL(DB_INT64, struct menu_admin_item, parent_id),
	DB_COL(DB_INT, struct menu_admin_item, depth),
	DB_COL(DB_TEXT, struct menu_admin_item, lang),
	DB_COL(DB_TEXT, struct menu_admin_item, label),
	DB_COL(DB_TEXT, struct menu_admin_item, description),
	DB_COL(DB_INT, struct menu_admin_item, target),
	DB_COL(DB_INT64, struct menu_admin_item, page_id),
	DB_COL(DB_TEXT, struct menu_admin_item, page_title),
	DB_COL(DB_TEXT, struct menu_admin_item, url),
	DB_COL(DB_TEXT, struct menu_admin_item, text_langs),
};
#define ITEM_NCOLS	(sizeof(item_cols) / sizeof(item_cols[0]))

static const struct db_col page_cols[] = {
	DB_COL(DB_INT64, struct menu_admin_page, id),
	DB_COL(DB_TEXT, struct menu_admin_page, lang),
	DB_COL(DB_TEXT, struct menu_admin_page, title),
	DB_COL(DB_BOOL, struct menu_admin_page, published),
};

static const struct db_col text_cols[] = {
	DB_COL(DB_TEXT, struct menu_text, lang),
	DB_COL(DB_TEXT, struct menu_text, label),
	DB_COL(DB_TEXT, struct menu_text, description),
};

/* The parent (0: top level) of item id, or STORE_NOTFOUND. */
static enum store_status
parent_of(struct store *s, int64_t id, int64_t *parent)
{
	return db_one_int(s, db_query(s, "SELECT coalesce(parent_id, 0)"
	    " FROM menu_items WHERE id = ?1", "i", id), parent,
	    "menu parent");
}

/* Counts the ancestors of item id into *depth, and sets *hit when avoid
 * (0: none) is id itself or one of its ancestors, or when the chain
 * loops. STORE_NOTFOUND when id, or an item on its way up, is missing. */
static enum store_status
ancestors(struct store *s, int64_t id, int64_t avoid, int *depth, bool *hit)
{
	enum store_status ret;
	int64_t parent = 0;
	int steps;

	*depth = 0;
	*hit = false;
	for (steps = 0; id != 0; steps++) {
		if (id == avoid || steps > ANCESTORS_MAX) {
			*hit = true;
			return STORE_OK;
		}
		if ((ret = parent_of(s, id, &parent)) != STORE_OK)
			return ret;
		if (parent != 0)
			(*depth)++;
		id = parent;
	}
	return STORE_OK;
}

/* The levels of the subtree of id: 1 for an item without children. */
static enum store_status
levels_of(struct store *s, int64_t id, int *levels)
{
	enum store_status ret;
	int64_t v = 0;

	ret = db_one_int(s, db_query(s,
	    "WITH RECURSIVE down(id, d) AS (SELECT ?1, 0"
	    " UNION ALL SELECT m.id, down.d + 1 FROM menu_items m"
	    " JOIN down ON m.parent_id = down.id WHERE down.d < 64)"
	    " SELECT max(d) FROM down", "i", id), &v, "menu levels");
	*levels = (int)v + 1;
	return ret;
}

/* Numbers the children of parent 0, 1, 2 ... in their present order, so
 * that positions can be swapped and counted whatever they were. */
static enum store_status
renumber(struct store *s, int64_t parent)
{
	return db_run(s, db_query(s,
	    "UPDATE menu_items SET position = r.n FROM (SELECT id,"
	    " row_number() OVER (ORDER BY position, id) - 1 AS n"
	    " FROM menu_items WHERE parent_id IS ?1) AS r"
	    " WHERE menu_items.id = r.id AND menu_items.position != r.n",
	    "u", parent), "menu renumber");
}

static enum store_status
children_count(struct store *s, int64_t parent, int64_t *n)
{
	return db_one_int(s, db_query(s, "SELECT count(*) FROM menu_items"
	    " WHERE parent_id IS ?1", "u", parent), n, "menu children");
}

static enum store_status
position_of(struct store *s, int64_t id, int64_t *pos)
{
	return db_one_int(s, db_query(s, "SELECT position FROM menu_items"
	    " WHERE id = ?1", "i", id), pos, "menu position");
}

/* The child of parent at pos (after renumber()), or STORE_NOTFOUND. */
static enum store_status
child_at(struct store *s, int64_t parent, int64_t pos, int64_t *id)
{
	return db_one_int(s, db_query(s, "SELECT id FROM menu_items"
	    " WHERE parent_id IS ?1 AND position = ?2", "ui", parent, pos), id,
	    "menu child");
}

static enum store_status
set_place(struct store *s, int64_t id, int64_t parent, int64_t pos)
{
	return db_run(s, db_query(s, "UPDATE menu_items SET parent_id = ?2,"
	    " position = ?3 WHERE id = ?1", "iui", id, parent, pos),
	    "menu place");
}

/* Makes room after position pos among the children of parent. */
static enum store_status
shift_after(struct store *s, int64_t parent, int64_t pos)
{
	return db_run(s, db_query(s, "UPDATE menu_items"
	    " SET position = position + 1"
	    " WHERE parent_id IS ?1 AND position > ?2", "ui", parent, pos),
	    "menu shift");
}

/* Whether page id exists, in any language (the public menu links to the
 * reader's version of it): STORE_OK or STORE_NOTFOUND. */
static enum store_status
page_exists(struct store *s, int64_t id)
{
	int64_t v = 0;

	return db_one_int(s, db_query(s, "SELECT 1 FROM pages WHERE id = ?1",
	    "i", id), &v, "menu page");
}

/* The end of a change: as db_tx_end(), but a STORE_NOTFOUND with no reason
 * (a row vanished where none could) is a plain failure. */
static enum store_status
finish_change(struct store *s, enum store_status ret, enum menu_refusal *why)
{
	if (ret == STORE_NOTFOUND && *why == MENU_REFUSAL_NONE)
		ret = STORE_ERROR;
	return db_tx_end(s, ret);
}

/* Sets *why and returns STORE_NOTFOUND: a refused change. */
static enum store_status
refuse(enum menu_refusal *why, enum menu_refusal reason)
{
	*why = reason;
	return STORE_NOTFOUND;
}

/* Appends the subtree of rows[i] to out in reading order. Recursion is
 * bounded by the number of rows, each visited once. */
static void
walk(const struct menu_admin_item *rows, size_t nrows, bool *seen,
    size_t i, int depth, struct menu_admin_item *out, size_t *n)
{
	size_t j;

	seen[i] = true;
	out[*n] = rows[i];
	out[(*n)++].depth = depth;
	for (j = 0; j < nrows; j++)
		if (!seen[j] && rows[j].parent_id == rows[i].id)
			walk(rows, nrows, seen, j, depth + 1, out, n);
}

enum store_status
store_menu_admin_tree(struct store *s, struct arena *a,
    struct menu_admin_item **items, size_t *n)
{
	struct menu_admin_item *rows;
	enum store_status ret;
	size_t nrows = 0, i;
	bool *seen;

	*n = 0;
	rows = arena_alloc(a, sizeof(*rows) * MENU_ADMIN_MAX);
	*items = arena_alloc(a, sizeof(**items) * MENU_ADMIN_MAX);
	seen = arena_alloc(a, sizeof(*seen) * MENU_ADMIN_MAX);
	if (rows == NULL || *items == NULL || seen == NULL)
		return STORE_ERROR;
	ret = db_list(s, a, db_query(s,
	    "SELECT " ITEM_COLUMNS " FROM menu_items m"
	    " LEFT JOIN pages p ON p.id = m.page_id"
	    " ORDER BY m.position, m.id LIMIT ?1", "i",
	    (int64_t)MENU_ADMIN_MAX), item_cols, ITEM_NCOLS, rows,
	    sizeof(*rows), MENU_ADMIN_MAX, &nrows, "store_menu_admin_tree");
	if (ret != STORE_OK)
		return ret;
	/* Rows come in sibling order, so walking from each root in turn
	 * gives the reading order; rows never reached from a root are the
	 * orphans and loops the doc comment leaves out. */
	for (i = 0; i < nrows; i++)
		if (!seen[i] && rows[i].parent_id == 0)
			walk(rows, nrows, seen, i, 0, *items, n);
	return STORE_OK;
}

enum store_status
store_menu_admin_item(struct store *s, struct arena *a, int64_t id,
    struct menu_admin_item *m)
{
	enum store_status ret;
	bool loop;

	ret = db_get(s, a, db_query(s,
	    "SELECT " ITEM_COLUMNS " FROM menu_items m"
	    " LEFT JOIN pages p ON p.id = m.page_id"
	    " WHERE m.id = ?1", "i", id), item_cols, ITEM_NCOLS, m,
	    "store_menu_admin_item");
	if (ret != STORE_OK)
		return ret;
	return ancestors(s, id, 0, &m->depth, &loop);
}

enum store_status
store_menu_admin_texts(struct store *s, struct arena *a, int64_t id,
    struct menu_text **texts, size_t *n)
{
	*n = 0;
	*texts = arena_alloc(a, sizeof(**texts) * MENU_ADMIN_TEXTS_MAX);
	if (*texts == NULL)
		return STORE_ERROR;
	return db_list(s, a, db_query(s,
	    "SELECT lang, label, description FROM menu_texts"
	    " WHERE item_id = ?1 ORDER BY lang LIMIT ?2", "ii", id,
	    (int64_t)MENU_ADMIN_TEXTS_MAX), text_cols,
	    sizeof(text_cols) / sizeof(text_cols[0]), *texts, sizeof(**texts),
	    MENU_ADMIN_TEXTS_MAX, n, "store_menu_admin_texts");
}

enum store_status
store_menu_admin_pages(struct store *s, struct arena *a, int64_t chosen,
    struct menu_admin_page **pages, size_t *n)
{
	*n = 0;
	*pages = arena_alloc(a, sizeof(**pages) * (MENU_ADMIN_PAGES_MAX + 1));
	if (*pages == NULL)
		return STORE_ERROR;
	return db_list(s, a, db_query(s,
	    "SELECT id, lang, title, published FROM (SELECT id, lang, title,"
	    " status = 'published' AS published FROM pages"
	    " ORDER BY title COLLATE NOCASE, id LIMIT ?1) UNION"
	    " SELECT id, lang, title, status = 'published' FROM pages"
	    " WHERE id = ?2 ORDER BY 3 COLLATE NOCASE, 1", "ii",
	    (int64_t)MENU_ADMIN_PAGES_MAX, chosen), page_cols,
	    sizeof(page_cols) / sizeof(page_cols[0]), *pages, sizeof(**pages),
	    MENU_ADMIN_PAGES_MAX + 1, n, "store_menu_admin_pages");
}

/* The page a MENU_PAGE item points at, else 0 (bound as NULL by 'u'). */
static int64_t
page_of(const struct menu_admin_fields *f)
{
	return f->target == MENU_PAGE ? f->page_id : 0;
}

/* The address of a MENU_URL item, else NULL (bound as NULL by 't'). */
static const char *
url_of(const struct menu_admin_fields *f)
{
	return f->target == MENU_URL ? f->url : NULL;
}

/* The checks that adding and editing share: the page exists. */
static enum store_status
check_page(struct store *s, const struct menu_admin_fields *f,
    enum menu_refusal *why)
{
	enum store_status ret;

	if (f->target != MENU_PAGE)
		return STORE_OK;
	ret = f->page_id > 0 ? page_exists(s, f->page_id) : STORE_NOTFOUND;
	return ret == STORE_NOTFOUND ? refuse(why, MENU_REFUSAL_NO_PAGE) : ret;
}

/* Writes the label and description of item id in each language of f's
 * texts: an empty label removes the language's row. The item's own
 * language is skipped: its label is the item's. */
static enum store_status
write_texts(struct store *s, int64_t id, const struct menu_admin_fields *f)
{
	enum store_status ret = STORE_OK;
	const struct menu_text *t;
	size_t i;

	for (i = 0; i < f->ntexts && ret == STORE_OK; i++) {
		t = &f->texts[i];
		if (*t->label == '\0')
			ret = db_run(s, db_query(s, "DELETE FROM menu_texts"
			    " WHERE item_id = ?1 AND lang = ?2", "it", id,
			    t->lang), "menu text remove");
		else
			ret = db_run(s, db_query(s,
			    "INSERT INTO menu_texts (item_id, lang, label,"
			    " description) SELECT ?1, ?2, ?3, ?4"
			    " WHERE ?2 IS NOT (SELECT lang FROM menu_items"
			    " WHERE id = ?1)"
			    " ON CONFLICT (item_id, lang) DO UPDATE"
			    " SET label = excluded.label,"
			    " description = excluded.description"
			    " WHERE label IS NOT excluded.label"
			    " OR description IS NOT excluded.description",
			    "itts", id, t->lang, t->label, t->description),
			    "menu text put");
	}
	return ret;
}

static enum store_status
add(struct store *s, const char *lang, const struct menu_admin_fields *f,
    int64_t *id, enum menu_refusal *why)
{
	enum store_status ret;
	int64_t count = 0, pos = 0;
	bool loop;
	int depth;

	if ((ret = db_one_int(s, db_query(s, "SELECT count(*) FROM menu_items",
	    ""), &count, "menu count")) != STORE_OK)
		return ret;
	if (count >= MENU_ADMIN_MAX)
		return refuse(why, MENU_REFUSAL_FULL);
	if (f->parent_id != 0) {
		ret = ancestors(s, f->parent_id, 0, &depth, &loop);
		if (ret == STORE_NOTFOUND || (ret == STORE_OK && loop))
			return refuse(why, MENU_REFUSAL_NO_PARENT);
		if (ret != STORE_OK)
			return ret;
		if (depth + 2 > MENU_ADMIN_LEVELS)
			return refuse(why, MENU_REFUSAL_TOO_DEEP);
	}
	if ((ret = check_page(s, f, why)) != STORE_OK ||
	    (ret = renumber(s, f->parent_id)) != STORE_OK ||
	    (ret = children_count(s, f->parent_id, &pos)) != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s,
	    "INSERT INTO menu_items (lang, label, description, target,"
	    " page_id, url, parent_id, position)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", "ttstutui", lang,
	    f->label, f->description, store_menu_target_name(f->target),
	    page_of(f), url_of(f), f->parent_id, pos), "store_menu_admin_add");
	if (ret != STORE_OK)
		return ret;
	*id = sqlite3_last_insert_rowid(s->db);
	return write_texts(s, *id, f);
}

enum store_status
store_menu_admin_add(struct store *s, const char *lang,
    const struct menu_admin_fields *f, int64_t *id, enum menu_refusal *why)
{
	enum store_status ret;

	*why = MENU_REFUSAL_NONE;
	*id = 0;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return finish_change(s, add(s, lang, f, id, why), why);
}

/* Makes item id (now a child of from) the last child of to, after
 * checking that its subtree fits there. */
static enum store_status
reparent(struct store *s, int64_t id, int64_t from, int64_t to,
    enum menu_refusal *why)
{
	enum store_status ret;
	int depth = -1, old_depth, levels;
	int64_t pos = 0;
	bool hit = false;

	if (to != 0) {
		ret = ancestors(s, to, id, &depth, &hit);
		if (ret == STORE_NOTFOUND)
			return refuse(why, MENU_REFUSAL_NO_PARENT);
		if (ret != STORE_OK)
			return ret;
		if (hit)
			return refuse(why, MENU_REFUSAL_CYCLE);
	}
	ret = ancestors(s, id, 0, &old_depth, &hit);
	if (ret == STORE_NOTFOUND)
		return refuse(why, MENU_REFUSAL_GONE);
	if (ret != STORE_OK || (ret = levels_of(s, id, &levels)) != STORE_OK)
		return ret;
	/* A subtree made too deep by hand may still move up, never down. */
	if (depth + 1 + levels > MENU_ADMIN_LEVELS && depth + 1 > old_depth)
		return refuse(why, MENU_REFUSAL_TOO_DEEP);
	if ((ret = renumber(s, to)) != STORE_OK ||
	    (ret = children_count(s, to, &pos)) != STORE_OK ||
	    (ret = set_place(s, id, to, pos)) != STORE_OK)
		return ret;
	return renumber(s, from);
}

static enum store_status
update(struct store *s, int64_t id, const struct menu_admin_fields *f,
    enum menu_refusal *why)
{
	enum store_status ret;
	int64_t parent = 0;

	ret = parent_of(s, id, &parent);
	if (ret == STORE_NOTFOUND)
		return refuse(why, MENU_REFUSAL_GONE);
	if (ret != STORE_OK)
		return ret;
	if (f->parent_id != parent &&
	    (ret = reparent(s, id, parent, f->parent_id, why)) != STORE_OK)
		return ret;
	if ((ret = check_page(s, f, why)) != STORE_OK)
		return ret;
	ret = db_run(s, db_query(s,
	    "UPDATE menu_items SET label = ?2, description = ?3,"
	    " target = ?4, page_id = ?5, url = ?6 WHERE id = ?1", "itstut",
	    id, f->label, f->description, store_menu_target_name(f->target),
	    page_of(f), url_of(f)), "store_menu_admin_update");
	return ret == STORE_OK ? write_texts(s, id, f) : ret;
}

enum store_status
store_menu_admin_update(struct store *s, int64_t id,
    const struct menu_admin_fields *f, enum menu_refusal *why)
{
	enum store_status ret;

	*why = MENU_REFUSAL_NONE;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return finish_change(s, update(s, id, f, why), why);
}

enum store_status
store_menu_admin_delete(struct store *s, int64_t id, enum menu_refusal *why)
{
	enum store_status ret;

	*why = MENU_REFUSAL_NONE;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	/* The children go with it (parent_id is ON DELETE CASCADE), and so
	 * do its texts in the other languages (item_id too). */
	ret = db_run(s, db_query(s, "DELETE FROM menu_items WHERE id = ?1",
	    "i", id), "store_menu_admin_delete");
	if (ret == STORE_OK && sqlite3_changes(s->db) == 0)
		ret = refuse(why, MENU_REFUSAL_GONE);
	return db_tx_end(s, ret);
}

/* Swaps item id at pos with its sibling at other. */
static enum store_status
swap(struct store *s, int64_t id, int64_t parent, int64_t pos, int64_t other)
{
	enum store_status ret;
	int64_t sibling = 0;

	if ((ret = child_at(s, parent, other, &sibling)) != STORE_OK ||
	    (ret = set_place(s, sibling, parent, pos)) != STORE_OK)
		return ret;
	return set_place(s, id, parent, other);
}

static enum store_status
move(struct store *s, int64_t id, enum menu_move how, enum menu_refusal *why)
{
	enum store_status ret;
	int64_t parent = 0, grandparent = 0, pos = 0, n = 0, prev = 0;
	int64_t ppos = 0;

	ret = parent_of(s, id, &parent);
	if (ret == STORE_NOTFOUND)
		return refuse(why, MENU_REFUSAL_GONE);
	if (ret != STORE_OK ||
	    (ret = renumber(s, parent)) != STORE_OK ||
	    (ret = position_of(s, id, &pos)) != STORE_OK ||
	    (ret = children_count(s, parent, &n)) != STORE_OK)
		return ret;
	switch (how) {
	case MENU_MOVE_UP:
		if (pos == 0)
			return refuse(why, MENU_REFUSAL_NO_SIBLING);
		return swap(s, id, parent, pos, pos - 1);
	case MENU_MOVE_DOWN:
		if (pos + 1 >= n)
			return refuse(why, MENU_REFUSAL_NO_SIBLING);
		return swap(s, id, parent, pos, pos + 1);
	case MENU_MOVE_IN:
		if (pos == 0)
			return refuse(why, MENU_REFUSAL_NO_SIBLING);
		if ((ret = child_at(s, parent, pos - 1, &prev)) != STORE_OK)
			return ret;
		return reparent(s, id, parent, prev, why);
	case MENU_MOVE_OUT:
		if (parent == 0)
			return refuse(why, MENU_REFUSAL_TOP_LEVEL);
		if ((ret = parent_of(s, parent, &grandparent)) != STORE_OK ||
		    (ret = renumber(s, grandparent)) != STORE_OK ||
		    (ret = position_of(s, parent, &ppos)) != STORE_OK ||
		    (ret = shift_after(s, grandparent, ppos)) != STORE_OK ||
		    (ret = set_place(s, id, grandparent, ppos + 1)) !=
		    STORE_OK)
			return ret;
		return renumber(s, parent);
	}
	return STORE_ERROR;
}

enum store_status
store_menu_admin_move(struct store *s, int64_t id, enum menu_move how,
    enum menu_refusal *why)
{
	enum store_status ret;

	*why = MENU_REFUSAL_NONE;
	if ((ret = store_tx_begin(s)) != STORE_OK)
		return ret;
	return finish_change(s, move(s, id, how, why), why);
}

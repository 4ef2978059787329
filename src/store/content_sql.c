/* content_sql.c: the statements of the editors' content queries, for each
 * kind: a table name cannot be a bound parameter. Releases and pages have
 * a table each; projects, events and publications share entries, told
 * apart by its kind column. */
#include "store/content_sql.h"

/* The statements both kinds share but for the table t. */
#define SHARED(t) \
	.head = "SELECT lang, slug, version, group_id FROM " t \
	    " WHERE id = ?1", \
	.lang_owner = "SELECT id FROM " t " WHERE group_id = ?1" \
	    " AND lang = ?2 AND id <> ?3", \
	.source = "SELECT group_id FROM " t " WHERE id = ?1", \
	.set_status = "UPDATE " t " SET status = ?2, updated_at = ?3," \
	    " updated_by = ?4, version = version + 1 WHERE id = ?1", \
	.is_draft = "SELECT count(*) FROM " t " WHERE id = ?1" \
	    " AND status = 'draft'", \
	.mark_current = "UPDATE " t " SET source_rev = (SELECT s.text_rev" \
	    " FROM " t " s WHERE s.id = " t ".source_id) WHERE id = ?1 AND" \
	    " (SELECT s.text_rev FROM " t " s WHERE s.id = " t ".source_id)" \
	    " > source_rev", \
	.versions = "SELECT x.id, x.lang, x.title, x.status = 'published'," \
	    " coalesce((SELECT s.text_rev FROM " t " s" \
	    " WHERE s.id = x.source_id) > x.source_rev, 0)" \
	    " FROM " t " x WHERE x.group_id = ?1 ORDER BY x.id LIMIT ?2", \
	.delete = "DELETE FROM " t " WHERE id = ?1", \
	.next_id = "SELECT coalesce(max(id), 0) + 1 FROM " t

/* The statements of kind k in entries: those of SHARED with the rows of
 * other kinds kept out, and the kind's fields (?18) written with the
 * row, with the columns lists sort and filter by made from them by the
 * SQL expressions starts, ends and category (008.sql). An entry's group
 * holds entries of its kind only. */
#define ENTRY(k, starts, ends, category) \
	.name = k, \
	.fields = true, \
	.get = "SELECT e.id, e.lang, e.title, e.slug, '', e.pub_date," \
	    " e.pub_time, e.summary, e.body_md, e.body_html," \
	    " e.status = 'published', e.published_at, e.version," \
	    " e.created_at, e.updated_at, coalesce(u.name, ''), e.group_id," \
	    " coalesce(e.source_id, 0), e.source_rev, e.text_rev," \
	    " coalesce((SELECT s.text_rev FROM entries s" \
	    " WHERE s.id = e.source_id) > e.source_rev, 0), e.fields," \
	    " coalesce(e.lead_media, 0)" \
	    " FROM entries e LEFT JOIN users u ON u.id = e.updated_by" \
	    " WHERE e.id = ?1 AND e.kind = '" k "'", \
	.head = "SELECT lang, slug, version, group_id FROM entries" \
	    " WHERE id = ?1 AND kind = '" k "'", \
	.lang_owner = "SELECT id FROM entries WHERE group_id = ?1" \
	    " AND lang = ?2 AND id <> ?3", \
	.source = "SELECT group_id FROM entries WHERE id = ?1" \
	    " AND kind = '" k "'", \
	.insert = "INSERT INTO entries (id, kind, lang, slug, title," \
	    " pub_date, pub_time, summary, body_md, body_html, status," \
	    " published_at, version, created_at, updated_at, updated_by," \
	    " group_id, source_id, source_rev, fields, starts, ends," \
	    " category) VALUES (nullif(?14, 0), '" k "', ?1, ?2, ?3," \
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?13, ?16, ?17," \
	    " coalesce((SELECT text_rev FROM entries WHERE id = ?17), 0)," \
	    " ?18, " starts ", " ends ", " category ")", \
	.update = "UPDATE entries SET lang = ?1, slug = ?2, title = ?3," \
	    " pub_date = ?5, pub_time = ?6, summary = ?7, body_md = ?8," \
	    " body_html = ?9, status = ?10, published_at = ?11," \
	    " updated_at = ?12, updated_by = ?13, version = version + 1," \
	    " source_rev = coalesce((SELECT s.text_rev FROM entries s" \
	    " WHERE s.id = entries.source_id), source_rev), fields = ?18," \
	    " starts = " starts ", ends = " ends ", category = " category \
	    " WHERE id = ?14 AND version = ?15 AND kind = '" k "'", \
	.set_status = "UPDATE entries SET status = ?2, updated_at = ?3," \
	    " updated_by = ?4, version = version + 1 WHERE id = ?1" \
	    " AND kind = '" k "'", \
	.is_draft = "SELECT count(*) FROM entries WHERE id = ?1" \
	    " AND kind = '" k "' AND status = 'draft'", \
	.mark_current = "UPDATE entries SET source_rev = (SELECT s.text_rev" \
	    " FROM entries s WHERE s.id = entries.source_id) WHERE id = ?1" \
	    " AND kind = '" k "' AND (SELECT s.text_rev FROM entries s" \
	    " WHERE s.id = entries.source_id) > source_rev", \
	.versions = "SELECT x.id, x.lang, x.title, x.status = 'published'," \
	    " coalesce((SELECT s.text_rev FROM entries s" \
	    " WHERE s.id = x.source_id) > x.source_rev, 0)" \
	    " FROM entries x WHERE x.group_id = ?1 AND x.kind = '" k "'" \
	    " ORDER BY x.id LIMIT ?2", \
	.delete = "DELETE FROM entries WHERE id = ?1 AND kind = '" k "'", \
	.next_id = "SELECT coalesce(max(id), 0) + 1 FROM entries"

/* Field name of ?18 as text, '' when absent. */
#define FIELD(name)	"coalesce(json_extract(?18, '$." name "'), '')"

static const struct kind_sql kinds[] = {
	[CONTENT_NEWS] = {
		.name = "news",
		.get = "SELECT n.id, n.lang, n.title, n.slug, n.dateline,"
		" n.pub_date, n.pub_time, n.summary, n.body_md, n.body_html,"
		" n.status = 'published',"
		" n.published_at, n.version, n.created_at, n.updated_at,"
		" coalesce(u.name, ''), n.group_id, coalesce(n.source_id, 0),"
		" n.source_rev, n.text_rev, coalesce((SELECT s.text_rev"
		" FROM news s WHERE s.id = n.source_id) > n.source_rev, 0),"
		" '{}', coalesce(n.lead_media, 0) FROM news n"
		" LEFT JOIN users u ON u.id = n.updated_by WHERE n.id = ?1",
		.insert = "INSERT INTO news (id, lang, slug, title, dateline,"
		" pub_date, pub_time, summary, body_md, body_html, status,"
		" published_at,"
		" version, created_at, updated_at, updated_by, group_id,"
		" source_id, source_rev) VALUES (nullif(?14, 0), ?1, ?2,"
		" ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?13, ?16,"
		" ?17, coalesce((SELECT text_rev FROM news"
		" WHERE id = ?17), 0))",
		.update = "UPDATE news SET lang = ?1, slug = ?2, title = ?3,"
		" dateline = ?4,"
		" pub_date = ?5, pub_time = ?6, summary = ?7, body_md = ?8,"
		" body_html = ?9, status = ?10, published_at = ?11,"
		" updated_at = ?12, updated_by = ?13, version = version + 1,"
		" source_rev = coalesce((SELECT s.text_rev FROM news s"
		" WHERE s.id = news.source_id), source_rev)"
		" WHERE id = ?14 AND version = ?15",
		SHARED("news"),
		.slug_owner = "SELECT id FROM news WHERE lang = ?1"
		" AND slug = ?2",
	},
	[CONTENT_PAGE] = {
		.name = "page",
		.get = "SELECT p.id, p.lang, p.title, p.slug, '', p.pub_date,"
		" p.pub_time, p.summary, p.body_md, p.body_html,"
		" p.status = 'published',"
		" coalesce(p.published_at, 0), p.version, p.created_at,"
		" p.updated_at, coalesce(u.name, ''), p.group_id,"
		" coalesce(p.source_id, 0), p.source_rev, p.text_rev,"
		" coalesce((SELECT s.text_rev FROM pages s"
		" WHERE s.id = p.source_id) > p.source_rev, 0), '{}',"
		" coalesce(p.lead_media, 0) FROM pages p"
		" LEFT JOIN users u ON u.id = p.updated_by WHERE p.id = ?1",
		.insert = "INSERT INTO pages (id, lang, slug, title, pub_date,"
		" pub_time, summary, body_md, body_html, status, published_at,"
		" version,"
		" created_at, updated_at, updated_by, group_id, source_id,"
		" source_rev) VALUES (nullif(?14, 0), ?1, ?2, ?3, ?5,"
		" ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?13, ?16, ?17,"
		" coalesce((SELECT text_rev FROM pages WHERE id = ?17), 0))",
		.update = "UPDATE pages SET lang = ?1, slug = ?2, title = ?3,"
		" pub_date = ?5,"
		" pub_time = ?6, summary = ?7, body_md = ?8, body_html = ?9,"
		" status = ?10, published_at = ?11, updated_at = ?12,"
		" updated_by = ?13, version = version + 1,"
		" source_rev = coalesce((SELECT s.text_rev FROM pages s"
		" WHERE s.id = pages.source_id), source_rev)"
		" WHERE id = ?14 AND version = ?15",
		SHARED("pages"),
		/* Projects answer at /<slug> as pages do: one namespace. A
		 * project's id is given negated, never a page's own. */
		.slug_owner = "SELECT x FROM (SELECT id AS x FROM pages"
		" WHERE lang = ?1 AND slug = ?2 UNION ALL SELECT -id FROM"
		" entries WHERE kind = 'project' AND lang = ?1 AND slug = ?2)"
		" ORDER BY x < 0 DESC LIMIT 1",
	},
	[CONTENT_PROJECT] = {
		ENTRY("project", FIELD("start_date"), FIELD("end_date"),
		    FIELD("state")),
		.slug_owner = "SELECT x FROM (SELECT id AS x FROM entries"
		" WHERE kind = 'project' AND lang = ?1 AND slug = ?2 UNION ALL"
		" SELECT -id FROM pages WHERE lang = ?1 AND slug = ?2)"
		" ORDER BY x < 0 DESC LIMIT 1",
	},
	[CONTENT_EVENT] = {
		/* An end with a time only ends on the day it starts. */
		ENTRY("event", "trim(" FIELD("start_date") " || ' ' || "
		    FIELD("start_time") ")", "CASE WHEN " FIELD("end_date")
		    " || " FIELD("end_time") " = '' THEN '' ELSE trim(coalesce("
		    "nullif(" FIELD("end_date") ", ''), " FIELD("start_date")
		    ") || ' ' || " FIELD("end_time") ") END", "''"),
		.slug_owner = "SELECT id FROM entries WHERE kind = 'event'"
		" AND lang = ?1 AND slug = ?2",
	},
	[CONTENT_PUBLICATION] = {
		ENTRY("publication", "''", "''", FIELD("type")),
		.slug_owner = "SELECT id FROM entries WHERE"
		" kind = 'publication' AND lang = ?1 AND slug = ?2",
	},
};

const struct kind_sql *
kind_sql(enum content_kind k)
{
	if ((unsigned)k >= sizeof(kinds) / sizeof(kinds[0]))
		k = CONTENT_NEWS;
	return &kinds[k];
}

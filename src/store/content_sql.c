/* content_sql.c: the statements of the editors' content queries, for each
 * kind: a table name cannot be a bound parameter. */
#include "store/content_sql.h"

/* The statements both kinds share but for the table t. */
#define SHARED(t) \
	.head = "SELECT lang, slug, version, group_id FROM " t \
	    " WHERE id = ?1", \
	.slug_owner = "SELECT id FROM " t " WHERE lang = ?1 AND slug = ?2", \
	.lang_owner = "SELECT id FROM " t " WHERE group_id = ?1" \
	    " AND lang = ?2 AND id <> ?3", \
	.source = "SELECT group_id FROM " t " WHERE id = ?1", \
	.set_status = "UPDATE " t " SET status = ?2, updated_at = ?3," \
	    " updated_by = ?4, version = version + 1 WHERE id = ?1", \
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

static const struct kind_sql kinds[] = {
	[CONTENT_NEWS] = {
		.name = "news",
		.get = "SELECT n.id, n.lang, n.title, n.slug, n.dateline,"
		" n.pub_date, n.pub_time, n.summary, n.body_md, n.body_html,"
		" n.status = 'published',"
		" n.published_at, n.version, n.created_at, n.updated_at,"
		" coalesce(u.name, ''), n.group_id, coalesce(n.source_id, 0),"
		" n.source_rev, n.text_rev, coalesce((SELECT s.text_rev"
		" FROM news s WHERE s.id = n.source_id) > n.source_rev, 0)"
		" FROM news n LEFT JOIN users u"
		" ON u.id = n.updated_by WHERE n.id = ?1",
		.insert = "INSERT INTO news (lang, slug, title, dateline,"
		" pub_date, pub_time, summary, body_md, body_html, status,"
		" published_at,"
		" version, created_at, updated_at, updated_by, group_id,"
		" source_id, source_rev) VALUES (?1, ?2,"
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
		" WHERE s.id = p.source_id) > p.source_rev, 0) FROM pages p"
		" LEFT JOIN users u ON u.id = p.updated_by WHERE p.id = ?1",
		.insert = "INSERT INTO pages (lang, slug, title, pub_date,"
		" pub_time, summary, body_md, body_html, status, published_at,"
		" version,"
		" created_at, updated_at, updated_by, group_id, source_id,"
		" source_rev) VALUES (?1, ?2, ?3, ?5,"
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
	},
};

const struct kind_sql *
kind_sql(enum content_kind k)
{
	return &kinds[k == CONTENT_PAGE ? CONTENT_PAGE : CONTENT_NEWS];
}

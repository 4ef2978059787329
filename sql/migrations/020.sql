-- 020.sql: releases, pages and entries keep their small columns before
-- their bodies (issue 16). SQLite keeps the start of a row on its leaf
-- page and the rest in a chain of overflow pages; the three tables had
-- body_md and body_html before status, published_at, updated_at, group_id
-- and every column added since, so that a list of ten releases read an
-- overflow page or two for most of them to learn a date, and a sitemap
-- file of 50,000 URLs read as many chains for updated_at. Each table is
-- rebuilt with its bodies last, its ids kept (the search index,
-- revisions, redirects and media uses name rows by id), and its indexes,
-- triggers and views as they were. body_html comes before body_md:
-- readers, feeds and the search index read the first, only the editor's
-- form the second, and a column is reached through the chain of those
-- before it.

-- Renaming a table checks every trigger that names it, and the redirects'
-- would name tables that are gone: they go first and come back last.
DROP TRIGGER redirects_ai;
DROP TRIGGER redirects_ad;

CREATE TABLE news_new (
	id		INTEGER PRIMARY KEY,
	lang		TEXT NOT NULL DEFAULT 'en',
	slug		TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 128),
	group_id	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published')),
	published_at	INTEGER NOT NULL,	-- pub_date (and time) as Unix time
	pub_date	TEXT NOT NULL,		-- YYYY-MM-DD, site time zone
	pub_time	TEXT NOT NULL DEFAULT '00:00',
	updated_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	lead_media	INTEGER REFERENCES media (id),
	title		TEXT NOT NULL,
	dateline	TEXT NOT NULL DEFAULT '',	-- place, e.g. Geneva
	summary		TEXT NOT NULL DEFAULT '',
	version		INTEGER NOT NULL DEFAULT 1,
	text_rev	INTEGER NOT NULL DEFAULT 1,
	source_id	INTEGER REFERENCES news (id) ON DELETE SET NULL,
	source_rev	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	body_html	TEXT,			-- rendered from body_md when saved
	body_md		TEXT NOT NULL DEFAULT '',
	UNIQUE (lang, slug)
);

INSERT INTO news_new (id, lang, slug, group_id, status, published_at,
    pub_date, pub_time, updated_at, lead_media, title, dateline, summary,
    version, text_rev, source_id, source_rev, created_at, updated_by,
    body_html, body_md)
    SELECT id, lang, slug, group_id, status, published_at, pub_date,
    pub_time, updated_at, lead_media, title, dateline, summary, version,
    text_rev, source_id, source_rev, created_at, updated_by, body_html,
    body_md
    FROM news ORDER BY id;

DROP TABLE news;
ALTER TABLE news_new RENAME TO news;

CREATE INDEX news_public ON news (lang, status, published_at DESC, id DESC);

CREATE TRIGGER news_ai AFTER INSERT ON news WHEN NEW.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER news_au AFTER UPDATE ON news
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER news_ad AFTER DELETE ON news WHEN OLD.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE UNIQUE INDEX news_group ON news (group_id, lang);

CREATE INDEX news_published ON news (status, published_at DESC, id DESC);

CREATE TRIGGER news_group_ai AFTER INSERT ON news WHEN NEW.group_id = 0
BEGIN
	UPDATE news SET group_id = NEW.id WHERE id = NEW.id;
END;

CREATE TRIGGER news_text_au AFTER UPDATE OF title, body_md ON news
    WHEN OLD.title IS NOT NEW.title OR OLD.body_md IS NOT NEW.body_md
BEGIN
	UPDATE news SET text_rev = OLD.text_rev + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER news_media_ad AFTER DELETE ON news
BEGIN
	DELETE FROM media_uses WHERE kind = 'news' AND item_id = OLD.id;
END;

CREATE TRIGGER news_order_ai AFTER INSERT ON news
    WHEN NEW.status = 'published' AND NEW.group_id <> 0
BEGIN
	INSERT INTO news_order_move SELECT NEW.group_id,
	    (SELECT min(published_at) FROM news WHERE group_id = NEW.group_id
	    AND +status = 'published');
END;

CREATE TRIGGER news_order_au AFTER UPDATE OF status, published_at, group_id
    ON news
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	INSERT INTO news_order_move SELECT OLD.group_id,
	    (SELECT min(published_at) FROM news WHERE group_id = OLD.group_id
	    AND +status = 'published')
	    WHERE OLD.group_id <> NEW.group_id AND OLD.group_id <> 0;
	INSERT INTO news_order_move SELECT NEW.group_id,
	    (SELECT min(published_at) FROM news WHERE group_id = NEW.group_id
	    AND +status = 'published')
	    WHERE NEW.group_id <> 0;
END;

CREATE TRIGGER news_order_ad AFTER DELETE ON news
    WHEN OLD.status = 'published' AND OLD.group_id <> 0
BEGIN
	INSERT INTO news_order_move SELECT OLD.group_id,
	    (SELECT min(published_at) FROM news WHERE group_id = OLD.group_id
	    AND +status = 'published');
END;

CREATE INDEX news_slug ON news (slug);

CREATE TRIGGER news_scope_ai AFTER INSERT ON news
    WHEN NEW.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 1
	    OR id IN (SELECT 64 + (length(s) + coalesce(unicode(substr(s,
	    -1)), 0) + 3 * coalesce(unicode(substr(s, -2, 1)), 0) + 9 *
	    coalesce(unicode(substr(s, -3, 1)), 0)) % 64 FROM (SELECT slug
	    AS s FROM news WHERE group_id = NEW.group_id UNION SELECT
	    NEW.slug));
END;

CREATE TRIGGER news_scope_au AFTER UPDATE ON news
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 1
	    OR id IN (SELECT 64 + (length(s) + coalesce(unicode(substr(s,
	    -1)), 0) + 3 * coalesce(unicode(substr(s, -2, 1)), 0) + 9 *
	    coalesce(unicode(substr(s, -3, 1)), 0)) % 64 FROM (SELECT slug
	    AS s FROM news WHERE group_id IN (OLD.group_id, NEW.group_id)
	    UNION SELECT OLD.slug));
END;

CREATE TRIGGER news_scope_ad AFTER DELETE ON news
    WHEN OLD.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 1
	    OR id IN (SELECT 64 + (length(s) + coalesce(unicode(substr(s,
	    -1)), 0) + 3 * coalesce(unicode(substr(s, -2, 1)), 0) + 9 *
	    coalesce(unicode(substr(s, -3, 1)), 0)) % 64 FROM (SELECT slug
	    AS s FROM news WHERE group_id = OLD.group_id UNION SELECT
	    OLD.slug));
END;

CREATE TABLE pages_new (
	id		INTEGER PRIMARY KEY,
	lang		TEXT NOT NULL DEFAULT 'en',
	slug		TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 128),
	group_id	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published')),
	published_at	INTEGER,		-- visible from this second on
	pub_date	TEXT NOT NULL DEFAULT '',
	pub_time	TEXT NOT NULL DEFAULT '00:00',
	updated_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	lead_media	INTEGER REFERENCES media (id),
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	version		INTEGER NOT NULL DEFAULT 1,
	text_rev	INTEGER NOT NULL DEFAULT 1,
	source_id	INTEGER REFERENCES pages (id) ON DELETE SET NULL,
	source_rev	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	body_html	TEXT,			-- rendered from body_md when saved
	body_md		TEXT NOT NULL DEFAULT '',
	UNIQUE (lang, slug)
);

INSERT INTO pages_new (id, lang, slug, group_id, status, published_at,
    pub_date, pub_time, updated_at, lead_media, title, summary, version,
    text_rev, source_id, source_rev, created_at, updated_by, body_html,
    body_md)
    SELECT id, lang, slug, group_id, status, published_at, pub_date,
    pub_time, updated_at, lead_media, title, summary, version, text_rev,
    source_id, source_rev, created_at, updated_by, body_html, body_md
    FROM pages ORDER BY id;

DROP TABLE pages;
ALTER TABLE pages_new RENAME TO pages;

CREATE TRIGGER pages_ai AFTER INSERT ON pages WHEN NEW.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER pages_au AFTER UPDATE ON pages
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER pages_ad AFTER DELETE ON pages WHEN OLD.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE UNIQUE INDEX pages_group ON pages (group_id, lang);

CREATE TRIGGER pages_group_ai AFTER INSERT ON pages WHEN NEW.group_id = 0
BEGIN
	UPDATE pages SET group_id = NEW.id WHERE id = NEW.id;
END;

CREATE TRIGGER pages_text_au AFTER UPDATE OF title, body_md ON pages
    WHEN OLD.title IS NOT NEW.title OR OLD.body_md IS NOT NEW.body_md
BEGIN
	UPDATE pages SET text_rev = OLD.text_rev + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER pages_media_ad AFTER DELETE ON pages
BEGIN
	DELETE FROM media_uses WHERE kind = 'page' AND item_id = OLD.id;
END;

CREATE INDEX pages_slug ON pages (slug);

CREATE INDEX pages_published ON pages (status, published_at);

CREATE TRIGGER pages_scope_ai AFTER INSERT ON pages
    WHEN NEW.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 2
	    OR id IN (SELECT 128 + (length(s) + coalesce(unicode(substr(s,
	    -1)), 0) + 3 * coalesce(unicode(substr(s, -2, 1)), 0) + 9 *
	    coalesce(unicode(substr(s, -3, 1)), 0)) % 64 FROM (SELECT slug
	    AS s FROM pages WHERE group_id = NEW.group_id UNION SELECT
	    NEW.slug))
	    OR (id = 0 AND EXISTS (SELECT 1 FROM menu_items WHERE page_id IN
	    (SELECT id FROM pages WHERE group_id = NEW.group_id)));
END;

CREATE TRIGGER pages_scope_au AFTER UPDATE ON pages
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 2
	    OR id IN (SELECT 128 + (length(s) + coalesce(unicode(substr(s,
	    -1)), 0) + 3 * coalesce(unicode(substr(s, -2, 1)), 0) + 9 *
	    coalesce(unicode(substr(s, -3, 1)), 0)) % 64 FROM (SELECT slug
	    AS s FROM pages WHERE group_id IN (OLD.group_id, NEW.group_id)
	    UNION SELECT OLD.slug))
	    OR (id = 0 AND EXISTS (SELECT 1 FROM menu_items WHERE page_id IN
	    (SELECT id FROM pages WHERE group_id IN (OLD.group_id,
	    NEW.group_id))));
END;

CREATE TRIGGER pages_scope_ad AFTER DELETE ON pages
    WHEN OLD.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 2
	    OR id IN (SELECT 128 + (length(s) + coalesce(unicode(substr(s,
	    -1)), 0) + 3 * coalesce(unicode(substr(s, -2, 1)), 0) + 9 *
	    coalesce(unicode(substr(s, -3, 1)), 0)) % 64 FROM (SELECT slug
	    AS s FROM pages WHERE group_id = OLD.group_id UNION SELECT
	    OLD.slug))
	    OR (id = 0 AND EXISTS (SELECT 1 FROM menu_items WHERE page_id IN
	    (SELECT id FROM pages WHERE group_id = OLD.group_id)));
END;

-- Projects, events and publications: their views of list places name
-- the table too, and go and come back with it.
DROP VIEW list_at;
DROP VIEW list_type_at;

CREATE TABLE entries_new (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL
			    CHECK (kind IN ('project', 'event', 'publication')),
	lang		TEXT NOT NULL DEFAULT 'en',
	slug		TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 128),
	group_id	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published')),
	published_at	INTEGER NOT NULL,	-- pub_date and pub_time
	pub_date	TEXT NOT NULL,		-- YYYY-MM-DD, site time zone
	pub_time	TEXT NOT NULL DEFAULT '00:00',
	updated_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	-- What lists sort and filter by, copied from fields by each write
	-- (content_sql.c): an index cannot hold json_extract() while the
	-- schema is not trusted (db.c). starts and ends: a project's dates
	-- (YYYY-MM-DD), an event's start and end ("YYYY-MM-DD HH:MM", the
	-- site's time zone; ends '' when none is given); category: a
	-- project's status when set by hand, a publication's type.
	starts		TEXT NOT NULL DEFAULT '',
	ends		TEXT NOT NULL DEFAULT '',
	category	TEXT NOT NULL DEFAULT '',
	lead_media	INTEGER REFERENCES media (id),
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	fields		TEXT NOT NULL DEFAULT '{}',
	version		INTEGER NOT NULL DEFAULT 1,
	text_rev	INTEGER NOT NULL DEFAULT 1,
	source_id	INTEGER REFERENCES entries (id) ON DELETE SET NULL,
	source_rev	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	body_html	TEXT,
	body_md		TEXT NOT NULL DEFAULT '',
	UNIQUE (kind, lang, slug)
);

INSERT INTO entries_new (id, kind, lang, slug, group_id, status,
    published_at, pub_date, pub_time, updated_at, starts, ends, category,
    lead_media, title, summary, fields, version, text_rev, source_id,
    source_rev, created_at, updated_by, body_html, body_md)
    SELECT id, kind, lang, slug, group_id, status, published_at, pub_date,
    pub_time, updated_at, starts, ends, category, lead_media, title,
    summary, fields, version, text_rev, source_id, source_rev, created_at,
    updated_by, body_html, body_md
    FROM entries ORDER BY id;

DROP TABLE entries;
ALTER TABLE entries_new RENAME TO entries;

CREATE UNIQUE INDEX entries_group ON entries (group_id, lang);

CREATE INDEX entries_published ON entries
    (kind, status, published_at DESC, id DESC);

CREATE INDEX entries_starts ON entries (kind, status, starts);

CREATE INDEX entries_category ON entries (kind, category, status);

CREATE TRIGGER entries_group_ai AFTER INSERT ON entries WHEN NEW.group_id = 0
BEGIN
	UPDATE entries SET group_id = NEW.id WHERE id = NEW.id;
END;

CREATE TRIGGER entries_text_au AFTER UPDATE OF title, body_md ON entries
    WHEN OLD.title IS NOT NEW.title OR OLD.body_md IS NOT NEW.body_md
BEGIN
	UPDATE entries SET text_rev = OLD.text_rev + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER entries_ai AFTER INSERT ON entries
    WHEN NEW.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER entries_au AFTER UPDATE ON entries
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER entries_ad AFTER DELETE ON entries
    WHEN OLD.status = 'published'
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER entries_donors_ai AFTER INSERT ON entries
    WHEN NEW.kind = 'project'
BEGIN
	INSERT OR IGNORE INTO donors (name) SELECT value
	    FROM json_each(NEW.fields, '$.donors') WHERE type = 'text';
	INSERT OR IGNORE INTO entry_donors (entry_id, donor_id, position)
	    SELECT NEW.id, d.id, j.key FROM json_each(NEW.fields,
	    '$.donors') j JOIN donors d ON d.name = j.value
	    WHERE j.type = 'text';
END;

CREATE TRIGGER entries_donors_au AFTER UPDATE OF fields ON entries
    WHEN NEW.kind = 'project'
BEGIN
	DELETE FROM entry_donors WHERE entry_id = NEW.id;
	INSERT OR IGNORE INTO donors (name) SELECT value
	    FROM json_each(NEW.fields, '$.donors') WHERE type = 'text';
	INSERT OR IGNORE INTO entry_donors (entry_id, donor_id, position)
	    SELECT NEW.id, d.id, j.key FROM json_each(NEW.fields,
	    '$.donors') j JOIN donors d ON d.name = j.value
	    WHERE j.type = 'text';
END;

CREATE TRIGGER entries_media_ad AFTER DELETE ON entries
BEGIN
	DELETE FROM media_uses WHERE kind = OLD.kind AND item_id = OLD.id;
END;

CREATE TRIGGER entries_scope_ai AFTER INSERT ON entries
    WHEN NEW.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1
	    WHERE name = NEW.kind;
END;

CREATE TRIGGER entries_scope_au AFTER UPDATE ON entries
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1
	    WHERE name IN (OLD.kind, NEW.kind);
END;

CREATE TRIGGER entries_scope_ad AFTER DELETE ON entries
    WHEN OLD.status = 'published'
BEGIN
	UPDATE cache_scopes SET generation = generation + 1
	    WHERE name = OLD.kind;
END;

CREATE INDEX entries_ends ON entries (kind, status, ends, starts);

CREATE TRIGGER entry_order_ai AFTER INSERT ON entries
    WHEN NEW.status = 'published' AND NEW.group_id <> 0
BEGIN
	INSERT INTO entry_order_move SELECT NEW.group_id, NEW.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = NEW.group_id AND +status = 'published');
END;

CREATE TRIGGER entry_order_au AFTER UPDATE OF status, published_at,
    group_id, kind ON entries
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	INSERT INTO entry_order_move SELECT OLD.group_id, OLD.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = OLD.group_id AND +status = 'published')
	    WHERE OLD.group_id <> NEW.group_id AND OLD.group_id <> 0;
	INSERT INTO entry_order_move SELECT NEW.group_id, NEW.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = NEW.group_id AND +status = 'published')
	    WHERE NEW.group_id <> 0;
END;

CREATE TRIGGER entry_order_ad AFTER DELETE ON entries
    WHEN OLD.status = 'published' AND OLD.group_id <> 0
BEGIN
	INSERT INTO entry_order_move SELECT OLD.group_id, OLD.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = OLD.group_id AND +status = 'published');
END;

CREATE INDEX entries_pub_date ON entries (kind, status, pub_date,
    published_at);

CREATE INDEX entries_slug ON entries (slug);

CREATE TRIGGER list_order_ai AFTER INSERT ON entries
    WHEN NEW.kind IN ('event', 'project', 'publication')
    AND NEW.status = 'published' AND NEW.group_id <> 0
BEGIN
	INSERT INTO list_order_move SELECT NEW.kind, NEW.group_id,
	    (SELECT min(at) FROM list_at WHERE kind = NEW.kind
	    AND group_id = NEW.group_id);
END;

CREATE TRIGGER list_order_au AFTER UPDATE OF status, starts, pub_date,
    group_id, kind ON entries
    WHEN (OLD.kind IN ('event', 'project', 'publication')
    OR NEW.kind IN ('event', 'project', 'publication'))
    AND (OLD.status = 'published' OR NEW.status = 'published')
BEGIN
	INSERT INTO list_order_move SELECT OLD.kind, OLD.group_id,
	    (SELECT min(at) FROM list_at WHERE kind = OLD.kind
	    AND group_id = OLD.group_id)
	    WHERE OLD.kind IN ('event', 'project', 'publication')
	    AND OLD.group_id <> 0
	    AND (OLD.group_id <> NEW.group_id OR NEW.kind <> OLD.kind);
	INSERT INTO list_order_move SELECT NEW.kind, NEW.group_id,
	    (SELECT min(at) FROM list_at WHERE kind = NEW.kind
	    AND group_id = NEW.group_id)
	    WHERE NEW.kind IN ('event', 'project', 'publication')
	    AND NEW.group_id <> 0;
END;

CREATE TRIGGER list_order_ad AFTER DELETE ON entries
    WHEN OLD.kind IN ('event', 'project', 'publication')
    AND OLD.status = 'published' AND OLD.group_id <> 0
BEGIN
	INSERT INTO list_order_move SELECT OLD.kind, OLD.group_id,
	    (SELECT min(at) FROM list_at WHERE kind = OLD.kind
	    AND group_id = OLD.group_id);
END;

CREATE TRIGGER list_type_ai AFTER INSERT ON entries
    WHEN NEW.kind = 'publication' AND NEW.status = 'published'
    AND NEW.group_id <> 0 AND NEW.category <> ''
BEGIN
	INSERT INTO list_type_start VALUES ('publication/' || NEW.category);
	INSERT INTO list_order_move SELECT 'publication/' || NEW.category,
	    NEW.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = NEW.group_id AND category = NEW.category);
END;

CREATE TRIGGER list_type_au AFTER UPDATE OF status, pub_date, group_id,
    kind, category ON entries
    WHEN (OLD.kind = 'publication' OR NEW.kind = 'publication')
    AND (OLD.status = 'published' OR NEW.status = 'published')
BEGIN
	INSERT INTO list_order_move SELECT 'publication/' || OLD.category,
	    OLD.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = OLD.group_id AND category = OLD.category)
	    WHERE OLD.kind = 'publication' AND OLD.category <> ''
	    AND OLD.group_id <> 0 AND (OLD.group_id <> NEW.group_id
	    OR OLD.category <> NEW.category OR NEW.kind <> OLD.kind);
	INSERT INTO list_type_start SELECT 'publication/' || NEW.category
	    WHERE NEW.kind = 'publication' AND NEW.category <> ''
	    AND NEW.group_id <> 0;
	INSERT INTO list_order_move SELECT 'publication/' || NEW.category,
	    NEW.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = NEW.group_id AND category = NEW.category)
	    WHERE NEW.kind = 'publication' AND NEW.category <> ''
	    AND NEW.group_id <> 0;
END;

CREATE TRIGGER list_type_ad AFTER DELETE ON entries
    WHEN OLD.kind = 'publication' AND OLD.status = 'published'
    AND OLD.group_id <> 0 AND OLD.category <> ''
BEGIN
	INSERT INTO list_order_move SELECT 'publication/' || OLD.category,
	    OLD.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = OLD.group_id AND category = OLD.category);
END;

CREATE VIEW list_at (kind, group_id, at) AS
	SELECT kind, group_id, CASE kind
	    WHEN 'event' THEN CAST(substr(starts, 1, 4) ||
	    substr(starts, 6, 2) || substr(starts, 9, 2) AS INTEGER) * 10000 +
	    CASE WHEN length(starts) >= 16 THEN 1 +
	    CAST(substr(starts, 12, 2) AS INTEGER) * 100 +
	    CAST(substr(starts, 15, 2) AS INTEGER) ELSE 0 END
	    WHEN 'project' THEN CAST(substr(starts, 1, 4) ||
	    substr(starts, 6, 2) || substr(starts, 9, 2) AS INTEGER)
	    ELSE CAST(substr(pub_date, 1, 4) || substr(pub_date, 6, 2) ||
	    substr(pub_date, 9, 2) AS INTEGER) END
	FROM entries WHERE kind IN ('event', 'project', 'publication')
	AND +status = 'published';

CREATE VIEW list_type_at (category, group_id, at) AS
	SELECT category, group_id, CAST(substr(pub_date, 1, 4) ||
	    substr(pub_date, 6, 2) || substr(pub_date, 9, 2) AS INTEGER)
	FROM entries INDEXED BY entries_group
	WHERE kind = 'publication' AND +status = 'published';

CREATE TRIGGER redirects_ai AFTER INSERT ON redirects
    WHEN EXISTS (SELECT 1 FROM news WHERE NEW.kind = 'news'
	AND id = NEW.target_id AND status = 'published')
    OR EXISTS (SELECT 1 FROM pages WHERE NEW.kind = 'page'
	AND id = NEW.target_id AND status = 'published')
    OR EXISTS (SELECT 1 FROM entries WHERE NEW.kind = entries.kind
	AND id = NEW.target_id AND status = 'published')
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

CREATE TRIGGER redirects_ad AFTER DELETE ON redirects
    WHEN EXISTS (SELECT 1 FROM news WHERE OLD.kind = 'news'
	AND id = OLD.target_id AND status = 'published')
    OR EXISTS (SELECT 1 FROM pages WHERE OLD.kind = 'page'
	AND id = OLD.target_id AND status = 'published')
    OR EXISTS (SELECT 1 FROM entries WHERE OLD.kind = entries.kind
	AND id = OLD.target_id AND status = 'published')
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

-- 020.sql: releases, pages and entries keep their small columns before
-- their bodies (issue 16). SQLite keeps the start of a row on its leaf
-- page and the rest in a chain of overflow pages; the three tables had
-- body_md and body_html before status, published_at, updated_at, group_id
-- and every column added since, so that a list of ten releases read an
-- overflow page or two for most of them to learn a date, and a sitemap
-- file of 50,000 URLs read as many chains for updated_at. Each table is
-- rebuilt with its bodies last and its ids kept (the search index,
-- revisions, redirects and media uses name rows by id). body_html comes
-- before body_md: readers, feeds and the search index read the first,
-- only the editor's form the second, and a column is reached through the
-- chain of those before it.

-- Their indexes and triggers, and the triggers and views of others that
-- name them (renaming a table checks those, and would fail on one naming
-- a table that is gone), go with them; the migration runner makes each
-- again afterwards from its own text as the database held it, in the
-- order they were made (db.c, remake_kept).
CREATE TEMP TABLE migration_kept AS SELECT sql FROM sqlite_schema
    WHERE sql IS NOT NULL AND (type IN ('index', 'trigger')
    AND tbl_name IN ('news', 'pages', 'entries')
    OR name IN ('redirects_ai', 'redirects_ad', 'list_at', 'list_type_at'))
    ORDER BY rowid;
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

-- The views of list places name entries, and entries' triggers name
-- them: they go once the other tables are back.
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

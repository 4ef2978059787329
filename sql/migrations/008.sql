-- 008.sql: projects, events and publications. They share one table,
-- entries, with the columns releases and pages have (so that drafts,
-- scheduling, versions, revisions, redirects and translation groups go
-- through the same store code, src/store/content.c) plus a kind and the
-- kind's own fields as one JSON object, whose keys and checks are those of
-- src/content_fields.c. Revisions, redirects and menu items learn the new
-- kinds; a table's CHECK cannot be altered, so those three are rebuilt
-- (db.c runs a migration with foreign keys off and checks them after).

CREATE TABLE entries (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL
			    CHECK (kind IN ('project', 'event', 'publication')),
	lang		TEXT NOT NULL DEFAULT 'en',
	slug		TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 128),
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	body_md		TEXT NOT NULL DEFAULT '',
	body_html	TEXT,
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published')),
	pub_date	TEXT NOT NULL,		-- YYYY-MM-DD, site time zone
	pub_time	TEXT NOT NULL DEFAULT '00:00',
	published_at	INTEGER NOT NULL,	-- pub_date and pub_time
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	group_id	INTEGER NOT NULL DEFAULT 0,
	text_rev	INTEGER NOT NULL DEFAULT 1,
	source_id	INTEGER REFERENCES entries (id) ON DELETE SET NULL,
	source_rev	INTEGER NOT NULL DEFAULT 0,
	fields		TEXT NOT NULL DEFAULT '{}',
	-- What lists sort and filter by, copied from fields by each write
	-- (content_sql.c): an index cannot hold json_extract() while the
	-- schema is not trusted (db.c). starts and ends: a project's dates
	-- (YYYY-MM-DD), an event's start and end ("YYYY-MM-DD HH:MM", the
	-- site's time zone; ends '' when none is given); category: a
	-- project's status when set by hand, a publication's type.
	starts		TEXT NOT NULL DEFAULT '',
	ends		TEXT NOT NULL DEFAULT '',
	category	TEXT NOT NULL DEFAULT '',
	UNIQUE (kind, lang, slug)
);
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

-- Donors, named once and reused across projects. A project's fields list
-- its donors by name; the triggers keep these two tables in step with
-- them, so that the editor can offer the names already used and /projects
-- can filter by donor through an index. json_each() may run in a trigger
-- of an untrusted schema (it is a table, not a function).
CREATE TABLE donors (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE
			    CHECK (length(name) BETWEEN 1 AND 200)
);
CREATE TABLE entry_donors (
	entry_id	INTEGER NOT NULL
			    REFERENCES entries (id) ON DELETE CASCADE,
	donor_id	INTEGER NOT NULL REFERENCES donors (id),
	position	INTEGER NOT NULL,
	PRIMARY KEY (entry_id, donor_id)
) WITHOUT ROWID;
CREATE INDEX entry_donors_donor ON entry_donors (donor_id, entry_id);
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

-- Revisions of every kind.
CREATE TABLE revisions_new (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('news', 'page', 'project',
			    'event', 'publication')),
	item_id		INTEGER NOT NULL,
	version		INTEGER NOT NULL,
	data		TEXT NOT NULL,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	username	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL
);
INSERT INTO revisions_new SELECT id, kind, item_id, version, data, user_id,
    username, created_at FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
CREATE INDEX revisions_item ON revisions (kind, item_id, id);

-- Redirects of every kind; a redirect answers only for a published item.
DROP TRIGGER redirects_ai;
DROP TRIGGER redirects_ad;
CREATE TABLE redirects_new (
	lang		TEXT NOT NULL DEFAULT 'en',
	kind		TEXT NOT NULL CHECK (kind IN ('news', 'page', 'project',
			    'event', 'publication')),
	old_slug	TEXT NOT NULL,
	target_id	INTEGER NOT NULL,
	PRIMARY KEY (lang, kind, old_slug)
);
INSERT INTO redirects_new SELECT lang, kind, old_slug, target_id
    FROM redirects;
DROP TABLE redirects;
ALTER TABLE redirects_new RENAME TO redirects;
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

-- A menu item may target the lists of the new kinds: /projects, /events
-- and /resources (the publications).
DROP TRIGGER menu_ai;
DROP TRIGGER menu_au;
DROP TRIGGER menu_ad;
DROP INDEX menu_tree;
CREATE TABLE menu_items_new (
	id		INTEGER PRIMARY KEY,
	lang		TEXT NOT NULL DEFAULT 'en',
	parent_id	INTEGER REFERENCES menu_items (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL DEFAULT 0,
	label		TEXT NOT NULL,
	description	TEXT NOT NULL DEFAULT '',
	target		TEXT NOT NULL CHECK (target IN ('page', 'news', 'url',
			    'projects', 'events', 'resources')),
	page_id		INTEGER REFERENCES pages (id) ON DELETE SET NULL,
	url		TEXT CHECK (url IS NULL OR url LIKE 'http://%'
			    OR url LIKE 'https://%')
);
INSERT INTO menu_items_new SELECT id, lang, parent_id, position, label,
    description, target, page_id, url FROM menu_items;
DROP TABLE menu_items;
ALTER TABLE menu_items_new RENAME TO menu_items;
CREATE INDEX menu_tree ON menu_items (lang, parent_id, position);
CREATE TRIGGER menu_ai AFTER INSERT ON menu_items BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch(); END;
CREATE TRIGGER menu_au AFTER UPDATE ON menu_items BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch(); END;
CREATE TRIGGER menu_ad AFTER DELETE ON menu_items BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch(); END;

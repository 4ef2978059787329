-- schema.sql: Waypoint's database, schema version 1.
-- Applied by `waypoint db init`; later versions live in sql/migrations/NNN.sql
-- and are applied by `waypoint db migrate` in order of PRAGMA user_version.
-- Times are Unix seconds (UTC). Every content row carries a language code.

CREATE TABLE settings (
	lang	TEXT NOT NULL DEFAULT 'en',
	key	TEXT NOT NULL,		-- site_name, intro_md, intro_html, tagline
	value	TEXT NOT NULL,
	PRIMARY KEY (lang, key)
);

CREATE TABLE pages (
	id		INTEGER PRIMARY KEY,
	lang		TEXT NOT NULL DEFAULT 'en',
	slug		TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 128),
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	body_md		TEXT NOT NULL DEFAULT '',
	body_html	TEXT,			-- rendered from body_md when saved
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published')),
	published_at	INTEGER,		-- visible from this second on
	created_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	UNIQUE (lang, slug)
);

CREATE TABLE news (
	id		INTEGER PRIMARY KEY,
	lang		TEXT NOT NULL DEFAULT 'en',
	slug		TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 128),
	title		TEXT NOT NULL,
	dateline	TEXT NOT NULL DEFAULT '',	-- place, e.g. Geneva
	pub_date	TEXT NOT NULL,			-- YYYY-MM-DD, site time zone
	summary		TEXT NOT NULL DEFAULT '',
	body_md		TEXT NOT NULL DEFAULT '',
	body_html	TEXT,
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published')),
	published_at	INTEGER NOT NULL,	-- pub_date (and time) as Unix time
	created_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	UNIQUE (lang, slug)
);
CREATE INDEX news_public ON news (lang, status, published_at DESC, id DESC);

-- The menu is a tree: top-level items (parent_id NULL) are sections and may
-- carry a description. A target is a page, the news list, or an external URL.
CREATE TABLE menu_items (
	id		INTEGER PRIMARY KEY,
	lang		TEXT NOT NULL DEFAULT 'en',
	parent_id	INTEGER REFERENCES menu_items (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL DEFAULT 0,
	label		TEXT NOT NULL,
	description	TEXT NOT NULL DEFAULT '',
	target		TEXT NOT NULL CHECK (target IN ('page', 'news', 'url')),
	page_id		INTEGER REFERENCES pages (id) ON DELETE SET NULL,
	url		TEXT CHECK (url IS NULL OR url LIKE 'http://%'
			    OR url LIKE 'https://%')
);
CREATE INDEX menu_tree ON menu_items (lang, parent_id, position);

-- A changed slug leaves its old one here, answering with a 301 for good.
CREATE TABLE redirects (
	lang		TEXT NOT NULL DEFAULT 'en',
	kind		TEXT NOT NULL CHECK (kind IN ('page', 'news')),
	old_slug	TEXT NOT NULL,
	target_id	INTEGER NOT NULL,
	PRIMARY KEY (lang, kind, old_slug)
);

-- One row: bumped by every change to public content, so that a cached page
-- can tell in one lookup whether it is still current.
CREATE TABLE site_state (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	generation	INTEGER NOT NULL,
	changed_at	INTEGER NOT NULL
);
INSERT INTO site_state VALUES (1, 1, unixepoch());

CREATE TRIGGER settings_ai AFTER INSERT ON settings BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER settings_au AFTER UPDATE ON settings BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER settings_ad AFTER DELETE ON settings BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER pages_au AFTER UPDATE ON pages BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER news_ai AFTER INSERT ON news BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER news_au AFTER UPDATE ON news BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER news_ad AFTER DELETE ON news BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER menu_ai AFTER INSERT ON menu_items BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER menu_au AFTER UPDATE ON menu_items BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER menu_ad AFTER DELETE ON menu_items BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER redirects_ai AFTER INSERT ON redirects BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;
CREATE TRIGGER redirects_ad AFTER DELETE ON redirects BEGIN
	UPDATE site_state SET generation = generation + 1, changed_at = unixepoch(); END;

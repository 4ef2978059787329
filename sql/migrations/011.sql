-- 011.sql: the media library. An uploaded image or document is a row of
-- media; its files live under [paths] media, named by the SHA-256 of the
-- stored original (never by a name anyone typed): <hash>.<ext>, and for
-- an image each smaller copy <hash>-<width>.<ext> (src/media/files.h). A
-- file is written and renamed into place before its row commits, so a
-- crash leaves at most a file without a row (waypoint media gc), never a
-- row without its file.

-- AUTOINCREMENT: a body says media:42; a deleted item's number must never
-- come back as another picture in an old revision restored.
CREATE TABLE media (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	-- What the content says the file is (src/media/sniff.c), never
	-- its name or the client's Content-Type.
	type		TEXT NOT NULL CHECK (type IN ('jpeg', 'png', 'webp',
			    'heic', 'pdf')),
	hash		TEXT NOT NULL CHECK (length(hash) = 64),
	bytes		INTEGER NOT NULL CHECK (bytes >= 0),
	-- An image's size once its orientation is applied; 0 for a PDF.
	width		INTEGER NOT NULL DEFAULT 0,
	height		INTEGER NOT NULL DEFAULT 0,
	-- The uploaded file's name, cleaned: a document's download name.
	filename	TEXT NOT NULL DEFAULT '',
	title		TEXT NOT NULL DEFAULT '',
	-- Photographer and rights ("© IOM 2021"), the same in every
	-- language.
	credit		TEXT NOT NULL DEFAULT '',
	-- 1: an image shown for its look only, with alt="" on purpose.
	decorative	INTEGER NOT NULL DEFAULT 0 CHECK (decorative IN (0, 1)),
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	updated_by	INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX media_hash ON media (hash);
CREATE INDEX media_updated ON media (updated_at, id);

-- An image's smaller copies, made once at upload: one a width and format
-- (WebP, and the original's own format; JPEG for HEIC).
CREATE TABLE media_variants (
	media_id	INTEGER NOT NULL REFERENCES media (id)
			    ON DELETE CASCADE,
	format		TEXT NOT NULL CHECK (format IN ('webp', 'jpeg',
			    'png')),
	width		INTEGER NOT NULL CHECK (width > 0),
	height		INTEGER NOT NULL CHECK (height > 0),
	bytes		INTEGER NOT NULL CHECK (bytes >= 0),
	PRIMARY KEY (media_id, format, width)
) WITHOUT ROWID;

-- An image's alternative text and caption in each of the site's
-- languages.
CREATE TABLE media_text (
	media_id	INTEGER NOT NULL REFERENCES media (id)
			    ON DELETE CASCADE,
	lang		TEXT NOT NULL,
	alt		TEXT NOT NULL DEFAULT '',
	caption		TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (media_id, lang)
) WITHOUT ROWID;

-- Where each item is shown: a body's media: references and lead images,
-- rebuilt by every save of the item. No cascade: deleting a used item is
-- refused (the foreign key says so too).
CREATE TABLE media_uses (
	media_id	INTEGER NOT NULL REFERENCES media (id),
	kind		TEXT NOT NULL CHECK (kind IN ('news', 'page', 'project',
			    'event', 'publication')),
	item_id		INTEGER NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('body', 'lead')),
	PRIMARY KEY (media_id, kind, item_id, role)
) WITHOUT ROWID;
CREATE INDEX media_uses_item ON media_uses (kind, item_id);

-- The lead image of a release, page, project, event or publication:
-- lists, Open Graph and JSON-LD show it.
ALTER TABLE news ADD COLUMN lead_media INTEGER REFERENCES media (id);
ALTER TABLE pages ADD COLUMN lead_media INTEGER REFERENCES media (id);
ALTER TABLE entries ADD COLUMN lead_media INTEGER REFERENCES media (id);

CREATE TRIGGER news_media_ad AFTER DELETE ON news
BEGIN
	DELETE FROM media_uses WHERE kind = 'news' AND item_id = OLD.id;
END;
CREATE TRIGGER pages_media_ad AFTER DELETE ON pages
BEGIN
	DELETE FROM media_uses WHERE kind = 'page' AND item_id = OLD.id;
END;
CREATE TRIGGER entries_media_ad AFTER DELETE ON entries
BEGIN
	DELETE FROM media_uses WHERE kind = OLD.kind AND item_id = OLD.id;
END;

-- A public page shows an item's files, alt text and caption: a change to
-- any of them is a change of the site, so cached pages go.
CREATE TRIGGER media_au AFTER UPDATE ON media
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;
CREATE TRIGGER media_ad AFTER DELETE ON media
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;
CREATE TRIGGER media_text_ai AFTER INSERT ON media_text
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;
CREATE TRIGGER media_text_au AFTER UPDATE ON media_text
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;
CREATE TRIGGER media_text_ad AFTER DELETE ON media_text
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

-- 013.sql: cache scopes. site_state.generation still counts every change;
-- beside it each scope counts the changes that can alter the pages reading
-- it, so a publish drops only those pages from the page cache
-- (src/generation.c reads the rows, src/app.c's routes declare theirs).
-- Triggers bump them, so every writer (admin, API, import, the CLI, the
-- sqlite3 shell) invalidates alike.
--
-- Ids (src/generation.h names them): 0 site (settings, menu, redirects,
-- media: what every page shows or may), 1 the news lists, 2 the lists that
-- show pages (search, sitemap), 3 projects, 4 events, 5 publications,
-- 64 + b a release bucket and 128 + b a page bucket, where b is the bucket
-- of a slug (0..63):
--   (length(s) + unicode(last char) + 3 * unicode(second to last)
--    + 9 * unicode(third to last)) % 64, a missing char counting 0,
-- computed the same way by cache_scope_bucket() (src/generation.c) for
-- the slug a request names. A release's or page's change bumps the buckets
-- of every slug of its translation group (each shows the others in its
-- language links) and of its slug before the change.
CREATE TABLE cache_scopes (
	id		INTEGER PRIMARY KEY CHECK (id BETWEEN 0 AND 191),
	name		TEXT NOT NULL UNIQUE,
	generation	INTEGER NOT NULL DEFAULT 1
);
INSERT INTO cache_scopes (id, name) VALUES (0, 'site'), (1, 'news'),
    (2, 'pages'), (3, 'project'), (4, 'event'), (5, 'publication');
WITH RECURSIVE b(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM b WHERE n < 63)
INSERT INTO cache_scopes (id, name)
    SELECT 64 + n, 'news/' || n FROM b UNION ALL
    SELECT 128 + n, 'page/' || n FROM b;

-- Releases: the news lists, and the buckets of the group's slugs.
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

-- Pages: the lists that show pages, the group's buckets, and every page
-- when a menu item links to the group (the menu shows its slug and hides
-- it unpublished).
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
-- A deleted page's menu items lose it (ON DELETE SET NULL), which their
-- own trigger reports.
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

-- Projects, events, publications: their kind's pages and lists.
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

-- What every page shows or may: the site scope.
CREATE TRIGGER settings_scope_ai AFTER INSERT ON settings BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER settings_scope_au AFTER UPDATE ON settings BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER settings_scope_ad AFTER DELETE ON settings BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER menu_scope_ai AFTER INSERT ON menu_items BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER menu_scope_au AFTER UPDATE ON menu_items BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER menu_scope_ad AFTER DELETE ON menu_items BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER menu_texts_scope_ai AFTER INSERT ON menu_texts BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER menu_texts_scope_au AFTER UPDATE ON menu_texts BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER menu_texts_scope_ad AFTER DELETE ON menu_texts BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER redirects_scope_ai AFTER INSERT ON redirects BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER redirects_scope_au AFTER UPDATE ON redirects BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER redirects_scope_ad AFTER DELETE ON redirects BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER media_scope_au AFTER UPDATE ON media BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER media_scope_ad AFTER DELETE ON media BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER media_text_scope_ai AFTER INSERT ON media_text BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER media_text_scope_au AFTER UPDATE ON media_text BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;
CREATE TRIGGER media_text_scope_ad AFTER DELETE ON media_text BEGIN
	UPDATE cache_scopes SET generation = generation + 1 WHERE id = 0; END;

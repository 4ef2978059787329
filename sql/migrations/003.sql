-- 003.sql: a draft is not public. The content triggers bump the public
-- generation (and so every public Last-Modified) only when a published row,
-- or a row's published state, changes: saving a draft leaves the public
-- site, its cache and its validators as they were.

DROP TRIGGER pages_ai;
DROP TRIGGER pages_au;
DROP TRIGGER pages_ad;
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

DROP TRIGGER news_ai;
DROP TRIGGER news_au;
DROP TRIGGER news_ad;
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

-- A redirect answers only for a published item: one made or removed by a
-- draft's save changes nothing public.
DROP TRIGGER redirects_ai;
DROP TRIGGER redirects_ad;
CREATE TRIGGER redirects_ai AFTER INSERT ON redirects
    WHEN EXISTS (SELECT 1 FROM news WHERE NEW.kind = 'news'
	AND id = NEW.target_id AND status = 'published')
    OR EXISTS (SELECT 1 FROM pages WHERE NEW.kind = 'page'
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
BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch();
END;

-- 021.sql: a page of /news and a feed read their releases where the
-- list's order keeps them together (issue 16). news_order gives a page its
-- groups, but each group's versions and their columns were then looked up
-- in news_group and news by id: at 100,000 releases three pages read for
-- each row of the list, where the demo's few releases share a handful.
-- news_listing holds what a list shows of every published version (its
-- lead image too, which the list read from news for each row), keyed
-- by its group's place in news_order (at: the least published_at of the
-- group's published versions, due or not) and so read a leaf or two for
-- a whole page. Triggers keep it, as they keep news_order (012.sql), so
-- that every writer lists alike: any change to a published version, or
-- one that publishes it, lists its group's published versions again.

CREATE TABLE news_listing (
	at		INTEGER NOT NULL,
	group_id	INTEGER NOT NULL,
	id		INTEGER NOT NULL,
	lang		TEXT NOT NULL,
	slug		TEXT NOT NULL,
	title		TEXT NOT NULL,
	dateline	TEXT NOT NULL,
	pub_date	TEXT NOT NULL,
	summary		TEXT NOT NULL,
	published_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	lead_media	INTEGER,
	PRIMARY KEY (at, group_id, id)
) WITHOUT ROWID;
-- For the triggers' delete of a group's rows. With id after group_id, a
-- look-up of (at, group_id) takes the primary key, where its rows are,
-- and not this index, which is ordered by group and would cost a page.
CREATE INDEX news_listing_group ON news_listing (group_id, id);

-- Inserting a group_id here lists that group's published versions anew.
-- A view, so that each trigger on news says it once.
CREATE VIEW news_listing_sync (group_id) AS
	SELECT group_id FROM news_listing;

CREATE TRIGGER news_listing_sync_ii INSTEAD OF INSERT ON news_listing_sync
BEGIN
	DELETE FROM news_listing WHERE group_id = NEW.group_id;
	INSERT INTO news_listing (at, group_id, id, lang, slug, title,
	    dateline, pub_date, summary, published_at, updated_at,
	    lead_media)
	    SELECT (SELECT min(published_at) FROM news
	    WHERE group_id = NEW.group_id AND +status = 'published'),
	    n.group_id, n.id, n.lang, n.slug, n.title, n.dateline,
	    n.pub_date, n.summary, n.published_at, n.updated_at,
	    n.lead_media FROM news n WHERE n.group_id = NEW.group_id
	    AND +n.status = 'published';
END;

-- A row inserted with group_id 0 is moved to its own id by
-- news_group_ai, and listed then.
CREATE TRIGGER news_listing_ai AFTER INSERT ON news
    WHEN NEW.status = 'published' AND NEW.group_id <> 0
BEGIN
	INSERT INTO news_listing_sync VALUES (NEW.group_id);
END;
-- Only when a listed value changed: a save sets lead_media again after
-- the row's own update, mostly to what it was, and each sync rewrites
-- the group's rows.
CREATE TRIGGER news_listing_au AFTER UPDATE OF status, published_at,
    group_id, lang, slug, title, dateline, pub_date, summary, updated_at,
    lead_media ON news
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    AND (OLD.status IS NOT NEW.status
    OR OLD.published_at IS NOT NEW.published_at
    OR OLD.group_id IS NOT NEW.group_id OR OLD.lang IS NOT NEW.lang
    OR OLD.slug IS NOT NEW.slug OR OLD.title IS NOT NEW.title
    OR OLD.dateline IS NOT NEW.dateline
    OR OLD.pub_date IS NOT NEW.pub_date
    OR OLD.summary IS NOT NEW.summary
    OR OLD.updated_at IS NOT NEW.updated_at
    OR OLD.lead_media IS NOT NEW.lead_media)
BEGIN
	INSERT INTO news_listing_sync SELECT OLD.group_id
	    WHERE OLD.group_id <> NEW.group_id AND OLD.group_id <> 0;
	INSERT INTO news_listing_sync SELECT NEW.group_id
	    WHERE NEW.group_id <> 0;
END;
CREATE TRIGGER news_listing_ad AFTER DELETE ON news
    WHEN OLD.status = 'published' AND OLD.group_id <> 0
BEGIN
	INSERT INTO news_listing_sync VALUES (OLD.group_id);
END;

-- The versions there are now, listed as the triggers list them.
INSERT INTO news_listing_sync SELECT DISTINCT group_id FROM news
	WHERE status = 'published' AND group_id <> 0;

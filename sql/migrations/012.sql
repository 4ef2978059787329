-- 012.sql: the news list at any depth, and the indexes that keep the other
-- public reads from growing with the content (issue 16).
--
-- A translation group's place in /news is that of its first published
-- version: news_order holds it (at: the least published_at of the group's
-- published rows, due or not), newest first, ties by group_id, the higher
-- first. news_chunk cuts that order into chunks by key, each holding the
-- groups from its (lo_at, lo_gid) up to the next chunk's, with their count
-- n: page N is found by summing counts and then stepping inside one chunk
-- (src/store/news_order.c), never by an OFFSET over the whole list.
-- news_super does the same over the chunks (a super's range always
-- starts where a chunk does), so that the walk over the chunk counts
-- stays short too: supers first, then the chunks of one super.
-- Triggers keep them: a chunk that grows past 128 is split in two halves
-- (64 and 65), one emptied is dropped (its range joins the chunk below)
-- unless a super starts there; a super past 8192 groups (so 65 chunks at
-- least) is split at its 65th chunk. The first chunk and super, from the
-- least key there is, are never dropped.

CREATE TABLE news_order (
	group_id	INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL
);
CREATE UNIQUE INDEX news_order_at ON news_order (at, group_id);

CREATE TABLE news_chunk (
	lo_at		INTEGER NOT NULL,
	lo_gid		INTEGER NOT NULL,
	n		INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (lo_at, lo_gid)
) WITHOUT ROWID;

CREATE TABLE news_super (
	lo_at		INTEGER NOT NULL,
	lo_gid		INTEGER NOT NULL,
	n		INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (lo_at, lo_gid)
) WITHOUT ROWID;

-- How many groups news_order holds: the list's length without a count.
CREATE TABLE news_order_size (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	n		INTEGER NOT NULL
);

-- Inserting (group_id, at) here moves the group to at in the order (NULL
-- at: out of it, no version being published). A view, so that each
-- trigger on news says the move once.
CREATE VIEW news_order_move (group_id, at) AS
	SELECT group_id, at FROM news_order;

CREATE TRIGGER news_order_move_ii INSTEAD OF INSERT ON news_order_move
BEGIN
	-- The old place leaves its chunk (looked up while it is still
	-- there), and the chunk goes if that emptied it.
	UPDATE news_chunk SET n = n - 1
	    WHERE (lo_at, lo_gid) = (SELECT c.lo_at, c.lo_gid
	    FROM news_order o, news_chunk c WHERE o.group_id = NEW.group_id
	    AND o.at IS NOT NEW.at AND (c.lo_at, c.lo_gid) <= (o.at, o.group_id)
	    ORDER BY c.lo_at DESC, c.lo_gid DESC LIMIT 1);
	UPDATE news_super SET n = n - 1
	    WHERE (lo_at, lo_gid) = (SELECT c.lo_at, c.lo_gid
	    FROM news_order o, news_super c WHERE o.group_id = NEW.group_id
	    AND o.at IS NOT NEW.at AND (c.lo_at, c.lo_gid) <= (o.at, o.group_id)
	    ORDER BY c.lo_at DESC, c.lo_gid DESC LIMIT 1);
	DELETE FROM news_chunk WHERE n = 0
	    AND lo_at > -9223372036854775808
	    AND NOT EXISTS (SELECT 1 FROM news_super
	    WHERE news_super.lo_at = news_chunk.lo_at
	    AND news_super.lo_gid = news_chunk.lo_gid)
	    AND (lo_at, lo_gid) = (SELECT c.lo_at, c.lo_gid
	    FROM news_order o, news_chunk c WHERE o.group_id = NEW.group_id
	    AND o.at IS NOT NEW.at AND (c.lo_at, c.lo_gid) <= (o.at, o.group_id)
	    ORDER BY c.lo_at DESC, c.lo_gid DESC LIMIT 1);
	UPDATE news_order_size SET n = n - 1 WHERE EXISTS (SELECT 1
	    FROM news_order WHERE group_id = NEW.group_id
	    AND at IS NOT NEW.at);
	DELETE FROM news_order WHERE group_id = NEW.group_id
	    AND at IS NOT NEW.at;
	-- The new place joins the chunk whose range holds it.
	UPDATE news_chunk SET n = n + 1 WHERE NEW.at IS NOT NULL
	    AND NOT EXISTS (SELECT 1 FROM news_order
	    WHERE group_id = NEW.group_id)
	    AND (lo_at, lo_gid) = (SELECT lo_at, lo_gid FROM news_chunk
	    WHERE (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1);
	UPDATE news_super SET n = n + 1 WHERE NEW.at IS NOT NULL
	    AND NOT EXISTS (SELECT 1 FROM news_order
	    WHERE group_id = NEW.group_id)
	    AND (lo_at, lo_gid) = (SELECT lo_at, lo_gid FROM news_super
	    WHERE (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1);
	UPDATE news_order_size SET n = n + 1 WHERE NEW.at IS NOT NULL
	    AND NOT EXISTS (SELECT 1 FROM news_order
	    WHERE group_id = NEW.group_id);
	INSERT INTO news_order (group_id, at) SELECT NEW.group_id, NEW.at
	    WHERE NEW.at IS NOT NULL AND NOT EXISTS (SELECT 1
	    FROM news_order WHERE group_id = NEW.group_id);
	-- A chunk of 129 splits: its upper 65 become a chunk from the
	-- 65th key up, then it keeps 64.
	INSERT INTO news_chunk (lo_at, lo_gid, n)
	    SELECT o.at, o.group_id, 65 FROM (SELECT lo_at, lo_gid, n
	    FROM news_chunk WHERE NEW.at IS NOT NULL
	    AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1) c
	    CROSS JOIN news_order o
	    WHERE c.n > 128 AND (o.at, o.group_id) >= (c.lo_at, c.lo_gid)
	    ORDER BY o.at, o.group_id LIMIT 1 OFFSET 64;
	UPDATE news_chunk SET n = 64 WHERE n > 128 AND (lo_at, lo_gid) IN
	    (SELECT lo_at, lo_gid FROM news_chunk
	    WHERE NEW.at IS NOT NULL AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 2);
	-- A super past 8192 splits at its 65th chunk: the new one counts
	-- the chunks from there to the next super, the old one the rest.
	INSERT INTO news_super (lo_at, lo_gid, n)
	    SELECT b.lo_at, b.lo_gid, (SELECT sum(c.n) FROM news_chunk c
	    WHERE (c.lo_at, c.lo_gid) >= (b.lo_at, b.lo_gid)
	    AND NOT EXISTS (SELECT 1 FROM news_super x
	    WHERE (x.lo_at, x.lo_gid) > (b.lo_at, b.lo_gid)
	    AND (x.lo_at, x.lo_gid) <= (c.lo_at, c.lo_gid)))
	    FROM (SELECT lo_at, lo_gid, n FROM news_super
	    WHERE NEW.at IS NOT NULL
	    AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1) s
	    CROSS JOIN news_chunk b
	    WHERE s.n > 8192 AND (b.lo_at, b.lo_gid) >= (s.lo_at, s.lo_gid)
	    ORDER BY b.lo_at, b.lo_gid LIMIT 1 OFFSET 64;
	UPDATE news_super SET n = n - (SELECT x.n FROM news_super x
	    WHERE (x.lo_at, x.lo_gid) > (news_super.lo_at, news_super.lo_gid)
	    ORDER BY x.lo_at, x.lo_gid LIMIT 1)
	    WHERE n > 8192 AND (lo_at, lo_gid) IN (SELECT lo_at, lo_gid
	    FROM news_super WHERE NEW.at IS NOT NULL
	    AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 2);
END;

-- The first published version of a group: news_group finds its rows
-- (+status: min() would otherwise walk news_published from the oldest
-- release until it met one of the group's).
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

-- The groups there are now, in chunks of 64 (room for each to grow).
INSERT INTO news_order (group_id, at)
	SELECT group_id, min(published_at) FROM news
	WHERE status = 'published' AND group_id <> 0 GROUP BY group_id;
INSERT INTO news_order_size (id, n) SELECT 1, count(*) FROM news_order;
INSERT INTO news_chunk (lo_at, lo_gid, n)
	SELECT -9223372036854775808, -9223372036854775808, min(64, n)
	FROM news_order_size;
INSERT INTO news_chunk (lo_at, lo_gid, n)
	SELECT at, group_id, min(64, t - r) FROM (SELECT at, group_id,
	    row_number() OVER (ORDER BY at, group_id) - 1 AS r,
	    count(*) OVER () AS t FROM news_order) WHERE r > 0 AND r % 64 = 0;
-- Supers of 64 chunks (4096 groups).
INSERT INTO news_super (lo_at, lo_gid, n)
	SELECT lo_at, lo_gid, m FROM (SELECT lo_at, lo_gid,
	    row_number() OVER (ORDER BY lo_at, lo_gid) - 1 AS r,
	    sum(n) OVER (ORDER BY lo_at, lo_gid ROWS BETWEEN CURRENT ROW
	    AND 63 FOLLOWING) AS m FROM news_chunk) WHERE r % 64 = 0;

-- A release or a page by its slug in any language (the reader's, the
-- default's, then any): UNIQUE (lang, slug) starts with the language.
CREATE INDEX news_slug ON news (slug);
CREATE INDEX pages_slug ON pages (slug);
-- The next scheduled page and the latest one due (store_state).
CREATE INDEX pages_published ON pages (status, published_at);

-- 017.sql: the past events of /events at any depth (issue 16), as 012.sql
-- does for /news, in tables that other lists of entries can share: each
-- row says its list (kind); and two indexes, below, for reads that grew
-- with the entries.
--
-- An event's translation group has one place in the list, in every
-- language: that of its earliest start among its published versions
-- (at: the start as a number, YYYYMMDD * 10000, plus 1 + HHMM when it
-- has a time, so that it sorts as the text does; 0 for none), ties by
-- group_id, the higher first. list_order holds the groups with a
-- published version, due or not; list_chunk and list_super count them
-- in ranges of keys, kept by the same rules as news_chunk and news_super
-- (012.sql): a chunk past 128 splits into 64 and 65, an emptied one goes
-- (its range joins the chunk below) unless a super starts there, a super
-- past 8192 splits at its 65th chunk, and each kind's first chunk and
-- super, from the least key, stay. A split reads the index from the
-- range's first key in order and stops at its 65th (012.sql's sorted
-- every key above the range). src/store/list_order.c reads them.

CREATE TABLE list_order (
	kind		TEXT NOT NULL,
	group_id	INTEGER NOT NULL,
	at		INTEGER NOT NULL,
	PRIMARY KEY (kind, group_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX list_order_at ON list_order (kind, at, group_id);

CREATE TABLE list_chunk (
	kind		TEXT NOT NULL,
	lo_at		INTEGER NOT NULL,
	lo_gid		INTEGER NOT NULL,
	n		INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (kind, lo_at, lo_gid)
) WITHOUT ROWID;

CREATE TABLE list_super (
	kind		TEXT NOT NULL,
	lo_at		INTEGER NOT NULL,
	lo_gid		INTEGER NOT NULL,
	n		INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (kind, lo_at, lo_gid)
) WITHOUT ROWID;

CREATE TABLE list_order_size (
	kind		TEXT PRIMARY KEY,
	n		INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;

-- Inserting (kind, group_id, at) here moves the group to at in its
-- kind's order (NULL at: out of it).
CREATE VIEW list_order_move (kind, group_id, at) AS
	SELECT kind, group_id, at FROM list_order;

CREATE TRIGGER list_order_move_ii INSTEAD OF INSERT ON list_order_move
BEGIN
	UPDATE list_chunk SET n = n - 1 WHERE kind = NEW.kind
	    AND (lo_at, lo_gid) = (SELECT c.lo_at, c.lo_gid
	    FROM list_order o, list_chunk c WHERE o.kind = NEW.kind
	    AND o.group_id = NEW.group_id AND o.at IS NOT NEW.at
	    AND c.kind = NEW.kind AND (c.lo_at, c.lo_gid) <= (o.at, o.group_id)
	    ORDER BY c.lo_at DESC, c.lo_gid DESC LIMIT 1);
	UPDATE list_super SET n = n - 1 WHERE kind = NEW.kind
	    AND (lo_at, lo_gid) = (SELECT c.lo_at, c.lo_gid
	    FROM list_order o, list_super c WHERE o.kind = NEW.kind
	    AND o.group_id = NEW.group_id AND o.at IS NOT NEW.at
	    AND c.kind = NEW.kind AND (c.lo_at, c.lo_gid) <= (o.at, o.group_id)
	    ORDER BY c.lo_at DESC, c.lo_gid DESC LIMIT 1);
	DELETE FROM list_chunk WHERE kind = NEW.kind AND n = 0
	    AND lo_at > -9223372036854775808
	    AND NOT EXISTS (SELECT 1 FROM list_super
	    WHERE list_super.kind = NEW.kind
	    AND list_super.lo_at = list_chunk.lo_at
	    AND list_super.lo_gid = list_chunk.lo_gid)
	    AND (lo_at, lo_gid) = (SELECT c.lo_at, c.lo_gid
	    FROM list_order o, list_chunk c WHERE o.kind = NEW.kind
	    AND o.group_id = NEW.group_id AND o.at IS NOT NEW.at
	    AND c.kind = NEW.kind AND (c.lo_at, c.lo_gid) <= (o.at, o.group_id)
	    ORDER BY c.lo_at DESC, c.lo_gid DESC LIMIT 1);
	UPDATE list_order_size SET n = n - 1 WHERE kind = NEW.kind
	    AND EXISTS (SELECT 1 FROM list_order WHERE kind = NEW.kind
	    AND group_id = NEW.group_id AND at IS NOT NEW.at);
	DELETE FROM list_order WHERE kind = NEW.kind
	    AND group_id = NEW.group_id AND at IS NOT NEW.at;
	-- The new place joins the chunk whose range holds it.
	UPDATE list_chunk SET n = n + 1 WHERE kind = NEW.kind
	    AND NEW.at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM list_order
	    WHERE kind = NEW.kind AND group_id = NEW.group_id)
	    AND (lo_at, lo_gid) = (SELECT lo_at, lo_gid FROM list_chunk
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1);
	UPDATE list_super SET n = n + 1 WHERE kind = NEW.kind
	    AND NEW.at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM list_order
	    WHERE kind = NEW.kind AND group_id = NEW.group_id)
	    AND (lo_at, lo_gid) = (SELECT lo_at, lo_gid FROM list_super
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1);
	UPDATE list_order_size SET n = n + 1 WHERE kind = NEW.kind
	    AND NEW.at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM list_order
	    WHERE kind = NEW.kind AND group_id = NEW.group_id);
	INSERT INTO list_order (kind, group_id, at)
	    SELECT NEW.kind, NEW.group_id, NEW.at WHERE NEW.at IS NOT NULL
	    AND NOT EXISTS (SELECT 1 FROM list_order WHERE kind = NEW.kind
	    AND group_id = NEW.group_id);
	-- A chunk of 129 splits: its upper 65 become a chunk from the
	-- 65th key up, then it keeps 64.
	INSERT INTO list_chunk (kind, lo_at, lo_gid, n)
	    SELECT NEW.kind, o.at, o.group_id, 65 FROM list_order o
	    WHERE o.kind = NEW.kind AND NEW.at IS NOT NULL
	    AND (SELECT n FROM list_chunk WHERE kind = NEW.kind
	    AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1) > 128
	    AND (o.at, o.group_id) >= (SELECT lo_at, lo_gid FROM list_chunk
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1)
	    ORDER BY o.kind, o.at, o.group_id LIMIT 1 OFFSET 64;
	UPDATE list_chunk SET n = 64 WHERE kind = NEW.kind AND n > 128
	    AND (lo_at, lo_gid) IN (SELECT lo_at, lo_gid FROM list_chunk
	    WHERE kind = NEW.kind AND NEW.at IS NOT NULL
	    AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 2);
	-- A super past 8192 splits at its 65th chunk: the new one counts
	-- the chunks from there to the next super, the old one the rest.
	INSERT INTO list_super (kind, lo_at, lo_gid, n)
	    SELECT NEW.kind, b.lo_at, b.lo_gid, (SELECT sum(c.n)
	    FROM list_chunk c WHERE c.kind = NEW.kind
	    AND (c.lo_at, c.lo_gid) >= (b.lo_at, b.lo_gid)
	    AND NOT EXISTS (SELECT 1 FROM list_super x WHERE x.kind = NEW.kind
	    AND (x.lo_at, x.lo_gid) > (b.lo_at, b.lo_gid)
	    AND (x.lo_at, x.lo_gid) <= (c.lo_at, c.lo_gid)))
	    FROM list_chunk b WHERE b.kind = NEW.kind AND NEW.at IS NOT NULL
	    AND (SELECT n FROM list_super WHERE kind = NEW.kind
	    AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1) > 8192
	    AND (b.lo_at, b.lo_gid) >= (SELECT lo_at, lo_gid FROM list_super
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1)
	    ORDER BY b.kind, b.lo_at, b.lo_gid LIMIT 1 OFFSET 64;
	UPDATE list_super SET n = n - (SELECT x.n FROM list_super x
	    WHERE x.kind = NEW.kind
	    AND (x.lo_at, x.lo_gid) > (list_super.lo_at, list_super.lo_gid)
	    ORDER BY x.lo_at, x.lo_gid LIMIT 1)
	    WHERE kind = NEW.kind AND n > 8192
	    AND (lo_at, lo_gid) IN (SELECT lo_at, lo_gid
	    FROM list_super WHERE kind = NEW.kind AND NEW.at IS NOT NULL
	    AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 2);
END;

-- Each published event version's start as that number; a group's place
-- is the least of its versions' (min() over entries_group's rows).
CREATE VIEW event_start (id, group_id, at) AS
	SELECT id, group_id, CAST(substr(starts, 1, 4) || substr(starts, 6, 2)
	    || substr(starts, 9, 2) AS INTEGER) * 10000 +
	    CASE WHEN length(starts) >= 16 THEN 1 +
	    CAST(substr(starts, 12, 2) AS INTEGER) * 100 +
	    CAST(substr(starts, 15, 2) AS INTEGER) ELSE 0 END
	FROM entries WHERE kind = 'event' AND +status = 'published';

CREATE TRIGGER list_event_ai AFTER INSERT ON entries
    WHEN NEW.kind = 'event' AND NEW.status = 'published'
    AND NEW.group_id <> 0
BEGIN
	INSERT INTO list_order_move SELECT 'event', NEW.group_id,
	    (SELECT min(at) FROM event_start WHERE group_id = NEW.group_id);
END;
CREATE TRIGGER list_event_au AFTER UPDATE OF status, starts, group_id, kind
    ON entries
    WHEN (OLD.kind = 'event' OR NEW.kind = 'event')
    AND (OLD.status = 'published' OR NEW.status = 'published')
BEGIN
	INSERT INTO list_order_move SELECT 'event', OLD.group_id,
	    (SELECT min(at) FROM event_start WHERE group_id = OLD.group_id)
	    WHERE OLD.kind = 'event' AND OLD.group_id <> 0
	    AND (OLD.group_id <> NEW.group_id OR NEW.kind <> 'event');
	INSERT INTO list_order_move SELECT 'event', NEW.group_id,
	    (SELECT min(at) FROM event_start WHERE group_id = NEW.group_id)
	    WHERE NEW.kind = 'event' AND NEW.group_id <> 0;
END;
CREATE TRIGGER list_event_ad AFTER DELETE ON entries
    WHEN OLD.kind = 'event' AND OLD.status = 'published'
    AND OLD.group_id <> 0
BEGIN
	INSERT INTO list_order_move SELECT 'event', OLD.group_id,
	    (SELECT min(at) FROM event_start WHERE group_id = OLD.group_id);
END;

-- The event groups there are now, in chunks of 64 and supers of 64
-- chunks.
INSERT INTO list_order (kind, group_id, at)
	SELECT 'event', group_id, min(at) FROM event_start WHERE group_id <> 0
	GROUP BY group_id;
INSERT INTO list_order_size (kind, n)
	SELECT 'event', count(*) FROM list_order WHERE kind = 'event';
INSERT INTO list_chunk (kind, lo_at, lo_gid, n)
	SELECT 'event', -9223372036854775808, -9223372036854775808,
	    min(64, n) FROM list_order_size WHERE kind = 'event';
INSERT INTO list_chunk (kind, lo_at, lo_gid, n)
	SELECT 'event', at, group_id, min(64, t - r) FROM (SELECT at, group_id,
	    row_number() OVER (ORDER BY at, group_id) - 1 AS r,
	    count(*) OVER () AS t FROM list_order WHERE kind = 'event')
	WHERE r > 0 AND r % 64 = 0;
INSERT INTO list_super (kind, lo_at, lo_gid, n)
	SELECT 'event', lo_at, lo_gid, m FROM (SELECT lo_at, lo_gid,
	    row_number() OVER (ORDER BY lo_at, lo_gid) - 1 AS r,
	    sum(n) OVER (ORDER BY lo_at, lo_gid ROWS BETWEEN CURRENT ROW
	    AND 63 FOLLOWING) AS m FROM list_chunk WHERE kind = 'event')
	WHERE r % 64 = 0;

-- An event, a project or a publication by its slug in any language (the
-- reader's, the default's, then any): UNIQUE (kind, lang, slug) puts the
-- language before the slug, so that a slug alone read every entry of its
-- kind, as news_slug (012.sql) found for releases.
CREATE INDEX entries_slug ON entries (slug);

-- The sitemap's next group of a kind from an id on (store_sitemap_next):
-- down entry_order's rowids it walked the groups of every other kind
-- above the id, as many as there are.
CREATE INDEX entry_order_group ON entry_order (kind, group_id, at);

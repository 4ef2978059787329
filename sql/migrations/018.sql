-- 018.sql: /projects and /resources at any depth (issue 16), in 017.sql's
-- tables: list_order gains kinds 'project' and 'publication', and one set
-- of triggers keeps every kind's order in place of 017.sql's events'.
--
-- A group's place, in every language, is that of its earliest version
-- among its published ones: an event's start (017.sql), a project's
-- start, a publication's date, the last two as the number YYYYMMDD (0
-- for none), ties by group_id, the higher first. src/store/project.c
-- reads the projects past the ongoing ones from it, src/store/
-- publication.c an unfiltered list.

-- Each published version's place in its kind's order (an event's as
-- 017.sql's event_start, which goes with the triggers that read it); a
-- group's is the least of its versions' (min() over entries_group's
-- rows). One flat read of entries: a UNION of one a kind read a group's
-- rows three times, and a view over a subquery is not flattened into a
-- trigger's statement (5,000 events took twice as long to insert).
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

DROP TRIGGER list_event_ai;
DROP TRIGGER list_event_au;
DROP TRIGGER list_event_ad;
DROP VIEW event_start;

CREATE TRIGGER list_order_ai AFTER INSERT ON entries
    WHEN NEW.kind IN ('event', 'project', 'publication')
    AND NEW.status = 'published' AND NEW.group_id <> 0
BEGIN
	INSERT INTO list_order_move SELECT NEW.kind, NEW.group_id,
	    (SELECT min(at) FROM list_at WHERE kind = NEW.kind
	    AND group_id = NEW.group_id);
END;
-- starts moves an event or a project, pub_date a publication.
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

-- 017.sql's move, but for its splits: their test (a chunk past 128, a
-- super past 8192) was a WHERE term, which SQLite checks on every row
-- the statement walks, and with it false the walk went on to the end of
-- the kind's order: an insert cost a step for every event above it
-- (3,500 VM steps into an empty order, 74,700 into one of 20,000). As
-- the LIMIT (1 or 0; 0 when the group leaves the order), the test is
-- read once and a false one walks nothing. SQLite alters no trigger: this one replaces 017.sql's.
DROP TRIGGER list_order_move_ii;
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
	    AND (o.at, o.group_id) >= (SELECT lo_at, lo_gid FROM list_chunk
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1)
	    ORDER BY o.kind, o.at, o.group_id
	    LIMIT coalesce((SELECT n > 128 FROM list_chunk
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1), 0) OFFSET 64;
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
	    AND (b.lo_at, b.lo_gid) >= (SELECT lo_at, lo_gid FROM list_super
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1)
	    ORDER BY b.kind, b.lo_at, b.lo_gid
	    LIMIT coalesce((SELECT n > 8192 FROM list_super
	    WHERE kind = NEW.kind AND (lo_at, lo_gid) <= (NEW.at, NEW.group_id)
	    ORDER BY lo_at DESC, lo_gid DESC LIMIT 1), 0) OFFSET 64;
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

-- The groups there are now, in chunks of 64 and supers of 64 chunks, as
-- 017.sql fills the events' (each kind its own first chunk, from the
-- least key, even when it has no group).
INSERT INTO list_order (kind, group_id, at)
	SELECT kind, group_id, min(at) FROM list_at
	WHERE kind IN ('project', 'publication') AND group_id <> 0
	GROUP BY kind, group_id;
INSERT INTO list_order_size (kind, n)
	SELECT k, (SELECT count(*) FROM list_order WHERE kind = k)
	FROM (SELECT 'project' AS k UNION ALL SELECT 'publication');
INSERT INTO list_chunk (kind, lo_at, lo_gid, n)
	SELECT kind, -9223372036854775808, -9223372036854775808, min(64, n)
	FROM list_order_size WHERE kind IN ('project', 'publication');
INSERT INTO list_chunk (kind, lo_at, lo_gid, n)
	SELECT kind, at, group_id, min(64, t - r) FROM (SELECT kind, at,
	    group_id, row_number() OVER w - 1 AS r,
	    count(*) OVER (PARTITION BY kind) AS t FROM list_order
	    WHERE kind IN ('project', 'publication')
	    WINDOW w AS (PARTITION BY kind ORDER BY at, group_id))
	WHERE r > 0 AND r % 64 = 0;
INSERT INTO list_super (kind, lo_at, lo_gid, n)
	SELECT kind, lo_at, lo_gid, m FROM (SELECT kind, lo_at, lo_gid,
	    row_number() OVER w - 1 AS r, sum(n) OVER (w ROWS BETWEEN
	    CURRENT ROW AND 63 FOLLOWING) AS m FROM list_chunk
	    WHERE kind IN ('project', 'publication')
	    WINDOW w AS (PARTITION BY kind ORDER BY lo_at, lo_gid))
	WHERE r % 64 = 0;

-- 019.sql: /resources?type=T at any depth (issue 16): list_order gains a
-- kind per publication type, 'publication/T', which 018.sql's move keeps
-- in its chunks as it keeps every kind.
--
-- A group is listed under type T when one of its published versions is
-- of T, at the earliest date among those (018.sql's YYYYMMDD, 0 for
-- none), ties by group_id, the higher first; the list shows the group's
-- version of T that its reader would see (src/store/publication.c).

-- Each published publication's type and place; a group's place in type
-- T's order is the least of its versions of T. entries_group: a group's
-- rows, not every publication of the type (entries_category).
CREATE VIEW list_type_at (category, group_id, at) AS
	SELECT category, group_id, CAST(substr(pub_date, 1, 4) ||
	    substr(pub_date, 6, 2) || substr(pub_date, 9, 2) AS INTEGER)
	FROM entries INDEXED BY entries_group
	WHERE kind = 'publication' AND +status = 'published';

-- A type's order starts the first time a group is listed under it: its
-- size and its first chunk and super, from the least key, as 018.sql
-- gives every kind.
CREATE VIEW list_type_start (kind) AS SELECT NULL;
CREATE TRIGGER list_type_start_ii INSTEAD OF INSERT ON list_type_start
BEGIN
	INSERT OR IGNORE INTO list_order_size (kind, n) VALUES (NEW.kind, 0);
	INSERT OR IGNORE INTO list_chunk (kind, lo_at, lo_gid, n)
	    VALUES (NEW.kind, -9223372036854775808, -9223372036854775808, 0);
	INSERT OR IGNORE INTO list_super (kind, lo_at, lo_gid, n)
	    VALUES (NEW.kind, -9223372036854775808, -9223372036854775808, 0);
END;

CREATE TRIGGER list_type_ai AFTER INSERT ON entries
    WHEN NEW.kind = 'publication' AND NEW.status = 'published'
    AND NEW.group_id <> 0 AND NEW.category <> ''
BEGIN
	INSERT INTO list_type_start VALUES ('publication/' || NEW.category);
	INSERT INTO list_order_move SELECT 'publication/' || NEW.category,
	    NEW.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = NEW.group_id AND category = NEW.category);
END;
-- A change of type moves the group out of the old type's order (when no
-- other version keeps it there) and into the new one's.
CREATE TRIGGER list_type_au AFTER UPDATE OF status, pub_date, group_id,
    kind, category ON entries
    WHEN (OLD.kind = 'publication' OR NEW.kind = 'publication')
    AND (OLD.status = 'published' OR NEW.status = 'published')
BEGIN
	INSERT INTO list_order_move SELECT 'publication/' || OLD.category,
	    OLD.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = OLD.group_id AND category = OLD.category)
	    WHERE OLD.kind = 'publication' AND OLD.category <> ''
	    AND OLD.group_id <> 0 AND (OLD.group_id <> NEW.group_id
	    OR OLD.category <> NEW.category OR NEW.kind <> OLD.kind);
	INSERT INTO list_type_start SELECT 'publication/' || NEW.category
	    WHERE NEW.kind = 'publication' AND NEW.category <> ''
	    AND NEW.group_id <> 0;
	INSERT INTO list_order_move SELECT 'publication/' || NEW.category,
	    NEW.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = NEW.group_id AND category = NEW.category)
	    WHERE NEW.kind = 'publication' AND NEW.category <> ''
	    AND NEW.group_id <> 0;
END;
CREATE TRIGGER list_type_ad AFTER DELETE ON entries
    WHEN OLD.kind = 'publication' AND OLD.status = 'published'
    AND OLD.group_id <> 0 AND OLD.category <> ''
BEGIN
	INSERT INTO list_order_move SELECT 'publication/' || OLD.category,
	    OLD.group_id, (SELECT min(at) FROM list_type_at
	    WHERE group_id = OLD.group_id AND category = OLD.category);
END;

-- The groups there are now, as 018.sql fills its kinds: chunks of 64,
-- supers of 64 chunks, each type its own first chunk from the least key.
INSERT INTO list_order (kind, group_id, at)
	SELECT 'publication/' || category, group_id, min(at)
	FROM list_type_at WHERE category <> '' AND group_id <> 0
	GROUP BY category, group_id;
INSERT INTO list_type_start
	SELECT DISTINCT kind FROM list_order WHERE kind LIKE 'publication/%';
UPDATE list_order_size SET n = (SELECT count(*) FROM list_order o
	WHERE o.kind = list_order_size.kind)
	WHERE kind LIKE 'publication/%';
UPDATE list_chunk SET n = min(64, (SELECT n FROM list_order_size s
	WHERE s.kind = list_chunk.kind))
	WHERE kind LIKE 'publication/%';
INSERT INTO list_chunk (kind, lo_at, lo_gid, n)
	SELECT kind, at, group_id, min(64, t - r) FROM (SELECT kind, at,
	    group_id, row_number() OVER w - 1 AS r,
	    count(*) OVER (PARTITION BY kind) AS t FROM list_order
	    WHERE kind LIKE 'publication/%'
	    WINDOW w AS (PARTITION BY kind ORDER BY at, group_id))
	WHERE r > 0 AND r % 64 = 0;
DELETE FROM list_super WHERE kind LIKE 'publication/%';
INSERT INTO list_super (kind, lo_at, lo_gid, n)
	SELECT kind, lo_at, lo_gid, m FROM (SELECT kind, lo_at, lo_gid,
	    row_number() OVER w - 1 AS r, sum(n) OVER (w ROWS BETWEEN
	    CURRENT ROW AND 63 FOLLOWING) AS m FROM list_chunk
	    WHERE kind LIKE 'publication/%'
	    WINDOW w AS (PARTITION BY kind ORDER BY lo_at, lo_gid))
	WHERE r % 64 = 0;

-- 015.sql: how many translation groups of each kind of entry a visitor
-- may see, without reading them all (the counts of /events, /projects
-- and /resources: entry_visible_groups in src/store/entry_sql.c).
-- entry_order holds each group with a published version, at its first
-- publication (at: the least published_at of its published versions, due
-- or not), as news_order does for releases (012.sql); entry_order_size
-- counts them by kind. The groups visible at a time are those with
-- at <= it: the size less the few scheduled later. Triggers keep both,
-- so every writer (admin, API, import, the sqlite3 shell) counts alike.

CREATE TABLE entry_order (
	group_id	INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX entry_order_at ON entry_order (kind, at);

CREATE TABLE entry_order_size (
	kind		TEXT PRIMARY KEY,
	n		INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;
INSERT INTO entry_order_size (kind, n)
	VALUES ('project', 0), ('event', 0), ('publication', 0);

-- Inserting (group_id, kind, at) here moves the group to at (NULL: out,
-- no version being published), as news_order_move does.
CREATE VIEW entry_order_move (group_id, kind, at) AS
	SELECT group_id, kind, at FROM entry_order;

CREATE TRIGGER entry_order_move_ii INSTEAD OF INSERT ON entry_order_move
BEGIN
	UPDATE entry_order_size SET n = n - 1 WHERE kind =
	    (SELECT kind FROM entry_order WHERE group_id = NEW.group_id);
	DELETE FROM entry_order WHERE group_id = NEW.group_id;
	INSERT INTO entry_order (group_id, kind, at)
	    SELECT NEW.group_id, NEW.kind, NEW.at WHERE NEW.at IS NOT NULL;
	UPDATE entry_order_size SET n = n + 1
	    WHERE kind = NEW.kind AND NEW.at IS NOT NULL;
END;

-- A group's first published version: entries_group finds its rows. A
-- row inserted with group_id 0 is moved to its own id by entries_group_ai,
-- and counted then.
CREATE TRIGGER entry_order_ai AFTER INSERT ON entries
    WHEN NEW.status = 'published' AND NEW.group_id <> 0
BEGIN
	INSERT INTO entry_order_move SELECT NEW.group_id, NEW.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = NEW.group_id AND +status = 'published');
END;
CREATE TRIGGER entry_order_au AFTER UPDATE OF status, published_at,
    group_id, kind ON entries
    WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
	INSERT INTO entry_order_move SELECT OLD.group_id, OLD.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = OLD.group_id AND +status = 'published')
	    WHERE OLD.group_id <> NEW.group_id AND OLD.group_id <> 0;
	INSERT INTO entry_order_move SELECT NEW.group_id, NEW.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = NEW.group_id AND +status = 'published')
	    WHERE NEW.group_id <> 0;
END;
CREATE TRIGGER entry_order_ad AFTER DELETE ON entries
    WHEN OLD.status = 'published' AND OLD.group_id <> 0
BEGIN
	INSERT INTO entry_order_move SELECT OLD.group_id, OLD.kind,
	    (SELECT min(published_at) FROM entries
	    WHERE group_id = OLD.group_id AND +status = 'published');
END;

-- The groups there are now.
INSERT INTO entry_order (group_id, kind, at)
	SELECT group_id, min(kind), min(published_at) FROM entries
	WHERE status = 'published' AND group_id <> 0 GROUP BY group_id;
UPDATE entry_order_size SET n = (SELECT count(*) FROM entry_order o
	WHERE o.kind = entry_order_size.kind);

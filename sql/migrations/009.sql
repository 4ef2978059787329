-- 009.sql: preview links, each sharing one draft for review with whoever
-- holds it. Only the hash of its token is kept (the token itself is shown
-- to the editor once); a link is alive until expires_at, while revoked_at
-- is NULL. Publishing an item revokes its links and deleting it deletes
-- them (src/store/content.c), in the same transaction.
CREATE TABLE preview_links (
	id		INTEGER PRIMARY KEY,
	token_hash	BLOB NOT NULL UNIQUE
			    CHECK (length(token_hash) = 32),
	kind		TEXT NOT NULL CHECK (kind IN ('news', 'page', 'project',
			    'event', 'publication')),
	item_id		INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL CHECK (expires_at > created_at),
	revoked_at	INTEGER,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	username	TEXT NOT NULL DEFAULT ''
);
CREATE INDEX preview_links_item ON preview_links (kind, item_id, id);

-- 010.sql: the review step before publishing ([workflow] review = on): an
-- editor given the reviewer role, and the queue of changes submitted for
-- review. Each submission points at the revision holding what was
-- submitted (every field of the version, as JSON).

-- 1: an editor who may publish and review others' changes (admins always
-- may, whatever this says).
ALTER TABLE users ADD COLUMN reviewer INTEGER NOT NULL DEFAULT 0
    CHECK (reviewer IN (0, 1));

-- AUTOINCREMENT: a submission replaced by a newer one never lends its id
-- to it, so a reviewer's page of the old one cannot publish the new.
CREATE TABLE submissions (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	kind		TEXT NOT NULL CHECK (kind IN ('news', 'page', 'project',
			    'event', 'publication')),
	item_id		INTEGER NOT NULL,
	-- What was submitted; the item's deletion takes its revisions, and
	-- its submissions with them.
	revision_id	INTEGER NOT NULL REFERENCES revisions (id)
			    ON DELETE CASCADE,
	-- The item's version the change was made on: publishing checks the
	-- item still has it.
	base_version	INTEGER NOT NULL,
	-- 1: a change to a published item, kept off the live row until a
	-- reviewer publishes it; 0: a draft submitted as it is saved.
	held		INTEGER NOT NULL CHECK (held IN (0, 1)),
	state		TEXT NOT NULL DEFAULT 'pending'
			    CHECK (state IN ('pending', 'returned', 'published')),
	submitted_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	submitter	TEXT NOT NULL DEFAULT '',
	submitted_at	INTEGER NOT NULL,
	reviewed_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	reviewer	TEXT NOT NULL DEFAULT '',
	reviewed_at	INTEGER,
	-- Why it was sent back; 2,000 characters, as the form allows.
	comment		TEXT NOT NULL DEFAULT ''
			    CHECK (length(comment) <= 2000)
);
CREATE INDEX submissions_state ON submissions (state, submitted_at);
CREATE INDEX submissions_item ON submissions (kind, item_id, id);
CREATE INDEX submissions_revision ON submissions (revision_id);

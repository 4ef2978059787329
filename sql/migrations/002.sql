-- 002.sql: the editors' side: accounts, sessions, the sign-in throttle,
-- revisions, the audit log, and publication at an exact time.

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE
			    CHECK (length(name) BETWEEN 1 AND 64),
	role		TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
	password_hash	TEXT NOT NULL,		-- argon2id, crypto_pwhash_str
	disabled	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL DEFAULT (unixepoch()),
	updated_at	INTEGER NOT NULL DEFAULT (unixepoch())
);

-- The cookie holds a random token; only its hash is kept here.
CREATE TABLE sessions (
	token_hash	BLOB PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL,
	flash		TEXT NOT NULL DEFAULT ''	-- one message for the next page
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, counted per account and per client address.
CREATE TABLE login_failures (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL,
	client		TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client, at);

-- Every save of a release or page keeps all its fields here (JSON).
CREATE TABLE revisions (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('news', 'page')),
	item_id		INTEGER NOT NULL,
	version		INTEGER NOT NULL,
	data		TEXT NOT NULL,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	username	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL
);
CREATE INDEX revisions_item ON revisions (kind, item_id, id);

CREATE TABLE audit_log (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL,
	username	TEXT NOT NULL DEFAULT '',
	action		TEXT NOT NULL,		-- sign-in, create, edit, publish ...
	detail		TEXT NOT NULL DEFAULT '',
	client		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- version: bumped by every save, so a save made from an older form is
-- refused rather than silently overwriting. pub_time: HH:MM in the site's
-- time zone; published_at holds pub_date and pub_time as Unix time.
ALTER TABLE news ADD COLUMN pub_time TEXT NOT NULL DEFAULT '00:00';
ALTER TABLE news ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE news ADD COLUMN updated_by INTEGER
    REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE pages ADD COLUMN pub_date TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN pub_time TEXT NOT NULL DEFAULT '00:00';
ALTER TABLE pages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pages ADD COLUMN updated_by INTEGER
    REFERENCES users (id) ON DELETE SET NULL;
UPDATE pages SET pub_date = date(coalesce(published_at, created_at),
    'unixepoch');

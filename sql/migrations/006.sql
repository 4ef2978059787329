-- 006.sql: a second factor per account (TOTP, RFC 6238), its recovery
-- codes, and the sign-ins whose password was right and that wait for a
-- code.

-- totp_secret: the shared key in base32 (NULL: none). It is set when
-- enrolment starts and takes effect only once a code confirms it
-- (totp_enabled). totp_last_step: the newest time step accepted, so that
-- no code is accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Ten single-use codes per account, stored hashed; a used one is deleted.
CREATE TABLE totp_recovery (
	user_id		INTEGER NOT NULL
			    REFERENCES users (id) ON DELETE CASCADE,
	code_hash	BLOB NOT NULL,
	PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- A sign-in past its password, bound to the browser's pre-session cookie
-- (the hash of its token), good for five minutes.
CREATE TABLE signin_pending (
	token_hash	BLOB PRIMARY KEY,
	user_id		INTEGER NOT NULL
			    REFERENCES users (id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX signin_pending_created ON signin_pending (created_at);

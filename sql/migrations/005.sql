-- 005.sql: sign-in that holds. Failed sign-ins are forgotten only when
-- older than the window (no row count a flood could push them out of),
-- and those made from a trusted device are counted per device; device
-- cookies and the secret that signs them; the audit log's per-minute
-- budget for the lines of requests without a session.

-- device: the devices row of an attempt that carried a valid device
-- cookie for its account (counted against that device only); NULL for an
-- anonymous attempt, counted per account and per client address (an IPv6
-- client by its /64).
ALTER TABLE login_failures ADD COLUMN device INTEGER;
DROP INDEX login_failures_user;
DROP INDEX login_failures_client;
CREATE INDEX login_failures_user ON login_failures (username, device, at);
CREATE INDEX login_failures_client ON login_failures (client, device, at);
CREATE INDEX login_failures_device ON login_failures (device, at)
    WHERE device IS NOT NULL;
CREATE INDEX login_failures_at ON login_failures (at);

-- A browser an account signed in from: its cookie holds a random nonce,
-- of which only the hash is kept, so that deleting the row revokes it.
CREATE TABLE devices (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL
			    REFERENCES users (id) ON DELETE CASCADE,
	nonce_hash	BLOB NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL,
	last_used	INTEGER NOT NULL
);
CREATE INDEX devices_user ON devices (user_id, last_used);

-- Server secrets, made by libsodium on first use: 'device_cookie' keys
-- the HMAC of device cookies.
CREATE TABLE secrets (
	name	TEXT PRIMARY KEY,
	value	BLOB NOT NULL
);

-- Audit lines asked for by requests without a session, per minute: past
-- a small budget they are counted in one summary line (summary_id).
CREATE TABLE audit_minutes (
	minute		INTEGER PRIMARY KEY,	-- Unix time / 60
	n		INTEGER NOT NULL,
	summary_id	INTEGER
);

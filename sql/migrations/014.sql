-- 014.sql: what the earliest coming change of projects and events is, read
-- on every page cache miss (store_state in src/store/site.c), found by a
-- seek rather than a walk over every event and project ever published: a
-- project's status changes the day after its end, an event leaves the
-- upcoming ones when it ends (at its start when it gives no end). Only
-- the ends from two days before now on can still be ahead.
CREATE INDEX entries_ends ON entries (kind, status, ends, starts);

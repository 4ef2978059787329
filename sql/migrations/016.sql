-- 016.sql: /resources read in an index's order (src/store/publication.c),
-- newest pub_date first, never sorting the archive to show a page (the
-- rowid, last in every index, breaks ties as the list does), and its
-- years found one seek each. /projects and /events walk entries_starts.
CREATE INDEX entries_pub_date ON entries (kind, status, pub_date,
    published_at);

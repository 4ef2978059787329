-- 023.sql: the editors' lists at 100,000 releases. A list shows its
-- items last edited first, and every page of it sorted all of them (a
-- third of a second at that size, with the server's threads held): each
-- table's rows in that order are now merged and walked no further than
-- the page (src/store/admin_lists.c). The title and the group ride
-- along, so that an editor's search of the titles and the "missing in"
-- filter read the index, not the rows with their bodies (a fiftieth of
-- the pages; the filter's last page 0.15 s to 0.05). A translation's
-- index serves the "outdated in" filter: the versions in a language with
-- a source, alone.
CREATE INDEX news_edited ON news (updated_at, id, title, group_id);
CREATE INDEX pages_edited ON pages (updated_at, id, title, group_id);
CREATE INDEX entries_edited ON entries (updated_at, id, title, group_id);
CREATE INDEX news_translated ON news (lang, source_id, source_rev)
    WHERE source_id IS NOT NULL;
CREATE INDEX pages_translated ON pages (lang, source_id, source_rev)
    WHERE source_id IS NOT NULL;
CREATE INDEX entries_translated ON entries (lang, source_id, source_rev)
    WHERE source_id IS NOT NULL;
-- A media item's delete checks that no item shows it as its lead image
-- (the foreign keys): without an index, a read of every row of the three
-- tables (0.1 s at 100,000 releases).
CREATE INDEX news_lead ON news (lead_media) WHERE lead_media IS NOT NULL;
CREATE INDEX pages_lead ON pages (lead_media) WHERE lead_media IS NOT NULL;
CREATE INDEX entries_lead ON entries (lead_media)
    WHERE lead_media IS NOT NULL;

-- 022.sql: search_index's rowids in publication order. A search reads the
-- newest matches (src/store/search.c walks rowids down), and a rowid was
-- the item's id: creation order, so that after an import whose ids do not
-- follow the dates, a common word found old releases and not the latest.
-- A rowid is now the item's day above its id and kind
-- (src/store/search.h, search_rowid); as the day moves with an edit,
-- search_rows keeps each item's rowid, for the sync to take the old row
-- out of the index.
CREATE TABLE search_rows (
	kind		INTEGER NOT NULL,	-- the kind's number (search.h)
	item_id		INTEGER NOT NULL,
	rid		INTEGER NOT NULL,	-- its rowid in search_index
	PRIMARY KEY (kind, item_id)
) WITHOUT ROWID;

-- Rebuilt from the content at the end of `db migrate` (search_build).
UPDATE search_state SET tokenizer = 0;

-- 007.sql: full-text search. One row per published release or page (drafts
-- are never here; a scheduled one is, and is kept out at query time until it
-- falls due). The store keeps it, in the transaction of each write, rather
-- than triggers: the 'waypoint' tokenizer exists only inside waypoint, so
-- the sqlite3 shell, which the tests use to edit content, could not run a
-- trigger that writes here.

-- rowid: item_id * 8 + the kind's number (news 0, page 1; later kinds 2..7).
-- Every text value starts with "\x1F<lang>\x1F", the language its words
-- are stemmed in (src/store/search_tokenizer.c). facets: "k<kind> y<year of
-- pub_date>", so that the kind and year filters are index lookups rather
-- than a walk through every match; visitors' words are matched in the four
-- text columns only.
CREATE VIRTUAL TABLE search_index USING fts5 (
	title, summary, body, dateline, facets,
	kind UNINDEXED, item_id UNINDEXED, lang UNINDEXED,
	tokenize = 'waypoint'
);

-- One row: the tokenizer version the index was built with. A waypoint whose
-- tokenizer splits or stems differently rebuilds the index at `db migrate`;
-- 0: never built (the rows come from the store, after this file runs).
CREATE TABLE search_state (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	tokenizer	INTEGER NOT NULL
);
INSERT INTO search_state VALUES (1, 0);

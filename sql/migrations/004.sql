-- 004.sql: translation groups. Each language version of a page or release
-- is its own row; the rows of one group are versions of one text. A menu
-- item is one node of the one menu tree, with its label and description per
-- language in menu_texts. An editor's interface language is on the account.

-- group_id: the id of the group's first row (0 on insert: the row starts a
-- group of its own, see the triggers below). text_rev: bumped whenever the
-- title or the body changes. source_id: the version this row was translated
-- from; source_rev: that version's text_rev when this row was last saved or
-- confirmed, so that the row is outdated while the source's text_rev is
-- greater.
ALTER TABLE pages ADD COLUMN group_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN text_rev INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pages ADD COLUMN source_id INTEGER
    REFERENCES pages (id) ON DELETE SET NULL;
ALTER TABLE pages ADD COLUMN source_rev INTEGER NOT NULL DEFAULT 0;
UPDATE pages SET group_id = id;
CREATE UNIQUE INDEX pages_group ON pages (group_id, lang);

ALTER TABLE news ADD COLUMN group_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE news ADD COLUMN text_rev INTEGER NOT NULL DEFAULT 1;
ALTER TABLE news ADD COLUMN source_id INTEGER
    REFERENCES news (id) ON DELETE SET NULL;
ALTER TABLE news ADD COLUMN source_rev INTEGER NOT NULL DEFAULT 0;
UPDATE news SET group_id = id;
CREATE UNIQUE INDEX news_group ON news (group_id, lang);
-- Lists show one version per group in published order, whatever the
-- language: this index walks them in that order.
CREATE INDEX news_published ON news (status, published_at DESC, id DESC);

CREATE TRIGGER pages_group_ai AFTER INSERT ON pages WHEN NEW.group_id = 0
BEGIN
	UPDATE pages SET group_id = NEW.id WHERE id = NEW.id;
END;
CREATE TRIGGER news_group_ai AFTER INSERT ON news WHEN NEW.group_id = 0
BEGIN
	UPDATE news SET group_id = NEW.id WHERE id = NEW.id;
END;
CREATE TRIGGER pages_text_au AFTER UPDATE OF title, body_md ON pages
    WHEN OLD.title IS NOT NEW.title OR OLD.body_md IS NOT NEW.body_md
BEGIN
	UPDATE pages SET text_rev = OLD.text_rev + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER news_text_au AFTER UPDATE OF title, body_md ON news
    WHEN OLD.title IS NOT NEW.title OR OLD.body_md IS NOT NEW.body_md
BEGIN
	UPDATE news SET text_rev = OLD.text_rev + 1 WHERE id = NEW.id;
END;

-- The label and description of a menu item in the languages other than its
-- own (menu_items.lang holds the language of the row's own label).
CREATE TABLE menu_texts (
	item_id		INTEGER NOT NULL
			    REFERENCES menu_items (id) ON DELETE CASCADE,
	lang		TEXT NOT NULL,
	label		TEXT NOT NULL CHECK (length(label) > 0),
	description	TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (item_id, lang)
);
CREATE TRIGGER menu_texts_ai AFTER INSERT ON menu_texts BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch(); END;
CREATE TRIGGER menu_texts_au AFTER UPDATE ON menu_texts BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch(); END;
CREATE TRIGGER menu_texts_ad AFTER DELETE ON menu_texts BEGIN
	UPDATE site_state SET generation = generation + 1,
	    changed_at = unixepoch(); END;

-- NULL: the site's default language.
ALTER TABLE users ADD COLUMN lang TEXT;

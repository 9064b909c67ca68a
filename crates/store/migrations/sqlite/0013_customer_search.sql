-- Customer search (crates/store/src/search): one row per customer, written by the store in
-- Rust on every write path (create, update, import, erasure) and backfilled by the data step
-- `0013-customer-search`. `doc` is the normalised, word-marked text of name, e-mail, phone,
-- external reference and tags; `name_key` the folded name (prefix lookups and order); the
-- `*_key` columns exact-match keys. `rid` is an explicit INTEGER PRIMARY KEY so VACUUM cannot
-- renumber the rows the FTS index points at.
CREATE TABLE customer_search (
    rid INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL UNIQUE REFERENCES customers(id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    name_key TEXT NOT NULL,
    email_key TEXT,
    phone_key TEXT,
    ref_key TEXT
);
CREATE INDEX customer_search_name ON customer_search(name_key);
CREATE INDEX customer_search_email ON customer_search(email_key);
CREATE INDEX customer_search_phone ON customer_search(phone_key);
CREATE INDEX customer_search_ref ON customer_search(ref_key);

-- Substring index: FTS5 with the trigram tokenizer over `doc` (external content: the text
-- lives once, in customer_search). The store folds case and accents itself, the same way on
-- both engines, so the tokenizer keeps the text as it is (case_sensitive 1). detail=none
-- keeps no positions (a third of the size, half the build time at 1,000,000 customers):
-- searches are `GLOB '*…*'`, which FTS5 answers from the trigrams and SQLite then checks
-- against the document itself.
CREATE VIRTUAL TABLE customer_search_fts USING fts5(
    doc,
    content = 'customer_search',
    content_rowid = 'rid',
    tokenize = 'trigram case_sensitive 1',
    detail = 'none'
);

CREATE TRIGGER customer_search_ai AFTER INSERT ON customer_search BEGIN
    INSERT INTO customer_search_fts (rowid, doc) VALUES (new.rid, new.doc);
END;
CREATE TRIGGER customer_search_ad AFTER DELETE ON customer_search BEGIN
    INSERT INTO customer_search_fts (customer_search_fts, rowid, doc) VALUES ('delete', old.rid, old.doc);
END;
CREATE TRIGGER customer_search_au AFTER UPDATE ON customer_search BEGIN
    INSERT INTO customer_search_fts (customer_search_fts, rowid, doc) VALUES ('delete', old.rid, old.doc);
    INSERT INTO customer_search_fts (rowid, doc) VALUES (new.rid, new.doc);
END;

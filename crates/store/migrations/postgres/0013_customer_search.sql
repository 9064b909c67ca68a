-- Customer search (crates/store/src/search): one row per customer, written by the store in
-- Rust on every write path (create, update, import, erasure) and backfilled by the data step
-- `0013-customer-search`. `doc` is the normalised, word-marked text of name, e-mail, phone,
-- external reference and tags; `name_key` the folded name (prefix range scans and order, in
-- code-point order like SQLite: COLLATE "C"); the `*_key` columns exact-match keys.
--
-- The substring index needs the pg_trgm extension (shipped with PostgreSQL; "trusted" since
-- PostgreSQL 13, so a role with CREATE on the database may enable it). If this role may not,
-- the migration stops and says what a database administrator must run.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION
    -- Another server migrating at the same moment created it.
    WHEN unique_violation OR duplicate_object THEN NULL;
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'Carewell customer search needs the PostgreSQL extension pg_trgm, and this database role may not create it. A database administrator must run, connected to this database: CREATE EXTENSION IF NOT EXISTS pg_trgm;  then start Carewell again.';
    WHEN undefined_file THEN
        RAISE EXCEPTION 'Carewell customer search needs the PostgreSQL extension pg_trgm, which is not installed on this server. Install the PostgreSQL contrib modules (Debian: postgresql-contrib), then a database administrator must run, connected to this database: CREATE EXTENSION IF NOT EXISTS pg_trgm;';
END
$$;

CREATE TABLE customer_search (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    email_key TEXT,
    phone_key TEXT,
    ref_key TEXT
);
CREATE INDEX customer_search_name ON customer_search(name_key);
CREATE INDEX customer_search_email ON customer_search(email_key);
CREATE INDEX customer_search_phone ON customer_search(phone_key);
CREATE INDEX customer_search_ref ON customer_search(ref_key);

-- The trigram GIN index, naming the operator class in whichever schema holds the extension
-- (it need not be on this role's search_path).
DO $$
DECLARE
    nsp TEXT;
BEGIN
    SELECT extnamespace::regnamespace::text INTO nsp FROM pg_extension WHERE extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX customer_search_doc ON customer_search USING gin (doc %s.gin_trgm_ops)', nsp);
END
$$;

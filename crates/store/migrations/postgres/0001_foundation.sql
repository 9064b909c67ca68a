-- Foundation schema. Ids are UUIDv7 text, timestamps fixed-width RFC 3339 UTC text,
-- Flags are BIGINT 0/1 on both engines: one decoding path through the Any driver.
-- money integer minor units + ISO 4217 currency, JSON as text.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    external_ref TEXT UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    language TEXT NOT NULL,
    country TEXT,
    timezone TEXT,
    segment TEXT,
    stage TEXT NOT NULL,
    owner_id TEXT REFERENCES users(id),
    attributes TEXT NOT NULL DEFAULT '{}',
    consent TEXT NOT NULL DEFAULT '{}',
    birthday TEXT,
    anniversary TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_segment ON customers(segment);
CREATE INDEX customers_stage ON customers(stage);

CREATE TABLE customer_tags (
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
);
CREATE INDEX customer_tags_tag ON customer_tags(tag);

CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT,
    email TEXT,
    phone TEXT,
    is_primary BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id);

CREATE TABLE transactions (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    external_ref TEXT UNIQUE,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    description TEXT
);
CREATE INDEX transactions_customer ON transactions(customer_id, occurred_at);

CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    external_ref TEXT UNIQUE,
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    value_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    renewal TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX contracts_customer ON contracts(customer_id);

CREATE TABLE usage_events (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    quantity DOUBLE PRECISION NOT NULL DEFAULT 1,
    occurred_at TEXT NOT NULL
);
CREATE INDEX usage_customer ON usage_events(customer_id, occurred_at);

CREATE TABLE interactions (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    external_ref TEXT UNIQUE,
    kind TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    user_id TEXT REFERENCES users(id),
    summary TEXT NOT NULL,
    sentiment TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- The audit log is append-only: the database refuses edits and deletions.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_append_only();

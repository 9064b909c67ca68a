-- Customer-facing links are stored only as SHA-256 hashes: staff who can read a complaint or
-- a message cannot act as the customer. The raw tokens already stored are hashed by the data
-- step `0010-hash-customer-links` (Rust, crates/store/src/data_steps.rs) right after this.
ALTER TABLE complaints RENAME COLUMN satisfaction_token TO satisfaction_hash;
ALTER TABLE complaint_links RENAME COLUMN token TO token_hash;

-- A message's customer link lives beside its arguments, never in them: the sender merges it
-- in as `link`, staff reads never select it, and it is cleared once the message is sent, dead
-- or dropped. `link_kind` + `link_subject` let a retry mint a fresh link.
ALTER TABLE outbox ADD COLUMN secret_link TEXT;
ALTER TABLE outbox ADD COLUMN link_kind TEXT;
ALTER TABLE outbox ADD COLUMN link_subject TEXT;

-- Data migrations done in Rust, each exactly once (also with several app servers).
CREATE TABLE data_steps (
    name TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);

-- API requests made with an `Idempotency-Key` header: a repeat of the same request (same
-- user, key, method, path and body) gets the first answer again instead of acting twice.
-- `status` is NULL while the first request is being handled. Kept for a day.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT,
    content_type TEXT,
    body TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
